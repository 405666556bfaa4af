//! The compact binary form of everything the extension stores or ships
//! between parallel workers: a version byte, then little-endian fields.
//! Readers check the version and every length, so a damaged or foreign
//! value is an error, never a crash.

use crate::error::{Error, Result};

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
        for value in values {
            self.f64(*value);
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

    fn take(&mut self, count: usize) -> Result<&'a [u8]> {
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
        (0..len).map(|_| self.f64()).collect()
    }

    pub fn str(&mut self) -> Result<String> {
        let len = self.len(1)?;
        let what = self.what;
        let bytes = self.take(len)?;
        // PostgreSQL text cannot hold NUL: refused here, where every binary
        // and stored form reads its strings. The one exception is the whole
        // string "\0", the class-tree states' key of the unclassified bucket
        // (hierarchy::totals::UNCLASSIFIED_KEY), which never reaches a user
        // as text.
        if bytes.contains(&0) && bytes != b"\0" {
            return Err(Error::corrupted(format!(
                "{what}: stored text contains a NUL byte"
            )));
        }
        String::from_utf8(bytes.to_vec())
            .map_err(|_| Error::corrupted(format!("{what}: stored text is not UTF-8")))
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
