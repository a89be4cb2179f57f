"""What the national year's import was made faster by, held to what it replaced: a sheet's
key (blank parts that mean something, parts that must be given), the look for formulas in a
worksheet's XML, and the collector held off while files are checked."""

from __future__ import annotations

import gc
import pickle
from collections.abc import Iterator
from typing import Any, cast

import pytest

from xeploai.ingest import service
from xeploai.ingest.parse import CellError, parse_sheet, parse_text
from xeploai.ingest.problems import ImportRefused, Problem
from xeploai.ingest.read import PackedColumns, Raw, SheetData, _has_formula
from xeploai.ingest.spec import SPECS
from xeploai.ingest.validate import _key_of
from xeploai.store.database import Database


@pytest.mark.parametrize(
    ("columns", "values", "key"),
    [
        (("year", "org_code"), {"year": 2026, "org_code": "CB01"}, (2026, "CB01")),
        (("year", "org_code"), {"year": 2026, "org_code": None}, None),
        (("year", "org_code"), {"year": 2026, "org_code": ""}, None),
        (("year", "org_code"), {"year": None, "org_code": "CB01"}, None),
        # a blank quarter is the year itself; a blank committee is the database's own
        (
            ("year", "quarter", "org_code"),
            {"year": 2026, "quarter": None, "org_code": "A"},
            (2026, 0, "A"),
        ),
        (("year", "quarter", "org_code"), {"year": 2026, "quarter": None, "org_code": None}, None),
        (
            ("scope_code", "term", "subject", "measure"),
            {"scope_code": None, "term": "2025-2030", "subject": "org", "measure": "good"},
            ("", "2025-2030", "org", "good"),
        ),
        (
            ("scope_code", "term", "subject", "measure"),
            {"scope_code": "", "term": "2025-2030", "subject": "org", "measure": "good"},
            ("", "2025-2030", "org", "good"),
        ),
        # a zero is a value, not a blank
        (
            ("year", "quarter", "org_code"),
            {"year": 2026, "quarter": 0, "org_code": "A"},
            (2026, 0, "A"),
        ),
        (("org_code",), {"org_code": "CB01"}, ("CB01",)),
        (("org_code",), {"org_code": None}, None),
    ],
)
def test_a_sheet_key(columns: tuple[str, ...], values: dict[str, Any], key: Any) -> None:
    assert _key_of(*columns)(tuple(values[c] for c in columns)) == key


@pytest.mark.parametrize(
    ("xml", "formula"),
    [
        (b"<sheetData><row><c r='A1'><v>1</v></c></row></sheetData>", False),
        # the template's lists: a <formula1> is no formula of a cell
        (
            b"<dataValidation type='list'><formula1>'Danh m'!$A$2:$A$9</formula1></dataValidation>",
            False,
        ),
        (b"<c r='A1'><f>SUM(B1:B3)</f><v>6</v></c>", True),
        (b"<c r='A1'><f t='shared' ref='A1:A9' si='0'/></c>", True),
        (b"<x:c r='A1'><x:f>B1*2</x:f></x:c>", True),
        (b"<c r='A1'><f\n>B1</f></c>", True),
        (b"<c r='A1' t='inlineStr'><is><t>a:f and &lt;f&gt;</t></is></c>", False),
        (b"<x:formula1>1</x:formula1>", False),
        (b":f> with no tag before", False),
    ],
)
def test_formulas_are_found_where_they_are(xml: bytes, formula: bool) -> None:
    assert _has_formula(xml) is formula


@pytest.fixture
def collector_on() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    yield
    (gc.enable if was else gc.disable)()


@pytest.mark.usefixtures("collector_on")
@pytest.mark.parametrize("step", ["preview", "commit"])
def test_the_files_are_checked_with_the_collector_off_and_it_comes_back(
    monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    seen: list[bool] = []

    def refused(db: Database, sources: Any) -> Any:
        seen.append(gc.isenabled())
        raise ImportRefused([Problem("Tệp hỏng")])

    monkeypatch.setattr(service, "prepare", refused)
    db = cast("Database", None)  # a refusal reads nothing of the database
    result = service.preview(db, []) if step == "preview" else service.commit(db, [])[1]
    assert result.refused and result.problems[0].message == "Tệp hỏng"
    assert seen == [False]
    assert gc.isenabled()


@pytest.mark.parametrize(
    "text",
    [
        "Chi bộ Trường THCS Tân Hòa",
        "CB01",
        "Chi bộ  Ấp 3",  # two spaces
        " CB01",
        "CB01 ",
        "Tân Ho\u0300a",  # NFD
        "Chi\u200bbộ",  # a zero-width space
        "Chi\u00a0bộ",  # a non-breaking space
        "dòng 1\ndòng 2",
        "x" * 600,
    ],
)
def test_a_code_or_a_name_read_as_parse_text_reads_it(text: str) -> None:
    """The cells a code or a name column holds, parsed column by column, are what
    ``parse_text`` makes of each (or its refusal), the clean ones taken as they are."""
    sheet = SheetData("organizations", "f.xlsx", "organizations")
    sheet.numbers = [2]
    sheet.columns = {"org_code": [text], "org_name": [text]}
    parsed = parse_sheet(sheet)
    got = {c.key: parsed.values[i][0] for i, c in enumerate(SPECS["organizations"])}
    for column, kind in (("org_code", "code"), ("org_name", "text")):
        try:
            expected: Any = parse_text(Raw(text), kind)
        except CellError:
            expected = None  # refused: a problem of that cell, its value None
            assert any(p.column == column for _, _, p in parsed.found)
        assert got[column] == expected


def test_packed_columns_open_a_column_only_when_a_cell_of_it_is_asked_for() -> None:
    """A worker's sheet keeps its cells as read pickled (``PackedColumns``): asking which
    columns there are opens none; a cell opens its column once; a copy sent on carries the
    packed columns, not what was opened."""
    columns: dict[str, list[object]] = {
        "org_code": ["A1", "B2", None],
        "members_total": [12.0, "12,0", None],
    }
    packed = PackedColumns(columns)
    assert list(packed) == ["org_code", "members_total"] and len(packed) == 2
    assert "org_code" in packed and "org_name" not in packed
    assert packed.opened() == []
    sheet = SheetData("results", "f.xlsx", "results", columns=packed, numbers=[2, 3, 4])
    assert sheet.raw(1, "members_total") == Raw("12,0")
    assert sheet.raw(2, "members_total") == Raw(None)
    assert packed.opened() == ["members_total"]
    assert packed["members_total"] is packed["members_total"]  # opened once
    assert packed == columns and dict(packed) == columns
    sent = pickle.dumps(packed)
    assert len(sent) == len(pickle.dumps(PackedColumns(columns)))
    copy = pickle.loads(sent)
    assert copy.opened() == [] and copy == columns
    # deflated: the server keeps a national year's columns, which repeat their counts and codes
    counts: dict[str, list[object]] = {"members_total": [float(n % 40) for n in range(10_000)]}
    assert len(pickle.dumps(PackedColumns(counts))) * 10 < len(pickle.dumps(counts))
