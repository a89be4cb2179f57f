"""Helpers for the Playwright tests: start the app on a port of this worker, wait for
Streamlit to finish a run, read what the user sees."""

from __future__ import annotations

import os
import random
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]

# Live apps listen on ports of their own xdist worker: worker gwN draws from
# [PORT_BASE + N * PORT_SPAN, PORT_BASE + (N + 1) * PORT_SPAN), so two workers of one run never
# race for a port; the draw is random and checked free because other people's programs share
# the machine. The range lies below Linux's ephemeral ports (32768–60999).
PORT_BASE = 20000
PORT_SPAN = 500

READY = "[data-testid=stApp][data-test-script-state=notRunning]"
# The login form (auth_routes.py), and a page drawn for someone signed in (its logout button).
LOGIN_FORM = "form.xeploai-login"
SIGNED_IN = "[data-testid=stSidebar] >> text=Đăng xuất"


# Counts the script runs of the page: those it has seen start (Streamlit marks the app element
# ``data-test-script-state="running"``) and those the server has said are over: the
# ``session_status_changed`` message on the app's websocket (ForwardMsg field 9) that says the
# script is no longer running (SessionStatus field 2, ``script_is_running``, false or absent)
# after one that said it was. Streamlit sends it when a run — or a chain of runs, a callback
# and ``st.rerun`` — ends. Under load the browser can take a quick run's messages in one go
# and draw its start and end in one commit: the element never read "running", and a wait for
# that waited 120 s for a run the page had long drawn (bench.load: 1, 5 and 6 year changes of
# a run with 5, 10 and 20 sessions at once; the frames showed the whole run received). Installed in
# every tab of the pool before its pages' own scripts (tests/browser/conftest.py), so
# ``rerun_after`` can wait for the run an action causes, however long the browser takes to
# send it.
RUN_COUNTER_JS = """
(() => {
  window.__xlRunsStarted = 0;
  window.__xlRunsFinished = 0;
  const KEY = 'data-test-script-state';
  new MutationObserver((records) => {
    records.forEach((record, i) => {
      const later = records.slice(i + 1).find((r) => r.target === record.target);
      const value = later ? later.oldValue : record.target.getAttribute(KEY);
      if (value === 'running' && record.oldValue !== 'running') window.__xlRunsStarted += 1;
    });
  }).observe(document, { attributes: true, attributeOldValue: true, subtree: true,
                         attributeFilter: [KEY] });
  // the top-level fields of a protobuf message: [field, value or [start, end) of its bytes]
  const fields = (b, start, end) => {
    const out = [];
    let i = start;
    const varint = () => {
      let v = 0, scale = 1, c;
      do { c = b[i++]; v += (c & 0x7f) * scale; scale *= 128; } while (c & 0x80 && i < end);
      return v;
    };
    while (i < end) {
      const key = varint(), field = Math.floor(key / 8), wire = key % 8;
      if (wire === 0) out.push([field, varint()]);
      else if (wire === 2) { const n = varint(); out.push([field, [i, i + n]]); i += n; }
      else if (wire === 1) i += 8;
      else if (wire === 5) i += 4;
      else break;
    }
    return out;
  };
  let running = false;
  const seen = (b) => {
    for (const [field, value] of fields(b, 0, b.length)) {
      if (field !== 9 || !Array.isArray(value)) continue;
      const now = fields(b, value[0], value[1]).some(([f, v]) => f === 2 && v === 1);
      if (running && !now) window.__xlRunsFinished += 1;
      running = now;
    }
  };
  const Native = window.WebSocket;
  class Counted extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (event) => {
        if (event.data instanceof ArrayBuffer) seen(new Uint8Array(event.data));
      });
    }
  }
  window.WebSocket = Counted;
})();
"""

# A run the page has seen start, or that the server has finished, since the counts [s, f]
# that ``RUNS_JS`` read (started, finished; -1 in a tab that does not count).
RAN_SINCE_JS = "([s, f]) => window.__xlRunsStarted > s || window.__xlRunsFinished > f"
RUNS_JS = "() => [window.__xlRunsStarted ?? -1, window.__xlRunsFinished ?? -1]"


def rerun_after(page: Any, action: Callable[[], None], timeout: float = 30_000) -> None:
    """Do ``action`` (a click or a choice that makes the app run the page again) and return
    once that run has finished.

    ``wait_ready`` alone after an action can return before the run has even started: the
    state it sees is still the one of the run before (a loaded browser took over 200 ms to
    send the change, and a test read the chart of the old run)."""
    before = page.evaluate(RUNS_JS)
    if min(before) < 0:
        raise RuntimeError("this tab does not count the app's runs (use the tab pool)")
    action()
    page.wait_for_function(RAN_SINCE_JS, arg=before, timeout=timeout)
    wait_ready(page, timeout)


def wait_ready(page: Any, timeout: float = 30_000) -> None:
    """Wait until the script has finished running and the app is idle."""
    page.wait_for_selector(READY, timeout=timeout)
    page.wait_for_timeout(200)
    page.wait_for_selector(READY, timeout=timeout)


