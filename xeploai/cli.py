"""``python -m xeploai``: the operations of the pages, for scripts and checks.

Exit status: 0 done; 1 the data was refused (reasons printed, database unchanged); 2 usage.
"""

from __future__ import annotations

import argparse
import contextlib
import getpass
import json
import sys
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import NoReturn

from xeploai import backup, demo, ingest
from xeploai.access.users import ROLES, AuthError, AuthStore, auth_path, check_scope
from xeploai.domain.numbers import ROUNDINGS
from xeploai.domain.orgs import BASE_ORG_TYPES, SECTORS, SUPERIOR_TYPES
from xeploai.domain.regimes import FIRST_KNOWN_YEAR, is_known
from xeploai.domain.selection import ALL, Filters
from xeploai.ingest import workbook
from xeploai.metrics.catalogue import (
    committees,
    filtered_org_codes,
    own_scope,
    scope_name,
    scopes_in_year,
)
from xeploai.metrics.rules import RuleSettings, check_year, keep_findings
from xeploai.metrics.summary import year_summary
from xeploai.narrative.sentences import size_fields
from xeploai.store import generations, tree
from xeploai.store.database import (
    Database,
    DatabaseDamaged,
    DatabaseLocked,
    DatabaseMissing,
    WriteFailed,
    db_path,
)
from xeploai.texts import (
    AUTH,
    BACKUP,
    CLI,
    DIRECTION_LABELS,
    IMPORT,
    IMPORT_TABLE_LABELS,
    SUBJECT_LABELS,
    fmt_int,
    fmt_mib,
    fmt_pct,
    fmt_pp,
    measure_words,
)

EXIT_OK, EXIT_REFUSED, EXIT_USAGE = 0, 1, 2

# Whether, before 2019, local practice left suspended and newly admitted members out.
BEFORE_2019 = ("excluded", "evaluated")


