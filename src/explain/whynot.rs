//! Why a ground atom does not hold: for each rule that could derive it, the
//! first body condition that fails under the bindings tried, and why that
//! one fails, down to a bounded depth; for a failing `not X`, the
//! derivation of the `X` that blocks it. (What would make it hold is
//! [`super::hypotheses`]'s.)

use super::tree::{Node, NodeKind, Status};
use super::why::Explainer;
use crate::check::program::{Expr, Literal, PredId, RuleId};
use crate::eval::EvalError;
use crate::eval::plan::{Step, View};
use crate::value::Value;

/// A ground atom.
pub type GroundAtom = (PredId, Vec<Value>);

/// Most facts in one hypothesis.
pub const MAX_HYPOTHESIS: usize = 3;

fn literal_of(step: &Step) -> usize {
    match step {
        Step::Join { literal, .. }
        | Step::Contains { literal, .. }
        | Step::NotExists { literal, .. }
        | Step::Filter { literal, .. }
        | Step::Bind { literal, .. } => *literal,
        Step::Agg(a) => a.literal,
    }
}

impl Explainer<'_> {
    /// Whether facts of `pred` are the user's to give: no rule derives it.
    pub fn is_scenario(&self, pred: PredId) -> bool {
        self.rules_of[pred.0 as usize].is_empty()
    }

    /// Whether a hypothesis may add facts of `pred`: a declared `@input`,
    /// or, in a program that declares no inputs, any predicate without
    /// rules.
    pub fn assumable(&self, pred: PredId) -> bool {
        if self.program.preds.iter().any(|p| p.input) {
            self.program.pred(pred).input
        } else {
            self.is_scenario(pred)
        }
    }

    /// The node for a ground atom that does not hold.
    pub fn whynot(
        &mut self,
        pred: PredId,
        values: &[Value],
        depth: usize,
    ) -> Result<Node, EvalError> {
        let pattern: Vec<Option<Value>> = values.iter().copied().map(Some).collect();
        self.whynot_pattern(pred, &pattern, depth)
    }

    /// `pred(a, _)` with `_` for unknown arguments.
    pub fn pattern_text(&self, pred: PredId, pattern: &[Option<Value>]) -> String {
        let name = &self.program.pred(pred).name;
        if pattern.is_empty() {
            return name.clone();
        }
        let args: Vec<String> = pattern
            .iter()
            .map(|v| {
                v.map(|v| self.store.display(v).to_string())
                    .unwrap_or_else(|| "_".to_string())
            })
            .collect();
        format!("{name}({})", args.join(", "))
    }

    /// The node for an atom with possibly unknown arguments (`None`) of
    /// which no tuple holds.
    pub fn whynot_pattern(
        &mut self,
        pred: PredId,
        pattern: &[Option<Value>],
        depth: usize,
    ) -> Result<Node, EvalError> {
        if let Some(row) = self.first_match(pred, pattern) {
            return self.why(pred, &row);
        }
        let goal = self.pattern_text(pred, pattern);
        let p = self.program.pred(pred);
        if self.is_scenario(pred) {
            let note = if p.input {
                format!("no such fact was given (`{}` is a scenario input)", p.name)
            } else if p.defined {
                format!(
                    "no fact of `{}` says so, and no rule derives `{}`",
                    p.name, p.name
                )
            } else {
                format!("`{}` has no facts and no rules", p.name)
            };
            return Ok(Node::new(goal, Status::Fails, NodeKind::Missing).with_note(note));
        }
        if depth == 0 {
            return Ok(Node::new(goal, Status::Fails, NodeKind::DepthLimit)
                .with_note("not explored further"));
        }
        let rules = self.rules_of[pred.0 as usize].clone();
        if let [r] = rules[..] {
            return self.rule_fails(r, pattern, depth);
        }
        let mut node = Node::new(goal, Status::Fails, NodeKind::Alternatives);
        node.note = Some(if rules.len() == 1 {
            "its only rule does not apply".to_string()
        } else {
            format!("none of its {} rules applies", rules.len())
        });
        for r in rules {
            let child = self.rule_fails(r, pattern, depth)?;
            node.children.push(child);
        }
        Ok(node)
    }

    /// Why rule `r` does not derive the goal: its first failing condition.
    fn rule_fails(
        &mut self,
        r: RuleId,
        pattern: &[Option<Value>],
        depth: usize,
    ) -> Result<Node, EvalError> {
        let program = self.program;
        let rule = &program.rules[r as usize];
        let goal = self.pattern_text(rule.head.pred, pattern);
        let mut node = Node::new(goal, Status::Fails, NodeKind::Rule);
        node.rule = Some(self.rule_ref(r));
        node.source = self.source_ref(rule.source);
        let Some((regs, mut bound)) = self.unify_head_pattern(r, pattern) else {
            return Ok(node.with_note("its head does not match"));
        };
        let entry_bound = bound.clone();
        let steps = self
            .solver
            .plan(&rule.body, &rule.vars, &mut bound, &|_, _| View::All);
        // The longest prefix of the plan that still has a solution.
        let mut last = regs.clone();
        let mut failing = None;
        for k in 0..steps.len() {
            let sols = self
                .solver
                .solve(&steps[..=k], &regs, 1, self.store, self.limits)?;
            match sols.into_iter().next() {
                Some(s) => last = s,
                None => {
                    failing = Some(k);
                    break;
                }
            }
        }
        let Some(k) = failing else {
            return Ok(node.with_note("its body holds, but the head computes other values"));
        };
        // Variables bound before the failing step.
        let mut known = entry_bound;
        for s in &steps[..k] {
            rule.body[literal_of(s)].bind(&mut known);
        }
        node.bindings = self
            .bindings(&rule.vars, &last, &rule.body, &rule.head.args)
            .into_iter()
            .filter(|b| {
                rule.vars
                    .iter()
                    .position(|n| *n == b.var)
                    .is_some_and(|v| known[v])
            })
            .collect();
        let lit = &rule.body[literal_of(&steps[k])];
        let child = self.literal_fails(lit, &rule.vars, &last, &known, depth)?;
        node.note = Some(format!("fails at `{}`", child.goal));
        node.children.push(child);
        Ok(node)
    }

    fn literal_fails(
        &mut self,
        l: &Literal,
        names: &[String],
        regs: &[Value],
        known: &[bool],
        depth: usize,
    ) -> Result<Node, EvalError> {
        Ok(match l {
            Literal::Pos(a) => {
                let mut pattern = Vec::with_capacity(a.args.len());
                for e in &a.args {
                    pattern.push(if e.is_bound(known) {
                        Some(self.eval(e, regs).map_err(|reason| EvalError::Arithmetic {
                            reason,
                            span: crate::source::Span::default(),
                        })?)
                    } else {
                        None
                    });
                }
                let mut node = self.whynot_pattern(a.pred, &pattern, depth - 1)?;
                if pattern.iter().any(Option::is_none) {
                    // Show the variables by name where the pattern has `_`.
                    node.goal = self.partial_atom(a.pred, &a.args, regs, known, names);
                }
                node
            }
            Literal::Neg(a) => {
                let values: Vec<Value> = a
                    .args
                    .iter()
                    .map(|e| match e {
                        Expr::Wild => None,
                        e => self.eval(e, regs).ok(),
                    })
                    .collect::<Option<Vec<_>>>()
                    .unwrap_or_default();
                let text = self.atom_pattern(a.pred, &a.args, regs);
                let mut node = Node::new(format!("not {text}"), Status::Fails, NodeKind::Negation)
                    .with_note(format!("`{text}` holds"));
                if values.len() == a.args.len() {
                    node.children.push(self.why(a.pred, &values)?);
                } else {
                    // `_` in the atom: explain one matching tuple.
                    let pattern: Vec<Option<Value>> = a
                        .args
                        .iter()
                        .map(|e| match e {
                            Expr::Wild => None,
                            e => self.eval(e, regs).ok(),
                        })
                        .collect();
                    if let Some(row) = self.first_match(a.pred, &pattern) {
                        node.children.push(self.why(a.pred, &row)?);
                    }
                }
                node
            }
            Literal::Cmp { lhs, op, rhs, .. } => Node::new(
                format!(
                    "{} {} {}",
                    self.partial_expr(lhs, regs, known, names),
                    op.symbol(),
                    self.partial_expr(rhs, regs, known, names)
                ),
                Status::Fails,
                NodeKind::Comparison,
            )
            .with_note("this comparison is false"),
            Literal::Agg(a) => {
                let mut node = self.aggregate_node(a, names, regs, Status::Fails)?;
                if known[a.result as usize] {
                    let want = self.store.display(regs[a.result as usize]).to_string();
                    node.note = Some(format!(
                        "{}; it must equal {want}",
                        node.note.clone().unwrap_or_default()
                    ));
                }
                node
            }
        })
    }

    /// The first tuple of `pred` matching a pattern (`None` matches any).
    pub(super) fn first_match(
        &self,
        pred: PredId,
        pattern: &[Option<Value>],
    ) -> Option<Vec<Value>> {
        let rel = self.solver.model().relation(pred);
        (0..rel.rows()).map(|r| rel.row(r)).find_map(|row| {
            row.iter()
                .zip(pattern)
                .all(|(v, p)| p.is_none_or(|p| p == *v))
                .then(|| row.to_vec())
        })
    }

    fn partial_atom(
        &self,
        pred: PredId,
        args: &[Expr],
        regs: &[Value],
        known: &[bool],
        names: &[String],
    ) -> String {
        let name = &self.program.pred(pred).name;
        if args.is_empty() {
            return name.clone();
        }
        let args: Vec<String> = args
            .iter()
            .map(|e| self.partial_expr(e, regs, known, names))
            .collect();
        format!("{name}({})", args.join(", "))
    }

    fn partial_expr(&self, e: &Expr, regs: &[Value], known: &[bool], names: &[String]) -> String {
        if e.is_bound(known) && !matches!(e, Expr::Wild) {
            self.expr_text(e, regs)
        } else {
            self.named_expr(e, names)
        }
    }
}
