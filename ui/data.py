"""The cached database and every cached call into the core, through one decorator.

``cached`` turns a core function ``fn(db, *args)`` into ``fn(*args)`` whose result is kept
until the data changes: the cache key holds the database file and its data version, so an
import or an undo shows at once, and two files never share a result. It narrows every
``Filters`` and ``Selection`` argument to the organizations the signed-in user may see before
the call, so a scoped viewer's page, link and export cannot reach past the scope: scope is
applied here, once, not by each page.

The handle is the newest generation of the file (``store.database.Live``): a write elsewhere
publishes a new file, and the next ``db()`` opens it, while a page already being drawn keeps
the generation it started with (``reading``, around the page in app.py) — before or after,
never a mixture, and never a handle closed under a reader.
"""

from __future__ import annotations

import datetime as dt
import functools
import inspect
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any, Concatenate, ParamSpec, TypeVar, cast

import streamlit as st

from ui.auth import current_user
from xeploai.domain import workflow
from xeploai.domain.selection import ALL, Filters, Selection
from xeploai.ingest.workbook import template_bytes
from xeploai.metrics.yearly import as_published
from xeploai.store.database import Database, DatabaseDamaged, DatabaseMissing, Live, db_path
from xeploai.texts import UI

P = ParamSpec("P")
T = TypeVar("T")


@st.cache_resource(show_spinner=False)
def _live(path: str) -> Live:
    return Live(path)


def _open(path: str) -> Database:
    """The newest generation of the file at ``path``."""
    return _live(path).current()


_run = threading.local()  # the handle a page run reads: Streamlit runs each session in a thread


def db() -> Database:
    """The handle this page run reads (the newest generation when the run began); stops the
    page with a Vietnamese message if there is no database."""
    path = db_path()
    pinned: Database | None = getattr(_run, "handle", None)
    if pinned is not None and pinned.path == path:
        return pinned
    try:
        return _open(str(path))
    except DatabaseMissing:
        st.error(UI["db_missing"].format(path=path))
        st.stop()
        raise  # st.stop() raises; this line is for type checkers
    except DatabaseDamaged as exc:
        st.error(str(exc), icon=":material/error:")
        st.stop()
        raise


@contextmanager
def reading(handle: Database | None = None) -> Iterator[Database]:
    """Every ``db()`` inside the block answers the same generation: the newest now, or
    ``handle``. app.py draws each page inside one, so a page is drawn from one state of the
    data even when a write publishes the next while it runs."""
    previous = getattr(_run, "handle", None)
    _run.handle = chosen = handle or db()
    try:
        yield chosen
    except DatabaseDamaged as exc:  # a damaged block met by one of the page's queries
        st.error(str(exc), icon=":material/error:")
    finally:
        _run.handle = previous


def current_path() -> Path:
    """The database file the app serves (``$XEPLOAI_DB``, else the default)."""
    return db_path()


def data_key() -> tuple[str, str]:
    """The file, its generation and its data version: what every cached result depends on."""
    return _key(db())


def _key(handle: Database) -> tuple[str, str]:
    return str(handle.path), f"{handle.generation}/{handle.data_version()}"


def scoped(filters: Filters = ALL) -> Filters:
    """The filters narrowed to what the signed-in user may see."""
    user = current_user()
    if not user.scoped:
        return filters
    allowed = (
        user.orgs
        if filters.orgs is None
        else tuple(code for code in filters.orgs if code in user.orgs)
    )
    return Filters(filters.sectors, filters.org_types, allowed)


def _narrow(value: Any) -> Any:
    if isinstance(value, Filters):
        return scoped(value)
    if isinstance(value, Selection):
        return replace(value, orgs=scoped(value.filters()).orgs)
    return value


