//! The check layer: from parsed modules to a checked [`Program`], with every
//! problem reported at once. Warnings (`undefined-predicate`,
//! `singleton-variable`, `suspicious-date`) never stop evaluation; errors
//! do.
//!
//! - [`resolve`] names, arities, facts, docs and sources;
//! - [`safety`] bound variables and aggregate grouping;
//! - [`types`] value kinds;
//! - [`strata`] the dependency graph and stratification.

mod domain;
pub mod error;
mod expr;
pub mod facts;
mod inputs;
mod layered;
mod ops;
pub mod program;
mod resolve;
pub mod safety;
pub mod sentences;
pub mod strata;
pub mod types;

pub use error::CheckError;
pub use expr::arith_reason;
pub use layered::{Layered, Names};
pub use program::*;
pub use strata::DepGraph;

use crate::diag::did_you_mean;
use crate::syntax::ast::Module;
use crate::value::ValueStore;
use std::collections::HashSet;

/// Checks modules into a program. The program is usable for evaluation only
/// when no returned error is an error (warnings are fine).
pub fn check<'m>(
    modules: impl IntoIterator<Item = &'m Module>,
    values: &mut ValueStore,
) -> (Program, Vec<CheckError>) {
    check_layer(&Program::default(), modules, values)
}

/// Checks modules as a layer over `base` (a checked program without
/// errors, such as a knowledge base): the result shares `base`'s facts,
/// rules and names and adds the modules' own. Only what the layer adds is
/// checked again, except where it can change the base's verdicts: which
/// predicates are undefined, the value kinds (when the layer adds rules or
/// facts of new kinds) and the strata (when it adds rules).
pub fn check_layer<'m>(
    base: &Program,
    modules: impl IntoIterator<Item = &'m Module>,
    values: &mut ValueStore,
) -> (Program, Vec<CheckError>) {
    let mut r = resolve::Resolver::new(base.layer(), values);
    for m in modules {
        r.module(m);
    }
    r.finish();
    let mut errors = std::mem::take(&mut r.errors);
    let rule_occ = std::mem::take(&mut r.rule_occurrences);
    let query_occ = std::mem::take(&mut r.query_occurrences);
    let stated = std::mem::take(&mut r.stated);
    let mut program = std::mem::take(&mut r.program);
    drop(r);

    for rule in program.rules.own_mut() {
        let mut outside = HashSet::new();
        for e in &rule.head.args {
            e.for_each_var(&mut |v| {
                outside.insert(v);
            });
        }
        safety::mark_shared(&mut rule.body, &outside);
    }
    for q in &mut program.queries {
        let outside: HashSet<VarId> = q.answer.iter().copied().collect();
        safety::mark_shared(&mut q.body, &outside);
    }
    for (rule, occ) in program.rules.own().iter().zip(&rule_occ) {
        safety::check_rule(rule, occ, &mut errors);
    }
    for (q, occ) in program.queries.iter().zip(&query_occ) {
        safety::check_query(q, occ, &mut errors);
    }

    // Undefined predicates: used somewhere but with no fact, rule or @input.
    let undefined = |p: &Predicate| !p.defined && !p.input;
    if program.preds.iter().any(|p| undefined(p)) {
        let defined: Vec<&str> = program
            .preds
            .iter()
            .filter(|p| !undefined(p))
            .map(|p| p.name.as_str())
            .collect();
        for p in program.preds.iter().filter(|p| undefined(p)) {
            errors.push(CheckError::UndefinedPredicate {
                pred: p.name.clone(),
                arity: p.arity,
                span: p.body_use.unwrap_or(p.first_use),
                suggestion: did_you_mean(&p.name, defined.iter().copied()).map(str::to_string),
            });
        }
    }

    inputs::check_values(&program, values, &mut errors);
    if base.has_reference() {
        inputs::check_names(&program, &stated, &mut errors);
    }

    let (type_errors, kinds) = types::check_types(&program, base, values);
    errors.extend(type_errors);
    program.kinds = std::sync::Arc::new(kinds);

    if !program.rules.own().is_empty() {
        let deps = DepGraph::new(&program);
        match strata::stratify(&program, &deps) {
            Ok(s) => program.strata = std::sync::Arc::new(s),
            Err(e) => errors.extend(e),
        }
    }
    (program, errors)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{FileId, SourceMap, Span};
    use crate::syntax::parse_program;
    use std::sync::Arc;

    fn module(file: FileId, text: &str) -> Module {
        let (m, errors) = parse_program(file, text);
        assert!(errors.is_empty(), "{text}: {errors:?}");
        m
    }

    /// `text@file:line:col` of a span.
    fn at(map: &SourceMap, span: Span) -> String {
        format!("{}@{}", map.text(span), map.location(span))
    }

    /// Arity mismatches as `(this use, the first use)`.
    fn mismatches(map: &SourceMap, errors: &[CheckError]) -> Vec<(String, String)> {
        errors
            .iter()
            .filter_map(|e| match e {
                CheckError::ArityMismatch { span, first, .. } => {
                    Some((at(map, *span), at(map, *first)))
                }
                _ => None,
            })
            .collect()
    }

    /// Undefined-predicate warnings as `(pred/arity, where, suggestion)`.
    fn undefined(map: &SourceMap, errors: &[CheckError]) -> Vec<(String, String, Option<String>)> {
        errors
            .iter()
            .filter_map(|e| match e {
                CheckError::UndefinedPredicate {
                    pred,
                    arity,
                    span,
                    suggestion,
                } => {
                    assert!(e.is_warning(), "{e:?}");
                    Some((
                        format!("{pred}/{arity}"),
                        at(map, *span),
                        suggestion.clone(),
                    ))
                }
                _ => None,
            })
            .collect()
    }

    #[test]
    fn undefined_predicates_are_warned_of_with_a_close_name() {
        type Undefined = (&'static str, &'static str, Option<&'static str>);
        let cases: &[(&str, &[Undefined])] = &[
            (
                "p(X) :- eea_membr(X).\neea_member(no).",
                &[("eea_membr/1", "eea_membr(X)@t.kb:1:9", Some("eea_member"))],
            ),
            (
                "p(X) :- foo(X). q(a).",
                &[("foo/1", "foo(X)@t.kb:1:9", None)],
            ),
            ("@input w(X). p(X) :- w(X).", &[]),
            ("?- r(X, 1).", &[("r/2", "r(X, 1)@t.kb:1:4", None)]),
            (
                // The warning points at the first use in a body or query.
                "q(X) :- s(X), rate(X).\ns(1).\n?- rate(1).",
                &[("rate/1", "rate(X)@t.kb:1:15", None)],
            ),
            (
                // Only defined predicates are suggested.
                "p(X) :- countr(X), country(X).",
                &[
                    ("countr/1", "countr(X)@t.kb:1:9", None),
                    ("country/1", "country(X)@t.kb:1:20", None),
                ],
            ),
            (
                "country(no). p(X) :- countyr(X), not membr(X). member(no).",
                &[
                    ("countyr/1", "countyr(X)@t.kb:1:22", Some("country")),
                    // The atom, not the whole negation.
                    ("membr/1", "membr(X)@t.kb:1:38", Some("member")),
                ],
            ),
        ];
        for (text, want) in cases {
            let mut map = SourceMap::new();
            let file = map.add("t.kb", *text);
            let (_, errors) = check([&module(file, text)], &mut ValueStore::new());
            let want: Vec<(String, String, Option<String>)> = want
                .iter()
                .map(|(p, s, g)| (p.to_string(), s.to_string(), g.map(str::to_string)))
                .collect();
            assert_eq!(undefined(&map, &errors), want, "{text}");
        }
    }

    #[test]
    fn every_problem_is_reported_at_once_in_pipeline_order() {
        let cases: &[(&str, &[&str])] = &[
            ("p(a). q(X) :- p(X).", &[]),
            (
                "p(a). q(X) :- p(X, Y). r(X) :- s(Y).",
                &[
                    "arity-mismatch",
                    "singleton-variable",
                    "unsafe-variable",
                    "singleton-variable",
                    "undefined-predicate",
                ],
            ),
            (
                "p(1 / 0). q(X) :- r(X), X = a + 1. r(1). s :- not t. t :- s.",
                &["arithmetic-error", "type-mismatch", "unstratifiable"],
            ),
            (
                "@input w(a). ?- w(X), not v(Y).",
                &["invalid-input", "unsafe-variable", "undefined-predicate"],
            ),
        ];
        for (text, want) in cases {
            let mut map = SourceMap::new();
            let file = map.add("t.kb", *text);
            let (_, errors) = check([&module(file, text)], &mut ValueStore::new());
            let codes: Vec<&str> = errors.iter().map(CheckError::code).collect();
            assert_eq!(codes, *want, "{text}");
        }
    }

    #[test]
    fn modules_are_checked_together() {
        let mut map = SourceMap::new();
        let a = "p(a). q(X) :- r(X).";
        let b = "r(X) :- p(X). %% \n p(b, c).";
        let (fa, fb) = (map.add("a.kb", a), map.add("b.kb", b));
        let (ma, mb) = (module(fa, a), module(fb, b));
        let (program, errors) = check([&ma, &mb], &mut ValueStore::new());
        assert_eq!(program.preds.len(), 3);
        assert_eq!(program.rules.len(), 2);
        assert_eq!(program.facts.len(), 2);
        let mismatch = mismatches(&map, &errors);
        assert_eq!(
            mismatch,
            [("p(b, c)@b.kb:2:2".to_string(), "p(a)@a.kb:1:1".to_string())]
        );
        assert_eq!(undefined(&map, &errors), []);
    }

    const BASE: &str = "edge(1, 2). edge(2, 3).\n\
                        path(X, Y) :- edge(X, Y).\n\
                        path(X, Z) :- path(X, Y), edge(Y, Z).\n\
                        @input w(X). r(X) :- missing(X), w(X).";

    /// The base program, frozen, with its values and sources.
    fn base() -> (Program, ValueStore, SourceMap) {
        let mut map = SourceMap::new();
        let file = map.add("t.kb", BASE);
        let mut values = ValueStore::new();
        let (mut base, errors) = check([&module(file, BASE)], &mut values);
        let codes: Vec<&str> = errors.iter().map(CheckError::code).collect();
        assert_eq!(
            codes,
            ["undefined-predicate"],
            "only `missing` is undefined"
        );
        base.freeze();
        (base, values, map)
    }

    #[test]
    fn a_layer_shares_the_base_and_adds_its_own() {
        // (layer text, base predicates it changes, own predicates, own
        // facts, own rules, strata recomputed, error codes)
        type Layer = (
            &'static str,
            &'static [&'static str],
            &'static [&'static str],
            usize,
            usize,
            bool,
            &'static [&'static str],
        );
        let cases: &[Layer] = &[
            (
                "edge(3, 4). ?- path(1, X).",
                &[],
                &[],
                1,
                0,
                false,
                &["undefined-predicate"],
            ),
            // Defining `missing` and `w` changes their entries (copied).
            (
                "missing(7). w(7).",
                &["missing", "w"],
                &[],
                2,
                0,
                false,
                &[],
            ),
            (
                "goal(X) :- path(1, X). extra(a).",
                &[],
                &["goal", "extra"],
                1,
                1,
                true,
                &["undefined-predicate"],
            ),
            (
                "?- fresh(X).",
                &[],
                &["fresh"],
                0,
                0,
                false,
                &["undefined-predicate"; 2],
            ),
        ];
        let (base, values, map) = base();
        let base_values = Arc::new(values);
        for (text, changed, own_preds, own_facts, own_rules, restratified, codes) in cases {
            let mut map = map.clone();
            let file = map.add("l.kb", *text);
            let m = module(file, text);
            let mut values = ValueStore::over(base_values.clone());
            let (layer, errors) = check_layer(&base, [&m], &mut values);
            let got: Vec<&str> = errors.iter().map(CheckError::code).collect();
            assert_eq!(got, *codes, "{text}: {errors:?}");

            // The base's predicates, shared and numbered as in the base.
            assert_eq!(layer.base_preds(), base.preds.len(), "{text}");
            assert!(layer.is_layer(), "{text}");
            for (i, p) in base.preds.iter().enumerate() {
                assert_eq!(
                    Arc::ptr_eq(p, &layer.preds[i]),
                    !changed.contains(&p.name.as_str()),
                    "{text}: {} shared",
                    p.name
                );
                assert_eq!(layer.pred_id(&p.name), Some(PredId(i as u32)), "{text}");
            }
            // Its own, after the base's.
            let own: Vec<&str> = layer.preds[base.preds.len()..]
                .iter()
                .map(|p| p.name.as_str())
                .collect();
            assert_eq!(own, *own_preds, "{text}");
            for (i, name) in own_preds.iter().enumerate() {
                let id = PredId((base.preds.len() + i) as u32);
                assert_eq!(layer.pred_id(name), Some(id), "{text}: {name}");
                assert_eq!(base.pred_id(name), None, "{text}: {name} not in the base");
            }

            // Facts and rules: the base's first, then its own.
            assert_eq!(layer.facts.len(), base.facts.len() + own_facts, "{text}");
            assert_eq!(layer.facts.own().len(), *own_facts, "{text}");
            for (f, g) in base.facts.iter().zip(layer.facts.iter()) {
                assert_eq!((f.pred, f.args, f.span), (g.pred, g.args, g.span), "{text}");
            }
            assert_eq!(layer.rules.own_start(), base.rules.len(), "{text}");
            assert_eq!(layer.rules.own().len(), *own_rules, "{text}");
            for (r, s) in base.rules.iter().zip(layer.rules.iter()) {
                assert_eq!((&r.head, &r.body), (&s.head, &s.body), "{text}");
            }

            // Strata only when rules are added.
            assert_eq!(
                !Arc::ptr_eq(&layer.strata, &base.strata),
                *restratified,
                "{text}"
            );
            let rules: usize = layer.strata.iter().map(|s| s.rules.len()).sum();
            assert_eq!(rules, layer.rules.len(), "{text}: every rule in a stratum");
            assert_eq!(
                base.pred_id("missing").map(|u| base.pred(u).defined),
                Some(false),
                "{text}: the base is unchanged"
            );
        }
    }

    #[test]
    fn a_layer_stratifies_its_rules_with_the_base() {
        let (base, values, mut map) = base();
        let text = "goal(X) :- path(1, X), not blocked(X). blocked(3).";
        let file = map.add("l.kb", text);
        let m = module(file, text);
        let mut values = ValueStore::over(Arc::new(values));
        let (layer, errors) = check_layer(&base, [&m], &mut values);
        assert_eq!(undefined(&map, &errors).len(), 1, "{errors:?}");
        let strata: Vec<(Vec<&str>, Vec<RuleId>)> = layer
            .strata
            .iter()
            .map(|s| {
                let preds = s
                    .preds
                    .iter()
                    .map(|p| layer.pred(*p).name.as_str())
                    .collect();
                (preds, s.rules.clone())
            })
            .collect();
        let base_strata: Vec<Vec<RuleId>> = base.strata.iter().map(|s| s.rules.clone()).collect();
        // Independent strata come in the order Tarjan's algorithm finds
        // them: `r` (rule 2) before `path` (rules 0 and 1).
        assert_eq!(base_strata, [vec![2], vec![0, 1]]);
        assert_eq!(
            strata,
            [
                (vec!["r"], vec![2]),
                (vec!["path"], vec![0, 1]),
                (vec!["goal"], vec![3]),
            ]
        );
        // A cycle through negation with a base predicate is found.
        let text = "edge(X, Y) :- path(X, Y), not edge(Y, X).";
        let file = map.add("m.kb", text);
        let m = module(file, text);
        let (_, errors) = check_layer(&base, [&m], &mut values);
        let cycles: Vec<&str> = errors
            .iter()
            .filter_map(|e| match e {
                CheckError::Unstratifiable { pred, .. } => Some(pred.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(cycles, ["edge"]);
    }

    #[test]
    fn a_layer_reports_arity_mismatches_against_the_base() {
        let cases: &[(&str, &[(&str, &str)])] = &[
            (
                "q(X) :- edge(X).",
                &[("edge(X)@l.kb:1:9", "edge(1, 2)@t.kb:1:1")],
            ),
            ("w(1, 2).", &[("w(1, 2)@l.kb:1:1", "w(X)@t.kb:4:8")]),
            (
                "?- path(X).",
                &[("path(X)@l.kb:1:4", "path(X, Y)@t.kb:2:1")],
            ),
            ("edge(5, 6).", &[]),
        ];
        let (base, values, map) = base();
        let base_values = Arc::new(values);
        for (text, want) in cases {
            let mut map = map.clone();
            let file = map.add("l.kb", *text);
            let m = module(file, text);
            let mut values = ValueStore::over(base_values.clone());
            let (_, errors) = check_layer(&base, [&m], &mut values);
            let got = mismatches(&map, &errors);
            let want: Vec<(String, String)> = want
                .iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect();
            assert_eq!(got, want, "{text}");
        }
    }

    #[test]
    fn a_layer_suggests_base_predicates() {
        let (base, values, mut map) = base();
        let text = "q(X) :- pth(1, X).";
        let file = map.add("l.kb", text);
        let m = module(file, text);
        let mut values = ValueStore::over(Arc::new(values));
        let (_, errors) = check_layer(&base, [&m], &mut values);
        assert_eq!(
            undefined(&map, &errors),
            [
                (
                    "missing/1".to_string(),
                    "missing(X)@t.kb:4:22".to_string(),
                    None
                ),
                (
                    "pth/2".to_string(),
                    "pth(1, X)@l.kb:1:9".to_string(),
                    Some("path".to_string())
                ),
            ]
        );
    }
}
