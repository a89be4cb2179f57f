-- The scores out of 100 (Quy định 366-QĐ/TW, from the 2025 evaluation) of the base
-- organizations counted, by band each year: the band a score falls in (≥ 90 xuất sắc, 70–< 90
-- tốt, 50–< 70 hoàn thành, < 50 không hoàn thành) and how many of those were rated at the
-- band's level, above it (a finding: the band is necessary) or below it (allowed: not
-- sufficient).
-- Grain: one row = one year × band.
-- Parameters: $scope (a committee's code, null = the database's own superior), $from_year,
--     $to_year; filters $sectors, $org_types, $orgs (lists, null = all).
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
        case when scores.score >= 90 then 1 when scores.score >= 70 then 2
            when scores.score >= 50 then 3 else 4 end as band
    from filtered
    join org_scores as scores
        on scores.year = filtered.year and scores.org_code = filtered.org_code
        and scores.quarter = 0
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
