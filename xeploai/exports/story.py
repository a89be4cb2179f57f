"""The year told as slides: one list of slides that the deck and the presentation page share.

A slide is data, not drawing: a title that states the finding, big figures, chart data (the
series a native PowerPoint chart or a plotly figure is made from), a short table, bullets and
the speaker notes. ``pptx.py`` draws it with python-pptx, the presentation page with Streamlit
and plotly; both take the same ``Slide`` so what is said in the hall and what is handed out
cannot differ. Every percentage comes from ``figures`` (the one rounding rule).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from itertools import islice
from typing import Any, Literal

import pandas as pd

from xeploai.charts.base import LEVEL_COLORS, SUBJECT_COLORS
from xeploai.domain.levels import BELOW_GOOD_RANK, LEVEL_RANK
from xeploai.domain.numbers import pct, pct_series
from xeploai.domain.regimes import SCHEME_BREAK_YEAR, breaks_between
from xeploai.domain.selection import ALL, Filters
from xeploai.domain.workflow import today
from xeploai.metrics.analysis import level_shares, org_results
from xeploai.metrics.attention import Attention, AttentionItem, attention, attention_facts
from xeploai.metrics.frames import keyed, records, sorted_rows
from xeploai.metrics.rules import RuleSettings
from xeploai.metrics.summary import (
    TargetResult,
    YearSummary,
    load_targets,
    subject_counts,
    terms_within,
    year_findings,
    year_summary,
)
from xeploai.metrics.workflow import (
    appraisal_by_sector,
    appraisal_by_year,
    generous_sector,
    load_appraisal_counts,
)
from xeploai.metrics.yearly import Yearly, load_yearly
from xeploai.narrative.sentences import year_sentences
from xeploai.narrative.titles import levels_title, trend_title
from xeploai.narrative.workflow import (
    appraisal_finding,
    attention_detail,
    attention_footnote,
    attention_heading,
    attention_line,
    attention_title,
)
from xeploai.store.database import Database
from xeploai.texts import (
    APPRAISAL_EXPORT,
    ATTENTION,
    BREAK_TEXTS,
    DIRECTION_LABELS,
    EXPORT,
    EXPORT_DIRECTION_SIGN,
    EXPORT_MEASURE_SHORT,
    EXPORT_STATUS_LABELS,
    EXPORT_SUBJECT_SHORT,
    LEVEL_LABELS,
    LEVEL_SHORT,
    ORG_TYPE_LABELS,
    SUBJECT_LABELS,
    UI,
    fmt_delta_int,
    fmt_int,
    fmt_pct,
    fmt_pp,
    measure_words,
    sector_label,
)

ChartKind = Literal["bar_100", "line", "column", "bar", "clustered_bar"]
NumberKind = Literal["count", "pct"]

TARGET_COLOR = "#8a8f98"
ACTUAL_COLOR = "#3b78c2"
MISSED_COLOR = "#c8423b"
EXEMPT_COLOR = "#7b5ea7"
# Subjects in the order a reader scans them: the organizations first, then the members.
SUBJECT_ORDER = ("base_orgs", "subordinate_cells", "members")
MAX_ROWS_ON_SLIDE = 8
# The organizations a slide's notes name at most, in its list's order (what needs attention,
# those below "good"), the rest counted: a presenter reads a few dozen, and a national year
# lists tens of thousands (naming the 8.653 below "good" took 70 ms of every rerun of the
# presentation page). The written report lists them. A deck loads only these of what needs
# attention (``deck_attention``).
NOTED = 60


def deck_attention() -> int:
    """How many of each kind of the attention list a deck loads: what its slide and its notes
    show."""
    return max(NOTED, MAX_ROWS_ON_SLIDE)


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float | None, ...]
    color: str | None = None
    # A colour per point where it differs from the series' (a missed target in red).
    point_colors: tuple[str | None, ...] | None = None


@dataclass(frozen=True)
class Chart:
    """What a chart shows; each renderer turns it into its own kind of chart."""

    kind: ChartKind
    title: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    number: NumberKind = "count"
    # Line charts over years: each break of comparability shown, as (the index of its first
    # year among the categories, its label).
    breaks: tuple[tuple[int, str], ...] = ()


@dataclass(frozen=True)
class Kpi:
    label: str
    value: str
    note: str = ""


@dataclass(frozen=True)
class Table:
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Slide:
    key: str
    title: str
    subtitle: str = ""
    kpis: tuple[Kpi, ...] = ()
    chart: Chart | None = None
    table: Table | None = None
    bullets: tuple[str, ...] = ()
    footnote: str = ""
    notes: str = ""


@dataclass(frozen=True)
class YearData:
    """Everything the exports of one year need, loaded once."""

    year: int
    filters: Filters
    summary: YearSummary
    previous: YearSummary | None
    figs: Yearly  # from the first year with data to ``year``
    targets: pd.DataFrame  # the terms covering the same range (terms_within; the trend lines)
    # the year's organizations as the deck and the report name them (attention_facts_by_org_year,
    # with the shares of members good or better and exempted): a national year's 256.308
    # read narrow, not with every column of results_by_org_year (0,55 s)
    facts: pd.DataFrame
    # results_by_org_year of the year, with the shares computed: every column, for the
    # statistical table (xlsx, html), read when first asked
    load_orgs: Callable[[], pd.DataFrame] = field(repr=False, compare=False)
    settings: RuleSettings = field(default_factory=RuleSettings)
    # what needs attention on the day the export is made; the year's three steps, counted by
    # sector (load_appraisal_counts)
    attention: Attention | None = None
    appraisal: pd.DataFrame | None = None
    is_demo: bool = False  # the demo's figures: every slide and report says they are not real

    @cached_property
    def orgs(self) -> pd.DataFrame:
        return self.load_orgs()

    @property
    def superior(self) -> str:
        return str(self.summary["superior"] or EXPORT["superior_default"])

    @property
    def scope(self) -> str:
        """ "Toàn Đảng bộ" or the filtered scope, as the subject of a sentence."""
        return EXPORT["scope_all"] if self.filters.is_all else EXPORT["scope_filtered"]

    @property
    def year_levels(self) -> pd.DataFrame:
        return self.figs.levels[self.figs.levels["year"] == self.year]


def _member_shares(orgs: pd.DataFrame) -> pd.DataFrame:
    """The shares the deck and the report name an organization by: its members good or better
    (of those evaluated) and exempted (of all)."""
    return orgs.assign(
        members_good_pct=pct_series(orgs["members_good"], orgs["members_evaluated"]),
        members_exempt_pct=pct_series(orgs["members_exempt"], orgs["members_total"]),
    )


def _add_org_shares(orgs: pd.DataFrame, settings: RuleSettings) -> pd.DataFrame:
    out = _member_shares(orgs)
    for code in ("htxsnv", "httnv", "htnv", "khtnv"):
        out[f"members_{code}_pct"] = pct_series(out[f"members_{code}"], out["members_evaluated"])
    denominator = out["members_httnv"] + (
        out["members_htxsnv"] if settings.excellent_cap_includes_excellent else 0
    )
    out["excellent_ratio_pct"] = pct_series(out["members_htxsnv"], denominator)
    return out


def _attention(
    db: Database, year: int, filters: Filters, day: dt.date, shown: int | None
) -> tuple[pd.DataFrame, Attention]:
    """The year's organizations as the list judges them, read once, and the list made of them."""
    facts = attention_facts(db, year, filters)
    return facts, attention(db, year, filters, day, results=facts, shown=shown)


