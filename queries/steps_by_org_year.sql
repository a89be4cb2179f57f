-- The three steps of each base organization's level (QĐ 124-QĐ/TW, Điều 11): its own
-- assessment, the organization board's appraisal and proposal, and the decision (the result's
-- level), with the ranks that say whether a later step moved the level down or up. Every base
-- organization of the years is a row: one without any step recorded has them null.
-- Grain: one row = one base organization × year.
-- Parameters: $scope (a committee's code, null = the database's own superior), $from_year,
--     $to_year; filters $sectors, $org_types, $orgs (lists, null = all).
-- Columns: year, org_code, org_name, org_type, sector, org_level, org_rank, self_level,
--     self_rank, self_score, appraised_level, appraised_rank, appraised_score, decision_no,
--     decision_date, has_steps

with filtered as (
    select year, org_code, org_name, org_type, sector, scheme_code, org_level, org_rank
    from filtered_base_org_years($scope, $from_year, $to_year, $sectors, $org_types, $orgs)
),

ranks as (
    select scheme_code, level_code, level_rank
    from levels
    where level_kind = 'org'
),

final as (
    select
        filtered.year,
        filtered.org_code,
        filtered.org_name,
        filtered.org_type,
        filtered.sector,
        filtered.org_level,
        filtered.org_rank,
        steps.self_level,
        own.level_rank as self_rank,
        steps.self_score,
        steps.appraised_level,
        board.level_rank as appraised_rank,
        steps.appraised_score,
        steps.decision_no,
        steps.decision_date,
        steps.org_code is not null as has_steps
    from filtered
    left join org_steps as steps using (year, org_code)
    left join ranks as own
        on own.scheme_code = filtered.scheme_code and own.level_code = steps.self_level
    left join ranks as board
        on board.scheme_code = filtered.scheme_code and board.level_code = steps.appraised_level
)

select * from final
order by year, sector, org_name, org_code
