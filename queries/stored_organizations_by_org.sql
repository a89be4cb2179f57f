-- The catalogue as stored, in the columns of the import format: what an import compares the
-- file's rows against, and what the data export writes back (in this order: the superior
-- committees, the base committees and their partial committees and cells, the base cells).
-- Grain: one row = one node of the tree ever recorded.
-- Parameters: $codes (null = every node; else only these codes: the organizations a file that
--     adds none of its own names)
-- Columns: org_code, org_name, org_type, parent_code, sector, active_from, active_to,
--     successor_code, founded, ended

with final as (
    select
        org_code,
        org_name,
        org_type,
        parent_code,
        sector,
        active_from,
        active_to,
        successor_code,
        founded,
        ended
    from organizations
    where $codes is null or org_code in (select unnest($codes))
)

select * from final
order by
    case
        when org_type like '%_committee' and org_type not in ('base_committee',
                                                              'partial_committee') then 0
        when org_type = 'base_committee' then 1
        when org_type in ('partial_committee', 'subordinate_cell') then 2
        else 3
    end,
    coalesce(parent_code, ''),
    org_code
