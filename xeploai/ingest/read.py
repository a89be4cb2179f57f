"""Reading: uploaded or named files → sheets of raw cells, before any cell is understood.

The file is untrusted. A workbook is read without evaluating anything (a formula contributes
the value Excel stored, never a computation of ours; macros are never loaded) and within limits
of size, unzipped size and rows; a CSV file must be UTF-8 (with or without BOM) or UTF-16 with
its byte order mark, because the legacy Vietnamese encodings decode without error into the
wrong letters. What comes out is a ``SheetData`` per sheet: its header row mapped to column
keys, and its rows of ``Raw`` cells. Problems of the files as files are collected, not raised.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import itertools
import pickle
import re
import zipfile
import zlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from xeploai.ingest import spec
from xeploai.ingest.problems import Problem
from xeploai.ingest.spec import SPECS, fold, header_lookup, nfc, sheet_key
from xeploai.texts import IMPORT, IMPORT_EXPECTED, IMPORT_HEADERS, fmt_int


@dataclass(frozen=True)
class Source:
    """One uploaded or named file: its name as the user knows it and its bytes."""

    name: str
    data: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


@dataclass(frozen=True)
class Raw:
    """A cell as read: the value, and whether Excel formatted it as a percentage."""

    value: object
    percent: bool = False
    formula_without_value: bool = False


class PackedColumns(Mapping[str, list[object]]):
    """A sheet's columns as read, each kept pickled until a cell of it is asked for.

    The worker that reads a large file parses its cells too (``read_worker``), and the later
    stages read those parsed values; a cell as written is read again only to say what is wrong
    with it (``SheetData.raw``). Sent as Python lists, the cells of a national year's files (28
    million) held 1,1 GB of the server's memory through all the checks, for the few that a
    refusal quotes. Packed, a column costs its pickle until a message opens it, then its list.
    Pickled by our own worker for our own server, as the rest of its answer; each pickle
    deflated at zlib's fastest level (the columns repeat their counts and codes: a national
    year's 420 MB of pickles kept as 24 MB, deflated at ~475 MB/s)."""

    __slots__ = ("_opened", "_packed")

    def __init__(self, columns: Mapping[str, list[object]]) -> None:
        self._packed = {
            key: zlib.compress(pickle.dumps(cells, protocol=5), 1) for key, cells in columns.items()
        }
        self._opened: dict[str, list[object]] = {}

    def __getitem__(self, key: str) -> list[object]:
        cells = self._opened.get(key)
        if cells is None:
            cells = self._opened[key] = pickle.loads(zlib.decompress(self._packed[key]))
        return cells

    def __contains__(self, key: object) -> bool:
        return key in self._packed

    def __iter__(self) -> Iterator[str]:
        return iter(self._packed)

    def __len__(self) -> int:
        return len(self._packed)

    def opened(self) -> list[str]:
        """The columns a message has asked for so far."""
        return list(self._opened)

    def __getstate__(self) -> tuple[None, dict[str, object]]:
        # a copy travels packed: what was opened here is opened again where it is needed
        return None, {"_packed": self._packed, "_opened": {}}


@dataclass
class SheetData:
    """A sheet's kept rows (blank rows dropped), column by column: what the later stages read
    in bulk, never a cell object per cell. ``raw`` gives one cell as a ``Raw`` when a message
    needs it."""

    key: str  # organizations, results, …
    file: str
    label: str  # the sheet's name as written in the file
    headers: dict[str, str] = field(default_factory=dict)  # key → header as written
    numbers: list[int] = field(default_factory=list)  # each kept row's number in the file
    # key → the column's values as read (a calamine blank is "", a day a date: ``cell`` makes
    # them what openpyxl reads, where a value is looked at); from a worker, ``PackedColumns``
    columns: Mapping[str, list[object]] = field(default_factory=dict)
    # the few cells that are more than a value (openpyxl: a percentage format, a formula Excel
    # never computed), by (row index, key)
    flagged: dict[tuple[int, str], Raw] = field(default_factory=dict)
    # False when a required column is missing: its rows are then not checked for sums, which
    # would only repeat the one real problem on every row.
    complete: bool = True
    # its cells parsed (``parse.Parsed``) by the worker that read it, in parallel with the
    # other workers; None: parsed where its rows are made
    parsed: object | None = None

    def raw(self, index: int, key: str) -> Raw:
        flagged = self.flagged.get((index, key))
        return flagged if flagged is not None else Raw(cell(self.columns[key][index]))


