-- requires: taxonomy/tables.sql
--
-- The rules that matched each classified kernel name, best first: place 1
-- decides the labels, place 2 is the runner-up `--explain` shows.

-- Matching rules per name, ranked.
CREATE OR REPLACE TEMP VIEW taxonomy_rule_matches AS
SELECT h.name_id,       -- kernel_names.name_id
       row_number() OVER (PARTITION BY h.name_id ORDER BY r.rule_rank DESC) AS place, -- 1 = deciding rule
       r.rule_rank,     -- the rule's rank in the total order
       r.rule_id,       -- rule id
       r.tier,          -- 0 built-in, 1 remembered, 2 --rules
       r.priority,      -- priority as written
       r.pattern,       -- the regex that matched
       r.category,      -- labels the rule gives ...
       r.backend,
       r.sub_kind,
       r.collective_op,
       r.precision,
       r.note,          -- why the rule exists
       r.source,        -- file of the rule
       r.line           -- line in that file
FROM taxonomy_hits h
JOIN taxonomy_rules r ON h.kind = 'rule' AND r.rule_rank = h.hit_rank;

-- The deciding arch and precision hint per name.
CREATE OR REPLACE TEMP VIEW taxonomy_hint_matches AS
SELECT h.name_id,                               -- kernel_names.name_id
       x.kind,                                  -- arch | precision
       arg_max(x.value, x.hint_rank) AS value,  -- value of the best-ranked matching hint
       arg_max(x.hint_id, x.hint_rank) AS hint_id -- its id
FROM taxonomy_hits h
JOIN taxonomy_hints x ON x.kind = h.kind AND x.hint_rank = h.hit_rank
GROUP BY h.name_id, x.kind;
