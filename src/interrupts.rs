//! Cancel requests inside long loops of the pure core (sorting and laying
//! out a million-node tree, checking a segment map): `tick()` is cheap and
//! every few thousand calls asks PostgreSQL whether statement_timeout or
//! pg_cancel_backend wants the query stopped. The core stays free of pgrx:
//! `_PG_init` installs the check; in unit tests nothing is installed.

use std::cell::Cell;
use std::sync::OnceLock;

static CHECK: OnceLock<fn()> = OnceLock::new();

/// Calls between two real checks: a check costs a memory read, a tick an
/// increment, so this keeps both invisible next to the work they guard.
const EVERY: u32 = 4096;

thread_local! {
    static TICKS: Cell<u32> = const { Cell::new(0) };
}

/// Installs the check (`pgrx::check_for_interrupts!` in the extension).
pub fn install(check: fn()) {
    let _ = CHECK.set(check);
}

/// Counts one step of a long loop; every `EVERY` steps, raises the pending
/// cancel as a PostgreSQL ERROR (unwinding through the core, which is
/// panic-safe: no state outlives the failed call).
#[inline]
pub fn tick() {
    let ticks = TICKS.with(|t| {
        let n = t.get().wrapping_add(1);
        t.set(n);
        n
    });
    if ticks.is_multiple_of(EVERY) {
        check();
    }
}

/// Checks now.
pub fn check() {
    if let Some(check) = CHECK.get() {
        check();
    }
}

/// `compare`, checking for interrupts every `EVERY` comparisons (a local
/// counter: no thread-local access per comparison). For the sorts and
/// selections of final functions over up to hundreds of millions of values.
#[inline]
pub fn ticking<T>(
    mut compare: impl FnMut(&T, &T) -> std::cmp::Ordering,
) -> impl FnMut(&T, &T) -> std::cmp::Ordering {
    let mut count = 0u32;
    move |a: &T, b: &T| {
        count = count.wrapping_add(1);
        if count.is_multiple_of(EVERY) {
            check();
        }
        compare(a, b)
    }
}

/// Iterates `items`, checking for interrupts every `EVERY` items (merging
/// shipped states, drawing thousands of SVG elements, summing huge arrays).
#[inline]
pub fn each<I: IntoIterator>(items: I) -> impl Iterator<Item = I::Item> {
    let mut count = 0u32;
    items.into_iter().inspect(move |_| {
        count = count.wrapping_add(1);
        if count.is_multiple_of(EVERY) {
            check();
        }
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn ticks_without_an_installed_check_do_nothing() {
        for _ in 0..3 * super::EVERY {
            super::tick();
        }
    }

    #[test]
    fn ticking_comparisons_sort_as_the_comparison_does() {
        let mut values: Vec<f64> = (0..20_000).map(|i| ((i * 7919) % 20_000) as f64).collect();
        values.sort_unstable_by(super::ticking(|a: &f64, b: &f64| b.total_cmp(a)));
        assert!(values.windows(2).all(|w| w[0] >= w[1]));
        assert_eq!(
            super::each(0..10_000).sum::<i32>(),
            (0..10_000).sum::<i32>()
        );
    }
}
