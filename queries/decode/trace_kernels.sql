-- requires: decode/params.sql
-- The whole capture of each analysed run, steps or not: calls and time per
-- kernel, summed once so that every whole-trace view (trace_backends,
-- unmatched_kernels, the findings) reads a small table, not the dispatches.

-- Calls and time per kernel over the whole capture, per analysed run.
CREATE OR REPLACE TEMP TABLE trace_kernel_totals AS
SELECT run_id,                                           -- the run
       name_id,                                          -- kernel_names.name_id
       count(*) AS calls,                                -- kernel calls
       sum(end_ns - start_ns) AS total_ns,               -- summed duration (ns)
       count(*) FILTER (WHERE graph_replay) AS replayed  -- calls launched by a graph replay
FROM kernel_dispatches
WHERE run_id IN (SELECT run_id FROM decode_scope)
GROUP BY run_id, name_id;
