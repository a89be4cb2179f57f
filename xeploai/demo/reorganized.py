"""The years 2025 and 2026: the four communes that replaced the district, under QĐ 366.

2025 is reviewed under Quy định 366-QĐ/TW: each rated base organization has a score out of 100
(``org_scores``, quarter 0) in the band of its level (≥ 90 xuất sắc, 70–< 90 tốt, 50–< 70
hoàn thành, < 50 không hoàn thành), and the excellent ones did all their tasks, at least 30%
beyond the requirement, with nobody disciplined — except two planted cases (a level above its
score's band in xã Bà Điểm; an excellent organization short of the 30% in xã Hóc Môn).

2026 stands as at the end of November 2026: every base organization has reported its members,
about half have been rated (the others' members are counted as not yet evaluated), and the
quarters 1–3 have been scored.

Members continue the history: a hamlet or school cell that became a base organization of a new
commune takes its share of its old committee's 2024 members (the cells' own member counts were
not recorded before 2025), so a new commune's 2025 total continues the sum of the communes it
merged. The new communes' units take the members of the old communes' units they merged, and
some of the members of the dissolved district agencies and police (the rest went to the city).
Levels are drawn by quotas within each deciding unit (the commune among a group of similar
roles, a committee among its cells), so the caps hold by construction. The communes' units
formed on 1 July by merging the old communes' units are rated in 2025 as their continuation
(inferred: HD 43 is not read on this point); the service centres, founded then with no
predecessor, are not (less than 6 months).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from xeploai.demo import catalogue as cat
from xeploai.demo.caps import deal
from xeploai.demo.history import MEMBER_WEAK_SHARES, SECTOR_EXEMPT, SECTOR_GROWTH, History
from xeploai.domain.orgs import ROLE_GROUPS

YEARS_AFTER = (2025, 2026)
PARTLY_RATED_YEAR = 2026
RATED_SHARE_2026 = 0.5
# Shares of a unit's rated organizations: KHTNV, HTNV (of all), HTXSNV (of the good ones,
# within the cap of a sixth).
WEAK_SHARES = (0.012, 0.055)
EXCELLENT_SHARE = 0.17
# How a commune committee's 2024 members split among its cells (weights by kind of cell).
CELL_WEIGHTS = {
    "neighbourhood": 6.0,
    "education": 1.2,
    "CQ": 3.0,
    "DT": 1.2,
    "QS": 1.0,
    "CA": 1.8,
    "YT": 0.7,
}
# Of the dissolved district agencies' members, the share that went to the new communes
# (half to each commune's agencies cell, half to its service centre); of the police's, to the
# communes' police cells.
AGENCIES_TO_COMMUNES = 0.5
POLICE_TO_COMMUNES = 0.4
# Where the scores of each rank are drawn: inside the rank's band of QĐ 366.
SCORE_RANGES = {1: (90.0, 98.5), 2: (70.0, 89.5), 3: (50.0, 69.5), 4: (30.0, 49.5)}


def _standing(nodes: pd.DataFrame, year: int) -> np.ndarray:
    """Nodes standing on 31 December of the year."""
    end = pd.Timestamp(year, 12, 31)
    founded = pd.to_datetime(nodes["founded"])
    ended = pd.to_datetime(nodes["ended"])
    return ((founded.isna() | (founded <= end)) & (ended.isna() | (ended > end))).to_numpy()


@dataclass
class _Template:
    """Where each 2025 base organization of one district comes from, as rows of the first
    replica (every replica has the same rows in the same order): the history's base
    organizations (``base``), its subordinate cells (``cells``), the 2025 organizations."""

    n_base: int
    n_cells: int
    n_orgs: int
    # the commune cells that stood at the end of 2024: cell, its committee, the 2025
    # organization that continues it, its weight and its weight among the exempted
    cell: np.ndarray
    cell_parent: np.ndarray
    cell_target: np.ndarray
    cell_weight: np.ndarray
    cell_exempt: np.ndarray
    own_org: np.ndarray  # organizations that continue a base organization of the history …
    own_base: np.ndarray  # … which one
    transfer: list[tuple[int, int, float]]  # (base organization, 2025 organization, share)
    cell_of_org: np.ndarray  # the cell a 2025 organization was (−1: none)
    base_of_org: np.ndarray  # the base organization it was (−1: none)


def _template(now: pd.DataFrame, h: History, orgs: pd.DataFrame) -> _Template:
    first = h.base["replica"].min()
    base = h.base[h.base["replica"] == first]
    cells = h.cells[h.cells["replica"] == first]
    orgs0 = orgs[orgs["replica"] == first]
    base_pos = pd.Index(base["org_code"])
    org_pos = pd.Index(orgs0["org_code"])
    successor = now.set_index("org_code")["successor_code"]

    commune = cells["parent_code"].isin(base.loc[base["sector"] == "commune", "org_code"])
    alive = cells["active_to"].isna()
    old = cells[commune & alive]
    suffix = old["org_code"].str.split("-", n=1).str[1].str.replace(r"\d+$", "", regex=True)
    kind = np.where(old["sector"].isin(["neighbourhood", "education"]), old["sector"], suffix)
    target = old["org_code"].map(successor)
    target = target.where(target.notna(), old["org_code"])
    weight = pd.Series(kind).map(CELL_WEIGHTS).to_numpy(dtype=float)

    own = orgs0["org_code"].isin(base_pos)
    transfer: list[tuple[int, int, float]] = []
    share_of = 1.0 / len(cat.NEW_COMMUNES)
    for b, code in enumerate(base["org_code"]):
        short = str(code).rsplit(".", 1)[-1]
        if short not in cat.DISSOLVED:
            continue
        for commune_code, _, _ in cat.NEW_COMMUNES:
            prefix = str(code)[: len(str(code)) - len(short)] + commune_code
            moves: tuple[tuple[str, float], ...] = (
                (("CA", POLICE_TO_COMMUNES),)
                if short == "CAH"
                else (
                    ("CQ", AGENCIES_TO_COMMUNES / 2),
                    (cat.SERVICE_CENTRE[0], AGENCIES_TO_COMMUNES / 2),
                )
            )
            for unit, part in moves:
                transfer.append((b, int(org_pos.get_loc(f"{prefix}-{unit}")), part * share_of))
    cell_pos = pd.Index(cells["org_code"])
    return _Template(
        n_base=len(base),
        n_cells=len(cells),
        n_orgs=len(orgs0),
        cell=cell_pos.get_indexer(old["org_code"]),
        cell_parent=base_pos.get_indexer(old["parent_code"]),
        cell_target=org_pos.get_indexer(target),
        cell_weight=weight,
        cell_exempt=weight * np.where(old["sector"] == "neighbourhood", 1.0, 0.03),
        own_org=np.flatnonzero(own.to_numpy()),
        own_base=base_pos.get_indexer(orgs0.loc[own, "org_code"]),
        transfer=transfer,
        cell_of_org=cell_pos.get_indexer(orgs0["org_code"]),
        base_of_org=base_pos.get_indexer(orgs0["org_code"]),
    )


def _members_2025(
    t: _Template, h: History, replicas: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Each 2025 base organization's members before growth: (total, exempt) of 2024 that it
    continues (arrays in the order of the 2025 organizations)."""
    last = h.results[h.results["year"] == 2024]
    flat_total = np.zeros(len(h.base))
    flat_exempt = np.zeros(len(h.base))
    flat_total[last["node"].to_numpy()] = last["members_total"].to_numpy()
    flat_exempt[last["node"].to_numpy()] = last["members_exempt"].to_numpy()
    total = flat_total.reshape(replicas, t.n_base)
    exempt = flat_exempt.reshape(replicas, t.n_base)
    out_total = np.zeros((replicas, t.n_orgs))
    out_exempt = np.zeros((replicas, t.n_orgs))
    r = np.arange(replicas)[:, None]

    # a commune's members split among its cells by weight (kind of cell, drawn per cell)
    noise = rng.lognormal(0, 0.25, (replicas, len(t.cell)))
    for weight, source, out in (
        (t.cell_weight, total, out_total),
        (t.cell_exempt, exempt, out_exempt),
    ):
        w = weight * noise
        by_commune = np.zeros((replicas, t.n_base))
        np.add.at(
            by_commune, (np.broadcast_to(r, w.shape), np.broadcast_to(t.cell_parent, w.shape)), w
        )
        share = w / by_commune[:, t.cell_parent]
        np.add.at(
            out,
            (np.broadcast_to(r, w.shape), np.broadcast_to(t.cell_target, w.shape)),
            share * source[:, t.cell_parent],
        )
    # the moved organizations continue their own counts
    out_total[:, t.own_org] += total[:, t.own_base]
    out_exempt[:, t.own_org] += exempt[:, t.own_base]
    # the dissolved district units' members that went to the communes
    for base, org, part in t.transfer:
        out_total[:, org] += part * total[:, base]
    return out_total.reshape(-1), out_exempt.reshape(-1)


