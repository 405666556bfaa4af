//! The compact binary form of everything the extension stores or ships
//! between parallel workers: a version byte, then little-endian fields.
//! Readers check the version and every length, so a damaged or foreign
//! value is an error, never a crash.

use crate::error::{Error, Result};

/// Values written or read between two checks for interrupts.
const CHUNK: usize = 1 << 16;

pub struct Writer {
    bytes: Vec<u8>,
}

impl Writer {
    pub fn new(version: u8) -> Self {
        Self::with_capacity(version, 64)
    }

    pub fn with_capacity(version: u8, capacity: usize) -> Self {
        let mut bytes = Vec::with_capacity(capacity);
        bytes.push(version);
        Writer { bytes }
    }

    pub fn u8(&mut self, value: u8) -> &mut Self {
        self.bytes.push(value);
        self
    }

    pub fn u32(&mut self, value: u32) -> &mut Self {
        self.bytes.extend_from_slice(&value.to_le_bytes());
        self
    }

    pub fn u64(&mut self, value: u64) -> &mut Self {
        self.bytes.extend_from_slice(&value.to_le_bytes());
        self
    }

    pub fn f64(&mut self, value: f64) -> &mut Self {
        self.bytes.extend_from_slice(&value.to_le_bytes());
        self
    }

    pub fn i32(&mut self, value: i32) -> &mut Self {
        self.bytes.extend_from_slice(&value.to_le_bytes());
        self
    }

    pub fn u16(&mut self, value: u16) -> &mut Self {
        self.bytes.extend_from_slice(&value.to_le_bytes());
        self
    }

    pub fn i128(&mut self, value: i128) -> &mut Self {
        self.bytes.extend_from_slice(&value.to_le_bytes());
        self
    }

    pub fn len(&mut self, len: usize) -> &mut Self {
        // Stored values are limited to 1 GB by PostgreSQL, so u32 suffices.
        self.u32(len as u32)
    }

    pub fn f64s(&mut self, values: &[f64]) -> &mut Self {
        self.len(values.len());
        self.bytes.reserve(values.len() * 8);
        // Up to 100,000,000 values in a final or serial function: checks
        // for interrupts between chunks.
        for chunk in values.chunks(CHUNK) {
            crate::interrupts::check();
            for value in chunk {
                self.f64(*value);
            }
        }
        self
    }

    pub fn str(&mut self, value: &str) -> &mut Self {
        self.len(value.len());
        self.bytes.extend_from_slice(value.as_bytes());
        self
    }

    /// Length-prefixed bytes: another value's binary form, nested.
    pub fn bytes(&mut self, value: &[u8]) -> &mut Self {
        self.len(value.len());
        self.bytes.extend_from_slice(value);
        self
    }

    pub fn strs(&mut self, values: &[String]) -> &mut Self {
        self.len(values.len());
        for value in values {
            self.str(value);
        }
        self
    }

    pub fn finish(self) -> Vec<u8> {
        self.bytes
    }
}

/// Stored string bytes as text, checked as every stored form reads them.
pub fn stored_text(bytes: &[u8], what: &str) -> Result<String> {
    stored_str(bytes, what).map(str::to_owned)
}

/// `stored_text` read in place.
pub fn stored_str<'a>(bytes: &'a [u8], what: &str) -> Result<&'a str> {
    // PostgreSQL text cannot hold NUL: refused here, where every binary
    // and stored form reads its strings. The one exception is the whole
    // string "\0", the class-tree states' key of the unclassified bucket
    // (hierarchy::totals::UNCLASSIFIED_KEY), which never reaches a user
    // as text.
    // Names are short and nearly always ASCII: one pass decides it (a
    // stored profile's top category is read this way on every row).
    if bytes.iter().all(|&byte| (1..0x80).contains(&byte)) {
        // SAFETY: bytes below 0x80 are ASCII, which is valid UTF-8.
        return Ok(unsafe { std::str::from_utf8_unchecked(bytes) });
    }
    if bytes.contains(&0) && bytes != b"\0" {
        return Err(Error::corrupted(format!(
            "{what}: stored text contains a NUL byte"
        )));
    }
    std::str::from_utf8(bytes)
        .map_err(|_| Error::corrupted(format!("{what}: stored text is not UTF-8")))
}

pub struct Reader<'a> {
    bytes: &'a [u8],
    position: usize,
    what: &'static str,
}

impl<'a> Reader<'a> {
    /// Starts reading a value of kind `what`, written with `version`.
    pub fn new(bytes: &'a [u8], version: u8, what: &'static str) -> Result<Self> {
        match bytes.first() {
            Some(found) if *found == version => Ok(Reader {
                bytes,
                position: 1,
                what,
            }),
            Some(found) => Err(Error::corrupted(format!(
                "{what}: stored with format version {found}, this build reads version {version}"
            ))),
            None => Err(Error::corrupted(format!("{what}: empty stored value"))),
        }
    }

