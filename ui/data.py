"""The cached database and every cached call into the core, through one decorator.

``cached`` turns a core function ``fn(db, *args)`` into ``fn(*args)`` whose result is kept
until the data changes: the cache key holds the database file and its data version, so an
import or an undo shows at once, and two files never share a result. It narrows every
``Filters`` and ``Selection`` argument to the organizations the signed-in user may see before
the call, so a scoped viewer's page, link and export cannot reach past the scope: scope is
applied here, once, not by each page.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import inspect
from collections.abc import Callable
from dataclasses import replace
from typing import Any, Concatenate, ParamSpec, TypeVar

import streamlit as st

from ui.auth import current_user
from xeploai.domain import workflow
from xeploai.domain.selection import ALL, Filters, Selection
from xeploai.ingest.workbook import template_bytes
from xeploai.metrics.yearly import as_published
from xeploai.store.database import Database, DatabaseMissing, db_path
from xeploai.texts import UI

P = ParamSpec("P")
T = TypeVar("T")


@st.cache_resource(show_spinner=False)
def _open(path: str) -> Database:
    return Database(path, read_only=True)


def db() -> Database:
    """The shared read-only handle; stops the page with a Vietnamese message if there is none."""
    path = db_path()
    try:
        return _open(str(path))
    except DatabaseMissing:
        st.error(UI["db_missing"].format(path=path))
        st.stop()
        raise  # st.stop() raises; this line is for type checkers


def close() -> None:
    """Drop the shared handle (a write needs the file; the next ``db()`` opens it again)."""
    path = str(db_path())
    with contextlib.suppress(DatabaseMissing):
        _open(path).close()
    _open.clear()


def data_key() -> tuple[str, str]:
    """The file and its data version: what every cached result depends on."""
    handle = db()
    return str(handle.path), handle.data_version()


def scoped(filters: Filters = ALL) -> Filters:
    """The filters narrowed to what the signed-in user may see."""
    user = current_user()
    if not user.scoped:
        return filters
    allowed = user.orgs if filters.orgs is None else tuple(
        code for code in filters.orgs if code in user.orgs)
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
        arguments = tuple((name, _narrow(value))
                          for name, value in list(bound.arguments.items())[1:])
        return functools.partial(kept, data_key(), arguments)

    @functools.wraps(fn)
    def call(*args: P.args, **kwargs: P.kwargs) -> T:
        return prepare(*args, **kwargs)()

    _PREPARED[call] = prepare
    return call


_PREPARED: dict[Callable[..., Any], Callable[..., Callable[[], Any]]] = {}


def deferred(fn: Callable[Concatenate[Database, P], T], *args: P.args, **kwargs: P.kwargs
             ) -> Callable[[], T]:
    """``cached(fn)`` bound now (data version, user's scope) and run later, e.g. when a download
    button is pressed, outside the page's run."""
    prepared: Callable[[], T] = _PREPARED[cached(fn)](*args, **kwargs)
    return prepared


@st.cache_data(show_spinner=False)
def template() -> bytes:
    """The import template (the same for every database)."""
    return template_bytes()


def today() -> dt.date:
    """The day deadlines are reckoned from (``XEPLOAI_TODAY`` fixes it for a rehearsal)."""
    return workflow.today()
