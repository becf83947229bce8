-- requires: decode/ranks.sql
-- requires: decode/run_arch.sql
-- Findings: what looks wrong in an analysed run, with a severity, the numbers
-- behind it and what to do. One SELECT per rule; each fires only when its
-- evidence crosses its threshold (thresholds are in findings_thresholds).

-- Thresholds of the finding rules.
CREATE OR REPLACE TEMP VIEW findings_thresholds AS
SELECT
  30.0 AS host_bound_idle_pct,        -- decode steps idle more than this share ⇒ host-bound
  50.0 AS host_bound_high_pct,        -- ...and above this it is severe
  50.0 AS gemm_dominant_pct,          -- GEMM above this share of decode kernel time
  0.5 AS torch_gemm_pct,              -- torch/ATen GEMM kernels above this share
  5.0 AS triton_fallback_pct,         -- Triton GEMM/MoE above this share on AMD
  15.0 AS collective_pct,             -- collectives above this share with TP > 1
  3.0 AS unmatched_pct,               -- unmatched kernels above this share of all kernel time
  10.0 AS kernels_per_graph_launch,   -- fewer kernels per graph launch than this ⇒ replay hid kernels
  5 AS min_steps;                     -- fewer used decode steps than this ⇒ too few

-- Per-run facts the rules need, for the analysed runs (a table: several
-- rules read it).
CREATE OR REPLACE TEMP TABLE _finding_facts AS
SELECT r.run_id, r.arch, r.rank_count,
       coalesce(t.steps, 0) AS steps,
       (SELECT median(s.span_ns) FROM decode_steps s WHERE s.run_id = r.run_id AND s.used) AS step_ns,
       (SELECT 100.0 * sum(s.idle_ns) / nullif(sum(s.span_ns), 0) FROM decode_steps s WHERE s.run_id = r.run_id AND s.used) AS idle_pct,
       (SELECT median(s.busy_ns) FROM decode_steps s WHERE s.run_id = r.run_id AND s.used) AS busy_ns,
       (SELECT count(*) FROM api_calls a WHERE a.run_id = r.run_id AND a.name ILIKE '%GraphLaunch%') AS graph_launches,
       coalesce((SELECT sum(k.calls) FROM trace_kernel_totals k WHERE k.run_id = r.run_id), 0)::BIGINT AS dispatches,
       coalesce((SELECT sum(k.replayed) FROM trace_kernel_totals k WHERE k.run_id = r.run_id), 0)::BIGINT AS replayed
FROM runs r LEFT JOIN decode_totals t USING (run_id)
WHERE r.run_id IN (SELECT run_id FROM decode_scope);

-- Every finding of every analysed run.
CREATE OR REPLACE TEMP VIEW decode_findings AS
SELECT f.run_id, 'host-bound' AS id,                     -- stable rule id
       CASE WHEN f.idle_pct >= th.host_bound_high_pct THEN 'high' ELSE 'medium' END AS severity,  -- high | medium | low
       printf('GPU idle %.1f%% of each decode step (median step %.1f µs, busy %.1f µs)',
              f.idle_pct, f.step_ns / 1000.0, f.busy_ns / 1000.0) AS message,  -- what was seen, with numbers
       'The host cannot feed the GPU: capture decode under CUDA/HIP graphs (vLLM full graph mode), check CPU overhead in the scheduler and sampler, and pin the server to idle cores.' AS advice,
       f.idle_pct AS value                                 -- the deciding number
FROM _finding_facts f, findings_thresholds th
WHERE f.steps > 0 AND f.idle_pct > th.host_bound_idle_pct
UNION ALL
SELECT c.run_id, 'gemm-dominant', 'medium',
       printf('GEMM is %.1f%% of decode kernel time (%.1f µs per step)', c.pct, c.us_per_step),
       'Tune GEMM configs for the decode M shapes (M = batch size): hipBLASLt/aiter tuned CSVs on AMD, cuBLASLt heuristics or CUTLASS configs on NVIDIA; check the weight precision (FP8/MXFP4) is the one intended.',
       c.pct
FROM decode_categories c, findings_thresholds th
WHERE c.category = 'GEMM' AND c.pct > th.gemm_dominant_pct
UNION ALL
SELECT b.run_id, 'torch-gemm-fallback', CASE WHEN b.pct >= 5 THEN 'high' ELSE 'medium' END,
       printf('torch/ATen GEMM kernels take %.1f%% of decode kernel time (%.1f µs per step)', b.pct, b.us_per_step),
       'A GEMM fell back to PyTorch''s own kernels instead of hipBLASLt/cuBLAS or a tuned library: check the dtype/shape is supported by the fast path (e.g. FP8 scaling mode, M=1 skinny GEMMs) and that the library was found at start-up.',
       b.pct
