"""Import of yearly results from workbooks and CSV files (DESIGN.md, "Import format").

The public face of the package: the command line and the page go through ``service``; the
stages behind it (``read``, ``parse``, ``validate``, ``storage``) are its business. ``workbook``
builds the template and the data export, the same workbook the import reads back.
"""

from xeploai.ingest.batch import Batch
from xeploai.ingest.problems import DatabaseLocked, ImportRefused, Problem, UndoRefused
from xeploai.ingest.read import Source
from xeploai.ingest.service import (
    ImportRecord,
    Preview,
    audit_detail,
    commit,
    default_user,
    history,
    last_active_import,
    open_for_write,
    preview,
    sources_from_paths,
    undo,
)

__all__ = [
    "Batch",
    "DatabaseLocked",
    "ImportRecord",
    "ImportRefused",
    "Preview",
    "Problem",
    "Source",
    "UndoRefused",
    "audit_detail",
    "commit",
    "default_user",
    "history",
    "last_active_import",
    "open_for_write",
    "preview",
    "sources_from_paths",
    "undo",
]
