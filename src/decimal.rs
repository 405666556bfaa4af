//! Decimal amounts: an i128 mantissa and a decimal scale, read straight
//! from PostgreSQL's numeric format, so that totals equal SQL
//! `sum(numeric)` to the last digit and the scale of the result matches
//! (the largest scale of the inputs, as PostgreSQL's numeric addition keeps).
//!
//! Totals are exact while they fit in 38 significant digits at the scale
//! they are kept at (an i128 holds every mantissa below 10^38): at scale 2
//! a total may have 36 digits before the point, at scale 20 it may have 18.
//! Past that, where SQL's `sum()` still answers, nothing fails: the total
//! keeps its 38 leading significant digits and the decimals that do not
//! fit are rounded off (half to even), so the scale drops, below zero if
//! need be (1e300 is the mantissa 1 at scale -300). Such a total is within
//! one unit of its last kept digit of the exact sum; which digits are kept
//! can depend on the order the terms arrive, as with `sum(float8)`.
//!
//! A float8 amount is read as PostgreSQL's `amount::numeric` cast reads it:
//! the nearest decimal with 15 significant digits (`Decimal::from_f64`),
//! whatever its magnitude (subnormal values and 1e300 included).

use std::cmp::Ordering;
use std::fmt;

use crate::error::{Error, Result};

/// Largest scale kept: numeric's largest display scale.
pub const MAX_SCALE: i16 = 16383;
/// Smallest (negative) scale: values up to about 10^16421.
pub const MIN_SCALE: i16 = -16383;

/// Significant digits every accumulator keeps exactly, at any scale.
pub const MAX_DIGITS: u32 = 38;

#[derive(Debug, Clone, Copy, Default)]
pub struct Decimal {
    mantissa: i128,
    scale: i16,
}

/// `value as f64` (the nearest float), by one instruction when the value
/// fits in an i64, as amounts do: i128 conversions are library calls on
/// x86-64. Both round the same exact integer to nearest, ties to even.
#[inline]
pub fn i128_to_f64(value: i128) -> f64 {
    // The wide case out of line: inline, the compiler sees both branches
    // give the same value and keeps only the library call.
    #[cold]
    #[inline(never)]
    fn wide(value: i128) -> f64 {
        value as f64
    }
    match i64::try_from(value) {
        Ok(small) => small as f64,
        Err(_) => wide(value),
    }
}

/// A sum beyond every scale kept (about 10^16421): an error 54000.
pub fn total_too_large(_scale: i16) -> Error {
    Error::limit_exceeded("a total is larger than 10^16400")
}

