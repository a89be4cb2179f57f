"""Every Vietnamese word the user reads, in one catalogue, and the Vietnamese number format.

Numbers: thousands with a dot and decimals with a comma (6.659; 87,50%). Percentage-point
differences say "điểm phần trăm" so they are never mistaken for relative changes.
"""

from __future__ import annotations

from fractions import Fraction

LEVEL_LABELS: dict[str, str] = {
    "TSVM": "Trong sạch, vững mạnh",
    "HTXSNV": "Hoàn thành xuất sắc nhiệm vụ",
    "HTTNV": "Hoàn thành tốt nhiệm vụ",
    "HTNV": "Hoàn thành nhiệm vụ",
    "KHTNV": "Không hoàn thành nhiệm vụ",
    "YK": "Yếu kém",
}

# The codes are what the board's forms write; "YK" alone reads as nothing to a reader.
LEVEL_SHORT: dict[str, str] = {
    **{code: code for code in ("TSVM", "HTXSNV", "HTTNV", "HTNV", "KHTNV")},
    "YK": "Yếu kém",
}

ORG_TYPE_LABELS: dict[str, str] = {
    "city_committee": "Đảng bộ tỉnh, thành phố",
    "district_committee": "Đảng bộ huyện, quận",
    "commune_committee": "Đảng bộ xã, phường, đặc khu",
    "superior_committee": "Cấp ủy cấp trên",
    "base_committee": "Đảng bộ cơ sở",
    "base_cell": "Chi bộ cơ sở",
    "partial_committee": "Đảng bộ bộ phận",
    "subordinate_cell": "Chi bộ trực thuộc",
}

EVENT_LABELS: dict[str, str] = {
    "founded": "Thành lập",
    "renamed": "Đổi tên",
    "merged_into": "Sáp nhập vào",
    "split_from": "Tách ra từ",
    "moved": "Chuyển nơi trực thuộc",
    "changed_kind": "Đổi loại hình",
    "dissolved": "Giải thể",
}

SECTOR_LABELS: dict[str, str] = {
    "commune": "Xã, thị trấn",
    "neighbourhood": "Khu phố, ấp",
    "education": "Giáo dục",
    "health": "Y tế",
    "police": "Công an",
    "military": "Quân sự",
    "agency": "Cơ quan",
    "enterprise": "Doanh nghiệp",
    "other": "Khác",
}

# From the July 2025 reorganization, the words of the sectors that changed.
SECTOR_LABELS_2025: dict[str, str] = {"commune": "Xã, phường, đặc khu"}


def sector_label(code: str, year: int | None = None) -> str:
    """A sector as the year's documents name it ("xã, thị trấn" until 2024, then "xã,
    phường, đặc khu")."""
    return sector_labels(year).get(code, code)


def sector_labels(year: int | None = None) -> dict[str, str]:
    """Every sector's words in the year's documents."""
    if year is not None and year >= 2025:
        return {**SECTOR_LABELS, **SECTOR_LABELS_2025}
    return SECTOR_LABELS


SUBJECT_LABELS: dict[str, str] = {
    "base_orgs": "Tổ chức cơ sở đảng",
    "subordinate_cells": "Chi bộ trực thuộc",
    "members": "Đảng viên",
}

MEASURE_LABELS: dict[str, str] = {
    "good_or_better_pct": "Tỷ lệ hoàn thành tốt nhiệm vụ trở lên",
    "excellent_pct": "Tỷ lệ hoàn thành xuất sắc nhiệm vụ",
    "clean_strong_pct": "Tỷ lệ trong sạch, vững mạnh",
    "not_completed_pct": "Tỷ lệ không hoàn thành nhiệm vụ / yếu kém",
    "excellent_of_good_pct": "Tỷ lệ xuất sắc trong số hoàn thành tốt trở lên",
}


def measure_words(measure: str) -> str:
    """A measure's name inside a sentence: "tỷ lệ hoàn thành tốt nhiệm vụ trở lên" (a capital
    only where a sentence, a title or a column header starts with it)."""
    label = MEASURE_LABELS[measure]
    return label[:1].lower() + label[1:]


DIRECTION_LABELS: dict[str, str] = {"at_least": "ít nhất", "below": "dưới"}

MEMBER_STATUS_LABELS: dict[str, str] = {
    "total": "Tổng số đảng viên",
    "evaluated": "Được đánh giá",
    "exempt": "Miễn công tác và sinh hoạt",
    "suspended": "Đình chỉ sinh hoạt đảng",
    "new": "Kết nạp chưa đủ 6 tháng",
    "pending": "Chưa đánh giá",
}

# Why an organization's evaluation of a year is not done, or was done late
# (``domain.workflow.STATUSES``); "not stated" when nothing is recorded.
EVAL_STATUS_LABELS: dict[str, str] = {
    "not_evaluated": "Chưa đánh giá",
    "paused_inspection": "Tạm dừng, chờ kết luận kiểm tra",
    "paused_discipline": "Tạm dừng, chờ xem xét kỷ luật",
    "founded_recently": "Thành lập chưa đủ 6 tháng",
    "redo": "Phải đánh giá lại",
    "dissolved": "Giải thể trong năm",
    "rated_late": "Xếp loại muộn (vẫn tính cho năm đánh giá)",
}
UNRATED_REASON_LABELS: dict[str, str] = {
    **{k: v for k, v in EVAL_STATUS_LABELS.items() if k not in ("dissolved", "rated_late")},
    "not_stated": "Chưa ghi lý do",
}
# Members not yet evaluated, by reason (``domain.workflow.PENDING_REASONS``).
PENDING_REASON_LABELS: dict[str, str] = {
    "paused": "Chờ kết luận kiểm tra, kỷ luật",
    "absent": "Vắng mặt (ốm đau, đi xa…)",
    "not_stated": "Chưa ghi lý do",
}
# The state of an item of a remediation plan in a quarterly report (``ITEM_STATUSES``).
ITEM_STATUS_LABELS: dict[str, str] = {
    "not_started": "Chưa thực hiện",
    "in_progress": "Đang thực hiện",
    "done": "Đã khắc phục",
}

# The breaks of comparability (``domain.regimes.BREAKS``): the mark on a chart and what it means.
BREAK_TEXTS: dict[str, dict[str, str]] = {
    "2018": {
        "label": "Đổi cách xếp loại (QĐ 132-QĐ/TW, từ năm 2018)",
        "short": "Từ 2018: QĐ 132",
        "note": (
            "Từ năm 2018, “trong sạch, vững mạnh” không còn là mức xếp loại mà là danh hiệu "
            "khen chọn trong số tổ chức hoàn thành xuất sắc nhiệm vụ. Chỉ các tỷ lệ “hoàn thành "
            "tốt trở lên” và “không hoàn thành / yếu kém” so sánh được qua mốc này."
        ),
    },
    "2025": {
        "label": "Chấm điểm theo QĐ 366-QĐ/TW (từ năm 2025)",
        "short": "Từ 2025: QĐ 366",
        "note": (
            "Từ năm 2025, tổ chức đảng được chấm điểm trên thang 100 (từ 90 điểm: xuất sắc; "
            "70 đến dưới 90: tốt; 50 đến dưới 70: hoàn thành; dưới 50: không hoàn thành) và "
            "mức xuất sắc cần thêm điều kiện, nên tỷ lệ xuất sắc của tổ chức không so sánh "
            "được với các năm trước; tỷ lệ “hoàn thành tốt trở lên” vẫn so sánh được."
        ),
    },
}


# --- the database file: writers taking turns, backups and restore (issue 15) ------------------

STORE: dict[str, str] = {
    "busy": (
        "Một thao tác ghi khác (nhập dữ liệu, hoàn tác, khôi phục) đang chạy trên {path}. Hãy "
        "chờ một lát rồi thử lại."
    ),
    "held": (
        "Cơ sở dữ liệu {path} đang được một chương trình khác mở để ghi (chẳng hạn trình duckdb "
        "hay một phiên bản cũ của ứng dụng). Hãy đóng chương trình đó rồi chạy lại."
    ),
    "damaged": (
        "Tệp cơ sở dữ liệu {path} bị hỏng ({cause}). Không có gì được ghi vào tệp này. Hãy khôi "
        "phục bản sao lưu gần nhất: python -m xeploai restore <tệp sao lưu> (README, mục "
        "“Sao lưu và khôi phục”), rồi nhập lại những gì đã nhập sau bản sao lưu đó."
    ),
    "no_space": (
        "Ổ đĩa chứa {folder} đã đầy ({cause}). Dữ liệu không thay đổi. Hãy giải phóng dung lượng "
        "(chẳng hạn xóa các bản sao lưu cũ hoặc chuyển chúng sang nơi khác) rồi làm lại."
    ),
    "not_allowed": (
        "Không được phép ghi vào thư mục {folder} ({cause}). Dữ liệu không thay đổi. Hãy cấp "
        "quyền ghi thư mục đó cho tài khoản chạy ứng dụng rồi làm lại."
    ),
    "write_failed": (
        "Không ghi được cơ sở dữ liệu {path} ({cause}). Dữ liệu không thay đổi. Hãy kiểm tra ổ "
        "đĩa; nếu tệp đã hỏng, hãy khôi phục bản sao lưu gần nhất."
    ),
    "auth_unwritable": (
        "Không ghi được kho người dùng {path} ({cause}): không thể đăng nhập lúc này. Hãy giải "
        "phóng dung lượng ổ đĩa hoặc cấp quyền ghi thư mục, rồi tải lại trang."
    ),
}


BACKUP: dict[str, str] = {
    "done": "Đã sao lưu vào {path} ({size}).",
    "pruned": "Đã xóa {n} bản sao lưu cũ (giữ {keep} bản mới nhất).",
    "describe": "bản sao lưu lúc {at} (UTC) của {source}: số liệu các năm {years}, phiên bản "
    "dữ liệu {version}",
    "no_years": "(chưa có năm nào)",
    "current": "Tệp hiện tại {path}: số liệu các năm {years}, phiên bản dữ liệu {version}, sửa "
    "lần cuối {modified}.",
    "current_unreadable": "Tệp hiện tại {path} không đọc được (có thể đã hỏng).",
    "nothing_there": "Chưa có cơ sở dữ liệu ở {path}: bản sao lưu sẽ được đặt vào đó.",
    "will_replace": "Sẽ thay bằng {backup}. Người dùng và nhật ký cũng được lấy từ bản sao "
    "lưu; tệp hiện tại được giữ lại bên cạnh.",
    "confirm": "Khôi phục? Gõ “co” để tiếp tục: ",
    "confirm_needed": "Chưa khôi phục. Chạy lại với --yes để khôi phục không cần hỏi.",
    "cancelled": "Đã hủy, không có gì thay đổi.",
    "restored": "Đã khôi phục {path} từ {archive}.",
    "kept_aside": "Tệp trước khi khôi phục được giữ ở {path} (xóa đi khi không cần nữa).",
    "not_a_backup": "{path} không phải bản sao lưu của ứng dụng này (thiếu hoặc hỏng nội dung).",
    "damaged": "Bản sao lưu {path} bị hỏng: phần {member} không khớp mã kiểm tra. Hãy dùng "
    "một bản sao lưu khác.",
    "cannot_write": "Không ghi được bản sao lưu vào {folder}: {cause}. Hãy kiểm tra quyền ghi "
    "và dung lượng trống của thư mục.",
    "admin_heading": "Sao lưu",
    "admin_latest": "Bản sao lưu gần nhất trong {folder}: {name}, cách đây {age}.",
    "admin_old": "Bản sao lưu gần nhất đã cũ ({age}): hãy kiểm tra lịch sao lưu hằng ngày.",
    "admin_none": "Chưa có bản sao lưu nào trong {folder}. Hãy đặt lịch sao lưu hằng ngày "
    "(xem README) hoặc tải một bản ngay bây giờ.",
    "admin_download": "Tải một bản sao lưu mới (.tar)",
    "age_minutes": "{n} phút",
    "age_hours": "{n} giờ",
    "age_days": "{n} ngày",
}


UI: dict[str, str] = {
    "app_title": "Xếp loại chất lượng",
    "page_overview": "Tổng quan",
    "page_presentation": "Trình chiếu",
    "page_admin": "Quản trị",
    "year": "Năm đánh giá",
    "copy_link": "Sao chép liên kết",
    "link_copied": "Đã sao chép — dán vào tin nhắn để gửi đúng trang này, với các bộ lọc đang "
    "chọn.",
    "copy_link_help": "Đường dẫn mở lại trang này với năm và bộ lọc đang chọn; người nhận "
    "đăng nhập xong sẽ thấy đúng như vậy.",
    "copy_link_manual": "Sao chép đường dẫn này:",
    "demo_banner": (
        "Dữ liệu minh họa: các con số trên trang này được sinh tự động theo mô hình "
        "một đảng bộ huyện, không phải kết quả thật."
    ),
    "download_failed": (
        "Không tạo được tệp để tải về. Hãy bấm lại; nếu vẫn không được, hãy tải lại trang "
        "rồi thử lại."
    ),
    "db_missing": (
        "Chưa có cơ sở dữ liệu tại {path}. Hãy chạy `make run` (tự tạo dữ liệu minh họa) "
        'hoặc `python -m xeploai init --superior "Tên đảng bộ"` rồi nhập dữ liệu.'
    ),
    "bad_year_param": (
        "Tham số năm “{value}” trong đường dẫn không hợp lệ hoặc không có số liệu; "
        "đang hiển thị năm mới nhất."
    ),
    "no_years": "Cơ sở dữ liệu chưa có kết quả năm nào. Hãy nhập dữ liệu trước.",
    "no_year_data": "Năm {year} chưa có kết quả trong phạm vi này.",
    "scope": "Cấp ủy",
    "scope_own": "Cấp ủy của cơ sở dữ liệu",
    "scope_label": "{name} ({first}–{last})",
    "scope_missing": (
        "Năm {year}: {scope} không lãnh đạo tổ chức cơ sở đảng nào (chưa thành lập hoặc đã "
        "giải thể). Các cấp ủy có số liệu năm này: {scopes}. Chọn cấp ủy ở thanh bên."
    ),
    "kpi_base_orgs": "Tổ chức cơ sở đảng",
    "kpi_base_orgs_help": "{committees} đảng bộ cơ sở, {cells} chi bộ cơ sở; {rated} được xếp loại",
    "kpi_base_orgs_good": "TCCSĐ hoàn thành tốt nhiệm vụ trở lên",
    "kpi_clean_strong": "TCCSĐ trong sạch, vững mạnh",
    "kpi_cells_good": "Chi bộ trực thuộc hoàn thành tốt trở lên",
    "kpi_cells_help": "{rated} trong {total} chi bộ trực thuộc được xếp loại",
    "kpi_members": "Đảng viên",
    "kpi_members_help": "{evaluated} được đánh giá",
    "kpi_members_good": "Đảng viên hoàn thành tốt nhiệm vụ trở lên",
    "kpi_members_excellent_pct": "Đảng viên hoàn thành xuất sắc nhiệm vụ",
    "kpi_members_excellent_of_good_pct": "Đảng viên xuất sắc trong số tốt trở lên",
    "target_changed_meaning": (
        "Thước đo đổi nghĩa từ năm {year}, chỉ tiêu đặt theo nghĩa cũ; so sánh được: {instead} "
        "{value}."
    ),
    "kpi_exempt": "Đảng viên được miễn sinh hoạt",
    "kpi_exempt_help": "{pct} tổng số đảng viên",
    "vs_prev": "so với năm {year}",
    "vs_prev_same_units": "so với năm {year}, cùng các đơn vị",
    "target_gap_met": "Đạt chỉ tiêu {direction} {target} ({gap})",
    "target_gap_missed": "Chưa đạt chỉ tiêu {direction} {target} ({gap})",
    "levels_heading": "Kết quả xếp loại năm {year}",
    "trend_heading": "Diễn biến qua các năm",
    "targets_heading": "Chỉ tiêu nhiệm kỳ {term}",
    "chart_data": "Số liệu của biểu đồ",
    "chart_fullscreen": "Xem biểu đồ toàn màn hình",
    "chart_fullscreen_exit": "Thoát toàn màn hình",
    "rows_cut": (
        "Bảng hiển thị {shown} dòng đầu tiên trong số {rows}; tệp tải về gồm đủ {rows} dòng."
    ),
    "chart_data_file": "so-lieu-bieu-do-{key}",
    "card_trend": "Diễn biến qua các năm: {label}",
    "not_rated": "Chưa xếp loại",
    "count": "Số lượng",
    "share": "Tỷ lệ",
    "level": "Mức xếp loại",
    "subject": "Đối tượng",
    "measure": "Chỉ tiêu",
    "target": "Mục tiêu",
    "actual": "Thực hiện",
    "gap": "Chênh lệch",
    "met": "Kết quả",
    "met_yes": "Đạt",
    "met_no": "Chưa đạt",
    "no_data": "—",
    "pp": "điểm phần trăm",
}


def fmt_int(value: int | float | None) -> str:
    """6659 → '6.659'."""
    if value is None:
        return UI["no_data"]
    return f"{round(value):,}".replace(",", ".")


def fmt_mib(size: int) -> str:
    """A file's size in MiB, Vietnamese style: 7614464 → '7,3 MiB'."""
    return f"{size / 2**20:.1f} MiB".replace(".", ",")


def fmt_num(value: float | None, decimals: int = 2) -> str:
    """87.5 → '87,50'."""
    if value is None:
        return UI["no_data"]
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def fmt_score(value: float | None) -> str:
    """A score out of 100 as a board writes it: 92 → '92', 67.5 → '67,5', 81.25 → '81,25'."""
    if value is None:
        return UI["no_data"]
    return fmt_num(value, 2).rstrip("0").rstrip(",")


def fmt_share(share: float) -> str:
    """A share of one as a percentage without its trailing zeros: 0.2 → '20', 0.125 → '12,5'."""
    return fmt_score(100 * share)


def fmt_fraction(share: float) -> str:
    """A share of one as the texts write it: 1/3 → '1/3', 0.5 → '1/2', 0.4 → '2/5'."""
    exact = Fraction(share).limit_denominator(100)
    return str(exact.numerator) if exact.denominator == 1 else f"{exact}"


def fmt_pct(value: float | None, decimals: int = 2) -> str:
    """87.5 → '87,50%'."""
    if value is None:
        return UI["no_data"]
    return fmt_num(value, decimals) + "%"


