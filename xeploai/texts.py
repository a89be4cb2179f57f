"""Every Vietnamese word the user reads, in one catalogue, and the Vietnamese number format.

Numbers: thousands with a dot and decimals with a comma (6.659; 87,50%). Percentage-point
differences say "điểm %" so they are never mistaken for relative changes.
"""

from __future__ import annotations

LEVEL_LABELS: dict[str, str] = {
    "TSVM": "Trong sạch, vững mạnh",
    "HTXSNV": "Hoàn thành xuất sắc nhiệm vụ",
    "HTTNV": "Hoàn thành tốt nhiệm vụ",
    "HTNV": "Hoàn thành nhiệm vụ",
    "KHTNV": "Không hoàn thành nhiệm vụ",
    "YK": "Yếu kém",
}

LEVEL_SHORT: dict[str, str] = {
    "TSVM": "TSVM",
    "HTXSNV": "HTXSNV",
    "HTTNV": "HTTNV",
    "HTNV": "HTNV",
    "KHTNV": "KHTNV",
    "YK": "Yếu kém",
}

ORG_TYPE_LABELS: dict[str, str] = {
    "base_committee": "Đảng bộ cơ sở",
    "base_cell": "Chi bộ cơ sở",
    "subordinate_cell": "Chi bộ trực thuộc",
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

DIRECTION_LABELS: dict[str, str] = {"at_least": "ít nhất", "below": "dưới"}

MEMBER_STATUS_LABELS: dict[str, str] = {
    "total": "Tổng số đảng viên",
    "evaluated": "Được đánh giá",
    "exempt": "Miễn công tác và sinh hoạt",
    "suspended": "Đình chỉ sinh hoạt",
    "new": "Kết nạp chưa đủ 6 tháng",
    "pending": "Chưa đánh giá",
}

UI: dict[str, str] = {
    "app_title": "Xếp loại chất lượng",
    "page_overview": "Tổng quan",
    "page_presentation": "Trình chiếu",
    "page_admin": "Quản trị",
    "year": "Năm đánh giá",
    "demo_banner": (
        "Dữ liệu minh họa: các con số trên trang này được sinh tự động theo mô hình "
        "một đảng bộ huyện, không phải kết quả thật."
    ),
    "db_missing": (
        "Chưa có cơ sở dữ liệu tại {path}. Hãy chạy `make run` (tự tạo dữ liệu minh họa) "
        "hoặc `python -m xeploai init --superior \"Tên đảng bộ\"` rồi nhập dữ liệu."
    ),
    "bad_year_param": (
        "Tham số năm “{value}” trong đường dẫn không hợp lệ hoặc không có số liệu; "
        "đang hiển thị năm mới nhất."
    ),
    "no_years": "Cơ sở dữ liệu chưa có kết quả năm nào. Hãy nhập dữ liệu trước.",
    "kpi_base_orgs": "Tổ chức cơ sở đảng",
    "kpi_base_orgs_help": "{committees} đảng bộ cơ sở, {cells} chi bộ cơ sở; {rated} được xếp loại",
    "kpi_base_orgs_good": "TCCSĐ hoàn thành tốt nhiệm vụ trở lên",
    "kpi_clean_strong": "TCCSĐ trong sạch, vững mạnh",
    "kpi_cells_good": "Chi bộ trực thuộc hoàn thành tốt trở lên",
    "kpi_cells_help": "{rated} trong {total} chi bộ trực thuộc được xếp loại",
    "kpi_members": "Đảng viên",
    "kpi_members_help": "{evaluated} được đánh giá",
    "kpi_members_good": "Đảng viên hoàn thành tốt nhiệm vụ trở lên",
    "kpi_members_excellent": "Đảng viên hoàn thành xuất sắc nhiệm vụ",
    "kpi_exempt": "Đảng viên được miễn sinh hoạt",
    "kpi_exempt_help": "{pct} tổng số đảng viên",
    "vs_prev": "so với năm {year}",
    "target_gap_met": "Đạt chỉ tiêu {direction} {target} ({gap})",
    "target_gap_missed": "Chưa đạt chỉ tiêu {direction} {target} ({gap})",
    "levels_heading": "Kết quả xếp loại năm {year}",
    "trend_heading": "Diễn biến qua các năm",
    "targets_heading": "Chỉ tiêu nhiệm kỳ {term}",
    "chart_data": "Số liệu của biểu đồ",
    "scheme_break": "Đổi cách xếp loại (QĐ 132-QĐ/TW, từ năm 2018)",
    "scheme_break_note": (
        "Từ năm 2018, “trong sạch, vững mạnh” không còn là mức xếp loại mà là danh hiệu khen "
        "chọn trong số tổ chức hoàn thành xuất sắc nhiệm vụ. Chỉ các tỷ lệ “hoàn thành tốt trở "
        "lên” và “không hoàn thành / yếu kém” so sánh được qua mốc này."
    ),
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
    "pp": "điểm %",
}


def fmt_int(value: int | float | None) -> str:
    """6659 → '6.659'."""
    if value is None:
        return UI["no_data"]
    return f"{round(value):,}".replace(",", ".")


def fmt_num(value: float | None, decimals: int = 2) -> str:
    """87.5 → '87,50'."""
    if value is None:
        return UI["no_data"]
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def fmt_pct(value: float | None, decimals: int = 2) -> str:
    """87.5 → '87,50%'."""
    if value is None:
        return UI["no_data"]
    return fmt_num(value, decimals) + "%"


def fmt_pp(value: float | None) -> str:
    """A difference of percentages, signed: 1.5 → '+1,50 điểm %'."""
    if value is None:
        return UI["no_data"]
    sign = "+" if value > 0 else ("-" if value < 0 else "±")
    return f"{sign}{fmt_num(abs(value))} {UI['pp']}"


def fmt_delta_int(value: int | None) -> str:
    if value is None:
        return UI["no_data"]
    sign = "+" if value > 0 else ("-" if value < 0 else "±")
    return f"{sign}{fmt_int(abs(value))}"


RULE_TEXTS: dict[str, dict[str, str]] = {
    "member_excellent_cap": {
        "title": "Đảng viên HTXSNV không quá 20% số HTTNV trong mỗi tổ chức cơ sở đảng",
        "message": (
            "{org}: {excellent} đảng viên hoàn thành xuất sắc nhiệm vụ, vượt mức tối đa {cap} "
            "({ratio}% của {denominator} đảng viên {base})."
        ),
        "base_without": "hoàn thành tốt nhiệm vụ",
        "base_with": "hoàn thành tốt nhiệm vụ trở lên",
    },
    "org_excellent_cap": {
        "title": "Tổ chức HTXSNV không quá 20% số HTTNV trong các tổ chức cùng vai trò",
        "message": (
            "Nhóm {group}: {excellent} tổ chức hoàn thành xuất sắc nhiệm vụ, vượt mức tối đa "
            "{cap} ({ratio}% của {good} tổ chức hoàn thành tốt nhiệm vụ)."
        ),
    },
    "excellent_prerequisite": {
        "title": "Điều kiện xếp loại HTXSNV: 100% hoàn thành nhiệm vụ trở lên, ≥ 80% tốt trở lên",
        "message": (
            "{org} được xếp loại hoàn thành xuất sắc nhiệm vụ nhưng trong {rated} {of} được "
            "xếp loại có {not_completed} không hoàn thành nhiệm vụ và {good} hoàn thành tốt "
            "trở lên (cần 100% hoàn thành và ít nhất {share}% tốt trở lên)."
        ),
        "of_cells": "chi bộ trực thuộc",
        "of_members": "đảng viên",
    },
    "old_scheme_forced_weak": {
        "title": "Cách cũ: quá 1/3 chi bộ yếu kém (hoặc quá 1/2 đảng viên KHTNV) thì yếu kém",
        "message": (
            "{org}: {weak} trong {rated} {of} yếu kém / không hoàn thành nhiệm vụ, nhưng tổ "
            "chức không bị xếp loại yếu kém."
        ),
        "of_cells": "chi bộ trực thuộc",
        "of_members": "đảng viên",
    },
    "member_count_mismatch": {
        "title": "Tổng số đảng viên bằng số được đánh giá cộng các trường hợp không đánh giá",
        "message": (
            "{org}: tổng số {total} đảng viên nhưng các thành phần cộng lại được {parts}."
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
            "Quy định địa phương: cán bộ chủ chốt không được HTXSNV khi tổ chức của mình "
            "không trong sạch, vững mạnh"
        ),
        "not_checked": "Cần danh sách cán bộ chủ chốt; dữ liệu tổng hợp không có.",
    },
}


CLI: dict[str, str] = {
    "description": "xeploai — số liệu đánh giá, xếp loại chất lượng tổ chức đảng và đảng viên",
    "db_help": "tệp cơ sở dữ liệu (mặc định: $XEPLOAI_DB, nếu không có: data/xeploai.duckdb)",
    "demo_help": "tạo cơ sở dữ liệu minh họa",
    "force_help": "ghi đè tệp đã có",
    "init_help": "tạo cơ sở dữ liệu trống cho một đảng bộ thật",
    "summary_help": "số liệu tổng hợp của một năm",
    "check_help": "kiểm tra các quy định xếp loại của một năm",
    "exists": "Tệp {path} đã có. Dùng --force để ghi đè (dữ liệu cũ sẽ mất).",
    "demo_done": "Đã tạo dữ liệu minh họa ({scale}) tại {path}.",
    "init_done": "Đã tạo cơ sở dữ liệu trống cho {superior} tại {path}.",
    "db_missing": (
        "Chưa có cơ sở dữ liệu tại {path}. Chạy `python -m xeploai demo` hoặc "
        "`python -m xeploai init --superior \"Tên đảng bộ\"`."
    ),
    "no_year": "Không có số liệu năm {year}.",
    "summary_text": (
        "Năm {year}, {superior}: {orgs} tổ chức cơ sở đảng ({committees} đảng bộ cơ sở, "
        "{cells} chi bộ cơ sở), {sub} chi bộ trực thuộc, {members} đảng viên ({exempt} miễn "
        "sinh hoạt). TCCSĐ hoàn thành tốt trở lên: {orgs_good}; đảng viên: {members_good}."
    ),
    "check_count": "{n} phát hiện trong năm {year}.",
    "users_help": "người dùng: add, list, remove, passwd",
    "org_help": "mã tổ chức cơ sở đảng mà người xem được giới hạn vào (lặp lại được)",
    "target_line": "  [{met}] {subject} — {measure} {direction} {target}: {actual} ({gap})",
    "met": "Đạt",
    "missed": "Chưa đạt",
    "export_help": "xuất báo cáo hội nghị (pptx, docx, html, xlsx)",
    "export_out_help": "tệp kết quả",
    "export_year_help": "năm đánh giá (bắt buộc với pptx, docx, html, xlsx)",
    "export_sector_help": "chỉ các tổ chức thuộc lĩnh vực này (lặp lại được)",
    "export_type_help": "chỉ loại tổ chức này: base_committee, base_cell (lặp lại được)",
    "export_org_help": "chỉ tổ chức có mã này (lặp lại được)",
    "export_year_missing": "Xuất {kind} cần --year (năm đánh giá).",
    "export_done": "Đã ghi {path} ({size} KB).",
}


NARRATIVE: dict[str, str] = {
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
    "vs_previous_up": (
        "So với năm {year}, tỷ lệ đảng viên hoàn thành tốt trở lên tăng {change} điểm %."
    ),
    "vs_previous_down": (
        "So với năm {year}, tỷ lệ đảng viên hoàn thành tốt trở lên giảm {change} điểm %."
    ),
    "vs_previous_same": "Tỷ lệ đảng viên hoàn thành tốt trở lên không đổi so với năm {year}.",
    "targets_all_met": "Đạt cả {n} chỉ tiêu của nghị quyết đại hội.",
    "targets_missed": "Chưa đạt {n}/{total} chỉ tiêu: {items}.",
    "missed_item": "{measure} của {subject} đạt {actual} (chỉ tiêu {target})",
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
    "lowest_chart": "Tổ chức có tỷ lệ đảng viên hoàn thành tốt trở lên thấp nhất",
    "col_org": "Tổ chức cơ sở đảng",
    "col_level": "Xếp loại",
    "col_members_good": "ĐV hoàn thành tốt trở lên",
    "col_members_khtnv": "ĐV không hoàn thành",
    "more_rows": "… và {n} trường hợp khác (xem báo cáo).",
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
    "findings_footnote": "Đối chiếu với Hướng dẫn 21-HD/BTCTW và các quy định liên quan.",
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
    "p_orgs_unrated": "{n} tổ chức thành lập chưa đủ 6 tháng chưa xếp loại.",
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
        "{not_evaluated} (miễn công tác và sinh hoạt {exempt}, đình chỉ sinh hoạt {suspended}, "
        "kết nạp chưa đủ 6 tháng {new}, chưa đánh giá {pending}). Kết quả: {breakdown}. Tỷ lệ "
        "hoàn thành tốt nhiệm vụ trở lên đạt {good}."
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
    "previous": "Trang trước",
    "next": "Trang sau",
    "count": "{n} / {total}",
    "downloads": "Tải về",
    "download_pptx": "Bản trình chiếu (PowerPoint)",
    "download_docx": "Báo cáo (Word)",
    "download_xlsx": "Bảng thống kê (Excel)",
    "download_html": "Tệp HTML (xem không cần mạng)",
    "back": "Về trang tổng quan",
    "no_data": "Không có số liệu năm {year} trong phạm vi đang chọn.",
    "scope": "Đang trình chiếu theo bộ lọc: {scope}",
}


# Short forms for chart axes and slide titles, and the member statuses as the deck names them.
EXPORT_STATUS_LABELS: dict[str, str] = {
    "evaluated": "Được đánh giá",
    "exempt": "Miễn công tác, sinh hoạt",
    "suspended": "Đình chỉ sinh hoạt",
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
AUTH: dict[str, str] = {
    "bad_username": (
        "Tên đăng nhập “{name}” không hợp lệ: 2–32 ký tự, chữ thường không dấu, số, dấu chấm, "
        "gạch dưới hoặc gạch ngang, bắt đầu bằng chữ hoặc số."
    ),
    "bad_role": "Vai trò “{role}” không có. Chọn một trong: {roles}.",
    "weak_password": "Mật khẩu phải có ít nhất {n} ký tự.",
    "user_exists": "Người dùng “{name}” đã có.",
    "no_user": "Không có người dùng “{name}”.",
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
    "locked": (
        "Tài khoản tạm khóa vì đăng nhập sai nhiều lần. Hãy thử lại sau {minutes} phút."
    ),
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
    "user_add": "Thêm người dùng",
    "user_remove": "Xóa người dùng",
    "user_passwd": "Đổi mật khẩu",
}
