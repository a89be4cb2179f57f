"""What the import format is (DESIGN.md, "Import format"), written down once.

Every other stage reads its facts from here: the sheets and their columns, the tables an import
writes and their columns, the limits put on an untrusted file, and what "case, accents and
spaces ignored" means for headers and labels. ``TABLE_COLUMNS`` is also the allow-list of every
identifier the import puts into SQL text: ``table_columns`` refuses any other.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Final

from xeploai.domain.levels import LEVEL_CODES, MEMBER_LEVELS
from xeploai.domain.measures import DIRECTIONS, MEASURES, SUBJECTS
from xeploai.domain.orgs import EVENTS, ORG_TYPES, SECTORS
from xeploai.domain.regimes import FIRST_KNOWN_YEAR
from xeploai.domain.workflow import ITEM_STATUSES, STATUSES, today
from xeploai.texts import (
    DIRECTION_LABELS,
    EVAL_STATUS_LABELS,
    EVENT_LABELS,
    IMPORT_HEADER_ALIASES,
    IMPORT_HEADERS,
    IMPORT_SHEET_LABELS,
    ITEM_STATUS_LABELS,
    LEVEL_LABELS,
    MEASURE_LABELS,
    ORG_TYPE_LABELS,
    SECTOR_LABELS,
    SECTOR_LABELS_2025,
    SUBJECT_LABELS,
)

# --- limits of an untrusted file (read at call time: a test or a deployment may lower them) ---

MAX_FILE_BYTES = 20 * 1024 * 1024
# A workbook is a zip: a few kilobytes can inflate to gigabytes (a "zip bomb"). Its parts
# are measured as they inflate (a zip's declared sizes may lie) and refused past this total,
# or past this many times the file's own size: a real workbook inflates 5–20 times, the
# probe's 0,7 MB file 270 times (190 MB, 2,5 GB of memory to parse).
MAX_UNZIPPED_BYTES = 150 * 1024 * 1024
MAX_UNZIP_RATIO = 100


def unzipped_limit(file_bytes: int, most: int | None = None) -> int:
    """What a workbook of ``file_bytes`` may inflate to (a file under 64 KB counts as 64 KB);
    ``most`` in place of ``MAX_UNZIPPED_BYTES`` (a .zip of files: ``MAX_ZIP_BYTES``)."""
    cap = MAX_UNZIPPED_BYTES if most is None else most
    return min(cap, MAX_UNZIP_RATIO * max(file_bytes, 1 << 16))


# A .zip of workbooks and CSV files (what ``export data`` writes when the data is too large for
# one workbook) is read as those files, each within the limits above. The zip itself may hold
# more than one file's worth: a national history's export is 213 MB of workbooks, stored (the
# workbooks are already deflated). What its files inflate to together is held to this and to
# ``MAX_UNZIP_RATIO`` times the zip's size (``unzipped_limit``), on the sizes the zip declares.
MAX_ZIP_BYTES = 256 * 1024 * 1024
MAX_ZIP_FILES = 1000


# A workbook or CSV file larger than this is read in a worker process: its parsing neither
# holds the server's interpreter from other sessions nor leaves its memory in the server. On
# the import page, files larger than this together are checked and imported in a process of
# their own too (``apart``), for the same reasons: their checks and their write.
ISOLATE_ABOVE_BYTES = 1024 * 1024
# Several such files are read by this many workers at most (one per core, no more).
READ_WORKERS = 4
# On the import page, every upload is checked and imported apart (``apart``) when the
# database file is larger than this: the checks read the stored catalogue, lineage and tree,
# whatever the files' size (the national demo, 783 MB: a catalogue file under 1 MiB that
# moves 33.852 organizations took 2,0–2,1 GB to check). A district's database (13 MB) stays
# under it, and its imports in the server (0,4 s, where a new interpreter takes 0,8 s to
# start).
APART_DATABASE_ABOVE_BYTES = 64 * 1024 * 1024
MAX_ROWS = 100_000
MAX_TEXT = 300
YEAR_MIN = FIRST_KNOWN_YEAR  # evaluation years: before 2014, no known regime
# Years of existence and of congress terms: organizations founded long ago, terms ahead.
SPAN_YEAR_MIN = 1930
SPAN_YEARS_AHEAD = 10


def year_max() -> int:
    """Results are decided in December: no evaluation year lies after the current one (the
    year of ``domain.workflow.today``, the one "today" of the program: ``XEPLOAI_TODAY`` fixes
    it for a rehearsal, as it fixes the deadlines)."""
    return today().year


# --- the sheets and their columns -----------------------------------------------------------

SHEETS = (
    "organizations",
    "lineage",
    "results",
    "cell_results",
    "scores",
    "targets",
    "steps",
    "statuses",
    "remediation",
    "reports",
)
# Sheets of the template that hold no data.
TEMPLATE_SHEETS = frozenset({"huongdan", "danhmuc"})

CELL_LEVEL_COLUMNS = tuple(f"cells_{code}" for code in LEVEL_CODES)
MEMBER_LEVEL_COLUMNS = tuple(f"members_{code}" for code in MEMBER_LEVELS)
MEMBER_STATUS_COLUMNS = ("members_exempt", "members_suspended", "members_new", "members_pending")


@dataclass(frozen=True)
class Column:
    key: str
    kind: str  # which parser reads it (parse.PARSERS)
    required: bool = False  # the column must be present
    needs_value: bool = False  # a blank cell is an error


# A yearly sheet's key, and the level the organization was rated that year (blank: not rated).
_YEARLY = (
    Column("year", "year", True, True),
    Column("org_code", "code", True, True),
    Column("org_level", "level", True),
)

SPECS: dict[str, tuple[Column, ...]] = {
    "organizations": (
        Column("org_code", "code", True, True),
        Column("org_name", "text", True, True),
        Column("org_type", "org_type", True, True),
        Column("parent_code", "code"),
        # a superior committee has none; every other kind needs one (checked with the kind)
        Column("sector", "sector", True),
        Column("active_from", "span_year"),
        Column("active_to", "span_year"),
        Column("successor_code", "code"),
        Column("founded", "date"),
        Column("ended", "date"),
    ),
    "lineage": (
        Column("event_date", "date", True, True),
        Column("event", "event", True, True),
        Column("org_code", "code", True, True),
        Column("related_code", "code"),
        Column("from_value", "text"),
        Column("to_value", "text"),
        Column("decision", "text"),
    ),
    "scores": (
        Column("year", "year", True, True),
        Column("quarter", "quarter"),
        Column("org_code", "code", True, True),
        Column("score", "score", True, True),
        Column("tasks_completed", "maybe_bool"),
        Column("tasks_exceeded_pct", "target"),
        Column("disciplined", "maybe_bool"),
    ),
    "results": (
        *_YEARLY,
        Column("clean_strong", "bool"),
        Column("members_total", "count", True),
        *(Column(key, "count") for key in MEMBER_STATUS_COLUMNS),
        *(Column(key, "count") for key in MEMBER_LEVEL_COLUMNS),
        Column("members_evaluated", "count"),
        Column("cells_rated", "count"),
        *(Column(key, "count") for key in CELL_LEVEL_COLUMNS),
    ),
    "cell_results": _YEARLY,
    "targets": (
        Column("term", "text", True, True),
        Column("from_year", "span_year", True, True),
        Column("to_year", "span_year", True, True),
        Column("subject", "subject", True, True),
        Column("measure", "measure", True, True),
        Column("direction", "direction", True, True),
        Column("target", "target", True, True),
        Column("source", "text"),
        Column("scope_code", "code"),
    ),
    # The three steps of an organization's level (the decided level is the result's).
    "steps": (
        Column("year", "year", True, True),
        Column("org_code", "code", True, True),
        Column("self_level", "level"),
        Column("self_score", "score"),
        Column("appraised_level", "level"),
        Column("appraised_score", "score"),
        Column("decision_no", "text"),
        Column("decision_date", "date"),
    ),
    "statuses": (
        Column("year", "year", True, True),
        Column("org_code", "code", True, True),
        Column("status", "eval_status"),
        Column("reference", "text"),
        Column("status_date", "date"),
        Column("members_paused", "count"),
        Column("members_absent", "count"),
    ),
    "remediation": (
        Column("plan_year", "year", True, True),
        Column("org_code", "code", True, True),
        Column("item_no", "item_no", True, True),
        Column("shortcoming", "text", True, True),
        Column("remedy", "text"),
        Column("deadline", "date"),
    ),
    "reports": (
        Column("report_year", "year", True, True),
        Column("report_quarter", "report_quarter", True, True),
        Column("plan_year", "year", True, True),
        Column("org_code", "code", True, True),
        Column("item_no", "item_no", True, True),
        Column("item_status", "item_status", True, True),
        Column("done_text", "text"),
        Column("assessment", "text"),
        Column("reported_on", "date"),
    ),
}

# --- the tables an import writes: the allow-list of identifiers in SQL text -----------------

# Key columns, then all columns, of each table, in the order of the schema. Read-only mappings:
# nothing at run time may add a name to the list.
TABLE_KEYS: Final[Mapping[str, tuple[str, ...]]] = MappingProxyType(
    {
        "organizations": ("org_code",),
        "lineage_events": ("org_code", "event_date", "event"),
        "org_results": ("year", "org_code"),
        "cell_results": ("year", "org_code"),
        "org_scores": ("year", "quarter", "org_code"),
        "targets": ("scope_code", "term", "subject", "measure"),
        "org_steps": ("year", "org_code"),
        "org_statuses": ("year", "org_code"),
        "remediation_items": ("plan_year", "org_code", "item_no"),
        "remediation_reports": (
            "plan_year",
            "org_code",
            "item_no",
            "report_year",
            "report_quarter",
        ),
    }
)
# The table each sheet's rows are checked into; a sheet's key is its table's (a row that repeats
# an earlier row's key is a problem).
SHEET_TABLES: Final[Mapping[str, str]] = MappingProxyType(
    {
        "organizations": "organizations",
        "lineage": "lineage_events",
        "results": "org_results",
        "cell_results": "cell_results",
        "scores": "org_scores",
        "targets": "targets",
        "steps": "org_steps",
        "statuses": "org_statuses",
        "remediation": "remediation_items",
        "reports": "remediation_reports",
    }
)
TABLE_COLUMNS: Final[Mapping[str, tuple[str, ...]]] = MappingProxyType(
    {
        "organizations": (
            "org_code",
            "org_name",
            "org_type",
            "parent_code",
            "sector",
            "active_from",
            "active_to",
            "successor_code",
            "founded",
            "ended",
        ),
        "lineage_events": (
            "event_date",
            "event",
            "org_code",
            "related_code",
            "from_value",
            "to_value",
            "decision",
        ),
        "org_results": (
            "year",
            "org_code",
            "scheme_code",
            "org_level",
            "clean_strong",
            "members_total",
            "members_exempt",
            "members_suspended",
            "members_new",
            "members_pending",
            "members_htxsnv",
            "members_httnv",
            "members_htnv",
            "members_khtnv",
            "cells_tsvm",
            "cells_htxsnv",
            "cells_httnv",
            "cells_htnv",
            "cells_khtnv",
            "cells_yk",
        ),
        "cell_results": ("year", "org_code", "scheme_code", "org_level"),
        "org_scores": (
            "year",
            "quarter",
            "org_code",
            "score",
            "tasks_completed",
            "tasks_exceeded_pct",
            "disciplined",
        ),
        "targets": (
            "scope_code",
            "term",
            "from_year",
            "to_year",
            "subject",
            "measure",
            "direction",
            "target",
            "source",
        ),
        "org_steps": (
            "year",
            "org_code",
            "self_level",
            "self_score",
            "appraised_level",
            "appraised_score",
            "decision_no",
            "decision_date",
        ),
        "org_statuses": (
            "year",
            "org_code",
            "status",
            "reference",
            "status_date",
            "members_paused",
            "members_absent",
        ),
        "remediation_items": (
            "plan_year",
            "org_code",
            "item_no",
            "shortcoming",
            "remedy",
            "deadline",
        ),
        "remediation_reports": (
            "plan_year",
            "org_code",
            "item_no",
            "report_year",
            "report_quarter",
            "item_status",
            "done_text",
            "assessment",
            "reported_on",
        ),
    }
)
# Organizations first: the other tables reference them.
TABLES = tuple(TABLE_KEYS)
# The query that reads each table's stored rows, in TABLE_COLUMNS' columns (queries/).
STORED_ROWS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "organizations": "stored_organizations_by_org",
        "lineage_events": "stored_lineage_by_org_date",
        "org_results": "stored_results_by_org_year",
        "cell_results": "stored_cell_results_by_cell_year",
        "org_scores": "stored_scores_by_org_year",
        "targets": "stored_targets_by_term_subject_measure",
        "org_steps": "stored_steps_by_org_year",
        "org_statuses": "stored_statuses_by_org_year",
        "remediation_items": "stored_remediation_items_by_item",
        "remediation_reports": "stored_remediation_reports_by_item_quarter",
    }
)


# The tables held year by year: an import reads their stored rows only for the years its files
# hold ($years of the stored query), not a national history of millions of rows.
YEARLY_TABLES: Final = ("org_results", "cell_results", "org_scores")


# The tables an import may read only for the organizations its files name ($codes of the stored
# query): a form names one organization of a national catalogue's 408.696, one plan of 47.121.
BY_CODE_TABLES: Final = ("organizations", "remediation_items")


def stored_params(
    table: str, years: Sequence[int] | None = None, codes: Sequence[str] | None = None
) -> dict[str, Any]:
    """The parameters of the table's stored query: of a yearly table its years, of a table of
    ``BY_CODE_TABLES`` its organizations' codes (None: every year, every organization)."""
    if table in BY_CODE_TABLES:
        return {"codes": None if codes is None else list(codes)}
    return {"years": None if years is None else list(years)} if table in YEARLY_TABLES else {}


