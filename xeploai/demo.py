"""A deterministic, illustrative history 2015–2024 of a district modelled on Hóc Môn.

In 2019 the district scale reproduces the reference article exactly: 43 base organizations
(18 base committees with 257 subordinate cells, and 25 base cells), 6,659 members of whom 580
were exempted. Everything else is drawn from a seeded generator: membership grows, exemptions
rise as members age, levels follow each organization's persistent quality, a few units are
weak and a few rule violations are planted for the checks to find.

Larger scales replicate the district's shape (``city`` ≈ 1,000 base organizations and 300,000
members; ``national`` ≈ 52,000 and 5.5 million) with vectorized numpy, so they build in seconds.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from xeploai.domain.levels import scheme_for_year
from xeploai.store import tree
from xeploai.store.database import Database

YEARS = tuple(range(2015, 2025))
ANCHOR_YEAR = 2019
ANCHOR_MEMBERS = 6659
ANCHOR_EXEMPT = 580
DEFAULT_SEED = 2019
# The code of the district committee (Đảng bộ huyện Hóc Môn; at larger scales, the city or the
# country): the committee the demo's pages count by default.
SUPERIOR_CODE = "HHM"


@dataclass(frozen=True)
class Scale:
    replicas: int
    member_factor: float
    superior: str


SCALES: dict[str, Scale] = {
    "district": Scale(1, 1.0, "Đảng bộ huyện Hóc Môn"),
    "city": Scale(23, 1.96, "Đảng bộ Thành phố (minh họa)"),
    "national": Scale(1209, 0.683, "Toàn Đảng (minh họa)"),
}

# --- the catalogue ------------------------------------------------------------------------

COMMUNES: tuple[tuple[str, str, str, int], ...] = (
    # code, name, "thị trấn"/"xã", hamlets (khu phố – ấp)
    ("TTHM", "Hóc Môn", "thị trấn", 6),
    ("XBD", "Bà Điểm", "xã", 8),
    ("XDT", "Đông Thạnh", "xã", 7),
    ("XNB", "Nhị Bình", "xã", 5),
    ("XTH", "Tân Hiệp", "xã", 5),
    ("XTTN", "Tân Thới Nhì", "xã", 7),
    ("XTX", "Tân Xuân", "xã", 6),
    ("XTTT", "Thới Tam Thôn", "xã", 6),
    ("XTC", "Trung Chánh", "xã", 4),
    ("XXTD", "Xuân Thới Đông", "xã", 4),
    ("XXTS", "Xuân Thới Sơn", "xã", 6),
    ("XXTT", "Xuân Thới Thượng", "xã", 6),
)
# Schools under each commune committee (mầm non, tiểu học, THCS), in the order above.
COMMUNE_SCHOOLS = (8, 8, 8, 6, 7, 7, 7, 7, 6, 7, 7, 8)
COMMUNE_UNITS = (
    ("CQ", "Chi bộ Cơ quan", "agency"),
    ("DT", "Chi bộ Khối đoàn thể", "agency"),
    ("QS", "Chi bộ Quân sự", "military"),
    ("CA", "Chi bộ Công an", "police"),
    ("YT", "Chi bộ Trạm Y tế", "health"),
)

OTHER_COMMITTEES: tuple[tuple[str, str, str, float, tuple[str, ...]], ...] = (
    ("CAH", "Đảng bộ Công an huyện", "police", 2.4, (
        "Đội Tham mưu", "Đội Cảnh sát hình sự", "Đội Cảnh sát kinh tế", "Đội Cảnh sát ma túy",
        "Đội Cảnh sát giao thông", "Đội Cảnh sát điều tra", "Đội An ninh", "Đội Cảnh sát QLHC",
        "Đội Cảnh sát PCCC", "Đội Thi hành án hình sự", "Nhà tạm giữ", "Đội Xây dựng phong trào",
    )),
    ("QSH", "Đảng bộ Quân sự huyện", "military", 0.9, (
        "Ban Tham mưu", "Ban Chính trị", "Ban Hậu cần – Kỹ thuật", "Đại đội Bộ binh",
        "Trung đội Trinh sát",
    )),
    ("TTYT", "Đảng bộ Trung tâm Y tế huyện", "health", 1.2, (
        "Khoa Nội", "Khoa Ngoại", "Khoa Sản", "Khoa Nhi", "Khoa Cấp cứu", "Khoa Dược",
        "Khoa Kiểm soát bệnh tật", "Phòng Hành chính – Tổ chức",
    )),
    ("CQCQ", "Đảng bộ Cơ quan Chính quyền huyện", "agency", 1.6, (
        "Văn phòng HĐND – UBND", "Phòng Nội vụ", "Phòng Tài chính – Kế hoạch",
        "Phòng Tài nguyên và Môi trường", "Phòng Quản lý đô thị", "Phòng Giáo dục và Đào tạo",
        "Phòng Lao động – TB&XH", "Phòng Kinh tế", "Phòng Văn hóa và Thông tin",
    )),
    ("CQDD", "Đảng bộ Cơ quan Đảng – Đoàn thể huyện", "agency", 0.8, (
        "Văn phòng Huyện ủy", "Các ban xây dựng Đảng", "Ủy ban Mặt trận Tổ quốc",
        "Các đoàn thể chính trị – xã hội",
    )),
    ("DVCI", "Đảng bộ Công ty TNHH MTV Dịch vụ công ích huyện", "enterprise", 0.6, (
        "Đội Vệ sinh môi trường", "Đội Công viên cây xanh", "Khối văn phòng",
    )),
)

BASE_CELLS: tuple[tuple[str, str, str, float, int | None, int | None, str | None], ...] = (
    # code, name, sector, size weight, active_from, active_to, successor
    ("NHC", "Chi bộ Trường THPT Nguyễn Hữu Cầu", "education", 0.30, None, None, None),
    ("LTK", "Chi bộ Trường THPT Lý Thường Kiệt", "education", 0.25, None, None, None),
    ("BDI", "Chi bộ Trường THPT Bà Điểm", "education", 0.22, None, None, None),
    ("NHT", "Chi bộ Trường THPT Nguyễn Hữu Tiến", "education", 0.22, None, None, None),
    ("NVC", "Chi bộ Trường THPT Nguyễn Văn Cừ", "education", 0.20, None, None, None),
    ("PVS", "Chi bộ Trường THPT Phạm Văn Sáng", "education", 0.20, None, None, None),
    ("THCSHM", "Chi bộ Trường THCS Hóc Môn", "education", 0.15, None, None, None),
    ("GDNN", "Chi bộ Trung tâm GDNN – GDTX huyện", "education", 0.18, 2018, None, None),
    ("TTGDTX", "Chi bộ Trung tâm Giáo dục thường xuyên huyện", "education", 0.12, None, 2017,
     "GDNN"),
    ("TTDN", "Chi bộ Trung tâm Dạy nghề huyện", "education", 0.08, None, 2017, "GDNN"),
    ("VKS", "Chi bộ Viện Kiểm sát nhân dân huyện", "agency", 0.16, None, None, None),
    ("TAND", "Chi bộ Tòa án nhân dân huyện", "agency", 0.16, None, None, None),
    ("THADS", "Chi bộ Chi cục Thi hành án dân sự huyện", "agency", 0.14, None, None, None),
    ("CCT", "Chi bộ Chi cục Thuế huyện", "agency", 0.28, None, None, None),
    ("KBNN", "Chi bộ Kho bạc Nhà nước huyện", "agency", 0.10, None, None, None),
    ("BHXH", "Chi bộ Bảo hiểm xã hội huyện", "agency", 0.12, None, None, None),
    ("NHCS", "Chi bộ Phòng giao dịch Ngân hàng Chính sách xã hội", "agency", 0.08, None, None,
     None),
    ("CCTK", "Chi bộ Chi cục Thống kê huyện", "agency", 0.06, None, None, None),
    ("DKTTT", "Chi bộ Đội Kiểm tra trật tự đô thị huyện", "agency", 0.07, None, None, None),
    ("BQLDA", "Chi bộ Ban Quản lý dự án đầu tư xây dựng khu vực huyện", "agency", 0.12, None,
     None, None),
    ("BVDK", "Chi bộ Bệnh viện Đa khoa khu vực Hóc Môn", "health", 0.35, None, None, None),
    ("TTKSBT", "Chi bộ Trung tâm Chăm sóc sức khỏe sinh sản", "health", 0.08, None, None, None),
    ("TTVH", "Chi bộ Trung tâm Văn hóa – Thể thao huyện", "other", 0.10, None, None, None),
    ("HCCB", "Chi bộ Nhà Văn hóa Thiếu nhi huyện", "other", 0.06, None, None, None),
    ("CDM", "Chi bộ Ban Quản lý Chợ đầu mối Hóc Môn", "enterprise", 0.12, None, None, None),
    ("QTD", "Chi bộ Quỹ tín dụng nhân dân Tân Xuân", "enterprise", 0.06, None, None, None),
    ("AGRI", "Chi bộ Ngân hàng Nông nghiệp chi nhánh Hóc Môn", "enterprise", 0.10, None, None,
     None),
    ("PTHT", "Chi bộ Công ty Cổ phần Phát triển Hạ tầng Hóc Môn", "enterprise", 0.05, 2021, None,
     None),
)

# Subordinate cells that came and went, so the catalogue has a history (commune, code, …).
HAMLET_CHANGES: tuple[tuple[str, str, str, int | None, int | None, str | None], ...] = (
    ("XBD", "AP9", "Chi bộ Ấp Tiền Lân 2", 2020, None, None),
    ("XDT", "AP8", "Chi bộ Ấp 8", 2020, None, None),
    ("XXTS", "AP7", "Chi bộ Ấp 7", 2022, None, None),
    ("XTX", "AP6B", "Chi bộ Ấp 6B", None, 2018, "XTX-AP6"),
    ("TTHM", "KP7", "Chi bộ Khu phố 7", None, 2017, "TTHM-KP6"),
    ("XTC", "AP5", "Chi bộ Ấp 5", 2021, None, None),
)

SECTOR_GROWTH = {
    "commune": 0.022, "neighbourhood": 0.02, "education": 0.01, "health": 0.012,
    "police": 0.015, "military": 0.005, "agency": 0.008, "enterprise": 0.004, "other": 0.005,
}
# Share of members exempted in 2019: they are older members living in the communes.
SECTOR_EXEMPT = {
    "commune": 0.118, "neighbourhood": 0.12, "education": 0.004, "health": 0.01,
    "police": 0.0, "military": 0.0, "agency": 0.012, "enterprise": 0.015, "other": 0.02,
}

# Shares of rated organizations by rank (1 best) per year: old scheme through 2017.
ORG_RANK_SHARES = {
    2015: (0.62, 0.31, 0.05, 0.02), 2016: (0.66, 0.28, 0.04, 0.02),
    2017: (0.70, 0.25, 0.04, 0.01), 2018: (0.12, 0.77, 0.09, 0.02),
    2019: (0.13, 0.78, 0.07, 0.02), 2020: (0.13, 0.79, 0.07, 0.01),
    2021: (0.14, 0.78, 0.07, 0.01), 2022: (0.14, 0.79, 0.06, 0.01),
    2023: (0.15, 0.78, 0.06, 0.01), 2024: (0.15, 0.79, 0.05, 0.01),
}
CELL_RANK_SHARES = {
    2015: (0.33, 0.48, 0.10, 0.09), 2016: (0.35, 0.48, 0.09, 0.08),
    2017: (0.37, 0.48, 0.08, 0.07), 2018: (0.13, 0.73, 0.11, 0.03),
    2019: (0.14, 0.74, 0.10, 0.02), 2020: (0.14, 0.75, 0.09, 0.02),
    2021: (0.15, 0.75, 0.08, 0.02), 2022: (0.15, 0.76, 0.07, 0.02),
    2023: (0.15, 0.77, 0.06, 0.02), 2024: (0.16, 0.77, 0.06, 0.01),
}
# Members by the rank of their organization: (KHTNV share, HTNV share) of those evaluated.
MEMBER_WEAK_SHARES = {1: (0.0, 0.03), 2: (0.003, 0.06), 3: (0.015, 0.15), 4: (0.06, 0.30)}

TARGETS = pd.DataFrame(
    [
        ("2015-2020", 2015, 2019, "base_orgs", "clean_strong_pct", "at_least", 75.0,
         "Nghị quyết Đại hội Đảng bộ huyện lần thứ XI (minh họa)"),
        ("2015-2020", 2015, 2019, "base_orgs", "not_completed_pct", "below", 5.0,
         "Nghị quyết Đại hội Đảng bộ huyện lần thứ XI (minh họa)"),
        ("2015-2020", 2015, 2019, "base_orgs", "good_or_better_pct", "at_least", 85.0,
         "Nghị quyết Đại hội Đảng bộ huyện lần thứ XI (minh họa)"),
        ("2015-2020", 2015, 2019, "members", "good_or_better_pct", "at_least", 90.0,
         "Nghị quyết Đại hội Đảng bộ huyện lần thứ XI (minh họa)"),
        ("2015-2020", 2015, 2019, "members", "excellent_pct", "at_least", 15.0,
         "Nghị quyết Đại hội Đảng bộ huyện lần thứ XI (minh họa)"),
        ("2015-2020", 2015, 2019, "members", "not_completed_pct", "below", 1.0,
         "Nghị quyết Đại hội Đảng bộ huyện lần thứ XI (minh họa)"),
        ("2020-2025", 2020, 2024, "base_orgs", "good_or_better_pct", "at_least", 90.0,
         "Nghị quyết Đại hội Đảng bộ huyện lần thứ XII (minh họa)"),
        ("2020-2025", 2020, 2024, "base_orgs", "excellent_of_good_pct", "at_least", 15.0,
         "Nghị quyết Đại hội Đảng bộ huyện lần thứ XII (minh họa)"),
        ("2020-2025", 2020, 2024, "subordinate_cells", "good_or_better_pct", "at_least", 85.0,
         "Nghị quyết Đại hội Đảng bộ huyện lần thứ XII (minh họa)"),
        ("2020-2025", 2020, 2024, "members", "good_or_better_pct", "at_least", 90.0,
         "Nghị quyết Đại hội Đảng bộ huyện lần thứ XII (minh họa)"),
        ("2020-2025", 2020, 2024, "members", "excellent_of_good_pct", "at_least", 15.0,
         "Nghị quyết Đại hội Đảng bộ huyện lần thứ XII (minh họa)"),
        ("2020-2025", 2020, 2024, "members", "not_completed_pct", "below", 1.0,
         "Nghị quyết Đại hội Đảng bộ huyện lần thứ XII (minh họa)"),
    ],
    columns=["term", "from_year", "to_year", "subject", "measure", "direction", "target",
             "source"],
)

ORG_COLUMNS = ["org_code", "org_name", "org_type", "parent_code", "sector", "active_from",
               "active_to", "successor_code"]


def district_catalogue() -> pd.DataFrame:
    """The district's organizations, with a size weight for the base organizations."""
    rows: list[tuple[object, ...]] = []

    def add(code: str, name: str, org_type: str, parent: str | None, sector: str,
            weight: float = 0.0, active_from: int | None = None, active_to: int | None = None,
            successor: str | None = None) -> None:
        rows.append((code, name, org_type, parent, sector, active_from, active_to, successor,
                     weight))

    for (code, name, kind, hamlets), schools in zip(COMMUNES, COMMUNE_SCHOOLS, strict=True):
        add(code, f"Đảng bộ {kind} {name}", "base_committee", None, "commune", 4.0 + hamlets / 4)
        hamlet_word = "Khu phố" if kind == "thị trấn" else "Ấp"
        prefix = "KP" if kind == "thị trấn" else "AP"
        for i in range(1, hamlets + 1):
            add(f"{code}-{prefix}{i}", f"Chi bộ {hamlet_word} {i}", "subordinate_cell", code,
                "neighbourhood")
        for unit_code, unit_name, sector in COMMUNE_UNITS:
            add(f"{code}-{unit_code}", f"{unit_name} {kind} {name}", "subordinate_cell", code,
                sector)
        grades = ("Mầm non", "Tiểu học", "THCS")
        for i in range(schools):
            grade = grades[i % 3]
            add(f"{code}-TR{i + 1}", f"Chi bộ Trường {grade} {name} {i // 3 + 1}",
                "subordinate_cell", code, "education")
    for code, name, sector, weight, cells in OTHER_COMMITTEES:
        add(code, name, "base_committee", None, sector, weight)
        for i, cell in enumerate(cells, start=1):
            add(f"{code}-C{i}", f"Chi bộ {cell}", "subordinate_cell", code, sector)
    for code, name, sector, weight, active_from, active_to, successor in BASE_CELLS:
        add(code, name, "base_cell", None, sector, weight, active_from, active_to, successor)
    for parent, code, name, active_from, active_to, successor in HAMLET_CHANGES:
        add(f"{parent}-{code}", name, "subordinate_cell", parent, "neighbourhood", 0.0,
            active_from, active_to, successor)
    frame = pd.DataFrame(rows, columns=[*ORG_COLUMNS, "weight"])
    return frame.astype({"active_from": "Int64", "active_to": "Int64"})


