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
