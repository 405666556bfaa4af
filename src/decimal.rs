//! Exact decimal amounts: an i128 mantissa and a decimal scale, read
//! straight from PostgreSQL's numeric format, so that totals equal SQL
//! `sum(numeric)` to the last digit and the scale of the result matches
//! (the largest scale of the inputs, as PostgreSQL's numeric addition keeps).
//!
//! The limit is 38 significant digits counted at the scale of the value:
//! an i128 holds every mantissa below 10^38, so a total at scale 20 may
//! have 18 digits before the point, at scale 2 it may have 36. A float8
//! amount is read as PostgreSQL's `amount::numeric` cast reads it: the
//! nearest decimal with 15 significant digits (`Decimal::from_f64`).

use std::cmp::Ordering;
use std::fmt;

use crate::error::{Error, Result};

/// Largest scale we keep: 10^38 is the largest power of ten in an i128.
pub const MAX_SCALE: u16 = 38;

/// Significant digits every accumulator keeps exactly, at any scale.
pub const MAX_DIGITS: u32 = 38;

#[derive(Debug, Clone, Copy, Default)]
pub struct Decimal {
    mantissa: i128,
    scale: u16,
}

/// A sum that does not fit: the limit is 38 significant digits at the
/// scale the sum is kept at (the largest scale among its terms).
pub fn total_too_large(scale: u16) -> Error {
    Error::limit_exceeded(format!(
        "a total needs more than {MAX_DIGITS} significant digits at scale {scale}"
    ))
}

/// One amount that does not fit, whatever it is added to.
fn too_large() -> Error {
    Error::limit_exceeded(format!(
        "an amount needs more than {MAX_DIGITS} significant digits"
    ))
}

fn scale_too_large(scale: impl fmt::Display) -> Error {
    Error::limit_exceeded(format!(
        "an amount with {scale} decimal places needs more than the {MAX_SCALE} kept exactly"
    ))
}

/// 10^0 ..= 10^38: every power of ten an i128 holds.
const POW10: [i128; 39] = {
    let mut table = [1i128; 39];
    let mut index = 1;
    while index < 39 {
        table[index] = table[index - 1] * 10;
        index += 1;
    }
    table
};

fn pow10(exponent: u32) -> Result<i128> {
    POW10.get(exponent as usize).copied().ok_or_else(too_large)
}

/// `mantissa` at scale `from` brought to the larger scale `to`.
pub fn rescale(mantissa: i128, from: u16, to: u16) -> Result<i128> {
    debug_assert!(to >= from);
    POW10
        .get((to - from) as usize)
        .and_then(|factor| mantissa.checked_mul(*factor))
        .ok_or_else(|| total_too_large(to))
}

impl Decimal {
    pub const ZERO: Decimal = Decimal {
        mantissa: 0,
        scale: 0,
    };

    pub fn new(mantissa: i128, scale: u16) -> Result<Self> {
        if scale > MAX_SCALE {
            return Err(scale_too_large(scale));
        }
        Ok(Decimal { mantissa, scale })
    }

    pub fn from_i64(value: i64) -> Self {
        Decimal {
            mantissa: value as i128,
            scale: 0,
        }
    }

    pub fn scale(&self) -> u16 {
        self.scale
    }

    pub fn mantissa(&self) -> i128 {
        self.mantissa
    }

    pub fn is_negative(&self) -> bool {
        self.mantissa < 0
    }

    /// The same value at a larger scale.
    fn rescaled(&self, scale: u16) -> Result<i128> {
        rescale(self.mantissa, self.scale, scale)
    }

    pub fn checked_add(&self, other: &Decimal) -> Result<Decimal> {
        let scale = self.scale.max(other.scale);
        let sum = self
            .rescaled(scale)?
            .checked_add(other.rescaled(scale)?)
            .ok_or_else(|| total_too_large(scale))?;
        Ok(Decimal {
            mantissa: sum,
            scale,
        })
    }

