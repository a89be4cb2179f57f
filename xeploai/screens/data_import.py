"""What the pages "Nhập dữ liệu" and "Kiểm tra quy tắc" show, decided here so pages only draw.

Tables come with Vietnamese column names; every label mapping lives here, not in a page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from xeploai.ingest import importer
from xeploai.metrics.rules import Finding
from xeploai.store.database import Database
from xeploai.texts import (
    IMPORT_PAGE,
    IMPORT_TABLE_LABELS,
    fmt_int,
)


@dataclass
class Preview:
    """The dry run of uploaded files: problems (refused) or the changes and rule warnings."""

    problems: list[importer.Problem] = field(default_factory=list)
    batch: importer.Batch | None = None
    findings: list[Finding] = field(default_factory=list)

    @property
    def refused(self) -> bool:
        return bool(self.problems)


def preview(db: Database, sources: Sequence[importer.Source]) -> Preview:
    """Check the files against the database (read-only) and simulate the rule checks."""
    try:
        batch = importer.prepare(db, sources)
    except importer.ImportRefused as exc:
        return Preview(problems=exc.problems)
    return Preview(batch=batch, findings=importer.findings_after(db, batch))


def commit(db: Database, sources: Sequence[importer.Source], user: str | None = None
           ) -> tuple[int | None, Preview]:
    """Check again on the writable handle (the data may have moved since the preview), write."""
    try:
        batch = importer.prepare(db, sources)
    except importer.ImportRefused as exc:
        return None, Preview(problems=exc.problems)
    import_id = importer.commit(db, batch, user)
    from xeploai.metrics.rules import check_year

    findings = [f for year in batch.years for f in check_year(db, year)]
    return import_id, Preview(batch=batch, findings=findings)


def audit_detail(import_id: int | None, sources: Sequence[importer.Source], result: Preview
                 ) -> dict[str, Any]:
    """What the audit trail keeps of an import: which files, which import, what changed."""
    detail: dict[str, Any] = {"import_id": import_id, "files": [s.name for s in sources],
                              "sha256": [s.sha256 for s in sources]}
    if result.refused:
        detail["problems"] = len(result.problems)
    elif result.batch is not None:
        detail["counts"] = result.batch.counts()
    return detail


def problems_table(problems: Sequence[importer.Problem]) -> pd.DataFrame:
    return pd.DataFrame([{
        IMPORT_PAGE["col_file"]: p.file or "",
        IMPORT_PAGE["col_sheet"]: p.sheet or "",
        IMPORT_PAGE["col_row"]: "" if p.row is None else str(p.row),
        IMPORT_PAGE["col_column"]: p.column or "",
        IMPORT_PAGE["col_value"]: "" if p.value is None else p.value,
        IMPORT_PAGE["col_problem"]: p.message,
        IMPORT_PAGE["col_expected"]: p.expected or "",
    } for p in problems])


def diff_table(batch: importer.Batch) -> pd.DataFrame:
    kinds = {"added": IMPORT_PAGE["kind_added"], "changed": IMPORT_PAGE["kind_changed"]}
    return pd.DataFrame([{
        IMPORT_PAGE["col_kind"]: kinds[r["kind"]],
        IMPORT_PAGE["col_table"]: IMPORT_TABLE_LABELS[r["table"]],
        IMPORT_PAGE["col_key"]: r["key"],
        IMPORT_PAGE["col_change"]: r["change"],
    } for r in batch.diff_rows()])


def history_table(records: Sequence[importer.ImportRecord]) -> pd.DataFrame:
    def counts(record: importer.ImportRecord) -> str:
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


def undo_label(record: importer.ImportRecord) -> str:
    return IMPORT_PAGE["undo_last"].format(import_id=record.import_id,
                                           files=", ".join(record.file_names),
                                           at=f"{record.imported_at:%d/%m/%Y %H:%M}")
