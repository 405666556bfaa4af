-- Charts drawn by SQL: complete SVG documents, escaped, deterministic.
CREATE TABLE chart_rows (label text, v float8);
INSERT INTO chart_rows VALUES ('广东', 1500), ('<script>alert(1)</script>', 750), ('A & B', 250), (NULL, -40);

SELECT segments.svg_bars(label, v ORDER BY v DESC, label) FROM chart_rows;
SELECT segments.svg_bars(label, v, '{"title":"Sales by class","width":400,"decimals":2,"prefix":"¥"}' ORDER BY v DESC) AS svg
FROM chart_rows \gset
SELECT :'svg' LIKE '<svg xmlns="http://www.w3.org/2000/svg" width="400"%' AS starts,
       strpos(:'svg', '>¥1,500.00</text>') > 0 AS value_printed,
       strpos(:'svg', '<script') = 0 AS no_script,
       strpos(:'svg', '<title>Sales by class</title>') > 0 AS titled;
-- Same input, same bytes.
SELECT count(DISTINCT svg) AS distinct_outputs FROM (
  SELECT segments.svg_bars(label, v ORDER BY v DESC) AS svg FROM chart_rows
  UNION ALL SELECT segments.svg_bars(label, v ORDER BY v DESC) FROM (SELECT * FROM chart_rows ORDER BY label) AS t) AS s;
-- No rows: NULL.
SELECT segments.svg_bars(label, v) IS NULL AS empty FROM chart_rows WHERE false;

-- Pareto curve: one customer of ten brings 60%; six make 80%.
SELECT segments.svg_pareto(v) FROM unnest(array[60, 40/9.0, 40/9.0, 40/9.0, 40/9.0, 40/9.0, 40/9.0, 40/9.0, 40/9.0, 40/9.0]::float8[]) AS v;
SELECT strpos(segments.svg_pareto(v, '{"top":0.2,"share":0.5,"decimals":0}'), 'top 20% bring 36%') > 0 AS custom_markers
FROM generate_series(1, 100) AS v;

-- The class tree: one stacked bar per level.
SELECT segments.svg_tree(segments.rollup_tree(t.code, t.amount, h))
FROM (VALUES ('01', 100::numeric), ('0101', 300), ('0102', 100), ('02', 500), ('0201', 250), ('99', 20)) AS t(code, amount),
     (SELECT segments.tree_coded(code, '2-2', name) AS h
      FROM (VALUES ('01', 'North'), ('0101', 'North <city>'), ('0102', 'North county'), ('02', 'South'), ('0201', 'South city')) AS c(code, name)) AS h;

-- Bad options: 22023 naming the argument; deep JSON is a clean error.
\set VERBOSITY sqlstate
SELECT segments.svg_bars(label, v, '{"colour":"red"}') FROM chart_rows;
\set VERBOSITY default
SELECT segments.svg_bars(label, v, '{"colour":"red"}') FROM chart_rows;
SELECT segments.svg_bars(label, v, '{"width":"wide"}') FROM chart_rows;
SELECT segments.svg_bars(label, v, '{"width":-5}') FROM chart_rows;
SELECT segments.svg_bars(label, v, '{"title":["x"]}') FROM chart_rows;
SELECT segments.svg_bars(label, v, '[1,2]') FROM chart_rows;
SELECT segments.svg_bars(label, v, '{"decimals":9}') FROM chart_rows;
SELECT segments.svg_bars(label, v, '{"format":"pie"}') FROM chart_rows;
SELECT segments.svg_bars(label, v, ('{"title":' || repeat('[', 1000) || repeat(']', 1000) || '}')::jsonb) FROM chart_rows;
SELECT segments.svg_pareto(v, '{"top":0}') FROM chart_rows;
SELECT segments.svg_pareto(v, '{"share":"most"}') FROM chart_rows;
SELECT segments.svg_bars(label, v) FROM (VALUES ('x', 'NaN'::float8)) AS t(label, v);
SELECT segments.svg_bars(i::text, i) FROM generate_series(1, 1001) AS i;
SELECT segments.svg_tree(NULL, '{"x":1}') IS NULL AS null_tree;
DROP TABLE chart_rows;
