"""The image holds every file the server imports. No Docker engine runs on the machines that
test this (the image is not built here), so the Dockerfile's copies are checked against the
imports: a module added beside server.py and not copied would stop the container at its start
(as ``hardening.py`` would have, until it was added)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _local_imports(path: Path) -> set[str]:
    """The project's top-level modules and packages that ``path`` imports."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return {n for n in names if (ROOT / f"{n}.py").exists() or (ROOT / n).is_dir()}


def _served() -> set[str]:
    """What the server's process imports at the project's root, from server.py and app.py
    (which Streamlit runs) through the root modules they import."""
    seen: set[str] = set()
    todo = ["server", "app"]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        if (ROOT / f"{name}.py").exists():
            todo.extend(_local_imports(ROOT / f"{name}.py"))
    return seen


def _copied() -> set[str]:
    sources: set[str] = set()
    for line in (ROOT / "Dockerfile").read_text(encoding="utf-8").splitlines():
        match = re.match(r"COPY\s+(.+)\s+\S+$", line.strip())
        if match:
            sources |= {s.rstrip("/") for s in match.group(1).split()}
    return sources


def test_every_module_the_server_imports_is_copied_into_the_image() -> None:
    served = _served()
    assert {"server", "app", "auth_routes", "hardening", "xeploai", "ui"} <= served
    copied = _copied()
    missing = [
        name
        for name in sorted(served)
        if (f"{name}.py" if (ROOT / f"{name}.py").exists() else name) not in copied
    ]
    assert not missing, missing