def sources_from_paths(paths: Iterable[str | Path]) -> tuple[list[Source], list[Problem]]:
    """Files named on the command line; a folder stands for the .csv files in it."""
    sources: list[Source] = []
    problems: list[Problem] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            files = sorted(p for p in path.iterdir() if p.suffix.lower() == ".csv")
            if not files:
                problems.append(Problem(IMPORT["folder_empty"], file=str(path)))
        else:
            files = [path]
        for file in files:
            if not file.is_file():
                problems.append(Problem(IMPORT["file_missing"], file=str(file)))
                continue
            size = file.stat().st_size
            if file.suffix.lower() == ".zip" and size > spec.MAX_ZIP_BYTES:
                problems.append(_too_big(file.name, size, "zip_too_big", spec.MAX_ZIP_BYTES))
                continue
            if file.suffix.lower() != ".zip" and size > spec.MAX_FILE_BYTES:
                problems.append(_too_big(file.name, size))
                continue
            sources.append(Source(file.name, file.read_bytes()))
    return sources, problems


def _too_big(name: str, size: int, text: str = "file_too_big", limit: int | None = None) -> Problem:
    return Problem(
        IMPORT[text].format(
            size=f"{size / 2**20:.1f}".replace(".", ","),
            limit=(spec.MAX_FILE_BYTES if limit is None else limit) // 2**20,
            readme=IMPORT["export_parts_readme_name"],
        ),
        file=name,
    )


Read = tuple[list[SheetData], list[Problem], list[str]]


def read_sources(sources: Sequence[Source]) -> Read:
    """Sheets of raw cells, the problems of the files as files, and notes (skipped sheets).

    A .zip stands for the workbooks and CSV files in it (``unpacked``). Large files are read in
    a worker process (``spec.ISOLATE_ABOVE_BYTES``): the server keeps serving other sessions
    meanwhile, and the parser's memory goes with the worker.
    """
    files, problems, notes = unpacked(sources)
    if not files and problems:  # nothing else to read: not also "no sheet"
        return [], problems, notes
    if sum(len(s.data) for s in files) > spec.ISOLATE_ABOVE_BYTES:
        read = _read_isolated(files)
    else:
        read = _read_sources(files)
    return read[0], problems + read[1], notes + read[2]


