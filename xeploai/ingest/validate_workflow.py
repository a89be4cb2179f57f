"""The checks of the sheets of the evaluation as it is worked (issue 12): ``steps``,
``statuses``, ``remediation`` and ``reports``.

Each row must name a base organization of its year, and say what the domain allows:

- a step's levels are levels of the year's scheme, its scores those of a scored year, its
  decision made in the year or the one after, not after today;
- a status "not rated for this reason" belongs to an organization without a level that year
  (the results as the import leaves them), "rated late" to one with a level, rated after
  31 December; a paused evaluation names its case and day; the members not yet evaluated, told
  apart by reason, are no more than those the results count;
- a plan's item is of a review year and has its deadline after it;
- a quarterly report is about a quarter that has ended, after the plan was made, and about an
  item the plan has (in the file or stored), with one of the allowed statuses (``parse``).

Only rows without a problem become stored rows; every problem is collected at once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping
from typing import Any

from xeploai.domain.regimes import REGIMES
from xeploai.domain.workflow import PAUSED_STATUSES, RATED_LATE, UNRATED_STATUSES, Quarter
from xeploai.ingest.batch import PackedRows, row_values
from xeploai.ingest.lineage import YearTree, is_base
from xeploai.ingest.parse import Row
from xeploai.ingest.problems import Problem
from xeploai.ingest.validate_results import level_problem
from xeploai.texts import (
    EVAL_STATUS_LABELS,
    IMPORT,
    IMPORT_SHEET_LABELS,
    LEVEL_LABELS,
    ORG_TYPE_LABELS,
    fmt_int,
)


def _day(value: dt.date) -> str:
    return f"{value:%d/%m/%Y}"


def _base_org(
    row: Row,
    code: str,
    year: int,
    catalogue: Collection[str],
    derived: YearTree,
    problems: list[Problem],
    year_column: str = "year",
) -> bool:
    """The row's organization was a base organization on 31 December of ``year``."""
    if code not in catalogue:
        problems.append(row.problem(IMPORT["unknown_org"], "org_code"))
        return False
    kind = derived.kind(code, year)
    if kind is None:
        problems.append(
            row.problem(
                IMPORT["org_not_active"].format(year=year, span=derived.span(code)), year_column
            )
        )
        return False
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
        return False
    return True


def check_steps(
    rows: Iterable[Row],
    catalogue: Collection[str],
    derived: YearTree,
    today: dt.date,
    problems: list[Problem],
) -> PackedRows:
    """The three steps: levels of the year's scheme, scores only when scored, a decision made
    during the year's review (the year, or the next one for a late decision)."""
    out: dict[tuple[Any, ...], tuple[Any, ...]] = {}
    first_scored = next(r.from_year for r in REGIMES if r.scored)
    for row in rows:
        if not row.ok:
            continue
        v = row.values
        year, code = v["year"], v["org_code"]
        if not _base_org(row, code, year, catalogue, derived, problems):
            continue
        ok = True
        if all(
            v[c] is None
            for c in (
                "self_level",
                "self_score",
                "appraised_level",
                "appraised_score",
                "decision_no",
                "decision_date",
            )
        ):
            problems.append(row.problem(IMPORT["step_empty"], show_value=False))
            ok = False
        for column in ("self_level", "appraised_level"):
            if v[column] is not None and (problem := level_problem(v[column], year)):
                hint, expected = problem
                problems.append(row.problem(hint, column, expected=expected))
                ok = False
        for column in ("self_score", "appraised_score"):
            if v[column] is not None and year < first_scored:
                problems.append(
                    row.problem(
                        IMPORT["score_before_366"].format(year=year, first=first_scored), column
                    )
                )
                ok = False
        day = v["decision_date"]
        if day is not None:
            if not year <= day.year <= year + 1:
                problems.append(
                    row.problem(
                        IMPORT["decision_date_range"].format(
                            day=_day(day), year=year, next=year + 1
                        ),
                        "decision_date",
                    )
                )
                ok = False
            elif day > today:
                problems.append(
                    row.problem(
                        IMPORT["date_after_today"].format(day=_day(day), today=_day(today)),
                        "decision_date",
                    )
                )
                ok = False
        if ok:
            out[(year, code)] = row_values("org_steps", v)
    return PackedRows("org_steps", out)


