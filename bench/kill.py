"""`python -m bench.kill [--trials N] [--seed S] [--kinds import,undo,restore,app]`.

Killed at any moment, nothing lost: each operation that writes the database — a command line
import, a command line undo, a restore of a backup, and the app's write path (``ui.write``,
what the import page calls) — is started in a process of its own and killed with SIGKILL at a
random moment of its run, N times. After each kill the file must open and every year's summary
(the whole ``summary --json`` object, rule findings included) must be exactly the state before
the operation or the state after it. The moment is drawn over the operation's writing: from
when its private copy of the file appears (the interpreter's start and the reading of the
input come before and write nothing) to its end, plus a tenth. Prints a table (and writes
bench/out/kill-<kinds>.md).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT))

from xeploai import backup  # noqa: E402 (after the path)
from xeploai.cli import main as cli  # noqa: E402
from xeploai.metrics.summary import every_summary  # noqa: E402
from xeploai.store.database import Database  # noqa: E402

GOOD = ROOT / "tests" / "files" / "import" / "good"
UPDATE = GOOD / "update_2021.xlsx"

# The app's write path in a process of its own: the import page's commit, through ui.write.
APP_WRITE = """
import sys
from pathlib import Path
from ui.write import write
from xeploai import ingest
path = Path(sys.argv[1])
sources = [ingest.Source(path.name, path.read_bytes())]
import_id, result = write(lambda db: ingest.commit(db, sources, "bench"))
assert not result.refused
"""


def state(path: Path) -> str:
    with Database(path) as db:
        return json.dumps(every_summary(db), sort_keys=True, default=str)


def command(kind: str, db: Path, archive: Path) -> list[str]:
    py = [sys.executable, "-m", "xeploai"]
    if kind == "import":
        return [*py, "import", str(UPDATE), "--db", str(db)]
    if kind == "undo":
        return [*py, "undo", "--db", str(db)]
    if kind == "restore":
        return [*py, "restore", str(archive), "--db", str(db), "--yes"]
    if kind == "app":
        return [sys.executable, "-c", APP_WRITE, str(UPDATE)]
    raise ValueError(kind)


def prepare(work: Path) -> dict[str, Path]:
    """The starting file of each kind: the small district, and the same with the update
    imported (what the undo undoes and the restore replaces)."""
    base = work / "base.duckdb"
    assert cli(["init", "--superior", "Đảng bộ xã thử", "--db", str(base)]) == 0
    assert cli(["import", str(GOOD / "small.xlsx"), "--db", str(base)]) == 0
    updated = work / "updated.duckdb"
    shutil.copy(base, updated)
    assert cli(["import", str(UPDATE), "--db", str(updated)]) == 0
    return {"import": base, "app": base, "undo": updated, "restore": updated}


def trial_dir(work: Path, kind: str, n: int, start: Path) -> Path:
    folder = work / f"{kind}-{n}"
    folder.mkdir()
    db = folder / "xeploai.duckdb"
    shutil.copy(start, db)
    return db


def _writing(db: Path, pid: int) -> bool:
    """The process has begun writing: its private copy of the file is there."""
    return any(
        p.name.startswith((f".{db.name}.write-{pid}", f".{db.name}.restore-{pid}"))
        for p in db.parent.iterdir()
    )


def run(kind: str, db: Path, archive: Path, kill_after: float | None) -> tuple[float, int | None]:
    """Run one operation; ``kill_after``: seconds after it began writing (its copy appeared)
    to kill it. Returns how long it wrote (or ran until killed) and its exit code (None when
    killed)."""
    env = {**os.environ, "XEPLOAI_DB": str(db), "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        command(kind, db, archive),
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    while proc.poll() is None and not _writing(db, proc.pid):
        time.sleep(0.002)  # the interpreter starting, the file being read and checked
    began = time.perf_counter()
    if kill_after is not None:
        try:
            proc.wait(timeout=kill_after)
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGKILL)
    code = proc.wait()
    return time.perf_counter() - began, (None if code == -signal.SIGKILL else code)


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.kill")
    parser.add_argument("--trials", type=int, default=30)
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--kinds", default="import,undo,restore,app")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    rows = []
    with tempfile.TemporaryDirectory(prefix="xeploai-kill-") as tmp:
        work = Path(tmp)
        starts = prepare(work)
        archive = backup.take(starts["import"], work / "backups")  # restores the base state
        for kind in args.kinds.split(","):
            start = starts[kind]
            before = state(start)
            # one run to the end: the state after, and how long its writing takes
            db = trial_dir(work, kind, 0, start)
            took, code = run(kind, db, archive, None)
            assert code == 0, f"{kind}: exit {code}"
            after = state(db)
            assert after != before, kind
            tally: Counter[str] = Counter()
            for n in range(1, args.trials + 1):
                db = trial_dir(work, kind, n, start)
                moment = rng.uniform(0.0, took * 1.1)
                _, code = run(kind, db, archive, moment)
                tally["killed" if code is None else "finished"] += 1
                try:
                    got = state(db)
                except Exception as exc:  # a file that does not open: counted, shown
                    tally["unreadable"] += 1
                    print(f"{kind} #{n} at {moment:.2f}s: {exc!r}", file=sys.stderr)
                    continue
                tally["before" if got == before else "after" if got == after else "mixed"] += 1
                shutil.rmtree(db.parent)
            rows.append({"kind": kind, "trials": args.trials, "write_s": round(took, 2), **tally})
            print(rows[-1], flush=True)
    header = [
        "kind",
        "trials",
        "write_s",
        "killed",
        "finished",
        "before",
        "after",
        "mixed",
        "unreadable",
    ]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(r.get(h, 0)) for h in header) + " |" for r in rows]
    table = "\n".join(lines)
    print(table)
    OUT.mkdir(exist_ok=True)
    (OUT / f"kill-{args.kinds.replace(',', '-')}.md").write_text(
        f"SIGKILL trials (seed {args.seed}): every file must open and equal the state before "
        f"or after.\n\n{table}\n",
        encoding="utf-8",
    )
    bad = sum(r.get("mixed", 0) + r.get("unreadable", 0) for r in rows)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
