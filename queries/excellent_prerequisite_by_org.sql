-- Base organizations rated HTXSNV without its prerequisite: every subordinate cell (for a base
-- committee) or every member (for a base cell) completed the tasks, and at least $good_share of
-- them were rated HTTNV or better. Source: Hướng dẫn 21-HD/BTCTW.
-- Grain: one row = one year × one committee × one base organization lacking the prerequisite.
-- Parameters: $scopes (the committees checked under, each among its own organizations;
--     null = the database's own superior), $from_year, $to_year (the years checked, each
--     on its own), $orgs (the organizations checked, null = all), $good_share
-- Columns: year, scope_code, org_code, org_name, org_type, rated, not_completed, good

with results as (
    select
        year,
        scope_code,
        org_code,
        org_name,
        org_type,
        case when org_type = 'base_committee' then cells_rated else members_evaluated end
            as rated,
        case when org_type = 'base_committee' then cells_not_completed
            else members_not_completed end as not_completed,
        case when org_type = 'base_committee' then cells_good else members_good end as good
    from scoped_base_org_years($scopes, $from_year, $to_year)
    where org_level = 'HTXSNV' and matches_filters(null, null, org_code, null, null, $orgs)
),

final as (
    select *
    from results
    where not_completed > 0 or good < $good_share * rated - 1e-9
)

select * from final
order by year, scope_code, org_code
