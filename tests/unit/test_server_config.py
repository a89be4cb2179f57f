"""What the app server runs with, as Streamlit itself reads it from the project's folder
(``.streamlit/config.toml``, found from the working directory, as deployed: the systemd
unit, the Dockerfile and the tests start the server there)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

_READ = (
    "from streamlit import config; "
    "print(config.get_option('runner.postScriptGC'), config.get_option('server.fileWatcherType'))"
)


def test_the_server_neither_collects_all_garbage_after_each_run_nor_watches_files() -> None:
    # Streamlit's own reading of the options (a renamed option or a misplaced line would
    # read its default); the environment's STREAMLIT_* settings left out, they override files
    env = {k: v for k, v in os.environ.items() if not k.startswith("STREAMLIT_")}
    out = subprocess.run(
        [sys.executable, "-c", _READ], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    # after every run, gc.collect(2) over the whole process held every other session up:
    # docs/performance-history.md, the twenty-second stop
    assert out.stdout.split() == ["False", "none"]