fn scale_out_of_range(scale: impl fmt::Display) -> Error {
    Error::limit_exceeded(format!(
        "an amount at scale {scale} is beyond the scales kept ({MIN_SCALE} to {MAX_SCALE})"
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

/// `mantissa` at scale `from` brought to the larger scale `to`, exactly;
/// an error when it needs more than 128 bits.
pub fn rescale(mantissa: i128, from: i16, to: i16) -> Result<i128> {
    debug_assert!(to >= from);
    if mantissa == 0 {
        return Ok(0);
    }
    POW10
        .get((to as i32 - from as i32) as usize)
        .and_then(|factor| mantissa.checked_mul(*factor))
        .ok_or_else(|| total_too_large(to))
}

/// `mantissa` at scale `from` rounded (half to even) to the smaller scale `to`.
pub fn round_down(mantissa: i128, from: i16, to: i16) -> i128 {
    debug_assert!(to <= from);
    let drop = (from as i32 - to as i32) as usize;
    if drop == 0 {
        return mantissa;
    }
    // |mantissa| < 1.8 * 10^38: divided by 10^39 or more it rounds to 0.
    let Some(divisor) = POW10.get(drop) else {
        return 0;
    };
    let quotient = mantissa / divisor;
    let remainder = (mantissa % divisor).abs();
    let half = divisor / 2;
    let up = remainder > half || (remainder == half && quotient % 2 != 0);
    if !up {
        quotient
    } else if mantissa < 0 {
        quotient - 1
    } else {
        quotient + 1
    }
}

/// `mantissa` at scale `from` at scale `to`: exact when `to` is larger
/// (the caller knows it fits), rounded when smaller.
pub fn at_scale(mantissa: i128, from: i16, to: i16) -> Result<i128> {
    if to >= from {
        rescale(mantissa, from, to)
    } else {
        Ok(round_down(mantissa, from, to))
    }
}

/// Decimal digits of |mantissa| (0 for 0).
pub fn digits(mantissa: i128) -> i32 {
    digits_of_magnitude(mantissa.unsigned_abs())
}

/// `digits` of a value's magnitude (`unsigned_abs`): the most digits of
/// many values is that of their largest magnitude, found by comparisons
/// alone (a logarithm of an i128 is a loop of wide divisions).
pub fn digits_of_magnitude(magnitude: u128) -> i32 {
    magnitude.checked_ilog10().map_or(0, |log| log as i32 + 1)
}

/// The power of ten above the value: |mantissa * 10^-scale| < 10^lead;
/// `i32::MIN` for zero.
pub fn lead(mantissa: i128, scale: i16) -> i32 {
    lead_of_magnitude(mantissa.unsigned_abs(), scale)
}

/// `lead` of a value's magnitude (`unsigned_abs`); the lead of many values
/// is that of their largest magnitude (see `digits_of_magnitude`).
pub fn lead_of_magnitude(magnitude: u128, scale: i16) -> i32 {
    if magnitude == 0 {
        i32::MIN
    } else {
        digits_of_magnitude(magnitude) - scale as i32
    }
}

/// The largest scale, at most `wanted`, at which values below 10^lead and
/// a sum of two of them fit in 38 digits.
pub fn room(lead: i32, wanted: i16) -> Result<i16> {
    if lead == i32::MIN {
        return Ok(wanted);
    }
    let scale = (MAX_DIGITS as i32 - 1 - lead).min(wanted as i32);
    if scale < MIN_SCALE as i32 {
        return Err(total_too_large(MIN_SCALE));
    }
    Ok(scale as i16)
}

impl Decimal {
    pub const ZERO: Decimal = Decimal {
        mantissa: 0,
        scale: 0,
    };

    pub fn new(mantissa: i128, scale: i16) -> Result<Self> {
        if !(MIN_SCALE..=MAX_SCALE).contains(&scale) {
            return Err(scale_out_of_range(scale));
        }
        Ok(Decimal { mantissa, scale })
    }

    pub fn from_i64(value: i64) -> Self {
        Decimal {
            mantissa: value as i128,
            scale: 0,
        }
    }

    pub fn scale(&self) -> i16 {
        self.scale
    }

    pub fn mantissa(&self) -> i128 {
        self.mantissa
    }

    pub fn is_negative(&self) -> bool {
        self.mantissa < 0
    }

    /// |self| < 10^lead.
    pub fn lead(&self) -> i32 {
        lead(self.mantissa, self.scale)
    }

    /// The same value at scale `scale`: exact when larger and it fits,
    /// rounded half to even when smaller.
    pub fn at(&self, scale: i16) -> Result<i128> {
        at_scale(self.mantissa, self.scale, scale)
    }

    /// The sum: exact at the larger scale while it fits in 38 significant
    /// digits, else rounded to 38 (see the module's comment). An error only
    /// past every scale kept.
    pub fn checked_add(&self, other: &Decimal) -> Result<Decimal> {
        let scale = self.scale.max(other.scale);
        if let (Ok(a), Ok(b)) = (
            rescale(self.mantissa, self.scale, scale),
            rescale(other.mantissa, other.scale, scale),
        ) {
            if let Some(sum) = a.checked_add(b) {
                return Ok(Decimal {
                    mantissa: sum,
                    scale,
                });
            }
        }
        let scale = room(self.lead().max(other.lead()), scale)?;
        Ok(Decimal {
            mantissa: self.at(scale)? + other.at(scale)?,
            scale,
        })
    }

    pub fn checked_sub(&self, other: &Decimal) -> Result<Decimal> {
        self.checked_add(&Decimal {
            mantissa: -other.mantissa,
            scale: other.scale,
        })
    }

    /// The nearest float (correctly rounded, ties to even), as
    /// PostgreSQL's `numeric::float8` reads the same decimal; infinite
    /// beyond the float range and 0 below it (`to_float8` refuses those as
    /// PostgreSQL does).
    pub fn to_f64(&self) -> f64 {
        // A mantissa of at most 53 bits and a power of ten up to 10^22 are
        // both exact in a float, so their quotient is rounded once.
        if (0..=22).contains(&self.scale) && self.mantissa.unsigned_abs() <= 1 << 53 {
            self.mantissa as f64 / 10f64.powi(self.scale as i32)
        } else {
            // Rust's float parsing is correctly rounded.
            format!("{}e{}", self.mantissa, -(self.scale as i32))
                .parse()
                .unwrap_or(0.0)
        }
    }

    /// The value as PostgreSQL's `numeric::float8` gives it, errors
    /// included: the nearest float, and 22003 when the decimal lies beyond
    /// the float range or is not 0 but rounds to 0, with PostgreSQL's
    /// message. A jsonb number is read so (`classify`'s metrics).
    pub fn to_float8(&self) -> Result<f64> {
        let value = self.to_f64();
        if value.is_infinite() || (value == 0.0 && self.mantissa != 0) {
            return Err(Error::out_of_range(format!(
                "\"{self}\" is out of range for type double precision"
            )));
        }
        // numeric has no negative zero.
        Ok(if value == 0.0 { 0.0 } else { value })
    }

    /// A float8 amount as PostgreSQL's `amount::numeric` cast reads it:
    /// the nearest decimal with 15 significant digits (DBL_DIG, C's
    /// `%.15g`), trailing zeros dropped. So 349.79999999999995 is 349.8,
    /// 0.1 + 0.2 is 0.3, 1e20 is 100000000000000000000 at scale 0, 1.5e-7
    /// is 0.00000015, 1e300 the mantissa 1 at scale -300 and 5e-324 the
    /// 15 digits of 4.94065645841247e-324 at scale 338; totals of such
    /// amounts equal SQL `sum(amount::numeric)` while they fit in 38
    /// significant digits.
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
            // Whole numbers at scale 0 while they fit, as the cast shows them.
            if let Some(whole) = POW10
                .get(exponent as usize)
                .and_then(|factor| mantissa.checked_mul(*factor))
            {
                return Ok(Decimal {
                    mantissa: whole,
                    scale: 0,
                });
            }
        }
        Decimal::new(mantissa, (-exponent) as i16)
    }

    /// `digits` (ASCII, most significant first) at scale `scale`, rounded
    /// half to even to 38 significant digits when longer.
    fn from_digits(negative: bool, digits: &[u8], scale: i32) -> Result<Decimal> {
        let start = digits
            .iter()
            .position(|d| *d != b'0')
            .unwrap_or(digits.len());
        let digits = &digits[start..];
        let keep = digits.len().min(MAX_DIGITS as usize);
        let mut mantissa: i128 = 0;
        for byte in &digits[..keep] {
            mantissa = mantissa * 10 + (byte - b'0') as i128;
        }
        let dropped = &digits[keep..];
        if let Some((first, rest)) = dropped.split_first() {
            let up = *first > b'5'
                || (*first == b'5' && (rest.iter().any(|d| *d != b'0') || mantissa % 2 != 0));
            mantissa += up as i128;
        }
        let scale = scale - dropped.len() as i32;
        if scale > MAX_SCALE as i32 || scale < MIN_SCALE as i32 {
            return Err(scale_out_of_range(scale));
        }
        Decimal::new(if negative { -mantissa } else { mantissa }, scale as i16)
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
        if fraction.len() > MAX_SCALE as usize || whole.len() > 20_000 {
            return Err(scale_out_of_range(format!("{}", fraction.len())));
        }
        let all: Vec<u8> = whole.bytes().chain(fraction.bytes()).collect();
        Decimal::from_digits(negative, &all, fraction.len() as i32)
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
        let digits = &bytes[digits_at.min(bytes.len())..];
        let count = digits.len() / 2;
        let digit =
            |index: usize| i16::from_ne_bytes([digits[2 * index], digits[2 * index + 1]]) as i64;
        // The digits stand for digits * 10000^(weight - count + 1); bring
        // that to `scale` decimal places. Digits past the display scale are
        // zero, so dropping them (a negative exponent) is exact.
        let exponent = 4 * (weight as i32 - count as i32 + 1) + scale as i32;
        let exact = if count == 0 {
            Some(0)
        } else if count <= 4 && exponent > -4 {
            // Up to 16 decimal digits: i64 arithmetic, no 128-bit division.
            let mut small: i64 = 0;
            for index in 0..count {
                small = small * 10_000 + digit(index);
            }
            if exponent >= 0 {
                POW10
                    .get(exponent as usize)
                    .and_then(|factor| (small as i128).checked_mul(*factor))
            } else {
                Some((small / POW10[(-exponent) as usize] as i64) as i128)
            }
        } else {
            // Drop the digits past the scale before they are accumulated,
            // so a value of 38 digits never overflows on its padding.
            let drop = (-exponent).max(0) as usize;
            let kept = count.saturating_sub(drop / 4);
            let partial = (drop % 4) as u32;
            let mut wide: Option<i128> = Some(0);
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
                    .and_then(|w| w.checked_mul(factor))
                    .and_then(|m| m.checked_add(value as i128));
            }
            if exponent >= 0 {
                wide.and_then(|w| POW10.get(exponent as usize).and_then(|f| w.checked_mul(*f)))
            } else {
                wide
            }
        };
        if let (Some(mantissa), true) = (exact, scale <= MAX_SCALE as u16) {
            return Decimal::new(if negative { -mantissa } else { mantissa }, scale as i16);
        }
        // More than 38 digits: every decimal digit at the display scale,
        // then rounded to 38 significant digits.
        let mut text = Vec::with_capacity(4 * count + 4);
        for index in 0..count {
            let group = digit(index);
            if !(0..10_000).contains(&group) {
                return Err(Error::corrupted("numeric digit out of range"));
            }
            text.extend_from_slice(format!("{group:04}").as_bytes());
        }
        if exponent >= 0 {
            if exponent > 140_000 {
                return Err(scale_out_of_range(-exponent));
            }
            text.extend(std::iter::repeat_n(b'0', exponent as usize));
        } else {
            let drop = ((-exponent) as usize).min(text.len());
            text.truncate(text.len() - drop);
        }
        Decimal::from_digits(negative, &text, scale as i32)
    }
}

