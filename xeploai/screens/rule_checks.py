"""Kiểm tra quy tắc: the rule findings of a year, each rule with its source; the rules that
cannot be checked on the stored data, and the settings the checks use."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from xeploai.domain.selection import ALL, Filters
from xeploai.metrics.rules import RULES, Finding, Rule, RuleSettings, check_year
from xeploai.store.database import Database
from xeploai.texts import RULE_KIND_LABELS, RULE_SETTING_LABELS, RULES_PAGE, fmt_int, fmt_num


def findings_table(findings: Sequence[Finding]) -> pd.DataFrame:
    titles = {r.code: r.title for r in RULES}
    return pd.DataFrame(
        [
            {
                RULES_PAGE["col_rule"]: titles.get(f.rule, f.rule),
                RULES_PAGE["col_org"]: f.org_code or "",
                RULES_PAGE["col_message"]: f.message,
                RULES_PAGE["source"]: f.source,
            }
            for f in findings
        ]
    )


def validity(rule: Rule) -> str:
    """The years a rule holds, as a reader says them: 2019–2022, từ 2025."""
    first, last = rule.validity
    return (
        RULES_PAGE["years_from"].format(first=first)
        if last is None
        else RULES_PAGE["years_span"].format(first=first, last=last)
    )


@dataclass(frozen=True)
class RuleSection:
    rule: Rule
    year: int
    applies: bool
    findings: list[Finding]

    @property
    def caption(self) -> str:
        """The text in force that year (or the years the rule holds), and its kind."""
        kind = RULE_KIND_LABELS.get(self.rule.kind, self.rule.kind)
        source = self.rule.source_for(self.year)
        cited = source.cited if source is not None else validity(self.rule)
        return f"{RULES_PAGE['source']}: {cited} · {RULES_PAGE['kind']}: {kind}"

    @property
    def status(self) -> str:
        if not self.findings:
            return RULES_PAGE["rule_ok"]
        return RULES_PAGE["rule_count"].format(n=fmt_int(len(self.findings)))


def in_scope(findings: Sequence[Finding], orgs: Sequence[str] | None) -> list[Finding]:
    """Findings about the organizations ``orgs`` (None: all, and those about whole groups)."""
    if orgs is None:
        return list(findings)
    return [f for f in findings if f.org_code in orgs]


def rule_sections(year: int, findings: Sequence[Finding]) -> list[RuleSection]:
    """One section per checkable rule, in the order of RULES, with its findings of the year."""
    return [
        RuleSection(rule, year, rule.applies(year), [f for f in findings if f.rule == rule.code])
        for rule in RULES
        if rule.checkable
    ]


def unchecked_rules_table() -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                RULES_PAGE["col_rule"]: rule.title,
                RULES_PAGE["years"]: validity(rule),
                RULES_PAGE["source"]: "; ".join(src.cited for src in rule.sources),
                RULES_PAGE["col_why"]: rule.why_not_checked or "",
            }
            for rule in RULES
            if not rule.checkable
        ]
    )


def settings_table(settings: RuleSettings) -> pd.DataFrame:
    def show(value: Any) -> str:
        if isinstance(value, bool):
            return RULES_PAGE["yes"] if value else RULES_PAGE["no"]
        if isinstance(value, float):
            return fmt_num(value, 3).rstrip("0").rstrip(",")
        return str(value)

    return pd.DataFrame(
        [
            {
                RULES_PAGE["settings_heading"]: RULE_SETTING_LABELS.get(k, k),
                RULES_PAGE["value"]: show(v),
            }
            for k, v in settings.as_dict().items()
        ]
    )


@dataclass(frozen=True)
class RuleChecksScreen:
    heading: str
    sections: tuple[tuple[RuleSection, pd.DataFrame | None], ...]
    unchecked: pd.DataFrame
    settings: pd.DataFrame


def build(db: Database, year: int, filters: Filters = ALL) -> RuleChecksScreen:
    """The year's findings about the organizations ``filters`` cover (a user limited to some
    organizations sees only theirs, none about whole groups)."""
    findings = in_scope(check_year(db, year), filters.orgs)
    sections = rule_sections(year, findings)
    return RuleChecksScreen(
        heading=RULES_PAGE["findings_heading"].format(year=year, n=len(findings)),
        sections=tuple(
            (section, findings_table(section.findings) if section.findings else None)
            for section in sections
        ),
        unchecked=unchecked_rules_table(),
        settings=settings_table(RuleSettings.from_db(db)),
    )
