-- Quy định 366-QĐ/TW (from the 2025 evaluation): base organizations whose level and score may
-- not agree. A level above the score's band (the rank of its level: 1 + how many of the floors
-- $band_floors lie above it; ``domain.levels.SCORE_BANDS``) breaks the band (above_band); an
-- organization rated HTXSNV must also have done all its tasks, at least $exceeded_share % of
-- them beyond the requirement, and have no member of its leadership or subordinate
-- organization disciplined in the year. A condition without data is unknown (null), not
-- failed. Only the organizations above their band or rated HTXSNV are listed: nationally the
-- others are nine rows in ten, and reading them cost 0,25 s of every check.
-- Grain: one row = one committee × one rated base organization above its band or rated HTXSNV.
-- Parameters: $scopes (the committees checked under, each among its own organizations;
--     null = the database's own superior), $year, $exceeded_share, $band_floors (the lowest
--     score of each band but the last, best first)
-- Columns: scope_code, org_code, org_name, org_level, org_rank, score, band_rank, above_band,
--     tasks_completed, tasks_exceeded_pct, disciplined, exceeded_ok

with results as (
    select scope_code, org_code, org_name, org_level, org_rank
    from scoped_base_org_years($scopes, $year, $year)
    where org_level is not null
),

scores as (
    select org_code, score, tasks_completed, tasks_exceeded_pct, disciplined
    from org_scores
    where year = $year and quarter = 0
),

banded as (
    select
        results.scope_code,
        results.org_code,
        results.org_name,
        results.org_level,
        results.org_rank,
        scores.score,
        case when scores.score is not null
            then 1 + len(list_filter($band_floors, lambda floor: floor > scores.score))
        end as band_rank,
        scores.tasks_completed,
        scores.tasks_exceeded_pct,
        scores.disciplined
    from results
    left join scores using (org_code)
),

final as (
    select
        scope_code,
        org_code,
        org_name,
        org_level,
        org_rank,
        score,
        band_rank,
        coalesce(org_rank < band_rank, false) as above_band,
        tasks_completed,
        tasks_exceeded_pct,
        disciplined,
        tasks_exceeded_pct >= $exceeded_share as exceeded_ok
    from banded
)

select * from final
where above_band or org_level = 'HTXSNV'
order by scope_code, org_code
