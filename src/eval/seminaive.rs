//! Bottom-up evaluation: facts first, then stratum by stratum; a recursive
//! stratum runs semi-naively, each rule once per recursive body atom with
//! that atom reading only the last round's new rows (the delta), atoms
//! before it the full relation and atoms after it the old one, until a round
//! adds nothing.
//!
//! Invariant: after `evaluate`, every relation holds exactly the least
//! model's tuples of its predicate, and `Relation::marks` records the rounds.

use super::error::EvalError;
use super::exec::{Exec, Fail, Spans, Watermark};
use super::limits::{Budget, Limits, Stop};
use super::model::{Model, Stats};
use super::plan::{Operand, Sizes, Step, View, plan_body, prepare};
use super::relation::Relation;
use crate::check::program::{Expr, PredId, Program, Rule, RuleId};
use crate::source::Span;
use crate::value::ValueStore;
use std::time::Instant;

struct RelSizes<'a>(&'a [Relation]);

impl Sizes for RelSizes<'_> {
    fn rows(&self, pred: PredId) -> u32 {
        self.0[pred.0 as usize].rows()
    }
}

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
    rels: Vec<Relation>,
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
    let mut ev = Evaluator {
        program,
        rels: program
            .preds
            .iter()
            .map(|p| Relation::new(p.arity))
            .collect(),
        marks: vec![Watermark::default(); program.preds.len()],
        budget: Budget::start(limits),
        limits: limits.clone(),
        total: 0,
        grown: vec![0; program.rules.len()],
        rounds: 0,
    };
    let mut per_pred = vec![0usize; program.preds.len()];
    for f in program.facts.iter() {
        per_pred[f.pred.0 as usize] += 1;
    }
    for (rel, n) in ev.rels.iter_mut().zip(per_pred) {
        rel.reserve(n);
    }
    for f in program.facts.iter() {
        if ev.rels[f.pred.0 as usize].insert(f.args) {
            ev.total += 1;
            if ev.total > limits.max_tuples {
                return Err(EvalError::TupleLimit {
                    limit: limits.max_tuples,
                    pred: program.pred(f.pred).name.clone(),
                    rule: f.span,
                });
            }
        }
    }
    let stratum_of = program.stratum_of();
    for (si, stratum) in program.strata.iter().enumerate() {
        ev.budget
            .check()
            .map_err(|s| ev.stop(s, stratum.rules[0]))?;
        for p in &stratum.preds {
            let rel = &mut ev.rels[p.0 as usize];
            rel.marks = vec![rel.rows()];
        }
        let in_stratum = |p: PredId| stratum_of[p.0 as usize] == si && stratum.preds.contains(&p);
        let mut recursive = Vec::new();
        for &r in &stratum.rules {
            let rule = &program.rules[r as usize];
            let positions: Vec<usize> = rule
                .body
                .iter()
                .enumerate()
                .filter_map(|(i, l)| match l {
                    crate::check::program::Literal::Pos(a) if in_stratum(a.pred) => Some(i),
                    _ => None,
                })
                .collect();
            if positions.is_empty() {
                let mut v = ev.variant(r, None, &|_, _| View::All)?;
                ev.run(&mut v, store)?;
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
                    variants.push(ev.variant(*r, Some(j), &view)?);
                }
            }
            for p in &stratum.preds {
                let rows = ev.rels[p.0 as usize].rows();
                ev.marks[p.0 as usize] = Watermark {
                    stable: 0,
                    recent: rows,
                };
                ev.rels[p.0 as usize].marks.push(rows);
            }
            loop {
                ev.rounds += 1;
                for v in &mut variants {
                    ev.run(v, store)?;
                }
                let mut changed = false;
                for p in &stratum.preds {
                    let i = p.0 as usize;
                    let rows = ev.rels[i].rows();
                    changed |= rows != ev.marks[i].recent;
                    ev.marks[i] = Watermark {
                        stable: ev.marks[i].recent,
                        recent: rows,
                    };
                    ev.rels[i].marks.push(rows);
                }
                if !changed {
                    break;
                }
            }
        } else {
            for p in &stratum.preds {
                let rel = &mut ev.rels[p.0 as usize];
                let rows = rel.rows();
                rel.marks.push(rows);
            }
        }
    }
    Ok(Model {
        relations: ev.rels,
        stats: Stats {
            tuples: ev.total,
            rounds: ev.rounds,
            elapsed: started.elapsed(),
        },
    })
}

impl Evaluator<'_> {
    fn variant(
        &self,
        r: RuleId,
        delta: Option<usize>,
        view: &dyn Fn(usize, PredId) -> View,
    ) -> Result<Variant, EvalError> {
        let rule = &self.program.rules[r as usize];
        let mut bound = vec![false; rule.vars.len()];
        let steps = plan_body(
            &rule.body,
            &rule.vars,
            &mut bound,
            delta,
            view,
            &RelSizes(&self.rels),
        )
        .expect("checked rules can be planned");
        Ok(Variant {
            rule: r,
            steps,
            head: head_operands(rule),
        })
    }

    /// Runs a variant and adds what it derives.
    fn run(&mut self, v: &mut Variant, store: &mut ValueStore) -> Result<(), EvalError> {
        prepare(&mut v.steps, &mut self.rels);
        let rule = &self.program.rules[v.rule as usize];
        let spans: Vec<Span> = rule.body.iter().map(|l| l.span()).collect();
        let arity = rule.head.args.len();
        let (out, solutions) = {
            let mut exec = Exec::new(
                &self.rels,
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
        let head = rule.head.pred.0 as usize;
        let rel = &mut self.rels[head];
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
