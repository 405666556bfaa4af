-- Values stored by customer_segments 0.1.0 (its binary form, made by the
-- 0.1.0 build) must read back as 0.1.0 wrote them. scripts/test copies
-- stored-0.1.0.bin in and compares the text form with stored-0.1.0.txt.
CREATE TABLE stored_values (
    id bigint, kind text,
    profile segments.customer_profile, tier_scale segments.tier_scale, rfm_scale segments.rfm_scale,
    score segments.rfm, scheme segments.code_scheme, h segments.hierarchy, totals segments.tree_totals
);
