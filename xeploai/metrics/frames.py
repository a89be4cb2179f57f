"""What pandas does slowly on the frames the pages read, done in C."""

from __future__ import annotations

import functools
from collections import namedtuple
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc


def among(column: pd.Series, values: Iterable[str] | pd.Series) -> pd.Series:
    """``column.isin(values)`` for a column of codes: whether each row's code is one of
    ``values`` (a missing code is not). pandas' own ``isin`` on a text column makes a pyarrow
    scalar of every value in Python: 0,4 s for the 50.000 codes of a national year, on every
    cold run of the overview."""
    codes = pa.array(column, from_pandas=True)
    if not (pa.types.is_string(codes.type) or pa.types.is_large_string(codes.type)):
        # no text at all (an empty or all-missing column): pandas' own is quick there
        return column.isin(list(values))
    wanted = (
        pa.array(values, from_pandas=True).cast(codes.type)
        if isinstance(values, pd.Series)  # a column of codes too: no Python string made
        else pa.array(list(values), type=codes.type)
    )
    # a missing value among those wanted matches nothing (skip_nulls), nor does a missing code
    found = pc.is_in(codes, value_set=wanted, skip_nulls=True).fill_null(False)
    return pd.Series(found.to_numpy(zero_copy_only=False), index=column.index, dtype=bool)


def records(frame: pd.DataFrame) -> Iterator[Any]:
    """``frame.itertuples(index=False)``, the same named tuples of the same values, read column
    by column in C: pandas walks a text column one pyarrow scalar at a time (1,5 s for the
    250.000 rows of a national year's results; ``tolist`` takes a tenth of that)."""
    Record = _record(tuple(frame.columns))
    columns = (column.tolist() for _, column in frame.items())  # names may repeat
    return map(Record._make, zip(*columns, strict=True))


def keyed(
    frame: pd.DataFrame, keys: Sequence[str], values: Sequence[str]
) -> dict[tuple[Any, ...], tuple[Any, ...]]:
    """Each row's ``values`` by its ``keys`` (of two rows with the same keys, the later), read
    column by column in C: the charts and slides look a few dozen cells up by year, subject or
    level, where selecting and reindexing the frame's rows for each series cost ~1 ms each."""
    return dict(
        zip(
            zip(*(frame[c].tolist() for c in keys), strict=True),
            zip(*(frame[c].tolist() for c in values), strict=True),
            strict=True,
        )
    )


@functools.lru_cache(maxsize=1024)
def _record(columns: tuple[Any, ...]) -> Any:
    """The named tuple of a frame's columns, made once for each set of columns: making one
    took 60 µs, and a district page reads some twenty frames a run (a few rows each); each
    column taken by position (``iloc``) cost 15 µs more than by ``items``."""
    return namedtuple("Record", columns, rename=True)


def sorted_rows(
    frame: pd.DataFrame,
    by: list[str],
    ascending: bool | list[bool] = True,
    limit: int | None = None,
) -> pd.DataFrame:
    """``frame.sort_values(by, ascending=ascending)``, the same rows in the same order (a stable
    sort: rows equal on every key keep theirs), sorted by Arrow: pandas factorizes a text key
    in Python (0,18–0,23 s for the 128.441 organizations of a national year's target, 0,06 s
    here). A key with a missing value is left to pandas, which puts them last either way.
    With ``limit``, the first ``limit`` rows of that order (its ``head``), picked without
    sorting the rest: the attention list shows 8 of a national year's 47.812 organizations far
    above the exemption share."""
    directions = [ascending] * len(by) if isinstance(ascending, bool) else ascending
    if frame[by].isna().to_numpy().any():
        ordered = frame.sort_values(by, ascending=directions, kind="stable")
        return ordered if limit is None else ordered.head(limit)
    keys = pa.table({str(i): pa.array(frame[c], from_pandas=True) for i, c in enumerate(by)})
    sort_keys = [(str(i), "ascending" if up else "descending") for i, up in enumerate(directions)]
    if limit is None or limit >= len(frame):
        order = pc.sort_indices(keys, sort_keys=sort_keys)
    else:
        # the row's place as the last key: no two rows tie, so the pick is the stable order's
        keys = keys.append_column("at", pa.array(np.arange(len(frame), dtype=np.int64)))
        order = pc.select_k_unstable(keys, k=limit, sort_keys=[*sort_keys, ("at", "ascending")])
    return frame.take(order.to_numpy())
