"""The evaluation as it was worked, 2023–2026: the three steps, the statuses of the unrated,
the remediation plans and their quarterly reports — drawn from the results, never moving them.

- **Three steps** (from 2023, QĐ 124): every rated organization has its own assessment and the
  board's appraisal; appraisal moves a self-assessment one level down for a few organizations a
  year, far more often for schools (their self-assessments are too generous: the finding), and
  once in a while the standing committee decides below the proposal. In 2026 (as at the end of
  November) about half the organizations not yet rated have assessed themselves, some have been
  appraised too. From 2025 the steps carry scores (the appraisal's is the year's score).
- **Statuses**: 2025 — the service centres founded on 1 July (less than 6 months), the district
  units dissolved in 2025, and one hamlet cell of Bà Điểm whose evaluation was paused pending an
  inspection and rated in January 2026 (rated late); 2026 — every organization not yet rated is
  "not yet evaluated", but two paused pending an inspection, one pending a disciplinary case and
  one ordered to be redone (in the first replica). Members not yet evaluated are told apart
  (paused, absent) for 2023–2026.
- **Remediation**: plans after the reviews of 2024 and 2025 for every organization rated below
  "good" that still stands the year after, 2–3 items each, with quarterly reports through the
  third quarter of 2026: most on track, some with an item overdue, some reporting late, and in
  Bà Điểm and Đông Thạnh one that has not reported the third quarter, with an item overdue. One
  more plan the board chose: a Bà Điểm hamlet cell rated "good" in 2025 with shortcomings
  noted, excellent in 2026 with an item still open — the planted case of the QĐ 366 rule.

Everything is drawn from its own generator (``rng``), so the results' draws are the same as
before these were added.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from xeploai.demo import catalogue as cat
from xeploai.demo.reorganized import SCORE_RANGES
from xeploai.domain.workflow import Quarter

STEP_YEARS = (2023, 2024, 2025, 2026)
PLAN_YEARS = (2024, 2025)
# the last quarter reported (the demo stands at the end of November 2026)
LAST_REPORTED = Quarter(2026, 3)
LEVELS = {1: "HTXSNV", 2: "HTTNV", 3: "HTNV", 4: "KHTNV"}
# How often appraisal moves a self-assessment one level down, by sector.
DOWN_SHARE = {"education": 0.16, "enterprise": 0.10}
DOWN_SHARE_OTHER = 0.035
UP_SHARE = 0.008
DECISION_BELOW_SHARE = 0.006

STEP_COLUMNS = [
    "year",
    "org_code",
    "self_level",
    "self_score",
    "appraised_level",
    "appraised_score",
    "decision_no",
    "decision_date",
]
STATUS_COLUMNS = [
    "year",
    "org_code",
    "status",
    "reference",
    "status_date",
    "members_paused",
    "members_absent",
]
ITEM_COLUMNS = ["plan_year", "org_code", "item_no", "shortcoming", "remedy", "deadline"]
REPORT_COLUMNS = [
    "plan_year",
    "org_code",
    "item_no",
    "report_year",
    "report_quarter",
    "item_status",
    "done_text",
    "assessment",
    "reported_on",
]

# Shortcomings of a review and their remedies (illustrative; the schools have their own).
SHORTCOMINGS = (
    (
        "Sinh hoạt chi bộ chưa đều, nội dung sinh hoạt chưa phong phú",
        "Sinh hoạt định kỳ hằng tháng; mỗi quý ít nhất một buổi sinh hoạt chuyên đề",
    ),
    (
        "Công tác phát triển đảng viên chưa đạt chỉ tiêu",
        "Lập danh sách quần chúng ưu tú, giới thiệu ít nhất 2 quần chúng học lớp nhận thức về Đảng",
    ),
    (
        "Chậm cụ thể hóa nghị quyết của cấp trên",
        "Xây dựng chương trình hành động thực hiện nghị quyết trong 30 ngày",
    ),
    ("Thu, nộp đảng phí chưa đúng quy định", "Rà soát, thu đủ đảng phí theo Quy định 01-QĐ/TW"),
    (
        "Công tác kiểm tra, giám sát của chi bộ còn hạn chế",
        "Xây dựng và thực hiện kế hoạch kiểm tra, giám sát năm",
    ),
    (
        "Một số đảng viên chưa gương mẫu, chưa giữ mối liên hệ với nơi cư trú",
        "Kiểm điểm, nhắc nhở đảng viên; phối hợp với chi bộ nơi cư trú",
    ),
)
SCHOOL_SHORTCOMINGS = (
    (
        "Chưa đạt chỉ tiêu chuyên môn của năm học",
        "Xây dựng kế hoạch nâng chất lượng dạy học, phụ đạo học sinh yếu",
    ),
    (
        "Vai trò lãnh đạo của chi bộ đối với nhiệm vụ chuyên môn còn mờ nhạt",
        "Mỗi học kỳ một nghị quyết chuyên đề về nhiệm vụ chuyên môn",
    ),
)
DONE_TEXT = {
    "not_started": "Chưa triển khai",
    "in_progress": "Đã triển khai, đang thực hiện",
    "done": "Đã hoàn thành",
}
ASSESSMENT = {
    "done": "Đạt yêu cầu",
    "in_progress": "Đúng tiến độ",
    "late": "Chậm so với thời hạn, đề nghị khẩn trương khắc phục",
    "not_started": "Chưa thực hiện, đề nghị triển khai ngay",
}
PAUSES = (
    # (commune, status, reference, day) of the first replica's held-up evaluations of 2026
    (
        "XA_BADIEM",
        "paused_inspection",
        "Thông báo số 15-TB/UBKTĐU ngày 02/10/2026 về kiểm tra khi có dấu hiệu vi phạm",
        dt.date(2026, 10, 2),
    ),
    (
        "XA_HOCMON",
        "paused_inspection",
        "Quyết định số 09-QĐ/UBKTĐU ngày 20/10/2026 về kiểm tra khi có dấu hiệu vi phạm",
        dt.date(2026, 10, 20),
    ),
    (
        "XA_DONGTHANH",
        "paused_discipline",
        "Tờ trình số 21-TTr/CB ngày 05/11/2026 đề nghị xem xét kỷ luật đảng viên",
        dt.date(2026, 11, 5),
    ),
    (
        "XA_XTSON",
        "redo",
        "Công văn số 318-CV/ĐU ngày 10/11/2026 yêu cầu đánh giá, xếp loại lại",
        dt.date(2026, 11, 10),
    ),
)
LATE_RATED = (
    "XA_BADIEM",
    "Kết luận kiểm tra số 08-KL/UBKTĐU ngày 12/01/2026",
    dt.date(2026, 1, 16),
    "05-QĐ/ĐU",
)
# The communes whose first plan of a hamlet cell has not reported the third quarter of 2026.
SILENT_COMMUNES = ("XA_BADIEM", "XA_DONGTHANH")
CHOSEN_COMMUNE = "XA_BADIEM"  # where the board chose a plan for an organization rated good


def _short(code: str) -> str:
    """A code without the tag of its replica (``K0001.XA_BADIEM`` → ``XA_BADIEM``)."""
    return code.rsplit(".", 1)[-1]


def _decision(year: int, kind: str, number: int) -> tuple[str, dt.date]:
    if year <= 2024:
        return f"{215 + 53 * (year - 2023)}-QĐ/HU", dt.date(year, 12, 28 - (year - 2023))
    if kind == "city_committee":
        return f"{1520 + 370 * (year - 2025)}-QĐ/TU", (
            dt.date(2025, 12, 29) if year == 2025 else dt.date(2026, 11, 27)
        )
    return f"{number + 70 * (year - 2025)}-QĐ/ĐU", (
        dt.date(2025, 12, 26) if year == 2025 else dt.date(2026, 11, 25)
    )


def _score_in(rank: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    low = np.array([SCORE_RANGES[k][0] for k in (1, 2, 3, 4)])[rank - 1]
    high = np.array([SCORE_RANGES[k][1] for k in (1, 2, 3, 4)])[rank - 1]
    return np.round(rng.uniform(low, high) * 2) / 2


def _steps(
    results: pd.DataFrame, nodes: pd.DataFrame, scores: pd.DataFrame, rng: np.random.Generator
) -> pd.DataFrame:
    rows = results[results["year"].isin(STEP_YEARS)].reset_index(drop=True)
    n = len(rows)
    by_code = nodes.set_index("org_code")
    sector = rows["org_code"].map(by_code["sector"]).fillna("other").to_numpy()
    parent = rows["org_code"].map(by_code["parent_code"]).fillna("")
    kind = parent.map(by_code["org_type"]).fillna("").to_numpy()
    rank = rows["rank"].to_numpy()
    rated = rank > 0
    # the board's proposal: the decision, but a few the committee decided one level below
    appraised = rank.copy()
    below = rated & (rank >= 2) & (rng.random(n) < DECISION_BELOW_SHARE)
    appraised[below] = rank[below] - 1
    # the unrated of the partly rated year: some assessed, some of those appraised
    unrated = ~rated & (rows["year"].to_numpy() == 2026)
    drawn = rng.choice([1, 2, 3], size=n, p=[0.15, 0.75, 0.10])
    assessed = unrated & (rng.random(n) < 0.6)
    proposed = assessed & (rng.random(n) < 0.5)
    appraised = np.where(proposed, drawn, np.where(rated, appraised, 0))
    base = np.where(rated | proposed, appraised, np.where(assessed, drawn, 0))
    # the organization's own level: one better when appraisal moved it down
    share = np.array([DOWN_SHARE.get(s, DOWN_SHARE_OTHER) for s in sector])
    draw = rng.random(n)
    down = (base >= 2) & (draw < share) & (rated | proposed)
    up = (base >= 1) & (base <= 3) & (draw > 1 - UP_SHARE) & (rated | proposed)
    own = np.where(down, base - 1, np.where(up, base + 1, base))
    has = rated | assessed

    year_score = scores[scores["quarter"] == 0].set_index(["year", "org_code"])["score"]
    score = (
        pd.Series(list(zip(rows["year"], rows["org_code"], strict=True)))
        .map(year_score.to_dict())
        .to_numpy(dtype=float)
    )
    scored = rows["year"].to_numpy() >= 2025
    appraised_score = np.where(
        scored & (appraised > 0),
        np.where(np.isnan(score), _score_in(np.maximum(appraised, 1), rng), score),
        np.nan,
    )
    # the organization's own score: in its own level's band, a little above the appraisal's
    high = np.array([SCORE_RANGES[k][1] for k in (1, 2, 3, 4)])[np.maximum(own, 1) - 1]
    own_score = np.where(
        own == base,
        np.minimum(np.nan_to_num(appraised_score) + np.round(rng.uniform(0, 2.5, n) * 2) / 2, high),
        _score_in(np.maximum(own, 1), rng),
    )
    own_score = np.where(~np.isnan(appraised_score), own_score, _score_in(np.maximum(own, 1), rng))
    own_score = np.where(scored & has, own_score, np.nan)

    numbers = {code: 36 + i for i, code in enumerate(sorted({_short(str(p)) for p in parent}))}
    decisions = [
        _decision(int(y), k, numbers.get(_short(str(p)), 40)) if r else (None, None)
        for y, k, p, r in zip(rows["year"], kind, parent, rated, strict=True)
    ]
    out = pd.DataFrame(
        {
            "year": rows["year"],
            "org_code": rows["org_code"],
            "self_level": [LEVELS.get(int(r)) for r in own],
            "self_score": own_score,
            "appraised_level": [LEVELS.get(int(r)) for r in appraised],
            "appraised_score": appraised_score,
            "decision_no": [d[0] for d in decisions],
            "decision_date": [d[1] for d in decisions],
            "replica": rows["replica"],
        }
    )
    return out[has].reset_index(drop=True)


def _first(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[frame["replica"] == frame["replica"].min()]


def _statuses(
    results: pd.DataFrame, nodes: pd.DataFrame, events: pd.DataFrame, rng: np.random.Generator
) -> pd.DataFrame:
    by_code = nodes.set_index("org_code")
    parent = results["org_code"].map(by_code["parent_code"]).fillna("").map(_short)
    rows: list[dict[str, object]] = []

    # not rated in the year of their founding (the service centres of 1 July 2025, and the
    # organizations founded during a year of the history, known by their year only)
    founded = by_code["founded"]
    start = by_code["active_from"]
    unrated = results[results["rank"] == 0]
    for year, code in zip(unrated["year"], unrated["org_code"], strict=True):
        day, first_year = founded.get(code), start.get(code)
        if day is not None and not pd.isna(day) and pd.Timestamp(day).year == year:
            rows.append(
                {
                    "year": year,
                    "org_code": code,
                    "status": "founded_recently",
                    "reference": cat.DECISION,
                    "status_date": pd.Timestamp(day).date(),
                }
            )
        elif first_year is not None and not pd.isna(first_year) and int(first_year) == year:
            rows.append(
                {
                    "year": year,
                    "org_code": code,
                    "status": "founded_recently",
                    "reference": None,
                    "status_date": None,
                }
            )
    # dissolved during the year
    base_2024 = set(results.loc[results["year"] == 2024, "org_code"])
    gone = events[(events["event"] == "dissolved") & events["org_code"].isin(base_2024)]
    for r in gone.itertuples(index=False):
        day = pd.Timestamp(r.event_date).date()
        rows.append(
            {
                "year": day.year,
                "org_code": r.org_code,
                "status": "dissolved",
                "reference": r.decision or None,
                "status_date": day,
            }
        )

    # 2025: one hamlet cell paused pending an inspection, rated in January 2026
    commune, reference, day, _ = LATE_RATED
    first = _first(results)
    late = first[
        (first["year"] == 2025)
        & (first["rank"] == 2)
        & (parent.loc[first.index] == commune)
        & (first["org_code"].map(by_code["sector"]) == "neighbourhood")
    ]
    late_code = str(late.sort_values("org_code")["org_code"].iloc[-1]) if len(late) else None
    if late_code is not None:
        rows.append(
            {
                "year": 2025,
                "org_code": late_code,
                "status": "rated_late",
                "reference": reference,
                "status_date": day,
            }
        )

    # 2026: the unrated are not yet evaluated; a few are held up (the first replica)
    y26 = results[(results["year"] == 2026) & (results["rank"] == 0)]
    held: dict[str, tuple[str, str, dt.date]] = {}
    first26 = y26[y26["replica"] == results["replica"].min()]
    for commune, status, reference, day in PAUSES:
        pool = first26[parent.loc[first26.index] == commune].sort_values("org_code")
        pool = pool[~pool["org_code"].isin(held)]
        if len(pool):
            held[str(pool["org_code"].iloc[len(pool) // 2])] = (status, reference, day)
    for code in y26["org_code"]:
        if code in held:
            status, reference, day = held[code]
            rows.append(
                {
                    "year": 2026,
                    "org_code": code,
                    "status": status,
                    "reference": reference,
                    "status_date": day,
                }
            )
        else:
            rows.append(
                {
                    "year": 2026,
                    "org_code": code,
                    "status": "not_evaluated",
                    "reference": None,
                    "status_date": None,
                }
            )
    statuses = pd.DataFrame(rows, columns=STATUS_COLUMNS[:5])

    # members not yet evaluated, by reason, 2023–2026 (the rated organizations')
    rated = results[
        results["year"].isin(STEP_YEARS) & (results["rank"] > 0) & (results["members_pending"] > 0)
    ]
    pending = rated["members_pending"].to_numpy()
    paused = rng.binomial(pending, 0.2)
    absent = rng.binomial(pending - paused, 0.7)
    members = pd.DataFrame(
        {
            "year": rated["year"].to_numpy(),
            "org_code": rated["org_code"].to_numpy(),
            "members_paused": paused,
            "members_absent": absent,
        }
    )
    members = members[(members["members_paused"] + members["members_absent"]) > 0]
    out = statuses.merge(members, on=["year", "org_code"], how="outer")
    out[["members_paused", "members_absent"]] = (
        out[["members_paused", "members_absent"]].fillna(0).astype("int64")
    )
    for column in ("status", "reference", "status_date"):
        out[column] = out[column].astype(object).where(out[column].notna(), None)
    return out[STATUS_COLUMNS].sort_values(["year", "org_code"]).reset_index(drop=True)


def _late_rated(statuses: pd.DataFrame) -> dict[str, str]:
    """The organization rated late in January 2026 → its decision's number."""
    rows = statuses[statuses["status"] == "rated_late"]
    return {str(code): LATE_RATED[3] for code in rows["org_code"]}


