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

/// The language in force for this call.
pub fn current() -> Language {
    LANGUAGE.get()
}
