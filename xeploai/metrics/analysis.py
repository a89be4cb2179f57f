"""What the analysis pages compute: distributions, changes, gaps to targets and who causes them,
exemptions, one organization against the others, and the explorer's filtering and totals.

Every share goes through ``domain.pct`` / ``figures.pct_series`` (the one rounding rule);
contributions and averages are computed exactly (integers, fractions) and rounded by the same
rule (``round_exact``, ``round_exact_over``); differences of two rounded shares are kept at 2
decimals with ``domain.round2``. Nothing here imports Streamlit.

The contribution of a base organization to a target gap (đóng góp vào mức chênh lệch): with
``k_i`` units of organization *i* at the measured level out of ``n_i`` counted, the total share
is ``K/N`` and the gap to a target ``t`` (in %) is ``100·K/N − t``. Writing
``100·K/N − t = Σ_i 100·(k_i − t/100·n_i) / N`` splits the gap exactly among the organizations:
one contributes ``100·(k_i − t/100·n_i)/N`` points — negative when it sits below the target
at its own size, and the more so the larger it is. The contributions add up to the exact gap
(the gap shown elsewhere is taken between rounded figures, so it may differ by 0,01).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Any

import numpy as np
import pandas as pd

from xeploai.domain.levels import MEMBER_LEVELS
from xeploai.domain.measures import (  # noqa: F401 - the explorer's conditions, re-exported
    MEASURE_PARTS,
    NOT_RATED,
    THRESHOLD_MEASURES,
    THRESHOLD_OPS,
    UNIT_COLUMNS,
    Threshold,
    target_met,
)
from xeploai.domain.numbers import (
    pct,
    pct_series,
    round2,
    round_exact,
    round_exact_near,
    round_exact_over,
)
from xeploai.domain.regimes import comparable
from xeploai.domain.selection import Filters
from xeploai.metrics.frames import sorted_rows
from xeploai.metrics.yearly import Yearly
from xeploai.store.database import Database

# --- the per-organization frame -------------------------------------------------------------


def org_results(db: Database, from_year: int, to_year: int, filters: Filters) -> pd.DataFrame:
    """results_by_org_year: one row per base organization × year."""
    return db.query("results_by_org_year", from_year=from_year, to_year=to_year, **filters.params())


def unit_counts(results: pd.DataFrame, subject: str, measure: str) -> pd.DataFrame:
    """The part and the whole that the measure's share is taken of, per row of ``results``
    (``domain.measures``: MEASURE_PARTS names them, UNIT_COLUMNS says where they stand)."""
    if subject not in UNIT_COLUMNS:
        raise ValueError(f"unknown subject {subject!r}")
    if measure not in MEASURE_PARTS:
        raise ValueError(f"unknown measure {measure!r}")
    part, whole = MEASURE_PARTS[measure]
    columns = UNIT_COLUMNS[subject]
    if part not in columns:
        raise ValueError(f"{measure!r} is not measured for {subject!r}")
    return pd.DataFrame(
        {
            "part": results[columns[part]].astype("int64"),
            "whole": results[columns[whole]].astype("int64"),
        }
    )


# --- trends ---------------------------------------------------------------------------------


def level_distribution(levels: pd.DataFrame) -> pd.DataFrame:
    """levels_by_year with the share of each level among those rated that year and subject.
    The year's totals added up in Python (a few dozen rows: pandas' group-by cost a millisecond
    a call, a few calls a page)."""
    keys = list(zip(levels["year"].tolist(), levels["subject"].tolist(), strict=True))
    counts = levels["n"].tolist()
    rated: dict[tuple[Any, Any], int] = {}
    for key, n in zip(keys, counts, strict=True):
        rated[key] = rated.get(key, 0) + n
    out = levels[["year", "scheme_code", "subject", "level_code", "level_rank", "n"]].reset_index(
        drop=True
    )
    out["rated"] = pd.array([rated[k] for k in keys], dtype=levels["n"].dtype)
    out["share"] = pct_series(out["n"], out["rated"])
    return out


def level_shares(levels: pd.DataFrame, year: int) -> pd.DataFrame:
    """One year of ``level_distribution``: one row per subject × level, count and share."""
    rows = level_distribution(levels[levels["year"] == year])
    return rows[["subject", "level_code", "level_rank", "n", "share"]].reset_index(drop=True)


CHANGE_MEASURES = ("good_or_better_pct", "excellent_pct", "not_completed_pct")


def year_over_year(measures: pd.DataFrame) -> pd.DataFrame:
    """Each year's shares and their change from the year before, in percentage points.

    A change across the 2017/2018 break is left empty for the measures the break made
    incomparable; "good or better" and "not completed / weak" compare across it.
    """
    # a few dozen rows, walked in Python (``iterrows`` and a frame per subject: 10 ms a page)
    by_subject: dict[Any, list[tuple[int, list[Any]]]] = {}
    columns = [measures[m].tolist() for m in CHANGE_MEASURES]
    years = measures["year"].tolist()
    order = sorted(range(len(years)), key=lambda i: years[i])  # stable, as sort_values was not
    for i in order:
        by_subject.setdefault(measures["subject"].iat[i], []).append(
            (int(years[i]), [column[i] for column in columns])
        )
    rows = []
    for subject, part in by_subject.items():
        for i, (year, values) in enumerate(part):
            out: dict[str, Any] = {"year": year, "subject": subject}
            prev = part[i - 1] if i > 0 else None
            consecutive = prev is not None and prev[0] == year - 1
            for m, now, before in zip(
                CHANGE_MEASURES, values, prev[1] if prev else [None] * len(values), strict=True
            ):
                out[m] = None if pd.isna(now) else float(now)
                change = None
                if (
                    consecutive
                    and prev is not None
                    and not pd.isna(now)
                    and not pd.isna(before)
                    and comparable(str(subject), m, prev[0], year)
                ):
                    change = round2(float(now) - float(before))
                out[m.replace("_pct", "_change")] = change
            rows.append(out)
    cols = ["year", "subject"] + [
        c for m in CHANGE_MEASURES for c in (m, m.replace("_pct", "_change"))
    ]
    return pd.DataFrame(rows, columns=cols)


GROUP_COLUMNS = ("sector", "org_type")


def group_counts(db: Database, from_year: int, to_year: int, filters: Filters) -> pd.DataFrame:
    """group_counts_by_year: the counts of each sector × kind each year (``by_group`` adds them
    up by one of the two), from the committee's stored sums."""
    return db.query(
        "group_counts_by_year", from_year=from_year, to_year=to_year, **filters.params()
    )


