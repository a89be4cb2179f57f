"""A new interpreter running one of our own modules (``python -m …``), wherever the server was
started from: the upload reader's workers (``ingest.read``), a large upload's dry run and import
(``ingest.apart``) and the data export's command (the route ``/xuat-du-lieu``, auth_routes.py).
Nothing here but the standard library: the reader's worker starts light."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent  # the project: ``xeploai`` importable from it


def run_module(args: list[str], **kw: Any) -> subprocess.CompletedProcess[Any]:
    """``python -m ARGS`` run in the project's folder (which ``-m`` puts first on the module
    path), its output captured; ``env``: variables added to the server's; the rest of ``kw`` as
    for ``subprocess.run``. Never checked: the caller reads its status."""
    env = {**os.environ, **kw.pop("env", {})}
    return subprocess.run(
        [sys.executable, "-m", *args], capture_output=True, env=env, cwd=ROOT, check=False, **kw
    )


def start_module(args: list[str], **kw: Any) -> subprocess.Popen[bytes]:
    """``python -m ARGS`` started in the project's folder, with the server's environment, its
    standard input and output pipes for the caller to talk through; ``kw`` as for
    ``subprocess.Popen`` (``stderr``, say)."""
    return subprocess.Popen(
        [sys.executable, "-m", *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        cwd=ROOT,
        **kw,
    )