def load_year(
    db: Database,
    year: int,
    filters: Filters = ALL,
    day: dt.date | None = None,
    *,
    attention_shown: int | None = None,
) -> YearData | None:
    """The year's figures for the exports (what needs attention as on ``day``, by default
    today; with ``attention_shown``, the first that many of each kind, as a deck names them:
    ``deck_attention()``); None when the year has no data in the scope."""
    years = [int(y) for y in db.query("years_by_data")["year"] if int(y) <= year]
    first = min(years) if years else year
    settings = RuleSettings.from_db(db)
    # The parts that do not need each other, read at once (nationally the year's rule checks
    # and what needs attention each scan its 256.308 organizations): every year's figures once
    # (for the summaries of the year and the year before, and the trend lines), the rule
    # checks, what needs attention, the targets, the appraisal. The summaries wait for the
    # figures alone; the year's is made here meanwhile, and takes the findings last.
    with db.at_once() as run:
        found = run(year_findings, db, year, filters)
        figs_of = run(load_yearly, db, first, year, filters)
        attention_of = run(_attention, db, year, filters, day or today(), attention_shown)
        # every term of the scope, as the year's summary reads them (``targets_vs_actual``):
        # one read for both, those of the story's years kept below
        targets = run(load_targets, db, filters.scope) if filters.is_all else None
        appraisal = run(load_appraisal_counts, db, year, year, filters)
        figs = figs_of.result()
        previous = run(
            year_summary,
            db,
            year - 1,
            filters,
            with_findings=False,
            with_targets=False,
            figures=figs,
        )
        summary = year_summary(db, year, filters, figures=figs, found=found.result)
    if summary is None:
        return None

    def load_orgs() -> pd.DataFrame:
        return _add_org_shares(org_results(db, year, year, filters).drop(columns="year"), settings)

    return YearData(
        year=year,
        filters=filters,
        summary=summary,
        previous=previous.result(),
        figs=figs,
        targets=pd.DataFrame() if targets is None else terms_within(targets.result(), first, year),
        facts=_member_shares(attention_of.result()[0]),
        load_orgs=load_orgs,
        settings=settings,
        attention=attention_of.result()[1],
        appraisal=appraisal.result(),
        is_demo=db.meta("is_demo") == "1",
    )


