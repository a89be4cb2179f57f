"""Every SQL file in queries/ runs on the fixture database and keeps the contract of its header.

A query file starts with a comment (STYLE.md, "In this project"): what it answers, its grain,
``-- Parameters:`` and ``-- Columns:``. The tests below read that header and hold the SQL to it:
the documented parameters are the ``$name``s the SQL binds, the documented columns are the
columns it returns, in order, and no two rows share the key of the documented grain. They are
parametrized over the files found in queries/, so a new file without a header, with a wrong
column list or without an entry in GRAIN_KEYS fails here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pytest

from tests.conftest import build_fixture_db
from xeploai.domain.levels import SCORE_BAND_FLOORS
from xeploai.store import database
from xeploai.store.database import Database, QueryError, as_frame, load_query, query_names

# A value for every parameter name any query uses, inside the fixture's years (2016–2019). A new
# query with a new parameter name fails below until its value is added here.
PARAMS: dict[str, object] = {
    "year": 2019,
    "from_year": 2016,
    "to_year": 2019,
    "sectors": None,
    "org_types": None,
    "orgs": None,
    "ratio": 0.2,
    "include_excellent": False,
    "group_by": "org_type",
    "good_share": 0.8,
    "cells_fraction": 1 / 3,
    "members_fraction": 1 / 2,
    "org": "DAB",
    "scope": None,
    "scopes": None,
    "group_sectors": ["commune", "education"],
    "group_names": ["localities", "public_services"],
    "exceeded_share": 30.0,
    "band_floors": list(SCORE_BAND_FLOORS),
    "import_id": 1,
    "years": None,
    "codes": None,
    "find": "xa",
    "statuses": ["paused_inspection", "founded_recently", "dissolved"],
    "limit": 100,
    "unrated": False,
    "late": "rated_late",
    "levels": None,
    "chosen": "DAB",
    "names": None,
    "quarter_year": 2020,
    "quarter": 3,
    "done": "done",
    "sector": "commune",
}

# The columns that make a row unique: the grain its header promises ("one row = …").
GRAIN_KEYS: dict[str, tuple[str, ...]] = {
    "base_org_codes_by_org": ("org_code",),
    "base_orgs_by_code": ("org_code",),
    "remediation_reporting_by_org": ("org_code",),
    "base_orgs_found_by_org": ("org_code",),
    "committees_by_code": ("scope_code",),
    "committee_name_by_year": ("year", "scope_code"),
    "base_orgs_counted_by_org": ("n",),
    "plan_orgs_found_by_org": ("org_code",),
    "base_orgs_listed_by_org": ("org_code",),
    "unit_counts_by_org_year": ("org_code", "year"),
    "explorer_rows_by_org_year": ("org_code", "year"),
    "explorer_totals_by_view": ("held",),
    "unrated_listed_by_org": ("org_code",),
    "attention_facts_by_org_year": ("org_code", "year"),
    "year_orgs_found_by_org": ("org_code",),
    "cell_levels_by_org_year": ("cell_code", "year"),
    "excellent_prerequisite_by_org": ("year", "scope_code", "org_code"),
    "member_count_mismatch_by_org": ("year", "scope_code", "org_code"),
    "kept_findings_by_position": ("position",),
    "suspended_or_new_by_org": ("year", "scope_code", "org_code"),
    "member_excellent_cap_by_org": ("year", "scope_code", "org_code"),
    "member_statuses_by_org_year": ("year", "org_code"),
    "exempt_ranked_by_org": ("org_code",),
    "exempt_top_by_org": ("org_code",),
    "old_scheme_forced_weak_by_org": ("year", "scope_code", "org_code"),
    "org_excellent_cap_by_group": ("year", "scope_code", "role_group"),
    "results_by_org_year": ("org_code", "year"),
    "committees_by_year": ("year", "scope_code"),
    "cell_excellent_cap_by_org": ("year", "scope_code", "org_code"),
    "score_conditions_by_org": ("year", "scope_code", "org_code"),
    "stored_organizations_by_org": ("org_code",),
    "export_rows_by_table": ("table_name",),
    "export_years_by_year": ("year",),
    "stored_results_by_org_year": ("org_code", "year"),
    "stored_result_levels_by_org_year": ("org_code", "year"),
    "stored_cell_results_by_cell_year": ("org_code", "year"),
    "stored_targets_by_term_subject_measure": ("scope_code", "term", "subject", "measure"),
    "import_log_by_import": ("import_id",),
    "import_changes_by_row": ("table_name", "row_key"),
    "stored_lineage_by_org_date": ("org_code", "event_date", "event"),
    "stored_scores_by_org_year": ("year", "quarter", "org_code"),
    "lineage_faults_by_event": ("org_code", "event_date", "event", "fault"),
    "tree_nodes_by_org_year": ("year", "org_code"),
    "tree_life_by_org": ("org_code",),
    "direct_superiors_by_year": ("scope_code",),
    "comparable_units_by_org": ("org_code",),
    "like_for_like_by_year": ("units",),
    "org_history_by_year": ("year",),
    "score_bands_by_year": ("year", "band"),
    "lineage_by_org": ("event_date", "org_code", "event"),
    "group_counts_by_year": ("year", "sector", "org_type"),
    "result_years_by_org": ("org_code",),
    "stored_lineage_of_orgs_by_org_date": ("org_code", "event_date", "event"),
    "result_span_by_data": ("first_year",),
    "year_totals_by_year": ("year",),
    "share_sums_by_year_whole": ("year", "whole_of", "whole"),
    "targets_by_term": ("term", "subject", "measure"),
    "years_by_data": ("year",),
    "stored_steps_by_org_year": ("year", "org_code"),
    "stored_statuses_by_org_year": ("year", "org_code"),
    "stored_status_by_org": ("org_code",),
    "stored_remediation_items_by_item": ("plan_year", "org_code", "item_no"),
    "stored_remediation_reports_by_item_quarter": (
        "plan_year",
        "org_code",
        "item_no",
        "report_year",
        "report_quarter",
    ),
    "steps_by_org_year": ("year", "org_code"),
    "appraisal_counts_by_year_sector": ("year", "sector"),
    "appraisal_changes_by_org": ("org_code",),
    "statuses_by_org_year": ("year", "org_code"),
    "status_counts_by_year_reason": ("year", "standing", "reason"),
    "held_up_by_org": ("org_code",),
    "remediation_items_by_item": ("plan_year", "org_code", "item_no"),
    "remediation_states_by_item": ("plan_year", "org_code", "item_no"),
    "remediation_reports_by_item_quarter": (
        "plan_year",
        "org_code",
        "item_no",
        "report_year",
        "report_quarter",
    ),
    "remediation_before_excellent_by_org": ("year", "scope_code", "org_code"),
}

_IDENTIFIER = re.compile(r"[a-z_][a-z0-9_]*")


def header(sql: str) -> list[str]:
    """The comment lines the file opens with, "-- " removed."""
    lines = []
    for line in sql.lstrip().splitlines():
        if not line.startswith("--"):
            break
        lines.append(line[2:].strip())
    return lines


def field(sql: str, name: str) -> str | None:
    """The text of a header field ("Columns: a, b," and its indented continuation lines).

    A field ends at the header's end or at the next line that starts a field ("Word: …")."""
    lines = header(sql)
    for i, line in enumerate(lines):
        if line.startswith(f"{name}:"):
            text = [line.removeprefix(f"{name}:")]
            for more in lines[i + 1 :]:
                if re.match(r"[A-Z][a-z]+:", more):
                    break
                text.append(more)
            return " ".join(text).strip()
    return None


