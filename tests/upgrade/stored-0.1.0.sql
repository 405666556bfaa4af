-- Values stored by customer_segments 0.1.0 (its binary form, made by the
-- 0.1.0 build) must read back as 0.1.0 wrote them: tests/upgrade/run.sh
-- copies stored-0.1.0.bin into this table in every database that starts at
-- 0.1.0 or later, and compares the text form with stored-0.1.0.txt after
-- the updates.
CREATE TABLE stored_0_1_0 (
    id bigint, kind text,
    profile segments.customer_profile, tier_scale segments.tier_scale, rfm_scale segments.rfm_scale,
    score segments.rfm, scheme segments.code_scheme, h segments.hierarchy, totals segments.tree_totals
);
