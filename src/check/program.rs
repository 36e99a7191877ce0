//! The checked program: what evaluation runs. Predicates are resolved to
//! [`PredId`]s, variables to [`VarId`]s, constants to interned [`Value`]s,
//! and the rules are grouped into strata in evaluation order.
//!
//! Invariant: a `Program` that `check` returned without errors has one arity
//! per predicate, only safe rules, and stratified negation and aggregation.

pub use super::expr::{Expr, ExprError};
pub use super::ops::{AggOp, CmpOp, QueryKind};
use crate::source::Span;
use crate::value::Value;

/// Index of a predicate in [`Program::preds`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
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
}

/// A legal source: `@source("citation", "locator")`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Source {
    /// The provision or document.
    pub citation: String,
    /// Where in it.
    pub locator: Option<String>,
}

/// A ground fact, as [`Facts`] hands it out.
#[derive(Clone, Copy, Debug)]
pub struct Fact<'p> {
    /// Its predicate.
    pub pred: PredId,
    /// Its values.
    pub args: &'p [Value],
    /// The clause.
    pub span: Span,
    /// Its `@source`.
    pub source: Option<SourceId>,
}

/// What is kept of a fact besides its values.
#[derive(Clone, Copy, Debug)]
struct FactEntry {
    pred: PredId,
    /// Index of its first value in [`Facts::values`]; the next fact's
    /// start ends them.
    start: u32,
    span: Span,
    /// `NO_SOURCE` or a [`SourceId`].
    source: SourceId,
}

const NO_SOURCE: SourceId = SourceId::MAX;

/// Every ground fact of a program in two flat vectors, 24 bytes per fact
/// plus its values (big generated files hold millions).
#[derive(Clone, Debug, Default)]
pub struct Facts {
    entries: Vec<FactEntry>,
    values: Vec<Value>,
}

impl Facts {
    /// Adds a fact.
    pub fn push(&mut self, pred: PredId, args: &[Value], span: Span, source: Option<SourceId>) {
        self.entries.push(FactEntry {
            pred,
            start: self.values.len() as u32,
            span,
            source: source.unwrap_or(NO_SOURCE),
        });
        self.values.extend_from_slice(args);
    }

    /// Room for `facts` more facts with `values` values in all.
    pub fn reserve(&mut self, facts: usize, values: usize) {
        self.entries.reserve(facts);
        self.values.reserve(values);
    }

    /// Number of facts.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The `i`th fact.
    pub fn get(&self, i: usize) -> Fact<'_> {
        let e = &self.entries[i];
        let end = self
            .entries
            .get(i + 1)
            .map_or(self.values.len(), |n| n.start as usize);
        Fact {
            pred: e.pred,
            args: &self.values[e.start as usize..end],
            span: e.span,
            source: (e.source != NO_SOURCE).then_some(e.source),
        }
    }

    /// Every fact in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = Fact<'_>> + '_ {
        (0..self.len()).map(|i| self.get(i))
    }
}

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

/// A checked program.
#[derive(Clone, Debug, Default)]
pub struct Program {
    /// Every predicate, by [`PredId`].
    pub preds: Vec<Predicate>,
    /// Predicates by name.
    pub by_name: std::collections::HashMap<String, PredId>,
    /// Ground facts.
    pub facts: Facts,
    /// Rules.
    pub rules: Vec<Rule>,
    /// Queries in the order written.
    pub queries: Vec<Query>,
    /// Sources by [`SourceId`].
    pub sources: Vec<Source>,
    /// Strata in evaluation order.
    pub strata: Vec<Stratum>,
}

impl Program {
    /// The predicate with this id.
    pub fn pred(&self, id: PredId) -> &Predicate {
        &self.preds[id.0 as usize]
    }

    /// The id of a predicate by name.
    pub fn pred_id(&self, name: &str) -> Option<PredId> {
        self.by_name.get(name).copied()
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
}
