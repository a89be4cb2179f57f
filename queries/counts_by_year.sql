-- The counts every share of a year is taken from, per subject: how many were rated (or, for
-- members, evaluated), and of them how many were excellent, good or better, not completed /
-- weak, and clean and strong. The counts are the derived columns of base_org_years, where the
-- rules that turn levels into them are written once, summed per committee by every write
-- (scope_year_counts, read through filtered_year_counts).
-- Grain: one row = one year × subject.
-- Parameters: $scope (a committee's code, null = the database's own superior), $from_year,
--     $to_year; filters $sectors, $org_types, $orgs (lists, null = all).
-- Columns: year, scheme_code, subject, rated, excellent, good, not_completed, clean_strong

with filtered as (
    select *
    from filtered_year_counts($scope, $from_year, $to_year, $sectors, $org_types, $orgs)
),

yearly as (
    select
        year,
        any_value(scheme_code) as scheme_code,
        sum(org_rated) as orgs_rated,
        sum(org_excellent) as orgs_excellent,
        sum(org_good) as orgs_good,
        sum(org_not_completed) as orgs_not_completed,
        sum(org_clean_strong) as orgs_clean_strong,
        sum(cells_rated) as cells_rated,
        sum(cells_excellent) as cells_excellent,
        sum(cells_good) as cells_good,
        sum(cells_not_completed) as cells_not_completed,
        sum(cells_clean_strong) as cells_clean_strong,
        sum(members_evaluated) as members_rated,
        sum(members_excellent) as members_excellent,
        sum(members_good) as members_good,
        sum(members_not_completed) as members_not_completed
    from filtered
    group by year
),

final as (
    select
        year, scheme_code, 'base_orgs' as subject, orgs_rated as rated,
        orgs_excellent as excellent, orgs_good as good, orgs_not_completed as not_completed,
        orgs_clean_strong as clean_strong
    from yearly
    union all
    select
        year, scheme_code, 'subordinate_cells', cells_rated, cells_excellent, cells_good,
        cells_not_completed, cells_clean_strong
    from yearly
    union all
    select
        year, scheme_code, 'members', members_rated, members_excellent, members_good,
        members_not_completed, null
    from yearly
)

select
    year,
    scheme_code,
    subject,
    rated::bigint as rated,
    excellent::bigint as excellent,
    good::bigint as good,
    not_completed::bigint as not_completed,
    clean_strong::bigint as clean_strong
from final
order by year, subject