    pub fn checked_sub(&self, other: &Decimal) -> Result<Decimal> {
        self.checked_add(&Decimal {
            mantissa: -other.mantissa,
            scale: other.scale,
        })
    }

    pub fn to_f64(&self) -> f64 {
        self.mantissa as f64 / 10f64.powi(self.scale as i32)
    }

    /// A float8 amount as PostgreSQL's `amount::numeric` cast reads it:
    /// the nearest decimal with 15 significant digits (DBL_DIG, C's
    /// `%.15g`), trailing zeros dropped. So 349.79999999999995 is 349.8,
    /// 0.1 + 0.2 is 0.3, 1e20 is 100000000000000000000 at scale 0 and
    /// 1.5e-7 is 0.00000015; totals of such amounts equal SQL
    /// `sum(amount::numeric)`.
    pub fn from_f64(value: f64) -> Result<Decimal> {
        if !value.is_finite() {
            return Err(Error::invalid_parameter(format!(
                "amount must be a finite number, not {}",
                crate::tiers::scale::number(value)
            )));
        }
        if value == 0.0 {
            return Ok(Decimal::ZERO);
        }
        // `{:.14e}` is correctly rounded (ties to even on the exact binary
        // value, as glibc's printf): "d.dddddddddddddde<exp>".
        let mut buffer = [0u8; 40];
        let text = {
            use std::io::Write;
            let mut cursor = std::io::Cursor::new(&mut buffer[..]);
            write!(cursor, "{:.14e}", value.abs()).expect("a float fits in 40 bytes");
            let end = cursor.position() as usize;
            std::str::from_utf8(&buffer[..end]).expect("ASCII")
        };
        let (digits, exponent) = text.split_once('e').expect("exponent form");
        let mut exponent: i32 = exponent.parse().expect("an integer exponent");
        let mut mantissa: i128 = 0;
        for byte in digits.bytes().filter(u8::is_ascii_digit) {
            mantissa = mantissa * 10 + (byte - b'0') as i128;
        }
        // 15 digits stand for mantissa * 10^(exponent - 14).
        exponent -= 14;
        while mantissa % 10 == 0 {
            mantissa /= 10;
            exponent += 1;
        }
        if value < 0.0 {
            mantissa = -mantissa;
        }
        if exponent >= 0 {
            let mantissa = pow10(exponent as u32)
                .ok()
                .and_then(|factor| mantissa.checked_mul(factor))
                .ok_or_else(too_large)?;
            Ok(Decimal { mantissa, scale: 0 })
        } else if -exponent > MAX_SCALE as i32 {
            Err(scale_too_large(-exponent))
        } else {
            Ok(Decimal {
                mantissa,
                scale: (-exponent) as u16,
            })
        }
    }

    /// Parses `-123.4500` style text (what `Display` writes).
    pub fn parse(text: &str) -> Result<Decimal> {
        let bad = || Error::invalid_text(format!("\"{text}\" is not a decimal number"));
        let (negative, digits) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
        if whole.is_empty()
            || !whole.bytes().all(|b| b.is_ascii_digit())
            || !fraction.bytes().all(|b| b.is_ascii_digit())
        {
            return Err(bad());
        }
        let scale = u16::try_from(fraction.len()).map_err(|_| scale_too_large(fraction.len()))?;
        let mut mantissa: i128 = 0;
        for byte in whole.bytes().chain(fraction.bytes()) {
            mantissa = mantissa
                .checked_mul(10)
                .and_then(|m| m.checked_add((byte - b'0') as i128))
                .ok_or_else(too_large)?;
        }
        Decimal::new(if negative { -mantissa } else { mantissa }, scale)
    }

