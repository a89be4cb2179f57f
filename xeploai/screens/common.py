"""Small pieces the screen models share."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from xeploai.domain.selection import Selection
from xeploai.metrics.catalogue import committees, own_scope, scopes_in_year
from xeploai.narrative.titles import trend_word
from xeploai.screens.blocks import Note
from xeploai.store.database import Database
from xeploai.texts import ANALYSIS, LEVEL_SHORT, UI, fmt_int


def num(value: Any) -> float | None:
    """A cell as a float, or None when it is missing."""
    return None if value is None or pd.isna(value) else float(value)


def word(change: float) -> str:
    """ "tăng", "giảm" or "không đổi" in the analysis pages' titles."""
    return trend_word(change, ANALYSIS)


def no_match(sel: Selection) -> Note:
    """The filters match nothing in the years chosen."""
    return Note(
        ANALYSIS["no_match"].format(first=sel.from_year, last=sel.to_year),
        icon=":material/filter_alt_off:",
    )


def series(measures: pd.DataFrame, subject: str, column: str) -> pd.DataFrame:
    """One subject's years that have a value in ``column``, oldest first."""
    part = measures[measures["subject"] == subject].sort_values("year")
    return part[part[column].notna()]


def member_status_table(
    first: dict[str, pd.Series], frame: pd.DataFrame, columns: dict[str, str]
) -> pd.DataFrame:
    """Members by status (total, exempted and its share, suspended, new, pending, evaluated),
    after the ``first`` columns; ``columns`` names where each status stands in ``frame``
    (a status it lacks is left out)."""
    headers = {
        "total": "h_members_total",
        "exempt": "h_members_exempt",
        "exempt_pct": "exempt_pct",
        "suspended": "h_members_suspended",
        "new": "h_members_new",
        "pending": "h_members_pending",
        "evaluated": "h_members_evaluated",
    }
    out = dict(first)
    for status, header in headers.items():
        if status in columns:
            values = frame[columns[status]]
            out[ANALYSIS[header]] = values if status == "exempt_pct" else values.astype("int64")
    return pd.DataFrame(out)


def scope_note(db: Database, scope: str | None, year: int) -> Note:
    """Why a year shows nothing: no data at all, or a committee that did not exist that year
    (and which committees did)."""
    others = scopes_in_year(db, year)
    code = scope or own_scope(db)
    if not others.empty and code not in set(others["scope_code"]):
        listed = "; ".join(f"{r.scope_name} ({r.scope_code})" for r in others.itertuples())
        known = committees(db)
        name = dict(zip(known["scope_code"], known["scope_name"], strict=True)).get(code, code)
        return Note(
            UI["scope_missing"].format(year=year, scope=name, scopes=listed),
            icon=":material/account_tree:",
        )
    return Note(UI["no_year_data"].format(year=year))


# A list of organizations on a page shows at most this many (a national year: 15.266 moved by
# appraisal, 132.331 unrated, 256.308 by exempted members: each a second to label and
# megabytes to send); a note says so, and says where the whole list is.
LISTED_ROWS = 1_000


def cut_note(text: str, rows: int, shown: int, **more: str) -> Note | None:
    """The note under a list of ``rows`` that shows ``shown`` of them (``text``, with
    ``{shown}``, ``{rows}`` and the ``more`` fields); None when every row is shown."""
    if rows <= shown:
        return None
    return Note(text.format(shown=fmt_int(shown), rows=fmt_int(rows), **more))


def day_text(value: Any) -> str:
    """A day as forms write it (31/12/2025); blank when there is none."""
    return "" if value is None or pd.isna(value) else f"{pd.Timestamp(value):%d/%m/%Y}"


def day_texts(values: pd.Series) -> list[str]:
    """``day_text`` of every value, written once per distinct day (tens of thousands of rows
    nationally, a few hundred days)."""
    codes, days = pd.factorize(values)
    texts = np.array([*(day_text(d) for d in days), ""], dtype=object)
    return list(texts[codes])  # a missing day's code is -1: the blank at the end


def level_text(value: Any) -> str:
    """A level's short name (HTXSNV, …, "Yếu kém"); blank when there is none."""
    return LEVEL_SHORT.get(value, value) if isinstance(value, str) else ""
