-- RFM value segmentation.
SET DateStyle = ISO, YMD;
CREATE TABLE rfm_input AS
SELECT i AS customer, (i * 37 % 100) + 1 AS recency, (i * 53 % 20) + 1 AS frequency, (i * 71 % 1000) * 10.0 AS monetary,
       'R' || (i % 2) AS region
FROM generate_series(1, 100) AS i;

-- The scale: quantile cuts and means per dimension.
SELECT segments.rfm_scale(recency, frequency, monetary) FROM rfm_input;
SELECT segments.cuts(s, 'r') AS r_cuts, segments.cuts(s, 'f') AS f_cuts, segments.cuts(s, 'monetary') AS m_cuts
FROM (SELECT segments.rfm_scale(recency, frequency, monetary) AS s FROM rfm_input) AS t;

-- Scores: fewer days of recency is better; equal inputs, equal scores.
SELECT customer, recency, frequency, monetary, score, segments.r(score), segments.f(score), segments.m(score)
FROM (SELECT *, segments.rfm_score(segments.rfm_scale(recency, frequency, monetary) OVER (), recency, frequency, monetary) AS score
      FROM rfm_input) AS t
WHERE customer IN (1, 2, 3, 27, 54, 81)
ORDER BY customer;
SELECT count(DISTINCT score) AS distinct_scores_for_equal_inputs
FROM (SELECT segments.rfm_score(s, 10, 5, 100) AS score FROM (SELECT segments.rfm_scale(recency, frequency, monetary) AS s FROM rfm_input) AS t,
      generate_series(1, 3)) AS x;

-- Each bin holds a fifth of the customers on distinct values.
-- A tied block takes the better score: five customers who all bought
-- yesterday score r = 5, not spread over r = 4 and 5.
SELECT days, segments.r(segments.rfm_score(segments.rfm_scale(days, 1, 1) OVER (), days, 1, 1)) AS r
FROM unnest('{1,1,1,1,1,7,30,90,180,365}'::float8[]) AS days ORDER BY days;
SELECT segments.r(score) AS r, count(*)
FROM (SELECT segments.rfm_score(segments.rfm_scale(recency, frequency, monetary) OVER (), recency, frequency, monetary) AS score
      FROM rfm_input) AS t
GROUP BY 1 ORDER BY 1;

-- Scores compare and sort: by r, then f, then m. Operators live in schema
-- segments, so comparing needs it on the search_path (sorting does not).
SET search_path = segments, public;
SELECT s, s > '545'::segments.rfm AS above_545 FROM unnest('{545,555,455,554,111}'::segments.rfm[]) AS s ORDER BY s DESC;
SELECT '545'::segments.rfm = '545'::segments.rfm AS equal, '10-3-7'::segments.rfm AS ten_bins;
RESET search_path;

-- The standard map: all 25 cells of R x FM, FM = round half up of (F + M) / 2.
SELECT r AS "R", fm AS "FM", segments.rfm_segment((r::text || f || m)::segments.rfm) AS segment
FROM generate_series(1, 5) AS r, generate_series(1, 5) AS fm,
     LATERAL (SELECT fm AS f, fm AS m) AS cells
ORDER BY r DESC, fm DESC;
SELECT score, segments.rfm_segment(score::segments.rfm) AS segment
FROM unnest('{545,454,512,523,534,511,122}'::text[]) AS score ORDER BY score;
SET segments.language = 'zh';
SELECT score, segments.rfm_segment(score::segments.rfm) AS segment FROM unnest('{555,511,111,215}'::text[]) AS score ORDER BY score;
RESET segments.language;

-- The Chinese 8-class model, hand-worked. Means: recency 52.5, frequency 5, monetary 500.
-- A bought 5 days ago (recent: R high), often (F high), much (M high): important value.
-- B bought 100 days ago (R low), often, much: important retention (not value:
-- recency runs backwards). C recent, rarely, much: important development.
-- D long ago, rarely, much: important win-back. E..H the same with little money.
-- I sits exactly on every mean: high, high, high.
CREATE TABLE cn8_input (customer text, recency float8, frequency float8, monetary float8);
INSERT INTO cn8_input VALUES
    ('A', 5, 9, 900), ('B', 100, 9, 900), ('C', 5, 1, 900), ('D', 100, 1, 900),
    ('E', 5, 9, 100), ('F', 100, 9, 100), ('G', 5, 1, 100), ('H', 100, 1, 100);
SELECT segments.rfm_scale(recency, frequency, monetary) FROM cn8_input;
SELECT customer, segments.rfm_class(s, recency, frequency, monetary) AS class
FROM cn8_input, (SELECT segments.rfm_scale(recency, frequency, monetary) AS s FROM cn8_input) AS scale
UNION ALL
SELECT 'I', segments.rfm_class(s, 52.5, 5, 500) FROM (SELECT segments.rfm_scale(recency, frequency, monetary) AS s FROM cn8_input) AS scale
ORDER BY 1;
SET segments.language = 'zh';
SELECT customer, segments.rfm_class(s, recency, frequency, monetary) AS class
FROM cn8_input, (SELECT segments.rfm_scale(recency, frequency, monetary) AS s FROM cn8_input) AS scale
ORDER BY customer;
RESET segments.language;

