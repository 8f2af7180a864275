-- Views the pages read (docs/CONTRACTS.md). Pages never touch tables. Money in 万元 (DOUBLE) from integer 分.

CREATE VIEW v_reports AS
WITH budget AS (
    SELECT
        report_key,
        max(amount_fen) FILTER (WHERE phase = 'initial')  AS initial_fen,
        max(amount_fen) FILTER (WHERE phase = 'adjusted') AS adjusted_fen,
        max(amount_fen) FILTER (WHERE phase = 'executed') AS executed_fen
    FROM budget_amounts
    GROUP BY report_key
),
finding_counts AS (
    SELECT
        report_key,
        count(*) AS n_findings,
        count(*) FILTER (WHERE severity = 'error') AS n_errors
    FROM checks
    GROUP BY report_key
),
derived AS (
    SELECT
        r.report_key,
        -- executed ÷ (adjusted, else initial): the adjusted budget is the one the year was spent against
        CASE WHEN coalesce(b.adjusted_fen, b.initial_fen) > 0 AND b.executed_fen IS NOT NULL
             THEN 100.0 * b.executed_fen / coalesce(b.adjusted_fen, b.initial_fen) END AS execution_rate_derived_pct,
        CASE WHEN b.initial_fen > 0 AND b.adjusted_fen IS NOT NULL
             THEN 100.0 * (b.adjusted_fen - b.initial_fen) / b.initial_fen END AS adjustment_rate_pct
    FROM reports r
    LEFT JOIN budget b USING (report_key)
)
SELECT
    r.report_key,
    d.file_name,
    d.path,
    d.format,
    r.unit_name,
    r.province,
    r.prefecture,
    r.county,
    r.admin_level,
    r.admin_code,
    r.province_code,
    r.prefecture_code,
    r.fiscal_year,
    r.report_scope,
    r.evaluation_type,
    r.project_name,
    b.initial_fen / 1000000.0  AS budget_initial_wan,
    b.adjusted_fen / 1000000.0 AS budget_adjusted_wan,
    b.executed_fen / 1000000.0 AS budget_executed_wan,
    r.execution_rate_pct,
    x.execution_rate_derived_pct,
    coalesce(r.execution_rate_pct, x.execution_rate_derived_pct) AS execution_rate_best_pct,
    CASE WHEN r.execution_rate_pct IS NOT NULL THEN 'stated'
         WHEN x.execution_rate_derived_pct IS NOT NULL THEN 'derived' END AS execution_rate_method,
    x.adjustment_rate_pct,
    r.income_total_fen / 1000000.0    AS income_total_wan,
    r.income_fiscal_fen / 1000000.0   AS income_fiscal_wan,
    r.income_gov_fund_fen / 1000000.0 AS income_gov_fund_wan,
    r.income_other_fen / 1000000.0    AS income_other_wan,
    r.spend_total_fen / 1000000.0     AS spend_total_wan,
    r.spend_basic_fen / 1000000.0     AS spend_basic_wan,
    r.spend_project_fen / 1000000.0   AS spend_project_wan,
    r.score_total,
    r.score_max,
    r.grade,
    coalesce(f.n_findings, 0) AS n_findings,
    coalesce(f.n_errors, 0)   AS n_errors,
    r.is_duplicate_identity,
    r.problems,
    r.measures,
    len(r.warnings) AS n_warnings,
    r.warnings
FROM reports r
JOIN documents d USING (report_key)
LEFT JOIN budget b USING (report_key)
LEFT JOIN derived x USING (report_key)
LEFT JOIN finding_counts f USING (report_key);

CREATE VIEW v_budget_phases AS
SELECT
    a.report_key,
    r.unit_name,
    r.admin_code,
    r.fiscal_year,
    r.report_scope,
    a.phase,
    a.phase_order,
    a.amount_fen / 1000000.0 AS amount_wan
FROM budget_amounts a
JOIN reports r USING (report_key);

CREATE VIEW v_facts AS
SELECT
    report_key,
    field,
    value_num,
    value_text,
    method,
    start_offset,
    end_offset,
    snippet,
    source,
    parsed_value_text,
    correction_reason,
    correction_author,
    value_fen / 1000000.0 AS value_wan,
    correction_date
FROM facts
WHERE kept;

-- Other values a report states for the same field (what figure_stated_twice findings point at).
CREATE VIEW v_fact_alternatives AS
SELECT report_key, field, ordinal, value_num, value_text, method, start_offset, end_offset, snippet
FROM facts
WHERE NOT kept;

CREATE VIEW v_dimension_scores AS
SELECT
    report_key,
    raw_name,
    canonical,
    max_points,
    score,
    CASE WHEN max_points > 0 THEN score / max_points END AS score_rate,
    start_offset,
    end_offset,
    snippet,
    ordinal
FROM dimension_scores;

CREATE VIEW v_indicators AS
SELECT
    report_key,
    row_no,
    goal,
    level1,
    level2,
    level3,
    target_text,
    target_value,
    target_unit,
    comparator,
    actual_text,
    actual_value,
    actual_unit,
    points,
    score,
    note,
    met,
    start_offset,
    end_offset,
    snippet
FROM indicators;

CREATE VIEW v_spending_items AS
SELECT
    report_key,
    name,
    category,
    kind,
    budget_fen / 1000000.0 AS budget_wan,
    amount_fen / 1000000.0 AS amount_wan,
    start_offset,
    end_offset,
    snippet,
    ordinal
FROM spending_items;

CREATE VIEW v_checks AS
SELECT
    report_key,
    check_id,
    severity,
    message,
    field,
    a_snippet,
    a_start,
    a_end,
    b_snippet,
    b_start,
    b_end,
    ordinal
FROM checks;

CREATE VIEW v_documents AS
SELECT
    report_key,
    path,
    file_name,
    sha256,
    format,
    size_bytes,
    parse_status,
    parser_version,
    text,
    encoding,
    duplicate_paths
FROM documents;

CREATE VIEW v_load_errors AS
SELECT build_id, path, file_name, stage, reason, error_type
FROM load_errors;

CREATE VIEW v_build_runs AS
SELECT
    build_id,
    started_at,
    finished_at,
    files_seen,
    parsed,
    reused,
    failed,
    n_checks,
    parser_version,
    status,
    duplicates,
    corrections_applied,
    corrections_unmatched,
    seconds,
    workers,
    full_rebuild,
    data_dir
FROM build_runs;

CREATE VIEW v_corrections AS
SELECT report_key, field, value, reason, author, date, status, problem, row_no
FROM corrections;
