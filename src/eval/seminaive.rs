//! Bottom-up evaluation: facts first, then stratum by stratum; a recursive
//! stratum runs semi-naively, each rule once per recursive body atom with
//! that atom reading only the last round's new rows (the delta), atoms
//! before it the full relation and atoms after it the old one, until a round
//! adds nothing. A variant whose delta is empty cannot derive anything and
//! is skipped, so a round costs what its deltas feed, not the whole stratum.
//!
//! A program that extends a knowledge base's ([`evaluate_layer`]) is
//! evaluated incrementally: only the strata that depend on what it adds are
//! recomputed, into relations of its own; every other relation is read in
//! place from the knowledge base's model.
//!
//! A large rule run (its first scan reads at least
//! [`Limits::parallel_rows`] rows) is split across threads when its plan
//! allows (see [`parallel`](super::parallel)); what it adds is the same,
//! in the same order, on any number of threads.
//!
//! Limits: the tuple limit counts the distinct tuples of the whole model;
//! a rule run keeps only distinct new tuples and stops as soon as one more
//! would pass the limit. The clock and the interrupt flag are looked at
//! before every rule run and every round, every few thousand facts or rows
//! stored, and in the inner loops (see [`Exec`]).
//!
//! Invariant: after evaluation, every relation holds exactly the least
//! model's tuples of its predicate, and its round marks record the rounds
//! (see [`Relation::marks`](super::relation::Relation::marks)).

use super::error::{EvalError, Place};
use super::exec::{Exec, Fail, Spans, Watermark, may_repeat, view_rows};
use super::limits::{Budget, Limits, Stop};
use super::model::{Model, Stats};
use super::parallel::{Outcome, Split, can_split};
use super::plan::{Operand, Step, View, plan_body, prepare_within};
use crate::check::program::{AS_OF, Expr, Literal, PredId, Program, Rule, RuleId, Stratum};
use crate::source::Span;
use crate::value::{Date, Value, ValueStore};
use rustc_hash::FxHashMap;
use std::sync::Arc;
use std::time::Instant;

