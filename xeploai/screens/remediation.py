"""Khắc phục: the board's view of the remediation plans on a given day — what is overdue, what
falls due this quarter, who has reported on the last quarter, the progress of each plan — and
what the editor's forms (a quarterly report, the status of an evaluation) offer and hold."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import pandas as pd

from xeploai.charts.workflow import remediation_progress
from xeploai.domain.plain import markdown_text
from xeploai.domain.selection import ALL, Filters
from xeploai.domain.workflow import ITEM_STATUSES, STATUSES, Quarter, last_ended_quarter
from xeploai.ingest.problems import Problem
from xeploai.metrics.frames import among, records, sorted_rows
from xeploai.metrics.remediation import (
    RemediationStatus,
    item_states,
    load_items,
    load_reports,
    plans,
    progress,
    reporting,
    status,
)
from xeploai.screens.blocks import Card, ChartBlock, Note
from xeploai.screens.common import LISTED_ROWS, cut_note, day_text, day_texts
from xeploai.store.database import Database
from xeploai.texts import (
    ANALYSIS,
    EVAL_STATUS_LABELS,
    FORMS,
    IMPORT,
    IMPORT_HEADERS,
    ITEM_STATUS_LABELS,
    REMEDIATION,
    fmt_int,
)

R = REMEDIATION
# The plans the progress chart draws at most, a bar each: a committee may hold tens of thousands
# (national scale: seconds to wrap their labels, a chart hundreds of thousands of pixels tall).
# Above this, the chart draws the plans least remedied, and the table under it keeps every plan.
PROGRESS_SHOWN = 40


def quarter_words(year: Any, quarter: Any) -> str:
    if year is None or pd.isna(year):
        return R["never"]
    return R["quarter"].format(quarter=int(quarter), year=int(year))


def items_table(rows: pd.DataFrame, *, late: bool = False) -> pd.DataFrame:
    """Items as the board reads them: the organization, the plan, the item, the deadline, where
    it stands and its latest report (and how many days overdue)."""
    out: dict[str, Any] = {
        R["h_org"]: rows["org_name"],
        R["h_plan_year"]: rows["plan_year"].astype(str),
        R["h_item"]: rows["item_no"].astype("int64"),
        R["h_shortcoming"]: rows["shortcoming"],
        R["h_deadline"]: day_texts(rows["deadline"]),
    }
    if late:
        out[R["h_days_late"]] = rows["days_late"].astype("int64")
    # each column read as Python values at once (``tolist``), not value by value through pandas
    out[R["h_state"]] = [ITEM_STATUS_LABELS[s] for s in rows["state"].tolist()]
    out[R["h_last"]] = [
        quarter_words(y, q)
        for y, q in zip(rows["last_year"].tolist(), rows["last_quarter"].tolist(), strict=True)
    ]
    return pd.DataFrame(out)


def reporting_table(rows: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            R["h_org"]: rows["org_name"],
            R["h_reported"]: [R["yes"] if r else R["no"] for r in rows["reported"].tolist()],
            R["h_reported_on"]: day_texts(rows["reported_on"]),
            R["h_on_time"]: [
                "" if not r else R["late"] if late else R["on_time"]
                for r, late in zip(rows["reported"].tolist(), rows["late"].tolist(), strict=True)
            ],
        }
    )


def progress_table(rows: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            R["h_org"]: rows["org_name"],
            R["h_plan_year"]: rows["plan_year"].astype(str),
            R["h_items"]: rows["items"].astype("int64"),
            R["h_done"]: rows["done"].astype("int64"),
            R["h_in_progress"]: rows["in_progress"].astype("int64"),
            R["h_not_started"]: rows["not_started"].astype("int64"),
            R["h_overdue"]: rows["overdue"].astype("int64"),
            R["h_done_pct"]: rows["done_pct"].astype("Float64"),
        }
    )


def cards(s: RemediationStatus) -> tuple[Card, ...]:
    q, rq = s.quarter, s.report_quarter
    return (
        Card(
            R["card_plans"],
            fmt_int(s.plans),
            caption=R["card_plans_help"].format(items=fmt_int(s.items_open)),
        ),
        Card(
            R["card_overdue"],
            fmt_int(s.overdue_items),
            caption=R["card_overdue_help"].format(orgs=fmt_int(s.overdue_orgs)),
        ),
        Card(R["card_due"].format(quarter=quarter_words(q.year, q.quarter)), fmt_int(s.due_items)),
        Card(
            R["card_reported"].format(quarter=quarter_words(rq.year, rq.quarter)),
            f"{fmt_int(s.reported)}/{fmt_int(s.expected)}",
            caption=R["card_reported_help"].format(
                expected=fmt_int(s.expected), due=f"{rq.due:%d/%m/%Y}"
            ),
        ),
        Card(R["card_late"], fmt_int(s.late)),
        Card(R["card_missing"], fmt_int(s.missing)),
    )


# --- the editor's forms ---------------------------------------------------------------------


@dataclass(frozen=True)
class FormItem:
    item_no: int
    label: str  # "Mục 2: …"
    hint: str  # deadline and where it stands
    status: str  # prefilled: this quarter's report, else the latest state
    done_text: str
    assessment: str


@dataclass(frozen=True)
class ReportForm:
    """A quarterly report: which plan, which quarter, and each item prefilled."""

    plans: tuple[tuple[int, str], ...]  # (plan year, organization): the plans listed
    plan_labels: dict[tuple[int, str], str]
    plan: tuple[int, str]
    quarter: tuple[int, int]  # (year, quarter): by default the last that ended
    items: tuple[FormItem, ...]
    statuses: tuple[str, ...]
    status_labels: dict[str, str]
    reported_on: dt.date
    search: bool = False  # too many plans to list: a search box above the picker
    search_note: str | None = None  # what the list shows (the first, what the words found)


@dataclass(frozen=True)
class StatusForm:
    years: tuple[int, ...]
    year: int
    orgs: tuple[str, ...]
    org_labels: dict[str, str]
    org: str
    search: bool  # too many to list: a search box above the picker
    search_note: str | None  # what the list shows (the first unrated, what the words found)
    statuses: tuple[str | None, ...]
    status_labels: dict[str | None, str]
    status: str | None
    reference: str
    status_date: dt.date | None
    members_paused: int
    members_absent: int
    current: str  # what is recorded now


def _plan_keys(rows: pd.DataFrame) -> list[tuple[int, str]]:
    return list(zip(rows["plan_year"].tolist(), rows["org_code"].tolist(), strict=True))


def report_form(
    items: pd.DataFrame,
    reports_of: Callable[[str], pd.DataFrame],
    day: dt.date,
    plan: tuple[int, str] | None,
    quarter: tuple[int, int] | None,
    *,
    limit: int | None = None,
    words: str = "",
    found: frozenset[str] = frozenset(),
) -> ReportForm | None:
    """The form for ``plan`` and ``quarter`` (``reports_of``: an organization's quarterly
    reports, read for the plan chosen alone). More than ``limit`` plans are not listed whole:
    the form offers a search and lists the first ``limit`` plans, in its order, of the
    organizations ``found`` by the ``words`` typed — without words, the first ``limit``. The
    plan chosen stays listed."""
    if items.empty:
        return None
    # the plans a report is most wanted for first: an item overdue, then an item open (counted
    # by ``plans`` and sorted by Arrow: pandas grouping and sorting a national committee's
    # 18.879 plans by name took most of a tenth of a second)
    each = plans(item_states(items, day))
    each["overdue"] = each["overdue"] > 0  # an item of the plan overdue
    each["done"] = each["done"] == each["items"]  # every item of it remedied
    order = sorted_rows(
        each,
        ["overdue", "done", "plan_year", "org_name", "org_code"],
        [False, True, False, True, True],
    )
    search, note, shown = limit is not None and len(order) > limit, None, order
    if search and limit is not None:
        if words:
            shown = order[among(order["org_code"], found)]
            if shown.empty:
                note = ANALYSIS["org_find_none"].format(words=markdown_text(words))
            elif len(shown) > limit:
                note = FORMS["plan_find_more"].format(
                    shown=fmt_int(limit), words=markdown_text(words)
                )
        else:
            note = FORMS["plan_find_first"].format(n=fmt_int(limit), plans=fmt_int(len(order)))
        shown = shown.head(limit)
    # the plans as (year, code) pairs, for the rows listed alone (a pair for each of a national
    # committee's 18.879 plans cost 15–25 ms); the plan asked for looked up if it is not listed
    listed = _plan_keys(shown)
    names = dict(zip(listed, shown["org_name"].tolist(), strict=True))
    extra = order.head(0)
    if plan is not None and plan not in names:
        extra = order[(order["plan_year"] == plan[0]) & (order["org_code"] == plan[1])]
    if extra.empty and not listed:  # nothing found: the first plan of all
        extra = order.head(1)
    names |= dict(zip(_plan_keys(extra), extra["org_name"].tolist(), strict=True))
    chosen = plan if plan in names else (listed or list(names))[0]
    if chosen not in listed:
        listed = [chosen, *listed]
    last = last_ended_quarter(day)
    # any quarter the editor asks for: one that has not ended is refused when written, with
    # its reason, like a file's row
    which = quarter if quarter is not None and 1 <= quarter[1] <= 4 else (last.year, last.quarter)
    mine = items[(items["plan_year"] == chosen[0]) & (items["org_code"] == chosen[1])]
    reports = reports_of(chosen[1])
    this = reports[
        (reports["plan_year"] == chosen[0])
        & (reports["org_code"] == chosen[1])
        & (reports["report_year"] == which[0])
        & (reports["report_quarter"] == which[1])
    ].set_index("item_no")
    form_items = []
    for r in records(mine):
        entered = this.loc[r.item_no] if r.item_no in this.index else None
        state = str(r.last_status) if isinstance(r.last_status, str) else ITEM_STATUSES[0]
        form_items.append(
            FormItem(
                item_no=int(r.item_no),
                label=FORMS["item_label"].format(no=int(r.item_no), shortcoming=r.shortcoming),
                hint=FORMS["item_deadline"].format(
                    deadline=day_text(r.deadline), state=ITEM_STATUS_LABELS[state].lower()
                ),
                status=str(entered["item_status"]) if entered is not None else state,
                done_text=str(entered["done_text"] or "") if entered is not None else "",
                assessment=str(entered["assessment"] or "") if entered is not None else "",
            )
        )
    entered_on = this["reported_on"].dropna()
    return ReportForm(
        plans=tuple(listed),
        plan_labels={k: FORMS["plan_option"].format(org=names[k], year=k[0]) for k in listed},
        plan=chosen,
        quarter=which,
        items=tuple(form_items),
        statuses=ITEM_STATUSES,
        status_labels=ITEM_STATUS_LABELS,
        reported_on=pd.Timestamp(entered_on.iloc[0]).date() if len(entered_on) else day,
        search=search,
        search_note=note,
    )


def _offered(
    db: Database,
    filters: Filters,
    year: int,
    chosen: str | None,
    limit: int,
    *,
    words: str = "",
    unrated: bool = False,
) -> pd.DataFrame:
    return db.query(
        "year_orgs_found_by_org",
        year=year,
        find=words,
        unrated=unrated,
        chosen=chosen,
        limit=limit + 1,
        **filters.params(),
    )


def status_entry(
    db: Database,
    scope: str | None,
    years: tuple[int, ...],
    year: int | None,
    org: str | None,
    find: str,
    limit: int,
    filters: Filters = ALL,
) -> StatusForm | None:
    """The status form for ``year`` and the organization ``org`` (of the committee ``scope``,
    among its ``years``): what it offers and what is stored. A year of at most ``limit``
    organizations lists them all, the unrated chosen first; a longer one offers a search, and
    lists the first ``limit`` that the words ``find`` find — without words, the first unrated
    (the ones a status is about). The organization chosen stays listed."""
    if not years:
        return None
    filters = replace(filters, scope=scope)
    chosen_year = year if year in years else years[-1]
    rows = _offered(db, filters, chosen_year, org, limit)
    words, note, search = find.strip(), None, False
    if int(rows["found"].sum()) > limit:
        search = True
        if words:
            rows = _offered(db, filters, chosen_year, org, limit, words=words)
            if not rows["found"].any():
                note = ANALYSIS["org_find_none"].format(words=markdown_text(words))
        else:
            unrated = _offered(db, filters, chosen_year, org, limit, unrated=True)
            note = FORMS["org_find_unrated"].format(n=fmt_int(limit))
            if not unrated["found"].any():  # every organization rated: the first by name
                note = FORMS["org_find_first"].format(n=fmt_int(limit))
            else:
                rows = unrated
        if int(rows["found"].sum()) > limit:
            rows = rows[~rows["found"] | (rows["found"].cumsum() <= limit)]
            if words:
                note = ANALYSIS["org_find_more"].format(
                    shown=fmt_int(limit), words=markdown_text(words)
                )
    if rows.empty:
        return None
    codes = tuple(str(c) for c in rows["org_code"].tolist())
    names = dict(zip(codes, (str(n) for n in rows["org_name"].tolist()), strict=True))
    # the unrated first: they are the ones a status is about
    unrated_codes = [c for c, r in zip(codes, rows["org_rated"].tolist(), strict=True) if not r]
    chosen = org if org in codes else (unrated_codes or list(codes))[0]
    row = next(iter(db.rows("stored_status_by_org", year=chosen_year, org=chosen)), None)
    options: tuple[str | None, ...] = (None, *STATUSES)
    labels: dict[str | None, str] = {None: FORMS["status_none"]}
    labels.update(EVAL_STATUS_LABELS)
    current = labels[row["status"]] if row is not None else FORMS["status_none"]
    return StatusForm(
        years=tuple(years),
        year=chosen_year,
        orgs=codes,
        org_labels=names,
        org=chosen,
        search=search,
        search_note=note,
        statuses=options,
        status_labels=labels,
        status=row["status"] if row is not None else None,
        reference=(row["reference"] or "") if row is not None else "",
        status_date=row["status_date"] if row is not None else None,
        members_paused=int(row["members_paused"]) if row is not None else 0,
        members_absent=int(row["members_absent"]) if row is not None else 0,
        current=FORMS["current"].format(status=current),
    )


def form_problems(problems: list[Problem], sheet: str) -> list[str]:
    """Why a form entry was refused, in the form's words: the field, the reason, what is
    expected (the sheet and row of the workbook behind the form mean nothing to its user). A
    reason that holds for every item of the report (a quarter that has not ended) is said once."""
    headers = {k: v for k, v in IMPORT_HEADERS[sheet].items()}
    lines: list[str] = []
    for p in problems:
        field = headers.get(p.column or "", p.column or "")
        text = FORMS["problem"].format(column=f"{field}: " if field else "", message=p.message)
        if p.expected:
            text += " — " + IMPORT["expected"].format(expected=p.expected)
        if text not in lines:
            lines.append(text)
    return lines


@dataclass(frozen=True)
class RemediationScreen:
    intro: str = ""
    empty: Note | None = None  # no plan in the scope (the forms may still be offered)
    cards: tuple[Card, ...] = ()
    overdue: pd.DataFrame | None = None
    overdue_note: Note | None = None
    due_heading: str = ""
    due: pd.DataFrame | None = None
    due_note: Note | None = None
    reporting_heading: str = ""
    reporting: pd.DataFrame | None = None
    reporting_note: Note | None = None
    # each list shows its first LISTED_ROWS rows; its cut says so for a longer one
    # (``list_file`` makes the whole list)
    overdue_cut: Note | None = None
    due_cut: Note | None = None
    reporting_cut: Note | None = None
    progress: ChartBlock | None = None


def report_entry(
    db: Database,
    scope: str | None,
    day: dt.date,
    plan: tuple[int, str] | None,
    quarter: tuple[int, int] | None,
    find: str,
    limit: int,
    filters: Filters = ALL,
) -> ReportForm | None:
    """The quarterly report's form for ``plan`` and ``quarter`` (the committee ``scope``'s
    plans on ``day``): built apart from the screen, so that a choice in a form does not make
    the whole page again. A committee of more than ``limit`` plans gets a search: the plans of
    the organizations whose name or code holds the words ``find``."""
    filters = replace(filters, scope=scope)
    items = load_items(db, filters.scope, filters.orgs)
    words, found = find.strip(), frozenset[str]()
    if words and len(items[["plan_year", "org_code"]].drop_duplicates()) > limit:
        codes = db.query("plan_orgs_found_by_org", find=words)["org_code"]
        found = frozenset(str(c) for c in codes)
    return report_form(
        items,
        lambda org: load_reports(db, filters.scope, (org,)),
        day,
        plan,
        quarter,
        limit=limit,
        words=words,
        found=found,
    )


def _read(db: Database, filters: Filters, day: dt.date) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The committee's items and who was to report on the last quarter (``reporting``), read at
    once (``Database.at_once``): nationally each scans the committee's plans, 0,1 s apiece."""
    with db.at_once() as run:
        items = run(load_items, db, filters.scope, filters.orgs)
        reported = run(reporting, db, filters.scope, filters.orgs, day)
    return items.result(), reported.result()


