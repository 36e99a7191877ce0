//! Running a plan: nested loops over the steps with the bindings in a
//! register file, emitting one head tuple per solution into a flat buffer.
//! A run may keep only distinct tuples, and only new ones (not already in
//! the head relation), so its buffer is bounded by the tuples it may add.
//! No allocation per tuple; the clock is consulted every few thousand rows.
//!
//! A run may also cover only some rows of its first scan and read the head
//! relation's set in place (see [`Exec::distinct_beside`]): one worker of a
//! rule run split across threads (see [`parallel`](super::parallel)), which
//! reads the value store without interning anything.

use super::error::{EvalError, Fed};
use super::limits::{Budget, Stop};
use super::model::Model;
use super::plan::{AggPlan, ColOp, Operand, Step, View};
use super::relation::{NONE, hash_row};
use super::rowset::RowSet;
use crate::check::ExprError;
use crate::check::program::{AggOp, CmpOp, Expr, PredId};
use crate::source::Span;
use crate::value::{ArithError, BinOp, Datum, Value, ValueStore};
use hashbrown::hash_table::Entry;
use std::cmp::Ordering;

/// Tuples emitted between two lookups in a run's set.
const BATCH: usize = 64;

/// Semi-naive watermarks of one relation: rows below `stable` are old, rows
/// from `stable` to `recent` are the delta.
#[derive(Clone, Copy, Debug, Default)]
pub struct Watermark {
    /// End of the rows known before the last round.
    pub stable: u32,
    /// End of the rows known after the last round.
    pub recent: u32,
}

/// Where a failure is reported.
#[derive(Clone, Copy)]
pub enum Spans<'a> {
    /// The spans of the body's literals, by position.
    Body(&'a [Span]),
    /// One span for everything (an aggregate's inner body).
    Fixed(Span),
}

impl Spans<'_> {
    fn at(&self, literal: usize) -> Span {
        match self {
            Spans::Body(s) => s.get(literal).copied().unwrap_or_default(),
            Spans::Fixed(s) => *s,
        }
    }
}

/// Why a plan stopped early.
pub enum Fail {
    /// A limit or interrupt.
    Stop(Stop),
    /// A run-time error.
    Error(EvalError),
    /// The caller asked for no more solutions.
    Enough,
}

impl From<Stop> for Fail {
    fn from(s: Stop) -> Self {
        Fail::Stop(s)
    }
}

/// What an aggregate has seen so far. Its solutions need no set to be
/// distinct: the aggregate's body binds every variable it mentions
/// (anonymous ones included, see `plan::plan_scope`), and rows of a relation
/// are distinct, so two solutions always differ in some variable.
struct Collector {
    target: Option<Expr>,
    span: Span,
    count: u64,
    /// Target values, for `sum`, `min` and `max`.
    values: Vec<Value>,
}

/// The value store a run reads values in, and interns the values its
/// arithmetic computes in.
pub enum Store<'a> {
    /// A run that may compute values.
    Interning(&'a mut ValueStore),
    /// A run that only reads values (a worker of a parallel run, whose plan
    /// computes none: see [`parallel::can_split`](super::parallel::can_split)).
    Reading(&'a ValueStore),
}

impl<'a> From<&'a mut ValueStore> for Store<'a> {
    fn from(store: &'a mut ValueStore) -> Self {
        Store::Interning(store)
    }
}

impl<'a> From<&'a ValueStore> for Store<'a> {
    fn from(store: &'a ValueStore) -> Self {
        Store::Reading(store)
    }
}

impl Store<'_> {
    #[inline]
    fn read(&self) -> &ValueStore {
        match self {
            Store::Interning(s) => s,
            Store::Reading(s) => s,
        }
    }

    #[inline]
    fn intern(&mut self) -> &mut ValueStore {
        match self {
            Store::Interning(s) => s,
            Store::Reading(_) => unreachable!("a plan split across threads computes no value"),
        }
    }
}

/// The state of one plan run.
pub struct Exec<'a> {
    model: &'a Model,
    marks: &'a [Watermark],
    /// Interns values computed by arithmetic.
    store: Store<'a>,
    budget: &'a mut Budget,
    /// The bindings.
    pub regs: Vec<Value>,
    head: &'a [Operand],
    head_span: Span,
    /// Kept head tuples, flat (`rows` of them).
    pub out: Vec<Value>,
    /// Number of tuples kept in `out` (zero-arity ones included).
    pub rows: usize,
    /// Keeping one more tuple than this is [`Fail::Enough`] (a limit).
    pub max_rows: usize,
    /// Stop with [`Fail::Enough`] as soon as this many tuples are kept
    /// (what explanations and yes/no queries ask for).
    pub stop_at: usize,
    /// Number of solutions found (with duplicates).
    pub solutions: usize,
    /// The rows the first step reads, if it is a scan and not every row of
    /// its view (a worker's share of a parallel run).
    pub first_rows: Option<(u32, u32)>,
    distinct: Option<Distinct>,
    collectors: Vec<Collector>,
    key: Vec<Value>,
}

