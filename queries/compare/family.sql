-- Kernel families: a kernel name with its template arguments, parameter
-- list, clone/.kd suffixes and tile/config suffixes stripped, so the same
-- kernel matches across builds whose tuning differs.

-- The family of a kernel name.
CREATE OR REPLACE TEMP MACRO kernel_family(name) AS
  regexp_replace(
    regexp_replace(
      regexp_replace(
        regexp_replace(
          regexp_replace(
            regexp_replace(
              regexp_replace(name, '^void\s+', ''),
              '\s*\[clone [^\]]*\]$|\.kd$', ''),
            '[<(].*$', ''),
          '_MT\d+x\d+x\d+.*$', ''),
        '(_[A-Za-z]{0,3}\d+(x\d+)+)+', '', 'g'),
      '_\d+$', ''),
    '\s+$', '');
