-- tracedeck canonical store, schema version 1.
--
-- Every ingest module writes these tables and nothing else; every analysis
-- view in queries/ reads them. Times are integer nanoseconds on the trace's
-- own clock (comparable within a run, not across runs). Stored by
-- lib/store/schema.ts, which records the version in store_meta and refuses a
-- store written by a newer tracedeck (and migrates older ones).

-- Key/value facts about the store itself (schema_version, created_by).
CREATE TABLE IF NOT EXISTS store_meta (
  key VARCHAR,   -- fact name, e.g. schema_version
  value VARCHAR  -- its value as text
);

-- One row per ingested run (a trace, a folder of per-rank traces, or a benchmark set).
CREATE TABLE IF NOT EXISTS runs (
  run_id INTEGER,            -- store-wide id, 1, 2, 3 ...
  label VARCHAR,             -- user label (--label), defaults to the input's base name
  source_files VARCHAR[],    -- input paths as given
  source_format VARCHAR,     -- kineto | rocprofv3-csv | rocprofv3-json | rocprof-csv | rocpd | rpd | nsys-sqlite | ...
  content_hash VARCHAR,      -- sha256 over the inputs' bytes, used to detect re-ingest
  ingested_at TIMESTAMP,     -- wall clock of the ingest (UTC)
  device_name VARCHAR,       -- GPU model as the trace names it (e.g. AMD Instinct MI300X)
  arch VARCHAR,              -- gfx942 | gfx950 | gfx90a | sm80 | sm90 | sm100 | ... or NULL when unknown
  rank_count INTEGER,        -- number of ranks (processes/devices) with kernels
  framework VARCHAR,         -- vllm | sglang | atom | pytorch | ... when the trace hints it
  aggregate_only BOOLEAN,    -- true when only per-kernel aggregates were available (kernel_stats.csv)
  capture_start_ns BIGINT,   -- first kernel/copy start
  capture_end_ns BIGINT      -- last kernel/copy end
);

-- Free-form metadata of a run (--meta k=v, manifest facts, trace metadata).
CREATE TABLE IF NOT EXISTS run_meta (
  run_id INTEGER,  -- the run
  key VARCHAR,     -- e.g. image, commit, model, tp
  value VARCHAR    -- value as text
);

-- Kernel names, stored once store-wide (names can be kilobytes long).
CREATE TABLE IF NOT EXISTS kernel_names (
  name_id INTEGER,  -- store-wide id
  name VARCHAR      -- the name exactly as the trace spells it
);

-- One row per GPU kernel dispatch.
CREATE TABLE IF NOT EXISTS kernel_dispatches (
  run_id INTEGER,          -- the run
  rank INTEGER,            -- rank (process or device index within the run), 0-based
  device INTEGER,          -- device id as the trace numbers it
  queue BIGINT,            -- HSA queue / hardware queue id when known
  stream BIGINT,           -- HIP/CUDA stream when known
  name_id INTEGER,         -- kernel_names.name_id
  start_ns BIGINT,         -- kernel start
  end_ns BIGINT,           -- kernel end
  correlation_id BIGINT,   -- links to the host launch
  grid_x BIGINT, grid_y BIGINT, grid_z BIGINT,       -- grid size as the tracer reports it (work-items on ROCm)
  block_x INTEGER, block_y INTEGER, block_z INTEGER, -- workgroup / block size
  vgpr INTEGER,            -- arch VGPRs (or registers per thread on NVIDIA) when known
  sgpr INTEGER,            -- SGPRs when known
  lds_bytes INTEGER,       -- LDS / shared memory per workgroup when known
  scratch_bytes INTEGER,   -- scratch / private segment when known
  graph_replay BOOLEAN     -- true when launched by a graph replay (RPD Task ops)
);

-- Markers and ranges: profiler steps, annotations, roctx and NVTX ranges.
CREATE TABLE IF NOT EXISTS markers (
  run_id INTEGER,       -- the run
  rank INTEGER,         -- rank, as in kernel_dispatches
  device INTEGER,       -- device for GPU-side annotations, NULL for host ranges
  name VARCHAR,         -- the marker text
  kind VARCHAR,         -- profiler_step | annotation | gpu_annotation | roctx | nvtx
  start_ns BIGINT,      -- range start
  end_ns BIGINT,        -- range end (= start for instants)
  step_kind VARCHAR,    -- decode | prefill | mixed when the name says (vLLM/SGLang/ATOM step annotations)
  batch_size INTEGER,   -- requests in the step when the name says
  num_tokens INTEGER    -- tokens in the step when the name says
);

