"""The one way in: what the command line and the page "Nhập dữ liệu" both call.

The stages, each in its own module, run in this order:

    read.read_sources      → sheets as columns of raw values   (file format, encoding, size;
                                                         large files in parallel workers)
    parse.parse_columns    → typed columns            (every cell; each distinct value of a
                                                       column parsed once; a sheet's rows made
                                                       ``Row``s when their checks come)
    validate.prepare       → a Batch of changes       (every check; raises ImportRefused)
    storage.write_batch    → import_id                (one transaction, logged in import_log)
    storage.revert         → the rows restored        (undo)

Here they are put together the same way for both callers: ``preview`` (the dry run, with the
rule warnings the data would raise), ``commit`` (checked again on the writable handle, since
the data may have moved since the preview), ``undo`` (only the latest import in force),
``history``, and what the audit trail keeps of an import.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from xeploai.ingest.batch import Batch
from xeploai.ingest.problems import ImportRefused, Problem, UndoRefused
from xeploai.ingest.read import Source, sources_from_paths
from xeploai.ingest.spec import STORED_ROWS, TABLES, stored_params
from xeploai.ingest.statements import insert_staged, staged
from xeploai.ingest.storage import (
    ImportRecord,
    default_user,
    history,
    keep_stale_findings,
    open_for_write,
    revert,
    write_batch,
    write_changes,
)
from xeploai.ingest.validate import checked_against, prepare
from xeploai.metrics.rules import Finding, check_year_everywhere
from xeploai.store import tree
from xeploai.store.collector import collector_paused
from xeploai.store.database import Database
from xeploai.store.database import scratch as scratch_database
from xeploai.texts import IMPORT

if TYPE_CHECKING:
    from xeploai.ingest.apart import Written

__all__ = [
    "ImportRecord",
    "Preview",
    "audit_detail",
    "commit",
    "default_user",
    "findings_after",
    "history",
    "keep_stale_findings",
    "last_active_import",
    "open_for_write",
    "preview",
    "sources_from_paths",
    "undo",
]


@dataclass
class Preview:
    """The dry run of uploaded files: problems (refused) or the changes and rule warnings."""

    problems: list[Problem] = field(default_factory=list)
    batch: Batch | None = None
    findings: list[Finding] = field(default_factory=list)

    @property
    def refused(self) -> bool:
        return bool(self.problems)

    @property
    def counts(self) -> dict[str, dict[str, int]] | None:
        """The batch's counts by table (``Batch.counts``); None when refused."""
        return self.batch.counts() if self.batch is not None and not self.refused else None


@contextmanager
def _importing() -> Iterator[None]:
    """An import's checks or its write: the garbage collector held off meanwhile
    (``collector_paused``); when it is done, what Arrow's allocator kept of the tables it made
    is given back. An allocator keeps memory it freed for its next tables: a server's next
    national import (or a second dry run) started 0,1 GB higher with pyarrow's mimalloc. Arrow's
    allocator is now the C library's (``store.database``), whose heap this trims."""
    with collector_paused():
        try:
            yield
        finally:
            pa.default_memory_pool().release_unused()


def preview(db: Database, sources: Sequence[Source]) -> Preview:
    """Check the files against the database (read-only) and simulate the rule checks (the
    garbage collector held off meanwhile, Arrow's memory given back after: ``_importing``)."""
    with _importing():
        try:
            batch = prepare(db, sources)
        except ImportRefused as exc:
            return Preview(problems=exc.problems)
        return Preview(batch=batch, findings=findings_after(db, batch))


def commit(
    db: Database,
    sources: Sequence[Source],
    user: str | None = None,
    checked: Preview | None = None,
) -> tuple[int | None, Preview]:
    """Check again on the writable handle (the data may have moved since the preview), write.

    ``checked``: the preview of the same files. When it was checked against the very
    generation this handle copied, on the same day (nothing can have moved), its batch is
    written as it is and its warnings are those of the import — ``findings_after`` computed them
    on that generation with the batch written: a national year's files are not read and checked
    a second time, nor the rules run again. Otherwise the files are checked again and the rules
    run on the written data.

    Returns the import's number (None when nothing changes or the files are refused) and what
    was written, with the rule findings of the years it touched. The garbage collector is held
    off meanwhile and Arrow's memory given back after (``_importing``), as in the dry run.
    """
    with _importing():
        return _commit(db, sources, user, checked)


