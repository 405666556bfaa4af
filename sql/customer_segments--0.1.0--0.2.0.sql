-- customer_segments 0.1.0 -> 0.2.0
-- Applied by ALTER EXTENSION customer_segments UPDATE TO '0.2.0'. The upgrade test
-- (scripts/test) checks that the result's catalog equals a fresh install, object by object.
\echo Use "ALTER EXTENSION customer_segments UPDATE TO '0.2.0'" to load this file. \quit

COMMENT ON AGGREGATE profile(timestamptz, float8) IS 'A customer''s profile from their order lines, used with GROUP BY customer: counts, exact totals, purchase days, categories. Rows with a NULL at or amount are skipped and counted. A float8 amount counts as amount::numeric reads it (15 significant digits).';

COMMENT ON AGGREGATE profile(timestamptz, float8, text) IS 'A customer''s profile from their order lines, used with GROUP BY customer: counts, exact totals, purchase days, categories. Rows with a NULL at or amount are skipped and counted. A float8 amount counts as amount::numeric reads it (15 significant digits).';

COMMENT ON AGGREGATE profile(date, float8) IS 'A customer''s profile from their order lines, used with GROUP BY customer: counts, exact totals, purchase days, categories. Rows with a NULL at or amount are skipped and counted. A float8 amount counts as amount::numeric reads it (15 significant digits).';

COMMENT ON AGGREGATE profile(date, float8, text) IS 'A customer''s profile from their order lines, used with GROUP BY customer: counts, exact totals, purchase days, categories. Rows with a NULL at or amount are skipped and counted. A float8 amount counts as amount::numeric reads it (15 significant digits).';
