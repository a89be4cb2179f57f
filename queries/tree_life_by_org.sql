-- Every node's life span as the tree derives it (the day recorded, else the day an event
-- gives, else the years of existence): what an import's messages say of an organization.
-- Grain: one row = one node.
-- Parameters: none
-- Columns: org_code, founded, ended, successor_code

with final as (
    select org_code, founded, ended, successor_code
    from org_life
)

select * from final
order by org_code