class _Parser(argparse.ArgumentParser):
    """argparse, with the usage error told in Vietnamese (argparse's own detail kept after it)."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, CLI["usage_error"].format(prog=self.prog, detail=message) + "\n")


def _parser() -> argparse.ArgumentParser:
    common = _Parser(add_help=False)
    common.add_argument("--db", help=CLI["db_help"])
    parser = _Parser(prog="python -m xeploai", description=CLI["description"])
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("demo", parents=[common], help=CLI["demo_help"])
    p.add_argument("--scale", choices=sorted(demo.SCALES), default="district")
    p.add_argument("--seed", type=int, default=demo.DEFAULT_SEED)
    p.add_argument("--force", action="store_true", help=CLI["force_help"])
    p.add_argument("--until", type=int, help=CLI["until_help"])

    p = sub.add_parser("init", parents=[common], help=CLI["init_help"])
    p.add_argument("--superior", required=True)
    p.add_argument("--superior-code", default="CAPTREN", help=CLI["superior_code_help"])
    p.add_argument(
        "--superior-kind",
        default="superior_committee",
        choices=SUPERIOR_TYPES,
        help=CLI["superior_kind_help"],
    )

    scoped = _Parser(add_help=False)
    scoped.add_argument("--scope", help=CLI["scope_help"])

    p = sub.add_parser("summary", parents=[common, scoped], help=CLI["summary_help"])
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("check", parents=[common, scoped], help=CLI["check_help"])
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("import", parents=[common], help=CLI["import_help"])
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--dry-run", action="store_true", help=CLI["dry_run_help"])

    p = sub.add_parser("undo", parents=[common], help=CLI["undo_help"])
    p.add_argument("--import-id", type=int, help=CLI["import_id_help"])

    p = sub.add_parser("backup", parents=[common], help=CLI["backup_help"])
    p.add_argument("--out", help=CLI["backup_out_help"])
    p.add_argument("--keep", type=_positive, metavar="N", help=CLI["backup_keep_help"])

    p = sub.add_parser("restore", parents=[common], help=CLI["restore_help"])
    p.add_argument("file", help=CLI["restore_file_help"])
    p.add_argument("--yes", action="store_true", help=CLI["restore_yes_help"])

    # One subcommand, one exporter per kind: a new kind is one entry in EXPORTERS
    # (`data`: the import format; pptx/docx/html/xlsx: the conference, with filters).
    p = sub.add_parser("export", parents=[common, scoped], help=CLI["export_help"])
    p.add_argument("kind", choices=sorted(EXPORTERS))
    p.add_argument("--out", required=True, help=CLI["export_out_help"])
    p.add_argument("--year", type=int, help=CLI["export_year_help"])
    p.add_argument("--sector", action="append", choices=SECTORS, help=CLI["export_sector_help"])
    p.add_argument(
        "--type",
        action="append",
        dest="org_type",
        choices=BASE_ORG_TYPES,
        help=CLI["export_type_help"],
    )
    p.add_argument("--org", action="append", help=CLI["export_org_help"])

    p = sub.add_parser("settings", parents=[common], help=CLI["settings_help"])
    p.add_argument("--rounding", choices=ROUNDINGS, help=CLI["rounding_help"])
    p.add_argument(
        "--before-2019", choices=BEFORE_2019, dest="before_2019", help=CLI["before_2019_help"]
    )

    p = sub.add_parser("template", parents=[common], help=CLI["template_help"])
    p.add_argument("--out", required=True)
    p = sub.add_parser("users", parents=[common], help=CLI["users_help"])
    users = p.add_subparsers(dest="action", required=True)
    u = users.add_parser("add", parents=[common])
    u.add_argument("name")
    u.add_argument("--role", required=True, choices=ROLES)
    u.add_argument("--org", action="append", default=[], help=CLI["org_help"])
    u.add_argument("--display-name")
    users.add_parser("list", parents=[common])
    u = users.add_parser("remove", parents=[common])
    u.add_argument("name")
    u = users.add_parser("passwd", parents=[common])
    u.add_argument("name")
    u = users.add_parser("unlock", parents=[common], help=CLI["unlock_help"])
    u.add_argument("--source", help=CLI["unlock_source_help"])
    return parser


def _open(args: argparse.Namespace) -> Database:
    return Database(db_path(args.db), read_only=True)


def cmd_demo(args: argparse.Namespace) -> int:
    path = db_path(args.db)
    if path.exists() and not args.force:
        print(CLI["exists"].format(path=path), file=sys.stderr)
        return EXIT_USAGE
    if args.until is not None and not args.until >= FIRST_KNOWN_YEAR:
        print(
            CLI["unknown_regime"].format(year=args.until, first=FIRST_KNOWN_YEAR), file=sys.stderr
        )
        return EXIT_USAGE
    demo.build(path, args.scale, args.seed, force=True, until=args.until)
    AuthStore(auth_path(path)).ensure_demo_accounts()
    print(CLI["demo_done"].format(path=path, scale=args.scale))
    return EXIT_OK


def cmd_init(args: argparse.Namespace) -> int:
    path = db_path(args.db)
    if path.exists():
        print(CLI["exists"].format(path=path), file=sys.stderr)
        return EXIT_USAGE
    path.parent.mkdir(parents=True, exist_ok=True)
    draft = generations.draft_path(path)  # built aside: a killed init leaves no half file
    generations.discard(draft)
    with Database(draft, read_only=False) as db:
        with db.transaction() as conn:
            tree.set_superior(conn, args.superior_code, args.superior, args.superior_kind)
            tree.rebuild(conn)
            db.set_meta("is_demo", "0")
            db.set_meta("data_version", "0")
        keep_findings(db)  # none yet, kept as every write keeps them: the pages read them
        db.conn.execute("checkpoint")
    generations.flush(draft)
    generations.publish(draft, path)
    print(CLI["init_done"].format(path=path, superior=args.superior))
    return EXIT_OK


def _no_data(db: Database, year: int, scope: str | None) -> int:
    """Exit 1, saying why: the year has no data at all, or the committee did not exist that
    year (and which did)."""
    if not is_known(year):
        print(CLI["unknown_regime"].format(year=year, first=FIRST_KNOWN_YEAR), file=sys.stderr)
        return EXIT_REFUSED
    others = scopes_in_year(db, year)
    code = scope or own_scope(db)
    if others.empty:
        print(CLI["no_year"].format(year=year), file=sys.stderr)
    elif code not in set(others["scope_code"]):
        listed = "; ".join(f"{r.scope_name} ({r.scope_code})" for r in others.itertuples())
        known = committees(db)
        names = known.loc[known["scope_code"] == code, "scope_name"]
        named = (
            f"{names.iloc[-1]} ({code})" if not names.empty else CLI["scope_code"].format(code=code)
        )
        print(CLI["no_scope"].format(year=year, scope=named, scopes=listed), file=sys.stderr)
    else:
        print(CLI["no_year"].format(year=year), file=sys.stderr)
    return EXIT_REFUSED


def cmd_summary(args: argparse.Namespace) -> int:
    with _open(args) as db:
        summary = year_summary(db, args.year, Filters(scope=args.scope))
        if summary is None:
            return _no_data(db, args.year, args.scope)
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=2))
        return EXIT_OK
    print(CLI["summary_text"].format(**{**size_fields(summary), "year": args.year}))
    for t in summary["targets"]:
        print(
            CLI["target_line"].format(
                met=CLI["met"] if t["met"] else CLI["missed"],
                subject=SUBJECT_LABELS[t["subject"]],
                measure=measure_words(t["measure"]),
                direction=DIRECTION_LABELS[t["direction"]],
                target=fmt_pct(t["target"]),
                actual=fmt_pct(t["actual"]),
                gap=fmt_pp(t["gap"]),
            )
        )
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    with _open(args) as db:
        # a year without any data has no finding; a committee that did not exist that year
        # (while others did) is said so
        if scope_name(db, args.scope, args.year) is None and (
            args.scope is not None
            or not scopes_in_year(db, args.year).empty
            or not is_known(args.year)
        ):
            return _no_data(db, args.year, args.scope)
        findings = check_year(db, args.year, scope=args.scope)
    if args.json:
        print(json.dumps([f.as_dict() for f in findings], ensure_ascii=False, indent=2))
    else:
        for f in findings:
            print(f"[{f.rule}] {f.message}")
        print(CLI["check_count"].format(n=fmt_int(len(findings)), year=args.year))
    return EXIT_OK


def _export_filters(args: argparse.Namespace) -> Filters:
    """--sector/--type/--org, each repeatable; absent = all, as on the pages."""

    def values(name: str) -> tuple[str, ...] | None:
        given = getattr(args, name, None)
        return tuple(dict.fromkeys(given)) if given else None

    return Filters(
        sectors=values("sector"),
        org_types=values("org_type"),
        orgs=values("org"),
        scope=getattr(args, "scope", None),
    )


def cmd_export_conference(args: argparse.Namespace) -> int:
    """export pptx|docx|html|xlsx --year Y --out FILE: the conference deck and reports."""
    from xeploai import exports

    if args.year is None:
        print(CLI["export_year_missing"].format(kind=args.kind), file=sys.stderr)
        return EXIT_USAGE
    out = Path(args.out)
    with _open(args) as db:
        try:
            content = exports.build(args.kind, db, args.year, _export_filters(args))
        except exports.NoData:
            return _no_data(db, args.year, args.scope)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(content)
    print(CLI["export_done"].format(path=out, size=fmt_int(len(content) // 1024 or 1)))
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    sources, problems = ingest.sources_from_paths(args.files)
    if problems:
        return _refused(problems)
    path = db_path(args.db)
    if not path.exists():
        raise DatabaseMissing(str(path))
    try:
        with ingest.open_for_write(path, read_only=args.dry_run) as db:
            if args.dry_run:
                import_id, result = None, ingest.preview(db, sources)
            else:
                import_id, result = ingest.commit(db, sources)
    except ingest.DatabaseLocked as exc:
        print(exc, file=sys.stderr)
        return EXIT_REFUSED
    # written (and published) or not: what follows only reports
    if result.batch is None:
        return _refused(result.problems)
    batch = result.batch
    for note in batch.notes:
        print(note, file=sys.stderr)
    for line in _diff_lines(batch):
        print(line)
    if batch.empty:
        print(IMPORT["no_changes"])
        return EXIT_OK
    if args.dry_run:
        print(IMPORT["dry_run"])
    else:
        _audit(path, "import", ingest.audit_detail(import_id, sources, result))
        print(IMPORT["done"].format(import_id=import_id, summary=batch.summary_text()))
    findings = result.findings
    if findings:
        print(IMPORT["warnings_heading"])
        for f in findings:
            print(f"  [{f.year}] [{f.rule}] {f.message}")
    return EXIT_OK


def _audit(path: Path, action: str, detail: dict[str, object]) -> None:
    """Imports and undos from the command line join the app's audit trail (no app user)."""
    AuthStore(auth_path(path)).record(
        action, None, detail={**detail, "via": "cli", "os_user": ingest.default_user()}
    )


