import pytest

from app.notes import (
    Note,
    ValidationError,
    check_id,
    check_prefix,
    decode_note,
    encode_note,
    etag,
    parse_increment_body,
    parse_note_body,
)


@pytest.mark.parametrize("value", ["welcome", "ci.42.gw0.note-1", "A_b", "x" * 128])
def test_valid_ids(value: str) -> None:
    assert check_id(value) == value


@pytest.mark.parametrize("value", ["", ".hidden", "a/b", "a b", "a*", "x" * 129, "ü"])
def test_invalid_ids(value: str) -> None:
    with pytest.raises(ValidationError, match="id must match"):
        check_id(value)


def test_prefix_rejects_glob_characters() -> None:
    assert check_prefix("") == ""
    with pytest.raises(ValidationError, match="prefix"):
        check_prefix("ci.*")


def test_note_body_rules() -> None:
    assert parse_note_body({"text": "hi"}) == "hi"
    cases: list[tuple[object, str]] = [
        (None, "JSON object"),
        ([], "JSON object"),
        ({}, "text must be a non-empty string"),
        ({"text": "  "}, "text must be a non-empty string"),
        ({"text": 3}, "text must be a non-empty string"),
        ({"text": "x" * 10_001}, "at most 10000"),
        ({"text": "a", "colour": "red"}, "unknown field"),
    ]
    for body, message in cases:
        with pytest.raises(ValidationError, match=message):
            parse_note_body(body)


def test_increment_body_rules() -> None:
    assert parse_increment_body(None) == 1
    assert parse_increment_body({}) == 1
    assert parse_increment_body({"by": 5}) == 5
    for body in [{"by": 0}, {"by": 1001}, {"by": True}, {"by": "2"}, [1]]:
        with pytest.raises(ValidationError):
            parse_increment_body(body)


def test_note_round_trip() -> None:
    note = Note("a", "text ✓", "2026-01-01T00:00:00+00:00")
    assert decode_note("a", encode_note(note)) == note


def test_decode_rejects_foreign_values() -> None:
    with pytest.raises(ValueError, match="not a note"):
        decode_note("a", b"[1, 2]")


def test_etag_is_keyed_and_stable() -> None:
    import hashlib

    assert etag(b"x") == etag(b"x")
    assert etag(b"x") != etag(b"y")
    # Keyed: not the plain hash of the stored bytes.
    assert etag(b"x").strip('"') != hashlib.sha256(b"x").hexdigest()[:20]
