//! Tests of the models' pure core: closed forms against values computed
//! independently (tests/models/reference.py, mpmath), fits on the CDNOW
//! sample against the published estimates, and recovery of known
//! parameters from data simulated from the models themselves.

use super::bg_nbd::{self, BgNbd, Histories};
use super::clv::clv;
use super::gamma_spend::{self, GammaGamma, Spends};
use super::optimize::Settings;
use super::reference_values::*;
use super::special::{digamma, ln_gamma};

fn close(got: f64, want: f64, relative: f64, what: &str) {
    let error = if want == 0.0 {
        got.abs()
    } else {
        ((got - want) / want).abs()
    };
    assert!(
        error <= relative,
        "{what}: got {got:e}, want {want:e}, relative error {error:e}"
    );
}

#[test]
fn special_functions_match_mpmath() {
    for &(x, want) in LN_GAMMA {
        close(ln_gamma(x), want, 2e-14, &format!("ln_gamma({x})"));
    }
    for &(x, want) in DIGAMMA {
        close(digamma(x), want, 1e-13, &format!("digamma({x})"));
    }
}

#[test]
fn log_likelihood_matches_mpmath() {
    for &(params, history, want) in LOG_LIKELIHOOD {
        let got = bg_nbd::log_likelihood(params, &[(history, 1)]);
        close(got, want, 1e-12, &format!("ll{params:?}{history:?}"));
        // Weights count a history that many times.
        let got = bg_nbd::log_likelihood(params, &[(history, 3)]);
        close(got, 3.0 * want, 1e-12, "weighted");
    }
}

#[test]
fn gradients_match_finite_differences() {
    let histories: Vec<([f64; 3], u64)> = vec![
        ([0.0, 0.0, 38.86], 5),
        ([2.0, 30.43, 38.86], 2),
        ([7.0, 29.43, 31.0], 1),
    ];
    let params = [0.243, 4.414, 0.793, 2.426];
    let gradient = bg_nbd::log_likelihood_gradient(params, &histories);
    for i in 0..4 {
        let h = 1e-6 * params[i];
        let (mut up, mut down) = (params, params);
        up[i] += h;
        down[i] -= h;
        let numeric = (bg_nbd::log_likelihood(up, &histories)
            - bg_nbd::log_likelihood(down, &histories))
            / (2.0 * h);
        close(gradient[i], numeric, 1e-6, &format!("d/d param {i}"));
    }
    let spends: Vec<([f64; 2], u64)> = vec![([1.0, 12.5], 3), ([2.0, 35.0], 1), ([7.0, 19.99], 2)];
    let params = [6.25, 3.74, 15.44];
    let gradient = gamma_spend::log_likelihood_gradient(params, &spends);
    for i in 0..3 {
        let h = 1e-6 * params[i];
        let (mut up, mut down) = (params, params);
        up[i] += h;
        down[i] -= h;
        let numeric = (gamma_spend::log_likelihood(up, &spends)
            - gamma_spend::log_likelihood(down, &spends))
            / (2.0 * h);
        close(
            gradient[i],
            numeric,
            1e-6,
            &format!("gamma-gamma d/d param {i}"),
        );
    }
}

fn model([r, alpha, a, b]: [f64; 4]) -> BgNbd {
    BgNbd::new(r, alpha, a, b).unwrap()
}

#[test]
fn p_alive_matches_mpmath() {
    for &(params, [x, t_x, t], want) in P_ALIVE {
        close(
            model(params).p_alive(x, t_x, t),
            want,
            1e-13,
            &format!("p_alive{params:?}"),
        );
    }
}

#[test]
fn expected_purchases_match_mpmath() {
    for &(params, horizon, [x, t_x, t], want) in CONDITIONAL {
        let got = model(params)
            .expected_purchases(horizon, x, t_x, t)
            .unwrap();
        close(
            got,
            want,
            1e-9,
            &format!("conditional{params:?} t={horizon} {x},{t_x},{t}"),
        );
    }
    for &(params, horizon, want) in UNCONDITIONAL {
        let got = model(params).expected_purchases_new(horizon).unwrap();
        close(
            got,
            want,
            1e-9,
            &format!("unconditional{params:?} t={horizon}"),
        );
    }
    // A history of age 0 and frequency 0 is a new customer.
    let paper = model([0.243, 4.414, 0.793, 2.426]);
    assert_eq!(
        paper.expected_purchases(39.0, 0.0, 0.0, 0.0).unwrap(),
        paper.expected_purchases_new(39.0).unwrap()
    );
    assert_eq!(paper.expected_purchases_new(0.0).unwrap(), 0.0);
}

