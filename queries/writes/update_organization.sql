-- Does: rewrites an organization of the catalogue in place. Results reference it, and DuckDB
-- refuses to delete a referenced row even when the same row is inserted again at once.
-- Grain: one row written = one organization.
-- Parameters: $org_code (which one), $org_name, $org_type, $parent_code, $sector, $active_from,
--     $active_to, $successor_code
-- Columns: none (DuckDB's count of rows changed)

update organizations
set
    org_name = $org_name,
    org_type = $org_type,
    parent_code = $parent_code,
    sector = $sector,
    active_from = $active_from,
    active_to = $active_to,
    successor_code = $successor_code
where org_code = $org_code
