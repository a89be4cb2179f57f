"""Vietnamese sentences about a year, in the register of the organization board's reports."""

from __future__ import annotations

from typing import Any

import pandas as pd

from xeploai.domain.levels import LEVEL_RANK
from xeploai.domain.numbers import pct
from xeploai.domain.regimes import SCHEME_BREAK_YEAR
from xeploai.metrics.summary import MemberCounts, SetChange, TargetResult, YearSummary
from xeploai.texts import (
    DIRECTION_LABELS,
    EXPORT,
    EXPORT_TREND_TO,
    LEVEL_LABELS,
    NARRATIVE,
    PENDING_REASON_LABELS,
    SUBJECT_LABELS,
    UI,
    UNRATED_REASON_LABELS,
    fmt_int,
    fmt_num,
    fmt_pct,
    measure_words,
)


def _instead(target: TargetResult) -> str:
    """The measure that compares across the break, as a sentence names it."""
    return "" if target["instead"] is None else measure_words(target["instead"])


def size_fields(summary: YearSummary) -> dict[str, Any]:
    """The year's size and quality as the texts print them (``{orgs}``, ``{members_good}``…):
    one formatting for the command line's summary and the sentences."""
    o, c, m = summary["base_orgs"], summary["subordinate_cells"], summary["members"]
    return {
        "year": summary["year"],
        "superior": summary["superior"],
        "orgs": fmt_int(o["total"]),
        "committees": fmt_int(o["committees"]),
        "cells": fmt_int(o["cells"]),
        "sub": fmt_int(c["total"]),
        "members": fmt_int(m["total"]),
        "exempt": fmt_int(m["exempt"]),
        "exempt_pct": fmt_pct(m["exempt_pct_of_total"]),
        "orgs_good": fmt_pct(o["good_or_better_pct"]),
        "members_good": fmt_pct(m["good_or_better_pct"]),
    }


def year_sentences(summary: YearSummary, previous: YearSummary | None = None) -> list[str]:
    """A few sentences: the size of the party organization, its quality, the targets."""
    o, m = summary["base_orgs"], summary["members"]
    fields = size_fields(summary)
    fields["superior"] = summary["superior"] or NARRATIVE["superior_default"]
    out = [NARRATIVE["size"].format(**fields)]
    orgs_line = NARRATIVE["orgs_quality"].format(
        rated=fmt_int(o["rated"]),
        good=fmt_pct(o["good_or_better_pct"]),
        clean=fmt_int(o["clean_strong"]),
        clean_pct=fmt_pct(o["clean_strong_pct"]),
    )
    unrated = {reason: n for reason, n in o["unrated"].items() if n}
    if unrated:
        # why, as recorded (or as the founding day says): "chưa ghi lý do" rather than a guess
        orgs_line += " " + EXPORT["p_orgs_unrated"].format(
            n=fmt_int(sum(unrated.values())), reasons=reason_list(unrated, UNRATED_REASON_LABELS)
        )
    out.append(orgs_line)
    members_line = NARRATIVE["members_quality"].format(
        evaluated=fmt_int(m["evaluated"]),
        good=fmt_pct(m["good_or_better_pct"]),
        excellent=fmt_pct(m["excellent_pct"]),
        not_completed=fmt_pct(m["not_completed_pct"]),
    )
    if m["pending"]:
        told = m["pending_reasons"]
        reasons = (
            reason_list(told, PENDING_REASON_LABELS)
            if any(n for k, n in told.items() if k != "not_stated")
            else ""
        )
        members_line += " " + NARRATIVE[
            "members_pending" if reasons else "members_pending_unstated"
        ].format(pending=fmt_int(m["pending"]), reasons=reasons)
    if previous is not None:
        before = previous["members"]["good_or_better_pct"]
        now = m["good_or_better_pct"]
        if before is not None and now is not None:
            change = round(now - before, 2)
            key = (
                "vs_previous_up"
                if change > 0
                else "vs_previous_down"
                if change < 0
                else "vs_previous_same"
            )
            members_line += " " + NARRATIVE[key].format(
                year=previous["year"], change=fmt_num(abs(change))
            )
    out.append(members_line)
    missed = [t for t in summary["targets"] if t["met"] is False]
    if summary["targets"] and not missed:
        out.append(NARRATIVE["targets_all_met"].format(n=fmt_int(len(summary["targets"]))))
    elif missed:
        items = "; ".join(
            NARRATIVE["missed_item" if t["comparable"] else "missed_item_changed"].format(
                measure=measure_words(t["measure"]),
                subject=SUBJECT_LABELS[t["subject"]].lower(),
                actual=fmt_pct(t["actual"]),
                target=fmt_pct(t["target"]),
                year=t["changed_in"],
                instead=_instead(t),
                instead_actual=fmt_pct(t["instead_actual"]),
            )
            for t in missed
        )
        out.append(
            NARRATIVE["targets_missed"].format(
                n=len(missed), total=len(summary["targets"]), items=items
            )
        )
    return out