    /// Reads PostgreSQL's numeric varlena payload (after the length word):
    /// a 16-bit header in short or long form, then base-10000 digits.
    pub fn from_numeric_bytes(bytes: &[u8]) -> Result<Decimal> {
        const SIGN_MASK: u16 = 0xC000;
        const NEGATIVE: u16 = 0x4000;
        const SHORT: u16 = 0x8000;
        const SPECIAL: u16 = 0xC000;
        let word = |at: usize| {
            bytes
                .get(at..at + 2)
                .map(|b| u16::from_ne_bytes([b[0], b[1]]))
        };
        let header = word(0).ok_or_else(|| Error::corrupted("numeric value is truncated"))?;
        let (negative, scale, weight, digits_at) = match header & SIGN_MASK {
            SPECIAL => {
                return Err(Error::invalid_parameter(
                    "amount must be a finite number, not NaN or Infinity",
                ));
            }
            SHORT => {
                let weight_bits = (header & 0x003F) as i16;
                let weight = if header & 0x0040 != 0 {
                    weight_bits | !0x003F
                } else {
                    weight_bits
                };
                (header & 0x2000 != 0, (header & 0x1F80) >> 7, weight, 2)
            }
            sign => {
                let weight =
                    word(2).ok_or_else(|| Error::corrupted("numeric value is truncated"))? as i16;
                (sign == NEGATIVE, header & 0x3FFF, weight, 4)
            }
        };
        if scale > MAX_SCALE {
            return Err(scale_too_large(scale));
        }
        let digits = &bytes[digits_at.min(bytes.len())..];
        let count = digits.len() / 2;
        let digit =
            |index: usize| i16::from_ne_bytes([digits[2 * index], digits[2 * index + 1]]) as i64;
        // The digits stand for digits * 10000^(weight - count + 1); bring
        // that to `scale` decimal places. Digits past the display scale are
        // zero, so dropping them (a negative exponent) is exact.
        let exponent = 4 * (weight as i32 - count as i32 + 1) + scale as i32;
        let mantissa = if count == 0 {
            0
        } else if count <= 4 && exponent > -4 {
            // Up to 16 decimal digits: i64 arithmetic, no 128-bit division.
            let mut small: i64 = 0;
            for index in 0..count {
                small = small * 10_000 + digit(index);
            }
            if exponent >= 0 {
                (small as i128)
                    .checked_mul(pow10(exponent as u32)?)
                    .ok_or_else(too_large)?
            } else {
                (small / POW10[(-exponent) as usize] as i64) as i128
            }
        } else {
            // Drop the digits past the scale before they are accumulated,
            // so a value of 38 digits never overflows on its padding.
            let drop = (-exponent).max(0) as usize;
            let kept = count.saturating_sub(drop / 4);
            let partial = (drop % 4) as u32;
            let mut wide: i128 = 0;
            for index in 0..kept {
                let (factor, value) = if index + 1 == kept && partial > 0 {
                    (
                        POW10[4 - partial as usize],
                        digit(index) / POW10[partial as usize] as i64,
                    )
                } else {
                    (10_000, digit(index))
                };
                wide = wide
                    .checked_mul(factor)
                    .and_then(|m| m.checked_add(value as i128))
                    .ok_or_else(too_large)?;
            }
            if exponent >= 0 {
                wide.checked_mul(pow10(exponent as u32)?)
                    .ok_or_else(too_large)?
            } else {
                wide
            }
        };
        Decimal::new(if negative { -mantissa } else { mantissa }, scale)
    }
}

