//! SVG building blocks: options, XML escaping, number formatting and text
//! width estimates. Output is a complete, self-contained SVG document: no
//! scripts, no external fonts, images or URLs (the only URL is the SVG
//! namespace), generic font families so the viewer's fonts render CJK text.

use std::fmt::Write;

use serde_json::{Map, Value};

use crate::error::{Error, Result};

/// Limits of the options.
pub const MIN_SIZE: i64 = 100;
pub const MAX_SIZE: i64 = 10_000;
pub const MAX_TEXT: usize = 500;
pub const MAX_AFFIX: usize = 20;

/// How numbers are printed.
#[derive(Debug, Clone, PartialEq)]
pub struct NumberFormat {
    /// Values are shares printed as percentages (0.574 → 57.4%).
    pub percent: bool,
    pub decimals: usize,
    pub thousands: bool,
    pub prefix: String,
    pub suffix: String,
}

impl NumberFormat {
    pub fn format(&self, value: f64) -> String {
        let scaled = if self.percent { value * 100.0 } else { value };
        let fixed = format!("{:.*}", self.decimals, scaled.abs());
        let (whole, fraction) = match fixed.split_once('.') {
            Some((whole, fraction)) => (whole.to_string(), Some(fraction.to_string())),
            None => (fixed.clone(), None),
        };
        let whole = if self.thousands { group(&whole) } else { whole };
        let negative = scaled < 0.0 && fixed.bytes().any(|b| (b'1'..=b'9').contains(&b));
        let mut out = String::new();
        if negative {
            out.push('-');
        }
        out.push_str(&self.prefix);
        out.push_str(&whole);
        if let Some(fraction) = fraction {
            out.push('.');
            out.push_str(&fraction);
        }
        if self.percent {
            out.push('%');
        }
        out.push_str(&self.suffix);
        out
    }
}

/// 1234567 → 1,234,567.
fn group(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// Options every chart takes: `{"title": "...", "width": 640, "height": 400,
/// "format": "number" | "percent", "decimals": 0, "thousands": true,
/// "prefix": "¥", "suffix": ""}`, plus chart-specific keys.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    pub title: Option<String>,
    pub width: Option<f64>,
    pub height: Option<f64>,
    pub number: NumberFormat,
    /// The chart's own keys, checked by the chart.
    pub extra: Map<String, Value>,
}

impl Options {
    /// Parses options JSON text; every error names `options`.
    /// `allowed` lists the chart's own keys besides the common ones.
    pub fn parse(text: Option<&str>, allowed: &[&str], percent_default: bool) -> Result<Self> {
        let mut map = match text {
            None => Map::new(),
            Some(text) => match serde_json::from_str::<Value>(text) {
                Ok(Value::Object(map)) => map,
                Ok(_) => return Err(bad("options must be a JSON object")),
                Err(error) => return Err(bad(format!("options is not valid JSON: {error}"))),
            },
        };
        const COMMON: [&str; 8] = [
            "title",
            "width",
            "height",
            "format",
            "decimals",
            "thousands",
            "prefix",
            "suffix",
        ];
        if let Some(unknown) = map
            .keys()
            .find(|key| !COMMON.contains(&key.as_str()) && !allowed.contains(&key.as_str()))
        {
            let mut known: Vec<&str> = COMMON.iter().chain(allowed).copied().collect();
            known.sort_unstable();
            return Err(bad(format!(
                "options has an unknown key \"{}\" (known: {})",
                escape_message(unknown),
                known.join(", ")
            )));
        }
        let title = take_text(&mut map, "title", MAX_TEXT)?;
        let width = take_size(&mut map, "width")?;
        let height = take_size(&mut map, "height")?;
        let percent = match map.remove("format") {
            None => percent_default,
            Some(Value::String(format)) if format == "number" => false,
            Some(Value::String(format)) if format == "percent" => true,
            Some(_) => return Err(bad("options.format must be \"number\" or \"percent\"")),
        };
        let decimals = match take_integer(&mut map, "decimals", 0, 6)? {
            Some(decimals) => decimals as usize,
            None if percent => 1,
            None => 0,
        };
        let thousands = match map.remove("thousands") {
            None => true,
            Some(Value::Bool(flag)) => flag,
            Some(_) => return Err(bad("options.thousands must be true or false")),
        };
        let prefix = take_text(&mut map, "prefix", MAX_AFFIX)?.unwrap_or_default();
        let suffix = take_text(&mut map, "suffix", MAX_AFFIX)?.unwrap_or_default();
        Ok(Options {
            title,
            width,
            height,
            number: NumberFormat {
                percent,
                decimals,
                thousands,
                prefix,
                suffix,
            },
            extra: map,
        })
    }

