-- Who was to report on a quarter, and who did (``metrics.remediation.reporting``), over the
-- plans a committee follows (as ``remediation_items_by_item`` chooses them): an organization is
-- expected when a plan of a review year before the quarter's year still had an item open before
-- the quarter (the item's latest report before it not $done, or none); it reported when a row
-- of the quarter came in, on the latest day its rows came in. Read narrow: the page read every
-- item and report of the committee (147.408 reports nationally) into pandas for it.
-- Grain: one row = one organization expected, or that reported.
-- Parameters: $scope (a committee's code, null = the database's own superior); $orgs (a list of
--     organization codes, null = all); $quarter_year, $quarter (1–4); $done (the status of a
--     remedied item)
-- Columns: org_code, org_name, expected, reported, reported_on

with items as (
    select items.plan_year, items.org_code, items.item_no
    from remediation_items as items
    where ($orgs is null or list_contains($orgs, items.org_code))
        and directs_plan($scope, items.org_code, items.plan_year)
),

reports as (
    select
        reports.plan_year,
        reports.org_code,
        reports.item_no,
        reports.report_year * 10 + reports.report_quarter as reported_in,
        reports.item_status,
        reports.reported_on
    from remediation_reports as reports
    where ($orgs is null or list_contains($orgs, reports.org_code))
        and directs_plan($scope, reports.org_code, reports.plan_year)
),

-- each item's latest report before the quarter
before as (
    select plan_year, org_code, item_no, arg_max(item_status, reported_in) as item_status
    from reports
    where reported_in < $quarter_year * 10 + $quarter
    group by plan_year, org_code, item_no
),

expected as (
    select distinct items.org_code
    from items
    left join before using (plan_year, org_code, item_no)
    where items.plan_year < $quarter_year
        and before.item_status is distinct from $done
),

came as (
    select org_code, max(reported_on) as reported_on
    from reports
    where reported_in = $quarter_year * 10 + $quarter
    group by org_code
),

final as (
    select
        coalesce(expected.org_code, came.org_code) as org_code,
        orgs.org_name,
        expected.org_code is not null as expected,
        came.org_code is not null as reported,
        came.reported_on
    from expected
    full join came on came.org_code = expected.org_code
    join organizations as orgs on orgs.org_code = coalesce(expected.org_code, came.org_code)
)

select * from final
order by reported, org_name, org_code
