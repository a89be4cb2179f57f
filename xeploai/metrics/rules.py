"""The rules a year's results must respect (DOMAIN.md, "Rules"), checked on the stored data.

Violations are findings to show, not data to refuse: the figures are what the committee
decided. A rule holds for a range of evaluation years, and in each year it is the text in force
that year that says so (``Source``): a finding cites that text, and says so where the text could
not be read in full rather than cite a later one. Every parameter lives in ``RuleSettings`` so
that local guidance (the denominator of the 20% cap, how organizations are grouped "by similar
roles") is a setting, not an edit.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any, TypedDict

import pandas as pd

from xeploai.domain.levels import SCORE_BAND_FLOORS, level_from_score
from xeploai.domain.numbers import current_rounding
from xeploai.domain.orgs import ROLE_GROUPS
from xeploai.domain.regimes import not_evaluated
from xeploai.domain.selection import ANY_SCOPE
from xeploai.metrics.frames import records
from xeploai.metrics.yearly import as_published
from xeploai.store.database import ROOT, Database
from xeploai.texts import (
    ARITHMETIC,
    GOVERNING_TEXTS,
    LEVEL_LABELS,
    LOCAL_PRACTICE,
    LOCAL_RULE,
    ORG_TYPE_LABELS,
    ROLE_GROUP_LABELS,
    RULE_TEXTS,
    RULE_TITLE_WORDS,
    RULE_UNVERIFIED,
    SECTOR_LABELS,
    fmt_fraction,
    fmt_int,
    fmt_num,
    fmt_score,
    fmt_share,
)

# What the organizations' cap may group them by ("similar roles"), with each group's labels.
CAP_GROUPINGS: dict[str, dict[str, str]] = {
    "role_group": ROLE_GROUP_LABELS,
    "sector": SECTOR_LABELS,
    "org_type": ORG_TYPE_LABELS,
}


@dataclass(frozen=True)
class RuleSettings:
    excellent_cap_ratio: float = 0.2
    # 21-HD/BTCTW says "HTTNV"; some local guidance counts "HTTNV and above" (inferred).
    excellent_cap_includes_excellent: bool = False
    # "Similar roles" for the organizations' cap: 'role_group' (``role_groups``, by default
    # ``domain.orgs.ROLE_GROUPS``), 'sector' or 'org_type'.
    org_cap_group_by: str = "role_group"
    role_groups: dict[str, str] | None = None
    prerequisite_good_share: float = 0.8
    # Quy định 366: at least this share (%) of the tasks done beyond the requirement.
    score_exceeded_share: float = 30.0
    old_weak_cells_fraction: float = 1 / 3
    old_weak_members_fraction: float = 1 / 2
    # Before 2019 no text said whether members suspended from party activities or admitted
    # less than 6 months before are evaluated: local practice, True when it left them out.
    practice_excludes_suspended_and_new: bool = True

    def __post_init__(self) -> None:
        if self.org_cap_group_by not in CAP_GROUPINGS:
            raise ValueError(
                f"org_cap_group_by must be one of {sorted(CAP_GROUPINGS)}: {self.org_cap_group_by}"
            )

    @classmethod
    def from_db(cls, db: Database) -> RuleSettings:
        """Defaults, overridden by the JSON object stored under meta 'rule_settings'."""
        stored = db.meta("rule_settings")
        if not stored:
            return cls()
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in json.loads(stored).items() if k in known}
        return cls(**values)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def title_words(self) -> dict[str, str]:
        """What the rules' titles say of these settings: a title states the threshold the check
        uses, not the default's."""
        return {
            "ratio": fmt_share(self.excellent_cap_ratio),
            "cap_base": RULE_TITLE_WORDS[
                "cap_base_with" if self.excellent_cap_includes_excellent else "cap_base_without"
            ],
            "cap_group": RULE_TITLE_WORDS[f"group_{self.org_cap_group_by}"],
            "good_share": fmt_share(self.prerequisite_good_share),
            "score_floor": fmt_score(SCORE_BAND_FLOORS[0]),
            "exceeded_share": fmt_score(self.score_exceeded_share),
            "weak_cells": fmt_fraction(self.old_weak_cells_fraction),
            "weak_members": fmt_fraction(self.old_weak_members_fraction),
        }


class FindingDict(TypedDict):
    rule: str
    year: int
    org_code: str | None
    message: str
    source: str  # the text in force that year that states the rule
    title: str  # the rule, as the settings the finding was made with word it