# --- the pieces of the story, each computed once ----------------------------------------------


def level_table(data: YearData) -> pd.DataFrame:
    """One row per subject × level of the year: count and share of those rated."""
    shares = level_shares(data.figs.levels, data.year)
    keys = list(
        zip(
            [SUBJECT_ORDER.index(x) for x in shares["subject"].tolist()],
            shares["level_rank"].tolist(),
            shares["level_code"].tolist(),
            strict=True,
        )
    )
    return shares.take(sorted(range(len(keys)), key=keys.__getitem__)).reset_index(drop=True)


def level_codes(data: YearData) -> list[str]:
    """The levels of the year, best first; the old scheme's TSVM before the new HTXSNV."""
    codes = set(data.year_levels["level_code"])
    return sorted(codes, key=lambda c: (LEVEL_RANK[c], list(LEVEL_COLORS).index(c)))


def below_par(data: YearData) -> pd.DataFrame:
    """Base organizations rated below "good" (rank 3 or 4), worst first."""
    rows = data.facts[data.facts["org_rank"].fillna(0) >= BELOW_GOOD_RANK]
    return sorted_rows(
        rows, ["org_rank", "members_good_pct", "org_name", "org_code"], [False, True, True, True]
    )


def missed_targets(data: YearData) -> list[TargetResult]:
    return [t for t in data.summary["targets"] if t["met"] is False]


def target_label(t: TargetResult) -> str:
    return EXPORT["target_label"].format(
        subject=SUBJECT_LABELS[t["subject"]],
        measure=measure_words(t["measure"]),
        direction=DIRECTION_LABELS[t["direction"]],
        target=fmt_pct(t["target"]),
    )


def target_short(t: TargetResult) -> str:
    return EXPORT["target_short"].format(
        subject=EXPORT_SUBJECT_SHORT[t["subject"]],
        measure=EXPORT_MEASURE_SHORT[t["measure"]],
        direction=EXPORT_DIRECTION_SIGN[t["direction"]],
        target=fmt_pct(t["target"]),
    )


def exempt_by_year(data: YearData) -> pd.DataFrame:
    m = data.figs.members.sort_values("year")
    return m.assign(exempt_pct=pct_series(m["exempt"], m["total"]))


