//! Growth against a previous period and text bars for psql.

use crate::error::{Error, Result};

/// Widest text bar, in characters.
pub const MAX_BAR_WIDTH: i32 = 1000;

/// (current − previous) / |previous|; `None` when previous is 0 (no base to
/// grow from) or either value is not finite.
pub fn growth(current: f64, previous: f64) -> Option<f64> {
    if previous == 0.0 || !previous.is_finite() || !current.is_finite() {
        return None;
    }
    Some((current - previous) / previous.abs())
}

/// Eighths of a block, 1..=7.
const PARTIAL: [char; 7] = ['▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/// A bar of `width` characters for `share` (0..1): full blocks and one
/// partial block for the remainder, padded with spaces. Shares below 0 give
/// an empty bar, above 1 a full one.
pub fn bar(share: f64, width: i32) -> Result<String> {
    if share.is_nan() {
        return Err(Error::invalid_parameter("share must be a number, not NaN"));
    }
    if !(0..=MAX_BAR_WIDTH).contains(&width) {
        return Err(Error::invalid_parameter(format!(
            "width must lie between 0 and {MAX_BAR_WIDTH}, not {width}"
        )));
    }
    let width = width as usize;
    let eighths = (share.clamp(0.0, 1.0) * width as f64 * 8.0).round() as usize;
    let (full, rest) = (eighths / 8, eighths % 8);
    let mut out = String::with_capacity(width * 3);
    out.extend(std::iter::repeat_n('█', full));
    let mut used = full;
    if rest > 0 {
        out.push(PARTIAL[rest - 1]);
        used += 1;
    }
    out.extend(std::iter::repeat_n(' ', width - used));
    Ok(out)
}

/// `value` as a percentage with one decimal: 0.574 → "57.4%".
pub fn percent(value: f64) -> String {
    format!("{:.1}%", value * 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn growth_edge_cases() {
        assert_eq!(growth(110.0, 100.0), Some(0.1));
        assert_eq!(growth(50.0, -100.0), Some(1.5));
        assert_eq!(growth(-150.0, -100.0), Some(-0.5));
        assert_eq!(growth(0.0, 100.0), Some(-1.0));
        assert_eq!(growth(5.0, 0.0), None);
        assert_eq!(growth(5.0, f64::NAN), None);
        assert_eq!(growth(f64::INFINITY, 1.0), None);
    }

    #[test]
    fn bars() {
        assert_eq!(bar(0.5, 10).unwrap(), "█████     ");
        assert_eq!(bar(1.0, 4).unwrap(), "████");
        assert_eq!(bar(0.0, 3).unwrap(), "   ");
        // 0.33 · 10 = 3.3 blocks = 26.4 eighths → 26 = 3 full + 2/8.
        assert_eq!(bar(0.33, 10).unwrap(), "███▎      ");
        assert_eq!(bar(0.01, 10).unwrap(), "▏         ");
        assert_eq!(bar(-1.0, 2).unwrap(), "  ");
        assert_eq!(bar(7.0, 2).unwrap(), "██");
        assert_eq!(bar(0.5, 0).unwrap(), "");
        for share in [0.0, 0.07, 0.33, 0.5, 0.999, 1.0] {
            assert_eq!(bar(share, 20).unwrap().chars().count(), 20);
        }
        assert_eq!(
            bar(0.5, -1).unwrap_err().message,
            "width must lie between 0 and 1000, not -1"
        );
        assert!(bar(f64::NAN, 5).is_err());
    }
}
