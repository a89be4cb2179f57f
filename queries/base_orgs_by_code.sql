-- The catalogue of the base organizations a committee has directed in any year (subordinate
-- cells excluded): the choices of the organization filter and the codes a shared link may
-- name; kind and sector as they are now, the life span and the successor.
-- Grain: one row = one organization that was a base organization of the scope in some year.
-- Parameters: $scope (a committee's code, null = the database's own superior); $names (null =
--     all; else only the codes whose lower case is one of them: the words a link names them by);
--     $orgs (null = all; else only these codes, exactly: read without lowering every code)
-- Columns: org_code, org_name, org_type, sector, founded, ended, active_from, active_to,
--     successor_code, successor_name

with base_orgs as (
    select *
    from filtered_base_orgs($scope, null, null, $orgs)
    where $names is null or lower(org_code) in (select unnest($names))
),

successors as (  -- their names (a left join on the whole catalogue scans it whole)
    select o.org_code, o.org_name
    from organizations as o
    semi join (
        select life.successor_code
        from base_orgs
        join org_life as life using (org_code)
    ) as s on o.org_code = s.successor_code
),

final as (
    select
        base_orgs.org_code,
        base_orgs.org_name,
        base_orgs.org_type,
        base_orgs.sector,
        life.founded,
        life.ended,
        coalesce(year(life.founded), base_orgs.active_from) as active_from,
        coalesce(year(life.ended - interval 1 day), base_orgs.active_to) as active_to,
        life.successor_code,
        successors.org_name as successor_name
    from base_orgs
    join org_life as life using (org_code)
    left join successors on successors.org_code = life.successor_code
)

select * from final
order by org_name, org_code