@dataclass(frozen=True)
class Finding:
    rule: str
    year: int
    org_code: str | None
    message: str
    source: str = ""
    title: str = ""

    def as_dict(self) -> FindingDict:
        return {
            "rule": self.rule,
            "year": self.year,
            "org_code": self.org_code,
            "message": self.message,
            "source": self.source,
            "title": self.title,
        }


@dataclass(frozen=True)
class Source:
    """The text that states a rule for the evaluation years ``from_year``–``to_year``."""

    from_year: int
    to_year: int | None
    text: str
    # False: the text could not be read in full, or the rule is inferred from a later text;
    # the finding says so.
    verified: bool = True

    def covers(self, year: int) -> bool:
        return self.from_year <= year and (self.to_year is None or year <= self.to_year)

    @property
    def cited(self) -> str:
        return self.text if self.verified else RULE_UNVERIFIED.format(text=self.text)


# A finding with the committee under which it was found (a check runs under several at once).
Scoped = tuple[str, Finding]


@dataclass(frozen=True)
class Span:
    """What one run of a check reads: the years ``from_year``–``to_year`` (each checked on its
    own, as if alone), under each of the committees ``scopes`` (None: the database's own
    superior), of the organizations ``orgs`` (None: all). One query a rule for a whole span:
    an organization's page asks its findings of every year it was rated (ten years of five
    rules were fifty queries)."""

    from_year: int
    to_year: int
    scopes: list[str] | None = None
    orgs: list[str] | None = None

    def params(self) -> dict[str, Any]:
        return {"scopes": self.scopes, "from_year": self.from_year, "to_year": self.to_year}

    def org_params(self) -> dict[str, Any]:
        """The parameters of a rule whose findings each name one organization."""
        return {**self.params(), "orgs": self.orgs}


Check = Callable[[Database, Span, "RuleSettings"], list[Scoped]]


@dataclass(frozen=True)
class Rule:
    code: str
    kind: str
    sources: tuple[Source, ...]
    check: Check | None = None

    @property
    def checkable(self) -> bool:
        return self.check is not None

    def source_for(self, year: int) -> Source | None:
        return next((s for s in self.sources if s.covers(year)), None)

    def applies(self, year: int) -> bool:
        return self.source_for(year) is not None

    @property
    def validity(self) -> tuple[int, int | None]:
        """The first and the last year (None: still in force) the rule holds."""
        last = [s.to_year for s in self.sources]
        return min(s.from_year for s in self.sources), (
            None if None in last else max(y for y in last if y is not None)
        )

    def title(self, settings: RuleSettings) -> str:
        """The rule in a line, with the thresholds ``settings`` give the check."""
        return RULE_TEXTS[self.code]["title"].format(**settings.title_words())

    @property
    def why_not_checked(self) -> str | None:
        return RULE_TEXTS[self.code].get("not_checked")


def _message(code: str, **values: object) -> str:
    return RULE_TEXTS[code]["message"].format(**values)


def _findings(
    code: str,
    rows: pd.DataFrame,
    make: Callable[[Any], dict[str, object]],
    org_column: str | None = "org_code",
) -> list[Scoped]:
    """A finding of each row of a rule's query (its year, committee and organization)."""
    return [
        (
            row.scope_code,
            Finding(
                code,
                int(row.year),
                getattr(row, org_column) if org_column else None,
                _message(code, **make(row)),
            ),
        )
        for row in records(rows)
    ]


def _cap_check(code: str, query: str, db: Database, span: Span, s: RuleSettings) -> list[Scoped]:
    rows = db.query(
        query,
        **span.org_params(),
        ratio=s.excellent_cap_ratio,
        include_excellent=s.excellent_cap_includes_excellent,
    )
    return _findings(
        code,
        rows,
        lambda r: {
            "org": r.org_name,
            "excellent": fmt_int(r.excellent),
            "cap": fmt_int(r.cap),
            "ratio": fmt_share(s.excellent_cap_ratio),
            "base": _cap_base(code, s),
            "denominator": fmt_int(r.denominator),
        },
    )


def _cap_within(code: str, query: str) -> Check:
    """A 20% cap applied within each base organization (its members, or its cells); a partial
    of a module function, so that a rule can be cached (pickled) with its check."""
    return functools.partial(_cap_check, code, query)


