-- Decode analysis parameters, one row per run that overrides the defaults.
-- Written by lib/analysis/decode.ts from --step-marker and --skip; runs
-- without a row use the defaults (markers by priority, automatic warm-up).
CREATE TEMP TABLE IF NOT EXISTS decode_params (
  run_id INTEGER,        -- the run these parameters apply to
  step_marker VARCHAR,   -- RE2 pattern: markers whose name matches are the steps (NULL: automatic)
  skip INTEGER           -- decode steps to drop as warm-up (NULL: automatic)
);

-- The runs the decode tables are computed for (all runs unless the caller
-- narrows it; lib/store/views.ts fills it).
CREATE TEMP TABLE IF NOT EXISTS decode_scope (
  run_id INTEGER  -- a run to analyse
);

-- Tuning constants of the decode analysis, in one place.
CREATE OR REPLACE TEMP VIEW decode_constants AS
SELECT
  1.5::DOUBLE AS warmup_factor,        -- a leading step this many times the median step is warm-up
  0.15::DOUBLE AS period_max_cv,       -- anchor kernels must recur with gap CV at most this
  0.7::DOUBLE AS period_min_coverage,  -- ...and span at least this share of the dispatches
  0.8::DOUBLE AS partial_step_ratio,   -- unmarked edge steps shorter than this share of a period are dropped
  20000::BIGINT AS launch_gap_ns;      -- gaps between kernels longer than this count as launch gaps
