"""Percentages and their rounding, stated once for the whole product.

A percentage is the exact ratio times 100, rounded to 2 decimals, half away from zero
(87,495… → 87,50; 6,845 → 6,85). It is computed with integers, so no binary floating point
error can move a figure across a rounding boundary. ``pct`` is the rule for one pair of counts,
``pct_series`` the same rule over columns, ``round_exact`` the same rule for exact quantities
that are not a plain part of a whole (contributions, averages).
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pandas as pd


def pct(part: int, whole: int) -> float | None:
    """part / whole × 100, rounded to 2 decimals half away from zero; None when whole is 0."""
    if whole == 0:
        return None
    if part < 0 or whole < 0:
        raise ValueError("counts are never negative")
    hundredths = (part * 10000 * 2 + whole) // (2 * whole)
    return hundredths / 100


def pct_series(part: pd.Series, whole: pd.Series) -> pd.Series:
    """``pct`` over columns: exact integer rounding, missing where whole is 0."""
    p = part.to_numpy(dtype=np.int64)
    w = whole.to_numpy(dtype=np.int64)
    safe = np.where(w == 0, 1, w)
    hundredths = (p * 20000 + safe) // (2 * safe)
    out = pd.Series(hundredths / 100, index=part.index, dtype="Float64")
    return out.mask(w == 0)


def round2(value: float) -> float:
    """A difference of two rounded percentages, kept at 2 decimals."""
    return round(value + 0.0, 2)


def round_exact(value: Fraction) -> float:
    """An exact quantity in points of %, at 2 decimals, half away from zero: ``pct``'s rule,
    for the figures that are not a plain part of a whole (contributions, averages)."""
    hundredths = (abs(value) * 100 + Fraction(1, 2)) // 1
    return float((hundredths if value >= 0 else -hundredths) / 100)