def fmt_pp(value: float | None) -> str:
    """A difference of percentages, signed: 1.5 → '+1,50 điểm phần trăm'."""
    if value is None:
        return UI["no_data"]
    sign = "+" if value > 0 else ("-" if value < 0 else "±")
    return f"{sign}{fmt_num(abs(value))} {UI['pp']}"


def fmt_delta_int(value: int | None) -> str:
    if value is None:
        return UI["no_data"]
    sign = "+" if value > 0 else ("-" if value < 0 else "±")
    return f"{sign}{fmt_int(abs(value))}"


# How a finding cites a text that could not be read in full (or whose rule is inferred).
RULE_UNVERIFIED = "{text} (chưa đối chiếu được toàn văn)"
# The governing texts, as documents cite them: the regimes (``domain.regimes``) and the rules'
# sources (``metrics.rules``) name them from here.
GOVERNING_TEXTS: dict[str, str] = {
    "HD27": "Hướng dẫn 27-HD/BTCTW ngày 25/9/2014",
    "QD132": "Quy định 132-QĐ/TW ngày 08/3/2018",
    "HD16": "Hướng dẫn 16-HD/BTCTW ngày 24/9/2018",
    "HD21": "Hướng dẫn 21-HD/BTCTW ngày 18/10/2019",
    "QD124": "Quy định 124-QĐ/TW ngày 04/10/2023",
    "HD25": "Hướng dẫn 25-HD/BTCTW ngày 10/11/2023",
    "QD366": "Quy định 366-QĐ/TW ngày 30/8/2025",
    "HD43": "Hướng dẫn 43-HD/BTCTW ngày 31/10/2025",
    "KL198": "Kết luận 198-KL/TW",
}

ARITHMETIC = "Số học: tổng số bằng số được đánh giá cộng các trường hợp không đánh giá"
LOCAL_RULE = "Quy định của địa phương (Huyện ủy Hóc Môn)"
LOCAL_PRACTICE = "Thực tiễn của địa phương trước Hướng dẫn 21-HD/BTCTW (cài đặt)"

ROLE_GROUP_LABELS: dict[str, str] = {
    "localities": "Xã, phường, thị trấn và khu dân cư",
    "public_services": "Đơn vị sự nghiệp",
    "agencies": "Cơ quan, lực lượng vũ trang",
    "enterprises": "Doanh nghiệp",
}

# The words a rule's title takes from the settings (``RuleSettings``): the cap's base (without
# or with the HTXSNV themselves) and the groups the organizations' cap is applied within.
RULE_TITLE_WORDS: dict[str, str] = {
    "cap_base_without": "HTTNV",
    "cap_base_with": "HTTNV trở lên",
    "group_role_group": "nhóm có vai trò tương đồng",
    "group_sector": "khu vực",
    "group_org_type": "loại tổ chức",
}

RULE_TEXTS: dict[str, dict[str, str]] = {
    "member_excellent_cap": {
        "title": "Đảng viên HTXSNV không quá {ratio}% số {cap_base} trong mỗi tổ chức cơ sở đảng",
        "message": (
            "{org}: {excellent} đảng viên hoàn thành xuất sắc nhiệm vụ, vượt mức tối đa {cap} "
            "({ratio}% của {denominator} đảng viên {base})."
        ),
        "base_without": "hoàn thành tốt nhiệm vụ",
        "base_with": "hoàn thành tốt nhiệm vụ trở lên",
    },
    "org_excellent_cap": {
        "title": (
            "Tổ chức cơ sở đảng HTXSNV không quá {ratio}% số {cap_base} trong từng {cap_group}"
        ),
        "message": (
            "Nhóm {group}: {excellent} tổ chức hoàn thành xuất sắc nhiệm vụ, vượt mức tối đa "
            "{cap} ({ratio}% của {good} tổ chức {base})."
        ),
        "base_without": "hoàn thành tốt nhiệm vụ",
        "base_with": "hoàn thành tốt nhiệm vụ trở lên",
    },
    "cell_excellent_cap": {
        "title": (
            "Chi bộ trực thuộc HTXSNV không quá {ratio}% số {cap_base} trong mỗi đảng bộ cơ sở"
        ),
        "message": (
            "{org}: {excellent} chi bộ trực thuộc hoàn thành xuất sắc nhiệm vụ, vượt mức tối đa "
            "{cap} ({ratio}% của {denominator} chi bộ {base})."
        ),
        "base_without": "hoàn thành tốt nhiệm vụ",
        "base_with": "hoàn thành tốt nhiệm vụ trở lên",
    },
    "excellent_prerequisite": {
        "title": (
            "Điều kiện xếp loại HTXSNV: 100% hoàn thành nhiệm vụ trở lên, ≥ {good_share}% tốt "
            "trở lên"
        ),
        "message": (
            "{org} được xếp loại hoàn thành xuất sắc nhiệm vụ nhưng trong {rated} {of} được "
            "xếp loại có {not_completed} không hoàn thành nhiệm vụ và {good} hoàn thành tốt "
            "trở lên (cần 100% hoàn thành và ít nhất {share}% tốt trở lên)."
        ),
        "of_cells": "chi bộ trực thuộc",
        "of_members": "đảng viên",
    },
    "score_band": {
        "title": "Mức xếp loại không cao hơn khung điểm (QĐ 366-QĐ/TW, thang 100 điểm)",
        "message": (
            "{org} được xếp loại {level} với {score} điểm, trong khi khung điểm này chỉ đến "
            "mức {band}."
        ),
    },
    "score_excellent": {
        "title": (
            "Điều kiện xếp loại HTXSNV theo QĐ 366-QĐ/TW: từ {score_floor} điểm, hoàn thành "
            "100% nhiệm vụ (≥ {exceeded_share}% vượt yêu cầu), không có tổ chức trực thuộc, "
            "cán bộ lãnh đạo bị kỷ luật"
        ),
        "message": "{org} được xếp loại hoàn thành xuất sắc nhiệm vụ nhưng {unmet}.",
        "no_score": "không có điểm chấm",
        "score_low": "chỉ đạt {score} điểm (cần từ {floor})",
        "tasks": "chưa hoàn thành 100% nhiệm vụ",
        "exceeded": "chỉ {share}% nhiệm vụ vượt yêu cầu (cần từ {need}%)",
        "disciplined": "có tổ chức trực thuộc hoặc cán bộ lãnh đạo bị kỷ luật trong năm",
    },
    "remediation_excellent": {
        "title": (
            "Điều kiện xếp loại HTXSNV theo QĐ 366-QĐ/TW: khắc phục 100% hạn chế, khuyết điểm "
            "đã được chỉ ra ở kỳ kiểm điểm trước"
        ),
        "message": (
            "{org} được xếp loại hoàn thành xuất sắc nhiệm vụ nhưng còn {open}/{items} mục của "
            "kế hoạch khắc phục sau kiểm điểm năm {previous} chưa khắc phục (mục {list})."
        ),
    },
    "old_scheme_forced_weak": {
        "title": (
            "Theo Hướng dẫn 27-HD/BTCTW (đến 2017): quá {weak_cells} chi bộ yếu kém (hoặc quá "
            "{weak_members} đảng viên không hoàn thành nhiệm vụ) thì tổ chức yếu kém"
        ),
        "message": (
            "{org}: {weak} trong {rated} {of} yếu kém / không hoàn thành nhiệm vụ, nhưng tổ "
            "chức không bị xếp loại yếu kém."
        ),
        "of_cells": "chi bộ trực thuộc",
        "of_members": "đảng viên",
    },
    "member_count_mismatch": {
        "title": "Tổng số đảng viên bằng số được đánh giá cộng các trường hợp không đánh giá",
        "message": ("{org}: tổng số {total} đảng viên nhưng các thành phần cộng lại được {parts}."),
    },
    "evaluated_by_practice": {
        "title": (
            "Trước năm 2019, theo thực tiễn của địa phương, đảng viên bị đình chỉ sinh hoạt "
            "đảng và đảng viên mới kết nạp chưa đủ 6 tháng vẫn được đánh giá, xếp loại"
        ),
        "message": (
            "{org}: năm {year} ghi {suspended} đảng viên đình chỉ sinh hoạt đảng và {new} đảng "
            "viên mới kết nạp chưa đủ 6 tháng không được đánh giá, trong khi theo cài đặt của "
            "cơ sở dữ liệu năm đó họ vẫn được đánh giá, xếp loại."
        ),
    },
    "disciplined_member": {
        "title": "Đảng viên bị kỷ luật trong năm xếp loại không hoàn thành nhiệm vụ",
        "not_checked": "Cần số liệu từng đảng viên; dữ liệu tổng hợp không có.",
    },
    "sick_leave_cap": {
        "title": "Đảng viên nghỉ ốm từ 3 tháng trở lên không xếp loại HTTNV trở lên",
        "not_checked": "Cần số liệu từng đảng viên; dữ liệu tổng hợp không có.",
    },
    "key_official_local": {
        "title": (
            "Quy định địa phương: cấp ủy viên, cán bộ chủ chốt, người đứng đầu không được biểu "
            "dương là đảng viên HTXSNV khi chi bộ, đảng bộ của mình không trong sạch, vững "
            "mạnh (việc xếp loại không bị cấm)"
        ),
        "not_checked": "Cần danh sách cán bộ chủ chốt và việc biểu dương; dữ liệu tổng hợp "
        "không có.",
    },
}


CLI: dict[str, str] = {
    "superior_code_help": "mã của cấp ủy trong cây tổ chức (mặc định: CAPTREN)",
    "superior_kind_help": "loại cấp ủy: đảng bộ tỉnh/thành phố, huyện, xã/phường, hoặc chưa rõ",
    "settings_help": "xem hoặc đặt các thiết lập của cơ sở dữ liệu",
    "rounding_help": (
        "cách làm tròn tỷ lệ: half_up (làm tròn, mặc định) hoặc truncate (cắt bớt, như nhiều "
        "báo cáo công bố)"
    ),
    "settings_rounding": "Làm tròn tỷ lệ phần trăm: {mode}.",
    "before_2019_help": (
        "trước năm 2019 (chưa có Hướng dẫn 21-HD/BTCTW), đảng viên bị đình chỉ sinh hoạt đảng "
        "và mới kết nạp chưa đủ 6 tháng: excluded = không đánh giá (mặc định), evaluated = "
        "vẫn được đánh giá, xếp loại theo thực tiễn của địa phương"
    ),
    "settings_before_2019": "Trước năm 2019, đảng viên bị đình chỉ sinh hoạt đảng và mới kết "
    "nạp chưa đủ 6 tháng: {mode}.",
    "before_2019_excluded": "không đánh giá, như từ năm 2019",
    "before_2019_evaluated": "vẫn được đánh giá, xếp loại (thực tiễn của địa phương)",
    "rounding_half_up": "làm tròn đến 2 chữ số thập phân (từ 5 trở lên làm tròn lên)",
    "rounding_truncate": "cắt bớt sau 2 chữ số thập phân, như báo cáo công bố",
    "scope_help": (
        "mã cấp ủy có các tổ chức cơ sở đảng được tính (mặc định: cấp ủy của cơ sở dữ liệu)"
    ),
    "no_scope": (
        "Năm {year}: {scope} không lãnh đạo tổ chức cơ sở đảng nào (chưa thành lập hoặc "
        "đã giải thể). Các cấp ủy có số liệu năm này: {scopes}. Chọn một bằng --scope MÃ."
    ),
    "scope_code": "cấp ủy mã {code}",
    "unknown_regime": (
        "Năm {year} nằm ngoài các văn bản hướng dẫn đã biết (từ năm {first}, Hướng dẫn "
        "27-HD/BTCTW): không tính được số liệu."
    ),
    "description": "xeploai — số liệu đánh giá, xếp loại chất lượng tổ chức đảng và đảng viên",
    "db_help": "tệp cơ sở dữ liệu (mặc định: $XEPLOAI_DB, nếu không có: data/xeploai.duckdb)",
    "demo_help": "tạo cơ sở dữ liệu minh họa",
    "force_help": "ghi đè tệp đã có",
    "until_help": (
        "chỉ giữ lịch sử đến hết năm này, cây tổ chức như cuối năm đó (ví dụ 2024: huyện trước "
        "khi sắp xếp tháng 7/2025, để tập nhập dữ liệu sắp xếp)"
    ),
    "init_help": "tạo cơ sở dữ liệu trống cho một đảng bộ thật",
    "summary_help": "số liệu tổng hợp của một năm",
    "check_help": "kiểm tra các quy định xếp loại của một năm",
    "import_help": "nhập tệp .xlsx/.csv (hoặc thư mục tệp .csv) theo mẫu; tất cả hoặc không",
    "dry_run_help": "chỉ kiểm tra và cho xem thay đổi, không ghi",
    "undo_help": "hoàn tác lần nhập gần nhất còn hiệu lực",
    "backup_help": (
        "sao lưu cơ sở dữ liệu và kho người dùng/nhật ký vào một tệp (được khi ứng dụng đang chạy)"
    ),
    "backup_out_help": "thư mục chứa bản sao lưu (mặc định: thư mục backups cạnh cơ sở dữ liệu)",
    "backup_keep_help": "chỉ giữ N bản sao lưu mới nhất trong thư mục, xóa các bản cũ hơn",
    "restore_help": "khôi phục cơ sở dữ liệu và kho người dùng/nhật ký từ một bản sao lưu",
    "restore_file_help": "tệp sao lưu (.tar) do lệnh backup tạo",
    "restore_yes_help": "không hỏi lại (cho tập lệnh)",
    "keep_positive": "N phải là số nguyên dương",
    "import_id_help": "số lần nhập cần hoàn tác (phải là lần gần nhất)",
    "export_help": (
        "xuất dữ liệu (data: toàn bộ số liệu theo mẫu nhập) hoặc báo cáo hội nghị (pptx: bản "
        "trình chiếu, docx: báo cáo, html: tệp xem không cần mạng, xlsx: bảng thống kê)"
    ),
    "template_help": "tạo tệp mẫu nhập .xlsx",
    "exists": "Tệp {path} đã có. Dùng --force để ghi đè (dữ liệu cũ sẽ mất).",
    "demo_done": "Đã tạo dữ liệu minh họa ({scale}) tại {path}.",
    "init_done": "Đã tạo cơ sở dữ liệu trống cho {superior} tại {path}.",
    "db_missing": (
        "Chưa có cơ sở dữ liệu tại {path}. Chạy `python -m xeploai demo` hoặc "
        '`python -m xeploai init --superior "Tên đảng bộ"`.'
    ),
    "no_year": "Không có số liệu năm {year}.",
    "summary_text": (
        "Năm {year}, {superior}: {orgs} tổ chức cơ sở đảng ({committees} đảng bộ cơ sở, "
        "{cells} chi bộ cơ sở), {sub} chi bộ trực thuộc, {members} đảng viên ({exempt} miễn "
        "sinh hoạt). TCCSĐ hoàn thành tốt trở lên: {orgs_good}; đảng viên: {members_good}."
    ),
    "check_count": "{n} phát hiện trong năm {year}.",
    "usage_error": "Sai cách dùng lệnh ({detail}). Xem hướng dẫn: `{prog} --help`.",
    "users_help": "người dùng: add, list, remove, passwd, unlock",
    "unlock_help": (
        "cho các máy đang phải đợi vì đăng nhập sai được thử lại ngay (không tài khoản nào bị khóa)"
    ),
    "unlock_source_help": "chỉ địa chỉ này (mặc định: mọi địa chỉ)",
    "org_help": "mã tổ chức cơ sở đảng mà người xem được giới hạn vào (lặp lại được)",
    "target_line": "  [{met}] {subject} — {measure} {direction} {target}: {actual} ({gap})",
    "met": "Đạt",
    "missed": "Chưa đạt",
    "export_out_help": "tệp kết quả",
    "export_year_help": "năm đánh giá (bắt buộc với pptx, docx, html, xlsx)",
    "export_sector_help": "chỉ các tổ chức thuộc lĩnh vực này (lặp lại được)",
    "export_type_help": "chỉ loại tổ chức này: base_committee, base_cell (lặp lại được)",
    "export_org_help": "chỉ tổ chức có mã này (lặp lại được)",
    "export_year_missing": "Xuất {kind} cần --year (năm đánh giá).",
    "export_done": "Đã ghi {path} ({size} KB).",
}


NARRATIVE: dict[str, str] = {
    "set_change": (
        "Năm {year}, {now} tổ chức cơ sở đảng tiếp nối {units} tổ chức cơ sở đảng của năm "
        "{previous} sau khi sắp xếp lại tổ chức."
    ),
    "set_change_became_base": (
        "{n} đảng bộ cơ sở năm trước có các chi bộ trực thuộc nay là chi bộ cơ sở."
    ),
    "set_change_merged": "{n} tổ chức năm trước đã sáp nhập.",
    "set_change_compare": (
        "Số đảng viên so sánh với cùng các đơn vị năm trước; số tổ chức và tỷ lệ xếp loại tổ "
        "chức không so sánh được với năm trước."
    ),
    "superior_default": "Đảng bộ",
    "size": (
        "Năm {year}, {superior} có {orgs} tổ chức cơ sở đảng ({committees} đảng bộ cơ sở, "
        "{cells} chi bộ cơ sở) với {sub} chi bộ trực thuộc và {members} đảng viên, trong đó "
        "{exempt} đảng viên được miễn công tác và sinh hoạt đảng ({exempt_pct})."
    ),
    "orgs_quality": (
        "{rated} tổ chức cơ sở đảng được xếp loại, {good} hoàn thành tốt nhiệm vụ trở lên; "
        "{clean} tổ chức trong sạch, vững mạnh ({clean_pct})."
    ),
    "members_quality": (
        "{evaluated} đảng viên được đánh giá: {good} hoàn thành tốt nhiệm vụ trở lên, {excellent} "
        "hoàn thành xuất sắc, {not_completed} không hoàn thành nhiệm vụ."
    ),
    "members_pending": "{pending} đảng viên chưa được đánh giá: {reasons}.",
    "members_pending_unstated": "{pending} đảng viên chưa được đánh giá (chưa ghi lý do).",
    "vs_previous_up": (
        "So với năm {year}, tỷ lệ đảng viên hoàn thành tốt trở lên tăng {change} điểm phần trăm."
    ),
    "vs_previous_down": (
        "So với năm {year}, tỷ lệ đảng viên hoàn thành tốt trở lên giảm {change} điểm phần trăm."
    ),
    "vs_previous_same": "Tỷ lệ đảng viên hoàn thành tốt trở lên không đổi so với năm {year}.",
    "targets_all_met": "Đạt cả {n} chỉ tiêu của nghị quyết đại hội.",
    "targets_missed": "Chưa đạt {n}/{total} chỉ tiêu: {items}.",
    "missed_item": "{measure} của {subject} đạt {actual} (chỉ tiêu {target})",
    "missed_item_changed": (
        "{measure} của {subject} đạt {actual} (chỉ tiêu {target}, đặt khi thước đo còn theo "
        "nghĩa cũ: từ năm {year} đã đổi nghĩa; so sánh được là {instead} {instead_actual})"
    ),
}


