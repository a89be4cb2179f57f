"""The report's tables: rows written as the XML of a row python-docx wrote, their texts in
place, held as text until the report is saved, give the same document as python-docx writing
each row (the attention list of a national year is 61.448 rows)."""

from __future__ import annotations

import io
import random
import zipfile
from collections.abc import Sequence
from typing import Any

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from lxml import etree

from xeploai.exports.docx import _Held, _table


def _by_python_docx(
    doc: Any, caption: str, columns: Sequence[str], rows: Sequence[Sequence[str]], numeric_from: int
) -> None:
    """The table as python-docx's own calls write it, row by row (the code before the copies)."""
    table = _table(doc, caption, columns, [], numeric_from, held=_Held())
    doc.paragraphs[-1]._p.getparent().remove(doc.paragraphs[-1]._p)  # the paragraph after it
    for values in rows:
        cells = table.add_row().cells
        for j, (cell, text) in enumerate(zip(cells, values, strict=True)):
            cell.text = ""
            para = cell.paragraphs[0]
            para.add_run(text).font.size = Pt(11)
            if j >= numeric_from:
                para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    doc.add_paragraph()


# Texts python-docx writes in other ways (a tab, a line break, a space at an end, nothing),
# beside plain ones with Vietnamese letters and numbers.
ODD = ["", " lề trái", "lề phải ", "một\tcột", "hai\ndòng", "ba\r\ndòng", "\xa0", "  "]
PLAIN = [
    "Chi bộ Trường THPT Phạm Văn Sáng",
    "1.234",
    "87,50%",
    "hoàn thành nhiệm vụ",
    "a b",
    # what XML escapes, and quotes
    "Đảng ủy Công ty <A> & \"B\" 'C'",
    "a &amp; b",
    "]]>",
    "\ue000 ký tự riêng",
]


def _rows(seed: int, n: int, cols: int, odd: float) -> list[list[str]]:
    rng = random.Random(seed)
    return [
        [rng.choice(ODD) if rng.random() < odd else rng.choice(PLAIN) for _ in range(cols)]
        for _ in range(n)
    ]


def _body(doc: Any) -> bytes:
    return bytes(etree.tostring(doc.element.body))


@pytest.mark.parametrize(
    ("seed", "n", "cols", "numeric_from", "odd"),
    [
        (1, 300, 2, 2, 0.0),
        (2, 300, 2, 1, 0.1),
        (3, 200, 4, 1, 0.3),
        (4, 50, 3, 0, 1.0),  # every row written by python-docx: no copy
        (5, 1, 2, 1, 0.0),
        (6, 0, 2, 1, 0.0),
        (7, 120, 5, 2, 0.02),
    ],
)
def test_rows_written_as_text_are_the_rows_python_docx_writes(
    seed: int, n: int, cols: int, numeric_from: int, odd: float
) -> None:
    rows = _rows(seed, n, cols, odd)
    columns = [f"Cột {j}" for j in range(cols)]
    fast, slow, held = docx.Document(), docx.Document(), _Held()
    _table(fast, "Bảng 7. Tổ chức cơ sở đảng cần chú ý", columns, rows, numeric_from, held=held)
    _by_python_docx(slow, "Bảng 7. Tổ chức cơ sở đảng cần chú ý", columns, rows, numeric_from)
    saved = docx.Document(io.BytesIO(held.saved(fast)))
    assert _body(saved) == _body(docx.Document(io.BytesIO(_saved(slow))))
    assert len(saved.tables[0].rows) == n + 1
    read = [[c.text for c in r.cells] for r in saved.tables[0].rows[1:]]
    plain = [i for i, r in enumerate(rows) if all(t in PLAIN for t in r)]
    assert [read[i] for i in plain] == [rows[i] for i in plain]


@pytest.mark.parametrize("bad", ["Chi bộ\x0bsố 1", "mục\x00", "x\ufffe", "\ud800 nửa"])
def test_a_text_xml_cannot_hold_is_refused_as_python_docx_refuses_it(bad: str) -> None:
    """A control character is not XML: python-docx raises ``ValueError`` for it; a row
    written after the template raises the same, after the rows before it."""
    rows = [["Chi bộ 1", "1"], ["Chi bộ 2", "2"], ["Chi bộ 3", "3"], [bad, "4"]]
    with pytest.raises(ValueError):
        _by_python_docx(docx.Document(), "Bảng", ["Tên", "Số"], rows[3:], 1)
    doc = docx.Document()
    with pytest.raises(ValueError):
        _table(doc, "Bảng", ["Tên", "Số"], rows, 1, held=_Held())
    assert [[c.text for c in r.cells] for r in doc.tables[0].rows[1:]] == rows[:3]


def _saved(doc: Any) -> bytes:
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _parts(package: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(package)) as z:
        return {i.filename: z.read(i) for i in z.infolist()}


@pytest.mark.parametrize(
    ("seed", "n", "cols", "numeric_from", "odd"),
    [(11, 400, 2, 2, 0.0), (12, 250, 3, 1, 0.05), (13, 40, 4, 1, 0.5), (14, 1, 2, 1, 0.0)],
)
def test_rows_held_until_the_save_are_the_rows_python_docx_writes(
    seed: int, n: int, cols: int, numeric_from: int, odd: float
) -> None:
    """Two tables and a paragraph between them, their rows held as text: the saved document
    is the one python-docx writes row by row, in the same package (the other parts, their
    names and order, the same bytes)."""
    first, second = _rows(seed, n, cols, odd), _rows(seed + 100, n // 2 + 1, cols, odd)
    columns = [f"Cột {j}" for j in range(cols)]
    fast, slow, held = docx.Document(), docx.Document(), _Held()
    _table(fast, "Bảng 1", columns, first, numeric_from, held=held)
    fast.add_paragraph("Giữa hai bảng")
    _table(fast, "Bảng 2", columns, second, numeric_from, held=held)
    _by_python_docx(slow, "Bảng 1", columns, first, numeric_from)
    slow.add_paragraph("Giữa hai bảng")
    _by_python_docx(slow, "Bảng 2", columns, second, numeric_from)
    ours, theirs = _parts(held.saved(fast)), _parts(_saved(slow))
    assert list(ours) == list(theirs)
    assert ours == theirs
    reread = docx.Document(io.BytesIO(held.saved(fast)))
    assert [len(t.rows) for t in reread.tables] == [len(first) + 1, len(second) + 1]
    read = [[c.text for c in r.cells] for r in reread.tables[0].rows[1:]]
    plain = [i for i, r in enumerate(first) if all(t in PLAIN for t in r)]
    assert [read[i] for i in plain] == [first[i] for i in plain]


def test_a_held_table_whose_place_is_lost_is_not_saved() -> None:
    """A held table's place (a comment in the table) taken out of the document: the save
    refuses rather than write a table without its rows."""
    doc, held = docx.Document(), _Held()
    table = _table(doc, "Bảng", ["Tên", "Số"], [["Chi bộ 1", "1"], ["Chi bộ 2", "2"]], 1, held=held)
    [place] = [e for e in table._tbl if isinstance(e, etree._Comment)]
    table._tbl.remove(place)
    with pytest.raises(RuntimeError):
        held.saved(doc)
