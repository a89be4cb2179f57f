"""Making the drawn history respect the rules, without changing any year's totals.

The generator draws levels by quotas over the whole district: the year's counts by level
(organizations, subordinate cells, members) are right, but nothing keeps one committee from
rating a third of its cells excellent while another rates none. The rules of 21-HD/BTCTW and
QĐ 124 apply the 20% cap *within* each deciding unit: among the base organizations of a group
with similar roles (``domain.orgs.ROLE_GROUPS``), among each base committee's cells, among each
organization's members; and an organization rated HTXSNV needs its cells (or members) all
completed and 80% good. So, for every year from 2019 (2018: the member cap only, which the
draw already respects), the levels are exchanged between organizations, and between cells,
until each unit complies: the counts per level of the year stay what they were.

How: for each unit (a role group, a committee's cells) the number at each level is planned
(``plan``) — the weak ones first, placed where they cost no capacity (a unit of n good ones
may have ⌊n/6⌋ excellent), then the excellent ones up to each unit's capacity — and the levels
are dealt within the unit in the order of the original draw (best first). Members of an
excellent base cell that did not complete are exchanged with members of another organization
at the same member level (its KHTNV for their HTNV); the commendation "trong sạch, vững mạnh"
moves with the excellent level.

When the year's totals themselves exceed what the caps allow, the excellent ones that do not
fit are rated good instead. That is the case of the cells from 2020: even with every cell
good, the committees' caps (⌊cells/6⌋ each) add up to 36 excellent cells at most, and the
first round drew 36 (2020, where the planted case keeps a cell of an 18-cell committee not
completed: 35 at most), 39 (2021–2023) and 42 (2024). The demo respects the caps (issue
"Time"), so those years' excellent cells drop to what the caps allow and as many more cells
are good: "good or better" of the cells is unchanged; only 2019 is a contract to the letter.
The planted cases of ``history.plant_violations`` are left as they are, and two more are
planted here (2021: a committee's cells; 2023: a group of organizations), so that every rule
has a case.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from xeploai.demo.history import History
from xeploai.domain.orgs import ROLE_GROUPS

FIRST_CAPPED_YEAR = 2019  # the caps and the prerequisite (21-HD/BTCTW)
LAST_CAPPED_YEAR = 2024  # the history; later years are drawn compliant
PLANT_CELL_CAP = 2021
PLANT_ORG_CAP = 2023
GROUPS = tuple(dict.fromkeys(ROLE_GROUPS.values()))
PLANT_GROUP = "localities"
MEMBER_LEVELS = ["members_htxsnv", "members_httnv", "members_htnv", "members_khtnv"]


@dataclass(slots=True)
class Unit:
    """One unit that applies the cap: its rated count, the counts drawn (e, h, w3, w4), and
    the bounds its own level sets (an excellent committee: few weak cells, none KHTNV)."""

    size: int
    drawn: tuple[int, int, int, int]
    max_weak: int
    max_w4: int
    min_w4: int = 0  # planted KHTNV cells kept
    min_e: int = 0  # organizations planted HTXSNV kept
    excellent: bool = False


def plan(
    units: Sequence[Unit], violator: int | None, plant: int | None = None
) -> list[tuple[int, int, int, int]]:
    """The counts (e, h, w3, w4) per unit: the totals drawn, each unit within its cap
    (e ≤ ⌊h/5⌋ ⇔ e ≤ ⌊(e + h)/6⌋) where the totals allow it. What they do not allow goes to
    ``violator`` or, without one, is rated good instead (the year's excellent total drops);
    ``plant``: a unit made to break the cap even when they do."""
    n = len(units)
    size = [u.size for u in units]
    max_weak = [u.max_weak for u in units]
    min_w4 = [u.min_w4 for u in units]
    w4_bound = [max(u.max_w4, u.min_w4) for u in units]
    total_e = sum(u.drawn[0] for u in units)
    total_w4 = sum(u.drawn[3] for u in units)
    total_weak = sum(u.drawn[2] + u.drawn[3] for u in units)
    weak = [min(max(u.drawn[2] + u.drawn[3], u.min_w4), u.max_weak) for u in units]

    def free(b: int) -> int:
        """Weak ones unit b may take without losing capacity."""
        return min((size[b] - weak[b]) % 6, max_weak[b] - weak[b])

    # the weak ones the bounds pushed out: where they cost no capacity, else the largest unit
    while sum(weak) < total_weak:
        room = [b for b in range(n) if weak[b] < max_weak[b]]
        if not room:
            raise ValueError("the year's weak units do not fit")
        b = min(room, key=lambda b: (free(b) == 0, w4_bound[b] == 0, weak[b] / size[b], b))
        weak[b] += 1
    while sum(weak) > total_weak:
        b = max(
            (b for b in range(n) if weak[b] > min_w4[b]),
            key=lambda b: (weak[b] - units[b].drawn[2] - units[b].drawn[3], weak[b]),
        )
        weak[b] -= 1

    # capacity: move weak ones out of a unit just above a multiple of 6 into free slots
    tried: set[int] = set()
    while sum((size[b] - weak[b]) // 6 for b in range(n)) < total_e:
        frees = [free(b) for b in range(n)]
        all_free = sum(frees)
        best: tuple[int, int] | None = None
        for a in range(n):
            d = 6 - (size[a] - weak[a]) % 6
            if (
                a not in tried
                and weak[a] - d >= min_w4[a]
                and all_free - frees[a] >= d
                and (best is None or d < best[0])
            ):
                best = (d, a)
        if best is None:
            break
        d, a = best
        saved = list(weak)
        weak[a] -= d
        # one at a time, to the unit with the smallest share of weak ones that has room
        while d > 0:
            b = min(
                (b for b in range(n) if b != a and frees[b] > 0),
                key=lambda b: (w4_bound[b] == 0, (weak[b] + 1) / size[b], b),
            )
            weak[b] += 1
            frees[b] -= 1
            d -= 1
        if sum(min(weak[b], w4_bound[b]) for b in range(n)) < total_w4:
            weak = saved
            tried.add(a)

    # KHTNV among the weak: where drawn, never in an excellent committee unless planted
    w4 = [min(max(u.drawn[3], u.min_w4), weak[b], w4_bound[b]) for b, u in enumerate(units)]
    while sum(w4) < total_w4:
        room = [b for b in range(n) if w4[b] < min(weak[b], w4_bound[b])]
        if not room:  # nowhere allowed: the least harm, the unit with most weak ones
            room = [b for b in range(n) if w4[b] < weak[b]]
        b = max(room, key=lambda b: (weak[b] - w4[b], -b))
        w4[b] += 1
    while sum(w4) > total_w4:
        b = max(
            (b for b in range(n) if w4[b] > min_w4[b]),
            key=lambda b: (w4[b] - units[b].drawn[3], w4[b], -b),
        )
        w4[b] -= 1

    # the excellent ones: where drawn, within capacity; then where there is room
    cap = [(size[b] - weak[b]) // 6 for b in range(n)]
    e = [max(units[b].min_e, min(units[b].drawn[0], cap[b])) for b in range(n)]
    while sum(e) > total_e:
        b = max(
            (b for b in range(n) if e[b] > units[b].min_e),
            key=lambda b: (e[b] - cap[b], e[b] - units[b].drawn[0], -b),
        )
        e[b] -= 1
    while sum(e) < total_e:
        room = [b for b in range(n) if e[b] < cap[b]]
        if not room:
            break
        b = max(room, key=lambda b: (units[b].excellent, cap[b] - e[b], -b))
        e[b] += 1
    if sum(e) < total_e and violator is not None:
        e[violator] += total_e - sum(e)

    def within(b: int) -> bool:
        return e[b] <= (size[b] - weak[b] - e[b]) // 5

    if plant is not None and within(plant):
        # excellent ones from the other units until the planted unit breaks its cap
        for b in sorted(
            (b for b in range(n) if b != plant), key=lambda b: (units[b].excellent, -e[b], b)
        ):
            while e[b] > units[b].min_e and within(plant):
                e[b] -= 1
                e[plant] += 1
    out = []
    for b in range(n):
        h = size[b] - weak[b] - e[b]
        if h < 0:
            raise ValueError("a unit has more excellent ones than members")
        out.append((e[b], h, weak[b] - w4[b], w4[b]))
    return out


def deal(unit: np.ndarray, order_keys: tuple[np.ndarray, ...], quotas: np.ndarray) -> np.ndarray:
    """Ranks 1–4 for rows grouped in ``unit`` (0…U−1): within a unit, in the order of
    ``order_keys`` (np.lexsort: the last key first), the first e rows rank 1, the next h rank
    2, and so on, as ``quotas[unit]`` = (e, h, w3, w4) says."""
    order = np.lexsort((*order_keys, unit))
    sorted_unit = unit[order]
    starts = np.searchsorted(sorted_unit, sorted_unit, side="left")
    position = np.arange(len(order)) - starts
    bounds = np.cumsum(quotas, axis=1)[sorted_unit]
    rank = 1 + (position[:, None] >= bounds[:, :3]).sum(axis=1)
    out = np.empty(len(order), dtype=np.int64)
    out[order] = rank
    return out


def _by_replica(replica: np.ndarray) -> list[np.ndarray]:
    """Positions of the rows of each replica (rows in replica order)."""
    cuts = np.flatnonzero(np.diff(replica)) + 1
    return np.split(np.arange(len(replica)), cuts)


def comply(h: History) -> None:
    """Exchange levels (in place) so that every year 2019–2024 respects the caps and the
    prerequisites except the planted cases; every year's counts by level stay the same."""
    group = pd.Categorical(h.base["sector"].map(ROLE_GROUPS), categories=GROUPS).codes
    base_cell = (h.base["org_type"] == "base_cell").to_numpy()
    for year in range(FIRST_CAPPED_YEAR, LAST_CAPPED_YEAR + 1):
        orgs = h.results.index[(h.results["year"] == year).to_numpy()]
        if len(orgs) == 0:
            continue
        _comply_orgs(h, orgs, year, group)
        cells = h.cell_results.index[(h.cell_results["year"] == year).to_numpy()]
        _comply_cells(h, orgs, cells, year)
        _members_of_excellent_cells(h, orgs, year, base_cell)
        _commendation_follows(h, orgs)


def _locked(nodes: np.ndarray, year: int, locks: frozenset[tuple[int, int]]) -> np.ndarray:
    return np.isin(nodes, [node for y, node in locks if y == year])


def _comply_orgs(h: History, rows: pd.Index, year: int, group_of: np.ndarray) -> None:
    rank = h.results.loc[rows, "rank"].to_numpy()
    rated = rank > 0
    node = h.results.loc[rows, "node"].to_numpy()[rated]
    rank = rank[rated]
    replica = h.results.loc[rows, "replica"].to_numpy()[rated]
    group = group_of[node].astype(np.int64)
    locked = _locked(node, year, h.locks.excellent_orgs)
    replicas, n_groups = int(replica.max()) + 1, len(GROUPS)
    counts = np.zeros((replicas, n_groups, 4), dtype=np.int64)
    np.add.at(counts, (replica, group, rank - 1), 1)
    locked_n = np.zeros((replicas, n_groups), dtype=np.int64)
    np.add.at(locked_n, (replica[locked], group[locked]), 1)
    quotas = np.zeros_like(counts)
    plant_group = GROUPS.index(PLANT_GROUP)
    memo: dict[tuple[object, ...], list[tuple[int, int, int, int]]] = {}
    for r in range(replicas):
        plant = plant_group if (year == PLANT_ORG_CAP and r == 0) else None
        key = (counts[r].tobytes(), locked_n[r].tobytes(), plant)
        if key not in memo:
            units = [
                Unit(
                    int(c.sum()),
                    (int(c[0]), int(c[1]), int(c[2]), int(c[3])),
                    max_weak=int(c.sum()),
                    max_w4=int(c.sum()),
                    min_e=int(locked_n[r, g]),
                )
                for g, c in enumerate(counts[r])
            ]
            memo[key] = plan(units, int(np.argmax(counts[r].sum(axis=1))), plant)
        quotas[r] = memo[key]
    new_rank = deal(
        replica * n_groups + group, (-h.quality[node], rank, ~locked), quotas.reshape(-1, 4)
    )
    out = h.results.loc[rows, "rank"].to_numpy().copy()
    out[rated] = new_rank
    h.results.loc[rows, "rank"] = out


def _comply_cells(h: History, org_rows: pd.Index, rows: pd.Index, year: int) -> None:
    rank = h.cell_results.loc[rows, "rank"].to_numpy()
    rated = rank > 0
    node = h.cell_results.loc[rows, "node"].to_numpy()[rated]
    parent = h.cell_results.loc[rows, "parent"].to_numpy()[rated]
    rank = rank[rated]
    n_base = len(h.base)
    excellent = np.zeros(n_base, dtype=bool)
    org_nodes = h.results.loc[org_rows, "node"].to_numpy()
    excellent[org_nodes] = h.results.loc[org_rows, "rank"].to_numpy() == 1
    replica_of = h.base["replica"].to_numpy()
    locked = _locked(node, year, h.locks.weak_cells)
    counts = np.zeros((n_base, 4), dtype=np.int64)
    np.add.at(counts, (parent, rank - 1), 1)
    locked_n = np.bincount(parent[locked], minlength=n_base)
    quotas = np.zeros_like(counts)
    committees = np.flatnonzero(counts.sum(axis=1) > 0)
    for i, positions in enumerate(_by_replica(replica_of[committees])):
        members = committees[positions]
        units = []
        for k in members:
            c = counts[k]
            size = int(c.sum())
            good_needed = (4 * size + 4) // 5  # ⌈0.8 × size⌉ in integers
            units.append(
                Unit(
                    size,
                    (int(c[0]), int(c[1]), int(c[2]), int(c[3])),
                    max_weak=size - good_needed if excellent[k] else size,
                    max_w4=0 if excellent[k] else size,
                    min_w4=int(locked_n[k]),
                    excellent=bool(excellent[k]),
                )
            )
        largest = int(np.argmax([u.size for u in units]))
        plant = largest if (year == PLANT_CELL_CAP and i == 0) else None
        # no violator: the excellent cells the caps cannot hold are rated good instead
        quotas[members] = plan(units, None, plant)
    new_rank = deal(parent, (-h.cell_quality[node], rank, locked), quotas)
    out = h.cell_results.loc[rows, "rank"].to_numpy().copy()
    out[rated] = new_rank
    h.cell_results.loc[rows, "rank"] = out


def _members_of_excellent_cells(
    h: History, rows: pd.Index, year: int, base_cell: np.ndarray
) -> None:
    """An excellent base cell's members all completed, 80% good: exchange its KHTNV members
    with HTNV members of another organization of the replica (and HTNV with HTTNV when short
    of 80%), so the year's member counts by level stay the same."""
    node = h.results.loc[rows, "node"].to_numpy()
    rank = h.results.loc[rows, "rank"].to_numpy()
    m = h.results.loc[rows, MEMBER_LEVELS].to_numpy().copy()  # htxsnv, httnv, htnv, khtnv
    evaluated = m.sum(axis=1)
    excellent_cell = (rank == 1) & base_cell[node]
    unlocked = ~_locked(node, year, h.locks.members)
    short = excellent_cell & unlocked & ((m[:, 3] > 0) | (5 * (m[:, 0] + m[:, 1]) < 4 * evaluated))
    if not short.any():
        return
    replica = h.results.loc[rows, "replica"].to_numpy()
    groups = _by_replica(replica)
    group_of = np.repeat(np.arange(len(groups)), [len(g) for g in groups])
    partner = ~excellent_cell & unlocked
    for i in np.flatnonzero(short):
        mine = groups[group_of[i]]
        mine = mine[partner[mine]]
        # the weakest organizations first, then those with most HTNV members
        order = mine[np.lexsort((-m[mine, 2], -np.where(rank[mine] > 0, rank[mine], 2)))]
        for j in order:
            t = min(int(m[i, 3]), int(m[j, 2]))
            m[j, 2] -= t
            m[j, 3] += t
            m[i, 3] -= t
            m[i, 2] += t
        need = (4 * int(m[i].sum()) + 4) // 5 - int(m[i, 0] + m[i, 1])
        for j in order:
            if need <= 0:
                break
            t = min(need, int(m[j, 1] - 5 * m[j, 0]), int(m[i, 2]))  # the partner keeps its cap
            if t <= 0:
                continue
            m[j, 1] -= t
            m[j, 2] += t
            m[i, 2] -= t
            m[i, 1] += t
            need -= t
    h.results.loc[rows, MEMBER_LEVELS] = m


def _commendation_follows(h: History, rows: pd.Index) -> None:
    """ "Trong sạch, vững mạnh" is chosen among the excellent: a commendation left on an
    organization no longer excellent moves to an excellent one of the same replica."""
    excellent = h.results.loc[rows, "rank"].to_numpy() == 1
    flag = h.results.loc[rows, "clean_strong"].to_numpy().copy()
    if not (flag & ~excellent).any():
        return
    for positions in _by_replica(h.results.loc[rows, "replica"].to_numpy()):
        stray = positions[flag[positions] & ~excellent[positions]]
        free = positions[~flag[positions] & excellent[positions]]
        if len(stray) > len(free):
            raise ValueError("more commendations than excellent organizations")
        flag[stray] = False
        flag[free[: len(stray)]] = True
    h.results.loc[rows, "clean_strong"] = flag
