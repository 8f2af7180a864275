-- Tables of the warehouse. Written only by etl/load.py into a fresh file; pages read the views (views.sql).
-- Money is exact: integer 分 (fen) in BIGINT columns ending in _fen; 1 万元 = 1,000,000 分.
-- Offsets (start_offset, end_offset) index documents.text; snippet = text[start_offset:end_offset].

-- One row per distinct file content (sha256), and one per further report a file holds (path#2…, sha256 of
-- "<file sha256>#n"); copies of the same bytes are listed in duplicate_paths.
CREATE TABLE documents (
    report_key      VARCHAR PRIMARY KEY,   -- first 12 hex digits of sha256(file bytes)
    path            VARCHAR NOT NULL,      -- first path (sorted) holding these bytes, relative to the data folder
    file_name       VARCHAR NOT NULL,
    sha256          VARCHAR NOT NULL,
    format          VARCHAR NOT NULL,      -- file extension without the dot: txt, md, docx, pdf, xlsx, html ...
    size_bytes      BIGINT NOT NULL,
    modified_ns     BIGINT,                -- the file's mtime (ns) when hashed: with size_bytes, spares a re-hash
    text            VARCHAR,               -- Document.text as read; NULL when the file could not be read
    encoding        VARCHAR,
    parse_status    VARCHAR NOT NULL,      -- parsed | reused | read_error | parse_error | internal_error
    parser_version  VARCHAR NOT NULL,
    report_json     VARCHAR,               -- the parsed Report (before corrections) as JSON, for incremental reuse
    checks_key      VARCHAR,               -- sha256 of (check code, file sha256, corrected report JSON)
    checks_json     VARCHAR,               -- findings of run_checks for that key, reused while the key is unchanged
    rows_key        VARCHAR,               -- sha256 of (row code, report key, corrections): rows copied while unchanged
    duplicate_paths VARCHAR[] NOT NULL,    -- other paths with byte-identical content (loaded once)
    build_id        VARCHAR NOT NULL       -- build that parsed (or reused) this document
);

-- One row per parsed report: identity, jurisdiction and scalar figures (after corrections).
CREATE TABLE reports (
    report_key            VARCHAR PRIMARY KEY,
    unit_name             VARCHAR,
    province              VARCHAR,
    prefecture            VARCHAR,
    county                VARCHAR,
    admin_level           VARCHAR,         -- national (中国残联) | province | prefecture | county | township
    admin_code            VARCHAR,         -- 6-digit administrative division code
    province_code         VARCHAR,         -- admin_code's first two digits + 0000
    prefecture_code       VARCHAR,         -- admin_code's first four digits + 00 (NULL at province level)
    fiscal_year           INTEGER,
    report_scope          VARCHAR,         -- department | project
    evaluation_type       VARCHAR,         -- self | external
    project_name          VARCHAR,
    execution_rate_pct    DOUBLE,          -- as stated in the report
    income_total_fen      BIGINT,
    income_fiscal_fen     BIGINT,
    income_gov_fund_fen   BIGINT,
    income_other_fen      BIGINT,
    spend_total_fen       BIGINT,
    spend_basic_fen       BIGINT,
    spend_project_fen     BIGINT,
    score_total           DOUBLE,
    score_max             DOUBLE,
    grade                 VARCHAR,         -- 优 | 良 | 中 | 差
    problems              VARCHAR,
    measures              VARCHAR,
    warnings              VARCHAR[] NOT NULL,  -- parser warnings
    is_duplicate_identity BOOLEAN NOT NULL      -- another report has the same unit/admin code, year and scope
);

-- Budget figures as one measure with a phase, so plan against actual is one query.
CREATE TABLE budget_amounts (
    report_key  VARCHAR NOT NULL,
    phase       VARCHAR NOT NULL,          -- initial (年初预算) | adjusted (全年预算) | executed (执行数)
    phase_order INTEGER NOT NULL,          -- 1 | 2 | 3
    amount_fen  BIGINT NOT NULL,
    PRIMARY KEY (report_key, phase)
);

-- Every extracted scalar value with its evidence; kept = the value the report record keeps for the field,
-- alternatives (other values the report states for the same field) have kept = false.
CREATE TABLE facts (
    report_key        VARCHAR NOT NULL,
    field             VARCHAR NOT NULL,    -- a SCALAR_FIELDS name, or dimension_score:<raw name> etc. for alternatives
    ordinal           INTEGER NOT NULL,    -- 0 for the kept value, 1.. for alternatives in report order
    kept              BOOLEAN NOT NULL,
    value_num         DOUBLE,              -- numeric value (money in 万元), NULL for text
    value_fen         BIGINT,              -- money fields in 分
    value_text        VARCHAR,             -- the value as text (numbers too)
    method            VARCHAR,             -- exact | normalised | derived | corrected
    start_offset      INTEGER,
    end_offset        INTEGER,
    snippet           VARCHAR,
    source            VARCHAR NOT NULL,    -- parsed | corrected
    parsed_value_text VARCHAR,             -- the value the parser found (kept when corrected)
    correction_reason VARCHAR,
    correction_author VARCHAR,
    correction_date   VARCHAR,
    PRIMARY KEY (report_key, field, ordinal)
);

-- First-level scores of the report's framework: raw name as written, canonical name mapped.
CREATE TABLE dimension_scores (
    report_key   VARCHAR NOT NULL,
    ordinal      INTEGER NOT NULL,
    raw_name     VARCHAR NOT NULL,
    canonical    VARCHAR,
    max_points   DOUBLE,
    score        DOUBLE,
    method       VARCHAR,
    start_offset INTEGER,
    end_offset   INTEGER,
    snippet      VARCHAR,
    PRIMARY KEY (report_key, ordinal)
);