def unpacked(sources: Sequence[Source]) -> tuple[list[Source], list[Problem], list[str]]:
    """The files to read: each .zip replaced by the workbooks and CSV files in it, in its own
    order, each named ``ZIP/MEMBER`` so that a message says which one. Read as the files would be
    if chosen together: one import, all or nothing.

    Every limit of a file holds for each file in the zip, and the zip as a whole is bounded
    (``spec.MAX_ZIP_BYTES``, ``MAX_ZIP_FILES``, what its files inflate to together), all
    checked on the sizes the zip declares before anything is inflated: a file that holds more
    than it declares is never inflated past it, and refused as damaged. The export's own guide
    (``DOC_TRUOC.txt``), folders and a Mac's ``._`` companions are passed over in silence;
    any other file in it is named in a note and not read.
    """
    files: list[Source] = []
    problems: list[Problem] = []
    notes: list[str] = []
    guide = IMPORT["export_parts_readme_name"]
    for source in sources:
        if Path(source.name).suffix.lower() != ".zip":
            files.append(source)
            continue
        if len(source.data) > spec.MAX_ZIP_BYTES:
            problems.append(
                _too_big(source.name, len(source.data), "zip_too_big", spec.MAX_ZIP_BYTES)
            )
            continue
        refused = len(problems)
        limit = spec.unzipped_limit(len(source.data), spec.MAX_ZIP_BYTES)
        found: list[Source] = []
        try:
            with zipfile.ZipFile(io.BytesIO(source.data)) as archive:
                members = [
                    m
                    for m in archive.infolist()
                    if not m.is_dir()
                    # a Mac's archiver adds a "._NAME" beside each file, in __MACOSX/
                    and not Path(m.filename).name.startswith("._")
                    and m.filename != guide
                ]
                if len(members) > spec.MAX_ZIP_FILES:
                    problems.append(
                        Problem(
                            IMPORT["zip_too_many"].format(
                                n=fmt_int(len(members)), limit=fmt_int(spec.MAX_ZIP_FILES)
                            ),
                            file=source.name,
                        )
                    )
                    continue
                read: list[zipfile.ZipInfo] = []
                for m in members:
                    if Path(m.filename).suffix.lower() in (".xlsx", ".csv", ".xls"):
                        read.append(m)
                    else:
                        notes.append(
                            IMPORT["zip_skipped"].format(member=m.filename, file=source.name)
                        )
                # the sizes as declared, before anything is inflated: Python's zipfile never
                # inflates a file past what it declares (one that holds more fails its CRC)
                over = [m for m in read if m.file_size > spec.MAX_FILE_BYTES]
                problems += [_too_big(f"{source.name}/{m.filename}", m.file_size) for m in over]
                if sum(m.file_size for m in read) > limit:
                    problems.append(
                        Problem(
                            IMPORT["zip_unzip_too_big"].format(
                                limit=spec.MAX_ZIP_BYTES // 2**20, ratio=spec.MAX_UNZIP_RATIO
                            ),
                            file=source.name,
                        )
                    )
                if len(problems) > refused:
                    continue
                found = [Source(f"{source.name}/{m.filename}", archive.read(m)) for m in read]
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError):
            # damaged, truncated, encrypted or in a compression no archiver uses by default
            problems.append(Problem(IMPORT["zip_unreadable"], file=source.name))
            continue
        if not found and len(problems) == refused:
            problems.append(Problem(IMPORT["zip_empty"], file=source.name))
        files += found
    return files, problems, notes


def _read_isolated(sources: Sequence[Source]) -> Read:
    """``_read_sources`` in new interpreters (``python -m xeploai.ingest.read_worker``): the files
    go in and the sheets come out pickled through their standard input and output. Several
    files are shared among as many workers as there are cores (at most ``spec.READ_WORKERS``),
    in runs of whole files, so the sheets come back in the files' order.

    Not multiprocessing: under Streamlit the "main module" a spawned worker re-imports is
    the page script itself, which must never run outside a session.
    """
    import os
    import pickle
    import subprocess
    from concurrent.futures import ThreadPoolExecutor

    from xeploai.interpreter import run_module

    runs = _runs(sources, min(len(sources), os.cpu_count() or 1, spec.READ_WORKERS))

    def read_run(run: list[Source]) -> tuple[subprocess.CompletedProcess[bytes], Read | None]:
        """A worker's run, and its answer unpickled as soon as it comes (while the other
        workers still read); its bytes let go then."""
        done = run_module(["xeploai.ingest.read_worker"], input=pickle.dumps(run))
        if done.returncode != 0:
            return done, None
        answer: Read = pickle.loads(done.stdout)  # our own worker's answer, nobody else's
        done.stdout = b""
        return done, answer

    with ThreadPoolExecutor(len(runs)) as pool:
        done = list(pool.map(read_run, runs))
    failed = [
        Problem(
            IMPORT["file_unreadable"].format(
                error=(d.stderr.decode("utf-8", "replace").strip().splitlines() or ["?"])[-1][:200]
            ),
            file=", ".join(s.name for s in run),
        )
        for run, (d, _) in zip(runs, done, strict=True)
        if d.returncode != 0  # the worker died (out of memory, killed): the files' fault
    ]
    if failed:
        return [], failed, []
    sheets: list[SheetData] = []
    problems: list[Problem] = []
    notes: list[str] = []
    for part in (answer for _, answer in done if answer is not None):  # every one, here
        sheets += part[0]
        problems += part[1]
        notes += part[2]
    # "no sheet" is said of all the files together, not of one worker's share
    problems = [p for p in problems if p.message != IMPORT["no_sheets"] or p.file]
    if not sheets and not problems:
        problems.append(Problem(IMPORT["no_sheets"]))
    return sheets, problems, notes


