"""Notes and counters kept in Redis, plus the input rules the HTTP layer enforces."""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from app.config import SECRET_KEY
from app.resp import RedisClient

ID_PATTERN = r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}"
_ID_RE = re.compile(ID_PATTERN)
MAX_TEXT = 10_000
MAX_LIST = 1_000
NOTE_KEY = "notes:"
COUNTER_KEY = "counters:"
SEED_KEY = "meta:seed"


class ValidationError(ValueError):
    """A request carried invalid input; the message names the field."""


@dataclass(frozen=True)
class Note:
    id: str
    text: str
    updated: str

    def to_json(self) -> dict[str, str]:
        return {"id": self.id, "text": self.text, "updated": self.updated}


def check_id(value: str, field: str = "id") -> str:
    if not _ID_RE.fullmatch(value):
        raise ValidationError(f"{field} must match {ID_PATTERN} (got {value[:40]!r})")
    return value


def check_prefix(value: str) -> str:
    if value and not re.fullmatch(r"[A-Za-z0-9._-]{1,128}", value):
        raise ValidationError("prefix may only contain letters, digits, '.', '_' and '-' (at most 128)")
    return value


def parse_note_body(body: Any) -> str:
    if not isinstance(body, dict):
        raise ValidationError('body must be a JSON object like {"text": "..."}')
    text = body.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ValidationError("text must be a non-empty string")
    if len(text) > MAX_TEXT:
        raise ValidationError(f"text must be at most {MAX_TEXT} characters (got {len(text)})")
    unknown = sorted(set(body) - {"text"})
    if unknown:
        raise ValidationError(f"unknown field(s): {', '.join(unknown)}")
    return text


def parse_increment_body(body: Any) -> int:
    if body is None:
        return 1
    if not isinstance(body, dict):
        raise ValidationError('body must be a JSON object like {"by": 1}')
    by = body.get("by", 1)
    if isinstance(by, bool) or not isinstance(by, int) or not 1 <= by <= 1000:
        raise ValidationError("by must be an integer from 1 to 1000")
    return by


def etag(payload: bytes) -> str:
    """Keyed ETag: the stored bytes' HMAC, so tags cannot be linked across deployments."""
    digest = hmac.new(SECRET_KEY.encode(), payload, hashlib.sha256).hexdigest()[:20]
    return f'"{digest}"'


def encode_note(note: Note) -> bytes:
    return json.dumps({"text": note.text, "updated": note.updated}, separators=(",", ":")).encode()


def decode_note(note_id: str, raw: bytes) -> Note:
    data = json.loads(raw)
    if not isinstance(data, dict) or not isinstance(data.get("text"), str):
        raise ValueError(f"stored note {note_id!r} is not a note")
    return Note(note_id, data["text"], str(data.get("updated", "")))


class NoteStore:
    def __init__(self, redis: RedisClient, ttl_seconds: int = 0) -> None:
        self.redis = redis
        self.ttl_seconds = ttl_seconds

    def get(self, note_id: str) -> tuple[Note, str] | None:
        raw = self.redis.get(NOTE_KEY + note_id)
        if raw is None:
            return None
        return decode_note(note_id, raw), etag(raw)

    def put(self, note_id: str, text: str) -> tuple[Note, str, bool]:
        note = Note(note_id, text, datetime.now(UTC).isoformat(timespec="seconds"))
        raw = encode_note(note)
        previous = self.redis.set(NOTE_KEY + note_id, raw, self.ttl_seconds)
        return note, etag(raw), previous is None

    def delete(self, note_id: str) -> bool:
        return self.redis.delete(NOTE_KEY + note_id)

    def list(self, prefix: str) -> list[Note]:
        ids = sorted(key.decode()[len(NOTE_KEY) :] for key in self.redis.scan_iter(f"{NOTE_KEY}{prefix}*"))
        notes: list[Note] = []
        for note_id in ids[:MAX_LIST]:
            found = self.get(note_id)
            if found is not None:
                notes.append(found[0])
        return notes

    def increment(self, name: str, by: int) -> int:
        return self.redis.incr_by(COUNTER_KEY + name, by)

    def seed_info(self) -> dict[str, Any] | None:
        raw = self.redis.get(SEED_KEY)
        if raw is None:
            return None
        info = json.loads(raw)
        return info if isinstance(info, dict) else None
