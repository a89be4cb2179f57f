"""The app server alone under many users: N websocket clients driving the overview as its page
does, on 1, 2, … app processes behind nginx (deploy/nginx/xeploai.conf, as deployed).

`python -m bench.serverload [--db PATH | --scale district] [--processes 1,2]
[--sessions 1,5,10,20,40] [--switches 5]`

Why beside ``bench/load.py``: there the browsers run on the same 2 cores as the server, and at
20 sessions Chromium took most of the machine (the server used 24,5 CPU seconds of a 117 s
run), so its p95 says what one machine's 20 browsers see, not what the server can serve nor
what a second app process buys. Here a client costs next to nothing: it is what the page's
script is to the server, without the drawing. Each client

- signs in as a person does: the login form posted over https to nginx (``/dang-nhap``, the
  demo's leader account, the password checked by the server), keeping the cookies the
  answer sets (the session's, and nginx's route cookie that keeps a browser on one process);
- opens the websocket the page opens (``/_stcore/stream``, with those cookies) and asks for a
  run as the page does when it loads (a ``BackMsg`` ``rerun_script``: the default page, the
  overview), then reads the server's messages (``ForwardMsg``) until the run's end
  (``script_finished``);
- changes the sidebar's year ``--switches`` times, one after the other: the run the page asks
  for when a year is picked (the year widget's new value, its id and choices read from the
  first run's elements), to the run's end.

Timed: **first load**, from the form's post to the end of the first run (the password check
included); **redraw**, from the year sent to the end of its run — the server's whole answer,
not what a browser then draws (``bench/load.py`` has that). Counted as errors: a run that ends
otherwise than successfully, an exception drawn in a run, a year the run did not take, a
refused sign-in, a lost connection, a run not ended within ``--timeout`` seconds. Sessions
start together. Every count of processes gets fresh servers for every count of sessions.

The messages are Streamlit's own (``streamlit.proto`` of the installed, pinned version), as its
page's JavaScript sends and reads them; a Streamlit upgrade that changes them breaks this
benchmark's smoke test (tests/browser/test_proxy_browser.py), not silently its figures.
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import os
import ssl
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.load import SESSION_COLUMNS, Session  # noqa: E402  (the path above first)

STREAM = "/_stcore/stream"


@dataclass
class Widget:
    id: str
    options: list[str]
    value: str


@dataclass
class Run:
    """What the server sent for one run."""

    finished: int  # ForwardMsg.ScriptFinishedStatus
    messages: int
    widgets: dict[str, Widget]  # the selectboxes drawn, by label
    exceptions: list[str]


def sign_in(url: str, context: ssl.SSLContext | None, permission: str = "view") -> str:
    """Post the login form as a browser does (its Origin header: the same-site check); the
    ``Cookie`` header the answer's cookies make. Raises when no session was given."""
    from bench.load import account
    from xeploai.access.login import LOGIN_PATH, SESSION_COOKIE

    name, password = account(permission)
    parts = urllib.parse.urlsplit(url)
    conn: http.client.HTTPConnection
    if parts.scheme == "https":
        conn = http.client.HTTPSConnection(parts.netloc, timeout=120, context=context)
    else:
        conn = http.client.HTTPConnection(parts.netloc, timeout=120)
    try:
        conn.request(
            "POST",
            LOGIN_PATH,
            urllib.parse.urlencode({"username": name, "password": password}),
            {"Content-Type": "application/x-www-form-urlencoded", "Origin": url},
        )
        answer = conn.getresponse()
        answer.read()
    finally:
        conn.close()
    cookies = [c.split(";", 1)[0] for c in answer.headers.get_all("Set-Cookie") or []]
    if answer.status != 303 or not any(c.startswith(f"{SESSION_COOKIE}=") for c in cookies):
        raise RuntimeError(f"not signed in (HTTP {answer.status})")
    return "; ".join(cookies)


def rerun_message(widgets: Sequence[tuple[str, str]] = ()) -> bytes:
    """The page's request for a run of the default page: ``widgets``, (id, value) of the
    selectboxes whose value the user changed (a selectbox sends its choice as text)."""
    from streamlit.proto.BackMsg_pb2 import BackMsg

    msg = BackMsg()
    msg.rerun_script.query_string = ""
    msg.rerun_script.page_script_hash = ""
    for widget_id, value in widgets:
        state = msg.rerun_script.widget_states.widgets.add()
        state.id = widget_id
        state.string_value = value
    request: bytes = msg.SerializeToString()
    return request


