"""The year's figures: counts from the SQL files, shares and target gaps computed once here.

Every page, the command line and the exports take their numbers from these functions, so a
percentage is computed in one place with the one rounding rule of ``domain.pct``.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from contextlib import AbstractContextManager
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from xeploai.domain.levels import LEVEL_RANK, level_kind, scheme_by_code
from xeploai.domain.measures import MEASURE_PARTS
from xeploai.domain.numbers import ROUNDINGS, current_rounding, pct_series, rounding
from xeploai.domain.selection import ALL, Filters, years_read
from xeploai.metrics.frames import records
from xeploai.store.database import Database


@dataclass(frozen=True)
class Yearly:
    """Counts and shares for a range of years and one set of filters."""

    orgs: pd.DataFrame  # year_totals_by_year, its part "orgs"
    members: pd.DataFrame  # its part "members"
    cells: pd.DataFrame  # its part "cells" (subordinate cells)
    levels: pd.DataFrame  # year_totals_by_year, its part "levels" (long: ``levels_part``)
    measures: pd.DataFrame  # one row per year × subject
    filters: Filters = ALL  # what the counts cover (the scope, the sub-filters)

    @property
    def years(self) -> list[int]:
        return [int(y) for y in self.orgs["year"]]

    # A year's summary asks for some twenty measures and counts one by one: each is looked up
    # in a dict made once, not by filtering the frames again (a millisecond each).
    @cached_property
    def _measure_rows(self) -> dict[tuple[int, str], dict[str, object]]:
        rows: dict[tuple[int, str], dict[str, object]] = {}
        for row in self.measures.to_dict("records"):
            rows.setdefault((int(row["year"]), str(row["subject"])), row)
        return rows

    @cached_property
    def _level_rows(self) -> dict[tuple[int, str], dict[str, int]]:
        rows: dict[tuple[int, str], dict[str, int]] = {}
        for r in records(self.levels):
            rows.setdefault((int(r.year), str(r.subject)), {})[str(r.level_code)] = int(r.n)
        return rows

    def measure(self, year: int, subject: str, measure: str) -> float | None:
        row = self._measure_rows.get((year, subject))
        if row is None or measure not in row:
            return None
        value = row[measure]
        return None if pd.isna(value) else float(value)  # type: ignore[arg-type]

    def level_counts(self, year: int, subject: str) -> dict[str, int]:
        return dict(self._level_rows.get((year, subject), {}))

    def between(self, from_year: int, to_year: int) -> Yearly:
        """The years ``from_year``–``to_year`` of these figures, in frames of their own (a
        caller may change what it is given)."""

        def cut(frame: pd.DataFrame) -> pd.DataFrame:
            # every frame is in the order of the years: the range is a slice of it
            years = frame["year"].to_numpy()
            low, high = years.searchsorted(from_year), years.searchsorted(to_year, "right")
            return frame.iloc[low:high].reset_index(drop=True)

        return Yearly(
            orgs=cut(self.orgs),
            members=cut(self.members),
            cells=cut(self.cells),
            levels=cut(self.levels),
            measures=cut(self.measures),
            filters=self.filters,
        )


def _measures(counts: pd.DataFrame) -> pd.DataFrame:
    """The counts (``counts_part``) with every measure's share (``MEASURE_PARTS``: part and
    whole)."""
    # the columns gathered and made a frame once (each set into a copy cost 3 ms a load)
    columns = {name: counts[name] for name in counts.columns if name != "scheme_code"}
    # Subordinate cells carry no commendation: their "clean and strong" is the old level TSVM,
    # so the share exists only in years whose scheme has that level.
    codes = counts["scheme_code"].tolist()
    old = {code: "TSVM" in scheme_by_code(str(code)).org_levels for code in set(codes)}
    subject = counts["subject"].to_numpy()
    kept = (subject == "base_orgs") | (
        (subject == "subordinate_cells") & np.array([old[c] for c in codes], dtype=bool)
    )
    columns["clean_strong"] = counts["clean_strong"].astype("Int64").where(kept)
    for measure, (part, whole) in MEASURE_PARTS.items():
        values = columns[part]
        columns[measure] = pct_series(values.fillna(0), columns[whole]).mask(values.isna())
    return pd.DataFrame(columns)


def as_published(db: Database) -> AbstractContextManager[None]:
    """The database's rounding of percentages (half up, or cut as its reports are), for the
    computation inside the block."""
    mode = db.rounding()
    return rounding(mode if mode in ROUNDINGS else "half_up")


# The figures of every year, kept per database file, data version, filters and rounding; a
# range of years is cut from them. The pages ask for several ranges in one run (the overview
# its history and the year before, the targets page the term and the year, the deck all
# three), and each range asked its own queries; the query groups by year, so a range cut from
# all the years is the range queried (but for a list of organizations: below). The data
# version changes with every write, so nothing stale is ever served; a writable handle (an
# import in progress) is never served from here.
_KEPT: OrderedDict[tuple[object, ...], Yearly] = OrderedDict()
_KEPT_MAX = 64
_KEPT_LOCK = threading.Lock()


def load_yearly(db: Database, from_year: int, to_year: int, filters: Filters = ALL) -> Yearly:
    with as_published(db):
        if not db.read_only:
            return _load_yearly(db, from_year, to_year, filters)
        every = years_read(filters, from_year, to_year)
        key = (str(db.path), db.data_version(), current_rounding(), filters, every)
        with _KEPT_LOCK:
            kept = _KEPT.get(key)
            if kept is not None:
                _KEPT.move_to_end(key)
        if kept is None:
            kept = _load_yearly(db, *every, filters)
            with _KEPT_LOCK:
                _KEPT[key] = kept
                while len(_KEPT) > _KEPT_MAX:
                    _KEPT.popitem(last=False)
        return kept.between(from_year, to_year)


def forget_yearly() -> None:
    """Drop the kept figures (the benchmark's cold runs; a test that wants fresh queries)."""
    with _KEPT_LOCK:
        _KEPT.clear()


def totals_part(totals: pd.DataFrame, part: str) -> pd.DataFrame:
    """The year and the columns of one part ("orgs", "members", "cells") of
    year_totals_by_year, named without the part (``orgs_total`` → ``total``)."""
    prefix = f"{part}_"
    columns = [c for c in totals.columns if c.startswith(prefix)]
    return totals[["year", *columns]].rename(columns=lambda c: c.removeprefix(prefix))


# The subjects, each with the part of year_totals_by_year that counts it, in the order the
# long frames list them (by name).
_SUBJECT_PARTS = {"base_orgs": "orgs", "members": "members", "subordinate_cells": "cells"}
_COUNTS = ("rated", "excellent", "good", "not_completed", "clean_strong")


def counts_part(totals: pd.DataFrame) -> pd.DataFrame:
    """The counts every share is taken from, one row per year × subject (year, scheme_code,
    subject, rated, excellent, good, not_completed, clean_strong: members have no "clean and
    strong"), from the ``counts_`` columns of year_totals_by_year."""
    if not totals["year"].is_monotonic_increasing:
        totals = totals.sort_values("year", kind="stable")
    # each year's row made three, one per subject in the order of their names: the rows come
    # out by year, then subject (a frame per subject put together and sorted took 5 ms)
    subjects = list(_SUBJECT_PARTS)
    each = len(subjects)
    columns: dict[str, object] = {
        "year": np.repeat(totals["year"].to_numpy(), each),
        "scheme_code": pd.array(
            np.repeat(totals["scheme_code"].to_numpy(), each), dtype=totals["scheme_code"].dtype
        ),
        "subject": pd.array(subjects * len(totals), dtype="str"),
    }
    for count in _COUNTS:
        # members have no "clean and strong": missing in their rows
        parts = [totals.get(f"counts_{part}_{count}") for part in _SUBJECT_PARTS.values()]
        if all(part is not None for part in parts):
            columns[count] = np.column_stack([part.to_numpy() for part in parts]).ravel()
        else:
            lists = [[None] * len(totals) if part is None else part.tolist() for part in parts]
            columns[count] = pd.array(
                [v for row in zip(*lists, strict=True) for v in row], dtype="Int64"
            )
    return pd.DataFrame(columns)


def levels_part(totals: pd.DataFrame) -> pd.DataFrame:
    """How many of each subject were rated at each level, one row per year × subject × level of
    the year's scheme, zero counts listed (year, scheme_code, subject, level_code, level_rank,
    n), from the ``levels_`` columns of year_totals_by_year."""
    names = ["year", "scheme_code", "subject", "level_code", "level_rank", "n"]
    counts = {c: totals[c].tolist() for c in totals.columns if c.startswith("levels_")}
    rows = [
        (year, code, subject, level, LEVEL_RANK[level], counts[f"levels_{part}_{level.lower()}"][i])
        for i, (year, code) in enumerate(
            zip(totals["year"].tolist(), totals["scheme_code"].tolist(), strict=True)
        )
        for subject, part in _SUBJECT_PARTS.items()
        for level in scheme_by_code(str(code)).levels(level_kind(subject))  # type: ignore[arg-type]
    ]
    types = {"year": totals["year"].dtype, "level_rank": "int32", "n": "int64"}
    if not rows:
        return pd.DataFrame(rows, columns=names).astype(types)
    # put in order in Python (a stable sort, as pandas' was) and made column by column: a
    # frame of the rows, typed and sorted by pandas, took 3 ms
    rows.sort(key=lambda row: (row[0], row[2], row[4]))
    columns = dict(zip(names, zip(*rows, strict=True), strict=True))
    return pd.DataFrame(
        {
            name: np.array(values, dtype=types[name])
            if name in types
            else pd.array(values, dtype="str")
            for name, values in columns.items()
        }
    )


def _load_yearly(db: Database, from_year: int, to_year: int, filters: Filters) -> Yearly:
    totals = db.query(
        "year_totals_by_year", from_year=from_year, to_year=to_year, **filters.params()
    )
    return Yearly(
        orgs=totals_part(totals, "orgs"),
        members=totals_part(totals, "members"),
        cells=totals_part(totals, "cells"),
        levels=levels_part(totals),
        measures=_measures(counts_part(totals)),
        filters=filters,
    )


__all__ = [
    "Yearly",
    "as_published",
    "counts_part",
    "forget_yearly",
    "levels_part",
    "load_yearly",
    "totals_part",
]
