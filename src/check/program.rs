//! The checked program: what evaluation runs. Predicates are resolved to
//! [`PredId`]s, variables to [`VarId`]s, constants to interned [`Value`]s,
//! and the rules are grouped into strata in evaluation order.
//!
//! Invariant: a `Program` that `check` returned without errors has one arity
//! per predicate, only safe rules, and stratified negation and aggregation.

pub use super::domain::{Domain, DomainId, DomainRef, KindDomain, Members};
pub use super::expr::{Expr, ExprError};
pub use super::facts::{Fact, Facts};
use super::layered::{Layered, Names};
pub use super::ops::{AggOp, CmpOp, QueryKind};
use crate::source::Span;
use crate::value::{Date, Period};
use std::sync::Arc;

/// Index of a predicate in [`Program::preds`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub struct PredId(pub u32);

/// Index of a variable in its rule's or query's variable table.
pub type VarId = u32;

/// Index of a rule in [`Program::rules`].
pub type RuleId = u32;

/// Index of a source in [`Program::sources`].
pub type SourceId = u32;

/// What is known about a predicate.
#[derive(Clone, Debug)]
pub struct Predicate {
    /// Its name.
    pub name: String,
    /// Its number of arguments.
    pub arity: usize,
    /// The `%%` doc comment of its first documented clause or declaration.
    pub doc: Option<String>,
    /// Names of its arguments, from `@input` or the first rule's head.
    pub params: Option<Vec<String>>,
    /// Declared with `@input`.
    pub input: bool,
    /// Has facts or rules.
    pub defined: bool,
    /// Its first occurrence.
    pub first_use: Span,
    /// Its first use in a rule body or a query (where a warning points).
    pub body_use: Option<Span>,
    /// The domain each argument is declared with (`@input p(X: date).`);
    /// empty when none is.
    pub domains: Vec<Option<DomainRef>>,
    /// Defined or declared by a knowledge-base file (the embedded one or
    /// `--kb`), not by a user's file.
    pub reference: bool,
}

/// A legal source: `@source("citation", "locator")`.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Source {
    /// The provision or document.
    pub citation: String,
    /// Where in it.
    pub locator: Option<String>,
    /// The date the document states it as of, if it gives one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub as_of: Option<Date>,
}

/// A source document (`@document`): what it is, and how answers cite it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Document {
    /// The file name `@source` locators start with.
    pub file: String,
    /// How answers cite it: "DMP: Godkjenningsfritak (veiledning)".
    pub cite: String,
    /// Its title.
    pub title: String,
    /// Who published it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    /// What kind of document: guidance, annual report, press release, ...
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Its language (`nb`, `en`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// When it was published.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published: Option<Date>,
    /// When it was last updated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated: Option<Date>,
    /// A date it gives for itself otherwise (a report's year, a proposal's
    /// submission), with what it is, as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dated: Option<String>,
    /// The legal provisions it states.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provisions: Option<String>,
}

/// The keys a `@document` may have: (key, whether it takes a date).
pub const DOCUMENT_FIELDS: &[(&str, bool)] = &[
    ("cite", false),
    ("title", false),
    ("publisher", false),
    ("kind", false),
    ("language", false),
    ("published", true),
    ("updated", true),
    ("dated", false),
    ("provisions", false),
];

/// `pred(args)` in a rule.
#[derive(Clone, Debug, PartialEq)]
pub struct Atom {
    /// The predicate.
    pub pred: PredId,
    /// The arguments.
    pub args: Vec<Expr>,
    /// Where.
    pub span: Span,
}

/// A body literal.
#[derive(Clone, Debug, PartialEq)]
pub enum Literal {
    /// `p(X)`
    Pos(Atom),
    /// `not p(X)`
    Neg(Atom),
    /// `a op b`
    Cmp {
        /// Left side.
        lhs: Expr,
        /// Operator.
        op: CmpOp,
        /// Right side.
        rhs: Expr,
        /// Where.
        span: Span,
    },
    /// `R = op T : { body }`
    Agg(Aggregate),
}

/// Every predicate the literals name (inside aggregates too), in order.
pub fn body_preds(body: &[Literal], out: &mut Vec<PredId>) {
    for l in body {
        match l {
            Literal::Pos(a) | Literal::Neg(a) => out.push(a.pred),
            Literal::Agg(g) => body_preds(&g.body, out),
            Literal::Cmp { .. } => {}
        }
    }
}