def _runs(sources: Sequence[Source], n: int) -> list[list[Source]]:
    """The files in ``n`` runs of neighbours, of about the same size each."""
    total = sum(len(s.data) for s in sources)
    runs: list[list[Source]] = [[]]
    size = 0
    for source in sources:
        if runs[-1] and size >= total * len(runs) / max(n, 1) and len(runs) < n:
            runs.append([])
        runs[-1].append(source)
        size += len(source.data)
    return runs


def _read_sources(sources: Sequence[Source]) -> Read:
    sheets: list[SheetData] = []
    problems: list[Problem] = []
    notes: list[str] = []
    for source in sources:
        if len(source.data) > spec.MAX_FILE_BYTES:
            problems.append(_too_big(source.name, len(source.data)))
            continue
        suffix = Path(source.name).suffix.lower()
        head = source.data[:8]
        if head.startswith(b"\xd0\xcf\x11\xe0"):  # OLE2: Excel 97–2003, whatever the name says
            problems.append(Problem(IMPORT["file_xls"], file=source.name))
        elif suffix == ".xlsx":
            _read_xlsx(source, sheets, problems, notes)
        elif suffix == ".csv":
            _read_csv(source, sheets, problems)
        elif suffix == ".xls":
            problems.append(Problem(IMPORT["file_xls"], file=source.name))
        else:
            ext = suffix or IMPORT["no_extension"]
            problems.append(Problem(IMPORT["file_bad_ext"].format(ext=ext), file=source.name))
    if not sheets and not problems:
        problems.append(Problem(IMPORT["no_sheets"]))
    return sheets, problems, notes


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and value.strip() == "")


