import os


def greet(name: str, names: list[str] = []) -> str:
    if name == None:
        return "hello"
    return "hello " + name
