//! What the parsed files say where: every atom's predicate name and every
//! constant argument, with its span, walked out of the syntax trees the
//! loader made (the language server parses nothing itself).

use crate::source::Span;
use crate::syntax::ast::{Atom, DomainDef, Expr, Fixture, Item, Literal, Module};

/// How a predicate name occurs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// The head of a fact or rule.
    Defines,
    /// An `@input` declaration.
    Declares,
    /// In a body, a query, a sentence, a names table or a domain.
    Uses,
}

/// A predicate name where it is written.
#[derive(Clone, Debug)]
pub struct Occurrence {
    /// The name.
    pub pred: String,
    /// Its number of arguments there.
    pub arity: usize,
    /// Where the name is.
    pub span: Span,
    /// The whole clause, declaration or query it belongs to.
    pub item: Span,
    /// How.
    pub role: Role,
}

/// A constant in an argument position.
#[derive(Clone, Debug)]
pub struct ValueAt {
    /// The predicate.
    pub pred: String,
    /// The argument (0-based).
    pub arg: usize,
    /// Where the constant is.
    pub span: Span,
}

/// Everything a set of modules names.
#[derive(Clone, Debug, Default)]
pub struct Index {
    /// Predicate names.
    pub names: Vec<Occurrence>,
    /// Constants in argument positions.
    pub values: Vec<ValueAt>,
    /// `@domain` declarations: name and where it is written.
    pub domains: Vec<(String, Span)>,
    /// Fixture cases: name and the `test "name"` part.
    pub cases: Vec<(String, Span)>,
}

impl Index {
    /// The names and values of `modules`.
    pub fn of_modules<'m>(modules: impl IntoIterator<Item = &'m Module>) -> Index {
        let mut index = Index::default();
        for m in modules {
            for item in m.expanded_items() {
                index.item(&item);
            }
        }
        index
    }

    /// The names, values and cases of a fixture file.
    pub fn of_fixture(fixture: &Fixture) -> Index {
        let mut index = Index::of_modules([&fixture.shared]);
        for case in &fixture.cases {
            index.cases.push((case.name.clone(), case.span));
            for c in &case.clauses {
                index.item(&Item::Clause(c.clone()));
            }
            for e in &case.expectations {
                index.item(&Item::Query(e.query.clone()));
            }
        }
        index
    }

    fn item(&mut self, item: &Item) {
        match item {
            Item::Clause(c) => {
                self.atom(&c.head, c.span, Role::Defines);
                self.literals(&c.body, c.span);
            }
            Item::Input(i) => self.atom(&i.atom, i.span, Role::Declares),
            Item::Query(q) => self.literals(&q.body, q.span),
            Item::Say(s) => self.atom(&s.atom, s.span, Role::Uses),
            Item::Names(n) => self.atom(&n.atom, n.span, Role::Uses),
            Item::Domain(d) => {
                self.domains.push((d.name.clone(), d.name_span));
                if let DomainDef::Patterns(atoms) = &d.def {
                    for a in atoms {
                        self.atom(a, d.span, Role::Uses);
                    }
                }
            }
            Item::Include(_) | Item::Document(_) | Item::Plain(_) => {}
        }
    }

    fn literals(&mut self, body: &[Literal], item: Span) {
        for l in body {
            match l {
                Literal::Pos(a) | Literal::Neg(a, _) => self.atom(a, item, Role::Uses),
                Literal::Agg(a) => self.literals(&a.body, item),
                Literal::Cmp(_) => {}
            }
        }
    }

    fn atom(&mut self, atom: &Atom, item: Span, role: Role) {
        self.names.push(Occurrence {
            pred: atom.pred.clone(),
            arity: atom.args.len(),
            span: atom.pred_span,
            item,
            role,
        });
        for (arg, e) in atom.args.iter().enumerate() {
            if let Expr::Const(_, span) = e {
                self.values.push(ValueAt {
                    pred: atom.pred.clone(),
                    arg,
                    span: *span,
                });
            }
        }
    }

    /// The predicate name at a byte offset of a file.
    pub fn name_at(&self, file: crate::source::FileId, offset: usize) -> Option<&Occurrence> {
        self.names.iter().find(|o| {
            o.span.file == file
                && (o.span.range().contains(&offset) || o.span.range().end == offset)
        })
    }

    /// The constant at a byte offset of a file.
    pub fn value_at(&self, file: crate::source::FileId, offset: usize) -> Option<&ValueAt> {
        self.values
            .iter()
            .find(|v| v.span.file == file && v.span.range().contains(&offset))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceMap;

    #[test]
    fn names_and_values_are_found_with_their_roles() {
        let text = "@input ma_in(P, C: country).\nok(P) :- ma_in(P, jp), not bad(P).\n?- ok(x).\n";
        let mut sources = SourceMap::new();
        let file = sources.add("t.kb", text);
        let (module, errors) = crate::syntax::parse_program(file, text);
        assert!(errors.is_empty());
        let index = Index::of_modules([&module]);
        let names: Vec<(&str, Role)> = index
            .names
            .iter()
            .map(|o| (o.pred.as_str(), o.role))
            .collect();
        assert_eq!(
            names,
            [
                ("ma_in", Role::Declares),
                ("ok", Role::Defines),
                ("ma_in", Role::Uses),
                ("bad", Role::Uses),
                ("ok", Role::Uses),
            ]
        );
        let jp = text.find("jp").unwrap();
        let v = index.value_at(file, jp + 1).unwrap();
        assert_eq!((v.pred.as_str(), v.arg), ("ma_in", 1));
        assert_eq!(
            index.name_at(file, text.find("bad").unwrap()).unwrap().pred,
            "bad"
        );
    }
}