async def run_script(ws: Any, request: bytes) -> Run:
    """Send ``request``; read the server's messages until the run ends."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    await ws.send(request)
    widgets: dict[str, Widget] = {}
    exceptions: list[str] = []
    count = 0
    while True:
        msg = ForwardMsg()
        msg.ParseFromString(await ws.recv())
        count += 1
        kind = msg.WhichOneof("type")
        if kind == "script_finished":
            return Run(msg.script_finished, count, widgets, exceptions)
        if kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            element = msg.delta.new_element
            drawn = element.WhichOneof("type")
            if drawn == "selectbox":
                box = element.selectbox
                widgets[box.label] = Widget(box.id, list(box.options), box.raw_value)
            elif drawn == "exception":
                exceptions.append(element.exception.message[:120])


def _problem(run: Run) -> str | None:
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    if run.exceptions:
        return f"exception drawn: {run.exceptions[0]}"
    if run.finished != ForwardMsg.FINISHED_SUCCESSFULLY:
        return f"run ended with status {run.finished}"
    return None


async def user(
    url: str,
    context: ssl.SSLContext | None,
    switches: int,
    timeout: float,
    start: asyncio.Event,
) -> Session:
    """One person: signs in, loads the overview, then picks another year ``switches`` times."""
    from websockets.asyncio.client import connect

    from xeploai.texts import UI

    out = Session()
    await start.wait()
    try:
        started = time.perf_counter()
        cookie = await asyncio.to_thread(sign_in, url, context)
        stream = urllib.parse.urlsplit(url)._replace(
            scheme="wss" if url.startswith("https") else "ws", path=STREAM
        )
        async with connect(
            urllib.parse.urlunsplit(stream),
            ssl=context,
            subprotocols=["streamlit"],  # type: ignore[list-item]
            additional_headers={"Cookie": cookie, "Origin": url},
            max_size=None,
            ping_interval=None,  # the page sends none; a busy server answers late, not wrongly
            proxy=None,
        ) as ws:
            run = await asyncio.wait_for(run_script(ws, rerun_message()), timeout)
            out.first_load = time.perf_counter() - started
            if (problem := _problem(run)) is not None:
                out.errors.append(problem)
                return out
            year = run.widgets.get(UI["year"])
            if year is None or len(year.options) < 2:
                out.errors.append("no year to change")
                return out
            for i in range(switches):
                # as bench/load.py picks them: never the year shown first, one after another
                value = year.options[1 + i % (len(year.options) - 1)]
                started = time.perf_counter()
                run = await asyncio.wait_for(
                    run_script(ws, rerun_message([(year.id, value)])), timeout
                )
                seconds = time.perf_counter() - started
                if (problem := _problem(run)) is not None:
                    out.errors.append(problem)
                    break
                drawn = run.widgets.get(UI["year"])
                if drawn is None or drawn.value != value:
                    out.errors.append(f"year {value} not taken")
                    break
                out.redraws.append(seconds)
    except TimeoutError:
        out.errors.append(f"no end of a run within {timeout:.0f} s")
    except Exception as exc:  # a refused sign-in, a closed connection: counted, not raised
        out.errors.append(f"{type(exc).__name__}: {str(exc).splitlines()[0][:120]}")
    return out


async def run_sessions(
    url: str, context: ssl.SSLContext | None, n: int, switches: int, timeout: float = 120.0
) -> list[Session]:
    start = asyncio.Event()
    users = [asyncio.create_task(user(url, context, switches, timeout, start)) for _ in range(n)]
    await asyncio.sleep(0)
    start.set()
    return list(await asyncio.gather(*users))


def server_load_table(
    db_path: Path, processes: list[int], counts: list[int], switches: int, timeout: float = 120.0
) -> list[dict[str, Any]]:
    """For each count of app processes and each count of sessions: fresh servers behind a
    fresh nginx, the sessions at once, their figures and the servers' memory and CPU."""
    from bench.load import server_cpu_s, server_rss_mib, session_figures
    from tests.browser.proxy import start_proxy

    rows = []
    for p in processes:
        for n in counts:
            with tempfile.TemporaryDirectory(prefix="xeploai-serverload-") as work:
                proxy = start_proxy(db_path, Path(work), processes=p)
                try:
                    pids = [proc.pid for proc in proxy.apps]
                    cpu_before = [server_cpu_s(pid) for pid in pids]
                    started, client = time.perf_counter(), time.process_time()
                    sessions = asyncio.run(
                        run_sessions(proxy.url, proxy.ssl_context(), n, switches, timeout)
                    )
                    wall = time.perf_counter() - started
                    client = time.process_time() - client
                    rss = [server_rss_mib(pid) for pid in pids]
                    cpu = [server_cpu_s(pid) for pid in pids]
                finally:
                    proxy.stop()
            rows.append(
                {
                    "processes": p,
                    "sessions": n,
                    **session_figures(sessions),
                    "servers_rss_mib": None if None in rss else sum(r or 0 for r in rss),
                    # the sessions' CPU: what each process had used once started, taken off
                    "servers_cpu_s": None
                    if None in cpu or None in cpu_before
                    else sum(c or 0 for c in cpu) - sum(c or 0 for c in cpu_before),
                    "clients_cpu_s": client,
                    "wall_s": wall,
                    "load": os.getloadavg()[0],
                }
            )
    return rows


SERVER_LOAD_COLUMNS = [
    "processes",
    "sessions",
    *SESSION_COLUMNS,
    "servers_rss_mib",
    "servers_cpu_s",
    "clients_cpu_s",
    "wall_s",
    "load",
    "error_kinds",
]


def main() -> int:
    from bench.load import database, database_arguments, print_load

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    database_arguments(parser)
    parser.add_argument("--processes", default="1,2")
    parser.add_argument("--sessions", default="1,5,10,20,40")
    parser.add_argument("--switches", type=int, default=5)
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds a run may take")
    args = parser.parse_args()
    rows = server_load_table(
        database(args),
        [int(p) for p in args.processes.split(",")],
        [int(n) for n in args.sessions.split(",")],
        args.switches,
        args.timeout,
    )
    print_load(rows, SERVER_LOAD_COLUMNS)
    return 0


if __name__ == "__main__":
    sys.exit(main())
