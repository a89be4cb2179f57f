"""Validation: the files, read and parsed, checked against each other and the database.

``prepare`` is the whole check. It reads and parses every sheet, lays the file's catalogue over
the database's (an organization the file names may be one the database already has), checks
the catalogue's tree (a subordinate cell under a base committee; no move of a rated cell), the
yearly sheets (``validate_results``) and the targets, and collects every problem before it
raises ``ImportRefused``, so the user fixes the whole file in one round. Only a file without a
single problem becomes a ``Batch``: its difference with the database.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from typing import Any

from xeploai.ingest.batch import Batch, Change, RowsByKey
from xeploai.ingest.parse import Row, parse_rows
from xeploai.ingest.problems import ImportRefused, Problem
from xeploai.ingest.read import Source, read_sources
from xeploai.ingest.spec import STORED_ROWS, TABLE_KEYS, TABLES, nfc, table_columns
from xeploai.ingest.validate_results import check_cells, check_results
from xeploai.store.database import Database
from xeploai.texts import IMPORT, ORG_TYPE_LABELS

Catalogue = dict[str, dict[str, Any]]


def stored_rows(db: Database, table: str) -> RowsByKey:
    """The table's rows as stored, by key (queries/stored_*.sql)."""
    keys = TABLE_KEYS[table]
    return {tuple(row[k] for k in keys): row for row in db.rows(STORED_ROWS[table])}


def prepare(db: Database, sources: Sequence[Source]) -> Batch:
    """Check everything and compute the changes; raises ImportRefused with every problem."""
    sheets, problems, notes = read_sources(sources)
    if problems and not sheets:
        raise ImportRefused(problems)
    by_sheet: dict[str, list[Row]] = defaultdict(list)
    for sheet in sheets:
        by_sheet[sheet.key].extend(parse_rows(sheet, problems))
    stored = {table: stored_rows(db, table) for table in TABLES}

    # The catalogue: the database's, with the file's rows over it.
    org_rows = _duplicates(by_sheet["organizations"], _key_of("org_code"), problems)
    catalogue: Catalogue = {k[0]: dict(v) for k, v in stored["organizations"].items()}
    file_orgs: dict[str, Row] = {}
    for row in org_rows:
        v = row.values
        file_orgs[v["org_code"]] = row
        catalogue[v["org_code"]] = {c: (nfc(v[c]) if isinstance(v[c], str) else v[c])
                                    for c in table_columns("organizations")}
    # Organizations whose own row has a problem: rows that refer to them are not checked
    # further, which would only repeat that problem in other words.
    broken = {code for code, row in file_orgs.items() if not row.ok}
    _check_catalogue(catalogue, file_orgs, broken, stored, problems)

    result_rows = _duplicates(by_sheet["results"], _key_of("year", "org_code"), problems)
    cell_rows = _duplicates(by_sheet["cell_results"], _key_of("year", "org_code"), problems)
    target_rows = _duplicates(by_sheet["targets"], _key_of("term", "subject", "measure"),
                              problems)

    result_rows = [r for r in result_rows if r.values["org_code"] not in broken]
    cell_rows = [r for r in cell_rows if r.values["org_code"] not in broken
                 and catalogue.get(r.values["org_code"], {}).get("parent_code") not in broken]
    new_cells = check_cells(cell_rows, catalogue, result_rows, stored["org_results"], problems)
    new_results = check_results(result_rows, catalogue, new_cells, stored["cell_results"],
                                stored["org_results"], problems)
    new_targets = _check_targets(target_rows, problems)

    if problems:
        raise ImportRefused(problems)
    new = {"organizations": {(k,): v for k, v in catalogue.items() if k in file_orgs},
           "org_results": new_results, "cell_results": new_cells, "targets": new_targets}
    changes, unchanged = _difference(new, stored)
    return Batch(list(sources), changes, unchanged, notes)


def _difference(new: dict[str, RowsByKey], stored: dict[str, RowsByKey]
                ) -> tuple[list[Change], Counter[str]]:
    """The rows that differ from the stored ones, table by table, in key order."""
    changes: list[Change] = []
    unchanged: Counter[str] = Counter()
    for table in TABLES:
        for key in sorted(new[table], key=lambda k: tuple(str(x) for x in k)):
            row = new[table][key]
            old = stored[table].get(key)
            if old == row:
                unchanged[table] += 1
            else:
                changes.append(Change(table, key, old, row))
    return changes, unchanged


def _key_of(*columns: str) -> Callable[[Row], tuple[Any, ...] | None]:
    """A sheet's key, or None while any part of it is missing (the row has a problem then)."""
    def key(row: Row) -> tuple[Any, ...] | None:
        values = tuple(row.values[c] for c in columns)
        return values if all(values) else None

    return key


