//! Customer value models: BG/NBD (who is still a customer, how many
//! purchases to expect) and Gamma-Gamma (the expected average value),
//! fitted by aggregates and applied by functions, and CLV from both.
//!
//! SQL glue only: the models are in `bgnbd`, `gamma_gamma` and `clv`, the
//! numerics in `special` and `optimize`.

pub mod bg_nbd;
pub mod checks;
pub mod clv;
pub mod gamma_spend;
pub mod optimize;
pub mod special;

#[cfg(test)]
mod reference_values;
#[cfg(test)]
mod unit_tests;

use pgrx::prelude::*;
use pgrx::{pg_sys, Internal, JsonB};

use crate::aggregate;
use crate::error::{Error, OrRaise, Result};
use crate::memo::Raw;
use bg_nbd::{BgNbd, Histories};
use gamma_spend::{GammaGamma, Spends};
use optimize::Settings;

crate::core_type!(
    /// SQL type `segments.bgnbd`: a fitted (or given) BG/NBD model.
    bgnbd(BgNbd)
);

crate::core_type!(
    /// SQL type `segments.gamma_gamma`: a fitted (or given) Gamma-Gamma model.
    gamma_gamma(GammaGamma)
);

// ---- bgnbd_fit ------------------------------------------------------------

const BGNBD_FIT: &str = "bgnbd_fit";
const GAMMA_GAMMA_FIT: &str = "gamma_gamma_fit";

/// One row into the state. Like corr() and regr_*(), a row with a NULL
/// frequency, recency or age is skipped; the options (argument 4) are read
/// on the group's first row: every row passes the same.
///
/// # Safety
/// `fcinfo` is a call of bgnbd_fit_transition(bgnbd_state, float8, float8,
/// float8 [, jsonb]).
unsafe fn bgnbd_transition(fcinfo: pg_sys::FunctionCallInfo, with_options: bool) -> pg_sys::Datum {
    use crate::fcinfo::{f64_arg, from_arg, return_state, state_arg};
    // SAFETY: the function's contract (so for every block below): the
    // live call of that SQL function, whose arguments have those types.
    let mut state = unsafe { state_arg(fcinfo, 0) };
    // SAFETY: as above.
    let arguments = unsafe { (f64_arg(fcinfo, 1), f64_arg(fcinfo, 2), f64_arg(fcinfo, 3)) };
    let (Some(frequency), Some(recency), Some(age)) = arguments else {
        // SAFETY: as above.
        return unsafe { return_state(fcinfo, state) };
    };
    // SAFETY: this aggregate's state is always a bgnbd_state.
    let histories = unsafe {
        aggregate::expanded_mut(&mut state, fcinfo, BGNBD_FIT, || {
            let options: Option<crate::json::JsonbText> = if with_options {
                from_arg(fcinfo, 4)
            } else {
                None
            };
            let settings = match options {
                Some(options) => bg_nbd::parse_options(&options.0).or_raise(),
                None => Settings::default(),
            };
            Histories::new(settings)
        })
    };
    histories.add(frequency, recency, age).or_raise();
    // SAFETY: as above.
    unsafe { return_state(fcinfo, state) }
}

crate::raw_entry!(
    bgnbd_fit_transition_wrapper,
    pg_finfo_bgnbd_fit_transition_wrapper,
    |fcinfo| {
        // SAFETY: PostgreSQL calls this as bgnbd_fit_transition(bgnbd_state, float8, float8, float8).
        unsafe { bgnbd_transition(fcinfo, false) }
    }
);

crate::raw_entry!(
    bgnbd_fit_transition_options_wrapper,
    pg_finfo_bgnbd_fit_transition_options_wrapper,
    |fcinfo| {
        // SAFETY: PostgreSQL calls this as
        // bgnbd_fit_transition(bgnbd_state, float8, float8, float8, jsonb).
        unsafe { bgnbd_transition(fcinfo, true) }
    }
);

/// Says so when a fit did not converge (the model says it too).
fn report_convergence(what: &str, converged: bool, iterations: u32) {
    if !converged {
        pgrx::notice!(
            "{what} did not converge after {iterations} iterations, or a parameter ran off towards 0 or infinity (the data do not determine it): the estimates are not maximum-likelihood estimates (params() shows converged false)"
        );
    }
}