def _level_breakdown(rows: list[Any]) -> str:
    """A subject's levels as the notes say them (``rows``: its rows of ``level_table``)."""
    return "; ".join(
        EXPORT["level_count"].format(
            level=LEVEL_SHORT[r.level_code],
            n=fmt_int(r.n),
            pct=fmt_pct(None if pd.isna(r.share) else float(r.share)),
        )
        for r in rows
    )


# --- the slides ---------------------------------------------------------------------------------


def title_slide(data: YearData) -> Slide:
    scope = (
        ""
        if data.filters.is_all
        else EXPORT["scope_note"].format(scope=describe_filters(data.filters, data.year))
    )
    return Slide(
        key="title",
        title=EXPORT["deck_title"].format(year=data.year),
        subtitle=data.superior,
        bullets=(EXPORT["deck_kicker"],) + ((scope,) if scope else ()),
        notes=EXPORT["notes_title"].format(year=data.year, superior=data.superior),
    )


def overview_slide(data: YearData) -> Slide:
    s, p = data.summary, data.previous
    o, c, m = s["base_orgs"], s["subordinate_cells"], s["members"]

    def delta(subject: str, key: str) -> str:
        if p is None:
            return ""
        return EXPORT["vs_year"].format(
            change=fmt_delta_int(subject_counts(s, subject)[key] - subject_counts(p, subject)[key]),
            year=p["year"],
        )

    kpis = (
        Kpi(
            EXPORT["kpi_orgs"],
            fmt_int(o["total"]),
            EXPORT["kpi_orgs_note"].format(
                committees=fmt_int(o["committees"]), cells=fmt_int(o["cells"])
            ),
        ),
        Kpi(
            EXPORT["kpi_sub"],
            fmt_int(c["total"]),
            EXPORT["kpi_sub_note"].format(rated=fmt_int(c["rated"])),
        ),
        Kpi(EXPORT["kpi_members"], fmt_int(m["total"]), delta("members", "total")),
        Kpi(
            EXPORT["kpi_evaluated"],
            fmt_int(m["evaluated"]),
            EXPORT["kpi_evaluated_note"].format(pct=fmt_pct(pct(m["evaluated"], m["total"]))),
        ),
        Kpi(
            EXPORT["kpi_exempt"],
            fmt_int(m["exempt"]),
            EXPORT["kpi_exempt_note"].format(pct=fmt_pct(m["exempt_pct_of_total"])),
        ),
    )
    status = ("evaluated", "exempt", "suspended", "new", "pending")
    chart = Chart(
        kind="bar",
        title=EXPORT["status_chart"],
        categories=tuple(EXPORT_STATUS_LABELS[k] for k in status),
        series=(
            Series(
                EXPORT["kpi_members"],
                tuple(float(subject_counts(s, "members")[k]) for k in status),
                SUBJECT_COLORS["members"],
            ),
        ),
    )
    return Slide(
        key="overview",
        title=EXPORT["overview_title"].format(
            scope=data.scope,
            orgs=fmt_int(o["total"]),
            sub=fmt_int(c["total"]),
            members=fmt_int(m["total"]),
        ),
        kpis=kpis,
        chart=chart,
        notes=" ".join(year_sentences(s, p)),
    )


def levels_slide(data: YearData) -> Slide:
    s = data.summary
    rows = level_table(data)
    subjects = [x for x in SUBJECT_ORDER if x in set(rows["subject"])]
    # each level's count of each subject looked up in a dict (selecting and indexing the
    # table's rows a level cost 8 ms a deck)
    counts = {
        (str(code), str(subject)): float(n)
        for (code, subject), (n,) in keyed(rows, ["level_code", "subject"], ["n"]).items()
    }
    series = [
        Series(
            LEVEL_LABELS[code],
            tuple(counts.get((code, x), 0.0) for x in subjects),
            LEVEL_COLORS[code],
        )
        for code in level_codes(data)
    ]
    bullets = [
        EXPORT["levels_bullet"].format(
            subject=SUBJECT_LABELS[x],
            good=fmt_pct(subject_counts(s, x)["good_or_better_pct"]),
            rated=fmt_int(subject_counts(s, x)["rated" if x != "members" else "evaluated"]),
        )
        for x in subjects
    ]
    bullets.append(
        EXPORT["clean_bullet"].format(
            n=fmt_int(s["base_orgs"]["clean_strong"]),
            pct=fmt_pct(s["base_orgs"]["clean_strong_pct"]),
        )
    )
    by_subject: dict[str, list[Any]] = {}
    for r in records(rows):
        by_subject.setdefault(str(r.subject), []).append(r)
    notes = " ".join(
        EXPORT["levels_note"].format(
            subject=SUBJECT_LABELS[x], breakdown=_level_breakdown(by_subject[x])
        )
        for x in subjects
    )
    return Slide(
        key="levels",
        title=levels_title(s),
        chart=Chart(
            "bar_100",
            EXPORT["levels_chart"].format(year=data.year),
            tuple(SUBJECT_LABELS[x] for x in subjects),
            tuple(series),
        ),
        bullets=tuple(bullets),
        notes=notes,
    )