def _org_cap(db: Database, span: Span, s: RuleSettings) -> list[Scoped]:
    if span.orgs is not None:
        return []  # a group's cap: its findings name no organization
    mapping = s.role_groups if s.role_groups is not None else ROLE_GROUPS
    rows = db.query(
        "org_excellent_cap_by_group",
        **span.params(),
        ratio=s.excellent_cap_ratio,
        include_excellent=s.excellent_cap_includes_excellent,
        group_by=s.org_cap_group_by,
        group_sectors=list(mapping),
        group_names=list(mapping.values()),
    )
    labels = CAP_GROUPINGS[s.org_cap_group_by]
    return _findings(
        "org_excellent_cap",
        rows,
        lambda r: {
            "group": labels.get(r.role_group, r.role_group),
            "excellent": fmt_int(r.excellent),
            "good": fmt_int(r.denominator),
            "cap": fmt_int(r.cap),
            "base": _cap_base("org_excellent_cap", s),
            "ratio": fmt_share(s.excellent_cap_ratio),
        },
        org_column=None,
    )


def _cap_base(code: str, s: RuleSettings) -> str:
    return RULE_TEXTS[code]["base_with" if s.excellent_cap_includes_excellent else "base_without"]


def _score_rules(db: Database, span: Span, s: RuleSettings) -> pd.DataFrame:
    return db.query(
        "score_conditions_by_org",
        **span.org_params(),
        exceeded_share=s.score_exceeded_share,
        band_floors=list(SCORE_BAND_FLOORS),
    )


def _score_band(db: Database, span: Span, s: RuleSettings) -> list[Scoped]:
    rows = _score_rules(db, span, s)
    rows = rows[rows["above_band"]]
    return _findings(
        "score_band",
        rows,
        lambda r: {
            "org": r.org_name,
            "level": LEVEL_LABELS[r.org_level].lower(),
            "score": fmt_score(float(r.score)),  # 89,99 is not 90,0: as the board wrote it
            "band": LEVEL_LABELS[level_from_score(float(r.score))].lower(),
        },
    )


def _score_excellent(db: Database, span: Span, s: RuleSettings) -> list[Scoped]:
    """An HTXSNV organization: every condition of QĐ 366 that the data shows unmet (the query
    tells which; this words them)."""
    texts = RULE_TEXTS["score_excellent"]
    out: list[Scoped] = []
    rows = _score_rules(db, span, s)
    for r in records(rows[rows["unmet"]]):
        unmet = []
        if r.no_score:
            unmet.append(texts["no_score"])
        if r.score_low:
            unmet.append(
                texts["score_low"].format(
                    score=fmt_score(float(r.score)), floor=fmt_score(SCORE_BAND_FLOORS[0])
                )
            )
        if r.tasks_missed:
            unmet.append(texts["tasks"])
        if r.exceeded_missed:
            unmet.append(
                texts["exceeded"].format(
                    share=fmt_num(float(r.tasks_exceeded_pct), 1),
                    need=fmt_score(s.score_exceeded_share),
                )
            )
        if r.disciplined_found:
            unmet.append(texts["disciplined"])
        out.append(
            (
                r.scope_code,
                Finding(
                    "score_excellent",
                    int(r.year),
                    r.org_code,
                    _message("score_excellent", org=r.org_name, unmet="; ".join(unmet)),
                ),
            )
        )
    return out


def _remediation_excellent(db: Database, span: Span, s: RuleSettings) -> list[Scoped]:
    """An HTXSNV organization whose plan after the previous review still has an item open."""
    rows = db.query("remediation_before_excellent_by_org", **span.org_params())
    return _findings(
        "remediation_excellent",
        rows,
        lambda r: {
            "org": r.org_name,
            "open": fmt_int(int(r.items) - int(r.remedied)),
            "items": fmt_int(r.items),
            "previous": int(r.year) - 1,
            "list": r.open_items,
        },
    )


def _prerequisite(db: Database, span: Span, s: RuleSettings) -> list[Scoped]:
    rows = db.query(
        "excellent_prerequisite_by_org", **span.org_params(), good_share=s.prerequisite_good_share
    )
    return _findings(
        "excellent_prerequisite",
        rows,
        lambda r: {
            "org": r.org_name,
            "of": RULE_TEXTS["excellent_prerequisite"][
                "of_cells" if r.org_type == "base_committee" else "of_members"
            ],
            "rated": fmt_int(r.rated),
            "not_completed": fmt_int(r.not_completed),
            "good": fmt_int(r.good),
            "share": fmt_share(s.prerequisite_good_share),
        },
    )


