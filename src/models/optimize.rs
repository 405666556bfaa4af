//! Maximum likelihood by BFGS on log-parameters, with an analytic gradient,
//! a backtracking line search that treats a non-finite objective as "too
//! far", parameters that run off to 0 or infinity put on their bound, and
//! restarts from other points when a run does not converge.

/// What a minimization found.
#[derive(Debug, Clone, PartialEq)]
pub struct Minimum<const N: usize> {
    /// The point (log-parameters).
    pub theta: [f64; N],
    /// The objective there.
    pub value: f64,
    /// BFGS iterations, over every start.
    pub iterations: u32,
    /// Whether the gradient fell below the tolerance at a point inside the
    /// bounds.
    pub converged: bool,
    /// Whether a parameter ran off to its bound (see [`bfgs`]) and the
    /// gradient of the others fell below the tolerance there: the best
    /// point on that boundary, not converged.
    pub on_boundary: bool,
}

/// How long and how precisely to search.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Settings {
    /// BFGS iterations per start.
    pub max_iterations: u32,
    /// Largest gradient component (of the mean log-likelihood, per
    /// log-parameter) accepted as converged; up to 1000 times that where
    /// no step improves the log-likelihood in double precision any more.
    pub tolerance: f64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            max_iterations: 500,
            tolerance: 1e-9,
        }
    }
}

/// Steps without a measurable improvement after which the search stops.
const STALLS: u32 = 3;

/// Where no step improves the objective any more, a gradient up to this
/// many times the tolerance is accepted as converged.
pub const STALLED_FACTOR: f64 = 1000.0;

/// Log-parameters beyond this are a parameter running off to 0 or
/// infinity: the data do not determine it, and the fit is not converged.
pub const THETA_BOUND: f64 = 25.0;

/// A converged fit has every parameter between e^-14 and e^14 (about 1e-6
/// and 1.2e6, on the scaled data): beyond, the likelihood is flat in it
/// (a parameter the data cannot pin down) and the point is no estimate.
pub const ESTIMATE_BOUND: f64 = 14.0;

