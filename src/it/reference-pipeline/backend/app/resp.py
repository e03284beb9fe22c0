"""A small Redis client speaking RESP2 over a plain socket (no third-party packages)."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from typing import BinaryIO

from app.config import RedisAddress

Reply = None | int | bytes | list["Reply"]


class RedisError(Exception):
    """The server answered with an error reply (``-ERR ...``)."""


class RedisUnavailable(Exception):
    """The server could not be reached or the connection broke."""


class ProtocolError(Exception):
    """The bytes on the wire are not valid RESP."""


def encode_command(*args: str | bytes | int) -> bytes:
    """Encode a command as a RESP array of bulk strings."""
    out = [b"*%d\r\n" % len(args)]
    for arg in args:
        if isinstance(arg, bytes):
            data = arg
        elif isinstance(arg, int):
            data = str(arg).encode()
        else:
            data = arg.encode("utf-8")
        out.append(b"$%d\r\n%s\r\n" % (len(data), data))
    return b"".join(out)


def _read_line(stream: BinaryIO) -> bytes:
    line = stream.readline(65_536)
    if not line:
        raise RedisUnavailable("connection closed by the server")
    if not line.endswith(b"\r\n"):
        raise ProtocolError(f"line not terminated by CRLF: {line[:40]!r}")
    return line[:-2]


def read_reply(stream: BinaryIO) -> Reply:
    """Read one reply; an error reply raises :class:`RedisError`."""
    line = _read_line(stream)
    if not line:
        raise ProtocolError("empty reply line")
    kind, rest = line[:1], line[1:]
    if kind == b"+":
        return rest
    if kind == b"-":
        raise RedisError(rest.decode("utf-8", "replace"))
    if kind == b":":
        return _parse_int(rest)
    if kind == b"$":
        length = _parse_int(rest)
        if length == -1:
            return None
        data = stream.read(length + 2)
        if len(data) != length + 2:
            raise RedisUnavailable("connection closed in the middle of a bulk string")
        if data[-2:] != b"\r\n":
            raise ProtocolError("bulk string not terminated by CRLF")
        return data[:-2]
    if kind == b"*":
        count = _parse_int(rest)
        if count == -1:
            return None
        return [read_reply(stream) for _ in range(count)]
    raise ProtocolError(f"unknown reply type {kind!r}")


def _parse_int(data: bytes) -> int:
    try:
        return int(data)
    except ValueError:
        raise ProtocolError(f"not an integer: {data[:40]!r}")


class _Connection:
    def __init__(self, address: RedisAddress, timeout: float) -> None:
        try:
            self.sock = socket.create_connection((address.host, address.port), timeout=timeout)
        except OSError as exc:
            raise RedisUnavailable(f"cannot connect to redis at {address.host}:{address.port}: {exc}")
        self.stream: BinaryIO = self.sock.makefile("rb")
        try:
            if address.password:
                self.call("AUTH", address.password)
            if address.db:
                self.call("SELECT", address.db)
        except BaseException:
            self.close()
            raise

    def call(self, *args: str | bytes | int) -> Reply:
        try:
            self.sock.sendall(encode_command(*args))
            return read_reply(self.stream)
        except OSError as exc:
            raise RedisUnavailable(f"redis connection failed: {exc}")

    def close(self) -> None:
        try:
            self.stream.close()
        finally:
            self.sock.close()


class RedisClient:
    """Thread-safe client with a small connection pool."""

    def __init__(self, address: RedisAddress, timeout: float = 2.0, pool_size: int = 8) -> None:
        self.address = address
        self.timeout = timeout
        self.pool_size = pool_size
        self._idle: list[_Connection] = []
        self._lock = threading.Lock()

    def execute(self, *args: str | bytes | int) -> Reply:
        conn = self._take()
        try:
            reply = conn.call(*args)
        except RedisError:
            self._give_back(conn)
            raise
        except BaseException:
            conn.close()
            raise
        self._give_back(conn)
        return reply

    def _take(self) -> _Connection:
        with self._lock:
            if self._idle:
                return self._idle.pop()
        return _Connection(self.address, self.timeout)

    def _give_back(self, conn: _Connection) -> None:
        with self._lock:
            if len(self._idle) < self.pool_size:
                self._idle.append(conn)
                return
        conn.close()

    def close(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, []
        for conn in idle:
            conn.close()

    # Typed helpers for the commands the service uses.

    def ping(self) -> bool:
        return self.execute("PING") == b"PONG"

    def get(self, key: str) -> bytes | None:
        return _bytes_or_none(self.execute("GET", key))

    def set(self, key: str, value: bytes, ttl_seconds: int = 0) -> bytes | None:
        """SET with GET: stores ``value`` and returns the previous value (None if the key was new)."""
        args: list[str | bytes | int] = ["SET", key, value]
        if ttl_seconds:
            args += ["EX", ttl_seconds]
        args.append("GET")
        return _bytes_or_none(self.execute(*args))

    def delete(self, key: str) -> bool:
        return self.execute("DEL", key) == 1

    def incr_by(self, key: str, amount: int) -> int:
        reply = self.execute("INCRBY", key, amount)
        if not isinstance(reply, int):
            raise ProtocolError(f"INCRBY returned {reply!r}")
        return reply

    def scan_iter(self, match: str, count: int = 200) -> Iterator[bytes]:
        cursor = b"0"
        while True:
            reply = self.execute("SCAN", cursor, "MATCH", match, "COUNT", count)
            if not (isinstance(reply, list) and len(reply) == 2 and isinstance(reply[0], bytes)):
                raise ProtocolError(f"SCAN returned {reply!r}")
            cursor, keys = reply[0], reply[1]
            if isinstance(keys, list):
                for key in keys:
                    if isinstance(key, bytes):
                        yield key
            if cursor == b"0":
                return


def _bytes_or_none(reply: Reply) -> bytes | None:
    if reply is None or isinstance(reply, bytes):
        return reply
    raise ProtocolError(f"expected a bulk string, got {reply!r}")
