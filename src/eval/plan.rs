//! Planning: the order in which a rule's body is evaluated, and for each
//! atom whether it is scanned, probed through an index, or tested for
//! membership. The engine chooses the order, not the author: literals run as
//! soon as their variables are bound, filters first, and among atoms the one
//! with the most bound columns (then the smallest relation) comes next.

use super::relation::IndexRef;
use crate::check::program::{AggOp, Aggregate, Atom, CmpOp, Expr, Literal, PredId, VarId};
use crate::value::Value;

/// Which rows of a relation a step reads (semi-naive evaluation).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum View {
    /// Every row (relations of lower strata, and queries).
    All,
    /// Rows up to the end of the last round.
    Full,
    /// Rows up to the end of the round before last.
    Old,
    /// Rows added in the last round.
    Delta,
}

/// A value computed from the current bindings.
#[derive(Clone, Debug, PartialEq)]
pub enum Operand {
    /// A bound variable.
    Var(VarId),
    /// A constant.
    Const(Value),
    /// An expression over bound variables.
    Expr(Expr),
}

/// What to do with one column of a scanned row.
#[derive(Clone, Debug, PartialEq)]
pub enum ColOp {
    /// Bind the variable to it.
    Bind(VarId),
    /// It must equal the variable bound earlier in the same atom.
    Check(VarId),
    /// Any value (anonymous variable, or a column the index matched).
    Skip,
}

/// One step of a plan.
#[derive(Clone, Debug)]
pub enum Step {
    /// Rows of `pred` in `view`, all of them or those an index finds for
    /// `key`; each row that passes `cols` continues the plan.
    Join {
        /// The relation.
        pred: PredId,
        /// Which rows.
        view: View,
        /// Index columns and the operands they must equal (empty: scan).
        key: Vec<(usize, Operand)>,
        /// The relation's index on the key columns (set by [`prepare`]).
        index: IndexRef,
        /// What to do with each column.
        cols: Vec<ColOp>,
        /// No column binds a variable: one matching row is enough.
        exists: bool,
        /// Position of the literal in the body.
        literal: usize,
    },
    /// Every column bound: is the row there?
    Contains {
        /// The relation.
        pred: PredId,
        /// Which rows.
        view: View,
        /// The row.
        args: Vec<Operand>,
        /// Position of the literal in the body.
        literal: usize,
    },
    /// `not p(...)`: no row matches the bound columns (anonymous ones match
    /// anything).
    NotExists {
        /// The relation.
        pred: PredId,
        /// Bound columns and their operands.
        key: Vec<(usize, Operand)>,
        /// Whether every column is in `key`.
        full: bool,
        /// The relation's index on the key columns (set by [`prepare`]).
        index: IndexRef,
        /// Position of the literal in the body.
        literal: usize,
    },
    /// A comparison of bound expressions.
    Filter {
        /// Left.
        lhs: Expr,
        /// Operator.
        op: CmpOp,
        /// Right.
        rhs: Expr,
        /// Position of the literal in the body.
        literal: usize,
    },
    /// `X = expr` with `X` unbound.
    Bind {
        /// The variable.
        var: VarId,
        /// Its value.
        expr: Expr,
        /// Position of the literal in the body.
        literal: usize,
    },
    /// An aggregate over an inner plan.
    Agg(Box<AggPlan>),
}

/// How to evaluate an aggregate.
#[derive(Clone, Debug)]
pub struct AggPlan {
    /// The result variable.
    pub result: VarId,
    /// Whether the result variable was bound before (then it is a test).
    pub result_bound: bool,
    /// The operator.
    pub op: AggOp,
    /// The target.
    pub target: Option<Expr>,
    /// The inner body's plan.
    pub steps: Vec<Step>,
    /// Position of the literal in the body.
    pub literal: usize,
}

/// What the planner needs to know about relations.
pub trait Sizes {
    /// Current number of rows of a predicate.
    fn rows(&self, pred: PredId) -> u32;
}