class UnknownIdentifier(ValueError):
    """A table or column name outside the allow-list was about to be put into SQL text."""


def table_columns(table: str, columns: Iterable[str] | None = None) -> tuple[str, ...]:
    """The table's columns (or the given ones), each checked against the allow-list."""
    if table not in TABLE_COLUMNS:
        raise UnknownIdentifier(f"table {table!r} is not one an import writes")
    if columns is None:
        return TABLE_COLUMNS[table]
    chosen = tuple(columns)
    unknown = [c for c in chosen if c not in TABLE_COLUMNS[table]]
    if unknown:
        raise UnknownIdentifier(f"columns {unknown} are not columns of {table!r}")
    return chosen


# --- text folding: what "case, accents and spaces ignored" means ----------------------------


def fold(text: str) -> str:
    """'Đảng viên  HTXSNV' → 'dangvienhtxsnv': NFC or NFD, accents, case, spaces all ignored."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return re.sub(r"[^0-9a-z]", "", bare.lower())


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def is_clean(text: str) -> bool:
    """Whether ``clean_text`` gives the text back as it is, told in C (the common cell: a code
    or a name, one per row, 3 million of a national year's cells): in NFC, only printable
    characters (no format character, no line break, no space but the plain one), no space at
    either end and no two in a row."""
    return (
        text.isprintable()
        and text[:1] != " "
        and text[-1:] != " "
        and "  " not in text
        and unicodedata.is_normalized("NFC", text)
    )


def clean_text(text: str) -> str:
    """A name as it is meant: NFC, without invisible characters (zero-width spaces and joiners,
    soft hyphens, direction marks, the byte-order mark: Unicode's "format" characters), every
    run of spaces (a non-breaking one too) one plain space, none at the ends of a line; the
    lines of a longer text (a remediation plan) stay lines."""
    if is_clean(text):
        return text
    text = nfc(text)
    if text.isprintable():
        # no format character, no line break, no space but the plain one (each of those is not
        # "printable"): only the runs of spaces and the ends to mend
        return " ".join(text.split())
    visible = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    lines = [" ".join(line.split()) for line in visible.splitlines()]
    return "\n".join(lines).strip("\n")


def lookalike(text: str) -> str:
    """What two names that a reader cannot tell apart have in common: the clean text without
    case ("Đảng bộ xã Bà Điểm", "đảng bộ  xã Bà\u200b Điểm"). Accents are kept: in Vietnamese
    they tell places apart (Tân Hòa, Tân Hóa)."""
    return clean_text(text).casefold()


def _label_lookup(labels: dict[str, str], extra: dict[str, str] | None = None) -> dict[str, str]:
    lookup = {fold(code): code for code in labels}
    lookup.update({fold(label): code for code, label in labels.items()})
    lookup.update(extra or {})
    return lookup


LEVEL_LOOKUP = _label_lookup(
    LEVEL_LABELS,
    {
        "htxs": "HTXSNV",
        "hoanthanhxuatsac": "HTXSNV",
        "htt": "HTTNV",
        "hoanthanhtot": "HTTNV",
        "ht": "HTNV",
        "hoanthanh": "HTNV",
        "kht": "KHTNV",
        "khonghoanthanh": "KHTNV",
        "yeu": "YK",
        "tsvm": "TSVM",
    },
)
# Choice columns: the folded spellings accepted, and the labels offered in the message.
LOOKUPS: dict[str, tuple[dict[str, str], dict[str, str]]] = {
    kind: (_label_lookup(labels), labels)
    for kind, labels in (
        ("org_type", ORG_TYPE_LABELS),
        ("sector", SECTOR_LABELS),
        ("subject", SUBJECT_LABELS),
        ("measure", MEASURE_LABELS),
        ("direction", DIRECTION_LABELS),
        ("event", EVENT_LABELS),
        ("eval_status", EVAL_STATUS_LABELS),
        ("item_status", ITEM_STATUS_LABELS),
    )
}
# Shorter words a board writes for a status.
LOOKUPS["eval_status"][0].update({"xeploaimuon": "rated_late", "chuaxeploai": "not_evaluated"})
LOOKUPS["item_status"][0].update(
    {
        "hoanthanh": "done",
        "dahoanthanh": "done",
        "dangkhacphuc": "in_progress",
        "chuakhacphuc": "not_started",
    }
)
# Sectors are also read in the words of the years after July 2025 ("xã, phường, đặc khu").
LOOKUPS["sector"][0].update({fold(label): code for code, label in SECTOR_LABELS_2025.items()})
assert set(ORG_TYPE_LABELS) == set(ORG_TYPES) and set(SECTOR_LABELS) == set(SECTORS)
assert set(SUBJECT_LABELS) == set(SUBJECTS) and set(MEASURE_LABELS) == set(MEASURES)
assert set(DIRECTION_LABELS) == set(DIRECTIONS) and set(EVENT_LABELS) == set(EVENTS)
assert set(EVAL_STATUS_LABELS) == set(STATUSES) and set(ITEM_STATUS_LABELS) == set(ITEM_STATUSES)

TRUE_WORDS = frozenset({"1", "co", "x", "true", "yes", "dung", "tsvm"})
FALSE_WORDS = frozenset({"0", "khong", "false", "no", "sai"})


def sheet_key(name: str) -> str | None:
    """Which import sheet a sheet (or CSV file) name stands for, in English or Vietnamese."""
    folded = fold(name)
    for key in SHEETS:
        if folded in (fold(key), fold(IMPORT_SHEET_LABELS[key])):
            return key
    return None


def header_lookup(sheet: str) -> dict[str, str]:
    """Folded header (key or the template's Vietnamese label) → column key."""
    lookup: dict[str, str] = {}
    for key, label in IMPORT_HEADERS[sheet].items():
        lookup[fold(key)] = key
        lookup[fold(label)] = key
    for key, labels in IMPORT_HEADER_ALIASES.get(sheet, {}).items():
        for label in labels:
            lookup[fold(label)] = key
    return lookup