# --- The written report (docx, html): longer paragraphs in the register of the board's reports


def level_breakdown(levels: dict[str, int], rated: int) -> str:
    """'hoàn thành xuất sắc nhiệm vụ 5 (11,63%); hoàn thành tốt nhiệm vụ 34 (79,07%); …'."""
    ordered = sorted(levels, key=lambda code: LEVEL_RANK[code])
    return "; ".join(
        f"{LEVEL_LABELS[code].lower()} {fmt_int(levels[code])} "
        f"({fmt_pct(pct(levels[code], rated))})"
        for code in ordered
    )


def change_words(delta: float, *, pp: bool = False) -> str:
    """+138 → 'tăng 138'; -0,68 points → 'giảm 0,68 điểm %': reports say it in words."""
    if delta == 0:
        return EXPORT["change_same"]
    n = f"{fmt_num(abs(delta))} {UI['pp']}" if pp else fmt_int(abs(delta))
    return EXPORT["change_up" if delta > 0 else "change_down"].format(n=n)


def trend_paragraph(measures: pd.DataFrame) -> str:
    """How 'good or better' moved from the first year to the last, members then organizations."""

    def ends(subject: str) -> tuple[pd.Series, pd.Series] | None:
        part = measures[
            (measures["subject"] == subject) & measures["good_or_better_pct"].notna()
        ].sort_values("year")
        return (part.iloc[0], part.iloc[-1]) if len(part) >= 2 else None

    members, orgs = ends("members"), ends("base_orgs")
    if members is None or orgs is None:
        return ""

    def word(first: pd.Series, last: pd.Series) -> str:
        change = float(last["good_or_better_pct"]) - float(first["good_or_better_pct"])
        key = "up" if change > 0.005 else "down" if change < -0.005 else "flat"
        return EXPORT_TREND_TO[key]

    return EXPORT["p_trend"].format(
        first=fmt_pct(float(members[0]["good_or_better_pct"])),
        first_year=int(members[0]["year"]),
        word=word(*members),
        last=fmt_pct(float(members[1]["good_or_better_pct"])),
        last_year=int(members[1]["year"]),
        orgs_first=fmt_pct(float(orgs[0]["good_or_better_pct"])),
        orgs_word=word(*orgs),
        orgs_last=fmt_pct(float(orgs[1]["good_or_better_pct"])),
    )


def size_paragraph(summary: YearSummary, previous: YearSummary | None, scope: str) -> str:
    o, c, m = summary["base_orgs"], summary["subordinate_cells"], summary["members"]
    text = EXPORT["p_size"].format(
        scope=scope,
        orgs=fmt_int(o["total"]),
        committees=fmt_int(o["committees"]),
        cells=fmt_int(o["cells"]),
        sub=fmt_int(c["total"]),
        members=fmt_int(m["total"]),
        exempt=fmt_int(m["exempt"]),
        exempt_pct=fmt_pct(m["exempt_pct_of_total"]),
    )
    if previous is not None:
        pm = previous["members"]
        text += " " + EXPORT["p_size_change"].format(
            year=previous["year"],
            members_change=change_words(m["total"] - pm["total"]),
            exempt_change=change_words(m["exempt"] - pm["exempt"]),
        )
    return text


def orgs_paragraph(summary: YearSummary) -> str:
    o = summary["base_orgs"]
    text = EXPORT["p_orgs"].format(
        rated=fmt_int(o["rated"]),
        total=fmt_int(o["total"]),
        breakdown=level_breakdown(o["levels"], o["rated"]),
        good=fmt_pct(o["good_or_better_pct"]),
    )
    unrated = {reason: n for reason, n in o["unrated"].items() if n}
    if unrated:
        # the reasons the data records (or the founding day gives), never a guess
        text += " " + EXPORT["p_orgs_unrated"].format(
            n=fmt_int(sum(unrated.values())), reasons=reason_list(unrated, UNRATED_REASON_LABELS)
        )
    if o["dissolved_unrated"]:
        text += " " + EXPORT["p_orgs_dissolved"].format(n=fmt_int(o["dissolved_unrated"]))
    key = "p_clean_new" if summary["year"] >= SCHEME_BREAK_YEAR else "p_clean_old"
    text += " " + EXPORT[key].format(
        clean=fmt_int(o["clean_strong"]), clean_pct=fmt_pct(o["clean_strong_pct"])
    )
    return text


