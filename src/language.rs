//! The `segments.language` setting: which language default labels use.
//!
//! Only labels the extension makes up itself follow it; labels a user
//! writes down are returned as written.

use pgrx::{GucContext, GucFlags, GucRegistry, GucSetting, PostgresGucEnum};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PostgresGucEnum)]
pub enum Language {
    #[name = c"en"]
    En,
    #[name = c"zh"]
    Zh,
}

static LANGUAGE: GucSetting<Language> = GucSetting::<Language>::new(Language::En);

pub fn register() {
    GucRegistry::define_enum_guc(
        c"segments.language",
        c"Language of the labels customer_segments makes up (en or zh).",
        c"Default tier labels, segment names and classes are English under 'en' and Chinese under 'zh'.",
        &LANGUAGE,
        GucContext::Userset,
        GucFlags::default(),
    );
}

static MAX_STATE_MB: GucSetting<i32> = GucSetting::<i32>::new(crate::limits::DEFAULT_MB);

/// `segments.max_state_mb` (here beside the other setting; the core reads
/// it through `crate::limits`). Superuser-settable: a DBA sets it in
/// postgresql.conf, per database or per role.
pub fn register_max_state() {
    GucRegistry::define_int_guc(
        c"segments.max_state_mb",
        c"Most memory, in MB, that the state of one group of one customer_segments aggregate may hold.",
        c"Scales, concentration, calibrate, RFM scales, class-tree customer sets and trees refuse to grow past it (error 54000); see docs/limits.md.",
        &MAX_STATE_MB,
        crate::limits::MIN_MB,
        crate::limits::MAX_MB,
        GucContext::Suset,
        GucFlags::UNIT_MB,
    );
}

pub fn max_state_mb() -> i32 {
    MAX_STATE_MB.get()
}

/// The language in force for this call.
pub fn current() -> Language {
    LANGUAGE.get()
}