-- Memory copies and memsets done by the GPU or its DMA engines.
CREATE TABLE IF NOT EXISTS memory_ops (
  run_id INTEGER,      -- the run
  rank INTEGER,        -- rank
  device INTEGER,      -- device id
  stream BIGINT,       -- stream / queue when known
  kind VARCHAR,        -- copy | memset
  direction VARCHAR,   -- HtoD | DtoH | DtoD | PtoP | HtoH | NULL
  bytes BIGINT,        -- bytes moved or set when known
  start_ns BIGINT,     -- start
  end_ns BIGINT,       -- end
  name VARCHAR         -- the op as the trace names it
);

-- Host API calls that launch work (kernel launches, graph launches, memcpy calls).
CREATE TABLE IF NOT EXISTS api_calls (
  run_id INTEGER,          -- the run
  rank INTEGER,            -- rank
  thread BIGINT,           -- host thread id
  name VARCHAR,            -- e.g. hipLaunchKernel, cudaGraphLaunch
  start_ns BIGINT,         -- call start
  end_ns BIGINT,           -- call end
  correlation_id BIGINT    -- correlation to the GPU work
);

-- Per-kernel aggregates, for aggregate-only inputs (rocprofv3 kernel_stats.csv,
-- rocprof results.stats.csv).
CREATE TABLE IF NOT EXISTS kernel_stats (
  run_id INTEGER,     -- the run
  rank INTEGER,       -- rank
  name_id INTEGER,    -- kernel_names.name_id
  calls BIGINT,       -- dispatch count
  total_ns BIGINT,    -- total duration
  min_ns BIGINT,      -- shortest dispatch when known
  max_ns BIGINT       -- longest dispatch when known
);

-- Taxonomy rule sets remembered by the store (--rules FILE), outranking built-ins.
CREATE TABLE IF NOT EXISTS user_rules (
  source VARCHAR,   -- file the rules came from
  added_at TIMESTAMP, -- when they were added
  body VARCHAR      -- the rules file's text
);

-- ===== Serving benchmarks (lib/bench/) =====================================
-- Benchmark result files and vLLM server logs, normalised. A benchmark load is
-- one runs row (source_format 'bench') so results sit beside trace runs;
-- run_meta key 'linked_run_id' links it to a trace run when given. Latencies
-- are milliseconds, throughputs tokens (or requests) per second, whatever
-- unit the file used.