impl Decimal {
    /// PostgreSQL's numeric payload (what follows the varlena length word)
    /// for this value, byte for byte as PostgreSQL's own `make_result`
    /// writes it: base-10000 digits without leading or trailing zero
    /// digits, the short header form (every value here has a scale of at
    /// most 38 and a weight of at most 10, so it always fits), zero as a
    /// positive number of weight 0 without digits. Faster than printing
    /// the value and parsing it back.
    pub fn to_numeric_bytes(&self) -> Vec<u8> {
        // Decimal digits of |mantissa|, lowest first.
        let mut decimal = [0u8; 40];
        let mut count = 0;
        let mut push_u64 = |mut value: u64, at_least: usize, count: &mut usize| {
            let start = *count;
            while value > 0 || *count - start < at_least {
                decimal[*count] = (value % 10) as u8;
                value /= 10;
                *count += 1;
            }
        };
        let magnitude = self.mantissa.unsigned_abs();
        if magnitude <= u64::MAX as u128 {
            push_u64(magnitude as u64, 0, &mut count);
        } else {
            const E19: u128 = 10_000_000_000_000_000_000;
            push_u64((magnitude % E19) as u64, 19, &mut count);
            let high = magnitude / E19;
            if high <= u64::MAX as u128 {
                push_u64(high as u64, 0, &mut count);
            } else {
                push_u64((high % E19) as u64, 19, &mut count);
                push_u64((high / E19) as u64, 0, &mut count);
            }
        }
        // Digit i has the exponent i - scale; base-10000 digit w holds the
        // exponents 4w ..= 4w + 3.
        let scale = self.scale as i32;
        let lowest = (-scale).div_euclid(4);
        let mut groups = [0i16; 12];
        for (index, digit) in decimal[..count].iter().enumerate() {
            let exponent = index as i32 - scale;
            let group = (exponent.div_euclid(4) - lowest) as usize;
            groups[group] += *digit as i16 * [1, 10, 100, 1000][exponent.rem_euclid(4) as usize];
        }
        let used = if count == 0 {
            0
        } else {
            ((count as i32 - 1 - scale).div_euclid(4) - lowest + 1) as usize
        };
        // Strip zero digits at both ends, as PostgreSQL does.
        let mut low = 0;
        let mut high = used;
        while high > low && groups[high - 1] == 0 {
            high -= 1;
        }
        while low < high && groups[low] == 0 {
            low += 1;
        }
        let (negative, weight) = if low == high {
            (false, 0)
        } else {
            (self.mantissa < 0, lowest + high as i32 - 1)
        };
        let mut header = 0x8000u16 | ((self.scale & 0x3F) << 7) | (weight as u16 & 0x003F);
        if negative {
            header |= 0x2000;
        }
        if weight < 0 {
            header |= 0x0040;
        }
        let mut bytes = Vec::with_capacity(2 + 2 * (high - low));
        bytes.extend_from_slice(&header.to_ne_bytes());
        for group in groups[low..high].iter().rev() {
            bytes.extend_from_slice(&group.to_ne_bytes());
        }
        bytes
    }
}

