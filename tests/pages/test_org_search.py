"""The organization pickers when the catalogue is too long to list whole (278.070 base
organizations at national scale): a search box, and the picker lists what it finds.

The demo district has 45 organizations in its catalogue, so these tests lower the limit
(``ui.selection.CHOICES_MAX``; AppTest runs the pages in this process). What a search should
find is worked out here from the catalogue with Python's own Unicode tables, not through the
SQL macro the product uses.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

import ui.selection
from tests.pages.helpers import APP, SignIn, link, open_page, table, widget
from xeploai.access.users import AuthStore, auth_path
from xeploai.domain.selection import Filters
from xeploai.metrics.catalogue import (
    base_org_catalogue,
    listed_orgs,
    more_orgs_than,
    org_names,
)
from xeploai.screens.remediation import report_entry, status_entry
from xeploai.store.database import Database
from xeploai.texts import ANALYSIS


def _bare(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn").lower()


def expected_names(db: Database, words: str, sectors: tuple[str, ...] | None = None) -> list[str]:
    """The catalogue's names (in its order) whose name or code holds every word."""
    cat = base_org_catalogue(db)
    if sectors is not None:
        cat = cat[cat["sector"].isin(sectors)]
    asked = _bare(words).split()
    return [
        name
        for code, name in zip(cat["org_code"], cat["org_name"], strict=True)
        if all(w in _bare(name) or w in _bare(code) for w in asked)
    ]


