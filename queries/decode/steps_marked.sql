-- requires: decode/params.sql
-- Steps from markers: the step-annotation family chosen per run, and the
-- kernels each marked step launched.

-- Markers that can delimit steps, ranked by how much they are trusted.
CREATE OR REPLACE TEMP VIEW step_marker_candidates AS
SELECT
  m.run_id, m.rank, m.device, m.name, m.kind, m.start_ns, m.end_ns, m.step_kind, m.batch_size, m.num_tokens,
  CASE
    WHEN p.step_marker IS NOT NULL THEN
      CASE WHEN regexp_matches(m.name, p.step_marker) THEN CASE WHEN m.kind = 'gpu_annotation' THEN -1 ELSE 0 END END
    WHEN m.kind = 'gpu_annotation' AND m.step_kind IS NOT NULL THEN 1
    WHEN regexp_matches(m.name, '^step\[(DECODE|EXTEND|MIXED|PREFILL)') THEN 2
    WHEN regexp_matches(m.name, '^execute(_\d+)?_context_\d+') THEN 3
    WHEN regexp_matches(m.name, '^(decode|prefill|mixed)\[') THEN 4
    WHEN m.kind = 'profiler_step' THEN 5
    WHEN m.step_kind IS NOT NULL THEN 6
  END AS family_rank  -- -1/0 user pattern (GPU-side / host-side), 1 GPU-side step annotations, 2 SGLang, 3 vLLM, 4 ATOM, 5 ProfilerStep#, 6 other ranges naming decode/prefill
FROM markers m
LEFT JOIN decode_params p USING (run_id);

-- The family of markers used as steps per analysed run (the most trusted one
-- present). Small tables from here on keep the plans of the per-dispatch
-- stages simple.
CREATE OR REPLACE TEMP TABLE step_marker_family AS
WITH best AS (
  SELECT run_id, min(family_rank) AS family_rank
  FROM step_marker_candidates
  WHERE family_rank IS NOT NULL AND run_id IN (SELECT run_id FROM decode_scope)
  GROUP BY run_id
)
SELECT
  b.run_id,                                   -- the run
  b.family_rank,                              -- chosen family (see step_marker_candidates)
  bool_and(c.kind = 'gpu_annotation') AS gpu_side  -- true when the markers are GPU-side ranges
FROM best b JOIN step_marker_candidates c ON c.run_id = b.run_id AND c.family_rank = b.family_rank
GROUP BY b.run_id, b.family_rank;

-- One row per marked step and rank.
CREATE OR REPLACE TEMP TABLE marked_steps AS
SELECT
  c.run_id,                                    -- the run
  c.rank,                                      -- rank
  row_number() OVER (PARTITION BY c.run_id, c.rank ORDER BY c.start_ns) AS step,  -- 1-based step number
  c.name AS marker,                            -- the marker text
  c.kind AS marker_kind,                       -- annotation | gpu_annotation | profiler_step | roctx | nvtx
  c.step_kind AS annotated_kind,               -- decode | prefill | mixed when the marker says
  c.batch_size,                                -- requests in the step when the marker says
  c.num_tokens,                                -- tokens in the step when the marker says
  c.start_ns AS marker_start_ns,               -- marker start (ns)
  c.end_ns AS marker_end_ns,                   -- marker end (ns)
  lead(c.start_ns) OVER (PARTITION BY c.run_id, c.rank ORDER BY c.start_ns) AS next_start_ns  -- next step's marker start
FROM step_marker_candidates c
JOIN step_marker_family f ON f.run_id = c.run_id AND f.family_rank = c.family_rank;

-- Kernels assigned to marked steps: GPU-side markers contain their kernels;
-- host-side markers own the kernels they launched (by correlation with the
-- launch call), or, without launch records, the kernels that start inside
-- them. (The ASOF join also leaves the kernels in time order per rank, which
-- makes the per-device sweep in steps.sql cheap.)
CREATE OR REPLACE TEMP VIEW marked_step_dispatches AS
WITH launches AS (
  SELECT d.run_id, d.rank, d.device, d.name_id, d.start_ns, d.end_ns,
         CASE WHEN f.gpu_side THEN d.start_ns ELSE coalesce(a.start_ns, d.start_ns) END AS key_ns
  FROM kernel_dispatches d
  JOIN step_marker_family f ON f.run_id = d.run_id
  LEFT JOIN api_calls a ON a.run_id = d.run_id AND a.rank = d.rank AND a.correlation_id = d.correlation_id
)
SELECT
  l.run_id,          -- the run
  l.rank,            -- rank
  s.step,            -- marked step number
  l.device,          -- device
  l.name_id,         -- kernel name id
  l.start_ns,        -- kernel start
  l.end_ns           -- kernel end
FROM launches l
ASOF JOIN marked_steps s
  ON s.run_id = l.run_id AND s.rank = l.rank AND l.key_ns >= s.marker_start_ns
WHERE l.key_ns <= s.marker_end_ns;
