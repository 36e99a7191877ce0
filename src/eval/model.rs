//! The model: every relation after evaluation, and answering queries
//! against it (distinct rows of the query's named variables, sorted).

use super::error::EvalError;
use super::exec::{Exec, Fail, Spans, Watermark};
use super::limits::{Budget, Limits, Stop};
use super::plan::{Operand, Sizes, View, plan_body, prepare};
use super::relation::{Index, IndexRef, Relation};
use crate::check::program::{PredId, Query};
use crate::source::Span;
use crate::value::{Value, ValueStore};
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
}

/// The answer to a query.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Answer {
    /// Names of the answer columns.
    pub columns: Vec<String>,
    /// Distinct rows, sorted.
    pub rows: Vec<Vec<Value>>,
}

impl Answer {
    /// Whether the query holds (has at least one row).
    pub fn holds(&self) -> bool {
        !self.rows.is_empty()
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

    /// Empty relations of its own for predicates it has none for (those a
    /// query names that no rule or fact defines), `arity` of each given.
    pub fn cover(&mut self, pred: PredId, arity: usize) {
        while self.relations.len() <= pred.0 as usize {
            self.relations.push(None);
        }
        let known = self.base.as_ref().map_or(0, |b| b.preds());
        let slot = &mut self.relations[pred.0 as usize];
        if slot.is_none() && pred.0 as usize >= known {
            *slot = Some(Relation::new(arity));
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
        if let Some(rel) = &mut self.relations[pred.0 as usize] {
            return IndexRef::own(rel.ensure_index(cols));
        }
        let rel = self.relation(pred);
        if let Some(i) = rel.find_index(cols) {
            return IndexRef::own(i);
        }
        if let Some(i) = self
            .side
            .iter()
            .position(|(p, ix)| *p == pred && ix.cols() == cols)
        {
            return IndexRef::side(i);
        }
        let ix = Index::build(rel, cols);
        self.side.push((pred, ix));
        IndexRef::side(self.side.len() - 1)
    }

    /// Brings every index up to date, so the model can be shared: a
    /// reader of a shared relation uses its indexes as they are.
    pub fn freeze(&mut self) {
        for r in self.relations.iter_mut().flatten() {
            r.update_indexes();
        }
    }

    /// Answers a query.
    pub fn answer(
        &mut self,
        query: &Query,
        store: &mut ValueStore,
        limits: &Limits,
    ) -> Result<Answer, EvalError> {
        cover_literals(self, &query.body);
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
        prepare(&mut steps, self);
        let head: Vec<Operand> = query.answer.iter().map(|v| Operand::Var(*v)).collect();
        let spans: Vec<Span> = query.body.iter().map(|l| l.span()).collect();
        let marks = vec![Watermark::default(); self.preds()];
        let mut budget = Budget::start(limits);
        let mut exec = Exec::new(
            &*self,
            &marks,
            store,
            &mut budget,
            query.vars.len(),
            &head,
            query.span,
        );
        if head.is_empty() {
            // One solution decides a yes/no query.
            exec.max_out = 0;
        } else {
            exec.max_out = (limits.max_tuples as usize).saturating_mul(head.len());
        }
        match exec.run(&steps, 0, Spans::Body(&spans)) {
            Ok(()) => {}
            Err(Fail::Enough) if head.is_empty() => {}
            Err(Fail::Enough) => {
                return Err(EvalError::TupleLimit {
                    limit: limits.max_tuples,
                    pred: "the query".to_string(),
                    rule: query.span,
                });
            }
            Err(Fail::Stop(Stop::Interrupted)) => return Err(EvalError::Interrupted),
            Err(Fail::Stop(Stop::Timeout)) => {
                return Err(EvalError::Timeout {
                    seconds: limits.timeout.map(|t| t.as_secs_f64()).unwrap_or(0.0),
                    pred: "the query".to_string(),
                    rule: query.span,
                });
            }
            Err(Fail::Error(e)) => return Err(e),
        }
        let (out, solutions) = (exec.out, exec.solutions);
        let columns: Vec<String> = query
            .answer
            .iter()
            .map(|v| query.vars[*v as usize].clone())
            .collect();
        let mut rows: Vec<Vec<Value>> = if columns.is_empty() {
            if solutions > 0 {
                vec![Vec::new()]
            } else {
                Vec::new()
            }
        } else {
            out.chunks_exact(columns.len())
                .map(|c| c.to_vec())
                .collect()
        };
        rows.sort_unstable();
        rows.dedup();
        rows.sort_by(|a, b| {
            a.iter()
                .zip(b)
                .map(|(x, y)| store.compare(*x, *y))
                .find(|o| o.is_ne())
                .unwrap_or(std::cmp::Ordering::Equal)
        });
        Ok(Answer { columns, rows })
    }
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
        let mut budget = Budget::start(limits);
        let mut exec = Exec::new(
            &*self.model,
            &self.marks,
            store,
            &mut budget,
            regs.len(),
            &head,
            Span::default(),
        );
        exec.regs.copy_from_slice(regs);
        exec.max_out = max.saturating_mul(regs.len().max(1));
        let spans: Vec<Span> = Vec::new();
        match exec.run(steps, 0, Spans::Body(&spans)) {
            Ok(()) | Err(Fail::Enough) => {}
            Err(Fail::Stop(Stop::Interrupted)) => return Err(EvalError::Interrupted),
            Err(Fail::Stop(Stop::Timeout)) => {
                return Err(EvalError::Timeout {
                    seconds: limits.timeout.map(|t| t.as_secs_f64()).unwrap_or(0.0),
                    pred: "the explanation".to_string(),
                    rule: Span::default(),
                });
            }
            Err(Fail::Error(e)) => return Err(e),
        }
        let n = regs.len();
        if n == 0 {
            return Ok(if exec.solutions > 0 {
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
