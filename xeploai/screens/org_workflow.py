"""What the organization's page shows of the evaluation as it is worked: its three steps each
year, the statuses of its evaluations, its remediation plans and their quarterly reports."""

from __future__ import annotations

import datetime as dt
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Any

import pandas as pd

from xeploai.domain.selection import Filters, Selection
from xeploai.metrics.remediation import item_states, load_items, load_reports
from xeploai.metrics.workflow import load_statuses, load_steps
from xeploai.screens.common import day_text, day_texts, level_text
from xeploai.screens.remediation import items_table, quarter_words
from xeploai.store.database import AtOnce, Database
from xeploai.texts import (
    EVAL_STATUS_LABELS,
    ITEM_STATUS_LABELS,
    REMEDIATION,
    UNRATED_REASON_LABELS,
    WORKFLOW,
    fmt_int,
    fmt_num,
)

W, R = WORKFLOW, REMEDIATION


def _score(value: Any) -> str:
    return "" if value is None or pd.isna(value) else fmt_num(float(value), 1)


def steps_table(steps: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            W["h_year"]: steps["year"].astype(str),
            W["h_self"]: [level_text(v) for v in steps["self_level"]],
            W["h_self_score"]: [_score(v) for v in steps["self_score"]],
            W["h_appraised"]: [level_text(v) for v in steps["appraised_level"]],
            W["h_appraised_score"]: [_score(v) for v in steps["appraised_score"]],
            W["h_decided"]: [level_text(v) or W["not_rated"] for v in steps["org_level"]],
            W["h_decision"]: [
                W["decision"].format(no=n, day=day_text(d)) if isinstance(n, str) else ""
                for n, d in zip(steps["decision_no"], steps["decision_date"], strict=True)
            ],
        }
    )


def statuses_table(rows: pd.DataFrame) -> pd.DataFrame:
    def words(status: Any, reason: Any) -> str:
        if isinstance(reason, str):
            return UNRATED_REASON_LABELS.get(reason, EVAL_STATUS_LABELS.get(reason, reason))
        return EVAL_STATUS_LABELS.get(status, "") if isinstance(status, str) else ""

    return pd.DataFrame(
        {
            W["h_year"]: rows["year"].astype(str),
            W["h_status"]: [
                words(s, r) for s, r in zip(rows["status"], rows["reason"], strict=True)
            ],
            W["h_reference"]: [v if isinstance(v, str) else "" for v in rows["reference"]],
            W["h_date"]: day_texts(rows["status_date"]),
            W["h_members_paused"]: rows["members_paused"].astype("int64"),
            W["h_members_absent"]: rows["members_absent"].astype("int64"),
        }
    )


def reports_table(reports: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            R["h_quarter"]: [
                quarter_words(y, q)
                for y, q in zip(reports["report_year"], reports["report_quarter"], strict=True)
            ],
            R["h_plan_year"]: reports["plan_year"].astype(str),
            R["h_item"]: reports["item_no"].astype("int64"),
            R["h_state"]: [ITEM_STATUS_LABELS[s] for s in reports["item_status"]],
            R["h_done_text"]: [v if isinstance(v, str) else "" for v in reports["done_text"]],
            R["h_assessment"]: [v if isinstance(v, str) else "" for v in reports["assessment"]],
            R["h_reported_on"]: day_texts(reports["reported_on"]),
        }
    )


@dataclass(frozen=True)
class OrgWorkflow:
    steps: pd.DataFrame | None = None  # None: no step recorded in the years
    statuses: pd.DataFrame | None = None
    plans: tuple[str, ...] = ()  # one line per plan: how far it is remedied
    items: pd.DataFrame | None = None
    reports: pd.DataFrame | None = None


Read = Future[pd.DataFrame]  # a query's rows, being read


def read_org_workflow(
    run: AtOnce, db: Database, sel: Selection, code: str
) -> tuple[Read, Read, Read, Read]:
    """Its four reads given to ``run`` (``Database.at_once``), each a query of its own beside
    the page's others: its steps and statuses over the years of ``sel``, its remediation
    items and their reports (whatever the years). Read one after the other in one call, they
    were the longest chain of the organization page's reads (21 of its 55 ms)."""
    first, last = int(sel.from_year or 0), int(sel.to_year or 0)
    only = Filters(orgs=(code,), scope=sel.scope)
    return (
        run(load_steps, db, first, last, only),
        run(load_statuses, db, first, last, only),
        run(load_items, db, sel.scope, (code,)),
        run(load_reports, db, sel.scope, (code,)),
    )


def org_workflow(
    steps: pd.DataFrame,
    statuses: pd.DataFrame,
    items: pd.DataFrame,
    reports: pd.DataFrame,
    day: dt.date,
) -> OrgWorkflow:
    """The organization's steps and statuses, and every remediation plan of its own, as
    ``read_org_workflow`` read them; its items' states as on ``day``."""
    steps = steps[steps["has_steps"]]
    statuses = statuses[
        statuses["status"].notna()
        | statuses["reason"].notna()
        | (statuses["members_paused"] + statuses["members_absent"] > 0)
    ]
    states = item_states(items, day)
    plans = tuple(
        R["org_plan"].format(
            year=int(year),
            done=fmt_int(int(part["done"].sum())),
            items=fmt_int(len(part)),
            overdue=R["org_overdue"].format(n=fmt_int(int(part["overdue"].sum())))
            if part["overdue"].any()
            else "",
        )
        for year, part in states.groupby("plan_year")
    )
    return OrgWorkflow(
        steps=steps_table(steps) if not steps.empty else None,
        statuses=statuses_table(statuses) if not statuses.empty else None,
        plans=plans,
        items=items_table(states, late=True).drop(columns=R["h_org"]) if not states.empty else None,
        reports=reports_table(
            reports.sort_values(
                ["report_year", "report_quarter", "item_no"], ascending=[False, False, True]
            )
        )
        if not reports.empty
        else None,
    )
