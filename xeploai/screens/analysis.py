"""What the analysis pages say: chart titles that state the finding, and tables with Vietnamese
headers and labels. Decided here, from the frames of ``xeploai.metrics.analysis``, so pages only draw.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from xeploai.domain.measures import SUBJECTS
from xeploai.domain.numbers import round2
from xeploai.metrics.analysis import EXPLORER_COLUMNS, GapSummary
from xeploai.texts import (
    ANALYSIS,
    DIRECTION_LABELS,
    LEVEL_LABELS,
    LEVEL_SHORT,
    MEASURE_LABELS,
    ORG_TYPE_LABELS,
    SECTOR_LABELS,
    SUBJECT_LABELS,
    UI,
    fmt_int,
    fmt_num,
    fmt_pct,
    fmt_pp,
)

A = ANALYSIS


def _word(change: float) -> str:
    return A["up"] if change > 0.005 else A["down"] if change < -0.005 else A["flat"]


def _num(value: Any) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def _series(measures: pd.DataFrame, subject: str, column: str) -> pd.DataFrame:
    part = measures[measures["subject"] == subject].sort_values("year")
    return part[part[column].notna()]


# --- trends ----------------------------------------------------------------------------------


def has_rated(dist: pd.DataFrame, subject: str) -> bool:
    return bool((dist[dist["subject"] == subject]["n"] > 0).any())


def distribution_title(measures: pd.DataFrame, subject: str) -> str:
    part = _series(measures, subject, "good_or_better_pct")
    name = SUBJECT_LABELS[subject]
    if part.empty:
        return name
    first, last = part.iloc[0], part.iloc[-1]
    if len(part) == 1:
        return A["dist_title_one"].format(subject=name, year=int(last["year"]),
                                          good=fmt_pct(_num(last["good_or_better_pct"])))
    change = float(last["good_or_better_pct"]) - float(first["good_or_better_pct"])
    return A["dist_title"].format(
        subject=name, word=_word(change), first=fmt_pct(float(first["good_or_better_pct"])),
        first_year=int(first["year"]), last=fmt_pct(float(last["good_or_better_pct"])),
        last_year=int(last["year"]))


def distribution_table(dist: pd.DataFrame, subject: str) -> pd.DataFrame:
    part = dist[dist["subject"] == subject]
    return pd.DataFrame({
        A["h_year"]: part["year"].astype(str),
        UI["level"]: part["level_code"].map(LEVEL_LABELS),
        UI["count"]: part["n"].astype("int64"),
        UI["share"] + " (%)": part["share"],
    }).reset_index(drop=True)


def good_title(measures: pd.DataFrame) -> str:
    members = _series(measures, "members", "good_or_better_pct")
    orgs = _series(measures, "base_orgs", "good_or_better_pct")
    if len(members) < 2 or orgs.empty:
        return A["trends_good"]
    first, last = members.iloc[0], members.iloc[-1]
    return A["good_title"].format(
        word=_word(float(last["good_or_better_pct"]) - float(first["good_or_better_pct"])),
        first=fmt_pct(float(first["good_or_better_pct"])), first_year=int(first["year"]),
        last=fmt_pct(float(last["good_or_better_pct"])), last_year=int(last["year"]),
        orgs_first=fmt_pct(float(orgs.iloc[0]["good_or_better_pct"])),
        orgs_last=fmt_pct(float(orgs.iloc[-1]["good_or_better_pct"])))


def trend_table(measures: pd.DataFrame, measure: str = "good_or_better_pct") -> pd.DataFrame:
    wide = measures.pivot(index="year", columns="subject", values=measure)
    wide = wide.reindex(columns=[s for s in SUBJECTS if s in wide.columns])
    wide.columns = [SUBJECT_LABELS[s] + " (%)" for s in wide.columns]
    out = wide.reset_index().rename(columns={"year": A["h_year"]})
    out[A["h_year"]] = out[A["h_year"]].astype(str)
    return out


def group_labels(group_by: str) -> dict[str, str]:
    return SECTOR_LABELS if group_by == "sector" else ORG_TYPE_LABELS


def group_title(groups: pd.DataFrame, group_by: str, year: int) -> str:
    part = groups[(groups["year"] == year) & groups["members_good_pct"].notna()]
    part = part.sort_values(["members_good_pct", "group"], ascending=[False, True])
    labels = group_labels(group_by)
    if part.empty:
        return A["trends_groups"]
    best, worst = part.iloc[0], part.iloc[-1]
    if len(part) == 1:
        return A["group_title_one"].format(year=year, best=labels.get(best["group"]),
                                           best_value=fmt_pct(float(best["members_good_pct"])))
    return A["group_title"].format(
        year=year, dimension=A[f"dimension_{group_by}"], best=labels.get(best["group"]),
        best_value=fmt_pct(float(best["members_good_pct"])), worst=labels.get(worst["group"]),
        worst_value=fmt_pct(float(worst["members_good_pct"])))


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
        dimension=A[f"dimension_{group_by}"], first=fmt_num(first), last=fmt_num(last),
        first_year=years[0], last_year=years[-1],
        word=A["narrower"] if last < first else A["wider"] if last > first else A["same"],
        direction=A["down_to"] if last < first else A["up_to"] if last > first
        else A["same_at"])


def group_table(groups: pd.DataFrame, group_by: str) -> pd.DataFrame:
    labels = group_labels(group_by)
    return pd.DataFrame({
        A["h_year"]: groups["year"].astype(str),
        A[f"h_{'sector' if group_by == 'sector' else 'org_type'}"]: groups["group"].map(labels),
        A["orgs"]: groups["orgs"].astype("int64"),
        A["orgs"] + " HTT trở lên (%)": groups["orgs_good_pct"],
        A["h_members_evaluated"]: groups["members_evaluated"].astype("int64"),
        "Đảng viên HTT trở lên (%)": groups["members_good_pct"],
    }).sort_values([A["h_year"]], kind="stable").reset_index(drop=True)


def change_title(yoy: pd.DataFrame) -> str:
    part = yoy[(yoy["subject"] == "members") & yoy["good_or_better_change"].notna()]
    if part.empty:
        return A["change_title_flat"]
    up = part.loc[part["good_or_better_change"].idxmax()]
    down = part.loc[part["good_or_better_change"].idxmin()]
    return A["change_title"].format(
        up_year=int(up["year"]), up=fmt_pp(float(up["good_or_better_change"])),
        down_year=int(down["year"]), down=fmt_pp(float(down["good_or_better_change"])))


def change_table(yoy: pd.DataFrame) -> pd.DataFrame:
    pp = " (" + A["pp"] + ")"
    return pd.DataFrame({
        A["h_year"]: yoy["year"].astype(str),
        UI["subject"]: yoy["subject"].map(SUBJECT_LABELS),
        MEASURE_LABELS["good_or_better_pct"] + " (%)": yoy["good_or_better_pct"],
        A["up"].capitalize() + "/" + A["down"] + pp: yoy["good_or_better_change"],
        MEASURE_LABELS["excellent_pct"] + " (%)": yoy["excellent_pct"],
        A["up"].capitalize() + "/" + A["down"] + " HTXS" + pp: yoy["excellent_change"],
        MEASURE_LABELS["not_completed_pct"] + " (%)": yoy["not_completed_pct"],
        A["up"].capitalize() + "/" + A["down"] + " KHT" + pp: yoy["not_completed_change"],
    })


# --- targets ---------------------------------------------------------------------------------


def targets_table(tva: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        A["h_year"]: tva["year"].astype(str),
        A["term"]: tva["term"],
        UI["subject"]: tva["subject"].map(SUBJECT_LABELS),
        UI["measure"]: tva["measure"].map(MEASURE_LABELS),
        A["direction"]: tva["direction"].map(DIRECTION_LABELS),
        UI["target"] + " (%)": tva["target"],
        UI["actual"] + " (%)": tva["actual"].astype("Float64"),
        UI["gap"] + " (" + A["pp"] + ")": tva["gap"].astype("Float64"),
        UI["met"]: [UI["no_data"] if m is None or pd.isna(m) else
                    UI["met_yes"] if m else UI["met_no"] for m in tva["met"]],
    }).reset_index(drop=True)


def year_count(tva: pd.DataFrame, year: int) -> str:
    part = tva[tva["year"] == year]
    return A["targets_count"].format(year=year, met=int(part["met"].eq(True).sum()),
                                     total=len(part))


def target_lines(tva: pd.DataFrame, measure: str) -> pd.DataFrame:
    """The target lines of one measure for the trend chart: one per term and subject."""
    part = tva[tva["measure"] == measure]
    if part.empty:
        return pd.DataFrame(columns=["term", "subject", "from_year", "to_year", "target"])
    return part.groupby(["term", "subject"], as_index=False).agg(
        from_year=("year", "min"), to_year=("year", "max"), target=("target", "first"))


def target_trend_title(tva: pd.DataFrame, measure: str) -> str:
    part = tva[(tva["measure"] == measure) & tva["met"].notna()]
    name = MEASURE_LABELS[measure]
    if part.empty:
        return name
    missed = part.groupby("subject")["met"].apply(lambda s: int(s.eq(False).sum()))
    total = part.groupby("subject")["met"].size()
    worst = str(missed.idxmax())
    if missed[worst] == 0:
        return A["target_trend_title_met"].format(measure=name, total=int(total.max()))
    return A["target_trend_title_missed"].format(
        measure=name, subject=SUBJECT_LABELS[worst].lower(), missed=int(missed[worst]),
        total=int(total[worst]))


def default_target(in_year: pd.DataFrame) -> int:
    """The target shown first: a missed one, members before cells before organizations (a
    member-level target splits the gap most informatively among the organizations)."""
    order = {"members": 0, "subordinate_cells": 1, "base_orgs": 2}
    missed = [(order.get(str(r.subject), 3), i) for i, r in enumerate(in_year.itertuples())
              if r.met is False]
    return min(missed)[1] if missed else 0


def target_option(row: Any) -> str:
    return A["gap_option"].format(subject=SUBJECT_LABELS[row.subject],
                                  measure=MEASURE_LABELS[row.measure].lower(),
                                  direction=DIRECTION_LABELS[row.direction],
                                  target=fmt_pct(float(row.target)))


def gap_title(summary: GapSummary, contrib: pd.DataFrame) -> str:
    what = f"{SUBJECT_LABELS[summary.subject].lower()} {A[f'level_{summary.measure}']}"
    if summary.measure == "excellent_of_good_pct":
        what += " " + A["of_good"]
    values = {"year": summary.year, "what": what, "actual": fmt_pct(summary.actual),
              "direction": DIRECTION_LABELS[summary.direction],
              "target": fmt_pct(summary.target), "gap": fmt_pp(summary.gap)}
    pulling = contrib[contrib["pull_pp"] < 0]
    if summary.met is False and not pulling.empty:
        worst = pulling.iloc[0]
        tied = int((pulling["pull_pp"] == worst["pull_pp"]).sum())
        name = worst["org_name"] if tied == 1 else A["tied_orgs"].format(n=tied)
        return A["gap_title_missed"].format(**values, worst=name,
                                            worst_pp=fmt_pp(float(worst["pull_pp"])))
    return A["gap_title_met"].format(**values)


def what_it_takes_text(summary: GapSummary) -> str:
    if summary.units_needed == 0:
        return A["takes_none"]
    key = "takes_more" if summary.direction == "at_least" else "takes_fewer"
    return A[key].format(
        n=fmt_int(summary.units_needed), unit=A[f"unit_{summary.subject}"],
        level=A[f"level_{summary.measure}"], whole=fmt_int(summary.whole),
        basis=A["basis_good" if summary.measure == "excellent_of_good_pct" else "basis_rated"])


def contribution_table(contrib: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        A["h_org_name"]: contrib["org_name"],
        A["h_sector"]: contrib["sector"].map(SECTOR_LABELS),
        A["part"]: contrib["part"].astype("int64"),
        A["whole"]: contrib["whole"].astype("int64"),
        UI["share"] + " (%)": contrib["share"],
        A["contribution"]: contrib["pull_pp"],
        A["units_needed"]: contrib["units_needed"].astype("int64"),
    }).reset_index(drop=True)


# --- exemptions ------------------------------------------------------------------------------


def exemption_title(trend: pd.DataFrame) -> str:
    if trend.empty:
        return A["exempt_count"]
    first, last = trend.iloc[0], trend.iloc[-1]
    if len(trend) == 1:
        return A["exempt_trend_title_one"].format(year=int(last["year"]),
                                                  n=fmt_int(int(last["exempt"])),
                                                  pct=fmt_pct(_num(last["exempt_pct"])))
    change = int(last["exempt"]) - int(first["exempt"])
    key = "exempt_trend_title_down" if change < 0 else "exempt_trend_title"
    return A[key].format(
        word=_word(change), first=fmt_int(int(first["exempt"])),
        first_pct=fmt_pct(_num(first["exempt_pct"])), first_year=int(first["year"]),
        last=fmt_int(int(last["exempt"])), last_pct=fmt_pct(_num(last["exempt_pct"])),
        last_year=int(last["year"]))


def exemption_table(trend: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        A["h_year"]: trend["year"].astype(str),
        A["h_members_total"]: trend["total"].astype("int64"),
        A["h_members_exempt"]: trend["exempt"].astype("int64"),
        A["exempt_pct"]: trend["exempt_pct"],
        A["h_members_suspended"]: trend["suspended"].astype("int64"),
        A["h_members_new"]: trend["new"].astype("int64"),
        A["h_members_pending"]: trend["pending"].astype("int64"),
        A["h_members_evaluated"]: trend["evaluated"].astype("int64"),
    })


def top_exempt_title(top: pd.DataFrame, year: int) -> str:
    if top.empty:
        return A["exempt_top_none"].format(year=year)
    first = top.iloc[0]
    return A["exempt_top_title"].format(year=year, org=first["org_name"],
                                        n=fmt_int(int(first["exempt"])),
                                        pct=fmt_pct(_num(first["exempt_pct"])))


def exempt_org_table(by_org: pd.DataFrame, year: int) -> pd.DataFrame:
    part = by_org[by_org["year"] == year].sort_values(["exempt", "org_name"],
                                                      ascending=[False, True])
    return pd.DataFrame({
        A["h_org_name"]: part["org_name"],
        A["h_members_total"]: part["members_total"].astype("int64"),
        A["h_members_exempt"]: part["exempt"].astype("int64"),
        A["exempt_pct"]: part["exempt_pct"],
        A["h_members_suspended"]: part["suspended"].astype("int64"),
        A["h_members_new"]: part["new"].astype("int64"),
        A["h_members_pending"]: part["pending"].astype("int64"),
        A["h_members_evaluated"]: part["evaluated"].astype("int64"),
    }).reset_index(drop=True)


# Rows of the organizations × years matrix sent to the browser: a national view has 52.000
# organizations, which no one reads in a table and which the browser should not receive.
EXEMPT_MATRIX_ROWS = 200


def exempt_matrix(by_org: pd.DataFrame, value: str = "exempt",
                  limit: int = EXEMPT_MATRIX_ROWS) -> pd.DataFrame:
    """Exempted members per organization (rows) and year (columns): the count ("exempt") or
    the share of the organization's members ("exempt_pct"); at most ``limit`` organizations,
    those with the most exempted members over the years first."""
    ranked = by_org.groupby("org_name")["exempt"].sum().sort_values(ascending=False,
                                                                     kind="stable")
    keep = ranked.index[:limit]
    wide = by_org[by_org["org_name"].isin(keep)].pivot_table(
        index="org_name", columns="year", values=value, aggfunc="first").reindex(keep)
    wide.columns = [str(c) for c in wide.columns]
    return wide.reset_index().rename(columns={"org_name": A["h_org_name"]})


def exempt_matrix_note(by_org: pd.DataFrame, limit: int = EXEMPT_MATRIX_ROWS) -> str | None:
    """Says the matrix is cut, when it is."""
    total = by_org["org_name"].nunique()
    if total <= limit:
        return None
    return A["exempt_matrix_cut"].format(shown=fmt_int(limit), total=fmt_int(total))


def effect_title(effect: pd.DataFrame, year: int) -> str:
    part = effect[effect["year"] == year]
    if part.empty:
        part = effect.tail(1)
    row = part.iloc[0]
    return A["exempt_effect_title"].format(
        year=int(row["year"]), with_exempt=fmt_pct(_num(row["good_pct_with_exempt"])),
        official=fmt_pct(_num(row["good_pct"])),
        effect=fmt_pp(None if _num(row["effect_pp"]) is None else -float(row["effect_pp"])))


def effect_table(effect: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        A["h_year"]: effect["year"].astype(str),
        A["h_members_evaluated"]: effect["evaluated"].astype("int64"),
        A["h_members_exempt"]: effect["exempt"].astype("int64"),
        "HTT trở lên": effect["good"].astype("int64"),
        A["share_official"] + " (%)": effect["good_pct"],
        A["share_with_exempt"] + " (%)": effect["good_pct_with_exempt"],
        A["effect"]: effect["effect_pp"],
    })


# --- one organization ------------------------------------------------------------------------


def year_list(history: pd.DataFrame) -> str:
    """The years an organization has results, as a reader says them: 2015–2017, 2021."""
    years = sorted(int(y) for y in history["year"])
    runs: list[list[int]] = []
    for y in years:
        if runs and y == runs[-1][-1] + 1:
            runs[-1].append(y)
        else:
            runs.append([y])
    return ", ".join(f"{r[0]}–{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)


def org_level_title(history: pd.DataFrame, name: str, year: int) -> str:
    row = history[history["year"] == year]
    if row.empty:
        row = history.tail(1)
    level = row["org_level"].iloc[0]
    shown_year = int(row["year"].iloc[0])
    if level is None or pd.isna(level):
        return A["org_level_title_unrated"].format(org=name, year=shown_year)
    rated = history[history["org_level"].notna()]
    return A["org_level_title"].format(
        org=name, latest=LEVEL_LABELS[str(level)].lower(), year=shown_year,
        excellent=int(rated["org_rank"].eq(1).sum()), rated=len(rated))


def org_history_table(history: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        A["h_year"]: history["year"].astype(str),
        A["h_org_level"]: [LEVEL_LABELS.get(str(c), UI["not_rated"]) if pd.notna(c)
                           else UI["not_rated"] for c in history["org_level"]],
        A["h_clean_strong"]: [A["yes"] if bool(v) else A["no"]
                              for v in history["clean_strong"].fillna(False)],
        A["h_members_total"]: history["members_total"].astype("int64"),
        A["h_members_evaluated"]: history["members_evaluated"].astype("int64"),
        A["h_members_htxsnv"]: history["members_htxsnv"].astype("int64"),
        A["h_members_httnv"]: history["members_httnv"].astype("int64"),
        A["h_members_htnv"]: history["members_htnv"].astype("int64"),
        A["h_members_khtnv"]: history["members_khtnv"].astype("int64"),
        A["h_members_good_pct"]: history["members_good_pct"],
    })


def org_members_title(comp: pd.DataFrame, year: int) -> str:
    row = comp[(comp["measure"] == "members_good_pct") & (comp["year"] == year)]
    if row.empty:
        row = comp[comp["measure"] == "members_good_pct"].tail(1)
    if row.empty:
        return A["trends_distribution"]
    r = row.iloc[0]
    return A["org_members_title"].format(year=int(r["year"]), good=fmt_pct(_num(r["org"])),
                                         avg=fmt_pct(_num(r["all_avg"])))


def org_compare_title(comp: pd.DataFrame, name: str, year: int, measure: str) -> str:
    row = comp[(comp["measure"] == measure) & (comp["year"] == year)]
    if row.empty:
        row = comp[comp["measure"] == measure].tail(1)
    if row.empty:
        return A["org_compare_heading"]
    r = row.iloc[0]
    own, avg = _num(r["org"]), _num(r["all_avg"])
    if measure == "exempt_pct":
        return A["org_exempt_title"].format(org=name, year=int(r["year"]), value=fmt_pct(own),
                                            all=fmt_pct(avg), sector=fmt_pct(_num(r["sector_avg"])))
    relation = A["equal"] if own is None or avg is None or round2(own - avg) == 0 else (
        A["higher"] if own > avg else A["lower"])
    return A["org_compare_title"].format(org=name, year=int(r["year"]), relation=relation,
                                         value=fmt_pct(own), all=fmt_pct(avg),
                                         sector=fmt_pct(_num(r["sector_avg"])))


def comparison_names() -> dict[str, str]:
    return {"org": A["this_org"], "all_avg": A["all_avg"], "sector_avg": A["sector_avg"]}


def comparison_table(comp: pd.DataFrame, measure: str) -> pd.DataFrame:
    part = comp[comp["measure"] == measure]
    return pd.DataFrame({
        A["h_year"]: part["year"].astype(str),
        A["this_org"] + " (%)": part["org"].astype("Float64"),
        A["all_avg"] + " (%)": part["all_avg"].astype("Float64"),
        A["sector_avg"] + " (%)": part["sector_avg"].astype("Float64"),
    }).reset_index(drop=True)


def org_exempt_table(history: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        A["h_year"]: history["year"].astype(str),
        A["h_members_total"]: history["members_total"].astype("int64"),
        A["h_members_exempt"]: history["members_exempt"].astype("int64"),
        A["exempt_pct"]: history["exempt_pct"],
        A["h_members_suspended"]: history["members_suspended"].astype("int64"),
        A["h_members_new"]: history["members_new"].astype("int64"),
        A["h_members_pending"]: history["members_pending"].astype("int64"),
    })


def cells_table(wide: pd.DataFrame) -> pd.DataFrame:
    out = wide.drop(columns=["cell_code"]).rename(columns={"cell_name": A["cell"]})
    out.columns = [str(c) for c in out.columns]
    for col in out.columns[1:]:
        out[col] = [LEVEL_SHORT.get(str(v), str(v)) if pd.notna(v) else "" for v in out[col]]
    return out


def cells_summary(history: pd.DataFrame, year: int) -> str | None:
    row = history[history["year"] == year]
    if row.empty or int(row["cells_rated"].iloc[0]) == 0:
        return None
    return A["org_cells_summary"].format(year=year, good=fmt_int(int(row["cells_good"].iloc[0])),
                                         rated=fmt_int(int(row["cells_rated"].iloc[0])))


def findings_table(findings: pd.DataFrame) -> pd.DataFrame:
    from xeploai.texts import RULE_TEXTS

    return pd.DataFrame({
        A["h_year"]: findings["year"].astype(str),
        A["rule"]: [RULE_TEXTS[r]["title"] for r in findings["rule"]],
        A["message"]: findings["message"],
    })


# --- explorer --------------------------------------------------------------------------------


def level_options() -> list[str]:
    from xeploai.domain.levels import LEVEL_CODES
    from xeploai.metrics.analysis import NOT_RATED

    return [*LEVEL_CODES, NOT_RATED]


def level_option_label(code: str) -> str:
    return LEVEL_LABELS.get(code, UI["not_rated"])


# A browser table of more rows than this is slow to send and to scroll; the download has all.
EXPLORER_SHOWN_ROWS = 20_000


def explorer_table(rows: pd.DataFrame) -> pd.DataFrame:
    out = rows[list(EXPLORER_COLUMNS)].copy()
    out["year"] = out["year"].astype(str)
    out["org_type"] = out["org_type"].map(ORG_TYPE_LABELS)
    out["sector"] = out["sector"].map(SECTOR_LABELS)
    out["org_level"] = [LEVEL_LABELS.get(str(c), UI["not_rated"]) if pd.notna(c)
                        else UI["not_rated"] for c in out["org_level"]]
    out["clean_strong"] = [A["yes"] if v is True else A["no"] for v in
                           out["clean_strong"].astype(object).fillna(False)]
    return out.rename(columns={c: A[f"h_{c}"] for c in EXPLORER_COLUMNS})


_TEXT_COLUMNS = ("year", "org_code", "org_name", "org_type", "sector", "org_level",
                 "clean_strong")


def explorer_totals_row(totals: dict[str, Any]) -> pd.DataFrame:
    """The totals as one row under the table's own headers (text columns left blank)."""
    row: dict[str, Any] = {A[f"h_{c}"]: "" if c in _TEXT_COLUMNS else None
                           for c in EXPLORER_COLUMNS}
    row[A["h_year"]] = A["total_row"]
    row[A["h_org_name"]] = A["explorer_count"].format(rows=fmt_int(totals["rows"]),
                                                      orgs=fmt_int(totals["orgs"]),
                                                      years=fmt_int(totals.get("years", 0)))
    for c in EXPLORER_COLUMNS:
        if c in totals and c not in ("year", "org_code", "org_name"):
            row[A[f"h_{c}"]] = totals[c]
    return pd.DataFrame([row])


