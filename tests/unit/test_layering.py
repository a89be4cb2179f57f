"""The architecture as checked contracts: the layers of the core, the core without streamlit,
pages that only draw (``pyproject.toml``, ``[tool.importlinter]``)."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import xeploai

ROOT = Path(__file__).resolve().parents[2]
LINT = (
    "import sys; from importlinter.cli import lint_imports_command; "
    "sys.exit(lint_imports_command())"
)


def test_the_import_contracts_hold() -> None:
    out = subprocess.run(
        [sys.executable, "-c", LINT, "--no-cache"], cwd=ROOT, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stdout + out.stderr
    assert "0 broken" in out.stdout


def test_core_does_not_import_streamlit() -> None:
    # the contract above checks the imports written; this checks what importing really loads
    modules = [
        m.name
        for m in pkgutil.walk_packages(xeploai.__path__, "xeploai.")
        if not m.name.endswith("__main__")
    ]
    assert "xeploai.metrics.yearly" in modules
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "print('streamlit' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"


def test_pages_hold_no_sql() -> None:
    for page in (ROOT / "views").glob("*.py"):
        text = page.read_text(encoding="utf-8").lower()
        assert "select " not in text and ".execute(" not in text, page.name
