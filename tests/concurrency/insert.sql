\set customer random(0, 599)
\set day random(0, 364)
\set cents random(-5000, 1000000)
INSERT INTO bench.order_line (customer, day, amount, category)
VALUES (:customer, DATE '2026-01-01' + :day, :cents / 100.0, CASE WHEN :cents % 3 = 0 THEN 'service' ELSE 'product' END);
