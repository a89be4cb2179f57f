"""Kinds of organization, the tree they form, the events of their lives, and the sectors.

The tree: superior committees (a city or province, a district, a commune or ward — or a
committee whose level the data does not say) direct base organizations (base committees and
base cells); a base committee has subordinate cells, through partial committees in large units.
"""

from __future__ import annotations

SUPERIOR_TYPES = ("city_committee", "district_committee", "commune_committee", "superior_committee")
BASE_ORG_TYPES = ("base_committee", "base_cell")
PARTIAL_TYPES = ("partial_committee",)
CELL_TYPES = ("subordinate_cell",)
ORG_TYPES = SUPERIOR_TYPES + BASE_ORG_TYPES + PARTIAL_TYPES + CELL_TYPES

# What a node of each kind may stand under (None: nothing, the top of the tree).
PARENT_TYPES: dict[str, tuple[str | None, ...]] = {
    **{kind: (*SUPERIOR_TYPES, None) for kind in SUPERIOR_TYPES},
    **{kind: SUPERIOR_TYPES for kind in BASE_ORG_TYPES},
    "partial_committee": ("base_committee",),
    "subordinate_cell": ("base_committee", "partial_committee"),
}

# Lineage events. ``moved``, ``changed_kind`` and ``renamed`` change one attribute and record
# the value before and after; ``merged_into`` and ``dissolved`` end a node, ``founded`` and
# ``split_from`` begin one (``merged_into`` and ``split_from`` name the other organization).
EVENTS = ("founded", "renamed", "merged_into", "split_from", "moved", "changed_kind", "dissolved")
ATTRIBUTE_EVENTS: dict[str, str] = {
    "moved": "parent_code",
    "changed_kind": "org_type",
    "renamed": "org_name",
}
ENDING_EVENTS = ("merged_into", "dissolved")
STARTING_EVENTS = ("founded", "split_from")
RELATED_EVENTS = ("merged_into", "split_from")
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