def _lists(items: pd.DataFrame, reported: pd.DataFrame, day: dt.date) -> dict[str, pd.DataFrame]:
    """The item states and, by name, the rows of each list, in the order the page shows them:
    the longest overdue first; the earliest deadline first; those who have not reported first
    (``reported``: ``reporting``'s rows)."""
    states = item_states(items, day)
    return {
        "states": states,
        # sorted by Arrow (pandas sorts a text key by factorizing it in Python)
        "overdue": sorted_rows(states[states["overdue"]], ["days_late", "org_name"], [False, True]),
        "due": sorted_rows(states[states["due_now"]], ["deadline", "org_name"]),
        "reporting": reported,
    }


def _table(which: str, rows: pd.DataFrame) -> pd.DataFrame:
    if which == "reporting":
        return reporting_table(rows)
    return items_table(rows, late=which == "overdue")


def list_file(
    db: Database, scope: str | None, day: dt.date, which: str, filters: Filters = ALL
) -> pd.DataFrame:
    """The whole list ``which`` ("overdue", "due", "reporting", or "progress": the data of the
    progress chart) as the page shows its first ``LISTED_ROWS``: the table of the files under a
    long list."""
    filters = replace(filters, scope=scope)
    if which == "progress":
        return progress_table(
            progress(item_states(load_items(db, filters.scope, filters.orgs), day))
        )
    return _table(which, _lists(*_read(db, filters, day), day)[which])


