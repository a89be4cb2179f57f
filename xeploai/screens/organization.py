"""Tổ chức: one base organization — its level each year, its members by level, its
subordinate cells, its exemptions and rule findings, against the average base organization."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

import pandas as pd

from xeploai.charts.analysis import comparison_lines, members_level_bars, org_level_timeline
from xeploai.domain.numbers import round2
from xeploai.domain.selection import ALL, EVERY_YEAR, Filters, Selection
from xeploai.domain.workflow import today
from xeploai.metrics.analysis import (
    cell_level_table,
    org_comparison,
    org_findings,
    org_history,
    org_members_by_level,
    org_peer_sums,
    org_results,
)
from xeploai.metrics.catalogue import base_org_catalogue
from xeploai.screens.blocks import ChartBlock, Note
from xeploai.screens.common import member_status_table, num
from xeploai.screens.org_workflow import OrgWorkflow, org_workflow, read_org_workflow
from xeploai.store.database import Database
from xeploai.texts import (
    ANALYSIS,
    EVENT_LABELS,
    LEVEL_LABELS,
    LEVEL_SHORT,
    ORG_TYPE_LABELS,
    RULES_PAGE,
    UI,
    fmt_int,
    fmt_pct,
    fmt_score,
    sector_labels,
)

A = ANALYSIS


def year_list(history: pd.DataFrame) -> str:
    """The years an organization has results, as a reader says them: 2015–2017, 2021."""
    years = sorted(int(y) for y in history["year"])
    runs: list[list[int]] = []
    for y in years:
        if runs and y == runs[-1][-1] + 1:
            runs[-1].append(y)
        else:
            runs.append([y])
    return ", ".join(f"{r[0]}–{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)


def org_level_title(history: pd.DataFrame, name: str, year: int) -> str:
    row = history[history["year"] == year]
    if row.empty:
        row = history.tail(1)
    level = row["org_level"].iloc[0]
    shown_year = int(row["year"].iloc[0])
    if level is None or pd.isna(level):
        return A["org_level_title_unrated"].format(org=name, year=shown_year)
    rated = history[history["org_level"].notna()]
    return A["org_level_title"].format(
        org=name,
        latest=LEVEL_LABELS[str(level)].lower(),
        year=shown_year,
        excellent=int(rated["org_rank"].eq(1).sum()),
        rated=len(rated),
    )


def org_history_table(history: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            A["h_year"]: history["year"].astype(str),
            A["h_org_level"]: [
                LEVEL_LABELS.get(str(c), UI["not_rated"]) if pd.notna(c) else UI["not_rated"]
                for c in history["org_level"]
            ],
            A["h_clean_strong"]: [
                A["yes"] if bool(v) else A["no"] for v in history["clean_strong"].fillna(False)
            ],
            A["h_members_total"]: history["members_total"].astype("int64"),
            A["h_members_evaluated"]: history["members_evaluated"].astype("int64"),
            A["h_members_htxsnv"]: history["members_htxsnv"].astype("int64"),
            A["h_members_httnv"]: history["members_httnv"].astype("int64"),
            A["h_members_htnv"]: history["members_htnv"].astype("int64"),
            A["h_members_khtnv"]: history["members_khtnv"].astype("int64"),
            A["h_members_good_pct"]: history["members_good_pct"],
        }
    )


def org_members_title(comp: pd.DataFrame, year: int) -> str:
    row = comp[(comp["measure"] == "members_good_pct") & (comp["year"] == year)]
    if row.empty:
        row = comp[comp["measure"] == "members_good_pct"].tail(1)
    if row.empty:
        return A["trends_distribution"]
    r = row.iloc[0]
    return A["org_members_title"].format(
        year=int(r["year"]), good=fmt_pct(num(r["org"])), avg=fmt_pct(num(r["all_avg"]))
    )


def org_compare_title(comp: pd.DataFrame, name: str, year: int, measure: str) -> str:
    row = comp[(comp["measure"] == measure) & (comp["year"] == year)]
    if row.empty:
        row = comp[comp["measure"] == measure].tail(1)
    if row.empty:
        return A["org_compare_heading"]
    r = row.iloc[0]
    own, avg = num(r["org"]), num(r["all_avg"])
    if measure == "exempt_pct":
        return A["org_exempt_title"].format(
            org=name,
            year=int(r["year"]),
            value=fmt_pct(own),
            all=fmt_pct(avg),
            sector=fmt_pct(num(r["sector_avg"])),
        )
    relation = (
        A["equal"]
        if own is None or avg is None or round2(own - avg) == 0
        else (A["higher"] if own > avg else A["lower"])
    )
    return A["org_compare_title"].format(
        org=name,
        year=int(r["year"]),
        relation=relation,
        value=fmt_pct(own),
        all=fmt_pct(avg),
        sector=fmt_pct(num(r["sector_avg"])),
    )


def comparison_names() -> dict[str, str]:
    return {"org": A["this_org"], "all_avg": A["all_avg"], "sector_avg": A["sector_avg"]}


def comparison_table(comp: pd.DataFrame, measure: str) -> pd.DataFrame:
    part = comp[comp["measure"] == measure]
    return pd.DataFrame(
        {
            A["h_year"]: part["year"].astype(str),
            A["this_org"] + " (%)": part["org"].astype("Float64"),
            A["all_avg"] + " (%)": part["all_avg"].astype("Float64"),
            A["sector_avg"] + " (%)": part["sector_avg"].astype("Float64"),
        }
    ).reset_index(drop=True)


def org_exempt_table(history: pd.DataFrame) -> pd.DataFrame:
    return member_status_table(
        {A["h_year"]: history["year"].astype(str)},
        history,
        {
            "total": "members_total",
            "exempt": "members_exempt",
            "exempt_pct": "exempt_pct",
            "suspended": "members_suspended",
            "new": "members_new",
            "pending": "members_pending",
        },
    )


def cells_table(wide: pd.DataFrame) -> pd.DataFrame:
    out = wide.drop(columns=["cell_code"]).rename(columns={"cell_name": A["cell"]})
    out.columns = [str(c) for c in out.columns]
    for col in out.columns[1:]:
        out[col] = [LEVEL_SHORT.get(str(v), str(v)) if pd.notna(v) else "" for v in out[col]]
    return out


def cells_summary(history: pd.DataFrame, year: int) -> str | None:
    row = history[history["year"] == year]
    if row.empty or int(row["cells_rated"].iloc[0]) == 0:
        return None
    return A["org_cells_summary"].format(
        year=year,
        good=fmt_int(int(row["cells_good"].iloc[0])),
        rated=fmt_int(int(row["cells_rated"].iloc[0])),
    )


def findings_table(findings: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            A["h_year"]: findings["year"].astype(str),
            A["rule"]: findings["title"],
            A["message"]: findings["message"],
            RULES_PAGE["source"]: findings["source"],
        }
    )


def org_caption(org: Any, type_labels: dict[str, str], sector_labels: dict[str, str]) -> str:
    """The organization's kind and sector, and its life span and successor when it has them."""
    parts = [
        A["org_caption"].format(
            org_type=type_labels.get(org["org_type"], org["org_type"]),
            sector=sector_labels.get(org["sector"], org["sector"]),
        )
    ]
    start, end = num(org.get("active_from")), num(org.get("active_to"))
    if start is not None and end is not None:
        parts.append(A["org_active"].format(start=int(start), end=int(end)))
    elif start is not None:
        parts.append(A["org_active_from"].format(start=int(start)))
    elif end is not None:
        parts.append(A["org_active_to"].format(end=int(end)))
    if org.get("successor_name") is not None and pd.notna(org.get("successor_name")):
        parts.append(A["org_successor"].format(name=org["successor_name"]))
    return " · ".join(parts)


