-- Every stored quarterly report on an item of a remediation plan, in the columns of the import
-- format.
-- Grain: one row = one item × quarter reported.
-- Parameters: none
-- Columns: plan_year, org_code, item_no, report_year, report_quarter, item_status, done_text,
--     assessment, reported_on

with final as (
    select
        plan_year, org_code, item_no, report_year, report_quarter, item_status, done_text,
        assessment, reported_on
    from remediation_reports
)

select * from final
order by plan_year, org_code, item_no, report_year, report_quarter
