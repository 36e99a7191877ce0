//! Why a query cannot be explained.

use crate::diag::Diagnostic;
use crate::eval::EvalError;
use crate::source::{SourceMap, Span};

/// A query that cannot be explained, or a search that stopped.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum ExplainError {
    /// `?- whynot notifiable(P).`: a why-not needs a ground goal.
    #[error("`whynot` needs a goal without variables")]
    NotGround {
        /// The query.
        span: Span,
    },
    /// The search for a derivation ran into a limit or a run-time error.
    #[error(transparent)]
    Eval(#[from] EvalError),
}

impl ExplainError {
    /// The stable code.
    pub fn code(&self) -> &'static str {
        match self {
            ExplainError::NotGround { .. } => "invalid-query",
            ExplainError::Eval(e) => e.code(),
        }
    }

    /// The diagnostic.
    pub fn to_diagnostic(&self, sources: &SourceMap) -> Diagnostic {
        match self {
            ExplainError::NotGround { span } => Diagnostic::error(self.code(), self.to_string())
                .with_primary(*span, "this goal has variables")
                .with_help("ask `?- whynot notifiable(p1).` for one product"),
            ExplainError::Eval(e) => e.to_diagnostic(sources),
        }
    }
}