def show(value: object) -> str:
    """A cell's value as the user wrote it, for a message (12.0 shows as 12)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return nfc(str(value)).strip()


def _header_text(value: object) -> str:
    return "" if value is None else nfc(str(value)).strip()


def _unknown_column(
    key: str, file: str, label: str, row: int, column: str, value: str | None = None
) -> Problem:
    return Problem(
        IMPORT["unknown_column"],
        file=file,
        sheet=label,
        row=row,
        column=column,
        value=value,
        expected=IMPORT_EXPECTED["column"].format(
            sheet=label, choices=", ".join(IMPORT_HEADERS[key])
        ),
    )


def _read_table(
    key: str,
    file: str,
    label: str,
    header: Sequence[object],
    body: Sequence[Sequence[object]],
    problems: list[Problem],
    flagged: dict[tuple[int, int], Raw] | None = None,
) -> SheetData:
    """Map the header row to keys; unknown, duplicate and missing columns are problems.

    ``body``: the rows under the header (the first is the file's row 2), as values;
    ``flagged``: the cells that are more than a value, by (index in ``body``, position)."""
    sheet = SheetData(key, file, label)
    lookup = header_lookup(key)
    positions: dict[int, str] = {}
    blank_header: list[int] = []
    for i, value in enumerate(header):
        text = _header_text(value)
        if not text:
            blank_header.append(i)
            continue
        column = lookup.get(fold(text))
        if column is None:
            problems.append(_unknown_column(key, file, label, 1, text))
        elif column in sheet.headers:
            problems.append(
                Problem(
                    IMPORT["duplicate_column"].format(column=column),
                    file=file,
                    sheet=label,
                    row=1,
                    column=text,
                )
            )
        else:
            positions[i] = column
            sheet.headers[column] = text
    for col in SPECS[key]:
        if col.required and col.key not in sheet.headers:
            sheet.complete = False
            problems.append(
                Problem(
                    IMPORT["missing_column"].format(
                        column=col.key, label=IMPORT_HEADERS[key][col.key]
                    ),
                    file=file,
                    sheet=label,
                    row=1,
                )
            )
    # A row is blank when every cell is: for a row that is not, the first filled cell ends the
    # look, so the test costs the blank rows only.
    kept = [i for i, row in enumerate(body) if not all(map(is_blank, row))]
    too_many = len(kept) > spec.MAX_ROWS
    if too_many:
        kept = kept[: spec.MAX_ROWS]
    rows = body if len(kept) == len(body) else [body[i] for i in kept]
    sheet.numbers = [i + 2 for i in kept]
    # The rows' cells column by column (a transposition in C; short rows end in blanks).
    by_position = list(itertools.zip_longest(*rows)) if rows else []
    blank_column: list[object] = [None] * len(rows)
    sheet.columns = {
        column: list(by_position[i]) if i < len(by_position) else blank_column
        for i, column in positions.items()
    }
    # A value under a blank header is a column nobody named: told once per column, at its first
    # value, in the order the rows are read.
    unnamed = []
    for i in blank_header:
        if i >= len(by_position):
            continue
        first = next((r for r, v in enumerate(by_position[i]) if not is_blank(v)), None)
        if first is not None:
            unnamed.append((first, i))
    for r, i in sorted(unnamed):
        value = show(cell(by_position[i][r]))
        problems.append(
            _unknown_column(key, file, label, sheet.numbers[r], _column_letter(i), value)
        )
    if too_many:
        problems.append(
            Problem(
                IMPORT["too_many_rows"].format(limit=fmt_int(spec.MAX_ROWS)),
                file=file,
                sheet=label,
            )
        )
    if flagged:
        index = {row: r for r, row in enumerate(kept)}
        for (row, i), raw in flagged.items():
            if row in index and i in positions:
                sheet.flagged[(index[row], positions[i])] = raw
    return sheet


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


# A formula element in a worksheet's XML (<f>, <f t="shared" …>, or with a namespace prefix).
_FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[\s>/]")


# A cell that holds an error (#DIV/0!, #N/A …), and a number format that shows a percentage
# (built in: 9 "0%", 10 "0.00%"; or a custom code with "%" outside quotes).
_ERROR_CELL = re.compile(rb"""<(?:\w+:)?c\b[^>]*\bt=["']e["']""")
_PERCENT_FORMAT = re.compile(rb"""<(?:\w+:)?numFmt\b[^>]*formatCode=["']([^"']*)["']""")
_XF_FORMAT = re.compile(rb"""<(?:\w+:)?xf\b[^>]*\bnumFmtId=["'](\d+)["']""")
_PERCENT_IDS = {9, 10}


def _has(pattern: re.Pattern[bytes], hints: tuple[bytes, ...], xml: bytes) -> bool:
    """Whether ``pattern`` occurs in the XML; only looked for where one of the plain ``hints``
    it cannot match without does (a plain search is ten times the regular expression's)."""
    return any(hint in xml for hint in hints) and pattern.search(xml) is not None


def _has_formula(xml: bytes) -> bool:
    """Whether a formula element (``_FORMULA_TAG``) occurs in a worksheet's XML, the expression
    tried only at the start of each tag in which "<f" or ":f" occurs. The template's lists put
    a <formula1> in nearly every sheet, so the hint alone is no answer, and the expression over
    the whole of a national file's sheets took 0,5 s of its 4,4 s of reading."""
    for hint in (b"<f", b":f"):
        at = xml.find(hint)
        while at != -1:
            start = xml.rfind(b"<", 0, at + 1)
            if start != -1 and _FORMULA_TAG.match(xml, start):
                return True
            at = xml.find(hint, at + 1)
    return False


def _percent_styles(styles: bytes) -> bool:
    """Whether any cell style of the workbook shows numbers as percentages."""
    custom = {m.group(0) for m in re.finditer(rb"<(?:\w+:)?numFmt\b[^>]*>", styles)}
    percent_ids = set(_PERCENT_IDS)
    for tag in custom:
        code = _PERCENT_FORMAT.search(tag)
        ident = re.search(rb"""numFmtId=["'](\d+)["']""", tag)
        if code and ident and b"%" in re.sub(rb'"[^"]*"', b"", code.group(1)):
            percent_ids.add(int(ident.group(1)))
    return any(int(m.group(1)) in percent_ids for m in _XF_FORMAT.finditer(styles))


def _inflated(archive: zipfile.ZipFile, limit: int) -> tuple[int, list[bytes]]:
    """The parts' size once inflated, measured by inflating them (what the central directory
    declares may lie), stopping as soon as it passes ``limit``; and the worksheets' XML, kept
    from the same inflating (none past the limit). A national year's 1,4 GB of worksheets were
    inflated twice, to be measured and then to be searched (1,2 s of CPU more)."""
    total = 0
    for info in archive.infolist():
        total += info.file_size  # declared: refuses an honest bomb without inflating it
        if total > limit:
            return total, []
    total = 0
    worksheets: list[bytes] = []
    for info in archive.infolist():
        sheet = info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")
        with archive.open(info) as part:
            if sheet:  # whole, but never more than the limit leaves
                xml = part.read(limit - total + 1)
                total += len(xml)
                worksheets.append(xml)
                if total > limit:
                    return total, []
                continue
            while chunk := part.read(1 << 20):
                total += len(chunk)
                if total > limit:
                    return total, []
    return total, worksheets


def _read_xlsx(
    source: Source, sheets: list[SheetData], problems: list[Problem], notes: list[str]
) -> None:
    limit = spec.unzipped_limit(len(source.data))
    try:
        with zipfile.ZipFile(io.BytesIO(source.data)) as archive:
            names = set(archive.namelist())
            unzipped, worksheets = _inflated(archive, limit)
            has_formulas = any(_has_formula(xml) for xml in worksheets)
            # What only openpyxl tells (a formula's presence, a cell's percent format, an
            # error value as Excel writes it): a workbook with any of them is read by it.
            styles = archive.read("xl/styles.xml") if "xl/styles.xml" in names else b""
            plain = (
                not has_formulas
                and not _percent_styles(styles)
                and not any(_has(_ERROR_CELL, (b't="e', b"t='e"), xml) for xml in worksheets)
            )
            del worksheets
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError):
        # damaged, truncated, encrypted or in a compression Excel never uses
        problems.append(Problem(IMPORT["file_not_xlsx"], file=source.name))
        return
    if "xl/workbook.xml" not in names:
        problems.append(Problem(IMPORT["file_not_xlsx"], file=source.name))
        return
    links = [n for n in names if n.startswith("xl/externalLinks/") and n.endswith(".xml")]
    if links:
        # Read as always, the values Excel stored (never fetched from the other files): they
        # are only as fresh as the last time Excel opened those files, so the user is told.
        notes.append(IMPORT["external_links"].format(file=source.name, n=len(links)))
    if unzipped > limit:
        problems.append(
            Problem(
                IMPORT["file_unzip_too_big"].format(
                    limit=spec.MAX_UNZIPPED_BYTES // 2**20, ratio=spec.MAX_UNZIP_RATIO
                ),
                file=source.name,
            )
        )
        return
    if plain and _read_xlsx_fast(source, sheets, problems, notes):
        return
    _read_xlsx_openpyxl(source, sheets, problems, notes, has_formulas)


def _read_xlsx_fast(
    source: Source, sheets: list[SheetData], problems: list[Problem], notes: list[str]
) -> bool:
    """A workbook of plain values through calamine (Rust; ~20× openpyxl on a national year's
    files), cell for cell as openpyxl gives them: a day as a datetime, a blank as nothing.
    False when calamine cannot read it: openpyxl then does, and says what is wrong."""
    import python_calamine

    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(source.data))
        read = [
            (name, workbook.get_sheet_by_name(name).to_python(skip_empty_area=False))
            for name in workbook.sheet_names
        ]
    except Exception:  # a damaged file: openpyxl's reading names the fault as before
        return False
    for name, rows in read:
        key = sheet_key(name)
        if key is None:
            if fold(name) not in spec.TEMPLATE_SHEETS:
                notes.append(IMPORT["unknown_sheet_skipped"].format(sheet=name))
            continue
        header = [cell(v) for v in rows[0]] if rows else []
        sheets.append(_read_table(key, source.name, name, header, rows[1:], problems))
    return True


