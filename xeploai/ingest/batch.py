"""The batch: what an import would change, computed before anything is written.

A ``Batch`` is the checked content of the files as its difference with the database — rows
added, rows changed (old and new), and how many rows the files repeat unchanged. It is what the
dry run shows, what the commit writes and logs, and what the rule checks simulate; re-importing
the same file gives an empty batch and changes nothing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any, NamedTuple

from xeploai.ingest.read import Source
from xeploai.ingest.spec import TABLE_COLUMNS, TABLES, YEARLY_TABLES
from xeploai.store.tree import SOURCE_TABLES
from xeploai.texts import IMPORT, IMPORT_TABLE_LABELS, fmt_int

if TYPE_CHECKING:
    import pyarrow as pa

# Rows of one table by their key (spec.TABLE_KEYS), as stored or as the files would make them.
RowsByKey = dict[tuple[Any, ...], dict[str, Any]]


class PackedRows(Mapping[tuple[Any, ...], dict[str, Any]]):
    """A table's checked rows by key, each kept as a tuple of the table's columns
    (``TABLE_COLUMNS``' order; a column the row lacks is None) rather than a dict: a national
    year's checks keep 2,2 million rows until the batch is written, and a dict of 7 columns
    takes 270 bytes where a tuple takes 96. A row asked for by its key is made a dict of its
    own then (a check's lookup, the difference with a stored row); ``values_of`` gives the
    tuple. Read-only: a row is packed once its check has made it."""

    __slots__ = ("_rows", "columns")

    def __init__(self, table: str, rows: dict[tuple[Any, ...], tuple[Any, ...]]) -> None:
        """``rows``: each row's values by its key, as ``row_values`` makes them."""
        self.columns = TABLE_COLUMNS[table]
        self._rows = rows

    def __getitem__(self, key: tuple[Any, ...]) -> dict[str, Any]:
        return dict(zip(self.columns, self._rows[key], strict=True))

    def __contains__(self, key: object) -> bool:
        return key in self._rows

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)

    def values_of(self, key: tuple[Any, ...]) -> tuple[Any, ...]:
        """The row of ``key`` as its tuple (no dict made)."""
        return self._rows[key]

    def tuples(self) -> list[tuple[Any, ...]]:
        """Every row as its tuple, in the order of the keys."""
        return list(self._rows.values())


class Over(Mapping[tuple[Any, ...], dict[str, Any]]):
    """Rows by key of several tables of rows, the first's over the next's (the file's checked
    rows over the stored ones), looked up in each in turn rather than copied into one dict (a
    national year's results, packed, would each be made a dict again). Iterated as
    ``collections.ChainMap`` is: the last table's keys first."""

    __slots__ = ("layers",)

    def __init__(self, *layers: Mapping[tuple[Any, ...], dict[str, Any]]) -> None:
        self.layers = layers

    def __getitem__(self, key: tuple[Any, ...]) -> dict[str, Any]:
        for layer in self.layers:
            if key in layer:
                return layer[key]
        raise KeyError(key)

    def __contains__(self, key: object) -> bool:
        return any(key in layer for layer in self.layers)

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        seen: dict[tuple[Any, ...], None] = {}
        for layer in reversed(self.layers):
            seen.update(dict.fromkeys(layer))
        return iter(seen)

    def __len__(self) -> int:
        return sum(1 for _ in self)


def row_values(table: str, row: Mapping[str, Any]) -> tuple[Any, ...]:
    """A row of the table as its values in the order of its columns (one it lacks: None)."""
    return tuple(map(row.get, TABLE_COLUMNS[table]))


def packed(table: str, rows: Mapping[tuple[Any, ...], Mapping[str, Any]]) -> PackedRows:
    """The rows packed (``PackedRows``), unless they are already."""
    if isinstance(rows, PackedRows):
        return rows
    return PackedRows(table, {key: row_values(table, row) for key, row in rows.items()})


class Change(NamedTuple):
    """One row the import adds (``old`` None) or changes. A tuple: a national year's batch makes
    1,2 million of them (a frozen dataclass took twice as long to make, 1,3 s). The new row is
    kept as its values in ``TABLE_COLUMNS``' order (``PackedRows``); ``new`` makes it a dict."""

    table: str
    key: tuple[Any, ...]
    old: dict[str, Any] | None  # None: the row is new
    values: tuple[Any, ...]  # the new row's, in the order of the table's columns

    @classmethod
    def of(
        cls, table: str, key: tuple[Any, ...], old: dict[str, Any] | None, new: Mapping[str, Any]
    ) -> Change:
        """The change to the row ``new`` (a dict; a column it lacks is None)."""
        return cls(table, key, old, row_values(table, new))

    @property
    def new(self) -> dict[str, Any]:
        """The new row as a dict of the table's columns."""
        return dict(zip(TABLE_COLUMNS[self.table], self.values, strict=True))

    def changed_columns(self) -> list[tuple[str, Any, Any]]:
        if self.old is None:
            return []
        return [
            (c, self.old.get(c), new)
            for c, new in zip(TABLE_COLUMNS[self.table], self.values, strict=True)
            if self.old.get(c) != new
        ]


@dataclass
class Batch:
    """The checked content of the files and its difference with the database."""

    sources: list[Source]
    changes: list[Change]
    unchanged: Counter[str]
    notes: list[str]
    # What it was checked against (``validate.checked_against``): the published generation of
    # the database and the day; "" when that cannot be told (the batch is then never reused).
    basis: str = ""

    @cached_property
    def by_table(self) -> dict[str, list[Change]]:
        """The changes of each table (every table of ``spec.TABLES``, in its order), sorted
        once: a national year's batch holds three million changes, and looking through them
        once a table cost seconds at every step (the counts, the log, the write)."""
        out: dict[str, list[Change]] = {table: [] for table in TABLES}
        for c in self.changes:
            out[c.table].append(c)
        return out

    @cached_property
    def new_columns(self) -> dict[str, pa.Table]:
        """The new rows of each table the batch changes, as columns (in the order of its
        changes): what is written, and what the undo log keeps as the row after. Made once: the
        dry run writes them into its scratch copy for the rule checks, and the commit given
        that dry run writes the same (a national year's 1,2 million changes)."""
        from xeploai.ingest.statements import values_as_columns

        return {
            table: values_as_columns(table, [c.values for c in mine])
            for table, mine in self.by_table.items()
            if mine
        }

    @property
    def years(self) -> list[int]:
        """The evaluation years whose rule findings the batch may change: those of its results
        and of its scores (QĐ 366 reads a level against the score), and the year after a
        remediation plan's review (from 2025 an excellent organization has remedied every
        shortcoming of the previous review)."""
        years = {int(c.key[0]) for table in YEARLY_TABLES for c in self.by_table[table]}
        years |= {
            int(c.key[0]) + 1
            for table in ("remediation_items", "remediation_reports")
            for c in self.by_table[table]
        }
        return sorted(years)

    def counts(self) -> dict[str, dict[str, int]]:
        out: dict[str, dict[str, int]] = {}
        for table, mine in self.by_table.items():
            added = sum(c.old is None for c in mine)
            out[table] = {
                "added": added,
                "changed": len(mine) - added,
                "unchanged": self.unchanged[table],
            }
        return out

    @property
    def leaves_tree(self) -> bool:
        """Whether the batch changes no organization and no event: the tree stands as stored
        (the write makes only the years it adds, the dry run's copy takes the stored nodes)."""
        return not any(self.by_table[table] for table in SOURCE_TABLES)

    @property
    def empty(self) -> bool:
        return not self.changes

    def summary_text(self) -> str:
        return "; ".join(
            IMPORT["diff_summary"].format(
                table=IMPORT_TABLE_LABELS[t],
                added=fmt_int(n["added"]),
                changed=fmt_int(n["changed"]),
                unchanged=fmt_int(n["unchanged"]),
            )
            for t, n in self.counts().items()
            if any(n.values())
        )

    def first_changes(self, each: int) -> list[Change]:
        """The first ``each`` changes of every table, in the batch's order (by table, then by
        key): what the import page lists (a national year's 1.173.017 changes, all written out,
        were 3,3 s of every rerun of the page and 103 MB sent to the browser)."""
        return [c for mine in self.by_table.values() for c in mine[:each]]

    def diff_rows(self, changes: Sequence[Change] | None = None) -> list[dict[str, str]]:
        """The dry run as rows for a table: kind, table, key, changes (old → new); of
        ``changes`` (None: every change of the batch)."""
        rows = []
        for c in self.changes if changes is None else changes:
            rows.append(
                {
                    "kind": "added" if c.old is None else "changed",
                    "table": c.table,
                    "key": " · ".join(str(k) for k in c.key),
                    "change": ", ".join(
                        IMPORT["diff_change"].format(
                            column=col, old=_fmt_value(old), new=_fmt_value(new)
                        )
                        for col, old, new in c.changed_columns()
                    ),
                }
            )
        return rows


def _fmt_value(value: object) -> str:
    if value is None:
        return IMPORT["empty_value"]
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return fmt_int(value)
    return str(value)
