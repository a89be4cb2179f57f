"""The years 2015–2024: the district as it stood, drawn from a seeded generator.

In 2019 the district scale reproduces the reference article exactly: 43 base organizations
(18 base committees with 257 subordinate cells, and 25 base cells), 6,659 members of whom 580
were exempted. Membership grows, exemptions rise as members age, levels follow each
organization's persistent quality, a few units are weak and a few rule violations are planted
for the checks to find (``plant_violations``); ``caps.comply`` then makes the rest respect the
rules by exchanging levels, so that every year's totals stay what this module drew.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from xeploai.domain.levels import scheme_for_year

YEARS = tuple(range(2015, 2025))
ANCHOR_YEAR = 2019
ANCHOR_MEMBERS = 6659
ANCHOR_EXEMPT = 580

SECTOR_GROWTH = {
    "commune": 0.022,
    "neighbourhood": 0.02,
    "education": 0.01,
    "health": 0.012,
    "police": 0.015,
    "military": 0.005,
    "agency": 0.008,
    "enterprise": 0.004,
    "other": 0.005,
}
# Share of members exempted in 2019: they are older members living in the communes.
SECTOR_EXEMPT = {
    "commune": 0.118,
    "neighbourhood": 0.12,
    "education": 0.004,
    "health": 0.01,
    "police": 0.0,
    "military": 0.0,
    "agency": 0.012,
    "enterprise": 0.015,
    "other": 0.02,
}

# Shares of rated organizations by rank (1 best) per year: old scheme through 2017.
ORG_RANK_SHARES = {
    2015: (0.62, 0.31, 0.05, 0.02),
    2016: (0.66, 0.28, 0.04, 0.02),
    2017: (0.70, 0.25, 0.04, 0.01),
    2018: (0.12, 0.77, 0.09, 0.02),
    2019: (0.13, 0.78, 0.07, 0.02),
    2020: (0.13, 0.79, 0.07, 0.01),
    2021: (0.14, 0.78, 0.07, 0.01),
    2022: (0.14, 0.79, 0.06, 0.01),
    2023: (0.15, 0.78, 0.06, 0.01),
    2024: (0.15, 0.79, 0.05, 0.01),
}
CELL_RANK_SHARES = {
    2015: (0.33, 0.48, 0.10, 0.09),
    2016: (0.35, 0.48, 0.09, 0.08),
    2017: (0.37, 0.48, 0.08, 0.07),
    2018: (0.13, 0.73, 0.11, 0.03),
    2019: (0.14, 0.74, 0.10, 0.02),
    2020: (0.14, 0.75, 0.09, 0.02),
    2021: (0.15, 0.75, 0.08, 0.02),
    2022: (0.15, 0.76, 0.07, 0.02),
    2023: (0.15, 0.77, 0.06, 0.02),
    2024: (0.16, 0.77, 0.06, 0.01),
}
# Members by the rank of their organization: (KHTNV share, HTNV share) of those evaluated.
MEMBER_WEAK_SHARES = {1: (0.0, 0.03), 2: (0.003, 0.06), 3: (0.015, 0.15), 4: (0.06, 0.30)}
MEMBER_COLUMNS = [
    "members_total",
    "members_exempt",
    "members_suspended",
    "members_new",
    "members_pending",
    "members_htxsnv",
    "members_httnv",
    "members_htnv",
    "members_khtnv",
]


@dataclass(frozen=True)
class Locks:
    """The planted violations, which ``caps.comply`` must leave as they are: (year, node),
    a node being a row of the catalogue's base organizations (or of its cells)."""

    excellent_orgs: frozenset[tuple[int, int]]  # rated HTXSNV against a prerequisite
    weak_cells: frozenset[tuple[int, int]]  # the cell that breaks its committee's prerequisite
    members: frozenset[tuple[int, int]]  # member counts planted: not exchanged


