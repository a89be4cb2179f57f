"""The organization pickers when the catalogue is too long to list whole (278.070 base
organizations at national scale): a search box, and the picker lists what it finds.

The demo district has 45 organizations in its catalogue, so these tests lower the limit
(``ui.selection.CHOICES_MAX``; AppTest runs the pages in this process). What a search should
find is worked out here from the catalogue with Python's own Unicode tables, not through the
SQL macro the product uses.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import ui.selection
from tests.pages.helpers import APP, SignIn, link, open_page, table, widget
from xeploai.access.users import AuthStore, auth_path
from xeploai.domain.selection import Filters
from xeploai.metrics.catalogue import base_org_catalogue, listed_orgs, org_names
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


def test_names_are_those_of_the_catalogue(db: Database) -> None:
    assert org_names(db, Filters(orgs=("XBD", "NOPE"))) == {"XBD": "Đảng bộ xã Bà Điểm"}
    assert org_names(db, Filters(orgs=())) == {}
    # a committee founded in July 2025 never directed Bà Điểm's old committee
    assert org_names(db, Filters(orgs=("XBD",), scope="XA_BADIEM")) == {}
