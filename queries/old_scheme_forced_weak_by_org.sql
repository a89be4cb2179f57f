-- Old scheme (27-HD/BTCTW, 2014): a base committee with more than $cells_fraction of its cells
-- weak, or a base cell with more than $members_fraction of its members KHTNV, is itself weak.
-- Grain: one row = one year × one committee × one base organization that should have been rated "Yếu kém"
--     and was not.
-- Parameters: $scopes (the committees checked under, each among its own organizations;
--     null = the database's own superior), $from_year, $to_year (the years checked, each
--     on its own), $orgs (the organizations checked, null = all),
--     $cells_fraction, $members_fraction
-- Columns: year, scope_code, org_code, org_name, org_type, org_level, rated, weak

with results as (
    select
        year,
        scope_code,
        org_code,
        org_name,
        org_type,
        org_level,
        case when org_type = 'base_committee' then cells_rated else members_evaluated end
            as rated,
        case when org_type = 'base_committee' then cells_yk else members_khtnv end as weak,
        case when org_type = 'base_committee' then $cells_fraction else $members_fraction end
            as fraction
    from scoped_base_org_years($scopes, $from_year, $to_year)
    where org_level is not null and org_level <> 'YK'
        and matches_filters(null, null, org_code, null, null, $orgs)
),

final as (
    select year, scope_code, org_code, org_name, org_type, org_level, rated, weak
    from results
    where rated > 0 and weak > fraction * rated + 1e-9
)

select * from final
order by year, scope_code, org_code
