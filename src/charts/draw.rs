//! The charts: horizontal bars, the Pareto curve, the class tree as one
//! stacked bar per level. Pure functions from data and options to an SVG
//! document; the same input always gives the same bytes.

use crate::charts::svg::{escaped_len, fit, text_width, Options, Svg, PALETTE};
use crate::error::{Error, Result};
use crate::hierarchy::totals::TreeRow;
use crate::reports::spread::Concentration;

/// Most bars one chart may draw.
pub const MAX_BARS: usize = 1000;

/// The largest SVG a chart returns: PostgreSQL's largest text value
/// (1 GB less its header), with room to spare.
const MAX_SVG_BYTES: usize = (1 << 30) - (1 << 20);

/// Points of the Pareto curve at most (customers are sampled evenly above).
const MAX_CURVE_POINTS: usize = 400;

const FONT: f64 = 12.0;

/// Title height, 0 without a title.
fn title(svg: &mut Svg, options: &Options, width: f64) -> f64 {
    match &options.title {
        Some(title) => {
            let shown = fit(title, width - 20.0, 15.0);
            svg.text(
                width / 2.0,
                24.0,
                "middle",
                " font-size=\"15\" font-weight=\"bold\"",
                &shown,
            );
            36.0
        }
        None => 8.0,
    }
}

/// A horizontal bar chart: one bar per (label, value) in the given order,
/// the value printed after the bar. Bars start at 0; a negative value has
/// no bar, only its number.
pub fn bars(rows: &[(Option<String>, f64)], options: &Options) -> Result<String> {
    if rows.len() > MAX_BARS {
        return Err(Error::limit_exceeded(format!(
            "svg_bars draws at most {MAX_BARS} bars, not {}",
            rows.len()
        )));
    }
    let width = options.width.unwrap_or(640.0);
    let labels: Vec<&str> = rows
        .iter()
        .map(|(label, _)| label.as_deref().unwrap_or("NULL"))
        .collect();
    let numbers: Vec<String> = rows
        .iter()
        .map(|(_, v)| options.number.format(*v))
        .collect();
    // Each label is written whole once (escaped, in its bar's tooltip),
    // besides a copy cut to the label column and about 400 bytes of
    // markup a bar: refused before drawing when that passes the largest
    // text value PostgreSQL returns (the state's bound allows 1 GB of labels).
    let output = labels
        .iter()
        .zip(&numbers)
        .map(|(label, number)| escaped_len(label) + number.len() + 600)
        .fold(4096usize, usize::saturating_add);
    if output > MAX_SVG_BYTES {
        return Err(Error::limit_exceeded(format!(
            "svg_bars: the chart would take about {output} bytes, more than a text value may hold (1 GB); shorten the labels"
        )));
    }
    let label_width = labels
        .iter()
        .map(|label| text_width(label, FONT))
        .fold(40.0f64, f64::max)
        .min(width * 0.35);
    let number_width = numbers
        .iter()
        .map(|n| text_width(n, FONT))
        .fold(30.0f64, f64::max)
        + 8.0;
    let top_pad = if options.title.is_some() { 36.0 } else { 8.0 };
    let row = match options.height {
        Some(height) => ((height - top_pad - 8.0) / rows.len().max(1) as f64).max(4.0),
        None => 24.0,
    };
    let height = options
        .height
        .unwrap_or(top_pad + 8.0 + row * rows.len().max(1) as f64);
    let label_text = options
        .title
        .clone()
        .unwrap_or_else(|| "Bar chart".to_string());
    let mut svg = Svg::new(width, height, &label_text);
    let top = title(&mut svg, options, width);
    let left = 10.0 + label_width + 6.0;
    let span = (width - left - number_width - 10.0).max(10.0);
    let max = rows.iter().map(|(_, v)| *v).fold(0.0f64, f64::max);
    for (index, ((label, number), (_, value))) in labels.iter().zip(&numbers).zip(rows).enumerate()
    {
        crate::interrupts::tick();
        let y = top + row * index as f64;
        let length = if max > 0.0 {
            span * value.max(0.0) / max
        } else {
            0.0
        };
        let middle = y + row / 2.0 + FONT * 0.35;
        svg.text(
            left - 6.0,
            middle,
            "end",
            "",
            &fit(label, label_width, FONT),
        );
        svg.rect(
            left,
            y + row * 0.15,
            length,
            row * 0.7,
            PALETTE[0],
            &format!("{label}: {number}"),
        );
        svg.text(left + length + 4.0, middle, "start", "", number);
    }
    svg.line(
        left,
        top,
        left,
        top + row * rows.len() as f64,
        "stroke=\"#333333\"",
    );
    Ok(svg.finish())
}