def trend_slide(data: YearData) -> Slide:
    measures = data.figs.measures
    # each subject's share of a year looked up (a frame's rows selected and indexed for each
    # subject and year: 4 ms a deck)
    good = {
        (str(subject), int(year)): None if pd.isna(value) else float(value)
        for (subject, year), (value,) in keyed(
            measures, ["subject", "year"], ["good_or_better_pct"]
        ).items()
    }
    years = sorted({year for _, year in good})
    present = {subject for subject, _ in good}
    series = [
        Series(
            SUBJECT_LABELS[subject],
            tuple(good.get((subject, y)) for y in years),
            SUBJECT_COLORS[subject],
        )
        for subject in SUBJECT_ORDER
        if subject in present
    ]
    marks = breaks_between(years[0], years[-1]) if years else ()
    note = " ".join(BREAK_TEXTS[b.key]["note"] for b in marks)
    notes = " ".join(
        EXPORT["trend_note"].format(
            subject=s.name,
            values=", ".join(f"{y}: {fmt_pct(v)}" for y, v in zip(years, s.values, strict=True)),
        )
        for s in series
    )
    bullets = []
    nc = measures[measures["subject"] == "members"].sort_values("year")
    if len(nc) >= 2:
        bullets.append(
            EXPORT["trend_not_completed"].format(
                first_year=int(nc["year"].iloc[0]),
                last_year=int(nc["year"].iloc[-1]),
                first=fmt_pct(_num(nc["not_completed_pct"].iloc[0])),
                last=fmt_pct(_num(nc["not_completed_pct"].iloc[-1])),
            )
        )
    if any(b.year == SCHEME_BREAK_YEAR for b in marks):
        bullets.append(EXPORT["break_bullet"])
    return Slide(
        key="trend",
        title=trend_title(measures),
        chart=Chart(
            "line",
            EXPORT["trend_chart"],
            tuple(str(y) for y in years),
            tuple(series),
            number="pct",
            breaks=tuple((years.index(b.year), BREAK_TEXTS[b.key]["label"]) for b in marks),
        ),
        bullets=tuple(bullets),
        footnote=note,
        notes=notes + (" " + note if note else ""),
    )


def targets_slide(data: YearData) -> Slide | None:
    targets = data.summary["targets"]
    if not targets:
        return None
    missed = missed_targets(data)
    if missed:
        title = EXPORT["targets_title_missed"].format(
            met=len(targets) - len(missed),
            total=len(targets),
            missed=", ".join(
                EXPORT_MEASURE_SHORT[t["measure"]] + " " + EXPORT_SUBJECT_SHORT[t["subject"]]
                for t in missed
            ),
        )
    else:
        title = EXPORT["targets_title_all"].format(total=len(targets))
    bullets = tuple(
        EXPORT["target_bullet"].format(
            mark=EXPORT["mark_met"] if t["met"] else EXPORT["mark_missed"],
            label=target_label(t),
            actual=fmt_pct(t["actual"]),
            gap=fmt_pp(t["gap"]),
        )
        for t in targets
    )
    chart = Chart(
        "clustered_bar",
        EXPORT["targets_chart"],
        tuple(target_short(t) for t in targets),
        (
            Series(UI["target"], tuple(float(t["target"]) for t in targets), TARGET_COLOR),
            Series(
                UI["actual"],
                tuple(_num(t["actual"]) for t in targets),
                ACTUAL_COLOR,
                tuple(MISSED_COLOR if t["met"] is False else None for t in targets),
            ),
        ),
        number="pct",
    )
    term = ", ".join(dict.fromkeys(str(t["term"]) for t in targets))
    # a target whose measure changed meaning since it was set: said on the slide, with the
    # measure that does compare
    changed = [
        EXPORT["target_changed"].format(
            label=target_label(t),
            year=t["changed_in"],
            instead=measure_words(t["instead"]) if t["instead"] else "",
            value=fmt_pct(t["instead_actual"]),
        )
        for t in targets
        if not t["comparable"]
    ]
    footnote = " ".join([EXPORT["targets_footnote"].format(term=term), *changed])
    return Slide(
        key="targets",
        title=title,
        chart=chart,
        bullets=bullets,
        footnote=footnote,
        notes=" ".join([*bullets, *changed]),
    )


