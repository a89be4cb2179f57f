-- The quarterly reports on the remediation plans of the base organizations a committee directs
-- (as ``remediation_items_by_item`` chooses the plans): per item and quarter, the status, what
-- was done, the board's assessment and the day the report came in.
-- Grain: one row = one item × quarter reported.
-- Parameters: $scope (a committee's code, null = the database's own superior); $orgs (a list of
--     organization codes, null = all).
-- Columns: plan_year, org_code, org_name, item_no, report_year, report_quarter, item_status,
--     done_text, assessment, reported_on

with reports as (
    select reports.*
    from remediation_reports as reports
    where ($orgs is null or list_contains($orgs, reports.org_code))
        and directs_plan($scope, reports.org_code, reports.plan_year)
),

final as (
    select
        reports.plan_year,
        reports.org_code,
        orgs.org_name,
        reports.item_no,
        reports.report_year,
        reports.report_quarter,
        reports.item_status,
        reports.done_text,
        reports.assessment,
        reports.reported_on
    from reports
    join organizations as orgs using (org_code)
)

select * from final
order by plan_year, org_code, item_no, report_year, report_quarter
