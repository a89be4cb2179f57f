"""The analysis core on hand-made frames (no database): gaps to targets and who causes them,
rounding, clicked bars, the exemption matrix, downloads. On the database: tests/queries/."""

from __future__ import annotations

import io
import random
from fractions import Fraction
from typing import Any

import numpy as np
import openpyxl
import pandas as pd
import pytest

from xeploai.domain.numbers import round_exact, round_exact_near, round_exact_over
from xeploai.domain.selection import selected_codes
from xeploai.exports.tables import to_csv_bytes, to_xlsx_bytes
from xeploai.metrics import analysis as a


def frame(*rows: dict[str, object]) -> pd.DataFrame:
    """A hand-made results_by_org_year: only the members' columns matter here."""
    base = {
        "year": 2019,
        "org_type": "base_cell",
        "sector": "agency",
        "org_level": "HTTNV",
        "org_rank": 2,
        "clean_strong": False,
        "members_total": 0,
        "members_exempt": 0,
        "members_suspended": 0,
        "members_new": 0,
        "members_pending": 0,
        "members_htxsnv": 0,
        "members_httnv": 0,
        "members_htnv": 0,
        "members_khtnv": 0,
        "cells_rated": 0,
        "cells_excellent": 0,
        "cells_good": 0,
        "cells_not_completed": 0,
    }
    out = pd.DataFrame([{**base, **r} for r in rows])
    out["members_evaluated"] = out[
        ["members_htxsnv", "members_httnv", "members_htnv", "members_khtnv"]
    ].sum(axis=1)
    out["members_good"] = out["members_htxsnv"] + out["members_httnv"]
    out["members_excellent"] = out["members_htxsnv"]
    out["members_not_completed"] = out["members_khtnv"]
    return out


# A: 8 of 10 good; B: 5 of 10 good; C: 20 of 20 good. 33/40 = 82,5% against a target of 90%.
HAND = frame(
    {"org_code": "A", "org_name": "A", "members_httnv": 8, "members_htnv": 2},
    {"org_code": "B", "org_name": "B", "members_httnv": 5, "members_htnv": 4, "members_khtnv": 1},
    {"org_code": "C", "org_name": "C", "members_htxsnv": 4, "members_httnv": 16},
)


def test_contributions_split_the_gap_exactly_on_a_hand_made_case() -> None:
    summary, contrib = a.gap_contributions(
        HAND, 2019, "members", "good_or_better_pct", "at_least", 90.0
    )
    assert (summary.part, summary.whole, summary.actual) == (33, 40, 82.5)
    assert summary.gap == -7.5 and summary.met is False
    # 33 + 3 = 36 = 90% of 40: three more members good or better
    assert summary.units_needed == 3
    by_org = contrib.set_index("org_code")
    # A: (8 − 9)/40 = −2,5 points; B: (5 − 9)/40 = −10; C: (20 − 18)/40 = +5
    assert by_org.loc["A", "contribution_pp"] == -2.5
    assert by_org.loc["B", "contribution_pp"] == -10.0
    assert by_org.loc["C", "contribution_pp"] == 5.0
    assert contrib["contribution_pp"].sum() == summary.gap
    assert list(contrib["org_code"]) == ["B", "A", "C"]  # who pulls hardest first
    assert list(by_org.loc[["A", "B", "C"], "units_needed"]) == [1, 4, 0]


def test_a_below_target_is_seen_from_its_own_side() -> None:
    # not completed must stay below 2%: B's 1 of 10 pulls the total (1/40 = 2,5%) up
    summary, contrib = a.gap_contributions(HAND, 2019, "members", "not_completed_pct", "below", 2.0)
    assert summary.actual == 2.5 and summary.met is False and summary.units_needed == 1
    assert contrib.iloc[0]["org_code"] == "B"
    assert contrib.iloc[0]["pull_pp"] < 0 < contrib.iloc[0]["contribution_pp"]


