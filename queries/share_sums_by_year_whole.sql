-- What the average base organization's shares are taken from (the organization page sets one
-- organization beside the average of those its committee directs, each counting once, however
-- many members it has): the base organizations of each year grouped by the whole a share is
-- taken of — their members evaluated, or their members in all — with how many there are and
-- the sum of each count a share takes its part from, in all and in the sector $sector
-- (``metrics.analysis`` says which part goes over which whole). The exact mean of n shares
-- p/w is the sum, over each whole w, of the parts of those with that whole over w, over n: a
-- few hundred rows a year nationally, where every organization's row was a million. The sums
-- per sector and kind come from the shared macro ``filtered_share_sums``: stored for the
-- database's own superior, summed from the rows of a committee or of organizations named.
-- Grain: one row = one year × one kind of whole × one whole.
-- Parameters: $scope (a committee's code, null = the database's own superior), $from_year,
--     $to_year; filters $sectors, $org_types, $orgs (lists, null = all: the organizations
--     averaged); $sector (the sector of the organization compared)
-- Columns: year, whole_of, whole, orgs, sector_orgs, members_good, members_excellent,
--     members_not_completed, members_exempt, sector_members_good, sector_members_excellent,
--     sector_members_not_completed, sector_members_exempt

with sums as (
    select
        year,
        whole_of,
        whole,
        coalesce(sector = $sector, false) as in_sector,
        orgs,
        members_good,
        members_excellent,
        members_not_completed,
        members_exempt
    from filtered_share_sums($scope, $from_year, $to_year, $sectors, $org_types, $orgs)
),

final as (
    select
        year,
        whole_of,
        whole,
        sum(orgs)::bigint as orgs,
        coalesce(sum(orgs) filter (where in_sector), 0)::bigint as sector_orgs,
        sum(members_good)::bigint as members_good,
        sum(members_excellent)::bigint as members_excellent,
        sum(members_not_completed)::bigint as members_not_completed,
        sum(members_exempt)::bigint as members_exempt,
        coalesce(sum(members_good) filter (where in_sector), 0)::bigint as sector_members_good,
        coalesce(sum(members_excellent) filter (where in_sector), 0)::bigint
            as sector_members_excellent,
        coalesce(sum(members_not_completed) filter (where in_sector), 0)::bigint
            as sector_members_not_completed,
        coalesce(sum(members_exempt) filter (where in_sector), 0)::bigint
            as sector_members_exempt
    from sums
    group by year, whole_of, whole
)

select * from final
order by year, whole_of, whole
