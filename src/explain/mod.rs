//! Explanations: why an answer holds (its shortest derivation, with the
//! rules, bindings and legal sources used), why another does not (the first
//! failing condition of each rule, recursively), and what scenario facts
//! might make it hold. The trees are data; `render` draws them.
//!
//! - [`why`] derivations from the model's round marks;
//! - [`whynot`] failing conditions;
//! - [`hypotheses`] what scenario facts might make a goal hold;
//! - [`tree`] the tree both produce; [`text`] its words;
//! - [`error`] why a query cannot be explained.
//!
//! Hypotheses are verified by whoever can evaluate a scenario with more
//! facts (the engine): this layer only proposes them.

pub mod error;
pub mod hypotheses;
pub mod say;
pub mod text;
pub mod tree;
pub mod why;
pub mod whynot;

pub use error::ExplainError;
pub use tree::{Explanation, Node, NodeKind, Status};
pub use why::Explainer;
pub use whynot::GroundAtom;

use crate::check::program::{Expr, Literal, PredId, Program, Query, QueryKind};
use crate::eval::{Answer, Limits, Model};
use crate::source::SourceMap;
use crate::value::{Value, ValueStore, row_text};

/// How far why-not looks below the goal.
pub const WHYNOT_DEPTH: usize = 4;
/// Most hypotheses worth verifying.
pub const MAX_VERIFIED: usize = 6;

/// What explaining reads: a checked program, its model, the values and the
/// texts rules are quoted from.
pub struct Context<'a> {
    /// The program.
    pub program: &'a Program,
    /// Its model (indexes may be added to it).
    pub model: &'a mut Model,
    /// Values (explanations may compute new ones).
    pub values: &'a mut ValueStore,
    /// The texts, for rule locations and quotations.
    pub sources: &'a SourceMap,
    /// Limits on the searches.
    pub limits: &'a Limits,
}

/// A goal that does not hold and the sets of scenario facts that might
/// make it hold, smallest first, to be verified by evaluation.
#[derive(Clone, Debug)]
pub struct Hypotheses {
    /// The goal.
    pub goal: GroundAtom,
    /// Candidate sets of facts (at most three facts each).
    pub candidates: Vec<Vec<GroundAtom>>,
}

/// The explanations of a query's answers, and the hypotheses still to
/// verify for the last one when its goal does not hold.
#[derive(Clone, Debug)]
pub struct Explained {
    /// One per explained goal.
    pub explanations: Vec<Explanation>,
    /// For a goal that does not hold.
    pub hypotheses: Option<Hypotheses>,
}

/// Explains every answer row of a query (at most `limit`): for `why` the
/// derivation of the atom, for a plain query (`--explain`) each condition
/// of the body; for `whynot` why the ground goal fails and which facts
/// might make it hold. A `why` without answers is explained as a `whynot`.
pub fn explain_query(
    ctx: Context<'_>,
    query: &Query,
    answer: &Answer,
    limit: usize,
) -> Result<Explained, ExplainError> {
    let mut out = Vec::new();
    let mut hypotheses = None;
    let mut ex = Explainer::new(ctx.program, ctx.model, ctx.values, ctx.sources, ctx.limits);
    let atom = match (query.kind, query.body.as_slice()) {
        (QueryKind::Why | QueryKind::WhyNot, [Literal::Pos(a)]) => Some(a),
        _ => None,
    };
    let ground_goal = atom.and_then(|a| {
        a.args
            .iter()
            .map(|e| match e {
                Expr::Const(c) => Some(*c),
                _ => None,
            })
            .collect::<Option<Vec<Value>>>()
            .map(|vals| (a.pred, vals))
    });
    if query.kind == QueryKind::WhyNot || (query.kind == QueryKind::Why && !answer.holds()) {
        let Some((pred, values)) = ground_goal else {
            return Err(ExplainError::NotGround { span: query.span });
        };
        let tree = ex.whynot(pred, &values, WHYNOT_DEPTH)?;
        let holds = ex.holds(pred, &values);
        let candidates = if holds {
            Vec::new()
        } else {
            ex.hypotheses(pred, &values, WHYNOT_DEPTH)?
        };
        out.push(Explanation {
            goal: ex.atom_text(pred, &values),
            holds,
            tree,
            would_hold_with: Vec::new(),
            would_hold_atoms: Vec::new(),
            short: None,
        });
        if !holds {
            hypotheses = Some(Hypotheses {
                goal: (pred, values),
                candidates,
            });
        }
    } else {
        // A query of one atom is explained by the atom's derivation (its
        // answer node would only repeat it).
        let atom = atom.or(match query.body.as_slice() {
            [Literal::Pos(a)] => Some(a),
            _ => None,
        });
        for row in answer.rows().take(limit) {
            ex.reset();
            let fixed: Vec<(u32, Value)> = query
                .answer
                .iter()
                .copied()
                .zip(row.iter().copied())
                .collect();
            let Some(regs) = ex
                .query_instances(&query.body, &query.vars, &fixed, 1)?
                .pop()
            else {
                continue;
            };
            match atom {
                Some(a) => {
                    let values = ex.ground(&a.args, &regs)?;
                    let tree = ex.why(a.pred, &values)?;
                    out.push(Explanation {
                        goal: ex.atom_text(a.pred, &values),
                        holds: true,
                        tree,
                        would_hold_with: Vec::new(),
                        would_hold_atoms: Vec::new(),
                        short: None,
                    });
                }
                None => {
                    let goal = if answer.columns.is_empty() {
                        query.text.clone()
                    } else {
                        row_text(&answer.columns, row.iter().map(|v| ex.store.display(*v)))
                    };
                    let tree = ex.answer_node(goal.clone(), &query.body, &query.vars, &regs)?;
                    out.push(Explanation {
                        goal,
                        holds: true,
                        tree,
                        would_hold_with: Vec::new(),
                        would_hold_atoms: Vec::new(),
                        short: None,
                    });
                }
            }
        }
    }
    Ok(Explained {
        explanations: out,
        hypotheses,
    })
}

/// `pred(v1, v2)` as written.
pub fn atom_text(program: &Program, store: &ValueStore, pred: PredId, values: &[Value]) -> String {
    let name = &program.pred(pred).name;
    if values.is_empty() {
        return name.clone();
    }
    let args: Vec<String> = values
        .iter()
        .map(|v| store.display(*v).to_string())
        .collect();
    format!("{name}({})", args.join(", "))
}
