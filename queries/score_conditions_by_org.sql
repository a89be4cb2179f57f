-- Quy định 366-QĐ/TW (from the 2025 evaluation): base organizations whose level and score may
-- not agree. A level above the score's band (the rank of its level: 1 + how many of the floors
-- $band_floors lie above it; ``domain.levels.SCORE_BANDS``) breaks the band (above_band); an
-- organization rated HTXSNV must also have a score of the best band (from its floor, the first
-- of $band_floors), have done all its tasks, at least $exceeded_share % of them beyond the
-- requirement, and have no member of its leadership or subordinate organization disciplined
-- in the year. A condition without data is unknown (null), not failed — but an HTXSNV without
-- a score has not shown the score it needs. Each condition unmet is a column (no_score,
-- score_low, tasks_missed, exceeded_missed, disciplined_found: false when met or unknown),
-- ``unmet`` any of them; the rule check words them (``metrics.rules``). Only the organizations
-- above their band or rated HTXSNV with a condition unmet are listed: nationally the others
-- are all but a few rows (the 13.926 HTXSNV of 2026, each met, cost 20-30 ms of Python in
-- every check), and reading the rest cost 0,25 s.
-- Grain: one row = one year × one committee × one rated base organization above its band or
--     rated HTXSNV with a condition unmet.
-- Parameters: $scopes (the committees checked under, each among its own organizations;
--     null = the database's own superior), $from_year, $to_year (the years checked, each
--     on its own), $orgs (the organizations checked, null = all), $exceeded_share,
--     $band_floors (the lowest score of each band but the last, best first)
-- Columns: year, scope_code, org_code, org_name, org_level, org_rank, score, band_rank, above_band,
--     tasks_completed, tasks_exceeded_pct, disciplined, exceeded_ok, no_score, score_low,
--     tasks_missed, exceeded_missed, disciplined_found, unmet

with results as (
    select year, scope_code, org_code, org_name, org_level, org_rank
    from scoped_base_org_years($scopes, $from_year, $to_year)
    where org_level is not null and matches_filters(null, null, org_code, null, null, $orgs)
),

scores as (
    select year, org_code, score, tasks_completed, tasks_exceeded_pct, disciplined
    from org_scores
    where year between $from_year and $to_year and quarter = 0
),

banded as (
    select
        results.year,
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
    left join scores using (year, org_code)
),

final as (
    select
        year,
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
),

excellent as (
    select
        *,
        org_level = 'HTXSNV' and score is null as no_score,
        org_level = 'HTXSNV' and coalesce(score < $band_floors[1], false) as score_low,
        org_level = 'HTXSNV' and coalesce(not tasks_completed, false) as tasks_missed,
        org_level = 'HTXSNV' and coalesce(not exceeded_ok, false) as exceeded_missed,
        org_level = 'HTXSNV' and coalesce(disciplined, false) as disciplined_found
    from final
)

select
    *,
    no_score or score_low or tasks_missed or exceeded_missed or disciplined_found as unmet
from excellent
where above_band or no_score or score_low or tasks_missed or exceeded_missed
    or disciplined_found
order by year, scope_code, org_code