impl PartialEq for Decimal {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Decimal {}

impl PartialOrd for Decimal {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Decimal {
    /// By value (1.50 equals 1.5); values too large to align compare as f64.
    fn cmp(&self, other: &Self) -> Ordering {
        if self.scale == other.scale {
            return self.mantissa.cmp(&other.mantissa);
        }
        let scale = self.scale.max(other.scale);
        match (self.rescaled(scale), other.rescaled(scale)) {
            (Ok(a), Ok(b)) => a.cmp(&b),
            _ => self.to_f64().total_cmp(&other.to_f64()),
        }
    }
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let digits = self.mantissa.unsigned_abs().to_string();
        let scale = self.scale as usize;
        let padded = if digits.len() <= scale {
            format!("{}{digits}", "0".repeat(scale + 1 - digits.len()))
        } else {
            digits
        };
        let (whole, fraction) = padded.split_at(padded.len() - scale);
        let sign = if self.mantissa < 0 { "-" } else { "" };
        if scale == 0 {
            write!(f, "{sign}{whole}")
        } else {
            write!(f, "{sign}{whole}.{fraction}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn short(negative: bool, scale: u16, weight: i16, digits: &[i16]) -> Vec<u8> {
        let mut header = 0x8000u16 | (scale << 7) | (weight as u16 & 0x003F);
        if weight < 0 {
            header |= 0x0040;
        }
        if negative {
            header |= 0x2000;
        }
        let mut bytes = header.to_ne_bytes().to_vec();
        digits
            .iter()
            .for_each(|d| bytes.extend_from_slice(&d.to_ne_bytes()));
        bytes
    }

    fn long(sign: u16, scale: u16, weight: i16, digits: &[i16]) -> Vec<u8> {
        let mut bytes = (sign | scale).to_ne_bytes().to_vec();
        bytes.extend_from_slice(&weight.to_ne_bytes());
        digits
            .iter()
            .for_each(|d| bytes.extend_from_slice(&d.to_ne_bytes()));
        bytes
    }

    #[test]
    fn reads_numeric_in_both_forms() {
        let read = |bytes: Vec<u8>| Decimal::from_numeric_bytes(&bytes).unwrap().to_string();
        assert_eq!(read(short(false, 2, 0, &[1234, 5000])), "1234.50");
        assert_eq!(read(short(true, 2, 0, &[12, 3400])), "-12.34");
        assert_eq!(read(short(false, 2, -1, &[500])), "0.05");
        assert_eq!(read(short(false, 0, 1, &[1])), "10000");
        assert_eq!(read(short(false, 3, 0, &[])), "0.000");
        assert_eq!(read(long(0x4000, 1, 2, &[7, 0, 0, 1000])), "-700000000.1");
        assert!(Decimal::from_numeric_bytes(&0xC000u16.to_ne_bytes()).is_err());
        assert!(Decimal::from_numeric_bytes(&[1]).is_err());
    }

    #[test]
    fn writes_numeric_as_postgresql_does() {
        let write = |text: &str| Decimal::parse(text).unwrap().to_numeric_bytes();
        assert_eq!(write("1234.50"), short(false, 2, 0, &[1234, 5000]));
        assert_eq!(write("-12.34"), short(true, 2, 0, &[12, 3400]));
        assert_eq!(write("0.05"), short(false, 2, -1, &[500]));
        assert_eq!(write("10000"), short(false, 0, 1, &[1]));
        assert_eq!(write("0.000"), short(false, 3, 0, &[]));
        assert_eq!(write("-0.00"), short(false, 2, 0, &[]));
        assert_eq!(write("700000000.1"), short(false, 1, 2, &[7, 0, 0, 1000]));
        assert_eq!(write("1000.0000000000000000"), short(false, 16, 0, &[1000]));
        assert_eq!(write("0.00000000000000000001"), short(false, 20, -5, &[1]));
        // Every value reads back, 38 and 39 digits included.
        for text in [
            "0.33333333333333333333",
            "-999999999999999999.99999999999999999999",
            "99999999999999999999999999999999999999",
            "-9.9999999999999999999999999999999999999",
            "0.99999999999999999999999999999999999999",
            "999999999999999999999999999999999999.99",
            "123456789012345678901234567890.12",
            "0.00000000000000000000000000000000000001",
            "5",
            "-0.5",
            "100000000",
        ] {
            let value = Decimal::parse(text).unwrap();
            let bytes = value.to_numeric_bytes();
            let back = Decimal::from_numeric_bytes(&bytes)
                .unwrap_or_else(|e| panic!("{text}: {bytes:?} {}", e.message));
            assert_eq!(back.to_string(), text, "{text}");
        }
    }

    #[test]
    fn adds_exactly_and_keeps_the_largest_scale() {
        let a = Decimal::parse("0.10").unwrap();
        let b = Decimal::parse("0.2").unwrap();
        let sum = a.checked_add(&b).unwrap();
        assert_eq!(sum.to_string(), "0.30");
        assert_eq!(
            sum.checked_sub(&Decimal::parse("1").unwrap())
                .unwrap()
                .to_string(),
            "-0.70"
        );
        assert_eq!(
            Decimal::parse("1.50").unwrap(),
            Decimal::parse("1.5").unwrap()
        );
        assert!(Decimal::parse("-0.01").unwrap() < Decimal::ZERO);
    }

    #[test]
    fn text_round_trips_and_rejects_junk() {
        for text in ["0", "-0.001", "123456789012345678901234567890.12", "5.00"] {
            assert_eq!(Decimal::parse(text).unwrap().to_string(), text);
        }
        for text in ["", "-", ".5", "1e5", "1.2.3", "abc"] {
            assert!(Decimal::parse(text).is_err(), "{text}");
        }
        assert_eq!(Decimal::from_f64(12.34).unwrap().to_string(), "12.34");
        assert!(Decimal::from_f64(f64::NAN).is_err());
    }

    #[test]
    fn floats_read_as_postgresql_casts_them_to_numeric() {
        // (float8 text, PostgreSQL 15's float8::numeric) for each value.
        for (value, numeric) in [
            (349.79999999999995, "349.8"),
            (148423.75, "148423.75"),
            (1234567890123455.0, "1234567890123460"),
            (1234567890123465.0, "1234567890123460"),
            (123456789012345.5, "123456789012346"),
            (123456789012346.5, "123456789012346"),
            (12345678901234.25, "12345678901234.2"),
            (12345678901234.75, "12345678901234.8"),
            (0.30000000000000004, "0.3"),
            (1e20, "100000000000000000000"),
            (1.5e-7, "0.00000015"),
            (-2.5e-5, "-0.000025"),
            (9007199254740993.0, "9007199254740990"),
            (0.1, "0.1"),
            (100.0, "100"),
            (-0.0, "0"),
            (1e15, "1000000000000000"),
            (123456789.123456789, "123456789.123457"),
            (2.675, "2.675"),
            (1.005, "1.005"),
            (0.1 + 0.2 - 0.3, "0.0000000000000000555111512312578"),
        ] {
            assert_eq!(
                Decimal::from_f64(value).unwrap().to_string(),
                numeric,
                "{value:e}"
            );
        }
        // 5e-324 casts to 338 decimal places and 1.8e308 to 309 digits:
        // beyond what is kept exactly, and said so.
        for value in [5e-324, 1e-300, f64::MAX, 1e39] {
            let error = Decimal::from_f64(value).unwrap_err();
            assert_eq!(error.kind, crate::error::Kind::LimitExceeded, "{value:e}");
        }
        assert_eq!(
            Decimal::from_f64(1e-300).unwrap_err().message,
            "an amount with 300 decimal places needs more than the 38 kept exactly"
        );
        assert_eq!(
            Decimal::from_f64(1e38).unwrap().to_string(),
            format!("1{}", "0".repeat(38))
        );
    }

    #[test]
    fn the_limit_is_38_significant_digits_at_the_sum_s_scale() {
        // 1130::numeric / 1.13 has scale 16, 1::numeric / 3 scale 20.
        let a = Decimal::parse("1000.0000000000000000").unwrap();
        let third = Decimal::parse("0.33333333333333333333").unwrap();
        let mut sum = a;
        for _ in 0..1_000 {
            sum = sum.checked_add(&a).unwrap().checked_add(&third).unwrap();
        }
        assert_eq!(sum.to_string(), "1001333.33333333333333333000");
        // 18 digits before the point at scale 20: 38 in all.
        let big = Decimal::parse(&format!("{}.{}", "9".repeat(18), "9".repeat(20))).unwrap();
        assert_eq!(big.checked_add(&Decimal::ZERO).unwrap(), big);
        let error = big.checked_add(&big).unwrap_err();
        assert_eq!(
            error.message,
            "a total needs more than 38 significant digits at scale 20"
        );
        // Aligning a large integer to scale 20 is the same limit.
        let whole = Decimal::parse(&"9".repeat(20)).unwrap();
        assert_eq!(
            whole.checked_add(&third).unwrap_err().message,
            "a total needs more than 38 significant digits at scale 20"
        );
    }

    #[test]
    fn overflow_is_an_error_not_a_wrap() {
        let big = Decimal::parse(&"9".repeat(38)).unwrap();
        assert!(big.checked_add(&big).is_err());
        assert!(Decimal::parse(&"9".repeat(40)).is_err());
    }
}
