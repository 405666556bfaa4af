-- Fixed tiers: cuts are ascending inclusive lower bounds.
SELECT v, segments.tier(v, '{5000,10000}') AS tier, segments.tier_rank(v, '{5000,10000}') AS rank
FROM unnest(ARRAY[-1, 0, 4999.99, 5000, 9999.99, 10000, 10000.01, 1e9]::float8[]) AS v
ORDER BY v;

-- Arrays of any numeric type and explicit labels.
SELECT segments.tier(7, ARRAY[5, 10]) AS int_cuts,
       segments.tier(7, ARRAY[5, 10], ARRAY['bronze', 'silver', 'gold']) AS labelled,
       segments.tier(12.5::numeric, '{5,10}'::numeric[]) AS numeric_cuts;

-- Default labels follow the number of tiers.
SELECT n AS tiers, segments.labels(segments.tier_scale(ARRAY(SELECT generate_series(1, n - 1))::float8[])) AS labels
FROM generate_series(2, 7) AS n
ORDER BY n;

-- NULLs follow SQL conventions.
SELECT segments.tier(NULL, '{1,2}') IS NULL AS null_value,
       segments.tier(1, NULL::float8[]) IS NULL AS null_cuts,
       segments.tier(1, '{1,2}', NULL) AS null_labels_mean_default,
       segments.tier_rank(NULL, '{1,2}') IS NULL AS null_rank,
       segments.tier(NULL::float8, NULL::segments.tier_scale) IS NULL AS null_scale;

-- The seed's money rule as bands: 10000 itself is medium.
CREATE TABLE monthly_spend_scale AS
SELECT '[{"label":"low","lt":5000},{"label":"medium","gte":5000,"lte":10000},{"label":"high","gt":10000}]'::segments.tier_scale AS scale;
SELECT v, segments.tier(v, scale) AS tier, segments.tier_rank(v, scale) AS rank
FROM monthly_spend_scale, unnest(ARRAY[4999.99, 5000, 10000, 10000.01]::float8[]) AS v
ORDER BY v;
SELECT scale, segments.cuts(scale), segments.labels(scale) FROM monthly_spend_scale;

-- Bands may be listed in any order; values outside bounded bands get NULL.
SELECT v, segments.tier(v, s) AS tier, segments.tier_rank(v, s) AS rank
FROM (SELECT '[{"label":"B","gte":100,"lte":200},{"label":"A","gte":0,"lt":100}]'::segments.tier_scale AS s) AS scale,
     unnest(ARRAY[-0.01, 0, 99.99, 100, 200, 200.01]::float8[]) AS v
ORDER BY v;

-- Text forms read back as equal scales.
SELECT s::segments.tier_scale AS scale, s::segments.tier_scale::text::segments.tier_scale::text = s::segments.tier_scale::text AS round_trip
FROM (VALUES ('{5000,10000}'),
             ('{"cuts":[0.5,2],"labels":["a","b","c"]}'),
             ('[{"label":"neg","lt":0},{"label":"zero","gte":0,"lte":0},{"label":"pos","gt":0}]')) AS t(s)
ORDER BY s;

-- Scales are stored values: they live in tables.
CREATE TABLE scales (name text PRIMARY KEY, scale segments.tier_scale);
INSERT INTO scales VALUES ('frequency', '{5,10}'), ('spend', (SELECT scale FROM monthly_spend_scale));
SELECT name, segments.tier(7500, scale) FROM scales ORDER BY name;

-- Chinese default labels; written labels stay as written.
SET segments.language = 'zh';
SELECT segments.tier(3, '{1,2}') AS three, segments.tier(1, '{1}') AS two,
       segments.labels('{1,2,3,4,5}') AS six, segments.tier(3, '{1,2}', '{a,b,c}') AS written;
RESET segments.language;
SELECT segments.tier(3, '{1,2}') AS back_to_english;

-- Scales, cuts and labels that change from row to row are all honoured
-- (each call site remembers only the last one it decoded).
SELECT n, segments.tier(5, s) AS by_scale, segments.tier(5, c) AS by_cuts, segments.tier(5, c, l) AS labelled,
       segments.tier_rank(5, c) AS rank
FROM (VALUES (1, '{1}'::segments.tier_scale, '{1}'::float8[], '{a,b}'::text[]),
             (2, '{10}', '{10}', '{a,b}'),
             (3, '{10}', '{10}', '{x,y}'),
             (4, '{1,2}', '{1,2}', NULL),
             (5, '{1}', '{1}', '{a,b}')) AS t(n, s, c, l)
ORDER BY n;
