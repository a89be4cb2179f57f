"""The catalogue of base organizations, and which of them the filters select."""

from __future__ import annotations

import pandas as pd

from xeploai.domain.selection import Filters
from xeploai.store.database import Database


def base_org_catalogue(
    db: Database,
    scope: str | None = None,
    named: tuple[str, ...] | None = None,
    codes: tuple[str, ...] | None = None,
) -> pd.DataFrame:
    """Every base organization the committee ``scope`` directed in any year (None: the
    database's own superior), with its life span and successor; with ``named``, only those
    whose code in lower case is one of them (``domain.selection.named_words``: what a link
    names); with ``codes``, only those codes, exactly (nationally 13 ms where lowering every
    code to find one took 45)."""
    return db.query(
        "base_orgs_by_code",
        scope=scope,
        names=None if named is None else list(named),
        orgs=None if codes is None else list(codes),
    )


def filtered_org_codes(db: Database, filters: Filters) -> list[str]:
    """The codes of the base organizations the filters select (any year); the filter rule
    itself is the SQL macro ``matches_filters``."""
    codes = db.query("base_org_codes_by_org", **filters.params())["org_code"]
    return [str(c) for c in codes.tolist()]


def listed_orgs(db: Database, filters: Filters, words: str, limit: int) -> pd.DataFrame:
    """What an organization picker lists (code, name): the base organizations the filters
    select — when ``words`` are given, those whose name or code holds every word (case and
    accents ignored: the SQL macro ``search_key``) — the first ``limit`` by name."""
    if not words.strip():
        return db.query("base_orgs_listed_by_org", limit=limit, **filters.params())
    return db.query("base_orgs_found_by_org", find=words, limit=limit, **filters.params())


def more_orgs_than(db: Database, filters: Filters, limit: int) -> bool:
    """Whether the filters select more than ``limit`` base organizations (counted no further):
    whether a picker can list them all (``listed_orgs``). Organizations named one by one, no
    more than ``limit`` (a viewer limited to a few, every page's picker), are not counted: they
    select no more organizations than their codes."""
    if filters.orgs is not None and len(filters.orgs) <= limit:
        return False
    [row] = db.rows("base_orgs_counted_by_org", limit=limit + 1, **filters.params())
    return int(row["n"]) > limit


def org_names(db: Database, filters: Filters) -> dict[str, str]:
    """Code → name of the organizations ``filters.orgs`` that the catalogue of the committee
    ``filters.scope`` holds (those it does not, left out)."""
    if not filters.orgs:
        return {}
    rows = db.query("base_org_codes_by_org", **filters.params())
    return dict(zip(rows["org_code"].tolist(), rows["org_name"].tolist(), strict=True))


def own_scope(db: Database) -> str:
    """The database's own superior: the committee counted when no scope is asked for."""
    return db.meta("superior_code") or ""


def scopes_in_year(db: Database, year: int) -> pd.DataFrame:
    """The committees that directed base organizations in the year (committees_by_year)."""
    return db.query("committees_by_year", from_year=year, to_year=year)


def scope_name(db: Database, scope: str | None, year: int) -> str | None:
    """The committee's name as it stood in the year; None when it did not direct any base
    organization that year (not founded yet, or dissolved)."""
    rows = db.query("committee_name_by_year", scope=scope or own_scope(db))
    names = rows["scope_name"][rows["year"] == year].tolist()
    return str(names[0]) if names else None


def committees(db: Database) -> pd.DataFrame:
    """Every committee that directed base organizations in some year, with the years: the
    choices of the scope picker and the codes a link may name."""
    return db.query("committees_by_code")
