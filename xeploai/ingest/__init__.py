"""Import of yearly results from workbooks and CSV files (DESIGN.md, "Import format").

The public face of the package: the command line and the page go through ``service``; the
stages behind it (``read``, ``parse``, ``validate``, ``storage``) are its business. ``workbook``
builds the template and the data export, the same workbook the import reads back.

The names below are loaded when first used: the worker that reads a large upload
(``read_worker``) imports ``read`` alone, without the database layer and pandas behind
``service`` (half a second of a new interpreter's start).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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

_HOMES = {
    "Batch": "batch",
    "DatabaseLocked": "problems",
    "ImportRefused": "problems",
    "Problem": "problems",
    "UndoRefused": "problems",
    "Source": "read",
    **dict.fromkeys(
        (
            "ImportRecord",
            "Preview",
            "audit_detail",
            "commit",
            "default_user",
            "history",
            "last_active_import",
            "open_for_write",
            "preview",
            "sources_from_paths",
            "undo",
        ),
        "service",
    ),
}

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


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{home}"), name)
