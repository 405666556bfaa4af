//! Segment maps: scores (or high/low flags) to segment names.

use serde::Deserialize;

use crate::error::{Error, Result};
use crate::language::Language;
use crate::rfm::scale::{Score, MAX_BINS};

/// The 11 segments of the widely used grid on R and FM = round((F + M) / 2),
/// for 5 bins, with their cells (R, FM).
const STANDARD: [(&str, &str, &[(u8, u8)]); 11] = [
    ("Champions", "冠军客户", &[(5, 5), (5, 4), (4, 5)]),
    (
        "Loyal Customers",
        "忠诚客户",
        &[(5, 3), (4, 4), (3, 5), (3, 4)],
    ),
    (
        "Potential Loyalists",
        "潜力客户",
        &[(5, 2), (4, 2), (3, 3), (4, 3)],
    ),
    ("Recent Customers", "新客户", &[(5, 1)]),
    ("Promising", "有前景客户", &[(4, 1), (3, 1)]),
    (
        "Customers Needing Attention",
        "需要关注客户",
        &[(3, 2), (2, 3), (2, 2)],
    ),
    ("About to Sleep", "即将沉睡客户", &[(2, 1)]),
    ("At Risk", "流失风险客户", &[(2, 5), (2, 4), (1, 3)]),
    ("Can't Lose Them", "不能失去的客户", &[(1, 5), (1, 4)]),
    ("Hibernating", "沉睡客户", &[(1, 2)]),
    ("Lost", "流失客户", &[(1, 1)]),
];

/// FM = (F + M) / 2 rounded half up: (4 + 5) / 2 = 4.5 → 5.
pub fn fm(score: &Score) -> u8 {
    (score.f + score.m).div_ceil(2)
}

pub fn standard(score: &Score, language: Language) -> Result<&'static str> {
    if score.r > 5 || score.f > 5 || score.m > 5 {
        return Err(Error::invalid_parameter(format!(
            "score {} lies outside the 5 bins of the standard map",
            score.to_text()
        )));
    }
    let cell = (score.r, fm(score));
    let (english, chinese, _) = STANDARD
        .iter()
        .find(|(_, _, cells)| cells.contains(&cell))
        .expect("the standard grid covers all 25 cells");
    Ok(match language {
        Language::En => english,
        Language::Zh => chinese,
    })
}

/// The Chinese 8-class model from high/low flags of R (recent), F and M.
pub fn cn8(highs: [bool; 3], language: Language) -> &'static str {
    const CLASSES: [(&str, &str); 8] = [
        // index = r_high * 4 + f_high * 2 + m_high
        ("general win-back", "一般挽留客户"),
        ("important win-back", "重要挽留客户"),
        ("general retention", "一般保持客户"),
        ("important retention", "重要保持客户"),
        ("general development", "一般发展客户"),
        ("important development", "重要发展客户"),
        ("general value", "一般价值客户"),
        ("important value", "重要价值客户"),
    ];
    let [r, f, m] = highs;
    let (english, chinese) = CLASSES[(r as usize) << 2 | (f as usize) << 1 | m as usize];
    match language {
        Language::En => english,
        Language::Zh => chinese,
    }
}

/// An inclusive range of scores; absent means any score.
/// Segments one custom map may hold, and the longest name: together they
/// bound what `check` returns (at most 1,000 cells × 250 segments rows)
/// and what each `rfm_segment` call scans. Beyond them: 54000.
pub const MAX_SEGMENTS: usize = 250;
pub const MAX_NAME_BYTES: usize = 100;

#[derive(Debug, Clone, Copy, PartialEq)]
struct Range(u8, u8);