/// `Result = op Target : { body }` in a rule.
#[derive(Clone, Debug, PartialEq)]
pub struct Aggregate {
    /// The variable receiving the result.
    pub result: VarId,
    /// The operator.
    pub op: AggOp,
    /// The aggregated expression (none for count).
    pub target: Option<Expr>,
    /// The aggregated body.
    pub body: Vec<Literal>,
    /// Variables of the body that also occur outside it: they group the
    /// aggregate and must be bound before it.
    pub shared: Vec<VarId>,
    /// Where.
    pub span: Span,
}

impl Literal {
    /// The literal's span.
    pub fn span(&self) -> Span {
        match self {
            Literal::Pos(a) | Literal::Neg(a) => a.span,
            Literal::Cmp { span, .. } => *span,
            Literal::Agg(a) => a.span,
        }
    }

    /// Whether it can be evaluated once the variables marked in `bound` are
    /// bound: the test the planner and the safety check share.
    pub fn ready(&self, bound: &[bool]) -> bool {
        match self {
            Literal::Pos(a) => a
                .args
                .iter()
                .all(|e| matches!(e, Expr::Var(_)) || e.is_bound(bound)),
            Literal::Neg(a) => a.args.iter().all(|e| e.is_bound(bound)),
            Literal::Cmp { lhs, op, rhs, .. } => {
                let (l, r) = (lhs.is_bound(bound), rhs.is_bound(bound));
                (l && r)
                    || (*op == CmpOp::Eq
                        && ((l && matches!(rhs, Expr::Var(_)))
                            || (r && matches!(lhs, Expr::Var(_)))))
            }
            Literal::Agg(a) => a.shared.iter().all(|&v| bound[v as usize]),
        }
    }

    /// Marks the variables evaluating it binds (call only when `ready`).
    pub fn bind(&self, bound: &mut [bool]) {
        match self {
            Literal::Pos(a) => {
                for e in &a.args {
                    if let Expr::Var(v) = e {
                        bound[*v as usize] = true;
                    }
                }
            }
            Literal::Neg(_) => {}
            Literal::Cmp { lhs, rhs, .. } => {
                for e in [lhs, rhs] {
                    if let Expr::Var(v) = e {
                        bound[*v as usize] = true;
                    }
                }
            }
            Literal::Agg(a) => bound[a.result as usize] = true,
        }
    }
}

/// A rule.
#[derive(Clone, Debug)]
pub struct Rule {
    /// The head.
    pub head: Atom,
    /// The body.
    pub body: Vec<Literal>,
    /// Variable names by [`VarId`] (`_` for anonymous ones).
    pub vars: Vec<String>,
    /// The whole clause.
    pub span: Span,
    /// Its `@source`.
    pub source: Option<SourceId>,
    /// The period it applies in (`@valid`).
    pub valid: Period,
}

/// A query.
#[derive(Clone, Debug)]
pub struct Query {
    /// Find, why or why-not.
    pub kind: QueryKind,
    /// The body.
    pub body: Vec<Literal>,
    /// Variable names by [`VarId`].
    pub vars: Vec<String>,
    /// The variables shown in answers (named, not starting with `_`), in
    /// order of first appearance.
    pub answer: Vec<VarId>,
    /// The body as canonical text (`path(1,X)`).
    pub text: String,
    /// Where.
    pub span: Span,
}

/// Predicates evaluated together: one strongly connected component of the
/// dependency graph.
#[derive(Clone, Debug)]
pub struct Stratum {
    /// Its predicates.
    pub preds: Vec<PredId>,
    /// The rules whose head is one of them.
    pub rules: Vec<RuleId>,
    /// Whether some rule uses a predicate of this stratum in its body.
    pub recursive: bool,
}

