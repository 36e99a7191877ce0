//! Plain items kept compactly: the ground facts and single-atom queries that
//! make up large generated files, stored as byte offsets into the file's
//! text (about 30 bytes for a two-argument fact) instead of a syntax tree
//! (several hundred bytes and a handful of allocations).
//!
//! The fast path (`fast.rs`) recognises them; files loaded from disk keep
//! them in this form (see [`Module::plain`]), and anything that wants the
//! syntax tree expands them with [`Module::expand_plain`], which builds
//! exactly the items the grammar's lowering would (pinned by the fast-path
//! property test, which compares the expansion with the grammar).

use super::ast::*;
use crate::source::{FileId, Span};
use crate::value::{Date, Decimal};
use std::sync::Arc;

/// One argument of a plain item: its bytes in the file. What it is follows
/// from its first bytes: a digit or `-` starts a number, which is a date
/// when its fifth byte is `-` (`2024-07-01`, in the calendar), a decimal
/// when it holds a `.` (at most nine places, in range), else an integer
/// (which fits an `i64`) — the fast path checked each; `"` starts a string
/// without escapes, a lower-case letter a symbol, an upper-case letter or
/// `_` a variable (queries only).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PlainArg {
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
}

/// What a [`PlainArg`] holds, read from the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlainValue<'t> {
    /// An integer.
    Int(i64),
    /// A decimal (possibly whole: `1.0`, as the grammar's lowering keeps it).
    Dec(Decimal),
    /// A date.
    Date(Date),
    /// A symbol or string (without its quotes).
    Text(&'t str),
    /// A variable's name.
    Var(&'t str),
}

/// A ground fact (`ma_in(p_17, de).`) or single-atom query
/// (`?- notifiable(p_17).`) as offsets into its file's text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PlainItem {
    /// Start of the item (of `?-` for a query).
    pub start: u32,
    /// One past its final `.`.
    pub end: u32,
    /// Start of the atom (its predicate name).
    pub atom_start: u32,
    /// One past the predicate name.
    pub pred_end: u32,
    /// One past the atom's closing parenthesis (or its name).
    pub atom_end: u32,
    /// Index of its first argument in [`PlainItems::args`].
    pub args: u32,
    /// Number of arguments.
    pub arity: u32,
    /// A query, not a fact.
    pub query: bool,
}

/// The plain items of one module and the text they point into.
#[derive(Clone, Debug, Default)]
pub struct PlainItems {
    /// The file's text.
    pub text: Arc<str>,
    /// The items, in order; [`Item::Plain`] names runs of them.
    pub items: Vec<PlainItem>,
    /// Their arguments.
    pub args: Vec<PlainArg>,
    /// For the rows of a data file: the predicate they are facts of, which
    /// the file does not name. Its items are then rows (each spanning its
    /// line, its predicate name empty) and their arguments are fields,
    /// read as [`super::data`] reads a field.
    pub rows_of: Option<RowsOf>,
}

/// The predicate the rows of a data file are facts of.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowsOf {
    /// Its name.
    pub pred: String,
    /// Where the `@facts` directive names it.
    pub pred_span: Span,
}

impl PlainItems {
    /// A view for reading the items.
    pub fn view(&self) -> PlainView<'_> {
        PlainView {
            text: &self.text,
            args: &self.args,
            rows_of: self.rows_of.as_ref(),
        }
    }
}

/// Plain items' text and arguments, borrowed: what reading them needs.
#[derive(Clone, Copy, Debug)]
pub struct PlainView<'a> {
    /// The file's text.
    pub text: &'a str,
    /// The arguments the items index.
    pub args: &'a [PlainArg],
    /// See [`PlainItems::rows_of`].
    pub rows_of: Option<&'a RowsOf>,
}

