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
    prepare_within(steps, model, None).expect("no budget, no stop");
}

/// [`prepare`], looking at `budget`, if any, while it indexes rows (a
/// large relation takes a while).
pub fn prepare_within(
    steps: &mut [Step],
    model: &mut super::model::Model,
    budget: Option<&super::limits::Budget>,
) -> Result<(), super::limits::Stop> {
    for step in steps {
        match step {
            Step::Join {
                pred, key, index, ..
            } if !key.is_empty() => {
                let cols: Vec<usize> = key.iter().map(|(c, _)| *c).collect();
                *index = model.ensure_index_within(*pred, &cols, budget)?;
            }
            Step::NotExists {
                pred,
                key,
                full,
                index,
                ..
            } if !*full && !key.is_empty() => {
                let cols: Vec<usize> = key.iter().map(|(c, _)| *c).collect();
                *index = model.ensure_index_within(*pred, &cols, budget)?;
            }
            Step::Agg(plan) => prepare_within(&mut plan.steps, model, budget)?,
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::program::{Program, Rule};

    use crate::eval::model::Model;

    use crate::value::ValueStore;

    /// (rule, delta, relation sizes, the plan).
    type OrderCase<'a> = (&'a str, Option<usize>, &'a [(&'a str, u32)], &'a [&'a str]);

    /// A probing step: (literal, predicate, index).
    type Probe<'a> = (usize, &'a str, IndexRef);

    fn program(text: &str, values: &mut ValueStore) -> Program {
        crate::testing::checked(text, values).1
    }

    /// Relation sizes by predicate name (1 for the others).
    struct Rows<'a> {
        program: &'a Program,
        sizes: &'a [(&'a str, u32)],
    }

    impl Sizes for Rows<'_> {
        fn rows(&self, pred: PredId) -> u32 {
            let name = &self.program.pred(pred).name;
            self.sizes
                .iter()
                .find(|(n, _)| n == name)
                .map_or(1, |(_, s)| *s)
        }
    }

    /// Steps as one line each, variables by name.
    struct Show<'a> {
        program: &'a Program,
        names: &'a [String],
        values: &'a ValueStore,
    }

    impl Show<'_> {
        fn expr(&self, e: &Expr) -> String {
            match e {
                Expr::Var(v) => self.names[*v as usize].clone(),
                Expr::Const(c) => self.values.display(*c).to_string(),
                Expr::Bin(op, a, b) => {
                    format!("({} {} {})", self.expr(a), op.symbol(), self.expr(b))
                }
                Expr::Neg(a) => format!("-{}", self.expr(a)),
                Expr::Wild => "_".to_string(),
            }
        }

        fn operand(&self, o: &Operand) -> String {
            match o {
                Operand::Var(v) => self.names[*v as usize].clone(),
                Operand::Const(c) => self.values.display(*c).to_string(),
                Operand::Expr(e) => self.expr(e),
            }
        }

        fn key(&self, key: &[(usize, Operand)]) -> String {
            key.iter()
                .map(|(c, o)| format!("{c}={}", self.operand(o)))
                .collect::<Vec<_>>()
                .join(" ")
        }

        fn name(&self, pred: PredId) -> &str {
            &self.program.pred(pred).name
        }

        fn step(&self, s: &Step) -> String {
            let view = |v: &View| format!("{v:?}").to_lowercase();
            match s {
                Step::Join {
                    pred,
                    view: v,
                    key,
                    cols,
                    exists,
                    literal,
                    ..
                } => {
                    let cols: Vec<String> = cols
                        .iter()
                        .map(|c| match c {
                            ColOp::Bind(v) => self.names[*v as usize].clone(),
                            ColOp::Check(v) => format!("={}", self.names[*v as usize]),
                            ColOp::Skip => "-".to_string(),
                        })
                        .collect();
                    format!(
                        "join {}:{} key({}) cols({}){} #{literal}",
                        self.name(*pred),
                        view(v),
                        self.key(key),
                        cols.join(" "),
                        if *exists { " exists" } else { "" }
                    )
                }
                Step::Contains {
                    pred,
                    view: v,
                    args,
                    literal,
                } => {
                    let args: Vec<String> = args.iter().map(|o| self.operand(o)).collect();
                    format!(
                        "contains {}:{}({}) #{literal}",
                        self.name(*pred),
                        view(v),
                        args.join(", ")
                    )
                }
                Step::NotExists {
                    pred,
                    key,
                    full,
                    literal,
                    ..
                } => format!(
                    "not {} key({}){} #{literal}",
                    self.name(*pred),
                    self.key(key),
                    if *full { " full" } else { "" }
                ),
                Step::Filter {
                    lhs,
                    op,
                    rhs,
                    literal,
                } => format!(
                    "filter {} {} {} #{literal}",
                    self.expr(lhs),
                    op.symbol(),
                    self.expr(rhs)
                ),
                Step::Bind { var, expr, literal } => format!(
                    "bind {} = {} #{literal}",
                    self.names[*var as usize],
                    self.expr(expr)
                ),
                Step::Agg(a) => {
                    let inner: Vec<String> = a.steps.iter().map(|s| self.step(s)).collect();
                    format!(
                        "agg {}{} {} {} [{}] #{}",
                        a.op.name(),
                        a.target
                            .as_ref()
                            .map(|t| format!(" {}", self.expr(t)))
                            .unwrap_or_default(),
                        if a.result_bound { "=" } else { "->" },
                        self.names[a.result as usize],
                        inner.join("; "),
                        a.literal
                    )
                }
            }
        }
    }

    /// The last rule of `text` planned with `delta`, reading the atoms
    /// before the delta as `Full` and those after it as `Old` (as a
    /// recursive stratum does), everything as `All` without a delta.
    fn plan_last_rule(text: &str, delta: Option<usize>, sizes: &[(&str, u32)]) -> Vec<String> {
        let mut values = ValueStore::new();
        let program = program(text, &mut values);
        let rule: &Rule = program.rules.iter().last().expect("a rule");
        let mut bound = vec![false; rule.vars.len()];
        let view_of = |i: usize, _: PredId| match delta {
            None => View::All,
            Some(j) if i < j => View::Full,
            Some(_) => View::Old,
        };
        let rows = Rows {
            program: &program,
            sizes,
        };
        let steps = plan_body(&rule.body, &rule.vars, &mut bound, delta, &view_of, &rows)
            .unwrap_or_else(|i| panic!("{text}: literal {i} cannot be planned"));
        // The head's variables are bound after the plan (skipped `_` ones
        // and an aggregate's inner ones are not, see the cases).
        for e in &rule.head.args {
            e.for_each_var(&mut |v| assert!(bound[v as usize], "{text}: {v} bound"));
        }
        let show = Show {
            program: &program,
            names: &rule.vars,
            values: &values,
        };
        steps.iter().map(|s| show.step(s)).collect()
    }

    #[test]
    fn bodies_are_ordered_and_given_access_paths() {
        let cases: &[OrderCase] = &[
            // A filter runs as soon as its variables are bound, before the
            // atoms after it.
            (
                "p(X, Y) :- e(X), f(X, Y), X > 1.",
                None,
                &[],
                &[
                    "join e:all key() cols(X) #0",
                    "filter X > 1 #2",
                    "join f:all key(0=X) cols(- Y) #1",
                ],
            ),
            // `X = 3` binds X before any atom runs; then e(X) is a test.
            (
                "p(X) :- e(X), X = 3.",
                None,
                &[],
                &["bind X = 3 #1", "contains e:all(X) #0"],
            ),
            // A fully bound atom is a membership test.
            (
                "p(X) :- e(X), f(X).",
                None,
                &[],
                &["join e:all key() cols(X) #0", "contains f:all(X) #1"],
            ),
            ("p :- e(2, 1).", None, &[], &["contains e:all(2, 1) #0"]),
            // Constant and bound columns are index keys.
            (
                "p(X) :- e(X, 1).",
                None,
                &[],
                &["join e:all key(1=1) cols(X -) #0"],
            ),
            // `_` columns are skipped; an atom that binds nothing needs one
            // row.
            (
                "p(X) :- e(X, _).",
                None,
                &[],
                &["join e:all key() cols(X -) #0"],
            ),
            (
                "p :- e(_, _).",
                None,
                &[],
                &["join e:all key() cols(- -) exists #0"],
            ),
            (
                "p(X) :- f(X), e(X, _).",
                None,
                &[],
                &[
                    "join f:all key() cols(X) #0",
                    "join e:all key(0=X) cols(- -) exists #1",
                ],
            ),
            // A variable repeated in one atom is checked, not bound again.
            (
                "p(X) :- e(X, X).",
                None,
                &[],
                &["join e:all key() cols(X =X) #0"],
            ),
            // The delta comes first, whatever its size; the other atoms read
            // `Full` before it and `Old` after it.
            (
                "p(X, Z) :- p(X, Y), e(Y, Z).",
                Some(1),
                &[("e", 1000)],
                &[
                    "join e:delta key() cols(Y Z) #1",
                    "join p:full key(1=Y) cols(X -) #0",
                ],
            ),
            (
                "p(X, Z) :- p(X, Y), e(Y, Z).",
                Some(0),
                &[("p", 1000)],
                &[
                    "join p:delta key() cols(X Y) #0",
                    "join e:old key(0=Y) cols(- Z) #1",
                ],
            ),
            // Without a delta, the smaller relation first.
            (
                "p(X, Z) :- p(X, Y), e(Y, Z).",
                None,
                &[("p", 1000)],
                &[
                    "join e:all key() cols(Y Z) #1",
                    "join p:all key(1=Y) cols(X -) #0",
                ],
            ),
            (
                "p(X, Y) :- big(X), small(Y).",
                None,
                &[("big", 100)],
                &[
                    "join small:all key() cols(Y) #1",
                    "join big:all key() cols(X) #0",
                ],
            ),
            // Equal scores: the body order.
            (
                "p(X, Y) :- big(X), small(Y).",
                None,
                &[],
                &[
                    "join big:all key() cols(X) #0",
                    "join small:all key() cols(Y) #1",
                ],
            ),
            // Fewer unbound columns beat fewer rows.
            (
                "p(X, Y) :- e(X, Y), big(X).",
                None,
                &[("big", 100)],
                &[
                    "join big:all key() cols(X) #1",
                    "join e:all key(0=X) cols(- Y) #0",
                ],
            ),
            // `X = expr` with X unbound binds it, on either side.
            (
                "p(Y) :- e(X), Y = X + 1.",
                None,
                &[],
                &["join e:all key() cols(X) #0", "bind Y = (X + 1) #1"],
            ),
            (
                "p(Y) :- e(X), X * 2 = Y.",
                None,
                &[],
                &["join e:all key() cols(X) #0", "bind Y = (X * 2) #1"],
            ),
            // Negations wait for their variables; `_` is no key column.
            (
                "p(X) :- not f(X), e(X).",
                None,
                &[],
                &["join e:all key() cols(X) #1", "not f key(0=X) full #0"],
            ),
            (
                "p(X) :- e(X), not g(X, _).",
                None,
                &[],
                &["join e:all key() cols(X) #0", "not g key(0=X) #1"],
            ),
            // Aggregates are planned with their inner steps, `_` bound
            // inside (each solution counts).
            (
                "p(X, N) :- e(X), N = count : { f(X, _) }.",
                None,
                &[],
                &[
                    "join e:all key() cols(X) #0",
                    "agg count -> N [join f:all key(0=X) cols(- _) #0] #1",
                ],
            ),
            (
                "p(S) :- S = sum V : { f(_, V) }.",
                None,
                &[],
                &["agg sum V -> S [join f:all key() cols(_ V) #0] #0"],
            ),
            // A result bound before is a test.
            (
                "p(X) :- f(X, N), N = count : { g(X, _) }.",
                None,
                &[],
                &[
                    "join f:all key() cols(X N) #0",
                    "agg count = N [join g:all key(0=X) cols(- _) #0] #1",
                ],
            ),
        ];
        for (rule, delta, sizes, want) in cases {
            // Predicates without facts are only warned about.
            let got = plan_last_rule(rule, *delta, sizes);
            assert_eq!(got, *want, "case {rule} (delta {delta:?}, sizes {sizes:?})");
        }
    }

    #[test]
    fn variables_bound_on_entry_are_keys() {
        // What explanations do: the head's variables bound by the goal.
        let cases: &[(&[&str], &[&str])] = &[
            (
                &[],
                &[
                    "join e:all key() cols(X Z) #0",
                    "join f:all key(0=Z) cols(- Y) #1",
                ],
            ),
            (
                &["X"],
                &[
                    "join e:all key(0=X) cols(- Z) #0",
                    "join f:all key(0=Z) cols(- Y) #1",
                ],
            ),
            (
                &["X", "Y"],
                &[
                    "join e:all key(0=X) cols(- Z) #0",
                    "contains f:all(Z, Y) #1",
                ],
            ),
            (
                &["Y"],
                &[
                    "join f:all key(1=Y) cols(Z -) #1",
                    "join e:all key(1=Z) cols(X -) #0",
                ],
            ),
        ];
        let mut values = ValueStore::new();
        let program = program("p(X, Y) :- e(X, Z), f(Z, Y).", &mut values);
        let rule = program.rules.iter().last().unwrap();
        let rows = Rows {
            program: &program,
            sizes: &[],
        };
        let show = Show {
            program: &program,
            names: &rule.vars,
            values: &values,
        };
        for (entry, want) in cases {
            let mut bound: Vec<bool> = rule
                .vars
                .iter()
                .map(|n| entry.contains(&n.as_str()))
                .collect();
            let steps = plan_body(
                &rule.body,
                &rule.vars,
                &mut bound,
                None,
                &|_, _| View::All,
                &rows,
            )
            .expect("plans");
            let got: Vec<String> = steps.iter().map(|s| show.step(s)).collect();
            assert_eq!(got, *want, "case bound {entry:?}");
            assert!(bound.iter().all(|b| *b), "case bound {entry:?}: {bound:?}");
        }
    }

    #[test]
    fn a_literal_that_never_becomes_ready_is_reported() {
        let mut values = ValueStore::new();
        let three = values.int(3);
        let names = vec!["X".to_string(), "Y".to_string()];
        let sizes = Rows {
            program: &Program::default(),
            sizes: &[],
        };
        let cases: &[(Vec<Literal>, Result<usize, usize>)] = &[
            // `X < 3` with X bound nowhere.
            (
                vec![Literal::Cmp {
                    lhs: Expr::Var(0),
                    op: CmpOp::Lt,
                    rhs: Expr::Const(three),
                    span: Default::default(),
                }],
                Err(0),
            ),
            // `X = Y` with neither bound.
            (
                vec![
                    Literal::Cmp {
                        lhs: Expr::Var(0),
                        op: CmpOp::Eq,
                        rhs: Expr::Const(three),
                        span: Default::default(),
                    },
                    Literal::Cmp {
                        lhs: Expr::Var(1),
                        op: CmpOp::Lt,
                        rhs: Expr::Var(0),
                        span: Default::default(),
                    },
                ],
                // `X = 3` binds X, which is not enough for `Y < X`.
                Err(1),
            ),
            // `X = 3, Y = X`: both bind.
            (
                vec![
                    Literal::Cmp {
                        lhs: Expr::Var(1),
                        op: CmpOp::Eq,
                        rhs: Expr::Var(0),
                        span: Default::default(),
                    },
                    Literal::Cmp {
                        lhs: Expr::Var(0),
                        op: CmpOp::Eq,
                        rhs: Expr::Const(three),
                        span: Default::default(),
                    },
                ],
                Ok(2),
            ),
        ];
        for (i, (body, want)) in cases.iter().enumerate() {
            let mut bound = vec![false; 2];
            let got = plan_body(body, &names, &mut bound, None, &|_, _| View::All, &sizes)
                .map(|steps| steps.len());
            assert_eq!(got, *want, "case {i}");
        }
    }

    #[test]
    fn prepare_fills_in_the_indexes_probed() {
        let text = "e(1, 2). f(1). g(1, 2). h(1).\n\
                    p(X, Y) :- f(X), e(X, Y), not g(X, _), not h(X).\n\
                    q(X, N) :- f(X), N = count : { e(_, X) }.\n\
                    r(X, Y) :- f(X), e(X, Y).";
        let mut values = ValueStore::new();
        let program = program(text, &mut values);
        let mut model = Model::new(program.preds.iter().map(|p| p.arity));
        let e = program.pred_id("e").unwrap();
        // (rule, the probing steps as (literal, predicate, index)).
        let cases: &[(usize, &[Probe])] = &[
            // The negations run as soon as X is bound, before e. e on [0]
            // is e's first index, g on [0] g's first; the full `not h(X)`
            // and the scan of f keep the default (and build none, below).
            (
                0,
                &[
                    (0, "f", IndexRef::own(0)),
                    (2, "g", IndexRef::own(0)),
                    (3, "h", IndexRef::default()),
                    (1, "e", IndexRef::own(0)),
                ],
            ),
            // The aggregate's inner join is prepared too: e on [1] is a
            // second index of e.
            (1, &[(0, "f", IndexRef::own(0)), (0, "e", IndexRef::own(1))]),
            // Prepared again, e on [0] is found, not added.
            (2, &[(0, "f", IndexRef::own(0)), (1, "e", IndexRef::own(0))]),
        ];
        for (r, want) in cases {
            let rule = &program.rules[*r];
            let mut bound = vec![false; rule.vars.len()];
            let mut steps = plan_body(
                &rule.body,
                &rule.vars,
                &mut bound,
                None,
                &|_, _| View::All,
                &model,
            )
            .unwrap();
            prepare(&mut steps, &mut model);
            fn flatten(steps: &[Step], out: &mut Vec<(usize, PredId, IndexRef)>) {
                for s in steps {
                    match s {
                        Step::Join {
                            pred,
                            index,
                            literal,
                            ..
                        }
                        | Step::NotExists {
                            pred,
                            index,
                            literal,
                            ..
                        } => out.push((*literal, *pred, *index)),
                        Step::Agg(a) => flatten(&a.steps, out),
                        _ => {}
                    }
                }
            }
            let mut got = Vec::new();
            flatten(&steps, &mut got);
            let got: Vec<(usize, &str, IndexRef)> = got
                .into_iter()
                .map(|(l, p, i)| (l, program.pred(p).name.as_str(), i))
                .collect();
            assert_eq!(got, *want, "case rule {r}");
        }
        // The indexes exist, complete, on the columns the keys name.
        let rel = model.relation(e);
        assert_eq!(rel.find_index(&[0]), Some(0));
        assert_eq!(rel.find_index(&[1]), Some(1));
        for name in ["f", "h"] {
            let rel = model.relation(program.pred_id(name).unwrap());
            assert_eq!(rel.find_index(&[0]), None, "no index on {name}");
        }
        let g = model.relation(program.pred_id("g").unwrap());
        assert_eq!(g.find_index(&[0]), Some(0));
    }
}
