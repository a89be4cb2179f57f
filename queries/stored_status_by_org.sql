-- The stored status of one organization's evaluation in a year (stored_statuses_by_org_year's
-- row of that year and organization, if any): what the status form shows before a change.
-- Grain: one row = one organization (of the year): none when no status is stored.
-- Parameters: $year, $org
-- Columns: year, org_code, status, reference, status_date, members_paused, members_absent

select year, org_code, status, reference, status_date, members_paused, members_absent
from org_statuses
where year = $year and org_code = $org
