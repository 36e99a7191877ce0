//! The model: every relation after evaluation, and answering queries
//! against it (distinct rows of the query's named variables, sorted).

use super::error::{EvalError, Place};
use super::exec::{Exec, Fail, Spans, Watermark};
use super::limits::{Budget, Limits, Stop};
use super::plan::{Operand, Sizes, View, plan_body, prepare, prepare_within};
use super::relation::{Index, IndexRef, Relation};
use crate::check::program::{PredId, Query};
use crate::source::Span;
use crate::value::{Date, Value, ValueStore};
use std::cmp::Ordering;
use std::sync::Arc;
use std::time::Duration;

/// Figures about an evaluation.
#[derive(Clone, Debug, Default)]
pub struct Stats {
    /// Tuples in all relations.
    pub tuples: u64,
    /// Semi-naive rounds over all recursive strata.
    pub rounds: usize,
    /// Time taken.
    pub elapsed: Duration,
}

/// The least model of a program: one relation per predicate. A model may
/// extend a shared one (a scenario's over its knowledge base's, see
/// [`Model::layer`]): it then holds only the relations it recomputed and
/// reads the others, in place, from its base; indexes it needs on those
/// live in a side table, since the base is never changed.
#[derive(Clone, Debug, Default)]
pub struct Model {
    base: Option<Arc<Model>>,
    /// Relations by predicate id; `None`: the base's.
    relations: Vec<Option<Relation>>,
    /// Indexes built on relations of the base.
    side: Vec<(PredId, Index)>,
    /// Figures.
    pub stats: Stats,
    /// The date it was evaluated as of.
    pub as_of: Option<Date>,
}

/// The answer to a query: its distinct rows, one after another in one
/// buffer (a row is `columns.len()` values), sorted unless asked otherwise.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Answer {
    /// Names of the answer columns.
    pub columns: Vec<String>,
    values: Vec<Value>,
    count: usize,
}

/// The order of an answer's rows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum RowOrder {
    /// Sorted by value, column by column (numbers < dates < text).
    #[default]
    Sorted,
    /// As evaluation found them (cheaper for large answers).
    AsFound,
}

impl Answer {
    /// An answer of these rows, in this order.
    pub fn from_rows(columns: Vec<String>, rows: Vec<Vec<Value>>) -> Answer {
        let count = rows.len();
        Answer {
            columns,
            values: rows.into_iter().flatten().collect(),
            count,
        }
    }

    /// Whether the query holds (has at least one row).
    pub fn holds(&self) -> bool {
        self.count > 0
    }

    /// The number of rows (a yes/no query that holds has one, empty).
    pub fn len(&self) -> usize {
        self.count
    }

    /// Whether there is no row.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// The rows in order.
    pub fn rows(&self) -> impl ExactSizeIterator<Item = &[Value]> + Clone + '_ {
        let w = self.columns.len();
        (0..self.count).map(move |i| &self.values[i * w..i * w + w])
    }
}

impl Sizes for Model {
    fn rows(&self, pred: PredId) -> u32 {
        self.relation(pred).rows()
    }
}

impl Model {
    /// A model of its own with an empty relation per arity.
    pub fn new(arities: impl IntoIterator<Item = usize>) -> Model {
        Model {
            base: None,
            relations: arities
                .into_iter()
                .map(|a| Some(Relation::new(a)))
                .collect(),
            side: Vec::new(),
            stats: Stats::default(),
            as_of: None,
        }
    }

    /// A model over `base`: predicate `i` has an empty relation of its own
    /// when `own[i]` (or when `base` has no relation for it), and reads
    /// `base`'s otherwise.
    pub fn layer(base: Arc<Model>, own: &[bool], arities: &[usize]) -> Model {
        let known = base.preds();
        let relations = arities
            .iter()
            .enumerate()
            .map(|(i, &a)| (own[i] || i >= known).then(|| Relation::new(a)))
            .collect();
        Model {
            base: Some(base),
            relations,
            side: Vec::new(),
            stats: Stats::default(),
            as_of: None,
        }
    }

    /// The model this one extends, if any.
    pub fn base(&self) -> Option<&Arc<Model>> {
        self.base.as_ref()
    }

    /// Number of predicates it has relations for.
    pub fn preds(&self) -> usize {
        self.relations.len()
    }

    /// The rows of a predicate.
    #[inline]
    pub fn relation(&self, pred: PredId) -> &Relation {
        match &self.relations[pred.0 as usize] {
            Some(r) => r,
            None => self
                .base
                .as_ref()
                .expect("a relation this model lacks is its base's")
                .relation(pred),
        }
    }

