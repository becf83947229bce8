-- requires: decode/findings.sql
-- requires: compare/family.sql
-- A/B comparison of two runs' decode: step and busy time, categories,
-- backends and kernel families, with regressions beyond a threshold (%).
-- Table macros: call as `FROM compare_categories(base_run, cand_run, 5)`.

-- Step time and busy time of the baseline and the candidate.
CREATE OR REPLACE TEMP MACRO compare_steps(base, cand, threshold) AS TABLE
WITH s AS (
  SELECT run_id, median(span_ns) / 1000.0 AS step_us, median(busy_ns) / 1000.0 AS busy_us,
         100.0 * sum(idle_ns) / nullif(sum(span_ns), 0) AS idle_pct, count(*) AS steps
  FROM decode_steps WHERE used AND run_id IN (base, cand) GROUP BY run_id
)
SELECT b.step_us AS base_step_us,            -- baseline median step (µs)
       c.step_us AS cand_step_us,            -- candidate median step (µs)
       100.0 * (c.step_us - b.step_us) / nullif(b.step_us, 0) AS step_delta_pct,   -- + is slower
       b.busy_us AS base_busy_us,            -- baseline median busy (µs)
       c.busy_us AS cand_busy_us,            -- candidate median busy (µs)
       100.0 * (c.busy_us - b.busy_us) / nullif(b.busy_us, 0) AS busy_delta_pct,   -- + is slower
       b.idle_pct AS base_idle_pct, c.idle_pct AS cand_idle_pct,
       b.steps AS base_steps, c.steps AS cand_steps,
       coalesce(100.0 * (c.step_us - b.step_us) / nullif(b.step_us, 0) > threshold, false) AS step_regression,
       coalesce(100.0 * (c.busy_us - b.busy_us) / nullif(b.busy_us, 0) > threshold, false) AS busy_regression
FROM (SELECT * FROM s WHERE run_id = base) b FULL JOIN (SELECT * FROM s WHERE run_id = cand) c ON true;

-- Per category: µs per step in each run and the change.
CREATE OR REPLACE TEMP MACRO compare_categories(base, cand, threshold) AS TABLE
WITH b AS (SELECT category, us_per_step, pct FROM decode_categories WHERE run_id = base),
     c AS (SELECT category, us_per_step, pct FROM decode_categories WHERE run_id = cand)
SELECT coalesce(b.category, c.category) AS category,    -- category
       coalesce(b.us_per_step, 0) AS base_us,            -- baseline µs per step
       coalesce(c.us_per_step, 0) AS cand_us,            -- candidate µs per step
       coalesce(b.pct, 0) AS base_pct, coalesce(c.pct, 0) AS cand_pct,
       CASE WHEN coalesce(b.us_per_step, 0) > 0
            THEN 100.0 * (coalesce(c.us_per_step, 0) - b.us_per_step) / b.us_per_step END AS delta_pct,  -- + is slower; NULL when new
       coalesce(c.us_per_step, 0) - coalesce(b.us_per_step, 0) AS delta_us,
       (coalesce(c.us_per_step, 0) - coalesce(b.us_per_step, 0) > 1.0)
         AND (b.us_per_step IS NULL OR 100.0 * (c.us_per_step - b.us_per_step) / b.us_per_step > threshold)
         AS regression                                    -- slower by more than threshold % (and 1 µs)
FROM b FULL JOIN c USING (category)
ORDER BY greatest(coalesce(b.us_per_step, 0), coalesce(c.us_per_step, 0)) DESC;

-- Per category and backend.
CREATE OR REPLACE TEMP MACRO compare_backends(base, cand, threshold) AS TABLE
WITH b AS (SELECT category, backend, us_per_step, pct FROM decode_backends WHERE run_id = base),
     c AS (SELECT category, backend, us_per_step, pct FROM decode_backends WHERE run_id = cand)
SELECT coalesce(b.category, c.category) AS category, coalesce(b.backend, c.backend) AS backend,
       coalesce(b.us_per_step, 0) AS base_us, coalesce(c.us_per_step, 0) AS cand_us,
       coalesce(b.pct, 0) AS base_pct, coalesce(c.pct, 0) AS cand_pct,
       CASE WHEN coalesce(b.us_per_step, 0) > 0
            THEN 100.0 * (coalesce(c.us_per_step, 0) - b.us_per_step) / b.us_per_step END AS delta_pct,
       (coalesce(c.us_per_step, 0) - coalesce(b.us_per_step, 0) > 1.0)
         AND (b.us_per_step IS NULL OR 100.0 * (c.us_per_step - b.us_per_step) / b.us_per_step > threshold)
         AS regression
FROM b FULL JOIN c ON b.category = c.category AND b.backend = c.backend
ORDER BY greatest(coalesce(b.us_per_step, 0), coalesce(c.us_per_step, 0)) DESC;

-- Backend mix within each category: share of the category's time per
-- backend in each run; a shift is a change of at least 10 points.
CREATE OR REPLACE TEMP MACRO compare_backend_shifts(base, cand) AS TABLE
WITH m AS (
  SELECT run_id, category, backend, 100.0 * us_per_step / sum(us_per_step) OVER (PARTITION BY run_id, category) AS share
  FROM decode_backends WHERE run_id IN (base, cand)
),
b AS (SELECT * FROM m WHERE run_id = base), c AS (SELECT * FROM m WHERE run_id = cand)
SELECT coalesce(b.category, c.category) AS category, coalesce(b.backend, c.backend) AS backend,
       coalesce(b.share, 0) AS base_share_pct,   -- share of the category's time in the baseline
       coalesce(c.share, 0) AS cand_share_pct,   -- ...and in the candidate
       coalesce(c.share, 0) - coalesce(b.share, 0) AS shift_pts  -- + grew in the candidate
FROM b FULL JOIN c ON b.category = c.category AND b.backend = c.backend
WHERE abs(coalesce(c.share, 0) - coalesce(b.share, 0)) >= 10
ORDER BY category, shift_pts;

-- Kernel families in each run, matched by family name.
CREATE OR REPLACE TEMP MACRO compare_kernels(base, cand) AS TABLE
WITH f AS (
  SELECT run_id, kernel_family(name) AS family, any_value(category) AS category,
         string_agg(DISTINCT backend, '/' ORDER BY backend) AS backend,
         sum(us_per_step) AS us_per_step, sum(calls_per_step) AS calls_per_step,
         arg_max(name, us_per_step) AS example
  FROM decode_kernels WHERE run_id IN (base, cand) GROUP BY run_id, kernel_family(name)
),
b AS (SELECT * FROM f WHERE run_id = base), c AS (SELECT * FROM f WHERE run_id = cand)
SELECT coalesce(b.family, c.family) AS family,                  -- normalised kernel family
       coalesce(c.category, b.category) AS category,
       b.backend AS base_backend, c.backend AS cand_backend,
       coalesce(b.us_per_step, 0) AS base_us, coalesce(c.us_per_step, 0) AS cand_us,
       coalesce(b.calls_per_step, 0) AS base_calls, coalesce(c.calls_per_step, 0) AS cand_calls,
       CASE WHEN b.family IS NULL THEN 'new' WHEN c.family IS NULL THEN 'vanished' ELSE 'both' END AS status,
       coalesce(c.example, b.example) AS example                 -- one full name of the family
FROM b FULL JOIN c ON b.family = c.family
ORDER BY greatest(coalesce(b.us_per_step, 0), coalesce(c.us_per_step, 0)) DESC;
