-- Base committees that rated more of their subordinate cells HTXSNV than $ratio of those they
-- rated HTTNV (or, when $include_excellent, of HTTNV and above): each base committee applies
-- the cap among its own cells.
-- Grain: one row = one year × one committee × one base committee breaking the cap.
-- Parameters: $scopes (the committees checked under, each among its own organizations;
--     null = the database's own superior), $from_year, $to_year (the years checked, each
--     on its own), $orgs (the organizations checked, null = all), $ratio,
--     $include_excellent
-- Columns: year, scope_code, org_code, org_name, excellent, good, denominator, cap

with results as (
    select
        year,
        scope_code,
        org_code,
        org_name,
        cells_htxsnv as excellent,
        cells_httnv as good,
        cells_httnv + case when $include_excellent then cells_htxsnv else 0 end as denominator
    from scoped_base_org_years($scopes, $from_year, $to_year)
    where org_type = 'base_committee' and cells_rated > 0
        and matches_filters(null, null, org_code, null, null, $orgs)
),

final as (
    select
        year,
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
order by year, scope_code, org_code