impl Decimal {
    /// PostgreSQL's numeric payload (what follows the varlena length word)
    /// for this value, byte for byte as PostgreSQL's own `make_result`
    /// writes it: base-10000 digits without leading or trailing zero
    /// digits, the short header form when the scale and weight allow it
    /// (else the long form), zero as a positive number of weight 0 without
    /// digits, a negative scale as display scale 0. Faster than printing
    /// the value and parsing it back.
    pub fn to_numeric_bytes(&self) -> Vec<u8> {
        self.numeric_payload().as_bytes().to_vec()
    }

    /// `to_numeric_bytes` without allocating (an accessor returns one per
    /// row).
    pub fn numeric_payload(&self) -> NumericPayload {
        match self.short_numeric_payload() {
            Some(payload) => payload,
            None => self.numeric_payload_by_groups(),
        }
    }

    /// `numeric_payload` of a value of up to 16 digits at a scale of 0 to
    /// 63 (every amount a ledger holds), `None` for others. Its bytes are
    /// assembled in one register and stored at once: written two bytes at a
    /// time, the copy into the datum that follows would read them back
    /// before those narrow stores reach the cache, and each such read
    /// waits for them (perf showed two such stalls per row).
    fn short_numeric_payload(&self) -> Option<NumericPayload> {
        if cfg!(target_endian = "big") || !(0..=63).contains(&self.scale) {
            return None;
        }
        let scale = self.scale as i32;
        let (mut rest, lowest) = self.padded_magnitude()?;
        // At most 19 decimal digits once padded: five base-10000 digits.
        let mut groups = [0u16; 5];
        let mut used = 0;
        while rest > 0 {
            groups[used] = (rest % 10_000) as u16;
            rest /= 10_000;
            used += 1;
        }
        let low = groups[..used].iter().take_while(|&&g| g == 0).count();
        let (negative, weight) = if used == 0 {
            (false, 0)
        } else {
            (self.mantissa < 0, lowest + used as i32 - 1)
        };
        // The short header form: dscale <= 63 and weight within -17..=3.
        let mut header = 0x8000u16 | ((scale as u16 & 0x3F) << 7) | (weight as u16 & 0x003F);
        if negative {
            header |= 0x2000;
        }
        if weight < 0 {
            header |= 0x0040;
        }
        let mut packed = header as u128;
        for (position, group) in groups[low..used].iter().rev().enumerate() {
            packed |= (*group as u128) << (16 * (position + 1));
        }
        let mut payload = NumericPayload {
            bytes: [0; NUMERIC_PAYLOAD_MAX],
            len: 2 + 2 * (used - low),
        };
        payload.bytes[..16].copy_from_slice(&packed.to_le_bytes());
        Some(payload)
    }