OVERVIEW: dict[str, str] = {
    "levels_title": (
        "Năm {year}: {orgs} tổ chức cơ sở đảng và {members} đảng viên hoàn thành tốt nhiệm vụ "
        "trở lên"
    ),
    "trend_title": (
        "Tỷ lệ đảng viên hoàn thành tốt trở lên {word}: {first} ({first_year}) → {last} "
        "({last_year})"
    ),
    "up": "tăng",
    "down": "giảm",
    "flat": "không đổi",
}


# --- Exports and the presentation page (issue 5) -------------------------------------------

EXPORT: dict[str, str] = {
    "superior_default": "Đảng bộ",
    "scope_all": "Toàn Đảng bộ",
    "scope_filtered": "Các tổ chức được chọn",
    "scope_note": "Phạm vi: {scope}",
    "n_orgs": "{n} tổ chức được chọn",
    "deck_title": "Kết quả đánh giá, xếp loại chất lượng tổ chức đảng và đảng viên năm {year}",
    "deck_kicker": "Hội nghị tổng kết công tác đánh giá, xếp loại",
    "notes_title": "Báo cáo kết quả đánh giá, xếp loại chất lượng năm {year} của {superior}.",
    "vs_year": "{change} so với năm {year}",
    "kpi_orgs": "Tổ chức cơ sở đảng",
    "kpi_orgs_note": "{committees} đảng bộ cơ sở, {cells} chi bộ cơ sở",
    "kpi_sub": "Chi bộ trực thuộc",
    "kpi_sub_note": "{rated} được xếp loại",
    "kpi_members": "Đảng viên",
    "kpi_evaluated": "Đảng viên được đánh giá",
    "kpi_evaluated_note": "{pct} tổng số đảng viên",
    "kpi_exempt": "Đảng viên miễn sinh hoạt",
    "kpi_exempt_note": "{pct} tổng số đảng viên",
    "status_chart": "Đảng viên theo tình trạng đánh giá",
    "overview_title": (
        "{scope} có {orgs} tổ chức cơ sở đảng, {sub} chi bộ trực thuộc và {members} đảng viên"
    ),
    "levels_chart": "Kết quả xếp loại năm {year} (số lượng; thanh = 100%)",
    "levels_bullet": "{subject}: {good} hoàn thành tốt nhiệm vụ trở lên (trong {rated})",
    "clean_bullet": "{n} tổ chức cơ sở đảng trong sạch, vững mạnh ({pct})",
    "levels_note": "{subject}: {breakdown}.",
    "level_count": "{level} {n} ({pct})",
    "trend_chart": "Tỷ lệ hoàn thành tốt nhiệm vụ trở lên qua các năm",
    "trend_note": "{subject} hoàn thành tốt trở lên — {values}.",
    "trend_not_completed": (
        "Đảng viên không hoàn thành nhiệm vụ: {first} ({first_year}) → {last} ({last_year})"
    ),
    "break_bullet": (
        "Từ năm 2018 xếp loại theo Quy định 132-QĐ/TW: chỉ so sánh tỷ lệ “tốt trở lên” và "
        "“không hoàn thành” qua mốc này"
    ),
    "targets_title_missed": "Đạt {met}/{total} chỉ tiêu nghị quyết; chưa đạt: {missed}",
    "targets_title_all": "Đạt cả {total} chỉ tiêu nghị quyết đề ra",
    "targets_chart": "Chỉ tiêu và kết quả thực hiện (%)",
    "target_changed": (
        "{label}: đặt khi “trong sạch, vững mạnh” còn là mức xếp loại; từ năm {year} thước đo "
        "đổi nghĩa nên chỉ tiêu không thể đạt theo cách xếp loại mới (so sánh được: {instead} "
        "{value})."
    ),
    "targets_footnote": "Chỉ tiêu theo nghị quyết đại hội nhiệm kỳ {term}.",
    "target_label": "{subject} — {measure} {direction} {target}",
    "target_short": "{subject}: {measure} {direction} {target}",
    "target_bullet": "{mark} {label}: đạt {actual} ({gap})",
    "mark_met": "✓",
    "mark_missed": "✗",
    "below_title": "{n} tổ chức cơ sở đảng xếp loại dưới mức tốt: {parts}",
    "below_title_none": "Tất cả tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ trở lên",
    "below_part": "{n} {level}",
    "below_note": "{org}: {level}, đảng viên hoàn thành tốt trở lên {good}",
    "below_chart": "Đảng viên hoàn thành tốt trở lên ở các tổ chức này (%)",
    "below_none_bullet": "Không có tổ chức cơ sở đảng nào xếp loại hoàn thành nhiệm vụ hoặc "
    "không hoàn thành nhiệm vụ.",
    "col_org": "Tổ chức cơ sở đảng",
    "col_level": "Xếp loại",
    "col_members_good": "ĐV hoàn thành tốt trở lên",
    "col_members_khtnv": "ĐV không hoàn thành",
    "more_rows": "… và {n} trường hợp khác (xem báo cáo).",
    "excel_cut": (
        "Tệp Excel gồm {shown} dòng đầu tiên trong số {rows}; tệp CSV gồm đủ {rows} dòng (mở "
        "được bằng Excel), hoặc thu hẹp bộ lọc."
    ),
    "exempt_title_up": (
        "Đảng viên miễn sinh hoạt tăng từ {first} ({first_year}) lên {last} ({last_year}), "
        "chiếm {pct} tổng số"
    ),
    "exempt_title_down": (
        "Đảng viên miễn sinh hoạt giảm từ {first} ({first_year}) xuống {last} ({last_year}), "
        "chiếm {pct} tổng số"
    ),
    "exempt_title_flat": (
        "Đảng viên miễn sinh hoạt giữ ở mức {last} từ {first_year} đến {last_year}, "
        "chiếm {pct} tổng số"
    ),
    "exempt_title": "{n} đảng viên được miễn công tác và sinh hoạt đảng, {pct} tổng số",
    "exempt_bullet_share": (
        "{n}/{total} đảng viên được miễn ({pct}); còn {evaluated} đảng viên được đánh giá"
    ),
    "exempt_bullet_org": "{org}: {n} đảng viên miễn ({pct})",
    "exempt_chart": "Số đảng viên miễn công tác và sinh hoạt đảng",
    "exempt_footnote": (
        "Đảng viên miễn sinh hoạt không được xếp loại; tỷ lệ miễn tính trên tổng số đảng viên."
    ),
    "exempt_note": "Đảng viên miễn sinh hoạt qua các năm: {values}.",
    "findings_title": "{n} trường hợp chưa đúng quy định xếp loại cần xem lại",
    "findings_title_none": "Không phát hiện trường hợp trái quy định xếp loại",
    "findings_none_bullet": "Kết quả đã đối chiếu với các quy định kiểm tra được trên số liệu.",
    "findings_footnote": "Căn cứ: {sources}.",
    # The written report (docx, html).
    "report_title": "BÁO CÁO",
    "doc_party": "ĐẢNG CỘNG SẢN VIỆT NAM",
    "doc_date": "ngày {d} tháng {m} năm {y}",
    "report_subtitle": "Kết quả đánh giá, xếp loại chất lượng tổ chức đảng và đảng viên năm {year}",
    "report_generated": "Số liệu trích từ hệ thống ngày {date}.",
    "demo_note": "Dữ liệu minh họa, không phải kết quả thật.",
    "h_general": "I. Tình hình chung",
    "h_results": "II. Kết quả đánh giá, xếp loại",
    "h_results_orgs": "1. Đối với tổ chức cơ sở đảng",
    "h_results_cells": "2. Đối với chi bộ trực thuộc đảng ủy cơ sở",
    "h_results_members": "3. Đối với đảng viên",
    "h_trend": "III. Diễn biến qua các năm",
    "h_targets": "IV. So với chỉ tiêu nghị quyết",
    "h_below": "V. Tổ chức cơ sở đảng xếp loại dưới mức tốt",
    "h_exempt": "VI. Đảng viên miễn công tác và sinh hoạt đảng",
    "h_findings": "VII. Những trường hợp chưa đúng quy định",
    "h_table_levels": "Bảng 2. Kết quả xếp loại theo mức",
    "h_table_members": "Bảng 1. Đảng viên theo tình trạng đánh giá",
    "h_table_targets": "Bảng 4. Chỉ tiêu và kết quả thực hiện",
    "h_table_below": "Bảng 5. Tổ chức cơ sở đảng xếp loại dưới mức tốt",
    "h_table_exempt": "Bảng 6. Đảng viên miễn sinh hoạt qua các năm",
    "h_table_trend": "Bảng 3. Tỷ lệ hoàn thành tốt nhiệm vụ trở lên qua các năm",
    "p_size": (
        "{scope} có {orgs} tổ chức cơ sở đảng (gồm {committees} đảng bộ cơ sở và {cells} chi bộ "
        "cơ sở) với {sub} chi bộ trực thuộc đảng ủy cơ sở; tổng số {members} đảng viên, trong "
        "đó {exempt} đảng viên được miễn công tác và sinh hoạt đảng ({exempt_pct} tổng số)."
    ),
    "p_size_change": (
        "So với năm {year}, số đảng viên {members_change}, số đảng viên được miễn sinh hoạt "
        "{exempt_change}."
    ),
    "p_orgs": (
        "Có {rated}/{total} tổ chức cơ sở đảng được xếp loại, trong đó: {breakdown}. Tỷ lệ hoàn "
        "thành tốt nhiệm vụ trở lên đạt {good}."
    ),
    "p_orgs_unrated": "{n} tổ chức chưa được xếp loại: {reasons}.",
    "p_orgs_dissolved": "Ngoài ra, {n} tổ chức giải thể trong năm không xếp loại.",
    "reason_count": "{reason} ({n})",
    "p_pending_reasons": "{pending}, trong đó {reasons}",
    "p_clean_new": (
        "Có {clean} tổ chức cơ sở đảng được công nhận đạt “trong sạch, vững mạnh” ({clean_pct})."
    ),
    "p_clean_old": "Có {clean} tổ chức cơ sở đảng đạt “trong sạch, vững mạnh” ({clean_pct}).",
    "p_cells": (
        "Có {rated}/{total} chi bộ trực thuộc được xếp loại, trong đó: {breakdown}. Tỷ lệ hoàn "
        "thành tốt nhiệm vụ trở lên đạt {good}."
    ),
    "p_members": (
        "Tổng số đảng viên {total}; được đánh giá, xếp loại {evaluated}; không đánh giá "
        "{not_evaluated} (miễn công tác và sinh hoạt {exempt}, đình chỉ sinh hoạt đảng "
        "{suspended}, kết nạp chưa đủ 6 tháng {new}, chưa đánh giá {pending}). Kết quả: "
        "{breakdown}. Tỷ lệ hoàn thành tốt nhiệm vụ trở lên đạt {good}."
    ),
    "p_members_vs": "So với năm {year}, tỷ lệ này {change}.",
    "p_trend": (
        "Tỷ lệ đảng viên hoàn thành tốt nhiệm vụ trở lên từ {first} (năm {first_year}) "
        "{word} {last} (năm {last_year}); của tổ chức cơ sở đảng từ {orgs_first} {orgs_word} "
        "{orgs_last}."
    ),
    "p_targets_all": "Đạt và vượt cả {n} chỉ tiêu nghị quyết đề ra.",
    "p_targets_missed": "Đạt {met}/{total} chỉ tiêu; chưa đạt chỉ tiêu đề ra về: {items}.",
    "p_targets_item": "{measure} của {subject} đạt {actual} (chỉ tiêu {direction} {target})",
    "p_targets_item_changed": (
        "{measure} của {subject} đạt {actual} (chỉ tiêu {direction} {target}; thước đo đổi nghĩa "
        "từ năm {year}, chỉ tiêu đặt theo nghĩa cũ nên không thể đạt theo cách xếp loại mới; "
        "so sánh được là {instead} {instead_actual})"
    ),
    "p_targets_none": "Khi xem theo bộ lọc, số liệu không so sánh với chỉ tiêu toàn Đảng bộ.",
    "p_below": "{n} tổ chức cơ sở đảng xếp loại dưới mức hoàn thành tốt nhiệm vụ: {items}.",
    "p_below_none": "Không có tổ chức cơ sở đảng nào xếp loại dưới mức hoàn thành tốt nhiệm vụ.",
    "p_below_item": "{org} ({level})",
    "p_below_more": "và {n} tổ chức khác (xem bảng)",
    "html_annex": "Phụ lục: số liệu từng tổ chức cơ sở đảng",
    "p_exempt": (
        "Số đảng viên được miễn công tác và sinh hoạt đảng là {n} ({pct} tổng số đảng viên), "
        "{change}. Đảng viên được miễn không được đánh giá, xếp loại nên số này làm giảm số "
        "đảng viên được đánh giá."
    ),
    "p_exempt_change": "{change} so với năm {year}",
    "change_up": "tăng {n}",
    "change_down": "giảm {n}",
    "change_same": "không đổi",
    "p_exempt_first": "năm đầu có số liệu",
    "p_findings": "Qua đối chiếu quy định, có {n} trường hợp cần xem lại:",
    "p_findings_none": "Qua đối chiếu, không phát hiện trường hợp trái quy định xếp loại.",
    "figure_caption": "Biểu đồ {n}. {title}",
    "p_charts_missing": (
        "(Không tạo được hình biểu đồ trên máy này; số liệu được trình bày bằng bảng.)"
    ),
    "col_subject": "Đối tượng",
    "col_count": "Số lượng",
    "col_share": "Tỷ lệ",
    "col_status": "Tình trạng",
    "col_year": "Năm",
    "col_exempt": "Miễn sinh hoạt",
    "col_total": "Tổng số đảng viên",
    "col_target": "Chỉ tiêu",
    "col_actual": "Thực hiện",
    "col_gap": "Chênh lệch",
    "col_result": "Kết quả",
    "col_rule": "Quy định",
    "col_message": "Nội dung",
    "html_summary": "Tóm tắt kết quả",
    "html_offline": "Tệp tự chứa: mở được trên máy không có mạng.",
    # The statistical table (xlsx).
    "xlsx_sheet": "Thống kê {year}",
    "xlsx_title": "BẢNG THỐNG KÊ KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG NĂM {year}",
    "xlsx_scope": "{superior}",
    "xlsx_note": (
        "Tỷ lệ xếp loại tính trên số được đánh giá (xếp loại); tỷ lệ miễn sinh hoạt tính trên "
        "tổng số đảng viên."
    ),
    "xlsx_no": "STT",
    "xlsx_org": "Tổ chức cơ sở đảng",
    "xlsx_type": "Loại hình",
    "xlsx_sector": "Lĩnh vực",
    "xlsx_org_level": "Xếp loại tổ chức",
    "xlsx_members": "Đảng viên",
    "xlsx_total": "Tổng số",
    "xlsx_exempt": "Miễn SH",
    "xlsx_exempt_pct": "% miễn",
    "xlsx_suspended": "Đình chỉ SH",
    "xlsx_new": "Mới KN < 6 tháng",
    "xlsx_pending": "Chưa ĐG",
    "xlsx_evaluated": "Được ĐG",
    "xlsx_n": "SL",
    "xlsx_pct": "%",
    "xlsx_ratio": "HTXSNV/HTTNV (%)",
    "xlsx_ratio_with": "HTXSNV/(HTTNV+HTXSNV) (%)",
    "xlsx_cells": "Chi bộ trực thuộc",
    "xlsx_cells_rated": "Được XL",
    "xlsx_totals": "Tổng cộng",
    "xlsx_clean": "TSVM",
    "xlsx_yes": "x",
}


PRESENT: dict[str, str] = {
    "page_title": "Trình chiếu",
    "year": "Năm",
    "count": "{n} / {total}",
    "downloads": "Tải về",
    "download_pptx": "Bản trình chiếu (PowerPoint)",
    "download_docx": "Báo cáo (Word)",
    "download_xlsx": "Bảng thống kê (Excel)",
    "download_html": "Tệp HTML (xem không cần mạng)",
    "no_data": "Không có số liệu năm {year} trong phạm vi đang chọn.",
    "scope": "Đang trình chiếu theo bộ lọc: {scope}",
    "demo_mark": "Dữ liệu minh họa, không phải kết quả thật",
    "start": "▶ Trình chiếu",
    "presenter": "Cửa sổ người trình bày",
    "keys": (
        "Khi trình chiếu: → hoặc PageDown trang sau, ← hoặc PageUp trang trước, số trang rồi "
        "Enter để đến trang đó, O xem toàn bộ, N ghi chú dưới trang, P cửa sổ người trình bày, "
        "F toàn màn hình, B màn hình đen, Esc thoát. Bấm một trang để trình chiếu từ trang đó."
    ),
    "next_slide": "Tiếp theo",
    "last_slide": "(hết)",
    "no_notes": "(không có ghi chú)",
}


# Short forms for chart axes and slide titles, and the member statuses as the deck names them.
EXPORT_STATUS_LABELS: dict[str, str] = {
    "evaluated": "Được đánh giá",
    "exempt": "Miễn công tác, sinh hoạt",
    "suspended": "Đình chỉ sinh hoạt đảng",
    "new": "Kết nạp chưa đủ 6 tháng",
    "pending": "Chưa đánh giá",
}
EXPORT_SUBJECT_SHORT: dict[str, str] = {
    "base_orgs": "TCCSĐ",
    "subordinate_cells": "chi bộ trực thuộc",
    "members": "đảng viên",
}
EXPORT_MEASURE_SHORT: dict[str, str] = {
    "good_or_better_pct": "HTT trở lên",
    "excellent_pct": "HTXS",
    "clean_strong_pct": "TSVM",
    "not_completed_pct": "KHTNV/yếu kém",
    "excellent_of_good_pct": "HTXS trong số HTT trở lên",
}
EXPORT_DIRECTION_SIGN: dict[str, str] = {"at_least": "≥", "below": "<"}
EXPORT_TREND_TO: dict[str, str] = {"up": "tăng lên", "down": "giảm còn", "flat": "giữ ở mức"}
# --- import (Nhập dữ liệu) ----------------------------------------------------------------

