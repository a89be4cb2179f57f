"""Percentages and their rounding, stated once for the whole product.

A percentage is the exact ratio times 100, rounded to 2 decimals, half away from zero
(87,495… → 87,50; 6,845 → 6,85). It is computed with integers, so no binary floating point
error can move a figure across a rounding boundary. ``pct`` is the rule for one pair of counts,
``pct_series`` the same rule over columns, ``round_exact`` (``round_exact_over`` for a column)
the same rule for exact quantities that are not a plain part of a whole (contributions,
averages). All of them round through ``_hundredths``; ``round_exact_near`` rounds a quantity
known in floating point only where its error cannot move it across a boundary, and the exact
value otherwise.

Published district reports often truncate instead (Củ Chi 2017 prints 6,85% where the exact
value is 6,858…%): a database may say so (setting ``rounding``: ``half_up`` or ``truncate``),
and every share is then cut at 2 decimals, so the product's figures match the report's. The
mode holds for a computation (``rounding``), set where one begins: a page's model, a command,
an export.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from fractions import Fraction
from typing import Any, Literal

import numpy as np
import pandas as pd

Rounding = Literal["half_up", "truncate"]
ROUNDINGS: tuple[Rounding, ...] = ("half_up", "truncate")
_MODE: ContextVar[Rounding] = ContextVar("rounding", default="half_up")


@contextmanager
def rounding(mode: Rounding) -> Iterator[None]:
    """Percentages computed inside the block follow ``mode``."""
    if mode not in ROUNDINGS:
        raise ValueError(f"unknown rounding {mode!r}")
    token = _MODE.set(mode)
    try:
        yield
    finally:
        _MODE.reset(token)


def current_rounding() -> Rounding:
    return _MODE.get()


def _hundredths(numerator: Any, denominator: Any) -> Any:
    """The one rounding rule: |numerator / denominator| × 100 rounded half up, as an integer
    (Python's or numpy's): floor(100·|n|/d + 1/2) = (200·|n| + d) // 2d, for d > 0."""
    return (abs(numerator) * 200 + denominator) // (2 * denominator)


def pct(part: int, whole: int) -> float | None:
    """part / whole × 100 at 2 decimals (half away from zero, or cut when the database says
    the reports truncate); None when whole is 0."""
    if whole == 0:
        return None
    if part < 0 or whole < 0:
        raise ValueError("counts are never negative")
    if _MODE.get() == "truncate":
        return (part * 10000 // whole) / 100
    return int(_hundredths(part * 100, whole)) / 100


def pct_series(part: pd.Series, whole: pd.Series) -> pd.Series:
    """``pct`` over columns: exact integer rounding, missing where whole is 0."""
    p = part.to_numpy(dtype=np.int64)
    w = whole.to_numpy(dtype=np.int64)
    none = w == 0
    safe = np.where(none, 1, w)
    truncate = _MODE.get() == "truncate"
    hundredths = (p * 10000) // safe if truncate else _hundredths(p * 100, safe)
    # the nullable column made with its gaps at once (a series made, then masked: 0,22 ms a
    # call against 0,06, some ten calls a page)
    shares = pd.arrays.FloatingArray(hundredths / 100, none)
    return pd.Series(shares, index=part.index, copy=False)


def round2(value: float) -> float:
    """A difference of two rounded percentages, kept at 2 decimals."""
    return round(value + 0.0, 2)


def round_exact(value: Fraction) -> float:
    """An exact quantity in points of %, at 2 decimals, half away from zero: ``pct``'s rule,
    for the figures that are not a plain part of a whole (contributions, averages)."""
    hundredths = int(_hundredths(value.numerator, value.denominator))
    return (hundredths if value >= 0 else -hundredths) / 100


def round_exact_near(approx: float, exact: Callable[[], Fraction], error: float) -> float:
    """``round_exact`` of a quantity the caller knows as ``approx`` (points of %, in floating
    point) to within ``error`` hundredths: rounded from ``approx`` where nothing that close to
    it lies across a half hundredth, so that the exact value rounds the same; else ``exact()``
    (the quantity as a fraction) rounded. The caller states why its error is below ``error``."""
    hundredths = abs(approx) * 100
    if abs(hundredths - math.floor(hundredths) - 0.5) <= error:
        return round_exact(exact())
    rounded = int(_hundredths(abs(approx), 1))
    return (rounded if approx >= 0 else -rounded) / 100


def round_exact_over(numerators: np.ndarray, denominator: int) -> np.ndarray:
    """``round_exact`` of each numerator / denominator (integers, denominator > 0), over a
    column: the same figures, in 64-bit integers while they cannot overflow, else in Python's
    (an object column holds integers too large for 64 bits)."""
    if denominator <= 0:
        raise ValueError("the denominator is positive")
    n = np.asarray(numerators)
    if n.dtype == object or (
        n.size and int(np.abs(n.astype(np.int64)).max()) * 200 + 2 * denominator >= 2**63
    ):
        return np.array(
            [round_exact(Fraction(int(v), denominator)) for v in n.tolist()], dtype=np.float64
        )
    n = n.astype(np.int64)
    hundredths = _hundredths(n, denominator)
    rounded: np.ndarray = np.where(n < 0, -hundredths, hundredths) / 100
    return rounded
