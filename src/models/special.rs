//! Special functions the models need, in plain f64: ln Γ, ψ (digamma),
//! and the series behind the expected number of purchases (a Gaussian
//! hypergeometric function, evaluated in the forms that converge fast and
//! cancel nothing). No pgrx here.

use crate::error::{Error, Result};

/// Lanczos coefficients (g = 7, n = 9), good to about 1e-15 relative for
/// arguments of 0.5 and more.
const LANCZOS_G: f64 = 7.0;
// As published, with more digits than a float8 keeps.
#[allow(clippy::excessive_precision)]
const LANCZOS: [f64; 9] = [
    0.999_999_999_999_809_93,
    676.520_368_121_885_1,
    -1_259.139_216_722_402_8,
    771.323_428_777_653_13,
    -176.615_029_162_140_59,
    12.507_343_278_686_905,
    -0.138_571_095_265_720_12,
    9.984_369_578_019_571_6e-6,
    1.505_632_735_149_311_6e-7,
];

const HALF_LN_TWO_PI: f64 = 0.918_938_533_204_672_8;

/// ln Γ(x) for x > 0.
pub fn ln_gamma(x: f64) -> f64 {
    if x < 0.5 {
        // Γ(x) = Γ(x + 1) / x, exact for the tiny shapes a fit may try.
        return ln_gamma(x + 1.0) - x.ln();
    }
    if x > 1e7 {
        // Stirling's series: the Lanczos sum loses digits to ln of huge numbers.
        let inv = 1.0 / x;
        let inv2 = inv * inv;
        let series = inv * (1.0 / 12.0 - inv2 * (1.0 / 360.0 - inv2 / 1260.0));
        return (x - 0.5) * x.ln() - x + HALF_LN_TWO_PI + series;
    }
    let x = x - 1.0;
    let mut sum = LANCZOS[0];
    for (i, c) in LANCZOS.iter().enumerate().skip(1) {
        sum += c / (x + i as f64);
    }
    let t = x + LANCZOS_G + 0.5;
    HALF_LN_TWO_PI + (x + 0.5) * t.ln() - t + sum.ln()
}

/// ψ(x) = d/dx ln Γ(x), for x > 0.
pub fn digamma(x: f64) -> f64 {
    let mut x = x;
    let mut result = 0.0;
    // ψ(x) = ψ(x + 1) - 1/x until the asymptotic series is exact enough.
    while x < 10.0 {
        result -= 1.0 / x;
        x += 1.0;
    }
    let inv = 1.0 / x;
    let inv2 = inv * inv;
    result + x.ln()
        - 0.5 * inv
        - inv2
            * (1.0 / 12.0
                - inv2 * (1.0 / 120.0 - inv2 * (1.0 / 252.0 - inv2 * (1.0 / 240.0 - inv2 / 132.0))))
}

/// Series terms one call may spend, over every expectation it computes,
/// before it is declared too slow (54000): a few tenths of a second.
pub const MAX_TERMS: u64 = 20_000_000;

/// The expected number of purchases over the next `t` time units of a
/// customer who is alive, whose purchase rate follows Gamma(r, α) and whose
/// dropout probability follows Beta(a, b) (all posterior when conditioned on
/// a history):
///
/// E = (a + b - 1) / (a - 1) · [1 - (α/(α+t))^r · ₂F₁(r, b; a + b - 1; t/(α+t))]
///
/// (Fader, Hardie and Lee 2005, eq. 9 and 10). Evaluated without the
/// removable singularity at a = 1 and without cancellation: for t ≤ α/2
/// through Pfaff's transformation (an alternating series in -t/α), else
/// through Euler's (a series in z = t/(α+t) plus a closed-form part).
pub fn expected_alive(r: f64, alpha: f64, a: f64, b: f64, t: f64) -> Result<f64> {
    expected_alive_within(r, alpha, a, b, t, &mut MAX_TERMS.clone())
}

/// `expected_alive`, spending at most `budget` series terms (what is left
/// stays in `budget`).
pub fn expected_alive_within(
    r: f64,
    alpha: f64,
    a: f64,
    b: f64,
    t: f64,
    budget: &mut u64,
) -> Result<f64> {
    if t == 0.0 {
        return Ok(0.0);
    }
    let c = a + b - 1.0;
    if t <= 0.5 * alpha {
        // E = -Σ_{n≥1} (r)_n (a)_{n-1} / ((c+1)_{n-1} n!) w^n, w = -t/α.
        let w = -t / alpha;
        let mut term = r * w;
        let mut sum = term;
        let mut n = 1.0;
        while *budget > 0 {
            *budget -= 1;
            term *= (r + n) * (a + n - 1.0) / ((c + n) * (n + 1.0)) * w;
            sum += term;
            if term.abs() <= 1e-17 * sum.abs() {
                return Ok(-sum);
            }
            n += 1.0;
            crate::interrupts::tick();
        }
        return Err(too_slow());
    }
    // E = c (-L) φ((a-1)L) - (1-z)^{a-1} Σ_{n≥1} (c-r)_n (a)_{n-1} / ((c+1)_{n-1} n!) z^n
    // with L = ln(1 - z) and φ(u) = expm1(u)/u.
    let z = t / (alpha + t);
    let ln_one_minus_z = -(t / alpha).ln_1p();
    let u = (a - 1.0) * ln_one_minus_z;
    let phi = if u.abs() < 1e-9 {
        1.0 + 0.5 * u
    } else {
        u.exp_m1() / u
    };
    let closed = c * (-ln_one_minus_z) * phi;
    let mut term = (c - r) * z;
    let mut sum = term;
    let mut n = 1.0;
    let mut converged = term == 0.0;
    while *budget > 0 {
        if converged {
            break;
        }
        *budget -= 1;
        term *= (c - r + n) * (a + n - 1.0) / ((c + n) * (n + 1.0)) * z;
        sum += term;
        // The terms shrink monotonically once n passes the parameters.
        converged = term == 0.0
            || (term.abs() <= 1e-17 * sum.abs().max(1e-300) && n > r + a + c.abs() + 2.0);
        n += 1.0;
        crate::interrupts::tick();
    }
    if !converged {
        return Err(too_slow());
    }
    Ok(closed - u.exp() * sum)
}

fn too_slow() -> Error {
    Error::limit_exceeded(
        "the expected number of purchases over this horizon takes too many series terms: t is too long compared with alpha + age",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(got: f64, want: f64, relative: f64) {
        assert!(
            (got - want).abs() <= relative * want.abs(),
            "got {got:e}, want {want:e}, relative error {:e}",
            (got - want).abs() / want.abs()
        );
    }

    #[test]
    fn both_series_agree_where_they_meet() {
        for (r, alpha, a, b) in [
            (0.243, 4.414, 0.793, 2.426),
            (2.0, 10.0, 1.0 + 1e-12, 3.0),
            (0.5, 1.0, 3.0, 0.2),
        ] {
            let t = 0.5 * alpha;
            let pfaff = expected_alive(r, alpha, a, b, t).unwrap();
            let euler = expected_alive(r, alpha, a, b, t * (1.0 + 1e-12)).unwrap();
            close(euler, pfaff, 1e-10);
        }
    }
}
