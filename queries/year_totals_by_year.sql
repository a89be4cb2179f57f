-- The totals of each year, in three parts (each column named by its part; ``metrics.yearly``
-- splits them):
-- - ``orgs_``: how many base organizations there were, of which kind, how many were rated and
--   how many were "clean and strong" (the level TSVM until 2017, the commendation from 2018).
--   Why the others were not rated is ``statuses_by_org_year``'s to say;
-- - ``members_``: members of the base organizations by status: who was evaluated and who was
--   not (exempted, suspended, admitted less than 6 months ago, pending);
-- - ``cells_``: subordinate cells: how many stood on 31 December under the base committees
--   counted (directly, or through a partial committee) and how many were rated (a cell founded
--   less than 6 months before is not rated). The cells standing are counted by every write
--   (committee_cells, summed in scope_year_counts).
-- One query where there were three: each query's plan costs more than its few rows.
-- Grain: one row = one year.
-- Parameters: $scope (a committee's code, null = the database's own superior), $from_year,
--     $to_year; filters $sectors, $org_types, $orgs (lists, null = all).
-- Columns: year, orgs_total, orgs_committees, orgs_cells, orgs_rated, orgs_clean_strong,
--     members_total, members_exempt, members_suspended, members_new, members_pending,
--     members_evaluated, cells_total, cells_rated

with filtered as (
    select *
    from filtered_year_counts($scope, $from_year, $to_year, $sectors, $org_types, $orgs)
),

final as (
    select
        year,
        sum(orgs)::bigint as orgs_total,
        sum(committees)::bigint as orgs_committees,
        sum(base_cells)::bigint as orgs_cells,
        sum(org_rated)::bigint as orgs_rated,
        sum(org_clean_strong)::bigint as orgs_clean_strong,
        sum(members_total)::bigint as members_total,
        sum(members_exempt)::bigint as members_exempt,
        sum(members_suspended)::bigint as members_suspended,
        sum(members_new)::bigint as members_new,
        sum(members_pending)::bigint as members_pending,
        sum(members_evaluated)::bigint as members_evaluated,
        greatest(sum(cells_standing), sum(cells_rated))::bigint as cells_total,
        sum(cells_rated)::bigint as cells_rated
    from filtered
    group by year
)

select * from final
order by year