@pytest.fixture
def few(app_env: Path, monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr(ui.selection, "CHOICES_MAX", 5)
    return 5


def test_the_search_finds_by_name_without_accents(few: int, db: Database) -> None:
    at = open_page("views/explorer.py", {"year": "2024"})
    assert not at.exception
    orgs = widget(at, "multiselect", ANALYSIS["orgs"])
    assert orgs.options == []  # nothing listed before a search …
    find = widget(at, "text_input", ANALYSIS["org_find"])
    assert any("gõ vài chữ của tên hoặc mã" in c.value for c in at.sidebar.caption)
    # … then what the words find, accents and case ignored, in any order
    find.input("DIEM  ba").run()
    wanted = expected_names(db, "diem ba")
    assert 0 < len(wanted) <= few and "Đảng bộ xã Bà Điểm" in wanted
    assert widget(at, "multiselect", ANALYSIS["orgs"]).options == wanted
    widget(at, "multiselect", ANALYSIS["orgs"]).select("XBD").run()
    assert not at.exception
    assert set(table(at, "Năm", "Mã")["Mã"]) == {"XBD"}
    assert link(at)["org"] == ["XBD"]
    # the choice stays listed when the search changes, and can be removed
    widget(at, "text_input", ANALYSIS["org_find"]).input("tan thoi").run()
    options = widget(at, "multiselect", ANALYSIS["orgs"]).options
    assert options[0] == "Đảng bộ xã Bà Điểm"
    assert options[1:] == [n for n in expected_names(db, "tan thoi") if n != options[0]][:few]
    assert widget(at, "multiselect", ANALYSIS["orgs"]).value == ["XBD"]


def test_a_search_too_wide_or_finding_nothing_says_so(few: int, db: Database) -> None:
    at = open_page("views/explorer.py", {"year": "2024"})
    widget(at, "text_input", ANALYSIS["org_find"]).input("chi bo").run()
    assert len(expected_names(db, "chi bo")) > few
    assert widget(at, "multiselect", ANALYSIS["orgs"]).options == expected_names(db, "chi bo")[:few]
    assert any(f"Hiện {few} tổ chức đầu tiên khớp" in c.value for c in at.sidebar.caption)
    widget(at, "text_input", ANALYSIS["org_find"]).input("không có đâu").run()
    assert not at.exception
    assert widget(at, "multiselect", ANALYSIS["orgs"]).options == []
    assert any("Không có tổ chức nào khớp" in c.value for c in at.sidebar.caption)


def test_the_search_keeps_to_the_sectors_chosen(few: int, db: Database) -> None:
    at = open_page("views/explorer.py", {"year": "2024", "sector": "education"})
    widget(at, "text_input", ANALYSIS["org_find"]).input("chi bo").run()
    wanted = expected_names(db, "chi bo", ("education",))
    assert wanted and len(wanted) < len(expected_names(db, "chi bo"))
    assert widget(at, "multiselect", ANALYSIS["orgs"]).options == wanted[:few]


def test_the_organization_page_picks_from_a_search(few: int, db: Database) -> None:
    at = open_page("views/organization.py", {"org": "XBD"})
    assert not at.exception
    # the link's organization is listed and shown before any search
    assert widget(at, "selectbox", ANALYSIS["org_pick"]).options == ["Đảng bộ xã Bà Điểm"]
    widget(at, "text_input", ANALYSIS["org_find"]).input("nhc").run()  # a code
    found = expected_names(db, "nhc")
    assert 0 < len(found) <= few
    picker = widget(at, "selectbox", ANALYSIS["org_pick"])
    assert picker.options == ["Đảng bộ xã Bà Điểm", *found]
    picker.select("NHC").run()
    assert not at.exception
    assert link(at)["org"] == ["NHC"]


def test_a_scoped_user_finds_only_their_organizations(
    secured_db_path: Path, sign_in_app: SignIn, fast_bcrypt: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    # two communes' committees: more than the one organization a picker would list, so a search
    monkeypatch.setattr(ui.selection, "CHOICES_MAX", 1)
    store = AuthStore(auth_path(secured_db_path))
    store.add_user("bithu.hai", "mat-khau-hai", "viewer", ["XNB", "XBD"])
    sign_in_app(store, "bithu.hai", "mat-khau-hai")
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["year"] = at.query_params["to"] = "2024"
    at.run()
    at.switch_page("views/explorer.py").run()
    # "xa" is in most names of the district ("Chi bộ Bảo hiểm xã hội huyện" first of all): the
    # first found is the first of the user's own
    widget(at, "text_input", ANALYSIS["org_find"]).input("xa").run()
    assert not at.exception
    assert widget(at, "multiselect", ANALYSIS["orgs"]).options == ["Đảng bộ xã Bà Điểm"]
    widget(at, "text_input", ANALYSIS["org_find"]).input("bao hiem").run()
    assert widget(at, "multiselect", ANALYSIS["orgs"]).options == []


def test_a_picker_lists_every_word_in_the_name_or_the_code(db: Database) -> None:
    found = listed_orgs(db, Filters(), "điểm BÀ", 100)
    assert found["org_name"].tolist() == expected_names(db, "diem ba")
    assert listed_orgs(db, Filters(), "xbd", 100)["org_code"].tolist() == ["XBD"]
    assert (
        listed_orgs(db, Filters(), "chi bo", 3)["org_name"].tolist()
        == (expected_names(db, "chi bo")[:3])
    )
    assert listed_orgs(db, Filters(), "ba  diem  zzz", 100).empty
    # a quote or a percent sign is a character to look for, not SQL
    assert listed_orgs(db, Filters(), "'; drop table org_results; --", 100).empty
    assert listed_orgs(db, Filters(), "%", 100).empty
    # no words: the catalogue (the filters') by name, the first ``limit``
    assert listed_orgs(db, Filters(), "  ", 1000)["org_name"].tolist() == expected_names(db, "")
    assert (
        listed_orgs(db, Filters(sectors=("education",)), "", 4)["org_name"].tolist()
        == (expected_names(db, "", ("education",))[:4])
    )


def test_a_picker_knows_whether_it_can_list_every_organization(db: Database) -> None:
    # counted no further than one over the limit: a national committee's 278.070 are not
    everyone = len(expected_names(db, ""))
    education = len(expected_names(db, "", ("education",)))
    assert everyone > education > 1
    assert not more_orgs_than(db, Filters(), everyone)
    assert more_orgs_than(db, Filters(), everyone - 1)
    assert not more_orgs_than(db, Filters(sectors=("education",)), education)
    assert more_orgs_than(db, Filters(sectors=("education",)), education - 1)
    assert not more_orgs_than(db, Filters(orgs=("XBD", "NOPE")), 1)
    assert more_orgs_than(db, Filters(orgs=("XBD", "NOPE")), 0)


def test_a_few_organizations_named_are_not_counted(db: Database) -> None:
    # a viewer limited to a few: every page's picker asked the catalogue to count them
    db.trace = []
    try:
        assert not more_orgs_than(db, Filters(orgs=("XBD", "NOPE")), 2)
        assert not [name for name, _, _ in db.trace if name == "base_orgs_counted_by_org"]
        assert not more_orgs_than(db, Filters(orgs=("XBD", "NOPE")), 1)  # more codes: counted
        assert [name for name, _, _ in db.trace] == ["base_orgs_counted_by_org"]
    finally:
        db.trace = None


def test_names_are_those_of_the_catalogue(db: Database) -> None:
    assert org_names(db, Filters(orgs=("XBD", "NOPE"))) == {"XBD": "Đảng bộ xã Bà Điểm"}
    assert org_names(db, Filters(orgs=())) == {}
    # a committee founded in July 2025 never directed Bà Điểm's old committee
    assert org_names(db, Filters(orgs=("XBD",), scope="XA_BADIEM")) == {}


# --- the status form on the page "Khắc phục": the organizations of one year ------------------


def year_orgs(db: Database, scope: str, year: int) -> list[tuple[str, str, bool]]:
    """(code, name, rated) of the committee's base organizations in the year, by name: read
    from the stored rows and the scope table, not through the query the form uses."""
    cur = db.cursor()
    try:
        rows = cur.execute(
            "select b.org_code, b.org_name, b.org_level is not null from base_org_years b"
            " join scope_orgs s on s.org_code = b.org_code and s.year = b.year"
            " where s.scope_code = $scope and b.year = $year order by b.org_name, b.org_code",
            {"scope": scope, "year": year},
        ).fetchall()
    finally:
        cur.close()
    return [(str(c), str(n), bool(r)) for c, n, r in rows]


def found_in(rows: list[tuple[str, str, bool]], words: str) -> list[tuple[str, str, bool]]:
    asked = _bare(words).split()
    return [r for r in rows if all(w in _bare(r[1]) or w in _bare(r[0]) for w in asked)]


def status_org(at: AppTest) -> Any:
    return widget(at, "selectbox", "Tổ chức")


def form_captions(at: AppTest) -> list[str]:
    return [c.value for c in at.main.caption]


def test_the_status_form_lists_a_short_year_whole(app_env: Path, db: Database) -> None:
    at = open_page("views/remediation.py", {"scope": "XA_BADIEM"})
    widget(at, "selectbox", "Năm đánh giá").set_value(2026).run()
    rows = year_orgs(db, "XA_BADIEM", 2026)
    assert len(rows) <= ui.selection.CHOICES_MAX
    picker = status_org(at)
    assert picker.options == [n for _, n, _ in rows]
    assert picker.value == next(c for c, _, rated in rows if not rated)  # the unrated first
    assert ANALYSIS["org_find"] not in [t.label for t in at.main.text_input]
    # a year where the first by name is rated: the one unrated is chosen all the same
    rows = year_orgs(db, "XA_BADIEM", 2025)
    [unrated] = [c for c, _, rated in rows if not rated]
    assert rows[0][2]
    form = status_entry(db, "XA_BADIEM", (2025, 2026), 2025, None, "", 300)
    assert form is not None and form.org == unrated and not form.search
    assert form.orgs == tuple(c for c, _, _ in rows)


def test_the_status_form_of_a_long_year_offers_the_unrated_then_a_search(
    few: int, db: Database
) -> None:
    at = open_page("views/remediation.py", {"scope": "XA_BADIEM"})
    widget(at, "selectbox", "Năm đánh giá").set_value(2026).run()
    assert not at.exception
    rows = year_orgs(db, "XA_BADIEM", 2026)
    unrated = [r for r in rows if not r[2]]
    assert len(unrated) > few and len(rows) > len(unrated)
    # no words: the first unrated by name, the first of them chosen
    picker = status_org(at)
    assert picker.options == [n for _, n, _ in unrated[:few]]
    assert picker.value == unrated[0][0]
    assert f"Hiện {few} tổ chức chưa xếp loại đầu tiên (theo tên)" in " ".join(form_captions(at))
    chosen = unrated[0]
    # words: what they find, rated or not, by name; the organization chosen stays listed
    at.text_input(key="sf_find").input("ap").run()
    assert not at.exception
    found = found_in(rows, "ap")
    assert any(r[2] for r in found) and chosen not in found
    assert len(found) > few  # too many: the first ``few``, and a note says so
    shown = sorted([*found[:few], chosen], key=lambda r: (r[1], r[0]))
    assert status_org(at).options == [n for _, n, _ in shown]
    assert status_org(at).value == chosen[0]
    assert any(f"Hiện {few} tổ chức đầu tiên khớp “ap”" in c for c in form_captions(at))
    # narrower words, accents and case ignored; a rated organization found and chosen shows
    # what is stored for it
    # (the third and fourth words of a rated organization's name, in capitals, without accents:
    # the first such that find only a few)
    rated, words = next(
        (r, w)
        for r in rows
        for w in [" ".join(_bare(r[1]).upper().split()[2:4])]
        if r[2] and len(found_in(rows, w)) <= few
    )
    at.text_input(key="sf_find").input(words).run()
    wanted = found_in(rows, words)
    assert rated in wanted and len(wanted) <= few
    assert status_org(at).options == [
        n for _, n, _ in sorted({*wanted, chosen}, key=lambda r: (r[1], r[0]))
    ]
    status_org(at).set_value(rated[0]).run()
    assert not at.exception
    assert status_org(at).value == rated[0]
    assert widget(at, "selectbox", "Tình trạng tổ chức").value is None
    # words that find nothing: said, and the choice still stands
    at.text_input(key="sf_find").input("'; drop table org_statuses; --").run()
    assert not at.exception
    assert status_org(at).options == [rated[1]]
    assert any("Không có tổ chức nào khớp" in c for c in form_captions(at))


def test_the_status_form_of_a_year_all_rated_lists_the_first_by_name(
    few: int, db: Database
) -> None:
    at = open_page("views/remediation.py")
    widget(at, "selectbox", "Năm đánh giá").set_value(2024).run()
    assert not at.exception
    own = str(db.meta("superior_code"))
    rows = year_orgs(db, own, 2024)
    assert len(rows) > few and all(rated for _, _, rated in rows)
    assert status_org(at).options == [n for _, n, _ in rows[:few]]
    assert status_org(at).value == rows[0][0]
    assert f"Hiện {few} tổ chức đầu tiên (theo tên)" in " ".join(form_captions(at))


# --- the report form's plans ----------------------------------------------------------------

DAY = dt.date(2026, 12, 1)


def plans_of(db: Database, scope: str) -> list[tuple[tuple[int, str], str, str]]:
    """(plan, label, organization's name) of every plan the committee's report form offers, in
    its order (overdue first), listed whole; the names read from the stored rows."""
    form = report_entry(db, scope, DAY, None, None, "", 10_000)
    assert form is not None and not form.search
    cur = db.cursor()
    try:
        names = dict(cur.execute("select org_code, org_name from organizations").fetchall())
    finally:
        cur.close()
    return [(k, form.plan_labels[k], names[k[1]]) for k in form.plans]


def plans_found(
    plans: list[tuple[tuple[int, str], str, str]], words: str
) -> list[tuple[tuple[int, str], str, str]]:
    asked = _bare(words).split()
    return [p for p in plans if all(w in _bare(p[2]) or w in _bare(p[0][1]) for w in asked)]


def test_the_report_form_of_few_plans_lists_them_whole(
    app_env: Path, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XEPLOAI_TODAY", DAY.isoformat())
    at = open_page("views/remediation.py", {"scope": "TPHCM"})
    assert not at.exception
    plans = plans_of(db, "TPHCM")
    assert at.selectbox(key="rf_plan").options == [label for _, label, _ in plans]
    assert not [t for t in at.text_input if t.key == "rf_find"]


def test_the_report_form_of_many_plans_lists_the_first_then_a_search(
    few: int, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A national committee holds 18.879 plans: the form lists the first ``CHOICES_MAX``
    (lowered here) in its order, and a search finds the others by the organization's name or
    code; the plan chosen stays listed."""
    monkeypatch.setenv("XEPLOAI_TODAY", DAY.isoformat())
    at = open_page("views/remediation.py", {"scope": "TPHCM"})
    assert not at.exception
    plans = plans_of(db, "TPHCM")
    assert len(plans) > few
    picker = at.selectbox(key="rf_plan")
    assert picker.options == [label for _, label, _ in plans[:few]]
    assert picker.value == plans[0][0]
    assert f"Hiện {few} kế hoạch đầu tiên trong số {len(plans)}" in " ".join(form_captions(at))
    chosen = plans[1]
    at.selectbox(key="rf_plan").set_value(chosen[0]).run()
    # words without accents, in capitals: the plans of the organizations they find, in the
    # form's order, after the plan chosen
    at.text_input(key="rf_find").input("tieu HOC").run()
    assert not at.exception
    found = plans_found(plans, "tieu HOC")
    assert 0 < len(found) <= few and chosen not in found
    assert at.selectbox(key="rf_plan").options == [p[1] for p in [chosen, *found]]
    assert at.selectbox(key="rf_plan").value == chosen[0]
    # a plan found, chosen: the form's items are that plan's
    at.selectbox(key="rf_plan").set_value(found[-1][0]).run()
    assert not at.exception
    year, code = found[-1][0]
    item_keys = [str(w.key) for w in at.selectbox if str(w.key).endswith("_status")]
    assert item_keys and all(k.startswith(f"rf_{year}_{code}_") for k in item_keys)
    # words that find more than the form lists: the first, and a note
    at.text_input(key="rf_find").input("ap").run()
    wide = plans_found(plans, "ap")
    assert len(wide) > few
    listed = wide[:few] if found[-1] in wide[:few] else [found[-1], *wide[:few]]
    assert at.selectbox(key="rf_plan").options == [p[1] for p in listed]
    assert any(f"Hiện {few} kế hoạch đầu tiên khớp “ap”" in c for c in form_captions(at))
    # words that find nothing: said, and the plan chosen still stands
    at.text_input(key="rf_find").input("'; drop table remediation_items; --").run()
    assert not at.exception
    assert at.selectbox(key="rf_plan").options == [found[-1][1]]
    assert any("Không có tổ chức nào khớp" in c for c in form_captions(at))
