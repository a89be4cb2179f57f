"""`python -m xeploai`: exit codes, the summary JSON contract, Vietnamese messages."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from xeploai.cli import main

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    """The real command in a new process: its standard output must be the JSON alone (a warning
    printed while importing a library would break a script reading it). The other tests call
    ``main`` in this process, which is what the command runs."""
    return subprocess.run(
        [sys.executable, "-m", "xeploai", *args], cwd=ROOT, capture_output=True, text=True
    )


def test_summary_json_has_the_contract(demo_db_path: Path) -> None:
    out = run("summary", "--year", "2019", "--json", "--db", str(demo_db_path))
    assert out.returncode == 0, out.stderr
    s = json.loads(out.stdout)
    assert s["year"] == 2019
    for key in (
        "total",
        "committees",
        "cells",
        "rated",
        "levels",
        "good_or_better_pct",
        "clean_strong",
        "clean_strong_pct",
    ):
        assert key in s["base_orgs"]
    for key in ("total", "rated", "levels", "good_or_better_pct"):
        assert key in s["subordinate_cells"]
    for key in (
        "total",
        "exempt",
        "suspended",
        "new",
        "pending",
        "evaluated",
        "levels",
        "good_or_better_pct",
        "excellent_pct",
        "exempt_pct_of_total",
    ):
        assert key in s["members"]
    for t in s["targets"]:
        assert set(t) >= {"subject", "measure", "direction", "target", "actual", "gap", "met"}
    for f in s["findings"]:
        assert set(f) >= {"rule", "org_code", "message"}
    assert (s["base_orgs"]["total"], s["subordinate_cells"]["total"]) == (43, 257)
    assert (s["members"]["total"], s["members"]["exempt"]) == (6659, 580)


def test_summary_text_is_vietnamese(demo_db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["summary", "--year", "2019", "--db", str(demo_db_path)]) == 0
    out = capsys.readouterr().out
    assert "43 tổ chức cơ sở đảng" in out and "6.659 đảng viên" in out
    assert "[Chưa đạt] Đảng viên — tỷ lệ hoàn thành xuất sắc nhiệm vụ" in out


def test_db_from_environment(
    demo_db_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("XEPLOAI_DB", str(demo_db_path))
    assert main(["summary", "--year", "2019", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["members"]["total"] == 6659


@pytest.mark.parametrize(
    ("args", "code", "text"),
    [
        (["summary", "--year", "2019", "--db", "{missing}"], 2, "Chưa có cơ sở dữ liệu"),
        (["summary"], 2, "--year"),  # wrong usage: argparse's own message
        (["frobnicate"], 2, "invalid choice"),
    ],
)
def test_usage_errors(
    tmp_path: Path, args: list[str], code: int, text: str, capsys: pytest.CaptureFixture[str]
) -> None:
    args = [a.format(missing=tmp_path / "none.duckdb") for a in args]
    assert main(args) == code
    assert text in capsys.readouterr().err


def test_a_year_without_data_is_refused(
    demo_db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["summary", "--year", "2031", "--db", str(demo_db_path)]) == 1
    assert "Không có số liệu năm 2031" in capsys.readouterr().err


def test_demo_refuses_to_overwrite_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "d.duckdb"
    assert main(["demo", "--db", str(path)]) == 0
    assert main(["demo", "--db", str(path)]) == 2
    assert "--force" in capsys.readouterr().err
    assert main(["demo", "--db", str(path), "--force", "--seed", "3"]) == 0


def test_init_makes_an_empty_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "real.duckdb"
    assert main(["init", "--superior", "Đảng ủy xã Bà Điểm", "--db", str(path)]) == 0
    assert main(["summary", "--year", "2025", "--db", str(path)]) == 1
    assert main(["check", "--year", "2025", "--json", "--db", str(path)]) == 0
    assert "[]" in capsys.readouterr().out


def test_check_lists_findings(demo_db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--year", "2020", "--json", "--db", str(demo_db_path)]) == 0
    rules = {f["rule"] for f in json.loads(capsys.readouterr().out)}
    assert "excellent_prerequisite" in rules


@pytest.mark.parametrize("args", [["summary"], ["frobnicate"], ["export", "pdf", "--year", "1"]])
def test_usage_errors_are_told_in_vietnamese(
    args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "Sai cách dùng lệnh" in err and "--help" in err


def test_settings_round_as_published_and_say_the_practice_before_2019(
    writable_db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(writable_db_path)

    def summary(year: int) -> dict[str, Any]:
        assert main(["summary", "--year", str(year), "--json", "--db", db]) == 0
        return dict(json.loads(capsys.readouterr().out))

    before = summary(2019)
    # 734 of 5.963 members HTXSNV = 12,309…%; 3 of 43 organizations clean-strong = 6,976…%
    assert (before["members"]["excellent_pct"], before["base_orgs"]["clean_strong_pct"]) == (
        12.31,
        6.98,
    )
    assert main(["settings", "--rounding", "truncate", "--db", db]) == 0
    assert "cắt bớt sau 2 chữ số thập phân" in capsys.readouterr().out
    cut = summary(2019)
    assert (cut["members"]["excellent_pct"], cut["base_orgs"]["clean_strong_pct"]) == (12.30, 6.97)
    # the counts do not move, only the published shares
    assert cut["members"]["levels"] == before["members"]["levels"]
    assert main(["settings", "--rounding", "half_up", "--db", db]) == 0
    capsys.readouterr()
    assert summary(2019)["members"]["excellent_pct"] == 12.31

    # who is not evaluated: the text's from 2019; before it the local practice, a setting
    assert summary(2016)["regime"]["not_evaluated"] == ["exempt", "suspended", "new", "pending"]
    assert main(["settings", "--before-2019", "evaluated", "--db", db]) == 0
    assert "vẫn được đánh giá, xếp loại" in capsys.readouterr().out
    assert summary(2016)["regime"]["not_evaluated"] == ["exempt", "pending"]
    assert summary(2019)["regime"]["not_evaluated"] == ["exempt", "suspended", "new", "pending"]
    assert main(["settings", "--rounding", "sideways", "--db", db]) == 2
