//! Calendar days as PostgreSQL counts them: days since 2000-01-01, with the
//! proleptic Gregorian calendar (the civil-from-days algorithm of
//! H. Hinnant), for the text forms that print and read dates; and the local
//! day of an instant in a time zone, from the zone's UTC offset over the
//! span of time it holds for (`ZoneSpans`).

use crate::error::{Error, Result};

/// Days from 1970-01-01 to 2000-01-01.
const POSTGRES_EPOCH: i64 = 10_957;

/// `YYYY-MM-DD` of a PostgreSQL day number; years before 1 AD are written
/// astronomically (year 0 is 1 BC, then -0001, …).
pub fn format_day(day: i32) -> String {
    let (year, month, day_of_month) = civil_from_days(day as i64 + POSTGRES_EPOCH);
    let sign = if year < 0 { "-" } else { "" };
    format!("{sign}{:04}-{month:02}-{day_of_month:02}", year.abs())
}

fn civil_from_days(days_since_1970: i64) -> (i64, i64, i64) {
    let z = days_since_1970 + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day_of_month = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    };
    (
        year_of_era + era * 400 + if month <= 2 { 1 } else { 0 },
        month,
        day_of_month,
    )
}

fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let shifted_year = if month <= 2 { year - 1 } else { year };
    let era = shifted_year.div_euclid(400);
    let year_of_era = shifted_year.rem_euclid(400);
    let day_of_year = (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The PostgreSQL day number of `YYYY-MM-DD` (as `format_day` writes it).
pub fn parse_day(text: &str) -> Result<i32> {
    let bad = || Error::invalid_text(format!("\"{text}\" is not a date in YYYY-MM-DD form"));
    let (negative, unsigned) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let parts: Vec<&str> = unsigned.split('-').collect();
    let [year, month, day] = parts.as_slice() else {
        return Err(bad());
    };
    let number = |part: &str, width: usize| -> Result<i64> {
        if part.len() < width || !part.bytes().all(|b| b.is_ascii_digit()) || part.len() > 7 {
            return Err(bad());
        }
        part.parse().map_err(|_| bad())
    };
    let year = if negative {
        -number(year, 4)?
    } else {
        number(year, 4)?
    };
    let (month, day) = (number(month, 2)?, number(day, 2)?);
    let days = days_from_civil(year, month, day) - POSTGRES_EPOCH;
    let day_number = i32::try_from(days).map_err(|_| bad())?;
    if format_day(day_number) != text {
        return Err(bad());
    }
    Ok(day_number)
}

/// Microseconds in a day.
pub const DAY_MICROS: i64 = 86_400_000_000;

/// The local day (days since 2000-01-01) of the instant `micros`
/// (microseconds since 2000-01-01 UTC, as a timestamptz holds it) where
/// the clock is `offset` seconds east of UTC.
pub fn local_day(micros: i64, offset: i64) -> i32 {
    (micros + offset * 1_000_000).div_euclid(DAY_MICROS) as i32
}

/// A span of a time zone's history, `start <= instant < end`
/// (microseconds since 2000-01-01 UTC), over which its clock is `offset`
/// seconds east of UTC: between two of the zone's transitions (DST or a
/// change of standard time), so one addition and one division give an
/// instant's local day.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OffsetSpan {
    pub start: i64,
    pub end: i64,
    pub offset: i64,
}

impl OffsetSpan {
    pub fn day_of(&self, micros: i64) -> Option<i32> {
        (self.start <= micros && micros < self.end).then(|| local_day(micros, self.offset))
    }
}

/// The spans of one zone found so far, sorted and disjoint: a few per
/// year of data in a zone with DST (two transitions a year), so a scan of
/// rows in any order finds its instants' days here after the first rows,
/// without the time-zone code. The span hit last is tried first.
#[derive(Debug, Default)]
pub struct ZoneSpans {
    /// Which zone the spans are of (0: none yet); a change of zone drops them.
    zone: usize,
    spans: Vec<OffsetSpan>,
    last: usize,
}

/// Spans kept per zone: more than a century of twice-yearly transitions
/// never reaches it in one query's data, and past it the spans start over.
const MAX_SPANS: usize = 512;

impl ZoneSpans {
    pub const fn new() -> ZoneSpans {
        ZoneSpans {
            zone: 0,
            spans: Vec::new(),
            last: 0,
        }
    }

    /// The local day of `micros` in `zone`, when a known span holds it.
    #[inline]
    pub fn day_of(&mut self, zone: usize, micros: i64) -> Option<i32> {
        if zone != self.zone {
            return None;
        }
        if let Some(day) = self
            .spans
            .get(self.last)
            .and_then(|span| span.day_of(micros))
        {
            return Some(day);
        }
        let index = self.spans.partition_point(|span| span.end <= micros);
        let day = self.spans.get(index)?.day_of(micros)?;
        self.last = index;
        Some(day)
    }

