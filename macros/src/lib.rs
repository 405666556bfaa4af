//! Build-time helpers: the SQL (and the Rust entry points) of a family of
//! overloads written once, from one table.
//!
//! - `extension_sql_forms!`: a template written out once per form of a table
//!   (optionally joined with more tables), as SQL for pgrx's `extension_sql!`
//!   and, when asked, as Rust items.
//! - `state_type!`: an aggregate's transition state as a SQL type of its own,
//!   with its input, output, final and combine functions, the transition
//!   functions and aggregates of every form, and their comments.
//! - `binary_io!`: the send and receive functions of a stored type and the
//!   `ALTER TYPE` that attaches them.

use proc_macro::{Delimiter, Group, Ident, Literal, Punct, Spacing, Span, TokenStream, TokenTree};

mod table;

use table::{fill, render, Table};

/// `extension_sql_forms!(sql = TEMPLATE, [rust = TEMPLATE,] forms = TABLE,
/// [join = TABLE, ...] [override = TABLE, ...] name = ..., requires = [...])`.
///
/// A TABLE is a header line naming the columns and one line per row, cells
/// separated by `|` (blank lines and lines starting with `--` are left out).
/// The forms are the rows of `forms`, joined in turn with every `join`
/// table: on the columns they share (a lookup), or every row with every
/// row when they share none. Then each `override` table sets its last
/// column in the forms that match a row of it on its other columns.
///
/// Each template is written out once per form, in order, with every
/// `{column}` replaced by that form's cell and every `{column:text}` by
/// the cell with its `*` replaced by `text`; a cell may itself name other
/// columns. The SQL goes to `extension_sql!` with everything after the
/// tables; the Rust template, expanded, comes before it.
#[proc_macro]
pub fn extension_sql_forms(input: TokenStream) -> TokenStream {
    expand_or_error(input, forms)
}