    /// A chart-specific number in [min, max].
    pub fn fraction(&self, key: &str, default: f64) -> Result<f64> {
        match self.extra.get(key) {
            None => Ok(default),
            Some(value) => match value.as_f64() {
                Some(number) if number > 0.0 && number <= 1.0 => Ok(number),
                _ => Err(bad(format!("options.{key} must be a number in (0,1]"))),
            },
        }
    }
}

fn bad(message: impl Into<String>) -> Error {
    Error::invalid_parameter(message)
}

/// A key as it may appear in a message: at most 40 characters.
fn escape_message(key: &str) -> String {
    let short: String = key.chars().take(40).collect();
    if short.len() < key.len() {
        format!("{short}…")
    } else {
        short
    }
}

fn take_text(map: &mut Map<String, Value>, key: &str, limit: usize) -> Result<Option<String>> {
    match map.remove(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) if text.chars().count() <= limit => Ok(Some(text)),
        Some(Value::String(_)) => Err(bad(format!(
            "options.{key} may hold at most {limit} characters"
        ))),
        Some(_) => Err(bad(format!("options.{key} must be a string"))),
    }
}

fn take_integer(
    map: &mut Map<String, Value>,
    key: &str,
    min: i64,
    max: i64,
) -> Result<Option<i64>> {
    match map.remove(key) {
        None | Some(Value::Null) => Ok(None),
        Some(value) => match value.as_i64() {
            Some(number) if (min..=max).contains(&number) => Ok(Some(number)),
            _ => Err(bad(format!(
                "options.{key} must be an integer between {min} and {max}"
            ))),
        },
    }
}

fn take_size(map: &mut Map<String, Value>, key: &str) -> Result<Option<f64>> {
    Ok(take_integer(map, key, MIN_SIZE, MAX_SIZE)?.map(|size| size as f64))
}

/// Text for XML content and attribute values: markup characters escaped,
/// characters XML 1.0 does not allow dropped.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => out.push(' '),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// The length of `escape(text)`, without building it.
pub fn escaped_len(text: &str) -> usize {
    text.chars()
        .map(|c| match c {
            '&' | '\'' => 5,
            '<' | '>' => 4,
            '"' => 6,
            '\t' | '\n' | '\r' => 1,
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => 0,
            c => c.len_utf8(),
        })
        .sum()
}

/// Rough width of `text` in pixels at `size`: wide (CJK) characters take a
/// full em, others about 0.6 em.
pub fn text_width(text: &str, size: f64) -> f64 {
    text.chars()
        .map(|c| if is_wide(c) { size } else { size * 0.6 })
        .sum()
}

fn is_wide(c: char) -> bool {
    matches!(c as u32, 0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD)
}

