"""Sentences about the evaluation as it is worked: what appraisal changed, why organizations
were not rated, and what needs attention — one wording for the pages, the deck and the report.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from xeploai.domain.workflow import EXEMPT_FAR_ABOVE_MIN, EXEMPT_FAR_ABOVE_RATIO
from xeploai.metrics.attention import Attention, AttentionItem
from xeploai.narrative.sentences import reason_list
from xeploai.texts import (
    ATTENTION,
    EVAL_STATUS_LABELS,
    LEVEL_LABELS,
    UNRATED_REASON_LABELS,
    WORKFLOW,
    fmt_int,
    fmt_num,
    fmt_pct,
    sector_label,
)


def _lower(text: str) -> str:
    return text[:1].lower() + text[1:]


def day_words(day: dt.date) -> str:
    return f"{day:%d/%m/%Y}"


def appraisal_finding(year: int, year_row: pd.DataFrame, sector: dict[str, Any] | None) -> str:
    """ "Năm 2025, thẩm định hạ mức tự đánh giá của 19/208 tổ chức (9,13%). Tự đánh giá cao
    hơn mức thẩm định nhiều nhất ở khối giáo dục: …" — the finding leadership asks for."""
    if year_row.empty:
        return ""
    r = year_row.iloc[0]
    compared, down = int(r["compared"]), int(r["down"])
    if down == 0 and int(r["up"]) == 0:
        text = WORKFLOW["finding_none"].format(year=year, compared=fmt_int(compared))
    else:
        text = WORKFLOW["finding"].format(
            year=year,
            down=fmt_int(down),
            compared=fmt_int(compared),
            pct=fmt_pct(float(r["down_pct"])),
        )
    if sector is not None:
        text += WORKFLOW["finding_sector"].format(
            sector=_lower(sector_label(sector["sector"], year)),
            sdown=fmt_int(sector["down"]),
            scompared=fmt_int(sector["compared"]),
            spct=fmt_pct(sector["down_pct"]),
        )
    if int(r["decision_differs"]):
        text += WORKFLOW["finding_decision"].format(n=fmt_int(int(r["decision_differs"])))
    return text


def unrated_title(year: int, counts: dict[str, int]) -> str:
    total = sum(counts.values())
    if not total:
        return WORKFLOW["none_unrated"].format(year=year)
    reasons = reason_list(counts, UNRATED_REASON_LABELS)
    return WORKFLOW["unrated_title"].format(year=year, n=fmt_int(total), reasons=reasons)


# --- what needs attention -------------------------------------------------------------------


def attention_detail(item: AttentionItem) -> str:
    """The fact that puts an organization on the list."""
    f = item.facts
    if item.kind == "below_good":
        return ATTENTION["below_good"].format(level=_lower(LEVEL_LABELS[f["level"]]))
    if item.kind == "members_not_completed":
        return ATTENTION["members_not_completed"].format(n=fmt_int(f["members_khtnv"]))
    if item.kind == "exempt_high":
        return ATTENTION["exempt_high"].format(
            pct=fmt_pct(f["exempt_pct"]), scope=fmt_pct(f["scope_exempt_pct"])
        )
    if item.kind == "overdue":
        return ATTENTION["overdue"].format(
            n=fmt_int(f["overdue"]), deadline=day_words(f["oldest_deadline"])
        )
    status = _lower(EVAL_STATUS_LABELS[f["status"]])
    if f.get("reference"):
        return ATTENTION["held_up_reference"].format(status=status, reference=f["reference"])
    return ATTENTION["held_up"].format(status=status)


def attention_line(item: AttentionItem, detail: str | None = None) -> str:
    """One organization on the list, with the fact that puts it there (``detail``: its
    ``attention_detail``, when already written)."""
    said = attention_detail(item) if detail is None else detail
    return ATTENTION["line"].format(org=item.org_name, detail=said)


def attention_heading(kind: str, n: int) -> str:
    return ATTENTION[f"kind_{kind}"].format(n=fmt_int(n))


def attention_summary(attention: Attention) -> str:
    if attention.empty:
        return ATTENTION["none"].format(year=attention.year)
    return ATTENTION["summary"].format(
        year=attention.year, n=fmt_int(attention.org_count), day=day_words(attention.day)
    )


def attention_title(attention: Attention) -> str:
    """The slide's title: how many, and of which kinds."""
    if attention.empty:
        return ATTENTION["slide_title_none"]
    parts = ", ".join(
        ATTENTION["slide_part"].format(n=fmt_int(attention.count(k)), what=ATTENTION[f"part_{k}"])
        for k in attention.kinds
    )
    return ATTENTION["slide_title"].format(n=fmt_int(attention.org_count), parts=parts)


def attention_footnote(attention: Attention) -> str:
    return ATTENTION["footnote"].format(
        day=day_words(attention.day),
        ratio=fmt_num(EXEMPT_FAR_ABOVE_RATIO, 1),
        min=EXEMPT_FAR_ABOVE_MIN,
    )