/// What keeps a run's tuples distinct and new: a set of row numbers over
/// the rows of the head relation, if any (numbered from 0), followed by the
/// tuples kept in `out` (numbered on from the relation's rows). For a rule
/// run, it is the head relation's own set, taken out for the run (see
/// [`Relation::take_set`](super::relation::Relation::take_set)): one probe
/// finds a tuple among the old rows and the new ones, and adds it if it is
/// new.
struct Distinct {
    /// The head relation, whose rows are not kept again.
    known: Option<PredId>,
    /// Whether the head relation keeps its own set (read in place, by
    /// several runs at once) and `set` holds only the run's tuples.
    beside: bool,
    /// Tuples at the end of `out` not looked up yet.
    pending: usize,
    /// Its rows when the run started.
    base: u32,
    set: RowSet,
    /// The hash of each kept tuple, so that growing the set does not
    /// hash them again.
    hashes: Vec<u64>,
}

impl<'a> Exec<'a> {
    /// A run over `model`'s relations emitting `head` for each solution.
    pub fn new(
        model: &'a Model,
        marks: &'a [Watermark],
        store: impl Into<Store<'a>>,
        budget: &'a mut Budget,
        vars: usize,
        head: &'a [Operand],
        head_span: Span,
    ) -> Exec<'a> {
        Exec {
            model,
            marks,
            store: store.into(),
            budget,
            regs: vec![Value::default(); vars],
            head,
            head_span,
            out: Vec::new(),
            rows: 0,
            max_rows: usize::MAX,
            stop_at: usize::MAX,
            solutions: 0,
            first_rows: None,
            distinct: None,
            collectors: Vec::new(),
            key: Vec::with_capacity(8),
        }
    }

    /// Keeps only distinct tuples, and none of `known`'s, whose set (see
    /// [`Relation::take_set`](super::relation::Relation::take_set)) is
    /// `set`; `out` is the (empty) buffer to keep them in. The set, taken
    /// back with [`Exec::take_set`], then holds the kept tuples too.
    pub fn distinct(&mut self, known: Option<PredId>, set: RowSet, out: Vec<Value>) {
        debug_assert!(out.is_empty());
        let base = known.map_or(0, |p| self.model.relation(p).rows());
        self.out = out;
        self.distinct = Some(Distinct {
            known,
            beside: false,
            pending: 0,
            base,
            set,
            hashes: Vec::new(),
        });
    }

    /// Keeps only distinct tuples, and none of `known`'s, looking them up in
    /// `known`'s own set, which stays in the relation (so that several runs
    /// can read it at once), and keeping its own set of the tuples it keeps
    /// (those [`Exec::take_kept`] hands over), with room for `expected`.
    pub fn distinct_beside(&mut self, known: PredId, expected: usize) {
        let mut set = RowSet::new();
        // (An empty set has no row to rehash.)
        set.reserve(expected, |_| 0);
        self.distinct(Some(known), set, Vec::new());
        if let Some(d) = &mut self.distinct {
            d.beside = true;
        }
    }

    /// The tuples a run kept (flat in `out`, `rows` of them) and their
    /// hashes ([`hash_row`]), if it keeps distinct tuples.
    pub fn take_kept(&mut self) -> (Vec<Value>, Vec<u64>) {
        self.out.truncate(self.rows * self.head.len());
        let hashes = self.distinct.take().map(|d| d.hashes).unwrap_or_default();
        (std::mem::take(&mut self.out), hashes)
    }

    /// The set of a run that keeps distinct tuples (see [`Exec::distinct`]),
    /// leaving in `out` only the tuples it holds (none not looked up yet, as
    /// after a failure).
    pub fn take_set(&mut self) -> RowSet {
        self.out.truncate(self.rows * self.head.len());
        self.distinct.take().map(|d| d.set).unwrap_or_default()
    }

    /// The row of `pred` equal to `key`, if any. The head relation's set is
    /// the run's while it runs.
    #[inline(always)]
    fn find(&self, pred: PredId, key: &[Value]) -> Option<u32> {
        match &self.distinct {
            // The run's own tuples come after the rows a step reads.
            Some(d) if d.known == Some(pred) && !d.beside => {
                let old = self.model.relation(pred).flat();
                let at = kept_at(old, d.base, &self.out, self.head.len());
                d.set.find(hash_row(key), |&r| at(r) == key)
            }
            _ => self.model.relation(pred).find(key),
        }
    }

    #[inline]
    fn range(&self, pred: PredId, view: View) -> (u32, u32) {
        view_rows(self.model, self.marks, pred, view)
    }

    /// Runs `steps` from step `i`.
    pub fn run(&mut self, steps: &[Step], i: usize, spans: Spans<'_>) -> Result<(), Fail> {
        let Some(step) = steps.get(i) else {
            return self.solution();
        };
        let model = self.model;
        match step {
            Step::Join {
                pred,
                view,
                key,
                index,
                cols,
                exists,
                literal,
            } => {
                let rel = model.relation(*pred);
                let (mut lo, mut hi) = self.range(*pred, *view);
                if i == 0
                    && let Some((from, to)) = self.first_rows
                {
                    (lo, hi) = (lo.max(from), hi.min(to));
                }
                if key.is_empty() {
                    for r in lo..hi {
                        self.budget.tick()?;
                        if self.bind_row(rel.row(r), cols) {
                            self.run(steps, i + 1, spans)?;
                            if *exists {
                                break;
                            }
                        }
                    }
                } else {
                    let index = model.index(*pred, *index);
                    self.key.clear();
                    for (_, o) in key {
                        let v = self.operand(o, spans.at(*literal))?;
                        self.key.push(v);
                    }
                    let mut r = index.probe(rel, &self.key);
                    while r != NONE && r >= hi {
                        // Newer rows are skipped, but still take time.
                        self.budget.tick()?;
                        r = index.next(r);
                    }
                    while r != NONE && r >= lo {
                        self.budget.tick()?;
                        if self.bind_row(rel.row(r), cols) {
                            self.run(steps, i + 1, spans)?;
                            if *exists {
                                break;
                            }
                        }
                        r = index.next(r);
                    }
                }
                Ok(())
            }
            Step::Contains {
                pred,
                view,
                args,
                literal,
            } => {
                let (lo, hi) = self.range(*pred, *view);
                self.key.clear();
                for o in args {
                    let v = self.operand(o, spans.at(*literal))?;
                    self.key.push(v);
                }
                match self.find(*pred, &self.key) {
                    Some(r) if r >= lo && r < hi => self.run(steps, i + 1, spans),
                    _ => Ok(()),
                }
            }
            Step::NotExists {
                pred,
                key,
                full,
                index,
                literal,
            } => {
                let rel = model.relation(*pred);
                self.key.clear();
                for (_, o) in key {
                    let v = self.operand(o, spans.at(*literal))?;
                    self.key.push(v);
                }
                // (Never the head relation: a rule's own head is not negated
                // in its stratum.)
                let found = if *full {
                    rel.find(&self.key).is_some()
                } else if key.is_empty() {
                    rel.rows() > 0
                } else {
                    model.index(*pred, *index).probe(rel, &self.key) != NONE
                };
                if found {
                    Ok(())
                } else {
                    self.run(steps, i + 1, spans)
                }
            }
            Step::Filter {
                lhs,
                op,
                rhs,
                literal,
            } => {
                let span = spans.at(*literal);
                let (a, b) = (self.expr(lhs, span)?, self.expr(rhs, span)?);
                if self.compare(a, *op, b, span)? {
                    self.run(steps, i + 1, spans)
                } else {
                    Ok(())
                }
            }
            Step::Bind { var, expr, literal } => {
                let v = self.expr(expr, spans.at(*literal))?;
                self.regs[*var as usize] = v;
                self.run(steps, i + 1, spans)
            }
            Step::Agg(plan) => self.aggregate(plan, steps, i, spans),
        }
    }

    #[inline]
    fn bind_row(&mut self, row: &[Value], cols: &[ColOp]) -> bool {
        for (c, op) in cols.iter().enumerate() {
            match op {
                ColOp::Bind(v) => self.regs[*v as usize] = row[c],
                ColOp::Check(v) => {
                    if self.regs[*v as usize] != row[c] {
                        return false;
                    }
                }
                ColOp::Skip => {}
            }
        }
        true
    }

    fn solution(&mut self) -> Result<(), Fail> {
        if let Some(c) = self.collectors.last() {
            let span = c.span;
            let value = match c.target.clone() {
                Some(t) => Some(self.expr(&t, span)?),
                None => None,
            };
            let c = self.collectors.last_mut().expect("collector");
            c.count += 1;
            c.values.extend(value);
            return Ok(());
        }
        let start = self.out.len();
        for o in self.head {
            let v = self.operand(o, self.head_span)?;
            self.out.push(v);
        }
        self.solutions += 1;
        if let Some(d) = &mut self.distinct {
            // Looked up in batches, so that the lookups' cache misses
            // overlap; one at a time when the caller wants to stop early.
            d.pending += 1;
            if d.pending >= BATCH || self.stop_at != usize::MAX {
                self.flush()?;
            }
            return Ok(());
        }
        if self.rows >= self.max_rows {
            self.out.truncate(start);
            return Err(Fail::Enough);
        }
        self.rows += 1;
        if self.rows >= self.stop_at {
            return Err(Fail::Enough);
        }
        Ok(())
    }

    /// Keeps those of the tuples emitted since the last flush (at the end
    /// of `out`) that are new, adding them to the set and moving them down
    /// after the kept ones; [`Fail::Enough`] for one past `max_rows`. A run
    /// that keeps distinct tuples is flushed by [`Exec::finish`].
    fn flush(&mut self) -> Result<(), Fail> {
        let Some(d) = &mut self.distinct else {
            return Ok(());
        };
        let arity = self.head.len();
        let known = d.known.map(|p| self.model.relation(p));
        let old = known.map_or(&[][..], |rel| rel.flat());
        let base = d.base;
        if d.set.room().is_some_and(|room| room < d.pending) {
            // While the set is one table, grow it by more than doubling if
            // this run added much of it: each growth rehashes all of it.
            let rehash = rehash_kept(old, base, &d.hashes, arity);
            d.set.reserve(d.pending.max(3 * self.rows), rehash);
        }
        let mut read = self.rows * arity;
        let mut result = Ok(());
        let growths = d.set.growths();
        for _ in 0..std::mem::take(&mut d.pending) {
            let kept = {
                let at = kept_at(old, base, &self.out, arity);
                let row = &self.out[read..read + arity];
                let hash = hash_row(row);
                let in_known =
                    d.beside && known.is_some_and(|rel| rel.find_hashed(hash, row).is_some());
                if in_known {
                    read += arity;
                    continue;
                }
                let rehash = rehash_kept(old, base, &d.hashes, arity);
                match d.set.entry(hash, |&r| at(r) == row, rehash) {
                    Entry::Occupied(_) => false,
                    Entry::Vacant(_) if self.rows >= self.max_rows => {
                        result = Err(Fail::Enough);
                        break;
                    }
                    Entry::Vacant(v) => {
                        v.insert(d.base + self.rows as u32);
                        d.hashes.push(hash);
                        true
                    }
                }
            };
            if kept {
                let to = self.rows * arity;
                if to != read {
                    // A few values: not worth a call to `memmove`.
                    for k in 0..arity {
                        self.out[to + k] = self.out[read + k];
                    }
                }
                self.rows += 1;
                if self.rows >= self.stop_at {
                    result = Err(Fail::Enough);
                    break;
                }
            }
            read += arity;
        }
        self.out.truncate(self.rows * arity);
        if d.set.growths() != growths && result.is_ok() {
            // Growing a large set takes a while: look at the clock after.
            self.budget.check()?;
        }
        result
    }

    /// Ends a run that returned `Ok`: keeps what is still to be kept.
    pub fn finish(&mut self) -> Result<(), Fail> {
        self.flush()
    }

    fn aggregate(
        &mut self,
        plan: &AggPlan,
        steps: &[Step],
        i: usize,
        spans: Spans<'_>,
    ) -> Result<(), Fail> {
        let span = spans.at(plan.literal);
        self.collectors.push(Collector {
            target: plan.target.clone(),
            span,
            count: 0,
            values: Vec::new(),
        });
        let r = self.run(&plan.steps, 0, Spans::Fixed(span));
        let c = self.collectors.pop().expect("collector");
        r?;
        let result = match plan.op {
            AggOp::Count => Some(self.store.intern().int(c.count as i64)),
            AggOp::Sum => {
                let mut acc = self.store.intern().int(0);
                // Sum in a fixed order so a failure is reported the same way
                // every time.
                let mut values = c.values;
                values.sort_unstable();
                for v in values {
                    if !matches!(self.store.read().get(v), Datum::Int(_) | Datum::Dec(_)) {
                        let kind = self.store.read().kind(v);
                        return Err(Fail::Error(EvalError::Arithmetic {
                            reason: format!("`sum` needs numbers, but found a {kind}"),
                            span,
                            fed: Fed::values(vec![v]),
                        }));
                    }
                    acc = self.arith(BinOp::Add, acc, v, span)?;
                }
                Some(acc)
            }
            AggOp::Min | AggOp::Max => {
                let store = self.store.read();
                let it = c.values.iter().copied();
                if plan.op == AggOp::Min {
                    it.min_by(|a, b| store.compare(*a, *b))
                } else {
                    it.max_by(|a, b| store.compare(*a, *b))
                }
            }
        };
        let Some(result) = result else { return Ok(()) };
        if plan.result_bound {
            if self.regs[plan.result as usize] == result {
                return self.run(steps, i + 1, spans);
            }
            return Ok(());
        }
        self.regs[plan.result as usize] = result;
        self.run(steps, i + 1, spans)
    }

    #[inline]
    fn operand(&mut self, o: &Operand, span: Span) -> Result<Value, Fail> {
        match o {
            Operand::Var(v) => Ok(self.regs[*v as usize]),
            Operand::Const(c) => Ok(*c),
            Operand::Expr(e) => self.expr(e, span),
        }
    }

    /// Evaluates an expression under the current bindings.
    #[inline]
    pub fn expr(&mut self, e: &Expr, span: Span) -> Result<Value, Fail> {
        match e {
            Expr::Var(v) => Ok(self.regs[*v as usize]),
            Expr::Const(c) => Ok(*c),
            _ => e
                .evaluate(&self.regs, self.store.intern())
                .map_err(|error| {
                    let mut values = Vec::new();
                    e.for_each_var(&mut |v| values.push(self.regs[v as usize]));
                    Fail::Error(expr_error(error, span, Fed::values(values)))
                }),
        }
    }

    #[inline]
    fn arith(&mut self, op: BinOp, x: Value, y: Value, span: Span) -> Result<Value, Fail> {
        self.store
            .intern()
            .arith(op, x, y)
            .map_err(|e| Fail::Error(arith_error(e, op.symbol(), span, Fed::values(vec![x, y]))))
    }

    fn compare(&self, a: Value, op: CmpOp, b: Value, span: Span) -> Result<bool, Fail> {
        match op {
            CmpOp::Eq => return Ok(a == b),
            CmpOp::Ne => return Ok(a != b),
            _ => {}
        }
        let ord = self
            .store
            .read()
            .compare_same_kind(a, b)
            .map_err(|e| match e {
                ArithError::Kinds(l, r) => Fail::Error(EvalError::Compare {
                    op: op.symbol(),
                    left: l,
                    right: r,
                    span,
                    fed: Fed::values(vec![a, b]),
                }),
                other => Fail::Error(arith_error(
                    other,
                    op.symbol(),
                    span,
                    Fed::values(vec![a, b]),
                )),
            })?;
        Ok(match op {
            CmpOp::Lt => ord == Ordering::Less,
            CmpOp::Le => ord != Ordering::Greater,
            CmpOp::Gt => ord == Ordering::Greater,
            _ => ord != Ordering::Less,
        })
    }
}

