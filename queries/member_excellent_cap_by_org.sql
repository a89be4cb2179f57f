-- Base organizations whose excellent members exceed the cap: HTXSNV members may be at most
-- $ratio of the members rated HTTNV (or, when $include_excellent, of HTTNV and above).
-- Source: Hướng dẫn 21-HD/BTCTW.
-- Grain: one row = one year × one committee × one base organization breaking the cap.
-- Parameters: $scopes (the committees checked under, each among its own organizations;
--     null = the database's own superior), $from_year, $to_year (the years checked, each
--     on its own), $orgs (the organizations checked, null = all), $ratio,
--     $include_excellent
-- Columns: year, scope_code, org_code, org_name, excellent, denominator, cap

with results as (
    select
        year,
        scope_code,
        org_code,
        org_name,
        members_htxsnv as excellent,
        members_httnv + case when $include_excellent then members_htxsnv else 0 end
            as denominator
    from scoped_base_org_years($scopes, $from_year, $to_year)
    where matches_filters(null, null, org_code, null, null, $orgs)
),

final as (
    select
        year,
        scope_code,
        org_code,
        org_name,
        excellent,
        denominator,
        excellent_cap($ratio, denominator) as cap
    from results
    where breaks_excellent_cap(excellent, $ratio, denominator)
)

select * from final
order by year, scope_code, org_code
