//! Objects that belong to the extension as a whole.

use pgrx::prelude::*;

extension_sql!(
    r#"
COMMENT ON SCHEMA segments IS 'customer_segments: customer tiers, profiles, RFM segments and class-tree rollups.';
"#,
    name = "schema_comment"
);
