"""The catalogue of base organizations, and which of them the filters select."""

from __future__ import annotations

import pandas as pd

from xeploai.domain.selection import Filters
from xeploai.store.database import Database


def base_org_catalogue(db: Database, scope: str | None = None) -> pd.DataFrame:
    """Every base organization the committee ``scope`` directed in any year (None: the
    database's own superior), with its life span and successor."""
    return db.query("base_orgs_by_code", scope=scope)


def filtered_org_codes(db: Database, filters: Filters) -> list[str]:
    """The codes of the base organizations the filters select (any year); the filter rule
    itself is the SQL macro ``matches_filters``."""
    return [str(c) for c in db.query("base_org_codes_by_org", **filters.params())["org_code"]]
