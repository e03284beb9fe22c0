import os
import sys


def legacy(value: object) -> bool:
    return value == None