/// Plans a body. `bound` marks variables bound on entry (and is updated);
/// `delta` names the body position read as the delta; `view_of` gives the
/// view of every other positive atom.
pub fn plan_body(
    body: &[Literal],
    names: &[String],
    bound: &mut [bool],
    delta: Option<usize>,
    view_of: &dyn Fn(usize, PredId) -> View,
    sizes: &dyn Sizes,
) -> Result<Vec<Step>, usize> {
    plan_scope(body, names, bound, delta, view_of, sizes, false)
}

/// Plans a body; with `in_aggregate` (an aggregate's body, or an
/// explanation that wants every value) anonymous variables are bound too,
/// since each distinct solution counts.
pub fn plan_scope(
    body: &[Literal],
    names: &[String],
    bound: &mut [bool],
    delta: Option<usize>,
    view_of: &dyn Fn(usize, PredId) -> View,
    sizes: &dyn Sizes,
    in_aggregate: bool,
) -> Result<Vec<Step>, usize> {
    let mut steps = Vec::new();
    let mut done = vec![false; body.len()];
    loop {
        // Filters, bindings, negations and aggregates as soon as they can run.
        let mut progressed = false;
        for (i, l) in body.iter().enumerate() {
            if done[i] || matches!(l, Literal::Pos(_)) || !l.ready(bound) {
                continue;
            }
            steps.push(other_step(l, i, names, bound, sizes)?);
            l.bind(bound);
            done[i] = true;
            progressed = true;
        }
        if progressed {
            continue;
        }
        // The best positive atom.
        let mut best: Option<(usize, (u8, usize, u32))> = None;
        for (i, l) in body.iter().enumerate() {
            if done[i] {
                continue;
            }
            if let Literal::Pos(a) = l {
                if !l.ready(bound) {
                    continue;
                }
                let bound_cols = a
                    .args
                    .iter()
                    .filter(|e| !matches!(e, Expr::Var(v) if !bound[*v as usize]))
                    .count();
                let all = bound_cols == a.args.len();
                // Lower is better: fully bound first, then more bound columns,
                // then fewer rows.
                // The delta (last round's new rows) is small: read it first.
                let is_delta = delta == Some(i);
                let score = (
                    if is_delta { 0 } else { 1 },
                    if all {
                        0
                    } else {
                        1 + a.args.len() - bound_cols
                    },
                    sizes.rows(a.pred),
                );
                if best.is_none_or(|(_, s)| score < s) {
                    best = Some((i, score));
                }
            }
        }
        match best {
            Some((i, _)) => {
                if let Literal::Pos(a) = &body[i] {
                    let view = if delta == Some(i) {
                        View::Delta
                    } else {
                        view_of(i, a.pred)
                    };
                    steps.push(atom_step(a, i, view, names, bound, in_aggregate));
                }
                done[i] = true;
            }
            None => break,
        }
    }
    match done.iter().position(|d| !d) {
        Some(i) => Err(i),
        None => Ok(steps),
    }
}

fn operand(e: &Expr) -> Operand {
    match e {
        Expr::Var(v) => Operand::Var(*v),
        Expr::Const(c) => Operand::Const(*c),
        other => Operand::Expr(other.clone()),
    }
}

