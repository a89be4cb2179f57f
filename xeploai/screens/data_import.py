"""What the pages "Nhập dữ liệu" and "Kiểm tra quy tắc" show, decided here so pages only draw.

Tables come with Vietnamese column names; every label mapping lives here, not in a page. What
an import does (preview, commit, undo, history) is ``xeploai.ingest``'s: the page and the command
line call it alike.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from xeploai.ingest.apart import DryRun, Shown
from xeploai.ingest.apart import dry_run as ingest_dry_run
from xeploai.ingest.problems import Problem
from xeploai.ingest.read import Source
from xeploai.ingest.storage import ImportRecord
from xeploai.screens.blocks import Note
from xeploai.screens.common import LISTED_ROWS, cut_note
from xeploai.store.database import Database
from xeploai.texts import (
    IMPORT_PAGE,
    IMPORT_TABLE_LABELS,
    fmt_int,
)


def problems_table(problems: Sequence[Problem]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                IMPORT_PAGE["col_file"]: p.file or "",
                IMPORT_PAGE["col_sheet"]: p.sheet or "",
                IMPORT_PAGE["col_row"]: "" if p.row is None else str(p.row),
                IMPORT_PAGE["col_column"]: p.column or "",
                IMPORT_PAGE["col_value"]: "" if p.value is None else p.value,
                IMPORT_PAGE["col_problem"]: p.message,
                IMPORT_PAGE["col_expected"]: p.expected or "",
            }
            for p in problems
        ]
    )


def dry_run(db: Database, sources: tuple[Source, ...]) -> DryRun:
    """The uploaded files' dry run, as the page lists it: the first ``LISTED_ROWS`` changes of
    every table (``ingest.dry_run``: large files in a process of their own)."""
    return ingest_dry_run(db, sources, LISTED_ROWS)


def diff_table(rows: Sequence[Mapping[str, str]]) -> pd.DataFrame:
    """The changes the dry run found (``DryRun.rows``, ``Shown.first_rows``), as the page and
    the files of the whole list show them."""
    kinds = {"added": IMPORT_PAGE["kind_added"], "changed": IMPORT_PAGE["kind_changed"]}
    return pd.DataFrame(
        [
            {
                IMPORT_PAGE["col_kind"]: kinds[r["kind"]],
                IMPORT_PAGE["col_table"]: IMPORT_TABLE_LABELS[r["table"]],
                IMPORT_PAGE["col_key"]: r["key"],
                IMPORT_PAGE["col_change"]: r["change"],
            }
            for r in rows
        ]
    )


def diff_cut(shown: Shown) -> Note | None:
    """The note under the changes when the page lists fewer than all (``Shown.first_rows``,
    the first ``Shown.each`` of every table)."""
    return cut_note(
        IMPORT_PAGE["changes_cut"], shown.changes, len(shown.first_rows), each=fmt_int(shown.each)
    )


def history_table(records: Sequence[ImportRecord]) -> pd.DataFrame:
    def counts(record: ImportRecord) -> str:
        parts = []
        for table, n in record.counts.items():
            if n.get("added") or n.get("changed"):
                parts.append(
                    f"{IMPORT_TABLE_LABELS.get(table, table)}: +{fmt_int(n['added'])}"
                    f" ~{fmt_int(n['changed'])}"
                )
        return "; ".join(parts)

    return pd.DataFrame(
        [
            {
                IMPORT_PAGE["col_import_id"]: str(r.import_id),
                IMPORT_PAGE["col_at"]: f"{r.imported_at:%d/%m/%Y %H:%M}",
                IMPORT_PAGE["col_file"]: ", ".join(r.file_names),
                IMPORT_PAGE["col_user"]: r.user_name or "",
                IMPORT_PAGE["col_counts"]: counts(r),
                IMPORT_PAGE["col_undone"]: f"{r.undone_at:%d/%m/%Y %H:%M}" if r.undone_at else "",
            }
            for r in records
        ]
    )


def undo_label(record: ImportRecord) -> str:
    return IMPORT_PAGE["undo_last"].format(
        import_id=record.import_id,
        files=", ".join(record.file_names),
        at=f"{record.imported_at:%d/%m/%Y %H:%M}",
    )
