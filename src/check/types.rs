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

/// The kinds each column of each predicate can hold, by predicate id.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ColumnKinds(Vec<Vec<Kinds>>);

/// The kinds a column starts from before rules: anything for inputs and
/// predicates without clauses, else nothing (facts add theirs).
fn start(p: &Predicate) -> Kinds {
    if p.input || !p.defined { ANY } else { 0 }
}

/// Infers column kinds and reports certain mismatches. For a program that
/// extends `base` (checked without errors), when the layer adds no rules
/// and its facts bring no kind a column of the base lacks, the base's
/// kinds stand and only the layer's queries are checked.
pub fn check_types(
    program: &Program,
    base: &Program,
    values: &ValueStore,
) -> (Vec<CheckError>, ColumnKinds) {
    if let Some(cols) = layer_kinds(program, base, values) {
        let infer = Infer {
            values,
            cols: cols.0,
        };
        let mut errors = Vec::new();
        for q in &program.queries {
            let vars = infer.vars(&q.body, q.vars.len());
            report_body(&infer, &q.body, &vars, &mut errors);
        }
        return (errors, ColumnKinds(infer.cols));
    }
    let mut cols: Vec<Vec<Kinds>> = program
        .preds
        .iter()
        .map(|p| vec![start(p); p.arity])
        .collect();
    for f in program.facts.iter() {
        for (i, v) in f.args.iter().enumerate() {
            if let Some(c) = cols[f.pred.0 as usize].get_mut(i) {
                *c |= of(values.kind(*v));
            }
        }
    }
    let mut infer = Infer { values, cols };
    // Fixpoint: kinds only grow, at most 3 bits per column.
    loop {
        let mut changed = false;
        for rule in program.rules.iter() {
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
    for rule in program.rules.iter() {
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
    (errors, ColumnKinds(infer.cols))
}

/// The kinds of a layer that changes none of its base's: no rules of its
/// own, no predicate of the base newly defined or declared an input, and
/// facts of base predicates only of kinds their columns hold already.
fn layer_kinds(program: &Program, base: &Program, values: &ValueStore) -> Option<ColumnKinds> {
    let known = base.preds.len();
    if known == 0 || !program.rules.own().is_empty() || base.kinds.0.len() != known {
        return None;
    }
    for (p, b) in program.preds.iter().zip(&base.preds) {
        if !std::sync::Arc::ptr_eq(p, b) && start(p) != start(b) {
            return None;
        }
    }
    let mut cols = base.kinds.0.clone();
    cols.extend(
        program.preds[known..]
            .iter()
            .map(|p| vec![start(p); p.arity]),
    );
    for (_, f) in program.facts.own() {
        let pred = f.pred.0 as usize;
        for (i, v) in f.args.iter().enumerate() {
            let k = of(values.kind(*v));
            let Some(c) = cols[pred].get_mut(i) else {
                continue;
            };
            if pred < known && *c & k != k {
                return None;
            }
            *c |= k;
        }
    }
    Some(ColumnKinds(cols))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::{check, check_layer};
    use crate::source::FileId;
    use crate::syntax::parse_program;

    fn module(file: u32, text: &str) -> crate::syntax::ast::Module {
        let (m, errors) = parse_program(FileId(file), text);
        assert!(errors.is_empty(), "{errors:?}");
        m
    }

    fn type_errors(errors: &[CheckError]) -> Vec<String> {
        errors
            .iter()
            .filter(|e| matches!(e, CheckError::TypeMismatch { .. }))
            .map(|e| e.to_string())
            .collect()
    }

    #[test]
    fn certain_mismatches_are_reported() {
        let cases: &[(&str, &[&str])] = &[
            (
                "q(a). p(Y) :- q(X), Y = X + 1.",
                &["`+` cannot combine a symbol and a number"],
            ),
            (
                "q(2024-01-01). p :- q(D), D > 3.",
                &["`>` cannot order a date and a number"],
            ),
            ("q(2024-01-01). p(E) :- q(D), E = D + 90.", &[]),
            (
                "q(a). p(S) :- S = sum X : { q(X) }.",
                &["`sum` needs numbers, but its target is a symbol"],
            ),
            ("@input q(X). p(Y) :- q(X), Y = X + 1.", &[]),
            ("q(1). q(a). p(Y) :- q(X), Y = X * 2.", &[]),
        ];
        for (text, want) in cases {
            let mut values = ValueStore::new();
            let (_, errors) = check([&module(0, text)], &mut values);
            assert_eq!(type_errors(&errors), *want, "{text}");
        }
    }

    #[test]
    fn a_layer_keeps_the_base_kinds_unless_it_changes_them() {
        let base_text = "q(1). p(Y) :- q(X), Y = X + 1. @input w(X). r(X) :- w(X).\n\
                         v(Y) :- u(X), Y = X + 1.";
        let mut values = ValueStore::new();
        let (mut base, errors) = check([&module(0, base_text)], &mut values);
        assert!(errors.iter().all(CheckError::is_warning), "{errors:?}");
        base.freeze();
        let layers: &[(&str, bool, &[&str])] = &[
            // Facts of kinds the columns hold: the base's kinds stand.
            ("q(5). w(anything). ?- p(X).", true, &[]),
            // A symbol where numbers were: the kinds are inferred again
            // (a number may still be added, so nothing is certain).
            ("q(a).", false, &[]),
            // Facts of a predicate the base left undefined: a base rule
            // now certainly fails.
            (
                "u(a).",
                false,
                &["`+` cannot combine a symbol and a number"],
            ),
            // A rule of the layer's own: everything again.
            ("s(X) :- q(X).", false, &[]),
            // A query that orders a symbol against a number.
            (
                "t(a). ?- t(X), X > 1.",
                true,
                &["`>` cannot order a symbol and a number"],
            ),
        ];
        for (text, fast, want) in layers {
            let mut v = ValueStore::over(std::sync::Arc::new(values.clone()));
            let m = module(1, text);
            let (layer, errors) = check_layer(&base, [&m], &mut v);
            assert_eq!(type_errors(&errors), *want, "{text}");
            assert_eq!(layer_kinds(&layer, &base, &v).is_some(), *fast, "{text}");
            // The quick way and the whole way agree.
            let (all, _) = check_types(&layer, &Program::default(), &v);
            assert_eq!(type_errors(&all), *want, "{text}");
        }
    }
}