@dataclass
class History:
    """Ranks (1 best … 4; 0 not rated) rather than level codes, and rows of the catalogue
    (``node``, ``parent``) rather than codes, until ``finish``."""

    base: pd.DataFrame  # the base organizations of the catalogue (rows = nodes)
    cells: pd.DataFrame  # its subordinate cells
    results: pd.DataFrame  # year, org_code, node, replica, rank, clean_strong, members_…
    cell_results: pd.DataFrame  # year, org_code, node, parent, replica, rank
    quality: np.ndarray  # each base organization's persistent quality, by node
    cell_quality: np.ndarray  # each subordinate cell's, by node
    locks: Locks


def largest_remainder(weights: np.ndarray, total: int) -> np.ndarray:
    """Integers proportional to weights that add up to exactly total."""
    if weights.sum() <= 0:
        return np.zeros(len(weights), dtype=np.int64)
    exact = weights / weights.sum() * total
    floor = np.floor(exact).astype(np.int64)
    short = total - int(floor.sum())
    order = np.argsort(-(exact - floor), kind="stable")
    floor[order[:short]] += 1
    return floor


def _active(frame: pd.DataFrame, year: int) -> np.ndarray:
    start = frame["active_from"].fillna(0).to_numpy(dtype=np.int64)
    end = frame["active_to"].fillna(9999).to_numpy(dtype=np.int64)
    return (start <= year) & (year <= end)


def _founded_in(frame: pd.DataFrame, year: int) -> np.ndarray:
    """Founded during that year (after the history began): less than 6 months, not rated."""
    start = frame["active_from"].fillna(0).to_numpy(dtype=np.int64)
    return (start == year) & (year > YEARS[0])