def cell(value: object) -> object:
    """A value as openpyxl reads the cell: calamine's blank ("") is nothing, its day a
    datetime; what openpyxl or a CSV file gave stays as it is."""
    if value == "" and isinstance(value, str):
        return None
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return dt.datetime.combine(value, dt.time())
    return value


def _read_xlsx_openpyxl(
    source: Source,
    sheets: list[SheetData],
    problems: list[Problem],
    notes: list[str],
    has_formulas: bool,
) -> None:
    import openpyxl  # heavy; only when a workbook comes

    try:
        # Two read-only passes: formulas as written (to know which cells hold one) and the
        # values Excel stored. Nothing is ever computed here; macros are never loaded.
        formulas = (
            openpyxl.load_workbook(
                io.BytesIO(source.data), read_only=True, data_only=False, keep_links=False
            )
            if has_formulas
            else None
        )
        values = openpyxl.load_workbook(
            io.BytesIO(source.data), read_only=True, data_only=True, keep_links=False
        )
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        problems.append(
            Problem(IMPORT["file_unreadable"].format(error=type(exc).__name__), file=source.name)
        )
        return
    try:
        for name in values.sheetnames:
            key = sheet_key(name)
            if key is None:
                if fold(name) not in spec.TEMPLATE_SHEETS:
                    notes.append(IMPORT["unknown_sheet_skipped"].format(sheet=name))
                continue
            formula_cells: set[tuple[int, int]] = set()
            rows_with_formulas = formulas[name].iter_rows() if formulas else ()
            for r, row in enumerate(rows_with_formulas, start=1):
                if r > spec.MAX_ROWS + 1:
                    break
                for c, item in enumerate(row):
                    if getattr(item, "data_type", None) == "f":
                        formula_cells.add((r, c))
            rows = values[name].iter_rows()
            header_row = next(rows, ())
            header = [c.value for c in header_row]
            body: list[list[object]] = []
            flagged: dict[tuple[int, int], Raw] = {}
            filled = 0
            for r, row in enumerate(rows):
                if filled > spec.MAX_ROWS:  # enough to say the sheet has too many
                    break
                out = []
                for c, item in enumerate(row):
                    value = item.value
                    percent = isinstance(value, int | float) and "%" in str(
                        getattr(item, "number_format", "") or ""
                    )
                    formula = value is None and (r + 2, c) in formula_cells
                    if percent or formula:
                        flagged[(r, c)] = Raw(value, percent=percent, formula_without_value=formula)
                    out.append(value)
                body.append(out)
                filled += not all(map(is_blank, out))
            sheets.append(_read_table(key, source.name, name, header, body, problems, flagged))
    finally:
        if formulas:
            formulas.close()
        values.close()


