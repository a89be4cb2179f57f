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

if TYPE_CHECKING:  # what the checker sees; at run time ``__getattr__`` below
    from xeploai.ingest.apart import DryRun as DryRun
    from xeploai.ingest.apart import Written as Written
    from xeploai.ingest.apart import dry_run as dry_run
    from xeploai.ingest.batch import Batch as Batch
    from xeploai.ingest.problems import DatabaseLocked as DatabaseLocked
    from xeploai.ingest.problems import ImportRefused as ImportRefused
    from xeploai.ingest.problems import Problem as Problem
    from xeploai.ingest.problems import UndoRefused as UndoRefused
    from xeploai.ingest.read import Source as Source
    from xeploai.ingest.service import ImportRecord as ImportRecord
    from xeploai.ingest.service import Preview as Preview
    from xeploai.ingest.service import audit_detail as audit_detail
    from xeploai.ingest.service import commit as commit
    from xeploai.ingest.service import default_user as default_user
    from xeploai.ingest.service import history as history
    from xeploai.ingest.service import keep_stale_findings as keep_stale_findings
    from xeploai.ingest.service import last_active_import as last_active_import
    from xeploai.ingest.service import open_for_write as open_for_write
    from xeploai.ingest.service import preview as preview
    from xeploai.ingest.service import sources_from_paths as sources_from_paths
    from xeploai.ingest.service import undo as undo

# Each public name and the module it lives in.
_HOMES = {
    name: module
    for module, names in {
        "apart": ("DryRun", "Written", "dry_run"),
        "batch": ("Batch",),
        "problems": ("DatabaseLocked", "ImportRefused", "Problem", "UndoRefused"),
        "read": ("Source",),
        "service": (
            "ImportRecord",
            "Preview",
            "audit_detail",
            "commit",
            "default_user",
            "history",
            "keep_stale_findings",
            "last_active_import",
            "open_for_write",
            "preview",
            "sources_from_paths",
            "undo",
        ),
    }.items()
    for name in names
}

__all__ = sorted(_HOMES)


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{home}"), name)