-- Scored third-level indicators (三级指标) with target, actual and whether the target was met.
CREATE TABLE indicators (
    report_key        VARCHAR NOT NULL,
    row_no            INTEGER NOT NULL,    -- 1-based order in the report
    goal              VARCHAR,
    level1            VARCHAR,
    level2            VARCHAR,
    level3            VARCHAR NOT NULL,
    target_text       VARCHAR,
    target_value      DOUBLE,
    target_unit       VARCHAR,
    comparator        VARCHAR,             -- of the target: ≥ ≤ = > <
    actual_text       VARCHAR,
    actual_value      DOUBLE,
    actual_unit       VARCHAR,
    actual_comparator VARCHAR,
    points            DOUBLE,              -- 分值 (maximum)
    score             DOUBLE,              -- 得分
    note              VARCHAR,             -- 偏差原因分析及改进措施
    met               BOOLEAN,             -- target met (etl/targets.py); NULL when not comparable
    start_offset      INTEGER,
    end_offset        INTEGER,
    snippet           VARCHAR,
    PRIMARY KEY (report_key, row_no)
);

-- Spending lines with a category from etl/categories.py.
CREATE TABLE spending_items (
    report_key   VARCHAR NOT NULL,
    ordinal      INTEGER NOT NULL,
    name         VARCHAR NOT NULL,
    category     VARCHAR NOT NULL,         -- 康复 教育 就业 托养与社保 无障碍 文化体育 宣传 维权信访 组织建设 运行保障 其他
    kind         VARCHAR NOT NULL,         -- project | basic
    budget_fen   BIGINT,
    amount_fen   BIGINT,
    start_offset INTEGER,
    end_offset   INTEGER,
    snippet      VARCHAR,
    PRIMARY KEY (report_key, ordinal)
);

-- Stated totals with their stated parts (for drill-down of parts_sum_to_total findings).
CREATE TABLE breakdowns (
    report_key   VARCHAR NOT NULL,
    label        VARCHAR NOT NULL,         -- income | spend | spend_basic | spend_project | staff | funding | funding_* (see docs)
    ordinal      INTEGER NOT NULL,         -- 0 for the total, 1.. for the parts
    field        VARCHAR NOT NULL,
    value_num    DOUBLE,
    value_fen    BIGINT,
    start_offset INTEGER,
    end_offset   INTEGER,
    snippet      VARCHAR,
    PRIMARY KEY (report_key, label, ordinal)
);

-- Self-consistency findings (etl/validate.py), run on the corrected report, plus duplicate_report across reports.
CREATE TABLE checks (
    report_key VARCHAR NOT NULL,
    ordinal    INTEGER NOT NULL,
    check_id   VARCHAR NOT NULL,
    severity   VARCHAR NOT NULL,           -- error | warning | info
    message    VARCHAR NOT NULL,           -- Chinese, for an analyst
    field      VARCHAR,
    a_snippet  VARCHAR,
    a_start    INTEGER,
    a_end      INTEGER,
    b_snippet  VARCHAR,
    b_start    INTEGER,
    b_end      INTEGER,
    PRIMARY KEY (report_key, ordinal)
);

-- Files that did not become a report, with the stage and the reason.
CREATE TABLE load_errors (
    build_id   VARCHAR NOT NULL,
    path       VARCHAR NOT NULL,
    file_name  VARCHAR NOT NULL,
    stage      VARCHAR NOT NULL,           -- read | parse | internal
    reason     VARCHAR NOT NULL,           -- Chinese where the reader/parser gives it; internal: exception type + text
    error_type VARCHAR NOT NULL            -- ReadError | ParseError | the Python exception type
);

-- Every successful build of this warehouse (history carried over from the previous file).
CREATE TABLE build_runs (
    build_id              VARCHAR PRIMARY KEY,  -- ASCII, e.g. 20261123T121500Z-3f2a
    started_at            TIMESTAMP NOT NULL,   -- UTC
    finished_at           TIMESTAMP NOT NULL,   -- UTC, before the swap
    data_dir              VARCHAR NOT NULL,
    files_seen            INTEGER NOT NULL,
    parsed                INTEGER NOT NULL,
    reused                INTEGER NOT NULL,
    failed                INTEGER NOT NULL,
    duplicates            INTEGER NOT NULL,     -- files byte-identical to another file (loaded once)
    n_checks              INTEGER NOT NULL,
    corrections_applied   INTEGER NOT NULL,
    corrections_unmatched INTEGER NOT NULL,     -- including malformed rows
    parser_version        VARCHAR NOT NULL,
    workers               INTEGER NOT NULL,
    full_rebuild          BOOLEAN NOT NULL,
    seconds               DOUBLE NOT NULL,
    status                VARCHAR NOT NULL,     -- succeeded (a failed build leaves no row: the live file is untouched)
    views_sha256          VARCHAR               -- sha256 of the views.sql this build wrote (NULL before it was kept)
);

-- Rows of corrections.csv as read at this build, each applied or unmatched with the problem.
CREATE TABLE corrections (
    row_no     INTEGER PRIMARY KEY,        -- line number in corrections.csv (header is line 1)
    report_key VARCHAR,
    field      VARCHAR,
    value      VARCHAR,
    reason     VARCHAR,
    author     VARCHAR,
    date       VARCHAR,
    status     VARCHAR NOT NULL,           -- applied | unmatched
    problem    VARCHAR                     -- Chinese: why it did not apply (NULL when applied)
);