def replicate(catalogue: pd.DataFrame, replicas: int) -> pd.DataFrame:
    """The same shape ``replicas`` times, codes and names told apart by a cluster number."""
    if replicas == 1:
        return catalogue
    parts = []
    for r in range(1, replicas + 1):
        part = catalogue.copy()
        tag = f"K{r:04d}."
        for column in ("org_code", "parent_code", "successor_code"):
            part[column] = tag + part[column].astype("string")
        part["org_name"] = part["org_name"] + f" (cụm {r})"
        parts.append(part)
    return pd.concat(parts, ignore_index=True)


def _largest_remainder(weights: np.ndarray, total: int) -> np.ndarray:
    """Integers proportional to weights that add up to exactly total."""
    if weights.sum() <= 0:
        return np.zeros(len(weights), dtype=np.int64)
    exact = weights / weights.sum() * total
    floor = np.floor(exact).astype(np.int64)
    short = total - int(floor.sum())
    order = np.argsort(-(exact - floor), kind="stable")
    floor[order[:short]] += 1
    return floor


def _active(frame: pd.DataFrame, year: int) -> np.ndarray:
    start = frame["active_from"].fillna(0).to_numpy(dtype=np.int64)
    end = frame["active_to"].fillna(9999).to_numpy(dtype=np.int64)
    return (start <= year) & (year <= end)