/// The Pareto curve: customers sorted by value, largest first, against
/// their cumulative share of the total, with a marker at the top fraction
/// (default 10%: "top 10% bring 57.4%") and one at the share (default 80%:
/// "80% from 23% of customers").
pub fn pareto(values: &Concentration, options: &Options) -> Result<String> {
    let top_fraction = options.fraction("top", 0.1)?;
    let share = options.fraction("share", 0.8)?;
    let width = options.width.unwrap_or(480.0);
    let height = options.height.unwrap_or(360.0);
    let label_text = options
        .title
        .clone()
        .unwrap_or_else(|| "Pareto curve".to_string());
    let mut svg = Svg::new(width, height, &label_text);
    let top = title(&mut svg, options, width);
    let (left, right, bottom) = (48.0, 16.0, 36.0);
    let plot_w = (width - left - right).max(10.0);
    let plot_h = (height - top - bottom).max(10.0);
    let x = |fraction: f64| left + plot_w * fraction;
    let y = |fraction: f64| top + plot_h * (1.0 - fraction);
    let percent = |v: f64| format!("{:.0}%", v * 100.0);
    // Axes and grid at every 20%.
    for step in 0..=5 {
        let f = step as f64 / 5.0;
        svg.line(x(0.0), y(f), x(1.0), y(f), "stroke=\"#e0e0e0\"");
        svg.text(
            left - 4.0,
            y(f) + 4.0,
            "end",
            " font-size=\"10\"",
            &percent(f),
        );
        svg.text(
            x(f),
            y(0.0) + 14.0,
            "middle",
            " font-size=\"10\"",
            &percent(f),
        );
    }
    svg.line(x(0.0), y(0.0), x(1.0), y(0.0), "stroke=\"#333333\"");
    svg.line(x(0.0), y(0.0), x(0.0), y(1.0), "stroke=\"#333333\"");
    svg.text(
        x(0.5),
        height - 6.0,
        "middle",
        " font-size=\"11\"",
        "share of customers, largest first",
    );
    svg.line(
        x(0.0),
        y(0.0),
        x(1.0),
        y(1.0),
        "stroke=\"#999999\" stroke-dasharray=\"4 3\"",
    );
    let ranked = values.values();
    let total = values.total();
    let n = ranked.len();
    if n > 0 && total > 0.0 {
        // Cumulative share after each customer; sampled when there are many.
        let mut cumulative = Vec::with_capacity(n);
        let mut sum = 0.0;
        for value in ranked {
            crate::interrupts::tick();
            sum += value;
            cumulative.push(sum / total);
        }
        let mut points = vec![(0.0, 0.0)];
        let step = n.div_ceil(MAX_CURVE_POINTS);
        let mut index = step - 1;
        while index < n {
            crate::interrupts::tick();
            points.push(((index + 1) as f64 / n as f64, cumulative[index]));
            index += step;
        }
        if points.last().map(|p| p.0) != Some(1.0) {
            points.push((1.0, 1.0));
        }
        let path: Vec<String> = points
            .iter()
            .map(|(cx, cy)| {
                format!(
                    "{},{}",
                    crate::charts::svg::px(x(*cx)),
                    crate::charts::svg::px(y(*cy))
                )
            })
            .collect();
        svg.raw(&format!(
            "<polyline points=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\"/>",
            path.join(" "),
            PALETTE[0]
        ));
        // The markers show what top_share and customers_for_share return.
        let top_share = values.top_share(top_fraction)?.unwrap_or(0.0);
        let marker = "stroke=\"#e15759\" stroke-dasharray=\"3 3\"";
        svg.line(
            x(top_fraction),
            y(0.0),
            x(top_fraction),
            y(top_share),
            marker,
        );
        svg.line(x(0.0), y(top_share), x(top_fraction), y(top_share), marker);
        svg.raw(&format!(
            "<circle cx=\"{}\" cy=\"{}\" r=\"4\" fill=\"#e15759\"/>",
            crate::charts::svg::px(x(top_fraction)),
            crate::charts::svg::px(y(top_share))
        ));
        let fmt = |v: f64| {
            let mut f = options.number.clone();
            f.percent = true;
            f.prefix.clear();
            f.suffix.clear();
            f.format(v)
        };
        svg.text(
            x(top_fraction) + 8.0,
            y(top_share) + 16.0,
            "start",
            " fill=\"#e15759\"",
            &format!("top {} bring {}", fmt(top_fraction), fmt(top_share)),
        );
        let needed = values.customers_for_share(share)?.unwrap_or(n as i64);
        let needed_fraction = needed as f64 / n as f64;
        let marker = "stroke=\"#59a14f\" stroke-dasharray=\"3 3\"";
        svg.line(x(needed_fraction), y(share), x(1.0), y(share), marker);
        svg.line(
            x(needed_fraction),
            y(0.0),
            x(needed_fraction),
            y(share),
            marker,
        );
        svg.raw(&format!(
            "<circle cx=\"{}\" cy=\"{}\" r=\"4\" fill=\"#59a14f\"/>",
            crate::charts::svg::px(x(needed_fraction)),
            crate::charts::svg::px(y(share))
        ));
        svg.text(
            x(1.0) - 4.0,
            y(share) + 16.0,
            "end",
            " fill=\"#3b7d3b\"",
            &format!(
                "{} of the total from {} of customers ({needed})",
                fmt(share),
                fmt(needed_fraction)
            ),
        );
    }
    Ok(svg.finish())
}