def open_app(page: Any, url: str) -> None:
    """Open the address; return once its first run has drawn everything.

    ``wait_ready`` right after ``goto`` can see the app idle before its first run has begun
    (a loaded browser connects late); the first card then appears mid-run, and a test that
    read the cards at once found one card of two (``KeyError: 'Đảng viên'``, make test under
    load). So: the first card, then the end of the run that drew it. And that was not always
    enough: a loaded CI read one card of six on the exemptions page, one card's label with
    another's value (``test_links_browser``, once). In a tab that counts the app's runs (the
    tab pool's), the server's word that the first run is over comes first: its last message
    follows every card's."""
    page.goto(url)
    if min(page.evaluate(RUNS_JS)) >= 0:
        page.wait_for_function("() => window.__xlRunsFinished >= 1", timeout=30_000)
    wait_ready(page)
    page.wait_for_selector("[data-testid=stMetric]", timeout=30_000)
    wait_ready(page)


def choose(page: Any, label: str, option: str) -> None:
    """Pick an option of the selectbox labelled ``label``; return once the page has taken it.

    A box outside a form runs the page: the helper waits for that run (``rerun_after``); a
    click that followed at once — a form's submit button — went to the page of the run before
    and was lost (a loaded run of the workflow test). A box inside ``st.form`` runs nothing
    until the form is sent. Choosing the option already shown does nothing, as for a user.

    The box is scrolled into view before it is clicked: clicked where it lay below the fold
    (Playwright's click scrolling the page itself), the list did not open — the box took the
    focus, ``aria-expanded`` stayed false, no option appeared (a probe: 2 in 2; scrolled
    first, it opened 2 in 2)."""
    box = page.get_by_role("combobox", name=label)
    if box.input_value() == option:
        return
    in_form = box.locator("xpath=ancestor::*[@data-testid='stForm']").count() > 0
    box.scroll_into_view_if_needed()
    box.click()
    pick = page.get_by_role("option", name=option, exact=True).click
    if in_form:
        pick()
    else:
        rerun_after(page, pick)
    page.wait_for_function(
        "([label, option]) => [...document.querySelectorAll('[role=combobox]')]"
        ".some(b => b.getAttribute('aria-label') === label && b.value === option)",
        arg=[label, option],
        timeout=15_000,
    )
    wait_ready(page)


def metric_values(page: Any) -> dict[str, str]:
    """Label → value of every st.metric on the page, as the user reads them."""
    out: dict[str, str] = {}
    for metric in page.locator("[data-testid=stMetric]").all():
        label = metric.locator("[data-testid=stMetricLabel]").inner_text().strip()
        value = metric.locator("[data-testid=stMetricValue]").inner_text().strip()
        out[label] = value
    return out


def worker_index() -> int:
    """0 for xdist's gw0 (and for a run without xdist), 1 for gw1, …"""
    name = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    digits = name.removeprefix("gw")
    return int(digits) if digits.isdigit() else 0


def free_port(taken: Collection[int] = ()) -> int:
    """A port of this worker's range that nothing listens on and that is not in ``taken``
    (ports chosen already but not yet listened on: two draws from 500 meet one time in 500)."""
    low = PORT_BASE + worker_index() * PORT_SPAN
    for _ in range(50):
        port = random.randrange(low, low + PORT_SPAN)
        if port in taken:
            continue
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {low}–{low + PORT_SPAN - 1}")


_LOGS: dict[int, Path] = {}  # a started server's log, removed when the server is stopped


def start_app(
    db_path: Path, extra_env: dict[str, str] | None = None, *, base_url_path: str = ""
) -> tuple[subprocess.Popen[bytes], str]:
    """Start `streamlit run server.py` (app.py plus the login routes) on a free port of this
    worker; returns the process and URL (under ``base_url_path``, Streamlit's
    ``server.baseUrlPath``, when given). The login is off unless ``extra_env`` turns it on.

    Its output goes to a log file beside the temporary files, not to a pipe: a pipe that
    nobody reads fills up and stops the server mid-test on a busy machine. The benchmarks
    (bench/load.py) start their servers here too."""
    port = free_port()
    log_path = Path(tempfile.gettempdir()) / f"xeploai-app-{port}-{os.getpid()}.log"
    env = {**os.environ, "XEPLOAI_DB": str(db_path), "XEPLOAI_AUTH": "off", **(extra_env or {})}
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                str(ROOT / "server.py"),
                "--server.port",
                str(port),
                "--server.address",
                "127.0.0.1",
                "--server.headless",
                "true",
                "--browser.gatherUsageStats",
                "false",
                "--server.baseUrlPath",
                base_url_path,
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}" + (f"/{base_url_path.strip('/')}" if base_url_path else "")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            tail = log_path.read_text(errors="replace")[-4000:]
            raise RuntimeError(f"streamlit exited ({log_path}): {tail}")
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    _LOGS[proc.pid] = log_path
                    return proc, url
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError(f"streamlit did not become healthy within 60 s; its log: {log_path}")


@contextmanager
def app_with_login(db_path: Path, folder: Path, *, base_url_path: str = "") -> Iterator[str]:
    """A live app with the login on, as deployed, serving a copy of ``db_path`` made in
    ``folder`` with the demo's accounts; yields its URL (``start_app``)."""
    import shutil

    from tests.conftest import cheap_hashes
    from xeploai.access.users import AuthStore, auth_path

    path = folder / "served.duckdb"
    shutil.copy(db_path, path)
    with cheap_hashes():
        AuthStore(auth_path(path)).ensure_demo_accounts()
    proc, url = start_app(path, {"XEPLOAI_AUTH": ""}, base_url_path=base_url_path)
    try:
        yield url
    finally:
        stop_app(proc)


def stop_app(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    log = _LOGS.pop(proc.pid, None)
    if log is not None:
        log.unlink(missing_ok=True)
