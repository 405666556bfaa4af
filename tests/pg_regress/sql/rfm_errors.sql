-- Bad input to RFM: an ERROR with a SQLSTATE naming the argument.
CREATE OR REPLACE FUNCTION error_of(query text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE query;
    RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE || ': ' || SQLERRM;
END $$;
CREATE TABLE scale AS SELECT segments.rfm_scale(r, f, m) AS s FROM (VALUES (1.0, 2.0, 3.0), (5, 6, 7)) AS t(r, f, m);

SELECT query, error_of(query) AS error
FROM (VALUES
    ($$SELECT segments.rfm_scale(1, 2, 3, 1)$$),
    ($$SELECT segments.rfm_scale(1, 2, 3, 11)$$),
    ($$SELECT segments.rfm_scale(1, 2, 3, NULL)$$),
    ($$SELECT segments.rfm_scale(r, r, r, b) FROM (VALUES (1, 5), (2, 4)) AS t(r, b)$$),
    ($$SELECT segments.rfm_scale('NaN', 2, 3)$$),
    ($$SELECT segments.rfm_scale(1, 'Infinity', 3)$$),
    ($$SELECT segments.rfm_score(s, 1, 2, 'NaN') FROM scale$$),
    ($$SELECT segments.rfm_class(segments.rfm_scale_fixed('{1}', '{1}', '{1}'), 1, 2, 3)$$),
    ($$SELECT segments.rfm_scale_fixed('{1,2}', '{1}', '{1,2}')$$),
    ($$SELECT segments.rfm_scale_fixed('{2,1}', '{1,2}', '{1,2}')$$),
    ($$SELECT segments.rfm_scale_fixed('{}', '{}', '{}')$$),
    ($$SELECT segments.rfm_scale_fixed('{1,2}', '{1,2}', '{1,Infinity}')$$),
    ($$SELECT segments.rfm_scale_fixed('{1,NULL}', '{1,2}', '{1,2}')$$),
    ($$SELECT segments.cuts(s, 'x') FROM scale$$),
    ($$SELECT '6-1'::segments.rfm$$),
    ($$SELECT '505'::segments.rfm$$),
    ($$SELECT '11-1-1'::segments.rfm$$),
    ($$SELECT 'abc'::segments.rfm$$),
    ($$SELECT 'not json'::segments.rfm_scale$$),
    ($$SELECT '{"bins":3,"r":{"cuts":[1],"mean":null},"f":{"cuts":[1],"mean":null},"m":{"cuts":[1],"mean":null}}'::segments.rfm_scale$$),
    ($$SELECT segments.rfm_segment('655')$$),
    ($$SELECT segments.rfm_segment('555', 'cn8')$$),
    ($$SELECT segments.rfm_segment('555', 'gold')$$),
    ($$SELECT segments.rfm_segment('555', '{"segments":[{"name":"Odd","r":[4,2]}]}')$$),
    ($$SELECT segments.rfm_segment('555', '{"segments":[{"name":"Wide","f":[1,11]}]}')$$),
    ($$SELECT segments.rfm_segment('555', '{"segments":[{"name":"Typo","rr":[1,2]}]}')$$),
    ($$SELECT segments.rfm_segment('555', '{"segments":[]}')$$),
    ($$SELECT segments.rfm_segment('555', '{"segments":')$$),
    ($$SELECT * FROM segments.check_rfm_map('{"segments":[{"name":"A"}]}', 1)$$)
) AS cases(query)
ORDER BY query COLLATE "C";

-- NULLs follow SQL conventions.
SELECT segments.rfm_score(s, NULL, 1, 1) IS NULL AS null_recency, segments.rfm_segment(NULL) IS NULL AS null_score,
       segments.rfm_class(NULL, 1, 1, 1) IS NULL AS null_scale
FROM scale;
SELECT segments.rfm_scale(r, f, m) IS NULL AS only_null_rows, segments.rfm_scale(r, f, m) FILTER (WHERE false) IS NULL AS no_rows
FROM (VALUES (NULL::float8, 1.0::float8, 1.0::float8), (2, NULL, 3)) AS t(r, f, m);
SELECT segments.rfm_scale(r, f, m) AS nulls_skipped
FROM (VALUES (NULL::float8, 1.0::float8, 1.0::float8), (2, 3, 4), (6, 7, 8)) AS t(r, f, m);
SELECT 'alive' AS server;
