//! `extension_sql_forms!(TEMPLATE, FORMS, name = ..., requires = [...])`:
//! pgrx's `extension_sql!` with the SQL written once for many overloads.
//!
//! FORMS is a table: a header line naming the columns and one line per
//! form, cells separated by `|` (blank lines and lines starting with `--`
//! are left out). TEMPLATE is written out once per form, in the table's
//! order, with every `{column}` replaced by that form's cell. Everything
//! after FORMS is passed to `extension_sql!` as it is.

use proc_macro::{Delimiter, Group, Ident, Literal, Punct, Spacing, Span, TokenStream, TokenTree};

#[proc_macro]
pub fn extension_sql_forms(input: TokenStream) -> TokenStream {
    match expand(input) {
        Ok(output) => output,
        Err(message) => format!("::core::compile_error!({message:?});")
            .parse()
            .expect("compile_error"),
    }
}

fn expand(input: TokenStream) -> Result<TokenStream, String> {
    let mut tokens = input.into_iter();
    let template = string_literal(tokens.next(), "the SQL template")?;
    comma(tokens.next())?;
    let forms = string_literal(tokens.next(), "the table of forms")?;
    comma(tokens.next())?;
    let sql = render(&template, &forms)?;

    let mut arguments = TokenStream::new();
    arguments.extend([
        TokenTree::Literal(Literal::string(&sql)),
        TokenTree::Punct(Punct::new(',', Spacing::Alone)),
    ]);
    arguments.extend(tokens);
    let mut output = TokenStream::new();
    output.extend([
        TokenTree::Punct(Punct::new(':', Spacing::Joint)),
        TokenTree::Punct(Punct::new(':', Spacing::Alone)),
        TokenTree::Ident(Ident::new("pgrx", Span::call_site())),
        TokenTree::Punct(Punct::new(':', Spacing::Joint)),
        TokenTree::Punct(Punct::new(':', Spacing::Alone)),
        TokenTree::Ident(Ident::new("extension_sql", Span::call_site())),
        TokenTree::Punct(Punct::new('!', Spacing::Alone)),
        TokenTree::Group(Group::new(Delimiter::Parenthesis, arguments)),
        TokenTree::Punct(Punct::new(';', Spacing::Alone)),
    ]);
    Ok(output)
}

fn comma(token: Option<TokenTree>) -> Result<(), String> {
    match token {
        Some(TokenTree::Punct(punct)) if punct.as_char() == ',' => Ok(()),
        _ => Err("extension_sql_forms!: expected a comma".into()),
    }
}

/// The value of a string literal, plain or raw.
fn string_literal(token: Option<TokenTree>, what: &str) -> Result<String, String> {
    let Some(TokenTree::Literal(literal)) = token else {
        return Err(format!(
            "extension_sql_forms!: expected {what} as a string literal"
        ));
    };
    let text = literal.to_string();
    if let Some(raw) = text.strip_prefix('r') {
        let hashes = raw.len() - raw.trim_start_matches('#').len();
        let body = &raw[hashes..raw.len() - hashes];
        return body
            .strip_prefix('"')
            .and_then(|body| body.strip_suffix('"'))
            .map(str::to_string)
            .ok_or_else(|| format!("extension_sql_forms!: {what} is not a string"));
    }
    let body = text
        .strip_prefix('"')
        .and_then(|body| body.strip_suffix('"'))
        .ok_or_else(|| format!("extension_sql_forms!: {what} is not a string"))?;
    let mut value = String::new();
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            value.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => value.push('\n'),
            Some('t') => value.push('\t'),
            Some(c @ ('\\' | '"' | '\'')) => value.push(c),
            _ => {
                return Err(format!(
                    "extension_sql_forms!: {what}: write it as a raw string"
                ))
            }
        }
    }
    Ok(value)
}

fn cells(line: &str) -> Vec<&str> {
    line.split('|').map(str::trim).collect()
}

/// The template once per form of the table.
fn render(template: &str, forms: &str) -> Result<String, String> {
    let mut lines = forms
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with("--"));
    let header = cells(
        lines
            .next()
            .ok_or("extension_sql_forms!: the table of forms is empty")?,
    );
    let template = template.trim_matches('\n');
    let mut sql = String::from("\n");
    for line in lines {
        let row = cells(line);
        if row.len() != header.len() {
            return Err(format!(
                "extension_sql_forms!: {} cells where the header has {}: {line}",
                row.len(),
                header.len()
            ));
        }
        let mut statement = template.to_string();
        for (column, cell) in header.iter().zip(&row) {
            statement = statement.replace(&format!("{{{column}}}"), cell);
        }
        if let Some(start) = statement
            .find('{')
            .filter(|&at| statement[at..].contains('}'))
        {
            let end = start + statement[start..].find('}').expect("checked");
            if statement[start + 1..end]
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_')
            {
                return Err(format!(
                    "extension_sql_forms!: no column {}",
                    &statement[start..=end]
                ));
            }
        }
        sql.push_str(&statement);
        sql.push('\n');
    }
    Ok(sql)
}

#[cfg(test)]
mod tests {
    use super::render;

    #[test]
    fn writes_the_template_once_per_form() {
        let sql = render(
            "CREATE AGGREGATE a({node} {type}) (SFUNC = {node}_tr);",
            "node | type\n-- a comment\nx | text\n\ny | bigint[]\n",
        )
        .unwrap();
        assert_eq!(
            sql,
            "\nCREATE AGGREGATE a(x text) (SFUNC = x_tr);\nCREATE AGGREGATE a(y bigint[]) (SFUNC = y_tr);\n"
        );
    }

    #[test]
    fn refuses_rows_of_another_width_and_unknown_columns() {
        assert!(render("{a}", "a | b\n1\n").unwrap_err().contains("1 cells"));
        assert!(render("{a} {c}", "a\n1\n")
            .unwrap_err()
            .contains("no column {c}"));
        assert!(render("{a}", "").is_err());
        // Braces that are not a column name are SQL (an array literal).
        assert_eq!(
            render("'{1.5,2}' {a}", "a\nx\n").unwrap(),
            "\n'{1.5,2}' x\n"
        );
    }
}
