"""Text wrapped for the charts and slides (``charts.text.wrap``): every line fits the width it
is given, takes as many words as fit, and the words are kept in order — measured as
``text_width`` measures a line, for the same answer at every edge."""

from __future__ import annotations

import random

import pytest

from xeploai.charts.text import text_width, wrap

# names and words of the board's texts, accents and wide and narrow letters among them
PHRASES = (
    "Đảng bộ xã Hóc Môn chi bộ cơ sở hoàn thành xuất sắc nhiệm vụ tỷ lệ 92,5%",
    "Ủy ban Kiểm tra Quận ủy Bình Thạnh W m iii ẫ ự ỹ Nghị quyết 366-QĐ/TW",
)
WORDS = [word for phrase in PHRASES for word in phrase.split(" ")]


def _cases(n: int) -> list[tuple[str, float, float, bool]]:
    rng = random.Random(14)
    cases = []
    for _ in range(n):
        words = [rng.choice(WORDS) for _ in range(rng.randint(1, 18))]
        size = rng.choice([10.0, 12.0, 13.5, 16.0, 24.0])
        bold = rng.random() < 0.5
        # a width anywhere, or exactly a prefix's width: the edge where a word just fits
        if rng.random() < 0.5:
            width = rng.uniform(10, 500)
        else:
            width = text_width(" ".join(words[: rng.randint(1, len(words))]), size, bold=bold)
        cases.append((" ".join(words), width, size, bold))
    return cases


@pytest.mark.parametrize(("text", "width", "size", "bold"), _cases(300))
def test_each_line_fits_and_holds_every_word_that_fits(
    text: str, width: float, size: float, bold: bool
) -> None:
    lines = wrap(text, width, size, bold=bold)
    assert " ".join(lines).split() == text.split()
    for i, line in enumerate(lines):
        # a line wider than the room is one word alone
        assert text_width(line, size, bold=bold) <= width or len(line.split()) == 1
        if i + 1 < len(lines):  # the next line's first word would not have fitted
            longer = f"{line} {lines[i + 1].split()[0]}"
            assert text_width(longer, size, bold=bold) > width


def test_a_break_and_tags_are_kept_out_of_the_lines() -> None:
    assert wrap("<b>Chi bộ</b><br>Ấp 1", 1000, 12) == ["Chi bộ", "Ấp 1"]
