"""The editor's forms on the page "Khắc phục": a quarterly report on a remediation plan, and
the status of an evaluation.

An entry is a small import (``xeploai.ingest.forms`` → ``ingest.commit``): checked like a file,
with the same Vietnamese reasons, written in one transaction or not at all, logged in the
import log (so the undo button restores what it replaced) and in the audit trail. What the
session chose (plan, quarter; year, organization, the words searched) is read before the form
is built (``screens.remediation.report_entry``, ``status_entry``, apart from the page's screen:
a choice makes the form again, not the page), so the form is prefilled for that choice.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from ui import selection
from ui.auth import store
from ui.data import db
from ui.write import write
from xeploai import ingest
from xeploai.access.users import User
from xeploai.domain.plain import markdown_text
from xeploai.ingest import forms
from xeploai.screens.remediation import ReportForm, StatusForm, form_problems
from xeploai.texts import ANALYSIS, FORMS, fmt_int

PLAN, REPORT_YEAR, QUARTER, PLAN_FIND = "rf_plan", "rf_year", "rf_quarter", "rf_find"
YEAR, ORG, FIND = "sf_year", "sf_org", "sf_find"
_DONE = "form_done"


def report_choices() -> dict[str, Any]:
    """The session's choices in the report form, as ``report_entry`` takes them; the plan
    picker lists at most ``CHOICES_MAX`` plans (a national committee holds 18.879)."""
    year, quarter = st.session_state.get(REPORT_YEAR), st.session_state.get(QUARTER)
    return {
        "plan": st.session_state.get(PLAN),
        "quarter": (int(year), int(quarter)) if year and quarter else None,
        "find": str(st.session_state.get(PLAN_FIND) or ""),
        "limit": selection.CHOICES_MAX,
    }


def status_choices() -> dict[str, Any]:
    """The session's choices in the status form, as ``status_entry`` takes them; a picker
    lists at most ``CHOICES_MAX`` organizations, and this one too."""
    return {
        "year": st.session_state.get(YEAR),
        "org": st.session_state.get(ORG),
        "find": str(st.session_state.get(FIND) or ""),
        "limit": selection.CHOICES_MAX,
    }


def outcome() -> None:
    """The outcome of the entry of the previous run (the page reran to show the new data)."""
    done = st.session_state.pop(_DONE, None)
    if done:
        st.success(done, icon=":material/check_circle:")


def _commit(source: ingest.Source, user: User, sheet: str, what: dict[str, Any]) -> None:
    try:
        import_id, result = write(lambda db: ingest.commit(db, [source], user.username))
    except ingest.DatabaseLocked:
        st.error(FORMS["locked"])
        return
    store().record(
        "form",
        user.username,
        success=not result.refused,
        detail={**ingest.audit_detail(import_id, [source], result), **what},
    )
    if result.refused:
        lines = form_problems(result.problems, sheet)
        st.error(FORMS["refused"].format(n=fmt_int(len(lines))))
        for line in lines:
            st.error(markdown_text(line), icon=":material/block:")
        return
    batch = result.batch
    st.session_state[_DONE] = (
        FORMS["no_changes"]
        if import_id is None or batch is None
        else FORMS["done"].format(import_id=import_id, summary=batch.summary_text())
    )
    st.rerun()


def _search(where: Any, key: str, note: str | None) -> None:
    """A form's search box (its picker has too many to list) and what the list shows."""
    where.text_input(
        ANALYSIS["org_find"], key=key, max_chars=100, placeholder=ANALYSIS["org_find_placeholder"]
    )
    if note:
        where.caption(note)


