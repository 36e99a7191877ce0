//! Why a ground atom does not hold: for each rule that could derive it, the
//! first body condition that fails under the bindings tried, and why that
//! one fails, down to a bounded depth; for a failing `not X`, the
//! derivation of the `X` that blocks it. (What would make it hold is
//! [`super::hypotheses`]'s.)

use super::tree::{GoalAtom, Node, NodeKind, Status};
use super::why::Explainer;
use crate::check::program::{Expr, Literal, PredId, RuleId};
use crate::eval::EvalError;
use crate::eval::plan::{Step, View};
use crate::value::{Date, Period, Value};

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
        self.rules_of[pred.0 as usize].is_empty() && self.inactive_of[pred.0 as usize].is_empty()
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
        let mut node = self.whynot_here(pred, pattern, depth)?;
        if node.atom.is_none() {
            node.atom = Some(GoalAtom {
                pred,
                args: pattern.to_vec(),
                negated: false,
            });
        }
        Ok(node)
    }

    fn whynot_here(
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
        let inactive = self.inactive_of[pred.0 as usize].clone();
        if let ([r], []) = (&rules[..], &inactive[..]) {
            return self.rule_fails(*r, pattern, depth);
        }
        let mut node = Node::new(goal, Status::Fails, NodeKind::Alternatives);
        let n = rules.len() + inactive.len();
        node.note = Some(if n == 1 {
            "its only rule does not apply".to_string()
        } else {
            format!("none of its {n} rules applies")
        });
        for r in rules {
            let child = self.rule_fails(r, pattern, depth)?;
            node.children.push(child);
        }
        for r in inactive {
            node.children.push(self.rule_out_of_force(r, pattern));
        }
        Ok(node)
    }

    /// A rule that does not apply on the date asked about: when it does.
    fn rule_out_of_force(&self, r: RuleId, pattern: &[Option<Value>]) -> Node {
        let rule = &self.program.rules[r as usize];
        let goal = self.pattern_text(rule.head.pred, pattern);
        let mut node = Node::new(goal, Status::Fails, NodeKind::Rule);
        node.rule = Some(self.rule_ref(r));
        node.source = self.source_ref(rule.source);
        node.valid = rule.valid;
        node.with_note(out_of_force(rule.valid, self.date))
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
        node.valid = rule.valid;
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
                .solve(&steps[..=k], &regs, 1, self.store, &self.limits)?;
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
                            fed: Default::default(),
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
                let pattern = self.arg_pattern(&a.args, regs);
                let text = self.atom_pattern(a.pred, &a.args, regs);
                let mut node = Node::new(format!("not {text}"), Status::Fails, NodeKind::Negation)
                    .with_note(format!("`{text}` holds"));
                node.atom = Some(GoalAtom {
                    pred: a.pred,
                    args: pattern.clone(),
                    negated: true,
                });
                if let Some(values) = pattern.iter().copied().collect::<Option<Vec<Value>>>() {
                    node.children.push(self.why(a.pred, &values)?);
                } else if let Some(row) = self.first_match(a.pred, &pattern) {
                    // `_` in the atom: explain one matching tuple.
                    node.children.push(self.why(a.pred, &row)?);
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

/// Why a rule valid in `valid` does not apply on `date`: "this rule applies
/// only from 2017-07-01 (the question is as of 2016-05-01)", "this rule
/// applied only until 2019-08-01 (…)".
pub fn out_of_force(valid: Period, date: Date) -> String {
    let asked = format!("the question is as of {date}");
    match (valid.from, valid.until) {
        (Some(f), _) if date < f => match valid.until {
            Some(u) => format!("this rule applies only from {f} until {u} ({asked})"),
            None => format!("this rule applies only from {f} ({asked})"),
        },
        (_, Some(u)) => match valid.from {
            Some(f) => format!("this rule applied only from {f} until {u} ({asked})"),
            None => format!("this rule applied only until {u} ({asked})"),
        },
        _ => format!("this rule does not apply on {date}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{Kb, bindings, kb, outline};

    impl Kb {
        /// `whynot pred(args)` to `depth`: numbers are numbers, anything
        /// else a symbol.
        fn whynot(&mut self, pred: &str, args: &[&str], depth: usize) -> Node {
            let p = self.program.pred_id(pred).expect("a predicate");
            let values = self.args(args);
            let mut ex = Explainer::new(
                &self.program,
                &mut self.model,
                &mut self.values,
                &self.map,
                &self.limits,
            );
            ex.whynot(p, &values, depth).expect("explains")
        }
    }

    /// (program, goal, depth, tree, bindings of the top node).
    type Case<'a> = (
        &'a str,
        (&'a str, &'a [&'a str]),
        usize,
        &'a [&'a str],
        &'a [&'a str],
    );

    fn check_cases(cases: &[Case]) {
        for (text, (pred, args), depth, tree, binds) in cases {
            let mut kb = kb(text);
            let n = kb.whynot(pred, args, *depth);
            let case = format!("{text} whynot {pred}{args:?} to depth {depth}");
            assert_eq!(outline(&n), *tree, "case {case}");
            assert_eq!(bindings(&n), *binds, "case {case}");
        }
    }

    const INPUTS: &str = "@input item(P). @input listed(P). item(a).\n\
                          ok(P) :- item(P), listed(P).";

    #[test]
    fn a_rule_fails_at_its_first_failing_condition() {
        check_cases(&[
            // A positive atom: a scenario input without the fact.
            (
                INPUTS,
                ("ok", &["a"]),
                4,
                &[
                    "- Rule ok(a) — fails at `listed(a)`",
                    "  - Missing listed(a) — no such fact was given (`listed` is a scenario input)",
                ],
                &["P = a"],
            ),
            // The plan's order: `listed` (no rows) is tested before `item`.
            (
                INPUTS,
                ("ok", &["b"]),
                4,
                &[
                    "- Rule ok(b) — fails at `listed(b)`",
                    "  - Missing listed(b) — no such fact was given (`listed` is a scenario input)",
                ],
                &["P = b"],
            ),
            (
                INPUTS,
                ("listed", &["a"]),
                4,
                &["- Missing listed(a) — no such fact was given (`listed` is a scenario input)"],
                &[],
            ),
            // Predicates that are not inputs.
            (
                "q(1). p(X) :- q(X).",
                ("p", &["2"]),
                4,
                &[
                    "- Rule p(2) — fails at `q(2)`",
                    "  - Missing q(2) — no fact of `q` says so, and no rule derives `q`",
                ],
                &["X = 2"],
            ),
            (
                "p(X) :- q(X).",
                ("p", &["2"]),
                4,
                &[
                    "- Rule p(2) — fails at `q(2)`",
                    "  - Missing q(2) — `q` has no facts and no rules",
                ],
                &["X = 2"],
            ),
            // An atom with a variable the goal does not bind: named.
            (
                "q(1, 5). r(9). p(X) :- q(X, Y), r(Y).",
                ("p", &["2"]),
                4,
                &[
                    "- Rule p(2) — fails at `q(2, Y)`",
                    "  - Missing q(2, Y) — no fact of `q` says so, and no rule derives `q`",
                ],
                &["X = 2"],
            ),
            (
                "q(1, 5). r(9). p(X) :- q(X, Y), r(Y).",
                ("p", &["1"]),
                4,
                &[
                    "- Rule p(1) — fails at `r(5)`",
                    "  - Missing r(5) — no fact of `r` says so, and no rule derives `r`",
                ],
                &["X = 1", "Y = 5"],
            ),
            // Down through a derived atom.
            (
                "@input ma(P, C). eu(se). item(a).\n\
                 ok(P) :- item(P), reg(P).\n\
                 reg(P) :- ma(P, C), eu(C).",
                ("ok", &["a"]),
                4,
                &[
                    "- Rule ok(a) — fails at `reg(a)`",
                    "  - Rule reg(a) — fails at `ma(a, C)`",
                    "    - Missing ma(a, C) — no such fact was given (`ma` is a scenario input)",
                ],
                &["P = a"],
            ),
        ]);
    }

    #[test]
    fn negations_comparisons_and_aggregates_fail_with_their_reason() {
        check_cases(&[
            // A negated atom that holds, with the derivation that blocks it.
            (
                "item(b). bad(b). ok(P) :- item(P), not bad(P).",
                ("ok", &["b"]),
                4,
                &[
                    "- Rule ok(b) — fails at `not bad(b)`",
                    "  - Negation not bad(b) — `bad(b)` holds",
                    "    + Fact bad(b)",
                ],
                &["P = b"],
            ),
            (
                "item(b). recalled(b). bad(P) :- recalled(P).\n\
                 ok(P) :- item(P), not bad(P).",
                ("ok", &["b"]),
                4,
                &[
                    "- Rule ok(b) — fails at `not bad(b)`",
                    "  - Negation not bad(b) — `bad(b)` holds",
                    "    + Rule bad(b)",
                    "      + Fact recalled(b)",
                ],
                &["P = b"],
            ),
            (
                "item(b). e(b, 1). e(b, 2). lone(P) :- item(P), not e(P, _).",
                ("lone", &["b"]),
                4,
                &[
                    "- Rule lone(b) — fails at `not e(b, _)`",
                    "  - Negation not e(b, _) — `e(b, _)` holds",
                    "    + Fact e(b, 1)",
                ],
                &["P = b"],
            ),
            // Comparisons, with the values they compared.
            (
                "n(1). big(X) :- n(X), X > 2.",
                ("big", &["1"]),
                4,
                &[
                    "- Rule big(1) — fails at `1 > 2`",
                    "  - Comparison 1 > 2 — this comparison is false",
                ],
                &["X = 1"],
            ),
            (
                "e(1, 5). far(X) :- e(X, Y), Y > 9.",
                ("far", &["1"]),
                4,
                &[
                    "- Rule far(1) — fails at `5 > 9`",
                    "  - Comparison 5 > 9 — this comparison is false",
                ],
                &["X = 1", "Y = 5"],
            ),
            // An aggregate whose result is given: the note says what it
            // computes (2) and what the goal wants (5).
            (
                "item(a). ma(a, se). ma(a, dk).\n\
                 n(P, N) :- item(P), N = count : { ma(P, _) }.",
                ("n", &["a", "5"]),
                4,
                &[
                    "- Rule n(a, 5) — fails at `N = count : { ma(P, _) }`",
                    "  - Aggregate N = count : { ma(P, _) } — 2, over 2 solutions: ma(a, dk); ma(a, se); it must equal 5",
                ],
                &["P = a", "N = 5"],
            ),
            // A head computed from one variable is solved for it: p(5)
            // needs n(4).
            (
                "n(1). p(X + 1) :- n(X).",
                ("p", &["5"]),
                4,
                &[
                    "- Rule p(5) — fails at `n(4)`",
                    "  - Missing n(4) — no fact of `n` says so, and no rule derives `n`",
                ],
                &["X = 4"],
            ),
            // Two computed arguments that cannot both hold.
            (
                "n(4). p(X + 1, X + 2) :- n(X).",
                ("p", &["5", "100"]),
                4,
                &["- Rule p(5, 100) — its head does not match"],
                &[],
            ),
            // The body holds; the head's expression gives another value.
            (
                "n(1). p(X * X) :- n(X).",
                ("p", &["5"]),
                4,
                &["- Rule p(5) — its body holds, but the head computes other values"],
                &[],
            ),
        ]);
    }

    #[test]
    fn every_rule_that_could_derive_the_goal_is_tried() {
        check_cases(&[
            (
                "a(x). b(y). ok(P) :- a(P). ok(P) :- b(P).",
                ("ok", &["z"]),
                4,
                &[
                    "- Alternatives ok(z) — none of its 2 rules applies",
                    "  - Rule ok(z) — fails at `a(z)`",
                    "    - Missing a(z) — no fact of `a` says so, and no rule derives `a`",
                    "  - Rule ok(z) — fails at `b(z)`",
                    "    - Missing b(z) — no fact of `b` says so, and no rule derives `b`",
                ],
                &[],
            ),
            (
                "item(b). other(c). ok(a) :- item(a). ok(P) :- other(P).",
                ("ok", &["b"]),
                4,
                &[
                    "- Alternatives ok(b) — none of its 2 rules applies",
                    "  - Rule ok(b) — its head does not match",
                    "  - Rule ok(b) — fails at `other(b)`",
                    "    - Missing other(b) — no fact of `other` says so, and no rule derives `other`",
                ],
                &[],
            ),
        ]);
        // Each alternative cites its own rule.
        let mut kb = kb("a(x). b(y). ok(P) :- a(P).\nok(P) :- b(P).");
        let n = kb.whynot("ok", &["z"], 4);
        let rules: Vec<&str> = n
            .children
            .iter()
            .map(|c| c.rule.as_ref().unwrap().location.as_str())
            .collect();
        assert_eq!(rules, ["t.kb:1:13", "t.kb:2:1"]);
    }

    #[test]
    fn the_depth_limit_stops_the_search() {
        let chain = "f(1). a(X) :- b(X). b(X) :- c(X). c(X) :- d(X). d(X) :- f(X).";
        check_cases(&[
            (
                chain,
                ("a", &["2"]),
                0,
                &["- DepthLimit a(2) — not explored further"],
                &[],
            ),
            (
                chain,
                ("a", &["2"]),
                1,
                &[
                    "- Rule a(2) — fails at `b(2)`",
                    "  - DepthLimit b(2) — not explored further",
                ],
                &["X = 2"],
            ),
            (
                chain,
                ("a", &["2"]),
                3,
                &[
                    "- Rule a(2) — fails at `b(2)`",
                    "  - Rule b(2) — fails at `c(2)`",
                    "    - Rule c(2) — fails at `d(2)`",
                    "      - DepthLimit d(2) — not explored further",
                ],
                &["X = 2"],
            ),
            (
                chain,
                ("a", &["2"]),
                4,
                &[
                    "- Rule a(2) — fails at `b(2)`",
                    "  - Rule b(2) — fails at `c(2)`",
                    "    - Rule c(2) — fails at `d(2)`",
                    "      - Rule d(2) — fails at `f(2)`",
                    "        - Missing f(2) — no fact of `f` says so, and no rule derives `f`",
                ],
                &["X = 2"],
            ),
            // A scenario predicate needs no depth to be found missing.
            (
                chain,
                ("f", &["2"]),
                0,
                &["- Missing f(2) — no fact of `f` says so, and no rule derives `f`"],
                &[],
            ),
        ]);
    }

    #[test]
    fn a_goal_that_holds_is_explained_as_a_why() {
        check_cases(&[(INPUTS, ("item", &["a"]), 4, &["+ Fact item(a)"], &[])]);
    }
}