/// `state_type!(RustType as name_state for name returning final_type,
/// comment = "...", [of = "the name aggregate",]
/// [final_comment = "final",] [combine_comment = "...",] [sspace = N,]
/// [forms = TABLE, [join = TABLE, ...]] name = ..., requires = [...])`.
///
/// Makes `RustType` (with inherent `encode`, `decode` and `merge`) the
/// transition state of aggregate `name`: `crate::state_type!` for the Rust
/// side, and the SQL of type `name_state` (input and output in base64),
/// of `name_final(name_state) RETURNS final_type` and `name_combine`, with
/// their comments. Each row of `forms` (columns `arguments` and, when not
/// the defaults, `aggregate`, `transition`, `symbol`, `volatility`,
/// `comment`) is a transition function `transition(state name_state,
/// arguments)` whose C symbol is `symbol_wrapper` and an aggregate
/// `aggregate(arguments)` over it, commented with `comment`. The forms may
/// be joined with more tables and their cells name other columns, as in
/// `extension_sql_forms!`.
#[proc_macro]
pub fn state_type(input: TokenStream) -> TokenStream {
    // The header, `RustType as name_state for name returning final_type`,
    // stands for the arguments state, sql_type, aggregate and returns.
    let mut tokens = input.into_iter().peekable();
    let mut header = Vec::new();
    while let Some(token) =
        tokens.next_if(|t| !matches!(t, TokenTree::Punct(p) if p.as_char() == ','))
    {
        header.push(token);
    }
    let rest: TokenStream = tokens.skip(1).collect();
    let words: Vec<String> = header.iter().map(ToString::to_string).collect();
    let at = |word: &str| words.iter().position(|w| w == word);
    let named = match (at("as"), at("for"), at("returning")) {
        (Some(r#as), Some(r#for), Some(returning))
            if 0 < r#as && r#as + 2 == r#for && r#for + 2 == returning && returning + 2 == words.len() =>
        {
            format!(
                "state = {}, sql_type = {}, aggregate = {}, returns = {},",
                words[..r#as].join(""),
                words[r#as + 1],
                words[r#for + 1],
                words[returning + 1]
            )
        }
        _ => {
            return "::core::compile_error!(\"state_type!: start with `RustType as name_state for name returning final_type,`\");"
                .parse()
                .expect("compile_error")
        }
    };
    let mut input: TokenStream = named.parse().expect("arguments");
    input.extend(rest);
    expand_or_error(input, state)
}

/// `binary_io!(type_name)`: `type_name_send` and `type_name_recv` (the
/// binary form is the stored one, so binary COPY and binary-protocol
/// clients move the same bytes) and the SQL that attaches them to the type.
#[proc_macro]
pub fn binary_io(input: TokenStream) -> TokenStream {
    expand_or_error(input, binary)
}

fn expand_or_error(
    input: TokenStream,
    expand: fn(Vec<Argument>) -> Result<TokenStream, String>,
) -> TokenStream {
    match arguments(input).and_then(expand) {
        Ok(output) => output,
        Err(message) => format!("::core::compile_error!({message:?});")
            .parse()
            .expect("compile_error"),
    }
}

/// One `key = value` argument (or a bare `flag`), with its tokens.
struct Argument {
    key: String,
    value: Vec<TokenTree>,
    tokens: Vec<TokenTree>,
}

impl Argument {
    fn string(&self) -> Result<String, String> {
        match self.value.as_slice() {
            [TokenTree::Literal(literal)] => string_literal(literal, &self.key),
            _ => Err(format!("{}: expected a string literal", self.key)),
        }
    }

    fn word(&self) -> Result<String, String> {
        let text: String = self.value.iter().map(ToString::to_string).collect();
        if text.is_empty() {
            return Err(format!("{}: expected a value", self.key));
        }
        Ok(text)
    }
}

fn arguments(input: TokenStream) -> Result<Vec<Argument>, String> {
    let mut arguments = Vec::new();
    let mut tokens = input.into_iter().peekable();
    while let Some(token) = tokens.next() {
        let TokenTree::Ident(key) = &token else {
            return Err(format!("expected an argument name, not `{token}`"));
        };
        let mut argument = Argument {
            key: key.to_string(),
            value: Vec::new(),
            tokens: vec![token.clone()],
        };
        if let Some(TokenTree::Punct(punct)) = tokens.peek() {
            if punct.as_char() == '=' {
                argument.tokens.push(tokens.next().expect("peeked"));
                while let Some(token) = tokens.peek() {
                    if matches!(token, TokenTree::Punct(p) if p.as_char() == ',') {
                        break;
                    }
                    let token = tokens.next().expect("peeked");
                    argument.value.push(token.clone());
                    argument.tokens.push(token);
                }
            }
        }
        match tokens.next() {
            None => {}
            Some(TokenTree::Punct(punct)) if punct.as_char() == ',' => {}
            Some(other) => {
                return Err(format!("{}: expected a comma, not `{other}`", argument.key))
            }
        }
        arguments.push(argument);
    }
    Ok(arguments)
}

/// Takes the argument `key` out of `arguments`.
fn take(arguments: &mut Vec<Argument>, key: &str) -> Option<Argument> {
    let at = arguments.iter().position(|argument| argument.key == key)?;
    Some(arguments.remove(at))
}

fn required(arguments: &mut Vec<Argument>, key: &str) -> Result<Argument, String> {
    take(arguments, key).ok_or_else(|| format!("missing argument `{key}`"))
}

/// `::pgrx::extension_sql!(sql, rest...);`
fn extension_sql(sql: &str, rest: &[Argument]) -> TokenStream {
    let mut arguments = TokenStream::new();
    arguments.extend([TokenTree::Literal(Literal::string(sql))]);
    for argument in rest {
        arguments.extend([TokenTree::Punct(Punct::new(',', Spacing::Alone))]);
        arguments.extend(argument.tokens.iter().cloned());
    }
    let mut output = TokenStream::new();
    output.extend(path(&["pgrx", "extension_sql"]));
    output.extend([
        TokenTree::Punct(Punct::new('!', Spacing::Alone)),
        TokenTree::Group(Group::new(Delimiter::Parenthesis, arguments)),
        TokenTree::Punct(Punct::new(';', Spacing::Alone)),
    ]);
    output
}

/// `::a::b`
fn path(segments: &[&str]) -> TokenStream {
    let mut output = TokenStream::new();
    for segment in segments {
        output.extend([
            TokenTree::Punct(Punct::new(':', Spacing::Joint)),
            TokenTree::Punct(Punct::new(':', Spacing::Alone)),
            TokenTree::Ident(Ident::new(segment, Span::call_site())),
        ]);
    }
    output
}

fn rust(code: &str) -> Result<TokenStream, String> {
    code.parse()
        .map_err(|error| format!("generated Rust does not parse ({error:?}): {code}"))
}

fn forms(mut arguments: Vec<Argument>) -> Result<TokenStream, String> {
    let sql = required(&mut arguments, "sql")?.string()?;
    let rust_template = take(&mut arguments, "rust")
        .map(|argument| argument.string())
        .transpose()?;
    let mut table = Table::parse(&required(&mut arguments, "forms")?.string()?)?;
    while let Some(join) = take(&mut arguments, "join") {
        table = table.join(&Table::parse(&join.string()?)?)?;
    }
    while let Some(overrides) = take(&mut arguments, "override") {
        table = table.override_with(&Table::parse(&overrides.string()?)?)?;
    }
    let mut output = TokenStream::new();
    if let Some(template) = rust_template {
        output.extend(rust(&render(&template, &table)?)?);
    }
    output.extend(extension_sql(&render(&sql, &table)?, &arguments));
    Ok(output)
}

/// Text inside a SQL string literal.
fn quoted(text: &str) -> String {
    text.replace('\'', "''")
}

/// The argument types of a SQL argument list: `at date, amount numeric`
/// gives `date, numeric`.
fn argument_types(arguments: &str) -> String {
    arguments
        .split(',')
        .map(|argument| {
            let argument = argument.trim();
            argument
                .split_once(char::is_whitespace)
                .map_or(argument, |(_, sql_type)| sql_type.trim())
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn state(mut arguments: Vec<Argument>) -> Result<TokenStream, String> {
    let state = required(&mut arguments, "state")?;
    let sql_type = required(&mut arguments, "sql_type")?.word()?;
    let aggregate = required(&mut arguments, "aggregate")?.word()?;
    let returns = required(&mut arguments, "returns")?.word()?;
    let comment = required(&mut arguments, "comment")?.string()?;
    let of = match take(&mut arguments, "of") {
        Some(of) => of.string()?,
        None => format!("the {aggregate} aggregate"),
    };
    let final_comment = match take(&mut arguments, "final_comment") {
        Some(text) => text.string()?,
        None => "final".into(),
    };
    let combine_comment = match take(&mut arguments, "combine_comment") {
        Some(text) => text.string()?,
        None => "combines partial states (parallel workers, Citus shards)".into(),
    };
    let sspace = take(&mut arguments, "sspace")
        .map(|sspace| sspace.word())
        .transpose()?
        .map(|sspace| format!(" SSPACE = {sspace},"))
        .unwrap_or_default();
    let mut forms = take(&mut arguments, "forms")
        .map(|forms| forms.string().and_then(|text| Table::parse(&text)))
        .transpose()?;
    while let Some(join) = take(&mut arguments, "join") {
        let other = Table::parse(&join.string()?)?;
        let table = forms.as_ref().ok_or("join: no forms to join")?;
        forms = Some(table.join(&other)?);
    }

    let state_tokens: String = state.value.iter().map(ToString::to_string).collect();
    let mut output = rust(&format!(
        "crate::state_type!({state_tokens}, {sql_type:?}, {aggregate:?}, {sql_type}_in, {sql_type}_out, {aggregate}_combine);"
    ))?;

    let (t, a) = (&sql_type, &aggregate);
    let mut sql = format!(
        "
CREATE TYPE {t};
CREATE FUNCTION {t}_in(cstring) RETURNS {t}
    IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', '{t}_in_wrapper';
CREATE FUNCTION {t}_out({t}) RETURNS cstring
    IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', '{t}_out_wrapper';
CREATE TYPE {t} (
    INPUT = {t}_in, OUTPUT = {t}_out, INTERNALLENGTH = VARIABLE, STORAGE = extended
);
CREATE FUNCTION {a}_final(state {t}) RETURNS {returns} IMMUTABLE PARALLEL SAFE
    LANGUAGE c AS 'MODULE_PATHNAME', '{a}_final_wrapper';
CREATE FUNCTION {a}_combine(state {t}, other {t}) RETURNS {t}
    IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', '{a}_combine_wrapper';
COMMENT ON TYPE {t} IS
  '{comment}';
COMMENT ON FUNCTION {t}_in(cstring) IS 'Input function of type {t} (base64 text).';
COMMENT ON FUNCTION {t}_out({t}) IS 'Output function of type {t} (base64 text).';
COMMENT ON FUNCTION {a}_final({t}) IS 'Support function of {of}: {final_comment}.';
COMMENT ON FUNCTION {a}_combine({t}, {t}) IS 'Support function of {of}: {combine_comment}.';
",
        comment = quoted(&comment),
        of = quoted(&of),
        final_comment = quoted(&final_comment),
        combine_comment = quoted(&combine_comment),
    );
    for form in forms.iter().flat_map(Table::rows) {
        let cell = |column: &str| form.get(column).map(|text| fill(text, form)).transpose();
        let arguments = cell("arguments")?.ok_or("forms: no column `arguments`")?;
        let types = argument_types(&arguments);
        let transition = cell("transition")?.unwrap_or(format!("{a}_transition"));
        let symbol = cell("symbol")?.unwrap_or(transition.clone());
        let volatility = cell("volatility")?.unwrap_or("IMMUTABLE".into());
        let name = cell("aggregate")?.unwrap_or(a.clone());
        sql.push_str(&format!(
            "
CREATE FUNCTION {transition}(state {t}, {arguments}) RETURNS {t}
    {volatility} PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', '{symbol}_wrapper';
CREATE AGGREGATE {name}({arguments}) (
    SFUNC = {transition}, STYPE = {t},{sspace} FINALFUNC = {a}_final,
    COMBINEFUNC = {a}_combine, PARALLEL = SAFE
);
COMMENT ON FUNCTION {transition}({t}, {types}) IS 'Support function of the {name} aggregate: transition.';
"
        ));
        if let Some(comment) = cell("comment")?.filter(|comment| !comment.is_empty()) {
            sql.push_str(&format!(
                "COMMENT ON AGGREGATE {name}({types}) IS\n  '{}';\n",
                quoted(&comment)
            ));
        }
    }
    output.extend(extension_sql(&sql, &arguments));
    Ok(output)
}

fn binary(input: Vec<Argument>) -> Result<TokenStream, String> {
    let [argument] = input.as_slice() else {
        return Err("binary_io!: expected one type name".into());
    };
    let name = argument.key.clone();
    if !argument.value.is_empty() {
        return Err("binary_io!: expected one type name".into());
    }
    let mut output = rust(&format!(
        "
#[::pgrx::pg_extern(immutable, strict, parallel_safe)]
fn {name}_send(value: crate::memo::Raw<{name}>) -> Vec<u8> {{
    value.bytes().to_vec()
}}

#[::pgrx::pg_extern(immutable, strict, parallel_safe)]
fn {name}_recv(buffer: ::pgrx::Internal) -> {name} {{
    crate::stored::received(buffer, {name:?})
}}
"
    ))?;
    let sql = format!(
        "
ALTER TYPE {name} SET (SEND = {name}_send, RECEIVE = {name}_recv);
COMMENT ON FUNCTION {name}_send({name}) IS 'Send function of type {name}: its versioned binary form, for binary COPY and binary-protocol clients.';
COMMENT ON FUNCTION {name}_recv(internal) IS 'Receive function of type {name}: reads its versioned binary form.';
"
    );
    let rest = arguments(
        format!("name = \"{name}_binary_io\", requires = [{name}, {name}_send, {name}_recv]")
            .parse()
            .expect("arguments"),
    )?;
    output.extend(extension_sql(&sql, &rest));
    Ok(output)
}

/// The value of a string literal, plain or raw.
fn string_literal(literal: &Literal, what: &str) -> Result<String, String> {
    let text = literal.to_string();
    if let Some(raw) = text.strip_prefix('r') {
        let hashes = raw.len() - raw.trim_start_matches('#').len();
        let body = &raw[hashes..raw.len() - hashes];
        return body
            .strip_prefix('"')
            .and_then(|body| body.strip_suffix('"'))
            .map(str::to_string)
            .ok_or_else(|| format!("{what} is not a string"));
    }
    let body = text
        .strip_prefix('"')
        .and_then(|body| body.strip_suffix('"'))
        .ok_or_else(|| format!("{what} is not a string"))?;
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
            _ => return Err(format!("{what}: write it as a raw string")),
        }
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::argument_types;

    #[test]
    fn argument_types_drop_the_names() {
        assert_eq!(
            argument_types("at timestamptz, amount double precision, shares float8[]"),
            "timestamptz, double precision, float8[]"
        );
    }
}