def report(form: ReportForm | None, user: User) -> None:
    """Choose a plan and a quarter, then each item's status, what was done, the assessment."""
    st.markdown(f"**{FORMS['report_heading']}**")
    st.caption(FORMS["report_help"])
    if form is None:
        st.info(FORMS["no_plans"])
        return
    st.session_state[PLAN] = form.plan
    st.session_state[REPORT_YEAR], st.session_state[QUARTER] = form.quarter
    left, middle, right = st.columns([3, 1, 1])
    if form.search:
        _search(left, PLAN_FIND, form.search_note)
    left.selectbox(
        FORMS["plan"], form.plans, key=PLAN, format_func=lambda k: form.plan_labels.get(k, str(k))
    )
    middle.number_input(FORMS["report_year"], min_value=form.plan[0], step=1, key=REPORT_YEAR)
    right.selectbox(FORMS["report_quarter"], (1, 2, 3, 4), key=QUARTER)
    prefix = f"rf_{form.plan[0]}_{form.plan[1]}_{form.quarter[0]}_{form.quarter[1]}"
    with st.form(f"{prefix}_form"):
        entries = []
        for item in form.items:
            st.markdown(markdown_text(item.label))
            st.caption(markdown_text(item.hint))
            a, b, c = st.columns([1, 2, 2])
            status = a.selectbox(
                FORMS["item_status"].format(no=item.item_no),
                form.statuses,
                index=form.statuses.index(item.status),
                format_func=lambda s: form.status_labels[s],
                key=f"{prefix}_{item.item_no}_status",
            )
            done = b.text_input(
                FORMS["done_text"].format(no=item.item_no),
                item.done_text,
                key=f"{prefix}_{item.item_no}_done",
            )
            assessment = c.text_input(
                FORMS["assessment"].format(no=item.item_no),
                item.assessment,
                key=f"{prefix}_{item.item_no}_assessment",
            )
            entries.append(
                {
                    "item_no": item.item_no,
                    "item_status": status,
                    "done_text": done.strip() or None,
                    "assessment": assessment.strip() or None,
                }
            )
        reported_on = st.date_input(
            FORMS["reported_on"], form.reported_on, format="DD/MM/YYYY", key=f"{prefix}_reported_on"
        )
        submitted = st.form_submit_button(FORMS["submit_report"], type="primary")
    if submitted:
        (plan_year, org), (year, quarter) = form.plan, form.quarter
        source = forms.report_source(
            plan_year,
            org,
            year,
            quarter,
            entries,
            reported_on if not isinstance(reported_on, tuple) else None,
        )
        _commit(
            source, user, "reports", {"form": "report", "org": org, "quarter": f"{quarter}/{year}"}
        )


def status(form: StatusForm | None, user: User) -> None:
    """Choose a year and an organization, then its status, the case, the day, its members."""
    st.markdown(f"**{FORMS['status_heading']}**")
    st.caption(FORMS["status_help"])
    if form is None:
        return
    st.session_state[YEAR], st.session_state[ORG] = form.year, form.org
    left, right = st.columns([1, 3])
    left.selectbox(FORMS["status_year"], form.years, key=YEAR)
    if form.search:
        _search(right, FIND, form.search_note)
    right.selectbox(
        FORMS["org"], form.orgs, key=ORG, format_func=lambda c: form.org_labels.get(c, c)
    )
    st.caption(form.current)
    prefix = f"sf_{form.year}_{form.org}"
    with st.form(f"{prefix}_form"):
        chosen = st.selectbox(
            FORMS["status"],
            form.statuses,
            index=form.statuses.index(form.status),
            format_func=lambda s: form.status_labels[s],
            key=f"{prefix}_st",
        )
        a, b = st.columns([3, 1])
        reference = a.text_input(FORMS["reference"], form.reference, key=f"{prefix}_ref")
        day = b.date_input(
            FORMS["status_date"], form.status_date, format="DD/MM/YYYY", key=f"{prefix}_day"
        )
        c, d = st.columns(2)
        paused = c.number_input(
            FORMS["members_paused"],
            min_value=0,
            value=form.members_paused,
            step=1,
            key=f"{prefix}_paused",
        )
        absent = d.number_input(
            FORMS["members_absent"],
            min_value=0,
            value=form.members_absent,
            step=1,
            key=f"{prefix}_absent",
        )
        submitted = st.form_submit_button(FORMS["submit_status"], type="primary")
    if submitted:
        source = forms.status_source(
            form.year,
            form.org,
            chosen,
            reference.strip() or None,
            day if not isinstance(day, tuple) else None,
            int(paused),
            int(absent),
        )
        _commit(source, user, "statuses", {"form": "status", "org": form.org, "year": form.year})


def undo(user: User) -> None:
    """The latest import still in force (a form entry or a file), undone in one click."""
    last = ingest.last_active_import(db())
    if last is None:
        return
    if st.button(
        FORMS["undo"].format(
            import_id=last.import_id,
            files=", ".join(last.file_names),
            at=f"{last.imported_at:%d/%m/%Y %H:%M}",
        ),
        icon=":material/undo:",
        key="form_undo",
    ):
        try:
            record, _ = write(lambda handle: ingest.undo(handle, last.import_id))
        except ingest.DatabaseLocked:
            st.error(FORMS["locked"])
        except ingest.UndoRefused as exc:
            st.error(str(exc))
        else:
            store().record(
                "undo",
                user.username,
                detail={"import_id": record.import_id, "files": record.file_names},
            )
            st.session_state[_DONE] = FORMS["undone"].format(import_id=record.import_id)
            st.rerun()
