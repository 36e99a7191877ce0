//! Running the pest grammar (`grammar/regkb.pest`) and turning its failures
//! into [`SyntaxError`]s a person can act on.
//!
//! A file is parsed whole; when that fails, it is parsed again item by item
//! so that every broken item is reported, not only the first. Nesting is
//! checked before pest runs, so no input can exhaust the parser's stack.

use super::ast::{Fixture, Item, Module, PlainView, Query};
use super::error::{MAX_NESTING, MAX_SYNTAX_ERRORS, SyntaxError};
use super::lower::Lowerer;
use super::read::Halt;
use crate::source::{FileId, Span};
use pest::Parser as _;
use pest::error::InputLocation;
use pest::iterators::Pair;
use std::sync::Arc;

/// The generated parser.
#[allow(missing_docs)]
#[derive(pest_derive::Parser)]
#[grammar = "../grammar/regkb.pest"]
pub struct RegkbParser;

/// Parses a knowledge base or batch file, item by item: plain facts and
/// queries through the fast path, everything else through the grammar.
/// Parsing goes on after a broken item (up to [`MAX_SYNTAX_ERRORS`]), so
/// every one is reported, and memory stays bounded by the largest item.
/// Every item of the result is a syntax tree.
pub fn parse_program(file: FileId, text: &str) -> (Module, Vec<SyntaxError>) {
    let (module, errors, _) = parse_items_of(file, text, Mode::Fast, &|| None);
    (module, errors)
}

/// [`parse_program`] for big files: plain facts and queries are kept as
/// offsets into `text` ([`Item::Plain`] runs over [`Module::plain`]), a
/// tenth of the memory of their syntax trees.
pub fn parse_program_compact(file: FileId, text: Arc<str>) -> (Module, Vec<SyntaxError>) {
    let (module, errors, _) = parse_program_until(file, text, &|| None);
    (module, errors)
}

/// [`parse_program_compact`] that looks at `halt` every so many items and
/// stops there (with what it read so far) when it says why.
pub fn parse_program_until(
    file: FileId,
    text: Arc<str>,
    halt: &dyn Fn() -> Option<Halt>,
) -> (Module, Vec<SyntaxError>, Option<Halt>) {
    let (mut module, errors, halted) = parse_items_of(file, &text, Mode::Compact, halt);
    module.plain.text = text;
    (module, errors, halted)
}

/// [`parse_program`] without the fast path: every item through the
/// grammar. For the test that pins the two to the same result.
#[doc(hidden)]
pub fn parse_program_with_grammar_only(file: FileId, text: &str) -> (Module, Vec<SyntaxError>) {
    let (module, errors, _) = parse_items_of(file, text, Mode::Grammar, &|| None);
    (module, errors)
}

/// Items parsed between two looks at the clock.
const ITEMS_PER_CHECK: usize = 1024;

/// How [`parse_items_of`] reads plain items.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Through the grammar.
    Grammar,
    /// Through the fast path, expanded into syntax trees.
    Fast,
    /// Through the fast path, kept compact.
    Compact,
}

