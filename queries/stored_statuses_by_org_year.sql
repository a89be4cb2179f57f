-- Every stored status of an evaluation (why an organization was not rated, or that it was
-- rated late; its members not yet evaluated by reason), in the columns of the import format.
-- Grain: one row = one organization × year.
-- Parameters: none
-- Columns: year, org_code, status, reference, status_date, members_paused, members_absent

with final as (
    select year, org_code, status, reference, status_date, members_paused, members_absent
    from org_statuses
)

select * from final
order by year, org_code
