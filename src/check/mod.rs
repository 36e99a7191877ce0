//! The check layer: from parsed modules to a checked [`Program`], with every
//! problem reported at once. Warnings (`undefined-predicate`,
//! `singleton-variable`) never stop evaluation; errors do.
//!
//! - [`resolve`] names, arities, facts, docs and sources;
//! - [`safety`] bound variables and aggregate grouping;
//! - [`types`] value kinds;
//! - [`strata`] the dependency graph and stratification.

pub mod error;
mod expr;
mod facts;
mod layered;
mod ops;
pub mod program;
mod resolve;
pub mod safety;
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
    let mut errors = std::mem::take(&mut r.errors);
    let rule_occ = std::mem::take(&mut r.rule_occurrences);
    let query_occ = std::mem::take(&mut r.query_occurrences);
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