/// Facts or rows stored between two looks at the clock.
const ROWS_PER_CHECK: usize = 1 << 12;

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
    /// Whether a run can find a head tuple twice (see [`may_repeat`]).
    repeats: bool,
    /// Whether a large run may be split across threads (see [`can_split`]).
    splits: bool,
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
    /// The predicates of the stratum being evaluated.
    in_stratum: Vec<bool>,
    /// The predicates that grew in the current round (see `grew_list`).
    grew: Vec<bool>,
    grew_list: Vec<PredId>,
    /// The buffer rule runs keep their tuples in, reused.
    out: Vec<Value>,
    /// The date asked about: rules and facts apply by their periods.
    date: Date,
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
    let date = ev.date;
    ev.insert_facts(
        program
            .facts
            .iter()
            .filter(|f| f.valid.contains(date))
            .map(|f| (f.pred, f.args, f.span)),
    )?;
    ev.insert_as_of(store, program.pred_id(AS_OF))?;
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
    debug_assert!(
        base.as_of.is_none() || base.as_of == Some(program.date()),
        "a layer is evaluated as of its base's date"
    );
    // What the layer touches, and every stratum that depends on it (strata
    // come in evaluation order, so one pass suffices).
    let mut own = vec![false; n];
    for (_, f) in program.facts.own() {
        own[f.pred.0 as usize] = true;
    }
    // `as_of`, when only the layer reads it.
    let as_of = program
        .pred_id(AS_OF)
        .filter(|p| p.0 as usize >= base.preds());
    if let Some(p) = as_of {
        own[p.0 as usize] = true;
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
    // The base's facts of recomputed predicates are their first rows there
    // (without their spans: a limit error looks them up).
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
    let date = ev.date;
    ev.insert_facts(
        program
            .facts
            .own()
            .filter(|(_, f)| f.valid.contains(date))
            .map(|(_, f)| (f.pred, f.args, f.span)),
    )?;
    ev.insert_as_of(store, as_of)?;
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
        let n = program.preds.len();
        Evaluator {
            program,
            model,
            marks: vec![Watermark::default(); n],
            budget: Budget::start(limits),
            limits: limits.clone(),
            total,
            grown: vec![0; program.rules.len()],
            rounds: 0,
            in_stratum: vec![false; n],
            grew: vec![false; n],
            grew_list: Vec::new(),
            out: Vec::new(),
            date: program.date(),
        }
    }

    /// Adds `as_of(D)` for the date asked about to the relation of `pred`
    /// (`as_of`, if the program reads it and the model evaluates it).
    fn insert_as_of(
        &mut self,
        store: &mut ValueStore,
        pred: Option<PredId>,
    ) -> Result<(), EvalError> {
        let Some(p) = pred else {
            return Ok(());
        };
        let d = store.date(self.date);
        self.insert_facts(std::iter::once((p, &[d][..], Span::default())))
    }

    fn finish(self, started: Instant) -> Model {
        let mut model = self.model;
        model.as_of = Some(self.date);
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
        facts: impl Iterator<Item = (PredId, &'a [Value], Span)> + Clone,
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
        for (i, (p, args, span)) in facts.enumerate() {
            let rel = self.model.relation_mut(p);
            let growths = rel.growths();
            let added = rel.insert(args);
            // Every few thousand facts, and after a growth of a set (a
            // pause, for a large one).
            if (i % ROWS_PER_CHECK == ROWS_PER_CHECK - 1 || rel.growths() != growths)
                && let Err(s) = self.budget.check()
            {
                return Err(self.stop(s, self.fact_place(p, args, span)));
            }
            if added {
                self.total += 1;
                if self.total > self.limits.max_tuples {
                    return Err(EvalError::TupleLimit {
                        limit: self.limits.max_tuples,
                        at: self.fact_place(p, args, span),
                    });
                }
            }
        }
        Ok(())
    }

    /// The place of fact `pred(args)`: `span`, or for a fact of the base
    /// (given without one) the span of the first fact stating it.
    fn fact_place(&self, pred: PredId, args: &[Value], span: Span) -> Place {
        let span = if span == Span::default() {
            self.program
                .facts
                .iter()
                .find(|f| f.pred == pred && f.args == args)
                .map_or(span, |f| f.span)
        } else {
            span
        };
        Place::Fact {
            pred: self.program.pred(pred).name.clone(),
            span,
        }
    }

    /// Runs the strata with these indexes, in order.
    fn run_strata(&mut self, strata: &[usize], store: &mut ValueStore) -> Result<(), EvalError> {
        let program = self.program;
        for &si in strata {
            let stratum = &program.strata[si];
            if let Err(s) = self.budget.check() {
                return Err(self.stop(s, self.rule_place(stratum.rules[0])));
            }
            for &p in &stratum.preds {
                self.in_stratum[p.0 as usize] = true;
                self.model.relation_mut(p).start_marks();
            }
            let result = self.run_stratum(stratum, store);
            for &p in &stratum.preds {
                self.in_stratum[p.0 as usize] = false;
            }
            result?;
        }
        Ok(())
    }

    /// Runs one stratum: its rules that read no predicate of it once, then,
    /// if it is recursive, rounds of the others until one adds nothing.
    fn run_stratum(&mut self, stratum: &Stratum, store: &mut ValueStore) -> Result<(), EvalError> {
        let program = self.program;
        let mut recursive = Vec::new();
        for &r in &stratum.rules {
            let rule = &program.rules[r as usize];
            if !rule.valid.contains(self.date) {
                continue;
            }
            let positions: Vec<usize> = rule
                .body
                .iter()
                .enumerate()
                .filter_map(|(i, l)| match l {
                    Literal::Pos(a) if self.in_stratum[a.pred.0 as usize] => Some(i),
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
        // Round 0 holds the facts; round 1 what the rules above derived.
        for &p in &stratum.preds {
            self.model.relation_mut(p).mark_round(1);
        }
        if !stratum.recursive {
            return Ok(());
        }
        // Plan every variant once, against the sizes after the rules above;
        // group them by the predicate they read the delta of.
        let mut variants = Vec::new();
        let mut by_delta: FxHashMap<PredId, Vec<usize>> = FxHashMap::default();
        let mut checked = 0;
        for (r, positions) in &recursive {
            let body = &program.rules[*r as usize].body;
            for &j in positions {
                let in_stratum = &self.in_stratum;
                let view = |i: usize, p: PredId| {
                    if !in_stratum[p.0 as usize] {
                        View::All
                    } else if i < j {
                        View::Full
                    } else {
                        View::Old
                    }
                };
                let v = self.variant(*r, Some(j), &view);
                if let Literal::Pos(a) = &body[j] {
                    by_delta.entry(a.pred).or_default().push(variants.len());
                }
                variants.push(v);
            }
            // A component of many rules takes a while to plan.
            if variants.len() >= checked + 1024 {
                checked = variants.len();
                if let Err(s) = self.budget.check() {
                    return Err(self.stop(s, self.rule_place(*r)));
                }
            }
        }
        // The first round's delta is every row so far.
        let mut changed = Vec::new();
        for &p in &stratum.preds {
            let rows = self.model.relation(p).rows();
            self.marks[p.0 as usize] = Watermark {
                stable: 0,
                recent: rows,
            };
            if rows > 0 {
                changed.push(p);
            }
        }
        let mut round = 1u32;
        let mut active = Vec::new();
        loop {
            self.rounds += 1;
            round += 1;
            active.clear();
            for p in &changed {
                active.extend(by_delta.get(p).into_iter().flatten().copied());
            }
            // In the order of the program, as every round has always run.
            active.sort_unstable();
            if let Err(s) = self.budget.check() {
                let rule = active
                    .first()
                    .map_or(stratum.rules[0], |&i| variants[i].rule);
                return Err(self.stop(s, self.rule_place(rule)));
            }
            for &i in &active {
                let v = &mut variants[i];
                self.run(v, store)?;
                let head = program.rules[v.rule as usize].head.pred;
                let h = head.0 as usize;
                if !self.grew[h] && self.model.relation(head).rows() > self.marks[h].recent {
                    self.grew[h] = true;
                    self.grew_list.push(head);
                }
            }
            // Move the watermarks of what changed in the last round or in
            // this one; every other predicate's delta stays empty.
            for &p in &changed {
                let m = &mut self.marks[p.0 as usize];
                if !self.grew[p.0 as usize] {
                    m.stable = m.recent;
                }
            }
            for &p in &self.grew_list {
                let i = p.0 as usize;
                let rel = self.model.relation_mut(p);
                rel.mark_round(round);
                self.marks[i] = Watermark {
                    stable: self.marks[i].recent,
                    recent: rel.rows(),
                };
                self.grew[i] = false;
            }
            changed.clear();
            std::mem::swap(&mut changed, &mut self.grew_list);
            if changed.is_empty() {
                return Ok(());
            }
        }
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
        let head = head_operands(rule);
        Variant {
            rule: r,
            repeats: may_repeat(&steps, &head),
            splits: can_split(&steps, &head),
            steps,
            head,
        }
    }

    /// Runs a variant and adds what it derives: the distinct tuples not in
    /// its head relation yet, as many as the tuple limit allows.
    fn run(&mut self, v: &mut Variant, store: &mut ValueStore) -> Result<(), EvalError> {
        if let Err(s) = self.budget.check() {
            return Err(self.stop(s, self.rule_place(v.rule)));
        }
        if let Err(s) = prepare_within(&mut v.steps, &mut self.model, Some(&self.budget)) {
            return Err(self.stop(s, self.rule_place(v.rule)));
        }
        let rule = &self.program.rules[v.rule as usize];
        let spans: Vec<Span> = rule.body.iter().map(|l| l.span()).collect();
        let arity = rule.head.args.len();
        let pred = rule.head.pred;
        let allowed = self.limits.max_tuples.saturating_sub(self.total);
        // The run finds what it derives in the head relation's own set and
        // adds what is new there, keeping those tuples in `out`; unless the
        // relation is empty and the plan cannot find a tuple twice, when
        // every tuple is new (and the set is made once, of the right size).
        let fresh = self.model.relation(pred).rows() == 0 && !v.repeats;
        if let Some((rows, threads)) = self.split_of(v) {
            let split = Split {
                model: &self.model,
                marks: &self.marks,
                store: &*store,
                budget: &self.budget,
                vars: rule.vars.len(),
                steps: &v.steps,
                head: &v.head,
                head_span: rule.head.span,
                spans: &spans,
                known: (!fresh).then_some(pred),
                allowed: usize::try_from(allowed).unwrap_or(usize::MAX),
                rows,
                threads,
            };
            match split.run() {
                Outcome::Kept { out, hashes } => {
                    let rows = out.len() / arity;
                    self.grown[v.rule as usize] += rows as u64;
                    let rel = self.model.relation_mut(pred);
                    if fresh {
                        if let Err(s) = rel.extend_new(&out, rows, Some(&self.budget)) {
                            return Err(self.stop(s, self.rule_place(v.rule)));
                        }
                    } else {
                        rel.append_new(&out, &hashes, threads);
                    }
                    self.total += rows as u64;
                    debug_assert!(self.total <= self.limits.max_tuples);
                    return Ok(());
                }
                Outcome::Enough => {
                    // As on one thread: every tuple allowed, and one more.
                    self.grown[v.rule as usize] += allowed + 1;
                    return Err(self.limit_error(v.rule));
                }
                Outcome::Stop(s) => return Err(self.stop(s, self.rule_place(v.rule))),
                // Run again on this thread, which fails as it always has.
                Outcome::Serial => {}
            }
        }
        let set = if fresh {
            Default::default()
        } else {
            self.model.relation_mut(pred).take_set()
        };
        let mut out = std::mem::take(&mut self.out);
        if out.capacity() > 4 * out.len().max(1 << 12) {
            // A large run's buffer is not kept for small ones.
            out = Vec::new();
        }
        out.clear();
        let (result, set, out, rows) = {
            let mut exec = Exec::new(
                &self.model,
                &self.marks,
                store,
                &mut self.budget,
                rule.vars.len(),
                &v.head,
                rule.head.span,
            );
            if fresh {
                exec.out = out;
            } else {
                exec.distinct(Some(pred), set, out);
            }
            exec.max_rows = usize::try_from(allowed).unwrap_or(usize::MAX);
            let result = exec
                .run(&v.steps, 0, Spans::Body(&spans))
                .and_then(|()| exec.finish());
            let set = exec.take_set();
            (result, set, std::mem::take(&mut exec.out), exec.rows)
        };
        self.grown[v.rule as usize] += rows as u64;
        match result {
            Ok(()) => {}
            // Evaluation ends: the model, whose head relation is left
            // without its set, is dropped (copying a large run's rows in
            // would only delay the stop).
            Err(Fail::Enough) => {
                // One more tuple would pass the limit.
                self.grown[v.rule as usize] += 1;
                return Err(self.limit_error(v.rule));
            }
            Err(Fail::Stop(s)) => return Err(self.stop(s, self.rule_place(v.rule))),
            Err(Fail::Error(e)) => return Err(e),
        }
        debug_assert_eq!(out.len(), rows * arity);
        let rel = self.model.relation_mut(pred);
        if fresh {
            if let Err(s) = rel.extend_new(&out, rows, Some(&self.budget)) {
                return Err(self.stop(s, self.rule_place(v.rule)));
            }
        } else {
            // The set holds the rows kept already.
            rel.append(set, &out, rows);
        }
        self.out = out;
        self.total += rows as u64;
        debug_assert!(self.total <= self.limits.max_tuples);
        Ok(())
    }

    /// The rows of a variant's first scan and the threads to split its run
    /// across, if it is to be split: its plan allows it, the scan reads at
    /// least [`Limits::parallel_rows`] rows, and more than one thread may
    /// run.
    fn split_of(&self, v: &Variant) -> Option<((u32, u32), usize)> {
        let Some(Step::Join { pred, view, .. }) = v.steps.first() else {
            return None;
        };
        if !v.splits {
            return None;
        }
        let (lo, hi) = view_rows(&self.model, &self.marks, *pred, *view);
        if hi.saturating_sub(lo) < self.limits.parallel_rows {
            return None;
        }
        let threads = self.limits.thread_count();
        (threads > 1).then_some(((lo, hi), threads))
    }

    /// The tuple limit, blaming the rule that derived the most tuples (on a
    /// tie, `current`, the one running).
    fn limit_error(&self, current: RuleId) -> EvalError {
        let rule = (0..self.grown.len())
            .max_by_key(|&r| (self.grown[r], r == current as usize))
            .map_or(current, |r| r as RuleId);
        EvalError::TupleLimit {
            limit: self.limits.max_tuples,
            at: self.rule_place(rule),
        }
    }

    fn rule_place(&self, rule: RuleId) -> Place {
        let rule = &self.program.rules[rule as usize];
        Place::Rule {
            pred: self.program.pred(rule.head.pred).name.clone(),
            span: rule.span,
        }
    }

    fn stop(&self, s: Stop, at: Place) -> EvalError {
        EvalError::stopped(s, &self.limits, at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::{CheckError, check, check_layer};
    use crate::source::SourceMap;
    use crate::syntax::ast::Module;
    use crate::syntax::parse_program;
    use crate::value::Value;

    /// (program, tuple limit, the predicate and rule text named).
    type LimitCase<'a> = (&'a str, u64, Option<(&'a str, &'a str)>);

    fn module(map: &mut SourceMap, name: &str, text: &str) -> Module {
        let file = map.add(name, text);
        let (module, errors) = parse_program(file, text);
        assert!(errors.is_empty(), "{text}: {errors:?}");
        module
    }

    fn checked(result: (Program, Vec<CheckError>), text: &str) -> Program {
        let (program, errors) = result;
        assert!(
            errors.iter().all(CheckError::is_warning),
            "{text}: {errors:?}"
        );
        program
    }

    struct Run {
        map: SourceMap,
        program: Program,
        values: ValueStore,
        model: Result<Model, EvalError>,
    }

    fn run_with(text: &str, limits: &Limits) -> Run {
        let mut map = SourceMap::new();
        let m = module(&mut map, "t.kb", text);
        let mut values = ValueStore::new();
        let program = checked(check([&m], &mut values), text);
        let model = evaluate(&program, &mut values, limits);
        Run {
            map,
            program,
            values,
            model,
        }
    }

    fn run(text: &str) -> Run {
        run_with(text, &Limits::default())
    }

    /// The rows of `pred` in `model`, each as `a,b`, sorted.
    fn rows_of(program: &Program, model: &Model, values: &ValueStore, pred: &str) -> Vec<String> {
        let p = program.pred_id(pred).expect("a predicate");
        let rel = model.relation(p);
        let mut rows: Vec<String> = (0..rel.rows())
            .map(|r| {
                rel.row(r)
                    .iter()
                    .map(|v| values.display(*v).to_string())
                    .collect::<Vec<_>>()
                    .join(",")
            })
            .collect();
        rows.sort();
        rows
    }

    impl Run {
        fn rows(&self, pred: &str) -> Vec<String> {
            let model = self.model.as_ref().expect("evaluates");
            rows_of(&self.program, model, &self.values, pred)
        }
    }

    #[test]
    fn recursion_and_stratified_negation_reach_the_least_model() {
        let cases: &[(&str, &str, &[&str])] = &[
            // Transitive closure, on a chain and on a cycle.
            (
                "e(1, 2). e(2, 3). e(3, 4).\n\
                 path(X, Y) :- e(X, Y).\n\
                 path(X, Z) :- path(X, Y), e(Y, Z).",
                "path",
                &["1,2", "1,3", "1,4", "2,3", "2,4", "3,4"],
            ),
            (
                "e(1, 2). e(2, 1).\n\
                 path(X, Y) :- e(X, Y).\n\
                 path(X, Z) :- path(X, Y), path(Y, Z).",
                "path",
                &["1,1", "1,2", "2,1", "2,2"],
            ),
            // Mutual recursion.
            (
                "n(0). succ(0, 1). succ(1, 2). succ(2, 3). succ(3, 4).\n\
                 even(X) :- n(X).\n\
                 odd(Y) :- even(X), succ(X, Y).\n\
                 even(Y) :- odd(X), succ(X, Y).",
                "even",
                &["0", "2", "4"],
            ),
            // Negation of a recursive relation, in a later stratum.
            (
                "node(1). node(2). node(3). node(4). e(1, 2). e(2, 3).\n\
                 reach(X) :- e(1, X).\n\
                 reach(Y) :- reach(X), e(X, Y).\n\
                 unreached(X) :- node(X), X != 1, not reach(X).",
                "unreached",
                &["4"],
            ),
            // Two levels of negation.
            (
                "p(1). p(2). p(3). q(2). r(3).\n\
                 s(X) :- p(X), not q(X).\n\
                 t(X) :- p(X), not s(X).\n\
                 u(X) :- t(X), not r(X).",
                "u",
                &["2"],
            ),
            // An aggregate over a recursive relation.
            (
                "e(1, 2). e(2, 3). e(3, 4).\n\
                 path(X, Y) :- e(X, Y).\n\
                 path(X, Z) :- path(X, Y), e(Y, Z).\n\
                 reach(X, N) :- e(X, _), N = count : { path(X, _) }.",
                "reach",
                &["1,3", "2,2", "3,1"],
            ),
        ];
        for (text, pred, want) in cases {
            let r = run(text);
            assert!(r.model.is_ok(), "case {text}: {:?}", r.model);
            assert_eq!(r.rows(pred), *want, "case {text}");
        }
    }

    #[test]
    fn marks_record_the_round_of_each_row() {
        let text = "e(1, 2). e(2, 3). e(3, 4). path(9, 9).\n\
                    path(X, Y) :- e(X, Y).\n\
                    path(X, Z) :- path(X, Y), e(Y, Z).\n\
                    src(X) :- e(X, _).";
        let mut r = run(text);
        let model = r.model.as_ref().expect("evaluates");
        let rel = |name: &str| model.relation(r.program.pred_id(name).unwrap());
        // (predicate, marks as (round, rows)): one fact row before the
        // rules of path; the base rule's rows in round 1; then a round per
        // path length (the last round, adding nothing, is not marked).
        // Facts-only predicates have no stratum and no marks; a
        // non-recursive stratum marks before and after its one run.
        let marks: &[(&str, &[(u32, u32)])] = &[
            ("path", &[(0, 1), (1, 4), (2, 6), (3, 7)]),
            ("e", &[]),
            ("src", &[(0, 0), (1, 3)]),
        ];
        for (pred, want) in marks {
            assert_eq!(rel(pred).marks(), *want, "case marks of {pred}");
        }
        assert_eq!(rel("path").fact_rows(), 1);
        assert_eq!(rel("e").fact_rows(), 3);
        let rows: &[(&str, &[i64], usize)] = &[
            ("path", &[9, 9], 0),
            ("path", &[1, 2], 1),
            ("path", &[3, 4], 1),
            ("path", &[1, 3], 2),
            ("path", &[2, 4], 2),
            ("path", &[1, 4], 3),
            ("e", &[1, 2], 0),
            ("src", &[1], 1),
        ];
        for (pred, args, round) in rows {
            let vals: Vec<Value> = args.iter().map(|a| r.values.int(*a)).collect();
            let rel = rel(pred);
            let row = rel.find(&vals).expect("the row is there");
            assert_eq!(rel.round_of(row), *round, "case round of {pred}{args:?}");
        }
        // Rounds of the one recursive stratum; tuples of the whole model.
        assert_eq!(model.stats.rounds, 3);
        assert_eq!(model.stats.tuples, 4 + 6 + 3);
    }

    #[test]
    fn the_tuple_limit_names_the_rule_that_kept_growing() {
        let cases: &[LimitCase] = &[
            (
                "n(0). n(Y) :- n(X), Y = X + 1.",
                100,
                Some(("n", "n(Y) :- n(X), Y = X + 1.")),
            ),
            // The rule that derived most, not the stratum that stopped.
            (
                "a(1). b(1).\n\
                 a(Y) :- a(X), Y = X + 1, Y < 3.\n\
                 b(Y) :- b(X), Y = X + 1.",
                50,
                Some(("b", "b(Y) :- b(X), Y = X + 1.")),
            ),
            // Facts count: the one over the limit is named.
            ("n(1). n(2). n(3).", 2, Some(("n", "n(3)."))),
            ("n(1). n(2). n(3).", 3, None),
            // One run that would emit too many stops before storing them.
            (
                "n(1). n(2). n(3). p(X, Y, Z) :- n(X), n(Y), n(Z).",
                10,
                Some(("p", "p(X, Y, Z) :- n(X), n(Y), n(Z).")),
            ),
            ("n(1). n(2). p(X) :- n(X).", 4, None),
            ("n(1). n(2). p(X) :- n(X).", 3, Some(("p", "p(X) :- n(X)."))),
            // Distinct new tuples count, not solutions: m has four solutions
            // but two tuples, and a model of exactly `max_tuples` tuples
            // (2 facts and 2 rows of m) is within the limit.
            ("n(1). n(2). m(X) :- n(X), n(Y).", 4, None),
            (
                "n(1). n(2). m(X) :- n(X), n(Y).",
                3,
                Some(("m", "m(X) :- n(X), n(Y).")),
            ),
            // Solutions already in the head relation are not new either.
            ("n(1). n(2). m(1). m(X) :- n(X), n(Y).", 4, None),
            (
                "n(1). n(2). m(1). m(X) :- n(X), n(Y).",
                3,
                Some(("m", "m(X) :- n(X), n(Y).")),
            ),
            // A recursive rule that derives the same tuples round after
            // round.
            (
                "e(1, 2). e(2, 1). r(X) :- e(X, _). r(Y) :- r(X), e(X, Y).",
                4,
                None,
            ),
        ];
        for (text, max, want) in cases {
            let limits = Limits {
                max_tuples: *max,
                ..Limits::default()
            };
            let r = run_with(text, &limits);
            let got = match &r.model {
                Ok(_) => None,
                Err(EvalError::TupleLimit {
                    limit,
                    at: Place::Rule { pred, span } | Place::Fact { pred, span },
                }) => {
                    assert_eq!(limit, max, "case {text}");
                    Some((pred.as_str(), r.map.text(*span)))
                }
                Err(other) => panic!("case {text}: {other:?}"),
            };
            assert_eq!(got, *want, "case {text} with at most {max} tuples");
        }
    }

    const BASE: &str = "e(1, 2). e(2, 3).\n\
                        path(X, Y) :- e(X, Y).\n\
                        path(X, Z) :- path(X, Y), e(Y, Z).\n\
                        k(7). kk(X) :- k(X).\n\
                        bad(9). good(X) :- k(X), not bad(X).\n\
                        size(N) :- N = count : { e(_, _) }.";

    #[test]
    fn a_layer_recomputes_only_what_depends_on_it() {
        let all = ["e", "path", "k", "kk", "bad", "good", "size"];
        // (layer, predicates it has relations of its own for).
        let cases: &[(&str, &[&str])] = &[
            ("", &[]),
            ("e(3, 4).", &["e", "path", "size"]),
            // A fact the base has already: recomputed all the same.
            ("e(2, 3).", &["e", "path", "size"]),
            ("k(8).", &["k", "kk", "good"]),
            ("bad(7).", &["bad", "good"]),
            ("path(X, X) :- k(X).", &["path"]),
            ("q(X) :- kk(X), not path(X, _).", &["q"]),
            ("e(7, 1). k(1).", &["e", "path", "size", "k", "kk", "good"]),
        ];
        for (layer, own) in cases {
            let mut map = SourceMap::new();
            let mut values = ValueStore::new();
            let base_module = module(&mut map, "base.kb", BASE);
            let mut base = checked(check([&base_module], &mut values), BASE);
            base.freeze();
            let mut base_model = evaluate(&base, &mut values, &Limits::default()).unwrap();
            base_model.freeze();
            let base_model = Arc::new(base_model);
            let before: Vec<Vec<String>> = all
                .iter()
                .map(|p| rows_of(&base, &base_model, &values, p))
                .collect();

            let layer_module = module(&mut map, "layer.kb", layer);
            let program = checked(check_layer(&base, [&layer_module], &mut values), layer);
            let model = evaluate_layer(&base_model, &program, &mut values, &Limits::default())
                .unwrap_or_else(|e| panic!("case {layer:?}: {e:?}"));

            // The whole program at once.
            let whole_text = format!("{BASE}\n{layer}");
            let whole = run(&whole_text);
            let whole_model = whole.model.as_ref().unwrap();

            let mut names: Vec<&str> = all.to_vec();
            names.extend(own.iter().filter(|p| !all.contains(p)));
            for name in &names {
                let p = program.pred_id(name).unwrap();
                assert_eq!(
                    model.is_own(p),
                    own.contains(name),
                    "case {layer:?}: whether {name} is the layer's own"
                );
                assert_eq!(
                    rows_of(&program, &model, &values, name),
                    whole.rows(name),
                    "case {layer:?}: the rows of {name}"
                );
            }
            assert_eq!(
                model.stats.tuples, whole_model.stats.tuples,
                "case {layer:?}: tuples of the whole model"
            );
            let after: Vec<Vec<String>> = all
                .iter()
                .map(|p| rows_of(&base, &base_model, &values, p))
                .collect();
            assert_eq!(before, after, "case {layer:?}: the base is unchanged");
        }
    }

    #[test]
    fn a_layer_counts_the_base_against_the_tuple_limit() {
        let mut map = SourceMap::new();
        let mut values = ValueStore::new();
        let base_module = module(&mut map, "base.kb", BASE);
        let mut base = checked(check([&base_module], &mut values), BASE);
        base.freeze();
        let base_model = Arc::new(evaluate(&base, &mut values, &Limits::default()).unwrap());
        let total = base_model.stats.tuples;
        let layer_module = module(&mut map, "layer.kb", "k(8).");
        let program = checked(check_layer(&base, [&layer_module], &mut values), "k(8).");
        // k(8) adds k(8), kk(8) and good(8); the layer starts from the
        // base's other relations (total - 3 tuples) and k's facts.
        let cases: &[(u64, Option<&str>)] = &[
            (total + 3, None),
            (total + 2, Some("good")),
            (total, Some("kk")),
            (total - 2, Some("k")),
        ];
        for (max, want) in cases {
            let limits = Limits {
                max_tuples: *max,
                ..Limits::default()
            };
            let got = match evaluate_layer(&base_model, &program, &mut values, &limits) {
                Ok(m) => {
                    assert_eq!(m.stats.tuples, total + 3, "case max {max}");
                    None
                }
                Err(EvalError::TupleLimit {
                    at: Place::Rule { pred, .. } | Place::Fact { pred, .. },
                    ..
                }) => Some(pred),
                Err(other) => panic!("case max {max}: {other:?}"),
            };
            assert_eq!(got.as_deref(), *want, "case max {max} (base {total})");
        }
    }
}
