"""Xu hướng chất lượng: levels per year, good-or-better across the scheme break, by sector
and type (click a bar to filter), and the change from one year to the next."""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

from xeploai.charts.analysis import (
    change_bars,
    distribution_bars,
    group_bars,
    group_lines,
    score_band_bars,
    share_trend,
)
from xeploai.domain.levels import SCORE_BAND_FLOORS
from xeploai.domain.numbers import round2
from xeploai.domain.selection import Selection
from xeploai.metrics.analysis import (
    MIN_COMPARED_MEMBERS,
    by_group,
    comparable_groups,
    group_counts,
    level_distribution,
    year_over_year,
)
from xeploai.metrics.yearly import load_yearly
from xeploai.narrative.tables import trend_table
from xeploai.narrative.titles import break_note
from xeploai.screens.blocks import ChartBlock, Note
from xeploai.screens.common import no_match, num, series, word
from xeploai.store.database import Database
from xeploai.texts import (
    ANALYSIS,
    LEVEL_LABELS,
    MEASURE_LABELS,
    ORG_TYPE_LABELS,
    SUBJECT_LABELS,
    UI,
    fmt_int,
    fmt_num,
    fmt_pct,
    fmt_pp,
    sector_labels,
)

A = ANALYSIS


def has_rated(dist: pd.DataFrame, subject: str) -> bool:
    return bool((dist[dist["subject"] == subject]["n"] > 0).any())


def distribution_title(measures: pd.DataFrame, subject: str) -> str:
    part = series(measures, subject, "good_or_better_pct")
    name = SUBJECT_LABELS[subject]
    if part.empty:
        return name
    first, last = part.iloc[0], part.iloc[-1]
    if len(part) == 1:
        return A["dist_title_one"].format(
            subject=name, year=int(last["year"]), good=fmt_pct(num(last["good_or_better_pct"]))
        )
    change = float(last["good_or_better_pct"]) - float(first["good_or_better_pct"])
    return A["dist_title"].format(
        subject=name,
        word=word(change),
        first=fmt_pct(float(first["good_or_better_pct"])),
        first_year=int(first["year"]),
        last=fmt_pct(float(last["good_or_better_pct"])),
        last_year=int(last["year"]),
    )


def distribution_table(dist: pd.DataFrame, subject: str) -> pd.DataFrame:
    part = dist[dist["subject"] == subject]
    return pd.DataFrame(
        {
            A["h_year"]: part["year"].astype(str),
            UI["level"]: part["level_code"].map(LEVEL_LABELS),
            UI["count"]: part["n"].astype("int64"),
            UI["share"] + " (%)": part["share"],
        }
    ).reset_index(drop=True)


def good_title(measures: pd.DataFrame) -> str:
    members = series(measures, "members", "good_or_better_pct")
    orgs = series(measures, "base_orgs", "good_or_better_pct")
    if len(members) < 2 or orgs.empty:
        return A["trends_good"]
    first, last = members.iloc[0], members.iloc[-1]
    return A["good_title"].format(
        word=word(float(last["good_or_better_pct"]) - float(first["good_or_better_pct"])),
        first=fmt_pct(float(first["good_or_better_pct"])),
        first_year=int(first["year"]),
        last=fmt_pct(float(last["good_or_better_pct"])),
        last_year=int(last["year"]),
        orgs_first=fmt_pct(float(orgs.iloc[0]["good_or_better_pct"])),
        orgs_last=fmt_pct(float(orgs.iloc[-1]["good_or_better_pct"])),
    )


def group_labels(group_by: str, year: int | None = None) -> dict[str, str]:
    """The groups' words; sectors as the latest year shown names them."""
    return sector_labels(year) if group_by == "sector" else ORG_TYPE_LABELS


def group_title(groups: pd.DataFrame, group_by: str, year: int) -> str:
    """The best and the worst group of the year among those large enough to compare (all of
    them when none is)."""
    part = groups[(groups["year"] == year) & groups["members_good_pct"].notna()]
    if comparable_groups(part).any():
        part = part[comparable_groups(part)]
    part = part.sort_values(["members_good_pct", "group"], ascending=[False, True])
    labels = group_labels(group_by, year)
    if part.empty:
        return A["trends_groups"]
    best, worst = part.iloc[0], part.iloc[-1]
    if len(part) == 1:
        return A["group_title_one"].format(
            year=year,
            best=labels.get(best["group"]),
            best_value=fmt_pct(float(best["members_good_pct"])),
        )
    return A["group_title"].format(
        year=year,
        dimension=A[f"dimension_{group_by}"],
        best=labels.get(best["group"]),
        best_value=fmt_pct(float(best["members_good_pct"])),
        worst=labels.get(worst["group"]),
        worst_value=fmt_pct(float(worst["members_good_pct"])),
    )


