"""The checks of the yearly sheets, ``results`` and ``cell_results``: the arithmetic of a form.

A year's row must name an organization of the right kind that existed that year, a level of
the scheme in force that year (the 2017/2018 break: TSVM and YK before, the four "hoàn thành"
levels after), member counts whose parts add up to the total, and cell counts that agree with
the cells rated one by one (``cell_results``) or, without them, with the catalogue. Each check
says which number disagrees with which, in the user's words.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection
from functools import lru_cache
from typing import Any

from xeploai.domain.levels import LEVEL_CODES, scheme_for_year
from xeploai.domain.regimes import SCHEME_BREAK_YEAR
from xeploai.ingest.batch import RowsByKey
from xeploai.ingest.lineage import YearTree
from xeploai.ingest.parse import Row
from xeploai.ingest.problems import Problem
from xeploai.ingest.spec import CELL_LEVEL_COLUMNS, MEMBER_LEVEL_COLUMNS, MEMBER_STATUS_COLUMNS
from xeploai.texts import (
    IMPORT,
    IMPORT_EXPECTED,
    IMPORT_SHEET_LABELS,
    LEVEL_LABELS,
    ORG_TYPE_LABELS,
    fmt_int,
)


def _level_hint(code: str) -> str:
    """Why a level is not one of the year's scheme: which side of the 2017/2018 break it is."""
    if code == "TSVM":
        return IMPORT["level_tsvm_new"]
    if code == "YK":
        return IMPORT["level_yk_new"]
    return IMPORT["level_new_in_old"]


@lru_cache(maxsize=1024)
def level_problem(code: str, year: int) -> tuple[str, str] | None:
    """Why an organization's level does not exist in the year's scheme, or None (asked of
    every rated row, a million times for a national year: kept per level and year)."""
    allowed = scheme_for_year(year).org_levels
    if code in allowed:
        return None
    return _level_hint(code), IMPORT_EXPECTED["level"].format(
        year=year, choices="; ".join(LEVEL_LABELS[c] for c in allowed)
    )


def _org_of(
    row: Row,
    catalogue: Collection[str],
    derived: YearTree,
    problems: list[Problem],
    *,
    subordinate: bool,
) -> str | None:
    """The row's organization when, on 31 December of the row's year, it was of the sheet's
    kind (a subordinate cell, or a base organization); its kind that year, else None."""
    year, code = row.values["year"], row.values["org_code"]
    if code not in catalogue:
        problems.append(row.problem(IMPORT["unknown_org"], "org_code"))
        return None
    kind = derived.kind(code, year)
    if kind is None:
        problems.append(
            row.problem(IMPORT["org_not_active"].format(year=year, span=derived.span(code)), "year")
        )
        return None
    if (kind == "subordinate_cell") != subordinate:
        key = "not_subordinate_in_year" if subordinate else "not_base_in_year"
        sheet = "results" if subordinate else "cell_results"
        problems.append(
            row.problem(
                IMPORT[key].format(
                    year=year,
                    code=code,
                    type=ORG_TYPE_LABELS[kind].lower(),
                    sheet=IMPORT_SHEET_LABELS[sheet],
                ),
                "org_code",
            )
        )
        return None
    return kind


def check_cells(
    rows: list[Row],
    catalogue: Collection[str],
    derived: YearTree,
    result_rows: list[Row],
    db_results: RowsByKey,
    problems: list[Problem],
) -> RowsByKey:
    """The ``cell_results`` rows as stored rows; each cell's committee must report that year."""
    file_result_keys = {(r.values["year"], r.values["org_code"]) for r in result_rows}
    out: RowsByKey = {}
    for row in rows:
        if not row.ok:
            continue
        year, code, level = row.values["year"], row.values["org_code"], row.values["org_level"]
        if _org_of(row, catalogue, derived, problems, subordinate=True) is None:
            continue
        parent = derived.committee(code, year)
        if (year, parent) not in file_result_keys and (year, parent) not in db_results:
            problems.append(
                row.problem(
                    IMPORT["cell_parent_no_result"].format(parent=parent, year=year), "org_code"
                )
            )
        if level is not None:
            why = level_problem(level, year)
            if why:
                problems.append(row.problem(why[0], "org_level", expected=why[1]))
                continue
        out[(year, code)] = {
            "year": year,
            "org_code": code,
            "scheme_code": scheme_for_year(year).code,
            "org_level": level,
        }
    return out