def documented_columns(sql: str) -> list[str]:
    text = field(sql, "Columns")
    assert text, "the header has a line '-- Columns: a, b, c' listing the output columns"
    columns = [c.strip() for c in text.split(",")]
    bad = [c for c in columns if not _IDENTIFIER.fullmatch(c)]
    assert not bad, f"'-- Columns:' lists column names separated by commas; not names: {bad}"
    return columns


def documented_params(sql: str) -> set[str]:
    text = field(sql, "Parameters")
    assert text, "the header has a line '-- Parameters: $a, $b' (or 'none')"
    names = set(re.findall(r"\$(\w+)", text))
    assert names or text.lower().startswith("none"), text
    return names


def run(db: Database, name: str) -> object:
    q = load_query(name)
    missing = q.params - PARAMS.keys()
    assert not missing, f"add test values for {sorted(missing)} to PARAMS"
    return db.query(name, **{p: PARAMS[p] for p in q.params})


@pytest.fixture(scope="module")
def empty_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    """The schema without a row: a query's columns must not depend on the data."""
    path = tmp_path_factory.mktemp("empty") / "empty.duckdb"
    Database(path, read_only=False).close()
    with Database(path, read_only=True) as handle:
        yield handle


@pytest.mark.parametrize("name", query_names())
def test_the_header_says_what_grain_and_name(name: str) -> None:
    sql = load_query(name).sql
    check_header(sql)
    assert re.search(r"Grain: one row = ", " ".join(header(sql))), "the header names the grain"
    assert re.fullmatch(r"[a-z0-9_]+_by_[a-z0-9_]+", name), "named <measure>_by_<grain>"


