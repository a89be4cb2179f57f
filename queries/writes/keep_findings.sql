-- Does: adds the rule findings given, a list per column, numbered in the order the checks gave
-- them after any kept (none: ``metrics.rules.keep_findings`` forgets those first). Runs inside
-- the write's transaction.
-- Grain: one row written = one finding.
-- Parameters: $years, $rules, $org_codes, $messages, $sources, $titles
-- Columns: none (DuckDB's count of rows written)

insert into rule_findings (position, year, rule, org_code, message, source, title)
select
    (select coalesce(max(position), 0) from rule_findings) + generate_subscripts($years, 1),
    unnest($years),
    unnest($rules),
    unnest($org_codes),
    unnest($messages),
    unnest($sources),
    unnest($titles)
