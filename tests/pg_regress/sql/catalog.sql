-- Every object of the extension carries a COMMENT. From PostgreSQL 17 on,
-- the array type of every type and the row type of a table, which
-- PostgreSQL makes by itself, are members of the extension too: they are
-- described by the type or table they come from.
SELECT pg_describe_object(classid, objid, 0) AS object_without_comment
FROM pg_depend
WHERE refclassid = 'pg_extension'::regclass
  AND refobjid = (SELECT oid FROM pg_extension WHERE extname = 'customer_segments')
  AND deptype = 'e'
  AND obj_description(objid, classid::regclass::text) IS NULL
  AND NOT EXISTS (SELECT FROM pg_type AS t
                  WHERE classid = 'pg_type'::regclass AND t.oid = objid
                    AND (t.typcategory = 'A' OR (SELECT relkind FROM pg_class WHERE oid = t.typrelid) <> 'c'))
ORDER BY 1;
SELECT obj_description('segments'::regnamespace, 'pg_namespace') IS NOT NULL AS schema_has_comment;

-- Functions declare volatility, strictness and parallel safety truthfully.
SELECT p.oid::regprocedure AS function, p.provolatile AS volatility, p.proisstrict AS strict, p.proparallel AS parallel
FROM pg_proc p
WHERE p.pronamespace = 'segments'::regnamespace
ORDER BY p.oid::regprocedure::text COLLATE "C";

-- A role without any special privilege can use everything.
CREATE ROLE segments_analyst;
SET ROLE segments_analyst;
SELECT segments.tier(10000, '{5000,10000}') AS as_analyst,
       segments.tier(v, segments.quantile_scale(v, '{0.5}') OVER ()) AS window_as_analyst
FROM (VALUES (1.0::float8)) AS t(v);
RESET ROLE;
DROP ROLE segments_analyst;