/// A checked program. A program may extend a frozen one (a scenario over
/// its knowledge base, see [`Program::layer`]): it then shares the base's
/// facts, rules, sources and names, and its own ids count on after the
/// base's.
#[derive(Clone, Debug, Default)]
pub struct Program {
    /// Every predicate, by [`PredId`] (shared entries, copied on change).
    pub preds: Vec<Arc<Predicate>>,
    /// Predicates by name.
    names: Names<PredId>,
    /// Ground facts.
    pub facts: Facts,
    /// Rules.
    pub rules: Layered<Rule>,
    /// Queries in the order written (only this layer's).
    pub queries: Vec<Query>,
    /// Sources by [`SourceId`].
    pub sources: Layered<Source>,
    /// Strata in evaluation order.
    pub strata: Arc<Vec<Stratum>>,
    /// The value kinds of every column, as the type check inferred them.
    pub kinds: Arc<super::types::ColumnKinds>,
    /// The `@domain`s, by [`DomainId`].
    pub domains: Arc<Vec<Domain>>,
    /// The clauses of this layer written with `@override`: the predicate
    /// each changes and the clause (only this layer's).
    pub overrides: Vec<(PredId, Span)>,
    /// The date its questions are about: clauses apply on it by their
    /// `@valid` periods, and `as_of(D)` holds for it. `None` is today.
    pub as_of: Option<Date>,
    /// The source documents (`@document`).
    pub documents: Arc<Vec<Document>>,
    /// The sentences of predicates (`@say`), sorted by predicate.
    pub templates: Arc<Vec<super::sentences::Template>>,
    /// The names of values in a language (`@names`).
    pub names_tables: Arc<Vec<super::sentences::NamesTable>>,
    /// Predicates shared with a base (see [`Program::base_preds`]).
    base_preds: usize,
}

/// The predicate every program may read for the date a question is about:
/// `as_of(D)`.
pub const AS_OF: &str = "as_of";