-- Fixed cuts; recency in days. At a cut, the better score: 30 days still
-- scores 5 (bought within 30 days), 8 orders score 4, 99.99 scores 1.
SELECT segments.rfm_scale_fixed('{30,60,90,180}', '{2,4,8,16}', '{100,500,1000,5000}') AS fixed;
SELECT days, segments.rfm_score(segments.rfm_scale_fixed('{30,60,90,180}', '{2,4,8,16}', '{100,500,1000,5000}'), days, 8, 99.99) AS score
FROM unnest('{0,30,31,180,181}'::float8[]) AS days ORDER BY days;

-- Other bin counts, and the window form per partition.
SELECT segments.cuts(segments.rfm_scale(recency, frequency, monetary, 3), 'r') FROM rfm_input;
SELECT region, min(segments.cuts(s, 'm')) AS m_cuts, count(DISTINCT s::text) AS scales, count(*) AS customers,
       segments.min(score) AS lowest, segments.max(score) AS highest
FROM (SELECT *, segments.rfm_score(s, recency, frequency, monetary) AS score
      FROM (SELECT *, segments.rfm_scale(recency, frequency, monetary) OVER (PARTITION BY region) AS s FROM rfm_input) AS w) AS t
GROUP BY region ORDER BY region;

-- Custom maps: first match wins; check_rfm_map lists overlaps and gaps.
SELECT score, segments.rfm_segment(score::segments.rfm,
    '{"segments":[{"name":"VIP","r":[4,5],"f":[4,5],"m":[3,5]},{"name":"Active","r":[3,5]},{"name":"Never","r":[5,5],"f":[5,5],"m":[5,5]}],"other":"Others"}') AS segment
FROM unnest('{555,545,311,155}'::text[]) AS score ORDER BY score;
SELECT problem, count(*) AS cells, segment, taken_by
FROM segments.check_rfm_map('{"segments":[{"name":"VIP","r":[4,5],"f":[4,5],"m":[3,5]},{"name":"Active","r":[3,5]},{"name":"Never","r":[5,5],"f":[5,5],"m":[5,5]}],"other":"Others"}')
GROUP BY 1, 3, 4 ORDER BY 1, 3, 4;
SELECT * FROM segments.check_rfm_map('{"segments":[{"name":"All"}]}', 2);
SELECT * FROM segments.check_rfm_map('{"segments":[{"name":"Low","r":[1,1]}]}', 2) ORDER BY score;

-- Parallel: Partial / Finalize plan, same scale as serial.
CREATE TABLE rfm_big AS SELECT (i * 37 % 365)::float8 AS recency, (i * 53 % 40)::float8 AS frequency, (i * 7919 % 100000) / 10.0 AS monetary
FROM generate_series(1, 200000) AS i;
ANALYZE rfm_big;
SET max_parallel_workers_per_gather = 0;
CREATE TABLE rfm_serial AS SELECT segments.rfm_scale(recency, frequency, monetary)::text AS s FROM rfm_big;
SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
EXPLAIN (COSTS OFF) SELECT segments.rfm_scale(recency, frequency, monetary) FROM rfm_big;
CREATE TABLE rfm_parallel AS SELECT segments.rfm_scale(recency, frequency, monetary)::text AS s FROM rfm_big;
RESET ALL;
SELECT p.s = s.s AS parallel_equals_serial FROM rfm_parallel AS p, rfm_serial AS s;

-- Stored forms read back.
SELECT count(*) AS round_trips FROM (SELECT segments.rfm_scale(recency, frequency, monetary) AS s FROM rfm_input) AS t
WHERE s::text::segments.rfm_scale::text = s::text;

-- A running window calls the final function again on the same, growing
-- state: every row's scale equals the scale of the rows up to it.
CREATE TABLE rfm_running AS
SELECT i, (i * 7 % 13)::float8 AS r, (i % 5)::float8 AS f, (i * 3 % 11)::float8 AS m FROM generate_series(1, 60) AS i;
SELECT count(*) FILTER (WHERE rfm_running = rfm_direct AND quantile_running = quantile_direct) AS same, count(*) AS rows
FROM (SELECT segments.rfm_scale(r, f, m) OVER (ORDER BY i)::text AS rfm_running,
             (SELECT segments.rfm_scale(u.r, u.f, u.m)::text FROM rfm_running AS u WHERE u.i <= t.i) AS rfm_direct,
             segments.quantile_scale(r, '{0.2,0.8}') OVER (ORDER BY i)::text AS quantile_running,
             (SELECT segments.quantile_scale(u.r, '{0.2,0.8}')::text FROM rfm_running AS u WHERE u.i <= t.i) AS quantile_direct
      FROM rfm_running AS t) AS w;
