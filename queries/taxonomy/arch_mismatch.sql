-- requires: taxonomy/kernel_labels.sql
--
-- arch_mismatch: kernels built for an older architecture than the device
-- they ran on (same vendor, earlier in arch_order): a gfx942 kernel on a
-- gfx950, an sm80 kernel on an sm90. The "architecture detection miss" that
-- makes new hardware run an old code path. Aggregate-only runs (kernel_stats)
-- count too.
CREATE OR REPLACE TEMP VIEW arch_mismatch AS
WITH work AS (
  -- dispatches summed per kernel first, then given their run's arch (as dispatch_labels does)
  SELECT d.run_id, d.name_id, r.arch AS device_arch, d.dispatches, d.total_ns
  FROM (SELECT run_id, name_id, count(*) AS dispatches, sum(end_ns - start_ns) AS total_ns
        FROM kernel_dispatches GROUP BY run_id, name_id) d
  LEFT JOIN runs r USING (run_id)
  UNION ALL
  SELECT s.run_id, s.name_id, r.arch, sum(s.calls), sum(s.total_ns)
  FROM kernel_stats s JOIN runs r USING (run_id)
  WHERE r.aggregate_only
  GROUP BY s.run_id, s.name_id, r.arch
)
SELECT w.run_id,                            -- the run
       w.name_id,                           -- kernel_names.name_id
       l.name,                              -- kernel name
       l.category,                          -- its labels
       l.backend,
       l.sub_kind,
       l.arch_hint,                         -- arch the kernel was built for, from its name
       w.device_arch,                       -- arch of the device it ran on
       k.vendor,                            -- amd | nvidia
       w.dispatches::BIGINT AS dispatches,  -- dispatches of this kernel in the run
       w.total_ns::BIGINT AS total_ns       -- their summed duration
FROM work w
JOIN kernel_labels l USING (name_id)
JOIN arch_order k ON k.arch = l.arch_hint
JOIN arch_order d ON d.arch = w.device_arch AND d.vendor = k.vendor
WHERE k.generation < d.generation;
