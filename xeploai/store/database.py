"""One class owns the DuckDB file: it opens it, migrates it, and runs the named SQL files.

SQL lives in ``queries/<measure>_by_<grain>.sql`` (reads) and ``queries/writes/<what it does>.sql``
(statements that change data, run inside ``Database.transaction()``). Each file's ``$name``
parameters are found by parsing the SQL and checked against what the caller gives, so a missing
or misspelt parameter is a clear program error, not a silent null. Every value is bound, never
pasted; a statement that must be built in code (one per table) is a ``Query`` too, checked the
same way, its identifiers taken from an allow-list by whoever builds it.

The file is never written in place (``generations``): ``writing()`` writes a copy and publishes
it whole, a read-only ``Database`` holds the generation it opened for as long as it lives, and
``Live`` gives a long-running reader (the app) the newest generation each time it asks.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
import threading
import time
import warnings
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from contextvars import copy_context
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

import duckdb
import pandas as pd
import pyarrow as pa

from xeploai.domain import orgs as domain_orgs
from xeploai.store import generations
from xeploai.store.generations import WRITE_WAIT, DatabaseDamaged, DatabaseLocked, WriteFailed
from xeploai.store.schema import BRANCHES, MIGRATIONS, current_version, migrate
from xeploai.store.transactions import transaction, trial
from xeploai.texts import STORE

__all__ = [
    "DEFAULT_DB",
    "WRITE_WAIT",
    "Database",
    "DatabaseDamaged",
    "DatabaseLocked",
    "DatabaseMissing",
    "Live",
    "Query",
    "QueryError",
    "WriteFailed",
    "bring_up_to_date",
    "db_path",
    "load_query",
    "load_statement",
    "query_names",
    "statement_names",
    "verify",
    "writing",
]

ROOT = Path(__file__).resolve().parents[2]
QUERIES_DIR = ROOT / "queries"
WRITES_DIR = QUERIES_DIR / "writes"
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
    reports only read; the queries need the newest schema): a write like any other, published
    whole. When another writer is at work it is left to that one, which migrates the file as it
    opens it."""
    with Database(path, read_only=True, migrate_first=False) as handle:
        cur = handle.cursor()
        try:
            outdated = current_version(cur) < len(MIGRATIONS)
        finally:
            cur.close()
    if not outdated:
        return
    try:
        with writing(path, wait=0):
            pass  # opening the copy read-write migrates it
    except DatabaseLocked:
        return


@dataclass(frozen=True)
class Query:
    name: str
    sql: str
    params: frozenset[str]

    @classmethod
    def parse(cls, name: str, sql: str) -> Query:
        """A statement and the ``$name`` parameters it declares (comments do not count)."""
        return cls(name, sql, frozenset(_PARAM.findall(_COMMENT.sub("", sql))))

    def for_params(self, params: dict[str, Any]) -> str:
        """The statement to run with ``params``: each shared macro it reads with the committee
        and the organizations asked for (``$scope``, …, ``$orgs``) in the place of its branch
        that alone answers for them (``schema.BRANCHES``): DuckDB plans every branch of a
        union, and the district's queries spent most of their time planning."""
        if "scope" not in params:
            return self.sql
        scope, orgs = params["scope"], params.get("orgs")
        return _with_branches(
            self.sql,
            tuple(alone(scope, orgs) for _, _, alone in BRANCHES),
            tuple(alone(scope, None) for _, _, alone in BRANCHES),
        )

    def check(self, params: dict[str, Any]) -> None:
        """Exactly the declared parameters, or a program error naming what is wrong."""
        given = set(params)
        if given != self.params:
            missing = sorted(self.params - given)
            extra = sorted(given - self.params)
            raise TypeError(f"query {self.name!r}: missing {missing}, unexpected {extra}")


@cache
def _with_branches(sql: str, picked: tuple[bool, ...], picked_unnamed: tuple[bool, ...]) -> str:
    """``sql`` with each shared macro read with ``$scope`` and ``$orgs`` (``picked``) or with
    ``$scope`` and no organization named, a literal null (``picked_unnamed``) in the place of
    its branch picked."""
    for (macro, branch, _), pick, unnamed in zip(BRANCHES, picked, picked_unnamed, strict=True):
        if pick:
            sql = re.sub(rf"\b{macro}\((\$scope, [^()]*, \$orgs)\)", rf"{branch}(\1)", sql)
        if unnamed:
            sql = re.sub(rf"\b{macro}\((\$scope, [^()]*, null)\)", rf"{branch}(\1)", sql)
    return sql


