//! What would make a goal hold: sets of at most three scenario facts
//! found by following the rules that could derive it, matching what holds
//! and assuming missing `@input` facts, for the caller to verify by
//! evaluating with them added.

use super::why::Explainer;
use super::whynot::{GroundAtom, MAX_HYPOTHESIS};
use crate::check::program::{Expr, Literal, PredId, RuleId};
use crate::eval::EvalError;
use crate::eval::plan::View;
use crate::value::Value;

/// Most hypotheses gathered.
const MAX_HYPOTHESES: usize = 24;
/// Rows tried per atom when searching for hypotheses.
const ROWS_TRIED: usize = 4;

impl Explainer<'_> {
    /// Sets of at most three scenario facts that, added, might make the
    /// goal hold (smallest first). The caller verifies them.
    pub fn hypotheses(
        &mut self,
        pred: PredId,
        values: &[Value],
        depth: usize,
    ) -> Result<Vec<Vec<GroundAtom>>, EvalError> {
        let pattern: Vec<Option<Value>> = values.iter().copied().map(Some).collect();
        self.hypotheses_pattern(pred, &pattern, depth)
    }

    /// [`Explainer::hypotheses`] for a goal with unknown arguments.
    fn hypotheses_pattern(
        &mut self,
        pred: PredId,
        pattern: &[Option<Value>],
        depth: usize,
    ) -> Result<Vec<Vec<GroundAtom>>, EvalError> {
        let mut out: Vec<Vec<GroundAtom>> = Vec::new();
        if self.first_match(pred, pattern).is_some() {
            return Ok(vec![Vec::new()]);
        }
        if self.is_scenario(pred) {
            let ground: Option<Vec<Value>> = pattern.iter().copied().collect();
            return Ok(ground
                .filter(|_| self.assumable(pred))
                .map(|g| vec![vec![(pred, g)]])
                .unwrap_or_default());
        }
        if depth == 0 {
            return Ok(out);
        }
        for r in self.rules_of[pred.0 as usize].clone() {
            let Some((regs, bound)) = self.unify_head_pattern(r, pattern) else {
                continue;
            };
            let todo: Vec<usize> = (0..self.program.rules[r as usize].body.len()).collect();
            self.relax(r, pattern, todo, regs, bound, Vec::new(), depth, &mut out)?;
        }
        for h in &mut out {
            h.sort();
            h.dedup();
        }
        out.retain(|h| h.len() <= MAX_HYPOTHESIS);
        out.sort_by_key(|h| h.len());
        out.dedup();
        // One hypothesis per shape (the same predicates with other values):
        // `ma_in(p, at)` stands for every recognised country.
        let mut shapes: Vec<Vec<PredId>> = Vec::new();
        out.retain(|h| {
            let shape: Vec<PredId> = h.iter().map(|(p, _)| *p).collect();
            if shapes.contains(&shape) {
                false
            } else {
                shapes.push(shape);
                true
            }
        });
        Ok(out)
    }

    /// Follows rule `r`'s body, matching what holds and assuming missing
    /// scenario facts, collecting each complete set of assumptions.
    #[allow(clippy::too_many_arguments)]
    fn relax(
        &mut self,
        r: RuleId,
        pattern: &[Option<Value>],
        mut todo: Vec<usize>,
        regs: Vec<Value>,
        bound: Vec<bool>,
        mut assumed: Vec<GroundAtom>,
        depth: usize,
        out: &mut Vec<Vec<GroundAtom>>,
    ) -> Result<(), EvalError> {
        let program = self.program;
        let rule = &program.rules[r as usize];
        loop {
            if out.len() >= MAX_HYPOTHESES || assumed.len() > MAX_HYPOTHESIS {
                return Ok(());
            }
            if todo.is_empty() {
                let head = self.ground(&rule.head.args, &regs)?;
                if head
                    .iter()
                    .zip(pattern)
                    .all(|(h, p)| p.is_none_or(|p| p == *h))
                {
                    out.push(assumed);
                }
                return Ok(());
            }
            // Next: a ready non-atom literal, else a ground atom, else the
            // atom with most bound arguments whose relation has rows.
            // Negations come last: the facts assumed for the positive atoms
            // may change what they see.
            let pick = todo
                .iter()
                .position(|&i| {
                    !matches!(rule.body[i], Literal::Pos(_) | Literal::Neg(_))
                        && rule.body[i].ready(&bound)
                })
                .or_else(|| {
                    todo.iter().position(|&i| match &rule.body[i] {
                        Literal::Pos(a) => a.args.iter().all(|e| e.is_bound(&bound)),
                        _ => false,
                    })
                })
                .or_else(|| {
                    todo.iter()
                        .enumerate()
                        .filter(|(_, i)| match &rule.body[**i] {
                            Literal::Pos(a) => {
                                rule.body[**i].ready(&bound) && !self.is_scenario(a.pred)
                            }
                            _ => false,
                        })
                        .max_by_key(|(_, i)| match &rule.body[**i] {
                            Literal::Pos(a) => a.args.iter().filter(|e| e.is_bound(&bound)).count(),
                            _ => 0,
                        })
                        .map(|(k, _)| k)
                })
                .or_else(|| todo.iter().position(|&i| rule.body[i].ready(&bound)));
            let Some(k) = pick else { return Ok(()) };
            let i = todo.remove(k);
            let lit = &rule.body[i];
            match lit {
                Literal::Pos(a) if a.args.iter().all(|e| e.is_bound(&bound)) => {
                    let vals = self.ground(&a.args, &regs)?;
                    if self.holds(a.pred, &vals) {
                        continue;
                    }
                    if self.is_scenario(a.pred) {
                        if !self.assumable(a.pred) {
                            return Ok(());
                        }
                        let atom = (a.pred, vals);
                        if !assumed.contains(&atom) {
                            assumed.push(atom);
                        }
                        continue;
                    }
                    let subs = self.hypotheses(a.pred, &vals, depth - 1)?;
                    let branch = (todo.as_slice(), regs.as_slice(), bound.as_slice());
                    return self.relax_each(r, pattern, branch, &assumed, subs, depth, out);
                }
                Literal::Neg(a) => {
                    let vals: Option<Vec<Value>> = a
                        .args
                        .iter()
                        .map(|e| {
                            if matches!(e, Expr::Wild) {
                                None
                            } else {
                                self.eval(e, &regs).ok()
                            }
                        })
                        .collect();
                    let Some(vals) = vals else {
                        // `not p(X, _)`: check with the model only.
                        if self.lit_holds(lit, &rule.vars, &regs, &bound)?.is_some() {
                            continue;
                        }
                        return Ok(());
                    };
                    if !self.holds(a.pred, &vals) {
                        continue;
                    }
                    // It holds now. The facts assumed so far may undo it
                    // (verification will tell), and so may scenario facts
                    // that block its current derivations.
                    if !assumed.is_empty() {
                        self.relax(
                            r,
                            pattern,
                            todo.clone(),
                            regs.clone(),
                            bound.clone(),
                            assumed.clone(),
                            depth,
                            out,
                        )?;
                    }
                    let Some(blockers) = self.blockers(a.pred, &vals)? else {
                        return Ok(());
                    };
                    for b in blockers {
                        if !assumed.contains(&b) {
                            assumed.push(b);
                        }
                    }
                    continue;
                }
                _ => {
                    // Atoms with free variables, comparisons, aggregates:
                    // take the model's solutions.
                    let Some(sols) = self.lit_solutions(lit, &rule.vars, &regs, &bound)? else {
                        // A derived atom whose free variables matter nowhere
                        // else: what would make some tuple of it hold?
                        if let Literal::Pos(a) = lit
                            && !self.is_scenario(a.pred)
                            && free_vars_unused(rule, a, &bound)
                        {
                            let mut pat = Vec::with_capacity(a.args.len());
                            for e in &a.args {
                                pat.push(if e.is_bound(&bound) {
                                    Some(self.eval(e, &regs).map_err(|reason| {
                                        EvalError::Arithmetic {
                                            reason,
                                            span: crate::source::Span::default(),
                                            fed: Default::default(),
                                        }
                                    })?)
                                } else {
                                    None
                                });
                            }
                            let subs = self.hypotheses_pattern(a.pred, &pat, depth - 1)?;
                            let branch = (todo.as_slice(), regs.as_slice(), bound.as_slice());
                            self.relax_each(r, pattern, branch, &assumed, subs, depth, out)?;
                        }
                        return Ok(());
                    };
                    let mut after = bound.clone();
                    lit.bind(&mut after);
                    for s in sols {
                        self.relax(
                            r,
                            pattern,
                            todo.clone(),
                            s,
                            after.clone(),
                            assumed.clone(),
                            depth,
                            out,
                        )?;
                    }
                    return Ok(());
                }
            }
        }
    }

    /// Goes on with [`Explainer::relax`] once for each of the first
    /// [`ROWS_TRIED`] sets of facts `subs` (what would make the literal at
    /// hand hold), each added to those assumed so far. `branch` is the
    /// literals left, the registers and which of them are bound.
    #[allow(clippy::too_many_arguments)]
    fn relax_each(
        &mut self,
        r: RuleId,
        pattern: &[Option<Value>],
        branch: (&[usize], &[Value], &[bool]),
        assumed: &[GroundAtom],
        subs: Vec<Vec<GroundAtom>>,
        depth: usize,
        out: &mut Vec<Vec<GroundAtom>>,
    ) -> Result<(), EvalError> {
        let (todo, regs, bound) = branch;
        for s in subs.into_iter().take(ROWS_TRIED) {
            let mut more = assumed.to_vec();
            for f in s {
                if !more.contains(&f) {
                    more.push(f);
                }
            }
            self.relax(
                r,
                pattern,
                todo.to_vec(),
                regs.to_vec(),
                bound.to_vec(),
                more,
                depth,
                out,
            )?;
        }
        Ok(())
    }

    /// Whether a literal holds under the bindings: `Some(solution)` or `None`.
    fn lit_holds(
        &mut self,
        l: &Literal,
        names: &[String],
        regs: &[Value],
        bound: &[bool],
    ) -> Result<Option<Vec<Value>>, EvalError> {
        Ok(self
            .lit_solutions(l, names, regs, bound)?
            .and_then(|mut v| v.pop()))
    }

    /// Up to a few solutions of one literal under the bindings; `None` if
    /// it has none.
    fn lit_solutions(
        &mut self,
        l: &Literal,
        names: &[String],
        regs: &[Value],
        bound: &[bool],
    ) -> Result<Option<Vec<Vec<Value>>>, EvalError> {
        let mut b = bound.to_vec();
        let steps = self
            .solver
            .plan(std::slice::from_ref(l), names, &mut b, &|_, _| View::All);
        let sols = self
            .solver
            .solve(&steps, regs, ROWS_TRIED, self.store, &self.limits)?;
        Ok((!sols.is_empty()).then_some(sols))
    }

    /// Scenario facts whose addition would block every current derivation
    /// of `pred(values)` through a negated scenario atom, if there are such.
    fn blockers(
        &mut self,
        pred: PredId,
        values: &[Value],
    ) -> Result<Option<Vec<GroundAtom>>, EvalError> {
        if self.is_scenario(pred) {
            return Ok(None);
        }
        let mut found = Vec::new();
        for r in self.rules_of[pred.0 as usize].clone() {
            let program = self.program;
            let rule = &program.rules[r as usize];
            for regs in self.instances(r, values, None)? {
                let mut blocked = false;
                for l in &rule.body {
                    if let Literal::Neg(a) = l
                        && self.assumable(a.pred)
                        && a.args.iter().all(|e| !matches!(e, Expr::Wild))
                    {
                        let vals = self.ground(&a.args, &regs)?;
                        let atom = (a.pred, vals);
                        if !found.contains(&atom) {
                            found.push(atom);
                        }
                        blocked = true;
                        break;
                    }
                }
                if !blocked {
                    return Ok(None);
                }
            }
        }
        Ok((!found.is_empty()).then_some(found))
    }
}

