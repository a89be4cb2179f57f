"""The report's pictures: put in their places with the document's next free id looked up once,
they are the XML python-docx's own ``add_picture`` writes, one after the other."""

from __future__ import annotations

import io
from concurrent.futures import Future
from typing import Any

import docx
import pytest
from lxml import etree

from tests.pngs import white_png
from xeploai.exports.docx import IMAGE_WIDTH, _Held, _Pictures, _table


def _document(pngs: list[bytes], keys: list[str], *, by_python_docx: bool) -> Any:
    doc = docx.Document()
    titles = {k: f"Biểu đồ {k}" for k in keys}
    drawn: Future[list[bytes] | None] = Future()
    drawn.set_result(pngs)
    pictures = _Pictures(doc, titles, drawn)
    for n, key in enumerate(keys):
        pictures.add(key)
        doc.add_paragraph(f"Đoạn {n}")
        rows = [[f"Chi bộ {i}", str(i)] for i in range(30)]
        _table(doc, f"Bảng {n}", ["Tên", "Số"], rows, held=_Held())
    if by_python_docx:  # python-docx's own call for each picture, in the same places
        for (_, _, paragraph), png in zip(pictures.kept, pngs, strict=True):
            paragraph.add_run().add_picture(io.BytesIO(png), width=IMAGE_WIDTH)
    else:
        pictures.place()
    return doc


@pytest.mark.parametrize("count", [1, 2, 5])
def test_pictures_are_what_python_docx_writes(count: int) -> None:
    keys = [f"k{i}" for i in range(count)]
    pngs = [white_png(10 + i) for i in range(count)]
    ours = _document(pngs, keys, by_python_docx=False)
    theirs = _document(pngs, keys, by_python_docx=True)
    assert etree.tostring(ours.element.body) == etree.tostring(theirs.element.body)
    ids = ours.element.body.xpath("//wp:docPr/@id")
    assert len(ids) == len(set(ids)) == count
    assert len(ours.inline_shapes) == count
    for shape, png in zip(ours.inline_shapes, pngs, strict=True):
        embed = shape._inline.graphic.graphicData.pic.blipFill.blip.embed
        assert ours.part.related_parts[embed].blob == png


def test_ids_follow_those_the_document_holds() -> None:
    """A picture the document already holds keeps its id; those put in take the next ones."""
    doc = docx.Document()
    drawn: Future[list[bytes] | None] = Future()
    drawn.set_result([white_png(10), white_png(11)])
    pictures = _Pictures(doc, {"a": "a", "b": "b"}, drawn)
    pictures.add("a")
    doc.add_paragraph().add_run().add_picture(io.BytesIO(white_png(12)), width=IMAGE_WIDTH)
    doc.add_paragraph().add_run().add_picture(io.BytesIO(white_png(13)), width=IMAGE_WIDTH)
    pictures.add("b")
    pictures.place()
    ids = [int(i) for i in doc.element.body.xpath("//wp:docPr/@id")]
    assert ids == [3, 1, 2, 4]  # in the document's order: a, the two held, b
