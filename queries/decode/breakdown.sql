-- requires: decode/steps.sql
-- requires: decode/trace_kernels.sql
-- Where decode time goes: kernels of the used decode steps by category,
-- backend, sub-kind and kernel, per step and as a share of kernel time; the
-- whole-trace breakdown beside it. Shares (pct) are 0–100 of summed kernel
-- time; per-step figures are averaged over used steps and ranks. Like every
-- decode table, these cover the analysed runs (decode_scope).

-- Kernels of the used decode steps, labelled, one row per dispatch (for
-- ad-hoc queries; the breakdowns below read decode_kernel_steps).
CREATE OR REPLACE TEMP VIEW decode_dispatches AS
SELECT sd.run_id, sd.rank, sd.step, sd.name_id,
       sd.end_ns - sd.start_ns AS dur_ns,   -- kernel duration (ns)
       l.category, l.backend, l.sub_kind, l.name
FROM step_dispatches sd
JOIN decode_steps s ON s.run_id = sd.run_id AND s.step = sd.step
JOIN kernel_labels l ON l.name_id = sd.name_id
WHERE s.used;

-- Calls and time per kernel, rank and used decode step, so that every
-- breakdown below reads a small table. The breakdowns are tables too: the
-- summary, the findings and the comparisons read each several times.
CREATE OR REPLACE TEMP TABLE decode_kernel_steps AS
SELECT k.run_id, k.rank, k.step, k.name_id,
       k.calls,       -- kernel calls
       k.dur_ns,      -- summed duration (ns)
       k.max_dur_ns   -- longest call (ns)
FROM step_kernels k
JOIN decode_steps s ON s.run_id = k.run_id AND s.step = k.step
WHERE s.used AND k.name_id IN (SELECT name_id FROM kernel_labels);

-- Per run: how many steps and ranks the decode breakdown averages over.
CREATE OR REPLACE TEMP TABLE decode_totals AS
SELECT run_id,
       count(DISTINCT step) AS steps,          -- used decode steps
       count(DISTINCT rank) AS ranks,          -- ranks with kernels in them
       sum(dur_ns)::BIGINT AS kernel_ns,       -- summed kernel time (ns)
       sum(calls)::BIGINT AS calls             -- kernel calls
FROM decode_kernel_steps GROUP BY run_id;

-- Decode time per category.
CREATE OR REPLACE TEMP TABLE decode_categories AS
SELECT d.run_id, l.category,
       sum(d.dur_ns)::BIGINT AS total_ns,                                -- summed time (ns)
       100.0 * sum(d.dur_ns) / any_value(t.kernel_ns) AS pct,            -- share of decode kernel time
       sum(d.dur_ns) / 1000.0 / any_value(t.steps * t.ranks) AS us_per_step,  -- µs per step and rank
       sum(d.calls) / any_value(t.steps * t.ranks)::DOUBLE AS calls_per_step -- calls per step and rank
FROM decode_kernel_steps d JOIN kernel_labels l USING (name_id) JOIN decode_totals t USING (run_id)
GROUP BY d.run_id, l.category;

-- Decode time per category and backend.
CREATE OR REPLACE TEMP TABLE decode_backends AS
SELECT d.run_id, l.category, l.backend,
       sum(d.dur_ns)::BIGINT AS total_ns,
       100.0 * sum(d.dur_ns) / any_value(t.kernel_ns) AS pct,
       sum(d.dur_ns) / 1000.0 / any_value(t.steps * t.ranks) AS us_per_step,
       sum(d.calls) / any_value(t.steps * t.ranks)::DOUBLE AS calls_per_step
FROM decode_kernel_steps d JOIN kernel_labels l USING (name_id) JOIN decode_totals t USING (run_id)
GROUP BY d.run_id, l.category, l.backend;

-- Decode time per category and sub-kind.
CREATE OR REPLACE TEMP TABLE decode_subkinds AS
SELECT d.run_id, l.category, l.sub_kind,
       sum(d.dur_ns)::BIGINT AS total_ns,
       100.0 * sum(d.dur_ns) / any_value(t.kernel_ns) AS pct,
       sum(d.dur_ns) / 1000.0 / any_value(t.steps * t.ranks) AS us_per_step,
       sum(d.calls) / any_value(t.steps * t.ranks)::DOUBLE AS calls_per_step
FROM decode_kernel_steps d JOIN kernel_labels l USING (name_id) JOIN decode_totals t USING (run_id)
GROUP BY d.run_id, l.category, l.sub_kind;

-- Decode time per kernel, ranked by cumulative time.
CREATE OR REPLACE TEMP TABLE decode_kernels AS
SELECT d.run_id, d.name_id, any_value(l.name) AS name, any_value(l.category) AS category,
       any_value(l.backend) AS backend, any_value(l.sub_kind) AS sub_kind,
       sum(d.dur_ns)::BIGINT AS total_ns,                                 -- cumulative time (ns)
       100.0 * sum(d.dur_ns) / any_value(t.kernel_ns) AS pct,             -- share of decode kernel time
       sum(d.dur_ns) / 1000.0 / any_value(t.steps * t.ranks) AS us_per_step,
       sum(d.calls) / any_value(t.steps * t.ranks)::DOUBLE AS calls_per_step,
       sum(d.dur_ns) / sum(d.calls) / 1000.0 AS avg_us,                   -- mean call (µs)
       max(d.max_dur_ns) / 1000.0 AS max_us,                              -- longest call (µs)
       row_number() OVER (PARTITION BY d.run_id ORDER BY sum(d.dur_ns) DESC, any_value(l.name)) AS rank_by_time
FROM decode_kernel_steps d JOIN kernel_labels l USING (name_id) JOIN decode_totals t USING (run_id)
GROUP BY d.run_id, d.name_id;

-- The whole capture, regardless of steps: time per category and backend.
CREATE OR REPLACE TEMP VIEW trace_backends AS
WITH t AS (SELECT run_id, sum(total_ns) AS total FROM trace_kernel_totals GROUP BY run_id)
SELECT d.run_id, l.category, l.backend,
       sum(d.calls)::BIGINT AS calls,                        -- kernel calls
       sum(d.total_ns)::BIGINT AS total_ns,                  -- summed time (ns)
       100.0 * sum(d.total_ns) / any_value(t.total) AS pct   -- share of all kernel time
FROM trace_kernel_totals d JOIN kernel_labels l USING (name_id) JOIN t USING (run_id)
GROUP BY d.run_id, l.category, l.backend;

-- Kernels no rule matched, by share of all kernel time (to write rules for).
CREATE OR REPLACE TEMP VIEW unmatched_kernels AS
WITH t AS (SELECT run_id, sum(total_ns) AS total FROM trace_kernel_totals GROUP BY run_id)
SELECT d.run_id, l.name,
       sum(d.calls)::BIGINT AS calls,
       sum(d.total_ns)::BIGINT AS total_ns,
       100.0 * sum(d.total_ns) / any_value(t.total) AS pct
FROM trace_kernel_totals d JOIN kernel_labels l USING (name_id) JOIN t USING (run_id)
WHERE l.rule_id IS NULL
GROUP BY d.run_id, l.name;
