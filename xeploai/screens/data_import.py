"""What the pages "Nhập dữ liệu" and "Kiểm tra quy tắc" show, decided here so pages only draw.

Tables come with Vietnamese column names; every label mapping lives here, not in a page. What
an import does (preview, commit, undo, history) is ``xeploai.ingest``'s: the page and the command
line call it alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from xeploai.ingest.batch import Batch
from xeploai.ingest.problems import Problem
from xeploai.ingest.storage import ImportRecord
from xeploai.metrics.rules import RULES, Finding, Rule, RuleSettings
from xeploai.texts import (
    IMPORT_PAGE,
    IMPORT_TABLE_LABELS,
    RULE_KIND_LABELS,
    RULE_SETTING_LABELS,
    RULES_PAGE,
    fmt_int,
    fmt_num,
)


def problems_table(problems: Sequence[Problem]) -> pd.DataFrame:
    return pd.DataFrame([{
        IMPORT_PAGE["col_file"]: p.file or "",
        IMPORT_PAGE["col_sheet"]: p.sheet or "",
        IMPORT_PAGE["col_row"]: "" if p.row is None else str(p.row),
        IMPORT_PAGE["col_column"]: p.column or "",
        IMPORT_PAGE["col_value"]: "" if p.value is None else p.value,
        IMPORT_PAGE["col_problem"]: p.message,
        IMPORT_PAGE["col_expected"]: p.expected or "",
    } for p in problems])


def diff_table(batch: Batch) -> pd.DataFrame:
    kinds = {"added": IMPORT_PAGE["kind_added"], "changed": IMPORT_PAGE["kind_changed"]}
    return pd.DataFrame([{
        IMPORT_PAGE["col_kind"]: kinds[r["kind"]],
        IMPORT_PAGE["col_table"]: IMPORT_TABLE_LABELS[r["table"]],
        IMPORT_PAGE["col_key"]: r["key"],
        IMPORT_PAGE["col_change"]: r["change"],
    } for r in batch.diff_rows()])


def findings_table(findings: Sequence[Finding]) -> pd.DataFrame:
    titles = {r.code: r.title for r in RULES}
    return pd.DataFrame([{
        RULES_PAGE["col_rule"]: titles.get(f.rule, f.rule),
        RULES_PAGE["col_org"]: f.org_code or "",
        RULES_PAGE["col_message"]: f.message,
    } for f in findings])


def history_table(records: Sequence[ImportRecord]) -> pd.DataFrame:
    def counts(record: ImportRecord) -> str:
        parts = []
        for table, n in record.counts.items():
            if n.get("added") or n.get("changed"):
                parts.append(f"{IMPORT_TABLE_LABELS.get(table, table)}: +{fmt_int(n['added'])}"
                             f" ~{fmt_int(n['changed'])}")
        return "; ".join(parts)

    return pd.DataFrame([{
        IMPORT_PAGE["col_import_id"]: str(r.import_id),
        IMPORT_PAGE["col_at"]: f"{r.imported_at:%d/%m/%Y %H:%M}",
        IMPORT_PAGE["col_file"]: ", ".join(r.file_names),
        IMPORT_PAGE["col_user"]: r.user_name or "",
        IMPORT_PAGE["col_counts"]: counts(r),
        IMPORT_PAGE["col_undone"]: f"{r.undone_at:%d/%m/%Y %H:%M}" if r.undone_at else "",
    } for r in records])


def undo_label(record: ImportRecord) -> str:
    return IMPORT_PAGE["undo_last"].format(import_id=record.import_id,
                                           files=", ".join(record.file_names),
                                           at=f"{record.imported_at:%d/%m/%Y %H:%M}")


# --- Kiểm tra quy tắc -----------------------------------------------------------------------

@dataclass(frozen=True)
class RuleSection:
    rule: Rule
    applies: bool
    findings: list[Finding]

    @property
    def caption(self) -> str:
        kind = RULE_KIND_LABELS.get(self.rule.kind, self.rule.kind)
        return f"{RULES_PAGE['source']}: {self.rule.source} · {RULES_PAGE['kind']}: {kind}"

    @property
    def status(self) -> str:
        if not self.findings:
            return RULES_PAGE["rule_ok"]
        return RULES_PAGE["rule_count"].format(n=fmt_int(len(self.findings)))


def in_scope(findings: Sequence[Finding], orgs: Sequence[str]) -> list[Finding]:
    """A user limited to some organizations sees only their findings (none of whole groups)."""
    if not orgs:
        return list(findings)
    return [f for f in findings if f.org_code in orgs]


def rule_sections(year: int, findings: Sequence[Finding]) -> list[RuleSection]:
    """One section per checkable rule, in the order of RULES, with its findings of the year."""
    return [RuleSection(rule, rule.applies(year), [f for f in findings if f.rule == rule.code])
            for rule in RULES if rule.checkable]


def unchecked_rules_table() -> pd.DataFrame:
    return pd.DataFrame([{
        RULES_PAGE["col_rule"]: rule.title,
        RULES_PAGE["source"]: rule.source,
        RULES_PAGE["col_why"]: rule.why_not_checked or "",
    } for rule in RULES if not rule.checkable])


def settings_table(settings: RuleSettings) -> pd.DataFrame:
    def show(value: Any) -> str:
        if isinstance(value, bool):
            return RULES_PAGE["yes"] if value else RULES_PAGE["no"]
        if isinstance(value, float):
            return fmt_num(value, 3).rstrip("0").rstrip(",")
        return str(value)

    return pd.DataFrame([{RULES_PAGE["settings_heading"]: RULE_SETTING_LABELS.get(k, k),
                          RULES_PAGE["value"]: show(v)} for k, v in settings.as_dict().items()])