#[test]
fn gamma_gamma_and_clv_match_mpmath() {
    for &(params, spend, want) in GG_LOG_LIKELIHOOD {
        close(
            gamma_spend::log_likelihood(params, &[(spend, 1)]),
            want,
            1e-12,
            "gamma-gamma ll",
        );
    }
    for &([p, q, v], [x, m], want) in GG_VALUE {
        let got = GammaGamma::new(p, q, v)
            .unwrap()
            .expected_avg_value(x, m)
            .unwrap();
        close(got, want, 1e-14, "expected_avg_value");
    }
    for &(bg, [p, q, v], [x, t_x, t], m, horizon, rate, want) in CLV {
        let got = clv(
            &model(bg),
            &GammaGamma::new(p, q, v).unwrap(),
            x,
            t_x,
            t,
            m,
            horizon,
            rate,
        )
        .unwrap();
        close(
            got,
            want,
            1e-9,
            &format!("clv {x},{t_x},{t} {horizon} {rate}"),
        );
    }
}

fn cdnow() -> Histories {
    let mut histories = Histories::new(Settings::default());
    for line in include_str!("../../tests/models/cdnow_histories.csv")
        .lines()
        .skip(1)
    {
        let fields: Vec<f64> = line.split(',').map(|f| f.parse().unwrap()).collect();
        for _ in 0..fields[3] as u64 {
            histories.add(fields[0], fields[1], fields[2]).unwrap();
        }
    }
    histories
}

#[test]
fn cdnow_fit_reproduces_the_paper() {
    let histories = cdnow();
    assert_eq!(histories.customers(), 2357);
    let fitted = bg_nbd::fit(&histories).unwrap();
    assert!(fitted.converged, "{fitted:?}");
    // Fader, Hardie and Lee 2005, Table 1 (rounded to 3 decimals) and the
    // log-likelihood -9582.4.
    let rounded = |v: f64| (v * 1000.0).round() / 1000.0;
    assert_eq!(
        [
            rounded(fitted.r),
            rounded(fitted.alpha),
            rounded(fitted.a),
            rounded(fitted.b)
        ],
        [0.243, 4.414, 0.793, 2.426],
        "{fitted:?}"
    );
    assert_eq!(
        (fitted.log_likelihood.unwrap() * 10.0).round() / 10.0,
        -9582.4
    );
    eprintln!("CDNOW BG/NBD: {fitted:?}");
}

#[test]
fn cdnow_spend_fit_reproduces_the_note() {
    let mut spends = Spends::default();
    for line in include_str!("../../tests/models/cdnow_spend.csv")
        .lines()
        .skip(1)
    {
        let fields: Vec<f64> = line.split(',').map(|f| f.parse().unwrap()).collect();
        for _ in 0..fields[2] as u64 {
            spends.add(fields[0], fields[1]).unwrap();
        }
    }
    assert_eq!(spends.customers(), 946);
    let fitted = gamma_spend::fit(&spends, Settings::default()).unwrap();
    assert!(fitted.converged, "{fitted:?}");
    // Fader and Hardie 2013: p = 6.25, q = 3.74, v = 15.44 (the maximum
    // lies at v = 15.4477..., which the note truncates and the lifetimes
    // package shows as 15.45).
    let rounded = |v: f64| (v * 100.0).round() / 100.0;
    assert_eq!(
        [rounded(fitted.p), rounded(fitted.q)],
        [6.25, 3.74],
        "{fitted:?}"
    );
    assert!((fitted.v - 15.44).abs() < 0.01, "{fitted:?}");
    eprintln!("CDNOW Gamma-Gamma: {fitted:?}");
}

/// A small deterministic generator (PCG-style LCG with an xorshift output).
struct Random(u64);

impl Random {
    fn uniform(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let mut z = self.0;
        z = (z ^ (z >> 33)).wrapping_mul(0xff51afd7ed558ccd);
        z ^= z >> 33;
        ((z >> 11) as f64 + 0.5) / (1u64 << 53) as f64
    }

