-- Bad input to profiles: an ERROR with a SQLSTATE naming the argument.
CREATE OR REPLACE FUNCTION error_of(query text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE query;
    RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE || ': ' || SQLERRM;
END $$;
CREATE TABLE p AS SELECT segments.profile(at, amount) AS p
FROM (VALUES ('2026-01-05'::date, 10.00::numeric), ('2026-02-05', 5.00)) AS t(at, amount);

SELECT query, error_of(query) AS error
FROM (VALUES
    ($$SELECT segments.profile(now(), 'NaN'::numeric)$$),
    ($$SELECT segments.profile(now(), 'Infinity'::numeric)$$),
    ($$SELECT segments.profile(now(), 'NaN'::float8)$$),
    ($$SELECT segments.profile(current_date, '-Infinity'::float8)$$),
    ($$SELECT segments.profile('infinity'::date, 1.0)$$),
    ($$SELECT segments.profile('-infinity'::timestamptz, 1.0)$$),
    ($$SELECT segments.recency_days(p, '2025-12-31') FROM p$$),
    ($$SELECT segments.tenure_days(p, '2025-12-31') FROM p$$),
    ($$SELECT segments.lifecycle(p, '2025-01-01') FROM p$$),
    ($$SELECT segments.recency_days(p, 'infinity') FROM p$$),
    ($$SELECT segments.lifecycle(p, '2026-03-01', -1) FROM p$$),
    ($$SELECT segments.lifecycle(p, '2026-03-01', 90, -5) FROM p$$),
    ($$SELECT segments.is_new(p, '2026-03-01', -1) FROM p$$),
    ($$SELECT segments.preference(p, 0) FROM p$$),
    ($$SELECT segments.preference(p, 1.5) FROM p$$),
    ($$SELECT segments.preference(p, 'NaN') FROM p$$),
    ($$SELECT 'not json'::segments.customer_profile$$),
    ($$SELECT '{}'::segments.customer_profile$$),
    ($$SELECT '{"categories":{},"days":{"2026-02-30":"1"},"max":"1","orders":1,"returns":0,"skipped":0}'::segments.customer_profile$$),
    ($$SELECT '{"categories":{},"days":{"2026-01-01":"x"},"max":"1","orders":1,"returns":0,"skipped":0}'::segments.customer_profile$$),
    ($$SELECT '{"categories":{},"days":{},"max":null,"orders":3,"returns":0,"skipped":0}'::segments.customer_profile$$)
) AS cases(query)
ORDER BY query COLLATE "C";

SELECT 'alive' AS server;
