"""The pages of the app, as data: the router (``app.py``), the benchmark and the tests read
this one list, so a page added here is routed, guarded, benchmarked and tested alike.

Each page is a thin file in ``views/`` (not ``pages/``: Streamlit runs the files of a folder
named ``pages/`` on their own, without the router and its login) with its screen model in
``xeploai/screens/<key>.py``. The default page is served at "/" (``url_path`` is then unused).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from xeploai.domain.selection import (
    FROM,
    LEVEL,
    ORG,
    SCOPE,
    SECTOR,
    SLIDE,
    SUBJECT,
    TARGET,
    THRESHOLD,
    TO,
    TYPE,
    YEAR,
    LinkSpec,
)
from xeploai.texts import ANALYSIS, IMPORT_PAGE, REMEDIATION, RULES_PAGE, UI, WORKFLOW

GROUPS = (SECTOR, TYPE, ORG)


@dataclass(frozen=True)
class PageSpec:
    key: str
    title: str
    icon: str
    url_path: str
    permission: str  # what the signed-in user must be allowed (access.users.PERMISSIONS)
    default: bool = False
    # What the page's link carries (every filter and choice of the page, nothing else).
    link: LinkSpec = field(default_factory=lambda: LinkSpec(()))

    @property
    def file(self) -> str:
        return f"views/{self.key}.py"


PAGES: tuple[PageSpec, ...] = (
    PageSpec(
        "overview",
        UI["page_overview"],
        ":material/dashboard:",
        "",
        "view",
        default=True,
        link=LinkSpec((SCOPE, YEAR)),
    ),
    PageSpec(
        "trends",
        ANALYSIS["page_trends"],
        ":material/trending_up:",
        "xu-huong",
        "view",
        link=LinkSpec((SCOPE, FROM, TO, *GROUPS, SUBJECT)),
    ),
    PageSpec(
        "targets",
        ANALYSIS["page_targets"],
        ":material/flag:",
        "chi-tieu",
        "view",
        link=LinkSpec((SCOPE, YEAR, FROM, TO, *GROUPS, TARGET)),
    ),
    PageSpec(
        "exemptions",
        ANALYSIS["page_exemptions"],
        ":material/elderly:",
        "mien-sinh-hoat",
        "view",
        link=LinkSpec((SCOPE, YEAR, FROM, TO, *GROUPS)),
    ),
    PageSpec(
        "organization",
        ANALYSIS["page_organization"],
        ":material/account_tree:",
        "to-chuc",
        "view",
        link=LinkSpec((SCOPE, YEAR, FROM, TO, ORG), org_is_focus=True),
    ),
    PageSpec(
        "explorer",
        ANALYSIS["page_explorer"],
        ":material/search:",
        "tra-cuu",
        "view",
        link=LinkSpec((SCOPE, FROM, TO, *GROUPS, LEVEL, THRESHOLD)),
    ),
    PageSpec(
        "appraisal",
        WORKFLOW["page_title"],
        ":material/fact_check:",
        "quy-trinh-danh-gia",
        "view",
        link=LinkSpec((SCOPE, YEAR, FROM, TO, *GROUPS)),
    ),
    PageSpec(
        "remediation",
        REMEDIATION["page_title"],
        ":material/construction:",
        "khac-phuc",
        "view",
        link=LinkSpec((SCOPE,)),
    ),
    PageSpec(
        "rule_checks",
        RULES_PAGE["title"],
        ":material/rule:",
        "kiem-tra-quy-tac",
        "rules",
        link=LinkSpec((SCOPE, YEAR)),
    ),
    PageSpec(
        "data_import", IMPORT_PAGE["title"], ":material/upload_file:", "nhap-du-lieu", "import"
    ),
    PageSpec(
        "presentation",
        UI["page_presentation"],
        ":material/co_present:",
        "trinh-chieu",
        "view",
        link=LinkSpec((SCOPE, YEAR, *GROUPS, SLIDE)),
    ),
    PageSpec("admin", UI["page_admin"], ":material/admin_panel_settings:", "quan-tri", "users"),
)


def page(key: str) -> PageSpec:
    for spec in PAGES:
        if spec.key == key:
            return spec
    raise KeyError(f"no page {key!r}")
