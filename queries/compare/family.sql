-- Kernel families: a kernel name with its return type, "(anonymous
-- namespace)::", template arguments, parameter list, clone/.kd suffixes and
-- tile/config suffixes stripped, so the same kernel matches across builds
-- whose tuning differs. Mangled (Itanium) names are reduced to their
-- qualified identifier (up to three nested names), read by their length
-- prefixes, so every template instantiation of a kernel is one family.

-- The identifier at the start of `s` when `s` starts with <length><identifier>.
CREATE OR REPLACE TEMP MACRO _mangled_ident(s) AS
  CASE WHEN regexp_matches(s, '^\d+') THEN
    substr(s, length(regexp_extract(s, '^(\d+)', 1)) + 1, regexp_extract(s, '^(\d+)', 1)::INTEGER)
  END;

-- What follows that identifier.
CREATE OR REPLACE TEMP MACRO _mangled_rest(s) AS
  CASE WHEN regexp_matches(s, '^\d+') THEN
    substr(s, length(regexp_extract(s, '^(\d+)', 1)) + 1 + regexp_extract(s, '^(\d+)', 1)::INTEGER)
  END;

-- The qualified identifier of a mangled name (_Z<n>id… or _ZN<n>id<n>id…E…).
CREATE OR REPLACE TEMP MACRO _mangled_name(name) AS
  CASE WHEN starts_with(name, '_ZN') THEN
    concat_ws('::',
      _mangled_ident(substr(name, 4)),
      _mangled_ident(_mangled_rest(substr(name, 4))),
      _mangled_ident(_mangled_rest(_mangled_rest(substr(name, 4)))))
  ELSE _mangled_ident(substr(name, 3)) END;

-- Tile and configuration tokens (`_16x128`, `_MT64x64x32…`, `tilesize128x128x64`) removed.
CREATE OR REPLACE TEMP MACRO _strip_tiles(s) AS
  regexp_replace(
    regexp_replace(
      regexp_replace(regexp_replace(s, '_MT\d+x\d+x\d+.*$', ''), '(_?[A-Za-z]{0,12}\d+(x\d+)+)+', '', 'g'),
      '_\d+$', ''),
    '(::|_)$', '');

-- The family of a kernel name.
CREATE OR REPLACE TEMP MACRO kernel_family(name) AS
  CASE WHEN regexp_matches(name, '^_Z\d|^_ZN\d') AND coalesce(_mangled_name(name), '') <> ''
    THEN _strip_tiles(_mangled_name(name))
  ELSE
    trim(_strip_tiles(
      regexp_replace(
        regexp_replace(
          regexp_replace(name, '\(anonymous namespace\)::|^void\s+', '', 'g'),
          '\s*\[clone [^\]]*\]$|\.kd$', ''),
        '[<(].*$', '')))
  END;
