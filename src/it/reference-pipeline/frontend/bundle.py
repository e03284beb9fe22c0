"""Builder step of the frontend image: copies src/ to dist/, giving every script and stylesheet a
content-hashed name (assets/app.<hash>.js) so browsers can cache them forever, rewrites the
references in the HTML and writes dist/manifest.json. Standard library only.

usage: python3 bundle.py SRC_DIR DIST_DIR
"""

import hashlib
import json
import re
import shutil
import sys
from pathlib import Path

HASHED = {".js", ".css"}


def strip_comments(path: Path, text: str) -> str:
    """A tiny minifier: drops whole-line comments and blank lines."""
    prefix = "//" if path.suffix == ".js" else "/*"
    lines = [line.rstrip() for line in text.splitlines()]
    return "\n".join(line for line in lines if line.strip() and not line.lstrip().startswith(prefix)) + "\n"


def bundle(src: Path, dist: Path) -> dict[str, str]:
    if dist.exists():
        shutil.rmtree(dist)
    (dist / "assets").mkdir(parents=True)
    manifest: dict[str, str] = {}
    for path in sorted(src.rglob("*")):
        if path.is_file() and path.suffix in HASHED:
            data = strip_comments(path, path.read_text(encoding="utf-8")).encode()
            digest = hashlib.sha256(data).hexdigest()[:12]
            name = f"assets/{path.stem}.{digest}{path.suffix}"
            (dist / name).write_bytes(data)
            manifest[path.relative_to(src).as_posix()] = name
    for path in sorted(src.rglob("*.html")):
        html = path.read_text(encoding="utf-8")
        for original, hashed in manifest.items():
            html = re.sub(rf'(src|href)="{re.escape(original)}"', rf'\1="/{hashed}"', html)
        target = dist / path.relative_to(src)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, encoding="utf-8")
    (dist / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return manifest


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    manifest = bundle(Path(argv[1]), Path(argv[2]))
    for original, hashed in manifest.items():
        print(f"{original} -> {hashed}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
