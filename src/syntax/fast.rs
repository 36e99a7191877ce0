//! A fast path for the items that make up large generated files: ground
//! facts (`ma_in(p_17, de).`) and single-atom queries (`?- notifiable(p_17).`)
//! written on one line with plain arguments (integers, decimals, dates,
//! ASCII symbols, strings without escapes, and in queries variables).
//!
//! It recognises exactly a subset of what the grammar accepts, as a
//! [`PlainItem`] whose expansion is the AST the grammar's lowering would
//! build; anything else (a comment inside the item, an escape, a non-ASCII
//! name, a rule) is left to pest, and so is every literal the lowering might
//! refuse or read differently: an integer beyond an `i64`, a decimal with
//! more than nine places or eighteen whole digits, a date not in the
//! calendar, a date with a minus sign before it (a negation, not a
//! literal). The equivalence is pinned by a property test in
//! `tests/integration/fast_path.rs`.

use super::ast::{Atom, Const, Expr, PlainArg, PlainItem, Say, Var};
use super::lower::Lowerer;
use crate::source::Span;
use crate::value::{DECIMAL_PLACES, Date};

/// Most whole digits of a decimal the fast path reads: with them, the
/// decimal is in range and, when whole, fits an `i64`.
const DECIMAL_WHOLE_DIGITS: usize = 18;

fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