def spread_title(groups: pd.DataFrame, group_by: str) -> str:
    """How far apart the best and the worst group are, first year against last."""

    def spread(year: int) -> float | None:
        values = groups[(groups["year"] == year)]["members_good_pct"].dropna().astype(float)
        return round2(values.max() - values.min()) if len(values) > 1 else None

    years = sorted(int(y) for y in groups["year"].unique())
    first, last = (spread(years[0]), spread(years[-1])) if years else (None, None)
    if first is None or last is None or len(years) < 2:
        return A["spread_title_none"].format(dimension=A[f"dimension_{group_by}"])
    return A["spread_title"].format(
        dimension=A[f"dimension_{group_by}"],
        first=fmt_num(first),
        last=fmt_num(last),
        first_year=years[0],
        last_year=years[-1],
        word=A["narrower"] if last < first else A["wider"] if last > first else A["same"],
        direction=A["down_to"] if last < first else A["up_to"] if last > first else A["same_at"],
    )


def group_table(groups: pd.DataFrame, group_by: str) -> pd.DataFrame:
    return (
        pd.DataFrame(
            {
                A["h_year"]: groups["year"].astype(str),
                A[f"h_{'sector' if group_by == 'sector' else 'org_type'}"]: [
                    group_labels(group_by, int(y)).get(g, g)
                    for y, g in zip(groups["year"], groups["group"], strict=True)
                ],
                A["orgs"]: groups["orgs"].astype("int64"),
                A["h_orgs_good_pct"]: groups["orgs_good_pct"],
                A["h_members_evaluated"]: groups["members_evaluated"].astype("int64"),
                A["h_members_good_pct_short"]: groups["members_good_pct"],
            }
        )
        .sort_values([A["h_year"]], kind="stable")
        .reset_index(drop=True)
    )


def change_title(yoy: pd.DataFrame) -> str:
    part = yoy[(yoy["subject"] == "members") & yoy["good_or_better_change"].notna()]
    if part.empty:
        return A["change_title_flat"]
    up = part.loc[part["good_or_better_change"].idxmax()]
    down = part.loc[part["good_or_better_change"].idxmin()]
    return A["change_title"].format(
        up_year=int(up["year"]),
        up=fmt_pp(float(up["good_or_better_change"])),
        down_year=int(down["year"]),
        down=fmt_pp(float(down["good_or_better_change"])),
    )


def change_table(yoy: pd.DataFrame) -> pd.DataFrame:
    pp = " (" + A["pp"] + ")"
    return pd.DataFrame(
        {
            A["h_year"]: yoy["year"].astype(str),
            UI["subject"]: yoy["subject"].map(SUBJECT_LABELS),
            MEASURE_LABELS["good_or_better_pct"] + " (%)": yoy["good_or_better_pct"],
            A["up"].capitalize() + "/" + A["down"] + pp: yoy["good_or_better_change"],
            MEASURE_LABELS["excellent_pct"] + " (%)": yoy["excellent_pct"],
            A["up"].capitalize() + "/" + A["down"] + " HTXS" + pp: yoy["excellent_change"],
            MEASURE_LABELS["not_completed_pct"] + " (%)": yoy["not_completed_pct"],
            A["up"].capitalize() + "/" + A["down"] + " KHT" + pp: yoy["not_completed_change"],
        }
    )


@dataclass(frozen=True)
class TrendsScreen:
    """The page but for its first chart, the levels of the subject whose tab is open
    (``distribution``)."""

    empty: Note | None = None
    good: ChartBlock | None = None
    groups: tuple[ChartBlock, ...] = ()
    changes: ChartBlock | None = None
    scores: ChartBlock | None = None  # QĐ 366 score bands (None: no score in the years)


