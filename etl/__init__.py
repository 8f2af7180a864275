"""ETL for 残联 budget-performance reports: files → text → typed records → DuckDB warehouse."""

PARSER_VERSION = "1"
