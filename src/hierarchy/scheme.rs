//! Coding schemes of coded class tables (Yonyou U8, Kingdee and most
//! Chinese ERPs): `2-2-2` says level 1 codes have 2 characters and each
//! further level adds 2, so `01` is a level-1 class, `0102` its child and
//! `010203` a grandchild.
//!
//! Codes are ASCII letters and digits: U8 allows letters in some schemes,
//! and nothing else (spaces, `-`, `.`, other scripts) is ever part of a code.
//! A code is valid when its length ends one of the scheme's levels.

use crate::codec::{Reader, Writer};
use crate::error::{Error, Result};

pub const MAX_LEVELS: usize = 12;
pub const MAX_WIDTH: u8 = 9;
const VERSION: u8 = 1;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeScheme {
    /// Characters each level adds.
    widths: Vec<u8>,
    /// Code length at the end of each level: 2, 4, 6 for `2-2-2`.
    lengths: Vec<usize>,
}

impl CodeScheme {
    pub fn new(widths: Vec<u8>) -> Result<CodeScheme> {
        if widths.is_empty() || widths.len() > MAX_LEVELS {
            return Err(Error::invalid_parameter(format!(
                "a code scheme has 1 to {MAX_LEVELS} levels, not {}",
                widths.len()
            )));
        }
        if let Some(bad) = widths
            .iter()
            .find(|width| !(1..=MAX_WIDTH).contains(*width))
        {
            return Err(Error::invalid_parameter(format!(
                "each level of a code scheme adds 1 to {MAX_WIDTH} characters, not {bad}"
            )));
        }
        let lengths = widths
            .iter()
            .scan(0usize, |length, width| {
                *length += *width as usize;
                Some(*length)
            })
            .collect();
        Ok(CodeScheme { widths, lengths })
    }

    /// `2-2-2` (spaces around the numbers allowed).
    pub fn parse(text: &str) -> Result<CodeScheme> {
        let widths: Option<Vec<u8>> = text
            .split('-')
            .map(|part| {
                let part = part.trim();
                // u8::from_str would take "+2": digits only.
                let digits = part.bytes().all(|byte| byte.is_ascii_digit());
                digits.then(|| part.parse().ok()).flatten()
            })
            .collect();
        let invalid = |detail: String| {
            Error::invalid_text(format!("code scheme \"{text}\" is not valid: {detail}"))
        };
        let widths = widths
            .ok_or_else(|| invalid("write the digits of each level, such as 2-2-2".into()))?;
        CodeScheme::new(widths).map_err(|error| invalid(error.message))
    }

    pub fn to_text(&self) -> String {
        let widths: Vec<String> = self.widths.iter().map(u8::to_string).collect();
        widths.join("-")
    }

    pub fn encode(&self) -> Vec<u8> {
        let mut writer = Writer::with_capacity(VERSION, 2 + self.widths.len());
        writer.u8(self.widths.len() as u8);
        self.widths.iter().for_each(|width| {
            writer.u8(*width);
        });
        writer.finish()
    }

    pub fn decode(bytes: &[u8]) -> Result<CodeScheme> {
        let mut reader = Reader::new(bytes, VERSION, "code_scheme")?;
        let levels = reader.u8()?;
        let widths = (0..levels)
            .map(|_| reader.u8())
            .collect::<Result<Vec<u8>>>()?;
        reader.finish()?;
        CodeScheme::new(widths).map_err(|error| Error::corrupted(error.message))
    }

    pub fn levels(&self) -> usize {
        self.widths.len()
    }

    /// The level of `code` (1 for the top), or why it is not a code.
    pub fn level(&self, code: &str) -> Result<usize> {
        if let Some(bad) = code.chars().find(|c| !c.is_ascii_alphanumeric()) {
            return Err(self.misfit(code, &format!("{bad:?} is not a letter or digit")));
        }
        match self.lengths.iter().position(|length| *length == code.len()) {
            Some(index) => Ok(index + 1),
            None if code.is_empty() => Err(self.misfit(code, "it is empty")),
            None => Err(self.misfit(
                code,
                &format!(
                    "its length {} ends no level (lengths {})",
                    code.len(),
                    self.lengths_text()
                ),
            )),
        }
    }