def reason_list(counts: dict[str, int], labels: dict[str, str]) -> str:
    """'thành lập chưa đủ 6 tháng (2); tạm dừng, chờ kết luận kiểm tra (1)': the non-zero ones."""
    return "; ".join(
        EXPORT["reason_count"].format(reason=labels[k][:1].lower() + labels[k][1:], n=fmt_int(n))
        for k, n in counts.items()
        if n
    )


def pending_words(members: MemberCounts) -> str:
    """The members not yet evaluated, with their reasons when any is recorded."""
    reasons = members["pending_reasons"]
    if not any(n for k, n in reasons.items() if k != "not_stated"):
        return fmt_int(members["pending"])
    return EXPORT["p_pending_reasons"].format(
        pending=fmt_int(members["pending"]), reasons=reason_list(reasons, PENDING_REASON_LABELS)
    )


def cells_paragraph(summary: YearSummary) -> str:
    c = summary["subordinate_cells"]
    return EXPORT["p_cells"].format(
        rated=fmt_int(c["rated"]),
        total=fmt_int(c["total"]),
        breakdown=level_breakdown(c["levels"], c["rated"]),
        good=fmt_pct(c["good_or_better_pct"]),
    )


def members_paragraph(summary: YearSummary, previous: YearSummary | None) -> str:
    m = summary["members"]
    text = EXPORT["p_members"].format(
        total=fmt_int(m["total"]),
        evaluated=fmt_int(m["evaluated"]),
        not_evaluated=fmt_int(m["total"] - m["evaluated"]),
        exempt=fmt_int(m["exempt"]),
        suspended=fmt_int(m["suspended"]),
        new=fmt_int(m["new"]),
        pending=pending_words(m),
        breakdown=level_breakdown(m["levels"], m["evaluated"]),
        good=fmt_pct(m["good_or_better_pct"]),
    )
    if previous is not None:
        before, now = previous["members"]["good_or_better_pct"], m["good_or_better_pct"]
        if before is not None and now is not None:
            text += " " + EXPORT["p_members_vs"].format(
                year=previous["year"], change=change_words(round(now - before, 2), pp=True)
            )
    return text


def targets_paragraph(summary: YearSummary, *, filtered: bool) -> str:
    targets = summary["targets"]
    if not targets:
        return EXPORT["p_targets_none"] if filtered else ""
    missed = [t for t in targets if t["met"] is False]
    if not missed:
        return EXPORT["p_targets_all"].format(n=fmt_int(len(targets)))
    items = "; ".join(
        EXPORT["p_targets_item" if t["comparable"] else "p_targets_item_changed"].format(
            measure=measure_words(t["measure"]),
            subject=SUBJECT_LABELS[t["subject"]].lower(),
            actual=fmt_pct(t["actual"]),
            direction=DIRECTION_LABELS[t["direction"]],
            target=fmt_pct(t["target"]),
            year=t["changed_in"],
            instead=_instead(t),
            instead_actual=fmt_pct(t["instead_actual"]),
        )
        for t in missed
    )
    return EXPORT["p_targets_missed"].format(
        met=len(targets) - len(missed), total=len(targets), items=items
    )


def exempt_paragraph(summary: YearSummary, previous: YearSummary | None) -> str:
    m = summary["members"]
    change = (
        EXPORT["p_exempt_first"]
        if previous is None
        else EXPORT["p_exempt_change"].format(
            change=change_words(m["exempt"] - previous["members"]["exempt"]), year=previous["year"]
        )
    )
    return EXPORT["p_exempt"].format(
        n=fmt_int(m["exempt"]), pct=fmt_pct(m["exempt_pct_of_total"]), change=change
    )


def set_change_sentence(change: SetChange) -> str:
    """What a reorganization did to the set a year is compared with."""
    text = NARRATIVE["set_change"].format(
        year=change.year,
        now=fmt_int(change.now),
        units=fmt_int(change.before_units),
        previous=change.year - 1,
    )
    if change.became_base:
        text += " " + NARRATIVE["set_change_became_base"].format(n=fmt_int(change.became_base))
    if change.merged:
        text += " " + NARRATIVE["set_change_merged"].format(n=fmt_int(change.merged))
    return text + " " + NARRATIVE["set_change_compare"]
