"""The worker of ``apart.Apart``: a dry run and its import in an interpreter of their own.

``python -m xeploai.ingest.apart_worker``: questions pickled on standard input, answers pickled
on standard output (``apart.Shown``, the changes' rows, ``apart.Written``). A module of its own
so that what it pickles refers to ``xeploai.ingest.apart``'s classes, which the server can
unpickle (this module runs as ``__main__``).
"""

from __future__ import annotations

import os
import pickle
import sys

from xeploai.ingest.apart import DryRun
from xeploai.ingest.problems import DatabaseLocked
from xeploai.store.database import Database, DatabaseDamaged, DatabaseMissing, WriteFailed

# The exceptions an import's write raises that the page answers in words of its own, sent back
# to be raised there; any other ends the process, and the page says the import stopped
# (``IMPORT["apart_failed"]``).
_SAID = (DatabaseLocked, DatabaseMissing, DatabaseDamaged, WriteFailed)


def main() -> None:
    """The worker: a dry run, then questions until its input ends (``Apart.close``, which the
    server calls right after the import, or when it lets the dry run go)."""
    stdin = sys.stdin.buffer
    # the answers on a descriptor of their own: anything a library prints goes to standard
    # error, not into the pickles
    stdout = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    sys.stdout = sys.stderr

    def answer(value: object) -> None:
        pickle.dump(value, stdout, protocol=5)
        stdout.flush()

    made: DryRun | None = None
    while True:
        try:
            question = pickle.load(stdin)  # from our own server process only
        except EOFError:  # let go (``Apart.close``): ended at once, its objects not freed one
            sys.stderr.flush()  # by one (a national batch's millions would take seconds)
            os._exit(0)
        kind = question[0]
        if kind == "preview":
            _, path, sources, each = question
            with Database(path) as db:
                made = DryRun(db, sources, each)
            answer(made.shown)
        elif kind == "rows" and made is not None:
            answer(made.rows(question[1]))
        elif kind == "commit" and made is not None:
            _, path, user, wait = question
            try:
                written = made.commit(path, user, wait)
            except _SAID as exc:  # not written: the page may try again with this dry run
                answer(exc)
                continue
            answer(written)  # imported: the process ends when its input does
        else:
            raise ValueError(f"unknown question: {kind}")


if __name__ == "__main__":
    main()
