//! Calendar days as PostgreSQL counts them: days since 2000-01-01, with the
//! proleptic Gregorian calendar (the civil-from-days algorithm of
//! H. Hinnant), for the text forms that print and read dates.

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
}