def below_par_slide(data: YearData) -> Slide:
    """The organizations rated below "good": the title counts them, the chart and the table
    show those same organizations (the first ``MAX_ROWS_ON_SLIDE``, worst first), each bar in
    the colour of its level."""
    rows = below_par(data)
    counts = rows["org_level"].value_counts()
    if rows.empty:
        title = EXPORT["below_title_none"]
    else:
        parts = ", ".join(
            EXPORT["below_part"].format(
                n=fmt_int(int(counts[code])), level=LEVEL_LABELS[code].lower()
            )
            for code in sorted(counts.index, key=lambda c: LEVEL_RANK[c])
        )
        title = EXPORT["below_title"].format(n=fmt_int(len(rows)), parts=parts)
    shown = rows.head(MAX_ROWS_ON_SLIDE)
    table = Table(
        (
            EXPORT["col_org"],
            EXPORT["col_level"],
            EXPORT["col_members_good"],
            EXPORT["col_members_khtnv"],
        ),
        tuple(
            (
                str(r.org_name),
                LEVEL_SHORT.get(str(r.org_level), str(r.org_level)),
                fmt_pct(_num(r.members_good_pct)),
                fmt_int(r.members_khtnv),
            )
            for r in records(shown)
        ),
    )
    chart = (
        None
        if rows.empty
        else Chart(
            "bar",
            EXPORT["below_chart"],
            tuple(str(n) for n in shown["org_name"]),
            (
                Series(
                    EXPORT["col_members_good"],
                    tuple(_num(v) for v in shown["members_good_pct"]),
                    MISSED_COLOR,
                    tuple(LEVEL_COLORS.get(str(c)) for c in shown["org_level"]),
                ),
            ),
            number="pct",
        )
    )
    more = len(rows) - MAX_ROWS_ON_SLIDE
    notes = (
        " ".join(
            filter(
                None,
                [
                    "; ".join(
                        EXPORT["below_note"].format(
                            org=r.org_name,
                            level=LEVEL_LABELS.get(str(r.org_level), ""),
                            good=fmt_pct(_num(r.members_good_pct)),
                        )
                        for r in records(rows.head(NOTED))
                    ),
                    EXPORT["more_rows"].format(n=fmt_int(len(rows) - NOTED))
                    if len(rows) > NOTED
                    else "",
                ],
            )
        )
        or title
    )
    return Slide(
        key="below_par",
        title=title,
        table=table if not rows.empty else None,
        chart=chart,
        bullets=() if not rows.empty else (EXPORT["below_none_bullet"],),
        footnote=EXPORT["more_rows"].format(n=more) if more > 0 else "",
        notes=notes,
    )


