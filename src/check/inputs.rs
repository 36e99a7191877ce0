//! The checks of what a user states: constants in the domains their
//! `@input` arguments declare (`unknown-value`, `kind-mismatch`), and, for
//! what a user loads over a knowledge base, predicates the knowledge base
//! does not know (`unknown-predicate`). (Clauses that would change the
//! knowledge base's own predicates, `reference-override`, are found while
//! resolving.)

use super::domain::{DomainRef, text_of};
use super::error::CheckError;
use super::program::{Atom, Expr, Literal, PredId, Program};
use crate::diag::did_you_mean;
use crate::source::Span;
use crate::value::{Datum, Value, ValueStore};

/// Checks every constant this layer puts in an argument with a domain: its
/// facts, its rules' heads and bodies, its queries.
pub(super) fn check_values(program: &Program, store: &ValueStore, errors: &mut Vec<CheckError>) {
    if !program.preds.iter().any(|p| !p.domains.is_empty()) {
        return;
    }
    for (_, f) in program.facts.own() {
        check_args(
            program,
            store,
            f.pred,
            f.args.iter().copied().map(Some),
            f.span,
            errors,
        );
    }
    let mut atom = |a: &Atom| {
        let constant = |e: &Expr| match e {
            Expr::Const(v) => Some(*v),
            _ => None,
        };
        check_args(
            program,
            store,
            a.pred,
            a.args.iter().map(constant),
            a.span,
            errors,
        );
    };
    for r in program.rules.own() {
        atom(&r.head);
        for_each_atom(&r.body, &mut atom);
    }
    for q in &program.queries {
        for_each_atom(&q.body, &mut atom);
    }
}

/// Every atom of the literals, inside aggregates too.
fn for_each_atom(body: &[Literal], f: &mut impl FnMut(&Atom)) {
    for l in body {
        match l {
            Literal::Pos(a) | Literal::Neg(a) => f(a),
            Literal::Agg(g) => for_each_atom(&g.body, f),
            Literal::Cmp { .. } => {}
        }
    }
}

/// Checks the constant arguments (`None`: not a constant) of an atom of
/// `pred` against the domains its `@input` declares.
fn check_args(
    program: &Program,
    store: &ValueStore,
    pred: PredId,
    args: impl Iterator<Item = Option<Value>>,
    span: Span,
    errors: &mut Vec<CheckError>,
) {
    let p = program.pred(pred);
    if p.domains.is_empty() {
        return;
    }
    for (i, (v, d)) in args.zip(&p.domains).enumerate() {
        let (Some(v), Some(d)) = (v, d) else { continue };
        let admitted = match *d {
            DomainRef::Kind(k) => k.admits(v, store),
            DomainRef::Declared(id) => program.domains[id as usize].members.values.contains(&v),
        };
        if admitted {
            continue;
        }
        let param = p
            .params
            .as_ref()
            .and_then(|ps| ps.get(i))
            .map(|n| n.as_str().into());
        let written: Box<str> = store.constant(v).to_string().into();
        errors.push(match *d {
            DomainRef::Kind(k) => CheckError::KindMismatch {
                pred: p.name.clone(),
                arg: i,
                param,
                kind: k.name(),
                written,
                span,
                suggestion: kind_suggestion(k, v, store),
            },
            DomainRef::Declared(id) => {
                let domain = &program.domains[id as usize];
                let suggestion = domain
                    .members
                    .suggest(text_of(store, v).unwrap_or(&written), store)
                    .map(|s| Box::new((store.constant(s.value).to_string(), s.name)));
                CheckError::UnknownValue {
                    pred: p.name.clone(),
                    arg: i,
                    param,
                    domain: domain.name.clone(),
                    written,
                    span,
                    suggestion,
                }
            }
        });
    }
}

