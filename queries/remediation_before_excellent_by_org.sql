-- Quy định 366-QĐ/TW, Điều 11 (from the 2025 evaluation): base organizations rated HTXSNV in
-- a year although the plan made after the review of the year before still has items not
-- remedied — the item's latest report up to the end of that year is not "done" (or there is
-- none).
-- An organization without such a plan is not judged (nothing recorded to remedy).
-- Grain: one row = one year × one committee × one base organization rated HTXSNV with an
--     item not remedied.
-- Parameters: $scopes (the committees checked under, each among its own organizations;
--     null = the database's own superior), $from_year, $to_year (the years checked, each
--     on its own), $orgs (the organizations checked, null = all)
-- Columns: year, scope_code, org_code, org_name, items, remedied, open_items

with excellent as (
    select year, scope_code, org_code, org_name
    from scoped_base_org_years($scopes, $from_year, $to_year)
    where org_level = 'HTXSNV' and matches_filters(null, null, org_code, null, null, $orgs)
),

latest as (
    select
        plan_year,
        org_code,
        item_no,
        arg_max(item_status, report_year * 10 + report_quarter) as last_status
    from remediation_reports
    -- a plan of the year before the year checked, reported on up to the end of that year
    where plan_year between $from_year - 1 and $to_year - 1 and report_year <= plan_year + 1
    group by plan_year, org_code, item_no
),

items as (
    select
        items.plan_year,
        items.org_code,
        items.item_no,
        coalesce(latest.last_status = 'done', false) as remedied
    from remediation_items as items
    left join latest using (plan_year, org_code, item_no)
    where items.plan_year between $from_year - 1 and $to_year - 1
),

final as (
    select
        excellent.year,
        excellent.scope_code,
        excellent.org_code,
        excellent.org_name,
        count(*) as items,
        count(*) filter (where items.remedied) as remedied,
        string_agg(items.item_no::varchar, ', ' order by items.item_no)
            filter (where not items.remedied) as open_items
    from excellent
    join items on items.org_code = excellent.org_code and items.plan_year = excellent.year - 1
    group by excellent.year, excellent.scope_code, excellent.org_code, excellent.org_name
    having count(*) filter (where not items.remedied) > 0
)

select * from final
order by year, scope_code, org_code
