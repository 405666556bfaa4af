-- What must survive the round trip, as text.
SELECT customer_id, month, profile::text, segments.total(profile) FROM monthly_profiles ORDER BY 1, 2;
SELECT customer_id, segments.rollup(profile ORDER BY month)::text FROM monthly_profiles GROUP BY 1 ORDER BY 1;
SELECT name, scale::text, segments.tier(7500, scale) FROM scales ORDER BY name;
SELECT customer_id, profile::text, segments.lifecycle(profile, '2026-12-01') FROM yearly_profiles ORDER BY 1;
SELECT customer_id, scale::text, score, segments.rfm_segment(score), segments.rfm_class(scale, 10, 50, 500) FROM rfm_scores ORDER BY score, customer_id;
SELECT scale::text, segments.rfm_score(scale, 31, 8, 99.99) FROM fixed_rfm;
SELECT scheme, h::text, segments.ancestors(h, '0101') FROM class_trees;
SELECT by_code::text, by_tree::text FROM class_totals;
SELECT t.* FROM class_totals, segments.tree_rows(by_code) AS t;
-- Stored policies (from 0.2.0 on): rows, versions and what they classify.
SELECT to_regclass('segments.policies') IS NOT NULL AS has_policies \gset
\if :has_policies
SELECT EXISTS (SELECT FROM segments.policies) AS has_policy_rows \gset
\else
\set has_policy_rows false
\endif
\if :has_policy_rows
SELECT name, body, note, updated_at AT TIME ZONE 'UTC', segments.policy_version(name),
       segments.classify('{"employees": 60, "key_account": true}', name)
FROM segments.policies ORDER BY name;
\endif
-- Profiles given their documents (from 0.3.0 on).
SELECT to_regclass('documented_profiles') IS NOT NULL AS has_documented \gset
\if :has_documented
SELECT customer_id, by_id::text, by_code::text, segments.orders(by_id), segments.orders(by_code)
FROM documented_profiles ORDER BY 1;
\endif
