"""Kiểm tra quy tắc: the rule findings of a year, each rule with its source; the rules that
cannot be checked on the stored data, and the settings the checks use."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from xeploai.domain.orgs import ROLE_GROUPS
from xeploai.domain.selection import ALL, Filters
from xeploai.metrics.rules import CAP_GROUPINGS, RULES, Finding, Rule, RuleSettings, check_year
from xeploai.store.database import Database
from xeploai.texts import (
    RULE_KIND_LABELS,
    RULE_SETTING_LABELS,
    RULES_PAGE,
    SECTOR_LABELS,
    fmt_int,
)


def findings_table(findings: Sequence[Finding]) -> pd.DataFrame:
    """Each finding under its rule's title as the settings it was made with word it."""
    return pd.DataFrame(
        [
            {
                RULES_PAGE["col_rule"]: f.title,
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
    title: str  # with the thresholds of the settings the findings were made with
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


def rule_sections(
    year: int, findings: Sequence[Finding], settings: RuleSettings
) -> list[RuleSection]:
    """One section per checkable rule, in the order of RULES, with its findings of the year
    (made with ``settings``)."""
    return [
        RuleSection(
            rule,
            rule.title(settings),
            year,
            rule.applies(year),
            [f for f in findings if f.rule == rule.code],
        )
        for rule in RULES
        if rule.checkable
    ]


def unchecked_rules_table(settings: RuleSettings) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                RULES_PAGE["col_rule"]: rule.title(settings),
                RULES_PAGE["years"]: validity(rule),
                RULES_PAGE["source"]: "; ".join(src.cited for src in rule.sources),
                RULES_PAGE["col_why"]: rule.why_not_checked or "",
            }
            for rule in RULES
            if not rule.checkable
        ]
    )


def _role_groups(mapping: dict[str, str] | None) -> str:
    """The groups of similar roles and the sectors of each: the settings' or the default."""
    groups: dict[str, list[str]] = {}
    for sector, group in (ROLE_GROUPS if mapping is None else mapping).items():
        groups.setdefault(group, []).append(SECTOR_LABELS.get(sector, sector))
    labels = CAP_GROUPINGS["role_group"]
    text = " · ".join(f"{labels.get(g, g)}: {'; '.join(s)}" for g, s in groups.items())
    return RULES_PAGE["default_value"].format(value=text) if mapping is None else text


def setting_values(settings: RuleSettings) -> dict[str, str]:
    """Each setting as the board reads it: shares as percentages, the texts' fractions as
    fractions, the grouping in words."""
    s, words = settings, settings.title_words()  # the values as the rules' titles say them

    def yes(value: bool) -> str:
        return RULES_PAGE["yes"] if value else RULES_PAGE["no"]

    group = words["cap_group"]
    return {
        "excellent_cap_ratio": f"{words['ratio']}%",
        "excellent_cap_includes_excellent": yes(s.excellent_cap_includes_excellent),
        "org_cap_group_by": group[:1].upper() + group[1:],
        "role_groups": _role_groups(s.role_groups),
        "prerequisite_good_share": f"{words['good_share']}%",
        "score_exceeded_share": f"{words['exceeded_share']}%",
        "old_weak_cells_fraction": words["weak_cells"],
        "old_weak_members_fraction": words["weak_members"],
        "practice_excludes_suspended_and_new": yes(s.practice_excludes_suspended_and_new),
    }


def settings_table(settings: RuleSettings) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {RULES_PAGE["settings_heading"]: RULE_SETTING_LABELS[k], RULES_PAGE["value"]: v}
            for k, v in setting_values(settings).items()
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
    settings = RuleSettings.from_db(db)
    findings = in_scope(check_year(db, year, settings), filters.orgs)
    sections = rule_sections(year, findings, settings)
    return RuleChecksScreen(
        heading=RULES_PAGE["findings_heading"].format(year=year, n=len(findings)),
        sections=tuple(
            (section, findings_table(section.findings) if section.findings else None)
            for section in sections
        ),
        unchecked=unchecked_rules_table(settings),
        settings=settings_table(settings),
    )
