"""A shared link's query string → the view it asks for, and a notice for every part ignored."""

from __future__ import annotations

import pytest

from xeploai.domain.selection import Notice, Selection, parse_params

YEARS = range(2015, 2025)
ORGS = ["XBD", "TTHM", "NHC"]


def parse(params: dict[str, str | list[str]]) -> tuple[Selection, list[Notice]]:
    return parse_params(params, years=YEARS, orgs=ORGS)


def test_a_full_link_is_read_whole() -> None:
    state, notices = parse(
        {
            "year": "2019",
            "from": "2016",
            "to": "2020",
            "sector": ["commune", "education"],
            "type": "base_cell",
            "org": ["XBD", "NHC"],
        }
    )
    assert notices == []
    assert state == Selection(
        2019, 2016, 2020, ("commune", "education"), ("base_cell",), ("XBD", "NHC")
    )


def test_no_parameters_mean_the_defaults() -> None:
    state, notices = parse({})
    assert notices == [] and state == Selection()
    assert state.resolved(list(YEARS)) == Selection(2024, 2015, 2024)


def test_a_comma_list_typed_by_hand_is_read_like_repeated_parameters() -> None:
    state, notices = parse({"sector": "commune, police", "org": "XBD,TTHM"})
    assert notices == []
    assert state.sectors == ("commune", "police") and state.orgs == ("XBD", "TTHM")


def test_codes_are_matched_without_regard_to_case_and_repeats_collapse() -> None:
    state, notices = parse({"sector": ["Commune", "commune"], "org": ["xbd"]})
    assert notices == []
    assert state.sectors == ("commune",) and state.orgs == ("XBD",)


def test_the_view_writes_back_the_same_link() -> None:
    state = Selection(2019, 2016, 2020, ("commune",), None, ("XBD", "NHC"))
    params = state.params()
    assert params == {
        "year": "2019",
        "from": "2016",
        "to": "2020",
        "sector": ["commune"],
        "org": ["XBD", "NHC"],
    }
    assert parse(params) == (state, [])
    # a page writes only the names it uses
    assert state.params(("from", "to")) == {"from": "2016", "to": "2020"}


@pytest.mark.parametrize(
    ("params", "kept", "reason"),
    [
        # a name we do not know: a typo or an old link; the rest of the link still counts
        ({"yaer": "2019", "year": "2018"}, Selection(year=2018), "unknown_param"),
        # parameter names are case-sensitive: "Year" is not "year"
        ({"Year": "2019"}, Selection(), "unknown_param"),
        # not a number at all
        ({"year": "abc"}, Selection(), "not_a_year"),
        # empty, as "?year=" leaves it
        ({"year": ""}, Selection(), "not_a_year"),
        # an injection attempt is only a malformed year
        ({"year": "2019; drop table x"}, Selection(), "not_a_year"),
        # digits that int() accepts but no one types in a link
        ({"year": "２０１９"}, Selection(), "not_a_year"),
        # a decimal is not a year
        ({"year": "2019.0"}, Selection(), "not_a_year"),
        # a well-formed year without data
        ({"year": "1999"}, Selection(), "year_without_data"),
        ({"to": "2030"}, Selection(), "year_without_data"),
        # two values for a single-valued parameter: which one was meant is unknowable
        ({"year": ["2019", "2020"]}, Selection(), "many_years"),
        # a range backwards: ignored whole rather than guessed
        ({"from": "2022", "to": "2016"}, Selection(), "reversed_range"),
        # an unknown sector is dropped, the known one kept
        ({"sector": ["commune", "space"]}, Selection(sectors=("commune",)), "unknown_sector"),
        # the Vietnamese label is not the code (links keep the English code)
        ({"sector": "Giáo dục"}, Selection(), "unknown_sector"),
        # a subordinate cell is not a base organization type
        ({"type": "subordinate_cell"}, Selection(), "unknown_type"),
        # an organization code that was never reported
        ({"org": ["XBD", "NOPE"]}, Selection(orgs=("XBD",)), "unknown_org"),
    ],
)
def test_a_bad_part_is_ignored_with_a_notice(
    params: dict[str, str | list[str]], kept: Selection, reason: str
) -> None:
    state, notices = parse(params)
    assert state == kept
    assert [n.reason for n in notices] == [reason]
    assert "không hợp lệ" in notices[0].message


def test_streamlits_own_parameters_are_not_ours_to_judge() -> None:
    assert parse({"embed": "true", "embed_options": "dark_theme"}) == (Selection(), [])


def test_a_notice_quotes_a_long_value_shortened() -> None:
    _, notices = parse({"year": "9" * 500})
    assert len(notices[0].message) < 200 and "…" in notices[0].message


def test_every_notice_names_the_parameter_and_the_value() -> None:
    _, notices = parse({"sector": "space", "org": "NOPE", "year": "abc"})
    messages = " ".join(n.message for n in notices)
    for part in ("sector=space", "org=NOPE", "year=abc"):
        assert part in messages


def test_a_view_drops_what_the_data_no_longer_holds() -> None:
    state = Selection(2019, 2016, 2020, ("commune",), None, ("XBD", "GONE"))
    kept = state.within(range(2018, 2025), ["XBD"])
    assert kept == Selection(2019, None, 2020, ("commune",), None, ("XBD",))
    assert kept.resolved(list(range(2018, 2025))).from_year == 2018
    assert Selection(orgs=("GONE",)).within(YEARS, ORGS).orgs is None
