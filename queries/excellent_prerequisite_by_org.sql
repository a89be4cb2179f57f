-- Base organizations rated HTXSNV without its prerequisite: every subordinate cell (for a base
-- committee) or every member (for a base cell) completed the tasks, and at least $good_share of
-- them were rated HTTNV or better. Source: Hướng dẫn 21-HD/BTCTW.
-- Grain: one row = one committee × one base organization lacking the prerequisite.
-- Parameters: $scopes (the committees checked under, each among its own organizations;
--     null = the database's own superior), $year, $good_share
-- Columns: scope_code, org_code, org_name, org_type, rated, not_completed, good

with results as (
    select
        scope_code,
        org_code,
        org_name,
        org_type,
        case when org_type = 'base_committee' then cells_rated else members_evaluated end
            as rated,
        case when org_type = 'base_committee' then cells_not_completed
            else members_not_completed end as not_completed,
        case when org_type = 'base_committee' then cells_good else members_good end as good
    from scoped_base_org_years($scopes, $year, $year)
    where org_level = 'HTXSNV'
),

final as (
    select *
    from results
    where not_completed > 0 or good < $good_share * rated - 1e-9
)

select * from final
order by scope_code, org_code
