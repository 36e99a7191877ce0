//! Bottom-up evaluation: facts first, then stratum by stratum; a recursive
//! stratum runs semi-naively, each rule once per recursive body atom with
//! that atom reading only the last round's new rows (the delta), atoms
//! before it the full relation and atoms after it the old one, until a round
//! adds nothing.
//!
//! A program that extends a knowledge base's ([`evaluate_layer`]) is
//! evaluated incrementally: only the strata that depend on what it adds are
//! recomputed, into relations of its own; every other relation is read in
//! place from the knowledge base's model.
//!
//! Invariant: after evaluation, every relation holds exactly the least
//! model's tuples of its predicate, and `Relation::marks` records the rounds.

use super::error::EvalError;
use super::exec::{Exec, Fail, Spans, Watermark};
use super::limits::{Budget, Limits, Stop};
use super::model::{Model, Stats};
use super::plan::{Operand, Step, View, plan_body, prepare};
use crate::check::program::{Expr, Literal, PredId, Program, Rule, RuleId};
use crate::source::Span;
use crate::value::ValueStore;
use std::sync::Arc;
use std::time::Instant;

/// A rule's head as operands.
pub(crate) fn head_operands(rule: &Rule) -> Vec<Operand> {
    rule.head
        .args
        .iter()
        .map(|e| match e {
            Expr::Var(v) => Operand::Var(*v),
            Expr::Const(c) => Operand::Const(*c),
            other => Operand::Expr(other.clone()),
        })
        .collect()
}

/// One way to run a rule in a round.
struct Variant {
    rule: RuleId,
    steps: Vec<Step>,
    head: Vec<Operand>,
}

struct Evaluator<'p> {
    program: &'p Program,
    model: Model,
    marks: Vec<Watermark>,
    budget: Budget,
    limits: Limits,
    total: u64,
    /// New tuples by rule, for naming the rule that grew when a limit hits.
    grown: Vec<u64>,
    rounds: usize,
}

/// Evaluates a checked program to its least model.
pub fn evaluate(
    program: &Program,
    store: &mut ValueStore,
    limits: &Limits,
) -> Result<Model, EvalError> {
    let started = Instant::now();
    let model = Model::new(program.preds.iter().map(|p| p.arity));
    let mut ev = Evaluator::new(program, model, 0, limits);
    ev.insert_facts(program.facts.iter().map(|f| (f.pred, f.args, f.span)))?;
    let strata: Vec<usize> = (0..program.strata.len()).collect();
    ev.run_strata(&strata, store)?;
    Ok(ev.finish(started))
}

/// Evaluates a program that extends the one `base` is the model of (see
/// [`Program::layer`]): the strata that depend on the predicates the layer
/// adds facts or rules to are recomputed from their facts; the rest of the
/// model is `base`'s, shared.
pub fn evaluate_layer(
    base: &Arc<Model>,
    program: &Program,
    store: &mut ValueStore,
    limits: &Limits,
) -> Result<Model, EvalError> {
    let started = Instant::now();
    let n = program.preds.len();
    // What the layer touches, and every stratum that depends on it (strata
    // come in evaluation order, so one pass suffices).
    let mut own = vec![false; n];
    for (_, f) in program.facts.own() {
        own[f.pred.0 as usize] = true;
    }
    for r in program.rules.own() {
        own[r.head.pred.0 as usize] = true;
    }
    let mut strata = Vec::new();
    for (i, s) in program.strata.iter().enumerate() {
        let affected = s.preds.iter().any(|p| own[p.0 as usize])
            || s.rules
                .iter()
                .any(|&r| reads_any(&program.rules[r as usize].body, &own));
        if affected {
            for p in &s.preds {
                own[p.0 as usize] = true;
            }
            strata.push(i);
        }
    }
    let arities: Vec<usize> = program.preds.iter().map(|p| p.arity).collect();
    let model = Model::layer(base.clone(), &own, &arities);
    // The tuple limit counts the whole model: the base's relations read in
    // place and the layer's own.
    let kept: u64 = (0..base.preds().min(n))
        .filter(|&i| !own[i])
        .map(|i| base.relation(PredId(i as u32)).rows() as u64)
        .sum();
    let mut ev = Evaluator::new(program, model, kept, limits);
    // The base's facts of recomputed predicates are their first rows there.
    let mut base_facts = Vec::new();
    for (i, _) in own
        .iter()
        .enumerate()
        .filter(|(i, o)| **o && *i < base.preds())
    {
        let p = PredId(i as u32);
        let rel = base.relation(p);
        base_facts.extend((0..rel.fact_rows()).map(|r| (p, rel.row(r), Span::default())));
    }
    ev.insert_facts(base_facts.into_iter())?;
    ev.insert_facts(program.facts.own().map(|(_, f)| (f.pred, f.args, f.span)))?;
    ev.run_strata(&strata, store)?;
    Ok(ev.finish(started))
}