    /// `numeric_payload` for any value.
    fn numeric_payload_by_groups(&self) -> NumericPayload {
        let (groups, used, lowest) = self.base_10000_digits();
        let dscale = (self.scale as i32).max(0) as u16;
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
        let mut payload = NumericPayload {
            bytes: [0; NUMERIC_PAYLOAD_MAX],
            len: 0,
        };
        if dscale <= 63 && (-64..=63).contains(&weight) {
            let mut header = 0x8000u16 | ((dscale & 0x3F) << 7) | (weight as u16 & 0x003F);
            if negative {
                header |= 0x2000;
            }
            if weight < 0 {
                header |= 0x0040;
            }
            payload.push(&header.to_ne_bytes());
        } else {
            let header = if negative { 0x4000u16 } else { 0 } | (dscale & 0x3FFF);
            payload.push(&header.to_ne_bytes());
            payload.push(&(weight as i16).to_ne_bytes());
        }
        for group in groups[low..high].iter().rev() {
            payload.push(&group.to_ne_bytes());
        }
        payload
    }

    /// The base-10000 digits of |mantissa|, lowest first, how many, and the
    /// weight of the lowest: digit `w` holds the decimal exponents
    /// `4 (lowest + w) ..= 4 (lowest + w) + 3`.
    fn base_10000_digits(&self) -> ([i16; 12], usize, i32) {
        let mut groups = [0i16; 12];
        if let Some((mut rest, lowest)) = self.padded_magnitude() {
            let mut used = 0;
            while rest > 0 {
                groups[used] = (rest % 10_000) as i16;
                rest /= 10_000;
                used += 1;
            }
            return (groups, used, lowest);
        }
        self.base_10000_digits_one_by_one()
    }

