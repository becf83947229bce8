-- requires: decode/steps_marked.sql
-- requires: decode/steps_periodic.sql
-- Steps of every run, whether from markers or from the kernel period:
-- wall span, GPU busy time (union of kernel intervals per device), idle time,
-- launch gaps, the step's kind, and whether it is dropped as warm-up.

-- Every kernel of every step (a run's steps come from markers when it has
-- them, else from the kernel period).
CREATE OR REPLACE TEMP TABLE step_dispatches AS
SELECT run_id, rank, step, device, name_id, start_ns, end_ns FROM marked_step_dispatches
UNION ALL
SELECT run_id, rank, step, device, name_id, start_ns, end_ns FROM periodic_step_dispatches;

-- Calls and time per kernel, rank and step, every step (the breakdown keeps
-- the used decode steps; the kernel mix labels unannotated steps).
CREATE OR REPLACE TEMP TABLE step_kernels AS
SELECT run_id, rank, step, name_id,
       count(*) AS calls,                          -- kernel calls
       sum(end_ns - start_ns) AS dur_ns,           -- summed duration (ns)
       max(end_ns - start_ns) AS max_dur_ns        -- longest call (ns)
FROM step_dispatches
GROUP BY run_id, rank, step, name_id;

-- The sweep's terms for one kernel, given covered_to, the latest end of the
-- kernels before it in its step on its device (NULL for the first): the idle
-- gap before it, and what it adds to the union of kernel intervals.
CREATE OR REPLACE TEMP MACRO _gap_before(start_ns, covered_to) AS
  CASE WHEN start_ns > covered_to THEN start_ns - covered_to END;
CREATE OR REPLACE TEMP MACRO _busy_added(start_ns, end_ns, covered_to) AS
  CASE WHEN covered_to IS NULL OR start_ns > covered_to THEN end_ns - start_ns
       ELSE greatest(end_ns - covered_to, 0) END;

