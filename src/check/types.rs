//! Static kinds: which kinds of values (number, date, symbol) each column of
//! each predicate can hold, inferred from facts and rules, so arithmetic on a
//! symbol or ordering a date against a number is reported before running.
//!
//! Columns of `@input` predicates and of predicates without any clause may
//! hold anything; a mismatch is reported only when it is certain.

use super::error::CheckError;
use super::program::*;
use crate::value::{BinOp, Kind, ValueStore};

type Kinds = u8;
const NUM: Kinds = 1;
const DATE: Kinds = 2;
const TEXT: Kinds = 4;
const ANY: Kinds = 7;

fn of(kind: Kind) -> Kinds {
    match kind {
        Kind::Number => NUM,
        Kind::Date => DATE,
        Kind::Text => TEXT,
    }
}

fn first(k: Kinds) -> Kind {
    if k & NUM != 0 {
        Kind::Number
    } else if k & DATE != 0 {
        Kind::Date
    } else {
        Kind::Text
    }
}

/// The kinds `a op b` can produce, or `None` if no combination is valid.
fn combine(op: BinOp, a: Kinds, b: Kinds) -> Option<Kinds> {
    if a == 0 || b == 0 {
        return Some(0);
    }
    let mut out = 0;
    let has = |k: Kinds, bit| k & bit != 0;
    if has(a, NUM) && has(b, NUM) {
        out |= NUM;
    }
    match op {
        BinOp::Add if ((has(a, DATE) && has(b, NUM)) || (has(a, NUM) && has(b, DATE))) => {
            out |= DATE;
        }
        BinOp::Sub => {
            if has(a, DATE) && has(b, NUM) {
                out |= DATE;
            }
            if has(a, DATE) && has(b, DATE) {
                out |= NUM;
            }
        }
        _ => {}
    }
    (out != 0).then_some(out)
}

struct Infer<'a> {
    program: &'a Program,
    values: &'a ValueStore,
    cols: Vec<Vec<Kinds>>,
}

impl Infer<'_> {
    fn expr(&self, e: &Expr, vars: &[Kinds]) -> Kinds {
        match e {
            Expr::Var(v) => vars[*v as usize],
            Expr::Const(c) => of(self.values.kind(*c)),
            Expr::Bin(op, a, b) => {
                combine(*op, self.expr(a, vars), self.expr(b, vars)).unwrap_or(0)
            }
            Expr::Neg(a) => self.expr(a, vars) & NUM,
            Expr::Wild => ANY,
        }
    }

    /// Kinds of a rule's variables from its positive atoms and bindings.
    fn vars(&self, body: &[Literal], n: usize) -> Vec<Kinds> {
        let mut vars = vec![ANY; n];
        let mut atoms = Vec::new();
        collect_atoms(body, &mut atoms);
        for a in &atoms {
            for (i, e) in a.args.iter().enumerate() {
                if let (Expr::Var(v), Some(k)) = (e, self.cols[a.pred.0 as usize].get(i)) {
                    vars[*v as usize] &= k;
                }
            }
        }
        // Bindings `X = expr` and aggregate results, twice to let them chain.
        for _ in 0..2 {
            let mut lits = Vec::new();
            collect_literals(body, &mut lits);
            for l in lits {
                match l {
                    Literal::Cmp {
                        lhs,
                        op: CmpOp::Eq,
                        rhs,
                        ..
                    } => {
                        for (x, e) in [(lhs, rhs), (rhs, lhs)] {
                            if let Expr::Var(v) = x
                                && !matches!(e, Expr::Var(_))
                            {
                                let k = self.expr(e, &vars);
                                vars[*v as usize] &= k;
                            }
                        }
                    }
                    Literal::Agg(a) => {
                        let k = match a.op {
                            AggOp::Count => NUM,
                            AggOp::Sum => NUM,
                            AggOp::Min | AggOp::Max => a
                                .target
                                .as_ref()
                                .map(|t| self.expr(t, &vars))
                                .unwrap_or(ANY),
                        };
                        vars[a.result as usize] &= k;
                    }
                    _ => {}
                }
            }
        }
        vars
    }
}

fn collect_atoms<'a>(body: &'a [Literal], out: &mut Vec<&'a Atom>) {
    for l in body {
        match l {
            Literal::Pos(a) => out.push(a),
            Literal::Agg(a) => collect_atoms(&a.body, out),
            _ => {}
        }
    }
}

fn collect_literals<'a>(body: &'a [Literal], out: &mut Vec<&'a Literal>) {
    for l in body {
        out.push(l);
        if let Literal::Agg(a) = l {
            collect_literals(&a.body, out);
        }
    }
}

