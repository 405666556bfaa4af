//! Tables of forms and templates written out once per form.

use std::collections::HashMap;

/// Rows of named cells.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    columns: Vec<String>,
    rows: Vec<HashMap<String, String>>,
}

fn cells(line: &str) -> Vec<String> {
    line.split('|')
        .map(|cell| cell.trim().to_string())
        .collect()
}

impl Table {
    /// A header line naming the columns, then one line per row, cells
    /// separated by `|`; blank lines and lines starting with `--` are left
    /// out.
    pub fn parse(text: &str) -> Result<Table, String> {
        let mut lines = text
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty() && !line.starts_with("--"));
        let columns = cells(lines.next().ok_or("the table of forms is empty")?);
        let mut rows = Vec::new();
        for line in lines {
            let row = cells(line);
            if row.len() != columns.len() {
                return Err(format!(
                    "{} cells where the header has {}: {line}",
                    row.len(),
                    columns.len()
                ));
            }
            rows.push(columns.iter().cloned().zip(row).collect());
        }
        Ok(Table { columns, rows })
    }

    pub fn rows(&self) -> impl Iterator<Item = &HashMap<String, String>> {
        self.rows.iter()
    }

    fn shared(&self, other: &Table) -> Vec<String> {
        other
            .columns
            .iter()
            .filter(|column| self.columns.contains(column))
            .cloned()
            .collect()
    }

    fn matches(
        row: &HashMap<String, String>,
        other: &HashMap<String, String>,
        on: &[String],
    ) -> bool {
        on.iter().all(|column| row[column] == other[column])
    }

    /// Every row with every row of `other` that agrees with it on the
    /// columns both have (with none in common, every pair). A row that
    /// finds no partner is an error: a lookup must cover every form.
    pub fn join(&self, other: &Table) -> Result<Table, String> {
        let on = self.shared(other);
        let mut columns = self.columns.clone();
        columns.extend(
            other
                .columns
                .iter()
                .filter(|column| !on.contains(column))
                .cloned(),
        );
        let mut rows = Vec::new();
        for row in &self.rows {
            let partners: Vec<_> = other
                .rows
                .iter()
                .filter(|partner| Self::matches(row, partner, &on))
                .collect();
            if partners.is_empty() {
                return Err(format!(
                    "no row of a joined table matches {row:?} on {on:?}"
                ));
            }
            for partner in partners {
                let mut joined = row.clone();
                joined.extend(partner.iter().map(|(k, v)| (k.clone(), v.clone())));
                rows.push(joined);
            }
        }
        Ok(Table { columns, rows })
    }

    /// The rows, those that agree with a row of `other` on all its columns
    /// but the last taking that row's last cell. Every row of `other` must
    /// match a form, and name only columns the forms have.
    pub fn override_with(&self, other: &Table) -> Result<Table, String> {
        if let Some(unknown) = other.columns.iter().find(|c| !self.columns.contains(c)) {
            return Err(format!("override: no column {unknown} in the forms"));
        }
        let on = &other.columns[..other.columns.len() - 1];
        let mut table = self.clone();
        for partner in &other.rows {
            let mut found = false;
            for row in table.rows.iter_mut() {
                if Self::matches(row, partner, on) {
                    row.extend(partner.iter().map(|(k, v)| (k.clone(), v.clone())));
                    found = true;
                }
            }
            if !found {
                return Err(format!("override: no form matches {partner:?}"));
            }
        }
        Ok(table)
    }
}

