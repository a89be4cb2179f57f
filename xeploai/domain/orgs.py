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
