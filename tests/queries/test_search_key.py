"""What "case and accents ignored" means is written twice, of necessity: in Python for the
import's headers (``ingest.spec.fold``, in a reader worker that has no database) and in SQL for
the pickers' search (the macro ``search_key``, over 278.070 names at national scale, where
Python took 3 s). This test holds the two to one meaning: on every Vietnamese letter with every
tone mark, upper and lower case, composed or not, the search key with its spaces and marks
dropped is the header fold."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import duckdb
import pytest

from xeploai.domain.selection import named_words, parse_params
from xeploai.ingest.spec import fold
from xeploai.metrics.catalogue import base_org_catalogue
from xeploai.store.database import Database

_BASE = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
_TONES = ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323")
LETTERS = sorted(
    {unicodedata.normalize("NFC", c + t) for c in _BASE + _BASE.upper() for t in _TONES}
)
NAMES = ["Đảng ủy Trường THPT Nguyễn Hữu Cầu", "Chi bộ Ấp 4 – Tân Thới Nhì (cụm 364)"]


@pytest.mark.parametrize("form", ["NFC", "NFD"])
def test_the_search_key_is_the_header_fold(fixture_db_path: Path, form: str) -> None:
    texts = [unicodedata.normalize(form, t) for t in [*LETTERS, *NAMES]]  # type: ignore[arg-type]
    with duckdb.connect(str(fixture_db_path), read_only=True) as conn:
        keys = conn.execute(
            "select list_transform($texts, lambda t: search_key(t))", {"texts": texts}
        ).fetchone()
    assert keys is not None and len(keys[0]) == len(texts) == len(LETTERS) + len(NAMES)
    assert [re.sub("[^0-9a-z]", "", k) for k in keys[0]] == [fold(t) for t in texts]
    # and a search keeps the words apart: a key is lower case, accents gone, spaces kept
    assert keys[0][-2] == "dang uy truong thpt nguyen huu cau"


# What a link names an organization by (``named_words``), looked up in the catalogue
# (``base_orgs_by_code`` with ``$names``): the link's check reads the codes it names, and gives
# what the whole catalogue gives — the same view, the same notices — for codes as stored, in
# another case, in a comma list typed by hand, repeated, unknown, under another committee.
LINKS: list[dict[str, str | list[str]]] = [
    {"org": "XBD"},
    {"org": "xbd"},
    {"org": " XbD "},
    {"org": "XBD,NHC"},
    {"org": "xbd , nhc,NOPE"},
    {"org": ["XBD", "xbd", "NHC"]},
    {"org": "XBD,"},
    {"org": "NOPE"},
    {"org": ",,"},
    {"org": "XXTT-TR6", "scope": "XA_BADIEM"},
    {"org": "xxtt-tr6,XBD", "scope": "XA_BADIEM"},
]


@pytest.mark.parametrize("link", LINKS, ids=[repr(link) for link in LINKS])
def test_a_links_codes_looked_up_are_the_catalogues(
    db: Database, link: dict[str, str | list[str]]
) -> None:
    scope = link.get("scope")
    assert scope is None or isinstance(scope, str)
    committees = db.query("committees_by_year", from_year=0, to_year=9999)["scope_code"].tolist()
    whole = base_org_catalogue(db, scope)["org_code"].tolist()
    named = base_org_catalogue(db, scope, named_words(link["org"]))["org_code"].tolist()
    assert set(named) <= set(whole) and len(named) < len(whole) / 4
    years = [int(y) for y in db.query("years_by_data")["year"]]
    parsed = [
        parse_params(link, years=years, scopes=committees, orgs=codes) for codes in (whole, named)
    ]
    assert parsed[0] == parsed[1]
    # a code found, or a notice of the unknown (a list of commas alone names nothing)
    assert parsed[0][0].orgs or parsed[0][1] or link["org"] == ",,"


def test_a_links_words_are_whole_parts_and_folded() -> None:
    assert named_words("XBD") == ("xbd",)
    assert named_words([" Xbd , NHC,", "ĐBX"]) == ("nhc", "xbd", "xbd , nhc,", "đbx")
    assert named_words("STRAßE") == ("strasse", "straße")  # case folded too, as the check reads
    assert named_words(",,") == (",,",)