/// Whether every unbound variable of `atom` occurs nowhere else in the rule
/// (anonymous, or used once), so any value of it will do.
fn free_vars_unused(
    rule: &crate::check::program::Rule,
    atom: &crate::check::program::Atom,
    bound: &[bool],
) -> bool {
    let mut count = vec![0usize; rule.vars.len()];
    let mut add = |e: &Expr| e.for_each_var(&mut |v| count[v as usize] += 1);
    rule.head.args.iter().for_each(&mut add);
    fn walk(body: &[Literal], add: &mut dyn FnMut(&Expr)) {
        for l in body {
            match l {
                Literal::Pos(a) | Literal::Neg(a) => a.args.iter().for_each(&mut *add),
                Literal::Cmp { lhs, rhs, .. } => {
                    add(lhs);
                    add(rhs);
                }
                Literal::Agg(a) => {
                    add(&Expr::Var(a.result));
                    if let Some(t) = &a.target {
                        add(t);
                    }
                    walk(&a.body, add);
                }
            }
        }
    }
    walk(&rule.body, &mut add);
    let mut ok = true;
    for e in &atom.args {
        e.for_each_var(&mut |v| {
            if !bound[v as usize]
                && count[v as usize] > 1
                && !rule.vars[v as usize].starts_with('_')
            {
                ok = false;
            }
        });
    }
    ok
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::eval::{Limits, Model, evaluate};

    use crate::value::ValueStore;

    /// (program, goal, the hypotheses).
    type Case<'a> = (&'a str, (&'a str, &'a [&'a str]), &'a [&'a str]);

    /// The hypotheses for `pred(args)` in `text`, each as its facts
    /// joined by ` + `.
    fn hypotheses(text: &str, pred: &str, args: &[&str], depth: usize) -> Vec<String> {
        let mut values = ValueStore::new();
        let (map, program) = crate::testing::checked(text, &mut values);
        let limits = Limits::default();
        let mut model: Model = evaluate(&program, &mut values, &limits).expect("evaluates");
        let p = program.pred_id(pred).expect("a predicate");
        let goal: Vec<Value> = args
            .iter()
            .map(|a| match a.parse::<i64>() {
                Ok(i) => values.int(i),
                Err(_) => values.text(a),
            })
            .collect();
        let mut ex = Explainer::new(&program, &mut model, &mut values, &map, &limits);
        let found = ex.hypotheses(p, &goal, depth).expect("searches");
        found
            .iter()
            .map(|h| {
                h.iter()
                    .map(|(p, v)| ex.atom_text(*p, v))
                    .collect::<Vec<_>>()
                    .join(" + ")
            })
            .collect()
    }

    #[test]
    fn missing_input_facts_are_proposed() {
        let cases: &[Case] = &[
            // The missing fact of an input.
            (
                "@input item(P). @input listed(P). item(a).\n\
                 ok(P) :- item(P), listed(P).",
                ("ok", &["a"]),
                &["listed(a)"],
            ),
            // Two missing facts in one set.
            (
                "@input item(P). @input listed(P).\n\
                 ok(P) :- item(P), listed(P).",
                ("ok", &["a"]),
                &["item(a) + listed(a)"],
            ),
            // None when a needed predicate is not an input.
            (
                "@input item(P). item(a). listed(b).\n\
                 ok(P) :- item(P), listed(P).",
                ("ok", &["a"]),
                &[],
            ),
            // Without any `@input`, every predicate without rules may be
            // assumed.
            (
                "item(a). listed(b). ok(P) :- item(P), listed(P).",
                ("ok", &["a"]),
                &["listed(a)"],
            ),
            // A goal that holds needs nothing: one empty set.
            (
                "@input item(P). @input listed(P). item(a). listed(a).\n\
                 ok(P) :- item(P), listed(P).",
                ("ok", &["a"]),
                &[""],
            ),
            // An input asked for directly.
            (
                "@input item(P). ok(P) :- item(P).",
                ("item", &["a"]),
                &["item(a)"],
            ),
            // One set per rule that could apply, smallest first.
            (
                "@input a(P). @input b(P). @input c(P).\n\
                 ok(P) :- a(P), b(P).\n\
                 ok(P) :- c(P).",
                ("ok", &["x"]),
                &["c(x)", "a(x) + b(x)"],
            ),
            // Through a derived atom.
            (
                "@input item(P). @input listed(P). item(a).\n\
                 ok(P) :- item(P), reg(P).\n\
                 reg(P) :- listed(P).",
                ("ok", &["a"]),
                &["listed(a)"],
            ),
            // A comparison that fails is no hypothesis.
            (
                "@input n(P, X). n(a, 1).\n\
                 big(P) :- n(P, X), X > 5.",
                ("big", &["a"]),
                &[],
            ),
            // Sets of more than three facts are left out.
            (
                "@input a(P). @input b(P). @input c(P). @input d(P).\n\
                 ok(P) :- a(P), b(P), c(P), d(P).",
                ("ok", &["x"]),
                &[],
            ),
            (
                "@input a(P). @input b(P). @input c(P).\n\
                 ok(P) :- a(P), b(P), c(P).",
                ("ok", &["x"]),
                &["a(x) + b(x) + c(x)"],
            ),
        ];
        for (text, (pred, args), want) in cases {
            let got = hypotheses(text, pred, args, crate::explain::WHYNOT_DEPTH);
            assert_eq!(got, *want, "case {text} for {pred}{args:?}");
        }
    }

    #[test]
    fn negated_atoms_that_hold_are_blocked() {
        let cases: &[Case] = &[
            // `excluded(b)` holds through `not exempt(b)`: exempt(b) blocks
            // it.
            (
                "@input product(P). @input vaccine(P). @input exempt(P).\n\
                 product(b). vaccine(b).\n\
                 ok(P) :- product(P), not excluded(P).\n\
                 excluded(P) :- vaccine(P), not exempt(P).",
                ("ok", &["b"]),
                &["exempt(b)"],
            ),
            // With a missing positive fact too. Once facts are assumed,
            // the negation is also tried as it is (the assumed facts might
            // undo what it sees); `product(b)` alone is left for the
            // caller's verification to reject.
            (
                "@input product(P). @input vaccine(P). @input exempt(P).\n\
                 vaccine(b).\n\
                 ok(P) :- product(P), not excluded(P).\n\
                 excluded(P) :- vaccine(P), not exempt(P).",
                ("ok", &["b"]),
                &["product(b)", "product(b) + exempt(b)"],
            ),
            // A negated scenario fact that holds cannot be undone.
            (
                "@input product(P). @input vaccine(P).\n\
                 product(b). vaccine(b).\n\
                 ok(P) :- product(P), not vaccine(P).",
                ("ok", &["b"]),
                &[],
            ),
            // A blocker that holds through a rule without a negation cannot
            // be blocked.
            (
                "@input product(P). @input vaccine(P).\n\
                 product(b). vaccine(b).\n\
                 ok(P) :- product(P), not excluded(P).\n\
                 excluded(P) :- vaccine(P).",
                ("ok", &["b"]),
                &[],
            ),
        ];
        for (text, (pred, args), want) in cases {
            let got = hypotheses(text, pred, args, crate::explain::WHYNOT_DEPTH);
            assert_eq!(got, *want, "case {text} for {pred}{args:?}");
        }
    }

    #[test]
    fn the_depth_bounds_the_search() {
        let text = "@input f(P). a(X) :- b(X). b(X) :- c(X). c(X) :- f(X).";
        let cases: &[(usize, &[&str])] =
            &[(0, &[]), (1, &[]), (2, &[]), (3, &["f(1)"]), (4, &["f(1)"])];
        for (depth, want) in cases {
            let got = hypotheses(text, "a", &["1"], *depth);
            assert_eq!(got, *want, "case depth {depth}");
        }
    }
}