impl<'a> PlainView<'a> {
    /// The predicate name of an item.
    pub fn pred(&self, item: &PlainItem) -> &'a str {
        match self.rows_of {
            Some(rows) => &rows.pred,
            None => &self.text[item.atom_start as usize..item.pred_end as usize],
        }
    }

    /// The arguments of an item.
    pub fn args_of(&self, item: &PlainItem) -> &'a [PlainArg] {
        &self.args[item.args as usize..(item.args + item.arity) as usize]
    }

    /// What an argument holds.
    pub fn value(&self, arg: PlainArg) -> PlainValue<'a> {
        let s = &self.text[arg.start as usize..arg.end as usize];
        if self.rows_of.is_some() {
            return super::data::field_value(s);
        }
        let b = s.as_bytes();
        match b[0] {
            b'0'..=b'9' if b.get(4) == Some(&b'-') => {
                let n = |r: std::ops::Range<usize>| s[r].parse::<u32>().ok();
                let date = match (n(0..4), n(5..7), n(8..10)) {
                    (Some(y), Some(m), Some(d)) => Date::from_ymd(y.into(), m, d),
                    _ => None,
                };
                PlainValue::Date(date.expect("checked by the fast path"))
            }
            b'0'..=b'9' | b'-' if b.contains(&b'.') => {
                let (sign, digits) = match s.strip_prefix('-') {
                    Some(rest) => (-1, rest),
                    None => (1, s),
                };
                let d = Decimal::parse(digits).expect("checked by the fast path");
                PlainValue::Dec(Decimal(sign * d.0))
            }
            b'0'..=b'9' | b'-' => PlainValue::Int(s.parse().expect("checked by the fast path")),
            b'"' => PlainValue::Text(&s[1..s.len() - 1]),
            b'a'..=b'z' => PlainValue::Text(s),
            _ => PlainValue::Var(s),
        }
    }

    /// The syntax tree of an item, as the grammar's lowering builds it.
    pub fn expand(&self, file: FileId, item: &PlainItem) -> Item {
        let span = |s: u32, e: u32| Span::new(file, s as usize, e as usize);
        let args = self
            .args_of(item)
            .iter()
            .map(|&a| {
                let at = span(a.start, a.end);
                match self.value(a) {
                    PlainValue::Int(i) => Expr::Const(Const::Int(i), at),
                    PlainValue::Dec(d) => Expr::Const(Const::Dec(d), at),
                    PlainValue::Date(d) => Expr::Const(Const::Date(d), at),
                    PlainValue::Text(t) => Expr::Const(Const::Text(t.to_string()), at),
                    PlainValue::Var(v) => Expr::Var(Var {
                        name: v.to_string(),
                        span: at,
                    }),
                }
            })
            .collect();
        let atom = Atom {
            pred: self.pred(item).to_string(),
            pred_span: match self.rows_of {
                Some(rows) => rows.pred_span,
                None => span(item.atom_start, item.pred_end),
            },
            args,
            span: span(item.atom_start, item.atom_end),
        };
        if item.query {
            Item::Query(Query {
                kind: QueryKind::Find,
                body: vec![Literal::Pos(atom)],
                span: span(item.start, item.end),
            })
        } else {
            Item::Clause(Clause {
                head: atom,
                body: Vec::new(),
                source: None,
                doc: None,
                overrides: false,
                valid: None,
                span: span(item.start, item.end),
            })
        }
    }
}

impl Module {
    /// Appends a plain item (its arguments already in `plain.args`) as the
    /// next item, extending the run of plain items before it if there is
    /// one.
    pub fn push_plain(&mut self, item: PlainItem) {
        let index = self.plain.items.len() as u32;
        self.plain.items.push(item);
        match self.items.last_mut() {
            Some(Item::Plain(run)) if run.end == index => run.end += 1,
            _ => self.items.push(Item::Plain(index..index + 1)),
        }
    }

    /// Replaces every run of plain items by the items it stands for, so
    /// that `items` holds only syntax trees.
    pub fn expand_plain(&mut self) {
        if self.plain.items.is_empty() {
            return;
        }
        let items = std::mem::take(&mut self.items);
        for item in items {
            match item {
                Item::Plain(run) => {
                    let view = self.plain.view();
                    for p in &self.plain.items[run.start as usize..run.end as usize] {
                        self.items.push(view.expand(self.file, p));
                    }
                }
                other => self.items.push(other),
            }
        }
        self.plain = PlainItems::default();
    }

    /// Every item as a syntax tree, plain runs expanded on the way.
    pub fn expanded_items(&self) -> impl Iterator<Item = std::borrow::Cow<'_, Item>> {
        use std::borrow::Cow;
        self.items.iter().flat_map(move |item| {
            let run: Box<dyn Iterator<Item = Cow<'_, Item>>> = match item {
                Item::Plain(run) => Box::new(
                    self.plain.items[run.start as usize..run.end as usize]
                        .iter()
                        .map(|p| Cow::Owned(self.plain.view().expand(self.file, p))),
                ),
                other => Box::new(std::iter::once(Cow::Borrowed(other))),
            };
            run
        })
    }
}
