-- Base organizations that recorded members suspended from party activities or admitted less
-- than 6 months before as not evaluated (read against the year's practice by the rule check).
-- Grain: one row = one year × one committee × one base organization with such members.
-- Parameters: $scopes (the committees checked under, each among its own organizations;
--     null = the database's own superior), $from_year, $to_year (the years checked, each
--     on its own), $orgs (the organizations checked, null = all)
-- Columns: year, scope_code, org_code, org_name, members_suspended, members_new

with results as (
    select year, scope_code, org_code, org_name, members_suspended, members_new
    from scoped_base_org_years($scopes, $from_year, $to_year)
    where matches_filters(null, null, org_code, null, null, $orgs)
),

final as (
    select * from results where members_suspended + members_new > 0
)

select * from final
order by year, scope_code, org_code