/// Whether a body reads (positively, negatively or in an aggregate) a
/// predicate marked in `preds`.
fn reads_any(body: &[Literal], preds: &[bool]) -> bool {
    body.iter().any(|l| match l {
        Literal::Pos(a) | Literal::Neg(a) => preds[a.pred.0 as usize],
        Literal::Agg(a) => reads_any(&a.body, preds),
        Literal::Cmp { .. } => false,
    })
}

impl<'p> Evaluator<'p> {
    fn new(program: &'p Program, model: Model, total: u64, limits: &Limits) -> Evaluator<'p> {
        Evaluator {
            program,
            model,
            marks: vec![Watermark::default(); program.preds.len()],
            budget: Budget::start(limits),
            limits: limits.clone(),
            total,
            grown: vec![0; program.rules.len()],
            rounds: 0,
        }
    }

    fn finish(self, started: Instant) -> Model {
        let mut model = self.model;
        model.stats = Stats {
            tuples: self.total,
            rounds: self.rounds,
            elapsed: started.elapsed(),
        };
        model
    }

    /// Inserts facts into their (own) relations, counting them against the
    /// tuple limit.
    fn insert_facts<'a>(
        &mut self,
        facts: impl Iterator<Item = (PredId, &'a [crate::value::Value], Span)> + Clone,
    ) -> Result<(), EvalError> {
        let mut per_pred = vec![0usize; self.program.preds.len()];
        for (p, _, _) in facts.clone() {
            per_pred[p.0 as usize] += 1;
        }
        for (i, n) in per_pred.into_iter().enumerate() {
            if n > 0 {
                self.model.relation_mut(PredId(i as u32)).reserve(n);
            }
        }
        for (p, args, span) in facts {
            if self.model.relation_mut(p).insert(args) {
                self.total += 1;
                if self.total > self.limits.max_tuples {
                    return Err(EvalError::TupleLimit {
                        limit: self.limits.max_tuples,
                        pred: self.program.pred(p).name.clone(),
                        rule: span,
                    });
                }
            }
        }
        Ok(())
    }

    /// Runs the strata with these indexes, in order.
    fn run_strata(&mut self, strata: &[usize], store: &mut ValueStore) -> Result<(), EvalError> {
        let program = self.program;
        let stratum_of = program.stratum_of();
        for &si in strata {
            let stratum = &program.strata[si];
            self.budget
                .check()
                .map_err(|s| self.stop(s, stratum.rules[0]))?;
            for &p in &stratum.preds {
                let rel = self.model.relation_mut(p);
                rel.marks = vec![rel.rows()];
            }
            let in_stratum =
                |p: PredId| stratum_of[p.0 as usize] == si && stratum.preds.contains(&p);
            let mut recursive = Vec::new();
            for &r in &stratum.rules {
                let rule = &program.rules[r as usize];
                let positions: Vec<usize> = rule
                    .body
                    .iter()
                    .enumerate()
                    .filter_map(|(i, l)| match l {
                        Literal::Pos(a) if in_stratum(a.pred) => Some(i),
                        _ => None,
                    })
                    .collect();
                if positions.is_empty() {
                    let mut v = self.variant(r, None, &|_, _| View::All);
                    self.run(&mut v, store)?;
                } else {
                    recursive.push((r, positions));
                }
            }
            if stratum.recursive {
                // Plan every variant once, against the sizes after the base rules.
                let mut variants = Vec::new();
                for (r, positions) in &recursive {
                    for &j in positions {
                        let view = |i: usize, p: PredId| {
                            if !in_stratum(p) {
                                View::All
                            } else if i < j {
                                View::Full
                            } else {
                                View::Old
                            }
                        };
                        variants.push(self.variant(*r, Some(j), &view));
                    }
                }
                for &p in &stratum.preds {
                    let rows = self.model.relation(p).rows();
                    self.marks[p.0 as usize] = Watermark {
                        stable: 0,
                        recent: rows,
                    };
                    self.model.relation_mut(p).marks.push(rows);
                }
                loop {
                    self.rounds += 1;
                    for v in &mut variants {
                        self.run(v, store)?;
                    }
                    let mut changed = false;
                    for &p in &stratum.preds {
                        let i = p.0 as usize;
                        let rows = self.model.relation(p).rows();
                        changed |= rows != self.marks[i].recent;
                        self.marks[i] = Watermark {
                            stable: self.marks[i].recent,
                            recent: rows,
                        };
                        self.model.relation_mut(p).marks.push(rows);
                    }
                    if !changed {
                        break;
                    }
                }
            } else {
                for &p in &stratum.preds {
                    let rel = self.model.relation_mut(p);
                    let rows = rel.rows();
                    rel.marks.push(rows);
                }
            }
        }
        Ok(())
    }

    fn variant(
        &self,
        r: RuleId,
        delta: Option<usize>,
        view: &dyn Fn(usize, PredId) -> View,
    ) -> Variant {
        let rule = &self.program.rules[r as usize];
        let mut bound = vec![false; rule.vars.len()];
        let steps = plan_body(&rule.body, &rule.vars, &mut bound, delta, view, &self.model)
            .expect("checked rules can be planned");
        Variant {
            rule: r,
            steps,
            head: head_operands(rule),
        }
    }

    /// Runs a variant and adds what it derives.
    fn run(&mut self, v: &mut Variant, store: &mut ValueStore) -> Result<(), EvalError> {
        prepare(&mut v.steps, &mut self.model);
        let rule = &self.program.rules[v.rule as usize];
        let spans: Vec<Span> = rule.body.iter().map(|l| l.span()).collect();
        let arity = rule.head.args.len();
        let (out, solutions) = {
            let mut exec = Exec::new(
                &self.model,
                &self.marks,
                store,
                &mut self.budget,
                rule.vars.len(),
                &v.head,
                rule.head.span,
            );
            exec.max_out = (self.limits.max_tuples as usize).saturating_mul(arity.max(1));
            match exec.run(&v.steps, 0, Spans::Body(&spans)) {
                Ok(()) => {}
                Err(Fail::Enough) => {
                    return Err(self.limit_error(v.rule));
                }
                Err(Fail::Stop(s)) => return Err(self.stop(s, v.rule)),
                Err(Fail::Error(e)) => return Err(e),
            }
            (exec.out, exec.solutions)
        };
        let rel = self.model.relation_mut(rule.head.pred);
        let mut new = 0u64;
        if let Some(rows) = out.len().checked_div(arity) {
            rel.reserve(rows);
            for row in out.chunks_exact(arity) {
                if rel.insert(row) {
                    new += 1;
                }
            }
        } else if solutions > 0 && rel.insert(&[]) {
            // A zero-arity head holds once any solution is found.
            new = 1;
        }
        self.total += new;
        self.grown[v.rule as usize] += new;
        if self.total > self.limits.max_tuples {
            return Err(self.limit_error(v.rule));
        }
        Ok(())
    }

    fn limit_error(&self, current: RuleId) -> EvalError {
        // The rule that derived the most tuples kept growing.
        let rule = (0..self.grown.len())
            .max_by_key(|&r| (self.grown[r], r == current as usize))
            .unwrap_or(current as usize);
        let rule = &self.program.rules[rule];
        EvalError::TupleLimit {
            limit: self.limits.max_tuples,
            pred: self.program.pred(rule.head.pred).name.clone(),
            rule: rule.span,
        }
    }

    fn stop(&self, s: Stop, rule: RuleId) -> EvalError {
        let rule = &self.program.rules[rule as usize];
        match s {
            Stop::Interrupted => EvalError::Interrupted,
            Stop::Timeout => EvalError::Timeout {
                seconds: self.limits.timeout.map(|t| t.as_secs_f64()).unwrap_or(0.0),
                pred: self.program.pred(rule.head.pred).name.clone(),
                rule: rule.span,
            },
        }
    }
}
