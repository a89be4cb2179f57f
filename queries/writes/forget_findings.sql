-- Does: removes every kept rule finding, before a write keeps those of its data
-- (``metrics.rules.keep_findings``). Runs inside the write's transaction.
-- Grain: every row of rule_findings removed.
-- Parameters: none
-- Columns: none (DuckDB's count of rows written)

delete from rule_findings
