-- The scores out of 100 (Quy định 366-QĐ/TW, from the 2025 evaluation) of the base
-- organizations counted, by band each year: the band a score falls in (the rank of its level:
-- 1 + how many of the floors $band_floors lie above it; ``domain.levels.SCORE_BANDS``) and how
-- many of those were rated at the band's level, above it (a finding: the band is necessary) or
-- below it (allowed: not sufficient). A row without a score is not counted.
-- Grain: one row = one year × band.
-- Parameters: $scope (a committee's code, null = the database's own superior), $from_year,
--     $to_year; filters $sectors, $org_types, $orgs (lists, null = all); $band_floors (the
--     lowest score of each band but the last, best first).
-- Columns: year, band, n, same_level, above_band, below_band, mean_score

with filtered as (
    select *
    from filtered_base_org_years($scope, $from_year, $to_year, $sectors, $org_types, $orgs)
),

scored as (
    select
        filtered.year,
        scores.score,
        filtered.org_rank,
        1 + len(list_filter($band_floors, lambda floor: floor > scores.score)) as band
    from filtered
    join org_scores as scores
        on scores.year = filtered.year and scores.org_code = filtered.org_code
        and scores.quarter = 0
    where scores.score is not null
),

final as (
    select
        year,
        band,
        count(*) as n,
        count(*) filter (where org_rank = band) as same_level,
        count(*) filter (where org_rank < band) as above_band,
        count(*) filter (where org_rank > band) as below_band,
        round(avg(score), 2) as mean_score
    from scored
    group by year, band
)

select * from final
order by year, band
