//! customer_segments: classify customers inside PostgreSQL queries.
//!
//! Each capability lives in a module named after it; the shared plumbing
//! (errors, the binary codec, stored types, aggregate states, the language
//! setting) sits beside them.
use pgrx::prelude::*;

pgrx::pg_module_magic!(name, version);

pub mod aggregate;
pub mod args;
pub mod calendar;
pub mod charts;
pub mod codec;
pub mod decimal;
pub mod error;
pub mod fcinfo;
pub mod hierarchy;
pub mod interrupts;
pub mod json;
pub mod language;
pub mod limits;
pub mod memo;
pub mod models;
pub mod policy;
pub mod profile;
pub mod reports;
pub mod rfm;
pub mod stored;
pub mod tiers;

mod catalog;

#[pg_guard]
pub extern "C-unwind" fn _PG_init() {
    language::register();
    interrupts::install(|| {
        pgrx::check_for_interrupts!();
    });
    language::register_max_state();
    limits::install(language::max_state_mb);
}

/// Shared by the `#[pg_test]`s.
#[cfg(any(test, feature = "pg_test"))]
pub mod testing {
    /// The one text value a query returns.
    pub fn text(query: &str) -> Option<String> {
        pgrx::Spi::get_one::<String>(query).unwrap()
    }
}

/// Hooks for `cargo pgrx test`.
#[cfg(test)]
pub mod pg_test {
    pub fn setup(_options: Vec<&str>) {}

    pub fn postgresql_conf_options() -> Vec<&'static str> {
        vec![]
    }
}