# The Vietnamese headers of the template, per sheet; the keys are accepted as well.
IMPORT_SHEET_LABELS: dict[str, str] = {
    "organizations": "Danh mục tổ chức",
    "lineage": "Lịch sử tổ chức",
    "results": "Kết quả tổ chức cơ sở đảng",
    "cell_results": "Kết quả chi bộ trực thuộc",
    "scores": "Điểm đánh giá",
    "targets": "Chỉ tiêu nhiệm kỳ",
    "steps": "Ba bước xếp loại",
    "statuses": "Tình trạng đánh giá",
    "remediation": "Kế hoạch khắc phục",
    "reports": "Báo cáo khắc phục quý",
}

IMPORT_HEADERS: dict[str, dict[str, str]] = {
    "organizations": {
        "org_code": "Mã tổ chức",
        "org_name": "Tên tổ chức",
        "org_type": "Loại tổ chức",
        "parent_code": "Mã tổ chức cấp trên trực tiếp",
        "sector": "Lĩnh vực",
        "active_from": "Hoạt động từ năm",
        "active_to": "Hoạt động đến năm",
        "successor_code": "Mã tổ chức kế thừa",
        "founded": "Ngày thành lập",
        "ended": "Ngày chấm dứt hoạt động",
    },
    "lineage": {
        "event_date": "Ngày",
        "event": "Sự kiện",
        "org_code": "Mã tổ chức",
        "related_code": "Mã tổ chức liên quan",
        "from_value": "Trước",
        "to_value": "Sau",
        "decision": "Văn bản (số, ngày quyết định)",
    },
    "scores": {
        "year": "Năm",
        "quarter": "Quý",
        "org_code": "Mã tổ chức",
        "score": "Điểm (thang 100)",
        "tasks_completed": "Hoàn thành 100% nhiệm vụ",
        "tasks_exceeded_pct": "Tỷ lệ nhiệm vụ vượt yêu cầu (%)",
        "disciplined": "Có tổ chức trực thuộc, cán bộ lãnh đạo bị kỷ luật",
    },
    "results": {
        "year": "Năm",
        "org_code": "Mã tổ chức",
        "org_level": "Xếp loại tổ chức",
        "clean_strong": "Được công nhận trong sạch vững mạnh",
        "members_total": "Tổng số đảng viên",
        "members_exempt": "Miễn công tác và sinh hoạt",
        "members_suspended": "Đình chỉ sinh hoạt đảng",
        "members_new": "Kết nạp chưa đủ 6 tháng",
        "members_pending": "Chưa đánh giá",
        "members_HTXSNV": "Đảng viên HTXSNV",
        "members_HTTNV": "Đảng viên HTTNV",
        "members_HTNV": "Đảng viên HTNV",
        "members_KHTNV": "Đảng viên KHTNV",
        "members_evaluated": "Số đảng viên được đánh giá",
        "cells_rated": "Số chi bộ trực thuộc được xếp loại",
        "cells_TSVM": "Chi bộ TSVM",
        "cells_HTXSNV": "Chi bộ HTXSNV",
        "cells_HTTNV": "Chi bộ HTTNV",
        "cells_HTNV": "Chi bộ HTNV",
        "cells_KHTNV": "Chi bộ KHTNV",
        "cells_YK": "Chi bộ yếu kém",
    },
    "cell_results": {
        "year": "Năm",
        "org_code": "Mã chi bộ trực thuộc",
        "org_level": "Xếp loại",
    },
    "targets": {
        "term": "Nhiệm kỳ",
        "from_year": "Từ năm",
        "to_year": "Đến năm",
        "subject": "Đối tượng",
        "measure": "Chỉ tiêu",
        "direction": "Hướng",
        "target": "Mức chỉ tiêu (%)",
        "source": "Nguồn (nghị quyết)",
        "scope_code": "Mã cấp ủy (để trống: cấp ủy của cơ sở dữ liệu)",
    },
    "steps": {
        "year": "Năm",
        "org_code": "Mã tổ chức",
        "self_level": "Tự đánh giá, xếp loại",
        "self_score": "Điểm tự chấm",
        "appraised_level": "Thẩm định, đề xuất",
        "appraised_score": "Điểm thẩm định",
        "decision_no": "Số quyết định",
        "decision_date": "Ngày quyết định",
    },
    "statuses": {
        "year": "Năm",
        "org_code": "Mã tổ chức",
        "status": "Tình trạng tổ chức",
        "reference": "Văn bản, vụ việc (số, ngày)",
        "status_date": "Ngày",
        "members_paused": "Đảng viên chờ kết luận kiểm tra, kỷ luật",
        "members_absent": "Đảng viên vắng mặt",
    },
    "remediation": {
        "plan_year": "Năm kiểm điểm",
        "org_code": "Mã tổ chức",
        "item_no": "Mục số",
        "shortcoming": "Hạn chế, khuyết điểm",
        "remedy": "Biện pháp khắc phục",
        "deadline": "Thời hạn",
    },
    "reports": {
        "report_year": "Năm báo cáo",
        "report_quarter": "Quý",
        "plan_year": "Năm kiểm điểm",
        "org_code": "Mã tổ chức",
        "item_no": "Mục số",
        "item_status": "Tình trạng khắc phục",
        "done_text": "Kết quả thực hiện",
        "assessment": "Đánh giá của ban tổ chức",
        "reported_on": "Ngày nhận báo cáo",
    },
}

# An example value under each header of the sheets that are hardest to fill in, shown as the
# header cell's comment in the template (the template itself holds no rows: importing it as it
# is must change nothing).
IMPORT_EXAMPLES: dict[str, dict[str, str]] = {
    "steps": {
        "year": "2025",
        "org_code": "XBD-AP1",
        "self_level": "Hoàn thành xuất sắc nhiệm vụ",
        "self_score": "91",
        "appraised_level": "Hoàn thành tốt nhiệm vụ",
        "appraised_score": "86,5",
        "decision_no": "45-QĐ/ĐU",
        "decision_date": "26/12/2025",
    },
    "statuses": {
        "year": "2025",
        "org_code": "XBD-AP1",
        "status": "Tạm dừng, chờ kết luận kiểm tra",
        "reference": "Thông báo kiểm tra số 15-TB/UBKTĐU",
        "status_date": "02/12/2025",
        "members_paused": "1",
        "members_absent": "2",
    },
    "remediation": {
        "plan_year": "2025",
        "org_code": "XBD-AP1",
        "item_no": "1",
        "shortcoming": "Sinh hoạt chi bộ chưa đều, nội dung chưa phong phú",
        "remedy": "Sinh hoạt định kỳ hằng tháng; mỗi quý một chuyên đề",
        "deadline": "30/06/2026",
    },
    "reports": {
        "report_year": "2026",
        "report_quarter": "2",
        "plan_year": "2025",
        "org_code": "XBD-AP1",
        "item_no": "1",
        "item_status": "Đang thực hiện",
        "done_text": "Đã sinh hoạt đủ 3 kỳ trong quý",
        "assessment": "Đạt yêu cầu",
        "reported_on": "08/07/2026",
    },
}

# What a cell of each kind must hold, said to the user when it does not.
# Headers of earlier templates, still read: a board's old workbooks keep working.
IMPORT_HEADER_ALIASES: dict[str, dict[str, tuple[str, ...]]] = {
    "results": {"members_suspended": ("Đình chỉ sinh hoạt",)},
    "organizations": {"parent_code": ("Mã đảng bộ cơ sở cấp trên",)},
}

IMPORT_EXPECTED: dict[str, str] = {
    "code": "một mã tổ chức (chữ, số), không để trống",
    "text": "một đoạn chữ, không để trống",
    "count": "một số nguyên không âm (số người hoặc số tổ chức), ví dụ 12",
    "year": "một năm từ {min} đến {max}",
    "target": "một tỷ lệ phần trăm từ 0 đến 100, ví dụ 90 hoặc 90%",
    "bool": "1 hoặc 0 (có/không); để trống là không",
    "org_type": "một trong: {choices}",
    "sector": "một trong: {choices}",
    "subject": "một trong: {choices}",
    "measure": "một trong: {choices}",
    "direction": "một trong: {choices}",
    "event": "một trong: {choices}",
    "date": "một ngày, ví dụ 01/07/2025 (ngày/tháng/năm) hoặc 2025-07-01, từ năm {min} đến {max}",
    "quarter": "một quý từ 1 đến 4; để trống là cả năm",
    "score": "một số điểm từ 0 đến 100, ví dụ 92,5",
    "maybe_bool": "có hoặc không (1 hoặc 0); để trống nếu chưa có số liệu",
    "level": "một mức xếp loại của năm {year}: {choices}; để trống nếu chưa xếp loại",
    "level_any": "một mức xếp loại: {choices}",
    "eval_status": "một trong: {choices}; để trống nếu tổ chức đã được xếp loại đúng hạn",
    "item_status": "một trong: {choices}",
    "item_no": "số thứ tự của mục trong kế hoạch (1, 2, 3…)",
    "report_quarter": "một quý từ 1 đến 4",
    "column": "một cột của trang tính “{sheet}”: {choices}",
    "sheet": "tên một trang tính: {choices}",
}