/// The rows of `pred` a step reading it in `view` reads, as a range.
#[inline]
pub fn view_rows(model: &Model, marks: &[Watermark], pred: PredId, view: View) -> (u32, u32) {
    let rows = model.relation(pred).rows();
    let pred = pred.0 as usize;
    match view {
        View::All => (0, rows),
        View::Full => (0, marks[pred].recent),
        View::Old => (0, marks[pred].stable),
        View::Delta => (marks[pred].stable, marks[pred].recent),
    }
}

/// Whether a plan can find the same `head` tuple twice. It cannot when
/// every variable a join binds is in the head as it is, and every column a
/// join skips is one its index matched: two solutions then differ in the
/// row of some join (rows of a relation are distinct), so in a column bound
/// to a head variable. (Other steps continue at most once; an aggregate's
/// inner plan emits nothing.)
pub fn may_repeat(steps: &[Step], head: &[Operand]) -> bool {
    let in_head = |v: &u32| head.iter().any(|o| matches!(o, Operand::Var(h) if h == v));
    head.iter().any(|o| matches!(o, Operand::Expr(_)))
        || steps.iter().any(|step| match step {
            Step::Join {
                key, cols, exists, ..
            } => {
                !*exists
                    && cols.iter().enumerate().any(|(c, op)| match op {
                        ColOp::Bind(v) => !in_head(v),
                        ColOp::Check(_) => false,
                        ColOp::Skip => !key.iter().any(|(k, _)| *k == c),
                    })
            }
            _ => false,
        })
}