    fn normal(&mut self) -> f64 {
        let (u, v) = (self.uniform(), self.uniform());
        (-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos()
    }

    /// Gamma(shape, rate) by Marsaglia and Tsang.
    fn gamma(&mut self, shape: f64, rate: f64) -> f64 {
        if shape < 1.0 {
            let u = self.uniform();
            return self.gamma(shape + 1.0, rate) * u.powf(1.0 / shape);
        }
        let d = shape - 1.0 / 3.0;
        let c = 1.0 / (9.0 * d).sqrt();
        loop {
            let x = self.normal();
            let v = (1.0 + c * x).powi(3);
            if v <= 0.0 {
                continue;
            }
            let u = self.uniform();
            if u.ln() < 0.5 * x * x + d - d * v + d * v.ln() {
                return d * v / rate;
            }
        }
    }

    fn beta(&mut self, a: f64, b: f64) -> f64 {
        let x = self.gamma(a, 1.0);
        let y = self.gamma(b, 1.0);
        x / (x + y)
    }
}

/// One customer drawn from BG/NBD, observed for `age` time units after the
/// first purchase: (x, t_x).
fn simulate_customer(random: &mut Random, [r, alpha, a, b]: [f64; 4], age: f64) -> (f64, f64) {
    let rate = random.gamma(r, alpha);
    let dropout = random.beta(a, b);
    let (mut x, mut t_x, mut now) = (0.0, 0.0, 0.0);
    loop {
        now += -random.uniform().ln() / rate;
        if now > age {
            return (x, t_x);
        }
        x += 1.0;
        t_x = now;
        if random.uniform() < dropout {
            return (x, t_x);
        }
    }
}

#[test]
fn bgnbd_fit_recovers_simulated_parameters() {
    // 30,000 customers observed for 26 to 78 weeks. With that many, the
    // estimates' standard errors are a few percent; each must come within
    // 15% (r, alpha) and 25% (a, b: the dropout process shows only through
    // the gap at the end of each history) of the truth.
    let truth = [0.6, 8.0, 0.9, 3.0];
    let mut random = Random(20260105);
    let mut histories = Histories::new(Settings::default());
    for _ in 0..30_000 {
        let age = 26.0 + (52.0 * random.uniform() * 7.0).round() / 7.0;
        let (x, t_x) = simulate_customer(&mut random, truth, age);
        histories.add(x, t_x, age).unwrap();
    }
    let fitted = bg_nbd::fit(&histories).unwrap();
    eprintln!("recovered BG/NBD: {fitted:?}");
    assert!(fitted.converged);
    let got = [fitted.r, fitted.alpha, fitted.a, fitted.b];
    for (i, tolerance) in [0.15, 0.15, 0.25, 0.25].into_iter().enumerate() {
        close(
            got[i],
            truth[i],
            tolerance,
            &format!("parameter {i} of {got:?}"),
        );
    }
    // The fitted model predicts the simulated population's next purchases:
    // expected repeat purchases of a new customer in 52 weeks vs the truth's.
    let expected = model(got).expected_purchases_new(52.0).unwrap();
    close(
        expected,
        model(truth).expected_purchases_new(52.0).unwrap(),
        0.05,
        "E[X(52)]",
    );
}

#[test]
fn without_dropout_the_fit_says_so_and_recovers_the_purchase_rates() {
    // Customers who never drop out (purchases at Gamma(r, alpha) rates
    // for their whole age): the likelihood keeps rising as a -> 0, so there
    // is no maximum-likelihood estimate of a and b. The fit puts a on its
    // bound, fits r and alpha there (the purchase process, which the data
    // do determine), says it did not converge, and takes few iterations.
    let (r, alpha) = (0.8, 10.0);
    let mut random = Random(4711);
    let mut histories = Histories::new(Settings::default());
    for _ in 0..30_000 {
        let age = 26.0 + (52.0 * random.uniform() * 7.0).round() / 7.0;
        let rate = random.gamma(r, alpha);
        let (mut x, mut t_x, mut now) = (0.0, 0.0, 0.0);
        loop {
            now += -random.uniform().ln() / rate;
            if now > age {
                break;
            }
            x += 1.0;
            t_x = now;
        }
        histories.add(x, t_x, age).unwrap();
    }
    let fitted = bg_nbd::fit(&histories).unwrap();
    eprintln!("without dropout: {fitted:?}");
    assert!(!fitted.converged, "{fitted:?}");
    assert!(fitted.iterations <= 60, "{fitted:?}");
    assert!(fitted.a < 1e-9, "{fitted:?}");
    close(fitted.r, r, 0.15, "r");
    close(fitted.alpha, alpha, 0.15, "alpha");
    // Everyone is alive, as the data say.
    assert!(fitted.p_alive(5.0, 10.0, 60.0) > 0.999_999);
}

#[test]
fn gamma_gamma_fit_recovers_simulated_parameters() {
    let truth = [4.0, 5.0, 60.0];
    let mut random = Random(77);
    let mut spends = Spends::default();
    for _ in 0..20_000 {
        let x = 1.0 + (random.uniform() * 8.0).floor();
        let scale = random.gamma(truth[1], truth[2]);
        let total: f64 = (0..x as usize).map(|_| random.gamma(truth[0], scale)).sum();
        spends.add(x, total / x).unwrap();
    }
    let fitted = gamma_spend::fit(&spends, Settings::default()).unwrap();
    eprintln!("recovered Gamma-Gamma: {fitted:?}");
    assert!(fitted.converged);
    for (got, want) in [fitted.p, fitted.q, fitted.v].into_iter().zip(truth) {
        close(got, want, 0.15, "gamma-gamma parameter");
    }
}

#[test]
fn time_unit_changes_alpha_only() {
    let weeks = cdnow();
    let mut days = Histories::new(Settings::default());
    for ([x, t_x, t], count) in weeks.sorted() {
        for _ in 0..count {
            days.add(x, t_x * 7.0, t * 7.0).unwrap();
        }
    }
    let (in_weeks, in_days) = (bg_nbd::fit(&weeks).unwrap(), bg_nbd::fit(&days).unwrap());
    close(in_days.alpha, in_weeks.alpha * 7.0, 1e-6, "alpha");
    close(in_days.r, in_weeks.r, 1e-6, "r");
    close(in_days.b, in_weeks.b, 1e-5, "b");
    let repeat_purchases: f64 = weeks.sorted().iter().map(|(h, c)| h[0] * *c as f64).sum();
    close(
        in_days.log_likelihood.unwrap(),
        in_weeks.log_likelihood.unwrap() - repeat_purchases * 7f64.ln(),
        1e-9,
        "log-likelihood",
    );
}

#[test]
fn too_few_customers_and_no_repeat_purchases() {
    let mut histories = Histories::new(Settings::default());
    for _ in 0..3 {
        histories.add(1.0, 2.0, 3.0).unwrap();
    }
    let error = bg_nbd::fit(&histories).unwrap_err();
    assert!(error.message.contains("at least 4 customers"), "{error:?}");
    // Nobody ever buys again: the likelihood grows as r -> 0, no maximum.
    let mut never = Histories::new(Settings::default());
    for age in 1..50 {
        never.add(0.0, 0.0, age as f64).unwrap();
    }
    let fitted = bg_nbd::fit(&never).unwrap();
    assert!(!fitted.converged, "{fitted:?}");
    assert!(fitted.r.is_finite() && fitted.alpha.is_finite());
    let mut spends = Spends::default();
    spends.add(0.0, 0.0).unwrap();
    spends.add(2.0, 10.0).unwrap();
    spends.add(3.0, 12.0).unwrap();
    let error = gamma_spend::fit(&spends, Settings::default()).unwrap_err();
    assert!(error.message.contains("at least 3 customers"), "{error:?}");
}

#[test]
fn bad_histories_are_refused_naming_the_argument() {
    let message = |x: f64, t_x: f64, t: f64| bg_nbd::check_history(x, t_x, t).unwrap_err().message;
    assert!(message(-1.0, 0.0, 1.0).starts_with("frequency"));
    assert!(message(f64::NAN, 0.0, 1.0).starts_with("frequency must be a finite number"));
    assert!(message(1.0, f64::INFINITY, 1.0).starts_with("recency"));
    assert!(message(1.0, 2.0, 1.0).starts_with("recency must not exceed age"));
    assert!(message(0.0, 2.0, 3.0).starts_with("recency must be 0 when frequency is 0"));
    assert!(message(1.0, 0.5, -3.0).starts_with("age"));
    assert!(message(1.5, 0.5, 3.0).contains("whole number"));
    assert!(BgNbd::new(0.0, 1.0, 1.0, 1.0).is_err());
    assert!(bg_nbd::parse_options(r#"{"max_iterations": 0}"#).is_err());
    assert!(bg_nbd::parse_options(r#"{"tolerance": -1}"#).is_err());
    assert!(bg_nbd::parse_options(r#"{"speed": 1}"#).is_err());
    assert_eq!(
        bg_nbd::parse_options(r#"{"max_iterations": 20}"#)
            .unwrap()
            .max_iterations,
        20
    );
}

#[test]
fn states_and_models_round_trip_and_merge() {
    let all = cdnow();
    let entries = all.sorted();
    let (mut left, mut right) = (
        Histories::new(Settings::default()),
        Histories::new(Settings::default()),
    );
    for (i, ([x, t_x, t], count)) in entries.iter().enumerate() {
        for _ in 0..*count {
            if i % 2 == 0 {
                left.add(*x, *t_x, *t).unwrap()
            } else {
                right.add(*x, *t_x, *t).unwrap()
            }
        }
    }
    let mut merged = Histories::decode(&left.encode()).unwrap();
    merged
        .merge(&Histories::decode(&right.encode()).unwrap())
        .unwrap();
    assert_eq!(merged.encode(), all.encode());
    let other = Histories::new(Settings {
        max_iterations: 3,
        tolerance: 1e-6,
    });
    assert!(merged.merge(&other).is_err());

    let fitted = bg_nbd::fit(&all).unwrap();
    assert_eq!(BgNbd::decode(&fitted.encode()).unwrap(), fitted);
    assert_eq!(BgNbd::parse(&fitted.to_text()).unwrap(), fitted);
    let given = BgNbd::parse(r#"{"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}"#).unwrap();
    assert_eq!(given.log_likelihood, None);
    assert_eq!(BgNbd::parse(&given.to_text()).unwrap(), given);
    assert!(BgNbd::parse(r#"{"r": 0.243, "alpha": 4.414, "a": 0.793}"#).is_err());
    assert!(BgNbd::decode(&[1, 2, 3]).is_err());

    let spend = GammaGamma::parse(r#"{"p": 6.25, "q": 3.74, "v": 15.44}"#).unwrap();
    assert_eq!(GammaGamma::parse(&spend.to_text()).unwrap(), spend);
    assert_eq!(GammaGamma::decode(&spend.encode()).unwrap(), spend);
    let mut spends = Spends::default();
    spends.add(2.0, 10.0).unwrap();
    spends.add(0.0, 0.0).unwrap();
    assert_eq!(Spends::decode(&spends.encode()).unwrap(), spends);
}

#[test]
fn clv_discounts_per_time_unit() {
    let purchases = model([0.243, 4.414, 0.793, 2.426]);
    let spend = GammaGamma::new(6.25, 3.74, 15.44).unwrap();
    let undiscounted = clv(&purchases, &spend, 2.0, 30.43, 38.86, 22.35, 52.0, 0.0).unwrap();
    let discounted = clv(&purchases, &spend, 2.0, 30.43, 38.86, 22.35, 52.0, 0.01).unwrap();
    assert!(discounted < undiscounted && discounted > 0.5 * undiscounted);
    assert!(clv(&purchases, &spend, 2.0, 30.43, 38.86, 22.35, 1e6, 0.01).is_err());
    assert!(clv(&purchases, &spend, 2.0, 30.43, 38.86, 22.35, 52.0, -0.1).is_err());
    assert!(clv(&purchases, &spend, 2.0, 30.43, 38.86, 0.0, 52.0, 0.0).is_err());
    // Far past the customer's age, in bounded time: a limit, not a wait.
    let started = std::time::Instant::now();
    for (x, t_x, age) in [(1.0, 0.5, 1.0), (0.0, 0.0, 0.0), (40.0, 1.0, 1.0)] {
        match clv(&purchases, &spend, x, t_x, age, 20.0, 99_999.0, 0.01) {
            Ok(value) => assert!(value.is_finite() && value > 0.0),
            Err(error) => assert_eq!(error.kind, crate::error::Kind::LimitExceeded, "{error:?}"),
        }
        match purchases.expected_purchases(1e9, x, t_x, age) {
            Ok(value) => assert!(value.is_finite() && value > 0.0),
            Err(error) => assert_eq!(error.kind, crate::error::Kind::LimitExceeded, "{error:?}"),
        }
    }
    assert!(
        started.elapsed().as_secs_f64() < 10.0,
        "{:?}",
        started.elapsed()
    );
}
