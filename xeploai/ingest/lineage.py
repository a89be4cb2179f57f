"""The tree an import would leave: derived the way every query derives it, then checked.

An organization's kind and parent change with time (a hamlet cell of a commune committee became
a base cell of the new commune on 1 July 2025), so whether a result row names an organization of
the right kind, under which committee a cell's level counts, and whether the lineage events
agree with one another are questions about a given year or day. They are answered on the tree
the import would leave: the database's catalogue and events with the file's over them, written
into a scratch database in memory and derived there by ``store.tree.rebuild`` — the one
derivation, so the check and the figures cannot disagree — whose faults the same rebuild
stores (``tree_faults``, read by ``queries/lineage_faults_by_event.sql``). When the files
change no organization and no event, that tree is the database's own, derived by the same
``rebuild`` at its last write, faults and all, and it is read from there (``stored_tree``);
a year it does not hold yet (a new year's results) is derived from its stored spells by the
same statement the write will add it with.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from xeploai.domain.orgs import BASE_ORG_TYPES, PARTIAL_TYPES
from xeploai.ingest.spec import STORED_ROWS, stored_params
from xeploai.ingest.statements import as_columns, delete_staged, insert_staged, staged
from xeploai.store import tree
from xeploai.store.database import Database
from xeploai.store.database import scratch as scratch_database

Catalogue = dict[str, dict[str, Any]]


@dataclass(frozen=True)
class Asked:
    """The nodes an import's checks ask about: every node of the ``whole`` years (a committee's
    cells are counted in the years of results), and in the other years those of the ``named``
    organizations only (a step, a status, a score or a plan's item asks of its own
    organization's kind: at national scale 400.000 nodes a year, of which a few thousand are
    named in the years of older plans)."""

    whole: frozenset[int] = frozenset()
    named: dict[int, frozenset[str]] = field(default_factory=dict)

    @property
    def years(self) -> frozenset[int]:
        return self.whole | frozenset(self.named)

    def __bool__(self) -> bool:
        return bool(self.years)


# A node as the checks ask of it: its kind and its parent on 31 December of the year.
Node = tuple[str, str | None]


@dataclass
class YearTree:
    """Every node as it stood on 31 December of each year, and every node's life span (of the
    organizations named, when the checks asked about no year whole: ``Asked``)."""

    nodes: dict[tuple[int, str], Node] = field(default_factory=dict)
    life: dict[str, tuple[dt.date | None, dt.date | None]] = field(default_factory=dict)
    _cells: dict[tuple[int, str], list[str]] = field(default_factory=dict)

    def node(self, code: str, year: int) -> Node | None:
        return self.nodes.get((year, code))

    def kind(self, code: str, year: int) -> str | None:
        node = self.node(code, year)
        return None if node is None else node[0]

    def committee(self, code: str, year: int) -> str | None:
        """A subordinate cell's base committee that year (through a partial committee)."""
        node = self.node(code, year)
        if node is None or node[1] is None:
            return None
        parent = node[1]
        if self.kind(parent, year) in PARTIAL_TYPES:
            grand = self.node(parent, year)
            return None if grand is None else grand[1]
        return parent

    def cells(self, committee: str, year: int) -> list[str]:
        """The subordinate cells standing under the base committee on 31 December."""
        return self._cells.get((year, committee), [])

    def span(self, code: str) -> str:
        """The life span as a reader says it: 01/07/2025–…"""
        start, end = self.life.get(code, (None, None))

        def day(value: dt.date | None) -> str:
            return "…" if value is None else f"{value:%d/%m/%Y}"

        return f"{day(start)}–{day(end)}"