-- One row per benchmark result (a JSON document, a JSONL line or a table row).
CREATE TABLE IF NOT EXISTS bench_results (
  run_id INTEGER,             -- runs.run_id of the benchmark load
  result_id INTEGER,          -- store-wide id of this result
  source_file VARCHAR,        -- file it came from
  source_index INTEGER,       -- position in the file (JSONL line / array element), 0-based
  variant VARCHAR,            -- loader: vllm | sglang | inferencex-custom | inferencex-agg | atom | vllm-nightly-table | aiperf
  label VARCHAR,              -- build label: --label, else the file's own label field, else the run label
  model VARCHAR,              -- model id or path
  backend VARCHAR,            -- serving framework / client backend (vllm, sglang, openai ...)
  hardware VARCHAR,           -- hardware as the source names it (mi355x, 4xNVIDIA_L40S, ...)
  gpu_model VARCHAR,          -- GPU model from lib/arch/devices.ts (MI355X, H100 ...) when recognised
  arch VARCHAR,               -- gfx950 | gfx942 | sm90 ... when recognised
  hbm_tbps DOUBLE,            -- peak HBM bandwidth of one GPU in TB/s when recognised
  gpu_count INTEGER,          -- GPUs serving: tp*pp*dp, else given, else total/per-GPU throughput
  image VARCHAR,              -- container image when known
  precision VARCHAR,          -- fp8 | fp4 | bf16 ... when known
  parallelism VARCHAR,        -- parallelism name as given (tp8, dep8, tep8, tp4_pp2 ...)
  tp INTEGER,                 -- tensor-parallel size
  pp INTEGER,                 -- pipeline-parallel size
  dp INTEGER,                 -- data-parallel replicas (not DP-attention)
  ep INTEGER,                 -- expert-parallel size
  dp_attention BOOLEAN,       -- DP attention (InferenceX 'dep')
  isl INTEGER,                -- configured input length in tokens (NULL for dataset-driven lengths)
  osl INTEGER,                -- configured output length in tokens
  concurrency INTEGER,        -- configured client concurrency (max_concurrency), NULL when unbounded
  request_rate DOUBLE,        -- offered request rate in req/s; +inf when unthrottled
  dataset VARCHAR,            -- dataset name (random, sharegpt ...)
  scenario VARCHAR,           -- scenario (e.g. agentic-coding) when given
  num_prompts INTEGER,        -- requests the client meant to send
  completed INTEGER,          -- requests that succeeded
  failed INTEGER,             -- requests that failed (0 when known clean, NULL when unknown)
  duration_s DOUBLE,          -- benchmark wall time in seconds
  total_input_tokens BIGINT,  -- prompt tokens over all completed requests
  total_output_tokens BIGINT, -- generated tokens over all completed requests
  mean_input_len DOUBLE,      -- measured mean prompt length per request (tokens)
  mean_output_len DOUBLE,     -- measured mean output length per request (tokens)
  request_throughput DOUBLE,  -- completed requests per second
  request_goodput DOUBLE,     -- requests per second meeting the SLOs, when measured
  input_throughput DOUBLE,    -- prompt tokens per second
  output_throughput DOUBLE,   -- generated tokens per second
  total_throughput DOUBLE,    -- prompt + generated tokens per second
  tput_per_gpu DOUBLE,        -- total tokens/s per GPU as the source reports it
  output_tput_per_gpu DOUBLE, -- generated tokens/s per GPU as the source reports it
  interactivity DOUBLE,       -- tokens/s per user as the source reports it (1000 / median TPOT ms)
  mean_concurrency DOUBLE,    -- measured mean requests in flight, when the client reports it
  accept_length DOUBLE,       -- speculative decoding mean accepted length, when reported
  acceptance_rate DOUBLE,     -- speculative decoding acceptance rate, when reported
  mean_ttft_ms DOUBLE, median_ttft_ms DOUBLE, p90_ttft_ms DOUBLE, p99_ttft_ms DOUBLE, -- time to first token
  mean_tpot_ms DOUBLE, median_tpot_ms DOUBLE, p90_tpot_ms DOUBLE, p99_tpot_ms DOUBLE, -- time per output token (excl. first)
  mean_itl_ms DOUBLE, median_itl_ms DOUBLE, p90_itl_ms DOUBLE, p99_itl_ms DOUBLE,     -- inter-token (chunk) latency
  mean_e2el_ms DOUBLE, median_e2el_ms DOUBLE, p90_e2el_ms DOUBLE, p99_e2el_ms DOUBLE, -- end-to-end request latency
  tpot_source VARCHAR,        -- reported | derived (per-request arrays) | NULL when absent
  ignore_eos BOOLEAN,         -- whether outputs were forced to OSL (--ignore-eos); NULL when unknown
  ignore_eos_evidence VARCHAR, -- how ignore_eos was decided
  rate_limited BOOLEAN,       -- true when request_rate is finite (throughput then follows the offered load)
  finished_at VARCHAR,        -- local wall clock when the client wrote the result, 'YYYY-MM-DD HH:MM:SS'
  metadata VARCHAR            -- JSON object of the other scalar fields and metadata, as text
);

-- Every latency/throughput statistic a result carries, normalised (ms for latencies).
CREATE TABLE IF NOT EXISTS bench_result_stats (
  result_id INTEGER,  -- bench_results.result_id
  metric VARCHAR,     -- ttft | tpot | itl | e2el | interactivity | input_tokens | output_tokens | ...
  stat VARCHAR,       -- mean | median | std | min | max | p<N> (p99.9 kept with its dot)
  value DOUBLE,       -- the value in unit
  unit VARCHAR        -- ms | tok/s/user | tokens | req/s | ...
);

