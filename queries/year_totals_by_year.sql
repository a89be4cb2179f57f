-- The figures of each year, in parts (each column named by its part; ``metrics.yearly`` splits
-- them):
-- - ``orgs_``: how many base organizations there were, of which kind, how many were rated and
--   how many were "clean and strong" (the level TSVM until 2017, the commendation from 2018).
--   Why the others were not rated is ``statuses_by_org_year``'s to say;
-- - ``members_``: members of the base organizations by status: who was evaluated and who was
--   not (exempted, suspended, admitted less than 6 months ago, pending);
-- - ``cells_``: subordinate cells: how many stood on 31 December under the base committees
--   counted (directly, or through a partial committee) and how many were rated (a cell founded
--   less than 6 months before is not rated). The cells standing are counted by every write
--   (committee_cells, summed in scope_year_counts);
-- - ``counts_``: the counts every share of the year is taken from, per subject (``orgs``,
--   ``cells``, ``members``): how many were rated (or, for members, evaluated), and of them how
--   many were excellent, good or better, not completed / weak, and clean and strong. They are
--   the derived columns of base_org_years, where the rules that turn levels into them are
--   written once;
-- - ``levels_``: how many of each subject were rated at each level (``levels_orgs_htxsnv`` …:
--   the level's code in small letters);
--   ``metrics.yearly.levels_part`` lists every level of the year's scheme (``scheme_code``).
-- One query where there were five: each query's plan costs more than its few rows.
-- Grain: one row = one year.
-- Parameters: $scope (a committee's code, null = the database's own superior), $from_year,
--     $to_year; filters $sectors, $org_types, $orgs (lists, null = all).
-- Columns: year, scheme_code, orgs_total, orgs_committees, orgs_cells, orgs_rated,
--     orgs_clean_strong, members_total, members_exempt, members_suspended, members_new,
--     members_pending, members_evaluated, cells_total, cells_rated, counts_orgs_rated,
--     counts_orgs_excellent, counts_orgs_good, counts_orgs_not_completed,
--     counts_orgs_clean_strong, counts_cells_rated, counts_cells_excellent, counts_cells_good,
--     counts_cells_not_completed, counts_cells_clean_strong, counts_members_rated,
--     counts_members_excellent, counts_members_good, counts_members_not_completed,
--     levels_orgs_tsvm, levels_orgs_htxsnv, levels_orgs_httnv, levels_orgs_htnv,
--     levels_orgs_khtnv, levels_orgs_yk, levels_cells_tsvm, levels_cells_htxsnv,
--     levels_cells_httnv, levels_cells_htnv, levels_cells_khtnv, levels_cells_yk,
--     levels_members_htxsnv, levels_members_httnv, levels_members_htnv, levels_members_khtnv

with filtered as (
    select *
    from filtered_year_counts($scope, $from_year, $to_year, $sectors, $org_types, $orgs)
),

final as (
    select
        year,
        any_value(scheme_code) as scheme_code,
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
        sum(cells_rated)::bigint as cells_rated,
        sum(org_rated)::bigint as counts_orgs_rated,
        sum(org_excellent)::bigint as counts_orgs_excellent,
        sum(org_good)::bigint as counts_orgs_good,
        sum(org_not_completed)::bigint as counts_orgs_not_completed,
        sum(org_clean_strong)::bigint as counts_orgs_clean_strong,
        sum(cells_rated)::bigint as counts_cells_rated,
        sum(cells_excellent)::bigint as counts_cells_excellent,
        sum(cells_good)::bigint as counts_cells_good,
        sum(cells_not_completed)::bigint as counts_cells_not_completed,
        sum(cells_clean_strong)::bigint as counts_cells_clean_strong,
        sum(members_evaluated)::bigint as counts_members_rated,
        sum(members_excellent)::bigint as counts_members_excellent,
        sum(members_good)::bigint as counts_members_good,
        sum(members_not_completed)::bigint as counts_members_not_completed,
        sum(org_level_tsvm)::bigint as levels_orgs_tsvm,
        sum(org_level_htxsnv)::bigint as levels_orgs_htxsnv,
        sum(org_level_httnv)::bigint as levels_orgs_httnv,
        sum(org_level_htnv)::bigint as levels_orgs_htnv,
        sum(org_level_khtnv)::bigint as levels_orgs_khtnv,
        sum(org_level_yk)::bigint as levels_orgs_yk,
        sum(cells_tsvm)::bigint as levels_cells_tsvm,
        sum(cells_htxsnv)::bigint as levels_cells_htxsnv,
        sum(cells_httnv)::bigint as levels_cells_httnv,
        sum(cells_htnv)::bigint as levels_cells_htnv,
        sum(cells_khtnv)::bigint as levels_cells_khtnv,
        sum(cells_yk)::bigint as levels_cells_yk,
        sum(members_htxsnv)::bigint as levels_members_htxsnv,
        sum(members_httnv)::bigint as levels_members_httnv,
        sum(members_htnv)::bigint as levels_members_htnv,
        sum(members_khtnv)::bigint as levels_members_khtnv
    from filtered
    group by year
)

select * from final
order by year
