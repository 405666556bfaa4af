-- Deterministic data set of the distributed test (scripts/citus-test), made
-- twice from the same generator: schema plain (ordinary tables) and schema
-- dist (distributed by customer_id; the class tree distributed by code).
-- psql variables: lines (order lines), shards (shard count).
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
CREATE SCHEMA plain;
CREATE SCHEMA dist;

-- A 2-2-2 coded class tree: 3 top classes, 4 under each, 5 leaves under
-- each of those (75 classes), with parent pointers and nested-set bounds.
CREATE TABLE plain.classes AS
SELECT code, parent, name, lft, rgt
FROM (
    SELECT lpad(i::text, 2, '0') AS code, NULL::text AS parent, 'class ' || i AS name,
           (i - 1) * 50 + 1 AS lft, (i - 1) * 50 + 50 AS rgt
    FROM generate_series(1, 3) AS i
    UNION ALL
    SELECT lpad(i::text, 2, '0') || lpad(j::text, 2, '0'), lpad(i::text, 2, '0'), 'class ' || i || '.' || j,
           (i - 1) * 50 + 2 + (j - 1) * 12, (i - 1) * 50 + 2 + (j - 1) * 12 + 11
    FROM generate_series(1, 3) AS i, generate_series(1, 4) AS j
    UNION ALL
    SELECT lpad(i::text, 2, '0') || lpad(j::text, 2, '0') || lpad(k::text, 2, '0'),
           lpad(i::text, 2, '0') || lpad(j::text, 2, '0'), 'class ' || i || '.' || j || '.' || k,
           (i - 1) * 50 + 2 + (j - 1) * 12 + 1 + (k - 1) * 2, (i - 1) * 50 + 2 + (j - 1) * 12 + 2 + (k - 1) * 2
    FROM generate_series(1, 3) AS i, generate_series(1, 4) AS j, generate_series(1, 5) AS k
) AS t;

-- Customers: one leaf class each.
CREATE TABLE plain.customers AS
SELECT c::bigint AS customer_id,
       lpad((1 + c % 3)::text, 2, '0') || lpad((1 + (c / 3) % 4)::text, 2, '0')
           || lpad((1 + (c / 12) % 5)::text, 2, '0') AS class_code
FROM generate_series(1, greatest(:lines / 25, 60)) AS c;

-- Order lines over one year (UTC), amounts with cents, four categories.
CREATE TABLE plain.order_lines AS
SELECT 1 + (g::bigint * 7919) % greatest(:lines / 25, 60) AS customer_id,
       timestamptz '2025-01-01 00:00:00+00' + ((g::bigint * 104729) % 525600) * interval '1 minute' AS ordered_at,
       (((g::bigint * 31337) % 250000) / 100.0 + 0.01)::numeric(12, 2) AS amount,
       (ARRAY['food', 'tools', 'books', 'toys'])[1 + (g * 13) % 4] AS category
FROM generate_series(1, :lines) AS g;

CREATE TABLE dist.classes (LIKE plain.classes);
CREATE TABLE dist.customers (LIKE plain.customers);
CREATE TABLE dist.order_lines (LIKE plain.order_lines);
SET citus.shard_count = :shards;
SELECT create_distributed_table('dist.customers', 'customer_id');
SELECT create_distributed_table('dist.order_lines', 'customer_id', colocate_with => 'dist.customers');
SELECT create_distributed_table('dist.classes', 'code', colocate_with => 'none');
INSERT INTO dist.classes SELECT * FROM plain.classes;
INSERT INTO dist.customers SELECT * FROM plain.customers;
INSERT INTO dist.order_lines SELECT * FROM plain.order_lines;
ANALYZE plain.classes, plain.customers, plain.order_lines;
ANALYZE dist.classes, dist.customers, dist.order_lines;
