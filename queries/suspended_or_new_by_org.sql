-- Base organizations that recorded members suspended from party activities or admitted less
-- than 6 months before as not evaluated (read against the year's practice by the rule check).
-- Grain: one row = one committee × one base organization with such members in the year.
-- Parameters: $scopes (the committees checked under, each among its own organizations;
--     null = the database's own superior), $year
-- Columns: scope_code, org_code, org_name, members_suspended, members_new

with results as (
    select scope_code, org_code, org_name, members_suspended, members_new
    from scoped_base_org_years($scopes, $year, $year)
),

final as (
    select * from results where members_suspended + members_new > 0
)

select * from final
order by scope_code, org_code