def check_results(
    rows: list[Row],
    catalogue: Collection[str],
    derived: YearTree,
    new_cells: RowsByKey,
    db_cells: RowsByKey,
    db_results: RowsByKey,
    problems: list[Problem],
) -> RowsByKey:
    """The ``results`` rows as stored rows, with committees whose cells the file rates."""
    # Subordinate cells by (year, committee of that year), the file's over the database's.
    derived_cells: dict[tuple[int, str], Counter[str]] = defaultdict(Counter)
    for (year, code), cell in {**db_cells, **new_cells}.items():
        parent = derived.committee(code, year)
        if parent is None:
            continue
        counter = derived_cells[(year, parent)]  # present even when no cell was rated
        if cell["org_level"] is not None:
            counter[cell["org_level"]] += 1

    out: RowsByKey = {}
    for row in rows:
        v = row.values
        year, code = v["year"], v["org_code"]
        if not row.ok and (year is None or code is None):
            continue
        kind = _org_of(row, catalogue, derived, problems, subordinate=False)
        if kind is None:
            continue
        level = v["org_level"]
        _check_level(row, year, level, problems)
        count = _check_members(row, problems)
        cells = _check_cell_counts(
            row, kind, count, derived_cells, len(derived.cells(code, year)), problems
        )
        out[(year, code)] = _result_row(year, code, level, bool(v["clean_strong"]), count, cells)

    # Committees whose cells the file rates without a results row: recount from the cells.
    for key in {(y, derived.committee(c, y)) for (y, c) in new_cells}:
        if key in out or key not in db_results:
            continue
        cells = {c: int(derived_cells[key][c]) for c in LEVEL_CODES}  # type: ignore[index]
        new = dict(db_results[key])
        new.update({f"cells_{c.lower()}": n for c, n in cells.items()})
        out[key] = new
    return out


def _check_level(row: Row, year: int, level: str | None, problems: list[Problem]) -> None:
    """The level exists in the year's scheme; the TSVM commendation only on an HTXSNV, 2018+."""
    if level is not None and (why := level_problem(level, year)):
        problems.append(row.problem(why[0], "org_level", expected=why[1]))
    if row.values["clean_strong"]:
        if year < SCHEME_BREAK_YEAR:
            problems.append(row.problem(IMPORT["clean_strong_old"], "clean_strong"))
        elif level is not None and level != "HTXSNV":
            problems.append(
                row.problem(
                    IMPORT["clean_strong_not_excellent"].format(level=LEVEL_LABELS[level]),
                    "clean_strong",
                )
            )


def _check_members(row: Row, problems: list[Problem]) -> dict[str, int]:
    """Every count of the row (absent = 0); the members' parts must add up to the total."""
    v = row.values
    count = {
        k: int(v[k] or 0)
        for k in (
            "members_total",
            *MEMBER_STATUS_COLUMNS,
            *MEMBER_LEVEL_COLUMNS,
            *CELL_LEVEL_COLUMNS,
        )
    }
    evaluated = sum(count[k] for k in MEMBER_LEVEL_COLUMNS)
    if row.ok and v["members_evaluated"] is not None and v["members_evaluated"] != evaluated:
        problems.append(
            row.problem(
                IMPORT["members_levels_vs_evaluated"].format(
                    levels=" + ".join(fmt_int(count[k]) for k in MEMBER_LEVEL_COLUMNS),
                    sum=fmt_int(evaluated),
                    given=fmt_int(v["members_evaluated"]),
                ),
                "members_evaluated",
            )
        )
    parts = evaluated + sum(count[k] for k in MEMBER_STATUS_COLUMNS)
    if row.ok and parts != count["members_total"]:
        problems.append(
            row.problem(
                IMPORT["members_parts_vs_total"].format(
                    total=fmt_int(count["members_total"]),
                    evaluated=fmt_int(evaluated),
                    exempt=fmt_int(count["members_exempt"]),
                    suspended=fmt_int(count["members_suspended"]),
                    new=fmt_int(count["members_new"]),
                    pending=fmt_int(count["members_pending"]),
                    parts=fmt_int(parts),
                ),
                "members_total",
            )
        )
    return count