def exemptions_slide(data: YearData) -> Slide:
    by_year = exempt_by_year(data)
    m = data.summary["members"]
    if len(by_year) >= 2:
        first, last = by_year.iloc[0], by_year.iloc[-1]
        change = int(last["exempt"]) - int(first["exempt"])
        key = "up" if change > 0 else "down" if change < 0 else "flat"
        title = EXPORT[f"exempt_title_{key}"].format(
            first=fmt_int(first["exempt"]),
            first_year=int(first["year"]),
            last=fmt_int(last["exempt"]),
            last_year=int(last["year"]),
            pct=fmt_pct(m["exempt_pct_of_total"]),
        )
    else:
        title = EXPORT["exempt_title"].format(
            n=fmt_int(m["exempt"]), pct=fmt_pct(m["exempt_pct_of_total"])
        )
    # the three most exempted of those with any (not a national year's 256.308 sorted)
    exempting = data.facts[data.facts["members_exempt"].fillna(0) > 0]
    top = sorted_rows(exempting, ["members_exempt", "org_name", "org_code"], [False, True, True], 3)
    bullets = [
        EXPORT["exempt_bullet_share"].format(
            n=fmt_int(m["exempt"]),
            total=fmt_int(m["total"]),
            pct=fmt_pct(m["exempt_pct_of_total"]),
            evaluated=fmt_int(m["evaluated"]),
        )
    ]
    bullets += [
        EXPORT["exempt_bullet_org"].format(
            org=r.org_name, n=fmt_int(r.members_exempt), pct=fmt_pct(_num(r.members_exempt_pct))
        )
        for r in records(top)
    ]
    chart = Chart(
        "column",
        EXPORT["exempt_chart"],
        tuple(str(int(y)) for y in by_year["year"]),
        (Series(EXPORT["kpi_exempt"], tuple(float(v) for v in by_year["exempt"]), EXEMPT_COLOR),),
    )
    notes = EXPORT["exempt_note"].format(
        values=", ".join(
            f"{int(r.year)}: {fmt_int(r.exempt)} ({fmt_pct(_num(r.exempt_pct))})"
            for r in records(by_year)
        )
    )
    return Slide(
        key="exemptions",
        title=title,
        chart=chart,
        bullets=tuple(bullets),
        footnote=EXPORT["exempt_footnote"],
        notes=notes,
    )


def findings_slide(data: YearData) -> Slide:
    findings = data.summary["findings"]
    if not findings:
        return Slide(
            key="findings",
            title=EXPORT["findings_title_none"],
            bullets=(EXPORT["findings_none_bullet"],),
            notes=EXPORT["findings_title_none"],
        )
    bullets = [str(f["message"]) for f in findings[:MAX_ROWS_ON_SLIDE]]
    more = len(findings) - MAX_ROWS_ON_SLIDE
    # the texts in force that year, as the findings cite them
    sources = "; ".join(dict.fromkeys(f["source"] for f in findings if f["source"]))
    cited = EXPORT["findings_footnote"].format(sources=sources)
    return Slide(
        key="findings",
        title=EXPORT["findings_title"].format(n=fmt_int(len(findings))),
        bullets=tuple(bullets),
        footnote=" ".join(
            filter(None, [EXPORT["more_rows"].format(n=more) if more > 0 else "", cited])
        ),
        notes=" ".join(f"{f['message']} ({f['source']})" for f in findings),
    )


def attention_rows(data: YearData) -> list[tuple[str, str]]:
    """The attention list as (organization, what needs attention), in the list's order."""
    return [(item.org_name, detail) for item, detail in _attention_details(data)]


def _attention_details(data: YearData, first: int | None = None) -> list[tuple[AttentionItem, str]]:
    """The items of the list in its order, each with its detail; the ``first`` that many only
    (None: all; a national year's list is 61.448 items, and a slide shows a few)."""
    found = data.attention
    if found is None:
        return []
    items = (item for kind in found.kinds for item in found.of(kind))
    return [(item, attention_detail(item)) for item in islice(items, first)]