def build(
    db: Database, scope: str | None, day: dt.date, filters: Filters = ALL
) -> RemediationScreen:
    """The plans of the committee ``scope`` on ``day`` (the forms are ``report_entry`` and
    ``status_entry``). The page passes no ``filters``: it shows the whole committee (what a
    user may see of it: the cache narrows the default to their organizations)."""
    filters = replace(filters, scope=scope)
    items, reported = _read(db, filters, day)
    now, rq = Quarter.of(day), last_ended_quarter(day)
    intro = R["intro"].format(
        day=f"{day:%d/%m/%Y}",
        quarter=quarter_words(now.year, now.quarter),
        report_quarter=quarter_words(rq.year, rq.quarter),
        due=f"{rq.due:%d/%m/%Y}",
    )
    if items.empty:
        return RemediationScreen(intro=intro, empty=Note(R["none"]))
    lists = _lists(items, reported, day)
    states, due_now, overdue, due = (
        lists["states"],
        lists["reporting"],
        lists["overdue"],
        lists["due"],
    )
    summary = status(states, due_now, day)
    by_org = progress(states)
    now_words = quarter_words(now.year, now.quarter)
    report_words = quarter_words(rq.year, rq.quarter)
    title = R["progress_title"].format(
        done=fmt_int(int(states["done"].sum())),
        items=fmt_int(len(states)),
        overdue=fmt_int(summary.overdue_orgs),
    )
    drawn = by_org
    if len(by_org) > PROGRESS_SHOWN:
        drawn = sorted_rows(
            by_org,
            ["done_pct", "overdue", "org_name"],
            [True, False, True],
            limit=PROGRESS_SHOWN,
        )
        title += R["progress_cut"].format(shown=fmt_int(PROGRESS_SHOWN), plans=fmt_int(len(by_org)))
    return RemediationScreen(
        intro=intro,
        cards=cards(summary),
        overdue=_table("overdue", overdue.head(LISTED_ROWS)) if not overdue.empty else None,
        overdue_note=Note(R["no_overdue"], kind="success") if overdue.empty else None,
        due_heading=R["heading_due"].format(quarter=now_words),
        due=_table("due", due.head(LISTED_ROWS)) if not due.empty else None,
        due_note=Note(R["no_due"].format(quarter=now_words)) if due.empty else None,
        reporting_heading=R["heading_reporting"].format(quarter=report_words),
        reporting=_table("reporting", due_now.head(LISTED_ROWS)) if not due_now.empty else None,
        reporting_note=Note(R["no_reporting"].format(quarter=report_words))
        if due_now.empty
        else None,
        overdue_cut=cut_note(R["listed_cut"], len(overdue), LISTED_ROWS),
        due_cut=cut_note(R["listed_cut"], len(due), LISTED_ROWS),
        reporting_cut=cut_note(R["listed_cut"], len(due_now), LISTED_ROWS),
        # the chart's data as the lists: its first rows kept (a national committee's 18.879
        # plans, 3 MB a visit to copy out of the cache), the whole made by ``list_file``
        progress=ChartBlock(
            remediation_progress(drawn, title),
            "remediation_progress",
            data=progress_table(by_org.head(LISTED_ROWS)),
            data_rows=len(by_org),
        ),
    )
