"""Validation: the files, read and parsed, checked against each other and the database.

``prepare`` is the whole check. It reads and parses every sheet, lays the file's catalogue over
the database's (an organization the file names may be one the database already has), checks
the catalogue's tree (a subordinate cell under a base committee; no move of a rated cell), the
yearly sheets (``validate_results``) and the targets, and collects every problem before it
raises ``ImportRefused``, so the user fixes the whole file in one round. Only a file without a
single problem becomes a ``Batch``: its difference with the database.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import (
    Callable,
    Collection,
    Iterable,
    Iterator,
    Mapping,
    MutableMapping,
    Sequence,
)
from functools import lru_cache
from itertools import repeat
from typing import Any

from xeploai.domain.orgs import (
    ATTRIBUTE_EVENTS,
    BASE_ORG_TYPES,
    PARENT_TYPES,
    RELATED_EVENTS,
    SUPERIOR_TYPES,
)
from xeploai.domain.regimes import REGIMES
from xeploai.domain.workflow import today
from xeploai.ingest.batch import Batch, Change, Over, PackedRows, RowsByKey, packed, row_values
from xeploai.ingest.catalogue import NamedCatalogue, read_catalogue
from xeploai.ingest.lineage import Asked, YearTree, derive, is_base, stored_tree
from xeploai.ingest.parse import (
    CODE_KEYS,
    Row,
    SheetColumns,
    each_row,
    make_rows,
    parse_columns,
    row_at,
)
from xeploai.ingest.problems import ImportRefused, Problem
from xeploai.ingest.read import SheetData, Source, read_sources
from xeploai.ingest.spec import (
    LOOKUPS,
    SHEET_TABLES,
    SHEETS,
    SPECS,
    STORED_ROWS,
    TABLE_KEYS,
    TABLES,
    fold,
    lookalike,
    nfc,
    stored_params,
    table_columns,
)
from xeploai.ingest.statements import differing
from xeploai.ingest.validate_results import check_cells, check_results
from xeploai.ingest.validate_workflow import (
    check_items,
    check_reports,
    check_statuses,
    check_steps,
)
from xeploai.store.database import Database
from xeploai.texts import EVENT_LABELS, IMPORT, IMPORT_SHEET_LABELS, ORG_TYPE_LABELS

KIND_LOOKUP = LOOKUPS["org_type"][0]
# The sheets whose rows belong to a year (a step or a status is checked against that year's
# stored result).
YEARLY_SHEETS = ("results", "cell_results", "scores", "steps", "statuses")
# The sheets of results: their years are the years whose stored results an import reads whole.
RESULT_SHEETS = ("results", "cell_results")

Catalogue = MutableMapping[str, dict[str, Any]]
# The tables whose stored rows no check reads as Python values: compared with the file's rows
# by DuckDB, only the rows that differ read back (a national year's steps, statuses and reports
# are close to a million stored rows the checks never look at; its lineage, 684.000 events that
# the tree reads in bulk and a change of parent or kind by organization).
COMPARED_IN_SQL = (
    "lineage_events",
    "org_scores",
    "targets",
    "org_steps",
    "org_statuses",
    "remediation_reports",
)


def stored_rows(
    db: Database,
    table: str,
    years: Sequence[int] | None = None,
    codes: Sequence[str] | None = None,
) -> RowsByKey:
    """The table's rows as stored, by key (queries/stored_*.sql); of a yearly table, those of
    ``years``; of a table read by organization (``BY_CODE_TABLES``), those of ``codes`` (None:
    every year, every organization)."""
    keys = TABLE_KEYS[table]
    return {
        tuple(row[k] for k in keys): row
        for row in db.rows(STORED_ROWS[table], **stored_params(table, years, codes))
    }


def prepare(db: Database, sources: Sequence[Source]) -> Batch:
    """Check everything and compute the changes; raises ImportRefused with every problem."""
    sheets, problems, notes = read_sources(sources)
    if problems and not sheets:
        raise ImportRefused(problems)
    by_sheet = _parsed_by_sheet(sheets, problems)
    # From here each sheet's rows are let go as soon as they are checked (``del``), and made
    # ``Row``s only when their checks come (``_Sheet.rows``): a national year's files are 3,2
    # million rows, and the import's peak of memory was where they all lived beside the rows the
    # checks make of them (7,7 GB), then where they lived at once as ``Row``s (1,3 GB of them).
    del sheets
    # The stored rows the files may replace or must agree with: the catalogue, and the years
    # the files hold (every check of a year's rows looks at that year only).
    file_years = sorted(
        {y for key in YEARLY_SHEETS for y in by_sheet[key].column("year") if y is not None}
    )
    # the cells' stored results only of the years of results: they count a committee's cells
    # (a national history holds 300.000 cell results a year, of which the steps' and statuses'
    # years need none)
    result_years = sorted(
        {y for key in RESULT_SHEETS for y in by_sheet[key].column("year") if y is not None}
    )
    # the stored results too only of those years: what the file's results replace and its cells'
    # committees report; a status of another year is checked against that year's result, of
    # which ``result_levels`` reads the two columns it needs (a national year's files hold
    # statuses of six years: their 784.641 stored results were 0,4 GB at the checks' peak)
    # the stored plans only of the organizations whose items or reports the files hold: what the
    # items replace and the reports report on
    planned = sorted(
        {code for key in ("remediation", "reports") for code in by_sheet[key].column("org_code")}
        - {None}
    )
    stored = {
        table: stored_rows(
            db,
            table,
            result_years if table in _RESULT_YEARS else file_years,
            planned if table == "remediation_items" else None,
        )
        for table in TABLES
        if table not in COMPARED_IN_SQL and table != "organizations"
    }
    status_results = result_levels(db, by_sheet["statuses"], result_years)
    own = db.meta("superior_code") or ""

    # The catalogue: the database's, with the file's rows over it.
    orgs = by_sheet.pop("organizations")
    orgs.drop_repeats(_sheet_key("organizations"), problems)
    # its columns kept, as the events' are below: the rows are let go before the tree is read
    org_rows = orgs.rows(let_go=False)
    catalogue: Catalogue
    if org_rows or by_sheet["lineage"].has_rows():
        catalogue = read_catalogue(db)
    else:  # a form, a file of scores: read for the codes it names (``NamedCatalogue``)
        catalogue = NamedCatalogue(db, _named_codes(by_sheet, own))
    # the stored rows of the file's organizations, before its own go over them (the stored
    # rows themselves, not copies: nothing below changes a row it did not make)
    stored["organizations"] = {
        (code,): catalogue[code]
        for code in (row.values["org_code"] for row in org_rows)
        if code in catalogue
    }
    file_orgs = _over_catalogue(org_rows, catalogue, own)
    # Organizations whose own row has a problem: rows that refer to them are not checked
    # further, which would only repeat that problem in other words.
    broken = {code for code, row in file_orgs.items() if not row.ok}
    _check_catalogue(catalogue, file_orgs, broken, problems)
    _check_lookalikes(catalogue, file_orgs, broken, problems)

    events = by_sheet.pop("lineage")
    events.drop_repeats(_sheet_key("lineage"), problems)
    # the events' columns are kept (``let_go=False``) and their rows let go once checked: a
    # fault the tree finds in one of them is said on its row, made again (``_Sheet.rows_keyed``;
    # a national lineage's 684.294 rows were 0,2 GB beside the tree as it was read)
    file_events = _check_events(events.each_row(let_go=False), catalogue, broken, problems)

    # the other sheets' repeated keys, said here as before (their rows are made later)
    for key in SHEETS:
        if key in by_sheet:
            by_sheet[key].drop_repeats(_sheet_key(key), problems)
    _check_changes(db, file_orgs, catalogue, stored, file_events, problems)

    [held] = db.rows("result_span_by_data")
    # what the checks ask of the tree: the years of the results (a committee's cells counted)
    # whole; in the other years, the kind of the organizations their rows name
    asked = Asked(
        whole=frozenset(year for key in RESULT_SHEETS for (year,) in by_sheet[key].kept("year")),
        named=_named_by_year(
            by_sheet["scores"].kept("year", "org_code"),
            by_sheet["steps"].kept("year", "org_code"),
            by_sheet["statuses"].kept("year", "org_code"),
            by_sheet["remediation"].kept("plan_year", "org_code"),  # an item: its plan's year
        ),
    )
    years = [y for y in (held["first_year"], held["last_year"]) if y is not None]
    years += list(asked.years)
    span = (min(years), max(years)) if years else None
    # the file's events that differ from the stored ones, once: whether the tree is the stored
    # one, then the difference
    compared: dict[str, dict[tuple[Any, ...], dict[str, Any] | None]] = {}
    orgs_as_stored = not broken and all(
        catalogue[code] == stored["organizations"].get((code,)) for code in file_orgs
    )
    as_stored = orgs_as_stored
    events_as_stored = 0
    if as_stored:
        compared["lineage_events"] = differing(db, "lineage_events", file_events)
        as_stored = not compared["lineage_events"]
        if as_stored:  # counted, not kept (a national lineage sent back: 684.294 rows)
            events_as_stored = len(file_events)
            file_events = PackedRows("lineage_events", {})
    # The file's organizations from here on are their codes (in the file's order); their rows
    # are let go before the tree is read, and a fault in one is said on its row made again
    # (a national catalogue's 408.696 rows were 0,2 GB beside the tree).
    file_order = list(file_orgs)
    file_codes = frozenset(file_order)
    del org_rows, file_orgs
    kept = stored_tree(db, asked) if as_stored and asked else None
    # The tree as the import would leave it; an organization whose own row is broken keeps its
    # stored row (or stays out), so the rest of the file is still checked in one round.
    derived, faults = kept or derive(
        db,
        [catalogue[code] for code in file_order if code not in broken],
        list(file_events.values()),
        span,
        asked,
    )
    _report_faults(faults, orgs, file_codes, events, catalogue, broken, problems)
    del orgs, file_order, events, kept, faults
    # The targets' committees, looked up in the catalogue as it stands now.
    scopes = {
        code: catalogue[code]
        for code in {_target_scope(v, own) for v in by_sheet["targets"].column("scope_code")}
        if code in catalogue
    }
    # A catalogue the files send back as stored (a national one: 408.696 rows): its rows are
    # counted as the stored ones, as the events are, and the checks below ask only whether a
    # code is in it. Its codes alone are kept: the rows, stored and sent, were 0,3 GB at the
    # peak of a national year's import.
    known: Collection[str]
    new_orgs: RowsByKey
    if file_codes and orgs_as_stored:
        orgs_sent_back, new_orgs, known = len(file_codes), {}, frozenset(catalogue)
        stored["organizations"] = {}
    else:
        # (the catalogue's order; a file without organizations does not walk it)
        new_orgs = {(k,): v for k, v in catalogue.items() if k in file_codes} if file_codes else {}
        orgs_sent_back, known = 0, catalogue
    del catalogue, file_codes

    result_rows = list(_unbroken(by_sheet.pop("results"), broken))
    cell_rows = list(_unbroken(by_sheet.pop("cell_results"), broken))
    # Each table's checked rows are packed as soon as the checks that read them by name are
    # done (``PackedRows``: a tuple each, not a dict; a national year's 2,2 million rows were
    # 0,6 GB of dicts at the checks' peak).
    new_cells = check_cells(cell_rows, known, derived, result_rows, stored["org_results"], problems)
    new_results = packed(
        "org_results",
        check_results(
            result_rows,
            known,
            derived,
            new_cells,
            stored["cell_results"],
            stored["org_results"],
            problems,
        ),
    )
    del result_rows, cell_rows
    packed_cells = packed("cell_results", new_cells)
    del new_cells
    new_scores = _check_scores(by_sheet.pop("scores").each_row(), known, derived, problems)
    new_targets = _check_targets(by_sheet.pop("targets").rows(), scopes, own, problems)
    # the evaluation as it is worked: checked against the results as the import leaves them
    # (the file's over the stored ones, looked up: not copied into one dict)
    day = today()
    results_after = Over(new_results, stored["org_results"], status_results)
    del status_results
    new_steps = check_steps(_unbroken(by_sheet.pop("steps"), broken), known, derived, day, problems)
    new_statuses = check_statuses(
        _unbroken(by_sheet.pop("statuses"), broken),
        known,
        derived,
        results_after,
        day,
        problems,
    )
    del results_after
    new_items = check_items(
        _unbroken(by_sheet.pop("remediation"), broken), known, derived, problems
    )
    new_reports = check_reports(
        _unbroken(by_sheet.pop("reports"), broken),
        Over(new_items, stored["remediation_items"]),
        day,
        problems,
    )
    del derived

    if problems:
        raise ImportRefused(problems)
    new = {
        "organizations": new_orgs,
        "lineage_events": file_events,
        "org_results": new_results,
        "cell_results": packed_cells,
        "org_scores": new_scores,
        "targets": new_targets,
        "org_steps": new_steps,
        "org_statuses": new_statuses,
        "remediation_items": new_items,
        "remediation_reports": new_reports,
    }
    changes, unchanged = _difference(db, new, stored, compared)
    if events_as_stored:
        unchanged["lineage_events"] += events_as_stored
    if orgs_sent_back:
        unchanged["organizations"] += orgs_sent_back
    return Batch(list(sources), changes, unchanged, notes, checked_against(db))


# The stored tables read only of the years of the file's results (and its cells' results).
_RESULT_YEARS = frozenset(SHEET_TABLES[sheet] for sheet in RESULT_SHEETS)


def result_levels(db: Database, statuses: _Sheet, result_years: Sequence[int]) -> RowsByKey:
    """The stored level and members pending of each organization-year the file's statuses name,
    of the years the file holds no results of (``result_years``): what a status is checked
    against (``check_statuses``), by year and code."""
    named = {
        (year, code)
        for year, code in zip(statuses.column("year"), statuses.column("org_code"), strict=True)
        if year is not None and code is not None and year not in result_years
    }
    if not named:
        return {}
    table = db.arrow(
        "stored_result_levels_by_org_year",
        years=sorted({y for y, _ in named}),
        codes=sorted({code for _, code in named}),
    )
    return {
        (year, code): {"year": year, "org_code": code, "org_level": level, "members_pending": n}
        for year, code, level, n in zip(*(c.to_pylist() for c in table.columns), strict=True)
        if (year, code) in named
    }


def _named_codes(by_sheet: Mapping[str, _Sheet], own: str) -> set[str]:
    """Every organization's code the sheets name, in any column of codes, and the database's
    own superior (a target's blank committee)."""
    named = {own} if own else set()
    for key, sheet in by_sheet.items():
        for col in SPECS[key]:
            if col.key in CODE_KEYS:
                named.update(code for code in sheet.column(col.key) if isinstance(code, str))
    return named


def _named_by_year(*pairs: Iterator[tuple[Any, ...]]) -> dict[int, frozenset[str]]:
    """The organizations named by (year, code) pairs, by year: each sheet's kept rows' code by
    the year of its given column."""
    named: defaultdict[int, set[str]] = defaultdict(set)
    for rows in pairs:
        for year, code in rows:
            if year is not None and code is not None:
                named[year].add(code)
    return {year: frozenset(codes) for year, codes in named.items()}


def _over_catalogue(org_rows: list[Row], catalogue: Catalogue, own: str) -> dict[str, Row]:
    """The file's organizations laid over the catalogue (``catalogue`` changed in place); their
    rows by code."""
    file_orgs: dict[str, Row] = {}
    for row in org_rows:
        v = row.values
        file_orgs[v["org_code"]] = row
        entry = {
            c: (nfc(v[c]) if isinstance(v[c], str) else v[c])
            for c in table_columns("organizations")
        }
        if entry["org_type"] in BASE_ORG_TYPES and not entry["parent_code"]:
            entry["parent_code"] = own  # a base organization of the database's own superior
        # a row as stored stays the stored one: one dict, not two (a national catalogue sent
        # back as it is, 408.696 rows)
        if catalogue.get(v["org_code"]) != entry:
            catalogue[v["org_code"]] = entry
    return file_orgs


def _parsed_by_sheet(sheets: list[SheetData], problems: list[Problem]) -> dict[str, _Sheet]:
    """Every sheet parsed, by the sheet's key (several files may hold the same sheet); every
    key of the format is there, a sheet no file has without rows."""
    by_sheet = {key: _Sheet() for key in SPECS}
    for sheet in sheets:
        by_sheet[sheet.key].parts.append(parse_columns(sheet, problems))
    return by_sheet


def checked_against(db: Database) -> str:
    """What a batch's checks and difference depend on besides its files: the database's content
    (its published generation: a write publishes another file, so the same generation is the
    same data, settings and catalogue) and the day (a year after today is refused). "" for a
    handle that does not know its generation."""
    if not db.generation:
        return ""
    return f"{db.generation}|{db.data_version()}|{today().isoformat()}"


def _difference(
    db: Database,
    new: Mapping[str, Mapping[tuple[Any, ...], Mapping[str, Any]]],
    stored: dict[str, RowsByKey],
    compared: Mapping[str, dict[tuple[Any, ...], dict[str, Any] | None]],
) -> tuple[list[Change], Counter[str]]:
    """The rows that differ from the stored ones, table by table, in key order; the tables of
    ``COMPARED_IN_SQL`` compared by DuckDB (``statements.differing``), unless ``compared``
    already holds the table's rows that differ; the others compared here, value by value in
    the order of the table's columns."""
    changes: list[Change] = []
    unchanged: Counter[str] = Counter()
    for table in TABLES:
        rows = packed(table, new[table])
        # the rows that differ, by key: the stored row, or None when the row is new
        differ = (
            compared[table]
            if table in compared
            else differing(db, table, rows)
            if table in COMPARED_IN_SQL
            else _differing_here(rows, stored[table])
        )
        # only the changes are put in key order (a national year's files leave most of their
        # 3,2 million rows as they are stored: those are counted)
        changed = [key for key in rows if key in differ]
        if len(changed) < len(rows):
            unchanged[table] += len(rows) - len(changed)
        changes.extend(
            Change(table, key, differ[key], rows.values_of(key))
            for key in sorted(changed, key=lambda k: tuple(map(str, k)))
        )
    return changes, unchanged


def _differing_here(
    rows: PackedRows, stored: RowsByKey
) -> dict[tuple[Any, ...], dict[str, Any] | None]:
    """Of the rows, those that differ from the stored ones, by key: the stored row, or None
    when the row is new (a stored row's values read in the table's columns' order)."""
    columns = rows.columns
    return {
        key: old
        for key in rows
        if (old := stored.get(key)) is None or tuple(map(old.get, columns)) != rows.values_of(key)
    }


# Key columns whose blank has a meaning: the year itself (quarter), the database's own superior
# (the committee of a target).
_BLANK_MEANS = {"quarter": 0, "scope_code": ""}


def _key_of(*columns: str) -> Callable[[tuple[Any, ...]], tuple[Any, ...] | None]:
    """A sheet's key from its columns' values (in ``columns``' order), or None while any part
    of it is missing (the row has a problem then).

    Made once per sheet and asked of every row (a national year: 3,2 million): the usual key
    (nothing blank) returned at once."""
    # the places whose blank means something (taken as that), and those that must be given
    meaning = [(i, _BLANK_MEANS[c]) for i, c in enumerate(columns) if c in _BLANK_MEANS]
    needed = [i for i, c in enumerate(columns) if c not in _BLANK_MEANS]

    def key(values: tuple[Any, ...]) -> tuple[Any, ...] | None:
        if None not in values and "" not in values:
            return values
        if meaning:
            given = list(values)
            for i, blank in meaning:
                if given[i] is None:
                    given[i] = blank
            values = tuple(given)
        return None if any(values[i] is None or values[i] == "" for i in needed) else values

    return key


def _sheet_key(sheet: str) -> tuple[str, ...]:
    """The sheet's key: its table's."""
    return TABLE_KEYS[SHEET_TABLES[sheet]]


class _Sheet:
    """One sheet's rows from every file that holds it, parsed and kept as columns until their
    checks come: ``drop_repeats`` says the rows whose key is missing or repeats an earlier
    row's, ``rows`` makes the others ``Row``s, once. A national year's 3,2 million rows as
    ``Row``s with their dicts took 1,3 GB; made sheet by sheet, as each is checked, only one
    sheet's live at a time (the steps' are not made while the scores are checked)."""

    __slots__ = ("keep", "parts")

    def __init__(self) -> None:
        self.parts: list[SheetColumns] = []
        # for each part, the rows kept (``drop_repeats``); None: every row
        self.keep: list[list[bool] | None] = []

    def column(self, key: str) -> Iterator[Any]:
        """A column's values, every row of every part."""
        for part in self.parts:
            yield from part.column(key)

    def kept(self, *columns: str) -> Iterator[tuple[Any, ...]]:
        """The given columns' values of each row kept, in order."""
        for part, keep in zip(self.parts, self._keeps(), strict=True):
            values = zip(*(part.column(c) for c in columns), strict=True)
            if keep is None:
                yield from values
            else:
                yield from (v for v, k in zip(values, keep, strict=True) if k)

    def has_rows(self) -> bool:
        return any(part.ok for part in self.parts)

    def _keeps(self) -> list[list[bool] | None]:
        return self.keep or [None] * len(self.parts)

    def drop_repeats(self, columns: tuple[str, ...], problems: list[Problem]) -> None:
        """Rows whose key (``columns``) repeats an earlier row's are problems; they and the rows
        without a key (a problem of their cells already) are not kept."""
        key = _key_of(*columns)
        seen: set[tuple[Any, ...]] = set()
        repeats: list[tuple[tuple[Any, ...], int, int]] = []  # key, part, row index
        self.keep = []
        for n, part in enumerate(self.parts):
            keep: list[bool] = []
            for index, values in enumerate(zip(*(part.column(c) for c in columns), strict=True)):
                k = key(values)
                if k is None or k in seen:
                    keep.append(False)
                    if k is not None:
                        repeats.append((k, n, index))
                    continue
                seen.add(k)
                keep.append(True)
            self.keep.append(None if all(keep) else keep)
        if repeats:  # the row each repeats, found again: a set keeps no row (3,2 million)
            first = self._first_rows({k for k, _, _ in repeats}, key, columns)
            for k, n, index in repeats:
                other = first[k]
                problems.append(
                    self._row(n, index).problem(
                        IMPORT["duplicate_row"].format(
                            key=", ".join(str(v) for v in k), other=other.where
                        ),
                        show_value=False,
                    )
                )

    def _first_rows(
        self,
        keys: set[tuple[Any, ...]],
        key: Callable[[tuple[Any, ...]], tuple[Any, ...] | None],
        columns: tuple[str, ...],
    ) -> dict[tuple[Any, ...], Row]:
        first: dict[tuple[Any, ...], Row] = {}
        for n, part in enumerate(self.parts):
            for index, values in enumerate(zip(*(part.column(c) for c in columns), strict=True)):
                k = key(values)
                if k in keys and k not in first:
                    first[k] = self._row(n, index)
        return first

    def _row(self, n: int, index: int) -> Row:
        return row_at(self.parts[n].sheet, index)

    def rows(self, *, let_go: bool = True) -> list[Row]:
        """The rows kept, as ``Row``s; the columns are let go (asked once), unless ``let_go``
        is false (``rows_keyed`` then finds rows again)."""
        return list(self.each_row(let_go=let_go))

    def each_row(self, *, let_go: bool = True) -> Iterator[Row]:
        """``rows``, made one at a time as they are asked: a check that keeps of each row only
        its values does not hold every row of the sheet at once (a national year's 897.365
        scores)."""
        parts, keeps = self.parts, self._keeps()
        if let_go:
            self.parts, self.keep = [], []
        for part, keep in zip(parts, keeps, strict=True):
            yield from each_row(part, keep)

    def rows_keyed(
        self, columns: tuple[str, ...], keys: Collection[tuple[Any, ...]]
    ) -> dict[tuple[Any, ...], Row]:
        """The rows kept whose ``columns`` hold one of ``keys``, as ``Row``s by those values
        (a later row over an earlier one with the same)."""
        found: dict[tuple[Any, ...], Row] = {}
        for part, keep in zip(self.parts, self._keeps(), strict=True):
            values = zip(*(part.column(c) for c in columns), strict=True)
            marks = repeat(True) if keep is None else keep
            named = [kept and key in keys for key, kept in zip(values, marks, strict=False)]
            found.update(
                (tuple(row.values[c] for c in columns), row) for row in make_rows(part, named)
            )
        return found


def _unbroken(sheet: _Sheet, broken: set[str]) -> Iterator[Row]:
    """The sheet's rows kept, but those of an organization whose own row is broken, one at a
    time (``_Sheet.each_row``)."""
    return (r for r in sheet.each_row() if r.values["org_code"] not in broken)


def _life(org: dict[str, Any]) -> tuple[dt.date, dt.date]:
    """The days an organization stood, as far as its row says (open ends: always)."""
    start = org.get("founded") or (
        dt.date(org["active_from"], 1, 1) if org.get("active_from") else dt.date.min
    )
    end = org.get("ended") or (
        dt.date(org["active_to"], 12, 31) if org.get("active_to") else dt.date.max
    )
    return start, end


def _check_lookalikes(
    catalogue: Catalogue, file_orgs: dict[str, Row], broken: set[str], problems: list[Problem]
) -> None:
    """Two organizations under the same superior at the same time may not bear names a reader
    cannot tell apart (the same up to case, spaces or invisible characters): the second one
    would be counted apart while every list shows it as the first."""
    checked = [code for code, row in file_orgs.items() if code not in broken and row.ok]
    if not checked:
        return
    # only the names under the superiors of the file's organizations are folded (a national
    # catalogue is 408.696 names, 1,7 s: a form's status or report names no organization)
    parents = {catalogue[code].get("parent_code") for code in checked}
    by_name: dict[tuple[Any, str], list[str]] = defaultdict(list)
    named: dict[str, tuple[Any, str]] = {}  # each name folded once
    for code, org in catalogue.items():
        if org.get("org_name") and org.get("parent_code") in parents:
            named[code] = (org.get("parent_code"), lookalike(str(org["org_name"])))
            by_name[named[code]].append(code)
    for code in checked:
        if code not in named:
            continue
        row, org = file_orgs[code], catalogue[code]
        start, end = _life(org)
        for other in by_name[named[code]]:
            if other == code:
                continue
            other_start, other_end = _life(catalogue[other])
            if start <= other_end and other_start <= end:
                problems.append(
                    row.problem(
                        IMPORT["lookalike_name"].format(
                            other=other, other_name=catalogue[other]["org_name"]
                        ),
                        "org_name",
                    )
                )
                break


def _check_catalogue(
    catalogue: Catalogue, file_orgs: dict[str, Row], broken: set[str], problems: list[Problem]
) -> None:
    """Each organization of the file as it stands now: a sector unless a superior committee, a
    parent that exists and may hold its kind, a life span in order, no cycle. Whether it was
    the right kind in the years of its results is asked of the tree (``lineage``)."""
    for code, row in file_orgs.items():
        if not row.ok:
            continue
        org = catalogue[code]
        kind, parent = org["org_type"], org["parent_code"]
        type_label = ORG_TYPE_LABELS[kind]
        if kind not in SUPERIOR_TYPES and not org["sector"]:
            problems.append(row.problem(IMPORT["sector_missing"], "sector"))
        allowed = PARENT_TYPES[kind]
        if not parent:
            if None not in allowed:
                problems.append(
                    row.problem(
                        IMPORT["parent_missing"].format(type=type_label),
                        "parent_code" if "parent_code" in row.raw else "org_type",
                    )
                )
        elif parent not in catalogue:
            problems.append(row.problem(IMPORT["parent_unknown"], "parent_code"))
        elif parent not in broken and catalogue[parent]["org_type"] not in allowed:
            parent_type = ORG_TYPE_LABELS[catalogue[parent]["org_type"]].lower()
            key = "parent_not_committee" if kind == "subordinate_cell" else "parent_kind"
            problems.append(
                row.problem(
                    IMPORT[key].format(
                        parent=parent, parent_type=parent_type, type=type_label.lower()
                    ),
                    "parent_code",
                )
            )
        successor = org.get("successor_code")
        if successor and successor not in catalogue:
            problems.append(row.problem(IMPORT["successor_unknown"], "successor_code"))
        start, end = org.get("active_from"), org.get("active_to")
        if start and end and start > end:
            problems.append(
                row.problem(IMPORT["active_order"].format(start=start, end=end), "active_to")
            )
        founded, ended = org.get("founded"), org.get("ended")
        if founded and ended and ended <= founded:
            problems.append(
                row.problem(
                    IMPORT["dates_order"].format(
                        start=f"{founded:%d/%m/%Y}", end=f"{ended:%d/%m/%Y}"
                    ),
                    "ended",
                )
            )
        if founded and start and founded.year != start:
            problems.append(
                row.problem(
                    IMPORT["span_vs_dates"].format(year=start, day=f"{founded:%d/%m/%Y}"),
                    "active_from",
                )
            )
        path = _cycle(code, catalogue)
        if path:
            problems.append(
                row.problem(IMPORT["cycle_now"].format(path=" → ".join(path)), "parent_code")
            )


# The columns whose change, for an organization with results, must be recorded in the lineage:
# the column, its event, the message when it is not.
_RECORDED_BY = (
    ("parent_code", "moved", "parent_moved"),
    ("org_type", "changed_kind", "type_changed"),
)


def _check_changes(
    db: Database,
    file_orgs: dict[str, Row],
    catalogue: Catalogue,
    stored: dict[str, RowsByKey],
    file_events: PackedRows,
    problems: list[Problem],
) -> None:
    """An organization with stored results that the file puts under another parent, or turns
    into another kind: the change is a lineage event, with its day (of the file, or stored),
    or the past results would silently move with it (the new parent would be credited with
    the old years)."""
    moved = [
        code
        for code, row in file_orgs.items()
        if row.ok
        and (before := stored["organizations"].get((code,))) is not None
        and any(before[c] != catalogue[code][c] for c, _, _ in _RECORDED_BY)
    ]
    years: dict[str, list[int]] = {
        str(r["org_code"]): [int(y) for y in r["years"]]
        for r in (db.rows("result_years_by_org", orgs=moved) if moved else [])
    }
    rated = {code for code in moved if years.get(code)}
    # what the lineage records of them: the values each event of theirs turned a column into,
    # by organization and event (read once: a reorganization moves organizations by the
    # hundred thousand, and each used to read every event, 23 ms a national one); a stored
    # event the file gives again, as the file gives it
    recorded: defaultdict[tuple[str, str], set[Any]] = defaultdict(set)
    if rated:
        keys = TABLE_KEYS["lineage_events"]
        stored_events = db.rows("stored_lineage_of_orgs_by_org_date", orgs=sorted(rated))
        theirs = {tuple(e[k] for k in keys): e for e in stored_events}
        for e in Over(file_events, theirs).values():
            if e["org_code"] in rated:
                recorded[(e["org_code"], e["event"])].add(e["to_value"])
    for code in moved:
        if code not in rated:
            continue
        row = file_orgs[code]
        before = stored["organizations"][(code,)]
        org = catalogue[code]
        for column, event, key in _RECORDED_BY:
            if before[column] == org[column]:
                continue
            if org[column] not in recorded.get((code, event), ()):
                old = before[column]
                problems.append(
                    row.problem(
                        IMPORT[key].format(
                            old=ORG_TYPE_LABELS.get(old, old) if column == "org_type" else old,
                            years=", ".join(map(str, sorted(set(years[code])))),
                        ),
                        column,
                    )
                )


def _cycle(code: str, catalogue: Catalogue) -> list[str]:
    """The chain of parents back to ``code`` when it lies under itself, else []."""
    path, node = [code], catalogue.get(code, {}).get("parent_code")
    seen = {code}
    while node and node in catalogue:
        path.append(node)
        if node == code:
            return path
        if node in seen:  # a loop above it that does not pass through it
            return []
        seen.add(node)
        node = catalogue[node].get("parent_code")
    return []


def _check_events(
    rows: Iterable[Row], catalogue: Catalogue, broken: set[str], problems: list[Problem]
) -> PackedRows:
    """The lineage rows on their own: the organizations named, and what each event needs.
    Whether they agree with one another and with the days is asked of the tree."""
    out: dict[tuple[Any, ...], tuple[Any, ...]] = {}
    kinds = "; ".join(ORG_TYPE_LABELS.values())
    for row in rows:
        if not row.ok:
            continue
        # the row's own dict, copied only when a kind named in words is rewritten as its code
        # (the row keeps what the file says; a national lineage's 684.294 copies were 0,18 GB)
        v = row.values
        code, event = v["org_code"], v["event"]
        label = EVENT_LABELS[event]
        ok = True
        if code not in catalogue:
            problems.append(row.problem(IMPORT["event_org_unknown"], "org_code"))
            ok = False
        if event in RELATED_EVENTS:
            if not v["related_code"]:
                problems.append(
                    row.problem(
                        IMPORT["event_related_missing"].format(event=label),
                        "related_code" if "related_code" in row.raw else "event",
                    )
                )
                ok = False
            elif v["related_code"] not in catalogue:
                problems.append(row.problem(IMPORT["event_related_unknown"], "related_code"))
                ok = False
        if event in ATTRIBUTE_EVENTS:
            if v["to_value"] is None or (v["from_value"] is None and event != "moved"):
                problems.append(
                    row.problem(
                        IMPORT["event_values_missing"].format(event=label),
                        "to_value" if "to_value" in row.raw else "event",
                    )
                )
                ok = False
            elif event == "changed_kind":
                for column in ("from_value", "to_value"):
                    found = _kind_named(v[column])
                    if found is None:
                        problems.append(
                            row.problem(
                                IMPORT["event_kind_value"].format(value=v[column], choices=kinds),
                                column,
                            )
                        )
                        ok = False
                    elif found != v[column]:
                        if v is row.values:
                            v = dict(v)
                        v[column] = found
            elif event == "moved":
                for column in ("from_value", "to_value"):
                    if v[column] and v[column] not in catalogue:
                        problems.append(
                            row.problem(
                                IMPORT["event_parent_value"].format(value=v[column]), column
                            )
                        )
                        ok = False
        if ok and code not in broken:
            out[(code, v["event_date"], event)] = row_values("lineage_events", v)
    return PackedRows("lineage_events", out)


@lru_cache(maxsize=1024)
def _kind_named(text: str) -> str | None:
    """The kind of organization a change of kind names (its label or code, folded), or None; a
    national year's lineage names the same few kinds in 190.000 rows."""
    return KIND_LOOKUP.get(fold(text))


def _report_faults(
    faults: list[dict[str, Any]],
    orgs: _Sheet,
    file_codes: Collection[str],
    events: _Sheet,
    catalogue: Catalogue,
    broken: set[str],
    problems: list[Problem],
) -> None:
    """The tree's faults on the rows they come from: the event of the file, the organization
    of the file, or — when the file names neither — the stored data, said as such. Not said
    again: a cycle that an organization's row makes now (``_check_catalogue`` says it), a
    move to or a merge with an organization whose own row is broken (that row says it)."""
    if not faults:
        return
    # the file's events that a fault names, by key (only those: a national lineage's events by
    # key were 0,05 GB at the checks' peak)
    named = events.rows_keyed(
        ("org_code", "event_date", "event"),
        {(f["org_code"], f["event_date"], f["event"]) for f in faults},
    )
    file_orgs = orgs.rows_keyed(
        ("org_code",), {(f["org_code"],) for f in faults if f["org_code"] in file_codes}
    )
    for fault in faults:
        if fault["fault"] in ("parent_absent", "related_absent") and fault["value"] in broken:
            continue
        day = fault["event_date"]
        values = {
            "value": fault["value"] if fault["value"] is not None else "",
            "day": "" if day is None else f"{day:%d/%m/%Y}",
            "given": "",
        }
        row = named.get((fault["org_code"], day, fault["event"]))
        column = {
            "from_mismatch": "from_value",
            "to_not_current": "to_value",
            "related_absent": "related_code",
            "parent_absent": "to_value",
            "parent_kind": "to_value",
            "cycle": "to_value",
        }.get(fault["fault"], "event_date")
        key = f"fault_{fault['fault']}"
        if day is None and f"{key}_undated" in IMPORT:
            key += "_undated"  # a fault that holds from the first day has no day to name
        text = IMPORT[key]
        if row is not None:
            values["given"] = str(row.values.get(column) or "")
            problems.append(row.problem(text.format(**values), column))
        elif (fault["org_code"],) in file_orgs:
            if fault["fault"] == "cycle" and _cycle(fault["org_code"], catalogue):
                continue
            problems.append(
                file_orgs[(fault["org_code"],)].problem(text.format(**values), "parent_code")
            )
        else:
            problems.append(
                Problem(
                    IMPORT["fault_stored"].format(
                        code=fault["org_code"], message=text.format(**values)
                    )
                )
            )


def _check_scores(
    rows: Iterable[Row], catalogue: Collection[str], derived: YearTree, problems: list[Problem]
) -> PackedRows:
    """Scores out of 100 (Quy định 366-QĐ/TW): of base organizations, from the 2025 year."""
    out: dict[tuple[Any, ...], tuple[Any, ...]] = {}
    first = next(r.from_year for r in REGIMES if r.scored)
    for row in rows:
        if not row.ok:
            continue
        v = row.values
        year, code = v["year"], v["org_code"]
        quarter = v["quarter"] or 0
        if year < first:
            problems.append(
                row.problem(IMPORT["score_before_366"].format(year=year, first=first), "year")
            )
            continue
        if code not in catalogue:
            problems.append(row.problem(IMPORT["unknown_org"], "org_code"))
            continue
        kind = derived.kind(code, year)
        if kind is None:
            problems.append(
                row.problem(
                    IMPORT["org_not_active"].format(year=year, span=derived.span(code)), "year"
                )
            )
            continue
        if not is_base(kind):
            problems.append(
                row.problem(
                    IMPORT["not_base_in_year"].format(
                        year=year,
                        code=code,
                        type=ORG_TYPE_LABELS[kind].lower(),
                        sheet=IMPORT_SHEET_LABELS["cell_results"],
                    ),
                    "org_code",
                )
            )
            continue
        v["quarter"] = quarter  # a blank quarter is the year itself
        out[(year, quarter, code)] = row_values("org_scores", v)
    return PackedRows("org_scores", out)


def _target_scope(code: str | None, own: str) -> str:
    """The committee a target's row names (blank: the database's own superior)."""
    return code or own


def _check_targets(
    rows: list[Row], scopes: Mapping[str, dict[str, Any]], own: str, problems: list[Problem]
) -> RowsByKey:
    """A target belongs to the committee whose congress set it (blank: the database's own);
    ``scopes``: the catalogue's rows of the committees the targets name."""
    out: RowsByKey = {}
    for row in rows:
        if not row.ok:
            continue
        v = dict(row.values)
        v["scope_code"] = _target_scope(v["scope_code"], own)
        scope = scopes.get(v["scope_code"])
        if scope is None:
            problems.append(
                row.problem(IMPORT["scope_unknown"].format(code=v["scope_code"]), "scope_code")
            )
            continue
        if scope["org_type"] not in SUPERIOR_TYPES:
            problems.append(
                row.problem(
                    IMPORT["scope_not_superior"].format(
                        code=v["scope_code"], type=ORG_TYPE_LABELS[scope["org_type"]].lower()
                    ),
                    "scope_code",
                )
            )
            continue
        if v["from_year"] > v["to_year"]:
            problems.append(
                row.problem(
                    IMPORT["target_order"].format(start=v["from_year"], end=v["to_year"]), "to_year"
                )
            )
            continue
        out[(v["scope_code"], v["term"], v["subject"], v["measure"])] = {
            c: v[c] for c in table_columns("targets")
        }
    return out