fn parse_items_of(
    file: FileId,
    text: &str,
    mode: Mode,
    halt: &dyn Fn() -> Option<Halt>,
) -> (Module, Vec<SyntaxError>, Option<Halt>) {
    let mut errors = Vec::new();
    let mut module = Module {
        file,
        ..Module::default()
    };
    if let Err(e) = check_nesting(file, text) {
        return (module, vec![e], None);
    }
    let mut halted = None;
    let mut items = 0usize;
    if mode == Mode::Compact {
        // About one item per line; room that is never written costs no
        // memory, while growing by doubling would copy and briefly hold
        // three times the final size.
        let lines = text.bytes().filter(|&b| b == b'\n').count() + 1;
        module.plain.items.reserve(lines);
        module.plain.args.reserve(2 * lines);
    }
    let mut lower = Lowerer::new(file, text);
    let mut pos = 0;
    loop {
        pos = skip_blank(text, pos);
        if pos >= text.len() {
            break;
        }
        items += 1;
        if items.is_multiple_of(ITEMS_PER_CHECK)
            && let Some(h) = halt()
        {
            halted = Some(h);
            break;
        }
        if errors.len() + lower.errors.len() >= MAX_SYNTAX_ERRORS {
            errors.push(SyntaxError::TooMany {
                span: Span::new(file, pos, pos),
                limit: MAX_SYNTAX_ERRORS,
            });
            break;
        }
        if mode != Mode::Grammar
            && let Some((plain, end)) = lower.fast_plain(pos, &mut module.plain.args)
        {
            pos = end;
            let doc = if plain.query {
                None
            } else {
                lower.doc_above(plain.start as usize)
            };
            if mode == Mode::Compact && doc.is_none() {
                module.push_plain(plain);
            } else {
                let view = PlainView {
                    text,
                    args: &module.plain.args,
                    rows_of: None,
                };
                let mut item = view.expand(file, &plain);
                if let Item::Clause(c) = &mut item {
                    c.doc = doc.map(String::into_boxed_str);
                }
                module.plain.args.truncate(plain.args as usize);
                module.items.push(item);
            }
            continue;
        }
        if mode != Mode::Grammar
            && let Some((say, end)) = lower.fast_say(pos)
        {
            module.items.push(Item::Say(say));
            pos = end;
            continue;
        }
        match grammar_item(
            text,
            pos,
            &mut lower,
            &mut errors,
            &mut |lower, pair, items: &mut Vec<Item>| lower.item(pair, items),
            &mut module.items,
        ) {
            Some(next) => pos = next,
            None => break,
        }
    }
    errors.extend(lower.errors);
    errors.sort_by_key(|e| e.span().start);
    (module, errors, halted)
}

/// Skips white space and comments as the grammar's implicit rules do.
fn skip_blank(text: &str, mut pos: usize) -> usize {
    let bytes = text.as_bytes();
    loop {
        while pos < bytes.len() && matches!(bytes[pos], b' ' | b'\t' | b'\r' | b'\n') {
            pos += 1;
        }
        if text[pos..].starts_with('\u{FEFF}') {
            pos += '\u{FEFF}'.len_utf8();
            continue;
        }
        if pos < bytes.len() && bytes[pos] == b'%' {
            while pos < bytes.len() && bytes[pos] != b'\n' {
                pos += 1;
            }
            continue;
        }
        return pos;
    }
}

/// Parses a fixture file.
pub fn parse_fixture(file: FileId, text: &str) -> (Fixture, Vec<SyntaxError>) {
    let mut fixture = Fixture {
        shared: Module {
            file,
            origin: super::ast::Origin::FixtureShared,
            ..Module::default()
        },
        cases: Vec::new(),
    };
    if let Err(e) = check_nesting(file, text) {
        return (fixture, vec![e]);
    }
    let mut errors = Vec::new();
    let mut lower = Lowerer::new(file, text);
    let mut pairs_ok = Vec::new();
    match RegkbParser::parse(Rule::fixture, text) {
        Ok(mut pairs) => {
            for pair in pairs.next().expect("fixture").into_inner() {
                if pair.as_rule() != Rule::EOI {
                    pairs_ok.push(pair);
                }
            }
            for pair in pairs_ok {
                lower.fixture_item(pair, &mut fixture);
            }
        }
        Err(_) => {
            parse_items(
                text,
                &mut lower,
                &mut errors,
                |lower, pair, fixture: &mut Fixture| lower.fixture_item(pair, fixture),
                &mut fixture,
            );
        }
    }
    errors.extend(lower.errors);
    // A fixture runs on top of the knowledge base given with `--kb`: an
    // `@include` of its own would read files behind that choice.
    fixture.shared.items.retain(|item| match item {
        Item::Include(inc) => {
            errors.push(SyntaxError::Misplaced {
                span: inc.span,
                what: if inc.data.is_some() {
                    "`@facts`"
                } else {
                    "`@include`"
                },
                place: "in a fixture file (load files with `--kb`)",
            });
            false
        }
        _ => true,
    });
    (fixture, errors)
}