/// Row `r` of a run's set (see [`Distinct`]): the relation's (flat in
/// `old`) below `base`, then those kept in `out`.
#[inline]
fn kept_at<'r>(
    old: &'r [Value],
    base: u32,
    out: &'r [Value],
    arity: usize,
) -> impl Fn(u32) -> &'r [Value] {
    move |r: u32| {
        let (rows, r) = if r < base { (old, r) } else { (out, r - base) };
        let k = r as usize * arity;
        &rows[k..k + arity]
    }
}

/// The hash of row `r` of a run's set (see [`kept_at`]): computed for the
/// relation's, stored for the kept ones.
#[inline]
fn rehash_kept<'r>(
    old: &'r [Value],
    base: u32,
    hashes: &'r [u64],
    arity: usize,
) -> impl Fn(&u32) -> u64 + 'r {
    move |&r: &u32| {
        if r < base {
            let k = r as usize * arity;
            hash_row(&old[k..k + arity])
        } else {
            hashes[(r - base) as usize]
        }
    }
}

/// The error of an operator that failed: kinds it cannot combine are a
/// type mismatch, as the checks call them; the rest is arithmetic.
fn arith_error(e: ArithError, op: &'static str, span: Span, fed: Fed) -> EvalError {
    match e {
        ArithError::Kinds(left, right) => EvalError::Combine {
            op,
            left,
            right,
            span,
            fed,
        },
        other => EvalError::Arithmetic {
            reason: crate::check::arith_reason(other, op),
            span,
            fed,
        },
    }
}

