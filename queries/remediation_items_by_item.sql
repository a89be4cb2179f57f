-- The items of the remediation plans of the base organizations a committee directs (the
-- committee directed the organization in the plan's review year or after it), each with the
-- quarter and the status of its latest quarterly report (the macros ``directs_plan`` and
-- ``latest_reports``): what the remediation page lists and counts. What a report said is
-- remediation_reports_by_item_quarter's; the remedy, the texts and the count of the reports,
-- read by no page, cost a third of the national query (47.121 items: 106–131 → 86–92 ms).
-- Grain: one row = one item of one organization's plan after the review of one year.
-- Parameters: $scope (a committee's code, null = the database's own superior); $orgs (a list of
--     organization codes, null = all).
-- Columns: plan_year, org_code, org_name, sector, item_no, shortcoming, deadline, last_year,
--     last_quarter, last_status

with items as (
    select items.*
    from remediation_items as items
    where ($orgs is null or list_contains($orgs, items.org_code))
        and directs_plan($scope, items.org_code, items.plan_year)
),

-- the latest reports of the organizations asked for alone (grouping every report of a national
-- database took 28 ms for an organization that has none); by the items' own filter, as DuckDB
-- filters before grouping, where a semi join on the items is made after it (21 against 7 ms)
latest as (
    select * from latest_reports()
    where $orgs is null or list_contains($orgs, org_code)
),

final as (
    select
        items.plan_year,
        items.org_code,
        orgs.org_name,
        orgs.sector,
        items.item_no,
        items.shortcoming,
        items.deadline,
        latest.last_year,
        latest.last_quarter,
        latest.last_status
    from items
    join organizations as orgs using (org_code)
    left join latest using (plan_year, org_code, item_no)
)

select * from final
order by plan_year, org_name, org_code, item_no