impl Lowerer<'_> {
    /// A `@say(LANG, [not] pred(Args), "text").` with variables, symbols
    /// and whole numbers as arguments and a string without escapes, read
    /// without the grammar (the knowledge base has thousands); anything
    /// else is left to the grammar.
    pub(super) fn fast_say(&self, pos: usize) -> Option<(Say, usize)> {
        let text = self.text.as_bytes();
        let span = |a: usize, b: usize| Span::new(self.file, a + self.offset, b + self.offset);
        let word_end = |mut j: usize| {
            while j < text.len() && is_ident(text[j]) {
                j += 1;
            }
            j
        };
        let mut i = pos + "@say(".len();
        if !text[pos..].starts_with(b"@say(") {
            return None;
        }
        i = spaces(text, i);
        let lang_start = i;
        let lang_end = word_end(i);
        if lang_end - lang_start != 2
            || !text[lang_start..lang_end]
                .iter()
                .all(u8::is_ascii_lowercase)
        {
            return None;
        }
        i = spaces(text, lang_end);
        if text.get(i) != Some(&b',') {
            return None;
        }
        i = spaces(text, i + 1);
        let mut negated = false;
        if text[i..].starts_with(b"not") && matches!(text.get(i + 3), Some(b' ' | b'\t')) {
            negated = true;
            i = spaces(text, i + 3);
        }
        let atom_start = i;
        if !text.get(i)?.is_ascii_lowercase() {
            return None;
        }
        let pred_end = word_end(i);
        if text.get(pred_end) != Some(&b'(') {
            return None;
        }
        let pred = &self.text[atom_start..pred_end];
        if pred == "not" {
            return None;
        }
        let mut args = Vec::new();
        i = pred_end + 1;
        loop {
            i = spaces(text, i);
            let a = i;
            let c = *text.get(a)?;
            let b = word_end(a);
            if b == a || (b < text.len() && !text[b].is_ascii()) {
                return None;
            }
            let word = &self.text[a..b];
            args.push(if c.is_ascii_uppercase() || c == b'_' {
                Expr::Var(Var {
                    name: word.to_string(),
                    span: span(a, b),
                })
            } else if c.is_ascii_lowercase() && word != "not" {
                Expr::Const(Const::Text(word.to_string()), span(a, b))
            } else if word.bytes().all(|d| d.is_ascii_digit()) && word.len() < 18 {
                Expr::Const(Const::Int(word.parse().ok()?), span(a, b))
            } else {
                return None;
            });
            i = spaces(text, b);
            match text.get(i) {
                Some(b',') => i += 1,
                Some(b')') => {
                    i += 1;
                    break;
                }
                _ => return None,
            }
        }
        let atom_end = i;
        i = spaces(text, i);
        if text.get(i) != Some(&b',') {
            return None;
        }
        i = spaces(text, i + 1);
        if text.get(i) != Some(&b'"') {
            return None;
        }
        let string_start = i;
        let body_start = i + 1;
        let mut j = body_start;
        while j < text.len() && text[j] != b'"' {
            if matches!(text[j], b'\\' | b'\n') {
                return None;
            }
            j += 1;
        }
        if j >= text.len() {
            return None;
        }
        let body = &self.text[body_start..j];
        let string_end = j + 1;
        i = spaces(text, string_end);
        if text.get(i) != Some(&b')') {
            return None;
        }
        i = spaces(text, i + 1);
        if text.get(i) != Some(&b'.') {
            return None;
        }
        i += 1;
        if i < text.len() && !(text[i].is_ascii_whitespace() || text[i] == b'%') {
            return None;
        }
        let say = Say {
            lang: self.text[lang_start..lang_end].to_string(),
            lang_span: span(lang_start, lang_end),
            negated,
            atom: Atom {
                pred: pred.to_string(),
                pred_span: span(atom_start, pred_end),
                args,
                span: span(atom_start, atom_end),
            },
            text: body.to_string(),
            text_span: span(string_start, string_end),
            span: span(pos, i),
        };
        Some((say, i))
    }

    /// The item starting at `pos` and the offset just after it, if it is one
    /// the fast path handles. Its arguments are appended to `args` (and
    /// nothing is appended when it is not).
    pub(super) fn fast_plain(
        &mut self,
        pos: usize,
        args: &mut Vec<PlainArg>,
    ) -> Option<(PlainItem, usize)> {
        let mark = args.len();
        let found = self.fast_plain_inner(pos, args);
        if found.is_none() {
            args.truncate(mark);
        }
        found
    }

    fn fast_plain_inner(
        &mut self,
        pos: usize,
        args: &mut Vec<PlainArg>,
    ) -> Option<(PlainItem, usize)> {
        let text = self.text.as_bytes();
        // Offsets are stored as u32: a file that large goes to the grammar.
        if text.len() > u32::MAX as usize {
            return None;
        }
        let first_arg = args.len();
        let mut i = pos;
        let query = text[i..].starts_with(b"?-");
        if query {
            i += 2;
            while i < text.len() && (text[i] == b' ' || text[i] == b'\t') {
                i += 1;
            }
        }
        let atom_start = i;
        if i >= text.len() || !text[i].is_ascii_lowercase() {
            return None;
        }
        while i < text.len() && is_ident(text[i]) {
            i += 1;
        }
        // Non-ASCII letters continue a name in the grammar: leave to pest.
        if i < text.len() && !text[i].is_ascii() {
            return None;
        }
        let name = &self.text[atom_start..i];
        if name == "not" || (query && matches!(name, "why" | "whynot")) {
            return None;
        }
        let pred_end = i;
        if i < text.len() && text[i] == b'(' {
            i += 1;
            let mut first = true;
            loop {
                i = spaces(text, i);
                if i < text.len() && text[i] == b')' && first {
                    i += 1;
                    break;
                }
                let end = self.fast_arg(i, query)?;
                args.push(PlainArg {
                    start: i as u32,
                    end: end as u32,
                });
                i = spaces(text, end);
                match text.get(i) {
                    Some(b',') => i += 1,
                    Some(b')') => {
                        i += 1;
                        break;
                    }
                    _ => return None,
                }
                first = false;
            }
        }
        let atom_end = i;
        i = spaces(text, i);
        if text.get(i) != Some(&b'.') {
            return None;
        }
        i += 1;
        // A `.` directly followed by more text is left to the grammar.
        if i < text.len() && !(text[i].is_ascii_whitespace() || text[i] == b'%') {
            return None;
        }
        let item = PlainItem {
            start: pos as u32,
            end: i as u32,
            atom_start: atom_start as u32,
            pred_end: pred_end as u32,
            atom_end: atom_end as u32,
            args: first_arg as u32,
            arity: (args.len() - first_arg) as u32,
            query,
        };
        Some((item, i))
    }

    /// The end of one plain argument at `i`: an integer that fits an `i64`,
    /// a decimal of at most eighteen whole digits and nine places, a date
    /// in the calendar, a symbol, a string without escapes, or (in a query)
    /// a variable.
    fn fast_arg(&mut self, i: usize, allow_vars: bool) -> Option<usize> {
        let text = self.text.as_bytes();
        let start = i;
        let mut j = i;
        let c = *text.get(j)?;
        if c.is_ascii_digit() && is_date_shape(&text[j..]) {
            // `-2024-01-01` is a negation: its minus never gets here.
            j += 10;
            if ends_name(text, j) {
                return None;
            }
            let n = |a: usize, b: usize| self.text[start + a..start + b].parse::<u32>().ok();
            Date::from_ymd(n(0, 4)?.into(), n(5, 7)?, n(8, 10)?)?;
        } else if c.is_ascii_digit() || c == b'-' {
            if c == b'-' {
                j += 1;
            }
            let digits = j;
            while j < text.len() && text[j].is_ascii_digit() {
                j += 1;
            }
            if j == digits {
                return None;
            }
            if text.get(j) == Some(&b'.') {
                // A decimal: `digits.digits`, the lowering's range always.
                let whole = j - digits;
                j += 1;
                let places = j;
                while j < text.len() && text[j].is_ascii_digit() {
                    j += 1;
                }
                if whole > DECIMAL_WHOLE_DIGITS
                    || j == places
                    || j - places > DECIMAL_PLACES as usize
                    || ends_name(text, j)
                    || text.get(j) == Some(&b'.')
                {
                    return None;
                }
            } else {
                if ends_name(text, j) {
                    return None;
                }
                self.text[start..j].parse::<i64>().ok()?;
            }
        } else if c.is_ascii_lowercase() {
            while j < text.len() && is_ident(text[j]) {
                j += 1;
            }
            if j < text.len() && !text[j].is_ascii() {
                return None;
            }
            if &self.text[start..j] == "not" {
                return None;
            }
        } else if c == b'"' {
            j += 1;
            while j < text.len() && text[j] != b'"' {
                if text[j] == b'\\' || text[j] == b'\n' {
                    return None;
                }
                j += 1;
            }
            if j >= text.len() {
                return None;
            }
            j += 1;
        } else if allow_vars && (c.is_ascii_uppercase() || c == b'_') {
            while j < text.len() && is_ident(text[j]) {
                j += 1;
            }
            if j < text.len() && !text[j].is_ascii() {
                return None;
            }
        } else {
            return None;
        }
        Some(j)
    }
}