def _quotas(unit: np.ndarray, n_units: int, rng: np.random.Generator) -> np.ndarray:
    """(e, h, w3, w4) per unit from its rated count: the shares drawn with random rounding,
    the excellent ones within the cap (⌊good/6⌋)."""
    n = np.bincount(unit, minlength=n_units)
    w4 = np.floor(n * WEAK_SHARES[0] + rng.random(n_units)).astype(np.int64)
    w3 = np.floor(n * WEAK_SHARES[1] + rng.random(n_units)).astype(np.int64)
    w3 = np.minimum(w3, n - w4)
    good = n - w3 - w4
    e = np.minimum(
        np.floor(good * EXCELLENT_SHARE + rng.random(n_units)).astype(np.int64), good // 6
    )
    return np.stack([e, good - e, w3, w4], axis=1)


def _member_levels(
    frame: pd.DataFrame, rank: np.ndarray, rated: np.ndarray, rng: np.random.Generator
) -> None:
    """Member counts (in place): not rated yet → all not evaluated; rated → by level,
    following the organization's rank (an excellent organization's members all completed)."""
    n = len(frame)
    total = frame["members_total"].to_numpy()
    suspended = rng.binomial(total, 0.0015)
    new = rng.binomial(total, 0.012)
    pending = rng.binomial(total, 0.002)
    exempt = frame["members_exempt"].to_numpy()
    rest = np.maximum(total - exempt - suspended - new - pending, 0)
    pending = total - exempt - suspended - new - rest
    evaluated = np.where(rated, rest, 0)
    pending = np.where(rated, pending, pending + rest)
    r = np.where(rank > 0, rank, 2)
    weak = np.array([MEMBER_WEAK_SHARES[k] for k in (1, 2, 3, 4)])
    p_not, p_done = weak[r - 1].T
    khtnv = np.round(evaluated * p_not * rng.uniform(0.5, 1.5, n)).astype(np.int64)
    htnv = np.round(evaluated * p_done * rng.uniform(0.6, 1.4, n)).astype(np.int64)
    htnv = np.minimum(htnv, evaluated - khtnv)
    good = evaluated - khtnv - htnv
    # within the members' cap: at most a fifth of the HTTNV (⌊0.155 × good⌋ always is)
    htxsnv = np.floor(good * rng.uniform(0.09, 0.155, n)).astype(np.int64)
    frame["members_suspended"] = suspended
    frame["members_new"] = new
    frame["members_pending"] = pending
    frame["members_htxsnv"] = htxsnv
    frame["members_httnv"] = good - htxsnv
    frame["members_htnv"] = htnv
    frame["members_khtnv"] = khtnv