impl Program {
    /// The document a `@source` locator names by its file name
    /// (`"FILE: Section"` or `"FILE"`), with the section.
    pub fn document_of<'l>(&self, locator: &'l str) -> Option<(&Document, Option<&'l str>)> {
        self.documents.iter().find_map(|d| {
            let rest = locator.strip_prefix(d.file.as_str())?;
            if rest.is_empty() {
                return Some((d, None));
            }
            let section = rest.strip_prefix(':')?.trim();
            Some((d, (!section.is_empty()).then_some(section)))
        })
    }

    /// How an answer cites a locator that names `@document`s by their file
    /// names: "DMP: Godkjenningsfritak (veiledning), «Positivlisten og
    /// Negativlisten»". A locator naming several (`"FILE: A; FILE2: B"`)
    /// cites each in turn.
    pub fn cite(&self, locator: &str) -> Option<String> {
        // Where each document's part starts: at the start, or after "; ".
        let starts: Vec<usize> = (0..locator.len())
            .filter(|&i| {
                locator.is_char_boundary(i)
                    && (i == 0 || locator[..i].ends_with("; "))
                    && self
                        .documents
                        .iter()
                        .any(|d| locator[i..].starts_with(d.file.as_str()))
            })
            .collect();
        if starts.first() != Some(&0) {
            return None;
        }
        let mut parts = Vec::new();
        for (k, &a) in starts.iter().enumerate() {
            let b = starts.get(k + 1).map_or(locator.len(), |&n| n - 2);
            let (d, section) = self.document_of(&locator[a..b])?;
            parts.push(match section {
                Some(s) => format!("{}, «{s}»", d.cite),
                None => d.cite.clone(),
            });
        }
        Some(parts.join("; "))
    }

    /// The date its questions are about (today unless set).
    pub fn date(&self) -> Date {
        self.as_of.unwrap_or_else(Date::today)
    }

    /// The predicate with this id.
    pub fn pred(&self, id: PredId) -> &Predicate {
        &self.preds[id.0 as usize]
    }

    /// The predicate with this id, to change (copied first if shared).
    pub fn pred_mut(&mut self, id: PredId) -> &mut Predicate {
        Arc::make_mut(&mut self.preds[id.0 as usize])
    }

    /// Adds a predicate (the caller checks that its name is new).
    pub fn add_pred(&mut self, pred: Predicate) -> PredId {
        let id = PredId(self.preds.len() as u32);
        self.names.insert(pred.name.clone(), id);
        self.preds.push(Arc::new(pred));
        id
    }

    /// The id of a predicate by name.
    pub fn pred_id(&self, name: &str) -> Option<PredId> {
        self.names.get(name)
    }

    /// The `@domain` with this name.
    pub fn domain_id(&self, name: &str) -> Option<DomainId> {
        self.domains
            .iter()
            .position(|d| d.name == name)
            .map(|i| i as DomainId)
    }

    /// Whether a knowledge-base file defines or declares some predicate:
    /// then what a user loads over it is checked against it (see
    /// `check::layer_checks`).
    pub fn has_reference(&self) -> bool {
        self.preds.iter().any(|p| p.reference)
    }

    /// The stratum index of each predicate.
    pub fn stratum_of(&self) -> Vec<usize> {
        let mut of = vec![0; self.preds.len()];
        for (i, s) in self.strata.iter().enumerate() {
            for p in &s.preds {
                of[p.0 as usize] = i;
            }
        }
        of
    }

    /// Number of predicates shared with a base: those of the program this
    /// one extends, or all of a frozen program's (0 for a program of its
    /// own, not frozen).
    pub fn base_preds(&self) -> usize {
        self.base_preds
    }

    /// Whether part of it is shared: it extends another program, or it was
    /// frozen (and is its own base).
    pub fn is_layer(&self) -> bool {
        self.rules.own_start() > 0
            || self.facts.len() > self.facts.own().len()
            || self.base_preds > 0
    }

    /// Makes everything this program holds part of its shared base, so
    /// that layers over it copy nothing. (Its queries stay its own: layers
    /// start without them.)
    pub fn freeze(&mut self) {
        self.names.freeze();
        self.facts.freeze();
        self.rules.freeze();
        self.sources.freeze();
        self.base_preds = self.preds.len();
    }

    /// A copy with no queries (to add facts to and evaluate).
    pub fn without_queries(&self) -> Program {
        Program {
            preds: self.preds.clone(),
            names: self.names.clone(),
            facts: self.facts.clone(),
            rules: self.rules.clone(),
            queries: Vec::new(),
            sources: self.sources.clone(),
            strata: self.strata.clone(),
            kinds: self.kinds.clone(),
            domains: self.domains.clone(),
            overrides: self.overrides.clone(),
            as_of: self.as_of,
            documents: self.documents.clone(),
            templates: self.templates.clone(),
            names_tables: self.names_tables.clone(),
            base_preds: self.base_preds,
        }
    }

    /// A program over this one: the same predicates, facts, rules, sources
    /// and strata, shared, and nothing of its own yet.
    pub fn layer(&self) -> Program {
        Program {
            preds: self.preds.clone(),
            names: self.names.layer(),
            facts: self.facts.layer(),
            rules: self.rules.layer(),
            queries: Vec::new(),
            sources: self.sources.layer(),
            strata: self.strata.clone(),
            kinds: self.kinds.clone(),
            domains: self.domains.clone(),
            overrides: Vec::new(),
            as_of: self.as_of,
            documents: self.documents.clone(),
            templates: self.templates.clone(),
            names_tables: self.names_tables.clone(),
            base_preds: self.preds.len(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::{CheckError, check};
    use crate::source::FileId;
    use crate::syntax::parse_program;
    use crate::value::ValueStore;

    fn checked(text: &str) -> Program {
        let (m, errors) = parse_program(FileId(0), text);
        assert!(errors.is_empty(), "{text}: {errors:?}");
        let (program, errors) = check([&m], &mut ValueStore::new());
        assert!(
            errors.iter().all(CheckError::is_warning),
            "{text}: {errors:?}"
        );
        program
    }

    const TEXTS: &[&str] = &[
        "p(a). q(X) :- p(X). ?- q(X).",
        "@source(\"A\") e(1, 2). t(X, Y) :- e(X, Y). t(X, Z) :- t(X, Y), e(Y, Z). ?- t(1, X). ?- t(X, 2).",
        "urgent.",
    ];

    /// Every predicate entry of `a` is the very one of `b`.
    fn shares_preds(a: &Program, b: &Program) -> bool {
        a.preds.len() == b.preds.len()
            && a.preds.iter().zip(&b.preds).all(|(x, y)| Arc::ptr_eq(x, y))
    }

    #[test]
    fn a_layer_shares_everything_and_owns_nothing() {
        for text in TEXTS {
            let p = checked(text);
            assert!(!p.is_layer(), "{text}: a checked program is its own");
            assert_eq!(p.base_preds(), 0, "{text}");
            let l = p.layer();
            assert!(l.is_layer(), "{text}");
            assert_eq!(l.base_preds(), p.preds.len(), "{text}");
            assert!(shares_preds(&l, &p), "{text}");
            assert!(Arc::ptr_eq(&l.strata, &p.strata), "{text}");
            assert!(Arc::ptr_eq(&l.kinds, &p.kinds), "{text}");
            assert!(l.queries.is_empty(), "{text}: queries stay behind");
            assert_eq!(l.facts.len(), p.facts.len(), "{text}");
            assert_eq!(l.facts.own().len(), 0, "{text}");
            assert_eq!(l.rules.len(), p.rules.len(), "{text}");
            assert_eq!(l.rules.own_start(), p.rules.len(), "{text}");
            assert!(l.rules.own().is_empty(), "{text}");
            assert_eq!(l.sources.len(), p.sources.len(), "{text}");
            assert!(l.sources.own().is_empty(), "{text}");
            for pred in &p.preds {
                assert_eq!(l.pred_id(&pred.name), p.pred_id(&pred.name), "{text}");
            }
            // The program itself is unchanged by layering.
            assert!(!p.is_layer(), "{text}");
            assert_eq!(p.rules.own().len(), p.rules.len(), "{text}");
        }
    }

    #[test]
    fn freezing_makes_everything_the_base_but_keeps_the_queries() {
        for text in TEXTS {
            let p = checked(text);
            let mut f = p.clone();
            f.freeze();
            assert_eq!(f.base_preds(), p.preds.len(), "{text}");
            assert_eq!(f.queries.len(), p.queries.len(), "{text}");
            assert_eq!(f.facts.len(), p.facts.len(), "{text}");
            assert_eq!(f.facts.own().len(), 0, "{text}");
            assert_eq!(f.rules.own_start(), p.rules.len(), "{text}");
            assert!(f.rules.own().is_empty(), "{text}");
            assert!(f.sources.own().is_empty(), "{text}");
            assert!(shares_preds(&f, &p), "{text}");
            // A frozen program counts as a layer (over its own frozen
            // self): `is_layer` looks only at what is shared.
            assert!(f.is_layer(), "{text}");
            // Its layers start where it ends.
            let l = f.layer();
            assert_eq!(l.base_preds(), f.preds.len(), "{text}");
            assert_eq!(l.rules.own_start(), f.rules.len(), "{text}");
            assert!(l.queries.is_empty(), "{text}");
        }
    }

    #[test]
    fn without_queries_copies_all_but_the_queries() {
        for text in TEXTS {
            let p = checked(text);
            assert!(!p.queries.is_empty() || *text == "urgent.", "{text}");
            let w = p.without_queries();
            assert!(w.queries.is_empty(), "{text}");
            assert!(shares_preds(&w, &p), "{text}");
            assert!(Arc::ptr_eq(&w.strata, &p.strata), "{text}");
            assert!(Arc::ptr_eq(&w.kinds, &p.kinds), "{text}");
            assert_eq!(w.base_preds(), p.base_preds(), "{text}");
            assert_eq!(w.is_layer(), p.is_layer(), "{text}");
            assert_eq!(w.facts.len(), p.facts.len(), "{text}");
            assert_eq!(w.facts.own().len(), p.facts.own().len(), "{text}");
            assert_eq!(w.rules.len(), p.rules.len(), "{text}");
            assert_eq!(w.rules.own().len(), p.rules.own().len(), "{text}");
            assert_eq!(w.sources.len(), p.sources.len(), "{text}");
            for pred in &p.preds {
                assert_eq!(w.pred_id(&pred.name), p.pred_id(&pred.name), "{text}");
            }
            // The original keeps its queries.
            assert_eq!(p.queries.len(), checked(text).queries.len(), "{text}");
        }
    }

    #[test]
    fn pred_mut_copies_a_shared_entry_and_leaves_the_base_alone() {
        for text in TEXTS {
            let mut base = checked(text);
            base.freeze();
            let id = PredId(0);
            let before = base.pred(id).clone();
            let mut l = base.layer();
            l.pred_mut(id).doc = Some("changed".to_string());
            l.pred_mut(id).defined = !before.defined;
            assert!(!Arc::ptr_eq(&l.preds[0], &base.preds[0]), "{text}: copied");
            assert_eq!(l.pred(id).doc.as_deref(), Some("changed"), "{text}");
            assert_eq!(l.pred(id).defined, !before.defined, "{text}");
            assert_eq!(base.pred(id).doc, before.doc, "{text}: base unchanged");
            assert_eq!(
                base.pred(id).defined,
                before.defined,
                "{text}: base unchanged"
            );
            // The other entries stay shared.
            for i in 1..base.preds.len() {
                assert!(Arc::ptr_eq(&l.preds[i], &base.preds[i]), "{text}: {i}");
            }
            // An entry the layer owns alone is changed in place.
            let at = Arc::as_ptr(&l.preds[0]);
            l.pred_mut(id).doc = Some("again".to_string());
            assert_eq!(Arc::as_ptr(&l.preds[0]), at, "{text}: not copied twice");
        }
    }

    #[test]
    fn a_predicate_added_to_a_layer_is_its_own() {
        let cases: &[(&str, &str)] = &[("p(a).", "fresh"), ("urgent.", "other")];
        for (text, name) in cases {
            let mut base = checked(text);
            base.freeze();
            let mut l = base.layer();
            let id = l.add_pred(Predicate {
                name: name.to_string(),
                arity: 2,
                doc: None,
                params: None,
                input: true,
                defined: false,
                first_use: Span::default(),
                body_use: None,
                domains: Vec::new(),
                reference: false,
            });
            assert_eq!(id, PredId(base.preds.len() as u32), "{text}");
            assert_eq!(l.pred_id(name), Some(id), "{text}");
            assert_eq!(l.pred(id).arity, 2, "{text}");
            assert_eq!(base.pred_id(name), None, "{text}: not in the base");
            assert_eq!(base.preds.len() + 1, l.preds.len(), "{text}");
        }
    }

    #[test]
    fn stratum_of_gives_each_predicate_its_stratum() {
        let cases: &[(&str, &[(&str, usize)])] = &[
            (
                "c(X) :- b(X). b(X) :- a(X). a(1).",
                // `a` has no rules and no stratum: it reads as 0.
                &[("b", 0), ("c", 1), ("a", 0)],
            ),
            (
                "t(X, Y) :- e(X, Y). t(X, Z) :- t(X, Y), e(Y, Z). s(X) :- t(X, _), not e(X, X). e(1, 2).",
                &[("t", 0), ("s", 1), ("e", 0)],
            ),
        ];
        for (text, want) in cases {
            let p = checked(text);
            let of = p.stratum_of();
            assert_eq!(of.len(), p.preds.len(), "{text}");
            for (name, s) in *want {
                assert_eq!(
                    of[p.pred_id(name).unwrap().0 as usize],
                    *s,
                    "{text}: {name}"
                );
            }
        }
    }

    #[test]
    fn literals_are_ready_once_their_inputs_are_bound() {
        // Over `q(X, Y)`: which literal is ready with which variables bound
        // (X = 0, Y = 1, the aggregate's `_` = 2, N = 3), and what it binds.
        let text = "r(X, Y) :- q(X, Y), q(X, Y + 1), not q(X, Y), X = Y, X < Y, \
                    N = count : { q(X, _) }, r(N, N).";
        let p = checked(text);
        let rule = &p.rules[0];
        assert_eq!(rule.vars, ["X", "Y", "_", "N"]);
        const NONE: [bool; 4] = [false; 4];
        const X: [bool; 4] = [true, false, false, false];
        const XY: [bool; 4] = [true, true, false, false];
        // (literal, bound before, ready, bound after)
        let cases: &[(usize, [bool; 4], bool, [bool; 4])] = &[
            (0, NONE, true, XY),
            (1, NONE, false, NONE),
            (1, [false, true, false, false], true, XY),
            (2, X, false, X),
            (2, XY, true, XY),
            (3, NONE, false, NONE),
            (3, X, true, XY),
            (4, X, false, X),
            (4, XY, true, XY),
            (5, NONE, false, NONE),
            (5, X, true, [true, false, false, true]),
            (6, NONE, true, [false, false, false, true]),
        ];
        for (i, bound, ready, after) in cases {
            let l = &rule.body[*i];
            let mut b = bound.to_vec();
            assert_eq!(l.ready(&b), *ready, "literal {i} with {bound:?}");
            if *ready {
                l.bind(&mut b);
            }
            assert_eq!(b, after, "literal {i} with {bound:?}");
        }
    }
}
