"""Text measured before it is drawn: widths, wrapping and fitting, in CSS pixels.

Plotly does not wrap text and the slides have a fixed size, so the room a label, a title or a
bullet needs is computed here from the font's advance widths (``glyphs``) rather than hoped
for: a category label is broken onto lines that fit the margin, a slide's title takes the
largest size that fits in two lines, a value label is moved clear of its neighbour.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from functools import cache, lru_cache

from xeploai.charts.glyphs import BOLD, REGULAR

# Above Noto Sans's own widths: kerning, hinting, a fallback font a little wider.
SLACK = 1.06
LINE_HEIGHT = 1.3  # plotly's and the slides' line spacing, in ems
_TAG = re.compile(r"<[^>]+>")
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)


def _table(groups: dict[int, str]) -> dict[str, int]:
    return {c: width for width, chars in groups.items() for c in chars}


_WIDTHS = {False: _table(REGULAR), True: _table(BOLD)}


@cache
def _char(c: str, bold: bool) -> int:
    table = _WIDTHS[bold]
    if c in table:
        return table[c]
    base = unicodedata.normalize("NFD", c)[:1]
    # a letter not in the table (another accent) is as wide as its base; anything else, as
    # wide as the widest common letter
    return table.get(base, table["m"])


def lines_of(text: str) -> list[str]:
    """The lines of a plotly text (``<br>`` breaks, other tags dropped)."""
    return [_TAG.sub("", part) for part in _BREAK.split(text)]


def _px(units: float, size: float) -> float:
    """A width in the font's units (a thousandth of an em) as CSS pixels at ``size`` px."""
    return units * size / 1000 * SLACK


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """The width of the widest line of ``text`` at ``size`` px."""
    return _px(max((sum(_char(c, bold) for c in line) for line in lines_of(text)), default=0), size)


# A word's advance, kept: the slides wrap the same words again and again (each size a title or
# a bullet is tried at, every label of every chart), 9.500 letters added up a presentation.
@lru_cache(maxsize=16384)
def _advance(word: str, bold: bool) -> int:
    return sum(_char(c, bold) for c in word)


def wrap(text: str, width: float, size: float, *, bold: bool = False) -> list[str]:
    """``text`` broken at spaces into lines no wider than ``width`` px (a word wider than the
    line stands alone on its line)."""
    # in the font's units, added word by word (measuring each candidate line from its first
    # letter made the slides' labels and bullets a fifth of the presentation's Python)
    space = _char(" ", bold)
    lines: list[str] = []
    for paragraph in lines_of(text):
        line, used = "", 0
        for word in paragraph.split():
            advance = _advance(word, bold)
            if line and _px(used + space + advance, size) > width:
                lines.append(line)
                line, used = word, advance
            elif line:
                line, used = f"{line} {word}", used + space + advance
            else:
                line, used = word, advance
        lines.append(line)
    return lines


def wrap_label(text: str, width: float, size: float, *, bold: bool = False) -> str:
    """A label wrapped for plotly: lines joined by ``<br>``."""
    return "<br>".join(wrap(text, width, size, bold=bold))


def text_height(lines: int, size: float) -> float:
    return lines * size * LINE_HEIGHT


def fit_size(
    texts: Sequence[str],
    width: float,
    height: float,
    sizes: Sequence[float],
    *,
    bold: bool = False,
    gap: float = 0.0,
) -> float:
    """The largest of ``sizes`` at which every text, wrapped to ``width``, fits in ``height``
    one under the other (``gap`` ems between them); the smallest when none does."""
    for size in sorted(sizes, reverse=True):
        lines = sum(len(wrap(t, width, size, bold=bold)) for t in texts)
        needed = text_height(lines, size) + gap * size * max(len(texts) - 1, 0)
        if needed <= height:
            return size
    return min(sizes)


def spread(positions: Sequence[float], gap: float, low: float, high: float) -> list[float]:
    """Positions (of labels on an axis) moved apart to at least ``gap`` from each other, as
    little as possible, kept within [low, high] where the room allows; the order is kept."""
    order = sorted(range(len(positions)), key=lambda i: positions[i])
    placed = [float(positions[i]) for i in order]
    if not placed:
        return []
    placed[0] = max(placed[0], low)
    for k in range(1, len(placed)):  # push up what is too close to the one below
        placed[k] = max(placed[k], placed[k - 1] + gap)
    if placed[-1] > high:  # then pull down what went past the top
        placed[-1] = high
        for k in range(len(placed) - 2, -1, -1):
            placed[k] = min(placed[k], placed[k + 1] - gap)
    out = [0.0] * len(placed)
    for rank, i in enumerate(order):
        out[i] = placed[rank]
    return out


def ceil_to(value: float, step: float) -> float:
    return math.ceil(value / step) * step
