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
