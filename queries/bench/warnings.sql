-- requires: bench/ab.sql
-- Warnings about benchmark results that mislead when read as capacity, and
-- about A/B comparisons that compare different things. Severity 'warn' means
-- the numbers should not be trusted as they are; 'info' is context.

-- bench_result_warnings: one row per (result, problem).
--   result_id  INTEGER  bench_results.result_id
--   label      VARCHAR  build label
--   severity   VARCHAR  warn | info
--   code       VARCHAR  failed_requests | ignore_eos_off | ignore_eos_unknown | rate_limited
--   message    VARCHAR  the problem in words
CREATE OR REPLACE TEMP VIEW bench_result_warnings AS
SELECT result_id, label, 'warn' AS severity, 'failed_requests' AS code,
       format('{} of {} requests failed: throughput and latency cover the survivors only',
              failed, coalesce(num_prompts, completed + failed)) AS message
FROM bench_points WHERE failed > 0
UNION ALL
SELECT result_id, label, 'warn', 'ignore_eos_off',
       format('run without --ignore-eos ({}): outputs stop at EOS, so output lengths differ between builds',
              ignore_eos_evidence)
FROM bench_points WHERE ignore_eos = false
UNION ALL
SELECT result_id, label, 'info', 'ignore_eos_unknown',
       'the result does not say whether --ignore-eos was used'
FROM bench_points WHERE ignore_eos IS NULL
UNION ALL
SELECT result_id, label, 'info', 'rate_limited',
       format('request rate {} req/s: throughput follows the offered load, not capacity', request_rate)
FROM bench_points WHERE rate_limited;

-- bench_ab_warnings(baseline, candidate): one row per problem with comparing the two labels.
--   severity  VARCHAR  warn | info
--   code      VARCHAR  no_common_points | unmatched_points | different_hardware | hardware_unknown |
--                      different_model | different_gpu_count | rate_limited_throughput |
--                      failed_requests | ignore_eos_off | ignore_eos_unknown | output_length_differs
--   points    INTEGER  matrix points concerned (NULL when the problem is label-wide)
--   message   VARCHAR  the problem in words
CREATE OR REPLACE TEMP MACRO bench_ab_warnings(baseline, candidate) AS TABLE
WITH b AS (SELECT * FROM _bench_label_points WHERE label = baseline),
c AS (SELECT * FROM _bench_label_points WHERE label = candidate),
pairs AS (
  SELECT b.isl, b.osl, b.concurrency, b.request_rate,
         b.rate_limited OR c.rate_limited AS rate_limited,
         coalesce(b.failed, 0) + coalesce(c.failed, 0) AS failed,
         b.ignore_eos_off OR c.ignore_eos_off AS ignore_eos_off,
         b.ignore_eos_unknown OR c.ignore_eos_unknown AS ignore_eos_unknown,
         b.mean_output_len AS b_out, c.mean_output_len AS c_out
  FROM b JOIN c
    ON b.isl IS NOT DISTINCT FROM c.isl AND b.osl IS NOT DISTINCT FROM c.osl
   AND b.concurrency IS NOT DISTINCT FROM c.concurrency
   AND b.request_rate IS NOT DISTINCT FROM c.request_rate
),
sides AS (
  SELECT
    (SELECT string_agg(DISTINCT h.hw, ', ' ORDER BY h.hw)
       FROM (SELECT unnest(string_split(hardware_key, ', ')) AS hw FROM b) h) AS b_hw,
    (SELECT string_agg(DISTINCT h.hw, ', ' ORDER BY h.hw)
       FROM (SELECT unnest(string_split(hardware_key, ', ')) AS hw FROM c) h) AS c_hw,
    (SELECT string_agg(DISTINCT m.m, ', ' ORDER BY m.m)
       FROM (SELECT unnest(string_split(model, ', ')) AS m FROM b) m) AS b_model,
    (SELECT string_agg(DISTINCT m.m, ', ' ORDER BY m.m)
       FROM (SELECT unnest(string_split(model, ', ')) AS m FROM c) m) AS c_model,
    (SELECT max(gpu_count) FROM b) AS b_gpus,
    (SELECT max(gpu_count) FROM c) AS c_gpus,
    (SELECT count(*) FROM b) AS b_points,
    (SELECT count(*) FROM c) AS c_points,
    (SELECT count(*) FROM pairs) AS shared
)
SELECT 'warn' AS severity, 'no_common_points' AS code, NULL::INTEGER AS points,
       format('{} ({} points) and {} ({} points) share no (ISL, OSL, concurrency, request rate) point: nothing is compared',
              baseline, b_points, candidate, c_points) AS message
FROM sides WHERE shared = 0 AND b_points > 0 AND c_points > 0
UNION ALL
SELECT 'info', 'unmatched_points', (b_points + c_points - 2 * shared)::INTEGER,
       format('{} of {} points and {} of {} points have no counterpart and are left out',
              b_points - shared, b_points, c_points - shared, c_points)
FROM sides WHERE shared > 0 AND (b_points > shared OR c_points > shared)
UNION ALL
SELECT 'warn', 'different_hardware', NULL,
       format('different hardware: {} on {}, {} on {}', baseline, b_hw, candidate, c_hw)
FROM sides WHERE b_hw IS NOT NULL AND c_hw IS NOT NULL AND b_hw <> c_hw
UNION ALL
SELECT 'info', 'hardware_unknown', NULL,
       format('hardware known for one side only ({}: {}, {}: {}): cannot confirm the same hardware',
              baseline, coalesce(b_hw, 'unknown'), candidate, coalesce(c_hw, 'unknown'))
FROM sides WHERE (b_hw IS NULL) <> (c_hw IS NULL)
UNION ALL
SELECT 'warn', 'different_model', NULL,
       format('different models: {} serves {}, {} serves {}', baseline, b_model, candidate, c_model)
FROM sides WHERE b_model IS NOT NULL AND c_model IS NOT NULL AND b_model <> c_model
UNION ALL
SELECT 'info', 'different_gpu_count', NULL,
       format('different GPU counts ({} vs {}): compare per_gpu_tput_ratio', b_gpus, c_gpus)
FROM sides WHERE b_gpus IS NOT NULL AND c_gpus IS NOT NULL AND b_gpus <> c_gpus
UNION ALL
SELECT 'warn', 'rate_limited_throughput', count(*)::INTEGER,
       format('{} compared points ran at a finite request rate: their throughput ratio compares offered load, not capacity (compare latency there)',
              count(*))
FROM pairs WHERE rate_limited HAVING count(*) > 0
UNION ALL
SELECT 'warn', 'failed_requests', count(*)::INTEGER,
       format('{} compared points had failed requests ({} in all)', count(*), sum(failed))
FROM pairs WHERE failed > 0 HAVING count(*) > 0
UNION ALL
SELECT 'warn', 'ignore_eos_off', count(*)::INTEGER,
       format('{} compared points ran without --ignore-eos: output lengths depend on the build', count(*))
FROM pairs WHERE ignore_eos_off HAVING count(*) > 0
UNION ALL
SELECT 'info', 'ignore_eos_unknown', count(*)::INTEGER,
       format('{} compared points do not say whether --ignore-eos was used', count(*))
FROM pairs WHERE ignore_eos_unknown AND NOT ignore_eos_off HAVING count(*) > 0
UNION ALL
SELECT 'warn', 'output_length_differs', count(*)::INTEGER,
       format('{} compared points generated mean output lengths more than 5% apart: tokens/s compare different work',
              count(*))
FROM pairs WHERE abs(c_out - b_out) > 0.05 * b_out HAVING count(*) > 0;
