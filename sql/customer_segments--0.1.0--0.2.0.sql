-- customer_segments 0.1.0 -> 0.2.0
-- Applied by ALTER EXTENSION customer_segments UPDATE TO '0.2.0'. The upgrade test
-- (scripts/test) checks that the result's catalog equals a fresh install, object by object.
\echo Use "ALTER EXTENSION customer_segments UPDATE TO '0.2.0'" to load this file. \quit

UPDATE pg_catalog.pg_proc SET provolatile = 's' WHERE oid IN ('profile(timestamptz, numeric)'::pg_catalog.regprocedure, 'profile(timestamptz, numeric, text)'::pg_catalog.regprocedure, 'profile(timestamptz, float8)'::pg_catalog.regprocedure, 'profile(timestamptz, float8, text)'::pg_catalog.regprocedure);

COMMENT ON FUNCTION next_purchase_due(customer_profile) IS 'Last purchase day plus the mean purchase interval (rounded to a day); NULL with fewer than two purchase days or when that day lies outside PostgreSQL''s date range.';