def _load(folder: Path, name: str) -> Query:
    path = folder / f"{name}.sql"
    if not path.is_file():
        raise KeyError(f"no query named {name!r} in {folder}")
    return Query.parse(name, path.read_text(encoding="utf-8"))


@cache
def load_query(name: str) -> Query:
    return _load(QUERIES_DIR, name)


@cache
def load_statement(name: str) -> Query:
    """A statement that writes, from ``queries/writes/``."""
    return _load(WRITES_DIR, name)


def query_names() -> list[str]:
    return sorted(p.stem for p in QUERIES_DIR.glob("*.sql"))


def statement_names() -> list[str]:
    return sorted(p.stem for p in WRITES_DIR.glob("*.sql"))


T = TypeVar("T")
P = ParamSpec("P")

# What a read-only handle keeps of its queries' answers (``Database.query``): the few hundred
# rows of a page's counts, and a national year's statuses or score conditions (17–24 MiB, read
# twice by the overview's summary and its attention list), not the whole history of every
# organization.
RESULTS_MAX_BYTES = 256 * 1024 * 1024
# How many calls ``Database.at_once`` runs at a time: the machine's cores (two here).
AT_ONCE = max(1, os.cpu_count() or 1)


# The buffers pyarrow allocates in this process (an import's staged tables above all) come
# from the C library's allocator rather than pyarrow's default, mimalloc: mimalloc kept ~100 MiB
# of a national import's freed tables resident after ``release_unused``, and the process's
# next import started that much higher. The C library's gives them back (``release_unused``
# trims its heap). A national year imported, then the page's dry run and import in the same
# process (``bench.import_year``): peak 2.209 / 2.173 → 2.059 / 2.091 MiB; the pages measured
# no slower (docs/PERFORMANCE.md, "Arrow's memory from the C library").
pa.set_memory_pool(pa.system_memory_pool())

# Each query's text as DuckDB parsed it, once per text (``_parsed``): one per query file and
# branch picked (``Query.for_params``), a few hundred at most.
_PARSED: dict[str, duckdb.Statement | str] = {}
_PARSING = threading.Lock()


def _parsed(sql: str) -> duckdb.Statement | str:
    """``sql`` as DuckDB parsed it, parsed once per text for every connection: DuckDB runs a
    parsed statement on a copy of it, and the text was parsed again at every run (0,1–0,7 ms
    of a district query's 0,6–5 ms, the year's figures' 5.500 characters the most). A text of
    more than one statement is run as text."""
    found = _PARSED.get(sql)
    if found is None:
        with _PARSING:  # DuckDB's default connection parses: one thread at a time
            statements = duckdb.extract_statements(sql)
        found = statements[0] if len(statements) == 1 else sql
        _PARSED[sql] = found
    return found


def _arrow(cur: duckdb.DuckDBPyConnection, sql: str, params: dict[str, Any]) -> pa.Table:
    """The query's rows as Arrow, fetched as ``_frame`` fetches them."""
    return cur.execute(_parsed(sql), params).to_arrow_table()


def _frame(cur: duckdb.DuckDBPyConnection, sql: str, params: dict[str, Any]) -> pd.DataFrame:
    """The query's rows as a data frame with the column types DuckDB's own ``df()`` gives,
    made from its Arrow result: ``df()`` hands pandas every text as a Python object, which
    pandas then copies one by one into its Arrow-backed text columns (a third of the time of a
    national query of organizations). Fetched from the executed statement, not through
    ``cur.sql`` (a relation, which DuckDB plans a second time when it is read: 5–10 ms more
    for each of a page's small queries); DuckDB's warning that this copies the rows once more
    is silenced (``ARROW_COPY_WARNING``)."""
    return as_frame(_arrow(cur, sql, params))


# DuckDB's warning on ``to_arrow_table`` of an executed statement: the copy it warns of is
# cheaper than the second plan the relation it recommends would cost.
ARROW_COPY_WARNING = "Arrow output on a DB-API result makes an extra copy"
warnings.filterwarnings("ignore", message=ARROW_COPY_WARNING, category=UserWarning, module=__name__)

