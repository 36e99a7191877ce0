//! The checked program: what evaluation runs. Predicates are resolved to
//! [`PredId`]s, variables to [`VarId`]s, constants to interned [`Value`]s,
//! and the rules are grouped into strata in evaluation order.
//!
//! Invariant: a `Program` that `check` returned without errors has one arity
//! per predicate, only safe rules, and stratified negation and aggregation.

pub use super::expr::{Expr, ExprError};
pub use super::facts::{Fact, Facts};
use super::layered::{Layered, Names};
pub use super::ops::{AggOp, CmpOp, QueryKind};
use crate::source::Span;
use std::sync::Arc;

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
    /// Its first use in a rule body or a query (where a warning points).
    pub body_use: Option<Span>,
}

/// A legal source: `@source("citation", "locator")`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Source {
    /// The provision or document.
    pub citation: String,
    /// Where in it.
    pub locator: Option<String>,
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
    /// Predicates of the program this one extends.
    base_preds: usize,
}

impl Program {
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

    /// Number of predicates of the program this one extends (0 for a
    /// program of its own).
    pub fn base_preds(&self) -> usize {
        self.base_preds
    }

    /// Whether this program extends another.
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
            base_preds: self.preds.len(),
        }
    }
}
