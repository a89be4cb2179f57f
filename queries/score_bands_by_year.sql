-- The scores out of 100 (Quy định 366-QĐ/TW, from the 2025 evaluation) of the base
-- organizations counted, by band each year: the band a score falls in (the rank of its level:
-- 1 + how many of the floors $band_floors lie above it; ``domain.levels.SCORE_BANDS``) and how
-- many of those were rated at the band's level, above it (a finding: the band is necessary) or
-- below it (allowed: not sufficient). A row without a score is not counted. Read from the
-- committee's stored sums by whole point (scope_year_scores): a floor is a whole point, so the
-- whole point tells the band.
-- Grain: one row = one year × band.
-- Parameters: $scope (a committee's code, null = the database's own superior), $from_year,
--     $to_year; filters $sectors, $org_types, $orgs (lists, null = all); $band_floors (the
--     lowest score of each band but the last, best first).
-- Columns: year, band, n, same_level, above_band, below_band, mean_score

with points as (
    select *
    from filtered_score_points($scope, $from_year, $to_year, $sectors, $org_types, $orgs)
),

banded as (
    select
        year,
        org_rank,
        n,
        score_sum,
        1 + len(list_filter($band_floors, lambda floor: floor > score_point)) as band
    from points
),

final as (
    select
        year,
        band,
        sum(n)::bigint as n,
        coalesce(sum(n) filter (where org_rank = band), 0)::bigint as same_level,
        coalesce(sum(n) filter (where org_rank < band), 0)::bigint as above_band,
        coalesce(sum(n) filter (where org_rank > band), 0)::bigint as below_band,
        round(sum(score_sum) / sum(n), 2) as mean_score
    from banded
    group by year, band
)

select * from final
order by year, band
