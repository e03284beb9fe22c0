"""Settings read from the environment.

``SECRET_KEY`` is read at import time, like the reference service does: importing the app without it
fails at once with a message that names the variable.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit


def _require(name: str) -> str:
    value = os.environ.get(name, "")
    if not value:
        raise RuntimeError(f"environment variable {name} is not set: set it (any non-empty value in development)")
    return value


SECRET_KEY: str = _require("SECRET_KEY")


@dataclass(frozen=True)
class RedisAddress:
    host: str
    port: int = 6379
    db: int = 0
    password: str | None = None


def parse_redis_url(url: str) -> RedisAddress:
    """Parse ``redis://[:password@]host[:port][/db]``."""
    parts = urlsplit(url)
    if parts.scheme != "redis":
        raise ValueError(f"REDIS_URL must start with redis:// (got {url!r})")
    if not parts.hostname:
        raise ValueError(f"REDIS_URL has no host (got {url!r})")
    db_text = parts.path.lstrip("/")
    if db_text and not db_text.isdigit():
        raise ValueError(f"REDIS_URL database must be a number (got {db_text!r})")
    password = unquote(parts.password) if parts.password else None
    return RedisAddress(parts.hostname, parts.port or 6379, int(db_text or "0"), password)


def _int_env(name: str, default: int, minimum: int, maximum: int) -> int:
    raw = os.environ.get(name, "")
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ValueError(f"{name} must be an integer (got {raw!r})")
    if not minimum <= value <= maximum:
        raise ValueError(f"{name} must be between {minimum} and {maximum} (got {value})")
    return value


@dataclass(frozen=True)
class Settings:
    redis: RedisAddress
    bind_host: str
    port: int
    tls_cert_file: str
    tls_key_file: str
    environment: str
    log_level: str
    notes_ttl_seconds: int

    @staticmethod
    def from_env() -> Settings:
        return Settings(
            redis=parse_redis_url(os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")),
            # Containers set BIND_HOST (see Dockerfile); outside one the service stays on loopback.
            bind_host=os.environ.get("BIND_HOST", "127.0.0.1"),
            port=_int_env("PORT", 8443, 1, 65535),
            tls_cert_file=os.environ.get("TLS_CERT_FILE", "/srv/tls/cert.pem"),
            tls_key_file=os.environ.get("TLS_KEY_FILE", "/srv/tls/key.pem"),
            environment=os.environ.get("APP_ENV", "dev"),
            log_level=os.environ.get("LOG_LEVEL", "info").upper(),
            notes_ttl_seconds=_int_env("NOTES_TTL_SECONDS", 0, 0, 31_536_000),
        )