/// The class tree: one stacked bar per level, each node a segment as wide
/// as its share of the grand total, in tree order, labelled with its name
/// and share when it fits; every segment has a tooltip with its amount.
pub fn tree(rows: &[TreeRow<'_>], unclassified: &str, options: &Options) -> Result<String> {
    let width = options.width.unwrap_or(720.0);
    let levels = rows.iter().map(|row| row.level).max().unwrap_or(0).max(1) as usize;
    let top_pad = if options.title.is_some() { 36.0 } else { 8.0 };
    let band = match options.height {
        Some(height) => ((height - top_pad - 8.0) / levels as f64).max(8.0),
        None => 44.0,
    };
    let height = options
        .height
        .unwrap_or(top_pad + 8.0 + band * levels as f64);
    let label_text = options
        .title
        .clone()
        .unwrap_or_else(|| "Class tree".to_string());
    let mut svg = Svg::new(width, height, &label_text);
    let top = title(&mut svg, options, width);
    let left = 70.0;
    let span = (width - left - 10.0).max(10.0);
    let mut percent = options.number.clone();
    percent.percent = true;
    percent.prefix.clear();
    percent.suffix.clear();
    // Shares take one decimal unless the chart's format is percent.
    if !options.number.percent {
        percent.decimals = 1;
    }
    for level in 1..=levels {
        let y = top + band * (level - 1) as f64;
        svg.text(
            left - 8.0,
            y + band / 2.0 + 4.0,
            "end",
            "",
            &format!("level {level}"),
        );
    }
    // Each class starts where its parent starts, after its earlier
    // siblings, so a level's segments sit under their parents.
    let mut cursor: std::collections::HashMap<&str, f64> = std::collections::HashMap::new();
    let mut roots = 0.0;
    let mut colours = vec![0usize; levels + 1];
    for row in rows {
        crate::interrupts::tick();
        let level = row.level.max(1) as usize;
        let y = top + band * (level - 1) as f64;
        let share = row.share_of_total.unwrap_or(0.0).max(0.0);
        let w = span * share;
        let start = match row.parent.and_then(|parent| cursor.get_mut(parent)) {
            Some(next) => {
                let start = *next;
                *next += w;
                start
            }
            None => {
                let start = roots;
                roots += w;
                start
            }
        };
        if let Some(key) = row.node {
            cursor.insert(key, start);
        }
        let name = match row.node {
            None => unclassified.to_string(),
            Some(key) => row.name.unwrap_or(key).to_string(),
        };
        let fill = if row.node.is_none() {
            "#bab0ac"
        } else {
            let fill = PALETTE[colours[level] % (PALETTE.len() - 1)];
            colours[level] += 1;
            fill
        };
        let amount = options.number.format(row.total.amount.to_f64());
        svg.rect(
            left + start,
            y + 4.0,
            w,
            band - 8.0,
            fill,
            &format!("{name}: {amount} ({})", percent.format(share)),
        );
        let caption = format!("{name} {}", percent.format(share));
        let style = " font-size=\"11\" fill=\"#ffffff\"";
        if text_width(&caption, 11.0) + 6.0 <= w {
            svg.text(
                left + start + w / 2.0,
                y + band / 2.0 + 4.0,
                "middle",
                style,
                &caption,
            );
        } else if text_width(&name, 11.0) + 6.0 <= w {
            svg.text(
                left + start + w / 2.0,
                y + band / 2.0 + 4.0,
                "middle",
                style,
                &name,
            );
        }
    }
    Ok(svg.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(text: &str, allowed: &[&str]) -> Options {
        Options::parse(Some(text), allowed, false).unwrap()
    }

    fn percent_options(text: &str) -> Options {
        Options::parse(Some(text), &["top", "share"], true).unwrap()
    }

    #[test]
    fn bars_escape_labels_and_print_values() {
        let rows = vec![
            (Some("<script>alert(1)</script>".to_string()), 1500.0),
            (Some("广东".to_string()), 750.0),
            (None, -5.0),
        ];
        let svg = bars(&rows, &options(r#"{"title":"A & B"}"#, &[])).unwrap();
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(svg.ends_with("</svg>\n"));
        assert!(!svg.contains("<script"));
        assert!(svg.contains("&lt;script&gt;"));
        assert!(svg.contains("<title>A &amp; B</title>"));
        assert!(svg.contains(">1,500</text>"));
        assert!(svg.contains(">广东</text>"));
        assert!(svg.contains(">-5</text>"));
        assert_eq!(
            svg,
            bars(&rows, &options(r#"{"title":"A & B"}"#, &[])).unwrap()
        );
        // The longest bar spans the plot, half the value half the length.
        let widths: Vec<f64> = svg
            .match_indices("<rect x=")
            .map(|(at, _)| {
                let rest = &svg[at..];
                let w = rest
                    .split("width=\"")
                    .nth(1)
                    .unwrap()
                    .split('"')
                    .next()
                    .unwrap();
                w.parse().unwrap()
            })
            .collect();
        assert!((widths[0] / widths[1] - 2.0).abs() < 0.01, "{widths:?}");
        assert_eq!(widths[2], 0.0);
    }

    #[test]
    fn pareto_marks_the_top_ten_percent() {
        let mut values = vec![60.0];
        values.extend(std::iter::repeat_n(40.0 / 9.0, 9));
        let c = Concentration::from_values(&values).unwrap();
        let svg = pareto(&c, &percent_options("{}")).unwrap();
        assert!(svg.contains("top 10.0% bring 60.0%"), "{svg}");
        assert!(svg.contains("80.0% of the total from 60.0% of customers (6)"));
        let empty = pareto(&Concentration::new(), &percent_options("{}")).unwrap();
        assert!(!empty.contains("polyline"));
        let many =
            Concentration::from_values(&(1..=5000).map(f64::from).collect::<Vec<_>>()).unwrap();
        let svg = pareto(&many, &percent_options(r#"{"decimals":0}"#)).unwrap();
        let points = svg
            .split("points=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        assert!(points.split(' ').count() <= MAX_CURVE_POINTS + 2);
        assert!(svg.contains("top 10% bring 19%"));
    }

    #[test]
    fn too_many_bars() {
        let rows = vec![(None, 1.0); MAX_BARS + 1];
        assert!(bars(&rows, &options("{}", &[])).is_err());
    }
}
