-- Least privilege, truthful volatility and search_path safety.

-- No function of the extension runs with its owner's rights.
SELECT p.oid::regprocedure AS security_definer
FROM pg_proc AS p JOIN pg_depend AS d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
JOIN pg_extension AS e ON e.oid = d.refobjid AND e.extname = 'customer_segments'
WHERE p.prosecdef;

-- SQL and PL/pgSQL functions of the extension either have a body parsed at
-- creation (BEGIN ATOMIC: names resolved once) or a fixed search_path, so
-- objects in the caller's schemas cannot change what they compute. (Views
-- resolve names when created.)
SELECT p.oid::regprocedure AS unsafe_search_path
FROM pg_proc AS p JOIN pg_depend AS d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
JOIN pg_extension AS e ON e.oid = d.refobjid AND e.extname = 'customer_segments'
JOIN pg_language AS l ON l.oid = p.prolang
WHERE l.lanname NOT IN ('c', 'internal') AND p.prosqlbody IS NULL
  AND NOT EXISTS (SELECT FROM unnest(p.proconfig) AS c WHERE c LIKE 'search_path=%');

-- Immutable functions serve an index and a generated column.
CREATE TABLE privileges_lines (
    customer int,
    amount float8,
    score segments.rfm,
    tier_rank int GENERATED ALWAYS AS (segments.tier_rank(amount, '{1000,10000}'::segments.tier_scale)) STORED,
    recency int GENERATED ALWAYS AS (segments.r(score)) STORED
);
CREATE INDEX ON privileges_lines (segments.tier_rank(amount, '{1000,10000}'::float8[]));
CREATE INDEX ON privileges_lines (segments.r(score), segments.f(score));
INSERT INTO privileges_lines (customer, amount, score) VALUES (1, 500, '545'), (2, 5000, '111'), (3, 50000, '355');
SET enable_seqscan = off;
SELECT customer, tier_rank, recency FROM privileges_lines WHERE segments.tier_rank(amount, '{1000,10000}'::float8[]) = 2;
RESET enable_seqscan;

