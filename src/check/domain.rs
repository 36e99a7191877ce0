//! Value domains of `@input` arguments: the kinds (`integer`, `decimal`,
//! `date`, `string`, `symbol`), enumerations (`@domain product_class =
//! {vaccine, ...}.`) and domains drawn from facts (`@domain country =
//! country_name(C, _, Name).`), what each admits, and the values a slip
//! most likely meant (by spelling, by case, by name in any language the
//! facts give).

use super::program::PredId;
use crate::source::Span;
use crate::value::{Datum, Value, ValueStore, is_symbol};
use rustc_hash::FxHashSet;

/// Index of a declared domain in [`super::Program::domains`].
pub type DomainId = u32;

/// The domain an `@input` argument names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DomainRef {
    /// A kind of value.
    Kind(KindDomain),
    /// A `@domain` of the program.
    Declared(DomainId),
}

/// The kinds an argument may be declared to take.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KindDomain {
    /// A whole number.
    Integer,
    /// Any number (an integer is a decimal without fraction).
    Decimal,
    /// A date.
    Date,
    /// Any text.
    String,
    /// Text written as a symbol: a lower-case letter, then letters, digits
    /// and `_`.
    Symbol,
}

impl KindDomain {
    /// Every kind, with the name it is written with.
    pub const ALL: [(&'static str, KindDomain); 5] = [
        ("integer", KindDomain::Integer),
        ("decimal", KindDomain::Decimal),
        ("date", KindDomain::Date),
        ("string", KindDomain::String),
        ("symbol", KindDomain::Symbol),
    ];

    /// The kind written `name`.
    pub fn named(name: &str) -> Option<KindDomain> {
        Self::ALL.iter().find(|(n, _)| *n == name).map(|(_, k)| *k)
    }

    /// Its name.
    pub fn name(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(_, k)| *k == self)
            .map(|(n, _)| *n)
            .expect("every kind is named")
    }

    /// Whether `v` is of this kind.
    pub fn admits(self, v: Value, store: &ValueStore) -> bool {
        match (self, store.get(v)) {
            (KindDomain::Integer, Datum::Int(_)) => true,
            (KindDomain::Decimal, Datum::Int(_) | Datum::Dec(_)) => true,
            (KindDomain::Date, Datum::Date(_)) => true,
            (KindDomain::String, Datum::Text(_)) => true,
            (KindDomain::Symbol, Datum::Text(t)) => is_symbol(t),
            _ => false,
        }
    }
}

/// A `@domain` of the program.
#[derive(Clone, Debug)]
pub struct Domain {
    /// Its name.
    pub name: String,
    /// The `%%` doc comment above its declaration.
    pub doc: Option<String>,
    /// The declaration.
    pub span: Span,
    /// The predicates whose facts it is drawn from (empty for an
    /// enumeration), with the column of the values and those of names.
    pub from: Vec<(PredId, usize, Vec<usize>)>,
    /// What it admits.
    pub members: Members,
}

/// The values of a domain and what they are called.
#[derive(Clone, Debug, Default)]
pub struct Members {
    /// Every value it admits.
    pub values: FxHashSet<Value>,
    /// (value, one of its names), in the order found.
    pub names: Vec<(Value, String)>,
}

/// The text of a symbol or string value.
pub fn text_of(store: &ValueStore, v: Value) -> Option<&str> {
    match store.get(v) {
        Datum::Text(t) => Some(t),
        _ => None,
    }
}

/// A value a slip most likely meant, and its first name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suggestion {
    /// The value.
    pub value: Value,
    /// A name of it, when the domain has names.
    pub name: Option<String>,
}

impl Members {
    /// Adds a value.
    pub fn add(&mut self, v: Value) {
        self.values.insert(v);
    }

    /// The first name of `v`, if it has one.
    pub fn name_of(&self, v: Value) -> Option<&str> {
        self.names
            .iter()
            .find(|(x, _)| *x == v)
            .map(|(_, n)| n.as_str())
    }