def _refused(problems: Sequence[ingest.Problem]) -> int:
    for problem in problems:
        print(problem.text(), file=sys.stderr)
    print(IMPORT["refused"].format(n=fmt_int(len(problems))), file=sys.stderr)
    return EXIT_REFUSED


DIFF_LINES_SHOWN = 100


def _diff_lines(batch: ingest.Batch) -> list[str]:
    lines = [batch.summary_text()] if not batch.empty else []
    rows = batch.diff_rows(batch.changes[:DIFF_LINES_SHOWN])
    for row in rows:
        table = IMPORT_TABLE_LABELS[row["table"]]
        if row["kind"] == "added":
            lines.append(IMPORT["diff_line_added"].format(table=table, key=row["key"]))
        else:
            lines.append(
                IMPORT["diff_line_changed"].format(
                    table=table, key=row["key"], changes=row["change"]
                )
            )
    if len(batch.changes) > len(rows):
        lines.append(IMPORT["diff_more"].format(n=fmt_int(len(batch.changes) - len(rows))))
    return lines


def cmd_undo(args: argparse.Namespace) -> int:
    path = db_path(args.db)
    if not path.exists():
        raise DatabaseMissing(str(path))
    try:
        with ingest.open_for_write(path) as db:
            record, n = ingest.undo(db, args.import_id)
    except (ingest.DatabaseLocked, ingest.UndoRefused) as exc:
        print(exc, file=sys.stderr)
        return EXIT_REFUSED
    _audit(path, "undo", {"import_id": record.import_id, "files": record.file_names})
    print(
        IMPORT["undo_done"].format(
            import_id=record.import_id,
            files=", ".join(record.file_names),
            at=f"{record.imported_at:%d/%m/%Y %H:%M}",
            n=fmt_int(n),
        )
    )
    return EXIT_OK