def _old_weak(db: Database, span: Span, s: RuleSettings) -> list[Scoped]:
    rows = db.query(
        "old_scheme_forced_weak_by_org",
        **span.org_params(),
        cells_fraction=s.old_weak_cells_fraction,
        members_fraction=s.old_weak_members_fraction,
    )
    return _findings(
        "old_scheme_forced_weak",
        rows,
        lambda r: {
            "org": r.org_name,
            "weak": fmt_int(r.weak),
            "rated": fmt_int(r.rated),
            "of": RULE_TEXTS["old_scheme_forced_weak"][
                "of_cells" if r.org_type == "base_committee" else "of_members"
            ],
        },
    )


def _by_practice(db: Database, span: Span, s: RuleSettings) -> list[Scoped]:
    # only in the years whose practice evaluated them
    years = [
        y
        for y in range(span.from_year, span.to_year + 1)
        if "suspended" not in not_evaluated(y, s.practice_excludes_suspended_and_new)
    ]
    if not years:
        return []
    rows = db.query(
        "suspended_or_new_by_org",
        **replace(span, from_year=min(years), to_year=max(years)).org_params(),
    )
    rows = rows[rows["year"].isin(years)]
    return _findings(
        "evaluated_by_practice",
        rows,
        lambda r: {
            "org": r.org_name,
            "suspended": fmt_int(r.members_suspended),
            "new": fmt_int(r.members_new),
            "year": int(r.year),
        },
    )


def _arithmetic(db: Database, span: Span, s: RuleSettings) -> list[Scoped]:
    rows = db.query("member_count_mismatch_by_org", **span.org_params())
    return _findings(
        "member_count_mismatch",
        rows,
        lambda r: {"org": r.org_name, "total": fmt_int(r.members_total), "parts": fmt_int(r.parts)},
    )


# The texts, as cited in findings.
_G = GOVERNING_TEXTS
_HD16, _HD21, _QD124, _HD25 = _G["HD16"], _G["HD21"], _G["QD124"], _G["HD25"]
_QD366, _HD43, _HD27 = _G["QD366"], _G["HD43"], _G["HD27"]

RULES: tuple[Rule, ...] = (
    Rule(
        "member_excellent_cap",
        "cap",
        (
            # 16-HD's caps could not be read in full: checked with the later texts' 20%, and said.
            Source(2018, 2018, _HD16, verified=False),
            Source(2019, 2022, f"{_HD21}, Mục II 2.3"),
            Source(2023, 2024, _QD124),
            Source(2025, None, _QD366),
        ),
        _cap_within("member_excellent_cap", "member_excellent_cap_by_org"),
    ),
    Rule(
        "org_excellent_cap",
        "cap",
        (
            Source(2019, 2022, f"{_HD21}, Mục 1.3 (Lưu ý)"),
            Source(2023, 2024, f"{_QD124}, Điều 12"),
            Source(2025, None, _QD366),
        ),
        _org_cap,
    ),
    Rule(
        "cell_excellent_cap",
        "cap",
        (
            Source(2019, 2022, f"{_HD21}, Mục 1.3 (Lưu ý)"),
            Source(2023, 2024, f"{_QD124}, Điều 12"),
            Source(2025, None, _QD366),
        ),
        _cap_within("cell_excellent_cap", "cell_excellent_cap_by_org"),
    ),
    Rule(
        "excellent_prerequisite",
        "prerequisite",
        (
            Source(2019, 2022, f"{_HD21}, Mục 1.3"),
            # the condition as 21-HD put it, carried on under QĐ 124 without a reading of HD 25
            Source(2023, 2024, f"{_QD124}; {_HD25}", verified=False),
            # DOMAIN.md: "2019 →"; QĐ 366 adds its own conditions (score_excellent) beside it
            Source(2025, None, f"{_QD366}; {_HD43}", verified=False),
        ),
        _prerequisite,
    ),
    Rule("score_band", "prerequisite", (Source(2025, None, _QD366),), _score_band),
    Rule(
        "score_excellent",
        "prerequisite",
        (
            # as read in a review of QĐ 366, Điều 11; the text itself still to be checked
            Source(2025, None, f"{_QD366}, Điều 11", verified=False),
        ),
        _score_excellent,
    ),
    Rule(
        "remediation_excellent",
        "prerequisite",
        (
            # as read in a review of QĐ 366, Điều 11: 100% of the shortcomings of the previous
            # review remedied; checked on the remediation plans and their quarterly reports
            Source(2025, None, f"{_QD366}, Điều 11", verified=False),
        ),
        _remediation_excellent,
    ),
    Rule("old_scheme_forced_weak", "forced level", (Source(2014, 2017, _HD27),), _old_weak),
    Rule("member_count_mismatch", "consistency", (Source(2014, None, ARITHMETIC),), _arithmetic),
    # Only when the settings say the practice evaluated them (before 2019, no text says).
    Rule(
        "evaluated_by_practice", "consistency", (Source(2014, 2018, LOCAL_PRACTICE),), _by_practice
    ),
    Rule(
        "disciplined_member",
        "forced level",
        (
            Source(2019, 2022, f"{_HD21}, Mục II 2"),
            Source(2023, None, f"{_QD124}; {_QD366}", verified=False),
        ),
    ),
    Rule(
        "sick_leave_cap",
        "cap",
        (
            Source(2019, 2022, f"{_HD21}, Mục II 6"),
            Source(2023, None, f"{_QD124}; {_QD366}", verified=False),
        ),
    ),
    Rule("key_official_local", "local", (Source(2014, None, LOCAL_RULE),)),
)