def _plans(
    results: pd.DataFrame, nodes: pd.DataFrame, rng: np.random.Generator
) -> tuple[pd.DataFrame, pd.DataFrame]:
    by_code = nodes.set_index("org_code")
    rank = results.set_index(["year", "org_code"])["rank"]
    first_replica = results["replica"].min()
    items: list[dict[str, object]] = []
    reports: list[dict[str, object]] = []

    weak: list[tuple[int, str, int]] = []  # plan year, code, replica
    for year in PLAN_YEARS:
        rows = results[(results["year"] == year) & (results["rank"] >= 3)]
        following = set(results.loc[results["year"] == year + 1, "org_code"])
        # merged or dissolved the year after: its successor answers for it
        weak += [
            (year, str(c), int(r))
            for c, r in zip(rows["org_code"], rows["replica"], strict=True)
            if c in following
        ]
    # the first replica: a plan of each kind where a reader will look for it; the others drawn
    first = sorted((y, c) for y, c, r in weak if r == first_replica)
    silent = {
        next(
            (
                c
                for y, c in first
                if y == 2025
                and _short(str(by_code["parent_code"].get(c, ""))) == commune
                and by_code["sector"].get(c) == "neighbourhood"
            ),
            "",
        )
        for commune in SILENT_COMMUNES
    }
    kinds = ("on_track", "slow", "late_reporter")
    plans = [(y, c, "silent" if c in silent else kinds[i % 3]) for i, (y, c) in enumerate(first)]
    plans += [
        (y, c, str(rng.choice(kinds, p=[0.5, 0.3, 0.2]))) for y, c, r in weak if r != first_replica
    ]
    # the board's own choice: an organization rated good in 2025, excellent in 2026
    chosen = results[
        (results["year"] == 2026) & (results["rank"] == 1) & (results["replica"] == first_replica)
    ]
    chosen = chosen[
        [
            rank.get((2025, c)) == 2
            and _short(str(by_code["parent_code"].get(c, ""))) == CHOSEN_COMMUNE
            for c in chosen["org_code"]
        ]
    ].sort_values("org_code")
    if len(chosen):
        plans.append((2025, str(chosen["org_code"].iloc[0]), "chosen"))

    for plan_year, code, profile in plans:
        excellent_next = rank.get((plan_year + 1, code)) == 1 and profile != "chosen"
        if excellent_next:
            profile = "on_track"  # an excellent organization had remedied everything
        school = by_code["sector"].get(code) == "education"
        pool = (*SCHOOL_SHORTCOMINGS, *SHORTCOMINGS) if school else SHORTCOMINGS
        n = 1 if profile == "chosen" else int(rng.integers(2, 4))
        picked = rng.choice(len(pool), size=n, replace=False)
        # deadlines by quarter of the year after the review; the last due in the third
        # quarter for a plan that stops reporting, and no later for one rated excellent next
        last_q = 3 if profile in ("silent", "chosen") or excellent_next else 4
        quarters = sorted(
            int(q) for q in rng.choice(np.arange(1, last_q + 1), size=n, replace=n > last_q)
        )
        quarters[-1] = last_q if profile in ("silent", "chosen") else quarters[-1]
        stuck = n - 1 if profile in ("slow", "chosen") else None  # never remedied (yet)
        for i, (k, q) in enumerate(zip(picked, quarters, strict=True), start=1):
            deadline = Quarter(plan_year + 1, q)
            items.append(
                {
                    "plan_year": plan_year,
                    "org_code": code,
                    "item_no": i,
                    "shortcoming": pool[k][0],
                    "remedy": pool[k][1],
                    "deadline": deadline.end,
                }
            )
        # quarterly reports from the first quarter after the review until all is remedied
        quarter = Quarter(plan_year + 1, 1)
        while quarter <= LAST_REPORTED:
            if profile == "silent" and quarter == LAST_REPORTED:
                break
            late_days = int(rng.integers(4, 30)) if profile == "late_reporter" else None
            reported_on = (
                quarter.due + dt.timedelta(days=late_days)
                if late_days
                else quarter.end + dt.timedelta(days=int(rng.integers(3, 11)))
            )
            states = []
            for i, q in enumerate(quarters, start=1):
                deadline = Quarter(plan_year + 1, q)
                if i - 1 == stuck:
                    state = "in_progress"
                elif quarter >= deadline:
                    state = "done"
                elif deadline.previous() <= quarter:
                    state = "in_progress"
                else:
                    state = "not_started"
                overdue = state != "done" and quarter > deadline
                states.append(state)
                reports.append(
                    {
                        "plan_year": plan_year,
                        "org_code": code,
                        "item_no": i,
                        "report_year": quarter.year,
                        "report_quarter": quarter.quarter,
                        "item_status": state,
                        "done_text": DONE_TEXT[state],
                        "assessment": ASSESSMENT["late" if overdue else state],
                        "reported_on": reported_on,
                    }
                )
            if all(s == "done" for s in states):
                break
            quarter = quarter.next()
    return (
        pd.DataFrame(items, columns=ITEM_COLUMNS),
        pd.DataFrame(reports, columns=REPORT_COLUMNS),
    )


def draw(
    results: pd.DataFrame,
    nodes: pd.DataFrame,
    events: pd.DataFrame,
    scores: pd.DataFrame,
    rng: np.random.Generator,
) -> dict[str, pd.DataFrame]:
    """steps, statuses, remediation (items) and reports, from the finished results (with
    ``rank``, ``replica``) and the catalogue as it is now."""
    steps = _steps(results, nodes, scores, rng)
    statuses = _statuses(results, nodes, events, rng)
    late = _late_rated(statuses)
    if late:
        # rated in January: its decision then
        rows = (steps["year"] == 2025) & steps["org_code"].isin(late)
        steps.loc[rows, "decision_no"] = steps.loc[rows, "org_code"].map(late)
        steps.loc[rows, "decision_date"] = LATE_RATED[2]
    items, reports = _plans(results, nodes, rng)
    return {
        "steps": steps[STEP_COLUMNS],
        "statuses": statuses,
        "remediation": items,
        "reports": reports,
    }
