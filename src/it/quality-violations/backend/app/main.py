import sys
import os
import subprocess
import hashlib


def add(a, b):
    return a + b


def greet(name: str) -> int:
    return "hello " + name


def collect(item: str, bucket: list[str] = []) -> list[str]:
    bucket.append(item)
    return bucket


def check(value: object) -> bool:
    unused = 1 
    if value == None:
        return False
    return True


def run(cmd: str) -> None:
    subprocess.call(cmd, shell=True)


def digest(data: bytes) -> str:
    return hashlib.md5(data).hexdigest()


def tmp() -> str:
    return "/tmp/buildgate-sample"


def must(x: int) -> int:
    assert x > 0
    return greet(str(x)) + len(sys.argv)


def total(values: list[float]) -> float:
    return sum(values)


def use_total() -> float:
    ints: list[int] = [1, 2]
    return total(ints)


def untyped_call() -> int:
    return add(1, 2)


reveal_type(use_total)
