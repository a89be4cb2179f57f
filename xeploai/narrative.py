"""Vietnamese sentences about a year, in the register of the organization board's reports."""

from __future__ import annotations

from typing import Any

from xeploai.texts import MEASURE_LABELS, NARRATIVE, SUBJECT_LABELS, fmt_int, fmt_num, fmt_pct


def year_sentences(summary: dict[str, Any], previous: dict[str, Any] | None = None) -> list[str]:
    """A few sentences: the size of the party organization, its quality, the targets."""
    o, c, m = summary["base_orgs"], summary["subordinate_cells"], summary["members"]
    out = [NARRATIVE["size"].format(
        year=summary["year"], superior=summary["superior"] or NARRATIVE["superior_default"],
        orgs=fmt_int(o["total"]), committees=fmt_int(o["committees"]),
        cells=fmt_int(o["cells"]), sub=fmt_int(c["total"]), members=fmt_int(m["total"]),
        exempt=fmt_int(m["exempt"]), exempt_pct=fmt_pct(m["exempt_pct_of_total"]),
    )]
    out.append(NARRATIVE["orgs_quality"].format(
        rated=fmt_int(o["rated"]), good=fmt_pct(o["good_or_better_pct"]),
        clean=fmt_int(o["clean_strong"]), clean_pct=fmt_pct(o["clean_strong_pct"]),
    ))
    members_line = NARRATIVE["members_quality"].format(
        evaluated=fmt_int(m["evaluated"]), good=fmt_pct(m["good_or_better_pct"]),
        excellent=fmt_pct(m["excellent_pct"]), not_completed=fmt_pct(m["not_completed_pct"]),
    )
    if previous is not None:
        before = previous["members"]["good_or_better_pct"]
        now = m["good_or_better_pct"]
        if before is not None and now is not None:
            change = round(now - before, 2)
            key = "vs_previous_up" if change > 0 else "vs_previous_down" if change < 0 \
                else "vs_previous_same"
            members_line += " " + NARRATIVE[key].format(
                year=previous["year"], change=fmt_num(abs(change)))
    out.append(members_line)
    missed = [t for t in summary["targets"] if t["met"] is False]
    if summary["targets"] and not missed:
        out.append(NARRATIVE["targets_all_met"].format(n=len(summary["targets"])))
    elif missed:
        items = "; ".join(
            NARRATIVE["missed_item"].format(
                measure=MEASURE_LABELS[t["measure"]].lower(),
                subject=SUBJECT_LABELS[t["subject"]].lower(),
                actual=fmt_pct(t["actual"]), target=fmt_pct(t["target"]))
            for t in missed
        )
        out.append(NARRATIVE["targets_missed"].format(
            n=len(missed), total=len(summary["targets"]), items=items))
    return out


# --- The written report (docx, html): longer paragraphs in the register of the board's reports


def level_breakdown(levels: dict[str, int], rated: int) -> str:
    """'hoàn thành xuất sắc nhiệm vụ 5 (11,63%); hoàn thành tốt nhiệm vụ 34 (79,07%); …'."""
    from xeploai.domain import LEVEL_RANK, pct
    from xeploai.texts import LEVEL_LABELS

    ordered = sorted(levels, key=lambda code: LEVEL_RANK[code])
    return "; ".join(
        f"{LEVEL_LABELS[code].lower()} {fmt_int(levels[code])} ({fmt_pct(pct(levels[code], rated))})"
        for code in ordered)


def size_paragraph(summary: dict[str, Any], previous: dict[str, Any] | None, scope: str
                   ) -> str:
    from xeploai.texts import EXPORT, fmt_delta_int

    o, c, m = summary["base_orgs"], summary["subordinate_cells"], summary["members"]
    text = EXPORT["p_size"].format(
        scope=scope, orgs=fmt_int(o["total"]), committees=fmt_int(o["committees"]),
        cells=fmt_int(o["cells"]), sub=fmt_int(c["total"]), members=fmt_int(m["total"]),
        exempt=fmt_int(m["exempt"]), exempt_pct=fmt_pct(m["exempt_pct_of_total"]))
    if previous is not None:
        pm = previous["members"]
        text += " " + EXPORT["p_size_change"].format(
            year=previous["year"], members_change=fmt_delta_int(m["total"] - pm["total"]),
            exempt_change=fmt_delta_int(m["exempt"] - pm["exempt"]))
    return text


