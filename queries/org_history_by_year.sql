-- One organization through the years: what it was on 31 December of each year (kind, parent,
-- name) and the level it was rated — as a base organization (org_results) or as a subordinate
-- cell (cell_results), whichever it was that year. A hamlet cell of an old commune committee
-- that became a base cell of the new commune in July 2025 shows both. From 2025 (Quy định
-- 366-QĐ/TW) the score out of 100 of the year, when reported (quarters apart).
-- Grain: one row = one year the organization stood.
-- Parameters: $org, $from_year, $to_year
-- Columns: year, org_name, org_type, parent_code, parent_name, org_level, level_rank, score

with years as (
    select year, org_name, org_type, parent_code
    from org_years
    where org_code = $org and year between $from_year and $to_year
),

levels_of_year as (
    select year, scheme_code, org_level from org_results where org_code = $org
    union all
    select year, scheme_code, org_level from cell_results where org_code = $org
),

final as (
    select
        years.year,
        years.org_name,
        years.org_type,
        years.parent_code,
        parent.org_name as parent_name,
        levels_of_year.org_level,
        levels.level_rank,
        scores.score
    from years
    left join org_years as parent
        on parent.year = years.year and parent.org_code = years.parent_code
    left join levels_of_year on levels_of_year.year = years.year
    left join levels
        on levels.scheme_code = levels_of_year.scheme_code
        and levels.level_kind = 'org'
        and levels.level_code = levels_of_year.org_level
    left join org_scores as scores
        on scores.year = years.year and scores.org_code = $org and scores.quarter = 0
)

select * from final
order by year
