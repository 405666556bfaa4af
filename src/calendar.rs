//! Calendar days as PostgreSQL counts them: days since 2000-01-01, with the
//! proleptic Gregorian calendar (the civil-from-days algorithm of
//! H. Hinnant), for the text forms that print and read dates.

use crate::error::{Error, Result};

/// Days from 1970-01-01 to 2000-01-01.
const POSTGRES_EPOCH: i64 = 10_957;

/// `YYYY-MM-DD` of a PostgreSQL day number.
pub fn format_day(day: i32) -> String {
    let z = day as i64 + POSTGRES_EPOCH + 719_468;
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
    let year = year_of_era + era * 400 + if month <= 2 { 1 } else { 0 };
    format!("{year:04}-{month:02}-{day_of_month:02}")
}

/// The PostgreSQL day number of `YYYY-MM-DD`.
pub fn parse_day(text: &str) -> Result<i32> {
    let bad = || Error::invalid_text(format!("\"{text}\" is not a date in YYYY-MM-DD form"));
    let mut parts = text.splitn(3, '-');
    let mut number = |max: i64| -> Result<i64> {
        let part = parts.next().ok_or_else(bad)?;
        let value: i64 = part.parse().map_err(|_| bad())?;
        if part.len() < 2 || value < 1 || value > max {
            Err(bad())
        } else {
            Ok(value)
        }
    };
    let (year, month, day) = (number(294_276)?, number(12)?, number(31)?);
    let shifted_year = if month <= 2 { year - 1 } else { year };
    let era = shifted_year.div_euclid(400);
    let year_of_era = shifted_year.rem_euclid(400);
    let day_of_year = (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    let days = era * 146_097 + day_of_era - 719_468 - POSTGRES_EPOCH;
    if format_day(days as i32) != format!("{year:04}-{month:02}-{day:02}") {
        return Err(bad());
    }
    Ok(days as i32)
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
