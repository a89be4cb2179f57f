-- Base organizations whose excellent members exceed the cap: HTXSNV members may be at most
-- $ratio of the members rated HTTNV (or, when $include_excellent, of HTTNV and above).
-- Source: Hướng dẫn 21-HD/BTCTW. Grain: one row = one base organization breaking the cap.
-- Parameters: $scope (null = the database's own superior), $year, $ratio, $include_excellent
-- Columns: org_code, org_name, excellent, denominator, cap

with results as (
    select
        org_code,
        org_name,
        members_htxsnv as excellent,
        members_httnv + case when $include_excellent then members_htxsnv else 0 end
            as denominator
    from filtered_base_org_years($scope, $year, $year, null, null, null)
),

final as (
    select
        org_code,
        org_name,
        excellent,
        denominator,
        excellent_cap($ratio, denominator) as cap
    from results
    where breaks_excellent_cap(excellent, $ratio, denominator)
)

select * from final
order by org_code