IMPORT: dict[str, str] = {
    "no_extension": "(không có)",
    "not_a_date": "Không đọc được ngày.",
    "date_range": "Ngày nằm ngoài khoảng cho phép.",
    "score_range": "Điểm phải từ 0 đến 100.",
    "quarter_range": "Quý phải từ 1 đến 4.",
    # where
    "where_file": "Tệp “{file}”",
    "where_sheet": "trang tính “{sheet}”",
    "where_row": "dòng {row}",
    "where_column": "cột “{column}”",
    "found": "giá trị “{value}”",
    "found_blank": "ô trống",
    "expected": "cần: {expected}",
    # the file as a whole
    "file_missing": "Không tìm thấy tệp.",
    "file_too_big": "Tệp nặng {size} MB, vượt giới hạn {limit} MB.",
    "file_bad_ext": (
        "Chỉ nhận tệp Excel .xlsx, tệp .csv, hoặc tệp nén .zip chứa các tệp ấy (đuôi tệp hiện "
        "là “{ext}”)."
    ),
    "file_xls": (
        "Đây là tệp Excel đời cũ (.xls, Excel 97–2003), không được nhận. Mở tệp bằng Excel và "
        "lưu lại dưới dạng “Excel Workbook (.xlsx)”."
    ),
    "file_not_xlsx": (
        "Tệp có đuôi .xlsx nhưng nội dung không phải bảng tính Excel (có thể là tệp đổi tên). "
        "Hãy mở bằng Excel và lưu lại dưới dạng .xlsx."
    ),
    "file_not_csv": (
        "Tệp có đuôi .csv nhưng nội dung không phải văn bản CSV (có thể là bảng tính Excel "
        "bị đổi tên). Hãy lưu lại bằng Excel dưới dạng “CSV UTF-8” hoặc dùng tệp .xlsx."
    ),
    "file_encoding": (
        "Tệp CSV không ở bảng mã UTF-8 (byte lạ ở vị trí {position}); không đoán bảng mã để "
        "tránh sai dấu tiếng Việt. Trong Excel, chọn “Lưu thành” → “CSV UTF-8 (Comma "
        "delimited)”."
    ),
    "file_unzip_too_big": (
        "Bảng tính giải nén ra quá lớn (trên {limit} MB, hoặc gấp hơn {ratio} lần kích thước "
        "tệp — dấu hiệu tệp nén bất thường); không mở. Hãy lưu lại bảng tính bằng Excel, bỏ "
        "các trang, dòng, cột thừa, hoặc chia thành nhiều tệp."
    ),
    "file_unreadable": "Không đọc được bảng tính: {error}.",
    "apart_failed": (
        "Tiến trình nhập dữ liệu đã dừng giữa chừng ({error}). Hãy xem lịch sử nhập bên dưới: "
        "nếu lần nhập này không có ở đó, dữ liệu không thay đổi; tải tệp lên lại để kiểm tra "
        "và nhập lại."
    ),
    "apart_signal": "tín hiệu {n} của hệ thống",
    "apart_exit": "mã thoát {code}",
    "too_many_rows": "Trang tính có hơn {limit} dòng; hãy chia nhỏ tệp.",
    "csv_name": (
        "Tên tệp CSV phải là tên một trang tính của mẫu (ví dụ results.csv); “{name}” không phải."
    ),
    "no_sheets": (
        "Không có trang tính nào theo mẫu nhập (organizations, results, cell_results, targets)."
    ),
    "unknown_sheet_skipped": "Bỏ qua trang tính “{sheet}” (không thuộc mẫu nhập).",
    "external_links": (
        "Cảnh báo: bảng tính “{file}” có {n} liên kết tới tệp khác. Các ô lấy số từ tệp khác "
        "được nhập theo giá trị Excel lưu lần cuối, không cập nhật từ tệp liên kết: hãy kiểm "
        "tra lại số liệu, hoặc trong Excel chọn Dữ liệu → Sửa liên kết → Ngắt liên kết, lưu "
        "rồi nhập lại."
    ),
    "folder_empty": "Thư mục không có tệp .csv nào.",
    # a .zip of workbooks and CSV files
    "zip_unreadable": (
        "Không mở được tệp nén .zip (hỏng, bị cắt dở, có mật khẩu hoặc nén theo cách không "
        "thông dụng). Hãy nén lại các tệp .xlsx, .csv bằng công cụ nén thông thường, không đặt "
        "mật khẩu, hoặc chọn thẳng các tệp ấy."
    ),
    "zip_too_big": (
        "Tệp nén nặng {size} MB, vượt giới hạn {limit} MB. Hãy giải nén rồi nhập các tệp theo "
        "từng phần (với tệp do chương trình xuất: theo thứ tự trong {readme})."
    ),
    "zip_unzip_too_big": (
        "Các tệp trong tệp nén giải nén ra quá lớn (trên {limit} MB, hoặc gấp hơn {ratio} lần "
        "tệp nén — dấu hiệu tệp nén bất thường); không mở. Hãy chia thành nhiều tệp nén nhỏ hơn."
    ),
    "zip_too_many": "Tệp nén chứa {n} tệp, vượt giới hạn {limit} tệp một lần nhập.",
    "zip_empty": "Tệp nén không chứa tệp .xlsx hay .csv nào để nhập.",
    "zip_skipped": "Bỏ qua “{member}” trong tệp nén “{file}”: chỉ nhập các tệp .xlsx và .csv.",
    # columns
    "missing_column": "Thiếu cột bắt buộc “{column}” ({label}).",
    "unknown_column": "Cột không thuộc mẫu nhập.",
    "duplicate_column": "Cột “{column}” xuất hiện hai lần.",
    # cells
    "formula_no_value": (
        "Ô chứa công thức chưa có giá trị tính sẵn (công thức không bao giờ được tính khi "
        "nhập). Hãy mở tệp bằng Excel, lưu lại, hoặc dán giá trị (Paste Values)."
    ),
    "blank": "Ô bắt buộc đang để trống.",
    "not_a_number": "Ô chứa chữ ở chỗ cần một số.",
    "fraction": "Số lẻ ở chỗ cần số nguyên.",
    "ratio_like": "Có vẻ là một tỷ lệ (số thập phân nhỏ hơn 1) ở chỗ cần số lượng.",
    "negative": "Số âm ở chỗ cần số lượng.",
    "percent": "Tỷ lệ phần trăm ở chỗ cần số lượng (số người, số tổ chức).",
    "year_range": "Năm nằm ngoài khoảng được nhận.",
    "too_long": "Nội dung dài quá {limit} ký tự.",
    "unknown_label": "Giá trị không thuộc danh mục.",
    "level_tsvm_new": (
        "Từ năm 2018 “trong sạch, vững mạnh” không còn là mức xếp loại mà là danh hiệu: ghi "
        "mức HTXSNV và ghi 1 ở cột clean_strong (“Được công nhận trong sạch vững mạnh”)."
    ),
    "level_yk_new": (
        "Từ năm 2018 không còn mức “Yếu kém”: dùng “Không hoàn thành nhiệm vụ” (KHTNV)."
    ),
    "level_new_in_old": (
        "Đến năm 2017 tổ chức được xếp loại theo Hướng dẫn 27-HD/BTCTW: Trong sạch, vững mạnh, "
        "Hoàn thành tốt nhiệm vụ, Hoàn thành nhiệm vụ, Yếu kém."
    ),
    "cells_level_not_in_scheme": (
        "Năm {year} không có mức {level} cho chi bộ; số này phải bằng 0. {hint}"
    ),
    "clean_strong_old": (
        "Đến năm 2017 “trong sạch, vững mạnh” là mức xếp loại: ghi TSVM ở cột xếp loại, "
        "không dùng cột clean_strong."
    ),
    "clean_strong_not_excellent": (
        "Danh hiệu “trong sạch, vững mạnh” chỉ chọn trong số tổ chức hoàn thành xuất sắc "
        "nhiệm vụ (HTXSNV), nhưng tổ chức này được xếp loại {level}."
    ),
    # rows
    "duplicate_row": "Dòng trùng khóa ({key}) với {other}.",
    "lookalike_name": (
        "Tên này trùng (hoặc chỉ khác chữ hoa, dấu cách, ký tự vô hình) với tên của tổ chức "
        "{other} “{other_name}” cùng cấp trên, cùng thời gian: hai tổ chức khác nhau cần tên "
        "phân biệt được; nếu là một tổ chức, hãy dùng mã {other}."
    ),
    "unknown_org": (
        "Mã tổ chức không có trong danh mục (trang organizations của tệp hoặc dữ liệu đã có)."
    ),
    "not_base_org": (
        "“{code}” là chi bộ trực thuộc; kết quả của chi bộ trực thuộc ghi ở trang cell_results."
    ),
    "not_subordinate": (
        "“{code}” là {type}, không phải chi bộ trực thuộc; kết quả của tổ chức cơ sở đảng ghi "
        "ở trang results."
    ),
    "parent_missing": "{type} phải ghi mã tổ chức cấp trên trực tiếp.",
    "parent_kind": (
        "Cấp trên “{parent}” là {parent_type}, không thể là cấp trên trực tiếp của {type}."
    ),
    "sector_missing": "Thiếu lĩnh vực: mọi tổ chức trừ cấp ủy cấp trên đều thuộc một lĩnh vực.",
    "dates_order": "Ngày chấm dứt ({end}) không sau ngày thành lập ({start}).",
    "span_vs_dates": (
        "Năm bắt đầu hoạt động ({year}) khác năm của ngày thành lập {day}; chỉ cần ghi một "
        "trong hai."
    ),
    "cycle_now": "Vòng lặp: tổ chức nằm dưới chính nó qua các cấp trên ({path}).",
    "event_org_unknown": (
        "Không có tổ chức mã này trong danh mục (trang “Danh mục tổ chức” hoặc dữ liệu đã có)."
    ),
    "event_related_missing": "Sự kiện “{event}” cần ghi mã tổ chức liên quan.",
    "event_related_unknown": "Không có tổ chức liên quan mã này trong danh mục.",
    "event_values_missing": "Sự kiện “{event}” cần ghi cả giá trị trước và giá trị sau.",
    "event_kind_value": "“{value}” không phải loại hình tổ chức; một trong: {choices}.",
    "event_parent_value": "Không có tổ chức mã “{value}” trong danh mục để làm cấp trên.",
    "fault_from_mismatch": (
        "Giá trị trước là “{given}”, nhưng sự kiện cùng loại liền trước đó đã đổi thành “{value}”."
    ),
    "fault_to_not_current": (
        "Sau sự kiện này giá trị là “{given}”, nhưng danh mục ghi “{value}”: sự kiện cuối cùng "
        "phải dẫn đến giá trị trong danh mục."
    ),
    "fault_before_founding": "Sự kiện trước ngày thành lập của tổ chức ({value}).",
    "fault_after_ending": "Sự kiện sau khi tổ chức đã chấm dứt hoạt động ({value}).",
    "fault_related_absent": "Tổ chức “{value}” không tồn tại vào ngày {day}.",
    "fault_parent_absent": "Cấp trên “{value}” không tồn tại vào ngày {day}.",
    "fault_parent_kind": (
        "Vào ngày {day}, “{value}” không thể là cấp trên trực tiếp của loại tổ chức này."
    ),
    "fault_cycle": "Vòng lặp: từ ngày {day}, tổ chức nằm dưới chính nó qua các cấp trên.",
    # the same two when the fault holds from the organization's first day in the tree (no
    # event begins it: the catalogue's row, or an event missing)
    "fault_parent_kind_undated": (
        "Ngay từ đầu, “{value}” không thể là cấp trên trực tiếp của loại tổ chức này."
    ),
    "fault_cycle_undated": "Vòng lặp: ngay từ đầu, tổ chức nằm dưới chính nó qua các cấp trên.",
    "fault_parent_gone": (
        "Cấp trên {value} chấm dứt hoạt động trong khi tổ chức vẫn trực thuộc: hãy ghi sự kiện "
        "chuyển nơi trực thuộc, sáp nhập hoặc giải thể cho tổ chức."
    ),
    "fault_stored": "Trong dữ liệu đã có, tổ chức “{code}”: {message}",
    "not_base_in_year": (
        "Năm {year}, “{code}” là {type}, không phải tổ chức cơ sở đảng; kết quả của nó ghi ở "
        "trang {sheet}."
    ),
    "not_subordinate_in_year": (
        "Năm {year}, “{code}” là {type}, không phải chi bộ trực thuộc; kết quả của nó ghi ở "
        "trang {sheet}."
    ),
    "score_before_366": (
        "Năm {year}: chưa chấm điểm theo Quy định 366-QĐ/TW (chấm điểm từ đánh giá năm {first})."
    ),
    "scope_unknown": "Không có cấp ủy mã “{code}” trong danh mục.",
    "scope_not_superior": "“{code}” là {type}, không phải cấp ủy cấp trên đề ra chỉ tiêu.",
    "parent_unexpected": (
        "Chỉ chi bộ trực thuộc mới có đảng bộ cơ sở cấp trên; {type} thì để trống."
    ),
    "parent_unknown": "Mã đảng bộ cơ sở cấp trên không có trong danh mục.",
    "parent_not_committee": (
        "Cấp trên “{parent}” là {parent_type}, không phải đảng bộ cơ sở: chi bộ trực thuộc chỉ "
        "nằm trong một đảng bộ cơ sở."
    ),
    "has_cells_not_committee": (
        "Tổ chức này còn {n} chi bộ trực thuộc trong danh mục nên phải là đảng bộ cơ sở."
    ),
    "type_conflicts_results": (
        "Không đổi được loại tổ chức thành {type}: tổ chức đã có kết quả ở trang {sheet} "
        "(năm {years})."
    ),
    "parent_moved": (
        "Tổ chức đã có kết quả khi còn trực thuộc “{old}” (năm {years}); đổi cấp trên mà không "
        "ghi sự kiện sẽ chuyển cả kết quả cũ sang cấp trên mới. Hãy ghi sự kiện “Chuyển nơi "
        "trực thuộc” (ngày, cấp trên trước và sau) ở trang “Lịch sử tổ chức”."
    ),
    "type_changed": (
        "Tổ chức đã có kết quả khi còn là {old} (năm {years}); đổi loại hình mà không ghi sự "
        "kiện sẽ đổi cả các năm trước. Hãy ghi sự kiện “Đổi loại hình” (ngày, loại trước và "
        "sau) ở trang “Lịch sử tổ chức”."
    ),
    "successor_unknown": "Mã tổ chức kế thừa không có trong danh mục.",
    "active_order": "Năm bắt đầu hoạt động ({start}) sau năm kết thúc ({end}).",
    "org_not_active": "Tổ chức không hoạt động trong năm {year} (theo danh mục: {span}).",
    "members_levels_vs_evaluated": (
        "Tổng đảng viên theo các mức ({levels}) là {sum}, khác số được đánh giá {given}."
    ),
    "members_parts_vs_total": (
        "Tổng số {total} đảng viên nhưng được đánh giá {evaluated} + miễn {exempt} + đình chỉ "
        "{suspended} + mới kết nạp {new} + chưa đánh giá {pending} = {parts}."
    ),
    "cells_levels_vs_rated": (
        "Tổng chi bộ theo các mức là {sum}, khác số chi bộ được xếp loại {given}."
    ),
    "cells_on_base_cell": (
        "Chi bộ cơ sở không có chi bộ trực thuộc, nên các cột chi bộ theo mức phải bằng 0."
    ),
    "cells_over_catalogue": (
        "{rated} chi bộ trực thuộc được xếp loại nhưng danh mục chỉ có {catalogue} chi bộ "
        "trực thuộc của tổ chức này hoạt động trong năm {year}."
    ),
    "cells_vs_cell_results": (
        "Số chi bộ theo mức ghi ở đây ({given}) khác số tính từ trang cell_results "
        "({derived}); khi có cell_results, có thể bỏ trống các cột chi bộ."
    ),
    "cell_parent_no_result": (
        "Đảng bộ cơ sở cấp trên “{parent}” chưa có dòng kết quả năm {year} ở trang results."
    ),
    "target_range": "Mức chỉ tiêu là tỷ lệ phần trăm, phải từ 0 đến 100.",
    "target_order": "Năm bắt đầu nhiệm kỳ ({start}) sau năm kết thúc ({end}).",
    # the evaluation as it is worked: steps, statuses, remediation (issue 12)
    "item_no_range": "Mục số phải là số nguyên từ 1 trở lên.",
    "step_empty": "Dòng không ghi bước nào (tự đánh giá, thẩm định, số hoặc ngày quyết định).",
    "step_level": "{hint}",
    "decision_date_range": (
        "Ngày quyết định {day} nằm ngoài thời gian xếp loại năm {year} (từ 01/01/{year} đến "
        "31/12/{next})."
    ),
    "date_after_today": "Ngày {day} sau hôm nay ({today}).",
    "status_empty": (
        "Dòng không ghi tình trạng tổ chức, cũng không ghi số đảng viên chưa đánh giá theo lý do."
    ),
    "status_has_level": (
        "Năm {year}, tổ chức đã được xếp loại {level}: tình trạng “{status}” chỉ dành cho tổ "
        "chức chưa xếp loại. Nếu tổ chức được xếp loại sau ngày 31/12/{year}, ghi “{late}” và "
        "ngày xếp loại."
    ),
    "rated_late_no_level": (
        "“{late}” cần mức xếp loại năm {year} ở trang results (bỏ trống ở đó là chưa xếp loại)."
    ),
    "rated_late_date": (
        "Xếp loại muộn là xếp loại sau ngày 31/12/{year}: ghi ngày xếp loại, ví dụ 15/01/{next}."
    ),
    "status_needs_reference": "Tình trạng “{status}” cần ghi văn bản, vụ việc (số, ngày).",
    "status_needs_date": "Tình trạng “{status}” cần ghi ngày.",
    "status_date_range": "Ngày {day} nằm ngoài năm {year} và năm sau.",
    "dissolved_not_ended": (
        "Tổ chức không chấm dứt hoạt động trong năm {year} (theo danh mục: {span})."
    ),
    "founded_not_that_year": "Tổ chức không thành lập trong năm {year} (theo danh mục: {span}).",
    "status_no_result": (
        "Năm {year}, tổ chức chưa có dòng kết quả ở trang results: không biết số đảng viên chưa "
        "đánh giá để tách theo lý do."
    ),
    "members_reasons_vs_pending": (
        "Đảng viên chờ kết luận kiểm tra, kỷ luật ({paused}) cộng vắng mặt ({absent}) là {sum}, "
        "nhiều hơn số chưa đánh giá ({pending}) ở trang results."
    ),
    "deadline_before_review": (
        "Thời hạn {day} không sau năm kiểm điểm {year}: kế hoạch khắc phục được làm sau kiểm điểm."
    ),
    "report_quarter_not_ended": (
        "Quý {quarter}/{year} chưa kết thúc (đến hết ngày {end}): chỉ báo cáo quý đã qua."
    ),
    "report_before_plan": (
        "Kế hoạch khắc phục sau kiểm điểm năm {plan_year} được báo cáo từ quý 1/{next}; quý "
        "{quarter}/{year} ở trước đó."
    ),
    "report_item_unknown": (
        "Không có mục số {item} trong kế hoạch khắc phục năm {plan_year} của “{org}” (trang "
        "“{sheet}” hoặc dữ liệu đã có). {items}"
    ),
    "report_items_known": "Kế hoạch có các mục: {items}.",
    "report_no_plan": "Tổ chức không có kế hoạch khắc phục năm này.",
    "reported_on_early": "Ngày nhận báo cáo {day} trước khi quý {quarter}/{year} kết thúc.",
    # outcome
    "refused": "Không nhập: {n} lỗi. Dữ liệu không thay đổi.",
    "dry_run": "Chạy thử: chưa ghi gì vào cơ sở dữ liệu.",
    "no_changes": "Không có gì thay đổi: dữ liệu trong tệp đã có sẵn.",
    "done": "Đã nhập (lần nhập số {import_id}): {summary}.",
    "diff_summary": "{table}: thêm {added}, sửa {changed}, giữ nguyên {unchanged}",
    "diff_line_added": "  + {table} {key}",
    "diff_line_changed": "  ~ {table} {key}: {changes}",
    "diff_change": "{column} {old} → {new}",
    "diff_more": "  … và {n} thay đổi khác",
    "warnings_heading": "Cảnh báo theo quy định (không chặn việc nhập):",
    "undo_none": "Không có lần nhập nào để hoàn tác.",
    "undo_not_last": (
        "Chỉ hoàn tác được lần nhập gần nhất còn hiệu lực (số {last}); lần nhập số {asked} {state}."
    ),
    "undo_state_undone": "đã được hoàn tác",
    "undo_state_older": "có lần nhập sau nó",
    "undo_state_missing": "không có",
    "undo_done": (
        "Đã hoàn tác lần nhập số {import_id} ({files}, lúc {at}): khôi phục {n} dòng như trước."
    ),
    "export_done": "Đã xuất dữ liệu {years} năm ra {path}.",
    "export_done_parts": (
        "Đã xuất dữ liệu ra {path}: {n} tệp Excel. {note} Nhập lại: chọn cả tệp nén; dữ liệu "
        "rất lớn thì nhập từng phần theo {readme} trong tệp nén."
    ),
    "export_in_parts": (
        "Dữ liệu quá lớn cho một tệp Excel nhập lại được ({reason}), nên được xuất thành nhiều "
        "tệp trong một tệp nén .zip: danh mục trước, rồi từng năm, mỗi tệp trong giới hạn của "
        "việc nhập."
    ),
    "export_parts_rows": "{sheets}, trong khi một trang tính nhập được tối đa {limit} dòng",
    "export_parts_bytes": (
        "khoảng {mb} MB khi giải nén, trong khi một tệp xuất ra giữ dưới {limit} MB"
    ),
    "export_wait": (
        "Tệp được tạo trên máy chủ rồi mới tải về: {rows} dòng, {time}. Giữ trang mở đến khi "
        "trình duyệt bắt đầu tải."
    ),
    "export_wait_seconds": "khoảng {n} giây",
    "export_wait_minutes": "khoảng {n} phút",
    "export_file": "du_lieu_xep_loai",
    "export_failed": "Không xuất được dữ liệu: {error}",
    "export_part_catalogue": "danh_muc_{n}.xlsx",
    "export_part_year": "nam_{year}_{n}.xlsx",
    "export_parts_readme_name": "DOC_TRUOC.txt",
    "export_parts_readme": (
        "DỮ LIỆU XẾP LOẠI CHẤT LƯỢNG, XUẤT THÀNH NHIỀU TỆP\n"
        "\n"
        "Mỗi tệp .xlsx là một tệp theo mẫu nhập, mỗi trang tính không quá giới hạn dòng của "
        "chương trình.\n"
        "\n"
        "Để nhập lại vào một cơ sở dữ liệu trống, chọn cả tệp .zip này (trang “Nhập dữ liệu”, "
        "hoặc lệnh `python -m xeploai import TEN_TEP.zip`): mọi tệp trong đó được kiểm tra và "
        "nhập trong một lần, đúng hết hoặc không nhập gì.\n"
        "\n"
        "Dữ liệu rất lớn (cả nước: hàng triệu dòng) cần nhiều bộ nhớ hơn máy chủ có thể dành "
        "cho một lần nhập. Khi đó, giải nén rồi nhập theo thứ tự:\n"
        "1. các tệp danh_muc_*.xlsx (danh mục tổ chức, lịch sử tổ chức, chỉ tiêu), chọn cùng "
        "lúc;\n"
        "2. từng năm, từ năm sớm nhất: các tệp nam_<năm>_*.xlsx của năm đó, chọn cùng lúc "
        "(kết quả, chi bộ trực thuộc, điểm, các bước xếp loại, tình trạng, kế hoạch khắc phục "
        "của năm đó và báo cáo của các kế hoạch ấy).\n"
    ),
    "export_too_large_sheet": "trang “{sheet}” có {n} dòng",
    "template_done": "Đã tạo tệp mẫu {path}.",
    "empty_value": "(trống)",
    # instructions sheet of the template
    "instructions_sheet": "Hướng dẫn",
    "example": "Ví dụ: {value}",
    "title": "Mẫu nhập",
    "lists_sheet": "Danh mục",
    "instructions": (
        "MẪU NHẬP KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG TỔ CHỨC ĐẢNG VÀ ĐẢNG VIÊN\n"
        "\n"
        "Tệp gồm các trang tính: organizations (danh mục tổ chức), lineage (lịch sử tổ chức, "
        "có thể bỏ trống), results (kết quả mỗi tổ chức cơ sở đảng mỗi năm), cell_results (kết "
        "quả từng chi bộ trực thuộc, có thể bỏ trống), scores (điểm theo Quy định 366-QĐ/TW, "
        "từ năm 2025, có thể bỏ trống), targets (chỉ tiêu nhiệm kỳ, có thể bỏ trống).\n"
        "Dòng 1 là tiêu đề cột: giữ nguyên (hoặc dùng tên khóa tiếng Anh như org_code); không "
        "phân biệt hoa thường, dấu và khoảng trắng. Cột không bắt buộc có thể xóa; số bỏ trống "
        "được hiểu là 0.\n"
        "organizations: mỗi tổ chức một dòng, mã tổ chức không trùng, ghi như hiện nay (tên, "
        "loại hình, cấp trên). Cấp ủy cấp trên (đảng bộ tỉnh, huyện, xã…) cũng là một dòng, "
        "không có lĩnh vực. Tổ chức cơ sở đảng ghi mã cấp ủy cấp trên trực tiếp (để trống: cấp "
        "ủy của cơ sở dữ liệu); chi bộ trực thuộc ghi mã đảng bộ cơ sở. Ngày thành lập, ngày "
        "chấm dứt hoạt động ghi ngày/tháng/năm, ví dụ 01/07/2025.\n"
        "lineage: mỗi sự kiện một dòng — Thành lập, Đổi tên, Sáp nhập vào, Tách ra từ, Chuyển "
        "nơi trực thuộc, Đổi loại hình, Giải thể — với ngày. Chuyển nơi trực thuộc ghi mã cấp "
        "trên trước và sau (ví dụ: 01/07/2025; Chuyển nơi trực thuộc; XBD-A1; ; XBD; XA_BADIEM); "
        "đổi loại hình ghi loại trước và sau (Chi bộ trực thuộc → Chi bộ cơ sở); sáp nhập ghi mã "
        "tổ chức nhận sáp nhập. Sự kiện cuối cùng phải dẫn đến giá trị trong danh mục; kết quả "
        "các năm trước giữ theo cấp trên và loại hình của năm đó.\n"
        "results: mỗi tổ chức cơ sở đảng mỗi năm một dòng. Bỏ trống xếp loại nếu tổ chức chưa "
        "được xếp loại (thành lập chưa đủ 6 tháng, tạm dừng chờ kết luận…). Tổng số đảng viên "
        "= số được đánh giá + "
        "miễn + đình chỉ + mới kết nạp chưa đủ 6 tháng + chưa đánh giá; số được đánh giá = "
        "tổng các mức HTXSNV, HTTNV, HTNV, KHTNV.\n"
        "Đến năm 2017 tổ chức xếp loại: Trong sạch, vững mạnh; Hoàn thành tốt nhiệm vụ; Hoàn "
        "thành nhiệm vụ; Yếu kém. Từ năm 2018: Hoàn thành xuất sắc / tốt / hoàn thành / không "
        "hoàn thành nhiệm vụ; danh hiệu “trong sạch, vững mạnh” ghi 1 ở cột riêng.\n"
        "Các cột “Chi bộ …” là số chi bộ trực thuộc của đảng bộ cơ sở theo mức; bỏ trống nếu "
        "có trang cell_results (khi đó số được tính từ cell_results).\n"
        "scores: mỗi tổ chức cơ sở đảng mỗi năm một dòng (quý để trống; có thể thêm dòng theo "
        "quý 1–4): điểm trên thang 100, hoàn thành 100% nhiệm vụ (có/không), tỷ lệ nhiệm vụ vượt "
        "yêu cầu (%), có tổ chức trực thuộc hoặc cán bộ lãnh đạo bị kỷ luật (có/không).\n"
        "targets: mỗi chỉ tiêu một dòng; mức chỉ tiêu là tỷ lệ phần trăm (ví dụ 90); mã cấp ủy "
        "để trống là chỉ tiêu của cấp ủy của cơ sở dữ liệu.\n"
        "steps (có thể bỏ trống): ba bước xếp loại tổ chức cơ sở đảng (Quy định 124-QĐ/TW, Điều "
        "11), mỗi tổ chức mỗi năm một dòng: mức tự đánh giá, mức ban tổ chức thẩm định, đề xuất, "
        "số và ngày quyết định; mức quyết định là mức ở trang results. Ví dụ: 2025; XBD-AP1; Hoàn "
        "thành xuất sắc nhiệm vụ; 91; Hoàn thành tốt nhiệm vụ; 86,5; 45-QĐ/ĐU; 26/12/2025. Bước "
        "nào chưa có thì để trống.\n"
        "statuses (có thể bỏ trống): vì sao tổ chức chưa được xếp loại — Chưa đánh giá; Tạm dừng, "
        "chờ kết luận kiểm tra; Tạm dừng, chờ xem xét kỷ luật (ghi văn bản, vụ việc và ngày); "
        "Thành lập chưa đủ 6 tháng; Phải đánh giá lại; Giải thể trong năm — hoặc Xếp loại muộn "
        "(xếp loại sau ngày 31/12, vẫn tính cho năm đánh giá; ghi ngày xếp loại). Hai cột đảng "
        "viên tách số “chưa đánh giá” ở trang results theo lý do (chờ kết luận kiểm tra, kỷ luật; "
        "vắng mặt); tổ chức đã xếp loại đúng hạn để trống cột tình trạng.\n"
        "remediation (có thể bỏ trống): kế hoạch khắc phục hạn chế, khuyết điểm sau kiểm điểm, "
        "mỗi mục một dòng: năm kiểm điểm, mã tổ chức, mục số, hạn chế, biện pháp, thời hạn. Ví "
        "dụ: 2025; XBD-AP1; 1; Sinh hoạt chi bộ chưa đều; Sinh hoạt định kỳ hằng tháng; "
        "30/06/2026.\n"
        "reports (có thể bỏ trống): báo cáo khắc phục hằng quý, mỗi mục của kế hoạch một dòng: "
        "năm và quý báo cáo (quý đã kết thúc), năm kiểm điểm, mã tổ chức, mục số, tình trạng (Chưa "
        "thực hiện; Đang thực hiện; Đã khắc phục), kết quả thực hiện, đánh giá của ban tổ chức, "
        "ngày nhận báo cáo. Ví dụ: 2026; 2; 2025; XBD-AP1; 1; Đang thực hiện; Đã sinh hoạt đủ 3 "
        "kỳ; Đạt yêu cầu; 08/07/2026.\n"
        "Nhập lại cùng một tệp không làm thay đổi gì. Tệp có lỗi sẽ không được nhập phần nào; "
        "mọi lỗi được liệt kê kèm trang tính, dòng và cột. Mỗi lần nhập có thể hoàn tác."
    ),
}

