-- Why base organizations were not rated, and the statuses recorded for the years: every base
-- organization of the scope without a level (its reason by the one rule, ``unrated_reason``:
-- the status recorded, else founded after 30 June, else not stated), every one with a status
-- recorded (rated late; or a row that only tells its members not yet evaluated apart, by
-- reason), and the organizations the scope directed the year before that were dissolved during
-- the year (no longer standing on 31 December, so outside the year's count).
-- Grain: one row = one organization × year.
-- Parameters: $scope (a committee's code, null = the database's own superior), $from_year,
--     $to_year; filters $sectors, $org_types, $orgs (lists, null = all).
-- Columns: year, org_code, org_name, sector, org_level, status, reason, reference, status_date,
--     members_pending, members_paused, members_absent, standing

with filtered as (
    select year, org_code, org_name, sector, org_level, founded, members_pending
    from filtered_base_org_years($scope, $from_year, $to_year, $sectors, $org_types, $orgs)
),

standing as (
    select
        filtered.year,
        filtered.org_code,
        filtered.org_name,
        filtered.sector,
        filtered.org_level,
        statuses.status,
        unrated_reason(filtered.org_level, statuses.status, filtered.founded, filtered.year)
            as reason,
        statuses.reference,
        statuses.status_date,
        filtered.members_pending,
        coalesce(statuses.members_paused, 0) as members_paused,
        coalesce(statuses.members_absent, 0) as members_absent,
        true as standing
    from filtered
    left join org_statuses as statuses using (year, org_code)
    where filtered.org_level is null or statuses.org_code is not null
),

-- dissolved during the year: a base organization of the scope on 31 December the year before
dissolved as (
    select
        statuses.year,
        statuses.org_code,
        before.org_name,
        before.sector,
        null::varchar as org_level,
        statuses.status,
        'dissolved' as reason,
        statuses.reference,
        statuses.status_date,
        0::bigint as members_pending,
        statuses.members_paused,
        statuses.members_absent,
        false as standing
    from org_statuses as statuses
    join org_years as before
        on before.year = statuses.year - 1 and before.org_code = statuses.org_code
    where statuses.status = 'dissolved'
        and statuses.year between $from_year and $to_year
        and before.org_type in ('base_committee', 'base_cell')
        and matches_filters(before.sector, before.org_type, before.org_code, $sectors,
                            $org_types, $orgs)
        and exists (
            select 1 from scope_orgs as s
            where s.year = before.year and s.org_code = before.org_code
                and s.scope_code = scope_or_own($scope))
),

final as (
    select * from standing
    union all
    select * from dissolved
)

select * from final
order by year, standing desc, reason, org_name, org_code