/// Parses one query written without `?-` (as at the prompt: `why p(a)`), or
/// with it. Used by the REPL and the fixture runner.
pub fn parse_query(file: FileId, text: &str) -> Result<Query, Vec<SyntaxError>> {
    check_nesting(file, text).map_err(|e| vec![e])?;
    let mut lower = Lowerer::new(file, text);
    match RegkbParser::parse(Rule::query_line, text) {
        Ok(mut pairs) => {
            let line = pairs.next().expect("query_line");
            let query = line.into_inner().next().expect("query");
            let q = lower.query(query);
            if lower.errors.is_empty() {
                Ok(q)
            } else {
                Err(lower.errors)
            }
        }
        Err(e) => Err(vec![translate(file, text, 0, Rule::query_line, &e)]),
    }
}

/// Parses items one at a time from the start, reporting each one that fails
/// and skipping to the end of its line's `.` to go on.
fn parse_items<T>(
    text: &str,
    lower: &mut Lowerer<'_>,
    errors: &mut Vec<SyntaxError>,
    mut each: impl FnMut(&mut Lowerer<'_>, Pair<'_, Rule>, &mut T),
    target: &mut T,
) {
    let mut pos = 0;
    while let Some(next) = grammar_item(text, pos, lower, errors, &mut each, target) {
        pos = next;
    }
}

/// Parses the item at `pos` with the grammar and hands it to `each`, or
/// reports why it fails and skips it. Returns the offset to go on from, or
/// `None` at the end of the text.
fn grammar_item<T>(
    text: &str,
    pos: usize,
    lower: &mut Lowerer<'_>,
    errors: &mut Vec<SyntaxError>,
    each: &mut impl FnMut(&mut Lowerer<'_>, Pair<'_, Rule>, &mut T),
    target: &mut T,
) -> Option<usize> {
    let rest = &text[pos..];
    match RegkbParser::parse(Rule::next_item, rest) {
        Ok(mut pairs) => {
            let outer = pairs.next().expect("next_item");
            match outer.into_inner().next() {
                Some(pair) if pair.as_rule() != Rule::EOI => {
                    let end = pair.as_span().end();
                    lower.offset = pos;
                    each(lower, pair, target);
                    lower.offset = 0;
                    Some(pos + end.max(1))
                }
                _ => None,
            }
        }
        Err(e) => {
            errors.push(translate(lower.file, text, pos, Rule::next_item, &e));
            let at = match e.location {
                InputLocation::Pos(p) => p,
                InputLocation::Span((s, _)) => s,
            };
            resync(rest, at).map(|next| pos + next)
        }
    }
}

/// Where to start again after an error at `at`: just after the next `.` that
/// ends a line (or is followed by white space), outside strings and comments.
fn resync(text: &str, at: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    // Start from the beginning of the failing item's line so a `.` before the
    // error inside the same item is not taken.
    let mut i = at;
    let mut in_string = false;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => in_string = !in_string,
            b'\\' if in_string => i += 1,
            b'\n' => in_string = false,
            b'%' if !in_string => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'.' if !in_string => {
                let next = bytes.get(i + 1).copied();
                if next.is_none_or(|c| c.is_ascii_whitespace() || c == b'%') {
                    return Some(i + 1);
                }
            }
            b'}' if !in_string => return Some(i + 1),
            _ => {}
        }
        i += 1;
    }
    None
}

/// Rejects nesting that would make parsing (or anything after it) recurse
/// too deeply.
fn check_nesting(file: FileId, text: &str) -> Result<(), SyntaxError> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut in_string = false;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if in_string {
            match b {
                b'\\' => i += 1,
                b'"' | b'\n' => in_string = false,
                _ => {}
            }
        } else {
            match b {
                b'"' => in_string = true,
                b'%' => {
                    while i < bytes.len() && bytes[i] != b'\n' {
                        i += 1;
                    }
                }
                b'(' | b'{' => {
                    depth += 1;
                    if depth > MAX_NESTING {
                        return Err(SyntaxError::TooDeep {
                            span: Span::new(file, i, i + 1),
                            what: "parentheses and braces",
                            limit: MAX_NESTING,
                        });
                    }
                }
                b')' | b'}' => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
        i += 1;
    }
    Ok(())
}

