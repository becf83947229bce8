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
  grid_x INTEGER, grid_y INTEGER, grid_z INTEGER,    -- grid size as the tracer reports it
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