def org_members_table(long: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            A["h_year"]: long["year"].astype(str),
            UI["level"]: long["level_code"].map(LEVEL_LABELS),
            UI["count"]: long["n"].astype("int64"),
            UI["share"] + " (%)": long["share"],
        }
    )


def timeline_table(rows: pd.DataFrame) -> pd.DataFrame:
    """What the organization was each year: kind, parent, name, level (as a cell or not), and
    from 2025 its score out of 100 (a column only when some year has one)."""
    table = pd.DataFrame(
        {
            A["h_year"]: rows["year"].astype(str),
            A["h_org_type"]: [ORG_TYPE_LABELS.get(str(k), str(k)) for k in rows["org_type"]],
            A["h_parent"]: [str(n) if isinstance(n, str) else "" for n in rows["parent_name"]],
            A["h_org_name"]: rows["org_name"],
            A["h_org_level"]: [
                LEVEL_LABELS.get(str(c), UI["not_rated"]) if isinstance(c, str) else UI["not_rated"]
                for c in rows["org_level"]
            ],
        }
    )
    if rows["score"].notna().any():
        table[A["h_score"]] = [fmt_score(float(s)) if pd.notna(s) else "" for s in rows["score"]]
    return table


def events_table(events: pd.DataFrame) -> pd.DataFrame:
    """The lineage events, in words: the day, what happened, before and after, the decision."""

    def value(event: str, text: Any) -> str:
        if not isinstance(text, str):
            return ""
        return ORG_TYPE_LABELS.get(text, text) if event == "changed_kind" else text

    return pd.DataFrame(
        {
            A["h_day"]: [f"{d:%d/%m/%Y}" for d in events["event_date"]],
            A["h_event"]: [EVENT_LABELS[e] for e in events["event"]],
            A["h_org_name"]: events["org_name"],
            A["h_related"]: [str(n) if isinstance(n, str) else "" for n in events["related_name"]],
            A["h_before"]: [
                value(e, v) for e, v in zip(events["event"], events["from_value"], strict=True)
            ],
            A["h_after"]: [
                value(e, v) for e, v in zip(events["event"], events["to_value"], strict=True)
            ],
            A["h_decision"]: [str(d) if isinstance(d, str) else "" for d in events["decision"]],
        }
    )