/// Turns a pest error into words: what was expected and what was found.
fn translate(
    file: FileId,
    text: &str,
    offset: usize,
    rule: Rule,
    e: &pest::error::Error<Rule>,
) -> SyntaxError {
    let pos = match e.location {
        InputLocation::Pos(p) => p,
        InputLocation::Span((s, _)) => s,
    } + offset;
    // Ask pest again with details on to learn the literal tokens it wanted.
    let mut expected: Vec<String> = Vec::new();
    pest::set_error_detail(true);
    let detailed = RegkbParser::parse(rule, &text[offset..]).err();
    pest::set_error_detail(false);
    let attempts = detailed.as_ref().and_then(|d| d.parse_attempts());
    let mut at = pos;
    if let Some(a) = attempts {
        at = a.max_position + offset;
        for t in a.expected_tokens() {
            // Literal tokens print as themselves; character ranges and
            // built-in rules say nothing a person can use.
            let token = t.to_string();
            if token != "BUILTIN_RULE" && !token.contains("..") {
                push_unique(&mut expected, format!("`{token}`"));
            }
        }
        for stack in a.call_stacks() {
            if let Some(w) = stack.parent.and_then(rule_words) {
                push_unique(&mut expected, w.to_string());
            }
        }
    }
    if expected.is_empty()
        && let pest::error::ErrorVariant::ParsingError { positives, .. } = &e.variant
    {
        for r in positives {
            if let Some(w) = rule_words(*r) {
                push_unique(&mut expected, w.to_string());
            }
        }
    }
    simplify_expected(&mut expected);
    if let Some(open) = open_string_before(text, at) {
        return SyntaxError::Unexpected {
            span: Span::new(file, open, open + 1),
            expected: vec!["the closing `\"` of this string".to_string()],
            found: "end of line".to_string(),
        };
    }
    // At the end of the input, point just after the last token, where the
    // missing piece belongs.
    if at >= text.len() {
        at = text.trim_end().len();
    }
    let found = found_at(text, at);
    let end = (at + found_len(text, at)).min(text.len());
    SyntaxError::Unexpected {
        span: Span::new(file, at, end),
        expected,
        found: if text[at..].trim().is_empty() {
            "end of input".to_string()
        } else {
            format!("`{found}`")
        },
    }
}

/// The offset of a `"` on the line of `at` that opens a string not closed
/// before `at`.
fn open_string_before(text: &str, at: usize) -> Option<usize> {
    let at = at.min(text.len());
    let line_start = text[..at].rfind('\n').map(|i| i + 1).unwrap_or(0);
    let bytes = text.as_bytes();
    let mut open = None;
    let mut i = line_start;
    while i < at {
        match bytes[i] {
            b'%' if open.is_none() => return None,
            b'"' => open = if open.is_some() { None } else { Some(i) },
            b'\\' if open.is_some() => i += 1,
            _ => {}
        }
        i += 1;
    }
    open
}

fn push_unique(v: &mut Vec<String>, s: String) {
    if !v.contains(&s) {
        v.push(s);
    }
}

/// Boils pest's expected tokens down to what a person would write: no
/// white space, "a condition" rather than every way one can start, "an
/// operator" rather than each operator; punctuation first.
fn simplify_expected(v: &mut Vec<String>) {
    const NOISE: [&str; 7] = [
        "`\t`",
        "`\n`",
        "`\r`",
        "` `",
        "`\u{feff}`",
        "`%`",
        "`\u{FEFF}`",
    ];
    v.retain(|e| !NOISE.contains(&e.as_str()) && !e.contains('\u{feff}'));
    if v.iter().any(|e| e == "`?-`") {
        *v = vec!["a fact, rule or query".to_string()];
        return;
    }
    if v.iter().any(|e| e == "`not`") {
        *v = vec!["a condition".to_string()];
        return;
    }
    if v.len() == 1 && v[0] == "`\"`" {
        *v = vec!["the closing `\"` of the string".to_string()];
        return;
    }
    let ops = ["`+`", "`-`", "`*`", "`/`", "`%`"];
    if v.iter().any(|e| ops.contains(&e.as_str())) {
        v.retain(|e| !ops.contains(&e.as_str()));
        v.push("an operator".to_string());
    }
    if v.len() > 1 {
        v.retain(|e| e != "`_`" && e != "`\"`" && e != "a fact, rule or query");
    }
    v.sort_by_key(|s| (!s.starts_with('`'), s.clone()));
    v.dedup();
}

