"""Miễn sinh hoạt: exempted members per organization and year, the trend, the organizations
with most (click to open one), and what exemptions do to the evaluated denominator."""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

from xeploai.charts.analysis import denominator_chart, exemption_trend_chart, group_bars
from xeploai.domain.numbers import round2
from xeploai.domain.selection import Selection
from xeploai.metrics.analysis import (
    MOST_EXEMPT,
    denominator_effect,
    exemption_trend,
    load_exempt_ranked,
    load_exempt_top,
    load_exemptions,
    most_exempt,
)
from xeploai.metrics.frames import among
from xeploai.metrics.yearly import load_yearly
from xeploai.screens.blocks import Card, ChartBlock, Note
from xeploai.screens.common import LISTED_ROWS, member_status_table, no_match, num, word
from xeploai.store.database import Database
from xeploai.texts import (
    ANALYSIS,
    fmt_delta_int,
    fmt_int,
    fmt_pct,
    fmt_pp,
)

A = ANALYSIS


def exemption_title(trend: pd.DataFrame) -> str:
    if trend.empty:
        return A["exempt_count"]
    first, last = trend.iloc[0], trend.iloc[-1]
    if len(trend) == 1:
        return A["exempt_trend_title_one"].format(
            year=int(last["year"]),
            n=fmt_int(int(last["exempt"])),
            pct=fmt_pct(num(last["exempt_pct"])),
        )
    change = int(last["exempt"]) - int(first["exempt"])
    key = "exempt_trend_title_down" if change < 0 else "exempt_trend_title"
    return A[key].format(
        word=word(change),
        first=fmt_int(int(first["exempt"])),
        first_pct=fmt_pct(num(first["exempt_pct"])),
        first_year=int(first["year"]),
        last=fmt_int(int(last["exempt"])),
        last_pct=fmt_pct(num(last["exempt_pct"])),
        last_year=int(last["year"]),
    )


def exemption_table(trend: pd.DataFrame) -> pd.DataFrame:
    return member_status_table(
        {A["h_year"]: trend["year"].astype(str)},
        trend,
        {
            k: k
            for k in ("total", "exempt", "exempt_pct", "suspended", "new", "pending", "evaluated")
        },
    )


def top_exempt_title(top: pd.DataFrame, year: int) -> str:
    if top.empty:
        return A["exempt_top_none"].format(year=year)
    first = top.iloc[0]
    return A["exempt_top_title"].format(
        year=year,
        org=first["org_name"],
        n=fmt_int(int(first["exempt"])),
        pct=fmt_pct(num(first["exempt_pct"])),
    )


def exempt_org_table(by_org: pd.DataFrame, year: int, limit: int | None = None) -> pd.DataFrame:
    """The organizations of the year, the most exempted first (then by name, code); the first
    ``limit`` of them when given."""
    part = by_org[by_org["year"] == year]
    if limit is not None:
        part = part.nlargest(limit, "exempt", keep="all")
    part = part.sort_values(["exempt", "org_name", "org_code"], ascending=[False, True, True])
    if limit is not None:
        part = part.head(limit)
    return member_status_table(
        {A["h_org_name"]: part["org_name"]},
        part,
        {
            "total": "members_total",
            **{k: k for k in ("exempt", "exempt_pct", "suspended", "new", "pending", "evaluated")},
        },
    ).reset_index(drop=True)


# Rows of the organizations × years matrix sent to the browser: a national view has 52.000
# organizations, which no one reads in a table and which the browser should not receive.
EXEMPT_MATRIX_ROWS = 200


def exempt_matrices(
    by_org: pd.DataFrame, ranked: pd.DataFrame, values: tuple[str, ...] = ("exempt", "exempt_pct")
) -> tuple[pd.DataFrame, ...]:
    """Exempted members per organization (rows) and year (columns), one matrix for each of
    ``values``: the count ("exempt") or the share of the organization's members
    ("exempt_pct"), of the organizations ``ranked`` (``load_exempt_ranked``: the most exempted
    over the years first, named as in their last year), in its order. Two organizations of one
    name are two rows, the code beside the name. All from one pivot of the rows (a pivot costs
    the page 5 ms, and it shows two matrices)."""
    picked = by_org[among(by_org["org_code"], ranked["org_code"])]
    pivoted = picked.pivot_table(
        index="org_code", columns="year", values=list(values), aggfunc="first"
    )
    names = ranked["org_name"]
    twice = names.duplicated(keep=False)
    label = names.where(~twice, names + " (" + ranked["org_code"] + ")").to_numpy()
    out = []
    for value in values:
        wide = (
            pivoted[value]
            if value in pivoted.columns.get_level_values(0)
            else pd.DataFrame(index=pivoted.index)
        ).reindex(ranked["org_code"])
        wide.columns = [str(c) for c in wide.columns]
        out.append(
            wide.reset_index(drop=True).assign(**{A["h_org_name"]: label})[
                [A["h_org_name"], *wide.columns]
            ]
        )
    return tuple(out)


def exempt_matrix_note(ranked: pd.DataFrame) -> str | None:
    """Says the matrix is cut, when it is (``ranked``: ``load_exempt_ranked``)."""
    total = int(ranked["orgs"].iloc[0]) if len(ranked) else 0
    if total <= len(ranked):
        return None
    return A["exempt_matrix_cut"].format(shown=fmt_int(len(ranked)), total=fmt_int(total))