-- Per rank and step: kernel extent, GPU busy time (the union of kernel
-- intervals per device), the gaps between busy islands, and the kernel mix
-- (for labelling unannotated steps), in one sweep over the kernels in start
-- order: a kernel starting after everything before it in its step ended on
-- its device opens a busy island (the gap before it is idle time); otherwise
-- it extends the current island by whatever it runs past the island's end.
-- Where kernel ends rise in start order (a serial stream, the usual case) the
-- latest end before a kernel is the previous kernel's end, which one window
-- per device over all its steps gives cheaply (follow); a step with a kernel
-- nested inside another takes the running maximum over the step instead.
CREATE OR REPLACE TEMP TABLE step_rank_busy AS
WITH follow AS (
  SELECT run_id, rank, device, step, start_ns, end_ns,
         CASE WHEN lag(step) OVER w = step THEN lag(end_ns) OVER w END AS covered_to
  FROM step_dispatches
  WINDOW w AS (PARTITION BY run_id, rank, device ORDER BY step, start_ns, end_ns)
),
by_follow AS MATERIALIZED (
  SELECT f.run_id, f.rank, f.device, f.step,
         bool_and(f.end_ns IS NOT NULL AND (f.covered_to IS NULL OR f.end_ns >= f.covered_to))
           AS ends_rise,             -- so the previous kernel's end is the running maximum
         min(f.start_ns) AS first_start_ns,
         max(f.end_ns) AS last_end_ns,
         sum(_busy_added(f.start_ns, f.end_ns, f.covered_to)) AS busy_ns,
         sum(_gap_before(f.start_ns, f.covered_to)) AS gap_ns,
         count(*) FILTER (WHERE _gap_before(f.start_ns, f.covered_to) > k.launch_gap_ns) AS launch_gaps,
         max(_gap_before(f.start_ns, f.covered_to)) AS max_gap_ns,
         count(*) AS kernels,
         sum(f.end_ns - f.start_ns) AS kernel_ns
  FROM follow f, decode_constants k
  GROUP BY f.run_id, f.rank, f.device, f.step
),
nested AS (
  SELECT s.run_id, s.rank, s.device, s.step, s.start_ns, s.end_ns,
         max(s.end_ns) OVER (PARTITION BY s.run_id, s.rank, s.step, s.device ORDER BY s.start_ns, s.end_ns
                             ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS covered_to
  FROM step_dispatches s
  SEMI JOIN by_follow b
    ON b.run_id = s.run_id AND b.rank IS NOT DISTINCT FROM s.rank
   AND b.device IS NOT DISTINCT FROM s.device AND b.step = s.step AND NOT b.ends_rise
),
per_device AS (
  SELECT run_id, rank, device, step, first_start_ns, last_end_ns, busy_ns, gap_ns, launch_gaps,
         max_gap_ns, kernels, kernel_ns
  FROM by_follow WHERE ends_rise
  UNION ALL
  SELECT n.run_id, n.rank, n.device, n.step,
         min(n.start_ns),
         max(n.end_ns),
         sum(_busy_added(n.start_ns, n.end_ns, n.covered_to)),
         sum(_gap_before(n.start_ns, n.covered_to)),
         count(*) FILTER (WHERE _gap_before(n.start_ns, n.covered_to) > k.launch_gap_ns),
         max(_gap_before(n.start_ns, n.covered_to)),
         count(*),
         sum(n.end_ns - n.start_ns)
  FROM nested n, decode_constants k
  GROUP BY n.run_id, n.rank, n.device, n.step
),
busy AS (
  SELECT run_id, rank, step,
         min(first_start_ns) AS first_start_ns,
         max(last_end_ns) AS last_end_ns,
         sum(busy_ns)::BIGINT AS busy_ns,
         coalesce(sum(gap_ns), 0)::BIGINT AS gap_ns,
         sum(launch_gaps)::BIGINT AS launch_gaps,
         coalesce(max(max_gap_ns), 0)::BIGINT AS max_gap_ns,
         sum(kernels)::BIGINT AS kernels,
         sum(kernel_ns)::BIGINT AS kernel_ns
  FROM per_device
  GROUP BY run_id, rank, step
),
mix AS (
  SELECT k.run_id, k.rank, k.step,
         bool_or(l.category = 'Attention' AND l.sub_kind IN ('PA', 'MLA')) AS has_decode_attention,
         bool_or(l.category = 'Attention' AND l.sub_kind = 'FA') AS has_prefill_attention
  FROM step_kernels k LEFT JOIN kernel_labels l USING (name_id)
  GROUP BY k.run_id, k.rank, k.step
)
SELECT b.run_id, b.rank, b.step,
       CASE WHEN b.run_id IN (SELECT run_id FROM step_marker_family) THEN 'marker' ELSE 'period' END
         AS step_source,          -- marker | period
       b.first_start_ns,          -- first kernel start
       b.last_end_ns,             -- last kernel end
       b.busy_ns,                 -- union of kernel intervals
       b.gap_ns,                  -- GPU idle between the first and last kernel
       b.launch_gaps,             -- gaps longer than launch_gap_ns
       b.max_gap_ns,              -- longest gap
       b.kernels,                 -- kernels in the step
       b.kernel_ns,               -- summed kernel time
       m.has_decode_attention,    -- paged/latent decode attention ran in the step
       m.has_prefill_attention    -- flash (prefill) attention ran in the step
FROM busy b
JOIN mix m ON m.run_id = b.run_id AND m.rank IS NOT DISTINCT FROM b.rank AND m.step = b.step;

-- One row per rank and step with its span, busy and idle time.
CREATE OR REPLACE TEMP TABLE step_ranks AS
WITH base AS (
  SELECT b.*,
         m.marker, m.marker_kind, m.annotated_kind, m.batch_size, m.num_tokens,
         m.marker_start_ns, m.marker_end_ns,
         lead(b.first_start_ns) OVER (PARTITION BY b.run_id, b.rank ORDER BY b.step) AS next_first_ns,
         f.gpu_side
  FROM step_rank_busy b
  LEFT JOIN marked_steps m ON m.run_id = b.run_id AND m.rank = b.rank AND m.step = b.step  -- marked runs' steps
  LEFT JOIN step_marker_family f ON f.run_id = b.run_id
)
SELECT
  run_id,                 -- the run
  rank,                   -- rank
  step,                   -- step number (1-based)
  step_source,            -- marker | period
  marker,                 -- the step's marker text (NULL when unmarked)
  annotated_kind,         -- decode | prefill | mixed when the marker says
  batch_size,             -- requests in the step when known
  num_tokens,             -- tokens in the step when known
  kernels,                -- kernels in the step
  kernel_ns,              -- summed kernel time (ns), overlaps counted twice
  busy_ns,                -- GPU busy: union of kernel intervals (ns)
  CASE
    WHEN step_source = 'marker' AND gpu_side THEN least(marker_start_ns, first_start_ns)
    WHEN step_source = 'marker' THEN marker_start_ns
    ELSE first_start_ns
  END AS start_ns,        -- step start (ns)
  CASE
    WHEN step_source = 'marker' THEN greatest(marker_end_ns, last_end_ns)
    ELSE coalesce(next_first_ns, last_end_ns)
  END AS end_ns,          -- step end (ns): marker end, or the next step's first kernel when unmarked
  gap_ns,                 -- GPU idle between the step's first and last kernel (ns)
  launch_gaps,            -- gaps longer than the launch-gap threshold
  max_gap_ns,             -- longest single gap (ns)
  has_decode_attention,   -- paged/latent decode attention ran in the step
  has_prefill_attention   -- flash (prefill) attention ran in the step
FROM base;

-- One row per run and step: the critical path (slowest rank), the step's
-- kind, and whether it is warm-up.
CREATE OR REPLACE TEMP TABLE decode_steps AS
WITH per_step AS (
  SELECT run_id, step,
         max(end_ns - start_ns) AS span_ns,
         arg_max(rank, (end_ns - start_ns, -rank)) AS slowest_rank,   -- ties: the lowest rank
         arg_max(busy_ns, (end_ns - start_ns, -rank)) AS busy_ns,
         min(start_ns) AS start_ns,
         max(end_ns) AS end_ns,
         any_value(step_source) AS step_source,
         arg_min(marker, rank) AS marker,                 -- the lowest rank's, when ranks differ
         arg_min(annotated_kind, rank) AS annotated_kind,
         max(batch_size) AS batch_size,
         max(num_tokens) AS num_tokens,
         sum(kernels) AS kernels,
         sum(kernel_ns) AS kernel_ns,
         sum(launch_gaps) AS launch_gaps,
         max(max_gap_ns) AS max_gap_ns,
         bool_or(has_decode_attention) AS has_decode_attention,
         bool_or(has_prefill_attention) AS has_prefill_attention,
         count(*) AS ranks
  FROM step_ranks GROUP BY run_id, step
),
kinds AS (
  SELECT *,
         coalesce(annotated_kind, CASE
           WHEN has_decode_attention AND has_prefill_attention THEN 'mixed'
           WHEN has_decode_attention THEN 'decode'
           WHEN has_prefill_attention AND busy_ns > 2 * median(busy_ns) OVER (PARTITION BY run_id) THEN 'prefill'
           ELSE 'decode' END) AS kind
  FROM per_step
),
ordered AS (
  SELECT k.*,
         row_number() OVER (PARTITION BY run_id, kind ORDER BY step) AS kind_order,
         median(span_ns) OVER (PARTITION BY run_id, kind) AS kind_median_ns,
         count(*) OVER (PARTITION BY run_id, kind) AS kind_count
  FROM kinds k
),
steady AS (
  SELECT o.run_id, o.kind,
         coalesce(min(o.kind_order) FILTER (WHERE o.span_ns <= c.warmup_factor * o.kind_median_ns), 1) - 1 AS auto_skip
  FROM ordered o, decode_constants c GROUP BY o.run_id, o.kind
)
SELECT
  o.run_id,                                  -- the run
  o.step,                                    -- step number (1-based, capture order)
  o.kind,                                    -- decode | prefill | mixed
  o.kind_order,                              -- position among steps of the same kind
  o.step_source,                             -- marker | period
  o.marker,                                  -- marker text when marked
  o.batch_size,                              -- requests in the step when known
  o.num_tokens,                              -- tokens in the step when known
  o.ranks,                                   -- ranks with kernels in the step
  o.slowest_rank,                            -- rank with the longest span (the critical path)
  o.start_ns,                                -- earliest start over ranks (ns)
  o.end_ns,                                  -- latest end over ranks (ns)
  o.span_ns,                                 -- wall span of the critical path (ns)
  o.busy_ns,                                 -- GPU busy time on the critical rank (ns)
  greatest(o.span_ns - o.busy_ns, 0) AS idle_ns,  -- span - busy (ns)
  o.kernels,                                 -- kernels over all ranks
  o.kernel_ns,                               -- summed kernel time over all ranks (ns)
  o.launch_gaps,                             -- gaps over the launch-gap threshold, all ranks
  o.max_gap_ns,                              -- longest gap (ns)
  o.kind = 'decode' AND o.kind_order <= least(
    coalesce(p.skip, least(s.auto_skip, o.kind_count // 2)), o.kind_count - 1
  ) AS skipped,                              -- dropped as warm-up (--skip N or automatic)
  o.kind = 'decode' AND NOT (o.kind_order <= least(
    coalesce(p.skip, least(s.auto_skip, o.kind_count // 2)), o.kind_count - 1
  )) AS used                                 -- counted in the decode breakdown
FROM ordered o
JOIN steady s ON s.run_id = o.run_id AND s.kind = o.kind
LEFT JOIN decode_params p ON p.run_id = o.run_id;
