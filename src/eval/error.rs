//! Errors of evaluation: limits reached, and arithmetic or comparisons that
//! fail at run time. Each names the rule (or query) it happened in.

use crate::diag::Diagnostic;
use crate::source::{SourceMap, Span};
use crate::value::Kind;

/// Why evaluation stopped.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum EvalError {
    /// `n(X) :- n(Y), X = Y + 1.` runs into `--max-tuples`.
    #[error(
        "evaluation stopped at the tuple limit of {limit}: the rule for `{pred}` kept deriving new tuples"
    )]
    TupleLimit {
        /// The limit.
        limit: u64,
        /// The predicate that grew most.
        pred: String,
        /// Its rule that derived most.
        rule: Span,
    },
    /// Evaluation ran past `--timeout`.
    #[error(
        "evaluation stopped at the time limit of {seconds} s: the rule for `{pred}` was running"
    )]
    Timeout {
        /// The limit in seconds.
        seconds: f64,
        /// The predicate whose rule was running.
        pred: String,
        /// The rule.
        rule: Span,
    },
    /// Ctrl-C.
    #[error("evaluation interrupted")]
    Interrupted,
    /// `p(X) :- q(Y), X = 1 / Y.` with `q(0)`.
    #[error("{reason}")]
    Arithmetic {
        /// What went wrong.
        reason: String,
        /// The literal.
        span: Span,
    },
    /// `p(X) :- q(X), X < 3.` with `q(a)`.
    #[error("`{op}` cannot order a {left} and a {right}")]
    Compare {
        /// The operator.
        op: &'static str,
        /// Left kind.
        left: Kind,
        /// Right kind.
        right: Kind,
        /// The comparison.
        span: Span,
    },
}

impl EvalError {
    /// The stable code.
    pub fn code(&self) -> &'static str {
        match self {
            EvalError::TupleLimit { .. } => "tuple-limit",
            EvalError::Timeout { .. } => "timeout",
            EvalError::Interrupted => "interrupted",
            EvalError::Arithmetic { .. } => "arithmetic-error",
            EvalError::Compare { .. } => "type-mismatch",
        }
    }

    /// The diagnostic.
    pub fn to_diagnostic(&self, _sources: &SourceMap) -> Diagnostic {
        let d = Diagnostic::error(self.code(), self.to_string());
        match self {
            EvalError::TupleLimit { rule, limit, .. } => d
                .with_primary(*rule, "this rule kept growing")
                .with_note(format!(
                    "a rule that computes new values (such as `X = Y + 1`) can derive without end; raise the limit with `--max-tuples` (now {limit}) if the program is right"
                )),
            EvalError::Timeout { rule, .. } => d
                .with_primary(*rule, "running here")
                .with_note("raise the limit with `--timeout SECONDS` if the program is right"),
            EvalError::Interrupted => d,
            EvalError::Arithmetic { span, .. } => d.with_primary(*span, "here"),
            EvalError::Compare { span, .. } => d
                .with_primary(*span, "here")
                .with_note("numbers compare with numbers, dates with dates, symbols with symbols"),
        }
    }
}
