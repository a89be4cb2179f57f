"""The worker that reads large uploads for ``read._read_isolated``, in an interpreter of its own.

``python -m xeploai.ingest.read_worker``: the pickled sources on standard input, the pickled
sheets, problems and notes on standard output; each sheet's cells parsed here too
(``parse.parse_sheet``), so several workers parse in parallel, and its cells as read sent
packed (``read.PackedColumns``). A module of its own so that what it pickles refers to
``xeploai.ingest.read``'s classes, which the server can unpickle.
"""

from __future__ import annotations

import gc
import pickle
import sys

from xeploai.ingest.parse import parse_sheet
from xeploai.ingest.read import PackedColumns, _read_sources


def main() -> None:
    # The collector off for good: everything this process makes lives until it answers and
    # exits (a 9 MB file's 290.000 rows read, parsed and pickled 15 % sooner without it).
    gc.disable()
    sources = pickle.loads(sys.stdin.buffer.read())  # from our own server process only
    sheets, problems, notes = _read_sources(sources)
    for sheet in sheets:
        sheet.parsed = parse_sheet(sheet)
        # the server reads the parsed values; the cells as written only for a message
        sheet.columns = PackedColumns(sheet.columns)
    sys.stdout.buffer.write(pickle.dumps((sheets, problems, notes), protocol=5))


if __name__ == "__main__":
    main()
