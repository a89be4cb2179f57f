"""The demo's organization tree: the district modelled on Hóc Môn as it stood until June 2025,
the reorganization of 1 July 2025, and the same shape replicated for the larger scales.

Two views of one tree:

- ``district_before()``: every node as it stood through 2024 (the district directs 18 base
  committees and ~26 base cells; the committees hold the subordinate cells), with the size
  weights the history is drawn from;
- ``reorganize(before)``: the catalogue as it is *now* (``organizations`` holds the latest
  state of every node) and the lineage events that lead there from the earlier states, as
  ``store/tree.py`` reads them backwards.

What happened on 1 July 2025 (DOMAIN.md, "After July 2025"): the district level was abolished
and Hóc Môn's area became four communes directly under the city. The old commune and town
committees were merged (hợp nhất) into the new communes' committees; their hamlet,
neighbourhood and school cells became base organizations of the new commune (moved, changed
kind, and renamed with their old commune's name since three "Ấp 1" now stand side by side);
the old communes' own units (agencies, mass organizations, police, military, health station)
were merged into the new commune's. The district's own agencies were dissolved, the
district-level units of the city's branches moved under the city. Which units went where is
illustrative: the published figures say only that the hamlet and school cells became base
organizations of the new communes.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

# --- the nodes above the base organizations -----------------------------------------------

CITY = "TPHCM"
CITY_NAME = "Đảng bộ Thành phố Hồ Chí Minh"
DISTRICT = "HHM"
DISTRICT_NAME = "Đảng bộ huyện Hóc Môn"
REORGANIZED = dt.date(2025, 7, 1)
# The district police ended before the district (Công an cấp huyện ended on 1 March 2025).
POLICE_ENDED = dt.date(2025, 3, 1)
DECISION = "Sắp xếp đơn vị hành chính cấp xã của Thành phố Hồ Chí Minh năm 2025 (minh họa)"

# The four communes that replaced the district: code, name, the communes and town they merge.
# DOMAIN.md names the first two; the groupings of Đông Thạnh and Xuân Thới Sơn are
# illustrative.
NEW_COMMUNES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("XA_HOCMON", "Hóc Môn", ("TTHM", "XTH", "XTX")),
    ("XA_BADIEM", "Bà Điểm", ("XBD", "XXTT", "XTC")),
    ("XA_DONGTHANH", "Đông Thạnh", ("XDT", "XNB", "XTTT")),  # illustrative
    ("XA_XTSON", "Xuân Thới Sơn", ("XXTS", "XTTN", "XXTD")),  # illustrative
)

# --- the district until June 2025 ---------------------------------------------------------

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
    (
        "CAH",
        "Đảng bộ Công an huyện",
        "police",
        2.4,
        (
            "Đội Tham mưu",
            "Đội Cảnh sát hình sự",
            "Đội Cảnh sát kinh tế",
            "Đội Cảnh sát ma túy",
            "Đội Cảnh sát giao thông",
            "Đội Cảnh sát điều tra",
            "Đội An ninh",
            "Đội Cảnh sát QLHC",
            "Đội Cảnh sát PCCC",
            "Đội Thi hành án hình sự",
            "Nhà tạm giữ",
            "Đội Xây dựng phong trào",
        ),
    ),
    (
        "QSH",
        "Đảng bộ Quân sự huyện",
        "military",
        0.9,
        (
            "Ban Tham mưu",
            "Ban Chính trị",
            "Ban Hậu cần – Kỹ thuật",
            "Đại đội Bộ binh",
            "Trung đội Trinh sát",
        ),
    ),
    (
        "TTYT",
        "Đảng bộ Trung tâm Y tế huyện",
        "health",
        1.2,
        (
            "Khoa Nội",
            "Khoa Ngoại",
            "Khoa Sản",
            "Khoa Nhi",
            "Khoa Cấp cứu",
            "Khoa Dược",
            "Khoa Kiểm soát bệnh tật",
            "Phòng Hành chính – Tổ chức",
        ),
    ),
    (
        "CQCQ",
        "Đảng bộ Cơ quan Chính quyền huyện",
        "agency",
        1.6,
        (
            "Văn phòng HĐND – UBND",
            "Phòng Nội vụ",
            "Phòng Tài chính – Kế hoạch",
            "Phòng Tài nguyên và Môi trường",
            "Phòng Quản lý đô thị",
            "Phòng Giáo dục và Đào tạo",
            "Phòng Lao động – TB&XH",
            "Phòng Kinh tế",
            "Phòng Văn hóa và Thông tin",
        ),
    ),
    (
        "CQDD",
        "Đảng bộ Cơ quan Đảng – Đoàn thể huyện",
        "agency",
        0.8,
        (
            "Văn phòng Huyện ủy",
            "Các ban xây dựng Đảng",
            "Ủy ban Mặt trận Tổ quốc",
            "Các đoàn thể chính trị – xã hội",
        ),
    ),
    (
        "DVCI",
        "Đảng bộ Công ty TNHH MTV Dịch vụ công ích huyện",
        "enterprise",
        0.6,
        (
            "Đội Vệ sinh môi trường",
            "Đội Công viên cây xanh",
            "Khối văn phòng",
        ),
    ),
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
    (
        "TTGDTX",
        "Chi bộ Trung tâm Giáo dục thường xuyên huyện",
        "education",
        0.12,
        None,
        2017,
        "GDNN",
    ),
    ("TTDN", "Chi bộ Trung tâm Dạy nghề huyện", "education", 0.08, None, 2017, "GDNN"),
    ("VKS", "Chi bộ Viện Kiểm sát nhân dân huyện", "agency", 0.16, None, None, None),
    ("TAND", "Chi bộ Tòa án nhân dân huyện", "agency", 0.16, None, None, None),
    ("THADS", "Chi bộ Chi cục Thi hành án dân sự huyện", "agency", 0.14, None, None, None),
    ("CCT", "Chi bộ Chi cục Thuế huyện", "agency", 0.28, None, None, None),
    ("KBNN", "Chi bộ Kho bạc Nhà nước huyện", "agency", 0.10, None, None, None),
    ("BHXH", "Chi bộ Bảo hiểm xã hội huyện", "agency", 0.12, None, None, None),
    (
        "NHCS",
        "Chi bộ Phòng giao dịch Ngân hàng Chính sách xã hội",
        "agency",
        0.08,
        None,
        None,
        None,
    ),
    ("CCTK", "Chi bộ Chi cục Thống kê huyện", "agency", 0.06, None, None, None),
    ("DKTTT", "Chi bộ Đội Kiểm tra trật tự đô thị huyện", "agency", 0.07, None, None, None),
    (
        "BQLDA",
        "Chi bộ Ban Quản lý dự án đầu tư xây dựng khu vực huyện",
        "agency",
        0.12,
        None,
        None,
        None,
    ),
    ("BVDK", "Chi bộ Bệnh viện Đa khoa khu vực Hóc Môn", "health", 0.35, None, None, None),
    ("TTKSBT", "Chi bộ Trung tâm Chăm sóc sức khỏe sinh sản", "health", 0.08, None, None, None),
    ("TTVH", "Chi bộ Trung tâm Văn hóa – Thể thao huyện", "other", 0.10, None, None, None),
    ("HCCB", "Chi bộ Nhà Văn hóa Thiếu nhi huyện", "other", 0.06, None, None, None),
    ("CDM", "Chi bộ Ban Quản lý Chợ đầu mối Hóc Môn", "enterprise", 0.12, None, None, None),
    ("QTD", "Chi bộ Quỹ tín dụng nhân dân Tân Xuân", "enterprise", 0.06, None, None, None),
    (
        "AGRI",
        "Chi bộ Ngân hàng Nông nghiệp chi nhánh Hóc Môn",
        "enterprise",
        0.10,
        None,
        None,
        None,
    ),
    (
        "PTHT",
        "Chi bộ Công ty Cổ phần Phát triển Hạ tầng Hóc Môn",
        "enterprise",
        0.05,
        2021,
        None,
        None,
    ),
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

# --- what became of the district's units on 1 July 2025 (illustrative) --------------------

# The old commune's units, merged into the new commune's unit of the same role (code suffix
# of the new unit, its name, its sector).
NEW_COMMUNE_UNITS: dict[str, tuple[str, str]] = {
    "CQ": ("Chi bộ Cơ quan Đảng ủy – HĐND – UBND", "agency"),
    "DT": ("Chi bộ Cơ quan Ủy ban MTTQ và các đoàn thể", "agency"),
    "QS": ("Chi bộ Quân sự", "military"),
    "CA": ("Chi bộ Công an", "police"),
    "YT": ("Chi bộ Trạm Y tế", "health"),
}
# A unit with no predecessor: founded with members of the dissolved district agencies;
# founded less than six months before the 2025 review, it is not rated that year.
SERVICE_CENTRE = ("HCC", "Chi bộ Trung tâm Phục vụ hành chính công", "agency")

# The district's own agencies end with the district; the district police ended in March.
DISSOLVED = {"CQCQ": REORGANIZED, "CQDD": REORGANIZED, "DKTTT": REORGANIZED, "CAH": POLICE_ENDED}
# District schools of the communes' level go to the commune they stand in.
MOVED_TO_COMMUNE = {"THCSHM": "XA_HOCMON"}
# Units of the city's branches renamed when they moved under the city.
RENAMED = {
    "QSH": "Đảng bộ Ban Chỉ huy Phòng thủ khu vực Hóc Môn",
    "TTYT": "Đảng bộ Trung tâm Y tế khu vực Hóc Môn",
    "VKS": "Chi bộ Viện Kiểm sát nhân dân khu vực Hóc Môn",
    "TAND": "Chi bộ Tòa án nhân dân khu vực Hóc Môn",
}
# Everything else the district directed moved under the city, keeping its code.

ORG_COLUMNS = [
    "org_code",
    "org_name",
    "org_type",
    "parent_code",
    "sector",
    "active_from",
    "active_to",
    "successor_code",
]
NODE_COLUMNS = [*ORG_COLUMNS, "founded", "ended"]
EVENT_COLUMNS = [
    "event_date",
    "event",
    "org_code",
    "related_code",
    "from_value",
    "to_value",
    "decision",
]


def district_before() -> pd.DataFrame:
    """The district's base organizations and subordinate cells as they stood until June 2025,
    with a size weight for the base organizations (parents: the district, or the committee)."""
    rows: list[tuple[object, ...]] = []

    def add(
        code: str,
        name: str,
        org_type: str,
        parent: str,
        sector: str,
        weight: float = 0.0,
        active_from: int | None = None,
        active_to: int | None = None,
        successor: str | None = None,
    ) -> None:
        rows.append(
            (code, name, org_type, parent, sector, active_from, active_to, successor, weight)
        )

    for (code, name, kind, hamlets), schools in zip(COMMUNES, COMMUNE_SCHOOLS, strict=True):
        add(
            code, f"Đảng bộ {kind} {name}", "base_committee", DISTRICT, "commune", 4.0 + hamlets / 4
        )
        hamlet_word = "Khu phố" if kind == "thị trấn" else "Ấp"
        prefix = "KP" if kind == "thị trấn" else "AP"
        for i in range(1, hamlets + 1):
            add(
                f"{code}-{prefix}{i}",
                f"Chi bộ {hamlet_word} {i}",
                "subordinate_cell",
                code,
                "neighbourhood",
            )
        for unit_code, unit_name, sector in COMMUNE_UNITS:
            add(
                f"{code}-{unit_code}",
                f"{unit_name} {kind} {name}",
                "subordinate_cell",
                code,
                sector,
            )
        grades = ("Mầm non", "Tiểu học", "THCS")
        for i in range(schools):
            grade = grades[i % 3]
            add(
                f"{code}-TR{i + 1}",
                f"Chi bộ Trường {grade} {name} {i // 3 + 1}",
                "subordinate_cell",
                code,
                "education",
            )
    for code, name, sector, weight, cells in OTHER_COMMITTEES:
        add(code, name, "base_committee", DISTRICT, sector, weight)
        for i, cell in enumerate(cells, start=1):
            add(f"{code}-C{i}", f"Chi bộ {cell}", "subordinate_cell", code, sector)
    for code, name, sector, weight, active_from, active_to, successor in BASE_CELLS:
        add(code, name, "base_cell", DISTRICT, sector, weight, active_from, active_to, successor)
    for parent, code, name, active_from, active_to, successor in HAMLET_CHANGES:
        add(
            f"{parent}-{code}",
            name,
            "subordinate_cell",
            parent,
            "neighbourhood",
            0.0,
            active_from,
            active_to,
            successor,
        )
    frame = pd.DataFrame(rows, columns=[*ORG_COLUMNS, "weight"])
    return frame.astype({"active_from": "Int64", "active_to": "Int64"})


def _commune_of_old() -> dict[str, str]:
    return {old: new for new, _, olds in NEW_COMMUNES for old in olds}


def _jan1(year: object) -> dt.date | None:
    return None if pd.isna(year) else dt.date(int(year), 1, 1)


def reorganize(before: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The catalogue as it is now (after 1 July 2025) and the lineage events of the district
    since 2015: (nodes with ``NODE_COLUMNS``, events with ``EVENT_COLUMNS``)."""
    day = REORGANIZED
    new_of = _commune_of_old()
    names = dict(zip(before["org_code"], before["org_name"], strict=True))
    commune_name = {code: name for code, name, _, _ in COMMUNES}
    nodes: list[dict[str, object]] = []
    events: list[tuple[object, ...]] = []

    def event(
        when: dt.date,
        what: str,
        code: str,
        related: str | None = None,
        old: str | None = None,
        new: str | None = None,
        decision: str = DECISION,
    ) -> None:
        events.append((when, what, code, related, old, new, decision))

    nodes.append({"org_code": CITY, "org_name": CITY_NAME, "org_type": "city_committee"})
    nodes.append(
        {
            "org_code": DISTRICT,
            "org_name": DISTRICT_NAME,
            "org_type": "district_committee",
            "parent_code": CITY,
            "ended": day,
        }
    )
    event(day, "dissolved", DISTRICT)
    for code, name, _ in NEW_COMMUNES:
        nodes.append(
            {
                "org_code": code,
                "org_name": f"Đảng ủy xã {name}",
                "org_type": "commune_committee",
                "parent_code": CITY,
                "founded": day,
            }
        )
        event(day, "founded", code)
        for suffix, (unit, sector) in NEW_COMMUNE_UNITS.items():
            nodes.append(
                {
                    "org_code": f"{code}-{suffix}",
                    "org_name": f"{unit} xã {name}",
                    "org_type": "base_cell",
                    "parent_code": code,
                    "sector": sector,
                    "founded": day,
                }
            )
            event(day, "founded", f"{code}-{suffix}")
        suffix, unit, sector = SERVICE_CENTRE
        nodes.append(
            {
                "org_code": f"{code}-{suffix}",
                "org_name": f"{unit} xã {name}",
                "org_type": "base_cell",
                "parent_code": code,
                "sector": sector,
                "founded": day,
            }
        )
        event(day, "founded", f"{code}-{suffix}")

    # Organizations founded or merged before 2025 (1 January of the year, as the years of the
    # older import format say).
    for row in before.itertuples(index=False):
        if not pd.isna(row.active_from):
            event(
                _jan1(row.active_from),  # type: ignore[arg-type]
                "founded",
                row.org_code,
                decision="",
            )
        if not pd.isna(row.active_to) and row.successor_code is not None:
            event(
                _jan1(int(row.active_to) + 1),  # type: ignore[arg-type]
                "merged_into",
                row.org_code,
                related=row.successor_code,
                decision="",
            )

    for row in before.itertuples(index=False):
        node = {c: getattr(row, c) for c in ORG_COLUMNS}
        node["founded"] = _jan1(row.active_from)
        node["ended"] = None if pd.isna(row.active_to) else _jan1(int(row.active_to) + 1)
        code, parent = str(row.org_code), str(row.parent_code)
        ended_before = not pd.isna(row.active_to)
        if ended_before:
            pass
        elif row.org_type == "base_committee" and code in new_of:
            # the old commune and town committees, merged into the new commune's
            node.update(ended=day, active_to=2024, successor_code=new_of[code])
            event(day, "merged_into", code, related=new_of[code])
        elif row.org_type == "subordinate_cell" and parent in new_of:
            new = new_of[parent]
            suffix = code.split("-", 1)[1]
            if suffix in NEW_COMMUNE_UNITS:
                # the commune's own units, merged into the new commune's unit
                node.update(ended=day, active_to=2024, successor_code=f"{new}-{suffix}")
                event(day, "merged_into", code, related=f"{new}-{suffix}")
            else:
                # hamlets, neighbourhoods and schools: base cells of the new commune
                node.update(org_type="base_cell", parent_code=new)
                event(day, "moved", code, old=parent, new=new)
                event(day, "changed_kind", code, old="subordinate_cell", new="base_cell")
                if row.sector == "neighbourhood":
                    name = f"{row.org_name} – {commune_name[parent]}"
                    node["org_name"] = name
                    event(day, "renamed", code, old=str(row.org_name), new=name)
        elif code in DISSOLVED or parent in DISSOLVED:
            when = DISSOLVED.get(code) or DISSOLVED[parent]
            node.update(ended=when, active_to=when.year - 1)
            event(when, "dissolved", code)
        elif parent == DISTRICT:
            target = MOVED_TO_COMMUNE.get(code, CITY)
            node["parent_code"] = target
            event(day, "moved", code, old=DISTRICT, new=target)
            if code in RENAMED:
                node["org_name"] = RENAMED[code]
                event(day, "renamed", code, old=names[code], new=RENAMED[code])
        nodes.append(node)
    frame = pd.DataFrame(nodes).reindex(columns=NODE_COLUMNS)
    frame = frame.astype({"active_from": "Int64", "active_to": "Int64"})
    return frame, pd.DataFrame(events, columns=EVENT_COLUMNS)


def tag_codes(frame: pd.DataFrame, columns: tuple[str, ...], tag: str) -> pd.DataFrame:
    """Prefix the codes of ``columns`` (nulls kept) with ``tag``."""
    out = frame.copy()
    for column in columns:
        values = out[column].astype("string")
        out[column] = (tag + values).astype(object).where(values.notna(), None)
    return out