@pytest.mark.parametrize(
    ("part", "whole", "direction", "target", "needed"),
    [
        (33, 40, "at_least", 90.0, 3),  # 36/40 = 90% exactly: "at least" includes the target
        (36, 40, "at_least", 90.0, 0),  # met already
        (0, 0, "at_least", 90.0, 0),  # nobody to count: nothing to do
        # 92,5% of 1000 is 925; 924 rounds to 92,40%, so 925 it is
        (900, 1000, "at_least", 92.5, 25),
        # rounding half up: 2 of 3 = 66,67%, so a 66,67% target needs no third unit
        (2, 3, "at_least", 66.67, 0),
        # the top level for everyone still falls short of 100,01%: say "all of them and more"
        (5, 10, "at_least", 100.01, 6),
        (1, 40, "below", 2.0, 1),  # 1 of 40 = 2,5%; only 0 of 40 is below 2%
        (3, 100, "below", 3.0, 1),  # "below" is strict: 3,00% is not below 3%
        (2, 100, "below", 3.0, 0),
    ],
)
def test_what_it_takes(part: int, whole: int, direction: str, target: float, needed: int) -> None:
    assert a.what_it_takes(part, whole, direction, target) == needed


def test_the_average_organization_counts_each_once() -> None:
    # 1 of 2 (50%) and 99 of 100 (99%): the average organization is at 74,5%, while the pooled
    # share would be 100/102 = 98,04%; an organization with nobody evaluated is left out
    assert a.mean_share([1, 99, 0], [2, 100, 0]) == 74.5
    assert a.mean_share([1, 1, 1], [3, 3, 3]) == 33.33
    assert a.mean_share([2, 2], [3, 3]) == 66.67  # 66,666… rounds half away from zero
    assert a.mean_share([0], [0]) is None


def test_the_organization_page_s_average_is_exact_at_a_half_hundredth() -> None:
    # four organizations: 1 and 2 of 5 members good, 1 and 2 of 40 (20 %, 40 %, 2,5 %, 5 %):
    # the mean is 16,875 % exactly, 16,88 half away from zero, where the ratios summed in
    # floating point give 16,874999…; the page's averages come from the sums by whole
    sums = pd.DataFrame(
        {
            "year": [2024, 2024],
            "whole_of": ["members_evaluated"] * 2,
            "whole": [5, 40],
            "orgs": [2, 2],
            "sector_orgs": [2, 0],
            **{
                f"{prefix}{part}": values
                for prefix in ("", "sector_")
                for part, values in (
                    ("members_good", [3, 3] if not prefix else [3, 0]),
                    ("members_excellent", [0, 0]),
                    ("members_not_completed", [0, 0]),
                    ("members_exempt", [0, 0]),
                )
            },
        }
    )
    history = pd.DataFrame(
        {
            "year": [2024],
            "members_good": [1],
            "members_excellent": [0],
            "members_not_completed": [0],
            "members_evaluated": [5],
            "members_exempt": [0],
            "members_total": [5],
        }
    )
    good = a.org_comparison(history, sums).set_index("measure").loc["members_good_pct"]
    assert (good["org"], good["all_avg"], good["sector_avg"]) == (20.0, 16.88, 30.0)
    assert a.mean_share([1, 2, 1, 2], [5, 5, 40, 40]) == 16.88


def test_a_float_is_rounded_as_its_exact_value_or_the_exact_value_is_taken() -> None:
    # far from a half hundredth the float's rounding is the exact value's: nothing exact made
    def never() -> Fraction:
        raise AssertionError("the exact value was not needed")

    assert round_exact_near(12.3449, never, 1e-6) == 12.34
    assert round_exact_near(-12.3451, never, 1e-6) == -12.35
    # 16,875 % exactly, 16,874999… in floating point: the exact value, half away from zero
    assert round_exact_near(16.874999999999996, lambda: Fraction(16875, 1000), 1e-6) == 16.88


def test_the_average_share_is_exact_however_the_organizations_are_added() -> None:
    # organizations of the same size are added together first: the mean of each one's exact
    # share all the same, rounded once (many of a few sizes, as a year's base organizations)
    draw = random.Random(14)
    for _ in range(200):
        wholes = [draw.choice([0, 3, 7, 12, 40, 41, 400]) for _ in range(draw.randrange(1, 60))]
        parts = [draw.randint(0, w) for w in wholes]
        shares = [Fraction(p, w) for p, w in zip(parts, wholes, strict=True) if w]
        expected = round_exact(100 * sum(shares, Fraction(0)) / len(shares)) if shares else None
        assert a.mean_share(parts, wholes) == expected