#[pg_extern(immutable, parallel_safe, sql = false)]
fn bgnbd_fit_final(state: Internal) -> Option<bgnbd> {
    // SAFETY: this aggregate's state is always a bgnbd_state.
    let histories = unsafe { aggregate::final_state::<Histories>(&state) }?;
    let model = bg_nbd::fit(histories).or_raise();
    report_convergence("bgnbd_fit", model.converged, model.iterations);
    Some(bgnbd(model))
}

customer_segments_macros::state_type!(
    Histories as bgnbd_state for bgnbd_fit returning bgnbd,
    comment = "Transition state of the bgnbd_fit aggregate (distinct histories with their counts); text form is base64 of its binary form, which Citus ships between nodes.",
    final_comment = "final (the fit)",
    sspace = 1024,
    forms = r#"
arguments                                                | symbol                       | comment
frequency float8, recency float8, age float8             | bgnbd_fit_transition         | Fits a BG/NBD model by maximum likelihood over customers: frequency = repeat purchases, recency = time of the last purchase since the first, age = time since the first purchase, all in one time unit. Rows with a NULL are skipped; at least 4 customers; NOTICE and converged false when the fit does not converge.
frequency float8, recency float8, age float8, options jsonb | bgnbd_fit_transition_options | Fits a BG/NBD model by maximum likelihood, with options {"max_iterations": 500, "tolerance": 1e-9}.
"#,
    name = "bgnbd_state",
    requires = [bgnbd]
);

// ---- gamma_gamma_fit --------------------------------------------------------

crate::raw_entry!(
    gamma_gamma_fit_transition_wrapper,
    pg_finfo_gamma_gamma_fit_transition_wrapper,
    |fcinfo| {
        use crate::fcinfo::{f64_arg, return_state, state_arg};
        // SAFETY: PostgreSQL calls this as gamma_gamma_fit_transition(gamma_gamma_state, float8, float8).
        unsafe {
            let mut state = state_arg(fcinfo, 0);
            if let (Some(frequency), Some(monetary)) = (f64_arg(fcinfo, 1), f64_arg(fcinfo, 2)) {
                let spends =
                    aggregate::expanded_mut(&mut state, fcinfo, GAMMA_GAMMA_FIT, Spends::default);
                spends.add(frequency, monetary).or_raise();
            }
            return_state(fcinfo, state)
        }
    }
);

#[pg_extern(immutable, parallel_safe, sql = false)]
fn gamma_gamma_fit_final(state: Internal) -> Option<gamma_gamma> {
    // SAFETY: this aggregate's state is always a gamma_gamma_state.
    let spends = unsafe { aggregate::final_state::<Spends>(&state) }?;
    let model = gamma_spend::fit(spends, Settings::default()).or_raise();
    report_convergence("gamma_gamma_fit", model.converged, model.iterations);
    Some(gamma_gamma(model))
}

customer_segments_macros::state_type!(
    Spends as gamma_gamma_state for gamma_gamma_fit returning gamma_gamma,
    comment = "Transition state of the gamma_gamma_fit aggregate (distinct customers with their counts); text form is base64 of its binary form, which Citus ships between nodes.",
    final_comment = "final (the fit)",
    sspace = 1024,
    forms = r#"
arguments                          | comment
frequency float8, monetary float8  | Fits a Gamma-Gamma spend model by maximum likelihood over customers with a repeat purchase: frequency = repeat purchases, monetary = their average value. Rows with frequency 0 or a NULL are skipped; at least 3 customers. Assumes spend independent of frequency.
"#,
    name = "gamma_gamma_state",
    requires = [gamma_gamma]
);

// ---- accessors ----------------------------------------------------------------

fn params_json(text: String) -> JsonB {
    JsonB(serde_json::from_str(&text).expect("the text form is JSON"))
}

#[pg_extern(immutable, strict, parallel_safe, name = "params")]
fn bgnbd_params(model: bgnbd) -> JsonB {
    params_json(model.0.to_text())
}

