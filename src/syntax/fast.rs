//! A fast path for the items that make up large generated files: ground
//! facts (`ma_in(p_17, de).`) and single-atom queries (`?- notifiable(p_17).`)
//! written on one line with plain arguments (integers, ASCII symbols,
//! strings without escapes, and in queries variables).
//!
//! It recognises exactly a subset of what the grammar accepts and builds the
//! same AST the grammar's lowering would; anything else (a comment inside
//! the item, a decimal, a date, an escape, a non-ASCII name, a rule) is left
//! to pest. The equivalence is pinned by a property test in
//! `tests/integration/fast_path.rs`.

use super::ast::*;
use super::lower::Lowerer;
use crate::source::Span;

fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

impl Lowerer<'_> {
    /// The item starting at `pos` and the offset just after it, if it is one
    /// the fast path handles.
    pub(super) fn fast_item(&mut self, pos: usize) -> Option<(Item, usize)> {
        let text = self.text.as_bytes();
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
        let pred_span = Span::new(self.file, atom_start, i);
        let mut args = Vec::new();
        if i < text.len() && text[i] == b'(' {
            i += 1;
            let mut first = true;
            loop {
                i = spaces(text, i);
                if i < text.len() && text[i] == b')' && first {
                    i += 1;
                    break;
                }
                let (arg, end) = self.fast_arg(i, query)?;
                args.push(arg);
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
        let atom = Atom {
            pred: name.to_string(),
            pred_span,
            args,
            span: Span::new(self.file, atom_start, atom_end),
        };
        let span = Span::new(self.file, pos, i);
        let item = if query {
            Item::Query(Query {
                kind: QueryKind::Find,
                body: vec![Literal::Pos(atom)],
                span,
            })
        } else {
            Item::Clause(Clause {
                head: atom,
                body: Vec::new(),
                source: None,
                doc: self.doc_above(pos).map(String::into_boxed_str),
                span,
            })
        };
        Some((item, i))
    }

    /// One plain argument at `i`: an integer, a symbol, a string without
    /// escapes, or (in a query) a variable.
    fn fast_arg(&mut self, i: usize, allow_vars: bool) -> Option<(Expr, usize)> {
        let text = self.text.as_bytes();
        let start = i;
        let mut j = i;
        let c = *text.get(j)?;
        let expr = if c.is_ascii_digit() || c == b'-' {
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
            let value: i64 = self.text[start..j].parse().ok()?;
            Expr::Const(Const::Int(value), Span::new(self.file, start, j))
        } else if c.is_ascii_lowercase() {
            while j < text.len() && is_ident(text[j]) {
                j += 1;
            }
            if j < text.len() && !text[j].is_ascii() {
                return None;
            }
            let s = &self.text[start..j];
            if s == "not" {
                return None;
            }
            Expr::Const(Const::Text(s.to_string()), Span::new(self.file, start, j))
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
            Expr::Const(
                Const::Text(self.text[start + 1..j - 1].to_string()),
                Span::new(self.file, start, j),
            )
        } else if allow_vars && (c.is_ascii_uppercase() || c == b'_') {
            while j < text.len() && is_ident(text[j]) {
                j += 1;
            }
            if j < text.len() && !text[j].is_ascii() {
                return None;
            }
            Expr::Var(Var {
                name: self.text[start..j].to_string(),
                span: Span::new(self.file, start, j),
            })
        } else {
            return None;
        };
        Some((expr, j))
    }
}

fn spaces(text: &[u8], mut i: usize) -> usize {
    while i < text.len() && (text[i] == b' ' || text[i] == b'\t') {
        i += 1;
    }
    i
}
