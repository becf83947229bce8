-- requires: decode/params.sql
-- Dispatches in launch order per rank, with the GPU gap before each one
-- (materialised: every later stage reads it).

-- Every kernel dispatch with its position in its rank's timeline.
CREATE OR REPLACE TEMP TABLE dispatch_order AS
SELECT
  d.run_id,                                   -- the run
  d.rank,                                     -- rank
  d.device,                                   -- device id
  d.name_id,                                  -- kernel name id
  d.start_ns,                                 -- kernel start (ns)
  d.end_ns,                                   -- kernel end (ns)
  d.correlation_id,                           -- host launch correlation
  row_number() OVER w AS idx,                 -- 1-based position in the rank's timeline
  greatest(d.start_ns - max(d.end_ns) OVER (w ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0)
    AS gap_before_ns                          -- idle GPU time before this kernel (0 when overlapped)
FROM kernel_dispatches d
WHERE d.run_id IN (SELECT run_id FROM decode_scope)
WINDOW w AS (PARTITION BY d.run_id, d.rank ORDER BY d.start_ns, d.end_ns, d.name_id);
