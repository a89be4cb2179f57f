"""What the overview page shows, decided here so the page only draws it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from xeploai.domain.levels import comparable
from xeploai.metrics.yearly import Figures
from xeploai.texts import (
    DIRECTION_LABELS,
    LEVEL_LABELS,
    OVERVIEW,
    SUBJECT_LABELS,
    UI,
    fmt_delta_int,
    fmt_int,
    fmt_pct,
    fmt_pp,
)


@dataclass(frozen=True)
class Card:
    label: str
    value: str
    delta: str | None
    delta_color: str
    help: str | None
    target: str | None
    delta_description: str | None = None
    delta_arrow: str = "auto"
    history: tuple[float, ...] = ()


def _get(summary: dict[str, Any] | None, subject: str, key: str) -> Any:
    return None if summary is None else summary[subject].get(key)


def _pp_delta(summary: dict[str, Any], previous: dict[str, Any] | None, subject: str,
              key: str) -> str | None:
    now, before = _get(summary, subject, key), _get(previous, subject, key)
    if now is None or before is None:
        return None
    if not comparable(subject, key, previous["year"], summary["year"]):  # type: ignore[index]
        return None
    return fmt_pp(round(now - before, 2))


def _int_delta(summary: dict[str, Any], previous: dict[str, Any] | None, subject: str,
               key: str) -> str | None:
    now, before = _get(summary, subject, key), _get(previous, subject, key)
    if now is None or before is None:
        return None
    return fmt_delta_int(now - before)


def target_caption(summary: dict[str, Any], subject: str, measure: str) -> str | None:
    for t in summary["targets"]:
        if t["subject"] == subject and t["measure"] == measure:
            key = "target_gap_met" if t["met"] else "target_gap_missed"
            return UI[key].format(direction=DIRECTION_LABELS[t["direction"]],
                                  target=fmt_pct(t["target"]), gap=fmt_pp(t["gap"]))
    return None


def _history(history: Figures | None, year: int, subject: str, column: str,
             table: str = "measures") -> tuple[float, ...]:
    """The card's small trend: the values up to the chosen year."""
    if history is None:
        return ()
    if table == "measures":
        frame = history.measures[history.measures["subject"] == subject]
    else:
        frame = getattr(history, table)
    frame = frame[frame["year"] <= year].sort_values("year")
    # the old top level does not continue into the new one: draw only this side of a break
    frame = frame[[comparable(subject, column, int(y), year) for y in frame["year"]]]
    return tuple(float(v) for v in frame[column] if pd.notna(v))


