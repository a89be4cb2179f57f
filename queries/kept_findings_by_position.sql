-- The rule findings the last write kept (``metrics.rules.keep_findings``: under the database's
-- own superior, every year), of the years $from_year–$to_year, about the organizations $orgs:
-- null = all, with those about whole groups (no org_code); a list = only those naming one of
-- them. In the order the checks gave them.
-- Grain: one row = one finding.
-- Parameters: $from_year, $to_year, $orgs
-- Columns: position, rule, year, org_code, message, source, title

select position, rule, year, org_code, message, source, title
from rule_findings
where year between $from_year and $to_year
    and ($orgs is null or list_contains($orgs, org_code))
order by position
