//! Policies: management dimensions and tags as one validated JSON value,
//! stored by name in `segments.policies` and applied by `classify`.
//!
//! SQL glue only: the rules live in `rules` (checking, classifying) and
//! `calibrate` (population-relative thresholds); `jsonb` reads jsonb
//! values without their text form.

pub mod calibrate;
pub mod jsonb;
pub mod rules;
pub mod standard;

use std::cell::RefCell;
use std::rc::Rc;

use pgrx::datum::Date;
use pgrx::prelude::*;
use pgrx::{pg_sys, Internal, JsonB};
use rustc_hash::FxHashMap;
use serde_json::Value;

use self::rules::Policy;
use self::standard::Standard;
use crate::aggregate;
use crate::error::{Error, OrRaise, Result};
use crate::memo::{memoized, Raw};
use crate::profile::customer_profile;
use crate::profile::measures::Categories;
use crate::profile::state::Profile;
use calibrate::CalibrateState;
use jsonb::{Jsonb, JsonbDatum, JsonbText};
use smallvec::SmallVec;

/// The policy argument as serde JSON (never through jsonb's text form).
fn policy_value(policy: &Raw<JsonB>) -> Result<Value> {
    // SAFETY: the argument is a non-NULL jsonb.
    unsafe { Jsonb::of(policy.datum()) }.to_value("policy")
}

fn parse(policy: &Raw<JsonB>) -> Result<Policy> {
    let policy = Policy::parse(&policy_value(policy)?)?;
    policy.check_calibrated()?;
    Ok(policy)
}

/// `check_policy(policy)`: every problem, with its JSON path; no rows when
/// the policy is valid.
#[pg_extern(immutable, strict, parallel_safe)]
fn check_policy(
    policy: Raw<JsonB>,
) -> TableIterator<'static, (name!(path, String), name!(problem, String))> {
    let value = policy_value(&policy).or_raise();
    TableIterator::new(
        self::rules::check(&value)
            .into_iter()
            .map(|problem| (problem.path, problem.problem)),
    )
}

/// One row's metrics, classified by `policy` into the JSON result.
fn classify_with(policy: &Policy, metrics: &Raw<JsonB>) -> JsonbDatum {
    // SAFETY: the argument is a non-NULL jsonb.
    let metrics = unsafe { Jsonb::of(metrics.datum()) };
    let mut inputs = Vec::with_capacity(policy.metrics.len());
    metrics
        .inputs(
            policy
                .metrics
                .iter()
                .map(|metric| (metric.name.as_str(), metric.used)),
            &mut inputs,
        )
        .or_raise();
    let outcome = policy.apply(&inputs).or_raise();
    JsonbDatum(jsonb::outcome_datum(&outcome).or_raise())
}

/// `classify(metrics, policy)`: the policy's dimensions and tags for one
/// customer. The policy is parsed once per call site.
#[pg_extern(immutable, strict, parallel_safe)]
fn classify(
    metrics: Raw<JsonB>,
    policy: Raw<JsonB>,
    fcinfo: pg_sys::FunctionCallInfo,
) -> JsonbDatum {
    // This function keeps only a Policy in fn_extra.
    let policy = policy.memoized_by(fcinfo, || parse(&policy).or_raise());
    classify_with(policy, &metrics)
}

// ---- stored policies -------------------------------------------------------

thread_local! {
    /// Parsed stored policies of this backend, by name, with the stored
    /// bytes they were parsed from.
    static STORED: RefCell<FxHashMap<String, (Vec<u8>, Rc<Policy>)>> =
        RefCell::new(FxHashMap::default());
}