    pub fn take(&mut self, count: usize) -> Result<&'a [u8]> {
        let end = self
            .position
            .checked_add(count)
            .filter(|end| *end <= self.bytes.len());
        match end {
            Some(end) => {
                let slice = &self.bytes[self.position..end];
                self.position = end;
                Ok(slice)
            }
            None => Err(Error::corrupted(format!(
                "{}: stored value is truncated",
                self.what
            ))),
        }
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N]> {
        let mut out = [0u8; N];
        out.copy_from_slice(self.take(N)?);
        Ok(out)
    }

    pub fn u8(&mut self) -> Result<u8> {
        Ok(self.take(1)?[0])
    }

    pub fn u32(&mut self) -> Result<u32> {
        Ok(u32::from_le_bytes(self.array()?))
    }

    pub fn u64(&mut self) -> Result<u64> {
        Ok(u64::from_le_bytes(self.array()?))
    }

    pub fn f64(&mut self) -> Result<f64> {
        Ok(f64::from_le_bytes(self.array()?))
    }

    pub fn i32(&mut self) -> Result<i32> {
        Ok(i32::from_le_bytes(self.array()?))
    }

    pub fn u16(&mut self) -> Result<u16> {
        Ok(u16::from_le_bytes(self.array()?))
    }

    pub fn i128(&mut self) -> Result<i128> {
        Ok(i128::from_le_bytes(self.array()?))
    }

    /// A length prefix, checked against the bytes left so that a damaged
    /// length cannot make us allocate wildly.
    pub fn len(&mut self, item_size: usize) -> Result<usize> {
        let len = self.u32()? as usize;
        if len.saturating_mul(item_size.max(1)) > self.bytes.len() - self.position {
            return Err(Error::corrupted(format!(
                "{}: stored length is out of range",
                self.what
            )));
        }
        Ok(len)
    }

    pub fn f64s(&mut self) -> Result<Vec<f64>> {
        let len = self.len(8)?;
        let mut values = Vec::with_capacity(len);
        while values.len() < len {
            crate::interrupts::check();
            for _ in 0..CHUNK.min(len - values.len()) {
                values.push(self.f64()?);
            }
        }
        Ok(values)
    }

    /// Skips `count` bytes.
    pub fn skip(&mut self, count: usize) -> Result<()> {
        self.take(count).map(|_| ())
    }

    pub fn str(&mut self) -> Result<String> {
        let len = self.len(1)?;
        let bytes = self.take(len)?;
        stored_text(bytes, self.what)
    }

    pub fn bytes(&mut self) -> Result<Vec<u8>> {
        let len = self.len(1)?;
        Ok(self.take(len)?.to_vec())
    }

    pub fn strs(&mut self) -> Result<Vec<String>> {
        let len = self.len(4)?;
        (0..len).map(|_| self.str()).collect()
    }

    /// Ends reading: trailing bytes mean the value is not what we think.
    pub fn finish(self) -> Result<()> {
        if self.position == self.bytes.len() {
            Ok(())
        } else {
            Err(Error::corrupted(format!(
                "{}: stored value has trailing bytes",
                self.what
            )))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_strings_are_utf8_without_nul() {
        assert_eq!(stored_str(b"product", "t").unwrap(), "product");
        assert_eq!(stored_str(b"", "t").unwrap(), "");
        assert_eq!(
            stored_str("caf\u{e9} \u{9ad8}".as_bytes(), "t").unwrap(),
            "caf\u{e9} \u{9ad8}"
        );
        assert_eq!(stored_str(b"\0", "t").unwrap(), "\0");
        for bad in [&b"a\0b"[..], b"\0\0", b"\xff", b"abc\xc3", b"\xe9t\xe9"] {
            assert!(stored_str(bad, "t").is_err(), "{bad:?}");
        }
    }

    #[test]
    fn round_trips_every_field_kind() {
        let mut writer = Writer::new(3);
        writer
            .u8(7)
            .u32(70_000)
            .u64(1 << 40)
            .f64(-2.5)
            .f64s(&[1.0, 2.0]);
        writer.i32(-3).u16(65_000).i128(-(1 << 100));
        writer.str("高").strs(&["a".into(), "".into()]);
        let bytes = writer.finish();
        assert_eq!(bytes[0], 3);

        let mut reader = Reader::new(&bytes, 3, "test").unwrap();
        assert_eq!(reader.u8().unwrap(), 7);
        assert_eq!(reader.u32().unwrap(), 70_000);
        assert_eq!(reader.u64().unwrap(), 1 << 40);
        assert_eq!(reader.f64().unwrap(), -2.5);
        assert_eq!(reader.f64s().unwrap(), vec![1.0, 2.0]);
        assert_eq!(reader.i32().unwrap(), -3);
        assert_eq!(reader.u16().unwrap(), 65_000);
        assert_eq!(reader.i128().unwrap(), -(1 << 100));
        assert_eq!(reader.str().unwrap(), "高");
        assert_eq!(reader.strs().unwrap(), vec!["a".to_string(), String::new()]);
        reader.finish().unwrap();
    }

    #[test]
    fn rejects_wrong_version_truncation_and_trailing_bytes() {
        assert!(Reader::new(&[2], 1, "test").is_err());
        assert!(Reader::new(&[], 1, "test").is_err());

        let mut truncated = Reader::new(&[1, 0, 0], 1, "test").unwrap();
        assert!(truncated.u32().is_err());

        let mut huge_length = Reader::new(&[1, 255, 255, 255, 255], 1, "test").unwrap();
        assert!(huge_length.f64s().is_err());

        let mut nul = Reader::new(&[1, 2, 0, 0, 0, b'p', 0], 1, "test").unwrap();
        assert!(nul.str().is_err());
        let mut unclassified = Reader::new(&[1, 1, 0, 0, 0, 0], 1, "test").unwrap();
        assert_eq!(unclassified.str().unwrap(), "\0");

        let mut trailing = Reader::new(&[1, 9, 9], 1, "test").unwrap();
        trailing.u8().unwrap();
        assert!(trailing.finish().is_err());
    }
}

/// The text form of binary values that travel as text (aggregate states
/// shipped between Citus nodes): standard base64 with padding, which keeps
/// every byte and costs 4 characters per 3 bytes.
pub mod base64 {
    use crate::error::{Error, Result};

    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    pub fn encode(bytes: &[u8]) -> String {
        let mut text = String::with_capacity(bytes.len().div_ceil(3) * 4);
        for chunk in bytes.chunks(3) {
            let b = [
                chunk[0],
                *chunk.get(1).unwrap_or(&0),
                *chunk.get(2).unwrap_or(&0),
            ];
            let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
            for i in 0..4 {
                if i <= chunk.len() {
                    text.push(ALPHABET[(n >> (18 - 6 * i)) as usize & 63] as char);
                } else {
                    text.push('=');
                }
            }
        }
        text
    }

    fn sextet(c: u8) -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    }

    pub fn decode(text: &str, what: &str) -> Result<Vec<u8>> {
        let invalid = || Error::invalid_text(format!("{what}: text form is not base64"));
        let text = text.as_bytes();
        if !text.len().is_multiple_of(4) {
            return Err(invalid());
        }
        let mut bytes = Vec::with_capacity(text.len() / 4 * 3);
        let chunks = text.len() / 4;
        for (index, chunk) in text.chunks(4).enumerate() {
            let padding = chunk.iter().rev().take_while(|&&c| c == b'=').count();
            if padding > 2 || (padding > 0 && index + 1 != chunks) {
                return Err(invalid());
            }
            let mut n = 0u32;
            for &c in &chunk[..4 - padding] {
                n = (n << 6) | sextet(c).ok_or_else(invalid)?;
            }
            n <<= 6 * padding as u32;
            let decoded = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
            // Bits beyond the last byte must be zero, so each value has one text form.
            if decoded[3 - padding..].iter().any(|&b| b != 0) {
                return Err(invalid());
            }
            bytes.extend_from_slice(&decoded[..3 - padding]);
        }
        Ok(bytes)
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn round_trips_every_length() {
            for len in 0..40usize {
                let bytes: Vec<u8> = (0..len).map(|i| (i * 97 + 13) as u8).collect();
                let text = encode(&bytes);
                assert_eq!(text.len(), len.div_ceil(3) * 4);
                assert_eq!(decode(&text, "t").unwrap(), bytes);
            }
        }

        #[test]
        fn known_values() {
            assert_eq!(encode(b"Man"), "TWFu");
            assert_eq!(encode(b"Ma"), "TWE=");
            assert_eq!(encode(b"M"), "TQ==");
            assert_eq!(decode("TWE=", "t").unwrap(), b"Ma");
        }

        #[test]
        fn refuses_what_is_not_base64() {
            for text in ["TWF", "TW=u", "T===", "TWE=TWFu", "TW!u", "TWF=", "TR=="] {
                assert!(decode(text, "t").is_err(), "{text}");
            }
        }
    }
}
