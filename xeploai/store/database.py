"""One class owns the DuckDB file: it opens it, migrates it, and runs the named SQL files.

SQL lives in ``queries/<measure>_by_<grain>.sql``. Each file's ``$name`` parameters are found by
parsing the SQL and checked against what the caller gives, so a missing or misspelt parameter
is a clear program error, not a silent null. Every value is bound, never pasted.
"""

from __future__ import annotations

import os
import re
import threading
import time
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from xeploai.store.schema import MIGRATIONS, current_version, migrate

ROOT = Path(__file__).resolve().parents[2]
QUERIES_DIR = ROOT / "queries"
DEFAULT_DB = ROOT / "data" / "xeploai.duckdb"

_PARAM = re.compile(r"(?<![$\w])\$([A-Za-z_]\w*)")
_COMMENT = re.compile(r"--[^\n]*")


class QueryError(RuntimeError):
    """A query failed; carries the query's name so the log says which file to read."""

    def __init__(self, name: str, cause: Exception) -> None:
        super().__init__(f"query {name!r} failed: {cause}")
        self.name = name


class DatabaseMissing(FileNotFoundError):
    pass


def db_path(arg: str | os.PathLike[str] | None = None) -> Path:
    """--db, else $XEPLOAI_DB, else data/xeploai.duckdb."""
    if arg:
        return Path(arg)
    env = os.environ.get("XEPLOAI_DB")
    return Path(env) if env else DEFAULT_DB


def bring_up_to_date(path: Path) -> None:
    """Migrate a file made by an older version before it is opened read-only (the app and the
    reports only read; the queries need the newest schema). When another process holds the
    file for writing, it is left as it is: that writer migrated it when it opened it."""
    conn = duckdb.connect(str(path), read_only=True)
    try:
        outdated = current_version(conn) < len(MIGRATIONS)
    finally:
        conn.close()
    if not outdated:
        return
    try:
        writer = duckdb.connect(str(path))
    except duckdb.IOException:
        return
    try:
        migrate(writer)
    finally:
        writer.close()


@dataclass(frozen=True)
class Query:
    name: str
    sql: str
    params: frozenset[str]


@cache
def load_query(name: str) -> Query:
    path = QUERIES_DIR / f"{name}.sql"
    if not path.is_file():
        raise KeyError(f"no query named {name!r} in {QUERIES_DIR}")
    sql = path.read_text(encoding="utf-8")
    params = frozenset(_PARAM.findall(_COMMENT.sub("", sql)))
    return Query(name, sql, params)


def query_names() -> list[str]:
    return sorted(p.stem for p in QUERIES_DIR.glob("*.sql"))


class Database:
    """The application's handle on one database file.

    DuckDB connections are not safe to share between threads, so each call takes its own
    cursor from the one connection (Streamlit serves every session from its own thread).
    """

    def __init__(self, path: str | os.PathLike[str], *, read_only: bool = True) -> None:
        self.path = Path(path)
        if read_only and not self.path.exists():
            raise DatabaseMissing(str(self.path))
        self.read_only = read_only
        if read_only:
            bring_up_to_date(self.path)
        self.conn = duckdb.connect(str(self.path), read_only=read_only)
        self._lock = threading.Lock()
        # Benchmarks set a list here to learn which queries a page ran and how long each took.
        self.trace: list[tuple[str, dict[str, Any], float]] | None = None
        if not read_only:
            migrate(self.conn)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def cursor(self) -> duckdb.DuckDBPyConnection:
        with self._lock:
            return self.conn.cursor()

    def query(self, name: str, **params: Any) -> pd.DataFrame:
        """Run queries/<name>.sql with exactly the parameters it declares."""
        q = load_query(name)
        given = set(params)
        if given != q.params:
            missing = sorted(q.params - given)
            extra = sorted(given - q.params)
            raise TypeError(f"query {name!r}: missing {missing}, unexpected {extra}")
        cur = self.cursor()
        started = time.perf_counter()
        try:
            return cur.execute(q.sql, params).df()
        except duckdb.Error as exc:
            raise QueryError(name, exc) from exc
        finally:
            cur.close()
            if self.trace is not None:
                self.trace.append((name, params, time.perf_counter() - started))

    def meta(self, key: str, default: str | None = None) -> str | None:
        cur = self.cursor()
        try:
            row = cur.execute("select value from meta where key = $key", {"key": key}).fetchone()
        finally:
            cur.close()
        return row[0] if row else default

    def set_meta(self, key: str, value: str) -> None:
        self.conn.execute(
            "insert or replace into meta values ($key, $value)", {"key": key, "value": value}
        )

    def data_version(self) -> str:
        """Changes whenever the data does: caches are keyed on it."""
        return self.meta("data_version", "0") or "0"
