//! Maximum likelihood by BFGS on log-parameters, with an analytic gradient,
//! a backtracking line search that treats a non-finite objective as "too
//! far", and restarts from other points when a run does not converge.

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

/// One BFGS run from `start`.
fn bfgs<const N: usize>(
    objective: &mut impl FnMut(&[f64; N], &mut [f64; N]) -> f64,
    start: [f64; N],
    settings: Settings,
) -> Minimum<N> {
    let mut theta = start;
    let mut gradient = [0.0; N];
    let mut value = objective(&theta, &mut gradient);
    let mut inverse = [[0.0; N]; N];
    for (i, row) in inverse.iter_mut().enumerate() {
        row[i] = 1.0;
    }
    let mut iterations = 0;
    // Consecutive steps that improved the objective by nothing measurable
    // in double precision (the objective is a sum over many customers; its
    // rounding sets a floor under the gradient the search can reach).
    let mut stalls = 0;
    let within = |gradient: &[f64; N], value: f64, tolerance: f64| {
        value.is_finite()
            && gradient
                .iter()
                .all(|g| g.is_finite() && g.abs() <= tolerance)
    };
    let converged_at = |gradient: &[f64; N], value: f64, stalls: u32| {
        within(gradient, value, settings.tolerance)
            || (stalls >= STALLS && within(gradient, value, STALLED_FACTOR * settings.tolerance))
    };
    while iterations < settings.max_iterations {
        if converged_at(&gradient, value, stalls) || stalls >= STALLS {
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
            for (i, row) in inverse.iter_mut().enumerate() {
                *row = [0.0; N];
                row[i] = 1.0;
            }
            direction = gradient.map(|g| -g);
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
        let y: [f64; N] = std::array::from_fn(|i| next_gradient[i] - gradient[i]);
        let sy = dot(&s, &y);
        if sy > 1e-14 * dot(&s, &s).sqrt() * dot(&y, &y).sqrt() && sy > 0.0 {
            if iterations == 1 {
                // Scale the first inverse Hessian guess (Nocedal and Wright 6.20).
                let scale = sy / dot(&y, &y);
                for (i, row) in inverse.iter_mut().enumerate() {
                    *row = [0.0; N];
                    row[i] = scale;
                }
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
            for (i, row) in inverse.iter_mut().enumerate() {
                *row = [0.0; N];
                row[i] = 1.0;
            }
        } else {
            stalls = 0;
        }
        theta = next;
        gradient = next_gradient;
        value = next_value;
    }
    let inside = theta.iter().all(|t| t.abs() <= ESTIMATE_BOUND);
    Minimum {
        theta,
        value,
        iterations,
        converged: inside && converged_at(&gradient, value, stalls),
    }
}

/// Minimizes `objective` (which writes its gradient into the second
/// argument) from each of `starts` in turn, stopping at the first start
/// that converges; the best point found otherwise.
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
        if best.as_ref().is_some_and(|b| b.converged) {
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
