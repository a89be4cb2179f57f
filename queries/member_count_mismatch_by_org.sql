-- Base organizations whose member counts do not add up: the total must equal those evaluated
-- plus the exempted, suspended, newly admitted and pending members.
-- Grain: one row = one year × one committee × one base organization with inconsistent counts.
-- Parameters: $scopes (the committees checked under, each among its own organizations;
--     null = the database's own superior), $from_year, $to_year (the years checked, each
--     on its own), $orgs (the organizations checked, null = all)
-- Columns: year, scope_code, org_code, org_name, members_total, parts

with results as (
    select
        year,
        scope_code,
        org_code,
        org_name,
        members_total,
        members_evaluated + members_exempt + members_suspended + members_new + members_pending
            as parts
    from scoped_base_org_years($scopes, $from_year, $to_year)
    where matches_filters(null, null, org_code, null, null, $orgs)
),

final as (
    select * from results where members_total <> parts
)

select * from final
order by year, scope_code, org_code
