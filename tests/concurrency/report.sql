SELECT segments.tier(segments.total(p)::float8, '{1000,10000}') AS tier, count(*), sum(segments.total(p))
FROM bench.customer_profile GROUP BY 1;
SELECT segments.rfm_segment(segments.rfm_score(s.scale, segments.recency_days(p, DATE '2027-01-01'),
                                                segments.orders(p), segments.total(p)::float8)) AS segment, count(*)
FROM bench.customer_profile,
     (SELECT segments.rfm_scale(segments.recency_days(p, DATE '2027-01-01'), segments.orders(p), segments.total(p)::float8) AS scale
      FROM bench.customer_profile) AS s
GROUP BY 1;
SELECT segments.total(segments.rollup(p)) FROM bench.customer_profile;