def _quota_ranks(
    scores: np.ndarray, replica: np.ndarray, shares: tuple[float, ...], *, capped: bool = False
) -> np.ndarray:
    """Ranks 1–4 in the given shares within each replica of the district (every replica holds
    the same number of rows), the best scores taking the best ranks.

    ``capped``: rank 1 at most a fifth of rank 2, as 124-QĐ/TW Điều 12 requires.
    """
    out = np.empty(len(scores), dtype=np.int64)
    if len(scores) == 0:
        return out
    replicas = int(replica.max()) + 1
    per = len(scores) // replicas
    counts = largest_remainder(np.asarray(shares), per)
    if capped:
        excess = max(0, int(counts[0]) - int(counts[1]) // 5)
        counts[0] -= excess
        counts[1] += excess
    ranks = np.repeat(np.arange(1, 5), counts)
    order = np.lexsort((-scores, replica))
    out[order] = np.tile(ranks, replicas)
    return out


def draw(
    before: pd.DataFrame, replicas: int, member_factor: float, rng: np.random.Generator
) -> History:
    """The results of 2015–2024 for the district's shape ``replicas`` times (``before``: the
    replicated catalogue, with the columns ``weight`` and ``replica``)."""
    base = before[before["org_type"] != "subordinate_cell"].reset_index(drop=True)
    cells = before[before["org_type"] == "subordinate_cell"].reset_index(drop=True)
    n_base, n_cells = len(base), len(cells)
    base_replica = base["replica"].to_numpy()
    cell_replica = cells["replica"].to_numpy()

    # Members: the 2019 totals are fixed exactly; other years grow from them.
    weight = base["weight"].to_numpy() * rng.lognormal(0.0, 0.15, n_base)
    active_anchor = _active(base, ANCHOR_YEAR)
    anchor_total = round(ANCHOR_MEMBERS * replicas * member_factor)
    total_2019 = np.zeros(n_base, dtype=np.int64)
    total_2019[active_anchor] = largest_remainder(weight[active_anchor], anchor_total)
    per_weight = anchor_total / weight[active_anchor].sum()
    total_2019[~active_anchor] = np.round(weight[~active_anchor] * per_weight).astype(np.int64)
    growth = base["sector"].map(SECTOR_GROWTH).to_numpy() + rng.normal(0, 0.006, n_base)
    exempt_share = base["sector"].map(SECTOR_EXEMPT).to_numpy() * rng.lognormal(0, 0.2, n_base)
    anchor_exempt = round(ANCHOR_EXEMPT * replicas * member_factor)
    # Calibrate the shares on the anchor so the years around 2019 continue its level.
    exempt_share *= anchor_exempt / float((total_2019 * exempt_share * active_anchor).sum())
    exempt_2019 = largest_remainder(total_2019 * exempt_share * active_anchor, anchor_exempt)
    quality = rng.normal(0, 1, n_base)
    cell_quality = rng.normal(0, 1, n_cells)
    cell_parent_index = pd.Index(base["org_code"]).get_indexer(cells["parent_code"])

    org_frames: list[pd.DataFrame] = []
    cell_frames: list[pd.DataFrame] = []
    for year in YEARS:
        old_scheme = scheme_for_year(year).code == "HD27_2014"
        active = _active(base, year)
        rated = active & ~_founded_in(base, year)
        offset = year - ANCHOR_YEAR
        noise = np.where(year == ANCHOR_YEAR, 1.0, 1 + rng.normal(0, 0.01, n_base))
        total = np.round(total_2019 * (1 + growth) ** offset * noise).astype(np.int64)
        total = np.maximum(total, 3)
        if year == ANCHOR_YEAR:
            exempt = exempt_2019.copy()
        else:
            share = exempt_share * max(0.3, 1 + 0.05 * offset)
            exempt = np.round(total * share).astype(np.int64)
        suspended = rng.binomial(total, 0.0015)
        new = rng.binomial(total, 0.012)
        pending = rng.binomial(total, 0.002)
        evaluated = total - exempt - suspended - new - pending

        # Organization levels: quotas per type, so both kinds respect the 20% cap.
        ranks = np.zeros(n_base, dtype=np.int64)
        score = quality + rng.normal(0, 0.6, n_base)
        for org_type in ("base_committee", "base_cell"):
            chosen = rated & (base["org_type"] == org_type).to_numpy()
            ranks[chosen] = _quota_ranks(
                score[chosen], base_replica[chosen], ORG_RANK_SHARES[year], capped=not old_scheme
            )

        # Subordinate cells follow the quality of their committee.
        cell_active = _active(cells, year) & active[cell_parent_index]
        cell_rated = cell_active & ~_founded_in(cells, year)
        parent_rank = ranks[cell_parent_index]
        cell_score = (
            cell_quality
            + rng.normal(0, 0.7, n_cells)
            + np.select([parent_rank == 1, parent_rank >= 3], [1.2, -1.0], 0.0)
        )
        cell_ranks = np.zeros(n_cells, dtype=np.int64)
        cell_ranks[cell_rated] = _quota_ranks(
            cell_score[cell_rated], cell_replica[cell_rated], CELL_RANK_SHARES[year]
        )
        if not old_scheme:
            # An excellent committee needs all its cells completed and 80% good (21-HD/BTCTW).
            _lift_cells_of_excellent(cell_ranks, cell_rated, parent_rank, cell_parent_index)
        cell_frame = pd.DataFrame(
            {
                "year": year,
                "org_code": cells["org_code"],
                "node": np.arange(n_cells),
                "parent_index": cell_parent_index,
                "rank": cell_ranks,
            }
        )[cell_active]
        if old_scheme:
            # 27-HD/BTCTW: a committee with more than a third of its cells weak is weak.
            weak = cell_frame.assign(weak=cell_frame["rank"] == 4, rated=cell_frame["rank"] > 0)
            by_parent = weak.groupby("parent_index")[["weak", "rated"]].sum()
            forced = by_parent.index[by_parent["weak"] * 3 > by_parent["rated"]].to_numpy()
            ranks[forced[rated[forced]]] = 4

        # Members by level, following their organization's rank.
        rank_for_members = np.where(ranks > 0, ranks, 2)
        weak_shares = np.array([MEMBER_WEAK_SHARES[r] for r in (1, 2, 3, 4)])
        p_not, p_done = weak_shares[rank_for_members - 1].T
        khtnv = np.round(evaluated * p_not * rng.uniform(0.5, 1.5, n_base)).astype(np.int64)
        htnv = np.round(evaluated * p_done * rng.uniform(0.6, 1.4, n_base)).astype(np.int64)
        good = evaluated - khtnv - htnv
        htxsnv = np.floor(good * rng.uniform(0.09, 0.155, n_base)).astype(np.int64)
        httnv = good - htxsnv

        clean_strong = (~np.bool_(old_scheme)) & (ranks == 1) & (rng.random(n_base) < 0.6)
        org_frames.append(
            pd.DataFrame(
                {
                    "year": year,
                    "org_code": base["org_code"],
                    "node": np.arange(n_base),
                    "rank": ranks,
                    "clean_strong": clean_strong,
                    "members_total": total,
                    "members_exempt": exempt,
                    "members_suspended": suspended,
                    "members_new": new,
                    "members_pending": pending,
                    "members_htxsnv": htxsnv,
                    "members_httnv": httnv,
                    "members_htnv": htnv,
                    "members_khtnv": khtnv,
                    "replica": base_replica,
                }
            )[active]
        )
        cell_frame["replica"] = cell_replica[cell_frame.index]
        cell_frames.append(cell_frame.rename(columns={"parent_index": "parent"}))

    results = pd.concat(org_frames, ignore_index=True)
    cell_results = pd.concat(cell_frames, ignore_index=True)
    locks = plant_violations(results, cell_results, base)
    return History(base, cells, results, cell_results, quality, cell_quality, locks)


def _lift_cells_of_excellent(
    cell_ranks: np.ndarray,
    cell_rated: np.ndarray,
    parent_rank: np.ndarray,
    parent_index: np.ndarray,
) -> None:
    """Cells of an excellent committee: none below 'completed', at least 80% good or better."""
    under = cell_rated & (parent_rank == 1)
    cell_ranks[under & (cell_ranks == 4)] = 3
    idx = np.flatnonzero(under)
    if len(idx) == 0:
        return
    frame = pd.DataFrame({"i": idx, "parent": parent_index[idx], "good": cell_ranks[idx] <= 2})
    grouped = frame.groupby("parent")
    size = grouped["i"].transform("size")
    # ceil(0.8 × n) in integers, so 0.8 × 5 cannot become 4.000…1 and ask for a fifth cell.
    need = (4 * size + 4) // 5 - grouped["good"].transform("sum")
    weak = frame[~frame["good"]].copy()
    weak["k"] = weak.groupby("parent").cumcount()
    lift = weak.loc[weak["k"] < need.loc[weak.index], "i"].to_numpy()
    cell_ranks[lift] = 2


def plant_violations(
    results: pd.DataFrame, cell_results: pd.DataFrame, base: pd.DataFrame
) -> Locks:
    """A few decisions that break the rules, for the rule checks to find; returns them, so
    that making the rest comply leaves them be.

    Chosen by position, not by code, so every scale and seed carries the same four cases (at
    the default seed: 2016 Trung Chánh, 2019 Xuân Thới Sơn, 2020 Thới Tam Thôn, 2022 the
    GDNN centre). ``caps.comply`` plants the two cap cases (2021 cells, 2023 organizations).
    """
    committee = (base["org_type"] == "base_committee").to_numpy()[results["node"]]
    cell_parent = cell_results["parent"]
    excellent: set[tuple[int, int]] = set()
    weak_cells: set[tuple[int, int]] = set()
    members: set[tuple[int, int]] = set()

    # 2019: the largest organization rated 'good' has more excellent members than the cap.
    rows = results[(results["year"] == 2019) & (results["rank"] == 2)]
    if len(rows):
        i = rows["members_httnv"].idxmax()
        good = int(results.at[i, "members_htxsnv"] + results.at[i, "members_httnv"])
        results.at[i, "members_htxsnv"] = -(-good * 6 // 25)
        results.at[i, "members_httnv"] = good - results.at[i, "members_htxsnv"]
        members.add((2019, int(results.at[i, "node"])))

    # 2020: an excellent committee one of whose cells did not complete its tasks.
    rows = results[(results["year"] == 2020) & (results["rank"] == 1) & committee]
    if len(rows):
        node = int(rows["node"].iloc[0])
        cells = cell_results.index[
            (cell_results["year"] == 2020) & (cell_parent == node) & (cell_results["rank"] > 0)
        ]
        if len(cells):
            cell_results.at[cells[0], "rank"] = 4
            excellent.add((2020, node))
            weak_cells.add((2020, int(cell_results.at[cells[0], "node"])))

    # 2016 (old scheme): over a third of a committee's cells weak, the committee not weak.
    rows = results[(results["year"] == 2016) & (results["rank"] == 2) & committee]
    counts = (
        cell_results[(cell_results["year"] == 2016) & (cell_results["rank"] > 0)]
        .groupby("parent")
        .size()
    )
    candidates = counts[counts.index.isin(rows["node"]) & (counts >= 3)]
    if len(candidates):
        node = candidates.idxmin()
        cells = cell_results.index[
            (cell_results["year"] == 2016) & (cell_parent == node) & (cell_results["rank"] > 0)
        ]
        cell_results.loc[cells[: len(cells) // 3 + 1], "rank"] = 4

    # 2022: an excellent base cell with a member who did not complete the tasks.
    rows = results[
        (results["year"] == 2022)
        & (results["rank"] == 1)
        & ~committee
        & (results["members_httnv"] > 0)
    ]
    if len(rows):
        i = rows.index[0]
        results.at[i, "members_httnv"] -= 1
        results.at[i, "members_khtnv"] += 1
        excellent.add((2022, int(results.at[i, "node"])))
        members.add((2022, int(results.at[i, "node"])))
    return Locks(frozenset(excellent), frozenset(weak_cells), frozenset(members))


# The stored columns of the cells by level, and where each (scheme, rank) counts.
CELL_COLUMNS = (
    "cells_tsvm",
    "cells_htxsnv",
    "cells_httnv",
    "cells_htnv",
    "cells_khtnv",
    "cells_yk",
)
_CELL_COLUMN = {False: (1, 2, 3, 4), True: (0, 2, 3, 5)}  # new scheme, old scheme


def finish(results: pd.DataFrame, cell_results: pd.DataFrame) -> None:
    """Level codes from the ranks (in the scheme of each year, ``scheme_code``), and each
    organization's cells by level, counted under the committee (``parent`` = its ``node``)
    the cell stood under that year; in place."""
    years = np.union1d(results["year"].unique(), cell_results["year"].unique())
    codes = np.array([(None, *scheme_for_year(int(y)).org_levels) for y in years], dtype=object)
    schemes = np.array([scheme_for_year(int(y)).code for y in years], dtype=object)
    old = {int(y): scheme_for_year(int(y)).code == "HD27_2014" for y in years}
    for frame in (results, cell_results):
        at = np.searchsorted(years, frame["year"].to_numpy())
        frame["org_level"] = codes[at, frame["rank"].to_numpy()]
        frame["scheme_code"] = schemes[at]
    rated = cell_results[cell_results["rank"] > 0]
    column = np.array([_CELL_COLUMN[old[int(y)]] for y in years])[
        np.searchsorted(years, rated["year"].to_numpy()), rated["rank"].to_numpy() - 1
    ]
    width = int(max(results["node"].max(), cell_results["parent"].max())) + 1
    key = np.searchsorted(years, rated["year"].to_numpy()) * width + rated["parent"].to_numpy()
    counts = np.zeros((len(years) * width, len(CELL_COLUMNS)), dtype=np.int64)
    np.add.at(counts, (key, column), 1)
    row_key = np.searchsorted(years, results["year"].to_numpy()) * width + results["node"]
    for j, name in enumerate(CELL_COLUMNS):
        results[name] = counts[row_key.to_numpy(), j]
