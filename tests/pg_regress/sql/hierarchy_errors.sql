-- Bad input to class trees: an ERROR with a SQLSTATE naming the argument.
CREATE OR REPLACE FUNCTION error_of(query text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE query;
    RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE || ': ' || SQLERRM;
END $$;

SELECT query, error_of(query) AS error
FROM (VALUES
    ($$SELECT '0-2'::segments.code_scheme$$),
    ($$SELECT '10'::segments.code_scheme$$),
    ($$SELECT '1-1-1-1-1-1-1-1-1-1-1-1-1'::segments.code_scheme$$),
    ($$SELECT 'abc'::segments.code_scheme$$),
    ($$SELECT '+2-2'::segments.code_scheme$$),
    ($$SELECT ''::segments.code_scheme$$),
    ($$SELECT segments.code_level('012', '2-2-2')$$),
    ($$SELECT segments.code_level('01-2', '2-2')$$),
    ($$SELECT segments.code_parent('', '2-2')$$),
    ($$SELECT segments.code_path('01020304', '2-2-2')$$),
    ($$SELECT segments.code_at_level('0102', '2-2-2', 0)$$),
    ($$SELECT segments.code_at_level('0102', '2-2-2', 4)$$),
    ($$SELECT segments.tree(n, p) FROM (VALUES ('a', NULL), ('b', 'a'), ('b', 'c'), ('c', NULL)) AS t(n, p)$$),
    ($$SELECT segments.tree(n, p) FROM (VALUES ('a', NULL), ('b', 'x')) AS t(n, p)$$),
    ($$SELECT segments.tree(n, p) FROM (VALUES ('r', NULL), ('a', 'c'), ('b', 'a'), ('c', 'b')) AS t(n, p)$$),
    ($$SELECT segments.tree(n, p) FROM (VALUES ('a', 'a')) AS t(n, p)$$),
    ($$SELECT segments.tree(n, p) FROM (VALUES (NULL, 'a')) AS t(n, p)$$),
    ($$SELECT segments.tree(n, p, name) FROM (VALUES ('a', NULL, 'A'), ('a', NULL, 'B')) AS t(n, p, name)$$),
    ($$SELECT segments.tree_nested(n, l, r) FROM (VALUES ('a', 1, 6), ('b', 2, 8)) AS t(n, l, r)$$),
    ($$SELECT segments.tree_nested(n, l, r) FROM (VALUES ('a', 1, 6), ('b', 6, 8)) AS t(n, l, r)$$),
    ($$SELECT segments.tree_nested(n, l, r) FROM (VALUES ('a', 5, 5)) AS t(n, l, r)$$),
    ($$SELECT segments.tree_nested(n, l, r) FROM (VALUES ('a', 1, 2), ('a', 3, 6), ('b', 4, 5)) AS t(n, l, r)$$),
    ($$SELECT segments.tree_nested(n, l, r) FROM (VALUES ('a', NULL::int, 5)) AS t(n, l, r)$$),
    ($$SELECT segments.tree_coded(c, '2-2') FROM (VALUES ('01'), ('0102'), ('0201')) AS t(c)$$),
    ($$SELECT segments.tree_coded(c, '2-2') FROM (VALUES ('01'), ('01-2')) AS t(c)$$),
    ($$SELECT segments.tree_coded(c, s::segments.code_scheme) FROM (VALUES ('01', '2-2'), ('0102', '2-2-2')) AS t(c, s)$$),
    ($$SELECT segments.depth('{"nodes":[{"node":"a"}]}', 'b')$$),
    ($$SELECT '{"nodes":[{"node":"a","parent":"b"}]}'::segments.hierarchy$$),
    ($$SELECT '{"nodes":[{"node":"a","up":"b"}]}'::segments.hierarchy$$),
    ($$SELECT 'not json'::segments.tree_totals$$),
    ($$SELECT '{"nodes":[{"node":"a","rows":1,"amount":"1"},{"node":"b","parent":"a","rows":2,"amount":"1"}],"unclassified":{"rows":0,"amount":"0"}}'::segments.tree_totals$$),
    ($$SELECT segments.rollup_tree(c, 1.0, h::segments.hierarchy) FROM (VALUES ('a', '{"nodes":[{"node":"a"}]}'), ('a', '{"nodes":[{"node":"a"},{"node":"b"}]}')) AS t(c, h)$$),
    ($$SELECT segments.rollup_tree('a', 1.0, NULL::segments.hierarchy)$$),
    ($$SELECT segments.rollup_tree(c, 1.0, s::segments.code_scheme) FROM (VALUES ('01', '2-2'), ('01', '2-2-2')) AS t(c, s)$$),
    ($$SELECT segments.rollup_tree('01', 'NaN', '2-2')$$)
) AS cases(query)
ORDER BY query COLLATE "C";
-- A tree computed per row (not a literal or a subquery computed once) is
-- read on every row: the previous row's memory may hold the next row's
-- tree, of the same size, with other nodes. Both trees here are the same
-- size.
SELECT count(DISTINCT h::text) AS trees, min(pg_column_size(h)) AS smallest, max(pg_column_size(h)) AS largest
FROM (SELECT ('{"nodes":[{"node":"' || repeat('a', 40) || '"},{"node":"' || x || repeat('b', 40) || '"}]}')::segments.hierarchy AS h
      FROM (VALUES ('x'), ('y')) AS v(x)) AS t;
SELECT error_of($$SELECT segments.rollup_tree(repeat('a', 40), 1.0, ('{"nodes":[{"node":"' || repeat('a', 40) || '"},{"node":"' || x || repeat('b', 40) || '"}]}')::segments.hierarchy) FROM (VALUES ('x'), ('x'), ('y')) AS v(x)$$) AS per_row_trees_differ;
SELECT error_of($$SELECT segments.rollup_tree(c, 1.0, segments.prune(h, 1)) FROM (SELECT '{"nodes":[{"node":"a"},{"node":"b","parent":"a"},{"node":"c","parent":"a"}]}'::segments.hierarchy AS h) AS t, (VALUES ('a'), ('b')) AS v(c)$$) AS per_row_trees_agree;
-- The same tree computed on every row is one tree.
SELECT segments.rollup_tree(repeat('a', 40), 1.0, ('{"nodes":[{"node":"' || repeat('a', 40) || '"},{"node":"' || x || repeat('b', 40) || '"}]}')::segments.hierarchy)::text AS same_tree_per_row
FROM (VALUES ('x'), ('x'), ('x')) AS v(x);
SELECT 'alive' AS server;