def _result(
    results: Mapping[tuple[Any, ...], dict[str, Any]], year: int, code: str
) -> dict[str, Any] | None:
    return results.get((year, code))


def check_statuses(
    rows: Iterable[Row],
    catalogue: Collection[str],
    derived: YearTree,
    results: Mapping[tuple[Any, ...], dict[str, Any]],
    today: dt.date,
    problems: list[Problem],
) -> PackedRows:
    """Statuses against the results as the import leaves them (``results``: by year and code,
    the file's rows over the stored ones)."""
    out: dict[tuple[Any, ...], tuple[Any, ...]] = {}
    for row in rows:
        if not row.ok:
            continue
        v = dict(row.values)
        year, code, status = v["year"], v["org_code"], v["status"]
        v["members_paused"] = v["members_paused"] or 0
        v["members_absent"] = v["members_absent"] or 0
        if code not in catalogue:
            problems.append(row.problem(IMPORT["unknown_org"], "org_code"))
            continue
        if status == "dissolved":
            # not standing on 31 December: it ended during the year
            _, ended = derived.life.get(code, (None, None))
            if ended is None or ended.year != year:
                problems.append(
                    row.problem(
                        IMPORT["dissolved_not_ended"].format(year=year, span=derived.span(code)),
                        "status",
                    )
                )
                continue
        elif not _base_org(row, code, year, catalogue, derived, problems):
            continue
        label = EVAL_STATUS_LABELS.get(status or "", "")
        result = _result(results, year, code)
        level = None if result is None else result.get("org_level")
        ok = True
        if status is None and not (v["members_paused"] or v["members_absent"]):
            problems.append(row.problem(IMPORT["status_empty"], show_value=False))
            ok = False
        if status in UNRATED_STATUSES and status != "dissolved" and level is not None:
            problems.append(
                row.problem(
                    IMPORT["status_has_level"].format(
                        year=year,
                        level=LEVEL_LABELS.get(level, level).lower(),
                        status=label,
                        late=EVAL_STATUS_LABELS[RATED_LATE],
                    ),
                    "status",
                )
            )
            ok = False
        if status == RATED_LATE:
            if level is None:
                problems.append(
                    row.problem(
                        IMPORT["rated_late_no_level"].format(year=year, late=label), "status"
                    )
                )
                ok = False
            if v["status_date"] is None or v["status_date"].year <= year:
                problems.append(
                    row.problem(
                        IMPORT["rated_late_date"].format(year=year, next=year + 1),
                        "status_date" if "status_date" in row.raw else "status",
                    )
                )
                ok = False
        if status == "founded_recently":
            founded, _ = derived.life.get(code, (None, None))
            if founded is None or founded.year != year:
                problems.append(
                    row.problem(
                        IMPORT["founded_not_that_year"].format(year=year, span=derived.span(code)),
                        "status",
                    )
                )
                ok = False
        if status in PAUSED_STATUSES:
            if not v["reference"]:
                problems.append(
                    row.problem(
                        IMPORT["status_needs_reference"].format(status=label),
                        "reference" if "reference" in row.raw else "status",
                    )
                )
                ok = False
            if v["status_date"] is None:
                problems.append(
                    row.problem(
                        IMPORT["status_needs_date"].format(status=label),
                        "status_date" if "status_date" in row.raw else "status",
                    )
                )
                ok = False
        day = v["status_date"]
        if day is not None and ok:
            if not year <= day.year <= year + 1:
                problems.append(
                    row.problem(
                        IMPORT["status_date_range"].format(day=_day(day), year=year), "status_date"
                    )
                )
                ok = False
            elif day > today:
                problems.append(
                    row.problem(
                        IMPORT["date_after_today"].format(day=_day(day), today=_day(today)),
                        "status_date",
                    )
                )
                ok = False
        told = v["members_paused"] + v["members_absent"]
        if told:
            if result is None:
                problems.append(
                    row.problem(
                        IMPORT["status_no_result"].format(year=year),
                        "members_paused" if v["members_paused"] else "members_absent",
                        show_value=False,
                    )
                )
                ok = False
            elif told > int(result.get("members_pending") or 0):
                problems.append(
                    row.problem(
                        IMPORT["members_reasons_vs_pending"].format(
                            paused=fmt_int(v["members_paused"]),
                            absent=fmt_int(v["members_absent"]),
                            sum=fmt_int(told),
                            pending=fmt_int(result.get("members_pending") or 0),
                        ),
                        "members_paused" if v["members_paused"] else "members_absent",
                    )
                )
                ok = False
        if ok:
            out[(year, code)] = row_values("org_statuses", v)
    return PackedRows("org_statuses", out)


