"""One-shot init job: waits for Redis, seeds the welcome note and the seed marker, then exits 0.

Environment: REDIS_URL, SECRET_KEY, SEED_NOTE_TEXT, SEED_DEMO_DATA ("1" adds demo notes),
SEED_EXPIRE_SECONDS (0 = keep), SEED_WAIT_SECONDS (how long to wait for Redis, default 30).
"""

from __future__ import annotations

import json
import logging
import os
import sys
import time

from app.config import parse_redis_url
from app.notes import NOTE_KEY, SEED_KEY, Note, encode_note
from app.resp import RedisClient, RedisUnavailable

log = logging.getLogger("seed")

DEMO = {
    "demo.shopping": "milk, eggs, coffee",
    "demo.todo": "write the release notes",
}


def wait_for(redis: RedisClient, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            if redis.ping():
                return
        except RedisUnavailable as exc:
            if time.monotonic() >= deadline:
                raise RedisUnavailable(f"redis not ready after {seconds:.0f}s: {exc}")
        time.sleep(0.5)


def seed(redis: RedisClient, env: dict[str, str]) -> list[str]:
    expire = int(env.get("SEED_EXPIRE_SECONDS", "0") or "0")
    notes = {"welcome": env.get("SEED_NOTE_TEXT", "Welcome to the notes service.")}
    if env.get("SEED_DEMO_DATA") == "1":
        notes.update(DEMO)
    stamp = time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime())
    for note_id, text in notes.items():
        redis.set(NOTE_KEY + note_id, encode_note(Note(note_id, text, stamp)), expire)
    marker = {"notes": sorted(notes), "at": stamp, "expireSeconds": expire}
    redis.set(SEED_KEY, json.dumps(marker).encode(), expire)
    return sorted(notes)


def main() -> int:
    logging.basicConfig(level="INFO", format="%(asctime)s %(levelname)s %(name)s %(message)s")
    address = parse_redis_url(os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"))
    redis = RedisClient(address)
    try:
        wait_for(redis, float(os.environ.get("SEED_WAIT_SECONDS", "30")))
        seeded = seed(redis, dict(os.environ))
    except RedisUnavailable as exc:
        log.error("%s", exc)
        return 1
    finally:
        redis.close()
    log.info("seeded %s", ", ".join(seeded))
    return 0


if __name__ == "__main__":
    sys.exit(main())