fn atom_step(
    a: &Atom,
    literal: usize,
    view: View,
    names: &[String],
    bound: &mut [bool],
    bind_anonymous: bool,
) -> Step {
    let mut key = Vec::new();
    let mut cols = Vec::with_capacity(a.args.len());
    let mut bound_here: Vec<VarId> = Vec::new();
    for (c, e) in a.args.iter().enumerate() {
        match e {
            Expr::Var(v) if !bound[*v as usize] => {
                if names[*v as usize] == "_" && !bind_anonymous {
                    cols.push(ColOp::Skip);
                } else if bound_here.contains(v) {
                    cols.push(ColOp::Check(*v));
                } else {
                    bound_here.push(*v);
                    cols.push(ColOp::Bind(*v));
                }
            }
            e => {
                // Bound columns go through an index; for the delta the chain
                // of matching rows is cut to the last round's rows.
                key.push((c, operand(e)));
                cols.push(ColOp::Skip);
            }
        }
    }
    for v in bound_here {
        bound[v as usize] = true;
    }
    if !key.is_empty() && key.len() == a.args.len() {
        return Step::Contains {
            pred: a.pred,
            view,
            args: key.into_iter().map(|(_, o)| o).collect(),
            literal,
        };
    }
    let exists = !cols
        .iter()
        .any(|c| matches!(c, ColOp::Bind(_) | ColOp::Check(_)));
    Step::Join {
        pred: a.pred,
        view,
        key,
        index: IndexRef::default(),
        cols,
        exists,
        literal,
    }
}

fn other_step(
    l: &Literal,
    literal: usize,
    names: &[String],
    bound: &[bool],
    sizes: &dyn Sizes,
) -> Result<Step, usize> {
    Ok(match l {
        Literal::Neg(a) => {
            let mut key = Vec::new();
            for (c, e) in a.args.iter().enumerate() {
                if !matches!(e, Expr::Wild) {
                    key.push((c, operand(e)));
                }
            }
            Step::NotExists {
                pred: a.pred,
                full: key.len() == a.args.len(),
                key,
                index: IndexRef::default(),
                literal,
            }
        }
        Literal::Cmp { lhs, op, rhs, .. } => {
            let (l_ok, r_ok) = (lhs.is_bound(bound), rhs.is_bound(bound));
            match (lhs, rhs) {
                (Expr::Var(v), e) if !l_ok && *op == CmpOp::Eq => Step::Bind {
                    var: *v,
                    expr: e.clone(),
                    literal,
                },
                (e, Expr::Var(v)) if !r_ok && *op == CmpOp::Eq => Step::Bind {
                    var: *v,
                    expr: e.clone(),
                    literal,
                },
                _ => Step::Filter {
                    lhs: lhs.clone(),
                    op: *op,
                    rhs: rhs.clone(),
                    literal,
                },
            }
        }
        Literal::Agg(a) => Step::Agg(Box::new(agg_plan(a, literal, names, bound, sizes)?)),
        Literal::Pos(_) => unreachable!("positive atoms are planned by atom_step"),
    })
}

fn agg_plan(
    a: &Aggregate,
    literal: usize,
    names: &[String],
    bound: &[bool],
    sizes: &dyn Sizes,
) -> Result<AggPlan, usize> {
    let mut inner = bound.to_vec();
    let steps = plan_scope(
        &a.body,
        names,
        &mut inner,
        None,
        &|_, _| View::All,
        sizes,
        true,
    )
    .map_err(|_| literal)?;
    Ok(AggPlan {
        result: a.result,
        result_bound: bound[a.result as usize],
        op: a.op,
        target: a.target.clone(),
        steps,
        literal,
    })
}

/// Creates (or brings up to date) the indexes a plan probes and records
/// them in its steps.
pub fn prepare(steps: &mut [Step], model: &mut super::model::Model) {
    for step in steps {
        match step {
            Step::Join {
                pred, key, index, ..
            } if !key.is_empty() => {
                let cols: Vec<usize> = key.iter().map(|(c, _)| *c).collect();
                *index = model.ensure_index(*pred, &cols);
            }
            Step::NotExists {
                pred,
                key,
                full,
                index,
                ..
            } if !*full && !key.is_empty() => {
                let cols: Vec<usize> = key.iter().map(|(c, _)| *c).collect();
                *index = model.ensure_index(*pred, &cols);
            }
            Step::Agg(plan) => prepare(&mut plan.steps, model),
            _ => {}
        }
    }
}
