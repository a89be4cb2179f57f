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
    """A trend chart's data: one row per year, one column per subject."""
    wide = measures.pivot(index="year", columns="subject", values=measure)
    wide = wide.reindex(columns=[s for s in SUBJECTS if s in wide.columns])
    wide.columns = [SUBJECT_LABELS[s] + " (%)" for s in wide.columns]
    out = wide.reset_index().rename(columns={"year": ANALYSIS["h_year"]})
    out[ANALYSIS["h_year"]] = out[ANALYSIS["h_year"]].astype(str)
    return out
