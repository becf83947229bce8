-- Taxonomy tables: the rules and hints as loaded, the generation order of
-- GPU architectures, and which rules and hints matched which kernel names.
--
-- Filled by lib/taxonomy/load.ts (loadTaxonomy): it parses and validates
-- queries/taxonomy/rules.tsv, arch_hints.tsv and precision_hints.tsv plus the
-- user's rule sets, appends them here, and runs the regular expressions over
-- the kernel names not yet classified (one constant-pattern filter per rule,
-- because DuckDB compiles a regex taken from a column once per row). Every
-- statement here is idempotent, so loading this module again changes nothing.

-- Classification rules, all tiers, in one total order.
CREATE TEMP TABLE IF NOT EXISTS taxonomy_rules (
  rule_rank INTEGER,      -- total order over all loaded rules: the highest matching rank decides
  rule_id VARCHAR,        -- rule id as written in its file
  tier INTEGER,           -- 0 built-in, 1 remembered in the store (user_rules), 2 --rules file; higher outranks
  priority INTEGER,       -- priority within the tier: higher wins
  pattern VARCHAR,        -- RE2 regex searched in the kernel name (profiler suffix .kd / [clone .kd] removed)
  category VARCHAR,       -- GEMM | Attention | MoE | AllReduce | Quantization | Other
  backend VARCHAR,        -- who generated the code: hipBLASLt, CK, ASM, Triton, torch, NCCL, custom ...
  sub_kind VARCHAR,       -- FA/PA/MLA..., routing/sort/expert-GEMM/combine, FP8-quant..., norm/rope/...; NULL for GEMM, AllReduce
  collective_op VARCHAR,  -- allreduce | all-gather | reduce-scatter | all-to-all | reduce | broadcast | send-recv | generic (AllReduce only)
  precision VARCHAR,      -- precision the family always has, NULL when a precision hint decides
  note VARCHAR,           -- why the rule exists
  source VARCHAR,         -- file the rule came from ('store:<file>' for remembered sets)
  line INTEGER            -- 1-based line in that file
);

-- Arch and precision hints read from the name.
CREATE TEMP TABLE IF NOT EXISTS taxonomy_hints (
  kind VARCHAR,           -- arch | precision
  hint_rank INTEGER,      -- order among the hints of one kind: the highest matching rank decides
  hint_id VARCHAR,        -- id as written in its file
  priority INTEGER,       -- priority as written
  pattern VARCHAR,        -- RE2 regex searched in the kernel name (suffix removed)
  value VARCHAR,          -- the arch (gfx942, sm90 ...) or precision (bf16, fp8 ...) it implies
  note VARCHAR,           -- why
  source VARCHAR,         -- file it came from
  line INTEGER            -- 1-based line
);

-- Architecture generations per vendor (lib/arch/devices.ts ARCH_ORDER).
CREATE TEMP TABLE IF NOT EXISTS arch_order (
  vendor VARCHAR,         -- amd | nvidia
  arch VARCHAR,           -- gfx942, sm90 ...
  generation INTEGER      -- position within the vendor, oldest first (0-based); sm90a shares sm90's
);

-- Names already run through the patterns (matched or not).
CREATE TEMP TABLE IF NOT EXISTS taxonomy_names_seen (
  name_id INTEGER         -- kernel_names.name_id
);

-- Every (name, rule or hint) pair that matched.
CREATE TEMP TABLE IF NOT EXISTS taxonomy_hits (
  name_id INTEGER,        -- kernel_names.name_id
  kind VARCHAR,           -- rule | arch | precision
  hit_rank INTEGER        -- taxonomy_rules.rule_rank (kind rule) or taxonomy_hints.hint_rank
);

-- The name the patterns see: the profiler's kernel-descriptor suffix removed
-- (rocprofv3 prints `.kd` or ` [clone .kd]`), so suffixed and plain spellings
-- of one kernel classify alike.
CREATE OR REPLACE TEMP MACRO taxonomy_match_name(name) AS
  regexp_replace(name, '(\.kd|\s*\[clone \.kd\])$', '');

-- Kernel names not yet classified, as the patterns see them.
CREATE OR REPLACE TEMP VIEW taxonomy_pending_names AS
SELECT name_id, taxonomy_match_name(name) AS name
FROM kernel_names
WHERE name_id NOT IN (SELECT name_id FROM taxonomy_names_seen);