fn dot<const N: usize>(a: &[f64; N], b: &[f64; N]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// A log-parameter at least this far from 0 (a factor of about 3,000 from
/// the scaled data's unit) may be found to run off: see [`bfgs`].
pub const RUNOFF: f64 = 8.0;

/// The inverse Hessian guess `scale` · I over the free coordinates (0 on
/// the frozen ones, which then never move).
fn identity<const N: usize>(free: &[bool; N], scale: f64) -> [[f64; N]; N] {
    let mut inverse = [[0.0; N]; N];
    for (i, row) in inverse.iter_mut().enumerate() {
        if free[i] {
            row[i] = scale;
        }
    }
    inverse
}

/// One BFGS run from `start`.
///
/// A parameter the data do not determine runs off towards 0 or infinity:
/// the objective keeps falling, ever more slowly, along it, and its flat
/// direction spoils the curvature the search learns for the others (it
/// then crawls for hundreds of iterations). So a log-parameter that is at
/// least [`RUNOFF`] from 0, whose gradient is flat (within
/// [`STALLED_FACTOR`] times the tolerance) and points outwards, and whose
/// objective does not rise when it is put at the bound ([`THETA_BOUND`],
/// one extra evaluation), is put there and frozen: the search goes on over
/// the other parameters alone, towards the best point on that boundary.
/// A frozen parameter lies outside [`ESTIMATE_BOUND`], so such a run never
/// counts as converged.
fn bfgs<const N: usize>(
    objective: &mut impl FnMut(&[f64; N], &mut [f64; N]) -> f64,
    start: [f64; N],
    settings: Settings,
) -> Minimum<N> {
    let mut theta = start;
    let mut gradient = [0.0; N];
    let mut value = objective(&theta, &mut gradient);
    let mut free = [true; N];
    // Parameters frozen at their bound because they ran off.
    let mut ran_off = [false; N];
    // |θ_i| where the run-off test last failed: tried again 1 further out.
    let mut tried = [0.0f64; N];
    let mut inverse = identity(&free, 1.0);
    // Scale the next inverse Hessian guess from the curvature of the next
    // step (Nocedal and Wright 6.20): at the start and after a freeze.
    let mut rescale = true;
    let mut iterations = 0;
    // Consecutive steps that improved the objective by nothing measurable
    // in double precision (the objective is a sum over many customers; its
    // rounding sets a floor under the gradient the search can reach).
    let mut stalls = 0;
    let within = |gradient: &[f64; N], free: &[bool; N], value: f64, tolerance: f64| {
        value.is_finite()
            && gradient
                .iter()
                .zip(free)
                .all(|(g, free)| !free || (g.is_finite() && g.abs() <= tolerance))
    };
    let converged_at = |gradient: &[f64; N], free: &[bool; N], value: f64, stalls: u32| {
        within(gradient, free, value, settings.tolerance)
            || (stalls >= STALLS
                && within(gradient, free, value, STALLED_FACTOR * settings.tolerance))
    };
    while iterations < settings.max_iterations {
        if converged_at(&gradient, &free, value, stalls) || stalls >= STALLS {
            break;
        }
        if !value.is_finite() || theta.iter().any(|t| t.abs() > THETA_BOUND) {
            break;
        }
        iterations += 1;
        crate::interrupts::check();
        let mut direction = [0.0; N];
        for i in 0..N {
            direction[i] = -(0..N).map(|j| inverse[i][j] * gradient[j]).sum::<f64>();
        }
        let mut slope = dot(&direction, &gradient);
        if slope.is_nan() || slope >= 0.0 {
            // Not a descent direction: forget the curvature learned so far.
            inverse = identity(&free, 1.0);
            direction = std::array::from_fn(|i| if free[i] { -gradient[i] } else { 0.0 });
            slope = dot(&direction, &gradient);
        }
        // No step moves a log-parameter by more than 2 (a factor of e²).
        let longest = direction.iter().fold(0.0f64, |m, d| m.max(d.abs()));
        let mut step = if longest > 2.0 { 2.0 / longest } else { 1.0 };
        let mut next = theta;
        let mut next_gradient = [0.0; N];
        let mut next_value = f64::INFINITY;
        let mut accepted = false;
        for _ in 0..60 {
            for i in 0..N {
                next[i] = theta[i] + step * direction[i];
            }
            next_value = objective(&next, &mut next_gradient);
            if next_value.is_finite() && next_value <= value + 1e-4 * step * slope {
                accepted = true;
                break;
            }
            step *= 0.5;
        }
        if !accepted {
            // No decrease along the direction: at the minimum within
            // rounding, or stuck. The gradient test decides which.
            break;
        }
        let s: [f64; N] = std::array::from_fn(|i| next[i] - theta[i]);
        let y: [f64; N] = std::array::from_fn(|i| {
            if free[i] {
                next_gradient[i] - gradient[i]
            } else {
                0.0
            }
        });
        let sy = dot(&s, &y);
        if sy > 1e-14 * dot(&s, &s).sqrt() * dot(&y, &y).sqrt() && sy > 0.0 {
            if rescale {
                inverse = identity(&free, sy / dot(&y, &y));
                rescale = false;
            }
            let hy: [f64; N] = std::array::from_fn(|i| (0..N).map(|j| inverse[i][j] * y[j]).sum());
            let yhy = dot(&y, &hy);
            let rho = 1.0 / sy;
            for i in 0..N {
                for j in 0..N {
                    inverse[i][j] +=
                        rho * ((1.0 + rho * yhy) * s[i] * s[j] - hy[i] * s[j] - s[i] * hy[j]);
                }
            }
        }
        if value - next_value <= 1e-14 * value.abs().max(1e-300) {
            stalls += 1;
            // Start the curvature afresh once before giving up.
            inverse = identity(&free, 1.0);
        } else {
            stalls = 0;
        }
        theta = next;
        gradient = next_gradient;
        value = next_value;
        for i in 0..N {
            if !free[i]
                || theta[i].abs() < RUNOFF
                || gradient[i].abs() > STALLED_FACTOR * settings.tolerance
            {
                continue;
            }
            if ran_off.iter().any(|r| *r) {
                // Another parameter ran off to its bound, and this one is
                // flat there too: it no longer matters (in BG/NBD, with a
                // at 0 nobody drops out, and b no longer counts). It stays
                // where it is, and stops spoiling the others' curvature.
                free[i] = false;
                inverse = identity(&free, 1.0);
                rescale = true;
                continue;
            }
            if theta[i].abs() < tried[i] + 1.0 || gradient[i] * theta[i] > 0.0 {
                continue;
            }
            let mut bound = theta;
            bound[i] = THETA_BOUND.copysign(theta[i]);
            let mut bound_gradient = [0.0; N];
            let bound_value = objective(&bound, &mut bound_gradient);
            if bound_value.is_finite() && bound_value <= value {
                theta = bound;
                gradient = bound_gradient;
                value = bound_value;
                free[i] = false;
                ran_off[i] = true;
                inverse = identity(&free, 1.0);
                rescale = true;
                stalls = 0;
            } else {
                tried[i] = theta[i].abs();
            }
        }
    }
    let inside = theta.iter().all(|t| t.abs() <= ESTIMATE_BOUND);
    let settled = converged_at(&gradient, &free, value, stalls);
    Minimum {
        theta,
        value,
        iterations,
        converged: inside && settled,
        on_boundary: settled && ran_off.iter().any(|r| *r),
    }
}

/// Minimizes `objective` (which writes its gradient into the second
/// argument) from each of `starts` in turn, stopping at the first start
/// that converges or ends on a boundary (a parameter ran off and the
/// others converged there: that search did not fail, it found where the
/// objective keeps falling, and other starts would follow it there); the
/// best point found otherwise.
pub fn minimize<const N: usize>(
    mut objective: impl FnMut(&[f64; N], &mut [f64; N]) -> f64,
    starts: &[[f64; N]],
    settings: Settings,
) -> Minimum<N> {
    let mut best: Option<Minimum<N>> = None;
    let mut iterations = 0;
    for start in starts {
        let found = bfgs(&mut objective, *start, settings);
        iterations += found.iterations;
        let better = match &best {
            None => true,
            Some(best) => {
                (found.converged && !best.converged)
                    || (found.converged == best.converged && found.value < best.value)
                    || (!best.value.is_finite() && found.value.is_finite())
            }
        };
        if better {
            best = Some(found);
        }
        if best.as_ref().is_some_and(|b| b.converged || b.on_boundary) {
            break;
        }
    }
    let mut best = best.expect("at least one start");
    best.iterations = iterations;
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_minimum_of_rosenbrock() {
        let rosenbrock = |x: &[f64; 2], g: &mut [f64; 2]| {
            g[0] = -2.0 * (1.0 - x[0]) - 400.0 * x[0] * (x[1] - x[0] * x[0]);
            g[1] = 200.0 * (x[1] - x[0] * x[0]);
            (1.0 - x[0]).powi(2) + 100.0 * (x[1] - x[0] * x[0]).powi(2)
        };
        let found = minimize(rosenbrock, &[[-1.2, 1.0]], Settings::default());
        assert!(found.converged, "{found:?}");
        assert!((found.theta[0] - 1.0).abs() < 1e-6 && (found.theta[1] - 1.0).abs() < 1e-6);
    }

    #[test]
    fn a_parameter_that_runs_off_is_put_on_its_bound() {
        // e^y falls ever more slowly as y -> -infinity: no minimum in y,
        // while x has one at 1. The search puts y on its bound, fits x,
        // and says the point is on the boundary, not converged.
        let flat = |t: &[f64; 2], g: &mut [f64; 2]| {
            g[0] = 2.0 * (t[0] - 1.0);
            g[1] = t[1].exp();
            (t[0] - 1.0).powi(2) + t[1].exp()
        };
        let found = minimize(flat, &[[3.0, 0.0], [0.0, 1.0]], Settings::default());
        assert!(!found.converged && found.on_boundary, "{found:?}");
        assert_eq!(found.theta[1], -THETA_BOUND);
        assert!((found.theta[0] - 1.0).abs() < 1e-6, "{found:?}");
        // One start was enough, and it did not crawl.
        assert!(found.iterations < 40, "{found:?}");
    }

    #[test]
    fn a_minimum_far_out_is_not_mistaken_for_a_run_off() {
        // A true minimum at y = -9 (past RUNOFF): the bound is worse, so y
        // stays free and the search converges there (outside the estimate
        // bound it would not count as converged; this one is inside).
        let deep = |t: &[f64; 2], g: &mut [f64; 2]| {
            g[0] = 2.0 * (t[0] - 1.0);
            g[1] = 2.0 * (t[1] + 9.0);
            (t[0] - 1.0).powi(2) + (t[1] + 9.0).powi(2)
        };
        let found = minimize(deep, &[[0.0, -8.5]], Settings::default());
        assert!(found.converged && !found.on_boundary, "{found:?}");
        assert!((found.theta[1] + 9.0).abs() < 1e-6, "{found:?}");
    }

    #[test]
    fn a_runaway_parameter_is_not_converged() {
        // -x decreases forever: x runs past the bound.
        let runaway = |x: &[f64; 1], g: &mut [f64; 1]| {
            g[0] = -1.0;
            -x[0]
        };
        let found = minimize(runaway, &[[0.0], [1.0]], Settings::default());
        assert!(!found.converged);
    }
}
