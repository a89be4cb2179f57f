-- The years the data export writes a part of its own for, when it is too large for one
-- workbook: every year some yearly sheet holds rows of (a plan and its reports by the plan's
-- year).
-- Grain: one row = one year.
-- Parameters: none
-- Columns: year

with final as (
    select year from org_results
    union select year from cell_results
    union select year from org_scores
    union select year from org_steps
    union select year from org_statuses
    union select plan_year from remediation_items
    union select plan_year from remediation_reports
)

select year from final
order by year