@pytest.mark.parametrize("name", query_names())
def test_the_documented_parameters_are_the_bound_ones(name: str) -> None:
    q = load_query(name)
    assert documented_params(q.sql) == set(q.params)


@pytest.mark.parametrize("name", query_names())
def test_the_documented_columns_are_the_output_in_order(
    fixture_db: Database, empty_db: Database, name: str
) -> None:
    documented = documented_columns(load_query(name).sql)
    assert list(run(fixture_db, name).columns) == documented  # type: ignore[attr-defined]
    assert list(run(empty_db, name).columns) == documented  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", query_names())
def test_a_query_run_parsed_answers_as_its_text_does(fixture_db: Database, name: str) -> None:
    """A query runs on DuckDB's parse of its text, made once (``database._parsed``): every
    query file gives the rows and types its text gives when DuckDB parses it at the run."""
    q = load_query(name)
    params = {p: PARAMS[p] for p in q.params}
    fixture_db.forget_results()
    with fixture_db.reader() as cur:
        text = as_frame(cur.execute(q.for_params(params), params).to_arrow_table())
    assert isinstance(database._parsed(q.for_params(params)), duckdb.Statement)
    pd.testing.assert_frame_equal(fixture_db.query(name, **params), text)


def test_a_query_text_is_parsed_once_and_bound_at_each_run(
    fixture_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One parse of a text serves every run, reader and thread: the values are bound at each
    run, never kept from the first (another year gives that year's rows)."""
    parses: list[str] = []
    extract = duckdb.extract_statements

    def counted(sql: str) -> list[duckdb.Statement]:
        parses.append(sql)
        return extract(sql)

    asked: list[str] = []
    parsed = database._parsed

    def recorded(sql: str) -> duckdb.Statement | str:
        asked.append(sql)
        return parsed(sql)

    monkeypatch.setattr(database, "_PARSED", {})
    monkeypatch.setattr(duckdb, "extract_statements", counted)
    monkeypatch.setattr(database, "_parsed", recorded)
    fixture_db.forget_results()
    statuses = load_query("statuses_by_org_year")
    first: dict[str, Any] = {p: PARAMS[p] for p in statuses.params}
    first |= {"from_year": 2016, "to_year": 2016}
    last = first | {"from_year": 2019, "to_year": 2019}
    early = fixture_db.query("statuses_by_org_year", **first)
    late = fixture_db.rows("statuses_by_org_year", **last)
    streamed = list(fixture_db.stream("statuses_by_org_year", **last))
    with fixture_db.at_once() as run:  # two readers in two threads, each with its own values
        years = {
            year: run(
                fixture_db.rows,
                "statuses_by_org_year",
                **first | {"from_year": year, "to_year": year},
            )
            for year in (2017, 2019)
        }
    assert len(asked) == 5  # a frame, plain rows, a stream and the two readers ran on the parse
    assert len(parses) == 1
    assert set(early["year"]) == {2016} and {r["year"] for r in late} == {2019}
    assert streamed == late
    assert {year: {r["year"] for r in rows.result()} for year, rows in years.items()} == {
        2017: {2017},
        2019: {2019},
    }


@pytest.mark.parametrize("name", query_names())
def test_no_two_rows_share_the_grain(fixture_db: Database, name: str) -> None:
    assert name in GRAIN_KEYS, "add the columns of the query's grain to GRAIN_KEYS"
    frame = run(fixture_db, name)
    assert not frame.duplicated(list(GRAIN_KEYS[name])).any()  # type: ignore[attr-defined]


def test_every_grain_key_names_an_existing_query() -> None:
    assert set(GRAIN_KEYS) <= set(query_names())


def check_header(sql: str) -> None:
    """The header's checks that need no database, in the order a reader meets them."""
    assert header(sql), "a query file starts with a comment saying what it answers"
    documented_columns(sql)
    documented_params(sql)


@pytest.mark.parametrize(
    ("sql", "problem"),
    [
        # no header at all: the first line is SQL
        ("select 1 as a", "starts with a comment"),
        # a header without the columns line
        ("-- Something.\n-- Grain: one row = x.\n-- Parameters: none\nselect 1 as a", "Columns"),
        # columns written with a type, not just names
        ("-- Columns: a integer, b\n-- Parameters: none\nselect 1 as a", "not names"),
        # a header without the parameters line
        ("-- Something.\n-- Columns: a\nselect 1 as a", "Parameters"),
    ],
)
def test_a_bad_header_is_caught_with_its_reason(sql: str, problem: str) -> None:
    # the checks above cannot pass vacuously
    with pytest.raises(AssertionError, match=problem):
        check_header(sql)


def test_a_header_field_ends_where_the_next_begins() -> None:
    sql = (
        "-- What.\n-- Columns: a, b,\n--     c\n-- Source: a text, not columns\n"
        "-- Parameters: $year\nselect 1"
    )
    assert documented_columns(sql) == ["a", "b", "c"]
    assert documented_params(sql) == {"year"}


def test_the_fixture_database_builds_from_its_text(tmp_path: Path) -> None:
    # the same builder the session fixture uses, on a fresh file: the SQL files are complete
    path = build_fixture_db(tmp_path / "again.duckdb")
    with Database(path) as handle:
        assert len(handle.query("years_by_data")) == 4


def test_the_caller_must_give_exactly_the_declared_parameters(fixture_db: Database) -> None:
    with pytest.raises(TypeError, match="missing"):
        fixture_db.query("year_totals_by_year", scope=None, from_year=2019, to_year=2019)
    with pytest.raises(TypeError, match="unexpected"):
        fixture_db.query("years_by_data", year=2019)


def test_a_failing_query_names_itself(fixture_db: Database) -> None:
    with pytest.raises(QueryError, match="member_excellent_cap_by_org"):
        fixture_db.query(
            "member_excellent_cap_by_org",
            scopes=None,
            from_year=2019,
            to_year=2019,
            orgs=None,
            ratio="not a number",
            include_excellent=False,
        )


def test_filter_values_are_bound_not_pasted(fixture_db: Database) -> None:
    # a hostile filter value is just a value that matches nothing
    hostile = ["x') or 1=1 --", "'; drop table org_results; --"]
    frame = fixture_db.query(
        "year_totals_by_year",
        scope=None,
        from_year=2016,
        to_year=2019,
        sectors=hostile,
        org_types=None,
        orgs=None,
    )
    assert frame.empty
    assert len(fixture_db.query("years_by_data")) == 4  # nothing dropped