    /// Adds a span of `zone`. Spans of one zone that overlap lie between
    /// the same two transitions, so they share their end and join.
    pub fn insert(&mut self, zone: usize, span: OffsetSpan) {
        if zone != self.zone || self.spans.len() >= MAX_SPANS {
            self.zone = zone;
            self.spans.clear();
            self.last = 0;
        }
        let index = self.spans.partition_point(|known| known.end < span.end);
        match self.spans.get_mut(index) {
            Some(known) if known.end == span.end && known.offset == span.offset => {
                known.start = known.start.min(span.start);
            }
            _ => {
                let overlaps =
                    |known: &OffsetSpan| known.start < span.end && span.start < known.end;
                if self.spans.iter().any(overlaps) {
                    // Not two spans between the same transitions: keep the
                    // spans known, which were checked when they came.
                    return;
                }
                self.spans.insert(index, span);
            }
        }
        self.last = index;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_match_postgres_numbering() {
        assert_eq!(format_day(0), "2000-01-01");
        assert_eq!(format_day(-1), "1999-12-31");
        assert_eq!(format_day(60), "2000-03-01");
        assert_eq!(parse_day("2026-11-25").unwrap(), 9825);
        assert_eq!(format_day(9825), "2026-11-25");
        for day in (-800_000..800_000).step_by(997) {
            assert_eq!(parse_day(&format_day(day)).unwrap(), day);
        }
    }

    #[test]
    fn rejects_impossible_dates() {
        for text in [
            "2026-02-30",
            "2026-13-01",
            "2026-1-01",
            "20261101",
            "x",
            "2025-02-29",
        ] {
            assert!(parse_day(text).is_err(), "{text}");
        }
        assert!(parse_day("2024-02-29").is_ok());
    }

    #[test]
    fn local_days_follow_the_offset() {
        // 2026-03-08 06:59:59 UTC is 01:59:59 in New York (UTC-5).
        let at = (9563 * DAY_MICROS) + 6 * 3_600_000_000 + 59 * 60_000_000 + 59_000_000;
        assert_eq!(local_day(at, -5 * 3600), 9563);
        assert_eq!(local_day(at, 0), 9563);
        assert_eq!(local_day(-1, 0), -1);
        assert_eq!(local_day(-1, 3600), 0);
        assert_eq!(local_day(0, -1), -1);
    }

    #[test]
    fn zone_spans_find_days_in_any_order_and_forget_another_zone() {
        let winter = OffsetSpan {
            start: 0,
            end: 100 * DAY_MICROS,
            offset: -5 * 3600,
        };
        let summer = OffsetSpan {
            start: 100 * DAY_MICROS,
            end: 300 * DAY_MICROS,
            offset: -4 * 3600,
        };
        let mut spans = ZoneSpans::new();
        assert_eq!(spans.day_of(7, 5 * DAY_MICROS), None);
        spans.insert(7, summer);
        spans.insert(7, winter);
        assert_eq!(
            spans.day_of(7, 150 * DAY_MICROS + 3 * 3_600_000_000),
            Some(149)
        );
        assert_eq!(spans.day_of(7, 5 * DAY_MICROS + 6 * 3_600_000_000), Some(5));
        assert_eq!(spans.day_of(7, 100 * DAY_MICROS - 1), Some(99));
        assert_eq!(spans.day_of(7, 300 * DAY_MICROS), None);
        assert_eq!(spans.day_of(7, -1), None);
        assert_eq!(spans.day_of(8, 5 * DAY_MICROS), None);
        // A later lookup that starts earlier in the same span widens it.
        spans.insert(
            7,
            OffsetSpan {
                start: -10 * DAY_MICROS,
                end: 100 * DAY_MICROS,
                offset: -5 * 3600,
            },
        );
        assert_eq!(spans.day_of(7, -DAY_MICROS), Some(-2));
        // A span that overlaps another without sharing its end is not kept.
        spans.insert(
            7,
            OffsetSpan {
                start: 250 * DAY_MICROS,
                end: 400 * DAY_MICROS,
                offset: 0,
            },
        );
        assert_eq!(spans.day_of(7, 350 * DAY_MICROS), None);
        spans.insert(8, winter);
        assert_eq!(spans.day_of(7, 5 * DAY_MICROS), None);
        assert_eq!(spans.day_of(8, 5 * DAY_MICROS + 6 * 3_600_000_000), Some(5));
    }
}
