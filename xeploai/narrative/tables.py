"""The data behind the shared charts, with Vietnamese headers and labels (pages show them
under the chart, the written report prints them)."""

from __future__ import annotations

import pandas as pd

from xeploai.domain.measures import SUBJECTS
from xeploai.texts import ANALYSIS, LEVEL_LABELS, SUBJECT_LABELS, UI


def levels_table(shares: pd.DataFrame) -> pd.DataFrame:
    """The levels chart's data: one row per subject × level, count and share."""
    return pd.DataFrame(
        {
            UI["subject"]: shares["subject"].map(SUBJECT_LABELS),
            UI["level"]: shares["level_code"].map(LEVEL_LABELS),
            UI["count"]: shares["n"],
            UI["share"] + " (%)": shares["share"],
        }
    )


def trend_table(measures: pd.DataFrame, measure: str = "good_or_better_pct") -> pd.DataFrame:
    """A trend chart's data: one row per year, one column per subject. A few dozen values,
    placed in Python (pandas' ``pivot`` took 3 ms a table, five a page)."""
    years, subjects = measures["year"].tolist(), measures["subject"].tolist()
    values: dict[tuple[int, str], object] = {}
    for key in zip(years, subjects, measures[measure].tolist(), strict=True):
        if key[:2] in values:
            raise ValueError(f"{measure}: two values for the year {key[0]} and {key[1]}")
        values[key[:2]] = key[2]
    rows = sorted(set(years))
    out = {ANALYSIS["h_year"]: pd.array([str(y) for y in rows], dtype=str)}
    return pd.DataFrame(
        {
            **out,
            **{
                SUBJECT_LABELS[s] + " (%)": pd.array(
                    [values.get((y, s)) for y in rows], dtype=measures[measure].dtype
                )
                for s in SUBJECTS
                if s in set(subjects)
            },
        }
    )