def _founded_in(frame: pd.DataFrame, year: int) -> np.ndarray:
    """Founded during that year (after the history began): less than 6 months, not rated."""
    start = frame["active_from"].fillna(0).to_numpy(dtype=np.int64)
    return (start == year) & (year > YEARS[0])


def _quota_ranks(scores: np.ndarray, shares: tuple[float, ...], *, capped: bool = False
                 ) -> np.ndarray:
    """Ranks 1–4 in the given shares, the best scores taking the best ranks.

    ``capped``: rank 1 at most a fifth of rank 2, as 124-QĐ/TW Điều 12 requires.
    """
    counts = _largest_remainder(np.asarray(shares), len(scores))
    if capped:
        excess = max(0, int(counts[0]) - int(counts[1]) // 5)
        counts[0] -= excess
        counts[1] += excess
    ranks = np.repeat(np.arange(1, 5), counts)
    out = np.empty(len(scores), dtype=np.int64)
    out[np.argsort(-scores, kind="stable")] = ranks
    return out


def _level_codes(ranks: np.ndarray, year: int) -> np.ndarray:
    codes = np.array(scheme_for_year(year).org_levels, dtype=object)
    return codes[ranks - 1]


def generate(scale: str = "district", seed: int = DEFAULT_SEED) -> dict[str, pd.DataFrame]:
    """The demo data as frames in the database's shape (organizations, results, targets)."""
    spec = SCALES[scale]
    rng = np.random.default_rng(seed)
    catalogue = replicate(district_catalogue(), spec.replicas)
    base = catalogue[catalogue["org_type"] != "subordinate_cell"].reset_index(drop=True)
    cells = catalogue[catalogue["org_type"] == "subordinate_cell"].reset_index(drop=True)
    n_base, n_cells = len(base), len(cells)

    # Members: the 2019 totals are fixed exactly; other years grow from them.
    weight = base["weight"].to_numpy() * rng.lognormal(0.0, 0.15, n_base)
    active_anchor = _active(base, ANCHOR_YEAR)
    anchor_total = round(ANCHOR_MEMBERS * spec.replicas * spec.member_factor)
    total_2019 = np.zeros(n_base, dtype=np.int64)
    total_2019[active_anchor] = _largest_remainder(weight[active_anchor], anchor_total)
    per_weight = anchor_total / weight[active_anchor].sum()
    total_2019[~active_anchor] = np.round(weight[~active_anchor] * per_weight).astype(np.int64)
    growth = base["sector"].map(SECTOR_GROWTH).to_numpy() + rng.normal(0, 0.006, n_base)
    exempt_share = base["sector"].map(SECTOR_EXEMPT).to_numpy() * rng.lognormal(0, 0.2, n_base)
    anchor_exempt = round(ANCHOR_EXEMPT * spec.replicas * spec.member_factor)
    # Calibrate the shares on the anchor so the years around 2019 continue its level.
    exempt_share *= anchor_exempt / float((total_2019 * exempt_share * active_anchor).sum())
    exempt_2019 = _largest_remainder(total_2019 * exempt_share * active_anchor, anchor_exempt)
    quality = rng.normal(0, 1, n_base)
    cell_quality = rng.normal(0, 1, n_cells)
    cell_parent_index = pd.Index(base["org_code"]).get_indexer(cells["parent_code"])

    org_frames: list[pd.DataFrame] = []
    cell_frames: list[pd.DataFrame] = []
    for year in YEARS:
        old_scheme = scheme_for_year(year).code == "HD27_2014"
        active = _active(base, year)
        rated = active & ~_founded_in(base, year)
        offset = year - ANCHOR_YEAR
        noise = np.where(year == ANCHOR_YEAR, 1.0, 1 + rng.normal(0, 0.01, n_base))
        total = np.round(total_2019 * (1 + growth) ** offset * noise).astype(np.int64)
        total = np.maximum(total, 3)
        if year == ANCHOR_YEAR:
            exempt = exempt_2019.copy()
        else:
            share = exempt_share * max(0.3, 1 + 0.05 * offset)
            exempt = np.round(total * share).astype(np.int64)
        suspended = rng.binomial(total, 0.0015)
        new = rng.binomial(total, 0.012)
        pending = rng.binomial(total, 0.002)
        evaluated = total - exempt - suspended - new - pending

        # Organization levels: quotas per type, so both kinds respect the 20% cap.
        ranks = np.zeros(n_base, dtype=np.int64)
        score = quality + rng.normal(0, 0.6, n_base)
        for org_type in ("base_committee", "base_cell"):
            chosen = rated & (base["org_type"] == org_type).to_numpy()
            ranks[chosen] = _quota_ranks(score[chosen], ORG_RANK_SHARES[year],
                                         capped=not old_scheme)

        # Subordinate cells follow the quality of their committee.
        cell_active = _active(cells, year) & active[cell_parent_index]
        cell_rated = cell_active & ~_founded_in(cells, year)
        parent_rank = ranks[cell_parent_index]
        cell_score = (cell_quality + rng.normal(0, 0.7, n_cells)
                      + np.select([parent_rank == 1, parent_rank >= 3], [1.2, -1.0], 0.0))
        cell_ranks = np.zeros(n_cells, dtype=np.int64)
        cell_ranks[cell_rated] = _quota_ranks(cell_score[cell_rated], CELL_RANK_SHARES[year])
        if not old_scheme:
            # An excellent committee needs all its cells completed and 80% good (21-HD/BTCTW).
            _lift_cells_of_excellent(cell_ranks, cell_rated, parent_rank, cell_parent_index)
        cell_frame = pd.DataFrame({
            "year": year,
            "org_code": cells["org_code"],
            "parent_index": cell_parent_index,
            "rank": cell_ranks,
        })[cell_active]
        if old_scheme:
            # 27-HD/BTCTW: a committee with more than a third of its cells weak is weak.
            weak = cell_frame.assign(weak=cell_frame["rank"] == 4, rated=cell_frame["rank"] > 0)
            by_parent = weak.groupby("parent_index")[["weak", "rated"]].sum()
            forced = by_parent.index[by_parent["weak"] * 3 > by_parent["rated"]].to_numpy()
            ranks[forced[rated[forced]]] = 4

        # Members by level, following their organization's rank.
        rank_for_members = np.where(ranks > 0, ranks, 2)
        weak_shares = np.array([MEMBER_WEAK_SHARES[r] for r in (1, 2, 3, 4)])
        p_not, p_done = weak_shares[rank_for_members - 1].T
        khtnv = np.round(evaluated * p_not * rng.uniform(0.5, 1.5, n_base)).astype(np.int64)
        htnv = np.round(evaluated * p_done * rng.uniform(0.6, 1.4, n_base)).astype(np.int64)
        good = evaluated - khtnv - htnv
        htxsnv = np.floor(good * rng.uniform(0.09, 0.155, n_base)).astype(np.int64)
        httnv = good - htxsnv

        level = np.where(ranks > 0, _level_codes(np.maximum(ranks, 1), year), None)
        clean_strong = (~np.bool_(old_scheme)) & (ranks == 1) & (rng.random(n_base) < 0.6)
        org_frames.append(pd.DataFrame({
            "year": year,
            "org_code": base["org_code"],
            "org_level": level,
            "clean_strong": clean_strong,
            "members_total": total,
            "members_exempt": exempt,
            "members_suspended": suspended,
            "members_new": new,
            "members_pending": pending,
            "members_htxsnv": htxsnv,
            "members_httnv": httnv,
            "members_htnv": htnv,
            "members_khtnv": khtnv,
        })[active])
        cell_frame["org_level"] = np.where(
            cell_frame["rank"] > 0, _level_codes(np.maximum(cell_frame["rank"], 1), year), None
        )
        cell_frames.append(cell_frame[["year", "org_code", "org_level"]])

    results = pd.concat(org_frames, ignore_index=True)
    cell_results = pd.concat(cell_frames, ignore_index=True)
    _plant_violations(results, cell_results, catalogue)
    return {
        "organizations": catalogue[ORG_COLUMNS],
        "results": results,
        "cell_results": cell_results,
        "targets": TARGETS,
    }


def _lift_cells_of_excellent(
    cell_ranks: np.ndarray, cell_rated: np.ndarray, parent_rank: np.ndarray,
    parent_index: np.ndarray,
) -> None:
    """Cells of an excellent committee: none below 'completed', at least 80% good or better."""
    under = cell_rated & (parent_rank == 1)
    cell_ranks[under & (cell_ranks == 4)] = 3
    idx = np.flatnonzero(under)
    if len(idx) == 0:
        return
    frame = pd.DataFrame({"i": idx, "parent": parent_index[idx], "good": cell_ranks[idx] <= 2})
    grouped = frame.groupby("parent")
    size = grouped["i"].transform("size")
    # ceil(0.8 × n) in integers, so 0.8 × 5 cannot become 4.000…1 and ask for a fifth cell.
    need = (4 * size + 4) // 5 - grouped["good"].transform("sum")
    weak = frame[~frame["good"]].copy()
    weak["k"] = weak.groupby("parent").cumcount()
    lift = weak.loc[weak["k"] < need.loc[weak.index], "i"].to_numpy()
    cell_ranks[lift] = 2


def _plant_violations(
    results: pd.DataFrame, cell_results: pd.DataFrame, catalogue: pd.DataFrame
) -> None:
    """A few decisions that break the rules, for the rule checks to find.

    Chosen by position, not by code, so every scale and seed carries the same four cases.
    """
    parent_of = catalogue.set_index("org_code")["parent_code"]
    kind_of = catalogue.set_index("org_code")["org_type"]
    cell_parent = cell_results["org_code"].map(parent_of)
    kind = results["org_code"].map(kind_of)

    # 2019: the largest organization rated 'good' has more excellent members than the cap.
    rows = results[(results["year"] == 2019) & (results["org_level"] == "HTTNV")]
    if len(rows):
        i = rows["members_httnv"].idxmax()
        good = int(results.at[i, "members_htxsnv"] + results.at[i, "members_httnv"])
        results.at[i, "members_htxsnv"] = -(-good * 6 // 25)
        results.at[i, "members_httnv"] = good - results.at[i, "members_htxsnv"]

    # 2020: an excellent committee one of whose cells did not complete its tasks.
    rows = results[(results["year"] == 2020) & (results["org_level"] == "HTXSNV")
                   & (kind == "base_committee")]
    if len(rows):
        code = rows["org_code"].iloc[0]
        cells = cell_results.index[(cell_results["year"] == 2020) & (cell_parent == code)
                                   & cell_results["org_level"].notna()]
        if len(cells):
            cell_results.at[cells[0], "org_level"] = "KHTNV"

    # 2016 (old scheme): over a third of a committee's cells weak, the committee not weak.
    rows = results[(results["year"] == 2016) & (results["org_level"] == "HTTNV")
                   & (kind == "base_committee")]
    counts = (cell_results[(cell_results["year"] == 2016) & cell_results["org_level"].notna()]
              .assign(parent=cell_parent).groupby("parent").size())
    candidates = counts[counts.index.isin(rows["org_code"]) & (counts >= 3)]
    if len(candidates):
        code = candidates.idxmin()
        cells = cell_results.index[(cell_results["year"] == 2016) & (cell_parent == code)
                                   & cell_results["org_level"].notna()]
        cell_results.loc[cells[: len(cells) // 3 + 1], "org_level"] = "YK"

    # 2022: an excellent base cell with a member who did not complete the tasks.
    rows = results[(results["year"] == 2022) & (results["org_level"] == "HTXSNV")
                   & (kind == "base_cell") & (results["members_httnv"] > 0)]
    if len(rows):
        i = rows.index[0]
        results.at[i, "members_httnv"] -= 1
        results.at[i, "members_khtnv"] += 1


def build(path: str | os.PathLike[str], scale: str = "district", seed: int = DEFAULT_SEED,
          *, force: bool = False) -> Path:
    """Write the demo database to ``path`` (atomically: a half-built file never appears)."""
    target = Path(path)
    if target.exists() and not force:
        raise FileExistsError(str(target))
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".building")
    partial.unlink(missing_ok=True)
    frames = generate(scale, seed)
    with Database(partial, read_only=False) as db:
        with db.transaction() as conn:
            tree.set_superior(conn, SUPERIOR_CODE, SCALES[scale].superior, "district_committee")
            load_frames(conn, frames)
            db.set_meta("is_demo", "1")
            db.set_meta("demo_scale", scale)
            db.set_meta("demo_seed", str(seed))
            db.set_meta("data_version", "1")
        db.conn.execute("checkpoint")
    os.replace(partial, target)
    return target


def load_frames(conn: duckdb.DuckDBPyConnection, frames: dict[str, pd.DataFrame]) -> None:
    """Insert complete frames; the cells-by-level columns are derived from cell results.

    Runs in the caller's transaction (``Database.transaction()``): all of it, or nothing.
    """
    conn.register("f_orgs", frames["organizations"])
    conn.execute(
        "insert into organizations (org_code, org_name, org_type, parent_code, sector,"
        " active_from, active_to, successor_code, founded, ended)"
        " select org_code, org_name, org_type,"
        " coalesce(parent_code, (select value from meta where key = 'superior_code')),"
        " sector, active_from, active_to, successor_code,"
        " case when active_from is not null then make_date(active_from, 1, 1) end,"
        " case when active_to is not null then make_date(active_to + 1, 1, 1) end"
        " from f_orgs"
    )
    conn.register("f_cells", frames["cell_results"])
    conn.execute(
        "insert into cell_results (year, org_code, scheme_code, org_level)"
        " select c.year, c.org_code, s.scheme_code, c.org_level from f_cells c"
        " join schemes s on c.year between s.from_year and coalesce(s.to_year, 9999)"
    )
    conn.register("f_results", frames["results"])
    conn.execute("""
        insert into org_results (
            year, org_code, scheme_code, org_level, clean_strong,
            members_total, members_exempt, members_suspended, members_new, members_pending,
            members_htxsnv, members_httnv, members_htnv, members_khtnv,
            cells_tsvm, cells_htxsnv, cells_httnv, cells_htnv, cells_khtnv, cells_yk)
        with cell_counts as (
            select c.year, o.parent_code as org_code,
                count(*) filter (where c.org_level = 'TSVM') as tsvm,
                count(*) filter (where c.org_level = 'HTXSNV') as htxsnv,
                count(*) filter (where c.org_level = 'HTTNV') as httnv,
                count(*) filter (where c.org_level = 'HTNV') as htnv,
                count(*) filter (where c.org_level = 'KHTNV') as khtnv,
                count(*) filter (where c.org_level = 'YK') as yk
            from cell_results c join organizations o on o.org_code = c.org_code
            group by all
        )
        select r.year, r.org_code, s.scheme_code, r.org_level, r.clean_strong,
            r.members_total, r.members_exempt, r.members_suspended, r.members_new,
            r.members_pending, r.members_htxsnv, r.members_httnv, r.members_htnv,
            r.members_khtnv,
            coalesce(k.tsvm, 0), coalesce(k.htxsnv, 0), coalesce(k.httnv, 0),
            coalesce(k.htnv, 0), coalesce(k.khtnv, 0), coalesce(k.yk, 0)
        from f_results r
        join schemes s on r.year between s.from_year and coalesce(s.to_year, 9999)
        left join cell_counts k on k.year = r.year and k.org_code = r.org_code
    """)
    conn.register("f_targets", frames["targets"])
    conn.execute(
        "insert into targets select (select value from meta where key = 'superior_code'),"
        " term, from_year, to_year, subject, measure, direction, target, source from f_targets"
    )
    for name in ("f_orgs", "f_cells", "f_results", "f_targets"):
        conn.unregister(name)
    tree.rebuild(conn)
