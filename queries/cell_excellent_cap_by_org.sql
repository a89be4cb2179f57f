-- Base committees that rated more of their subordinate cells HTXSNV than $ratio of those they
-- rated HTTNV (or, when $include_excellent, of HTTNV and above): each base committee applies
-- the cap among its own cells.
-- Grain: one row = one base committee breaking the cap.
-- Parameters: $scope (null = the database's own superior), $year, $ratio, $include_excellent
-- Columns: org_code, org_name, excellent, good, denominator, cap

with results as (
    select
        org_code,
        org_name,
        cells_htxsnv as excellent,
        cells_httnv as good,
        cells_httnv + case when $include_excellent then cells_htxsnv else 0 end as denominator
    from filtered_base_org_years($scope, $year, $year, null, null, null)
    where org_type = 'base_committee' and cells_rated > 0
),

final as (
    select
        org_code,
        org_name,
        excellent,
        good,
        denominator,
        excellent_cap($ratio, denominator) as cap
    from results
    where breaks_excellent_cap(excellent, $ratio, denominator)
)

select * from final
order by org_code
