"""A deterministic, illustrative history 2015–2026 of a district modelled on Hóc Môn.

- 2015–2024 (``history``): the district directs its base organizations; in 2019 it reproduces
  the reference article exactly (43 base organizations, 257 subordinate cells, 6,659 members,
  580 exempt). The levels respect the caps and prerequisites of their years (``caps``) except
  a few planted violations, one per rule.
- 1 July 2025 (``catalogue.reorganize``): the district level is abolished; its area becomes
  four communes under the city, whose hamlet and school cells become base organizations.
- 2025–2026 (``reorganized``): the communes under Quy định 366-QĐ/TW, with scores; 2026 is
  partly rated, as at the end of November.

The database's own superior stays the district (``HHM``), whose figures 2015–2024 are a
contract; 2025–2026 are counted by commune (``--scope XA_BADIEM``) or for the city.

Larger scales replicate the district's shape (``city``: a city of 23 such districts, ≈ 1,000
base organizations and 300,000 members in 2019; ``national``: 1,209 districts in 53 cities
under one national node, ≈ 52,000 and 5.5 million) with vectorized numpy.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from xeploai.demo import caps, history, reorganized, workflow
from xeploai.demo import catalogue as cat
from xeploai.demo.catalogue import EVENT_COLUMNS, NODE_COLUMNS, ORG_COLUMNS
from xeploai.demo.history import ANCHOR_EXEMPT, ANCHOR_MEMBERS, ANCHOR_YEAR
from xeploai.metrics.rules import keep_findings
from xeploai.store import tree
from xeploai.store.database import Database

__all__ = [
    "ANCHOR_EXEMPT",
    "ANCHOR_MEMBERS",
    "ANCHOR_YEAR",
    "DEFAULT_SEED",
    "ORG_COLUMNS",
    "SCALES",
    "SUPERIOR_CODE",
    "YEARS",
    "Scale",
    "build",
    "generate",
    "load_frames",
]

YEARS = tuple(range(2015, 2027))
DEFAULT_SEED = 2019
# The database's own superior at the district scale: the committee the pages count by default.
SUPERIOR_CODE = cat.DISTRICT


@dataclass(frozen=True)
class Scale:
    replicas: int  # districts of the reference district's shape
    member_factor: float
    superior: str  # the name of the database's own superior
    superior_code: str
    superior_kind: str
    districts_per_city: int = 0  # 0: every district under one city (the root)


SCALES: dict[str, Scale] = {
    "district": Scale(1, 1.0, cat.DISTRICT_NAME, cat.DISTRICT, "district_committee"),
    "city": Scale(23, 1.96, "Đảng bộ Thành phố (minh họa)", cat.CITY, "city_committee"),
    "national": Scale(1209, 0.683, "Toàn Đảng (minh họa)", "TW", "superior_committee", 23),
}

_OLD_TARGETS = (
    ("2015-2020", 2015, 2019, "base_orgs", "clean_strong_pct", "at_least", 75.0),
    ("2015-2020", 2015, 2019, "base_orgs", "not_completed_pct", "below", 5.0),
    ("2015-2020", 2015, 2019, "base_orgs", "good_or_better_pct", "at_least", 85.0),
    ("2015-2020", 2015, 2019, "members", "good_or_better_pct", "at_least", 90.0),
    ("2015-2020", 2015, 2019, "members", "excellent_pct", "at_least", 15.0),
    ("2015-2020", 2015, 2019, "members", "not_completed_pct", "below", 1.0),
    ("2020-2025", 2020, 2024, "base_orgs", "good_or_better_pct", "at_least", 90.0),
    ("2020-2025", 2020, 2024, "base_orgs", "excellent_of_good_pct", "at_least", 15.0),
    ("2020-2025", 2020, 2024, "subordinate_cells", "good_or_better_pct", "at_least", 85.0),
    ("2020-2025", 2020, 2024, "members", "good_or_better_pct", "at_least", 90.0),
    ("2020-2025", 2020, 2024, "members", "excellent_of_good_pct", "at_least", 15.0),
    ("2020-2025", 2020, 2024, "members", "not_completed_pct", "below", 1.0),
)
_OLD_SOURCES = {
    "2015-2020": "Nghị quyết Đại hội Đảng bộ huyện lần thứ XI (minh họa)",
    "2020-2025": "Nghị quyết Đại hội Đảng bộ huyện lần thứ XII (minh họa)",
}
# The communes' first congresses (2025–2030). Of the good organizations at most a sixth can be
# excellent under the 20% cap (e ≤ h/5), and less within small groups, so "of which 20%
# HTXSNV" (a real district's target of 2022) could never be met here: 12%.
_COMMUNE_TARGETS = (
    ("2025-2030", 2025, 2029, "base_orgs", "good_or_better_pct", "at_least", 90.0),
    ("2025-2030", 2025, 2029, "base_orgs", "excellent_of_good_pct", "at_least", 12.0),
    ("2025-2030", 2025, 2029, "members", "good_or_better_pct", "at_least", 90.0),
    ("2025-2030", 2025, 2029, "members", "excellent_of_good_pct", "at_least", 11.0),
    ("2025-2030", 2025, 2029, "members", "not_completed_pct", "below", 1.0),
)
TARGET_COLUMNS = [
    "scope_code",
    "term",
    "from_year",
    "to_year",
    "subject",
    "measure",
    "direction",
    "target",
    "source",
]


def _targets(nodes: pd.DataFrame, root: str | None) -> pd.DataFrame:
    rows = []
    districts = nodes.loc[nodes["org_type"] == "district_committee", ["org_code"]]
    for code in districts["org_code"]:
        rows += [(code, *t, _OLD_SOURCES[t[0]]) for t in _OLD_TARGETS]
    communes = nodes[nodes["org_type"] == "commune_committee"]
    for code, name in zip(communes["org_code"], communes["org_name"], strict=True):
        source = (
            f"Nghị quyết Đại hội {name.replace('Đảng ủy', 'Đảng bộ')} lần thứ I, "
            "nhiệm kỳ 2025–2030 (minh họa)"
        )
        rows += [(code, *t, source) for t in _COMMUNE_TARGETS]
    if root is not None:
        rows += [
            (root, *t, "Nghị quyết Đại hội (minh họa)") for t in (*_OLD_TARGETS, *_COMMUNE_TARGETS)
        ]
    return pd.DataFrame(rows, columns=TARGET_COLUMNS)


def _replicate(
    frame: pd.DataFrame,
    replicas: int,
    cities: np.ndarray,
    codes: tuple[str, ...],
    *,
    moved_only: tuple[str, ...] = (),
    names: bool = False,
) -> pd.DataFrame:
    """The district's rows ``replicas`` times: codes tagged by district (``K0001.``…), the
    city's code replaced by the district's city, names told apart by a cluster number. Columns
    ``moved_only`` hold codes only in the rows of 'moved' events. (Arrow compute: a national
    tree has some 400,000 nodes and 700,000 events.)"""
    n = len(frame)
    if replicas == 1:
        out = frame.reset_index(drop=True).copy()
        out["replica"] = 0
        return out
    replica = np.repeat(np.arange(replicas, dtype=np.int32), n)
    rows = pa.array(np.tile(np.arange(n), replicas))
    out = frame.iloc[np.tile(np.arange(n), replicas)].reset_index(drop=True)
    text = pa.large_string()

    def per_replica(values: list[str]) -> pa.Array:
        return pa.DictionaryArray.from_arrays(pa.array(replica), pa.array(values, type=text)).cast(
            text
        )

    def column_of(name: str) -> pa.Array:
        return pc.take(pa.Array.from_pandas(frame[name]).cast(text), rows)

    tags = per_replica([f"K{r + 1:04d}." for r in range(replicas)])
    city = per_replica([str(c) for c in cities])
    empty = pa.scalar("", text)
    suffix = per_replica([f" (cụm {r + 1})" for r in range(replicas)])
    for name in (*codes, *moved_only):
        values = column_of(name)
        tagged = pc.if_else(
            pc.equal(values, cat.CITY), city, pc.binary_join_element_wise(tags, values, empty)
        )
        if name in moved_only:
            renamed = pc.binary_join_element_wise(values, suffix, empty)
            event = pa.Array.from_pandas(out["event"]).cast(text)
            tagged = pc.if_else(
                pc.equal(event, "moved"),
                tagged,
                pc.if_else(pc.equal(event, "renamed"), renamed, values),
            )
        out[name] = tagged.to_pandas()
    if names:
        out["org_name"] = pc.binary_join_element_wise(
            column_of("org_name"), suffix, empty
        ).to_pandas()
    out["replica"] = replica.astype(np.int64)
    return out


def _tree(scale: Scale) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, str | None]:
    """(before, nodes now, events, the root's code when above the replicated districts)."""
    before = cat.district_before()
    nodes, events = cat.reorganize(before)
    if scale.replicas == 1:
        return (
            _replicate(before, 1, np.array([]), ()),
            _replicate(nodes, 1, np.array([]), ()),
            _replicate(events, 1, np.array([]), ()),
            None,
        )
    root = scale.superior_code
    upper = [{"org_code": root, "org_name": scale.superior, "org_type": scale.superior_kind}]
    if scale.districts_per_city:
        n_cities = -(-scale.replicas // scale.districts_per_city)
        city_codes = np.array([f"T{c + 1:03d}" for c in range(n_cities)], dtype=object)
        upper += [
            {
                "org_code": code,
                "org_name": f"Đảng bộ tỉnh, thành phố {i + 1} (minh họa)",
                "org_type": "city_committee",
                "parent_code": root,
            }
            for i, code in enumerate(city_codes)
        ]
        cities = city_codes[np.arange(scale.replicas) // scale.districts_per_city]
    else:
        cities = np.full(scale.replicas, root, dtype=object)
    codes = ("org_code", "parent_code", "successor_code")
    before = _replicate(before, scale.replicas, cities, codes, names=True)
    nodes = _replicate(
        nodes[nodes["org_code"] != cat.CITY], scale.replicas, cities, codes, names=True
    )
    nodes = pd.concat(
        [pd.DataFrame(upper).reindex(columns=NODE_COLUMNS).assign(replica=-1), nodes],
        ignore_index=True,
    ).astype({"active_from": "Int64", "active_to": "Int64"})
    events = _replicate(
        events,
        scale.replicas,
        cities,
        ("org_code", "related_code"),
        moved_only=("from_value", "to_value"),
    )
    return before, nodes, events, root


def generate(scale: str = "district", seed: int = DEFAULT_SEED) -> dict[str, pd.DataFrame]:
    """The demo data as frames in the database's shape: ``organizations`` (every node as it
    is now), ``events`` (lineage), ``results``, ``cell_results``, ``scores``, ``targets``, and
    the evaluation as it was worked: ``steps``, ``statuses``, ``remediation``, ``reports``."""
    spec = SCALES[scale]
    before, nodes, events, root = _tree(spec)
    drawn = history.draw(before, spec.replicas, spec.member_factor, np.random.default_rng(seed))
    caps.comply(drawn)
    after = reorganized.draw(nodes, drawn, np.random.default_rng([seed, 2025]))
    history.finish(drawn.results, drawn.cell_results)
    history.finish(after["results"], after["cell_results"])
    results = pd.concat([drawn.results, after["results"]], ignore_index=True)
    # the evaluation as it was worked, from a generator of its own: the results stay as drawn
    worked = workflow.draw(
        results, nodes, events, after["scores"], np.random.default_rng([seed, 12])
    )
    return {
        "organizations": nodes,
        "events": events,
        "results": results,
        "cell_results": pd.concat([drawn.cell_results, after["cell_results"]], ignore_index=True),
        "scores": after["scores"],
        "targets": _targets(nodes, root),
        **worked,
    }


def build(
    path: str | os.PathLike[str],
    scale: str = "district",
    seed: int = DEFAULT_SEED,
    *,
    force: bool = False,
    until: int | None = None,
) -> Path:
    """Write the demo database to ``path`` (atomically: a half-built file never appears);
    ``until``: the history only through that year, the tree as it stood at its end (the
    district before the reorganization of July 2025, to rehearse importing it)."""
    target = Path(path)
    if target.exists() and not force:
        raise FileExistsError(str(target))
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".building")
    partial.unlink(missing_ok=True)
    spec = SCALES[scale]
    frames = generate(scale, seed)
    with Database(partial, read_only=False) as db:
        with db.transaction() as conn:
            tree.set_superior(conn, spec.superior_code, spec.superior, spec.superior_kind)
            load_frames(conn, frames)
            if until is not None:
                cut_after(conn, until)
            db.set_meta("is_demo", "1")
            db.set_meta("demo_scale", scale)
            db.set_meta("demo_seed", str(seed))
            db.set_meta("data_version", "1")
        keep_findings(db)
        db.conn.execute("checkpoint")
    os.replace(partial, target)
    return target


def cut_after(conn: duckdb.DuckDBPyConnection, year: int) -> None:
    """Forget everything after 31 December of ``year``: the results, scores and targets of
    later years, the organizations founded later, and the events after it — undone on the
    organizations' rows (the catalogue holds each as it is now: its name, parent and kind go
    back to the values before the first later event). Then derive the tree again."""
    cutoff = {"cutoff": dt.date(year, 12, 31), "year": year}
    for event, column in (
        ("renamed", "org_name"),
        ("moved", "parent_code"),
        ("changed_kind", "org_type"),
    ):
        conn.execute(
            f"""
            update organizations as o set {column} = e.before
            from (select org_code, arg_min(from_value, event_date) as before
                  from lineage_events where event = $event and event_date > $cutoff
                  group by org_code) as e
            where o.org_code = e.org_code""",
            {"event": event, "cutoff": cutoff["cutoff"]},
        )
    conn.execute(
        "delete from lineage_events where event_date > $cutoff", {"cutoff": cutoff["cutoff"]}
    )
    conn.execute("delete from organizations where founded > $cutoff or active_from > $year", cutoff)
    conn.execute(
        """
        update organizations set ended = null, active_to = null, successor_code = null
        where ended > $cutoff""",
        {"cutoff": cutoff["cutoff"]},
    )
    conn.execute("""
        update organizations set successor_code = null
        where successor_code not in (select org_code from organizations)""")
    for table in ("org_results", "cell_results", "org_scores", "org_steps", "org_statuses"):
        conn.execute(f"delete from {table} where year > $year", {"year": year})
    for table in ("remediation_items", "remediation_reports"):
        conn.execute(f"delete from {table} where plan_year > $year", {"year": year})
    conn.execute("delete from remediation_reports where report_year > $year", {"year": year})
    conn.execute(
        """
        delete from targets
        where from_year > $year or scope_code not in (select org_code from organizations)""",
        {"year": year},
    )
    tree.rebuild(conn)


def load_frames(conn: duckdb.DuckDBPyConnection, frames: dict[str, pd.DataFrame]) -> None:
    """Insert complete frames (the own superior's node replaced by the frame's; the results
    with their cells by level), then derive the tree.

    Runs in the caller's transaction (``Database.transaction()``): all of it, or nothing.
    """
    orgs = frames["organizations"][NODE_COLUMNS].copy()
    for column in ("founded", "ended"):
        orgs[column] = pd.to_datetime(orgs[column])
    conn.register("f_orgs", orgs)
    conn.execute("delete from organizations where org_code in (select org_code from f_orgs)")
    conn.execute(
        "insert into organizations (org_code, org_name, org_type, parent_code, sector,"
        " active_from, active_to, successor_code, founded, ended)"
        " select org_code, org_name, org_type, parent_code, sector, active_from, active_to,"
        " successor_code, founded::date, ended::date from f_orgs"
    )
    events = frames["events"][EVENT_COLUMNS].copy()
    events["event_date"] = pd.to_datetime(events["event_date"])
    conn.register("f_events", events)
    conn.execute(
        "insert into lineage_events select event_date::date, event, org_code, related_code,"
        " from_value, to_value, nullif(decision, '') from f_events"
    )
    conn.register("f_cells", frames["cell_results"])
    conn.execute(
        "insert into cell_results (year, org_code, scheme_code, org_level)"
        " select year, org_code, scheme_code, org_level from f_cells"
    )
    conn.register("f_results", frames["results"])
    conn.execute("""
        insert into org_results (
            year, org_code, scheme_code, org_level, clean_strong,
            members_total, members_exempt, members_suspended, members_new, members_pending,
            members_htxsnv, members_httnv, members_htnv, members_khtnv,
            cells_tsvm, cells_htxsnv, cells_httnv, cells_htnv, cells_khtnv, cells_yk)
        select year, org_code, scheme_code, org_level, clean_strong,
            members_total, members_exempt, members_suspended, members_new, members_pending,
            members_htxsnv, members_httnv, members_htnv, members_khtnv,
            cells_tsvm, cells_htxsnv, cells_httnv, cells_htnv, cells_khtnv, cells_yk
        from f_results
    """)
    conn.register("f_scores", frames["scores"])
    conn.execute(
        "insert into org_scores select year, quarter, org_code, score, tasks_completed,"
        " tasks_exceeded_pct, disciplined from f_scores"
    )
    conn.register("f_targets", frames["targets"][TARGET_COLUMNS])
    conn.execute("insert into targets select * from f_targets")
    conn.register("f_steps", frames["steps"])
    conn.execute(
        "insert into org_steps select year, org_code, self_level, self_score, appraised_level,"
        " appraised_score, decision_no, decision_date::date from f_steps"
    )
    conn.register("f_statuses", frames["statuses"])
    conn.execute(
        "insert into org_statuses select year, org_code, status, reference,"
        " status_date::date, members_paused, members_absent from f_statuses"
    )
    conn.register("f_items", frames["remediation"])
    conn.execute(
        "insert into remediation_items select plan_year, org_code, item_no, shortcoming,"
        " remedy, deadline::date from f_items"
    )
    conn.register("f_reports", frames["reports"])
    conn.execute(
        "insert into remediation_reports select plan_year, org_code, item_no, report_year,"
        " report_quarter, item_status, done_text, assessment, reported_on::date from f_reports"
    )
    for name in (
        "f_orgs",
        "f_events",
        "f_cells",
        "f_results",
        "f_scores",
        "f_targets",
        "f_steps",
        "f_statuses",
        "f_items",
        "f_reports",
    ):
        conn.unregister(name)
    tree.rebuild(conn)