IMPORT_TABLE_LABELS: dict[str, str] = {
    "organizations": "Tổ chức",
    "lineage_events": "Lịch sử tổ chức",
    "org_results": "Kết quả TCCSĐ",
    "cell_results": "Kết quả chi bộ trực thuộc",
    "org_scores": "Điểm đánh giá",
    "targets": "Chỉ tiêu",
    "org_steps": "Ba bước xếp loại",
    "org_statuses": "Tình trạng đánh giá",
    "remediation_items": "Kế hoạch khắc phục",
    "remediation_reports": "Báo cáo khắc phục quý",
}

IMPORT_PAGE: dict[str, str] = {
    "title": "Nhập dữ liệu",
    "intro": (
        "Tải lên bảng tính .xlsx theo mẫu (hoặc các tệp .csv, mỗi tệp một trang tính; hoặc một "
        "tệp nén .zip của các tệp ấy). Tệp được kiểm tra toàn bộ trước khi ghi; nếu có lỗi, "
        "không dòng nào được nhập."
    ),
    "upload": "Chọn tệp .xlsx, .csv hoặc tệp nén .zip chứa các tệp ấy",
    # Streamlit 1.67 writes its uploader's button and limit in English and lets no app change
    # them; the page covers them with these (``ui.render.uploader_in_vietnamese``).
    "upload_button": "Chọn tệp",
    "upload_limit": (
        "Kéo thả tệp vào đây; tệp .xlsx, .csv tối đa {file_mb} MB, tệp nén .zip tối đa {mb} MB"
    ),
    "template": "Tải tệp mẫu (.xlsx)",
    "download_data": "Tải toàn bộ dữ liệu hiện có (.xlsx)",
    "download_data_parts": "Tải toàn bộ dữ liệu hiện có (.zip, nhiều tệp Excel)",
    "parts_back": "Trang này nhập lại được cả tệp nén, nếu nó không quá {mb} MB.",
    "errors_heading": "Tệp có {n} lỗi, chưa nhập gì",
    "preview_heading": "Xem trước thay đổi",
    "changes_cut": (
        "Bảng liệt kê {shown} trong số {rows} thay đổi: tối đa {each} thay đổi đầu tiên của mỗi "
        "bảng dữ liệu; tệp tải về gồm đủ {rows} thay đổi."
    ),
    "changes_file": "thay-doi-se-nhap",
    "changes_sheet": "Thay đổi",
    "problems_file": "loi-trong-tep-nhap",
    "problems_sheet": "Lỗi",
    "warnings_file": "canh-bao-theo-quy-dinh",
    "warnings_sheet": "Cảnh báo",
    "commit": "Ghi vào cơ sở dữ liệu",
    "success": "Đã nhập xong (lần nhập số {import_id}).",
    "no_changes": "Không có gì thay đổi: dữ liệu trong tệp đã có sẵn.",
    "undo_heading": "Hoàn tác",
    "undo_last": "Hoàn tác lần nhập số {import_id} ({files}, {at})",
    "undo_none": "Chưa có lần nhập nào có thể hoàn tác.",
    "undo_done": "Đã hoàn tác lần nhập số {import_id}.",
    "history_heading": "Lịch sử nhập",
    "warnings_heading": "Cảnh báo theo quy định ({n}) — không chặn việc nhập",
    "col_file": "Tệp",
    "col_sheet": "Trang tính",
    "col_row": "Dòng",
    "col_column": "Cột",
    "col_value": "Giá trị",
    "col_problem": "Lỗi",
    "col_expected": "Cần",
    "col_table": "Bảng",
    "col_key": "Khóa",
    "col_change": "Thay đổi",
    "col_kind": "Loại",
    "kind_added": "Thêm mới",
    "kind_changed": "Sửa",
    "col_import_id": "Số",
    "col_at": "Thời điểm",
    "col_user": "Người nhập",
    "col_counts": "Thay đổi",
    "col_undone": "Hoàn tác lúc",
    "locked": ("Cơ sở dữ liệu đang được một chương trình khác ghi; hãy thử lại sau ít phút."),
}

RULES_PAGE: dict[str, str] = {
    "years": "Áp dụng",
    "years_from": "từ năm {first}",
    "years_span": "{first}–{last}",
    "title": "Kiểm tra quy tắc",
    "intro": (
        "Các quy định xếp loại được kiểm tra trên số liệu đã nhập. Vi phạm là điều cần xem "
        "lại, không phải lỗi nhập liệu: số liệu là kết quả cấp ủy đã quyết định."
    ),
    "findings_heading": "Phát hiện năm {year}: {n}",
    "none": "Không có phát hiện nào trong năm {year}.",
    "rule_ok": "Không có vi phạm.",
    "rule_count": "{n} phát hiện",
    "not_applicable": "Không áp dụng cho năm {year}.",
    "unchecked_heading": "Quy định không kiểm tra được từ số liệu tổng hợp",
    "source": "Nguồn",
    "kind": "Loại quy định",
    "settings_heading": "Tham số đang dùng",
    "col_rule": "Quy định",
    "col_org": "Tổ chức",
    "col_message": "Nội dung",
    "col_why": "Lý do",
    "value": "Giá trị",
    "yes": "có",
    "no": "không",
    "default_value": "{value} (mặc định)",
}

RULE_KIND_LABELS: dict[str, str] = {
    "cap": "Mức trần",
    "prerequisite": "Điều kiện",
    "forced level": "Mức bắt buộc",
    "consistency": "Khớp số học",
    "local": "Quy định địa phương",
}

RULE_SETTING_LABELS: dict[str, str] = {
    "excellent_cap_ratio": "Tỷ lệ trần HTXSNV so với mẫu số",
    "excellent_cap_includes_excellent": "Mẫu số gồm cả HTXSNV (“HTTNV trở lên”)",
    "org_cap_group_by": "Nhóm “tổ chức cùng vai trò” theo",
    "role_groups": "Các nhóm có vai trò tương đồng (khu vực của mỗi nhóm)",
    "prerequisite_good_share": "Tỷ lệ tối thiểu HTTNV trở lên để được HTXSNV",
    "score_exceeded_share": (
        "Theo QĐ 366-QĐ/TW: tỷ lệ tối thiểu nhiệm vụ hoàn thành vượt yêu cầu để được HTXSNV"
    ),
    "old_weak_cells_fraction": (
        "Theo Hướng dẫn 27-HD/BTCTW (đến 2017): tỷ lệ chi bộ yếu kém buộc đảng bộ yếu kém"
    ),
    "old_weak_members_fraction": (
        "Theo Hướng dẫn 27-HD/BTCTW (đến 2017): tỷ lệ đảng viên KHTNV buộc chi bộ yếu kém"
    ),
    "practice_excludes_suspended_and_new": (
        "Trước 2019, thực tiễn địa phương không đánh giá đảng viên bị đình chỉ sinh hoạt và "
        "đảng viên mới kết nạp chưa đủ 6 tháng"
    ),
}


AUTH: dict[str, str] = {
    "admin_off_name": "Quản trị (không đăng nhập)",
    "bad_username": (
        "Tên đăng nhập “{name}” không hợp lệ: 2–32 ký tự, chữ thường không dấu, số, dấu chấm, "
        "gạch dưới hoặc gạch ngang, bắt đầu bằng chữ hoặc số."
    ),
    "bad_role": "Vai trò “{role}” không có. Chọn một trong: {roles}.",
    "weak_password": "Mật khẩu phải có ít nhất {n} ký tự.",
    "password_too_long": (
        "Mật khẩu quá {n} byte (chữ có dấu tính 2–3 byte mỗi chữ): hãy chọn mật khẩu ngắn hơn."
    ),
    "password_blank": "Mật khẩu không được để trống hoặc chỉ có dấu cách.",
    "password_one_char": "Mật khẩu không được chỉ gồm một ký tự lặp lại.",
    "password_is_username": "Mật khẩu không được trùng tên đăng nhập.",
    "password_common": (
        "Mật khẩu này quá phổ biến, ai dò mật khẩu cũng thử trước. Hãy chọn mật khẩu khác, "
        "ví dụ một câu ngắn dễ nhớ."
    ),
    "user_exists": "Người dùng “{name}” đã có.",
    "no_user": "Không có người dùng “{name}”.",
    "scope_viewer_only": (
        "Chỉ tài khoản vai trò viewer (lãnh đạo — chỉ xem) mới giới hạn được theo tổ chức "
        "(--org). Vai trò {role} nhập và hoàn tác số liệu của cả cơ sở dữ liệu, nên không giới "
        "hạn được: bỏ --org, hoặc tạo tài khoản viewer cho người chỉ xem tổ chức của mình."
    ),
    "unknown_orgs": "Không có tổ chức cơ sở đảng mã: {codes}.",
    "password_prompt": "Mật khẩu: ",
    "password_again": "Nhập lại mật khẩu: ",
    "password_mismatch": "Hai lần nhập mật khẩu không khớp.",
    "user_added": "Đã thêm người dùng {name} ({role}{scope}).",
    "scope": ", chỉ xem: {orgs}",
    "user_removed": "Đã xóa người dùng {name}.",
    "password_changed": "Đã đổi mật khẩu của {name}.",
    "no_users": "Chưa có người dùng nào.",
    "login_title": "Đăng nhập",
    "username": "Tên đăng nhập",
    "password": "Mật khẩu",
    "login_button": "Đăng nhập",
    "logout": "Đăng xuất",
    "login_failed": "Tên đăng nhập hoặc mật khẩu không đúng.",
    "session_ended": "Phiên đăng nhập đã hết hạn hoặc đã kết thúc. Hãy đăng nhập lại.",
    "cross_site": (
        "Yêu cầu bị từ chối: biểu mẫu đăng nhập, đăng xuất phải gửi từ chính trang của ứng dụng."
    ),
    "locked": (
        "Máy này đã đăng nhập sai nhiều lần liền: hãy đợi một lúc (tối đa {minutes} phút) rồi "
        "thử lại. Không tài khoản nào bị khóa; quản trị viên có thể cho thử lại ngay bằng lệnh "
        "`python -m xeploai users unlock`."
    ),
    "throttled_source": "{source}: {failures} lần đăng nhập sai, còn phải đợi {seconds} giây",
    "unknown_source": "(không rõ địa chỉ)",
    "unlocked": "Đã cho {n} địa chỉ đăng nhập lại ngay.",
    "nothing_throttled": "Không có địa chỉ nào đang phải đợi vì đăng nhập sai.",
    "no_users_yet": (
        "Cơ sở dữ liệu này chưa có người dùng. Quản trị viên tạo tài khoản đầu tiên bằng lệnh: "
        "`python -m xeploai users add TEN --role admin`."
    ),
    "demo_accounts": (
        "Đang bật các tài khoản minh họa (lanhdao, bantochuc, quantri — mật khẩu “demo”). "
        "Khi dùng thật, hãy đổi mật khẩu hoặc xóa các tài khoản này."
    ),
    "auth_off": (
        "ĐANG TẮT ĐĂNG NHẬP (XEPLOAI_AUTH=off): mọi người truy cập được đều có quyền quản trị. "
        "Chỉ dùng trên máy của riêng mình."
    ),
    "signed_in_as": "Đăng nhập: **{name}** ({role})",
    "forbidden": "Tài khoản của bạn không có quyền xem trang này.",
}

ROLE_LABELS: dict[str, str] = {
    "viewer": "lãnh đạo — chỉ xem",
    "editor": "ban tổ chức — nhập và kiểm tra",
    "admin": "quản trị",
}


ADMIN: dict[str, str] = {
    "title": "Quản trị",
    "users": "Người dùng",
    "users_hint": (
        "Thêm, xóa, đổi mật khẩu bằng dòng lệnh: `python -m xeploai users add|remove|passwd`."
    ),
    "audit": "Nhật ký truy cập và thao tác",
    "filter_user": "Người dùng",
    "filter_action": "Thao tác",
    "filter_since": "Từ ngày",
    "all": "Tất cả",
    "all_orgs": "Tất cả tổ chức",
    "no_rows": "Không có dòng nhật ký nào khớp bộ lọc.",
    "col_user": "Tên đăng nhập",
    "col_name": "Họ tên",
    "col_role": "Vai trò",
    "col_scope": "Phạm vi xem",
    "col_time": "Thời điểm (UTC)",
    "col_action": "Thao tác",
    "col_result": "Kết quả",
    "col_detail": "Chi tiết",
    "ok": "Thành công",
    "failed": "Không thành công",
    "page": "Quản trị",
}

AUDIT_ACTIONS: dict[str, str] = {
    "login": "Đăng nhập",
    "logout": "Đăng xuất",
    "import": "Nhập dữ liệu",
    "undo": "Hoàn tác lần nhập",
    "export": "Xuất báo cáo",
    "form": "Ghi biểu mẫu (báo cáo quý, tình trạng)",
    "user_add": "Thêm người dùng",
    "user_remove": "Xóa người dùng",
    "user_passwd": "Đổi mật khẩu",
    "backup": "Sao lưu",
    "restore": "Khôi phục",
    "login_unlock": "Cho thử đăng nhập lại",
}


# --- analysis pages (issue 3): shared filters, links, and the five pages ---------------------

VIEW_NOTICES: dict[str, str] = {
    "unknown_param": "Tham số “{param}={value}” trong đường dẫn không hợp lệ (không hỗ trợ); "
    "đã bỏ qua.",
    "many_years": "Tham số “{param}={value}” không hợp lệ: chỉ nhận một năm; đã bỏ qua.",
    "not_a_year": "Tham số “{param}={value}” không hợp lệ: không phải là một năm; đã bỏ qua.",
    "year_without_data": "Tham số “{param}={value}” không hợp lệ: năm {value} không có số liệu; "
    "đã bỏ qua.",
    "reversed_range": "Khoảng năm trong đường dẫn không hợp lệ ({value}); đang hiển thị mọi năm.",
    "unknown_sector": "Tham số “{param}={value}” không hợp lệ: không có khối/lĩnh vực mã này; "
    "đã bỏ qua.",
    "unknown_type": "Tham số “{param}={value}” không hợp lệ: không có loại tổ chức mã này; "
    "đã bỏ qua.",
    "unknown_org": "Tham số “{param}={value}” không hợp lệ: không có tổ chức cơ sở đảng mã này; "
    "đã bỏ qua.",
    "unknown_scope": "Tham số “{param}={value}” không hợp lệ: không có cấp ủy mã này; đã bỏ qua.",
    "many_scopes": "Tham số “{param}={value}” không hợp lệ: chỉ chọn một cấp ủy; đã bỏ qua.",
    "unknown_level": "Tham số “{param}={value}” không hợp lệ: không có mức xếp loại mã này; "
    "đã bỏ qua.",
    "bad_threshold": "Tham số “{param}={value}” không hợp lệ: cần dạng chỉ-số:below|at_least:"
    "số phần trăm, ví dụ exempt_pct:at_least:10; đã bỏ qua.",
    "unknown_target": "Tham số “{param}={value}” không hợp lệ: không có chỉ tiêu này; đã bỏ qua.",
    "unknown_subject": "Tham số “{param}={value}” không hợp lệ: chỉ nhận base_orgs, "
    "subordinate_cells hoặc members; đã bỏ qua.",
    "bad_slide": "Tham số “{param}={value}” không hợp lệ: cần số thứ tự trang chiếu; đã bỏ qua.",
    "target_not_in_year": "Năm {year} không có chỉ tiêu “{value}” trong đường dẫn; đang hiện "
    "chỉ tiêu đầu tiên.",
    "slide_out_of_range": "Tham số “slide={value}” không hợp lệ: bộ trình chiếu có {total} "
    "trang; đang hiện toàn bộ.",
}