/// The value of the kind a slip most likely meant: `"20%"` or `"22,5"` for
/// a number, `"2024-07-01"` for a date.
fn kind_suggestion(k: super::domain::KindDomain, v: Value, store: &ValueStore) -> Option<String> {
    use super::domain::KindDomain as K;
    let Datum::Text(t) = store.get(v) else {
        return None;
    };
    let t = t.trim();
    match k {
        K::Integer | K::Decimal => {
            let number = t.trim_end_matches('%').trim().replace(',', ".");
            let ok = match k {
                K::Integer => number.parse::<i64>().is_ok(),
                _ => {
                    crate::value::Decimal::parse(&number).is_some() || number.parse::<i64>().is_ok()
                }
            };
            ok.then_some(number)
        }
        K::Date => {
            // `2024-07-01` written as a string, or the Norwegian `01.07.2024`.
            let parts: Vec<&str> = t.split(['-', '.', '/']).collect();
            let [a, b, c] = parts[..] else { return None };
            let (y, m, d) = if a.len() == 4 { (a, b, c) } else { (c, b, a) };
            let date =
                crate::value::Date::from_ymd(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)?;
            Some(date.to_string())
        }
        _ => None,
    }
}

/// For a layer over a knowledge base: predicates neither the knowledge
/// base nor the layer's own rules give a meaning. A fact is of an unknown
/// predicate when nothing defines it by rules, declares it as an input or
/// uses it; a query or a rule body uses an unknown predicate when nothing
/// defines it at all. Replaces the `undefined-predicate` warnings of the
/// predicates it reports.
pub(super) fn check_names(
    program: &Program,
    stated: &std::collections::HashMap<PredId, Span>,
    errors: &mut Vec<CheckError>,
) {
    let base = program.base_preds();
    // Only the layer's own rules define predicates the base does not have.
    let by_rules: std::collections::HashSet<PredId> =
        program.rules.own().iter().map(|r| r.head.pred).collect();
    let mut unknown = Vec::new();
    for (i, p) in program.preds.iter().enumerate().skip(base) {
        let id = PredId(i as u32);
        if p.input || by_rules.contains(&id) {
            continue;
        }
        let (span, fact) = match (stated.get(&id).copied(), p.body_use) {
            // Stated and never used.
            (Some(at), None) => (at, true),
            // Used and never stated.
            (_, Some(at)) if !p.defined => (at, false),
            _ => continue,
        };
        unknown.push(p.name.clone());
        errors.push(CheckError::UnknownPredicate {
            pred: p.name.clone(),
            arity: p.arity,
            span,
            suggestion: known_like(program, &p.name, p.arity),
            fact,
        });
    }
    errors.retain(
        |e| !matches!(e, CheckError::UndefinedPredicate { pred, .. } if unknown.contains(pred)),
    );
}

/// The defined or declared predicate most likely meant by `name/arity`, as
/// `name/arity`: by spelling among those of the same arity first, then
/// among all (a name has one arity).
fn known_like(program: &Program, name: &str, arity: usize) -> Option<String> {
    let known = || {
        program
            .preds
            .iter()
            .filter(|p| (p.defined || p.input) && p.name != name)
    };
    let same = did_you_mean(
        name,
        known()
            .filter(|p| p.arity == arity)
            .map(|p| p.name.as_str()),
    );
    let found = same.or_else(|| did_you_mean(name, known().map(|p| p.name.as_str())))?;
    let p = program.pred(program.pred_id(found)?);
    Some(format!("{}/{}", p.name, p.arity))
}

#[cfg(test)]
mod tests {
    use crate::check::{CheckError, check, check_layer};
    use crate::source::FileId;
    use crate::syntax::ast::Origin;
    use crate::syntax::parse_program;
    use crate::value::ValueStore;

    const BASE: &str = "@domain colour = {red, green}.\n\
                        @input paint(X, C: colour).\n\
                        @input size(X, N: integer).\n\
                        @input day(X, D: date).\n\
                        known(a). derived(X) :- paint(X, red).";