def check_year(
    db: Database, year: int, settings: RuleSettings | None = None, scope: str | None = None
) -> list[Finding]:
    """Every checkable rule that applies to the year, in the order of RULES, over the base
    organizations the committee ``scope`` directed (None: the database's own superior). A rule
    holds among a committee's organizations: "any committee" (``ANY_SCOPE``) is a program error,
    not an empty list."""
    return check_years(db, year, year, settings, scope)


def check_years(
    db: Database,
    from_year: int,
    to_year: int,
    settings: RuleSettings | None = None,
    scope: str | None = None,
    orgs: list[str] | None = None,
) -> list[Finding]:
    """``check_year`` of each year ``from_year``–``to_year``, one after the other, in one query
    a rule; with ``orgs``, only the findings that name one of those organizations (a group's
    cap, which names none, is not checked)."""
    if scope == ANY_SCOPE:
        raise ValueError("rules are checked under a committee, not across every committee")
    settings = settings or RuleSettings.from_db(db)
    if scope is None:
        kept = _kept(db, from_year, to_year, settings, orgs)
        if kept is not None:
            return kept
    span = Span(from_year, to_year, None if scope is None else [scope], orgs)
    return [f for _, f in _check(db, span, settings)]


def check_year_everywhere(db: Database, year: int) -> list[Finding]:
    """The year's findings under every committee that directly directed base organizations
    that year (an import may touch several: the four communes of July 2025), committee by
    committee, each as ``check_year`` gives it; a finding already given under one committee is
    not repeated under another (an organization of a commune is also the city's).

    Each rule runs once for all the committees (4.889 at national scale), not once for each.
    """
    scopes = [str(c) for c in db.query("direct_superiors_by_year", year=year)["scope_code"]]
    if not scopes:
        return []
    by_scope: dict[str, list[Finding]] = {scope: [] for scope in scopes}
    for scope, finding in _check(db, Span(year, year, scopes), RuleSettings.from_db(db)):
        by_scope[scope].append(finding)
    return list(dict.fromkeys(f for scope in scopes for f in by_scope[scope]))


# --- the findings every write keeps --------------------------------------------------------

# What a finding is made of besides the data and the settings: the rules' code, the words of
# their messages, the levels and schemes, and the SQL they run (the queries, the schema's
# macros, the stored tables, how a query is run with its parameters). Kept findings are served
# only while these files are as they were when the findings were kept (``findings_key``); after
# an upgrade the checks run until the server's start keeps them again
# (``ingest.keep_stale_findings``). The benchmark makes its demo databases again when these
# change (``bench.source_stamp``), so that it measures the findings kept, not the checks.
FINDINGS_MADE_FROM: tuple[str, ...] = (
    "xeploai/metrics/rules.py",
    "xeploai/metrics/frames.py",
    "xeploai/texts.py",
    "xeploai/domain/*.py",
    "xeploai/store/schema.py",
    "xeploai/store/aggregates.py",
    "xeploai/store/tree.py",
    "xeploai/store/database.py",
    "queries/*.sql",
)
# the meta entry that says what the kept findings were made from
KEPT_KEY = "rule_findings_key"


def findings_sources() -> list[Path]:
    """The files of ``FINDINGS_MADE_FROM``, in a fixed order."""
    return [path for pattern in FINDINGS_MADE_FROM for path in sorted(ROOT.glob(pattern))]


