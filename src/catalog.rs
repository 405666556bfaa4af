//! Objects that belong to the extension as a whole.

use pgrx::prelude::*;

// CREATE EXTENSION makes the schema; every role may use what is in it
// (functions are executable by PUBLIC by default, as in core PostgreSQL).
extension_sql!(
    r#"
COMMENT ON SCHEMA segments IS 'customer_segments: customer tiers, profiles, RFM segments and class-tree rollups.';
GRANT USAGE ON SCHEMA segments TO PUBLIC;
"#,
    name = "schema_setup"
);
