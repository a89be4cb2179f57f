-- Base organizations whose excellent members exceed the cap: HTXSNV members may be at most
-- $ratio of the members rated HTTNV (or, when $include_excellent, of HTTNV and above).
-- Source: Hướng dẫn 21-HD/BTCTW.
-- Grain: one row = one committee × one base organization breaking the cap.
-- Parameters: $scopes (the committees checked under, each among its own organizations;
--     null = the database's own superior), $year, $ratio, $include_excellent
-- Columns: scope_code, org_code, org_name, excellent, denominator, cap

with results as (
    select
        scope_code,
        org_code,
        org_name,
        members_htxsnv as excellent,
        members_httnv + case when $include_excellent then members_htxsnv else 0 end
            as denominator
    from scoped_base_org_years($scopes, $year, $year)
),

final as (
    select
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
order by scope_code, org_code