impl Range {
    fn contains(&self, score: u8) -> bool {
        self.0 <= score && score <= self.1
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Segment {
    pub name: String,
    ranges: [Range; 3],
}

/// A custom map: the first segment whose ranges hold the score wins; a
/// score no segment holds gets `other`.
#[derive(Debug, Clone, PartialEq)]
pub struct SegmentMap {
    pub segments: Vec<Segment>,
    pub other: String,
}

impl SegmentMap {
    pub fn parse(json: &str) -> Result<SegmentMap> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct SegmentText {
            name: String,
            r: Option<Vec<i64>>,
            f: Option<Vec<i64>>,
            m: Option<Vec<i64>>,
        }
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct MapText {
            segments: Vec<SegmentText>,
            other: Option<String>,
        }
        crate::json::check(json, "segment map")?;
        let text: MapText = serde_json::from_str(json)
            .map_err(|error| Error::invalid_text(format!("segment map: {error}")))?;
        if text.segments.len() > MAX_SEGMENTS {
            return Err(Error::limit_exceeded(format!(
                "segment map may hold at most {MAX_SEGMENTS} segments, this one has {}",
                text.segments.len()
            )));
        }
        let names = text
            .segments
            .iter()
            .map(|s| &s.name)
            .chain(text.other.iter());
        for name in names {
            if name.len() > MAX_NAME_BYTES {
                return Err(Error::limit_exceeded(format!(
                    "segment map: names may be at most {MAX_NAME_BYTES} bytes long, one has {}",
                    name.len()
                )));
            }
        }
        let mut segments = Vec::with_capacity(text.segments.len());
        for segment in text.segments {
            let range = |bounds: &Option<Vec<i64>>, dimension: &str| -> Result<Range> {
                let Some(bounds) = bounds else {
                    return Ok(Range(1, MAX_BINS));
                };
                match bounds.as_slice() {
                    [low, high] if 1 <= *low && low <= high && *high <= MAX_BINS as i64 => {
                        Ok(Range(*low as u8, *high as u8))
                    }
                    _ => Err(Error::invalid_parameter(format!(
                        "segment \"{}\": {dimension} must be [low, high] with 1 <= low <= high <= {MAX_BINS}, not {bounds:?}",
                        segment.name
                    ))),
                }
            };
            let ranges = [
                range(&segment.r, "r")?,
                range(&segment.f, "f")?,
                range(&segment.m, "m")?,
            ];
            segments.push(Segment {
                name: segment.name,
                ranges,
            });
        }
        if segments.is_empty() {
            return Err(Error::invalid_parameter(
                "segment map must hold at least one segment",
            ));
        }
        Ok(SegmentMap {
            segments,
            other: text.other.unwrap_or_else(|| "other".to_string()),
        })
    }

    fn holds(segment: &Segment, score: &Score) -> bool {
        let [r, f, m] = &segment.ranges;
        r.contains(score.r) && f.contains(score.f) && m.contains(score.m)
    }

    pub fn segment(&self, score: &Score) -> &str {
        self.segments
            .iter()
            .find(|segment| Self::holds(segment, score))
            .map_or(&self.other, |s| &s.name)
    }

    /// Every cell of a `bins`-bin grid that two segments claim (the later
    /// one never wins there) and every cell no segment covers.
    ///
    /// `tick` runs once per bins cells, so the caller can check for a
    /// cancel request; the work is bounded by the limits of `parse`
    /// (at most bins³ × MAX_SEGMENTS rows).
    pub fn check(&self, bins: u8, mut tick: impl FnMut()) -> Vec<Problem> {
        let mut problems = Vec::new();
        for r in 1..=bins {
            for f in 1..=bins {
                tick();
                for m in 1..=bins {
                    let score = Score { r, f, m };
                    let mut claimants = self
                        .segments
                        .iter()
                        .filter(|segment| Self::holds(segment, &score));
                    match claimants.next() {
                        None => problems.push(Problem {
                            kind: "gap",
                            score,
                            segment: None,
                            winner: None,
                        }),
                        Some(winner) => problems.extend(claimants.map(|loser| Problem {
                            kind: "overlap",
                            score,
                            segment: Some(loser.name.clone()),
                            winner: Some(winner.name.clone()),
                        })),
                    }
                }
            }
        }
        problems
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub kind: &'static str,
    pub score: Score,
    /// The segment that never wins this cell (overlaps).
    pub segment: Option<String>,
    /// The earlier segment that takes it.
    pub winner: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn score(text: &str) -> Score {
        Score::parse(text).unwrap()
    }

    #[test]
    fn map_size_nesting_and_nul_are_limited() {
        use crate::error::Kind;
        let many = |count: usize| {
            let segment = r#"{"name":"s","r":[1,5]}"#;
            format!(r#"{{"segments":[{}]}}"#, vec![segment; count].join(","))
        };
        assert!(SegmentMap::parse(&many(MAX_SEGMENTS)).is_ok());
        assert_eq!(
            SegmentMap::parse(&many(MAX_SEGMENTS + 1)).unwrap_err().kind,
            Kind::LimitExceeded
        );
        let long = format!(
            r#"{{"segments":[{{"name":"{}"}}]}}"#,
            "x".repeat(MAX_NAME_BYTES + 1)
        );
        assert_eq!(
            SegmentMap::parse(&long).unwrap_err().kind,
            Kind::LimitExceeded
        );
        let deep = format!("{}{}", "[".repeat(129), "]".repeat(129));
        assert_eq!(
            SegmentMap::parse(&deep).unwrap_err().kind,
            Kind::LimitExceeded
        );
        let nul = r#"{"segments":[{"name":"p\u0000"}]}"#;
        assert_eq!(
            SegmentMap::parse(nul).unwrap_err().kind,
            Kind::InvalidParameter
        );
        // The check visits every row of cells, so a cancel is seen quickly.
        let mut ticks = 0;
        SegmentMap::parse(&many(3))
            .unwrap()
            .check(10, || ticks += 1);
        assert_eq!(ticks, 100);
    }

    #[test]
    fn every_standard_cell_once() {
        let mut seen = std::collections::HashMap::new();
        for (name, _, cells) in STANDARD {
            for cell in cells {
                assert!(seen.insert(*cell, name).is_none(), "{cell:?} twice");
            }
        }
        assert_eq!(seen.len(), 25);
        assert_eq!(standard(&score("545"), Language::En).unwrap(), "Champions");
        // FM rounds half up: F 4 + M 5 → 4.5 → 5.
        assert_eq!(fm(&score("545")), 5);
        assert_eq!(fm(&score("512")), 2);
        assert_eq!(standard(&score("111"), Language::Zh).unwrap(), "流失客户");
        assert!(standard(&score("611"), Language::En).is_err());
    }

    #[test]
    fn cn8_keeps_recency_the_right_way_round() {
        assert_eq!(cn8([true, true, true], Language::Zh), "重要价值客户");
        assert_eq!(cn8([false, true, true], Language::Zh), "重要保持客户");
        assert_eq!(cn8([true, false, true], Language::Zh), "重要发展客户");
        assert_eq!(cn8([false, false, true], Language::Zh), "重要挽留客户");
        assert_eq!(cn8([true, true, false], Language::En), "general value");
        assert_eq!(cn8([false, false, false], Language::En), "general win-back");
    }

    #[test]
    fn custom_maps_first_match_and_checks() {
        let map = SegmentMap::parse(
            r#"{"segments":[{"name":"VIP","r":[4,5],"f":[4,5],"m":[3,5]},{"name":"Active","r":[3,5]},{"name":"Shadowed","r":[5,5],"f":[5,5]}],"other":"Others"}"#,
        )
        .unwrap();
        assert_eq!(map.segment(&score("545")), "VIP");
        assert_eq!(map.segment(&score("311")), "Active");
        assert_eq!(map.segment(&score("155")), "Others");
        let problems = map.check(5, || ());
        let shadowed = problems
            .iter()
            .filter(|p| p.segment.as_deref() == Some("Shadowed"))
            .count();
        assert_eq!(shadowed, 5);
        assert_eq!(problems.iter().filter(|p| p.kind == "gap").count(), 50);
        let bad = SegmentMap::parse(r#"{"segments":[{"name":"Odd","r":[4,2]}]}"#).unwrap_err();
        assert!(bad.message.contains("segment \"Odd\""), "{}", bad.message);
        assert_eq!(
            SegmentMap::parse("{").unwrap_err().kind,
            crate::error::Kind::InvalidText
        );
        assert!(SegmentMap::parse(r#"{"segments":[]}"#).is_err());
    }
}