fn expr_error(e: ExprError, span: Span, fed: Fed) -> EvalError {
    match e {
        ExprError::Arith { error, op } => arith_error(error, op, span, fed),
        ExprError::Wild => EvalError::Arithmetic {
            reason: e.reason(),
            span,
            fed,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::program::Program;

    use crate::eval::{Limits, evaluate};
    use crate::source::SourceMap;

    use crate::value::Kind;

    struct Run {
        map: SourceMap,
        program: Program,
        values: ValueStore,
        model: Result<Model, EvalError>,
    }

    fn run(text: &str) -> Run {
        let mut values = ValueStore::new();
        let (map, program) = crate::testing::checked(text, &mut values);
        let model = evaluate(&program, &mut values, &Limits::default());
        Run {
            map,
            program,
            values,
            model,
        }
    }

    impl Run {
        /// The rows of `pred`, each as `a,b`, sorted.
        fn rows(&self, pred: &str) -> Vec<String> {
            let model = self.model.as_ref().expect("evaluates");
            let p = self.program.pred_id(pred).expect("a predicate");
            let rel = model.relation(p);
            let mut rows: Vec<String> = (0..rel.rows())
                .map(|r| {
                    rel.row(r)
                        .iter()
                        .map(|v| self.values.display(*v).to_string())
                        .collect::<Vec<_>>()
                        .join(",")
                })
                .collect();
            rows.sort();
            rows
        }
    }

    #[test]
    fn rules_derive_what_their_bodies_allow() {
        let cases: &[(&str, &str, &[&str])] = &[
            // Joins.
            (
                "e(1, 2). e(2, 3). e(3, 1). p(X, Z) :- e(X, Y), e(Y, Z).",
                "p",
                &["1,3", "2,1", "3,2"],
            ),
            (
                "e(1, 2). e(2, 3). f(3). p(X) :- e(X, Y), e(Y, Z), f(Z).",
                "p",
                &["1"],
            ),
            ("e(1, 1). e(1, 2). p(X) :- e(X, X).", "p", &["1"]),
            ("e(1, a). e(2, b). p(X) :- e(X, b).", "p", &["2"]),
            // Negation, with and without `_`.
            (
                "n(1). n(2). bad(2). ok(X) :- n(X), not bad(X).",
                "ok",
                &["1"],
            ),
            (
                "n(1). n(3). e(1, 2). lone(X) :- n(X), not e(X, _).",
                "lone",
                &["3"],
            ),
            ("n(1). none :- not n(_).", "none", &[]),
            ("n(1). m(2). some :- not m(1).", "some", &[""]),
            // Comparisons.
            ("n(1). n(2). n(3). p(X) :- n(X), X < 2.", "p", &["1"]),
            ("n(1). n(2). n(3). p(X) :- n(X), X <= 2.", "p", &["1", "2"]),
            ("n(1). n(2). n(3). p(X) :- n(X), X > 2.", "p", &["3"]),
            ("n(1). n(2). n(3). p(X) :- n(X), X >= 2.", "p", &["2", "3"]),
            ("n(1). n(2). n(3). p(X) :- n(X), X != 2.", "p", &["1", "3"]),
            ("n(1). n(2). n(3). p(X) :- n(X), X = 2.", "p", &["2"]),
            ("n(1). n(a). p(X) :- n(X), X != a.", "p", &["1"]),
            (
                "d(2024-01-01). d(2024-06-01). p(D) :- d(D), D > 2024-03-01.",
                "p",
                &["2024-06-01"],
            ),
            (
                "w(apple). w(pear). p(X) :- w(X), X < banana.",
                "p",
                &["apple"],
            ),
            ("n(1). m(1.5). p(X) :- n(X), m(Y), X < Y.", "p", &["1"]),
            // Arithmetic.
            ("n(1). n(2). p(Y) :- n(X), Y = X + 1.", "p", &["2", "3"]),
            (
                "n(1). n(2). p(Y) :- n(X), Y = X * 10 - 1.",
                "p",
                &["19", "9"],
            ),
            ("n(7). p(Y) :- n(X), Y = X % 3.", "p", &["1"]),
            ("n(3). p(Y) :- n(X), Y = X / 2.", "p", &["1.5"]),
            ("n(3). p(Y) :- n(X), Y = -X.", "p", &["-3"]),
            ("n(1). p(X, Y) :- n(X), X + 1 = Y.", "p", &["1,2"]),
            ("n(1). n(2). p(X) :- n(X), n(Y), Y = X + 1.", "p", &["1"]),
            (
                "d(2024-01-30). p(E) :- d(D), E = D + 2.",
                "p",
                &["2024-02-01"],
            ),
            // Heads with constants and expressions; zero arity.
            ("n(1). p(X, yes) :- n(X).", "p", &["1,yes"]),
            ("n(1). p(Y) :- n(X), Y = X + 0.5.", "p", &["1.5"]),
            ("n(1). flag :- n(1).", "flag", &[""]),
            ("n(1). flag :- n(2).", "flag", &[]),
        ];
        for (text, pred, want) in cases {
            let r = run(text);
            assert!(r.model.is_ok(), "case {text}: {:?}", r.model);
            assert_eq!(r.rows(pred), *want, "case {text}");
        }
    }

    #[test]
    fn aggregates_count_sum_min_and_max() {
        let facts = "item(a). item(b). item(c). price(a, 3). price(a, 5). price(b, 2). ";
        let cases: &[(&str, &str, &[&str])] = &[
            // Count and sum of nothing are 0 ...
            (
                "cnt(I, N) :- item(I), N = count : { price(I, _) }.",
                "cnt",
                &["a,2", "b,1", "c,0"],
            ),
            (
                "tot(I, S) :- item(I), S = sum P : { price(I, P) }.",
                "tot",
                &["a,8", "b,2", "c,0"],
            ),
            // ... min and max of nothing give no row.
            (
                "lo(I, M) :- item(I), M = min P : { price(I, P) }.",
                "lo",
                &["a,3", "b,2"],
            ),
            (
                "hi(I, M) :- item(I), M = max P : { price(I, P) }.",
                "hi",
                &["a,5", "b,2"],
            ),
            // Ungrouped.
            ("all(N) :- N = count : { price(_, _) }.", "all", &["3"]),
            ("total(S) :- S = sum P : { price(_, P) }.", "total", &["10"]),
            ("none(N) :- N = count : { price(z, _) }.", "none", &["0"]),
            ("nomax(M) :- M = max P : { price(z, P) }.", "nomax", &[]),
            // Each distinct solution counts: two items at 3 sum to 6.
            (
                "price(c, 3). threes(S) :- S = sum P : { price(_, P), P = 3 }.",
                "threes",
                &["6"],
            ),
            // A target expression.
            (
                "dbl(I, S) :- item(I), S = sum P * 2 : { price(I, P) }.",
                "dbl",
                &["a,16", "b,4", "c,0"],
            ),
            // A result bound before is a test.
            (
                "two(I) :- item(I), N = 2, N = count : { price(I, _) }.",
                "two",
                &["a"],
            ),
            // Min and max order text too.
            ("first(M) :- M = min I : { item(I) }.", "first", &["a"]),
            // A negation inside.
            (
                "free(N) :- N = count : { item(I), not price(I, _) }.",
                "free",
                &["1"],
            ),
        ];
        for (rule, pred, want) in cases {
            let text = format!("{facts}{rule}");
            let r = run(&text);
            assert!(r.model.is_ok(), "case {rule}: {:?}", r.model);
            assert_eq!(r.rows(pred), *want, "case {rule}");
        }
    }

    /// What an evaluation error says: its code, its message, and the text
    /// its span covers.
    fn failure(text: &str) -> (String, String, String) {
        let r = run(text);
        let e = r.model.expect_err(text);
        let span = match &e {
            EvalError::Arithmetic { span, .. }
            | EvalError::Compare { span, .. }
            | EvalError::Combine { span, .. } => *span,
            other => panic!("{text}: not a run-time error: {other:?}"),
        };
        (
            e.code().to_string(),
            e.to_string(),
            r.map.text(span).to_string(),
        )
    }

    #[test]
    fn run_time_errors_name_the_literal() {
        let cases: &[(&str, (&str, &str, &str))] = &[
            (
                "n(1). n(0). p(Y) :- n(X), Y = 1 / X.",
                ("arithmetic-error", "division by zero", "Y = 1 / X"),
            ),
            (
                "n(0). p(Y) :- n(X), Y = 5 % X.",
                ("arithmetic-error", "division by zero", "Y = 5 % X"),
            ),
            (
                "n(0). p(X) :- n(X), 1 / X > 0.",
                ("arithmetic-error", "division by zero", "1 / X > 0"),
            ),
            // Kinds an operator cannot combine are a type mismatch, as the
            // checks call it; division by zero and overflow are arithmetic.
            (
                "n(1). n(a). p(Y) :- n(X), Y = X + 1.",
                (
                    "type-mismatch",
                    "`+` cannot combine a symbol and a number",
                    "Y = X + 1",
                ),
            ),
            (
                "@input d(D). d(2024-01-01). p(E) :- d(D), E = D + 1.5.",
                (
                    "type-mismatch",
                    "`+` cannot combine a date and a number",
                    "E = D + 1.5",
                ),
            ),
            (
                "@input d(D). d(2024-01-01). p(E) :- d(D), E = -D.",
                (
                    "type-mismatch",
                    "`-` cannot combine a date and a number",
                    "E = -D",
                ),
            ),
            (
                "@input d(D). d(2024-01-01). d(2024-01-02). p(E) :- d(D), d(F), E = D + F.",
                (
                    "type-mismatch",
                    "`+` cannot combine a date and a date",
                    "E = D + F",
                ),
            ),
            (
                "n(9223372036854775807). p(Y) :- n(X), Y = X * 2.",
                (
                    "arithmetic-error",
                    "the result of `*` is out of range",
                    "Y = X * 2",
                ),
            ),
            (
                "d(9999-12-31). p(E) :- d(D), E = D + 1.",
                (
                    "arithmetic-error",
                    "the result of `+` is out of range",
                    "E = D + 1",
                ),
            ),
            (
                "n(1). n(a). p(X) :- n(X), X < 3.",
                (
                    "type-mismatch",
                    "`<` cannot order a symbol and a number",
                    "X < 3",
                ),
            ),
            (
                "n(1). n(2024-01-01). p(X) :- n(X), X >= 3.",
                (
                    "type-mismatch",
                    "`>=` cannot order a date and a number",
                    "X >= 3",
                ),
            ),
            (
                "q(1). q(a). s(S) :- S = sum X : { q(X) }.",
                (
                    "arithmetic-error",
                    "`sum` needs numbers, but found a symbol",
                    "S = sum X : { q(X) }",
                ),
            ),
            // An error inside an aggregate's body is reported at the
            // aggregate.
            (
                "q(0). s(S) :- S = count : { q(X), 1 / X > 0 }.",
                (
                    "arithmetic-error",
                    "division by zero",
                    "S = count : { q(X), 1 / X > 0 }",
                ),
            ),
        ];
        for (text, (code, message, at)) in cases {
            let (c, m, a) = failure(text);
            assert_eq!(
                (c.as_str(), m.as_str(), a.as_str()),
                (*code, *message, *at),
                "case {text}"
            );
        }
    }

    #[test]
    fn plans_that_cannot_find_a_tuple_twice() {
        // (rule, whether a run may find a head tuple twice).
        let cases: &[(&str, bool)] = &[
            ("p(X, Y) :- e(X, Y).", false),
            ("p(X) :- e(X, Y).", true),
            ("p(X) :- e(X, _).", true),
            ("p(Y, X) :- n(X), n(Y), not e(X, Y).", false),
            ("p(X) :- n(X), e(X, 1).", false),
            ("p(X) :- n(X), e(X, Y), Y > 1.", true),
            ("p(Y) :- n(X), Y = X + 1.", true),
            ("p(X, Y) :- n(X), Y = X + 1.", false),
            ("p(X + 1) :- n(X).", true),
            ("p(X, N) :- n(X), N = count : { e(X, _) }.", false),
            ("p(X, 1) :- n(X).", false),
            ("p :- n(X).", true),
            ("p :- n(1).", false),
        ];
        for (rule, want) in cases {
            let text = format!("n(1). n(2). e(1, 2). e(2, 1). e(1, 1). {rule}");
            let r = run(&text);
            let rule = r.program.rules.iter().last().expect("the rule");
            let mut bound = vec![false; rule.vars.len()];
            let model = r.model.as_ref().expect("evaluates");
            let steps = crate::eval::plan::plan_body(
                &rule.body,
                &rule.vars,
                &mut bound,
                None,
                &|_, _| View::All,
                model,
            )
            .expect("planned");
            let head = crate::eval::seminaive::head_operands(rule);
            assert_eq!(may_repeat(&steps, &head), *want, "case {rule:?}");
        }
    }

    #[test]
    fn a_comparison_error_carries_the_kinds() {
        let r = run("n(1). n(a). p(X) :- n(X), X > 3.");
        match r.model {
            Err(EvalError::Compare {
                op, left, right, ..
            }) => assert_eq!((op, left, right), (">", Kind::Text, Kind::Number)),
            other => panic!("{other:?}"),
        }
    }
}
