"""The report's tables: rows copied from a row python-docx wrote give the same document as
python-docx writing each row (the attention list of a national year is 61.448 rows)."""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from lxml import etree

from xeploai.exports.docx import _table


def _by_python_docx(
    doc: Any, caption: str, columns: Sequence[str], rows: Sequence[Sequence[str]], numeric_from: int
) -> None:
    """The table as python-docx's own calls write it, row by row (the code before the copies)."""
    table = _table(doc, caption, columns, [], numeric_from)
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
def test_copied_rows_are_the_rows_python_docx_writes(
    seed: int, n: int, cols: int, numeric_from: int, odd: float
) -> None:
    rows = _rows(seed, n, cols, odd)
    columns = [f"Cột {j}" for j in range(cols)]
    fast, slow = docx.Document(), docx.Document()
    _table(fast, "Bảng 7. Tổ chức cơ sở đảng cần chú ý", columns, rows, numeric_from)
    _by_python_docx(slow, "Bảng 7. Tổ chức cơ sở đảng cần chú ý", columns, rows, numeric_from)
    assert _body(fast) == _body(slow)
    assert len(fast.tables[0].rows) == n + 1
    read = [[c.text for c in r.cells] for r in fast.tables[0].rows[1:]]
    plain = [i for i, r in enumerate(rows) if all(t in PLAIN for t in r)]
    assert [read[i] for i in plain] == [rows[i] for i in plain]


@pytest.mark.parametrize("bad", ["Chi bộ\x0bsố 1", "mục\x00", "x\ufffe"])
def test_a_text_xml_cannot_hold_is_refused_as_python_docx_refuses_it(bad: str) -> None:
    """A control character is not XML: python-docx raises ``ValueError`` for it; a copied
    row raises the same, after the rows before it."""
    rows = [["Chi bộ 1", "1"], ["Chi bộ 2", "2"], [bad, "3"]]
    with pytest.raises(ValueError):
        _by_python_docx(docx.Document(), "Bảng", ["Tên", "Số"], rows[2:], 1)
    doc = docx.Document()
    with pytest.raises(ValueError):
        _table(doc, "Bảng", ["Tên", "Số"], rows, 1)
    assert [[c.text for c in r.cells] for r in doc.tables[0].rows[1:]] == rows[:2]