FROM decode_backends b, findings_thresholds th
WHERE b.category = 'GEMM' AND b.backend = 'torch' AND b.pct > th.torch_gemm_pct
UNION ALL
SELECT b.run_id, 'triton-fallback-amd', 'medium',
       printf('Triton %s kernels take %.1f%% of decode kernel time on %s', b.category, sum(b.pct), any_value(r.arch)),
       'On AMD the fast decode paths are aiter ASM/CK kernels: a Triton GEMM or fused_moe here usually means the aiter path is disabled or unsupported for this dtype/arch (check VLLM_ROCM_USE_AITER*, the model''s quantisation and the log for fallback messages).',
       sum(b.pct)
FROM decode_backends b JOIN run_arch r USING (run_id), findings_thresholds th
WHERE r.arch LIKE 'gfx%' AND b.category IN ('GEMM', 'MoE') AND b.backend = 'Triton'
GROUP BY b.run_id, b.category, th.triton_fallback_pct HAVING sum(b.pct) > th.triton_fallback_pct
UNION ALL
SELECT a.run_id, 'arch-mismatch', 'high',
       printf('%d kernel(s) built for %s ran on a %s device (%.1f%% of kernel time), e.g. %s',
              count(*), string_agg(DISTINCT a.arch_hint, '/'), any_value(a.device_arch),
              100.0 * sum(a.total_ns) / any_value(t.total), left(arg_max(a.name, (a.total_ns, a.name)), 120)),
       'Code for an older architecture is running on newer hardware: the stack did not detect the GPU (e.g. a gfx942-only path on gfx950, sm80 kernels on sm90). Rebuild or install kernels for this arch and check the arch detection in the framework.',
       100.0 * sum(a.total_ns) / any_value(t.total)
FROM arch_mismatch a
JOIN (SELECT run_id, sum(total_ns) AS total FROM trace_kernel_totals GROUP BY run_id) t USING (run_id)
GROUP BY a.run_id
UNION ALL
SELECT c.run_id, 'collectives-large', 'medium',
       printf('Collectives are %.1f%% of decode kernel time with %d ranks (%.1f µs per step)', c.pct, f.rank_count, c.us_per_step),
       'Check the interconnect (xGMI/NVLink topology, P2P enabled), that the custom all-reduce is in use (vLLM/aiter custom AR, not generic RCCL/NCCL for small messages), and the rank skew below.',
       c.pct
FROM decode_categories c JOIN _finding_facts f USING (run_id), findings_thresholds th
WHERE c.category = 'AllReduce' AND c.pct > th.collective_pct AND f.rank_count > 1
UNION ALL
SELECT u.run_id, 'unmatched-kernels', 'low',
       printf('%.1f%% of kernel time is in %d kernel(s) no taxonomy rule matched', sum(u.pct), count(*)),
       'Add rules for them (deno task classify --explain NAME; a rules file with --rules) so the breakdown is trustworthy.',
       sum(u.pct)
FROM unmatched_kernels u, findings_thresholds th
GROUP BY u.run_id, th.unmatched_pct HAVING sum(u.pct) > th.unmatched_pct
UNION ALL
SELECT f.run_id, 'graph-replay-hidden', 'medium',
       printf('%d graph launches but only %d kernels recorded (%.1f per launch)', f.graph_launches, f.dispatches,
              f.dispatches / f.graph_launches),
       'The profiler did not see the kernels replayed inside CUDA/HIP graphs (a known gap of the torch profiler on ROCm): capture with rocprofv3 or RPD, or profile with graphs disabled to see the kernel mix.',
       f.dispatches / f.graph_launches
FROM _finding_facts f, findings_thresholds th
WHERE f.graph_launches > 0 AND f.replayed = 0 AND f.dispatches < th.kernels_per_graph_launch * f.graph_launches
UNION ALL
SELECT f.run_id, 'too-few-steps', 'low',
       printf('Only %d decode step(s) were captured and used', f.steps),
       'Capture more decode steps (100 is a good default, warm-up excluded) so medians and shares are stable.',
       f.steps
FROM _finding_facts f, findings_thresholds th
WHERE f.steps > 0 AND f.steps < th.min_steps
UNION ALL
SELECT f.run_id, 'no-decode-steps', 'low',
       printf('No decode step in the capture (%d step(s) found, all prefill or mixed)', count(s.step)),
       'The breakdown covers decode only: capture a decode-dominated window (short prompts, fixed output length with ignore-eos), or read the whole-capture breakdown.',
       count(s.step)
FROM _finding_facts f JOIN decode_steps s ON s.run_id = f.run_id
WHERE f.steps = 0
GROUP BY f.run_id;
