-- Base committees that rated more of their subordinate cells HTXSNV than $ratio of those they
-- rated HTTNV (or, when $include_excellent, of HTTNV and above): each base committee applies
-- the cap among its own cells.
-- Grain: one row = one committee × one base committee breaking the cap.
-- Parameters: $scopes (the committees checked under, each among its own organizations;
--     null = the database's own superior), $year, $ratio, $include_excellent
-- Columns: scope_code, org_code, org_name, excellent, good, denominator, cap

with results as (
    select
        scope_code,
        org_code,
        org_name,
        cells_htxsnv as excellent,
        cells_httnv as good,
        cells_httnv + case when $include_excellent then cells_htxsnv else 0 end as denominator
    from scoped_base_org_years($scopes, $year, $year)
    where org_type = 'base_committee' and cells_rated > 0
),

final as (
    select
        scope_code,
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
order by scope_code, org_code