#[pg_extern(immutable, strict, parallel_safe, name = "params")]
fn gamma_gamma_params(model: gamma_gamma) -> JsonB {
    params_json(model.0.to_text())
}

#[pg_extern(immutable, strict, parallel_safe)]
fn p_alive(
    model: Raw<bgnbd>,
    frequency: f64,
    recency: f64,
    age: f64,
    fcinfo: pg_sys::FunctionCallInfo,
) -> f64 {
    let (x, t_x, t) = bg_nbd::check_history(frequency, recency, age).or_raise();
    model.decoded(fcinfo, BgNbd::decode).p_alive(x, t_x, t)
}

fn horizon(t: f64) -> Result<f64> {
    checks::check_time(t, "t")
}

#[pg_extern(immutable, strict, parallel_safe)]
fn expected_purchases(
    model: Raw<bgnbd>,
    t: f64,
    frequency: f64,
    recency: f64,
    age: f64,
    fcinfo: pg_sys::FunctionCallInfo,
) -> f64 {
    let t = horizon(t).or_raise();
    let (x, t_x, age) = bg_nbd::check_history(frequency, recency, age).or_raise();
    model
        .decoded(fcinfo, BgNbd::decode)
        .expected_purchases(t, x, t_x, age)
        .or_raise()
}

#[pg_extern(immutable, strict, parallel_safe, name = "expected_purchases")]
fn expected_purchases_new(model: bgnbd, t: f64) -> f64 {
    let t = horizon(t).or_raise();
    model.0.expected_purchases_new(t).or_raise()
}

#[pg_extern(immutable, strict, parallel_safe)]
fn expected_avg_value(model: gamma_gamma, frequency: f64, monetary: f64) -> f64 {
    model.0.expected_avg_value(frequency, monetary).or_raise()
}

#[allow(clippy::too_many_arguments)]
#[pg_extern(immutable, strict, parallel_safe)]
fn clv(
    purchases: bgnbd,
    spend: gamma_gamma,
    frequency: f64,
    recency: f64,
    age: f64,
    monetary: f64,
    horizon: f64,
    discount_rate: default!(f64, 0),
) -> f64 {
    clv::clv(
        &purchases.0,
        &spend.0,
        frequency,
        recency,
        age,
        monetary,
        horizon,
        discount_rate,
    )
    .or_raise()
}

/// Models are never NULL inside; keeps `Error` used in this module's API.
#[allow(dead_code)]
fn unused(_: Error) {}

extension_sql!(
    r#"
COMMENT ON TYPE bgnbd IS
  'A BG/NBD model (Fader, Hardie and Lee 2005): purchase rate Gamma(r, alpha), dropout after each purchase Beta(a, b); alpha is in the time unit of the data it was fitted on. Built by bgnbd_fit or from JSON text {"r":..,"alpha":..,"a":..,"b":..}. Text form is JSON.';
COMMENT ON TYPE gamma_gamma IS
  'A Gamma-Gamma model of spend per transaction (Fader and Hardie 2013): parameters p, q and v (v in the unit of money). Built by gamma_gamma_fit or from JSON text {"p":..,"q":..,"v":..}. Text form is JSON.';
COMMENT ON FUNCTION params(bgnbd) IS
  'The model as JSON: r, alpha, a, b, log_likelihood, customers, iterations, converged.';
COMMENT ON FUNCTION params(gamma_gamma) IS
  'The model as JSON: p, q, v, log_likelihood, customers, iterations, converged.';
COMMENT ON FUNCTION p_alive(bgnbd, float8, float8, float8) IS
  'The probability that a customer with this history (frequency, recency, age in the model''s time unit) is still a customer.';
COMMENT ON FUNCTION expected_purchases(bgnbd, float8, float8, float8, float8) IS
  'The expected number of purchases in the next t time units of a customer with this history (frequency, recency, age).';
COMMENT ON FUNCTION expected_purchases(bgnbd, float8) IS
  'The expected number of repeat purchases in the first t time units of a new customer.';
COMMENT ON FUNCTION expected_avg_value(gamma_gamma, float8, float8) IS
  'The expected average value of a customer''s future transactions, given frequency (repeat purchases) and monetary (their average value; ignored when frequency is 0).';
COMMENT ON FUNCTION clv(bgnbd, gamma_gamma, float8, float8, float8, float8, float8, float8) IS
  'Customer lifetime value over the next horizon time units: expected purchases in each time unit times the expected average value, discounted by (1 + discount_rate) per time unit.';
COMMENT ON FUNCTION bgnbd_in(cstring) IS 'Input function of type bgnbd (JSON text).';
COMMENT ON FUNCTION bgnbd_out(bgnbd) IS 'Output function of type bgnbd (JSON text).';
COMMENT ON FUNCTION gamma_gamma_in(cstring) IS 'Input function of type gamma_gamma (JSON text).';
COMMENT ON FUNCTION gamma_gamma_out(gamma_gamma) IS 'Output function of type gamma_gamma (JSON text).';
"#,
    name = "models_comments",
    requires = [
        "bgnbd_state",
        "gamma_gamma_state",
        bgnbd_params,
        gamma_gamma_params,
        p_alive,
        expected_purchases,
        expected_purchases_new,
        expected_avg_value,
        clv
    ]
);