def with_totals(table: pd.DataFrame, totals_row: pd.DataFrame) -> pd.DataFrame:
    """The download: the table and its totals as the last row."""
    return pd.concat([table, totals_row], ignore_index=True)


def threshold_label(measure: str) -> str:
    return A[f"measure_{measure}"]


def styled(table: pd.DataFrame) -> Any:
    """Vietnamese number format for display (6.659; 87,50); sorting still uses the numbers."""
    return table.style.format(thousands=".", decimal=",", precision=2, na_rep=UI["no_data"])


def status_cards(trend: pd.DataFrame, year: int) -> list[tuple[str, str, str | None]]:
    """(label, value, change from the year before) for the exempted (count and share of all
    members), the other members not evaluated, and those evaluated, in the chosen year."""
    from xeploai.texts import fmt_delta_int

    now = trend[trend["year"] == year]
    before = trend[trend["year"] == year - 1]
    cards: list[tuple[str, str, str | None]] = []
    for key in ("exempt", "exempt_pct", "suspended", "new", "pending", "evaluated"):
        value = _num(now[key].iloc[0]) if len(now) else None
        prev = _num(before[key].iloc[0]) if len(before) else None
        label = A[f"card_{key}"].format(year=year)
        if key == "exempt_pct":
            delta = None if value is None or prev is None else fmt_pp(round2(value - prev))
            cards.append((label, fmt_pct(value), delta))
        else:
            delta = None if value is None or prev is None else fmt_delta_int(int(value - prev))
            cards.append((label, fmt_int(value), delta))
    return cards


def org_caption(org: Any, type_labels: dict[str, str], sector_labels: dict[str, str]) -> str:
    """The organization's kind and sector, and its life span and successor when it has them."""
    parts = [A["org_caption"].format(org_type=type_labels.get(org["org_type"], org["org_type"]),
                                     sector=sector_labels.get(org["sector"], org["sector"]))]
    start, end = _num(org.get("active_from")), _num(org.get("active_to"))
    if start is not None and end is not None:
        parts.append(A["org_active"].format(start=int(start), end=int(end)))
    elif start is not None:
        parts.append(A["org_active_from"].format(start=int(start)))
    elif end is not None:
        parts.append(A["org_active_to"].format(end=int(end)))
    if org.get("successor_name") is not None and pd.notna(org.get("successor_name")):
        parts.append(A["org_successor"].format(name=org["successor_name"]))
    return " · ".join(parts)


def org_members_table(long: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        A["h_year"]: long["year"].astype(str),
        UI["level"]: long["level_code"].map(LEVEL_LABELS),
        UI["count"]: long["n"].astype("int64"),
        UI["share"] + " (%)": long["share"],
    })
