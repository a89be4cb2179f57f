-- Quy định 366-QĐ/TW (from the 2025 evaluation): base organizations whose level and score do
-- not agree. A level above the score's band (≥ 90 xuất sắc; 70–< 90 tốt; 50–< 70 hoàn thành;
-- < 50 không hoàn thành) breaks the band; an organization rated HTXSNV must also have done all
-- its tasks, at least $exceeded_share % of them beyond the requirement, and have no member of
-- its leadership or subordinate organization disciplined in the year. A condition without data
-- is unknown (null), not failed.
-- Grain: one row = one committee × one rated base organization with a score or rated HTXSNV.
-- Parameters: $scopes (the committees checked under, each among its own organizations;
--     null = the database's own superior), $year, $exceeded_share
-- Columns: scope_code, org_code, org_name, org_level, org_rank, score, band_rank,
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

final as (
    select
        results.scope_code,
        results.org_code,
        results.org_name,
        results.org_level,
        results.org_rank,
        scores.score,
        case
            when scores.score is null then null
            when scores.score >= 90 then 1
            when scores.score >= 70 then 2
            when scores.score >= 50 then 3
            else 4
        end as band_rank,
        scores.tasks_completed,
        scores.tasks_exceeded_pct,
        scores.disciplined,
        scores.tasks_exceeded_pct >= $exceeded_share as exceeded_ok
    from results
    left join scores using (org_code)
    where scores.score is not null or results.org_level = 'HTXSNV'
)

select * from final
order by scope_code, org_code
