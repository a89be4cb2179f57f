-- The base organizations with the most exempted members summed over the years, the most first
-- (then by name, code): the rows of the exemptions page's matrix, which shows the first $limit
-- (two organizations of one name are two rows; an organization renamed is named as in its last
-- year). ``orgs``: how many organizations the years hold, listed or not. The page read every
-- organization-year of the range to rank them in pandas (a million nationally, 0,37 s of the
-- query alone).
-- Grain: one row = one base organization.
-- Parameters: $scope (a committee's code, null = the database's own superior), $from_year,
--     $to_year; filters $sectors, $org_types, $orgs (lists, null = all); $limit (how many rows).
-- Columns: org_code, org_name, exempt, orgs

-- Summed on the codes and years alone; the names read only for the candidates (every
-- organization with at least the $limit-th most, ties kept whole), from their last year's row:
-- taking the last name of every organization while summing doubled the query (0,19 → 0,1 s).

with summed as (
    select org_code, sum(members_exempt)::bigint as exempt, max(year) as last_year
    from filtered_base_org_years($scope, $from_year, $to_year, $sectors, $org_types, $orgs)
    group by org_code
),

candidates as (
    select *
    from summed
    where exempt >= (
        select min(exempt) from (select exempt from summed order by exempt desc limit $limit)
    )
)

select
    candidates.org_code,
    facts.org_name,
    candidates.exempt,
    (select count(*) from summed) as orgs
from candidates
join base_org_facts as facts
    on facts.year = candidates.last_year and facts.org_code = candidates.org_code
order by candidates.exempt desc, facts.org_name, candidates.org_code
limit $limit
