//! Explanations: why an answer holds (its shortest derivation, with the
//! rules, bindings and legal sources used), why another does not (the first
//! failing condition of each rule, recursively), and what scenario facts
//! would make it hold. Drawn as text, JSON or Graphviz DOT.
//!
//! - [`why`] derivations from the model's round marks;
//! - [`whynot`] failing conditions and hypotheses;
//! - [`tree`] the tree both produce;
//! - [`render`] text, JSON and DOT.

pub mod render;
pub mod tree;
pub mod why;
pub mod whynot;

pub use tree::{Explanation, Node, NodeKind, Status};
pub use why::Explainer;

use crate::check::program::QueryKind;
use crate::check::program::{Expr, Literal, Program, Query};
use crate::diag::Diagnostic;
use crate::eval::{Answer, EvalError, Limits, Model};
use crate::kb::KnowledgeBase;
use crate::output::row_text;
use crate::syntax::ast;
use crate::value::{Datum, Value, ValueStore};
use whynot::GroundAtom;

/// How far why-not looks below the goal.
pub const WHYNOT_DEPTH: usize = 4;
/// Most hypotheses verified by re-evaluation.
const MAX_VERIFIED: usize = 6;

/// Explains every answer row of a query (at most `limit`): for `why` the
/// derivation of the atom, for a plain query (`--explain`) each condition
/// of the body; for `whynot` why the ground goal fails and what would make
/// it hold. A `why` without answers is explained as a `whynot`.
pub fn explain_query(
    kb: &mut KnowledgeBase,
    program: &Program,
    model: &mut Model,
    query: &Query,
    answer: &Answer,
    limit: usize,
    limits: &Limits,
) -> Result<Vec<Explanation>, Diagnostic> {
    let mut out = Vec::new();
    let pending = explain_rows(kb, program, model, query, answer, limit, limits, &mut out)
        .map_err(|e| e.to_diagnostic(&kb.sources))??;
    if let Some((goal, hypotheses)) = pending {
        let found = verify(kb, program, &goal, &hypotheses, query, limits);
        if let Some(e) = out.last_mut() {
            e.would_hold_with = found
                .iter()
                .map(|h| {
                    h.iter()
                        .map(|(p, v)| atom_text(program, &kb.values, *p, v))
                        .collect()
                })
                .collect();
        }
    }
    Ok(out)
}

/// A goal that does not hold, with the hypotheses to verify.
type Pending = Option<(GroundAtom, Vec<Vec<GroundAtom>>)>;

/// The explanations of [`explain_query`] before hypotheses are verified.
#[allow(clippy::too_many_arguments)]
fn explain_rows(
    kb: &mut KnowledgeBase,
    program: &Program,
    model: &mut Model,
    query: &Query,
    answer: &Answer,
    limit: usize,
    limits: &Limits,
    out: &mut Vec<Explanation>,
) -> Result<Result<Pending, Diagnostic>, EvalError> {
    let mut pending: Pending = None;
    {
        let mut ex = Explainer::new(program, model, &mut kb.values, &kb.sources, limits);
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
                return Ok(Err(Diagnostic::error(
                    "invalid-query",
                    "`whynot` needs a goal without variables",
                )
                .with_primary(query.span, "this goal has variables")
                .with_help("ask `?- whynot notifiable(p1).` for one product")));
            };
            let tree = ex.whynot(pred, &values, WHYNOT_DEPTH)?;
            let holds = ex.holds(pred, &values);
            let hypotheses = if holds {
                Vec::new()
            } else {
                ex.hypotheses(pred, &values, WHYNOT_DEPTH)?
            };
            out.push(Explanation {
                goal: ex.atom_text(pred, &values),
                holds,
                tree,
                would_hold_with: Vec::new(),
            });
            if !holds {
                pending = Some(((pred, values), hypotheses));
            }
        } else {
            for row in answer.rows.iter().take(limit) {
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
                        });
                    }
                    None => {
                        let goal = if answer.columns.is_empty() {
                            query.text.clone()
                        } else {
                            row_text(&answer.columns, row, ex.store)
                        };
                        let tree = ex.answer_node(goal.clone(), &query.body, &query.vars, &regs)?;
                        out.push(Explanation {
                            goal,
                            holds: true,
                            tree,
                            would_hold_with: Vec::new(),
                        });
                    }
                }
            }
        }
    }
    Ok(Ok(pending))
}

fn atom_text(
    program: &Program,
    store: &ValueStore,
    pred: crate::check::PredId,
    values: &[Value],
) -> String {
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

/// The smallest hypotheses that, added as facts, make the goal hold on
/// re-evaluation (all those of the smallest size that works).
fn verify(
    kb: &mut KnowledgeBase,
    program: &Program,
    goal: &GroundAtom,
    hypotheses: &[Vec<GroundAtom>],
    query: &Query,
    limits: &Limits,
) -> Vec<Vec<GroundAtom>> {
    let name = program.pred(goal.0).name.clone();
    let mut found: Vec<Vec<GroundAtom>> = Vec::new();
    for h in hypotheses
        .iter()
        .filter(|h| !h.is_empty())
        .take(MAX_VERIFIED)
    {
        if found.first().is_some_and(|f| f.len() < h.len()) {
            break;
        }
        let items = h
            .iter()
            .map(|(p, vals)| {
                let span = query.span;
                ast::Item::Clause(ast::Clause {
                    head: ast::Atom {
                        pred: program.pred(*p).name.clone(),
                        pred_span: span,
                        args: vals
                            .iter()
                            .map(|v| ast::Expr::Const(to_const(&kb.values, *v), span))
                            .collect(),
                        span,
                    },
                    body: Vec::new(),
                    source: None,
                    doc: None,
                    span,
                })
            })
            .collect();
        let extra = ast::Module {
            file: query.span.file,
            items,
            plain: Default::default(),
        };
        let checked = kb.check_with(&[extra]);
        if checked.has_errors() {
            continue;
        }
        let Ok(model) = kb.evaluate(&checked.program, limits) else {
            continue;
        };
        let holds = checked
            .program
            .pred_id(&name)
            .is_some_and(|p| model.relation(p).find(&goal.1).is_some());
        if holds {
            found.push(h.clone());
        }
    }
    found
}

/// The constant a value was written as.
pub fn to_const(store: &ValueStore, v: Value) -> ast::Const {
    match store.get(v) {
        Datum::Text(t) => ast::Const::Text(t.to_string()),
        Datum::Int(i) => ast::Const::Int(i),
        Datum::Dec(d) => ast::Const::Dec(d),
        Datum::Date(d) => ast::Const::Date(d),
    }
}