# A group with fewer members evaluated is too small for its share to be compared with the
# others' (two organizations of 13 members at 100% lead nothing): rankings put it last.
MIN_COMPARED_MEMBERS = 30


def comparable_groups(groups: pd.DataFrame) -> pd.Series:
    """Which rows of ``by_group`` are large enough to be ranked against the others."""
    return groups["members_evaluated"].astype("int64") >= MIN_COMPARED_MEMBERS


def by_group(results: pd.DataFrame, group_by: str) -> pd.DataFrame:
    """Good-or-better shares of base organizations and of members per sector or org type.

    ``results``: one row per organization-year (``org_results``), or per year × sector × kind
    with its count of organizations in ``orgs`` (``group_counts``: what the trends page passes,
    a few hundred rows, added up in Python)."""
    if group_by not in GROUP_COLUMNS:
        raise ValueError(f"group_by must be one of {GROUP_COLUMNS}: {group_by!r}")
    orgs = unit_counts(results, "base_orgs", "good_or_better_pct")
    counted = {
        "orgs": results["orgs"]
        if "orgs" in results.columns
        else pd.Series(1, index=results.index, dtype="int64"),
        "orgs_rated": orgs["whole"],
        "orgs_good": orgs["part"],
        "members_evaluated": results["members_evaluated"],
        "members_good": results["members_good"],
    }
    # added up in Python: a few hundred rows (a pandas group-by of them took 3-5 ms); by year
    # and group in their order, a row without a group left out (as pandas' group-by does)
    sums: dict[tuple[Any, Any], list[int]] = {}
    for key, *values in zip(
        zip(results["year"].tolist(), results[group_by].tolist(), strict=True),
        *(column.tolist() for column in counted.values()),
        strict=True,
    ):
        if key[1] is None or key[1] != key[1]:  # None, NaN
            continue
        total = sums.setdefault(key, [0] * len(counted))
        for i, value in enumerate(values):
            total[i] += int(value)
    keys = sorted(sums)
    g = pd.DataFrame(
        {
            "year": np.array([k[0] for k in keys], dtype=results["year"].dtype),
            "group": pd.array([k[1] for k in keys], dtype=results[group_by].dtype),
            **{  # each sum of the type of its column, as a group-by's
                name: np.array([sums[k][i] for k in keys], dtype=column.dtype)
                for i, (name, column) in enumerate(counted.items())
            },
        }
    )
    g["orgs_good_pct"] = pct_series(g["orgs_good"], g["orgs_rated"])
    g["members_good_pct"] = pct_series(g["members_good"], g["members_evaluated"])
    return g.sort_values(
        ["year", "members_good_pct", "group"], ascending=[True, False, True]
    ).reset_index(drop=True)


