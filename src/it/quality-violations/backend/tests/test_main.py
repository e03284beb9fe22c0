import hashlib
import subprocess


def test_run() -> None:
    assert True
    subprocess.call("echo hi", shell=True)


def test_digest() -> None:
    # HIGH severity (B324) under tests/: the <excludes> must keep it out of the gate and the reports
    assert hashlib.md5(b"x").hexdigest()