    /// Whether the relation of `pred` is this model's own (not its base's).
    pub fn is_own(&self, pred: PredId) -> bool {
        self.relations[pred.0 as usize].is_some()
    }

    /// The relation of `pred`, to add rows to; only a relation of its own.
    pub(crate) fn relation_mut(&mut self, pred: PredId) -> &mut Relation {
        self.relations[pred.0 as usize]
            .as_mut()
            .expect("only a model's own relations change")
    }

    /// An empty relation of its own for `pred` if it has none and its base
    /// has none either (a predicate only a query names), with `arity`
    /// columns. Predicates numbered between the last one it has and `pred`
    /// get empty relations of no columns, so that every number up to
    /// `pred` has a relation.
    pub fn cover(&mut self, pred: PredId, arity: usize) {
        let known = self.base.as_ref().map_or(0, |b| b.preds());
        while self.relations.len() <= pred.0 as usize {
            let gap = self.relations.len() >= known;
            self.relations.push(gap.then(|| Relation::new(0)));
        }
        let slot = &mut self.relations[pred.0 as usize];
        if pred.0 as usize >= known && slot.as_ref().is_none_or(|r| r.arity() != arity) {
            *slot = Some(Relation::new(arity));
        }
    }

    /// Gives `as_of(D)` (predicate `pred`, which only a query names) its
    /// one tuple: the date the model is evaluated as of.
    pub fn cover_as_of(&mut self, pred: PredId, store: &mut ValueStore) {
        self.cover(pred, 1);
        let Some(date) = self.as_of else { return };
        if let Some(Some(rel)) = self.relations.get_mut(pred.0 as usize)
            && rel.rows() == 0
        {
            let d = store.date(date);
            rel.insert(&[d]);
        }
    }

    /// Forgets the relations of predicates from `n` on (those a query
    /// named that the program does not define).
    pub fn truncate(&mut self, n: usize) {
        self.relations.truncate(n);
    }

    /// The index `r` names on `pred`'s relation.
    #[inline]
    pub fn index(&self, pred: PredId, r: IndexRef) -> &Index {
        match r.place() {
            Ok(i) => self.relation(pred).index_at(i),
            Err(i) => &self.side[i].1,
        }
    }

    /// An up-to-date index on `cols` of `pred`'s relation: brought up to
    /// date on a relation of its own, found or built in the side table for
    /// one of the base.
    pub fn ensure_index(&mut self, pred: PredId, cols: &[usize]) -> IndexRef {
        self.ensure_index_within(pred, cols, None)
            .expect("no budget, no stop")
    }

    /// [`Model::ensure_index`], looking at `budget`, if any, while it
    /// indexes rows.
    pub fn ensure_index_within(
        &mut self,
        pred: PredId,
        cols: &[usize],
        budget: Option<&Budget>,
    ) -> Result<IndexRef, Stop> {
        if let Some(rel) = &mut self.relations[pred.0 as usize] {
            return rel.ensure_index_within(cols, budget).map(IndexRef::own);
        }
        let rel = self.relation(pred);
        if let Some(i) = rel.find_index(cols) {
            return Ok(IndexRef::own(i));
        }
        if let Some(i) = self
            .side
            .iter()
            .position(|(p, ix)| *p == pred && ix.cols() == cols)
        {
            return Ok(IndexRef::side(i));
        }
        let ix = match budget {
            Some(b) => Index::build_within(rel, cols, b)?,
            None => Index::build(rel, cols),
        };
        self.side.push((pred, ix));
        Ok(IndexRef::side(self.side.len() - 1))
    }

    /// Brings every index up to date, so the model can be shared: a
    /// reader of a shared relation uses its indexes as they are.
    pub fn freeze(&mut self) {
        for r in self.relations.iter_mut().flatten() {
            r.update_indexes();
        }
    }

    /// Answers a query, its rows sorted.
    pub fn answer(
        &mut self,
        query: &Query,
        store: &mut ValueStore,
        limits: &Limits,
    ) -> Result<Answer, EvalError> {
        self.answer_in_order(query, store, limits, RowOrder::Sorted)
    }