/// The stored policy `name` as of now: read from `segments.policies` (one
/// lookup), parsed again only when its body changed since this backend
/// last parsed it.
fn stored_policy(name: &str) -> Result<Rc<Policy>> {
    Spi::connect(|client| {
        let table = client
            .select(
                // Every name qualified: nothing on the caller's search_path
                // (an operator `=` of another schema, a temporary table
                // `policies`) may choose the row.
                "SELECT p.body FROM segments.policies AS p WHERE p.name OPERATOR(pg_catalog.=) $1::pg_catalog.text",
                Some(1),
                &[name.into()],
            )
            .map_err(|error| Error::invalid_parameter(format!("reading segments.policies: {error}")))?;
        let datum = if table.is_empty() {
            None
        } else {
            table
                .first()
                .get_datum_by_ordinal(1)
                .map_err(|error| Error::invalid_parameter(error.to_string()))?
        };
        let Some(datum) = datum else {
            if name.trim_start().starts_with('{') {
                return Err(Error::invalid_parameter(
                    "policy names no stored policy; a policy literal must be cast: '{...}'::jsonb",
                ));
            }
            return Err(Error::invalid_parameter(format!(
                "policy \"{name}\" does not exist in segments.policies"
            )));
        };
        // SAFETY: body is a NOT NULL jsonb column.
        let body = unsafe { Jsonb::of(datum) };
        let cached = STORED.with(|stored| {
            stored
                .borrow()
                .get(name)
                .filter(|(bytes, _)| bytes.as_slice() == body.bytes())
                .map(|(_, policy)| policy.clone())
        });
        if let Some(policy) = cached {
            return Ok(policy);
        }
        let value = body.to_value("policy")?;
        let policy = Policy::parse(&value)
            .and_then(|policy| policy.check_calibrated().map(|_| policy))
            .map_err(|error| error.context(&format!("policy \"{name}\"")))?;
        let policy = Rc::new(policy);
        STORED.with(|stored| {
            stored
                .borrow_mut()
                .insert(name.to_string(), (body.bytes().to_vec(), policy.clone()))
        });
        Ok(policy)
    })
}

/// `classify(metrics, name)`: by the stored policy `name`. Read once per
/// call site per statement, so a changed policy applies from the next
/// statement on.
#[pg_extern(stable, strict, parallel_safe, name = "classify")]
fn classify_by_name(
    metrics: Raw<JsonB>,
    policy: &str,
    fcinfo: pg_sys::FunctionCallInfo,
) -> JsonbDatum {
    let key = [Some(policy.as_bytes())];
    // SAFETY: this function keeps only an Rc<Policy> in fn_extra.
    let policy = unsafe { memoized(fcinfo, &key, || stored_policy(policy).or_raise()) };
    classify_with(policy, &metrics)
}

// ---- metrics of a profile --------------------------------------------------

/// The standard metrics of a profile at `as_of`, as JSON text (see
/// `standard::value`: the same values `classify(p, as_of, policy)` reads).
fn profile_metrics(profile: &crate::profile::state::Profile, as_of: i32) -> Result<String> {
    standard::json(&profile.header(), &profile.categories(), as_of)
}

/// `metrics(p, as_of)`: the standard metric set of a profile, for
/// `classify`. Language-neutral (lifecycle and preference in English).
#[pg_extern(immutable, strict, parallel_safe)]
fn metrics(p: customer_profile, as_of: Date) -> JsonbText {
    if !as_of.is_finite() {
        Error::invalid_parameter("as_of must be a finite date").raise();
    }
    JsonbText(profile_metrics(&p.0, as_of.to_pg_epoch_days()).or_raise())
}

// ---- classifying a profile without JSON ------------------------------------

/// Where each of a policy's metrics comes from when a profile is
/// classified: a standard metric of the profile (which wins, as in
/// `extra || metrics(p, as_of)`), the extra metrics, or nowhere (unused).
#[derive(Clone, Copy)]
enum Source {
    Unused,
    Profile(Standard),
    Extra,
}

/// A policy ready for profiles: the source of each metric, and whether
/// the categories are read at all. Built once per call site.
struct ProfilePolicy<P> {
    policy: P,
    sources: Vec<Source>,
    categories: bool,
}

