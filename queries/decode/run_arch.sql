-- The architecture of each run: the device's when the trace records it,
-- else the one the kernel names point to most often (RPD files, for one,
-- rarely record the device).

-- Arch per run and where it came from.
CREATE OR REPLACE TEMP VIEW run_arch AS
WITH hinted AS (  -- arch hints of the kernels, for the runs whose device arch is unknown
  SELECT d.run_id, l.arch_hint, count(*) AS n
  FROM kernel_dispatches d JOIN kernel_labels l USING (name_id)
  WHERE l.arch_hint IS NOT NULL AND l.arch_hint NOT LIKE '%+%'
    AND d.run_id IN (SELECT run_id FROM runs WHERE arch IS NULL)
  GROUP BY ALL
)
SELECT r.run_id,
       coalesce(r.arch, (SELECT arg_max(h.arch_hint, (h.n, h.arch_hint)) FROM hinted h WHERE h.run_id = r.run_id)) AS arch,  -- gfx942, sm90 …
       CASE WHEN r.arch IS NOT NULL THEN 'device'
            WHEN EXISTS (SELECT 1 FROM hinted h WHERE h.run_id = r.run_id) THEN 'kernel names'
       END AS arch_source  -- device | kernel names | NULL when unknown
FROM runs r;