def _check_cell_counts(
    row: Row,
    kind: str,
    count: dict[str, int],
    derived: dict[tuple[int, str], Counter[str]],
    standing: int,
    problems: list[Problem],
) -> dict[str, int]:
    """The committee's cells by level: as rated one by one when they are, else as given."""
    v = row.values
    year, code = v["year"], v["org_code"]
    given_cells = {c: count[f"cells_{c}"] for c in LEVEL_CODES}
    cells_given = any(given_cells.values()) or bool(v["cells_rated"])
    rated = sum(given_cells.values())
    allowed = scheme_for_year(year).org_levels
    for c, n in given_cells.items():
        if n and c not in allowed:
            problems.append(
                row.problem(
                    IMPORT["cells_level_not_in_scheme"].format(
                        year=year, level=c, hint=_level_hint(c)
                    ),
                    f"cells_{c}",
                )
            )
    if row.ok and v["cells_rated"] is not None and v["cells_rated"] != rated:
        problems.append(
            row.problem(
                IMPORT["cells_levels_vs_rated"].format(
                    sum=fmt_int(rated), given=fmt_int(v["cells_rated"])
                ),
                "cells_rated",
            )
        )
    if kind == "base_cell" and cells_given:
        problems.append(
            row.problem(
                IMPORT["cells_on_base_cell"],
                "cells_rated" if v["cells_rated"] else None,
                show_value=bool(v["cells_rated"]),
            )
        )
    rated_column = "cells_rated" if "cells_rated" in row.raw else None
    if (year, code) in derived:
        from_cells = derived[(year, code)]
        cells = {c: int(from_cells[c]) for c in LEVEL_CODES}
        if row.ok and cells_given and cells != given_cells:
            problems.append(
                row.problem(
                    IMPORT["cells_vs_cell_results"].format(
                        given=_level_counts(given_cells), derived=_level_counts(cells)
                    ),
                    rated_column,
                    show_value=False,
                )
            )
        return cells
    if row.ok and standing and rated > standing:
        problems.append(
            row.problem(
                IMPORT["cells_over_catalogue"].format(
                    rated=fmt_int(rated), catalogue=fmt_int(standing), year=year
                ),
                rated_column,
                show_value=rated_column is not None,
            )
        )
    return given_cells


def _level_counts(cells: dict[str, int]) -> str:
    return ", ".join(f"{c} {fmt_int(n)}" for c, n in cells.items() if n) or "0"


def _result_row(
    year: int,
    code: str,
    level: str | None,
    clean_strong: bool,
    count: dict[str, int],
    cells: dict[str, int],
) -> dict[str, Any]:
    row: dict[str, Any] = {
        "year": year,
        "org_code": code,
        "scheme_code": scheme_for_year(year).code,
        "org_level": level,
        "clean_strong": clean_strong,
        "members_total": count["members_total"],
    }
    for k in MEMBER_STATUS_COLUMNS:
        row[k] = count[k]
    for k in MEMBER_LEVEL_COLUMNS:
        row[k.lower()] = count[k]
    for c in LEVEL_CODES:
        row[f"cells_{c.lower()}"] = cells[c]
    return row