# An integer or yes/no column with missing values: pandas' nullable type, as DuckDB gives it.
_NULLABLE = {
    pa.int8(): pd.Int8Dtype(),
    pa.int16(): pd.Int16Dtype(),
    pa.int32(): pd.Int32Dtype(),
    pa.int64(): pd.Int64Dtype(),
    pa.uint8(): pd.UInt8Dtype(),
    pa.uint16(): pd.UInt16Dtype(),
    pa.uint32(): pd.UInt32Dtype(),
    pa.uint64(): pd.UInt64Dtype(),
    pa.bool_(): pd.BooleanDtype(),
}


def _is_text(kind: pa.DataType) -> bool:
    return bool(pa.types.is_string(kind) or pa.types.is_large_string(kind))


def as_frame(table: pa.Table) -> pd.DataFrame:
    """An Arrow result as DuckDB's ``df()`` makes it: a day as datetime64[us], a decimal as a
    float, an integer or yes/no column with missing values nullable, a text column with no
    value at all of Python objects (None), a text column in one piece. The table is converted
    in one call; only those columns are then made again."""
    for i, field in enumerate(table.schema):
        if pa.types.is_decimal(field.type):
            table = table.set_column(i, field.name, table.column(i).cast(pa.float64()))
        elif pa.types.is_date(field.type):
            table = table.set_column(i, field.name, table.column(i).cast(pa.timestamp("us")))
        elif _is_text(field.type) and table.column(i).num_chunks > 1:
            # a text column stays Arrow in pandas, in the chunks DuckDB sent: every selection
            # of rows then joined the chunks first (4,4 ms to take 2.542 rows of a national
            # year's 256.308, 0,5 ms once joined; 3 ms for 8 rows, 0,15)
            table = table.set_column(i, field.name, table.column(i).combine_chunks())
    frame = table.to_pandas()
    for name, column in zip(table.column_names, table.columns, strict=True):
        if column.null_count == len(column) and _is_text(column.type):  # no text, or no row
            frame[name] = pd.Series([None] * len(column), dtype=object)
        elif column.null_count and column.type in _NULLABLE:
            frame[name] = column.to_pandas(types_mapper=_NULLABLE.get)
    return frame


def _result_key(name: str, params: dict[str, Any]) -> tuple[Hashable, ...] | None:
    """The query and its parameters as a key (lists as tuples); None when a value cannot be
    one, and such a call is simply not kept."""
    items: list[Hashable] = [name]
    for key in sorted(params):
        value = params[key]
        if isinstance(value, list | tuple):
            value = ("list", *value)
        try:
            hash(value)
        except TypeError:
            return None
        items.append((key, value))
    return tuple(items)


