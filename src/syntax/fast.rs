//! A fast path for the items that make up large generated files: ground
//! facts (`ma_in(p_17, de).`) and single-atom queries (`?- notifiable(p_17).`)
//! written on one line with plain arguments (integers, ASCII symbols,
//! strings without escapes, and in queries variables).
//!
//! It recognises exactly a subset of what the grammar accepts, as a
//! [`PlainItem`] whose expansion is the AST the grammar's lowering would
//! build; anything else (a comment inside
//! the item, a decimal, a date, an escape, a non-ASCII name, a rule) is left
//! to pest. The equivalence is pinned by a property test in
//! `tests/integration/fast_path.rs`.

use super::ast::{PlainArg, PlainItem};
use super::lower::Lowerer;

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
    /// a symbol, a string without escapes, or (in a query) a variable.
    fn fast_arg(&mut self, i: usize, allow_vars: bool) -> Option<usize> {
        let text = self.text.as_bytes();
        let start = i;
        let mut j = i;
        let c = *text.get(j)?;
        if c.is_ascii_digit() || c == b'-' {
            if c == b'-' {
                j += 1;
            }
            let digits = j;
            while j < text.len() && text[j].is_ascii_digit() {
                j += 1;
            }
            if j == digits
                || (j < text.len() && (is_ident(text[j]) || text[j] == b'.' || !text[j].is_ascii()))
            {
                return None;
            }
            self.text[start..j].parse::<i64>().ok()?;
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

fn spaces(text: &[u8], mut i: usize) -> usize {
    while i < text.len() && (text[i] == b' ' || text[i] == b'\t') {
        i += 1;
    }
    i
}