def kpi_cards(summary: dict[str, Any], previous: dict[str, Any] | None,
              history: Figures | None = None) -> list[list[Card]]:
    """Two rows of cards: organizations, then members; each with change, target and trend."""
    o, c, m = summary["base_orgs"], summary["subordinate_cells"], summary["members"]
    year = summary["year"]
    since = UI["vs_prev"].format(year=previous["year"]) if previous else None

    def card(label: str, value: str, delta: str | None, *, help: str | None = None,
             target: str | None = None, color: str = "normal",
             history: tuple[float, ...] = ()) -> Card:
        flat = delta is not None and delta.startswith("±")
        return Card(label, value, delta, "off" if flat else color, help, target,
                    since if delta else None, "off" if flat else "auto", history)

    first = [
        card(UI["kpi_base_orgs"], fmt_int(o["total"]),
             _int_delta(summary, previous, "base_orgs", "total"), color="off",
             help=UI["kpi_base_orgs_help"].format(committees=fmt_int(o["committees"]),
                                                  cells=fmt_int(o["cells"]),
                                                  rated=fmt_int(o["rated"])),
             history=_history(history, year, "base_orgs", "total", "orgs")),
        card(UI["kpi_base_orgs_good"], fmt_pct(o["good_or_better_pct"]),
             _pp_delta(summary, previous, "base_orgs", "good_or_better_pct"),
             target=target_caption(summary, "base_orgs", "good_or_better_pct"),
             history=_history(history, year, "base_orgs", "good_or_better_pct")),
        card(UI["kpi_clean_strong"],
             f"{fmt_int(o['clean_strong'])} ({fmt_pct(o['clean_strong_pct'])})",
             _pp_delta(summary, previous, "base_orgs", "clean_strong_pct"),
             help=UI["scheme_break_note"],
             target=target_caption(summary, "base_orgs", "clean_strong_pct"),
             history=_history(history, year, "base_orgs", "clean_strong_pct")),
        card(UI["kpi_cells_good"], fmt_pct(c["good_or_better_pct"]),
             _pp_delta(summary, previous, "subordinate_cells", "good_or_better_pct"),
             help=UI["kpi_cells_help"].format(total=fmt_int(c["total"]),
                                              rated=fmt_int(c["rated"])),
             target=target_caption(summary, "subordinate_cells", "good_or_better_pct"),
             history=_history(history, year, "subordinate_cells", "good_or_better_pct")),
    ]
    second = [
        card(UI["kpi_members"], fmt_int(m["total"]),
             _int_delta(summary, previous, "members", "total"), color="off",
             help=UI["kpi_members_help"].format(evaluated=fmt_int(m["evaluated"])),
             history=_history(history, year, "members", "total", "members")),
        card(UI["kpi_members_good"], fmt_pct(m["good_or_better_pct"]),
             _pp_delta(summary, previous, "members", "good_or_better_pct"),
             target=target_caption(summary, "members", "good_or_better_pct"),
             history=_history(history, year, "members", "good_or_better_pct")),
        card(UI["kpi_members_excellent"], fmt_pct(m["excellent_pct"]),
             _pp_delta(summary, previous, "members", "excellent_pct"),
             target=target_caption(summary, "members", "excellent_pct")
             or target_caption(summary, "members", "excellent_of_good_pct"),
             history=_history(history, year, "members", "excellent_pct")),
        card(UI["kpi_exempt"], fmt_int(m["exempt"]),
             _int_delta(summary, previous, "members", "exempt"), color="off",
             target=UI["kpi_exempt_help"].format(pct=fmt_pct(m["exempt_pct_of_total"])),
             history=_history(history, year, "members", "exempt", "members")),
    ]
    return [first, second]


def levels_title(summary: dict[str, Any]) -> str:
    return OVERVIEW["levels_title"].format(
        year=summary["year"], orgs=fmt_pct(summary["base_orgs"]["good_or_better_pct"]),
        members=fmt_pct(summary["members"]["good_or_better_pct"]))


def trend_title(measures: pd.DataFrame) -> str:
    part = measures[measures["subject"] == "members"].sort_values("year")
    part = part[part["good_or_better_pct"].notna()]
    if len(part) < 2:
        return UI["trend_heading"]
    first, last = part.iloc[0], part.iloc[-1]
    change = float(last["good_or_better_pct"]) - float(first["good_or_better_pct"])
    word = OVERVIEW["up"] if change > 0.005 else OVERVIEW["down"] if change < -0.005 else \
        OVERVIEW["flat"]
    return OVERVIEW["trend_title"].format(
        word=word, first_year=int(first["year"]), last_year=int(last["year"]),
        first=fmt_pct(float(first["good_or_better_pct"])),
        last=fmt_pct(float(last["good_or_better_pct"])))


def levels_table(shares: pd.DataFrame) -> pd.DataFrame:
    """The levels chart's data with Vietnamese headers and labels."""
    return pd.DataFrame({
        UI["subject"]: shares["subject"].map(SUBJECT_LABELS),
        UI["level"]: shares["level_code"].map(LEVEL_LABELS),
        UI["count"]: shares["n"],
        UI["share"] + " (%)": shares["share"],
    })


def trend_table(measures: pd.DataFrame) -> pd.DataFrame:
    """The trend chart's data: one row per year, one column per subject."""
    wide = measures.pivot(index="year", columns="subject", values="good_or_better_pct")
    wide = wide.reindex(columns=[s for s in SUBJECT_LABELS if s in wide.columns])
    wide.columns = [SUBJECT_LABELS[s] + " (%)" for s in wide.columns]
    return wide.reset_index().rename(columns={"year": UI["year"]})