/// `text` cut to fit `width` pixels, with an ellipsis when cut.
pub fn fit(text: &str, width: f64, size: f64) -> String {
    if text_width(text, size) <= width {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = size * 0.6;
    for c in text.chars() {
        let w = if is_wide(c) { size } else { size * 0.6 };
        if used + w > width {
            break;
        }
        used += w;
        out.push(c);
    }
    out.push('…');
    out
}

/// A coordinate: at most two decimals, no trailing zeros.
pub fn px(value: f64) -> String {
    let rounded = (value * 100.0).round() / 100.0;
    let rounded = if rounded == 0.0 { 0.0 } else { rounded };
    format!("{rounded}")
}

/// The colours of the charts, in order.
pub const PALETTE: [&str; 10] = [
    "#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7",
    "#9c755f", "#bab0ac",
];

/// An SVG document under construction.
pub struct Svg {
    out: String,
}

impl Svg {
    /// Opens the document; `label` is its accessible name (the title).
    pub fn new(width: f64, height: f64, label: &str) -> Self {
        let mut out = String::with_capacity(4096);
        let _ = write!(
            out,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" \
             font-family=\"sans-serif\" font-size=\"12\" role=\"img\" aria-label=\"{label}\">\n\
             <title>{label}</title>\n<rect width=\"{w}\" height=\"{h}\" fill=\"#ffffff\"/>\n",
            w = px(width),
            h = px(height),
            label = escape(label)
        );
        Svg { out }
    }

    pub fn raw(&mut self, element: &str) -> &mut Self {
        self.out.push_str(element);
        self.out.push('\n');
        self
    }

    /// A text element; `anchor` is start, middle or end.
    pub fn text(&mut self, x: f64, y: f64, anchor: &str, extra: &str, content: &str) -> &mut Self {
        let _ = writeln!(
            self.out,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"{anchor}\"{extra}>{}</text>",
            px(x),
            px(y),
            escape(content)
        );
        self
    }

    /// A rectangle with a tooltip.
    pub fn rect(&mut self, x: f64, y: f64, w: f64, h: f64, fill: &str, tooltip: &str) -> &mut Self {
        let _ = writeln!(
            self.out,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{fill}\"><title>{}</title></rect>",
            px(x),
            px(y),
            px(w.max(0.0)),
            px(h.max(0.0)),
            escape(tooltip)
        );
        self
    }

    pub fn line(&mut self, x1: f64, y1: f64, x2: f64, y2: f64, style: &str) -> &mut Self {
        let _ = writeln!(
            self.out,
            "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" {style}/>",
            px(x1),
            px(y1),
            px(x2),
            px(y2)
        );
        self
    }

    pub fn finish(mut self) -> String {
        self.out.push_str("</svg>\n");
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn format(options: &str, value: f64) -> String {
        Options::parse(Some(options), &[], false)
            .unwrap()
            .number
            .format(value)
    }

    #[test]
    fn numbers() {
        assert_eq!(format("{}", 1234567.4), "1,234,567");
        assert_eq!(format("{}", -1234.6), "-1,235");
        assert_eq!(format("{}", -0.2), "0");
        assert_eq!(
            format(r#"{"decimals":2,"prefix":"¥"}"#, 1234.5),
            "¥1,234.50"
        );
        assert_eq!(format(r#"{"format":"percent"}"#, 0.5743), "57.4%");
        assert_eq!(
            format(r#"{"thousands":false,"suffix":" t"}"#, 12345.0),
            "12345 t"
        );
        assert_eq!(format("{}", 999.0), "999");
        assert_eq!(format("{}", 1000.0), "1,000");
    }

    #[test]
    fn bad_options_name_the_argument() {
        let error = |text: &str| Options::parse(Some(text), &["top"], false).unwrap_err();
        assert_eq!(
            error(r#"{"colour":1}"#).message,
            "options has an unknown key \"colour\" (known: decimals, format, height, prefix, suffix, thousands, title, top, width)"
        );
        assert_eq!(
            error(r#"{"width":"wide"}"#).message,
            "options.width must be an integer between 100 and 10000"
        );
        assert_eq!(
            error(r#"{"width":-5}"#).message,
            "options.width must be an integer between 100 and 10000"
        );
        assert_eq!(
            error(r#"{"title":5}"#).message,
            "options.title must be a string"
        );
        assert_eq!(error(r#"[1]"#).message, "options must be a JSON object");
        assert_eq!(
            error(r#"{"format":"pie"}"#).message,
            "options.format must be \"number\" or \"percent\""
        );
        let deep = format!("{}1{}", "[".repeat(5000), "]".repeat(5000));
        assert!(error(&format!(r#"{{"title":{deep}}}"#))
            .message
            .starts_with("options is not valid JSON: recursion limit"));
        let options = Options::parse(Some(r#"{"top":2}"#), &["top"], false).unwrap();
        assert_eq!(
            options.fraction("top", 0.1).unwrap_err().message,
            "options.top must be a number in (0,1]"
        );
        for e in [error(r#"{"x":1}"#), error("{")] {
            assert_eq!(e.kind, crate::error::Kind::InvalidParameter);
        }
    }

    #[test]
    fn escaping_and_widths() {
        assert_eq!(
            escape("<script>&\"'\u{1}x"),
            "&lt;script&gt;&amp;&quot;&#39;x"
        );
        for text in ["<script>&\"'\u{1}x\t\u{FFFE}", "广东 <b>", "", "plain"] {
            assert_eq!(escaped_len(text), escape(text).len(), "{text}");
        }
        assert_eq!(text_width("ab", 10.0), 12.0);
        assert_eq!(text_width("广东", 10.0), 20.0);
        assert_eq!(fit("abcdefghij", 30.0, 10.0), "abcd…");
        assert_eq!(fit("abc", 30.0, 10.0), "abc");
        assert_eq!(px(1.005), "1");
        assert_eq!(px(-0.001), "0");
        assert_eq!(px(12.3456), "12.35");
    }
}
