-- Every bad input gets an ERROR with a SQLSTATE and a message naming the
-- argument; none crashes the server.
CREATE OR REPLACE FUNCTION error_of(query text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE query;
    RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE || ': ' || SQLERRM;
END $$;

SELECT query, error_of(query) AS error
FROM (VALUES
    ($$SELECT segments.tier('NaN', '{1,2}')$$),
    ($$SELECT segments.tier('Infinity', '{1,2}')$$),
    ($$SELECT segments.tier('-Infinity', ARRAY[1,2])$$),
    ($$SELECT segments.tier_rank('NaN', '{1,2}')$$),
    ($$SELECT segments.tier(1, ARRAY[2,1])$$),
    ($$SELECT segments.tier(1, ARRAY[1,1])$$),
    ($$SELECT segments.tier(1, ARRAY[1,'NaN']::float8[])$$),
    ($$SELECT segments.tier(1, ARRAY[1,'Infinity']::float8[])$$),
    ($$SELECT segments.tier(1, ARRAY[1,NULL])$$),
    ($$SELECT segments.tier(1, '{}'::float8[])$$),
    ($$SELECT segments.tier(1, ARRAY[1,2], ARRAY['a','b'])$$),
    ($$SELECT segments.tier(1, ARRAY[1,2], ARRAY['a','b',NULL])$$),
    ($$SELECT segments.tier(1, '{2,1}')$$),
    ($$SELECT segments.tier(1, '{1,x}')$$),
    ($$SELECT segments.tier_rank(1, ARRAY(SELECT generate_series(1, 1000))::float8[])$$),
    ($$SELECT '[1'::segments.tier_scale$$),
    ($$SELECT 'cuts'::segments.tier_scale$$),
    ($$SELECT '{"cut":[1]}'::segments.tier_scale$$),
    ($$SELECT '{"cuts":[1,2],"labels":["a"]}'::segments.tier_scale$$),
    ($$SELECT '[{"label":"low","lte":5000},{"label":"high","gte":5000}]'::segments.tier_scale$$),
    ($$SELECT '[{"label":"low","lt":5000},{"label":"high","gt":5000}]'::segments.tier_scale$$),
    ($$SELECT '[{"label":"low","lt":4000},{"label":"high","gte":5000}]'::segments.tier_scale$$),
    ($$SELECT '[{"label":"all"},{"label":"more","gte":1}]'::segments.tier_scale$$),
    ($$SELECT '[{"label":"odd","gt":1,"gte":1},{"label":"x","gte":2}]'::segments.tier_scale$$),
    ($$SELECT '[{"label":"empty","gte":5,"lt":5},{"label":"x","gte":5}]'::segments.tier_scale$$),
    ($$SELECT '[{"label":"only"}]'::segments.tier_scale$$),
    ($$SELECT '[{"label":"a","lt":1,"colour":"red"},{"label":"b","gte":1}]'::segments.tier_scale$$),
    ($$SELECT segments.quantile_scale(v, '{0.1,0.9}') FROM (VALUES (1.0), ('NaN')) AS t(v)$$),
    ($$SELECT segments.quantile_scale(v, '{0,0.5}') FROM (VALUES (1.0)) AS t(v)$$),
    ($$SELECT segments.quantile_scale(v, '{0.5,1}') FROM (VALUES (1.0)) AS t(v)$$),
    ($$SELECT segments.quantile_scale(v, '{0.9,0.1}') FROM (VALUES (1.0)) AS t(v)$$),
    ($$SELECT segments.quantile_scale(v, '{0.5,0.5}') FROM (VALUES (1.0)) AS t(v)$$),
    ($$SELECT segments.quantile_scale(v, '{}') FROM (VALUES (1.0)) AS t(v)$$),
    ($$SELECT segments.quantile_scale(v, NULL) FROM (VALUES (1.0)) AS t(v)$$),
    ($$SELECT segments.quantile_scale(v, '{0.5}', '{a}') FROM (VALUES (1.0)) AS t(v)$$)
) AS cases(query)
ORDER BY query COLLATE "C";

-- The server is still here.
SELECT 'alive' AS server;