    /// The codes (with the suggestion, if any) of checking `text` over
    /// [`BASE`] as a knowledge base.
    fn codes(text: &str) -> Vec<String> {
        let mut values = ValueStore::new();
        let (mut base, errors) = parse_program(FileId(0), BASE);
        assert!(errors.is_empty(), "{errors:?}");
        base.origin = Origin::Reference;
        let (mut program, errors) = check([&base], &mut values);
        assert!(errors.is_empty(), "{errors:?}");
        program.freeze();
        let (layer, errors) = parse_program(FileId(1), text);
        assert!(errors.is_empty(), "{text}: {errors:?}");
        let (_, errors) = check_layer(&program, [&layer], &mut values);
        errors
            .iter()
            .map(|e| match e {
                CheckError::UnknownPredicate { suggestion, .. }
                | CheckError::KindMismatch {
                    suggestion: suggestion @ None,
                    ..
                } => format!("{} {}", e.code(), suggestion.clone().unwrap_or_default()),
                CheckError::KindMismatch {
                    suggestion: Some(s),
                    ..
                } => format!("{} {s}", e.code()),
                CheckError::UnknownValue { suggestion, .. } => format!(
                    "{} {}",
                    e.code(),
                    suggestion.as_ref().map(|s| s.0.clone()).unwrap_or_default()
                ),
                _ => e.code().to_string(),
            })
            .map(|s| s.trim_end().to_string())
            .collect()
    }

    #[test]
    fn what_a_layer_states_is_held_to_its_knowledge_base() {
        let cases: &[(&str, &[&str])] = &[
            ("paint(x, red). size(x, 3). day(x, 2024-07-01).", &[]),
            ("paint(x, rde).", &["unknown-value red"]),
            ("paint(x, \"GREEN\").", &["unknown-value green"]),
            ("paint(x, blue).", &["unknown-value"]),
            ("size(x, \"3\").", &["kind-mismatch 3"]),
            ("size(x, 2.5).", &["kind-mismatch"]),
            ("day(x, \"2024-07-01\").", &["kind-mismatch 2024-07-01"]),
            // In queries and rules too.
            ("?- paint(X, rde).", &["unknown-value red"]),
            ("mine(X) :- paint(X, blu).", &["unknown-value"]),
            // Unknown predicates: stated and unused, or asked.
            ("pant(x, red).", &["unknown-predicate paint/2"]),
            ("?- derivd(X).", &["unknown-predicate derived/1"]),
            ("mine(X) :- knwn(X).", &["unknown-predicate known/1"]),
            // A user's own predicate, stated and used, is fine.
            ("mine(x). ?- mine(X).", &[]),
            ("mine(x). both(X) :- mine(X), known(X).", &[]),
            // The knowledge base's own predicates.
            ("known(b).", &["reference-override"]),
            ("derived(b).", &["reference-override"]),
            ("@override known(b).", &[]),
            ("@override paint(x, red).", &["needless-override"]),
        ];
        for (text, want) in cases {
            assert_eq!(codes(text), *want, "case {text}");
        }
    }

    #[test]
    fn a_program_of_its_own_keeps_warnings_but_checks_its_domains() {
        let text = "@domain colour = {red}. @input paint(X, C: colour).\n\
                    paint(x, blue). ?- nothing(X).";
        let (m, _) = parse_program(FileId(0), text);
        let (_, errors) = check([&m], &mut ValueStore::new());
        let codes: Vec<&str> = errors.iter().map(CheckError::code).collect();
        assert_eq!(codes, ["undefined-predicate", "unknown-value"]);
    }

    #[test]
    fn domain_declarations_are_checked() {
        let cases: &[(&str, &[&str])] = &[
            ("@input p(X: contry).", &["unknown-domain"]),
            ("@domain date = {a}.", &["invalid-domain"]),
            ("@domain c = {a}. @domain c = {b}.", &["invalid-domain"]),
            ("@domain c = nowhere(X, N).", &["invalid-domain"]),
            ("@domain c = r(X). r(a). r(X) :- r(X).", &["invalid-domain"]),
            ("@domain c = r(a, X). r(a, b).", &["invalid-domain"]),
            (
                "@domain c = r(X, N). r(a, \"A\"). @input p(X: c). p(a).",
                &[],
            ),
        ];
        for (text, want) in cases {
            let (m, errors) = parse_program(FileId(0), text);
            assert!(errors.is_empty(), "{text}: {errors:?}");
            let (_, errors) = check([&m], &mut ValueStore::new());
            let codes: Vec<&str> = errors
                .iter()
                .filter(|e| !e.is_warning())
                .map(CheckError::code)
                .collect();
            assert_eq!(codes, *want, "case {text}");
        }
    }
}