/// `template` with its placeholders replaced from `row`: `{column}` by the
/// cell, `{column:text}` by the cell with `*` replaced by `text`. Cells may
/// name other columns in turn. Braces that are not a placeholder (an array
/// literal such as `'{1.5,2}'`) stay as they are; a placeholder naming no
/// column is an error.
pub fn fill(template: &str, row: &HashMap<String, String>) -> Result<String, String> {
    let mut text = template.to_string();
    for _ in 0..8 {
        let mut out = String::new();
        let mut rest = text.as_str();
        let mut changed = false;
        while let Some(start) = rest.find('{') {
            out.push_str(&rest[..start]);
            let after = &rest[start + 1..];
            let Some(end) = after
                .find(['}', '{'])
                .filter(|&end| after[end..].starts_with('}'))
            else {
                out.push('{');
                rest = after;
                continue;
            };
            let inside = &after[..end];
            let (name, star) = match inside.split_once(':') {
                Some((name, star)) => (name, Some(star)),
                None => (inside, None),
            };
            let is_name =
                !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
            if !is_name || name.chars().all(|c| c.is_ascii_digit()) {
                out.push('{');
                rest = after;
                continue;
            }
            let cell = row
                .get(name)
                .ok_or_else(|| format!("no column {{{name}}}"))?;
            match star {
                Some(star) => out.push_str(&cell.replace('*', star)),
                None => out.push_str(cell),
            }
            changed = true;
            rest = &after[end + 1..];
        }
        out.push_str(rest);
        text = out;
        if !changed {
            return Ok(text);
        }
    }
    Err(format!("placeholders that never resolve: {text}"))
}

/// The template once per row of the table, in order, each after a newline.
pub fn render(template: &str, table: &Table) -> Result<String, String> {
    let template = template.trim_matches('\n');
    let mut out = String::from("\n");
    for row in table.rows() {
        out.push_str(&fill(template, row)?);
        out.push('\n');
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::{render, Table};

    fn table(text: &str) -> Table {
        Table::parse(text).unwrap()
    }

    #[test]
    fn writes_the_template_once_per_form() {
        let sql = render(
            "CREATE AGGREGATE a({node} {type}) (SFUNC = {node}_tr);",
            &table("node | type\n-- a comment\nx | text\n\ny | bigint[]\n"),
        )
        .unwrap();
        assert_eq!(
            sql,
            "\nCREATE AGGREGATE a(x text) (SFUNC = x_tr);\nCREATE AGGREGATE a(y bigint[]) (SFUNC = y_tr);\n"
        );
    }

    #[test]
    fn refuses_rows_of_another_width_and_unknown_columns() {
        assert!(Table::parse("a | b\n1\n").unwrap_err().contains("1 cells"));
        assert!(render("{a} {c}", &table("a\n1\n"))
            .unwrap_err()
            .contains("no column {c}"));
        assert!(Table::parse("").is_err());
        // Braces that are not a column name are SQL (an array literal).
        assert_eq!(
            render("'{1.5,2}' '{}' '{1}' {a}", &table("a\nx\n")).unwrap(),
            "\n'{1.5,2}' '{}' '{1}' x\n"
        );
    }

    #[test]
    fn joins_look_up_and_multiply() {
        let forms = table("node | shape\ntext | h\nint | h\ntext | s\n");
        let shapes = table("shape | decode\nh | TREE\ns | SCHEME\n");
        let amounts = table("amount | a\nnumeric | n\nfloat8 | f\n");
        let joined = forms.join(&shapes).unwrap().join(&amounts).unwrap();
        assert_eq!(
            render("{node}/{decode}/{amount}", &joined).unwrap(),
            "\ntext/TREE/numeric\ntext/TREE/float8\nint/TREE/numeric\nint/TREE/float8\ntext/SCHEME/numeric\ntext/SCHEME/float8\n"
        );
        assert!(forms
            .join(&table("shape | decode\nh | TREE\n"))
            .unwrap_err()
            .contains("no row"));
    }

    #[test]
    fn overrides_replace_cells_of_matching_forms() {
        let forms = table("node | a | symbols\ntext | n | rt_{a}_*tr\ntext | f | rt_{a}_*tr\n");
        let legacy = table("node | a | symbols\ntext | n | rollup_tree_*transition\n");
        let forms = forms.override_with(&legacy).unwrap();
        assert_eq!(
            render("{symbols:} {symbols:id_}", &forms).unwrap(),
            "\nrollup_tree_transition rollup_tree_id_transition\nrt_f_tr rt_f_id_tr\n"
        );
        assert!(forms
            .override_with(&table("node | a | symbols\nint | n | x\n"))
            .unwrap_err()
            .contains("no form"));
    }

    #[test]
    fn cells_name_other_columns() {
        let forms = table("what | note\nRows at every node* | ; float8 amounts\n");
        assert_eq!(
            render("'{what:}{note}.' '{what: with customers}{note}.'", &forms).unwrap(),
            "\n'Rows at every node; float8 amounts.' 'Rows at every node with customers; float8 amounts.'\n"
        );
    }
}
