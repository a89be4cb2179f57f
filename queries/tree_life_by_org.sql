-- Every node's life span as the tree derives it (the day recorded, else the day an event
-- gives, else the years of existence): what an import's messages say of an organization.
-- Grain: one row = one node.
-- Parameters: $codes (null = every node; else only these: the organizations an import's rows
--     name, when it checks no year's tree whole)
-- Columns: org_code, founded, ended, successor_code

with final as (
    select org_code, founded, ended, successor_code
    from org_life
    where $codes is null or org_code in (select unnest($codes))
)

select * from final
order by org_code