-- Stable functions (they read segments.language or the TimeZone) cannot.
CREATE OR REPLACE FUNCTION error_of(query text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE query;
    RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE || ': ' || SQLERRM;
END $$;
SELECT error_of($$CREATE INDEX ON privileges_lines (segments.rfm_segment(score))$$);
SELECT error_of($$CREATE INDEX ON privileges_lines (segments.tier(amount, '{1000,10000}'::float8[]))$$);

-- ... and they do depend on the setting: the purchase day follows TimeZone.
SET TimeZone = 'UTC';
SELECT segments.first_purchase(segments.profile('2026-07-20 23:30+00'::timestamptz, 1.0)) AS utc_day;
SET TimeZone = 'Asia/Shanghai';
SELECT segments.first_purchase(segments.profile('2026-07-20 23:30+00'::timestamptz, 1.0)) AS shanghai_day;
RESET TimeZone;

-- Objects named like built-ins, first on the search_path, do not change
-- what the extension computes: every view of schema segments gives the
-- same rows, and the functions above give the same values.
CREATE SCHEMA privileges_evil;
CREATE FUNCTION privileges_evil.evil_sum(numeric, numeric) RETURNS numeric LANGUAGE sql AS 'SELECT -1';
CREATE AGGREGATE privileges_evil.sum(numeric) (SFUNC = privileges_evil.evil_sum, STYPE = numeric);
CREATE FUNCTION privileges_evil.evil_eq(numeric, numeric) RETURNS boolean LANGUAGE sql AS 'SELECT false';
CREATE OPERATOR privileges_evil.= (LEFTARG = numeric, RIGHTARG = numeric, FUNCTION = privileges_evil.evil_eq);
CREATE FUNCTION privileges_evil.evil_eq(text, text) RETURNS boolean LANGUAGE sql AS 'SELECT false';
CREATE OPERATOR privileges_evil.= (LEFTARG = text, RIGHTARG = text, FUNCTION = privileges_evil.evil_eq);
CREATE FUNCTION privileges_evil.jsonb_build_object(text, numeric) RETURNS jsonb LANGUAGE sql AS $$SELECT '{"evil":1}'::jsonb$$;
CREATE FUNCTION privileges_evil.jsonb_build_object(text, text) RETURNS jsonb LANGUAGE sql AS $$SELECT '{"evil":1}'::jsonb$$;
CREATE TABLE privileges_results (search text, what text, result text);
CREATE OR REPLACE FUNCTION privileges_record(search text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    v record;
    result text;
BEGIN
    FOR v IN SELECT c.oid::regclass AS name FROM pg_class AS c
             WHERE c.relnamespace = 'segments'::regnamespace AND c.relkind IN ('v', 'm') LOOP
        EXECUTE format('SELECT md5(string_agg(t::text, %L ORDER BY t::text)) FROM %s AS t', ',', v.name) INTO result;
        INSERT INTO privileges_results VALUES (search, v.name::text, result);
    END LOOP;
    INSERT INTO privileges_results
    SELECT search, 'functions', concat_ws(',',
        segments.total(segments.profile(d, a, c)), segments.top_category(segments.profile(d, a, c)),
        segments.category_shares(segments.profile(d, a, c)), segments.tier(segments.total(segments.profile(d, a, c))::float8, '{10,20}'),
        segments.rollup_tree(c, a, '2-2-2'::segments.code_scheme))
    FROM (VALUES ('2026-07-20'::date, 12.5, '01'), ('2026-07-21', 7.5, '0101')) AS t(d, a, c);
END $$;
SELECT privileges_record('normal');
SET search_path = privileges_evil, public, pg_catalog, segments;
SELECT public.privileges_record('evil first');
RESET search_path;
SELECT what, count(DISTINCT result) AS distinct_results, count(*) AS runs
FROM privileges_results GROUP BY what ORDER BY what;
DROP SCHEMA privileges_evil CASCADE;

-- A stored policy is found by its name alone: an operator = of another
-- schema first on the search_path (true for every pair of texts) does not
-- make classify read another row of segments.policies (here 'aaa', stored
-- before 'victim').
INSERT INTO segments.policies (name, body) VALUES
  ('aaa', '{"metrics": {"employees": "number"}, "dimensions": {"size": {"metric": "employees", "cuts": [50], "labels": ["EVIL-aaa", "EVIL-aaa"]}}}'),
  ('victim', '{"metrics": {"employees": "number"}, "dimensions": {"size": {"metric": "employees", "cuts": [50], "labels": ["small", "large"]}}}');
CREATE SCHEMA evil;
CREATE FUNCTION evil.yes(text, text) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT true';
CREATE OPERATOR evil.= (LEFTARG = text, RIGHTARG = text, FUNCTION = evil.yes);
SELECT segments.classify('{"employees": 60}', 'victim') AS clean_path;
SET search_path = evil, public, pg_catalog, segments;
SELECT segments.classify('{"employees": 60}', 'victim') AS evil_first;
SELECT segments.policy_version('victim') OPERATOR(pg_catalog.=) segments.policy_version(body) AS same_version
FROM segments.policies WHERE name OPERATOR(pg_catalog.=) 'victim';
-- A temporary table named policies (pg_temp comes first for tables) is not read either.
CREATE TEMP TABLE policies (name text, body jsonb);
INSERT INTO policies SELECT 'victim', body FROM segments.policies WHERE name OPERATOR(pg_catalog.=) 'aaa';
SELECT segments.classify('{"employees": 60}', 'victim') AS temp_table_first;
DROP TABLE pg_temp.policies;
RESET search_path;
DROP SCHEMA evil CASCADE;
DELETE FROM segments.policies WHERE name IN ('aaa', 'victim');
DROP TABLE privileges_lines, privileges_results;
DROP FUNCTION privileges_record(text);