    /// For a mantissa of up to 16 digits (every amount a ledger holds):
    /// |mantissa| moved to a whole number of base-10000 digits (times
    /// 10^0..=3, so at most 19 decimal digits), and the weight of its
    /// lowest digit; `None` for wider mantissas.
    fn padded_magnitude(&self) -> Option<(u64, i32)> {
        let magnitude = self.mantissa.unsigned_abs();
        if magnitude > (u64::MAX / 1000) as u128 {
            return None;
        }
        let scale = self.scale as i32;
        let lowest = (-scale).div_euclid(4);
        Some((
            magnitude as u64 * 10u64.pow((-4 * lowest - scale) as u32),
            lowest,
        ))
    }

    /// `base_10000_digits` for any mantissa, one decimal digit at a time.
    fn base_10000_digits_one_by_one(&self) -> ([i16; 12], usize, i32) {
        let scale = self.scale as i32;
        let lowest = (-scale).div_euclid(4);
        let magnitude = self.mantissa.unsigned_abs();
        let mut groups = [0i16; 12];
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
        const E19: u128 = 10_000_000_000_000_000_000;
        push_u64((magnitude % E19) as u64, 19, &mut count);
        let high = magnitude / E19;
        if high <= u64::MAX as u128 {
            push_u64(high as u64, 0, &mut count);
        } else {
            push_u64((high % E19) as u64, 19, &mut count);
            push_u64((high / E19) as u64, 0, &mut count);
        }
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
        (groups, used, lowest)
    }
}

/// The longest numeric payload a `Decimal` makes: the long header (4
/// bytes) and 12 base-10000 digits (38 decimal digits at any alignment).
const NUMERIC_PAYLOAD_MAX: usize = 4 + 2 * 12;

/// A numeric payload built on the stack (`Decimal::numeric_payload`).
pub struct NumericPayload {
    bytes: [u8; NUMERIC_PAYLOAD_MAX],
    len: usize,
}

impl NumericPayload {
    fn push(&mut self, bytes: &[u8]) {
        self.bytes[self.len..self.len + bytes.len()].copy_from_slice(bytes);
        self.len += bytes.len();
    }

    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes[..self.len]
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
    /// By value (1.50 equals 1.5), at any scales.
    fn cmp(&self, other: &Self) -> Ordering {
        if self.scale == other.scale {
            return self.mantissa.cmp(&other.mantissa);
        }
        let sign = |m: i128| m.signum();
        match sign(self.mantissa).cmp(&sign(other.mantissa)) {
            Ordering::Equal if self.mantissa != 0 => {}
            order => return order,
        }
        // Same sign, both non-zero: the larger power of ten is the larger
        // magnitude; equal ones align within 39 digits.
        let magnitude = match self.lead().cmp(&other.lead()) {
            Ordering::Equal => {
                let scale = self.scale.max(other.scale);
                match (
                    rescale(self.mantissa.abs(), self.scale, scale),
                    rescale(other.mantissa.abs(), other.scale, scale),
                ) {
                    (Ok(a), Ok(b)) => a.cmp(&b),
                    _ => self.to_f64().abs().total_cmp(&other.to_f64().abs()),
                }
            }
            order => order,
        };
        if self.mantissa < 0 {
            magnitude.reverse()
        } else {
            magnitude
        }
    }
}

impl Decimal {
    /// Appends the decimal's text (what `Display` writes) to `out`, built
    /// in place: a total at scale 16383 is 16,385 characters, and a class
    /// tree can hold thousands of them.
    pub fn write_text(&self, out: &mut String) {
        let digits = self.mantissa.unsigned_abs().to_string();
        if self.mantissa < 0 {
            out.push('-');
        }
        if self.scale <= 0 {
            out.push_str(&digits);
            if self.mantissa != 0 {
                push_zeros(out, (-(self.scale as i32)) as usize);
            }
            return;
        }
        let scale = self.scale as usize;
        if digits.len() <= scale {
            out.push_str("0.");
            push_zeros(out, scale - digits.len());
            out.push_str(&digits);
        } else {
            let (whole, fraction) = digits.split_at(digits.len() - scale);
            out.push_str(whole);
            out.push('.');
            out.push_str(fraction);
        }
    }

    /// Characters of the text form, for sizing a buffer before writing it.
    pub fn text_len(&self) -> usize {
        let digits = self
            .mantissa
            .unsigned_abs()
            .checked_ilog10()
            .map_or(1, |d| d as usize + 1);
        let sign = usize::from(self.mantissa < 0);
        match self.scale {
            scale if scale <= 0 && self.mantissa != 0 => sign + digits + (-(scale as i32)) as usize,
            scale if scale <= 0 => sign + digits,
            scale => sign + (scale as usize + 1).max(digits) + 1,
        }
    }
}

