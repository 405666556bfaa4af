-- Defects found by hostile input, each pinned: deep JSON, floats that must
-- read back bit for bit, NUL characters, dates out of range, unbounded
-- segment maps, and truthful volatility.
CREATE OR REPLACE FUNCTION error_of(query text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE query;
    RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE || ': ' || SQLERRM;
END $$;

-- Deep JSON everywhere JSON is read: 54000, never XX000.
SELECT query, error_of(query) AS error
FROM (VALUES
    ($$SELECT * FROM segments.check_rfm_map((repeat('[', 129) || repeat(']', 129))::jsonb)$$),
    ($$SELECT * FROM segments.check_rfm_map(('{"segments":' || repeat('{"a":', 5000) || '1' || repeat('}', 5000) || '}')::jsonb)$$),
    ($$SELECT segments.rfm_segment('555', '{"segments":' || repeat('[', 129) || repeat(']', 129) || '}')$$),
    ($$SELECT (repeat('[', 129) || repeat(']', 129))::segments.tier_scale$$),
    ($$SELECT ('{"cuts":' || repeat('[', 5000) || repeat(']', 5000) || '}')::segments.rfm_scale$$),
    ($$SELECT ('{"orders":' || repeat('[', 129) || repeat(']', 129) || '}')::segments.customer_profile$$),
    ($$SELECT (repeat('{"a":', 200) || '1' || repeat('}', 200))::segments.hierarchy$$),
    ($$SELECT (repeat('[', 129) || repeat(']', 129))::segments.tree_totals$$)
) AS t(query);

-- NUL characters: refused on input, so no function returns text holding one.
SELECT query, error_of(query) AS error
FROM (VALUES
    ($$SELECT '{"cuts":[1],"labels":["a","p\u0000"]}'::segments.tier_scale$$),
    ($$SELECT segments.rfm_segment('555', '{"segments":[{"name":"p\u0000"}]}')$$),
    ($$SELECT segments.rfm_segment('555', '{"segments":[{"name":"a"}],"other":"p\u0000"}')$$)
) AS t(query);

-- Floats in text forms read back bit for bit (float8send compares bits).
WITH awkward(v) AS (
    VALUES (0.1::float8 + 0.2::float8), ('5e-324'), ('1.7976931348623157e308'),
           ('10000.000015258789'), ('-0'), ('123456.78901234567'), ('-4.9406564584124654e-324')
), scales AS (
    SELECT v, segments.tier_scale(ARRAY[-1e308::float8, v]) AS s FROM awkward
)
SELECT s::text AS text_form,
       float8send((segments.cuts(s::text::segments.tier_scale))[2]) = float8send(v) AS text_round_trip,
       segments.tier_scale_send(s::text::segments.tier_scale) = segments.tier_scale_send(s) AS same_bytes
FROM scales ORDER BY v;

WITH awkward(v) AS (
    VALUES (0.1::float8 + 0.2::float8), ('5e-324'), ('1.7976931348623157e308'), ('10000.000015258789')
), scales AS (
    SELECT v, segments.rfm_scale_fixed(ARRAY[-1e308, v], ARRAY[-1e308, v], ARRAY[-1e308, v]) AS s FROM awkward
)
SELECT float8send((segments.cuts(s::text::segments.rfm_scale, 'm'))[2]) = float8send(v) AS text_round_trip,
       segments.rfm_scale_send(s::text::segments.rfm_scale) = segments.rfm_scale_send(s) AS same_bytes
FROM scales ORDER BY v;

-- next_purchase_due: NULL when the due day is outside PostgreSQL's dates.
SELECT segments.next_purchase_due(p) AS due, segments.overdue_days(p, '5874897-12-31') AS overdue
FROM (SELECT segments.profile(at, 1.0) AS p
      FROM (VALUES ('5874897-01-01'::date), ('5874897-12-01')) AS t(at)) AS s;
-- (near the first date the due day stays in range)
SELECT segments.next_purchase_due(p) AS due
FROM (SELECT segments.profile(at, 1.0) AS p
      FROM (VALUES ('4714-11-24 BC'::date), ('4714-11-30 BC'), ('4714-12-05 BC')) AS t(at)) AS s;

-- Segment maps are bounded: 250 segments, 100-byte names.
SELECT query, error_of(query) AS error
FROM (VALUES
    ($$SELECT count(*) FROM segments.check_rfm_map((SELECT jsonb_build_object('segments', jsonb_agg(jsonb_build_object('name', 's' || i))) FROM generate_series(1, 251) AS i), 10)$$),
    ($$SELECT segments.rfm_segment('555', '{"segments":[{"name":"' || repeat('x', 101) || '"}]}')$$)
) AS t(query);
-- Per-group limits of the profile aggregate: 54000, not exhaustion.
SELECT error_of($$SELECT segments.profile(DATE '2026-01-01', 1.0, 'c' || i) FROM generate_series(1, 10001) AS i$$) AS categories;
SELECT count(*) AS overlaps_at_the_limit
FROM segments.check_rfm_map((SELECT jsonb_build_object('segments', jsonb_agg(jsonb_build_object('name', 's' || i)))
                             FROM generate_series(1, 250) AS i), 10);

-- The profile aggregates over timestamptz follow the TimeZone: stable.
SELECT p::regprocedure AS aggregate, provolatile
FROM (VALUES ('segments.profile(timestamptz,numeric)'::regprocedure), ('segments.profile(timestamptz,numeric,text)'),
             ('segments.profile(timestamptz,float8)'), ('segments.profile(timestamptz,float8,text)'),
             ('segments.profile(date,numeric)')) AS t(p)
JOIN pg_proc ON pg_proc.oid = p ORDER BY p::text;

-- A NULL reaching an argument a function takes as a value (the function
-- declared here without STRICT, as the extension never declares it): an
-- ordinary 22023 naming the argument's place, never a panic (XX000). One
-- function each for a stored type, an argument read undecoded (Raw) and a
-- jsonb read as text.
CREATE FUNCTION nonstrict_prune(h segments.hierarchy, levels int) RETURNS segments.hierarchy
    LANGUAGE c AS '$libdir/customer_segments', 'prune_wrapper';
CREATE FUNCTION nonstrict_depth(h segments.hierarchy, node bigint) RETURNS int
    LANGUAGE c AS '$libdir/customer_segments', 'depth_by_id_wrapper';
CREATE FUNCTION nonstrict_check_rfm_map(map jsonb, bins int)
    RETURNS TABLE (problem text, score segments.rfm, segment text, taken_by text)
    LANGUAGE c AS '$libdir/customer_segments', 'check_rfm_map_wrapper';
SELECT query, error_of(query) AS error
FROM (VALUES
    ($$SELECT nonstrict_prune(NULL, 1)$$),
    ($$SELECT nonstrict_depth(NULL, 1)$$),
    ($$SELECT * FROM nonstrict_check_rfm_map(NULL, 5)$$),
    ($$SELECT nonstrict_depth('{"nodes":[{"node":"1"}]}', 1)$$)
) AS t(query);
DROP FUNCTION nonstrict_prune(segments.hierarchy, int), nonstrict_depth(segments.hierarchy, bigint),
    nonstrict_check_rfm_map(jsonb, int);