-- Capacity facts of one vLLM server log (startup lines), one row per log file.
CREATE TABLE IF NOT EXISTS bench_log_capacity (
  run_id INTEGER,                 -- runs.run_id of the benchmark load
  log_id INTEGER,                 -- store-wide id of the log
  source_file VARCHAR,            -- the log file
  label VARCHAR,                  -- build label, as for bench_results
  engine_version VARCHAR,         -- V0 | V1
  vllm_version VARCHAR,           -- e.g. 0.21.0
  model VARCHAR,                  -- served model
  tp INTEGER,                     -- tensor_parallel_size
  pp INTEGER,                     -- pipeline_parallel_size
  dp INTEGER,                     -- data_parallel_size
  max_model_len INTEGER,          -- max_seq_len of the engine config
  max_num_seqs INTEGER,           -- scheduler batch limit when given
  block_size INTEGER,             -- KV block size in tokens when given
  kv_cache_dtype VARCHAR,         -- KV cache dtype when given
  gpu_memory_utilization DOUBLE,  -- fraction of GPU memory vLLM may use
  kv_cache_gib DOUBLE,            -- KV cache memory per GPU in GiB (smallest over workers)
  kv_cache_tokens BIGINT,         -- 'GPU KV cache size: N tokens' (V1)
  gpu_blocks BIGINT,              -- '# cuda blocks' / '# GPU blocks' (V0)
  cpu_blocks BIGINT,              -- '# CPU blocks' (V0)
  max_concurrency_tokens BIGINT,  -- N in 'Maximum concurrency for N tokens per request'
  max_concurrency_x DOUBLE,       -- X in '... per request: Xx'
  client_concurrency INTEGER,     -- client concurrency for this log (--meta concurrency, or file name)
  series_rows INTEGER,            -- periodic stats lines parsed
  preemptions BIGINT              -- largest total_num_cumulative_preemption logged, NULL when none logged
);

-- The periodic engine stats lines of a vLLM server log as a time series.
CREATE TABLE IF NOT EXISTS bench_log_series (
  run_id INTEGER,                  -- runs.run_id
  log_id INTEGER,                  -- bench_log_capacity.log_id
  line_no INTEGER,                 -- 1-based line in the log
  engine_index INTEGER,            -- 'Engine 000' index (0 for V0)
  logged_at VARCHAR,               -- timestamp as logged, 'MM-DD HH:MM:SS' (vLLM logs no year)
  t_s DOUBLE,                      -- seconds since the log's earliest stats line
  prompt_tps DOUBLE,               -- Avg prompt throughput, tokens/s
  generation_tps DOUBLE,           -- Avg generation throughput, tokens/s
  running INTEGER,                 -- requests running
  waiting INTEGER,                 -- requests waiting (V0 'Pending')
  swapped INTEGER,                 -- requests swapped to CPU (V0)
  gpu_kv_pct DOUBLE,               -- GPU KV cache usage, %
  cpu_kv_pct DOUBLE,               -- CPU KV cache usage, % (V0)
  prefix_hit_pct DOUBLE,           -- (GPU) prefix cache hit rate, %
  cpu_prefix_hit_pct DOUBLE,       -- CPU prefix cache hit rate, % (V0)
  external_prefix_hit_pct DOUBLE,  -- external (e.g. LMCache) prefix cache hit rate, %
  preemptions_cum BIGINT           -- cumulative preemptions logged so far, NULL when none logged
);

-- ===== Server-log triage (lib/triage/) =====================================
-- Findings of the log triage of a capture folder's server logs (*.log), one
-- row per log file and pattern that matched (patterns: lib/triage/patterns.tsv).

CREATE TABLE IF NOT EXISTS log_findings (
  run_id INTEGER,       -- the run whose capture folder held the log
  source_file VARCHAR,  -- the log file, as found in the folder
  kind VARCHAR,         -- jit_build_failure | jit_build | unsupported_arch | fallback | preemption | oom | nccl_error
  finding VARCHAR,      -- the pattern id, e.g. moe_default_config
  severity VARCHAR,     -- error | warning | info
  count BIGINT,         -- matching lines; a Ray '[repeated Nx across cluster]' line counts N
  first_line BIGINT,    -- 1-based line number of the first match
  first_text VARCHAR    -- that line with ANSI colour codes removed (at most 1000 characters)
);
-- ===== end of server-log triage ============================================