def _decode_csv(source: Source) -> str | Problem:
    data = source.data
    if data.startswith(b"PK\x03\x04"):
        return Problem(IMPORT["file_not_csv"], file=source.name)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # Excel's "Unicode Text": UTF-16 announced by its byte order mark, decoded exactly.
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            return Problem(IMPORT["file_not_csv"], file=source.name)
    if b"\x00" in data:
        return Problem(IMPORT["file_not_csv"], file=source.name)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        # cp1258, TCVN3 and VNI all decode without error into the wrong letters: refuse.
        return Problem(IMPORT["file_encoding"].format(position=exc.start), file=source.name)


def _read_csv(source: Source, sheets: list[SheetData], problems: list[Problem]) -> None:
    key = sheet_key(Path(source.name).stem)
    if key is None:
        problems.append(Problem(IMPORT["csv_name"].format(name=source.name), file=source.name))
        return
    text = _decode_csv(source)
    if isinstance(text, Problem):
        problems.append(text)
        return
    first_line = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        problems.append(Problem(IMPORT["file_unreadable"].format(error=str(exc)), file=source.name))
        return
    if not records:
        problems.append(Problem(IMPORT["no_sheets"], file=source.name))
        return
    header: list[object] = list(records[0])
    sheets.append(
        _read_table(key, source.name, Path(source.name).stem, header, records[1:], problems)
    )