/// Infers column kinds and reports certain mismatches.
pub fn check_types(program: &Program, values: &ValueStore) -> Vec<CheckError> {
    let mut cols: Vec<Vec<Kinds>> = program
        .preds
        .iter()
        .map(|p| vec![if p.input || !p.defined { ANY } else { 0 }; p.arity])
        .collect();
    for f in program.facts.iter() {
        for (i, v) in f.args.iter().enumerate() {
            if let Some(c) = cols[f.pred.0 as usize].get_mut(i) {
                *c |= of(values.kind(*v));
            }
        }
    }
    let mut infer = Infer {
        program,
        values,
        cols,
    };
    // Fixpoint: kinds only grow, at most 3 bits per column.
    loop {
        let mut changed = false;
        for rule in &program.rules {
            let vars = infer.vars(&rule.body, rule.vars.len());
            for (i, e) in rule.head.args.iter().enumerate() {
                let k = infer.expr(e, &vars);
                let col = &mut infer.cols[rule.head.pred.0 as usize];
                if i < col.len() && col[i] | k != col[i] {
                    col[i] |= k;
                    changed = true;
                }
            }
        }
        if !changed {
            break;
        }
    }
    let mut errors = Vec::new();
    for rule in &program.rules {
        let vars = infer.vars(&rule.body, rule.vars.len());
        report_body(&infer, &rule.body, &vars, &mut errors);
        for e in &rule.head.args {
            report_expr(&infer, e, &vars, rule.head.span, &mut errors);
        }
    }
    for q in &program.queries {
        let vars = infer.vars(&q.body, q.vars.len());
        report_body(&infer, &q.body, &vars, &mut errors);
    }
    let _ = infer.program;
    errors
}

fn report_body(infer: &Infer<'_>, body: &[Literal], vars: &[Kinds], errors: &mut Vec<CheckError>) {
    for l in body {
        match l {
            Literal::Pos(a) | Literal::Neg(a) => {
                for e in &a.args {
                    report_expr(infer, e, vars, a.span, errors);
                }
            }
            Literal::Cmp { lhs, op, rhs, span } => {
                report_expr(infer, lhs, vars, *span, errors);
                report_expr(infer, rhs, vars, *span, errors);
                let (a, b) = (infer.expr(lhs, vars), infer.expr(rhs, vars));
                if !matches!(op, CmpOp::Eq | CmpOp::Ne) && a != 0 && b != 0 && a & b == 0 {
                    errors.push(CheckError::TypeMismatch {
                        what: format!(
                            "`{}` cannot order a {} and a {}",
                            op.symbol(),
                            first(a),
                            first(b)
                        ),
                        kinds: (first(a), first(b)),
                        span: *span,
                    });
                }
            }
            Literal::Agg(a) => {
                report_body(infer, &a.body, vars, errors);
                if let Some(t) = &a.target {
                    report_expr(infer, t, vars, a.span, errors);
                    let k = infer.expr(t, vars);
                    if a.op == AggOp::Sum && k != 0 && k & NUM == 0 {
                        errors.push(CheckError::TypeMismatch {
                            what: format!("`sum` needs numbers, but its target is a {}", first(k)),
                            kinds: (Kind::Number, first(k)),
                            span: a.span,
                        });
                    }
                }
            }
        }
    }
}

fn report_expr(
    infer: &Infer<'_>,
    e: &Expr,
    vars: &[Kinds],
    span: crate::source::Span,
    errors: &mut Vec<CheckError>,
) {
    match e {
        Expr::Bin(op, a, b) => {
            report_expr(infer, a, vars, span, errors);
            report_expr(infer, b, vars, span, errors);
            let (ka, kb) = (infer.expr(a, vars), infer.expr(b, vars));
            if combine(*op, ka, kb).is_none() {
                errors.push(CheckError::TypeMismatch {
                    what: format!(
                        "`{}` cannot combine a {} and a {}",
                        op.symbol(),
                        first(ka),
                        first(kb)
                    ),
                    kinds: (first(ka), first(kb)),
                    span,
                });
            }
        }
        Expr::Neg(a) => {
            report_expr(infer, a, vars, span, errors);
            let k = infer.expr(a, vars);
            if k != 0 && k & NUM == 0 {
                errors.push(CheckError::TypeMismatch {
                    what: format!("`-` cannot negate a {}", first(k)),
                    kinds: (Kind::Number, first(k)),
                    span,
                });
            }
        }
        _ => {}
    }
}