    /// Answers a query, its rows in `order`.
    pub fn answer_in_order(
        &mut self,
        query: &Query,
        store: &mut ValueStore,
        limits: &Limits,
        order: RowOrder,
    ) -> Result<Answer, EvalError> {
        cover_literals(self, &query.body);
        if let Some(pred) = whole_relation(query) {
            return self.answer_relation(query, pred, store, limits, order);
        }
        if let Some(holds) = self.ground_atom(query) {
            return Ok(Answer {
                columns: Vec::new(),
                values: Vec::new(),
                count: usize::from(holds),
            });
        }
        let mut bound = vec![false; query.vars.len()];
        let mut steps = plan_body(
            &query.body,
            &query.vars,
            &mut bound,
            None,
            &|_, _| View::All,
            &*self,
        )
        .expect("checked queries can be planned");
        let mut budget = Budget::start(limits);
        let at = || Place::Query { span: query.span };
        let stop = |s: Stop| EvalError::stopped(s, limits, at());
        prepare_within(&mut steps, self, Some(&budget)).map_err(stop)?;
        let head: Vec<Operand> = query.answer.iter().map(|v| Operand::Var(*v)).collect();
        let spans: Vec<Span> = query.body.iter().map(|l| l.span()).collect();
        let marks = vec![Watermark::default(); self.preds()];
        let mut exec = Exec::new(
            &*self,
            &marks,
            &mut *store,
            &mut budget,
            query.vars.len(),
            &head,
            query.span,
        );
        if head.is_empty() {
            // One solution decides a yes/no query.
            exec.stop_at = 1;
        } else {
            // Answers are distinct rows: only those count against the limit.
            exec.distinct(None, Default::default(), Vec::new());
            exec.max_rows = usize::try_from(limits.max_tuples).unwrap_or(usize::MAX);
        }
        let result = exec
            .run(&steps, 0, Spans::Body(&spans))
            .and_then(|()| exec.finish());
        match result {
            Ok(()) => {}
            Err(Fail::Enough) if head.is_empty() => {}
            Err(Fail::Enough) => {
                return Err(EvalError::TupleLimit {
                    limit: limits.max_tuples,
                    at: at(),
                });
            }
            Err(Fail::Stop(s)) => return Err(stop(s)),
            Err(Fail::Error(e)) => return Err(e),
        }
        let (out, found) = (exec.out, exec.rows);
        let columns: Vec<String> = query
            .answer
            .iter()
            .map(|v| query.vars[*v as usize].clone())
            .collect();
        in_order(columns, out, found, order, store, &budget).map_err(stop)
    }

    /// A query of one atom with a distinct variable in each argument: its
    /// answer is the relation itself, copied once (its rows are distinct
    /// already).
    fn answer_relation(
        &self,
        query: &Query,
        pred: PredId,
        store: &ValueStore,
        limits: &Limits,
        order: RowOrder,
    ) -> Result<Answer, EvalError> {
        let rel = self.relation(pred);
        let found = rel.rows() as usize;
        if found as u64 > limits.max_tuples {
            return Err(EvalError::TupleLimit {
                limit: limits.max_tuples,
                at: Place::Query { span: query.span },
            });
        }
        let columns: Vec<String> = query
            .answer
            .iter()
            .map(|v| query.vars[*v as usize].clone())
            .collect();
        let out = rel.flat()[..found * rel.arity()].to_vec();
        let budget = Budget::start(limits);
        in_order(columns, out, found, order, store, &budget)
            .map_err(|s| EvalError::stopped(s, limits, Place::Query { span: query.span }))
    }
}

/// The predicate of a query that asks for a whole relation: one positive
/// atom whose arguments are distinct variables, all shown, in order.
fn whole_relation(query: &Query) -> Option<PredId> {
    use crate::check::program::{Expr, Literal};
    let [Literal::Pos(atom)] = &query.body[..] else {
        return None;
    };
    let vars: Vec<u32> = atom
        .args
        .iter()
        .map(|e| match e {
            Expr::Var(v) => Some(*v),
            _ => None,
        })
        .collect::<Option<_>>()?;
    (!vars.is_empty() && vars == query.answer).then_some(atom.pred)
}

impl Model {
    /// Whether a query of one ground atom (`?- notifiable(p_17).`, the
    /// bulk of a batch of point questions) holds: one look in its relation,
    /// with no plan; `None` for any other query.
    fn ground_atom(&self, query: &Query) -> Option<bool> {
        use crate::check::program::{Expr, Literal};
        const MOST: usize = 8;
        let [Literal::Pos(atom)] = &query.body[..] else {
            return None;
        };
        if atom.args.len() > MOST {
            return None;
        }
        let mut row = [Value::default(); MOST];
        for (slot, e) in row.iter_mut().zip(&atom.args) {
            let Expr::Const(v) = e else { return None };
            *slot = *v;
        }
        Some(
            self.relation(atom.pred)
                .find(&row[..atom.args.len()])
                .is_some(),
        )
    }
}