    pub fn is_valid(&self, code: &str) -> bool {
        self.level(code).is_ok()
    }

    /// The code's ancestor at `level` (the code itself at its own level);
    /// `None` when the code is higher up than `level`.
    pub fn at_level<'a>(&self, code: &'a str, level: i32) -> Result<Option<&'a str>> {
        let own = self.level(code)?;
        if level < 1 || level as usize > self.levels() {
            return Err(Error::invalid_parameter(format!(
                "level must lie between 1 and {} for scheme {}, not {level}",
                self.levels(),
                self.to_text()
            )));
        }
        Ok((level as usize <= own).then(|| &code[..self.lengths[level as usize - 1]]))
    }

    /// The code one level up; `None` at level 1.
    pub fn parent<'a>(&self, code: &'a str) -> Result<Option<&'a str>> {
        let level = self.level(code)?;
        Ok((level > 1).then(|| &code[..self.lengths[level - 2]]))
    }

    /// Every ancestor from the top, then the code itself.
    pub fn path<'a>(&self, code: &'a str) -> Result<Vec<&'a str>> {
        let level = self.level(code)?;
        Ok(self.lengths[..level]
            .iter()
            .map(|length| &code[..*length])
            .collect())
    }

    fn lengths_text(&self) -> String {
        let lengths: Vec<String> = self.lengths.iter().map(usize::to_string).collect();
        lengths.join(", ")
    }

    fn misfit(&self, code: &str, why: &str) -> Error {
        Error::invalid_parameter(format!(
            "code \"{code}\" does not fit scheme {}: {why}",
            self.to_text()
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scheme(text: &str) -> CodeScheme {
        CodeScheme::parse(text).unwrap()
    }

    #[test]
    fn schemes_parse_and_print() {
        assert_eq!(scheme("2-2-2").to_text(), "2-2-2");
        assert_eq!(scheme(" 2 - 3-3-4 ").to_text(), "2-3-3-4");
        assert_eq!(scheme("9").levels(), 1);
        assert_eq!(
            CodeScheme::decode(&scheme("2-3-3-4").encode()).unwrap(),
            scheme("2-3-3-4")
        );
        for bad in [
            "",
            "2-",
            "0-2",
            "10",
            "2-x",
            "-2",
            "2--2",
            "1-1-1-1-1-1-1-1-1-1-1-1-1",
            "２-2",
            "+2-2",
        ] {
            assert!(CodeScheme::parse(bad).is_err(), "{bad}");
        }
        assert!(CodeScheme::parse("1-1-1-1-1-1-1-1-1-1-1-1").is_ok());
    }

    #[test]
    fn levels_parents_paths() {
        let s = scheme("2-2-2");
        assert_eq!(s.level("01").unwrap(), 1);
        assert_eq!(s.level("010203").unwrap(), 3);
        assert_eq!(s.parent("010203").unwrap(), Some("0102"));
        assert_eq!(s.parent("01").unwrap(), None);
        assert_eq!(s.path("010203").unwrap(), ["01", "0102", "010203"]);
        assert_eq!(s.at_level("010203", 1).unwrap(), Some("01"));
        assert_eq!(s.at_level("0102", 2).unwrap(), Some("0102"));
        assert_eq!(s.at_level("01", 3).unwrap(), None);
        assert!(s.at_level("01", 0).is_err());
        assert!(s.at_level("01", 4).is_err());
    }

    #[test]
    fn letters_are_codes_other_characters_are_not() {
        let s = scheme("2-2");
        assert_eq!(s.level("A1b2").unwrap(), 2);
        assert!(s.is_valid("AB"));
        for bad in ["", "0", "010", "01-2", "0 ", "华北", "01.2", "01020"] {
            assert!(!s.is_valid(bad), "{bad}");
        }
        let message = s.level("01-2").unwrap_err().message;
        assert!(
            message.contains("\"01-2\"") && message.contains("2-2"),
            "{message}"
        );
        let message = s.level("010").unwrap_err().message;
        assert!(message.contains("length 3"), "{message}");
    }
}
