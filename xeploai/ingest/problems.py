"""What the import tells a user when it will not do what they asked.

A refused file is not a program error: every stage collects ``Problem``s (sheet, row, column,
the value found, what was expected, in Vietnamese) so the user fixes the whole file in one
round, and ``ImportRefused`` carries all of them at once. The other exceptions here are the
refusals of the writing side: a database another write is at (``DatabaseLocked``, the store's),
an undo that would undo more than the user asked for.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from xeploai.store.generations import DatabaseLocked
from xeploai.texts import IMPORT, fmt_int

__all__ = ["DatabaseLocked", "ImportRefused", "Problem", "UndoRefused"]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the file, located as precisely as it can be."""

    message: str
    file: str | None = None
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    value: str | None = None  # the cell as found; "" = a blank cell; None = not about a cell
    expected: str | None = None

    def text(self) -> str:
        where = []
        if self.file:
            where.append(IMPORT["where_file"].format(file=self.file))
        if self.sheet:
            where.append(IMPORT["where_sheet"].format(sheet=self.sheet))
        if self.row is not None:
            where.append(IMPORT["where_row"].format(row=self.row))
        if self.column:
            where.append(IMPORT["where_column"].format(column=self.column))
        out = (", ".join(where) + ": ") if where else ""
        out += self.message
        if self.value is not None:
            found = (
                IMPORT["found"].format(value=self.value)
                if self.value != ""
                else IMPORT["found_blank"]
            )
            out += f" ({found})"
        if self.expected:
            out += " — " + IMPORT["expected"].format(expected=self.expected)
        return out

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "message": self.message,
            "expected": self.expected,
        }


class ImportRefused(Exception):
    """The file was refused; nothing was written. Carries every problem found."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__(IMPORT["refused"].format(n=fmt_int(len(problems))))
        self.problems = list(problems)


class UndoRefused(Exception):
    """Nothing to undo, or not the import asked for: only the latest one in force."""
