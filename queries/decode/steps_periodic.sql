-- requires: decode/params.sql
-- requires: decode/dispatch_order.sql
-- requires: decode/steps_marked.sql
-- Steps without markers: the repeating kernel sequence. An "anchor" kernel
-- that recurs at a regular dispatch interval over most of the timeline (the
-- longest such interval: once per step, not once per layer) gives the
-- period; step boundaries sit at the position within the period where the
-- GPU idles longest on average (the host's step boundary). A timeline with no
-- regular anchor is one step. The stages are tables so that each per-dispatch
-- stage runs once, and only over the runs without step markers; phases and
-- step numbers come from the anchor's segments (one row per step) joined to
-- the dispatches, not from running windows over the whole timeline (at 1M
-- dispatches 0.45 s instead of 0.76 s).

-- Regularly recurring kernels per run and rank.
CREATE OR REPLACE TEMP VIEW period_candidates AS
WITH occ AS (
  SELECT run_id, rank, name_id, idx,
         idx - lag(idx) OVER (PARTITION BY run_id, rank, name_id ORDER BY idx) AS gap
  FROM dispatch_order
  WHERE run_id NOT IN (SELECT run_id FROM step_marker_family)
),
totals AS (
  SELECT run_id, rank, count(*) AS n FROM dispatch_order
  WHERE run_id NOT IN (SELECT run_id FROM step_marker_family) GROUP BY ALL
)
SELECT
  o.run_id, o.rank, o.name_id,
  count(*) AS occurrences,                    -- times the kernel ran
  avg(o.gap) AS mean_gap,                     -- mean dispatches between occurrences
  coalesce(stddev_pop(o.gap), 0) AS sd_gap,   -- spread of that interval
  min(o.idx) AS first_idx,                    -- first occurrence
  max(o.idx) AS last_idx                      -- last occurrence
FROM occ o JOIN totals t USING (run_id, rank), decode_constants k
GROUP BY o.run_id, o.rank, o.name_id, t.n, k.period_max_cv, k.period_min_coverage
HAVING count(*) >= 3 AND avg(o.gap) >= 4
   AND coalesce(stddev_pop(o.gap), 0) <= k.period_max_cv * avg(o.gap)
   AND (max(o.idx) - min(o.idx) + avg(o.gap)) >= k.period_min_coverage * t.n;

-- The anchor per run and rank: the regular kernel with the longest period
-- (then the steadiest; the spread rounded so that floating-point summation
-- order cannot pick; then the earliest to appear).
CREATE OR REPLACE TEMP TABLE period_anchor AS
WITH scored AS (
  SELECT *, (mean_gap * 1e6 - round(sd_gap, 6), -first_idx) AS score FROM period_candidates
)
SELECT run_id, rank,
       arg_max(name_id, score) AS name_id,      -- anchor kernel
       max(mean_gap) AS period,                 -- dispatches per step
       arg_max(first_idx, score) AS first_idx   -- its first occurrence
FROM scored GROUP BY run_id, rank;

-- The timeline cut at every anchor occurrence: segment [lo, hi) of dispatch
-- positions whose phase counts from origin (the anchor's position; before
-- the first anchor, one period before it). Few rows: one per step.
CREATE OR REPLACE TEMP TABLE _period_segments AS
WITH occurrences AS (
  SELECT o.run_id, o.rank, o.idx AS lo
  FROM dispatch_order o
  JOIN period_anchor a ON a.run_id = o.run_id AND a.rank = o.rank AND o.name_id = a.name_id
),
extent AS (
  SELECT o.run_id, o.rank, max(o.idx) AS last_idx
  FROM dispatch_order o SEMI JOIN period_anchor a ON a.run_id = o.run_id AND a.rank = o.rank
  GROUP BY o.run_id, o.rank
)
SELECT c.run_id, c.rank,
       c.lo,                                    -- first position of the segment
       least(lead(c.lo) OVER (PARTITION BY c.run_id, c.rank ORDER BY c.lo), e.last_idx + 1)
         AS hi,                                 -- first position after it
       c.lo AS origin                           -- position of phase 0
FROM occurrences c JOIN extent e ON e.run_id = c.run_id AND e.rank = c.rank
UNION ALL
SELECT run_id, rank, 1, first_idx, first_idx - round(period)::BIGINT
FROM period_anchor WHERE first_idx > 1;

-- Every dispatch with its phase: dispatches since the latest anchor. Each
-- segment is expanded into its positions and joined on them, which costs
-- less than a running maximum over the whole timeline.
CREATE OR REPLACE TEMP TABLE _period_phase AS
SELECT o.*, a.period,
       e.idx - e.origin AS rel,                 -- dispatches since the latest anchor
       e.lo AS segment                          -- the segment (its first position)
FROM dispatch_order o
JOIN (SELECT run_id, rank, lo, origin, unnest(range(lo, hi)) AS idx FROM _period_segments) e
  USING (run_id, rank, idx)
JOIN period_anchor a USING (run_id, rank);

-- The phase (offset after the anchor) where the GPU idles longest on average.
CREATE OR REPLACE TEMP TABLE _period_boundary AS
SELECT run_id, rank, arg_max(rel, (mean_gap, -rel)) AS rel  -- ties: the earliest phase
FROM (
  SELECT run_id, rank, rel, avg(gap_before_ns) AS mean_gap
  FROM _period_phase WHERE rel >= 0 AND rel < period GROUP BY ALL
) GROUP BY ALL;

-- Per segment: where its step boundary falls (the boundary phase, when the
-- segment reaches it) and how many boundaries come before the segment.
CREATE OR REPLACE TEMP TABLE _period_segment_steps AS
WITH bounded AS (
  SELECT s.run_id, s.rank, s.lo,
         CASE WHEN s.origin + b.rel >= s.lo AND s.origin + b.rel < s.hi THEN s.origin + b.rel END
           AS boundary_idx
  FROM _period_segments s JOIN _period_boundary b ON b.run_id = s.run_id AND b.rank = s.rank
)
SELECT run_id, rank, lo, boundary_idx,
       coalesce(count(boundary_idx) OVER (PARTITION BY run_id, rank ORDER BY lo
                                          ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0)
         AS boundaries_before
FROM bounded;

-- Dispatches with their unmarked step number (0 = before the first boundary):
-- the boundaries at or before each dispatch.
CREATE OR REPLACE TEMP TABLE _periodic_numbered AS
SELECT p.run_id, p.rank, p.device, p.name_id, p.start_ns, p.end_ns, p.idx, p.gap_before_ns, p.period,
       s.boundaries_before + CASE WHEN p.idx >= s.boundary_idx THEN 1 ELSE 0 END AS step
FROM _period_phase p
JOIN _period_segment_steps s ON s.run_id = p.run_id AND s.rank = p.rank AND s.lo = p.segment
UNION ALL
-- runs without markers and without a regular anchor: the whole timeline is one step
SELECT o.run_id, o.rank, o.device, o.name_id, o.start_ns, o.end_ns, o.idx, o.gap_before_ns, NULL, 1
FROM dispatch_order o
WHERE o.run_id NOT IN (SELECT run_id FROM step_marker_family)
  AND NOT EXISTS (SELECT 1 FROM period_anchor a WHERE a.run_id = o.run_id AND a.rank = o.rank);

-- Kernels of unmarked steps; partial steps at either edge are dropped.
CREATE OR REPLACE TEMP VIEW periodic_step_dispatches AS
WITH sizes AS (
  SELECT run_id, rank, step, count(*) AS n, any_value(period) AS period,
         min(step) OVER (PARTITION BY run_id, rank) AS first_step,
         max(step) OVER (PARTITION BY run_id, rank) AS last_step
  FROM _periodic_numbered GROUP BY run_id, rank, step
),
kept AS (
  SELECT s.run_id, s.rank, s.step,
         row_number() OVER (PARTITION BY s.run_id, s.rank ORDER BY s.step) AS step_no
  FROM sizes s, decode_constants k
  WHERE s.period IS NULL
     OR NOT ((s.step = s.first_step OR s.step = s.last_step) AND s.n < k.partial_step_ratio * s.period)
)
SELECT p.run_id, p.rank, k.step_no AS step, p.device, p.name_id, p.start_ns, p.end_ns, p.idx, p.gap_before_ns
FROM _periodic_numbered p JOIN kept k USING (run_id, rank, step);