def _export_data(args: argparse.Namespace) -> int:
    """One workbook, or, with a sheet over the importer's limit, a zip of several (written where
    ``--out`` says, named ``.zip``); either streamed to disk as it is made."""
    with _open(args) as db:
        shape = workbook.export_shape(db)
        if shape.one_workbook:
            out = workbook.write_file(args.out, partial(workbook.write_export, db))
            book = out.read_bytes()
            if workbook.importable(book):
                years = len(db.rows("years_by_data"))
                print(IMPORT["export_done"].format(years=years, path=out))
                return EXIT_OK
            out.unlink()  # more than its rows were counted to hold: written again, in parts
            shape = shape.written(book)
        names: list[str] = []
        out = workbook.write_file(
            Path(args.out).with_suffix(".zip"),
            lambda f: names.extend(workbook.write_export_zip(db, f)),
        )
    print(
        IMPORT["export_done_parts"].format(
            path=out,
            n=len(names),
            note=shape.parts_note(),
            readme=IMPORT["export_parts_readme_name"],
        )
    )
    return EXIT_OK


EXPORTERS: dict[str, Callable[[argparse.Namespace], int]] = {
    "data": _export_data,
    **{kind: cmd_export_conference for kind in ("pptx", "docx", "html", "xlsx")},
}