def orgs_paragraph(summary: dict[str, Any]) -> str:
    from xeploai.domain import SCHEME_BREAK_YEAR
    from xeploai.texts import EXPORT

    o = summary["base_orgs"]
    text = EXPORT["p_orgs"].format(
        rated=fmt_int(o["rated"]), total=fmt_int(o["total"]),
        breakdown=level_breakdown(o["levels"], o["rated"]), good=fmt_pct(o["good_or_better_pct"]))
    if o["total"] > o["rated"]:
        text += " " + EXPORT["p_orgs_unrated"].format(n=fmt_int(o["total"] - o["rated"]))
    key = "p_clean_new" if summary["year"] >= SCHEME_BREAK_YEAR else "p_clean_old"
    text += " " + EXPORT[key].format(clean=fmt_int(o["clean_strong"]),
                                     clean_pct=fmt_pct(o["clean_strong_pct"]))
    return text


def cells_paragraph(summary: dict[str, Any]) -> str:
    from xeploai.texts import EXPORT

    c = summary["subordinate_cells"]
    return EXPORT["p_cells"].format(
        rated=fmt_int(c["rated"]), total=fmt_int(c["total"]),
        breakdown=level_breakdown(c["levels"], c["rated"]), good=fmt_pct(c["good_or_better_pct"]))


def members_paragraph(summary: dict[str, Any], previous: dict[str, Any] | None) -> str:
    from xeploai.texts import EXPORT

    m = summary["members"]
    text = EXPORT["p_members"].format(
        total=fmt_int(m["total"]), evaluated=fmt_int(m["evaluated"]),
        not_evaluated=fmt_int(m["total"] - m["evaluated"]), exempt=fmt_int(m["exempt"]),
        suspended=fmt_int(m["suspended"]), new=fmt_int(m["new"]), pending=fmt_int(m["pending"]),
        breakdown=level_breakdown(m["levels"], m["evaluated"]),
        good=fmt_pct(m["good_or_better_pct"]))
    if previous is not None:
        before, now = previous["members"]["good_or_better_pct"], m["good_or_better_pct"]
        if before is not None and now is not None:
            text += " " + EXPORT["p_members_vs"].format(
                year=previous["year"], change=fmt_pp(round(now - before, 2)))
    return text


def targets_paragraph(summary: dict[str, Any], *, filtered: bool) -> str:
    from xeploai.texts import DIRECTION_LABELS, EXPORT

    targets = summary["targets"]
    if not targets:
        return EXPORT["p_targets_none"] if filtered else ""
    missed = [t for t in targets if t["met"] is False]
    if not missed:
        return EXPORT["p_targets_all"].format(n=len(targets))
    items = "; ".join(EXPORT["p_targets_item"].format(
        measure=MEASURE_LABELS[t["measure"]], subject=SUBJECT_LABELS[t["subject"]].lower(),
        actual=fmt_pct(t["actual"]), direction=DIRECTION_LABELS[t["direction"]],
        target=fmt_pct(t["target"])) for t in missed)
    return EXPORT["p_targets_missed"].format(met=len(targets) - len(missed), total=len(targets),
                                            items=items)


def exempt_paragraph(summary: dict[str, Any], previous: dict[str, Any] | None) -> str:
    from xeploai.texts import EXPORT, fmt_delta_int

    m = summary["members"]
    change = EXPORT["p_exempt_first"] if previous is None else EXPORT["p_exempt_change"].format(
        change=fmt_delta_int(m["exempt"] - previous["members"]["exempt"]), year=previous["year"])
    return EXPORT["p_exempt"].format(n=fmt_int(m["exempt"]), pct=fmt_pct(m["exempt_pct_of_total"]),
                                     change=change)