ANALYSIS: dict[str, str] = {
    "scores_heading": "Điểm đánh giá theo Quy định 366-QĐ/TW",
    "score_bands": "Từ 90 điểm (xuất sắc)|70 đến dưới 90 (tốt)|50 đến dưới 70 (hoàn thành)|"
    "Dưới 50 (không hoàn thành)",
    "score_above_band_hover": "xếp loại cao hơn khung điểm: %{customdata}",
    "scores_title": (
        "Năm {year}: {n} tổ chức có điểm, điểm bình quân {mean}; {above} tổ chức xếp loại cao "
        "hơn khung điểm"
    ),
    "scores_note": (
        "Khung điểm là điều kiện cần, chưa đủ: tổ chức có thể xếp loại thấp hơn khung điểm, "
        "không được cao hơn."
    ),
    "h_band": "Khung điểm",
    "h_scored": "Số tổ chức",
    "h_same": "Xếp loại đúng khung",
    "h_above": "Cao hơn khung",
    "h_below": "Thấp hơn khung",
    "h_mean_score": "Điểm bình quân",
    "org_history_heading": "Lịch sử tổ chức",
    "org_history_note": (
        "Tổ chức qua từng năm (theo ngày 31/12): loại hình, cấp trên trực tiếp, tên và mức xếp "
        "loại — cả những năm còn là chi bộ trực thuộc."
    ),
    "h_parent": "Cấp trên trực tiếp",
    "h_day": "Ngày",
    "h_event": "Sự kiện",
    "h_related": "Tổ chức liên quan",
    "h_before": "Trước",
    "h_after": "Sau",
    "h_decision": "Văn bản",
    "h_orgs_good_pct": "Tổ chức cơ sở đảng HTT trở lên (%)",
    "h_members_good_pct_short": "Đảng viên HTT trở lên (%)",
    "h_good": "HTT trở lên",
    # navigation and shared filters
    "page_trends": "Xu hướng chất lượng",
    "page_targets": "Chỉ tiêu và thực hiện",
    "page_exemptions": "Miễn sinh hoạt",
    "page_organization": "Tổ chức",
    "page_explorer": "Tra cứu",
    "span": "Giai đoạn",
    "from": "Từ năm",
    "to": "Đến năm",
    "sector": "Khối, lĩnh vực",
    "org_type": "Loại tổ chức",
    "orgs": "Tổ chức cơ sở đảng",
    "all": "Tất cả",
    "org_pick": "Tổ chức cơ sở đảng",
    "org_pick_placeholder": "Chọn một tổ chức…",
    # a catalogue too long to list whole: the picker lists what a search finds
    "org_find": "Tìm tổ chức (tên hoặc mã)",
    "org_find_placeholder": "Gõ vài chữ của tên hoặc mã…",
    "org_find_prompt": "Có hơn {n} tổ chức: gõ vài chữ của tên hoặc mã để chọn.",
    "org_find_more": "Hiện {shown} tổ chức đầu tiên khớp “{words}”; gõ thêm để thu hẹp.",
    "org_find_none": "Không có tổ chức nào khớp “{words}”.",
    "no_match": (
        "Không có tổ chức cơ sở đảng nào khớp bộ lọc đã chọn trong giai đoạn {first}–{last}. "
        "Hãy bỏ bớt điều kiện lọc ở thanh bên."
    ),
    "click_filter": "Bấm vào một cột để lọc trang theo nhóm đó; bỏ lọc ở dòng “Đang lọc”.",
    "filtering": "Đang lọc:",
    "chip_orgs": "{n} tổ chức",
    "chip_threshold": "{measure} {op} {value}%",
    "chip_remove": "Bỏ điều kiện lọc này",
    "clear_all": "Bỏ tất cả",
    "op_sign_below": "<",
    "op_sign_at_least": "≥",
    "click_open": "Bấm vào một cột để mở trang của tổ chức đó.",
    "pp": "điểm phần trăm",
    "pull_axis": "Đóng góp vào chênh lệch (điểm %)",
    "filtered_note": (
        "Đang lọc: các con số chỉ tính trên những tổ chức khớp bộ lọc, còn chỉ tiêu là của "
        "toàn đảng bộ."
    ),
    # trends
    "trends_distribution": "Kết quả xếp loại qua các năm",
    "trends_good": "Tỷ lệ hoàn thành tốt nhiệm vụ trở lên",
    "trends_groups": "So sánh theo khối và theo loại tổ chức",
    "trends_changes": "Thay đổi so với năm trước",
    "dist_title": "{subject}: tỷ lệ hoàn thành tốt trở lên {word} từ {first} ({first_year}) "
    "đến {last} ({last_year})",
    "dist_title_one": "{subject} năm {year}: {good} hoàn thành tốt nhiệm vụ trở lên",
    "no_rated": "Không có {subject} nào được xếp loại trong phạm vi đã chọn.",
    "good_title": "Đảng viên hoàn thành tốt trở lên {word}: {first} ({first_year}) → {last} "
    "({last_year}); tổ chức cơ sở đảng: {orgs_first} → {orgs_last}",
    "group_title": "Năm {year}, đảng viên hoàn thành tốt trở lên theo {dimension}: cao nhất "
    "{best} ({best_value}), thấp nhất {worst} ({worst_value})",
    "group_title_one": "Năm {year}, đảng viên hoàn thành tốt trở lên ở {best}: {best_value}",
    "group_sized": "{name} ({orgs} TCCS, {members} đv)",
    "group_small": "{name} ({orgs} TCCS, {members} đv — quá ít để so sánh)",
    "group_small_note": (
        "Mỗi nhóm ghi số tổ chức cơ sở đảng (TCCS) và số đảng viên được đánh giá (đv). Nhóm "
        "dưới {n} đảng viên được đánh giá xếp cuối, màu nhạt, và không tính vào cao nhất/thấp "
        "nhất ở tiêu đề: một vài người đổi mức là tỷ lệ đổi hàng chục điểm."
    ),
    "spread_title": (
        "Đảng viên hoàn thành tốt trở lên theo {dimension}: chênh lệch giữa cao nhất và thấp "
        "nhất {word} từ {first} điểm phần trăm ({first_year}) {direction} {last} điểm phần "
        "trăm ({last_year})"
    ),
    "spread_title_none": "Đảng viên hoàn thành tốt trở lên theo {dimension} qua các năm",
    "narrower": "thu hẹp",
    "wider": "nới rộng",
    "same": "giữ nguyên",
    "down_to": "xuống",
    "up_to": "lên",
    "same_at": "ở mức",
    "dimension_sector": "khối",
    "dimension_org_type": "loại tổ chức",
    "change_title": "Đảng viên hoàn thành tốt trở lên: tăng mạnh nhất năm {up_year} ({up}), "
    "giảm mạnh nhất năm {down_year} ({down})",
    "change_title_flat": "Thay đổi tỷ lệ hoàn thành tốt trở lên so với năm trước",
    "change_break_note": (
        "Năm 2018 không so sánh tỷ lệ xuất sắc của tổ chức với năm 2017 vì đổi cách xếp loại."
    ),
    "up": "tăng",
    "down": "giảm",
    "flat": "không đổi",
    # targets
    "targets_table": "Các chỉ tiêu của nhiệm kỳ và kết quả từng năm",
    "targets_none": "Không có chỉ tiêu nào cho giai đoạn {first}–{last}.",
    "targets_year_none": "Năm {year} không có chỉ tiêu nào để phân tích.",
    "targets_trends": "Chỉ tiêu trên biểu đồ diễn biến",
    "targets_count": "Năm {year}: đạt {met}/{total} chỉ tiêu",
    "target_trend_title_missed": "{measure}: {subject} chưa đạt chỉ tiêu ở {missed}/{total} năm",
    "target_trend_title_met": "{measure}: đạt chỉ tiêu ở mọi năm ({total} năm)",
    "target_trend_changed": "(không tính {n} năm từ {year}: thước đo đổi nghĩa)",
    "h_meaning": "Thước đo",
    "meaning_same": "Như khi đặt chỉ tiêu",
    "meaning_changed": "Đổi nghĩa từ năm {year}",
    "gap_heading": "Tổ chức nào kéo kết quả xuống, và cần bao nhiêu để đạt",
    "gap_pick": "Chỉ tiêu",
    "gap_option": "{subject} — {measure} {direction} {target}",
    "gap_title_missed": (
        "Năm {year}, {what}: {actual}, chưa đạt chỉ tiêu {direction} {target} ({gap}); kéo "
        "xuống nhiều nhất: {worst} ({worst_pp})"
    ),
    "of_good": "(trong số hoàn thành tốt trở lên)",
    "tied_orgs": "{n} tổ chức cùng mức, mỗi tổ chức",
    "gap_title_met": "Năm {year}, {what}: {actual}, đạt chỉ tiêu {direction} {target} ({gap})",
    "takes_more": "Để đạt chỉ tiêu cần thêm {n} {unit} {level} (trên {whole} {unit} {basis}).",
    "takes_fewer": "Để đạt chỉ tiêu cần bớt {n} {unit} {level} (trên {whole} {unit} {basis}).",
    "takes_none": "Đã đạt chỉ tiêu; không cần thêm.",
    "unit_base_orgs": "tổ chức",
    "unit_subordinate_cells": "chi bộ",
    "unit_members": "đảng viên",
    "basis_rated": "được xếp loại",
    "basis_good": "hoàn thành tốt trở lên",
    "level_good_or_better_pct": "hoàn thành tốt nhiệm vụ trở lên",
    "level_excellent_pct": "hoàn thành xuất sắc nhiệm vụ",
    "level_not_completed_pct": "không hoàn thành nhiệm vụ / yếu kém",
    "level_clean_strong_pct": "trong sạch, vững mạnh",
    "level_excellent_of_good_pct": "hoàn thành xuất sắc nhiệm vụ",
    "actual_metric": "Thực hiện",
    "target_metric": "Chỉ tiêu",
    "gap_metric": "Chênh lệch",
    "takes_metric": "Cần thay đổi",
    "contribution": "Đóng góp (điểm phần trăm)",
    "units_needed": "Cần thêm/bớt để tự đạt",
    "part": "Số ở mức",
    "whole": "Số được tính",
    "term": "Nhiệm kỳ",
    "direction": "Yêu cầu",
    "source": "Căn cứ",
    # exemptions
    "exempt_trend_title": (
        "Đảng viên miễn sinh hoạt {word} từ {first} ({first_pct}) năm {first_year} lên "
        "{last} ({last_pct}) năm {last_year}"
    ),
    "exempt_trend_title_down": (
        "Đảng viên miễn sinh hoạt {word} từ {first} ({first_pct}) năm {first_year} xuống "
        "{last} ({last_pct}) năm {last_year}"
    ),
    "exempt_trend_title_one": "Năm {year}: {n} đảng viên miễn sinh hoạt ({pct} tổng số)",
    "exempt_top_title": (
        "Năm {year}: {org} có nhiều đảng viên miễn sinh hoạt nhất ({n}, {pct} đảng viên của "
        "tổ chức)"
    ),
    "exempt_top_none": "Năm {year} không có đảng viên miễn sinh hoạt trong phạm vi đã chọn.",
    "exempt_effect_title": (
        "Năm {year}, nếu tính cả đảng viên miễn sinh hoạt vào mẫu số, tỷ lệ hoàn thành tốt trở "
        "lên sẽ là {with_exempt} thay vì {official} ({effect})"
    ),
    "exempt_effect_note": (
        "Theo quy định, tỷ lệ xếp loại tính trên số đảng viên được đánh giá; đảng viên miễn "
        "sinh hoạt, đình chỉ sinh hoạt đảng và kết nạp chưa đủ 6 tháng không được xếp loại."
    ),
    "card_exempt": "Miễn sinh hoạt ({year})",
    "card_exempt_pct": "Tỷ lệ miễn ({year})",
    "card_suspended": "Đình chỉ ({year})",
    "card_new": "Mới kết nạp ({year})",
    "card_pending": "Chưa đánh giá ({year})",
    "card_evaluated": "Được đánh giá ({year})",
    "exempt_heading_orgs": "Các tổ chức có nhiều đảng viên miễn sinh hoạt",
    "exempt_heading_effect": "Tác động tới mẫu số của tỷ lệ xếp loại",
    "exempt_by_org_year": "Số đảng viên miễn sinh hoạt theo tổ chức và năm",
    "exempt_top_cut": (
        "Bảng dữ liệu dưới biểu đồ hiện {shown} tổ chức nhiều đảng viên miễn sinh hoạt nhất "
        "trong số {total}; bảng đầy đủ tải ở trang Tra cứu."
    ),
    "exempt_matrix_cut": (
        "Hiện {shown} trong {total} tổ chức (nhiều đảng viên miễn sinh hoạt nhất trước); "
        "bảng đầy đủ tải ở trang Tra cứu."
    ),
    "exempt_count": "Số đảng viên miễn sinh hoạt",
    "exempt_share": "Tỷ lệ trên tổng số đảng viên",
    "share_official": "Trên số được đánh giá (theo quy định)",
    "share_with_exempt": "Nếu tính cả đảng viên miễn sinh hoạt",
    "exempt_pct": "Tỷ lệ miễn (%)",
    "not_evaluated": "Không đánh giá",
    "effect": "Chênh lệch (điểm phần trăm)",
    # organization
    "org_pick_prompt": "Chọn một tổ chức cơ sở đảng để xem kết quả của tổ chức qua các năm.",
    "org_no_results": "{org} không có kết quả trong giai đoạn {first}–{last}.",
    "org_no_year": "{org} không có kết quả năm {year} (có số liệu các năm {years}); các biểu đồ "
    "dưới đây nói về năm gần nhất có số liệu.",
    "org_caption": "{org_type} · {sector}",
    "org_active": "Hoạt động từ năm {start} đến năm {end}",
    "org_active_from": "Hoạt động từ năm {start}",
    "org_active_to": "Hoạt động đến năm {end}",
    "org_successor": "Tổ chức kế thừa: {name}",
    "org_level_title": "{org}: {latest} năm {year}; {excellent}/{rated} năm hoàn thành xuất sắc "
    "hoặc trong sạch, vững mạnh",
    "org_level_title_unrated": "{org}: chưa được xếp loại năm {year}",
    "org_members_title": "Năm {year}: {good} đảng viên của tổ chức hoàn thành tốt trở lên "
    "(trung bình các tổ chức cơ sở đảng: {avg})",
    "org_cells_heading": "Chi bộ trực thuộc",
    "org_cells_summary": "Năm {year}: {good}/{rated} chi bộ trực thuộc hoàn thành tốt trở lên.",
    "org_no_cells": "Chi bộ cơ sở không có chi bộ trực thuộc.",
    "org_no_cell_results": "Không có kết quả từng chi bộ trực thuộc trong giai đoạn này.",
    "org_exempt_heading": "Miễn sinh hoạt và các trường hợp không đánh giá",
    "org_exempt_title": "{org}: tỷ lệ đảng viên miễn sinh hoạt năm {year} là {value} "
    "(trung bình tổ chức cơ sở đảng: {all}, cùng khối: {sector})",
    "org_findings_heading": "Phát hiện khi kiểm tra quy định",
    "org_no_findings": "Không có phát hiện nào về tổ chức này trong giai đoạn {first}–{last}.",
    "org_compare_heading": "So với trung bình các tổ chức cơ sở đảng",
    "org_compare_title": "{org}: đảng viên hoàn thành tốt trở lên năm {year} {relation} trung "
    "bình toàn đảng bộ ({value} so với {all}; cùng khối: {sector})",
    "higher": "cao hơn",
    "lower": "thấp hơn",
    "equal": "bằng",
    "org_avg_note": "Trung bình là trung bình cộng tỷ lệ của các tổ chức: mỗi tổ chức tính một "
    "lần, không phụ thuộc số đảng viên.",
    "this_org": "Tổ chức này",
    "all_avg": "Trung bình các TCCSĐ",
    "sector_avg": "Trung bình cùng khối",
    "rank_1": "Xuất sắc / TSVM",
    "rank_2": "Tốt",
    "rank_3": "Hoàn thành",
    "rank_4": "Không hoàn thành / yếu kém",
    "level_metric": "Xếp loại năm {year}",
    "rule": "Quy định",
    "message": "Nội dung",
    "cell": "Chi bộ",
    # explorer
    "explorer_levels": "Mức xếp loại của tổ chức",
    "explorer_threshold": "Lọc theo ngưỡng",
    "explorer_measure": "Chỉ số",
    "explorer_op": "Điều kiện",
    "explorer_value": "Ngưỡng (%)",
    "op_below": "dưới",
    "op_at_least": "từ … trở lên",
    "explorer_none": "Không có dòng nào thỏa các điều kiện đã chọn. Hãy nới ngưỡng hoặc bỏ bớt "
    "bộ lọc.",
    "explorer_count": "{rows} dòng · {orgs} tổ chức · {years} năm",
    "explorer_cut": (
        "Bảng hiển thị {shown} dòng đầu tiên (theo năm, mã tổ chức) trong số {rows} dòng; tổng "
        "cộng và tệp tải về gồm đủ {rows} dòng. Thu hẹp bộ lọc để xem và sắp xếp tất cả."
    ),
    "explorer_totals": "Tổng cộng (tỷ lệ tính lại từ các tổng)",
    "explorer_totals_years": (
        "Cộng {n} năm ({first}–{last}): mỗi số đảng viên là tổng của các năm — một đảng viên "
        "được đếm một lần mỗi năm, nên đây không phải số người; tỷ lệ tính lại từ các tổng."
    ),
    "total_row": "Tổng cộng",
    "total_row_years": "Cộng {n} năm",
    "download_csv": "Tải về CSV",
    "download_xlsx": "Tải về Excel",
    "explorer_sheet": "Tra cứu",
    "measure_members_good_pct": "Tỷ lệ đảng viên hoàn thành tốt trở lên",
    "measure_members_excellent_pct": "Tỷ lệ đảng viên hoàn thành xuất sắc",
    "measure_members_not_completed_pct": "Tỷ lệ đảng viên không hoàn thành nhiệm vụ",
    "measure_exempt_pct": "Tỷ lệ đảng viên miễn sinh hoạt",
    "measure_cells_good_pct": "Tỷ lệ chi bộ trực thuộc hoàn thành tốt trở lên",
    # table headers
    "h_year": "Năm",
    "h_org_code": "Mã",
    "h_org_name": "Tổ chức",
    "h_org_type": "Loại",
    "h_sector": "Khối",
    "h_org_level": "Xếp loại",
    "h_score": "Điểm (Quy định 366)",
    "h_clean_strong": "Trong sạch, vững mạnh",
    "h_members_total": "Tổng số đảng viên",
    "h_members_exempt": "Miễn sinh hoạt",
    "h_exempt_pct": "Tỷ lệ miễn (%)",
    "h_members_suspended": "Đình chỉ",
    "h_members_new": "Mới kết nạp",
    "h_members_pending": "Chưa đánh giá",
    "h_members_evaluated": "Được đánh giá",
    "h_members_htxsnv": "HTXSNV",
    "h_members_httnv": "HTTNV",
    "h_members_htnv": "HTNV",
    "h_members_khtnv": "KHTNV",
    "h_members_good_pct": "HTT trở lên (%)",
    "h_members_excellent_pct": "HTXS (%)",
    "h_members_not_completed_pct": "KHTNV (%)",
    "h_cells_rated": "Chi bộ được xếp loại",
    "h_cells_good": "Chi bộ HTT trở lên",
    "h_cells_good_pct": "Chi bộ HTT trở lên (%)",
    "yes": "Có",
    "no": "Không",
}


