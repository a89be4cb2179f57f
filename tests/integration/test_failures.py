"""Bad luck, told plainly: a deleted database, a full disk, a folder the app may not write, a
file that is not a database, a file with one damaged block. Each gives a Vietnamese message
naming the cause and what to do, writes nothing, and never makes a new database by writing
into a missing one; the pages never show one file's figures for another.
"""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from xeploai.cli import main
from xeploai.store import generations
from xeploai.store.database import Database, DatabaseDamaged, verify
from xeploai.texts import STORE, UI

ROOT = Path(__file__).resolve().parents[2]
GOOD = ROOT / "tests" / "files" / "import" / "good"


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def small_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("failures") / "small.duckdb"
    assert main(["init", "--superior", "Đảng bộ xã thử", "--db", str(path)]) == 0
    assert main(["import", str(GOOD / "small.xlsx"), "--db", str(path)]) == 0
    return path


@pytest.fixture
def small(small_template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "db" / "xeploai.duckdb"
    path.parent.mkdir()
    shutil.copy(small_template, path)
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str]:
    code = main([str(a) for a in args])
    return code, capsys.readouterr().err


# --- a deleted database (finding 5.6) --------------------------------------------------------


def app_page(name: str, db: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    from xeploai.access.users import User

    monkeypatch.setenv("XEPLOAI_DB", str(db))
    at = AppTest.from_file(str(ROOT / "views" / name), default_timeout=60)
    at.session_state["_user"] = User("bantochuc", "Ban Tổ chức", "editor", ())
    return at


def test_a_write_in_the_app_never_recreates_a_deleted_database(
    small: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = app_page("data_import.py", small, monkeypatch).run()
    undo = next(b for b in at.button if b.label.startswith("Hoàn tác lần nhập"))
    small.unlink()  # deleted under the running app
    undo.click().run()
    assert not small.exists()  # no new, empty database where the old one was
    assert not at.exception
    assert UI["db_missing"].format(path=small) in [e.value for e in at.error]


def test_a_command_line_write_never_recreates_a_deleted_database(
    small: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    small.unlink()
    code, _ = run(capsys, "import", GOOD / "update_2021.xlsx", "--db", small)
    assert code == 2 and not small.exists()
    code, _ = run(capsys, "undo", "--db", small)
    assert code == 2 and not small.exists()


def test_the_pages_never_show_one_files_figures_for_another(
    small: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another file put where the first was, with the same data version (both made by one
    import): the overview shows the new file's figures, not the cached ones of the old."""
    other = tmp_path / "other.duckdb"
    assert main(["init", "--superior", "Đảng bộ huyện Củ Chi", "--db", str(other)]) == 0
    assert main(["import", str(GOOD / "cu_chi_2017.xlsx"), "--db", str(other)]) == 0
    with Database(small) as a, Database(other) as b:
        assert a.data_version() == b.data_version()

    monkeypatch.setenv("XEPLOAI_AUTH", "off")
    monkeypatch.setenv("XEPLOAI_DB", str(small))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception
    first = [m.value for m in at.metric]
    os.replace(other, small)
    at.run()
    assert not at.exception
    assert [m.value for m in at.metric] != first


# --- a full disk, an unwritable folder (finding 5.7) -----------------------------------------


def _no_space(*args: object, **kwargs: object) -> int:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def test_a_full_disk_is_named_and_the_data_is_unchanged(
    small: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    before = sha(small)
    monkeypatch.setattr(os, "copy_file_range", _no_space)
    monkeypatch.setattr(os, "pwrite", _no_space)
    code, err = run(capsys, "import", GOOD / "update_2021.xlsx", "--db", small)
    assert code == 1
    assert err.startswith(STORE["no_space"].split("{folder}")[0])
    assert "Traceback" not in err and "no transaction" not in err
    assert sha(small) == before
    assert [p.name for p in small.parent.iterdir() if ".write-" in p.name] == []


def test_a_folder_the_app_may_not_write_is_named(
    small: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # (the tests may run as root, whom a folder's mode does not stop: the refusal is made here)
    real_open = os.open

    def refuse(path: str | os.PathLike[str], flags: int, *args: int, **kwargs: int) -> int:
        if flags & os.O_CREAT:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real_open(path, flags, *args, **kwargs)

    before = sha(small)
    generations.lock_path(small).unlink(missing_ok=True)
    monkeypatch.setattr(os, "open", refuse)
    code, err = run(capsys, "undo", "--db", small)
    monkeypatch.undo()
    assert code == 1
    assert err.strip() == STORE["not_allowed"].format(
        path=small,
        folder=small.parent,
        cause=f"[Errno 13] Permission denied: '{generations.lock_path(small)}'",
    )
    assert sha(small) == before


# --- a damaged file (finding 5.7) ------------------------------------------------------------


def test_a_file_that_is_not_a_database_gets_a_message_not_a_traceback(
    small: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    small.write_bytes(b"\x00garbage" * 4096)
    code, err = run(capsys, "summary", "--year", "2020", "--db", small)
    assert code == 1 and "bị hỏng" in err and "restore" in err and "Traceback" not in err

    monkeypatch.setenv("XEPLOAI_AUTH", "off")
    monkeypatch.setenv("XEPLOAI_DB", str(small))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception
    assert any("bị hỏng" in e.value for e in at.error)


def damage_a_block_of(path: Path, table: str) -> None:
    """Overwrite a few bytes of the first block that holds rows of ``table`` (DuckDB's blocks
    are 256 KiB, after a 12 KiB header)."""
    original = path.read_bytes()
    block, header = 256 * 1024, 12 * 1024
    for n in range(1, (len(original) - header) // block):
        damaged = bytearray(original)
        start = header + n * block + 100
        damaged[start : start + 64] = b"\xff" * 64
        path.write_bytes(bytes(damaged))
        try:
            with Database(path, migrate_first=False) as db:
                cur = db.cursor()
                cur.execute(f"select bit_xor(hash(t)) from {table} t").fetchall()
        except Exception:
            return
    raise AssertionError(f"no block of {table} found")


def test_a_file_with_one_damaged_block_accepts_no_write(
    small: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    damage_a_block_of(small, "org_results")
    before = sha(small)
    for args in (
        ("import", GOOD / "update_2021.xlsx"),
        ("undo",),
        ("export", "data", "--out", small.parent / "x.xlsx"),
    ):
        code, err = run(capsys, *args, "--db", small)
        assert code == 1, args
        assert "bị hỏng" in err and "restore" in err and "Traceback" not in err, args
        assert sha(small) == before, args
    with Database(small, migrate_first=False) as db, pytest.raises(DatabaseDamaged):
        verify(db)
