-- requires: taxonomy/matches.sql
--
-- kernel_labels: one row per distinct kernel name classified so far, with the
-- labels of its best-ranked matching rule. Classification runs over distinct
-- names, never per dispatch; join dispatches by name_id (see dispatch_labels).
-- A table, rebuilt from taxonomy_hits (cheap: no regex runs here); names
-- ingested after the taxonomy was loaded appear once lib/taxonomy/load.ts
-- refreshLabels() has run.
CREATE OR REPLACE TEMP TABLE kernel_labels AS
SELECT s.name_id,                                  -- kernel_names.name_id
       n.name,                                     -- the name as the trace spells it
       coalesce(b.category, 'Other') AS category,  -- GEMM | Attention | MoE | AllReduce | Quantization | Other
       CASE WHEN b.rule_id IS NULL THEN 'unmatched'
            WHEN b.backend <> 'auto' THEN b.backend
            -- 'auto': a plain identifier is how Triton names kernels; ATen's namespace is torch
            WHEN regexp_matches(taxonomy_match_name(n.name), '^[A-Za-z_][A-Za-z0-9_]*(…|\.\.\.)?$')
                 AND NOT starts_with(n.name, '_Z') THEN 'Triton'
            WHEN regexp_matches(n.name, '(^|[^A-Za-z_])at(::(native|cuda)|_cuda_detail)::|_ZN2at') THEN 'torch'
            ELSE 'HIP/CUDA'
       END AS backend,                             -- code generator; 'unmatched' when no rule matched
       CASE WHEN b.rule_id IS NULL THEN 'unmatched' ELSE b.sub_kind END AS sub_kind, -- NULL for GEMM and AllReduce
       b.collective_op,                            -- AllReduce only
       coalesce(b.precision,                       -- the rule's precision, else the best precision hint
                CASE WHEN b.category <> 'Other' THEN p.value END) AS precision, -- (not for Other: data type noise)
       a.value AS arch_hint,                       -- arch the name shows it was built for (gfx942, sm80 ...), else NULL
       b.rule_id,                                  -- deciding rule, NULL when none matched
       u.rule_id AS runner_up_rule_id              -- next-ranked matching rule, NULL when none
FROM taxonomy_names_seen s
JOIN kernel_names n USING (name_id)
LEFT JOIN taxonomy_rule_matches b ON b.name_id = s.name_id AND b.place = 1
LEFT JOIN taxonomy_rule_matches u ON u.name_id = s.name_id AND u.place = 2
LEFT JOIN taxonomy_hint_matches a ON a.name_id = s.name_id AND a.kind = 'arch'
LEFT JOIN taxonomy_hint_matches p ON p.name_id = s.name_id AND p.kind = 'precision';
