#!/usr/bin/env python3
"""Generates a Python project of N modules (default 2000) under <out>/backend for the quality benchmark.

Most modules are clean and typed; every 10th has an unused import (ruff F401), every 25th a type error
(mypy return-value), every 20th an assert (bandit B101, LOW). Deterministic.
"""
import os
import sys

out = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
backend = os.path.join(out, "backend")
os.makedirs(os.path.join(backend, "app"), exist_ok=True)
with open(os.path.join(backend, "pyproject.toml"), "w") as f:
    f.write("""[project]
name = "bench"
version = "0.1.0"
requires-python = ">=3.11"

[tool.ruff]
line-length = 120
target-version = "py312"
exclude = ["tests"]

[tool.ruff.lint]
select = ["E", "F", "B", "I", "W"]
ignore = ["W293", "B904"]

[tool.mypy]
strict = true
disable_error_code = ["import-untyped", "import-not-found"]
""")
open(os.path.join(backend, "app", "__init__.py"), "w").close()
per_pkg = 50
for i in range(n):
    pkg = os.path.join(backend, "app", "pkg%03d" % (i // per_pkg))
    if i % per_pkg == 0:
        os.makedirs(pkg, exist_ok=True)
        open(os.path.join(pkg, "__init__.py"), "w").close()
    lines = []
    if i % 10 == 0:
        lines.append("import os")
        lines.append("")
    lines.append("from dataclasses import dataclass")
    lines.append("")
    lines.append("")
    lines.append("@dataclass")
    lines.append("class Item%d:" % i)
    lines.append("    name: str")
    lines.append("    count: int = 0")
    lines.append("")
    lines.append("    def total(self, factor: int) -> int:")
    lines.append("        return self.count * factor")
    lines.append("")
    lines.append("")
    lines.append("def make_%d(name: str, count: int) -> Item%d:" % (i, i))
    if i % 20 == 0:
        lines.append("    assert count >= 0")
    lines.append("    return Item%d(name=name, count=count)" % i)
    lines.append("")
    lines.append("")
    lines.append("def describe_%d(item: Item%d) -> str:" % (i, i))
    if i % 25 == 0:
        lines.append("    return item.count")
    else:
        lines.append("    return f\"{item.name}: {item.count}\"")
    with open(os.path.join(pkg, "mod%04d.py" % i), "w") as f:
        f.write("\n".join(lines) + "\n")
print(backend)
