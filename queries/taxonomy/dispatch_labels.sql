-- requires: taxonomy/kernel_labels.sql
--
-- dispatch_labels: every kernel dispatch with its kernel's labels and the
-- device arch of its run. Label columns are NULL for a name ingested after the
-- taxonomy was loaded and not yet refreshed (never silently dropped).
CREATE OR REPLACE TEMP VIEW dispatch_labels AS
SELECT d.*,                           -- every kernel_dispatches column
       d.end_ns - d.start_ns AS dur_ns, -- dispatch duration
       l.name,                        -- kernel name
       l.category,                    -- labels, as in kernel_labels
       l.backend,
       l.sub_kind,
       l.collective_op,
       l.precision,
       l.arch_hint,                   -- arch the kernel name shows
       l.rule_id,                     -- deciding rule (NULL: unmatched)
       r.arch AS device_arch          -- arch of the device the run used (runs.arch)
FROM kernel_dispatches d
LEFT JOIN kernel_labels l USING (name_id)
LEFT JOIN runs r USING (run_id);
