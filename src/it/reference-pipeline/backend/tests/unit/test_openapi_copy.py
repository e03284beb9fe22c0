"""docs/reference/openapi.json is the spec the docs publish; it must match the code (servers aside,
the docs step adds those). Regenerate with: python3 -m app.openapi > ../docs/reference/openapi.json"""

import json
from pathlib import Path

from app.openapi import SPEC

DOCS_COPY = Path(__file__).resolve().parents[3] / "docs" / "reference" / "openapi.json"


def test_docs_copy_matches_the_code() -> None:
    published = json.loads(DOCS_COPY.read_text(encoding="utf-8"))
    published.pop("servers", None)
    assert published == SPEC, f"{DOCS_COPY} is stale: python3 -m app.openapi > {DOCS_COPY}"