@functools.cache
def cached(fn: Callable[Concatenate[Database, P], T]) -> Callable[P, T]:
    """``fn(db, *args)`` as ``fn(*args)``, cached on the data and narrowed to the user's scope.

    Every argument, given or left to its default, that is a ``Filters`` or a ``Selection`` is
    narrowed to the signed-in user's organizations before the call and before the cache looks
    it up. One wrapper per function for the life of the process.
    """
    signature = inspect.signature(fn)
    kinds = {p.kind for p in signature.parameters.values()}
    if kinds - {inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY}:
        raise TypeError(f"{fn.__qualname__}: cached functions take named parameters only")

    def run(key: tuple[str, str], arguments: tuple[tuple[str, Any], ...]) -> T:
        call_fn: Callable[..., T] = fn
        handle = db()
        with as_published(handle):  # the database's rounding, for every share of the screen
            return call_fn(handle, **dict(arguments))

    # Streamlit tells cached functions apart by module, qualified name and source; every
    # ``run`` has the same source, so each takes the name of the function it runs.
    run.__module__ = fn.__module__
    run.__qualname__ = f"cached.{fn.__qualname__}"
    kept = st.cache_data(show_spinner=False, max_entries=256)(run)

    def prepare(*args: Any, **kwargs: Any) -> Callable[[], T]:
        bound = signature.bind(None, *args, **kwargs)
        bound.apply_defaults()
        arguments = tuple(
            (name, _narrow(value)) for name, value in list(bound.arguments.items())[1:]
        )
        handle = db()
        key = _key(handle)

        def later() -> T:  # on the generation the key names, even if run after the page
            with reading(handle):
                return kept(key, arguments)

        return later

    @functools.wraps(fn)
    def call(*args: P.args, **kwargs: P.kwargs) -> T:
        return prepare(*args, **kwargs)()

    _PREPARED[call] = prepare
    return call


_PREPARED: dict[Callable[..., Any], Callable[..., Callable[[], Any]]] = {}

# What ``shared`` keeps: (function, file, generation and data version) → its result.
_SHARED: OrderedDict[tuple[str, str, str], Any] = OrderedDict()
_SHARED_MAX = 32
_SHARED_LOCK = threading.Lock()


def shared(fn: Callable[[Database], T]) -> Callable[[], T]:
    """``fn(db)`` kept once per database file and data version in the process, and handed to
    every caller as it is, not copied: for a result read several times a run, by every session,
    and never changed (its fields tuples, its mappings read-only). ``cached`` unpickles a copy
    at every call: the 6.099 committees of a national database took 4,5 ms each time, three or
    four times a run. ``fn`` takes the handle alone: what a user's scope narrows goes through
    ``cached``."""
    name = f"{fn.__module__}.{fn.__qualname__}"

    @functools.wraps(fn)
    def call() -> T:
        handle = db()
        key = (name, *_key(handle))
        with _SHARED_LOCK:
            if key in _SHARED:
                _SHARED.move_to_end(key)
                return cast(T, _SHARED[key])
        with as_published(handle):
            value = fn(handle)
        with _SHARED_LOCK:
            _SHARED[key] = value
            while len(_SHARED) > _SHARED_MAX:
                _SHARED.popitem(last=False)
        return value

    return call


def forget_shared() -> None:
    """Drop what ``shared`` keeps (the benchmark's cold runs, a test that wants it made)."""
    with _SHARED_LOCK:
        _SHARED.clear()


def deferred(
    fn: Callable[Concatenate[Database, P], T], *args: P.args, **kwargs: P.kwargs
) -> Callable[[], T]:
    """``cached(fn)`` bound now (data version, user's scope) and run later, e.g. when a download
    button is pressed, outside the page's run."""
    prepared: Callable[[], T] = _PREPARED[cached(fn)](*args, **kwargs)
    return prepared


def kept(name: str, fn: Callable[..., T], *args: Any) -> T:
    """``fn(db, *args)``, kept in this session under ``name`` while the data and ``args`` stay
    the same: the object itself, one per name (the one before let go first).

    For a result too big for ``cached``, which pickles what it keeps and copies it out at every
    rerun: a national year's dry run is 1,2 million changes, 7–8 s to pickle and 317 MiB kept,
    then 4–5 s and a gigabyte to copy out at every rerun of the page (the press of its import
    button among them)."""
    handle = db()
    wanted = (_key(handle), args)
    held = st.session_state.get(_KEPT + name)
    if held is not None and held[0] == wanted:
        return cast(T, held[1])
    let_go(name)
    with as_published(handle):
        value = fn(handle, *args)
    st.session_state[_KEPT + name] = (wanted, value)
    return value


def let_go(name: str) -> None:
    """What ``kept`` holds under ``name``, let go (the files it was made of are gone); closed
    when it can be (a dry run made in a process of its own ends that process)."""
    held = st.session_state.pop(_KEPT + name, None)
    close = getattr(held[1], "close", None) if held is not None else None
    if close is not None:
        close()


_KEPT = "_kept_"


@st.cache_data(show_spinner=False)
def template() -> bytes:
    """The import template (the same for every database)."""
    return template_bytes()


def today() -> dt.date:
    """The day deadlines are reckoned from (``XEPLOAI_TODAY`` fixes it for a rehearsal)."""
    return workflow.today()
