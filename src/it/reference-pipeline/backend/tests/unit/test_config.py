import pytest

from app.config import RedisAddress, Settings, parse_redis_url


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("redis://redis", RedisAddress("redis", 6379, 0, None)),
        ("redis://127.0.0.1:6380/2", RedisAddress("127.0.0.1", 6380, 2, None)),
        ("redis://:p%40ss@cache:7000/0", RedisAddress("cache", 7000, 0, "p@ss")),
    ],
)
def test_parse_redis_url(url: str, expected: RedisAddress) -> None:
    assert parse_redis_url(url) == expected


@pytest.mark.parametrize(
    ("url", "message"),
    [("http://redis", "redis://"), ("redis://", "no host"), ("redis://redis/x", "database must be a number")],
)
def test_bad_redis_url_names_the_problem(url: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_redis_url(url)


def test_settings_defaults_stay_on_loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("REDIS_URL", "BIND_HOST", "PORT", "APP_ENV", "NOTES_TTL_SECONDS", "LOG_LEVEL"):
        monkeypatch.delenv(name, raising=False)
    settings = Settings.from_env()
    assert settings.bind_host == "127.0.0.1"
    assert settings.port == 8443
    assert settings.notes_ttl_seconds == 0
    assert settings.environment == "dev"


def test_settings_from_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REDIS_URL", "redis://redis:6379/1")
    monkeypatch.setenv("PORT", "9443")
    monkeypatch.setenv("NOTES_TTL_SECONDS", "600")
    monkeypatch.setenv("APP_ENV", "ci")
    settings = Settings.from_env()
    assert (settings.redis.host, settings.redis.db, settings.port) == ("redis", 1, 9443)
    assert (settings.notes_ttl_seconds, settings.environment) == (600, "ci")


@pytest.mark.parametrize(("name", "value"), [("PORT", "http"), ("PORT", "70000"), ("NOTES_TTL_SECONDS", "-1")])
def test_bad_integer_settings_name_the_variable(monkeypatch: pytest.MonkeyPatch, name: str, value: str) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ValueError, match=name):
        Settings.from_env()
