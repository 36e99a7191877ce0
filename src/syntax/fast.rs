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

use super::ast::{PlainArg, PlainItem};
use super::lower::Lowerer;
use crate::value::{DECIMAL_PLACES, Date};

/// Most whole digits of a decimal the fast path reads: with them, the
/// decimal is in range and, when whole, fits an `i64`.
const DECIMAL_WHOLE_DIGITS: usize = 18;

fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

impl Lowerer<'_> {
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
