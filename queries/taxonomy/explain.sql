-- requires: taxonomy/kernel_labels.sql
--
-- kernel_label_explain: why each classified name got its labels: the deciding
-- rule (place 1) and the runner-up (place 2), with where each rule is written.
CREATE OR REPLACE TEMP VIEW kernel_label_explain AS
SELECT l.name_id,        -- kernel_names.name_id
       l.name,           -- kernel name
       m.place,          -- 1 deciding rule, 2 runner-up
       m.rule_id,        -- the rule
       m.tier,           -- 0 built-in, 1 remembered, 2 --rules
       m.priority,       -- its priority
       m.category,       -- the labels it gives
       m.backend,
       m.sub_kind,
       m.collective_op,
       m.note,           -- why the rule exists
       m.source,         -- its file
       m.line,           -- and line
       m.pattern         -- the regex that matched
FROM kernel_labels l
JOIN taxonomy_rule_matches m ON m.name_id = l.name_id AND m.place <= 2;
