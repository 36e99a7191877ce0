//! What the line editor completes and hints from: the predicates of the
//! knowledge base in force, with their arguments and docs, and the symbols
//! its facts and rules use.

use super::session::Session;
use crate::check::program::{Expr, Literal};
use crate::value::{Datum, Value, is_symbol};

/// Names, arities and constants of the knowledge base in force, for
/// completion and hints.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Vocabulary {
    /// Predicates: name, arity, parameter names (may be empty), first doc line.
    pub preds: Vec<PredSummary>,
    /// Symbols occurring in facts and rules, sorted.
    pub constants: Vec<String>,
}

/// One predicate, as completion and hints see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PredSummary {
    /// Its name.
    pub name: String,
    /// Its number of arguments.
    pub arity: usize,
    /// Its parameter names (from `@input` or a rule head), if known.
    pub params: Vec<String>,
    /// The first line of its `%%` doc.
    pub doc: Option<String>,
}

impl Session {
    /// The knowledge base's predicates and constants.
    pub fn vocabulary(&self) -> Vocabulary {
        let program = self.scenario.program();
        let values = self.scenario.values();
        let mut preds: Vec<PredSummary> = program
            .preds
            .iter()
            .filter(|p| p.defined || p.input)
            .map(|p| PredSummary {
                name: p.name.clone(),
                arity: p.arity,
                params: p.params.clone().unwrap_or_default(),
                doc: crate::engine::catalogue::doc_line(p),
            })
            .collect();
        preds.sort_by(|a, b| a.name.cmp(&b.name));
        let mut constants = std::collections::BTreeSet::new();
        let mut add = |v: Value| {
            if let Datum::Text(t) = values.get(v)
                && is_symbol(t)
            {
                constants.insert(t.to_string());
            }
        };
        for f in program.facts.iter() {
            for v in f.args.iter() {
                add(*v);
            }
        }
        for r in program.rules.iter() {
            for a in &r.head.args {
                constants_of(a, &mut add);
            }
            literal_constants(&r.body, &mut add);
        }
        Vocabulary {
            preds,
            constants: constants.into_iter().collect(),
        }
    }
}

fn constants_of(e: &Expr, add: &mut impl FnMut(Value)) {
    match e {
        Expr::Const(v) => add(*v),
        Expr::Bin(_, a, b) => {
            constants_of(a, add);
            constants_of(b, add);
        }
        Expr::Neg(a) => constants_of(a, add),
        Expr::Var(_) | Expr::Wild => {}
    }
}

fn literal_constants(body: &[Literal], add: &mut impl FnMut(Value)) {
    for l in body {
        match l {
            Literal::Pos(a) | Literal::Neg(a) => {
                for e in &a.args {
                    constants_of(e, add);
                }
            }
            Literal::Cmp { lhs, rhs, .. } => {
                constants_of(lhs, add);
                constants_of(rhs, add);
            }
            Literal::Agg(a) => {
                if let Some(t) = &a.target {
                    constants_of(t, add);
                }
                literal_constants(&a.body, add);
            }
        }
    }
}
