-- Every stored record of the three steps of an organization's level (its own assessment, the
-- board's appraisal and proposal, the decision's number and day), in the columns of the import
-- format: what an import compares the file's rows against, and what the data export writes.
-- Grain: one row = one organization × year.
-- Parameters: none
-- Columns: year, org_code, self_level, self_score, appraised_level, appraised_score,
--     decision_no, decision_date

with final as (
    select
        year, org_code, self_level, self_score, appraised_level, appraised_score, decision_no,
        decision_date
    from org_steps
)

select * from final
order by year, org_code