# --- targets ---------------------------------------------------------------------------------


def _target(value: float) -> Fraction:
    # Targets are decimals typed by people ("92,5"); Fraction(str) keeps them exact.
    return Fraction(str(value))


def what_it_takes(part: int, whole: int, direction: str, target: float) -> int:
    """How many units must move into (at least) or out of (below) the level to meet the target.

    The denominator stays: members move between levels, they do not appear. The share is judged
    after rounding (``domain.pct``), as the reported figure is.
    """
    if whole <= 0:
        return 0
    t = _target(target)
    if direction == "at_least":
        if target_met(pct(part, whole), direction, target):
            return 0
        k = min(whole, -((-t * whole) // 100))  # ceil(t·n/100): the exact share reaches t
        while k > 0 and target_met(pct(k - 1, whole), direction, target):
            k -= 1  # rounding half up may already reach the target one unit earlier
        if not target_met(pct(k, whole), direction, target):
            return whole - part + 1  # unreachable even with every unit: say "all of them"
        return max(0, k - part)
    if direction == "below":
        if target_met(pct(part, whole), direction, target):
            return 0
        k = int((t * whole) // 100)
        while k > 0 and not target_met(pct(k, whole), direction, target):
            k -= 1
        return max(0, part - k)
    raise ValueError(f"unknown direction {direction!r}")


def _contributions(k: np.ndarray, n: np.ndarray, t: Fraction, whole: int, sign: int) -> np.ndarray:
    """Each organization's exact contribution ``100·(k − t/100·n)/N``, seen from one side (1)
    or the other (−1), rounded by ``round_exact``. With t = p/q it is (100·q·k − p·n) / (q·N):
    integers, computed in 64 bits while they cannot overflow."""
    p, q = t.numerator, t.denominator
    if 100 * q * int(k.max(initial=0)) + abs(p) * int(n.max(initial=0)) < 2**62:
        numerators = sign * (100 * q * k - p * n)
    else:
        numerators = np.array(
            [sign * (100 * q * a - p * b) for a, b in zip(k.tolist(), n.tolist(), strict=True)],
            dtype=object,
        )
    return round_exact_over(numerators, q * whole)


def _pairs(k: np.ndarray, n: np.ndarray) -> tuple[np.ndarray, list[tuple[int, int]]]:
    """The distinct pairs (part, whole) of the rows, and each row's place among them.

    A pair is one integer, part·base + whole with every count below ``base``: in 64 bits, or
    in Python's integers where 64 bits would not hold it (as ``_contributions`` does)."""
    base = int(max(k.max(initial=0), n.max(initial=0))) + 1
    keys = (
        k * base + n
        if base * base < 2**63
        else np.array([a * base + b for a, b in zip(k.tolist(), n.tolist(), strict=True)], object)
    )
    pair_of, distinct = pd.factorize(keys)
    return pair_of, [(key // base, key % base) for key in distinct.tolist()]


@dataclass(frozen=True)
class GapSummary:
    """A target in one year: the actual share, the gap and what would close it."""

    year: int
    subject: str
    measure: str
    direction: str
    target: float
    part: int
    whole: int
    actual: float | None
    gap: float | None
    met: bool | None
    units_needed: int
    # the organizations with a unit counted (each has a part in the gap: the whole ranking),
    # and how many of them pull as hard as the first, when it pulls away from the target
    ranked: int = 0
    hardest_pulling: int = 0


def gap_contributions(
    results: pd.DataFrame,
    year: int,
    subject: str,
    measure: str,
    direction: str,
    target: float,
    limit: int | None = None,
) -> tuple[GapSummary, pd.DataFrame]:
    """The target's gap in a year, and each base organization's part in it.

    Rows are ranked by ``pull_pp``: the contribution seen from the target's side (negative = it
    pulls the total away from the target), the organization pulling hardest first; equal pulls
    by name, kind, sector and code (the order of the lists, results_by_org_year's). With
    ``limit``, the first ``limit`` rows of that ranking (a national year ranks 128.441
    organizations; a page shows the first); the summary is the whole year's either way.
    """
    # the year's rows, as positions: a national year's 256.308 rows are not copied to be read
    counts = unit_counts(results, subject, measure)
    of_year = results["year"].to_numpy() == year
    k_all = counts["part"].to_numpy(dtype=np.int64)
    n_all = counts["whole"].to_numpy(dtype=np.int64)
    part, whole = int(k_all[of_year].sum()), int(n_all[of_year].sum())
    actual = pct(part, whole)
    summary = GapSummary(
        year=year,
        subject=subject,
        measure=measure,
        direction=direction,
        target=target,
        part=part,
        whole=whole,
        actual=actual,
        gap=None if actual is None else round2(actual - target),
        met=target_met(actual, direction, target),
        units_needed=what_it_takes(part, whole, direction, target),
    )
    columns = [
        "org_code",
        "org_name",
        "sector",
        "org_type",
        "part",
        "whole",
        "share",
        "contribution_pp",
        "pull_pp",
        "units_needed",
    ]
    if whole == 0:
        return summary, pd.DataFrame(columns=columns)
    # the organizations without a unit counted have no part in the gap
    at = np.flatnonzero(of_year & (n_all > 0))
    k, n = k_all[at], n_all[at]
    t = _target(target)
    sign = 1 if direction == "at_least" else -1
    pull = _contributions(k, n, t, whole, sign)
    hardest = pull.min()
    summary = replace(
        summary,
        ranked=len(pull),
        hardest_pulling=int((pull == hardest).sum()) if hardest < 0 else 0,
    )
    # ranked by the pull and the names alone; the rest is made for the rows given
    names = ["org_name", "org_type", "sector", "org_code"]
    keys = pd.DataFrame(
        {"pull_pp": pull, **{c: results[c].iloc[at].array for c in names}}, index=None
    )
    first = sorted_rows(keys, ["pull_pp", *names], limit=limit).index.to_numpy()
    k, n, given = k[first], n[first], keys.take(first)
    # what it takes depends on the pair (part, whole) alone, and many organizations share one:
    # reckoned once a pair (a few hundred pairs among a national year's 128.441 organizations)
    pair_of, pairs = _pairs(k, n)
    takes = np.array([what_it_takes(a, b, direction, target) for a, b in pairs], dtype=np.int64)
    out = pd.DataFrame(
        {
            "org_code": given["org_code"].array,
            "org_name": given["org_name"].array,
            "sector": given["sector"].array,
            "org_type": given["org_type"].array,
            "part": k,
            "whole": n,
            "share": pct_series(pd.Series(k), pd.Series(n)),
            "contribution_pp": _contributions(k, n, t, whole, 1),
            "pull_pp": given["pull_pp"].to_numpy(),
            "units_needed": takes[pair_of],
        }
    )
    return summary, out[columns]


# --- exemptions ------------------------------------------------------------------------------


def load_unit_counts(db: Database, year: int, filters: Filters) -> pd.DataFrame:
    """What ``gap_contributions`` reads of the year: unit_counts_by_org_year (the columns of
    results_by_org_year that a share is taken of, in no order)."""
    return db.query("unit_counts_by_org_year", from_year=year, to_year=year, **filters.params())


def load_exemptions(db: Database, from_year: int, to_year: int, filters: Filters) -> pd.DataFrame:
    """``exemptions_by_org`` of the years, read from member_statuses_by_org_year (the columns
    it needs of results_by_org_year, in the order of the codes)."""
    rows = db.query(
        "member_statuses_by_org_year", from_year=from_year, to_year=to_year, **filters.params()
    )
    return exemptions_by_org(rows)


def load_exempt_top(
    db: Database, year: int, filters: Filters, limit: int
) -> tuple[pd.DataFrame, int]:
    """The year's organizations with the most exempted members, as ``exemptions_by_org`` gives
    them: every one with at least the ``limit``-th most, ties kept (exempt_top_by_org), so that
    the first ``limit`` by any order that puts the most first are among them; and how many
    organizations the year holds."""
    rows = db.query("exempt_top_by_org", year=year, limit=limit, **filters.params())
    return exemptions_by_org(rows), int(rows["orgs"].iloc[0]) if len(rows) else 0


def load_exempt_ranked(
    db: Database, from_year: int, to_year: int, filters: Filters, limit: int
) -> pd.DataFrame:
    """exempt_ranked_by_org: the first ``limit`` organizations by their exempted members summed
    over the years (org_code, org_name in its last year, exempt), and how many there are
    (``orgs``, on every row)."""
    return db.query(
        "exempt_ranked_by_org",
        from_year=from_year,
        to_year=to_year,
        limit=limit,
        **filters.params(),
    )


def exemptions_by_org(results: pd.DataFrame) -> pd.DataFrame:
    """Exempted members per base organization and year, as a count and a share of membership
    (``results``: results_by_org_year's rows, or member_statuses_by_org_year's)."""
    r = results
    out = pd.DataFrame(
        {
            "year": r["year"],
            "org_code": r["org_code"],
            "org_name": r["org_name"],
            "sector": r["sector"],
            "members_total": r["members_total"],
            "exempt": r["members_exempt"],
            "exempt_pct": pct_series(r["members_exempt"], r["members_total"]),
            "suspended": r["members_suspended"],
            "new": r["members_new"],
            "pending": r["members_pending"],
            "evaluated": r["members_evaluated"],
        }
    )
    return out.reset_index(drop=True)


# How many of the most exempted the exemptions page charts.
MOST_EXEMPT = 10


def most_exempt(by_org: pd.DataFrame, year: int, n: int = MOST_EXEMPT) -> pd.DataFrame:
    """The organizations with most exempted members in the year (count, then share)."""
    part = by_org[(by_org["year"] == year) & (by_org["exempt"] > 0)]
    # the rows of the n largest counts (ties kept) sorted, not a national year's 256.308
    return (
        part.nlargest(n, "exempt", keep="all")
        .sort_values(["exempt", "exempt_pct", "org_name"], ascending=[False, False, True])
        .head(n)
        .reset_index(drop=True)
    )


def exemption_trend(members: pd.DataFrame) -> pd.DataFrame:
    """The members of each year (``Yearly.members``) with the exempted and the evaluated as
    shares of all members."""
    out = members.copy()
    out["exempt_pct"] = pct_series(out["exempt"], out["total"])
    out["not_evaluated"] = out["total"] - out["evaluated"]
    out["evaluated_pct"] = pct_series(out["evaluated"], out["total"])
    return out


def denominator_effect(figs: Yearly) -> pd.DataFrame:
    """How exemptions move the headline share: good-or-better over those evaluated (the rule)
    against the same count over those evaluated plus the exempted (as some reports mix them)."""
    good = figs.measures[figs.measures["subject"] == "members"][["year", "good"]]
    m = figs.members.merge(good, on="year", how="left")
    m["good"] = m["good"].fillna(0).astype("int64")
    out = pd.DataFrame(
        {
            "year": m["year"],
            "evaluated": m["evaluated"],
            "exempt": m["exempt"],
            "good": m["good"],
            "good_pct": pct_series(m["good"], m["evaluated"]),
            "good_pct_with_exempt": pct_series(m["good"], m["evaluated"] + m["exempt"]),
        }
    )
    out["effect_pp"] = [
        None if pd.isna(a) or pd.isna(b) else round2(float(a) - float(b))
        for a, b in zip(out["good_pct"], out["good_pct_with_exempt"], strict=True)
    ]
    return out


# --- one organization ------------------------------------------------------------------------


def with_shares(results: pd.DataFrame) -> pd.DataFrame:
    """The per-organization frame with its members' shares (over evaluated; exempt over all)."""
    r = results.copy()
    r["members_good_pct"] = pct_series(r["members_good"], r["members_evaluated"])
    r["members_excellent_pct"] = pct_series(r["members_excellent"], r["members_evaluated"])
    r["members_not_completed_pct"] = pct_series(r["members_not_completed"], r["members_evaluated"])
    r["exempt_pct"] = pct_series(r["members_exempt"], r["members_total"])
    r["cells_good_pct"] = pct_series(r["cells_good"], r["cells_rated"])
    return r


def org_history(results: pd.DataFrame, org_code: str) -> pd.DataFrame:
    return (
        with_shares(results[results["org_code"] == org_code])
        .sort_values("year")
        .reset_index(drop=True)
    )


def org_members_by_level(history: pd.DataFrame) -> pd.DataFrame:
    """One organization's evaluated members per year and level (long), with shares: year by
    year (``history`` is by year), each year's levels best first. Made by position, not as four
    frames joined and sorted again (2,3 → 0,9 ms)."""
    n, levels = len(history), len(MEMBER_LEVELS)
    # each level's count, in the column of results_by_org_year named by its code
    counts = pd.concat(
        [history[f"members_{code.lower()}"] for code in MEMBER_LEVELS], ignore_index=True
    )
    # year i's level j stands at j * n + i of ``counts``
    at = (np.arange(levels)[None, :] * n + np.arange(n)[:, None]).ravel()
    out = pd.DataFrame(
        {
            "year": history["year"].repeat(levels).reset_index(drop=True),
            "level_code": pd.Series(list(MEMBER_LEVELS) * n),
            "n": counts.take(at).reset_index(drop=True),
            "evaluated": history["members_evaluated"].repeat(levels).reset_index(drop=True),
        }
    )
    out["share"] = pct_series(out["n"], out["evaluated"])
    return out


# Each share of the comparison: (part, whole) columns of results_by_org_year.
_SHARE_PARTS: dict[str, tuple[str, str]] = {
    "members_good_pct": ("members_good", "members_evaluated"),
    "members_excellent_pct": ("members_excellent", "members_evaluated"),
    "members_not_completed_pct": ("members_not_completed", "members_evaluated"),
    "exempt_pct": ("members_exempt", "members_total"),
}


def mean_share(parts: Sequence[int], wholes: Sequence[int]) -> float | None:
    """The average of the organizations' shares (each counts once), from the exact ratios;
    organizations with nothing to share (whole 0) are left out."""
    by_whole: dict[int, int] = {}
    counted = 0
    for part, whole in zip(parts, wholes, strict=True):
        if int(whole):
            by_whole[int(whole)] = by_whole.get(int(whole), 0) + int(part)
            counted += 1
    return mean_of_shares(by_whole, counted)


def mean_of_shares(parts_by_whole: Mapping[int, int], counted: int) -> float | None:
    """The average share of ``counted`` organizations, from the sum of their parts for each
    whole they have (``{whole: parts}``, wholes above 0), exactly; None when none is
    counted."""
    if not counted:
        return None
    return round_exact(_exact_mean(parts_by_whole, counted))


def _exact_mean(parts_by_whole: Mapping[int, int], counted: int) -> Fraction:
    """``mean_of_shares`` in points of %, unrounded: the parts over the wholes' least common
    multiple, one fraction made (a fraction added per whole took 3 times as long for a
    national year's ~500 wholes)."""
    common = math.lcm(*parts_by_whole)
    total = Fraction(
        sum(part * (common // whole) for whole, part in parts_by_whole.items()), common
    )
    return 100 * total / counted


def _mean_of_shares_over(parts: np.ndarray, wholes: np.ndarray, counted: int) -> float | None:
    """``mean_of_shares`` of ``counted`` organizations from the sums of their parts, one per
    whole (``wholes``, each above 0, each once), the same figure: in floating point first
    (``round_exact_near``). Each share is at most 1, so the ratios' sum is at most ``counted``,
    and each of its k ratios and additions is off by at most one part in 2**53 of it: the mean,
    in hundredths of a percent, is off by at most k × 1,2e-12 (below 1e-8 for the few thousand
    wholes of any year; ``round_exact_near`` is given 1e-6). The 96 averages of a national
    organization's twelve years took 21 ms in fractions alone, 3 ms so."""
    if not counted:
        return None
    return round_exact_near(
        float((parts / wholes).sum()) * 100 / counted,
        lambda: _exact_mean(dict(zip(wholes.tolist(), parts.tolist(), strict=True)), counted),
        1e-6,
    )


def org_peer_sums(
    db: Database, from_year: int, to_year: int, peers: Filters, sector: str
) -> pd.DataFrame:
    """share_sums_by_year_whole: what the average of ``peers`` is taken from each year, in all
    and in ``sector`` (the organization's own)."""
    return db.query(
        "share_sums_by_year_whole",
        from_year=from_year,
        to_year=to_year,
        **peers.params(),
        sector=sector,
    )


def org_comparison(history: pd.DataFrame, sums: pd.DataFrame) -> pd.DataFrame:
    """The organization's shares each year (``history``: its rows, by year) beside the
    average base organization, overall and in its sector (``sums``: ``org_peer_sums`` of its
    first year's sector). The average is the mean of the organizations' own shares: each
    organization counts once, however many members it has."""
    columns = ["year", "measure", "org", "all_avg", "sector_avg"]
    if history.empty:
        return pd.DataFrame(columns=columns)
    # each year's wholes of each kind: the positions of the rows of ``sums`` that hold them
    at = sums.groupby(["year", "whole_of"], sort=False).indices if len(sums) else {}
    nothing = np.array([], dtype=np.intp)
    wholes, orgs, in_sector = (sums[c].to_numpy(np.int64) for c in ("whole", "orgs", "sector_orgs"))
    summed = {c: sums[c].to_numpy(np.int64) for c in sums.columns if "members_" in c}
    mine = {c: history[c].tolist() for pair in _SHARE_PARTS.values() for c in pair}
    rows = []
    for i, year in enumerate(int(y) for y in history["year"].tolist()):
        for m, (p, w) in _SHARE_PARTS.items():
            # (a whole none of the sector has adds nought to the sector's sums and count)
            every = at.get((year, w), nothing)
            rows.append(
                {
                    "year": year,
                    "measure": m,
                    "org": pct(int(mine[p][i]), int(mine[w][i])),
                    "all_avg": _mean_of_shares_over(
                        summed[p][every], wholes[every], int(orgs[every].sum())
                    ),
                    "sector_avg": _mean_of_shares_over(
                        summed[f"sector_{p}"][every], wholes[every], int(in_sector[every].sum())
                    ),
                }
            )
    return pd.DataFrame(rows, columns=columns)


def cell_level_table(cells: pd.DataFrame) -> pd.DataFrame:
    """cell_levels_by_org_year as one row per cell and one column per year (the level code)."""
    if cells.empty:
        return pd.DataFrame(columns=["cell_code", "cell_name"])
    # as pandas' ``pivot_table`` (first level given, by code and name; a cell, a name or a year
    # without any level left out) made from the rows in Python: the pivot took 5 ms for a
    # committee's few dozen cells
    levels: dict[tuple[str, str], dict[int, str]] = {}
    for code, name, year, level in zip(
        cells["cell_code"].tolist(),
        cells["cell_name"].tolist(),
        cells["year"].tolist(),
        cells["org_level"].tolist(),
        strict=True,
    ):
        if isinstance(code, str) and isinstance(name, str) and isinstance(level, str):
            levels.setdefault((code, name), {}).setdefault(int(year), level)
    keys = sorted(levels)
    years = sorted({year for by_year in levels.values() for year in by_year})
    columns: dict[str | int, list[str | None]] = {
        "cell_code": [code for code, _ in keys],
        "cell_name": [name for _, name in keys],
    }
    for year in years:
        columns[year] = [levels[key].get(year) for key in keys]
    return pd.DataFrame(columns).sort_values("cell_name").reset_index(drop=True)


def org_findings(
    db: Database, org_code: str, years: Sequence[int], scope: str | None = None
) -> pd.DataFrame:
    """The rule findings about one organization over the years, among the organizations of
    the committee that directed it."""
    from xeploai.metrics.rules import check_years

    if not years:
        return org_findings_frame([])
    wanted = set(years)
    return org_findings_frame(
        [
            f.as_dict()
            for f in check_years(db, min(wanted), max(wanted), scope=scope, orgs=[org_code])
            if f.year in wanted
        ]
    )


def org_findings_frame(rows: Sequence[Mapping[str, Any]]) -> pd.DataFrame:
    return pd.DataFrame(
        list(rows), columns=["rule", "year", "org_code", "message", "source", "title"]
    )


# --- explorer --------------------------------------------------------------------------------

# The explorer's threshold may compare one of these shares: an allow-list, not a column name
# from the user.
EXPLORER_COLUMNS = (
    "year",
    "org_code",
    "org_name",
    "org_type",
    "sector",
    "org_level",
    "clean_strong",
    "members_total",
    "members_exempt",
    "exempt_pct",
    "members_suspended",
    "members_new",
    "members_pending",
    "members_evaluated",
    "members_htxsnv",
    "members_httnv",
    "members_htnv",
    "members_khtnv",
    "members_good_pct",
    "members_excellent_pct",
    "members_not_completed_pct",
    "cells_rated",
    "cells_good",
    "cells_good_pct",
)
_SUMMED = (
    "members_total",
    "members_exempt",
    "members_suspended",
    "members_new",
    "members_pending",
    "members_evaluated",
    "members_htxsnv",
    "members_httnv",
    "members_htnv",
    "members_khtnv",
    "cells_rated",
    "cells_good",
)


def level_params(levels: Sequence[str] | None) -> dict[str, Any]:
    """The explorer's levels as its queries take them (the macro ``matches_levels``): the
    level codes asked (None: every row), and whether the unrated (``NOT_RATED``) are too."""
    if not levels:
        return {"levels": None, "unrated": False}
    return {"levels": [c for c in levels if c != NOT_RATED], "unrated": NOT_RATED in levels}


def explorer_rows(
    db: Database,
    from_year: int,
    to_year: int,
    filters: Filters,
    levels: Sequence[str] | None = None,
    limit: int | None = None,
) -> pd.DataFrame:
    """The explorer's rows of the years and filters at the ``levels`` (codes, ``NOT_RATED``;
    None: all), in its order, the first ``limit`` (None: all)."""
    return db.query(
        "explorer_rows_by_org_year",
        from_year=from_year,
        to_year=to_year,
        limit=limit,
        **level_params(levels),
        **filters.params(),
    )


def explore(results: pd.DataFrame, *, threshold: Threshold | None = None) -> pd.DataFrame:
    """The rows of the explorer (``explorer_rows``, at the levels asked) past the threshold,
    with their shares. A row whose share is undefined (nobody evaluated) never passes a
    threshold."""
    rows = with_shares(results)
    if threshold is not None:
        values = rows[threshold.measure].astype("Float64")
        keep = values < threshold.value if threshold.op == "below" else values >= threshold.value
        rows = rows[keep.fillna(False).astype(bool)]
    return rows[list(EXPLORER_COLUMNS)].reset_index(drop=True)


def explorer_totals(rows: pd.DataFrame) -> dict[str, Any]:
    """Counts summed and shares recomputed from the sums (never an average of shares)."""
    sums = {c: int(rows[c].sum()) for c in _SUMMED}
    return totals_from_sums(
        len(rows), int(rows["org_code"].nunique()), int(rows["year"].nunique()), sums
    )


def totals_from_sums(rows: int, orgs: int, years: int, sums: Mapping[str, int]) -> dict[str, Any]:
    """The explorer's totals from how many rows, organizations and years, and the sums of
    ``_SUMMED`` (counted in Python, or by explorer_totals_by_view)."""
    summed = {c: int(sums[c]) for c in _SUMMED}
    return {
        "rows": rows,
        "orgs": orgs,
        "years": years,
        **summed,
        "exempt_pct": pct(summed["members_exempt"], summed["members_total"]),
        "members_good_pct": pct(
            summed["members_htxsnv"] + summed["members_httnv"], summed["members_evaluated"]
        ),
        "members_excellent_pct": pct(summed["members_htxsnv"], summed["members_evaluated"]),
        "members_not_completed_pct": pct(summed["members_khtnv"], summed["members_evaluated"]),
        "cells_good_pct": pct(summed["cells_good"], summed["cells_rated"]),
    }
