"""The worker that reads large uploads for ``read._read_isolated``, in an interpreter of its own.

``python -m xeploai.ingest.read_worker``: the pickled sources on standard input, the pickled
sheets, problems and notes on standard output. A module of its own so that what it pickles
refers to ``xeploai.ingest.read``'s classes, which the server can unpickle.
"""

from __future__ import annotations

import pickle
import sys

from xeploai.ingest.read import _read_sources


def main() -> None:
    sources = pickle.loads(sys.stdin.buffer.read())  # from our own server process only
    sys.stdout.buffer.write(pickle.dumps(_read_sources(sources)))


if __name__ == "__main__":
    main()