impl<P: std::ops::Deref<Target = Policy>> ProfilePolicy<P> {
    fn new(policy: P) -> Self {
        let sources: Vec<Source> = policy
            .metrics
            .iter()
            .map(
                |metric| match (metric.used, Standard::named(&metric.name)) {
                    (false, _) => Source::Unused,
                    (true, Some(standard)) => Source::Profile(standard),
                    (true, None) => Source::Extra,
                },
            )
            .collect();
        let categories = sources.iter().any(
            |source| matches!(source, Source::Profile(standard) if standard.needs_categories()),
        );
        ProfilePolicy {
            policy,
            sources,
            categories,
        }
    }

    /// One profile's classification: the result of
    /// `classify(extra || metrics(p, as_of), policy)`, computing only the
    /// metrics the policy uses.
    fn classify(
        &self,
        p: &Raw<customer_profile>,
        as_of: i32,
        extra: Option<&Raw<JsonB>>,
    ) -> Result<JsonbDatum> {
        // SAFETY: the argument is a non-NULL jsonb.
        let extra = extra.map(|extra| unsafe { Jsonb::of(extra.datum()) });
        if let Some(extra) = &extra {
            extra.check_metrics()?;
        }
        // The header in place (only its bytes detoasted) unless the
        // categories are read too.
        let bytes = if self.categories {
            p.bytes()
        } else {
            crate::profile::stored_header_bytes(p)
        };
        let header = Profile::read_header(bytes)?;
        let categories = if self.categories {
            Some(Profile::read_categories(bytes)?)
        } else {
            None
        };
        let categories = categories.as_deref().map(Categories);
        let mut values: SmallVec<[standard::Value<'_>; 24]> = SmallVec::new();
        for source in &self.sources {
            values.push(match source {
                Source::Profile(metric) => {
                    standard::value(*metric, &header, categories.as_ref(), as_of)?
                }
                _ => standard::Value::Missing,
            });
        }
        let mut inputs: SmallVec<[rules::Input<'_>; 24]> = SmallVec::new();
        for ((source, value), metric) in self.sources.iter().zip(&values).zip(&self.policy.metrics)
        {
            inputs.push(match (source, &extra) {
                (Source::Profile(_), _) => value.input()?,
                (Source::Extra, Some(extra)) => extra.input(&metric.name)?,
                _ => rules::Input::Missing,
            });
        }
        let outcome = self.policy.apply(&inputs)?;
        Ok(JsonbDatum(jsonb::outcome_datum(&outcome)?))
    }
}

/// The day of a finite `as_of`; the error of `metrics()` otherwise.
fn as_of_day(as_of: Date) -> i32 {
    if !as_of.is_finite() {
        Error::invalid_parameter("as_of must be a finite date").raise();
    }
    as_of.to_pg_epoch_days()
}

// `classify(p, as_of, policy [, extra])`: `classify(extra || metrics(p,
// as_of), policy)` without building the JSON. Not strict: a NULL extra is
// no extra; a NULL p, as_of or policy gives NULL. A raw entry point (src/
// fcinfo.rs): it runs once per customer, and pgrx's wrapper of four
// optional arguments cost a tenth of the call.
crate::raw_entry!(
    classify_profile_wrapper,
    pg_finfo_classify_profile_wrapper,
    |fcinfo| {
        use crate::fcinfo::{arg, date_arg, return_null};
        // SAFETY: PostgreSQL calls this as classify(customer_profile, date,
        // jsonb, jsonb); each argument is read only when not NULL.
        unsafe {
            let (Some(_), Some(as_of), Some(_)) =
                (arg(fcinfo, 0), date_arg(fcinfo, 1), arg(fcinfo, 2))
            else {
                return return_null(fcinfo);
            };
            let p = Raw::<customer_profile>::argument(fcinfo, 0);
            let policy = Raw::<JsonB>::argument(fcinfo, 2);
            let extra = arg(fcinfo, 3).map(|_| Raw::<JsonB>::argument(fcinfo, 3));
            let as_of = as_of_day(Date::from_pg_epoch_days(as_of));
            // This function keeps only a ProfilePolicy<Box<Policy>> in fn_extra.
            let policy = policy.memoized_by(fcinfo, || {
                ProfilePolicy::new(Box::new(parse(&policy).or_raise()))
            });
            policy.classify(&p, as_of, extra.as_ref()).or_raise().0
        }
    }
);

/// `classify(p, as_of, name [, extra])`: by the stored policy `name`, read
/// once per call site per statement, as `classify(metrics, name)`.
#[pg_extern(stable, parallel_safe, name = "classify")]
fn classify_profile_by_name(
    p: Option<Raw<customer_profile>>,
    as_of: Option<Date>,
    policy: Option<&str>,
    extra: default!(Option<Raw<JsonB>>, "NULL"),
    fcinfo: pg_sys::FunctionCallInfo,
) -> Option<JsonbDatum> {
    let (p, as_of, policy) = (p?, as_of?, policy?);
    let as_of = as_of_day(as_of);
    let key = [Some(policy.as_bytes())];
    // SAFETY: this function keeps only a ProfilePolicy<Rc<Policy>> in
    // fn_extra.
    let policy = unsafe {
        memoized(fcinfo, &key, || {
            ProfilePolicy::new(stored_policy(policy).or_raise())
        })
    };
    Some(policy.classify(&p, as_of, extra.as_ref()).or_raise())
}

extension_sql!(
    r#"
CREATE  FUNCTION "classify"(
	"p" customer_profile,
	"as_of" date,
	"policy" jsonb,
	"extra" jsonb DEFAULT NULL
) RETURNS jsonb
IMMUTABLE PARALLEL SAFE
LANGUAGE c
AS 'MODULE_PATHNAME', 'classify_profile_wrapper';
"#,
    name = "classify_profile",
    requires = [customer_profile]
);

// ---- calibrate aggregate ---------------------------------------------------

const CALIBRATE: &str = "calibrate";

#[pg_extern(immutable, parallel_safe, sql = false)]
fn calibrate_transition(
    mut state: Internal,
    policy: Option<Raw<JsonB>>,
    metrics: Option<Raw<JsonB>>,
    fcinfo: pg_sys::FunctionCallInfo,
) -> Internal {
    // SAFETY: this aggregate's state is always a calibrate_state.
    let calibration = unsafe {
        aggregate::expanded_mut(&mut state, fcinfo, CALIBRATE, || {
            let Some(policy) = &policy else {
                Error::invalid_parameter("policy must not be NULL").raise();
            };
            let mut state = CalibrateState::new(policy_value(policy).or_raise()).or_raise();
            state.argument = policy.bytes().to_vec();
            state
        })
    };
    let same = policy.as_ref().is_some_and(|policy| {
        calibration.argument.is_empty() || calibration.argument == policy.bytes()
    });
    if !same {
        Error::invalid_parameter("policy must be the same on every row of a group").raise();
    }
    if let Some(metrics) = metrics {
        // SAFETY: the argument is a non-NULL jsonb.
        let metrics = unsafe { Jsonb::of(metrics.datum()) };
        metrics.check_metrics().or_raise();
        calibration
            .add_by_name(|name| metrics.input(name))
            .or_raise();
    }
    state
}

#[pg_extern(immutable, parallel_safe, sql = false)]
fn calibrate_final(state: Internal) -> Option<JsonB> {
    // SAFETY: this aggregate's state is always a calibrate_state.
    let calibration = unsafe { aggregate::final_state::<CalibrateState>(&state) }?;
    calibration.calibrated().map(JsonB)
}

customer_segments_macros::state_type!(
    CalibrateState as calibrate_state for calibrate returning jsonb,
    comment = "Transition state of the calibrate aggregate (the policy and the metric values its thresholds need); text form is base64 of its versioned binary form, what Citus ships from the workers to the coordinator.",
    sspace = 4096,
    forms = r#"
arguments                   | comment
policy jsonb, metrics jsonb | The policy with each population-relative threshold (fractions, {"quantile": q}) replaced by its value among the rows' metrics (rule of quantile_scale). Works with OVER () and OVER (PARTITION BY ...); NULL when a threshold's metric has no value.
"#,
    name = "calibrate_aggregate"
);

// ---- the policies table and the SQL helpers --------------------------------

extension_sql!(
    r#"
CREATE TABLE policies (
    name       text PRIMARY KEY,
    body       jsonb NOT NULL,
    note       text,
    updated_at timestamptz NOT NULL DEFAULT now()
);
SELECT pg_catalog.pg_extension_config_dump('segments.policies', '');
GRANT SELECT ON policies TO PUBLIC;

-- The body is one line without the words AS, RETURNS, STRICT, ... so that
-- the upgrade script (scripts/upgrade-sql normalises whitespace) stores the
-- same source as a fresh install.
CREATE FUNCTION policies_check() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp
AS $$ DECLARE problems text; BEGIN SELECT string_agg(c.path || ': ' || c.problem, '; ' ORDER BY c.path, c.problem) INTO problems FROM segments.check_policy(NEW.body) c; IF problems IS NOT NULL THEN RAISE EXCEPTION 'policy "%" is not valid: %', NEW.name, problems USING ERRCODE = 'invalid_parameter_value'; END IF; IF TG_OP = 'UPDATE' AND (NEW.body IS DISTINCT FROM OLD.body OR NEW.note IS DISTINCT FROM OLD.note) THEN NEW.updated_at := now(); END IF; RETURN NEW; END $$;
CREATE TRIGGER policies_check BEFORE INSERT OR UPDATE ON policies
    FOR EACH ROW EXECUTE FUNCTION policies_check();

CREATE FUNCTION policy_version(body jsonb) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN md5(body::text);

CREATE FUNCTION policy_version(name text) RETURNS text
LANGUAGE sql STABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
    SELECT segments.policy_version(p.body) FROM segments.policies AS p WHERE p.name = policy_version.name;
END;

CREATE FUNCTION dimension(result jsonb, name text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN result -> 'dimensions' ->> name;

CREATE FUNCTION has_tag(result jsonb, tag text) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN (result -> 'tags') ? tag;

COMMENT ON TABLE policies IS
  'Named segmentation policies (dimensions and tags as JSON), checked by segments.check_policy on every insert and update; kept by pg_dump. Applied by segments.classify(metrics, name).';
COMMENT ON COLUMN policies.name IS 'The name segments.classify(metrics, name) looks the policy up by.';
COMMENT ON COLUMN policies.body IS 'The policy: {"metrics": {...}, "dimensions": {...}, "tags": {...}}; see docs/policies.md.';
COMMENT ON COLUMN policies.note IS 'Free text: who owns the policy, what changed.';
COMMENT ON COLUMN policies.updated_at IS 'When body or note last changed (set by the trigger).';
COMMENT ON FUNCTION policies_check() IS 'Trigger function of segments.policies: refuses a body with problems, listing every one; stamps updated_at.';
COMMENT ON FUNCTION policy_version(jsonb) IS 'Version of a policy body: the md5 of its canonical jsonb text; equal bodies have equal versions.';
COMMENT ON FUNCTION policy_version(text) IS 'Version of the stored policy name (md5 of its body), to record which version classified a row; NULL when there is no such policy.';
COMMENT ON FUNCTION dimension(jsonb, text) IS 'The label of dimension name in a segments.classify result; NULL when absent.';
COMMENT ON FUNCTION has_tag(jsonb, text) IS 'Whether a segments.classify result carries tag.';
COMMENT ON FUNCTION check_policy(jsonb) IS
  'Every problem of a policy as (path, problem) rows, path in JSON path form ($.dimensions.amount.bands); no rows when the policy is valid. Deeper than 64 levels or larger than 256 kB is an error (54000).';
COMMENT ON FUNCTION classify(jsonb, jsonb) IS
  'Classifies one customer''s metrics by a policy: {"dimensions": {"name": "label", ...}, "tags": [...]}. A missing metric gives a NULL dimension and makes comparisons on it false (exists: false is true); a metric of the wrong type is an error.';
COMMENT ON FUNCTION classify(jsonb, text) IS
  'Classifies one customer''s metrics by the stored policy name (segments.policies), read once per call site per statement.';
COMMENT ON FUNCTION classify(customer_profile, date, jsonb, jsonb) IS
  'Classifies a profile at as_of by a policy without building its metrics as JSON: equals segments.classify(extra || segments.metrics(p, as_of), policy), the profile''s standard metrics winning over extra''s (industry, region, ...). Computes only the metrics the policy uses. A NULL extra is no extra; NULL p, as_of or policy give NULL.';
COMMENT ON FUNCTION classify(customer_profile, date, text, jsonb) IS
  'Classifies a profile at as_of by the stored policy name (segments.policies, read once per call site per statement), as segments.classify(extra || segments.metrics(p, as_of), name) without the JSON. A NULL extra is no extra; NULL p, as_of or name give NULL.';
COMMENT ON FUNCTION metrics(customer_profile, date) IS
  'The standard metrics of a profile at as_of as jsonb (total, orders, lines, purchase_days, avg_order, max_order, returns, recency_days, tenure_days, amount_per_month, orders_per_month, purchase_interval, overdue_days, preference, top_category, lifecycle, is_new), for segments.classify.';
"#,
    name = "policies",
    requires = [
        "calibrate_aggregate",
        check_policy,
        classify,
        classify_by_name,
        "classify_profile",
        classify_profile_by_name,
        metrics
    ]
);

#[cfg(any(test, feature = "pg_test"))]
#[pg_schema]
mod tests {
    use pgrx::prelude::*;

    use crate::testing::text;

    #[pg_test]
    fn stored_policy_changes_apply_in_the_next_statement() {
        Spi::run(
            r#"INSERT INTO segments.policies (name, body) VALUES ('t',
               '{"metrics": {"total": "number"}, "dimensions": {"value": {"metric": "total", "cuts": [100], "labels": ["small", "big"]}}}')"#,
        )
        .unwrap();
        let label = || {
            text(r#"SELECT segments.dimension(segments.classify('{"total": 150}', 't'), 'value')"#)
        };
        assert_eq!(label().as_deref(), Some("big"));
        Spi::run(
            r#"UPDATE segments.policies SET body = jsonb_set(body, '{dimensions,value,cuts}', '[200]') WHERE name = 't'"#,
        )
        .unwrap();
        assert_eq!(label().as_deref(), Some("small"));
    }

    /// classify(p, as_of, policy, extra) equals classify(extra ||
    /// metrics(p, as_of), policy): on every customer, before and after
    /// their purchases, by a literal and by a stored policy; a NULL extra
    /// is no extra.
    #[pg_test]
    fn classifying_a_profile_equals_classifying_its_metrics() {
        Spi::run(
            r#"CREATE TEMP TABLE lines AS
               SELECT i % 5 AS customer, date '2025-01-01' + (i * 37) % 400 AS day,
                      ((i * 7919) % 100000) / 100.0 - CASE WHEN i % 11 = 0 THEN 700 ELSE 0 END AS amount,
                      (ARRAY['product', 'service', 'repair'])[1 + i % 3] AS category
               FROM generate_series(1, 200) AS i;
               CREATE TEMP TABLE profiles AS
               SELECT customer, segments.profile(day, amount, category) AS p FROM lines GROUP BY customer;
               CREATE TEMP TABLE policy AS SELECT
               '{"metrics": {"total": "number", "orders": "number", "avg_order": "number", "recency_days": "number",
                             "preference": "text", "lifecycle": "text", "is_new": "bool", "industry": "text"},
                 "dimensions": {"value": {"metric": "total", "cuts": [5000, 20000], "labels": ["low", "mid", "high"]},
                                "stage": {"metric": "lifecycle", "map": {"active": "A", "lapsed": "L"}, "default": "O"},
                                "sector": {"metric": "industry", "map": {"C": "manufacturing"}, "default": "other"}},
                 "tags": {"big": {"metric": "avg_order", "gt": 300}, "recent": {"metric": "recency_days", "lt": 30},
                          "product": {"metric": "preference", "eq": "product"}, "new": {"metric": "is_new", "eq": true}}}'::jsonb AS body;
               INSERT INTO segments.policies (name, body) SELECT 'profiles', body FROM policy;"#,
        )
        .unwrap();
        let differences = Spi::get_one::<i64>(
            r#"SELECT count(*) FROM profiles, policy,
                      (VALUES (date '2025-03-01'), (date '2026-06-01')) AS d(as_of),
                      (VALUES ('{"industry": "C", "total": "not used"}'::jsonb), ('{}'), (NULL)) AS e(extra)
               WHERE segments.classify(p, as_of, body, extra)
                       IS DISTINCT FROM segments.classify(coalesce(extra, '{}') || segments.metrics(p, as_of), body)
                  OR segments.classify(p, as_of, 'profiles', extra)
                       IS DISTINCT FROM segments.classify(coalesce(extra, '{}') || segments.metrics(p, as_of), body)"#,
        )
        .unwrap();
        assert_eq!(differences, Some(0));
        let null = text(
            "SELECT coalesce(segments.classify(NULL::segments.customer_profile, date '2026-01-01', body)::text, 'null')
             FROM policy",
        );
        assert_eq!(null.as_deref(), Some("null"));
    }

    /// A result written in jsonb's binary form equals, byte for byte, the
    /// same result pushed through PostgreSQL's pushJsonbValue: empty,
    /// null labels, keys of one length in byte order, a repeated key,
    /// more than 32 entries (where JEntries hold offsets), multibyte
    /// text, lengths at every alignment.
    #[pg_test]
    fn results_written_as_jsonb_lays_them_out() {
        use crate::policy::jsonb::{outcome_datum_pushed, outcome_payload, Jsonb};
        use crate::policy::rules::Outcome;
        let names: Vec<String> = (0..40)
            .map(|i| format!("d{}", "x".repeat(i % 7) + &i.to_string()))
            .collect();
        let labels: Vec<String> = (0..40)
            .map(|i| "é".repeat(i % 5) + &"l".repeat(i % 3))
            .collect();
        let mut cases: Vec<Outcome<'_>> = vec![
            Outcome {
                dimensions: Default::default(),
                tags: Default::default(),
            },
            Outcome {
                dimensions: [
                    ("value", Some("high")),
                    ("stage", None),
                    ("b", Some("")),
                    ("a", Some("中文")),
                ]
                .into_iter()
                .collect(),
                tags: ["VIP", "big_ticket", ""].into_iter().collect(),
            },
            Outcome {
                dimensions: [
                    ("ab", Some("1")),
                    ("aa", Some("2")),
                    ("ab", Some("3")),
                    ("", None),
                ]
                .into_iter()
                .collect(),
                tags: Default::default(),
            },
        ];
        for count in [31, 32, 33, 40] {
            cases.push(Outcome {
                dimensions: names[..count]
                    .iter()
                    .zip(&labels)
                    .enumerate()
                    .map(|(i, (name, label))| {
                        (name.as_str(), (i % 4 != 3).then_some(label.as_str()))
                    })
                    .collect(),
                tags: labels[..count].iter().map(String::as_str).collect(),
            });
        }
        for outcome in &cases {
            // SAFETY: a jsonb datum, just made.
            let pushed = unsafe { Jsonb::of(outcome_datum_pushed(outcome)) };
            assert_eq!(
                outcome_payload(outcome).unwrap().as_slice(),
                &pushed.bytes()[4..],
                "{:?} {:?}",
                outcome.dimensions,
                outcome.tags
            );
        }
    }

    #[pg_test(error = "metrics must be a JSON object")]
    fn classifying_a_profile_with_extra_not_an_object_fails() {
        text(
            r#"SELECT segments.classify(segments.profile(date '2026-01-01', 10.0), date '2026-02-01',
                 '{"metrics": {"total": "number"}, "tags": {"t": {"metric": "total", "gt": 1}}}'::jsonb, '[1]')::text"#,
        );
    }
}