/// Appends `count` zeros, a chunk at a time.
fn push_zeros(out: &mut String, mut count: usize) {
    const ZEROS: &str = "0000000000000000000000000000000000000000000000000000000000000000";
    out.reserve(count);
    while count > 0 {
        let chunk = count.min(ZEROS.len());
        out.push_str(&ZEROS[..chunk]);
        count -= chunk;
    }
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut text = String::with_capacity(self.text_len());
        self.write_text(&mut text);
        f.write_str(&text)
    }
}

/// A decimal serialized as a JSON string of its text form, written when
/// serialized (no string of it kept beforehand).
pub struct DecimalText(pub Decimal);

impl serde::Serialize for DecimalText {
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        let mut text = String::with_capacity(self.0.text_len());
        self.0.write_text(&mut text);
        serializer.serialize_str(&text)
    }
}

// ---- as SQL numeric ------------------------------------------------------------

/// The decimal as a SQL numeric result, its datum written straight from
/// the digits (`to_numeric_bytes`, as PostgreSQL writes it) without
/// printing and parsing the value.
pub fn numeric_datum(value: Decimal) -> crate::stored::Encoded<pgrx::AnyNumeric> {
    crate::stored::Encoded::new(value.to_numeric_bytes())
}

/// The decimal as pgrx's numeric, for arithmetic in SQL's numeric and for
/// the rows of set-returning functions; the same bytes as `numeric_datum`.
pub fn numeric(value: Decimal) -> pgrx::AnyNumeric {
    let datum = crate::fcinfo::varlena_datum(value.numeric_payload().as_bytes());
    // SAFETY: the datum is a numeric varlena, just made.
    unsafe { <pgrx::AnyNumeric as pgrx::datum::FromDatum>::from_datum(datum, false) }
        .expect("a numeric datum")
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The whole-group division of small mantissas gives the digits the
    /// general path gives, at every alignment of the scale.
    /// A seeded xorshift64 sequence: the same numbers on every run.
    pub(crate) fn xorshift(mut seed: u64) -> impl FnMut() -> u64 {
        move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        }
    }

    #[test]
    fn base_10000_digits_by_groups_equal_one_by_one() {
        let strip = |(groups, used, lowest): ([i16; 12], usize, i32)| {
            let digits = &groups[..used];
            let low = digits.iter().take_while(|&&g| g == 0).count();
            let high = used - digits.iter().rev().take_while(|&&g| g == 0).count();
            (digits[low.min(high)..high].to_vec(), lowest + low as i32)
        };
        let mut next = xorshift(0x2545_F491_4F6C_DD1Du64);
        for round in 0..200_000u64 {
            let mantissa = match round % 4 {
                0 => (next() % 1_000) as i128,
                1 => (next() % 100_000_000) as i128 - 50_000_000,
                2 => (next() >> (next() % 64)) as i128,
                _ => (u64::MAX / 1000) as i128 - (next() % 3) as i128,
            };
            let scale = (next() % 40) as i16 - 12;
            let value = Decimal { mantissa, scale };
            let (fast, slow) = (
                value.base_10000_digits(),
                value.base_10000_digits_one_by_one(),
            );
            let (fast_digits, slow_digits) = (strip(fast), strip(slow));
            if fast_digits.0.is_empty() {
                assert!(slow_digits.0.is_empty(), "{mantissa}e-{scale}");
            } else {
                assert_eq!(fast_digits, slow_digits, "{mantissa}e-{scale}");
            }
        }
    }

    /// The payload assembled in one register is the general one, byte for
    /// byte, wherever it applies (and applies to every ledger amount).
    #[test]
    fn short_numeric_payload_equals_the_general_one() {
        let mut next = xorshift(0x51_7CC1_B727_220Au64);
        let mut short = 0;
        for round in 0..300_000u64 {
            let mantissa = match round % 5 {
                0 => (next() % 1_000) as i128,
                1 => (next() % 100_000_000) as i128 - 50_000_000,
                2 => (next() >> (next() % 64)) as i128 * if next() % 2 == 0 { 1 } else { -1 },
                3 => ((next() % 10_000) * 10u64.pow((next() % 12) as u32)) as i128,
                _ => (u64::MAX / 1000) as i128 + 1 - (next() % 3) as i128,
            };
            let scale = (next() % 80) as i16 - 8;
            let value = Decimal { mantissa, scale };
            if let Some(payload) = value.short_numeric_payload() {
                short += 1;
                assert_eq!(
                    payload.as_bytes(),
                    value.numeric_payload_by_groups().as_bytes(),
                    "{mantissa}e-{scale}"
                );
            }
        }
        assert!(short > 150_000, "{short}");
        assert!(Decimal::new(1234567, 2)
            .unwrap()
            .short_numeric_payload()
            .is_some());
    }

    /// `to_f64` is the nearest float to the decimal, as parsing its text
    /// is, also for mantissas beyond 2^53 (where dividing the rounded
    /// mantissa by the power of ten would round twice).
    #[test]
    fn to_f64_is_correctly_rounded() {
        let mut next = xorshift(0x9E37_79B9_7F4A_7C15u64);
        for _ in 0..100_000 {
            let digits = 1 + next() % 38;
            let mantissa = (((next() as u128) << 64 | next() as u128) % 10u128.pow(digits as u32))
                as i128
                * if next() % 2 == 0 { 1 } else { -1 };
            let scale = (next() % 40) as i16 - 5;
            let decimal = Decimal::new(mantissa, scale).unwrap();
            let parsed: f64 = decimal.to_string().parse().unwrap();
            assert_eq!(decimal.to_f64().to_bits(), parsed.to_bits(), "{decimal}");
        }
    }

    #[test]
    fn to_float8_refuses_what_postgres_refuses() {
        let big = Decimal::new(1, -400).unwrap();
        let error = big.to_float8().unwrap_err();
        assert_eq!(error.kind, crate::error::Kind::OutOfRange);
        assert_eq!(
            error.message,
            format!(
                "\"1{}\" is out of range for type double precision",
                "0".repeat(400)
            )
        );
        assert!(Decimal::new(-1, 400).unwrap().to_float8().is_err());
        assert_eq!(Decimal::new(0, 400).unwrap().to_float8().unwrap(), 0.0);
        assert_eq!(Decimal::new(-1, 2).unwrap().to_float8().unwrap(), -0.01);
        // A subnormal float is a value, as in PostgreSQL.
        assert!(Decimal::new(5, 324).unwrap().to_float8().unwrap() > 0.0);
    }

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
    fn i128_to_f64_rounds_as_the_conversion_does() {
        let mut next = xorshift(0x1234_5678_9ABC_DEF1);
        let edges = [
            0,
            1,
            -1,
            i64::MAX as i128,
            i64::MIN as i128,
            i64::MAX as i128 + 1,
            (1i128 << 53) + 1,
            -(1i128 << 53) - 1,
            (1i128 << 62) + 3,
            i128::MAX,
            i128::MIN,
        ];
        for value in edges.into_iter().chain((0..100_000).map(|round| {
            let wide = ((next() as i128) << 64 | next() as i128) >> (next() % 127);
            if round % 2 == 0 {
                wide
            } else {
                -wide
            }
        })) {
            assert_eq!(
                i128_to_f64(value).to_bits(),
                (value as f64).to_bits(),
                "{value}"
            );
        }
    }

    #[test]
    fn text_is_written_in_place_at_its_announced_length() {
        let cases = [
            (0, 0, "0"),
            (0, 5, "0.00000"),
            (0, -3, "0"),
            (7, 0, "7"),
            (-7, 0, "-7"),
            (5, 3, "0.005"),
            (-5, 3, "-0.005"),
            (1234, 2, "12.34"),
            (-1234, 4, "-0.1234"),
            (1234, 5, "0.01234"),
            (12, -3, "12000"),
            (-12, -3, "-12000"),
            (i128::MAX, 38, "1.70141183460469231731687303715884105727"),
            (i128::MIN + 1, 0, "-170141183460469231731687303715884105727"),
        ];
        for (mantissa, scale, text) in cases {
            let value = Decimal { mantissa, scale };
            assert_eq!(value.to_string(), text, "{mantissa} at {scale}");
            assert_eq!(value.text_len(), text.len(), "{mantissa} at {scale}");
        }
        let tiny = Decimal {
            mantissa: 3,
            scale: MAX_SCALE,
        };
        let text = tiny.to_string();
        assert_eq!(text.len(), tiny.text_len());
        assert_eq!(text, format!("0.{}3", "0".repeat(MAX_SCALE as usize - 1)));
        let json = serde_json::to_string(&DecimalText(Decimal {
            mantissa: -1234,
            scale: 2,
        }))
        .unwrap();
        assert_eq!(json, "\"-12.34\"");
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
        // Any magnitude: 5e-324 casts to 338 decimal places and 1e300 to
        // 301 digits; both are kept (15 significant digits).
        let tiny = Decimal::from_f64(5e-324).unwrap();
        assert_eq!((tiny.mantissa(), tiny.scale()), (494065645841247, 338));
        let huge = Decimal::from_f64(1e300).unwrap();
        assert_eq!((huge.mantissa(), huge.scale()), (1, -300));
        assert_eq!(huge.to_string(), format!("1{}", "0".repeat(300)));
        assert_eq!(
            Decimal::from_f64(f64::MAX).unwrap().to_string(),
            format!("179769313486232{}", "0".repeat(294))
        );
        assert_eq!(
            Decimal::from_f64(1e38).unwrap().to_string(),
            format!("1{}", "0".repeat(38))
        );
        assert_eq!(huge.to_f64(), 1e300);
        assert_eq!(tiny.to_f64(), 4.94065645841247e-324);
    }

    #[test]
    fn past_38_digits_sums_round_instead_of_failing() {
        // The case: a float residue next to a large amount.
        let big = Decimal::from_f64(987654321.5).unwrap();
        let residue = Decimal::from_f64(0.1 * 3.0 - 0.3).unwrap();
        for sum in [
            big.checked_add(&residue).unwrap(),
            residue.checked_add(&big).unwrap(),
        ] {
            assert_eq!(sum.to_string(), "987654321.5000000000000000555111512313");
            assert!((sum.to_f64() - 987654321.5).abs() < 1e-6);
        }
        // Exact while it fits: 38 digits at scale 20.
        let max = Decimal::parse(&format!("{}.{}", "9".repeat(18), "9".repeat(20))).unwrap();
        assert_eq!(max.checked_add(&Decimal::ZERO).unwrap(), max);
        // One digit more: rounded to 38 significant digits.
        assert_eq!(
            max.checked_add(&max).unwrap().to_string(),
            format!("2{}.{}", "0".repeat(18), "0".repeat(19))
        );
        let whole = Decimal::parse(&"9".repeat(20)).unwrap();
        let third = Decimal::parse("0.33333333333333333333").unwrap();
        assert_eq!(
            whole.checked_add(&third).unwrap().to_string(),
            format!("{}.{}", "9".repeat(20), "3".repeat(17))
        );
        // 1e300 plus cents, mixed signs, subnormals.
        let cents = Decimal::parse("0.01").unwrap();
        let huge = Decimal::from_f64(1e300).unwrap();
        let sum = huge.checked_add(&cents).unwrap();
        assert_eq!(sum, huge);
        let back = sum.checked_sub(&huge).unwrap();
        assert_eq!(back, Decimal::ZERO);
        let tiny = Decimal::from_f64(5e-324).unwrap();
        assert_eq!(
            tiny.checked_add(&tiny).unwrap().to_f64(),
            2.0 * 4.94065645841247e-324
        );
        assert_eq!(
            tiny.checked_add(&cents).unwrap().to_string(),
            format!("0.01{}", "0".repeat(36))
        );
        // Order of magnitude comparisons across scales.
        assert!(huge > cents && tiny < cents && tiny > Decimal::ZERO);
        assert!(Decimal::from_f64(-1e300).unwrap() < Decimal::from_f64(-5e-324).unwrap());
        // Numeric text and bytes with more than 38 digits round to 38.
        let long = format!("1{}5", "0".repeat(38));
        let read = Decimal::parse(&long).unwrap();
        assert_eq!((read.mantissa(), read.scale()), (10i128.pow(37), -2));
        // Round trips through numeric bytes at negative and large scales.
        for value in [huge, tiny, sum, Decimal::from_f64(-1.5e-300).unwrap()] {
            let bytes = value.to_numeric_bytes();
            let back = Decimal::from_numeric_bytes(&bytes).unwrap();
            assert_eq!(back, value, "{value}");
            assert_eq!(back.to_string(), value.to_string());
        }
        // Beyond every scale kept: an error, not a panic.
        let edge = Decimal::new(9 * 10i128.pow(37), MIN_SCALE).unwrap();
        assert_eq!(
            edge.checked_add(&edge).unwrap_err().kind,
            crate::error::Kind::LimitExceeded
        );
    }

    #[test]
    fn rounds_half_to_even() {
        assert_eq!(round_down(25, 1, 0), 2);
        assert_eq!(round_down(35, 1, 0), 4);
        assert_eq!(round_down(-25, 1, 0), -2);
        assert_eq!(round_down(-26, 1, 0), -3);
        assert_eq!(round_down(251, 2, 0), 3);
        assert_eq!(round_down(i128::MAX, 40, 0), 0);
    }

    #[test]
    fn sums_within_38_digits_are_exact() {
        // 1130::numeric / 1.13 has scale 16, 1::numeric / 3 scale 20.
        let a = Decimal::parse("1000.0000000000000000").unwrap();
        let third = Decimal::parse("0.33333333333333333333").unwrap();
        let mut sum = a;
        for _ in 0..1_000 {
            sum = sum.checked_add(&a).unwrap().checked_add(&third).unwrap();
        }
        assert_eq!(sum.to_string(), "1001333.33333333333333333000");
    }
}
