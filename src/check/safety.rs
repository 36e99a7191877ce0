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

#[cfg(test)]
mod tests {
    use super::*;

    use crate::value::ValueStore;

    /// The errors of a text checked as `t.kb`, with `text@line:col` for
    /// each error's span.
    fn checked(text: &str) -> (Program, Vec<(CheckError, String)>) {
        let (map, program, errors) =
            crate::testing::checked_with_errors(text, &mut ValueStore::new());
        let at = |span: Span| {
            let loc = map.location(span);
            format!("{}@{}:{}", map.text(span), loc.line, loc.col)
        };
        let errors = errors
            .into_iter()
            .map(|e| {
                let span = match &e {
                    CheckError::UnsafeVariable { span, .. }
                    | CheckError::SingletonVariable { span, .. } => at(*span),
                    _ => String::new(),
                };
                (e, span)
            })
            .collect();
        (program, errors)
    }

    /// Unsafe variables as `(name, context, occurrence)`.
    fn unsafe_vars(errors: &[(CheckError, String)]) -> Vec<(String, &'static str, String)> {
        errors
            .iter()
            .filter_map(|(e, at)| match e {
                CheckError::UnsafeVariable { var, context, .. } => {
                    Some((var.clone(), *context, at.clone()))
                }
                _ => None,
            })
            .collect()
    }

