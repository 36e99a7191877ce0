//! Safety: every variable of a head, a negated atom, a comparison, an
//! expression argument or an aggregate must be bound by a positive atom or
//! `X = expr` in some order of the body. Also computes which variables group
//! each aggregate, and warns of variables used only once.

use super::error::CheckError;
use super::program::*;
use super::resolve::Occurrences;
use crate::source::Span;
use std::collections::HashSet;

/// Fills in each aggregate's shared (grouping) variables: those of its body
/// and target that also occur in the rest of the enclosing scope.
pub fn mark_shared(body: &mut [Literal], outside: &HashSet<VarId>) {
    for i in 0..body.len() {
        // Variables outside literal `i`: the enclosing outside plus the other
        // literals of this scope (other aggregates count only with their
        // result variable: their bodies are their own scopes).
        let mut here: HashSet<VarId> = outside.clone();
        for (j, l) in body.iter().enumerate() {
            if j != i {
                literal_vars(l, false, &mut here);
            }
        }
        if let Literal::Agg(a) = &mut body[i] {
            let mut inner = HashSet::new();
            for l in &a.body {
                literal_vars(l, true, &mut inner);
            }
            if let Some(t) = &a.target {
                t.for_each_var(&mut |v| {
                    inner.insert(v);
                });
            }
            let mut shared: Vec<VarId> = inner.intersection(&here).copied().collect();
            shared.sort();
            a.shared = shared;
            let mut nested_outside = here;
            nested_outside.insert(a.result);
            mark_shared(&mut a.body, &nested_outside);
        }
    }
}

/// Collects a literal's variables; an aggregate contributes only its result
/// unless `deep`.
pub(crate) fn literal_vars(l: &Literal, deep: bool, out: &mut HashSet<VarId>) {
    let mut add = |e: &Expr| {
        e.for_each_var(&mut |v| {
            out.insert(v);
        })
    };
    match l {
        Literal::Pos(a) | Literal::Neg(a) => a.args.iter().for_each(&mut add),
        Literal::Cmp { lhs, rhs, .. } => {
            add(lhs);
            add(rhs);
        }
        Literal::Agg(a) => {
            out.insert(a.result);
            if deep {
                if let Some(t) = &a.target {
                    t.for_each_var(&mut |v| {
                        out.insert(v);
                    });
                }
                for l in &a.body {
                    literal_vars(l, true, out);
                }
            }
        }
    }
}

/// Checks one scope (a rule body, a query, an aggregate body) given the
/// variables already bound; marks what it binds. Reports unbound variables.
fn check_scope(
    body: &[Literal],
    bound: &mut [bool],
    names: &[String],
    occ: &Occurrences,
    reported: &mut HashSet<VarId>,
    errors: &mut Vec<CheckError>,
) {
    let mut done = vec![false; body.len()];
    loop {
        let mut progress = false;
        for (i, l) in body.iter().enumerate() {
            if !done[i] && l.ready(bound) {
                if let Literal::Agg(a) = l {
                    let mut inner = bound.to_vec();
                    check_scope(&a.body, &mut inner, names, occ, reported, errors);
                    if let Some(t) = &a.target {
                        report_unbound(
                            t,
                            &inner,
                            a.span,
                            "an aggregate's target",
                            names,
                            occ,
                            reported,
                            errors,
                        );
                    }
                }
                l.bind(bound);
                done[i] = true;
                progress = true;
            }
        }
        if !progress {
            break;
        }
    }
    for (i, l) in body.iter().enumerate() {
        if done[i] {
            continue;
        }
        match l {
            Literal::Pos(a) => {
                for e in &a.args {
                    if !matches!(e, Expr::Var(_)) {
                        report_unbound(
                            e,
                            bound,
                            a.span,
                            "an expression argument",
                            names,
                            occ,
                            reported,
                            errors,
                        );
                    }
                }
            }
            Literal::Neg(a) => {
                for e in &a.args {
                    report_unbound(
                        e,
                        bound,
                        a.span,
                        "a negated atom",
                        names,
                        occ,
                        reported,
                        errors,
                    );
                }
            }
            Literal::Cmp { lhs, rhs, span, .. } => {
                for e in [lhs, rhs] {
                    report_unbound(
                        e,
                        bound,
                        *span,
                        "a comparison",
                        names,
                        occ,
                        reported,
                        errors,
                    );
                }
            }
            Literal::Agg(a) => {
                for &v in &a.shared {
                    report_unbound(
                        &Expr::Var(v),
                        bound,
                        a.span,
                        "an aggregate",
                        names,
                        occ,
                        reported,
                        errors,
                    );
                }
            }
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn report_unbound(
    e: &Expr,
    bound: &[bool],
    within: Span,
    context: &'static str,
    names: &[String],
    occ: &Occurrences,
    reported: &mut HashSet<VarId>,
    errors: &mut Vec<CheckError>,
) {
    e.for_each_var(&mut |v| {
        if bound[v as usize] || !reported.insert(v) {
            return;
        }
        let span = occ
            .iter()
            .find(|(o, s)| *o == v && s.start >= within.start && s.end <= within.end)
            .or_else(|| occ.iter().find(|(o, _)| *o == v))
            .map(|(_, s)| *s)
            .unwrap_or(within);
        let var = if names[v as usize] == "_" {
            "_".to_string()
        } else {
            names[v as usize].clone()
        };
        errors.push(CheckError::UnsafeVariable { var, context, span });
    });
}

/// Checks a rule.
pub fn check_rule(rule: &Rule, occ: &Occurrences, errors: &mut Vec<CheckError>) {
    let mut bound = vec![false; rule.vars.len()];
    let mut reported = HashSet::new();
    check_scope(
        &rule.body,
        &mut bound,
        &rule.vars,
        occ,
        &mut reported,
        errors,
    );
    for e in &rule.head.args {
        report_unbound(
            e,
            &bound,
            rule.head.span,
            "the head",
            &rule.vars,
            occ,
            &mut reported,
            errors,
        );
    }
    singletons(&rule.vars, occ, &reported, errors);
}

/// Checks a query.
pub fn check_query(query: &Query, occ: &Occurrences, errors: &mut Vec<CheckError>) {
    let mut bound = vec![false; query.vars.len()];
    let mut reported = HashSet::new();
    check_scope(
        &query.body,
        &mut bound,
        &query.vars,
        occ,
        &mut reported,
        errors,
    );
}

/// Warns of named variables that occur once (a likely typo).
fn singletons(
    names: &[String],
    occ: &Occurrences,
    unsafe_vars: &HashSet<VarId>,
    errors: &mut Vec<CheckError>,
) {
    let mut count = vec![0usize; names.len()];
    for (v, _) in occ {
        count[*v as usize] += 1;
    }
    for (v, n) in count.iter().enumerate() {
        if *n == 1 && !names[v].starts_with('_') && !unsafe_vars.contains(&(v as VarId)) {
            let span = occ
                .iter()
                .find(|(o, _)| *o as usize == v)
                .map(|(_, s)| *s)
                .unwrap_or_default();
            errors.push(CheckError::SingletonVariable {
                var: names[v].clone(),
                span,
            });
        }
    }
}
