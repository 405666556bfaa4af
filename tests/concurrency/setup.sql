-- Concurrency test: order lines that clients insert while others refresh a
-- per-customer profile view concurrently and run report queries over it.
SET client_min_messages = warning;
DROP SCHEMA IF EXISTS bench CASCADE;
CREATE SCHEMA bench;
CREATE TABLE bench.order_line (
    id       bigserial PRIMARY KEY,
    customer int NOT NULL,
    day      date NOT NULL,
    amount   numeric(12, 2),
    category text
);
INSERT INTO bench.order_line (customer, day, amount, category)
SELECT i % 500, DATE '2026-01-01' + (i * 7919) % 365, ((i * 104729) % 100000) / 100.0 - 50,
       CASE WHEN i % 3 = 0 THEN 'service' ELSE 'product' END
FROM generate_series(1, 20000) AS i;
CREATE MATERIALIZED VIEW bench.customer_profile AS
SELECT customer, segments.profile(day, amount, category) AS p
FROM bench.order_line GROUP BY customer;
CREATE UNIQUE INDEX ON bench.customer_profile (customer);
ANALYZE bench.order_line;