def _as_dicts(result: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    columns = [d[0] for d in result.description or ()]
    return [dict(zip(columns, values, strict=True)) for values in result.fetchall()]


class AtOnce:
    """What ``Database.at_once`` gives: ``run(f, *args, **kwargs)``, a future of the call."""

    def __init__(self, pool: ThreadPoolExecutor | None) -> None:
        self._pool = pool
        self._given: list[Future[Any]] = []

    def __call__(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> Future[T]:
        if self._pool is not None:
            context = copy_context()  # the caller's, taken now
            given = self._pool.submit(lambda: context.run(fn, *args, **kwargs))
        else:
            given = Future()
            try:
                given.set_result(fn(*args, **kwargs))
            except Exception as exc:  # raised when the block ends, as from a thread
                given.set_exception(exc)
        self._given.append(given)
        return given

    def raise_first(self) -> None:
        """The first call's error, in the order given (every call has ended)."""
        for given in self._given:
            if (error := given.exception()) is not None:
                raise error


class _Pending:
    """An answer being read: the Arrow table it will be, and how many callers wait for it."""

    def __init__(self) -> None:
        self.answer: Future[pa.Table] = Future()
        self.waiting = 0


class Database:
    """The application's handle on one database file.

    DuckDB connections are not safe to share between threads, so each call takes its own
    cursor from the one connection (Streamlit serves every session from its own thread).
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        read_only: bool = True,
        source: Path | None = None,
        migrate_first: bool = True,
    ) -> None:
        """``path``: the published file. Read-only, the handle holds the generation published
        now, opened through a private link (``generations.reader_link``). Read-write, DuckDB
        opens ``source`` (a writer's copy, see ``writing``), or ``path`` itself for a file that
        nobody else can see yet (a scratch database, a new file being built)."""
        self.path = Path(path)
        self.read_only = read_only
        self.migrated = False
        self.generation = ""
        try:
            if read_only:
                if not self.path.exists():
                    raise DatabaseMissing(str(self.path))
                if migrate_first:
                    bring_up_to_date(self.path)
                self.conn = self._open_published()
            else:
                self.conn = duckdb.connect(str(source or self.path))
        except duckdb.Error as exc:
            if generations.is_damage(exc):
                raise generations.damaged(self.path, exc) from exc
            raise
        self._lock = threading.Lock()
        self._meta: dict[str, tuple[Any, ...] | None] = {}
        self._results: OrderedDict[tuple[Hashable, ...], tuple[pd.DataFrame, int]] = OrderedDict()
        self._results_bytes = 0
        # the answers being read now, by key: a second caller of the same query waits for the
        # first's (``query``) rather than reading it again
        self._pending: dict[tuple[Hashable, ...], _Pending] = {}
        # Benchmarks set a list here to learn which queries a page ran and how long each took.
        self.trace: list[tuple[str, dict[str, Any], float]] | None = None
        # Inside ``trial()``: the connection whose uncommitted rows the queries must see.
        self._reading: duckdb.DuckDBPyConnection | None = None
        # Inside ``answers_kept()`` (how deep): a writer's handle keeps its answers too.
        self._keeping = 0
        if not read_only:
            before = current_version(self.conn)
            self.migrated = migrate(self.conn) != before

    def _open_published(self) -> duckdb.DuckDBPyConnection:
        if generations.wal_path(self.path).exists():
            # a log left by an older version's writer: only DuckDB opening the file by its own
            # name reads it (the next write folds it into the file)
            self.generation = generations.identity(os.stat(self.path))
            return duckdb.connect(str(self.path), read_only=True)
        try:
            link, self.generation = generations.reader_link(self.path)
        except FileNotFoundError:
            raise DatabaseMissing(str(self.path)) from None
        if link is None:
            return duckdb.connect(str(self.path), read_only=True)
        try:
            return duckdb.connect(str(link), read_only=True)
        finally:
            link.unlink()  # DuckDB holds the file open; the name was only for opening it

    def close(self) -> None:
        self.conn.close()

    def release_memory(self) -> None:
        """Let DuckDB give back what it keeps of what it has read: the blocks it caches (up to
        its memory limit, 80 % of the machine's memory) and what its allocator holds on to. A
        writer's check of its copy reads every block (``verify``); the import's checks that
        follow read little of it again: nationally 0,23 GB given back right after the check.
        Done by lowering the limit for an instant, so only on a handle whose DuckDB no one else
        queries meanwhile (a writer's copy): a query running then could be refused for memory.
        Blocks in use stay (the limit is refused, what could be let go has been)."""
        try:
            self.conn.execute("set memory_limit = '1MB'")
        except duckdb.Error:
            pass
        finally:
            self.conn.execute("reset memory_limit")

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def cursor(self) -> duckdb.DuckDBPyConnection:
        with self._lock:
            return self.conn.cursor()

    @contextmanager
    def reader(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """What a read runs on: a cursor of its own (closed after), or inside ``trial()`` the
        trial's connection, which alone sees the rows written in it."""
        own = self._reading
        if own is not None:
            yield own
            return
        cur = self.cursor()
        try:
            yield cur
        finally:
            cur.close()

    def _read(
        self,
        name: str,
        params: dict[str, Any],
        fetch: Callable[[duckdb.DuckDBPyConnection, str, dict[str, Any]], T],
    ) -> T:
        """Run queries/<name>.sql on a cursor of its own (``reader``); ``fetch`` runs it and
        takes the result in the form the caller wants."""
        q = load_query(name)
        q.check(params)
        started = time.perf_counter()
        try:
            with self.reader() as cur:
                return fetch(cur, q.for_params(params), params)
        except duckdb.Error as exc:
            raise self._failed(name, exc) from exc
        finally:
            if self.trace is not None:
                self.trace.append((name, params, time.perf_counter() - started))

    def _failed(self, name: str, exc: duckdb.Error) -> Exception:
        """What a read that DuckDB refused raises: the file's damage, or the query's error."""
        if generations.is_damage(exc):
            return generations.damaged(self.path, exc)
        return QueryError(name, exc)

    def query(self, name: str, **params: Any) -> pd.DataFrame:
        """Run queries/<name>.sql with exactly the parameters it declares.

        A read-only handle's generation never changes (a write publishes a new file), so it
        keeps what a query answered and gives the same parameters a copy of it: one page run
        asked the same rows two or three times from functions that do not know of each other
        (the data's years, the statuses of the chosen year, the term's targets). It keeps at
        most ``RESULTS_MAX_BYTES`` and no single answer over a quarter of that."""
        key = _result_key(name, params) if self.read_only or self._keeping else None
        if key is None:
            return self._read(name, params, _frame)
        reading: _Pending | None = None
        with self._lock:
            kept = self._results.get(key)
            if kept is not None:
                self._results.move_to_end(key)
                return kept[0].copy()  # a frame of the caller's own: it may change it
            pending = self._pending.get(key)
            if pending is not None:
                pending.waiting += 1
            else:
                pending = self._pending[key] = _Pending()
                reading = pending
        if reading is None:
            # the same rows being read by another caller (two calls of ``at_once``, two
            # sessions): its Arrow answer, made a frame of this caller's own
            return as_frame(pending.answer.result())
        try:
            table = self._read(name, params, _arrow)
        except BaseException as exc:
            with self._lock:
                del self._pending[key]
            reading.answer.set_exception(exc)
            raise
        reading.answer.set_result(table)
        # its size is the Arrow result's, read off its buffers: pandas' ``memory_usage`` builds
        # a series over every column (0,9 ms for a page's counts, 1 ms of its 16 queries' 7 ms
        # on average)
        frame = as_frame(table)
        size = int(table.nbytes)
        with self._lock:
            del self._pending[key]
            if size > RESULTS_MAX_BYTES // 4:
                return frame
            if key not in self._results:
                self._results[key] = (frame, size)
                self._results_bytes += size
            while self._results_bytes > RESULTS_MAX_BYTES:
                _, (_, dropped) = self._results.popitem(last=False)
                self._results_bytes -= dropped
        return frame.copy()  # a frame of the caller's own: it may change what it is given

    @contextmanager
    def at_once(self) -> Iterator[AtOnce]:
        """Calls that do not need each other, run ``AT_ONCE`` at a time (the machine's cores)
        on a read-only handle: ``with db.at_once() as run: a = run(f, x)`` gives a future of
        ``f(x)``; the block ends when every call has.

        Two of DuckDB's queries in two threads run side by side, and a page's queries are
        small: one keeps barely more than one core busy (a national year's rows are two or
        three of DuckDB's row groups). The national presentation's 20 queries took 256–308 ms
        two at a time against 385–420 one after the other. A query beside Python that keeps
        Python's lock busy gains little: DuckDB takes that lock back as it runs (a query on one
        DuckDB thread and 123 ms of a Python loop took their sum, 293 ms; two such queries
        together 251 ms against 343). So the calls worth running at once are each mostly a
        query. Each runs in a copy of the caller's context (the rounding of
        ``as_published``). When the block ends, every call has ended, and the first call (in
        the order given) that failed raises its error there: none is lost on a future the
        caller no longer reads.

        A writer's handle runs each call when it is given, in the caller's thread: inside its
        ``trial()`` every read shares one connection (``reader``). So does a machine of one
        core."""
        if AT_ONCE < 2 or not self.read_only:
            run = AtOnce(None)
            yield run
        else:
            with ThreadPoolExecutor(AT_ONCE, thread_name_prefix="xeploai-at-once") as pool:
                run = AtOnce(pool)
                yield run
        run.raise_first()

    @contextmanager
    def answers_kept(self) -> Iterator[None]:
        """On a writer's handle, its answers kept for the block as a reader's are (``query``),
        then forgotten: reads that nothing is written between and that ask the same rows twice
        read them once (two rules read the same query of the scores: 6 ms of a district write's
        50 for its rule findings, ``rules.keep_findings``). A reader keeps its answers anyway."""
        if self.read_only:
            yield
            return
        self._keeping += 1
        try:
            yield
        finally:
            self._keeping -= 1
            if not self._keeping:
                self.forget_results()

    def forget_results(self) -> None:
        """Drop the kept answers (the benchmark's cold runs pay every query)."""
        with self._lock:
            self._results.clear()
            self._results_bytes = 0

    def rows(self, name: str, **params: Any) -> list[dict[str, Any]]:
        """The same, as plain Python values: a null stays None (a data frame would make a null
        count NaN and an integer column float), for code that compares rows value by value."""
        return self._read(name, params, lambda cur, sql, p: _as_dicts(cur.execute(_parsed(sql), p)))

    def stream(self, name: str, batch: int = 10_000, **params: Any) -> Iterator[dict[str, Any]]:
        """The same rows, handed out ``batch`` at a time as they are fetched, on a cursor of their
        own while the caller reads them: a national history's 3,2 million cell results written
        to a file are never all in memory. Several may be read at once, each on its own cursor
        (never ``trial()``'s connection, which holds one result at a time: what a trial wrote
        is not seen here)."""
        q = load_query(name)
        q.check(params)
        cur = self.cursor()
        try:
            try:
                result = cur.execute(_parsed(q.for_params(params)), params)
            except duckdb.Error as exc:
                raise self._failed(name, exc) from exc
            columns = [d[0] for d in result.description or ()]
            while chunk := result.fetchmany(batch):
                for values in chunk:
                    yield dict(zip(columns, values, strict=True))
        finally:
            cur.close()

    def arrow(self, name: str, **params: Any) -> Any:
        """The same, as an Arrow table (column types kept exactly, for copying data in bulk)."""
        # A relation, not an executed statement: DuckDB then hands the rows over without a copy.
        return self._read(name, params, lambda cur, sql, p: cur.sql(sql, params=p).to_arrow_table())

    def execute(self, statement: str | Query, **params: Any) -> list[tuple[Any, ...]]:
        """Run a statement that writes — queries/writes/<name>.sql, or a ``Query`` built in
        code — with exactly the parameters it declares. It runs on the handle's own connection,
        hence inside the transaction opened by ``transaction()``, if any. Returns the rows of a
        ``returning`` clause (otherwise DuckDB's one row: the count of rows changed)."""
        q = load_statement(statement) if isinstance(statement, str) else statement
        q.check(params)
        try:
            return self.conn.execute(q.sql, params).fetchall()
        except duckdb.Error as exc:
            raise QueryError(q.name, exc) from exc

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """``with db.transaction() as conn:`` — all the statements of the block, or none.

        Commits when the block ends; rolls back and re-raises when anything escapes it. The
        statements must run on the handle's own connection (``execute``, ``set_meta`` or the
        ``conn`` given here): a cursor is a separate connection, outside the transaction.
        """
        with transaction(self.conn) as conn:
            yield conn

    @contextmanager
    def trial(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """``with db.trial() as conn:`` — statements whose effects are read, then rolled back
        whatever happens (a dry run on a scratch database: nothing committed, nothing written
        to the file's log). The handle's queries run on its own connection meanwhile, to see
        the uncommitted rows: only for a handle one thread uses (a scratch database)."""
        if self.read_only:
            raise ValueError("a trial writes: not on a read-only handle")
        if self._reading is not None:  # DuckDB would abort the trial's transaction
            raise RuntimeError("a trial within a trial")
        with trial(self.conn) as conn:
            self._reading = conn
            try:
                yield conn
            finally:
                self._reading = None

    def meta(self, key: str, default: str | None = None) -> str | None:
        """A value of the ``meta`` table. A read-only handle's generation never changes (a
        write publishes a new file), so it reads each key once: the data version alone is
        asked by every cached call of a page, ≈ 20 times a rerun."""
        if self.read_only and key in self._meta:
            row = self._meta[key]
        else:
            with self.reader() as cur:
                row = cur.execute(
                    "select value from meta where key = $key", {"key": key}
                ).fetchone()
            if self.read_only:
                self._meta[key] = row
        return row[0] if row else default

    def set_meta(self, key: str, value: str) -> None:
        self.conn.execute(
            "insert or replace into meta values ($key, $value)", {"key": key, "value": value}
        )

    def rounding(self) -> str:
        """How this database's percentages are rounded (``domain.numbers.ROUNDINGS``)."""
        return self.meta("rounding", "half_up") or "half_up"

    def data_version(self) -> str:
        """Changes whenever the data does: caches are keyed on it."""
        return self.meta("data_version", "0") or "0"


@contextmanager
def writing(path: str | os.PathLike[str], *, wait: float = WRITE_WAIT) -> Iterator[Database]:
    """``with writing(path) as db:`` — a read-write handle on a copy of the file, published in
    one rename when the block ends, discarded when anything escapes it.

    Readers never wait and never see the copy: those that opened the file before keep reading
    the generation they opened, those that open it after read the new one. Writers take turns
    (``generations.write_lock``): this one waits up to ``wait`` seconds for another, then
    raises DatabaseLocked. A block that changed nothing (the data version and the schema as
    they were: every write moves the data version on) publishes nothing.
    """
    published = Path(path)
    with generations.write_lock(published, wait):
        if not published.exists():
            raise DatabaseMissing(str(published))
        draft = generations.draft_path(published)
        legacy_wal = generations.wal_path(published)
        try:
            with generations.held_for_reading(published) as fd:
                generations.copy_from(fd, draft)
                if legacy_wal.exists():  # an older version's log: the copy must replay it
                    shutil.copyfile(legacy_wal, generations.wal_path(draft))
                copied = generations.identity(os.fstat(fd))
            handle = Database(published, read_only=False, source=draft)
            # the generation it is a copy of, as a reader of that generation knows it
            handle.generation = "" if legacy_wal.exists() else copied
        except BaseException as exc:
            generations.discard(draft)
            raise _failure(published, exc) from exc
        try:
            verify(handle)  # a damaged block is refused here, before anything is written
            handle.release_memory()  # what the check read is not what the write reads
            version = handle.data_version()
            yield handle
            changed = handle.migrated or legacy_wal.exists() or handle.data_version() != version
            if changed:
                handle.conn.execute("checkpoint")
            handle.close()
            if changed:
                if generations.wal_path(draft).exists():  # a checkpoint that did not take
                    raise WriteFailed(
                        STORE["write_failed"].format(path=published, cause="checkpoint")
                    )
                generations.flush(draft)
                generations.publish(draft, published)
        except BaseException as exc:
            handle.close()
            generations.discard(draft)
            raise _failure(published, exc) from exc
        if not changed:
            generations.discard(draft)
            return
        legacy_wal.unlink(missing_ok=True)


# A new database of the current schema takes 140–170 ms to make (seven migrations, their
# views and macros bound, the derived tables); a copy of one made before opens in 25–30 ms. An
# import makes one for every check of its files (the tree it derives) and a preview one more
# (the rules as they would be), so each is copied from a template: a file of the schema, made
# once per machine and user for the sources that make it, in a folder only that user reads.
_SCHEMA_SOURCES = ("schema.py", "tree.py", "aggregates.py", "transactions.py")


def _template_dir() -> Path:
    """The user's private folder of templates, made again should a cleaner of the temporary
    folder have removed it while the server runs."""
    uid = os.getuid() if hasattr(os, "getuid") else 0
    folder = Path(tempfile.gettempdir()) / f"xeploai-{uid}"
    folder.mkdir(mode=0o700, exist_ok=True)
    if folder.is_symlink() or folder.stat().st_mode & 0o077:
        raise PermissionError(f"{folder} is not this user's own folder")
    return folder


@cache
def _schema_stamp() -> str:
    digest = hashlib.sha256(duckdb.__version__.encode())
    here = Path(__file__).resolve().parent
    for name in _SCHEMA_SOURCES:
        digest.update((here / name).read_bytes())
    digest.update(Path(domain_orgs.__file__).read_bytes())
    return digest.hexdigest()[:16]


def _template() -> Path:
    """The schema's template file, made now when there is none (or it cannot be read)."""
    path = _template_dir() / f"schema-{_schema_stamp()}.duckdb"
    if path.exists():
        return path
    fd, draft = tempfile.mkstemp(dir=path.parent, suffix=".duckdb")
    os.close(fd)
    os.unlink(draft)  # DuckDB makes the file itself
    try:
        with duckdb.connect(draft) as conn:
            migrate(conn)
            conn.execute("checkpoint")
        os.replace(draft, path)  # whole or not at all, whoever else makes one at once
    finally:
        Path(draft).unlink(missing_ok=True)
        generations.wal_path(Path(draft)).unlink(missing_ok=True)
    # what older versions left: their templates, and scratches of a process that was killed
    stale = time.time() - 86_400
    for other in path.parent.iterdir():
        if other != path and (other.name.startswith("schema-") or other.stat().st_mtime < stale):
            other.unlink(missing_ok=True)
    return path


@contextmanager
def scratch() -> Iterator[Database]:
    """A writable database of the current schema that nobody else sees, gone when the block
    ends (an import's checks, a dry run). Made in memory as before when no template can be
    kept or copied (a read-only temporary folder, one that others may write to, a template
    another version of the program has just replaced)."""
    path: Path | None = None
    try:
        template = _template()
        fd, name = tempfile.mkstemp(dir=template.parent, suffix=".duckdb")
        path = Path(name)
        with os.fdopen(fd, "wb") as out, template.open("rb") as src:
            shutil.copyfileobj(src, out)
    except (OSError, duckdb.Error):
        if path is not None:
            path.unlink(missing_ok=True)
        path = None
    if path is None:
        with Database(":memory:", read_only=False) as db:
            yield db
        return
    try:
        with Database(path, read_only=False) as db:
            db.conn.execute("pragma disable_checkpoint_on_shutdown")  # thrown away after
            yield db
    finally:
        path.unlink(missing_ok=True)
        generations.wal_path(path).unlink(missing_ok=True)


def _failure(path: Path, exc: BaseException) -> BaseException:
    """What a failed write tells its caller: the damage or the file system's refusal in
    Vietnamese (DuckDB's and the system's own words kept as the cause), anything else as it
    was (a refused import, a program error)."""
    if isinstance(exc, (DatabaseDamaged, WriteFailed, DatabaseLocked, DatabaseMissing)):
        return exc
    cause = exc.__cause__ if isinstance(exc, QueryError) and exc.__cause__ else exc
    if isinstance(cause, (duckdb.Error, OSError)):
        if generations.is_damage(cause):
            return generations.damaged(path, cause)
        if (
            isinstance(cause, (OSError, duckdb.IOException))
            or "no space" in str(cause).lower()
            or "disk is full" in str(cause).lower()
        ):
            return generations.write_failed(path, cause)
    return exc


def verify(db: Database) -> None:
    """Read every row of every table: DuckDB checks each block's checksum as it reads it, so a
    damaged block anywhere in the data raises DatabaseDamaged (the free blocks do not matter).
    Costs one scan of the file; a write does it on its copy before it changes anything. The
    tables are read in one query (``union all``), which DuckDB plans once and reads on every
    core: a district's 35 tables 45–54 → 22 ms, one query each; nationally 0,9 → 0,8 s."""
    cur = db.cursor()
    try:
        tables = [
            row[0]
            for row in cur.execute(
                "select table_name from information_schema.tables"
                " where table_type = 'BASE TABLE' and table_schema = 'main'"
            ).fetchall()
        ]
        reads = [  # names from the catalogue itself, quoted
            "select bit_xor(hash(t)) from " + '"' + table.replace('"', '""') + '" t'
            for table in tables
        ]
        if reads:
            cur.execute(" union all ".join(reads)).fetchall()
    except duckdb.Error as exc:
        if generations.is_damage(exc):
            raise generations.damaged(db.path, exc) from exc
        raise
    finally:
        cur.close()


class Live:
    """The newest generation of a file, for a process that reads it for a long time (the app).

    ``current()`` looks at the published name (one ``stat``) and opens the new generation when
    a writer has published one. A handle it gave out before stays open for whoever still holds
    it (a page being drawn finishes on the data it began with); it closes when the last holder
    lets it go. Nothing here closes a handle someone may be using.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._handle: Database | None = None

    def current(self) -> Database:
        try:
            now = generations.identity(os.stat(self.path))
        except FileNotFoundError:
            raise DatabaseMissing(str(self.path)) from None
        with self._lock:
            handle = self._handle
            if handle is None or handle.generation != now:
                handle = self._handle = Database(self.path, read_only=True)
            return handle