/// What a grammar rule is called in an error message; `None` for rules that
/// are too internal to mention.
fn rule_words(rule: Rule) -> Option<&'static str> {
    Some(match rule {
        Rule::EOI => "end of input",
        Rule::atom | Rule::pred_name | Rule::arg_list => "a predicate name",
        Rule::clause | Rule::program | Rule::next_item => "a fact, rule or query",
        Rule::include
        | Rule::input
        | Rule::domain
        | Rule::source
        | Rule::valid
        | Rule::annotated
        | Rule::clause_block => "an annotation",
        Rule::query | Rule::query_line => "a query",
        Rule::body | Rule::negation | Rule::comparison | Rule::aggregate_binding => "a condition",
        Rule::expr | Rule::product | Rule::unary | Rule::primary => "a term",
        Rule::variable => "a variable",
        Rule::symbol => "a symbol",
        Rule::string | Rule::string_inner => "a quoted string",
        Rule::integer | Rule::decimal | Rule::date => "a number or date",
        Rule::cmp_op => "a comparison operator",
        Rule::add_op | Rule::mul_op | Rule::rem_op => "an operator",
        Rule::agg_op => "`count`, `sum`, `min` or `max`",
        Rule::aggregate => "an aggregate",
        Rule::case | Rule::kw_test => "a test case",
        Rule::expectation | Rule::expected => "an expected answer `=> ...`",
        Rule::binding | Rule::signed_constant => "a binding `Var = value`",
        _ => return None,
    })
}

fn found_at(text: &str, at: usize) -> String {
    let rest = &text[at.min(text.len())..];
    let n = found_len(text, at);
    let s = &rest[..n.min(rest.len())];
    if s == "\n" || s == "\r\n" {
        "end of line".to_string()
    } else {
        s.to_string()
    }
}

/// Length of the token at `at`: a word, a number, a string or one character.
fn found_len(text: &str, at: usize) -> usize {
    let rest = &text[at.min(text.len())..];
    let mut chars = rest.char_indices();
    match chars.next() {
        None => 0,
        Some((_, c)) if c.is_alphanumeric() || c == '_' => rest
            .char_indices()
            .find(|&(_, c)| !(c.is_alphanumeric() || c == '_'))
            .map(|(i, _)| i)
            .unwrap_or(rest.len()),
        Some((_, '\r')) if rest.starts_with("\r\n") => 2,
        Some((_, c)) => c.len_utf8(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error_of(text: &str) -> String {
        let (_, errors) = parse_program(FileId(0), text);
        errors
            .iter()
            .map(|e| format!("{} {}", e.code(), e))
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn errors_say_what_was_expected() {
        let cases = [
            ("p(a) q(b).", "syntax-error expected `.` or `:-`, found `q`"),
            (
                "p(a",
                "syntax-error expected `(`, `)`, `,`, `-`, `.`, `:-`, `=` or a term, found end of input",
            ),
            (
                "p(a) :- .",
                "syntax-error expected `not` or a condition, found `.`",
            ),
            (
                "p(2024-02-30).",
                "invalid-literal `2024-02-30` is not a date",
            ),
        ];
        for (text, want) in cases {
            let got = error_of(text);
            assert!(
                got.starts_with(want.split(" expected").next().unwrap()),
                "{text}: {got}"
            );
        }
    }

    #[test]
    fn every_broken_item_is_reported() {
        let (module, errors) = parse_program(FileId(0), "p(a.\nq(b).\nr(c) s.\nt(d).\n");
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert_eq!(module.items.len(), 2);
    }

    #[test]
    fn deep_nesting_is_refused_before_parsing() {
        let text = format!("p(X) :- X = {}1{}.", "(".repeat(10_000), ")".repeat(10_000));
        let (_, errors) = parse_program(FileId(0), &text);
        assert_eq!(errors[0].code(), "nesting-too-deep");
    }
}