/// The answer of `found` rows of `out` (as many values each as there are
/// columns), sorted if asked: row numbers are sorted, then the rows moved
/// into place.
fn in_order(
    columns: Vec<String>,
    mut out: Vec<Value>,
    found: usize,
    order: RowOrder,
    store: &ValueStore,
    budget: &Budget,
) -> Result<Answer, Stop> {
    let k = columns.len();
    if k == 0 {
        out.clear();
    } else if order == RowOrder::Sorted && found > 1 && k <= 4 {
        // Rows of up to four values are sorted where they lie, as arrays.
        budget.check()?;
        let rows = &mut out[..found * k];
        match k {
            1 => sort_rows::<1>(rows, store),
            2 => sort_rows::<2>(rows, store),
            3 => sort_rows::<3>(rows, store),
            _ => sort_rows::<4>(rows, store),
        }
        budget.check()?;
    } else if order == RowOrder::Sorted && found > 1 {
        let row = |i: u32| &out[i as usize * k..i as usize * k + k];
        // Distinct rows of distinct values never compare equal, so the
        // order is the same however they were found.
        let sorted = sort_within(
            found,
            |a, b| {
                row(a)
                    .iter()
                    .zip(row(b))
                    .map(|(x, y)| store.compare(*x, *y))
                    .find(|o| o.is_ne())
                    .unwrap_or(Ordering::Equal)
            },
            budget,
        )?;
        budget.check()?;
        permute_rows(&mut out, k, sorted);
    }
    out.truncate(found * k);
    Ok(Answer {
        columns,
        values: out,
        count: if k == 0 {
            usize::from(found > 0)
        } else {
            found
        },
    })
}

/// Sorts rows of `K` values each in place, by value column by column.
fn sort_rows<const K: usize>(values: &mut [Value], store: &ValueStore) {
    let (rows, rest) = values.as_chunks_mut::<K>();
    debug_assert!(rest.is_empty());
    rows.sort_unstable_by(|a, b| {
        a.iter()
            .zip(b)
            .map(|(x, y)| store.compare(*x, *y))
            .find(|o| o.is_ne())
            .unwrap_or(Ordering::Equal)
    });
}

/// Moves the rows of `out` (`k` values each) so that row `i` becomes the
/// one `order[i]` names, following each cycle of the permutation once.
fn permute_rows(out: &mut [Value], k: usize, mut order: Vec<u32>) {
    const DONE: u32 = u32::MAX;
    let mut held: Vec<Value> = Vec::with_capacity(k);
    for start in 0..order.len() {
        if order[start] == DONE {
            continue;
        }
        if order[start] as usize == start {
            order[start] = DONE;
            continue;
        }
        held.clear();
        held.extend_from_slice(&out[start * k..start * k + k]);
        let mut at = start;
        loop {
            let from = order[at] as usize;
            order[at] = DONE;
            if from == start {
                out[at * k..at * k + k].copy_from_slice(&held);
                break;
            }
            out.copy_within(from * k..from * k + k, at * k);
            at = from;
        }
    }
}

/// Items sorted at a time between two looks at the clock.
const SORTED_RUN: usize = 1 << 12;

/// The order of items `0..n` by `cmp`, looking at the budget every few
/// thousand items: runs sorted in place, then merged pairwise (a large
/// answer takes seconds to sort).
fn sort_within(
    n: usize,
    cmp: impl Fn(u32, u32) -> Ordering,
    budget: &Budget,
) -> Result<Vec<u32>, Stop> {
    let mut a: Vec<u32> = (0..n as u32).collect();
    for run in a.chunks_mut(SORTED_RUN) {
        if n > SORTED_RUN {
            budget.check()?;
        }
        run.sort_unstable_by(|x, y| cmp(*x, *y));
    }
    let mut b = vec![0u32; if n > SORTED_RUN { n } else { 0 }];
    let mut width = SORTED_RUN;
    while width < n {
        for start in (0..n).step_by(2 * width) {
            let mid = (start + width).min(n);
            let end = (start + 2 * width).min(n);
            let (left, right) = (&a[start..mid], &a[mid..end]);
            let (mut i, mut j) = (0, 0);
            for (k, slot) in b[start..end].iter_mut().enumerate() {
                if k % SORTED_RUN == SORTED_RUN - 1 {
                    budget.check()?;
                }
                let take_left = j == right.len()
                    || (i < left.len() && cmp(left[i], right[j]) != Ordering::Greater);
                *slot = if take_left {
                    i += 1;
                    left[i - 1]
                } else {
                    j += 1;
                    right[j - 1]
                };
            }
        }
        std::mem::swap(&mut a, &mut b);
        width *= 2;
    }
    Ok(a)
}

/// Solutions of a body under given bindings: what explanations search.
pub struct Solver<'m> {
    model: &'m mut Model,
    /// Watermarks for `View::Old` and `View::Full` reads.
    pub marks: Vec<Watermark>,
}