def test_round_exact_is_the_pct_rule() -> None:
    assert round_exact(Fraction(87495, 1000)) == 87.5  # 87,495 → 87,50
    assert round_exact(Fraction(-87495, 1000)) == -87.5  # half away from zero, both ways
    assert round_exact(Fraction(-1, 3)) == -0.33


@pytest.mark.parametrize("denominator", [1, 3, 8, 400, 20_000, 7 * 10**9])
def test_round_exact_over_a_column_is_round_exact(denominator: int) -> None:
    rng = random.Random(denominator)
    # every half way point of the range, both signs, and random values around them
    numerators = [h * denominator // 200 for h in range(-400, 401)]
    numerators += [rng.randrange(-(10**6), 10**6) for _ in range(2000)]
    got = round_exact_over(np.array(numerators), denominator)
    expected = [round_exact(Fraction(v, denominator)) for v in numerators]
    assert got.tolist() == expected
    assert not np.signbit(got[np.array(numerators) == 0]).any()  # never −0,00


def test_round_exact_over_too_large_for_64_bits_stays_exact() -> None:
    huge = 2**62 + 1
    got = round_exact_over(np.array([huge, -huge, 1]), 3)
    assert got.tolist() == [round_exact(Fraction(v, 3)) for v in (huge, -huge, 1)]


def _contributions_by_fractions(
    counts: pd.DataFrame, whole: int, target: float, sign: int
) -> list[float]:
    """The contribution as defined in the module's docstring, one fraction at a time."""
    t = Fraction(str(target))
    return [
        round_exact(sign * Fraction(100) * (int(k) - t / 100 * int(n)) / whole)
        for k, n in zip(counts["part"], counts["whole"], strict=True)
    ]


@pytest.mark.parametrize("target", [90.0, 92.5, 66.67, 0.4, 15.0, 99.99])
@pytest.mark.parametrize("direction", ["at_least", "below"])
def test_contributions_equal_the_exact_fractions(target: float, direction: str) -> None:
    rng = random.Random(f"{target}{direction}")
    rows = []
    for i in range(600):
        members = rng.choice([0, 1, 2, 3, 7, 40, 113, 1999])
        good = rng.randint(0, members)
        rows.append(
            {
                "org_code": f"O{i}",
                "org_name": f"Tổ chức {i}",
                "members_httnv": good,
                "members_htnv": members - good,
            }
        )
    results = frame(*rows)
    summary, contrib = a.gap_contributions(
        results, 2019, "members", "good_or_better_pct", direction, target
    )
    counts = a.unit_counts(results, "members", "good_or_better_pct")
    counts = counts[counts["whole"] > 0]
    sign = 1 if direction == "at_least" else -1
    expected = pd.DataFrame(
        {
            "org_code": results.loc[counts.index, "org_code"],
            "contribution_pp": _contributions_by_fractions(counts, summary.whole, target, 1),
            "pull_pp": _contributions_by_fractions(counts, summary.whole, target, sign),
            "units_needed": [
                a.what_it_takes(int(k), int(n), direction, target)
                for k, n in zip(counts["part"], counts["whole"], strict=True)
            ],
        }
    ).set_index("org_code")
    got = contrib.set_index("org_code")[["contribution_pp", "pull_pp", "units_needed"]]
    pd.testing.assert_frame_equal(got.sort_index(), expected.sort_index(), check_dtype=False)
    assert not np.signbit(got["pull_pp"].to_numpy()[got["pull_pp"].to_numpy() == 0]).any()


@pytest.mark.parametrize("big", [0, 1, 3_000_000_000, 10**17])
def test_the_pairs_what_it_takes_is_reckoned_for_are_each_row_s(big: int) -> None:
    """What it takes is reckoned once a pair (part, whole): each row finds its own pair again,
    whatever the size of the counts (past 64 bits, in Python's integers)."""
    k = np.array([big, 1, big, 2, 0, big], dtype=np.int64)
    n = np.array([big + 3, big, big + 3, 7, 0, big], dtype=np.int64)
    pair_of, pairs = a._pairs(k, n)
    assert [pairs[i] for i in pair_of] == list(zip(k.tolist(), n.tolist(), strict=True))
    assert len(pairs) == len(set(zip(k.tolist(), n.tolist(), strict=True)))


def test_contributions_too_large_for_64_bits_stay_exact() -> None:
    big = 10**17  # no party has this many members; the arithmetic must not wrap all the same
    counts = pd.DataFrame({"part": [big, 1], "whole": [big + 3, big]})
    whole = 2 * big + 3
    got = a._contributions(
        counts["part"].to_numpy(), counts["whole"].to_numpy(), Fraction("92.5"), whole, 1
    )
    assert got.tolist() == _contributions_by_fractions(counts, whole, 92.5, 1)


def test_downloads_carry_the_vietnamese_text() -> None:
    table = pd.DataFrame({"Tổ chức": ["Đảng bộ xã Bà Điểm"], "Tỷ lệ (%)": [92.03]})
    csv = to_csv_bytes(table)
    assert csv.startswith(b"\xef\xbb\xbf") and "Bà Điểm".encode() in csv
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes(table, "Tra cứu")))
    sheet = book["Tra cứu"]
    assert sheet["A2"].value == "Đảng bộ xã Bà Điểm" and sheet["B2"].value == 92.03