def _commit(
    db: Database, sources: Sequence[Source], user: str | None, checked: Preview | None
) -> tuple[int | None, Preview]:
    kept = checked.batch if checked is not None else None
    if checked is not None and kept is not None and _still_true(db, sources, kept):
        import_id = write_batch(db, kept, user)
        return import_id, Preview(batch=kept, findings=list(checked.findings))
    try:
        batch = prepare(db, sources)
    except ImportRefused as exc:
        return None, Preview(problems=exc.problems)
    db.release_memory()  # the stored rows the checks read (the handle is the writer's own)
    import_id = write_batch(db, batch, user)
    findings = [f for year in batch.years for f in check_year_everywhere(db, year)]
    return import_id, Preview(batch=batch, findings=findings)


def _still_true(db: Database, sources: Sequence[Source], checked: Batch) -> bool:
    return (
        checked.basis != ""
        and checked.basis == checked_against(db)
        and [s.sha256 for s in checked.sources] == [s.sha256 for s in sources]
    )


def findings_after(db: Database, batch: Batch) -> list[Finding]:
    """The rule findings of the batch's years as they would be after the import.

    Computed on a scratch copy, so a dry run needs only read access and writes nothing. The
    copy holds the year-by-year tables only for the batch's years: a year's findings read that
    year's results and scores (and the remediation plans, copied whole), and a national
    history holds millions of rows of the other years. The copy is made, the batch written and
    the rules run in one transaction that is rolled back: nothing of it is committed to the
    scratch file's log (2,5 s of a national year's dry run).

    A batch that changes no organization and no event (a year's results) leaves the stored tree
    as it stands: the organizations and their events are not copied, and the copy takes the
    stored tree's nodes of its years (``write_changes``'s ``tree_of``) rather than deriving
    the spells of every organization again.
    """
    years = batch.years
    if not years:
        return []
    with scratch_database() as scratch, scratch.trial():
        scratch.conn.execute("delete from organizations")  # the placeholder superior
        for table in TABLES:
            if batch.leaves_tree and table in tree.SOURCE_TABLES:
                continue
            stored = db.arrow(STORED_ROWS[table], **stored_params(table, years))
            with staged(scratch.conn, stored):
                scratch.execute(insert_staged(table))
        for key in ("rule_settings", "superior", "superior_code", "rounding"):
            value = db.meta(key)
            if value is not None:
                scratch.set_meta(key, value)
        write_changes(scratch, batch, scratch=True, tree_of=db if batch.leaves_tree else None)
        return [f for year in years for f in check_year_everywhere(scratch, year)]


def last_active_import(db: Database) -> ImportRecord | None:
    return next((r for r in history(db) if r.undone_at is None), None)


def undo(db: Database, import_id: int | None = None) -> tuple[ImportRecord, int]:
    """Restore the rows the import replaced and remove those it added.

    Only the most recent import still in force can be undone: an older one may have been
    overwritten by a later import, and restoring it would silently undo that one too.
    Returns the record and the number of rows restored or removed.
    """
    records = history(db)
    last = next((r for r in records if r.undone_at is None), None)
    if last is None:
        raise UndoRefused(IMPORT["undo_none"])
    if import_id is not None and import_id != last.import_id:
        asked = next((r for r in records if r.import_id == import_id), None)
        state = (
            "undo_state_missing"
            if asked is None
            else "undo_state_undone"
            if asked.undone_at is not None
            else "undo_state_older"
        )
        raise UndoRefused(
            IMPORT["undo_not_last"].format(
                last=last.import_id, asked=import_id, state=IMPORT[state]
            )
        )
    return last, revert(db, last.import_id)


def audit_detail(
    import_id: int | None, sources: Sequence[Source], result: Preview | Written
) -> dict[str, Any]:
    """What the audit trail keeps of an import: which files, which import, what changed."""
    detail: dict[str, Any] = {
        "import_id": import_id,
        "files": [s.name for s in sources],
        "sha256": [s.sha256 for s in sources],
    }
    if result.refused:
        detail["problems"] = len(result.problems)
    elif result.counts is not None:
        detail["counts"] = result.counts
    return detail