def attention_slide(data: YearData) -> Slide | None:
    """What needs attention, as the overview lists it: the kinds, then the organizations."""
    found = data.attention
    if found is None:
        return None
    # the list's first (every one, or as many as a deck loads), written once for the table and
    # the notes; the counts are the whole list's
    details = _attention_details(data, deck_attention())
    listed = sum(found.count(k) for k in found.kinds)
    rows = [(item.org_name, detail) for item, detail in details]
    more = listed - MAX_ROWS_ON_SLIDE
    noted = details[:NOTED]
    table = (
        Table((ATTENTION["col_org"], ATTENTION["col_detail"]), tuple(rows[:MAX_ROWS_ON_SLIDE]))
        if rows
        else None
    )
    footnote = " ".join(
        filter(
            None,
            [
                EXPORT["more_rows"].format(n=fmt_int(more)) if more > 0 else "",
                attention_footnote(found),
            ],
        )
    )
    return Slide(
        key="attention",
        title=attention_title(found),
        bullets=tuple(attention_heading(k, found.count(k)) for k in found.kinds),
        table=table,
        footnote=footnote,
        notes=" ".join(
            [
                *(attention_line(item, detail) + "." for item, detail in noted),
                *(
                    [EXPORT["more_rows"].format(n=fmt_int(listed - len(noted)))]
                    if listed > len(noted)
                    else []
                ),
            ]
        )
        or attention_title(found),
    )


def appraisal_figures(data: YearData) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, Any] | None]:
    """The year's appraisal: by year (one row), by sector, and the sector too generous."""
    counts = data.appraisal if data.appraisal is not None else pd.DataFrame()
    if counts.empty:
        return pd.DataFrame(), pd.DataFrame(), None
    by_year = appraisal_by_year(counts)
    by_sector = appraisal_by_sector(counts, data.year)
    overall = None if by_year.empty else float(by_year["down_pct"].iloc[0])
    return by_year, by_sector, generous_sector(by_sector, overall)


def appraisal_slide(data: YearData) -> Slide | None:
    """Where appraisal moved the self-assessed level down: how many, and by sector. Only for a
    year whose steps are recorded."""
    by_year, by_sector, sector = appraisal_figures(data)
    if by_year.empty:
        return None
    r = by_year.iloc[0]
    values = {
        "down": fmt_int(int(r["down"])),
        "compared": fmt_int(int(r["compared"])),
        "pct": fmt_pct(_num(r["down_pct"])),
    }
    title = (
        APPRAISAL_EXPORT["slide_title_sector"].format(
            **values,
            sector=sector_label(str(sector["sector"]), data.year).lower(),
            spct=fmt_pct(float(sector["down_pct"])),
        )
        if sector
        else APPRAISAL_EXPORT["slide_title"].format(**values)
    )
    rows = by_sector.sort_values(["down_pct", "compared"], ascending=[True, True])
    chart = Chart(
        "bar",
        APPRAISAL_EXPORT["chart"],
        tuple(sector_label(str(s), data.year) for s in rows["sector"]),
        (
            Series(
                APPRAISAL_EXPORT["chart"], tuple(_num(v) for v in rows["down_pct"]), MISSED_COLOR
            ),
        ),
        number="pct",
    )
    finding = appraisal_finding(data.year, by_year, sector)
    return Slide(
        key="appraisal",
        title=title,
        chart=chart,
        bullets=(finding,),
        footnote=APPRAISAL_EXPORT["footnote"],
        notes=finding,
    )


def build_slides(data: YearData) -> list[Slide]:
    # what needs attention closes the year, as the written report's section VIII does
    slides = [
        title_slide(data),
        overview_slide(data),
        levels_slide(data),
        appraisal_slide(data),
        trend_slide(data),
        targets_slide(data),
        below_par_slide(data),
        exemptions_slide(data),
        findings_slide(data),
        attention_slide(data),
    ]
    return [s for s in slides if s is not None]


def describe_filters(filters: Filters, year: int | None = None) -> str:
    parts = []
    if filters.sectors is not None:
        parts.append(", ".join(sector_label(x, year) for x in filters.sectors))
    if filters.org_types is not None:
        parts.append(", ".join(ORG_TYPE_LABELS.get(x, x) for x in filters.org_types))
    if filters.orgs is not None:
        parts.append(EXPORT["n_orgs"].format(n=fmt_int(len(filters.orgs))))
    return "; ".join(parts)


def _num(value: object) -> float | None:
    return None if value is None or pd.isna(value) else float(value)  # type: ignore[arg-type]