# --- the evaluation as it is worked (issue 12): appraisal, the unrated, remediation, attention

WORKFLOW: dict[str, str] = {
    # the page "Quy trình đánh giá"
    "page_title": "Quy trình đánh giá",
    "intro": (
        "Ba bước xếp loại tổ chức cơ sở đảng (Quy định 124-QĐ/TW, Điều 11): tổ chức tự đánh "
        "giá, ban tổ chức cấp ủy cấp trên thẩm định, đề xuất, ban thường vụ quyết định. Trang "
        "này cho thấy thẩm định đã thay đổi mức tự đánh giá ở đâu, và vì sao tổ chức, đảng viên "
        "chưa được đánh giá."
    ),
    "regime_note": (
        "Năm {year} áp dụng {texts}: ba bước là quy định (từ đánh giá năm 2023, Quy định "
        "124-QĐ/TW). Trước năm 2023, số liệu các bước (nếu có) là theo thực tiễn của địa "
        "phương."
    ),
    "regime_note_before": (
        "Năm {year} chưa áp dụng Quy định 124-QĐ/TW: số liệu các bước (nếu có) là theo thực "
        "tiễn của địa phương."
    ),
    "no_steps": (
        "Chưa có số liệu tự đánh giá, thẩm định trong giai đoạn {first}–{last}. Nhập ở trang "
        "tính “Ba bước xếp loại” của mẫu nhập."
    ),
    "heading_appraisal": "Thẩm định thay đổi mức tự đánh giá",
    "h_steps": "Tự đánh giá, thẩm định và quyết định",
    "h_statuses": "Tình trạng đánh giá",
    "heading_changes": "Các tổ chức được thẩm định thay đổi mức năm {year}",
    "heading_sectors_years": (
        "Tỷ lệ bị hạ mức khi thẩm định theo khối, qua các năm (%; để trống khi khối có dưới "
        "{min} tổ chức)"
    ),
    "heading_unrated": "Tổ chức chưa được xếp loại năm {year}",
    "listed_cut": (
        "Bảng hiển thị {shown} tổ chức đầu tiên trong số {rows}; tệp tải về gồm đủ {rows} tổ "
        "chức. Chọn cấp ủy, khối hoặc loại hình để thu hẹp."
    ),
    "changes_file": "to-chuc-tham-dinh-thay-doi-muc-{year}",
    "changes_sheet": "Thẩm định thay đổi mức",
    "unrated_file": "to-chuc-chua-xep-loai-{year}",
    "unrated_sheet": "Chưa xếp loại",
    "heading_members": "Đảng viên không được đánh giá năm {year}, theo lý do",
    "card_compared": "Tổ chức có đủ tự đánh giá và thẩm định",
    "card_compared_help": "{rated} tổ chức được xếp loại; {missing} chưa ghi đủ hai bước",
    "card_down": "Thẩm định hạ mức",
    "card_up": "Thẩm định nâng mức",
    "card_decision": "Quyết định khác đề xuất",
    "card_unrated": "Chưa xếp loại",
    "card_rated_late": "Xếp loại muộn (tháng 1 năm sau)",
    "card_dissolved": "Giải thể trong năm",
    "years_title": (
        "Thẩm định hạ mức tự đánh giá của {down}/{compared} tổ chức năm {year} ({pct}); "
        "{first}–{last}: {total_down}/{total_compared}"
    ),
    "years_title_none": "Thẩm định và tự đánh giá qua các năm",
    "sectors_title": (
        "Năm {year}, tự đánh giá cao hơn mức thẩm định nhiều nhất ở khối {sector}: "
        "{down}/{compared} tổ chức ({pct}, chung {overall})"
    ),
    "sectors_title_none": "Năm {year}: tỷ lệ bị hạ mức khi thẩm định theo khối",
    "finding": ("Năm {year}, thẩm định hạ mức tự đánh giá của {down}/{compared} tổ chức ({pct})."),
    "finding_sector": (
        " Tự đánh giá cao hơn mức thẩm định nhiều nhất ở khối {sector}: {sdown}/{scompared} "
        "tổ chức ({spct})."
    ),
    "finding_decision": " Ban thường vụ quyết định khác đề xuất của ban tổ chức ở {n} tổ chức.",
    "finding_none": "Năm {year}, thẩm định giữ nguyên mức tự đánh giá của cả {compared} tổ chức.",
    "kept": "Giữ nguyên",
    "moved_down": "Hạ mức",
    "moved_up": "Nâng mức",
    "down_share": "hạ {pct}",
    "of": "{part}/{whole}",
    "axis_orgs": "Số tổ chức",
    "axis_items": "Số mục khắc phục",
    "overdue_mark": "⚠ ",
    "h_year": "Năm",
    "h_org": "Tổ chức",
    "h_sector": "Khối",
    "h_self": "Tự đánh giá",
    "h_appraised": "Thẩm định, đề xuất",
    "h_decided": "Quyết định",
    "h_self_score": "Điểm tự chấm",
    "h_appraised_score": "Điểm thẩm định",
    "h_decision": "Số, ngày quyết định",
    "h_change": "Thẩm định",
    "h_compared": "Số tổ chức",
    "h_down": "Hạ mức",
    "h_up": "Nâng mức",
    "h_down_pct": "Tỷ lệ hạ mức (%)",
    "h_decision_differs": "Quyết định khác đề xuất",
    "h_reason": "Lý do",
    "h_reference": "Văn bản, vụ việc",
    "h_date": "Ngày",
    "h_status": "Tình trạng",
    "h_members_paused": "ĐV chờ kết luận",
    "h_members_absent": "ĐV vắng mặt",
    "h_members": "Số đảng viên",
    "decision": "{no}, ngày {day}",
    "change_down": "hạ mức",
    "change_up": "nâng mức",
    "change_same": "giữ nguyên",
    "not_rated": "Chưa xếp loại",
    "none_unrated": "Năm {year}, mọi tổ chức cơ sở đảng đều được xếp loại.",
    "unrated_title": "Năm {year}: {n} tổ chức chưa được xếp loại — {reasons}",
    "dissolved_note": "Ngoài ra, {n} tổ chức giải thể trong năm không xếp loại: {orgs}.",
    "late_note": "Xếp loại muộn, vẫn tính cho năm {year}: {orgs}.",
    "members_total_row": "Không được đánh giá",
    "members_exempt": "Miễn công tác và sinh hoạt đảng",
    "members_suspended": "Đình chỉ sinh hoạt đảng",
    "members_new": "Kết nạp chưa đủ 6 tháng",
    "members_pending": "Chưa đánh giá",
    "members_pending_of": "— {reason}",
}

REMEDIATION: dict[str, str] = {
    "page_title": "Khắc phục hạn chế",
    "intro": (
        "Kế hoạch khắc phục hạn chế, khuyết điểm sau kiểm điểm và báo cáo hằng quý của các tổ "
        "chức cơ sở đảng. Tính đến ngày {day}: đang là {quarter}; báo cáo {report_quarter} hạn "
        "nộp ngày {due}."
    ),
    "none": "Chưa có kế hoạch khắc phục nào của các tổ chức trong phạm vi này.",
    "card_plans": "Kế hoạch còn mục chưa khắc phục",
    "card_plans_help": "{items} mục chưa khắc phục",
    "card_overdue": "Mục quá hạn",
    "card_overdue_help": "ở {orgs} tổ chức",
    "card_due": "Đến hạn trong {quarter}",
    "card_reported": "Đã báo cáo {quarter}",
    "card_reported_help": "{expected} tổ chức phải báo cáo; hạn nộp {due}",
    "card_late": "Báo cáo muộn",
    "card_missing": "Chưa báo cáo",
    "heading_overdue": "Quá hạn",
    "heading_due": "Đến hạn trong {quarter}",
    "heading_reporting": "Báo cáo {quarter}",
    "heading_progress": "Tiến độ theo tổ chức",
    "heading_forms": "Ghi nhận (ban tổ chức)",
    "progress_title": ("{done}/{items} mục đã khắc phục; {overdue} tổ chức có mục quá hạn (⚠)"),
    "progress_cut": (
        ". Biểu đồ: {shown} kế hoạch khắc phục được ít nhất trong {plans}; số liệu của biểu đồ có "
        "đủ"
    ),
    "no_overdue": "Không có mục nào quá hạn.",
    "no_due": "Không có mục nào đến hạn trong {quarter}.",
    "no_reporting": "Không có tổ chức nào phải báo cáo {quarter}.",
    "listed_cut": UI["rows_cut"] + " Chọn cấp ủy ở thanh bên để thu hẹp.",
    "overdue_file": "muc-qua-han-{day}",
    "overdue_sheet": "Quá hạn",
    "due_file": "muc-den-han-{day}",
    "due_sheet": "Đến hạn trong quý",
    "reporting_file": "bao-cao-quy-{day}",
    "reporting_sheet": "Báo cáo quý",
    "h_org": "Tổ chức",
    "h_plan_year": "Năm kiểm điểm",
    "h_item": "Mục",
    "h_shortcoming": "Hạn chế, khuyết điểm",
    "h_remedy": "Biện pháp",
    "h_deadline": "Thời hạn",
    "h_days_late": "Quá hạn (ngày)",
    "h_state": "Tình trạng",
    "h_last": "Báo cáo gần nhất",
    "h_done_text": "Kết quả thực hiện",
    "h_assessment": "Đánh giá của ban tổ chức",
    "h_quarter": "Quý",
    "h_reported": "Đã báo cáo",
    "h_reported_on": "Ngày nhận",
    "h_on_time": "Đúng hạn",
    "h_items": "Số mục",
    "h_done": "Đã khắc phục",
    "h_in_progress": "Đang thực hiện",
    "h_not_started": "Chưa thực hiện",
    "h_overdue": "Quá hạn",
    "h_done_pct": "Tỷ lệ đã khắc phục (%)",
    "quarter": "quý {quarter}/{year}",
    "yes": "Có",
    "no": "Chưa",
    "late": "Muộn",
    "on_time": "Đúng hạn",
    "not_expected": "Không bắt buộc",
    "never": "—",
    # the organization's page
    "org_heading": "Khắc phục hạn chế, khuyết điểm",
    "org_none": "Tổ chức không có kế hoạch khắc phục.",
    "org_plan": ("Kế hoạch sau kiểm điểm năm {year}: {done}/{items} mục đã khắc phục{overdue}."),
    "org_overdue": ", {n} mục quá hạn",
    "org_reports": "Báo cáo hằng quý",
}

FORMS: dict[str, str] = {
    "report_heading": "Ghi báo cáo khắc phục quý",
    "report_help": (
        "Chọn tổ chức và quý (quý đã kết thúc), ghi tình trạng từng mục của kế hoạch. Báo cáo "
        "được kiểm tra như một lần nhập dữ liệu, ghi vào nhật ký và có thể hoàn tác."
    ),
    "org": "Tổ chức",
    "plan": "Kế hoạch",
    "plan_option": "{org} — sau kiểm điểm năm {year}",
    "plan_find_first": (
        "Hiện {n} kế hoạch đầu tiên trong số {plans} (còn mục quá hạn trước); gõ vài chữ của "
        "tên hoặc mã tổ chức để tìm kế hoạch khác."
    ),
    "plan_find_more": "Hiện {shown} kế hoạch đầu tiên khớp “{words}”; gõ thêm để thu hẹp.",
    "report_year": "Năm báo cáo",
    "report_quarter": "Quý báo cáo",
    "item_label": "Mục {no}: {shortcoming}",
    "item_deadline": "Thời hạn {deadline}; tình trạng hiện tại: {state}",
    "item_status": "Tình trạng mục {no}",
    "done_text": "Kết quả thực hiện (mục {no})",
    "assessment": "Đánh giá của ban tổ chức (mục {no})",
    "reported_on": "Ngày nhận báo cáo",
    "submit_report": "Ghi báo cáo",
    "report_file": "Biểu mẫu báo cáo quý {quarter}-{year} ({org}).xlsx",
    "status_heading": "Ghi tình trạng đánh giá",
    "status_help": (
        "Vì sao tổ chức chưa được xếp loại (hoặc đã xếp loại muộn), và số đảng viên chưa đánh "
        "giá theo lý do. Được kiểm tra như một lần nhập dữ liệu, ghi vào nhật ký và có thể hoàn "
        "tác."
    ),
    "status_year": "Năm đánh giá",
    "org_find_unrated": (
        "Hiện {n} tổ chức chưa xếp loại đầu tiên (theo tên); gõ vài chữ của tên hoặc mã để "
        "tìm tổ chức khác."
    ),
    "org_find_first": "Hiện {n} tổ chức đầu tiên (theo tên); gõ vài chữ của tên hoặc mã để tìm.",
    "status": "Tình trạng tổ chức",
    "status_none": "(đã xếp loại đúng hạn)",
    "reference": "Văn bản, vụ việc (số, ngày)",
    "status_date": "Ngày",
    "members_paused": "Đảng viên chờ kết luận kiểm tra, kỷ luật",
    "members_absent": "Đảng viên vắng mặt",
    "submit_status": "Ghi tình trạng",
    "status_file": "Biểu mẫu tình trạng đánh giá năm {year} ({org}).xlsx",
    "current": "Đang ghi: {status}",
    "refused": "Chưa ghi: {n} lỗi, dữ liệu không thay đổi.",
    "problem": "{column}{message}",
    "done": "Đã ghi (lần nhập số {import_id}): {summary}.",
    "no_changes": "Không có gì thay đổi: nội dung đã có sẵn.",
    "locked": ("Cơ sở dữ liệu đang được một chương trình khác ghi; hãy thử lại sau ít phút."),
    "undo": "Hoàn tác lần ghi số {import_id} ({files}, {at})",
    "undone": "Đã hoàn tác lần ghi số {import_id}.",
    "no_plans": "Không có kế hoạch khắc phục nào để báo cáo.",
}

ATTENTION: dict[str, str] = {
    "heading": "Cần chú ý",
    "summary": "Năm {year}: {n} tổ chức cần chú ý (tính đến ngày {day}).",
    "none": "Năm {year}: không có tổ chức nào cần chú ý đặc biệt.",
    "kind_below_good": "Xếp loại dưới mức tốt ({n})",
    "kind_members_not_completed": "Có đảng viên không hoàn thành nhiệm vụ ({n})",
    "kind_exempt_high": "Tỷ lệ miễn sinh hoạt cao hơn nhiều so với chung ({n})",
    "kind_overdue": "Khắc phục quá hạn ({n})",
    "kind_held_up": "Tạm dừng đánh giá, phải đánh giá lại ({n})",
    "below_good": "{level}",
    "members_not_completed": "{n} đảng viên không hoàn thành nhiệm vụ",
    "exempt_high": "miễn sinh hoạt {pct} (chung {scope})",
    "overdue": "{n} mục khắc phục quá hạn, từ {deadline}",
    "held_up": "{status}",
    "held_up_reference": "{status} — {reference}",
    "line": "{org}: {detail}",
    "col_org": "Tổ chức cơ sở đảng",
    "col_detail": "Cần chú ý",
    "more": "… và {n} tổ chức khác",
    "slide_title": "{n} tổ chức cần chú ý: {parts}",
    "slide_title_none": "Không có tổ chức nào cần chú ý đặc biệt",
    "slide_part": "{n} {what}",
    "part_below_good": "dưới mức tốt",
    "part_members_not_completed": "có đảng viên không hoàn thành",
    "part_exempt_high": "miễn sinh hoạt cao",
    "part_overdue": "khắc phục quá hạn",
    "part_held_up": "tạm dừng đánh giá",
    "footnote": (
        "Tính đến ngày {day}. Miễn sinh hoạt cao: từ {ratio} lần tỷ lệ chung và ít nhất {min} "
        "đảng viên."
    ),
    "h_report": "VIII. Những vấn đề cần chú ý",
    "h_table": "Bảng 7. Tổ chức cơ sở đảng cần chú ý",
    "p_report": "Tính đến ngày {day}, {n} tổ chức cơ sở đảng cần được chú ý:",
    "p_report_none": "Không có tổ chức cơ sở đảng nào cần chú ý đặc biệt.",
}

APPRAISAL_EXPORT: dict[str, str] = {
    "slide_title": ("Thẩm định hạ mức tự đánh giá của {down}/{compared} tổ chức ({pct})"),
    "slide_title_sector": (
        "Thẩm định hạ mức {down}/{compared} tổ chức ({pct}); tự đánh giá cao nhất ở khối "
        "{sector} ({spct})"
    ),
    "chart": "Tỷ lệ bị hạ mức khi thẩm định theo khối (%)",
    "h_report": "IX. Tự đánh giá, thẩm định và tình trạng đánh giá",
    "h_table": "Bảng 8. Thẩm định theo khối",
    "footnote": (
        "Ba bước theo Quy định 124-QĐ/TW, Điều 11: tổ chức tự đánh giá, ban tổ chức thẩm "
        "định, đề xuất, ban thường vụ quyết định. Tỷ lệ tính trên số tổ chức có đủ hai bước."
    ),
}
