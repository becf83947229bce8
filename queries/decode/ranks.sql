-- requires: decode/breakdown.sql
-- Tensor-parallel views: per-rank decode figures, the critical path, and the
-- skew with which ranks arrive at each collective.

-- Each collective call matched across ranks by its order within the step (a
-- table: the critical path and the skew both read it). The order is counted
-- per rank over all its steps and restarted per step by subtraction, and the
-- arrivals are summed per call by GROUP BY: windows over thousands of tiny
-- partitions cost far more.
CREATE OR REPLACE TEMP TABLE collective_arrivals AS
WITH c AS MATERIALIZED (
  SELECT sd.run_id, sd.step, sd.rank, sd.start_ns,
         row_number() OVER (PARTITION BY sd.run_id, sd.rank ORDER BY sd.step, sd.start_ns) AS pos
  FROM step_dispatches sd
  JOIN kernel_labels l ON l.name_id = sd.name_id
  JOIN decode_steps s ON s.run_id = sd.run_id AND s.step = sd.step
  WHERE l.category = 'AllReduce' AND s.used
),
numbered AS MATERIALIZED (
  SELECT c.run_id, c.step, c.rank, c.start_ns, c.pos - f.first_pos + 1 AS nth  -- 1-based within the step
  FROM c
  JOIN (SELECT run_id, rank, step, min(pos) AS first_pos FROM c GROUP BY run_id, rank, step) f
    ON f.run_id = c.run_id AND f.rank IS NOT DISTINCT FROM c.rank AND f.step = c.step
),
calls AS (
  SELECT run_id, step, nth, max(start_ns) AS last_ns, min(start_ns) AS first_ns
  FROM numbered GROUP BY run_id, step, nth
)
SELECT n.run_id, n.step, n.nth, n.rank,
       a.last_ns - n.start_ns AS wait_ns,   -- time this rank waited for the last arrival
       a.last_ns - a.first_ns AS skew_ns    -- last minus first arrival
FROM numbered n JOIN calls a ON a.run_id = n.run_id AND a.step = n.step AND a.nth = n.nth;

-- The critical rank of each used step: with collectives, the rank that
-- arrives last at them (the others wait for it); without, the longest span.
CREATE OR REPLACE TEMP VIEW step_critical_rank AS
WITH waits AS (
  SELECT run_id, step, rank, sum(wait_ns) AS wait_ns FROM collective_arrivals GROUP BY ALL
)
SELECT s.run_id, s.step,
       coalesce((SELECT arg_min(w.rank, w.wait_ns) FROM waits w WHERE w.run_id = s.run_id AND w.step = s.step),
                s.slowest_rank) AS rank   -- the rank on the critical path
FROM decode_steps s WHERE s.used;

-- Per rank over the used decode steps.
CREATE OR REPLACE TEMP VIEW decode_rank_summary AS
SELECT r.run_id, r.rank,
       count(*) AS steps,                                        -- used steps on this rank
       median(r.end_ns - r.start_ns) / 1000.0 AS step_us,        -- median step span (µs)
       median(r.busy_ns) / 1000.0 AS busy_us,                    -- median busy time (µs)
       100.0 * sum(greatest(r.end_ns - r.start_ns - r.busy_ns, 0)) / nullif(sum(r.end_ns - r.start_ns), 0)
         AS idle_pct,                                            -- idle share of span
       count(*) FILTER (WHERE c.rank = r.rank) AS critical_steps -- steps where this rank was the critical path
FROM step_ranks r
JOIN decode_steps s ON s.run_id = r.run_id AND s.step = r.step
JOIN step_critical_rank c ON c.run_id = r.run_id AND c.step = r.step
WHERE s.used GROUP BY r.run_id, r.rank;

-- Collective wait per rank over the used steps.
CREATE OR REPLACE TEMP VIEW collective_skew AS
SELECT run_id, rank,
       count(*) AS collectives,                             -- collective calls
       sum(wait_ns) / 1000.0 / count(DISTINCT step) AS wait_us_per_step,  -- waiting for other ranks (µs/step)
       avg(skew_ns) / 1000.0 AS mean_skew_us                -- mean arrival skew (µs)
FROM collective_arrivals GROUP BY run_id, rank;
