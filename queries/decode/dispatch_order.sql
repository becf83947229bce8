-- requires: decode/params.sql
-- requires: decode/steps_marked.sql
-- Dispatches in launch order per rank, with the GPU gap before each one, for
-- the runs without step markers (the periodic step search reads it; marked
-- runs never pay for these windows). Materialised: every later stage reads it.

-- Every kernel dispatch of an unmarked run with its position in its rank's timeline.
CREATE OR REPLACE TEMP TABLE dispatch_order AS
SELECT
  d.run_id,                                   -- the run
  d.rank,                                     -- rank
  d.device,                                   -- device id
  d.name_id,                                  -- kernel name id
  d.start_ns,                                 -- kernel start (ns)
  d.end_ns,                                   -- kernel end (ns)
  row_number() OVER w AS idx,                 -- 1-based position in the rank's timeline
  greatest(d.start_ns - max(d.end_ns) OVER (w ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0)
    AS gap_before_ns                          -- idle GPU time before this kernel (0 when overlapped)
FROM kernel_dispatches d
WHERE d.run_id IN (SELECT run_id FROM decode_scope
                   WHERE run_id NOT IN (SELECT run_id FROM step_marker_family))
WINDOW w AS (PARTITION BY d.run_id, d.rank ORDER BY d.start_ns, d.end_ns, d.name_id);
