import io

import pytest

from app.resp import ProtocolError, RedisError, RedisUnavailable, encode_command, read_reply


def reply(data: bytes) -> object:
    return read_reply(io.BytesIO(data))


def test_encode_command_uses_bulk_strings_for_every_argument() -> None:
    assert encode_command("SET", "k", b"v\r\n", 7) == b"*4\r\n$3\r\nSET\r\n$1\r\nk\r\n$3\r\nv\r\n\r\n$1\r\n7\r\n"


def test_encode_counts_utf8_bytes_not_characters() -> None:
    assert encode_command("é") == b"*1\r\n$2\r\n\xc3\xa9\r\n"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"+PONG\r\n", b"PONG"),
        (b":42\r\n", 42),
        (b":-3\r\n", -3),
        (b"$5\r\nhello\r\n", b"hello"),
        (b"$0\r\n\r\n", b""),
        (b"$-1\r\n", None),
        (b"*-1\r\n", None),
        (b"*2\r\n$1\r\na\r\n*1\r\n:1\r\n", [b"a", [1]]),
    ],
)
def test_read_reply_types(data: bytes, expected: object) -> None:
    assert reply(data) == expected


def test_bulk_string_may_contain_crlf() -> None:
    assert reply(b"$4\r\na\r\nb\r\n") == b"a\r\nb"


def test_error_reply_raises_with_the_server_message() -> None:
    with pytest.raises(RedisError, match="WRONGTYPE"):
        reply(b"-WRONGTYPE Operation against a key holding the wrong kind of value\r\n")


@pytest.mark.parametrize("data", [b"?x\r\n", b":abc\r\n", b"+no-crlf", b"$3\r\nabcXY"])
def test_malformed_input_is_a_protocol_error(data: bytes) -> None:
    with pytest.raises(ProtocolError):
        reply(data)


@pytest.mark.parametrize("data", [b"", b"$10\r\nshort\r\n"])
def test_closed_connection_is_unavailable(data: bytes) -> None:
    with pytest.raises(RedisUnavailable):
        reply(data)
