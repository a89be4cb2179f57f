"""Kinds of organization and the sectors they are grouped in."""

from __future__ import annotations

ORG_TYPES = ("base_committee", "base_cell", "subordinate_cell")
BASE_ORG_TYPES = ("base_committee", "base_cell")
SECTORS = (
    "commune",
    "neighbourhood",
    "education",
    "health",
    "police",
    "military",
    "agency",
    "enterprise",
    "other",
)

# Groups of base organizations "with similar roles" among which a superior applies the 20% cap
# on excellent organizations (21-HD/BTCTW 1.3; Quy định 124-QĐ/TW, Điều 12): localities,
# public service units, agencies and the armed forces, enterprises. Local guidance may group
# otherwise: ``RuleSettings.org_cap_group_by`` and ``role_groups`` are settings.
ROLE_GROUPS: dict[str, str] = {
    "commune": "localities",
    "neighbourhood": "localities",
    "education": "public_services",
    "health": "public_services",
    "other": "public_services",
    "agency": "agencies",
    "police": "agencies",
    "military": "agencies",
    "enterprise": "enterprises",
}