    /// What `written` most likely meant: the member equal to it but for
    /// case; the member one of whose names it is, but for case; else the
    /// member or named member closest in spelling.
    pub fn suggest(&self, written: &str, store: &ValueStore) -> Option<Suggestion> {
        let lower = written.to_lowercase();
        let named = |v: Value| Suggestion {
            value: v,
            name: self.name_of(v).map(str::to_string),
        };
        let texts = || {
            self.values
                .iter()
                .filter_map(|&v| text_of(store, v).map(|t| (v, t)))
        };
        // Sorted for a deterministic answer on ties.
        let mut exact: Vec<(Value, &str)> =
            texts().filter(|(_, t)| t.to_lowercase() == lower).collect();
        exact.sort_by(|a, b| a.1.cmp(b.1));
        if let Some((v, _)) = exact.first() {
            return Some(named(*v));
        }
        if let Some((v, _)) = self.names.iter().find(|(_, n)| n.to_lowercase() == lower) {
            return Some(named(*v));
        }
        let mut best: Option<(f64, Value)> = None;
        let mut members: Vec<(Value, &str)> = texts().collect();
        members.sort_by(|a, b| a.1.cmp(b.1));
        let candidates = members
            .iter()
            .copied()
            .chain(self.names.iter().map(|(v, n)| (*v, n.as_str())));
        // Close in spelling: a few edits (as many as a third of the
        // letters; `rde` for `red`), or a close Jaro-Winkler score (a
        // long name with a slip); the closest by that score wins.
        let limit = lower.chars().count().max(3) / 3;
        for (v, t) in candidates {
            let t = t.to_lowercase();
            let score = strsim::jaro_winkler(&lower, &t);
            let close = score >= 0.8 || strsim::damerau_levenshtein(&lower, &t) <= limit;
            if close && best.is_none_or(|(s, _)| score > s) {
                best = Some((score, v));
            }
        }
        best.map(|(_, v)| named(v))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_admit_their_values() {
        let mut s = ValueStore::new();
        let one = s.int(1);
        let two = s.int(2);
        let half = s.arith(crate::value::BinOp::Div, one, two).unwrap();
        let day = s.date(crate::value::Date::from_ymd(2024, 7, 1).unwrap());
        let sym = s.text("jp");
        let text = s.text("20%");
        let cases: &[(KindDomain, Value, bool)] = &[
            (KindDomain::Integer, one, true),
            (KindDomain::Integer, half, false),
            (KindDomain::Decimal, one, true),
            (KindDomain::Decimal, half, true),
            (KindDomain::Decimal, text, false),
            (KindDomain::Date, day, true),
            (KindDomain::Date, one, false),
            (KindDomain::String, text, true),
            (KindDomain::String, one, false),
            (KindDomain::Symbol, sym, true),
            (KindDomain::Symbol, text, false),
        ];
        for (k, v, want) in cases {
            assert_eq!(
                k.admits(*v, &s),
                *want,
                "case {} {}",
                k.name(),
                s.display(*v)
            );
        }
        for (name, k) in KindDomain::ALL {
            assert_eq!(KindDomain::named(name), Some(k));
            assert_eq!(k.name(), name);
        }
        assert_eq!(KindDomain::named("country"), None);
    }

    #[test]
    fn suggestions_by_case_by_name_and_by_spelling() {
        let mut s = ValueStore::new();
        let mut m = Members::default();
        for (code, names) in [
            ("jp", &["Japan", "Japan"][..]),
            ("ch", &["Switzerland", "Sveits"]),
            ("vaccine", &[]),
            ("biological", &[]),
        ] {
            let v = s.text(code);
            m.add(v);
            for n in names {
                m.names.push((v, n.to_string()));
            }
        }
        type Case<'a> = (&'a str, Option<(&'a str, Option<&'a str>)>);
        let cases: &[Case] = &[
            ("JP", Some(("jp", Some("Japan")))),
            ("japan", Some(("jp", Some("Japan")))),
            ("Sveits", Some(("ch", Some("Switzerland")))),
            ("switzerland", Some(("ch", Some("Switzerland")))),
            ("vacine", Some(("vaccine", None))),
            ("Japna", Some(("jp", Some("Japan")))),
            ("xyzzy", None),
        ];
        for (written, want) in cases {
            let got = m.suggest(written, &s);
            let got = got
                .as_ref()
                .map(|g| (text_of(&s, g.value).unwrap(), g.name.as_deref()));
            assert_eq!(got, *want, "case {written}");
        }
    }
}
