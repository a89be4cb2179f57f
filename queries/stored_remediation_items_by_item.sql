-- Every stored item of a remediation plan (the shortcoming of a review, the remedy, the
-- deadline), in the columns of the import format.
-- Grain: one row = one item of one organization's plan after the review of one year.
-- Parameters: none
-- Columns: plan_year, org_code, item_no, shortcoming, remedy, deadline

with final as (
    select plan_year, org_code, item_no, shortcoming, remedy, deadline
    from remediation_items
)

select * from final
order by plan_year, org_code, item_no