def derive(
    db: Database,
    orgs: Sequence[dict[str, Any]],
    events: Sequence[dict[str, Any]],
    years: tuple[int, int] | None,
    asked: Asked | None = None,
) -> tuple[YearTree, list[dict[str, Any]]]:
    """The tree of the database's catalogue and events with ``orgs`` and ``events`` over them
    (the file's rows, each in place of the stored row with its key) over ``years``, and its
    faults; its nodes that the checks ask about only (None: every node of every year; a
    national tree is 400.000 nodes a year). An event whose organization, or the one it
    names, is not in that catalogue is left out. The stored rows go over in bulk: only the
    file's are made from Python values (a national catalogue and its lineage are a million
    rows)."""
    with scratch_database() as scratch:
        # written and derived in one transaction; read after it (a cursor is another
        # connection, which sees only what is committed)
        with scratch.transaction() as conn:
            conn.execute("delete from organizations")  # the new file's placeholder superior
            for table, rows in (("organizations", orgs), ("lineage_events", events)):
                with staged(conn, db.arrow(STORED_ROWS[table], **stored_params(table))):
                    scratch.execute(insert_staged(table))
                if rows:
                    with staged(conn, as_columns(table, rows)):
                        scratch.execute(delete_staged(table))
                        scratch.execute(insert_staged(table))
            scratch.execute("drop_events_of_absent_organizations")
            tree.rebuild(conn, years, sums=False)
        return _read_tree(scratch, asked), scratch.rows("lineage_faults_by_event")


def stored_tree(db: Database, asked: Asked) -> tuple[YearTree, list[dict[str, Any]]] | None:
    """The tree the database holds, its nodes of the ``asked`` years, and its faults: the tree
    an import leaves when its files change no organization and no event (a board sending its
    catalogue back as it is), without deriving it again (at national scale, half a minute).
    A year it has not derived (results of a year it does not hold yet) is derived from its
    stored spells. None when a year asked about holds none of the nodes asked for (no
    organization named stood that year): the tree is then derived, and the checks say so."""
    found = _read_tree(db, asked, from_spells=True)
    if {year for year, _ in found.nodes} != asked.years:
        return None
    return found, db.rows("lineage_faults_by_event")


def _read_tree(handle: Database, asked: Asked | None, *, from_spells: bool = False) -> YearTree:
    """The derived tree of ``handle`` (the database's, or a scratch one's), the nodes
    ``asked`` about (None: every node of every year). ``from_spells``: a year asked about that
    the tree does not hold (a new year's results: the database derives a year once it holds
    results of it) is derived from the stored spells, as the write will add it
    (``tree.year_nodes``), instead of deriving the whole tree again in a scratch database."""
    derived = YearTree()
    # read as Arrow, kept as (kind, parent) pairs, the kinds and the parents one string each: a
    # national year's 280.542 nodes as dicts of their seven columns took 1,6 s and 0,5 GB at
    # their peak, as pairs 0,8 s and 0,34 GB
    one: dict[Any, Any] = {}

    def add(table: Any) -> None:
        years, codes, kinds, parents = (
            table.column(c).to_pylist() for c in ("year", "org_code", "org_type", "parent_code")
        )
        derived.nodes.update(
            ((year, code), (one.setdefault(kind, kind), one.setdefault(parent, parent)))
            for year, code, kind, parent in zip(years, codes, kinds, parents, strict=True)
        )

    if asked is None:
        add(handle.arrow("tree_nodes_by_org_year", years=None, codes=None))
    else:
        add(handle.arrow("tree_nodes_by_org_year", years=sorted(asked.whole), codes=None))
        for year, codes in sorted(asked.named.items()):
            if year not in asked.whole:
                add(handle.arrow("tree_nodes_by_org_year", years=[year], codes=sorted(codes)))
        if from_spells:
            for year in sorted(asked.years - {year for year, _ in derived.nodes}):
                wanted = None if year in asked.whole else sorted(asked.named[year])
                with handle.reader() as cur:
                    add(tree.year_nodes(cur, year, wanted))
    # the life spans only of the organizations named when no year is asked whole: what the
    # checks say of a row's own organization (a form: one of a national catalogue's 408.696)
    named = None if asked is None or asked.whole else sorted(set().union(*asked.named.values()))
    life = handle.arrow("tree_life_by_org", codes=named)
    derived.life = dict(
        zip(
            life.column("org_code").to_pylist(),
            zip(life.column("founded").to_pylist(), life.column("ended").to_pylist(), strict=True),
            strict=True,
        )
    )
    cells: dict[tuple[int, str], list[str]] = defaultdict(list)
    for (year, code), node in derived.nodes.items():
        if node[0] == "subordinate_cell":
            committee = derived.committee(code, year)
            if committee is not None:
                cells[(year, committee)].append(code)
    derived._cells = dict(cells)
    return derived


def is_base(kind: str | None) -> bool:
    return kind in BASE_ORG_TYPES