def test_the_excel_file_keeps_types_and_texts_and_says_where_it_is_cut(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Numbers stay numbers, a day a day, a formula-like name a text marked with the quote
    prefix; a table longer than ``EXCEL_ROWS_MAX`` (lowered here) keeps its first rows and a
    last line that says so (the CSV file has every row)."""
    import datetime as dt

    from xeploai.exports import tables

    table = pd.DataFrame(
        {
            "Tổ chức": ['=HYPERLINK("http://x")', "Chi bộ A", None, "Chi bộ C", "Chi bộ D"],
            "Số": [1, 2, 3, 4, 5],
            "Tỷ lệ (%)": [92.5, None, 1.25, 0.0, 100.0],
            "Ngày": [dt.date(2026, 3, 31), None, None, None, dt.date(2026, 12, 1)],
        }
    )
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes(table, "Tra cứu")))
    sheet = book["Tra cứu"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0] == ["Tổ chức", "Số", "Tỷ lệ (%)", "Ngày"]
    assert rows[1] == ['=HYPERLINK("http://x")', 1, 92.5, dt.datetime(2026, 3, 31)]
    assert sheet["A2"].data_type == "s" and sheet["A2"].quotePrefix
    assert not sheet["A3"].quotePrefix
    assert rows[2] == ["Chi bộ A", 2, None, None] and rows[3] == [None, 3, 1.25, None]
    assert len(rows) == 6 and sheet.freeze_panes == "A2"
    monkeypatch.setattr(tables, "EXCEL_ROWS_MAX", 3)
    cut = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes(table, "Tra cứu")))["Tra cứu"]
    lines = [[c.value for c in row] for row in cut.iter_rows()]
    assert lines[:4] == rows[:4]
    assert lines[4][0] == (
        "Tệp Excel gồm 3 dòng đầu tiên trong số 5; tệp CSV gồm đủ 5 dòng (mở được bằng Excel), "
        "hoặc thu hẹp bộ lọc."
    )
    assert len(lines) == 5
    assert to_csv_bytes(table).decode("utf-8-sig").count("Chi bộ") == 3  # CSV: every row


def test_clicked_bars_give_their_codes() -> None:
    points: list[dict[str, Any]] = [
        {"customdata": "commune", "x": 1},
        {"customdata": ["XBD"]},
        {"x": 3},
        {"customdata": "commune"},
    ]
    assert selected_codes(points) == ["commune", "XBD"]
    assert selected_codes([]) == []


def test_the_exemption_matrix_shows_the_ranked_organizations() -> None:
    # a national view would otherwise send 52.000 organizations × 10 years to the browser: the
    # matrix shows the organizations exempt_ranked_by_org ranks (the first 200, counted in SQL;
    # tests/queries/test_analysis.py holds the ranking), in its order, and says it is cut
    import pandas as pd

    from xeploai.screens.exemptions import exempt_matrices, exempt_matrix_note

    by_org = pd.DataFrame(
        {
            "year": [y for y in (2023, 2024) for _ in range(5)],
            "org_code": [f"CB{i}" for _ in (2023, 2024) for i in range(5)],
            "org_name": [f"Chi bộ {i}" for _ in (2023, 2024) for i in range(5)],
            "exempt": [i * 10 + (y - 2023) for y in (2023, 2024) for i in range(5)],
            "exempt_pct": [0.5 * i for _ in (2023, 2024) for i in range(5)],
        }
    )
    ranked = pd.DataFrame(
        {
            "org_code": ["CB4", "CB3"],
            "org_name": ["Chi bộ 4", "Chi bộ 3"],
            "exempt": [81, 61],
            "orgs": [5, 5],
        }
    )
    [cut] = exempt_matrices(by_org, ranked, ("exempt",))
    assert list(cut.iloc[:, 0]) == ["Chi bộ 4", "Chi bộ 3"]  # in the ranking's order
    assert list(cut.columns[1:]) == ["2023", "2024"]
    assert cut["2024"].tolist() == [41, 31] and cut["2023"].tolist() == [40, 30]
    assert "2 trong 5 tổ chức" in (exempt_matrix_note(ranked) or "")
    assert exempt_matrix_note(ranked.assign(orgs=2)) is None
    assert exempt_matrix_note(ranked.head(0)) is None
    # two organizations of one name (a hamlet's cell in two communes) are two rows, each its
    # own figures, told apart by the code; a year without a row is empty
    same = pd.DataFrame(
        {
            "org_code": ["CB4", "CB3", "CB2"],
            "org_name": ["Chi bộ 4", "Chi bộ 4", "Chi bộ Ấp 2"],
            "exempt": [81, 61, 41],
            "orgs": [5, 5, 5],
        }
    )
    gap = by_org[~((by_org["org_code"] == "CB2") & (by_org["year"] == 2023))]
    [both] = exempt_matrices(gap, same, ("exempt",))
    assert list(both.iloc[:, 0]) == ["Chi bộ 4 (CB4)", "Chi bộ 4 (CB3)", "Chi bộ Ấp 2"]
    assert both["2024"].tolist() == [41, 31, 21] and both["2023"].tolist()[:2] == [40, 30]
    assert pd.isna(both["2023"].iloc[2])
    [shares] = exempt_matrices(by_org, ranked.head(1), ("exempt_pct",))
    assert shares.iloc[0].tolist() == ["Chi bộ 4", 2.0, 2.0]


def test_equal_pulls_rank_by_name_kind_sector_and_code_whatever_the_rows_order() -> None:
    # five organizations pulling alike (5 of 10 good each), four of them of one name: ranked by
    # name, then kind, sector and code (the lists' order), however the rows came in
    same = {"org_name": "Chi bộ Khu phố 1", "members_httnv": 5, "members_htnv": 5}
    rows = frame(
        {**same, "org_code": "KP1-B", "org_type": "base_cell", "sector": "neighbourhood"},
        {**same, "org_code": "KP1-A", "org_type": "base_cell", "sector": "neighbourhood"},
        {**same, "org_code": "KP1-C", "org_type": "base_cell", "sector": "commune"},
        {**same, "org_code": "KP1-D", "org_type": "base_committee", "sector": "commune"},
        {**same, "org_code": "AAA", "org_name": "Chi bộ Ấp 2"},
    )
    want = ["KP1-C", "KP1-A", "KP1-B", "KP1-D", "AAA"]
    for seed in range(6):
        shuffled = rows.sample(frac=1, random_state=seed).reset_index(drop=True)
        _, contrib = a.gap_contributions(
            shuffled, 2019, "members", "good_or_better_pct", "at_least", 90.0
        )
        assert contrib["org_code"].tolist() == want