#[cfg(any(test, feature = "pg_test"))]
#[pg_schema]
mod tests {
    use pgrx::prelude::*;

    use crate::testing::text;

    fn float(query: &str) -> f64 {
        Spi::get_one::<f64>(query).unwrap().unwrap()
    }

    #[pg_test]
    fn fits_and_predicts_in_sql() {
        // A small population in weeks: fits, converges, predicts.
        Spi::run(
            "CREATE TEMP TABLE histories AS
             SELECT (i % 7)::float8 AS x,
                    CASE WHEN i % 7 = 0 THEN 0 ELSE (i % 7) * 3 + (i % 5) END::float8 AS t_x,
                    (40 + i % 13)::float8 AS age,
                    (20 + (i * 37) % 50)::float8 AS m
             FROM generate_series(1, 500) AS i",
        )
        .unwrap();
        // (These histories show no dropout: the fit may or may not converge.)
        assert_eq!(
            text("SELECT segments.params(segments.bgnbd_fit(x, t_x, age))->>'customers' FROM histories").as_deref(),
            Some("500")
        );
        let alive = float(
            "SELECT segments.p_alive(m, 3, 10, 52) FROM (SELECT segments.bgnbd_fit(x, t_x, age) AS m FROM histories) AS f",
        );
        assert!(alive > 0.0 && alive < 1.0, "{alive}");
        let value = float(
            "SELECT segments.clv('{\"r\": 0.243, \"alpha\": 4.414, \"a\": 0.793, \"b\": 2.426}', g, 3, 10, 52, 35, 52, 0.002)
             FROM (SELECT segments.gamma_gamma_fit(x, m) AS g FROM histories) AS f",
        );
        assert!(value > 0.0, "{value}");
    }

    #[pg_test]
    fn given_models_match_the_paper() {
        let m = "'{\"r\": 0.243, \"alpha\": 4.414, \"a\": 0.793, \"b\": 2.426}'::segments.bgnbd";
        // A new customer's expected repeat purchases in 52 weeks under the
        // CDNOW estimates (the unit tests check the series against mpmath).
        let expected = float(&format!("SELECT segments.expected_purchases({m}, 52)"));
        assert!((expected - 1.446051).abs() < 1e-6, "{expected}");
        assert_eq!(
            float(&format!("SELECT segments.p_alive({m}, 0, 0, 39)")),
            1.0
        );
    }

    #[pg_test(error = "recency must not exceed age: recency 5 is after age 3")]
    fn recency_after_age_is_refused() {
        float("SELECT segments.p_alive('{\"r\": 1, \"alpha\": 1, \"a\": 1, \"b\": 1}', 1, 5, 3)");
    }

    #[pg_test(error = "bgnbd_fit needs at least 4 customers to estimate its 4 parameters, not 2")]
    fn too_few_customers_is_an_error() {
        text("SELECT segments.bgnbd_fit(x, 1, 2)::text FROM (VALUES (1.0::float8), (2)) AS t(x)");
    }
}