def _duplicates(rows: list[Row], key: Callable[[Row], tuple[Any, ...] | None],
                problems: list[Problem]) -> list[Row]:
    """Rows whose key repeats an earlier row are problems; returns the first of each key."""
    first: dict[tuple[Any, ...], Row] = {}
    kept: list[Row] = []
    for row in rows:
        k = key(row)
        if k is None:
            continue
        if k in first:
            other = first[k]
            problems.append(row.problem(IMPORT["duplicate_row"].format(
                key=", ".join(str(v) for v in k), other=other.where), show_value=False))
            row.ok = False
            continue
        first[k] = row
        kept.append(row)
    return kept


def _years(rows: RowsByKey) -> dict[str, list[int]]:
    """The years each organization has stored rows of (keys are (year, org_code))."""
    years: dict[str, set[int]] = defaultdict(set)
    for year, code in rows:
        years[code].add(year)
    return {code: sorted(found) for code, found in years.items()}


def _check_catalogue(catalogue: Catalogue, file_orgs: dict[str, Row], broken: set[str],
                     stored: dict[str, RowsByKey], problems: list[Problem]) -> None:
    result_years = _years(stored["org_results"])
    cell_years = _years(stored["cell_results"])
    children: dict[str, list[str]] = defaultdict(list)
    for code, org in catalogue.items():
        if org.get("parent_code"):
            children[org["parent_code"]].append(code)

    for code, row in file_orgs.items():
        if not row.ok:
            continue
        org = catalogue[code]
        kind, parent = org["org_type"], org["parent_code"]
        type_label = ORG_TYPE_LABELS[kind].lower()
        if kind == "subordinate_cell":
            _check_parent(row, parent, catalogue, broken, problems)
            if result_years.get(code):
                problems.append(row.problem(IMPORT["type_conflicts_results"].format(
                    type=type_label, sheet="results",
                    years=", ".join(map(str, result_years[code]))), "org_type"))
            before = stored["organizations"].get((code,))
            if (before and before["parent_code"] and parent != before["parent_code"]
                    and cell_years.get(code)):
                # One parent per organization: moving a rated cell would move its past results
                # to the new committee. A move is a new code with a successor (DOMAIN.md).
                problems.append(row.problem(IMPORT["parent_moved"].format(
                    old=before["parent_code"],
                    years=", ".join(map(str, cell_years[code]))), "parent_code"))
        else:
            if parent:
                problems.append(row.problem(IMPORT["parent_unexpected"].format(type=type_label),
                                            "parent_code"))
            if cell_years.get(code):
                problems.append(row.problem(IMPORT["type_conflicts_results"].format(
                    type=type_label, sheet="cell_results",
                    years=", ".join(map(str, cell_years[code]))), "org_type"))
            if kind != "base_committee" and children.get(code):
                problems.append(row.problem(
                    IMPORT["has_cells_not_committee"].format(n=len(children[code])), "org_type"))
        successor = org.get("successor_code")
        if successor and successor not in catalogue:
            problems.append(row.problem(IMPORT["successor_unknown"], "successor_code"))
        start, end = org.get("active_from"), org.get("active_to")
        if start and end and start > end:
            problems.append(row.problem(IMPORT["active_order"].format(start=start, end=end),
                                        "active_to"))


def _check_parent(row: Row, parent: str | None, catalogue: Catalogue, broken: set[str],
                  problems: list[Problem]) -> None:
    """A subordinate cell's parent: given, known, and a base committee."""
    if not parent:
        problems.append(row.problem(IMPORT["parent_missing"], "parent_code"
                                    if "parent_code" in row.raw else "org_type"))
    elif parent not in catalogue:
        problems.append(row.problem(IMPORT["parent_unknown"], "parent_code"))
    elif parent in broken:
        pass
    elif catalogue[parent]["org_type"] != "base_committee":
        problems.append(row.problem(IMPORT["parent_not_committee"].format(
            parent=parent, type=ORG_TYPE_LABELS[catalogue[parent]["org_type"]].lower()),
            "parent_code"))


def _check_targets(rows: list[Row], problems: list[Problem]) -> RowsByKey:
    out: RowsByKey = {}
    for row in rows:
        if not row.ok:
            continue
        v = row.values
        if v["from_year"] > v["to_year"]:
            problems.append(row.problem(IMPORT["target_order"].format(
                start=v["from_year"], end=v["to_year"]), "to_year"))
            continue
        out[(v["term"], v["subject"], v["measure"])] = {
            c: v[c] for c in table_columns("targets")}
    return out
