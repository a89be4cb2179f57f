"""The rules a year's results must respect (DOMAIN.md, "Rules"), checked on the stored data.

Violations are findings to show, not data to refuse: the figures are what the committee
decided. Each rule names its source text; every parameter lives in ``RuleSettings`` so that
local guidance (e.g. the denominator of the 20% cap) is a setting, not an edit.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, fields
from typing import Any, TypedDict

import pandas as pd

from xeploai.domain.levels import SCHEME_BREAK_YEAR
from xeploai.store.database import Database
from xeploai.texts import ORG_TYPE_LABELS, RULE_TEXTS, SECTOR_LABELS, fmt_int, fmt_num


@dataclass(frozen=True)
class RuleSettings:
    excellent_cap_ratio: float = 0.2
    # 21-HD/BTCTW says "HTTNV"; some local guidance counts "HTTNV and above" (inferred).
    excellent_cap_includes_excellent: bool = False
    # "Similar roles" for the organizations' cap: 'org_type' or 'sector'.
    org_cap_group_by: str = "org_type"
    prerequisite_good_share: float = 0.8
    old_weak_cells_fraction: float = 1 / 3
    old_weak_members_fraction: float = 1 / 2

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


class FindingDict(TypedDict):
    rule: str
    year: int
    org_code: str | None
    message: str


@dataclass(frozen=True)
class Finding:
    rule: str
    year: int
    org_code: str | None
    message: str

    def as_dict(self) -> FindingDict:
        return {"rule": self.rule, "year": self.year, "org_code": self.org_code,
                "message": self.message}


@dataclass(frozen=True)
class Rule:
    code: str
    source: str
    kind: str
    checkable: bool
    applies: Callable[[int], bool]
    check: Callable[[Database, int, RuleSettings], list[Finding]] | None = None

    @property
    def title(self) -> str:
        return RULE_TEXTS[self.code]["title"]

    @property
    def why_not_checked(self) -> str | None:
        return RULE_TEXTS[self.code].get("not_checked")


def _new_scheme(year: int) -> bool:
    return year >= SCHEME_BREAK_YEAR


def _old_scheme(year: int) -> bool:
    return year < SCHEME_BREAK_YEAR


def _always(year: int) -> bool:
    return True


def _message(code: str, **values: object) -> str:
    return RULE_TEXTS[code]["message"].format(**values)


def _findings(code: str, year: int, rows: pd.DataFrame,
              make: Callable[[Any], dict[str, object]], org_column: str | None = "org_code"
              ) -> list[Finding]:
    return [
        Finding(code, year, getattr(row, org_column) if org_column else None,
                _message(code, **make(row)))
        for row in rows.itertuples(index=False)
    ]


def _member_cap(db: Database, year: int, s: RuleSettings) -> list[Finding]:
    rows = db.query("member_excellent_cap_by_org", year=year, ratio=s.excellent_cap_ratio,
                    include_excellent=s.excellent_cap_includes_excellent)
    base = RULE_TEXTS["member_excellent_cap"]["base_with" if s.excellent_cap_includes_excellent
                                              else "base_without"]
    return _findings("member_excellent_cap", year, rows, lambda r: {
        "org": r.org_name, "excellent": fmt_int(r.excellent), "cap": fmt_int(r.cap),
        "ratio": fmt_num(100 * s.excellent_cap_ratio, 0), "base": base,
        "denominator": fmt_int(r.denominator)})


def _org_cap(db: Database, year: int, s: RuleSettings) -> list[Finding]:
    if s.org_cap_group_by not in ("org_type", "sector"):
        raise ValueError(f"org_cap_group_by must be 'org_type' or 'sector': {s.org_cap_group_by}")
    rows = db.query("org_excellent_cap_by_group", year=year, ratio=s.excellent_cap_ratio,
                    group_by=s.org_cap_group_by)
    labels = SECTOR_LABELS if s.org_cap_group_by == "sector" else ORG_TYPE_LABELS
    return _findings("org_excellent_cap", year, rows, lambda r: {
        "group": labels.get(r.role_group, r.role_group), "excellent": fmt_int(r.excellent),
        "good": fmt_int(r.good), "cap": fmt_int(r.cap),
        "ratio": fmt_num(100 * s.excellent_cap_ratio, 0)}, org_column=None)


def _prerequisite(db: Database, year: int, s: RuleSettings) -> list[Finding]:
    rows = db.query("excellent_prerequisite_by_org", year=year,
                    good_share=s.prerequisite_good_share)
    return _findings("excellent_prerequisite", year, rows, lambda r: {
        "org": r.org_name,
        "of": RULE_TEXTS["excellent_prerequisite"][
            "of_cells" if r.org_type == "base_committee" else "of_members"],
        "rated": fmt_int(r.rated), "not_completed": fmt_int(r.not_completed),
        "good": fmt_int(r.good), "share": fmt_num(100 * s.prerequisite_good_share, 0)})


def _old_weak(db: Database, year: int, s: RuleSettings) -> list[Finding]:
    rows = db.query("old_scheme_forced_weak_by_org", year=year,
                    cells_fraction=s.old_weak_cells_fraction,
                    members_fraction=s.old_weak_members_fraction)
    return _findings("old_scheme_forced_weak", year, rows, lambda r: {
        "org": r.org_name, "weak": fmt_int(r.weak), "rated": fmt_int(r.rated),
        "of": RULE_TEXTS["old_scheme_forced_weak"][
            "of_cells" if r.org_type == "base_committee" else "of_members"]})


def _arithmetic(db: Database, year: int, s: RuleSettings) -> list[Finding]:
    rows = db.query("member_count_mismatch_by_org", year=year)
    return _findings("member_count_mismatch", year, rows, lambda r: {
        "org": r.org_name, "total": fmt_int(r.members_total), "parts": fmt_int(r.parts)})


RULES: tuple[Rule, ...] = (
    Rule("member_excellent_cap", "Hướng dẫn 21-HD/BTCTW", "cap", True, _new_scheme, _member_cap),
    Rule("org_excellent_cap", "Quy định 124-QĐ/TW, Điều 12", "cap", True, _new_scheme,
         _org_cap),
    Rule("excellent_prerequisite", "Hướng dẫn 21-HD/BTCTW", "prerequisite", True, _new_scheme,
         _prerequisite),
    Rule("old_scheme_forced_weak", "Hướng dẫn 27-HD/BTCTW (2014)", "forced level", True,
         _old_scheme, _old_weak),
    Rule("member_count_mismatch", "Số học", "consistency", True, _always, _arithmetic),
    Rule("disciplined_member", "Hướng dẫn 21-HD/BTCTW", "forced level", False, _new_scheme),
    Rule("sick_leave_cap", "Hướng dẫn 21-HD/BTCTW", "cap", False, _new_scheme),
    Rule("key_official_local", "Quy định của địa phương", "local", False, _always),
)


def check_year(db: Database, year: int, settings: RuleSettings | None = None) -> list[Finding]:
    """Every checkable rule that applies to the year, in the order of RULES."""
    settings = settings or RuleSettings.from_db(db)
    findings: list[Finding] = []
    for rule in RULES:
        if rule.check is not None and rule.applies(year):
            findings.extend(rule.check(db, year, settings))
    return findings