def cmd_export(args: argparse.Namespace) -> int:
    return EXPORTERS[args.kind](args)


def cmd_settings(args: argparse.Namespace) -> int:
    """Show the database's settings; --rounding sets how its percentages are rounded,
    --before-2019 whether the local practice before 2019 left suspended and newly admitted
    members out of the evaluation."""
    path = db_path(args.db)
    if args.rounding is not None or args.before_2019 is not None:
        with ingest.open_for_write(path) as db, db.transaction():
            if args.rounding is not None:
                db.set_meta("rounding", args.rounding)
            if args.before_2019 is not None:
                stored = json.loads(db.meta("rule_settings") or "{}")
                stored["practice_excludes_suspended_and_new"] = args.before_2019 == "excluded"
                db.set_meta("rule_settings", json.dumps(stored))
            # the figures change: every cached page must read them again
            db.set_meta("data_version", str(int(db.data_version()) + 1))
    with _open(args) as db:
        print(CLI["settings_rounding"].format(mode=CLI[f"rounding_{db.rounding()}"]))
        excluded = RuleSettings.from_db(db).practice_excludes_suspended_and_new
        print(
            CLI["settings_before_2019"].format(
                mode=CLI["before_2019_excluded" if excluded else "before_2019_evaluated"]
            )
        )
    return EXIT_OK


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(CLI["keep_positive"])
    return value


def cmd_backup(args: argparse.Namespace) -> int:
    path = db_path(args.db)
    folder = Path(args.out) if args.out else backup.default_dir(path)
    try:
        archive = backup.take(path, folder)
    except (backup.BackupError, DatabaseLocked) as exc:
        print(exc, file=sys.stderr)
        return EXIT_REFUSED
    AuthStore(auth_path(path)).record(
        "backup",
        None,
        detail={"file": str(archive), "via": "cli", "os_user": ingest.default_user()},
    )
    print(BACKUP["done"].format(path=archive, size=fmt_mib(archive.stat().st_size)))
    if args.keep:
        removed = backup.prune(folder, args.keep)
        if removed:
            print(BACKUP["pruned"].format(n=fmt_int(len(removed)), keep=args.keep))
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    path = db_path(args.db)
    archive = Path(args.file)
    try:
        manifest = backup.read_manifest(archive)
    except backup.BackupError as exc:
        print(exc, file=sys.stderr)
        return EXIT_REFUSED
    print(backup.current_state(path))
    print(BACKUP["will_replace"].format(backup=manifest.describe()))
    if not args.yes:
        if not sys.stdin.isatty():
            print(BACKUP["confirm_needed"], file=sys.stderr)
            return EXIT_USAGE
        if input(BACKUP["confirm"]).strip().lower() not in ("co", "có", "c"):
            print(BACKUP["cancelled"])
            return EXIT_OK
    try:
        kept = backup.restore(archive, path)
    except (backup.BackupError, DatabaseLocked) as exc:
        print(exc, file=sys.stderr)
        return EXIT_REFUSED
    AuthStore(auth_path(path)).record(
        "restore",
        None,
        detail={
            "file": str(archive),
            "taken_at": manifest.taken_at,
            "kept": str(kept or ""),
            "via": "cli",
            "os_user": ingest.default_user(),
        },
    )
    # a backup taken by an older version: its findings kept again (a write of its own; if it
    # fails, the pages check the rules themselves until the next write, as before)
    with contextlib.suppress(WriteFailed, DatabaseDamaged):
        ingest.keep_stale_findings(path)
    print(BACKUP["restored"].format(path=path, archive=archive))
    if kept is not None:
        print(BACKUP["kept_aside"].format(path=kept))
    return EXIT_OK


