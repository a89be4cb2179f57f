-- The base organizations of a year with the most exempted members: every one with at least the
-- $limit-th most (ties kept whole, as pandas' ``nlargest(keep="all")`` keeps them), with the
-- columns of member_statuses_by_org_year, in no order; ``orgs``: how many organizations the
-- year holds, listed or not. The exemptions page lists the first $limit of the year and charts
-- the first ten: it read every organization of the year to rank them (256.308 nationally).
-- Grain: one row = one base organization (of the year).
-- Parameters: $scope (a committee's code, null = the database's own superior), $year; filters
--     $sectors, $org_types, $orgs (lists, null = all); $limit (how many organizations).
-- Columns: year, org_code, org_name, sector, members_total, members_exempt, members_suspended,
--     members_new, members_pending, members_evaluated, orgs

with year_orgs as (
    select
        year,
        org_code,
        org_name,
        sector,
        members_total,
        members_exempt,
        members_suspended,
        members_new,
        members_pending,
        members_evaluated
    from filtered_base_org_years($scope, $year, $year, $sectors, $org_types, $orgs)
)

select *, (select count(*) from year_orgs) as orgs
from year_orgs
where members_exempt >= (
    select min(members_exempt)
    from (
        select members_exempt
        from year_orgs
        where members_exempt is not null
        order by members_exempt desc
        limit $limit
    )
)