def effect_title(effect: pd.DataFrame, year: int) -> str:
    part = effect[effect["year"] == year]
    if part.empty:
        part = effect.tail(1)
    row = part.iloc[0]
    return A["exempt_effect_title"].format(
        year=int(row["year"]),
        with_exempt=fmt_pct(num(row["good_pct_with_exempt"])),
        official=fmt_pct(num(row["good_pct"])),
        effect=fmt_pp(None if num(row["effect_pp"]) is None else -float(row["effect_pp"])),
    )


def effect_table(effect: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            A["h_year"]: effect["year"].astype(str),
            A["h_members_evaluated"]: effect["evaluated"].astype("int64"),
            A["h_members_exempt"]: effect["exempt"].astype("int64"),
            A["h_good"]: effect["good"].astype("int64"),
            A["share_official"] + " (%)": effect["good_pct"],
            A["share_with_exempt"] + " (%)": effect["good_pct_with_exempt"],
            A["effect"]: effect["effect_pp"],
        }
    )


def status_cards(trend: pd.DataFrame, year: int) -> tuple[Card, ...]:
    """(label, value, change from the year before) for the exempted (count and share of all
    members), the other members not evaluated, and those evaluated, in the chosen year."""
    now = trend[trend["year"] == year]
    before = trend[trend["year"] == year - 1]
    cards: list[Card] = []
    for key in ("exempt", "exempt_pct", "suspended", "new", "pending", "evaluated"):
        value = num(now[key].iloc[0]) if len(now) else None
        prev = num(before[key].iloc[0]) if len(before) else None
        label = A[f"card_{key}"].format(year=year)
        if key == "exempt_pct":
            delta = None if value is None or prev is None else fmt_pp(round2(value - prev))
            cards.append(Card(label, fmt_pct(value), delta))
        else:
            delta = None if value is None or prev is None else fmt_delta_int(int(value - prev))
            cards.append(Card(label, fmt_int(value), delta))
    return tuple(cards)


@dataclass(frozen=True)
class ExemptionsScreen:
    empty: Note | None = None
    cards: tuple[Card, ...] = ()
    trend: ChartBlock | None = None
    top: ChartBlock | Note | None = None
    matrix_note: str | None = None
    matrix_counts: pd.DataFrame | None = None
    matrix_shares: pd.DataFrame | None = None
    effect: ChartBlock | None = None


def build(db: Database, sel: Selection) -> ExemptionsScreen:
    first, last, year = int(sel.from_year or 0), int(sel.to_year or 0), int(sel.year or 0)
    filters = sel.filters()
    within = first <= year - 1 and year <= last  # the range holds the focus year and the one before
    # the page's reads at once (``Database.at_once``), the matrix's years once its organizations
    # are ranked: one after the other, the district's four spanned 36 ms of its 102; so, 24
    with db.at_once() as run:
        figs_of = run(load_yearly, db, first, last, filters)
        # the matrix's organizations, ranked in SQL, then their years only
        ranked_of = run(load_exempt_ranked, db, first, last, filters, EXEMPT_MATRIX_ROWS)
        # the year's most exempted only (as many as the list and the chart show, ties kept),
        # not its every organization
        top_of = run(load_exempt_top, db, year, filters, max(LISTED_ROWS, MOST_EXEMPT))
        pair_of = None if within else run(load_yearly, db, year - 1, year, filters)
        ranked = ranked_of.result()
        codes = tuple(ranked["org_code"].tolist())
        by_org_of = run(load_exemptions, db, first, last, replace(filters, orgs=codes))
    figs = figs_of.result()
    if figs.orgs.empty:
        return ExemptionsScreen(empty=no_match(sel))
    trend = exemption_trend(figs.members)
    # the focus year and the one before: from the range's figures when it holds both
    members = (
        figs.members[figs.members["year"].between(year - 1, year)].reset_index(drop=True)
        if pair_of is None
        else pair_of.result().members
    )
    pair = exemption_trend(members)
    by_org = by_org_of.result()
    in_year, orgs = top_of.result()
    top = most_exempt(in_year, year)
    top_block: ChartBlock | Note
    if top.empty:
        top_block = Note(top_exempt_title(top, year))
    else:
        top_block = ChartBlock(
            group_bars(
                top,
                code_col="org_code",
                labels=dict(zip(top["org_code"], top["org_name"], strict=True)),
                value_col="exempt",
                title=top_exempt_title(top, year),
                percent=False,
            ),
            "exempt_top",
            data=exempt_org_table(in_year, year, LISTED_ROWS),
            click="open_org",
            hint=A["click_open"],
            note=A["exempt_top_cut"].format(shown=fmt_int(LISTED_ROWS), total=fmt_int(orgs))
            if orgs > LISTED_ROWS
            else None,
        )
    effect = denominator_effect(figs)
    counts, shares = exempt_matrices(by_org, ranked)
    return ExemptionsScreen(
        cards=status_cards(pair, year),
        trend=ChartBlock(
            exemption_trend_chart(trend, exemption_title(trend)),
            "exempt_trend",
            data=exemption_table(trend),
        ),
        top=top_block,
        matrix_note=exempt_matrix_note(ranked),
        matrix_counts=counts,
        matrix_shares=shares,
        effect=ChartBlock(
            denominator_chart(effect, effect_title(effect, year)),
            "exempt_effect",
            data=effect_table(effect),
            note=A["exempt_effect_note"],
        ),
    )
