"""The admin page's tables: users and audit rows with Vietnamese headers and labels."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from xeploai import backup
from xeploai.access.users import AuthStore, User
from xeploai.texts import ADMIN, AUDIT_ACTIONS, BACKUP, ROLE_LABELS

ACTIONS = AUDIT_ACTIONS


def users_table(users: Sequence[User]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            ADMIN["col_user"]: [u.username for u in users],
            ADMIN["col_name"]: [u.display_name for u in users],
            ADMIN["col_role"]: [ROLE_LABELS[u.role] for u in users],
            ADMIN["col_scope"]: [", ".join(u.orgs) or ADMIN["all_orgs"] for u in users],
        }
    )


def audit_table(rows: Sequence[dict[str, Any]]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            ADMIN["col_time"]: [r["at"] for r in rows],
            ADMIN["col_user"]: [r["username"] or "" for r in rows],
            ADMIN["col_action"]: [AUDIT_ACTIONS.get(r["action"], r["action"]) for r in rows],
            ADMIN["col_result"]: [ADMIN["ok"] if r["success"] else ADMIN["failed"] for r in rows],
            ADMIN["col_detail"]: [r["detail"] or "" for r in rows],
        }
    )


@dataclass(frozen=True)
class AdminScreen:
    users: pd.DataFrame
    usernames: tuple[str, ...]
    audit: pd.DataFrame | None  # None: no row matches the filters


def build(store: AuthStore, who: str | None, what: str | None, since: dt.datetime) -> AdminScreen:
    users = store.users()
    rows = store.audit_rows(username=who, action=what, since=since)
    return AdminScreen(
        users=users_table(users),
        usernames=tuple(u.username for u in users),
        audit=audit_table(rows) if rows else None,
    )


def action_label(action: str | None) -> str:
    return ADMIN["all"] if action is None else ACTIONS[action]


def user_label(username: str | None) -> str:
    return ADMIN["all"] if username is None else username


# A daily schedule has missed a run when the newest backup is older than this.
BACKUP_TOO_OLD = dt.timedelta(hours=36)


@dataclass(frozen=True)
class BackupStatus:
    text: str
    ok: bool  # a recent backup exists


def age_text(age: dt.timedelta) -> str:
    minutes = max(0, int(age.total_seconds() // 60))
    if minutes < 120:
        return BACKUP["age_minutes"].format(n=minutes)
    if minutes < 48 * 60:
        return BACKUP["age_hours"].format(n=minutes // 60)
    return BACKUP["age_days"].format(n=minutes // (24 * 60))


def backup_status(db: Path, now: dt.datetime | None = None) -> BackupStatus:
    """The newest backup in the default folder, and whether a daily schedule looks alive."""
    folder = backup.default_dir(db)
    found = backup.latest(folder)
    if found is None:
        return BackupStatus(BACKUP["admin_none"].format(folder=folder), ok=False)
    path, taken = found
    age = (now or dt.datetime.now(dt.UTC).replace(tzinfo=None)) - taken
    text = BACKUP["admin_latest"].format(folder=folder, name=path.name, age=age_text(age))
    if age > BACKUP_TOO_OLD:
        return BackupStatus(text + " " + BACKUP["admin_old"].format(age=age_text(age)), ok=False)
    return BackupStatus(text, ok=True)
