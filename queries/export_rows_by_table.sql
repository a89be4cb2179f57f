-- How many rows each table the data export writes holds: one sheet of the export each, which
-- the importer reads only up to its limit of rows (a national history's cell results are
-- 3,2 million rows), so the export is refused before it is built when one would not fit.
-- Grain: one row = one table an import writes.
-- Parameters: none
-- Columns: table_name, row_count

with final as (
    select 'organizations' as table_name, count(*) as row_count from organizations
    union all select 'lineage_events', count(*) from lineage_events
    union all select 'org_results', count(*) from org_results
    union all select 'cell_results', count(*) from cell_results
    union all select 'org_scores', count(*) from org_scores
    union all select 'targets', count(*) from targets
    union all select 'org_steps', count(*) from org_steps
    union all select 'org_statuses', count(*) from org_statuses
    union all select 'remediation_items', count(*) from remediation_items
    union all select 'remediation_reports', count(*) from remediation_reports
)

select * from final
order by table_name
