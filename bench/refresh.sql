-- The monthly refresh of docs/incremental.md on the benchmark's tables:
-- 2026-10 arrives, 2025-10 leaves the 12-month window. Run by bench/data.sql
-- and timed by bench/race.py.

-- The month that arrives: its profiles, kept like every month's.
INSERT INTO bench.monthly_profiles
SELECT customer_id, date '2026-10-01', segments.profile(order_date, amount, category)
FROM bench.erp_lines WHERE order_date >= date '2026-10-01' AND order_date < date '2026-11-01'
GROUP BY customer_id;

-- The month that leaves: customers who bought in nothing else go ...
DELETE FROM bench.profiles_12_months AS t USING bench.monthly_profiles AS d
WHERE d.month = date '2025-10-01' AND d.customer_id = t.customer_id
  AND segments.orders(d.profile) = segments.orders(t.profile)
  AND segments.skipped(d.profile) = segments.skipped(t.profile);
-- ... the others lose it; where it held their largest line, their
-- remaining months are rolled up instead.
UPDATE bench.profiles_12_months AS t
SET profile = CASE WHEN segments.max_order(d.profile) < segments.max_order(t.profile)
                   THEN segments.minus(t.profile, d.profile)
                   ELSE (SELECT segments.rollup(m.profile) FROM bench.monthly_profiles AS m
                         WHERE m.customer_id = t.customer_id
                           AND m.month > date '2025-10-01' AND m.month < date '2026-10-01') END
FROM bench.monthly_profiles AS d
WHERE d.month = date '2025-10-01' AND d.customer_id = t.customer_id;

-- The month that arrives joins each of its customers' profile.
INSERT INTO bench.profiles_12_months AS t
SELECT customer_id, profile FROM bench.monthly_profiles WHERE month = date '2026-10-01'
ON CONFLICT (customer_id) DO UPDATE SET profile = segments.plus(t.profile, excluded.profile);
