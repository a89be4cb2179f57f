-- Every stored item of a remediation plan (the shortcoming of a review, the remedy, the
-- deadline), in the columns of the import format.
-- Grain: one row = one item of one organization's plan after the review of one year.
-- Parameters: $codes (null = every organization's; else only the plans of these
--     organizations: those a file's items and reports name)
-- Columns: plan_year, org_code, item_no, shortcoming, remedy, deadline

with final as (
    select plan_year, org_code, item_no, shortcoming, remedy, deadline
    from remediation_items
    where $codes is null or org_code in (select unnest($codes))
)

select * from final
order by plan_year, org_code, item_no
