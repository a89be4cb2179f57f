-- The base organizations of the year held up by one of the statuses ``$statuses`` (the rows of
-- statuses_by_org_year, the macro ``filtered_statuses``, whose status is one of them and is
-- their reason not to be rated): the attention list's paused and redone evaluations, without
-- reading the year's other unrated. Only the organizations with a status row of the year of
-- one of the statuses are looked at: the year's statuses of the unrated were worked out for
-- all its organizations, 50 ms nationally for the 4 held up (24 ms now).
-- Grain: one row = one organization (of the year).
-- Parameters: $scope (a committee's code, null = the database's own superior), $year,
--     $statuses (recorded statuses, a list: ``domain.workflow.UNRATED_STATUSES``); filters
--     $sectors, $org_types, $orgs (lists, null = all).
-- Columns: year, org_code, org_name, sector, org_level, status, reason, reference, status_date,
--     members_pending, members_paused, members_absent, standing

with recorded as (
    select org_code
    from org_statuses
    where year = $year and list_contains($statuses, status)
),

final as (
    select statuses.*
    from filtered_statuses($scope, $year, $year, $sectors, $org_types, $orgs) as statuses
    semi join recorded using (org_code)
    where statuses.reason = statuses.status
)

select * from final
order by year, standing desc, reason, org_name, org_code