def draw(now: pd.DataFrame, h: History, rng: np.random.Generator) -> dict[str, pd.DataFrame]:
    """org_results, cell_results (ranks; ``node``: a row of the year's base organizations,
    ``parent``: the committee's) and org_scores of 2025–2026 (frames with a ``replica``)."""
    standing = _standing(now, 2025)  # nothing changes between the two years
    orgs = now[standing & now["org_type"].isin(["base_committee", "base_cell"])].reset_index(
        drop=True
    )
    cells = now[standing & (now["org_type"] == "subordinate_cell")].reset_index(drop=True)
    n = len(orgs)
    replicas = int(h.base["replica"].max()) + 1
    t = _template(now, h, orgs)
    start_total, start_exempt = _members_2025(t, h, replicas, rng)
    growth = orgs["sector"].map(SECTOR_GROWTH).to_numpy() + rng.normal(0, 0.006, n)
    exempt_floor = orgs["sector"].map(SECTOR_EXEMPT).to_numpy()

    # persistent quality: the cell's or the organization's; a new unit draws its own
    offset = np.repeat(np.arange(replicas), t.n_orgs)
    cell_of = np.tile(t.cell_of_org, replicas)
    base_of = np.tile(t.base_of_org, replicas)
    org_quality = np.where(
        cell_of >= 0,
        h.cell_quality[offset * t.n_cells + np.maximum(cell_of, 0)],
        np.where(
            base_of >= 0, h.quality[offset * t.n_base + np.maximum(base_of, 0)], rng.normal(0, 1, n)
        ),
    )
    cell_pos = pd.Index(h.cells["org_code"])
    cq = h.cell_quality[cell_pos.get_indexer(cells["org_code"])]
    group = pd.Categorical(orgs["sector"].map(ROLE_GROUPS).fillna("public_services")).codes
    unit_codes = pd.factorize(orgs["parent_code"])[0] * 8 + group
    committee = pd.Index(orgs["org_code"]).get_indexer(cells["parent_code"])
    # the units founded on 1 July with no predecessor (the service centres)
    founded_now = orgs["org_code"].str.endswith("-" + cat.SERVICE_CENTRE[0]).to_numpy()

    total = np.maximum(np.round(start_total * (1 + growth) * rng.normal(1, 0.01, n)), 3).astype(
        np.int64
    )
    exempt = np.round(np.maximum(start_exempt * 1.04, total * exempt_floor)).astype(np.int64)
    org_frames, cell_frames, score_frames = [], [], []
    for year in YEARS_AFTER:
        if year > YEARS_AFTER[0]:
            total = np.maximum(np.round(total * (1 + growth) * rng.normal(1, 0.01, n)), 3).astype(
                np.int64
            )
            exempt = np.round(exempt * rng.uniform(1.02, 1.06, n)).astype(np.int64)
        exempt = np.minimum(exempt, total // 2)
        # 2026: about half rated by the end of November; 2025: all but the units founded on
        # 1 July (less than 6 months: not rated)
        rated = rng.random(n) < RATED_SHARE_2026 if year == PARTLY_RATED_YEAR else ~founded_now
        rank = np.zeros(n, dtype=np.int64)
        idx = np.flatnonzero(rated)
        units = pd.factorize(unit_codes[idx])[0]
        score = org_quality[idx] + rng.normal(0, 0.6, len(idx))
        rank[idx] = deal(units, (-score,), _quotas(units, int(units.max()) + 1, rng))
        frame = pd.DataFrame(
            {
                "year": year,
                "org_code": orgs["org_code"],
                "node": np.arange(n),
                "rank": rank,
                "clean_strong": (rank == 1) & (rng.random(n) < 0.6),
                "members_total": total,
                "members_exempt": exempt,
                "replica": orgs["replica"],
            }
        )
        _member_levels(frame, rank, rated, rng)
        org_frames.append(frame)

        # the cells of the committees that stand (under the city), rated with their committee
        cell_rated = rated[committee]
        cell_rank = np.zeros(len(cells), dtype=np.int64)
        cidx = np.flatnonzero(cell_rated)
        if len(cidx):
            cunits = pd.factorize(committee[cidx])[0]
            quotas = _quotas(cunits, int(cunits.max()) + 1, rng)
            # an excellent committee: its cells all completed, four in five good
            excellent = rank[committee[cidx]] == 1
            first = pd.Series(excellent).groupby(cunits).first().to_numpy()
            quotas[first, 1] += quotas[first, 2] + quotas[first, 3]
            quotas[first, 2:] = 0
            cell_rank[cidx] = deal(cunits, (-(cq[cidx] + rng.normal(0, 0.7, len(cidx))),), quotas)
        cell_frames.append(
            pd.DataFrame(
                {
                    "year": year,
                    "org_code": cells["org_code"],
                    "node": np.arange(len(cells)),
                    "parent": committee,
                    "rank": cell_rank,
                    "replica": cells["replica"],
                }
            )
        )
        score_frames.append(_scores(year, orgs, rank, rng))
    results = pd.concat(org_frames, ignore_index=True)
    scores = pd.concat(score_frames, ignore_index=True)
    _plant_score_cases(results, scores, orgs)
    return {
        "results": results,
        "cell_results": pd.concat(cell_frames, ignore_index=True),
        "scores": scores,
    }


def _scores(
    year: int, orgs: pd.DataFrame, rank: np.ndarray, rng: np.random.Generator
) -> pd.DataFrame:
    """The year's score (quarter 0) of every rated organization, in its level's band; in the
    partly rated year also quarters 1–3 of every organization."""
    n = len(orgs)
    r = np.where(rank > 0, rank, 2)
    low = np.array([SCORE_RANGES[k][0] for k in (1, 2, 3, 4)])[r - 1]
    high = np.array([SCORE_RANGES[k][1] for k in (1, 2, 3, 4)])[r - 1]
    score = np.round(rng.uniform(low, high) * 2) / 2
    exceeded_low = np.array([30.0, 10.0, 0.0, 0.0])[r - 1]
    exceeded_high = np.array([60.0, 45.0, 20.0, 5.0])[r - 1]
    exceeded = np.round(rng.uniform(exceeded_low, exceeded_high), 1)
    completed = (r <= 2) | ((r == 3) & (rng.random(n) < 0.7))
    disciplined = (r > 1) & (rng.random(n) < np.array([0.0, 0.02, 0.1, 0.5])[r - 1])
    rated = rank > 0
    year_rows = pd.DataFrame(
        {
            "year": year,
            "quarter": 0,
            "org_code": orgs["org_code"],
            "score": score,
            "tasks_completed": completed,
            "tasks_exceeded_pct": exceeded,
            "disciplined": disciplined,
            "replica": orgs["replica"],
        }
    )[rated]
    if year != PARTLY_RATED_YEAR:
        return year_rows
    quarters = [
        pd.DataFrame(
            {
                "year": year,
                "quarter": q,
                "org_code": orgs["org_code"],
                "score": np.clip(
                    np.round((np.where(rated, score, 80.0) + rng.normal(0, 3, n)) * 2) / 2, 0, 100
                ),
                "tasks_completed": None,
                "tasks_exceeded_pct": None,
                "disciplined": False,
                "replica": orgs["replica"],
            }
        )
        for q in (1, 2, 3)
    ]
    return pd.concat([year_rows, *quarters], ignore_index=True)


def _plant_score_cases(results: pd.DataFrame, scores: pd.DataFrame, orgs: pd.DataFrame) -> None:
    """2025, in the first replica: in xã Bà Điểm the lowest-scored organization rated HTTNV
    scored in the band below (a level above its band); in xã Hóc Môn the best-scored
    organization rated HTXSNV did less than 30% of its tasks beyond the requirement."""
    parent = orgs.set_index("org_code")["parent_code"]
    first = orgs["replica"].min()
    year = scores[
        (scores["year"] == 2025) & (scores["quarter"] == 0) & (scores["replica"] == first)
    ]
    ranks = results[results["year"] == 2025].set_index("org_code")["rank"]
    level = year["org_code"].map(ranks)
    commune = year["org_code"].map(parent).str.rsplit(".", n=1).str[-1]
    band = year[(commune == "XA_BADIEM") & (level == 2)]
    if len(band):
        scores.at[band["score"].idxmin(), "score"] = 67.5
    excellent = year[(commune == "XA_HOCMON") & (level == 1)]
    if len(excellent):
        scores.at[excellent["score"].idxmax(), "tasks_exceeded_pct"] = 24.0