@dataclass(frozen=True)
class OrganizationScreen:
    empty: Note | None = None  # no organization chosen, or none with results: the page ends
    caption: str = ""
    year_note: Note | None = None
    levels: ChartBlock | None = None
    members: ChartBlock | None = None
    compare: ChartBlock | None = None
    cells_note: Note | None = None
    cells_summary: str | None = None
    cells: pd.DataFrame | None = None
    exempt: ChartBlock | None = None
    exempt_table: pd.DataFrame | None = None
    findings: pd.DataFrame | None = None
    no_findings: Note | None = None
    timeline: pd.DataFrame | None = None  # what it was each year (kind, parent, level)
    events: pd.DataFrame | None = None  # its lineage events (None: none recorded)
    # its three steps, the statuses of its evaluations, its remediation plans and reports
    workflow: OrgWorkflow | None = None


def build(
    db: Database, sel: Selection, peers: Filters = ALL, day: dt.date | None = None
) -> OrganizationScreen:
    """The organization chosen in ``sel`` (``sel.org``) against its ``peers`` (every base
    organization the user may see: the averages need them all); its remediation as it stands
    on ``day``."""
    if not sel.org:
        return OrganizationScreen(empty=Note(A["org_pick_prompt"], icon=":material/account_tree:"))
    code = sel.org
    first, last, year = int(sel.from_year or 0), int(sel.to_year or 0), int(sel.year or 0)
    # the averages are of the organizations the same committee directs (that the user may
    # see): summed by the database, not read one by one (a million rows nationally)
    among = replace(peers, scope=sel.scope)
    seen = among.orgs is None or code in among.orgs  # one the user may see: else no rows
    # Its reads do not need each other, but for three (``Database.at_once``): given at once,
    # each a query of its own, with the three given as soon as what they need is read. Its
    # subordinate cells need its kind (its row of the catalogue); the peers' sums its sector
    # and its rule findings its years (its results). Read in three waves, each after the last
    # (the steps, statuses, items and reports one after the other in the second), they spanned
    # 55 ms of the district page's 114 (``AGRI``); given so, 31 of 92.
    with db.at_once() as run:
        # its row of the committee's catalogue, looked up by its code as the link's check or
        # the picker gave it (the whole catalogue of a national committee took 0,2 s)
        catalogue_of = run(base_org_catalogue, db, sel.scope, codes=(code,))
        results = run(org_results, db, first, last, replace(among, orgs=(code,) if seen else ()))
        worked_of = read_org_workflow(run, db, sel, code)
        lineage = run(db.query, "lineage_by_org", org=code)
        # its whole life, whatever the years shown: what it was before this committee directed it
        lived = run(
            db.query,
            "org_history_by_year",
            org=code,
            from_year=EVERY_YEAR[0],
            to_year=EVERY_YEAR[1],
        )
        catalogue = catalogue_of.result().set_index("org_code")
        # None: not an organization of this committee (a stale link)
        org = catalogue.loc[code] if code in catalogue.index else None
        committee = org is not None and org["org_type"] == "base_committee"
        cell_levels = (
            run(db.query, "cell_levels_by_org_year", org=code, from_year=first, to_year=last)
            if committee
            else None
        )
        history = org_history(results.result(), code)
        if org is not None and not history.empty:  # the peers' sums and its rule findings
            summed = run(org_peer_sums, db, first, last, among, str(history["sector"].iloc[0]))
            found = run(org_findings, db, code, [int(y) for y in history["year"]], sel.scope)
    if org is None:
        return OrganizationScreen(empty=Note(A["org_pick_prompt"], icon=":material/account_tree:"))
    name = str(org["org_name"])
    caption = org_caption(org, ORG_TYPE_LABELS, sector_labels(year))
    timeline = timeline_table(lived.result())
    events = None if lineage.result().empty else events_table(lineage.result())
    steps, statuses, items, reports = (read.result() for read in worked_of)
    worked = org_workflow(steps, statuses, items, reports, day or today())
    if history.empty:
        return OrganizationScreen(
            caption=caption,
            timeline=timeline,
            events=events,
            workflow=worked,
            empty=Note(A["org_no_results"].format(org=name, first=first, last=last)),
        )
    comp = org_comparison(history, summed.result())
    year_note = (
        None
        if year in set(history["year"])
        else Note(A["org_no_year"].format(org=name, year=year, years=year_list(history)))
    )
    members = org_members_by_level(history)
    cells_note = cells_line = cells = None
    if cell_levels is None:
        cells_note = Note(A["org_no_cells"])
    else:
        cells_line = cells_summary(history, year)
        wide = cell_level_table(cell_levels.result())
        if wide.empty:
            cells_note = Note(A["org_no_cell_results"])
        else:
            cells = cells_table(wide)
    findings = found.result()
    names = comparison_names()
    return OrganizationScreen(
        caption=caption,
        year_note=year_note,
        levels=ChartBlock(
            org_level_timeline(history, org_level_title(history, name, year)),
            "org_levels",
            data=org_history_table(history),
        ),
        members=ChartBlock(
            members_level_bars(members, org_members_title(comp, year)),
            "org_members",
            data=org_members_table(members),
        ),
        compare=ChartBlock(
            comparison_lines(
                comp,
                "members_good_pct",
                names,
                org_compare_title(comp, name, year, "members_good_pct"),
            ),
            "org_compare",
            data=comparison_table(comp, "members_good_pct"),
            hint=A["org_avg_note"],
        ),
        cells_note=cells_note,
        cells_summary=cells_line,
        cells=cells,
        exempt=ChartBlock(
            comparison_lines(
                comp, "exempt_pct", names, org_compare_title(comp, name, year, "exempt_pct")
            ),
            "org_exempt",
            data=comparison_table(comp, "exempt_pct"),
        ),
        exempt_table=org_exempt_table(history),
        findings=None if findings.empty else findings_table(findings),
        no_findings=Note(A["org_no_findings"].format(first=first, last=last), kind="success")
        if findings.empty
        else None,
        timeline=timeline,
        events=events,
        workflow=worked,
    )
