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

from xeploai.ingest.spec import fold

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