    /// Singleton warnings as `name@line:col`.
    fn singletons(errors: &[(CheckError, String)]) -> Vec<String> {
        errors
            .iter()
            .filter_map(|(e, at)| match e {
                CheckError::SingletonVariable { .. } => Some(at.clone()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn unbound_variables_are_unsafe() {
        // (text, [(variable, context, its occurrence)])
        type Unsafe = (&'static str, &'static str, &'static str);
        let cases: &[(&str, &[Unsafe])] = &[
            ("p(X) :- q(Y).", &[("X", "the head", "X@1:3")]),
            ("p(X).", &[("X", "the head", "X@1:3")]),
            ("p(_).", &[("_", "the head", "_@1:3")]),
            (
                "p(X) :- q(X), not r(Y).",
                &[("Y", "a negated atom", "Y@1:21")],
            ),
            ("p(X) :- q(X), Y > 1.", &[("Y", "a comparison", "Y@1:15")]),
            ("p(X) :- q(X), X != Y.", &[("Y", "a comparison", "Y@1:20")]),
            (
                // Neither side of `=` binds the other when both are unbound.
                "p(X) :- X = Y.",
                &[
                    ("X", "a comparison", "X@1:9"),
                    ("Y", "a comparison", "Y@1:13"),
                ],
            ),
            (
                // `=` binds a variable only when it stands alone.
                "p(X) :- q(Y), X + 1 = Y.",
                &[("X", "a comparison", "X@1:15")],
            ),
            (
                "p(X) :- q(X), r(X + Y).",
                &[("Y", "an expression argument", "Y@1:21")],
            ),
            (
                // A grouping variable bound nowhere: the aggregate cannot
                // run, so its result is not bound either.
                "p(N) :- N = count : { q(X) }, X > 1.",
                &[("X", "an aggregate", "X@1:25"), ("N", "the head", "N@1:3")],
            ),
            (
                "p(S) :- S = sum V : { q(X) }, r(X).",
                &[("V", "an aggregate's target", "V@1:17")],
            ),
            (
                "p(N) :- N = count : { q(X), not r(Y) }.",
                &[("Y", "a negated atom", "Y@1:35")],
            ),
            (
                // An unbound variable is reported once, where it is used.
                "p(X, Y) :- not q(X), not r(X), Y > X.",
                &[
                    ("X", "a negated atom", "X@1:18"),
                    ("Y", "a comparison", "Y@1:32"),
                ],
            ),
            ("?- p(X), not q(Y).", &[("Y", "a negated atom", "Y@1:16")]),
            ("?- X > 1.", &[("X", "a comparison", "X@1:4")]),
        ];
        for (text, want) in cases {
            let (_, errors) = checked(text);
            let want: Vec<(String, &str, String)> = want
                .iter()
                .map(|&(v, c, at)| (v.to_string(), c, at.to_string()))
                .collect();
            assert_eq!(unsafe_vars(&errors), want, "{text}");
            for (e, _) in &errors {
                if matches!(e, CheckError::UnsafeVariable { .. }) {
                    assert_eq!(e.code(), "unsafe-variable", "{text}");
                    assert!(!e.is_warning(), "{text}");
                }
            }
        }
    }

    #[test]
    fn bound_variables_are_safe() {
        let cases = [
            "p(X) :- q(X).",
            "p(Y) :- q(X), Y = X + 1.",
            "p(Y) :- Y = X + 1, q(X).",
            "p(Y) :- Y = 2 * 3.",
            "p(Y) :- 2 * 3 = Y.",
            "p(X + 1) :- q(X).",
            "p(X) :- X = 1 + 2, not q(X).",
            "p(X) :- q(X), not r(X, _).",
            "p(N) :- N = count : { q(_) }.",
            "p(X, N) :- q(X), N = count : { r(X, _) }.",
            "p(X, S) :- q(X), S = sum V : { r(X, V) }.",
            "p(N) :- M = count : { q(_) }, N = M + 1.",
            "p(N) :- M = count : { q(_) }, N = M + 1, not r(N).",
            "p(M) :- q(X), M = max V : { r(X, V), V > X }.",
            "?- p(X), not q(X), X > 1.",
            "?- N = count : { q(_) }, N > 2.",
        ];
        for text in cases {
            let (_, errors) = checked(text);
            assert_eq!(unsafe_vars(&errors), [], "{text}");
        }
    }

    #[test]
    fn variables_used_once_are_warned_of() {
        let cases: &[(&str, &[&str])] = &[
            ("p(X) :- q(X, Y).", &["Y@1:14"]),
            ("p :- q(X).", &["X@1:8"]),
            ("p(X) :- q(X, Y), r(Z).", &["Y@1:14", "Z@1:20"]),
            ("p(X) :- q(X, _Y).", &[]),
            ("p(X) :- q(X, _).", &[]),
            ("p(X) :- q(X, Y), r(Y).", &[]),
            // Inside an aggregate too.
            ("p(N) :- N = count : { q(X) }.", &["X@1:25"]),
            // An unsafe variable is an error, not also a warning.
            ("p(X) :- q(Y).", &["Y@1:11"]),
            ("p(X) :- q(X), not r(Y).", &[]),
            // Queries are not checked for singletons.
            ("?- p(X, Y).", &[]),
        ];
        for (text, want) in cases {
            let (_, errors) = checked(text);
            assert_eq!(singletons(&errors), *want, "{text}");
            for (e, _) in &errors {
                if matches!(e, CheckError::SingletonVariable { .. }) {
                    assert_eq!(e.code(), "singleton-variable", "{text}");
                    assert!(e.is_warning(), "{text}");
                }
            }
        }
    }

    /// The shared variables of every aggregate, outermost first.
    fn shared(body: &[Literal], vars: &[String], out: &mut Vec<Vec<String>>) {
        for l in body {
            if let Literal::Agg(a) = l {
                out.push(a.shared.iter().map(|v| vars[*v as usize].clone()).collect());
                shared(&a.body, vars, out);
            }
        }
    }

    #[test]
    fn aggregates_are_grouped_by_the_variables_they_share() {
        let cases: &[(&str, &[&[&str]])] = &[
            ("p(X, N) :- q(X), N = count : { r(X, Y) }.", &[&["X"]]),
            ("p(N) :- N = count : { r(X, Y) }.", &[&[]]),
            ("p(X, S) :- q(X), S = sum V : { r(X, V) }.", &[&["X"]]),
            // The target counts as inside.
            ("p(V, S) :- q(V), S = sum V : { r(V) }.", &[&["V"]]),
            // The head counts as outside.
            ("p(X, N) :- N = count : { r(X) }.", &[&["X"]]),
            (
                "p(X, Y, N) :- q(X, Y), N = count : { r(Y, Z), s(Z, X) }.",
                &[&["X", "Y"]],
            ),
            // Another aggregate's body is its own scope.
            (
                "p(N, M) :- N = count : { r(X) }, M = count : { s(X) }.",
                &[&[], &[]],
            ),
            // ... but its result is outside.
            (
                "p(M) :- N = count : { r(_) }, M = count : { s(N, _) }.",
                &[&[], &["N"]],
            ),
            // Nested aggregates: the outer one's body is outside the inner.
            (
                "p(N) :- q(Y), N = count : { r(X, Y), M = count : { s(X, Z) }, M > 1 }.",
                &[&["Y"], &["X"]],
            ),
            // In a query the answer variables are outside.
            ("?- q(X), N = count : { r(X, Y) }.", &[&["X"]]),
            ("?- N = count : { r(X, Y) }.", &[&[]]),
        ];
        for (text, want) in cases {
            let (program, _) = checked(text);
            let mut got = Vec::new();
            for r in &program.rules {
                shared(&r.body, &r.vars, &mut got);
            }
            for q in &program.queries {
                shared(&q.body, &q.vars, &mut got);
            }
            assert_eq!(got, *want, "{text}");
        }
    }
}