impl<'m> Solver<'m> {
    /// A solver over a model; every watermark starts at "all rows".
    pub fn new(model: &'m mut Model) -> Solver<'m> {
        let marks = (0..model.preds())
            .map(|p| {
                let rows = model.relation(PredId(p as u32)).rows();
                Watermark {
                    stable: rows,
                    recent: rows,
                }
            })
            .collect();
        Solver { model, marks }
    }

    /// The model.
    pub fn model(&self) -> &Model {
        self.model
    }

    /// Plans `body` with the variables marked in `bound` already bound.
    pub fn plan(
        &mut self,
        body: &[crate::check::program::Literal],
        names: &[String],
        bound: &mut [bool],
        view_of: &dyn Fn(usize, PredId) -> View,
    ) -> Vec<super::plan::Step> {
        // Explanations show every value, anonymous ones included.
        let mut steps =
            super::plan::plan_scope(body, names, bound, None, view_of, &*self.model, true)
                .expect("checked bodies can be planned");
        prepare(&mut steps, self.model);
        steps
    }

    /// Up to `max` solutions of `steps` (all of them when `steps` is a
    /// prefix of a plan), each the full register file, starting from
    /// `regs`.
    pub fn solve(
        &mut self,
        steps: &[super::plan::Step],
        regs: &[Value],
        max: usize,
        store: &mut ValueStore,
        limits: &Limits,
    ) -> Result<Vec<Vec<Value>>, EvalError> {
        let head: Vec<Operand> = (0..regs.len() as u32).map(Operand::Var).collect();
        let timeout = || EvalError::Timeout {
            seconds: limits.timeout.map(|t| t.as_secs_f64()).unwrap_or(0.0),
            at: Place::Explanation,
        };
        let mut budget = Budget::start(limits);
        // Each call may be small: the clock is looked at every time.
        match budget.check() {
            Ok(()) => {}
            Err(Stop::Interrupted) => return Err(EvalError::Interrupted),
            Err(Stop::Timeout) => return Err(timeout()),
        }
        let mut exec = Exec::new(
            &*self.model,
            &self.marks,
            &mut *store,
            &mut budget,
            regs.len(),
            &head,
            Span::default(),
        );
        exec.regs.copy_from_slice(regs);
        exec.stop_at = max;
        let spans: Vec<Span> = Vec::new();
        match exec.run(steps, 0, Spans::Body(&spans)) {
            Ok(()) | Err(Fail::Enough) => {}
            Err(Fail::Stop(Stop::Interrupted)) => return Err(EvalError::Interrupted),
            Err(Fail::Stop(Stop::Timeout)) => return Err(timeout()),
            Err(Fail::Error(e)) => return Err(e),
        }
        let n = regs.len();
        if n == 0 {
            return Ok(if exec.rows > 0 {
                vec![Vec::new()]
            } else {
                Vec::new()
            });
        }
        Ok(exec.out.chunks_exact(n).map(|c| c.to_vec()).collect())
    }
}

/// Gives every predicate a literal names a relation (an empty one of the
/// model's own where it has none).
fn cover_literals(model: &mut Model, body: &[crate::check::program::Literal]) {
    use crate::check::program::Literal;
    for l in body {
        match l {
            Literal::Pos(a) | Literal::Neg(a) => model.cover(a.pred, a.args.len()),
            Literal::Agg(a) => cover_literals(model, &a.body),
            Literal::Cmp { .. } => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::program::Program;

    use crate::eval::evaluate;

    /// An answer's columns and rows, or its error with the text it names.
    type Answered = Result<(String, Vec<String>), String>;

    /// (predicate, columns, place, key, rows the index finds for it).
    type IndexCase<'a> = (PredId, &'a [usize], Result<usize, usize>, &'a [Value], u32);

    use crate::testing::checked;

    fn show(values: &ValueStore, row: &[Value]) -> String {
        row.iter()
            .map(|v| values.display(*v).to_string())
            .collect::<Vec<_>>()
            .join(",")
    }

    #[test]
    fn rows_are_moved_into_the_sorted_order_in_place() {
        let v = |i: i64| ValueStore::new().int(i);
        // Rows (k = 2) 0..6 and a permutation with a fixed point and two
        // cycles.
        let mut out: Vec<Value> = (0..6).flat_map(|r| [v(r), v(10 * r)]).collect();
        let order = vec![3, 0, 2, 5, 1, 4];
        permute_rows(&mut out, 2, order.clone());
        let want: Vec<Value> = order
            .iter()
            .flat_map(|&r| [v(r as i64), v(10 * r as i64)])
            .collect();
        assert_eq!(out, want);
    }

    /// Each query's answer as its columns and its rows (`a,b`), in order.
    fn answers(text: &str, limits: &Limits) -> Vec<Answered> {
        let mut values = ValueStore::new();
        let (map, program) = checked(text, &mut values);
        let mut model = evaluate(&program, &mut values, limits).expect("evaluates");
        program
            .queries
            .iter()
            .map(|q| match model.answer(q, &mut values, limits) {
                Ok(a) => {
                    assert_eq!(a.holds(), a.rows().len() > 0);
                    Ok((
                        a.columns.join(","),
                        a.rows().map(|r| show(&values, r)).collect(),
                    ))
                }
                Err(e) => Err(format!("{}: {}", e, map.text(e.span().unwrap_or_default()))),
            })
            .collect()
    }

    fn ok(columns: &str, rows: &[&str]) -> Answered {
        Ok((
            columns.to_string(),
            rows.iter().map(|r| r.to_string()).collect(),
        ))
    }

    #[test]
    fn answers_are_distinct_sorted_rows() {
        let facts = "v(b). v(a). v(10). v(2). v(2024-01-01). v(\"z z\"). v(1.5). v(2023-12-31).\n\
                     e(2, a). e(1, b). e(10, a). e(1, a). raining.\n";
        let cases: &[(&str, Answered)] = &[
            // Numbers < dates < text, each in its own order.
            (
                "?- v(X).",
                ok(
                    "X",
                    &[
                        "1.5",
                        "2",
                        "10",
                        "2023-12-31",
                        "2024-01-01",
                        "a",
                        "b",
                        "\"z z\"",
                    ],
                ),
            ),
            // Row by row, column by column.
            ("?- e(X, Y).", ok("X,Y", &["1,a", "1,b", "2,a", "10,a"])),
            ("?- e(Y, X).", ok("Y,X", &["1,a", "1,b", "2,a", "10,a"])),
            // Distinct: `_` and `_Y` are not answer columns.
            ("?- e(X, _).", ok("X", &["1", "2", "10"])),
            ("?- e(X, _Y).", ok("X", &["1", "2", "10"])),
            ("?- e(_, X).", ok("X", &["a", "b"])),
            // Yes/no queries: one empty row, or none (a ground atom is one
            // look in its relation, whatever its kinds of values).
            ("?- v(a).", ok("", &[""])),
            ("?- v(zz).", ok("", &[])),
            ("?- v(1.5).", ok("", &[""])),
            ("?- v(2024-01-01).", ok("", &[""])),
            ("?- v(\"z z\").", ok("", &[""])),
            ("?- e(1, b).", ok("", &[""])),
            ("?- e(2, b).", ok("", &[])),
            ("?- raining.", ok("", &[""])),
            ("?- e(_, a).", ok("", &[""])),
            ("?- e(X, b), X > 5.", ok("X", &[])),
            // Bodies with filters, negation and aggregates.
            ("?- e(X, a), X > 1.", ok("X", &["2", "10"])),
            ("?- e(X, a), not e(X, b).", ok("X", &["2", "10"])),
            (
                "?- e(X, _), N = count : { e(X, _) }.",
                ok("X,N", &["1,2", "2,1", "10,1"]),
            ),
            // Run-time errors of the query name its literal (`v(b)`, the
            // first row, is the first to fail).
            (
                "?- v(X), X > 0.",
                Err("`>` cannot order a symbol and a number: X > 0".into()),
            ),
        ];
        let text: String = std::iter::once(facts)
            .chain(cases.iter().map(|(q, _)| *q))
            .collect::<Vec<_>>()
            .join("\n");
        let got = answers(&text, &Limits::default());
        for ((q, want), got) in cases.iter().zip(&got) {
            assert_eq!(got, want, "case {q}");
        }
    }

    #[test]
    fn the_tuple_limit_applies_to_answers() {
        // `n` has three facts, within each limit. Distinct answers count,
        // and exactly `max_tuples` of them are within it; the fourth query
        // has nine. A yes/no query stops at one solution and never hits it.
        let text = "n(1). n(2). n(3). ?- n(X). ?- n(_). ?- n(X), n(_). ?- n(X), n(Y).";
        let three = || ok("X", &["1", "2", "3"]);
        let nine = ok(
            "X,Y",
            &[
                "1,1", "1,2", "1,3", "2,1", "2,2", "2,3", "3,1", "3,2", "3,3",
            ],
        );
        let over =
            Err("answering this query stopped at the tuple limit of 8: ?- n(X), n(Y).".to_string());
        let cases: &[(u64, &[Answered])] = &[
            (9, &[three(), ok("", &[""]), three(), nine]),
            (8, &[three(), ok("", &[""]), three(), over.clone()]),
            (3, &[three(), ok("", &[""]), three(), over.clone()]),
        ];
        for (max, want) in cases {
            let limits = Limits {
                max_tuples: *max,
                ..Limits::default()
            };
            let want: Vec<Answered> = want
                .iter()
                .map(|w| match w {
                    Err(e) => Err(e.replace("of 8", &format!("of {max}"))),
                    ok => ok.clone(),
                })
                .collect();
            assert_eq!(answers(text, &limits), want, "case max {max}");
        }
    }

    #[test]
    fn dates_of_year_0_and_9999_read_sort_and_print_as_written() {
        // Parsed, stored, evaluated, sorted and printed back: the first and
        // last days of years 0 and 9999, written out of order.
        let text = "d(9999-12-31). d(0000-03-01). d(0000-01-01). d(1970-01-01).\n\
                    d(0000-02-29). d(9999-01-01). d(0000-12-31).\n\
                    next(E) :- d(D), D < 0000-03-01, E = D + 1.\n\
                    ?- d(X). ?- next(X). ?- d(X), X < 0000-02-01.\n\
                    ?- N = 9999-12-31 - 0000-01-01.";
        let want = [
            ok(
                "X",
                &[
                    "0000-01-01",
                    "0000-02-29",
                    "0000-03-01",
                    "0000-12-31",
                    "1970-01-01",
                    "9999-01-01",
                    "9999-12-31",
                ],
            ),
            ok("X", &["0000-01-02", "0000-03-01"]),
            ok("X", &["0000-01-01"]),
            ok("N", &["3652424"]),
        ];
        assert_eq!(answers(text, &Limits::default()), want);
    }

    #[test]
    fn large_answers_sort_in_runs_within_the_budget() {
        // (items, a zero timeout, sorted).
        let n = 3 * SORTED_RUN + 17;
        let cases: &[(usize, bool, bool)] = &[
            (0, false, true),
            (5, false, true),
            (SORTED_RUN, false, true),
            (n, false, true),
            // Small ones sort without looking at the clock.
            (5, true, true),
            (n, true, false),
        ];
        for &(items, zero, sorted) in cases {
            // A scrambled order, distinct keys.
            let keys: Vec<u64> = (0..items as u64)
                .map(|i| i.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 7)
                .collect();
            let limits = Limits {
                timeout: Some(if zero {
                    Duration::ZERO
                } else {
                    Duration::from_secs(60)
                }),
                ..Limits::default()
            };
            let budget = Budget::start(&limits);
            let got = sort_within(
                items,
                |a, b| keys[a as usize].cmp(&keys[b as usize]),
                &budget,
            );
            let mut want: Vec<u32> = (0..items as u32).collect();
            want.sort_by_key(|&i| keys[i as usize]);
            match got {
                Ok(order) => {
                    assert!(sorted, "case {items} {zero}: stops");
                    assert_eq!(order, want, "case {items} {zero}");
                }
                Err(s) => {
                    assert!(!sorted, "case {items} {zero}: sorts");
                    assert_eq!(s, Stop::Timeout);
                }
            }
        }
    }

    /// A base model of `text`, frozen and shared, with its program.
    fn base(text: &str, values: &mut ValueStore) -> (Program, Arc<Model>) {
        let (_, program) = checked(text, values);
        let mut model = evaluate(&program, values, &Limits::default()).expect("evaluates");
        model.freeze();
        (program, Arc::new(model))
    }

    #[test]
    fn a_layer_reads_the_base_in_place_and_owns_the_rest() {
        let mut values = ValueStore::new();
        let (program, base) = base("a(1). a(2). b(1, 2).", &mut values);
        let (a, b) = (program.pred_id("a").unwrap(), program.pred_id("b").unwrap());
        assert_eq!((a, b), (PredId(0), PredId(1)));
        let mut m = Model::layer(base.clone(), &[true, false, false], &[1, 2, 3]);
        assert!(Arc::ptr_eq(m.base().unwrap(), &base));
        // (predicate, own, arity, rows).
        let cases: &[(u32, bool, usize, u32)] = &[
            // Own: empty, though the base has rows.
            (0, true, 1, 0),
            // The base's, in place.
            (1, false, 2, 1),
            // Beyond the base: always own.
            (2, true, 3, 0),
        ];
        for (p, own, arity, rows) in cases {
            let p = PredId(*p);
            assert_eq!(m.is_own(p), *own, "case {p:?}: own");
            assert_eq!(m.relation(p).arity(), *arity, "case {p:?}: arity");
            assert_eq!(m.relation(p).rows(), *rows, "case {p:?}: rows");
        }
        assert!(std::ptr::eq(m.relation(b), base.relation(b)));
        assert_eq!(m.preds(), 3);

        // `cover` gives a relation to a predicate beyond the known ones,
        // and changes nothing for one it has.
        m.cover(PredId(4), 2);
        m.cover(PredId(1), 2);
        m.cover(PredId(0), 1);
        assert_eq!(m.preds(), 5);
        let covered: &[(u32, bool)] = &[(0, true), (1, false), (2, true), (3, true), (4, true)];
        for (p, own) in covered {
            assert_eq!(m.is_own(PredId(*p)), *own, "case cover, pred {p}");
        }
        // The skipped predicate 3 gets an empty relation of no columns, so
        // every predicate up to 4 has one.
        assert_eq!(m.relation(PredId(3)).rows(), 0);
        assert_eq!(m.relation(PredId(4)).arity(), 2);
        assert_eq!(m.base().unwrap().preds(), 2);
        m.truncate(3);
        assert_eq!(m.preds(), 3);
        m.cover(PredId(3), 1);
        assert!(m.is_own(PredId(3)));
        assert_eq!(m.relation(PredId(3)).arity(), 1);
    }

    #[test]
    fn a_model_of_its_own_owns_every_relation() {
        let mut m = Model::new([0, 1, 2]);
        assert!(m.base().is_none());
        for (p, arity) in [(0u32, 0usize), (1, 1), (2, 2)] {
            assert!(m.is_own(PredId(p)), "case {p}");
            assert_eq!(m.relation(PredId(p)).arity(), arity, "case {p}");
        }
        m.cover(PredId(3), 4);
        assert_eq!(m.preds(), 4);
        assert_eq!(m.relation(PredId(3)).arity(), 4);
        m.truncate(1);
        assert_eq!(m.preds(), 1);
    }

    #[test]
    fn indexes_on_a_shared_relation_go_to_the_side_table() {
        let mut values = ValueStore::new();
        // The rule makes the base build an index on e's first column.
        let (program, base) = base(
            "e(1, 2). e(1, 3). e(2, 3). f(1). q(Y) :- f(X), e(X, Y).",
            &mut values,
        );
        let e = program.pred_id("e").unwrap();
        let f = program.pred_id("f").unwrap();
        let base_index = base.relation(e).find_index(&[0]).expect("the base's index");
        let own: Vec<bool> = program.preds.iter().map(|p| p.name == "f").collect();
        let arities: Vec<usize> = program.preds.iter().map(|p| p.arity).collect();
        let mut m = Model::layer(base.clone(), &own, &arities);
        let three = values.int(3);
        let one = values.int(1);
        // (predicate, columns, place, rows the index finds for its key).
        let cases: &[IndexCase] = &[
            // The base's own complete index is read in place.
            (e, &[0], Ok(base_index), &[one], 2),
            // Others are built in the side table, once.
            (e, &[1], Err(0), &[three], 2),
            (e, &[1], Err(0), &[three], 2),
            (e, &[0, 1], Err(1), &[one, three], 1),
            // A relation of its own gets its own index.
            (f, &[0], Ok(0), &[one], 0),
        ];
        for (pred, cols, place, key, found) in cases {
            let r = m.ensure_index(*pred, cols);
            assert_eq!(r.place(), *place, "case {pred:?} on {cols:?}");
            let rel = m.relation(*pred);
            let ix = m.index(*pred, r);
            assert_eq!(ix.cols(), *cols, "case {pred:?} on {cols:?}");
            let mut n = 0;
            let mut row = ix.probe(rel, key);
            while row != crate::eval::relation::NONE {
                n += 1;
                row = ix.next(row);
            }
            assert_eq!(n, *found, "case {pred:?} on {cols:?}: rows found");
        }
        // The base is unchanged: no new index, the same rows.
        let rel = base.relation(e);
        assert_eq!(rel.rows(), 3);
        assert_eq!(rel.find_index(&[1]), None);
        assert_eq!(rel.find_index(&[0, 1]), None);
        // Answering through the layer uses the side table.
        let (_, with_query) = checked(
            "e(1, 2). e(1, 3). e(2, 3). f(1). q(Y) :- f(X), e(X, Y). ?- e(X, 3).",
            &mut values,
        );
        let a = m
            .answer(&with_query.queries[0], &mut values, &Limits::default())
            .unwrap();
        let rows: Vec<String> = a.rows().map(|r| show(&values, r)).collect();
        assert_eq!(rows, ["1", "2"]);
        assert_eq!(base.relation(e).find_index(&[1]), None);
    }
}
