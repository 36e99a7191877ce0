//! The model: every relation after evaluation, and answering queries
//! against it (distinct rows of the query's named variables, sorted).

use super::error::EvalError;
use super::exec::{Exec, Fail, Spans, Watermark};
use super::limits::{Budget, Limits, Stop};
use super::plan::{Operand, Sizes, View, plan_body, prepare};
use super::relation::Relation;
use crate::check::program::{PredId, Query};
use crate::source::Span;
use crate::value::{Value, ValueStore};
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

/// The least model of a program.
#[derive(Clone, Debug)]
pub struct Model {
    /// Relations by predicate id.
    pub relations: Vec<Relation>,
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

struct ModelSizes<'a>(&'a [Relation]);

impl Sizes for ModelSizes<'_> {
    fn rows(&self, pred: PredId) -> u32 {
        self.0[pred.0 as usize].rows()
    }
}

impl Model {
    /// The rows of a predicate.
    pub fn relation(&self, pred: PredId) -> &Relation {
        &self.relations[pred.0 as usize]
    }

    /// Answers a query.
    pub fn answer(
        &mut self,
        query: &Query,
        store: &mut ValueStore,
        limits: &Limits,
    ) -> Result<Answer, EvalError> {
        let mut bound = vec![false; query.vars.len()];
        let mut steps = plan_body(
            &query.body,
            &query.vars,
            &mut bound,
            None,
            &|_, _| View::All,
            &ModelSizes(&self.relations),
        )
        .expect("checked queries can be planned");
        prepare(&mut steps, &mut self.relations);
        let head: Vec<Operand> = query.answer.iter().map(|v| Operand::Var(*v)).collect();
        let spans: Vec<Span> = query.body.iter().map(|l| l.span()).collect();
        let marks = vec![Watermark::default(); self.relations.len()];
        let mut budget = Budget::start(limits);
        let mut exec = Exec::new(
            &self.relations,
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
        let marks = model
            .relations
            .iter()
            .map(|r| Watermark {
                stable: r.rows(),
                recent: r.rows(),
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
        let mut steps = super::plan::plan_scope(
            body,
            names,
            bound,
            None,
            view_of,
            &ModelSizes(&self.model.relations),
            true,
        )
        .expect("checked bodies can be planned");
        prepare(&mut steps, &mut self.model.relations);
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
            &self.model.relations,
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
