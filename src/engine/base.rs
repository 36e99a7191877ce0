//! The evaluated knowledge base: loaded, checked and evaluated once, then
//! frozen and shared. Every question is a [`Scenario`] over it.
//!
//! Invariant: a `Base` holds a program without errors and exactly its
//! model; nothing in it changes after [`Base::new`], so it is shared by
//! `Arc` across threads and scenarios read it in place.

use super::error::EngineError;
use super::files::{Checked, Files};
use super::scenario::Scenario;
use crate::check::{CheckError, Program};
use crate::diag::Diagnostic;
use crate::eval::{self, EvalError, Limits, Model};
use crate::source::SourceMap;
use crate::value::{Date, ValueStore};
use std::path::PathBuf;
use std::sync::Arc;

/// A knowledge base, evaluated.
#[derive(Debug)]
pub struct Base {
    sources: SourceMap,
    values: Arc<ValueStore>,
    program: Program,
    model: Arc<Model>,
    diagnostics: Vec<Diagnostic>,
    /// `diagnostics` but for the undefined-predicate warnings, which a
    /// scenario's check gives anew (its facts may define them).
    lasting: Vec<Diagnostic>,
    paths: Vec<PathBuf>,
}

impl Base {
    /// A knowledge base with nothing in it (`--no-default-kb`).
    pub fn empty() -> Base {
        Base::build(Files::new(), &Limits::default()).expect("nothing evaluates")
    }

    /// The knowledge base embedded in the binary, evaluated under `limits`.
    pub fn embedded(limits: &Limits) -> Result<Base, EngineError> {
        let mut files = Files::new();
        files.load_default();
        Base::build(files, limits)
    }

    /// Checks and evaluates loaded files as of today: text with errors is
    /// rejected with every diagnostic.
    pub fn build(files: Files, limits: &Limits) -> Result<Base, EngineError> {
        Base::build_as_of(files, limits, None)
    }

    /// Checks and evaluates loaded files as of a date (`None`: today).
    pub fn build_as_of(
        files: Files,
        limits: &Limits,
        as_of: Option<Date>,
    ) -> Result<Base, EngineError> {
        let mut values = ValueStore::new();
        let checked = files.check(&mut values);
        if checked.has_errors() {
            return Err(EngineError::Rejected(checked.diagnostics));
        }
        Ok(Base::new(files, checked, values, limits, as_of)?)
    }

    /// Evaluates files already checked into `checked` (without errors) with
    /// their values as of a date (`None`: today), and freezes the result.
    pub fn new(
        files: Files,
        checked: Checked,
        mut values: ValueStore,
        limits: &Limits,
        as_of: Option<Date>,
    ) -> Result<Base, EvalError> {
        debug_assert!(!checked.has_errors());
        let mut lasting = files.diagnostics.clone();
        lasting.extend(
            checked
                .errors
                .iter()
                .filter(|e| !matches!(e, CheckError::UndefinedPredicate { .. }))
                .map(|e| e.to_diagnostic(&files.sources)),
        );
        super::files::sort_diagnostics(&mut lasting);
        let mut program = checked.program;
        program.as_of = Some(as_of.unwrap_or_else(Date::today));
        let mut model = eval::evaluate(&program, &mut values, limits).map_err(|mut e| {
            // A plain program's facts are the user's own.
            if !program.has_reference() {
                e.trace_facts(program.facts.iter(), &values);
            }
            e
        })?;
        model.freeze();
        program.freeze();
        Ok(Base {
            sources: files.sources,
            values: Arc::new(values),
            program,
            model: Arc::new(model),
            diagnostics: checked.diagnostics,
            lasting,
            paths: files.paths,
        })
    }

    /// The same knowledge base evaluated as of another date: checked
    /// already, so only evaluated again (clauses apply by their periods,
    /// and `as_of(D)` holds for the new date).
    pub fn at(&self, as_of: Date, limits: &Limits) -> Result<Base, EvalError> {
        let mut program = self.program.clone();
        program.as_of = Some(as_of);
        let mut values = (*self.values).clone();
        let mut model = eval::evaluate(&program, &mut values, limits)?;
        model.freeze();
        Ok(Base {
            sources: self.sources.clone(),
            values: Arc::new(values),
            program,
            model: Arc::new(model),
            diagnostics: self.diagnostics.clone(),
            lasting: self.lasting.clone(),
            paths: self.paths.clone(),
        })
    }

    /// The date it is evaluated as of.
    pub fn as_of(&self) -> Date {
        self.program.date()
    }

    /// A scenario over this base, with nothing of its own yet.
    pub fn scenario(self: &Arc<Base>) -> Scenario {
        Scenario::new(self.clone())
    }

    /// Every loaded text.
    pub fn sources(&self) -> &SourceMap {
        &self.sources
    }

    /// The interned values.
    pub fn values(&self) -> &Arc<ValueStore> {
        &self.values
    }

    /// The checked program.
    pub fn program(&self) -> &Program {
        &self.program
    }

    /// Its model.
    pub fn model(&self) -> &Arc<Model> {
        &self.model
    }

    /// The warnings its check gave.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// The warnings a scenario's check keeps from this base's.
    pub(super) fn lasting_diagnostics(&self) -> &[Diagnostic] {
        &self.lasting
    }

    /// The files it read from disk.
    pub fn paths(&self) -> &[PathBuf] {
        &self.paths
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_shareable<T: Send + Sync>() {}

    #[test]
    fn a_base_is_shared_across_threads() {
        assert_shareable::<Base>();
        assert_shareable::<Arc<Base>>();
    }

    #[test]
    fn text_with_errors_is_rejected_with_every_diagnostic() {
        let mut files = Files::new();
        files.load_text("<t>", "p(a). q(X) :- p(X, Y). r(X) :- s(Y).");
        let Err(EngineError::Rejected(d)) = Base::build(files, &Limits::default()) else {
            panic!("accepted");
        };
        let codes: Vec<&str> = d.iter().map(|d| d.code).collect();
        assert!(codes.contains(&"arity-mismatch"), "{codes:?}");
        assert!(codes.contains(&"unsafe-variable"), "{codes:?}");
    }
}
