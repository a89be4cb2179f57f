-- The items of the remediation plans of the base organizations a committee directs (the
-- committee directed the organization in the plan's review year or after it), each with its
-- latest quarterly report: the status reached, what was done, the board's assessment (the
-- macros ``directs_plan`` and ``latest_reports``).
-- Grain: one row = one item of one organization's plan after the review of one year.
-- Parameters: $scope (a committee's code, null = the database's own superior); $orgs (a list of
--     organization codes, null = all).
-- Columns: plan_year, org_code, org_name, sector, item_no, shortcoming, remedy, deadline,
--     last_year, last_quarter, last_status, last_done_text, last_assessment, last_reported_on,
--     reports

with items as (
    select items.*
    from remediation_items as items
    where ($orgs is null or list_contains($orgs, items.org_code))
        and directs_plan($scope, items.org_code, items.plan_year)
),

latest as (
    select * from latest_reports()
),

final as (
    select
        items.plan_year,
        items.org_code,
        orgs.org_name,
        orgs.sector,
        items.item_no,
        items.shortcoming,
        items.remedy,
        items.deadline,
        latest.last_year,
        latest.last_quarter,
        latest.last_status,
        latest.last_done_text,
        latest.last_assessment,
        latest.last_reported_on,
        coalesce(latest.reports, 0) as reports
    from items
    join organizations as orgs using (org_code)
    left join latest using (plan_year, org_code, item_no)
)

select * from final
order by plan_year, org_name, org_code, item_no
