//! Errors of the engine layer: knowledge bases that cannot be loaded, text
//! with errors, and the evaluation and explanation errors of a request.

use crate::diag::Diagnostic;
use crate::eval::EvalError;
use crate::explain::ExplainError;
use crate::source::SourceMap;

/// Why a knowledge base path could not be loaded.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum KbError {
    /// `--kb no/such/folder`
    #[error("cannot read `{0}`: no such file or folder")]
    Missing(String),
    /// `--kb empty/` with no `.kb` files.
    #[error("`{0}` holds no `.kb` files")]
    EmptyFolder(String),
    /// `--kb locked/` that cannot be listed.
    #[error("cannot read `{path}`: {reason}")]
    Unreadable {
        /// The path.
        path: String,
        /// Why.
        reason: String,
    },
}

impl KbError {
    /// The stable code.
    pub fn code(&self) -> &'static str {
        match self {
            KbError::Missing(_) | KbError::Unreadable { .. } => "read-error",
            KbError::EmptyFolder(_) => "empty-kb-folder",
        }
    }

    /// The diagnostic (it has no place in a text).
    pub fn to_diagnostic(&self) -> Diagnostic {
        Diagnostic::error(self.code(), self.to_string())
    }
}

/// What can go wrong in the engine's hands.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum EngineError {
    /// A knowledge base path that cannot be loaded.
    #[error(transparent)]
    Kb(#[from] KbError),
    /// Text with errors (syntax, checks): every diagnostic, warnings
    /// included, sorted by place; nothing of it was taken.
    #[error("{}", first_error(.0))]
    Rejected(Vec<Diagnostic>),
    /// Evaluation stopped: a limit, an interrupt, a run-time error.
    #[error(transparent)]
    Eval(#[from] EvalError),
    /// A query that cannot be explained.
    #[error(transparent)]
    Explain(#[from] ExplainError),
    /// A request for another date than the scenario's, which cannot change
    /// it: its texts were let go (`Scenario::forget_modules`), or the
    /// queries were prepared as of its date.
    #[error("this scenario answers as of {fixed}, not {asked}: {why}")]
    AsOfFixed {
        /// The scenario's date.
        fixed: crate::value::Date,
        /// The date asked for.
        asked: crate::value::Date,
        /// What keeps it.
        why: &'static str,
    },
}

fn first_error(d: &[Diagnostic]) -> String {
    d.iter()
        .find(|d| d.is_error())
        .map(|d| d.message.clone())
        .unwrap_or_else(|| "the input has errors".to_string())
}

impl EngineError {
    /// The stable code (for rejected text, the first error's).
    pub fn code(&self) -> &'static str {
        match self {
            EngineError::Kb(e) => e.code(),
            EngineError::Rejected(d) => d
                .iter()
                .find(|d| d.is_error())
                .map_or("syntax-error", |d| d.code),
            EngineError::Eval(e) => e.code(),
            EngineError::Explain(e) => e.code(),
            EngineError::AsOfFixed { .. } => "as-of-fixed",
        }
    }

    /// The diagnostics to show.
    pub fn to_diagnostics(&self, sources: &SourceMap) -> Vec<Diagnostic> {
        match self {
            EngineError::Kb(e) => vec![e.to_diagnostic()],
            EngineError::Rejected(d) => d.clone(),
            EngineError::Eval(e) => vec![e.to_diagnostic(sources)],
            EngineError::Explain(e) => vec![e.to_diagnostic(sources)],
            EngineError::AsOfFixed { .. } => vec![Diagnostic::error(self.code(), self.to_string())],
        }
    }
}