@functools.cache
def code_stamp() -> str:
    """A hash of the files findings are made from, read once per process."""
    digest = hashlib.sha256()
    for path in findings_sources():
        digest.update(path.relative_to(ROOT).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def findings_key(db: Database, settings: RuleSettings) -> str:
    """What findings checked now on ``db`` with ``settings`` are made from: its data version,
    the settings, the rounding of the computation and the code (``code_stamp``)."""
    made_from = {
        "data": db.data_version(),
        "settings": settings.as_dict(),
        "rounding": current_rounding(),
        "code": code_stamp(),
    }
    return json.dumps(made_from, sort_keys=True, ensure_ascii=False)


def keep_findings(db: Database) -> int:
    """Check every year of the data under the database's own superior, in its rounding (as the
    pages show them), and keep the findings with what they were made from, in one transaction
    on the writer's handle ``db``. Every write calls it once its changes are made
    (``ingest.storage.open_for_write``, the demo build, ``init``), and the server's start when
    an older version kept them (``ingest.keep_stale_findings``); returns how many it kept.

    The pages' findings under the own superior are then one query (``check_years``), not five
    to seven: a district organization's page read them in 31 ms of its 124. A write pays the
    checks of every year once: 40–90 ms for the district, 0,25–0,33 s nationally."""
    years = [int(y) for y in db.query("years_by_data")["year"]]
    settings = RuleSettings.from_db(db)
    with as_published(db):
        span = Span(years[0], years[-1]) if years else None
        found = [] if span is None else [f for _, f in _check(db, span, settings)]
        key = findings_key(db, settings)
    with db.transaction():
        db.execute("forget_findings")
        if found:
            db.execute(
                "keep_findings",
                years=[f.year for f in found],
                rules=[f.rule for f in found],
                org_codes=[f.org_code for f in found],
                messages=[f.message for f in found],
                sources=[f.source for f in found],
                titles=[f.title for f in found],
            )
        db.set_meta(KEPT_KEY, key)
    return len(found)


def findings_current(db: Database) -> bool:
    """Whether the findings kept in ``db`` are those its pages read: made from its data, its
    settings and its rounding by this code (``findings_key``). Not after an upgrade that changed
    one of ``FINDINGS_MADE_FROM``, nor in a file of a version that kept none."""
    with as_published(db):
        return _made_from(db, RuleSettings.from_db(db))


def _made_from(db: Database, settings: RuleSettings) -> bool:
    """Whether the findings kept in ``db`` were made from its data, ``settings``, the rounding
    of the computation now and this code: the one test of whether they may be read."""
    return db.meta(KEPT_KEY) == findings_key(db, settings)


def _kept(
    db: Database, from_year: int, to_year: int, settings: RuleSettings, orgs: list[str] | None
) -> list[Finding] | None:
    """The kept findings of the years about ``orgs`` as ``check_years`` gives them under the
    own superior; None when those kept were not made from this data, these settings, this
    rounding and this code (the checks must then run)."""
    if not _made_from(db, settings):
        return None
    rows = db.query("kept_findings_by_position", from_year=from_year, to_year=to_year, orgs=orgs)
    return [
        Finding(
            str(r.rule),
            int(r.year),
            None if pd.isna(r.org_code) else str(r.org_code),
            str(r.message),
            str(r.source),
            str(r.title),
        )
        for r in records(rows)
    ]


def _check(db: Database, span: Span, settings: RuleSettings) -> list[Scoped]:
    """Every checkable rule, year by year of the span and in the order of RULES within a year,
    under each of its committees; each finding cites the text in force in its year, and a
    rule is read only over the years it holds."""
    checks: list[tuple[int, Rule, Future[list[Scoped]]]] = []
    # the rules' queries do not need each other; two score rules read the same rows
    with db.answers_kept(), db.at_once() as run:
        for at, rule in enumerate(RULES):
            years = [y for y in range(span.from_year, span.to_year + 1) if rule.applies(y)]
            if rule.check is None or not years:
                continue
            within = replace(span, from_year=years[0], to_year=years[-1])
            checks.append((at, rule, run(rule.check, db, within, settings)))
    found: list[tuple[int, int, Scoped]] = []
    for at, rule, check in checks:
        title = rule.title(settings)
        for scope, f in check.result():
            source = rule.source_for(f.year)
            if source is not None:  # a year between two of its texts (none yet)
                found.append((f.year, at, (scope, replace(f, source=source.cited, title=title))))
    found.sort(key=lambda item: (item[0], item[1]))  # stable: each rule's rows in their order
    return [scoped for _, _, scoped in found]
