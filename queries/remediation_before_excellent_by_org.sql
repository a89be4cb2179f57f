-- Quy định 366-QĐ/TW, Điều 11 (from the 2025 evaluation): base organizations rated HTXSNV in
-- $year although the plan made after the review of the year before still has items not
-- remedied — the item's latest report up to the end of $year is not "done" (or there is none).
-- An organization without such a plan is not judged (nothing recorded to remedy).
-- Grain: one row = one committee × one base organization rated HTXSNV with an item not
--     remedied.
-- Parameters: $scopes (the committees checked under, each among its own organizations;
--     null = the database's own superior), $year
-- Columns: scope_code, org_code, org_name, items, remedied, open_items

with excellent as (
    select scope_code, org_code, org_name
    from scoped_base_org_years($scopes, $year, $year)
    where org_level = 'HTXSNV'
),

latest as (
    select
        org_code,
        item_no,
        arg_max(item_status, report_year * 10 + report_quarter) as last_status
    from remediation_reports
    where plan_year = $year - 1 and report_year <= $year
    group by org_code, item_no
),

items as (
    select
        items.org_code,
        items.item_no,
        coalesce(latest.last_status = 'done', false) as remedied
    from remediation_items as items
    left join latest using (org_code, item_no)
    where items.plan_year = $year - 1
),

final as (
    select
        excellent.scope_code,
        excellent.org_code,
        excellent.org_name,
        count(*) as items,
        count(*) filter (where items.remedied) as remedied,
        string_agg(items.item_no::varchar, ', ' order by items.item_no)
            filter (where not items.remedied) as open_items
    from excellent
    join items using (org_code)
    group by excellent.scope_code, excellent.org_code, excellent.org_name
    having count(*) filter (where not items.remedied) > 0
)

select * from final
order by scope_code, org_code
