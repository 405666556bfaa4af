-- Values stored by customer_segments 0.2.0 (its binary form, made by the
-- 0.2.0 build with fill-0.2.0.sql): every type 0.2.0 users can keep, the
-- two it added (node_totals, concentration) among them.
CREATE TABLE stored_0_2_0 (
    id bigint, kind text,
    profile segments.customer_profile, tier_scale segments.tier_scale, rfm_scale segments.rfm_scale,
    score segments.rfm, scheme segments.code_scheme, h segments.hierarchy, totals segments.tree_totals,
    nodes segments.node_totals, spread segments.concentration
);