/// Whether `text` starts with `DDDD-DD-DD`.
fn is_date_shape(text: &[u8]) -> bool {
    text.len() >= 10
        && text[..10].iter().enumerate().all(|(k, &b)| {
            if k == 4 || k == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        })
}

/// Whether a literal ending at `j` is followed by what would continue a
/// name (a letter, digit or `_`, or any non-ASCII character): then the
/// grammar reads it otherwise, or not at all.
fn ends_name(text: &[u8], j: usize) -> bool {
    j < text.len() && (is_ident(text[j]) || !text[j].is_ascii())
}

fn spaces(text: &[u8], mut i: usize) -> usize {
    while i < text.len() && (text[i] == b' ' || text[i] == b'\t') {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use crate::source::FileId;
    use crate::syntax::ast::Item;
    use crate::syntax::parser::{parse_program_compact, parse_program_with_grammar_only};

    #[test]
    fn sentences_read_fast_are_read_as_the_grammar_reads_them() {
        use crate::syntax::parser::parse_program;
        // (text, taken by the fast path)
        let cases = [
            ("@say(nb, notifiable(P), \"{P} kan ekspederes\").", true),
            ("@say( en , not notifiable( P ) , \"{P} may not\" ) .", true),
            (
                "@say(nb, exemption_status(P, notifiable), \"Status: {P}\").",
                true,
            ),
            ("@say(en, applications(2024, N), \"{N} in 2024\").", true),
            ("@say(nb, tid(P, 1.5), \"{P}\").", false),
            ("@say(nb, p(X), \"with \\\"quotes\\\"\").", false),
            ("@say(nb, p(X), \"æøå {X}\").", true),
            ("@say(deu, p(X), \"x\").", false),
            ("@say(nb, p(X),\n  \"over two lines\").", false),
            ("@say(nb, p(X), \"x\").q(a).", false),
        ];
        for (text, taken) in cases {
            let (grammar, grammar_errors) = parse_program_with_grammar_only(FileId(0), text);
            let (fast, fast_errors) = parse_program(FileId(0), text);
            assert_eq!(fast_errors, grammar_errors, "{text}");
            let shown = |items: &[Item]| {
                items
                    .iter()
                    .map(|i| match i {
                        Item::Say(s) => {
                            format!("{s} {:?} {:?} {:?}", s.span, s.lang_span, s.text_span)
                        }
                        other => format!("{other:?}"),
                    })
                    .collect::<Vec<_>>()
            };
            assert_eq!(shown(&fast.items), shown(&grammar.items), "{text}");
            let reader = crate::syntax::lower::Lowerer::new(FileId(0), text);
            assert_eq!(reader.fast_say(0).is_some(), taken, "{text}");
        }
    }

    #[test]
    fn takes_dates_and_decimals_and_leaves_doubtful_literals_to_the_grammar() {
        // (argument, taken by the fast path)
        let cases = [
            ("2024-07-01", true),
            ("0000-01-01", true),
            ("9999-12-31", true),
            ("2024-02-29", true),
            ("2023-02-29", false),
            ("2024-02-30", false),
            ("2024-13-01", false),
            ("2024-00-10", false),
            ("-2024-07-01", false),
            ("2024-7-1", false),
            ("2024-07-1", false),
            ("2024-07-01x", false),
            ("2024-07-011", false),
            ("2024-07-01.5", false),
            ("1.5", true),
            ("-1.5", true),
            ("0.000000001", true),
            ("1.0", true),
            ("-0.0", true),
            ("123456789012345678.5", true),
            ("0.0000000001", false),
            ("1234567890123456789.0", false),
            ("9223372036854775808.0", false),
            ("1.", false),
            ("1.5.5", false),
            ("1.5x", false),
            ("1.5e3", false),
            ("1.5ø", false),
            ("- 1.5", false),
            ("--1.5", false),
            ("1.5 + 1", false),
            ("17", true),
        ];
        for (arg, taken) in cases {
            for text in [format!("p({arg}).\n"), format!("?- p(X, {arg}).\n")] {
                let (mut fast, fast_errors) =
                    parse_program_compact(FileId(0), text.as_str().into());
                let plain = fast.items.iter().any(|i| matches!(i, Item::Plain(_)));
                assert_eq!(plain, taken, "{text}");
                fast.expand_plain();
                let (slow, slow_errors) = parse_program_with_grammar_only(FileId(0), &text);
                assert_eq!(
                    format!("{:?}", fast.items),
                    format!("{:?}", slow.items),
                    "{text}"
                );
                assert_eq!(fast_errors, slow_errors, "{text}");
            }
        }
    }
}
