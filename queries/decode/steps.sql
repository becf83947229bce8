-- requires: decode/steps_marked.sql
-- requires: decode/steps_periodic.sql
-- Steps of every run, whether from markers or from the kernel period:
-- wall span, GPU busy time (union of kernel intervals per device), idle time,
-- launch gaps, the step's kind, and whether it is dropped as warm-up.

-- Every kernel of every step.
CREATE OR REPLACE TEMP TABLE step_dispatches AS
SELECT run_id, rank, step, device, name_id, start_ns, end_ns, idx, gap_before_ns,
       'marker' AS step_source  -- marker | period: how the step was found
FROM marked_step_dispatches
UNION ALL
SELECT run_id, rank, step, device, name_id, start_ns, end_ns, idx, gap_before_ns, 'period'
FROM periodic_step_dispatches;

-- Per rank and step: kernel extent, GPU busy time (the union of kernel
-- intervals per device), the gaps between busy islands, and the kernel mix
-- (for labelling unannotated steps), in one sweep over the kernels in start
-- order: a kernel starting after everything before it ended on its device
-- opens a busy island (the gap before it is idle time); otherwise it extends
-- the current island by whatever it runs past the island's end.
CREATE OR REPLACE TEMP TABLE step_rank_busy AS
WITH sweep AS (
  SELECT s.run_id, s.rank, s.step, s.step_source, s.name_id, s.start_ns, s.end_ns,
         max(s.end_ns) OVER (PARTITION BY s.run_id, s.rank, s.step, s.device ORDER BY s.start_ns, s.end_ns
                             ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS covered_to
  FROM step_dispatches s
),
g AS (
  SELECT *,
         covered_to IS NULL OR start_ns > covered_to AS opens_island,
         CASE WHEN start_ns > covered_to THEN start_ns - covered_to END AS gap_ns
  FROM sweep
)
SELECT g.run_id, g.rank, g.step,
       any_value(g.step_source) AS step_source,                  -- marker | period
       min(g.start_ns) AS first_start_ns,                        -- first kernel start
       max(g.end_ns) AS last_end_ns,                             -- last kernel end
       sum(CASE WHEN g.opens_island THEN g.end_ns - g.start_ns
                ELSE greatest(g.end_ns - g.covered_to, 0) END)::BIGINT AS busy_ns,  -- union of kernel intervals
       coalesce(sum(g.gap_ns), 0)::BIGINT AS gap_ns,             -- GPU idle between the first and last kernel
       count(*) FILTER (WHERE g.gap_ns > k.launch_gap_ns) AS launch_gaps,  -- gaps longer than launch_gap_ns
       coalesce(max(g.gap_ns), 0)::BIGINT AS max_gap_ns,         -- longest gap
       count(*) AS kernels,                                      -- kernels in the step
       sum(g.end_ns - g.start_ns)::BIGINT AS kernel_ns,          -- summed kernel time
       bool_or(l.category = 'Attention' AND l.sub_kind IN ('PA', 'MLA')) AS has_decode_attention,
       bool_or(l.category = 'Attention' AND l.sub_kind = 'FA') AS has_prefill_attention
FROM g LEFT JOIN kernel_labels l USING (name_id), decode_constants k
GROUP BY g.run_id, g.rank, g.step;

-- One row per rank and step with its span, busy and idle time.
CREATE OR REPLACE TEMP TABLE step_ranks AS
WITH base AS (
  SELECT b.*,
         m.marker, m.marker_kind, m.annotated_kind, m.batch_size, m.num_tokens,
         m.marker_start_ns, m.marker_end_ns,
         lead(b.first_start_ns) OVER (PARTITION BY b.run_id, b.rank ORDER BY b.step) AS next_first_ns,
         f.gpu_side
  FROM step_rank_busy b
  LEFT JOIN marked_steps m ON m.run_id = b.run_id AND m.rank = b.rank AND m.step = b.step AND b.step_source = 'marker'
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
         arg_max(rank, end_ns - start_ns) AS slowest_rank,
         arg_max(busy_ns, end_ns - start_ns) AS busy_ns,
         min(start_ns) AS start_ns,
         max(end_ns) AS end_ns,
         any_value(step_source) AS step_source,
         any_value(marker) AS marker,
         any_value(annotated_kind) AS annotated_kind,
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