def score_band_labels() -> dict[int, str]:
    return dict(enumerate(A["score_bands"].split("|"), start=1))


def scores_block(bands: pd.DataFrame) -> ChartBlock | None:
    """The organizations by score band each year, the last year's finding as the title."""
    if bands.empty:
        return None
    labels = score_band_labels()
    last = int(bands["year"].max())
    year = bands[bands["year"] == last]
    n = int(year["n"].sum())
    mean = (year["mean_score"] * year["n"]).sum() / n if n else None
    title = A["scores_title"].format(
        year=last, n=fmt_int(n), mean=fmt_num(mean), above=fmt_int(int(year["above_band"].sum()))
    )
    table = pd.DataFrame(
        {
            A["h_year"]: bands["year"].astype(str),
            A["h_band"]: bands["band"].map(labels),
            A["h_scored"]: bands["n"].astype("int64"),
            A["h_same"]: bands["same_level"],
            A["h_above"]: bands["above_band"],
            A["h_below"]: bands["below_band"],
            A["h_mean_score"]: bands["mean_score"],
        }
    )
    return ChartBlock(
        score_band_bars(bands, labels, title), "scores", data=table, note=A["scores_note"]
    )


def distribution(db: Database, sel: Selection, subject: str) -> ChartBlock | Note:
    """One subject's levels across the years (the tab that is open: only that one is drawn,
    and only that one is made), or why there is nothing to draw."""
    figs = load_yearly(db, int(sel.from_year or 0), int(sel.to_year or 0), sel.filters())
    levels = figs.levels
    dist = level_distribution(levels[levels["subject"] == subject])
    label = SUBJECT_LABELS[subject]
    if not has_rated(dist, subject):
        return Note(A["no_rated"].format(subject=label.lower()))
    return ChartBlock(
        distribution_bars(dist, subject, distribution_title(figs.measures, subject)),
        f"dist_{subject}",
        data=distribution_table(dist, subject),
    )


def build(db: Database, sel: Selection) -> TrendsScreen:
    first, last = int(sel.from_year or 0), int(sel.to_year or 0)
    grouped = (("sector", "sectors"), ("org_type", "org_types"))
    # the figures, the counts of each grouping and the score bands do not need each other:
    # read at once (``Database.at_once``)
    with db.at_once() as run:
        # The chart that sets a filter ignores that filter, so every group stays clickable.
        counted = [
            run(group_counts, db, first, last, replace(sel, **{field: None}).filters())
            for _, field in grouped
        ]
        bands_of = run(
            db.query,
            "score_bands_by_year",
            from_year=first,
            to_year=last,
            band_floors=list(SCORE_BAND_FLOORS),
            **sel.filters().params(),
        )
        figs = load_yearly(db, first, last, sel.filters())
    if figs.orgs.empty:
        return TrendsScreen(empty=no_match(sel))
    groups: list[ChartBlock] = []
    for (group_by, field), counts in zip(grouped, counted, strict=True):
        by = by_group(counts.result(), group_by)
        latest = by[by["year"] == last]
        groups.append(
            ChartBlock(
                group_bars(
                    latest,
                    code_col="group",
                    labels=group_labels(group_by, last),
                    value_col="members_good_pct",
                    title=group_title(by, group_by, last),
                    selected=getattr(sel, field),
                    sizes=True,
                ),
                f"by_{group_by}",
                data=group_table(by, group_by),
                click=field,  # type: ignore[arg-type]
                hint=A["click_filter"] if group_by == "sector" else None,
                note=A["group_small_note"].format(n=MIN_COMPARED_MEMBERS),
            )
        )
        if group_by == "sector":
            groups.append(
                ChartBlock(
                    group_lines(by, group_labels(group_by, last), spread_title(by, group_by)),
                    "sector_lines",
                )
            )
    yoy = year_over_year(figs.measures)
    bands = bands_of.result()
    return TrendsScreen(
        good=ChartBlock(
            share_trend(figs.measures, good_title(figs.measures)),
            "good",
            data=trend_table(figs.measures),
            note=break_note(figs.years),
        ),
        groups=tuple(groups),
        changes=ChartBlock(
            change_bars(yoy, "good_or_better_pct", change_title(yoy)),
            "changes",
            data=change_table(yoy),
            note=A["change_break_note"],
        ),
        scores=scores_block(bands),
    )
