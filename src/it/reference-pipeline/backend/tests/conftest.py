"""Shared test setup: app.config reads SECRET_KEY at import time, so give tests a value of their own."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret")
