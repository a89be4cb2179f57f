-- Where each item of the committee's remediation plans stands: remediation_items_by_item's
-- rows (the same items, the same latest report) read narrow, without the texts and names, for
-- the list of what needs attention (an overdue item); nationally the wide read took three
-- times as long.
-- Grain: one row = one item of one organization's plan after the review of one year.
-- Parameters: $scope (a committee's code, null = the database's own superior); $orgs (a list of
--     organization codes, null = all).
-- Columns: plan_year, org_code, item_no, deadline, last_status

with items as (
    select items.plan_year, items.org_code, items.item_no, items.deadline
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
        items.item_no,
        items.deadline,
        latest.last_status
    from items
    left join latest using (plan_year, org_code, item_no)
)

select * from final
order by plan_year, org_code, item_no