def cmd_template(args: argparse.Namespace) -> int:
    out = workbook.write_file(args.out, workbook.template_bytes())
    print(IMPORT["template_done"].format(path=out))
    return EXIT_OK


def _read_password() -> str:
    """From standard input when it is not a terminal (scripts), else prompted twice."""
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass(AUTH["password_prompt"])
    if getpass.getpass(AUTH["password_again"]) != first:
        raise AuthError(AUTH["password_mismatch"])
    return first


def _unlock(store: AuthStore, source: str | None) -> None:
    """List the sources slowed down by failed logins, then let them (or one) try again."""
    for src, failures, wait in store.throttled():
        if source is None or src == source:
            print(
                AUTH["throttled_source"].format(
                    source=src or AUTH["unknown_source"],
                    failures=failures,
                    seconds=int(wait.total_seconds()),
                )
            )
    n = store.unlock(source)
    print(AUTH["unlocked"].format(n=n) if n else AUTH["nothing_throttled"])
    if n:
        store.record("login_unlock", None, detail={"source": source, "sources": n})


def cmd_users(args: argparse.Namespace) -> int:
    path = db_path(args.db)
    store = AuthStore(auth_path(path))
    try:
        if args.action == "add":
            orgs = list(dict.fromkeys(args.org))
            check_scope(args.role, orgs)
            if orgs:
                with Database(path, read_only=True) as db:
                    known = set(filtered_org_codes(db, ALL))
                unknown = [c for c in orgs if c not in known]
                if unknown:
                    raise AuthError(AUTH["unknown_orgs"].format(codes=", ".join(unknown)))
            user = store.add_user(args.name, _read_password(), args.role, orgs, args.display_name)
            scope = AUTH["scope"].format(orgs=", ".join(orgs)) if orgs else ""
            print(AUTH["user_added"].format(name=user.username, role=user.role, scope=scope))
            store.record(
                "user_add", None, detail={"user": user.username, "role": user.role, "orgs": orgs}
            )
        elif args.action == "list":
            users = store.users()
            if not users:
                print(AUTH["no_users"])
            for u in users:
                scope = ",".join(u.orgs) or "*"
                print(f"{u.username}\t{u.role}\t{scope}\t{u.display_name}")
        elif args.action == "remove":
            store.remove_user(args.name)
            store.record("user_remove", None, detail={"user": args.name})
            print(AUTH["user_removed"].format(name=args.name))
        elif args.action == "unlock":
            _unlock(store, args.source)
        elif args.action == "passwd":
            store.set_password(args.name, _read_password())
            store.record("user_passwd", None, detail={"user": args.name})
            print(AUTH["password_changed"].format(name=args.name))
    except AuthError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_REFUSED
    return EXIT_OK


COMMANDS = {
    "demo": cmd_demo,
    "init": cmd_init,
    "summary": cmd_summary,
    "check": cmd_check,
    "settings": cmd_settings,
    "import": cmd_import,
    "undo": cmd_undo,
    "export": cmd_export,
    "template": cmd_template,
    "users": cmd_users,
    "backup": cmd_backup,
    "restore": cmd_restore,
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on bad usage, 0 on --help
        return int(exc.code or 0)
    try:
        return COMMANDS[args.command](args)
    except DatabaseMissing as exc:
        print(CLI["db_missing"].format(path=Path(str(exc))), file=sys.stderr)
        return EXIT_USAGE
    except (DatabaseDamaged, WriteFailed, DatabaseLocked) as exc:
        # the cause and what to do, in Vietnamese; the data as it was
        print(exc, file=sys.stderr)
        return EXIT_REFUSED
