"""The stored catalogue as the checks of a file that adds no organization of its own ask it.

A file without an organization or an event of its own (a form's status or quarterly report, a
file of scores or steps) names a few organizations, and its checks look those up; a national
catalogue is 408.696 rows, read as Python values in 1,35 s at every form entered.
``NamedCatalogue`` reads the rows of the codes the file names, and the whole catalogue the moment
a check asks for any other code, walks the catalogue or counts it: a check that looks further
than the file's codes sees what it saw before, only later. A file that
brings organizations or events reads the catalogue whole from the start (``validate.prepare``):
its checks walk parents and fold every name under them.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, MutableMapping
from typing import Any

from xeploai.ingest.spec import STORED_ROWS, stored_params
from xeploai.store.database import Database

Org = dict[str, Any]


# The columns whose values many organizations share (a kind, a sector, a parent, a year, a
# day of a reorganization): one object per value, not one per row. Each row fetched as Python
# values brings its own; a national catalogue's 408.696 rows held 0,1 GB of copies.
_SHARED = frozenset(
    {"org_type", "parent_code", "sector", "active_from", "active_to", "founded", "ended"}
)


def read_catalogue(db: Database, codes: Collection[str] | None = None) -> dict[str, Org]:
    """The stored organizations by code, in the stored query's order; only ``codes`` when given
    (None: every one). Read as Arrow columns, a shared column's distinct values made Python
    values once (``_SHARED``): as fast as the rows fetched one by one (1,4–1,6 s nationally),
    where sharing the values of rows fetched so took 2,0–2,3 s."""
    table = db.arrow(
        STORED_ROWS["organizations"],
        **stored_params("organizations", codes=None if codes is None else sorted(codes)),
    )
    columns: list[list[Any]] = []
    for name in table.column_names:
        column = table.column(name)
        if name in _SHARED:
            encoded = column.combine_chunks().dictionary_encode()
            values = encoded.dictionary.to_pylist()
            columns.append([None if i is None else values[i] for i in encoded.indices.to_pylist()])
        else:
            columns.append(column.to_pylist())
    names = table.column_names
    code = names.index("org_code")
    return {row[code]: dict(zip(names, row, strict=True)) for row in zip(*columns, strict=True)}


class NamedCatalogue(MutableMapping[str, Org]):
    """The stored catalogue, read first only for ``named``: a code outside them asked, the whole
    walked or counted, it is read whole (once), and from then on it is the catalogue a plain
    dict of every stored row would be — the same rows in the same order, a row set over a stored
    one in its place, a new code after them. ``whole``: whether it has been read whole."""

    __slots__ = ("_absent", "_db", "_over", "_rows", "whole")

    def __init__(self, db: Database, named: Collection[str]) -> None:
        self._db = db
        self._rows = read_catalogue(db, named)
        # the codes asked for and not stored: known absent without reading the rest
        self._absent = set(named) - self._rows.keys()
        self._over: dict[str, Org] = {}  # the rows set here, in the order they were set
        self.whole = False

    def _row(self, code: str) -> Org | None:
        row = self._rows.get(code)
        if row is None and not self.whole and code not in self._absent:
            self._read_whole()
            row = self._rows.get(code)
        return row

    def _read_whole(self) -> None:
        if self.whole:
            return
        rows = read_catalogue(self._db)
        # a row already handed out stays that very dict (a check may hold it)
        rows = {code: self._rows.get(code, row) for code, row in rows.items()}
        for code, row in self._over.items():
            rows[code] = row
        self._rows, self._absent, self.whole = rows, set(), True

    def __getitem__(self, code: str) -> Org:
        row = self._row(code)
        if row is None:
            raise KeyError(code)
        return row

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and self._row(code) is not None

    def __setitem__(self, code: str, row: Org) -> None:
        self._over[code] = row
        self._rows[code] = row
        self._absent.discard(code)

    def __delitem__(self, code: str) -> None:
        raise TypeError("an organization is not taken out of the catalogue a check reads")

    def __iter__(self) -> Iterator[str]:
        self._read_whole()
        return iter(self._rows)

    def __len__(self) -> int:
        self._read_whole()
        return len(self._rows)