def check_items(
    rows: Iterable[Row], catalogue: Collection[str], derived: YearTree, problems: list[Problem]
) -> PackedRows:
    """A plan's items: of a base organization of the review year, due after that year."""
    out: dict[tuple[Any, ...], tuple[Any, ...]] = {}
    for row in rows:
        if not row.ok:
            continue
        v = row.values
        year, code = v["plan_year"], v["org_code"]
        if not _base_org(row, code, year, catalogue, derived, problems, "plan_year"):
            continue
        if v["deadline"] is not None and v["deadline"].year <= year:
            problems.append(
                row.problem(
                    IMPORT["deadline_before_review"].format(day=_day(v["deadline"]), year=year),
                    "deadline",
                )
            )
            continue
        out[(year, code, v["item_no"])] = row_values("remediation_items", v)
    return PackedRows("remediation_items", out)


def check_reports(
    rows: Iterable[Row],
    items: Mapping[tuple[Any, ...], dict[str, Any]],
    today: dt.date,
    problems: list[Problem],
) -> PackedRows:
    """Quarterly reports: of a quarter that has ended, after the plan's review year, about an
    item of the plan (``items``: the file's over the stored ones)."""
    by_plan: dict[tuple[int, str], list[int]] = {}
    for plan_year, code, item_no in items:
        by_plan.setdefault((plan_year, code), []).append(int(item_no))
    out: dict[tuple[Any, ...], tuple[Any, ...]] = {}
    for row in rows:
        if not row.ok:
            continue
        v = row.values
        quarter = Quarter(v["report_year"], v["report_quarter"])
        plan_year, code, item_no = v["plan_year"], v["org_code"], v["item_no"]
        ok = True
        if not quarter.ended(today):
            problems.append(
                row.problem(
                    IMPORT["report_quarter_not_ended"].format(
                        quarter=quarter.quarter, year=quarter.year, end=_day(quarter.end)
                    ),
                    "report_quarter",
                )
            )
            ok = False
        elif quarter.year <= plan_year:
            problems.append(
                row.problem(
                    IMPORT["report_before_plan"].format(
                        plan_year=plan_year,
                        next=plan_year + 1,
                        quarter=quarter.quarter,
                        year=quarter.year,
                    ),
                    "report_year",
                )
            )
            ok = False
        if (plan_year, code, item_no) not in items:
            known = sorted(by_plan.get((plan_year, code), []))
            hint = (
                IMPORT["report_items_known"].format(items=", ".join(map(str, known)))
                if known
                else IMPORT["report_no_plan"]
            )
            problems.append(
                row.problem(
                    IMPORT["report_item_unknown"].format(
                        item=item_no,
                        plan_year=plan_year,
                        org=code,
                        sheet=IMPORT_SHEET_LABELS["remediation"],
                        items=hint,
                    ),
                    "item_no",
                )
            )
            ok = False
        day = v["reported_on"]
        if ok and day is not None:
            if day <= quarter.end:
                problems.append(
                    row.problem(
                        IMPORT["reported_on_early"].format(
                            day=_day(day), quarter=quarter.quarter, year=quarter.year
                        ),
                        "reported_on",
                    )
                )
                ok = False
            elif day > today:
                problems.append(
                    row.problem(
                        IMPORT["date_after_today"].format(day=_day(day), today=_day(today)),
                        "reported_on",
                    )
                )
                ok = False
        if ok:
            out[(plan_year, code, item_no, quarter.year, quarter.quarter)] = row_values(
                "remediation_reports", v
            )
    return PackedRows("remediation_reports", out)
