//! Errors and warnings of the check layer, each with its stable code.

use crate::diag::{Diagnostic, plural};
use crate::source::{SourceMap, Span};
use crate::value::Kind;

/// One step of a dependency cycle: `head` depends on `body` (negatively
/// when `negative`) through the literal at `span`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CycleStep {
    /// The depending predicate.
    pub head: String,
    /// The predicate it depends on.
    pub body: String,
    /// Through `not` or an aggregate.
    pub negative: bool,
    /// Through an aggregate.
    pub aggregate: bool,
    /// The literal.
    pub span: Span,
}

/// A problem the checks found.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CheckError {
    /// `p(a). q :- p(X, Y).`
    #[error("predicate `{pred}` used with {}, but with {expected} elsewhere", plural(*found, "argument"))]
    ArityMismatch {
        /// The predicate.
        pred: String,
        /// Arguments here.
        found: usize,
        /// Arguments at its first use.
        expected: usize,
        /// This use.
        span: Span,
        /// The first use.
        first: Span,
    },
    /// `p(X) :- q(Y).`, `p(X) :- q(X), not r(Y).`, `p(X) :- X > 1.`
    #[error("variable `{var}` in {context} is not bound by any positive atom or `=`")]
    UnsafeVariable {
        /// The variable.
        var: String,
        /// Where it is used: "the head", "a negated atom", ...
        context: &'static str,
        /// The occurrence.
        span: Span,
    },
    /// `p :- not q. q :- p.`
    #[error("`{pred}` depends on itself through {}", if *aggregate { "an aggregate" } else { "negation" })]
    Unstratifiable {
        /// The predicate.
        pred: String,
        /// Whether the offending dependency is an aggregate.
        aggregate: bool,
        /// The cycle, starting at the negative step.
        cycle: Vec<CycleStep>,
    },
    /// `p(X) :- q(X), Y = X + a.` where `q` only holds symbols.
    #[error("{what}")]
    TypeMismatch {
        /// What is wrong, in words.
        what: String,
        /// The kinds involved.
        kinds: (Kind, Kind),
        /// The literal.
        span: Span,
    },
    /// `p(X) :- eea_membr(X).` (a warning: facts may come later)
    #[error("predicate `{pred}` is never defined by a fact or rule")]
    UndefinedPredicate {
        /// The predicate.
        pred: String,
        /// Its arity.
        arity: usize,
        /// The first use.
        span: Span,
        /// A defined predicate with a close name.
        suggestion: Option<String>,
    },
    /// `p(X) :- q(X, Y).` (a warning: `Y` is used once; write `_` or `_Y`)
    #[error("variable `{var}` is used only once")]
    SingletonVariable {
        /// The variable.
        var: String,
        /// Its occurrence.
        span: Span,
    },
    /// `@input p(a).`
    #[error("`@input` arguments must be variables naming the columns")]
    InvalidInput {
        /// The argument.
        span: Span,
    },
    /// `p(1 / 0).`, `p(a + 1).`
    #[error("cannot compute this fact: {reason}")]
    FactArithmetic {
        /// Why.
        reason: String,
        /// The argument.
        span: Span,
    },
}

impl CheckError {
    /// The stable code.
    pub fn code(&self) -> &'static str {
        match self {
            CheckError::ArityMismatch { .. } => "arity-mismatch",
            CheckError::UnsafeVariable { .. } => "unsafe-variable",
            CheckError::Unstratifiable { .. } => "unstratifiable",
            CheckError::TypeMismatch { .. } => "type-mismatch",
            CheckError::UndefinedPredicate { .. } => "undefined-predicate",
            CheckError::SingletonVariable { .. } => "singleton-variable",
            CheckError::InvalidInput { .. } => "invalid-input",
            CheckError::FactArithmetic { .. } => "arithmetic-error",
        }
    }

    /// Whether it is only a warning.
    pub fn is_warning(&self) -> bool {
        matches!(
            self,
            CheckError::UndefinedPredicate { .. } | CheckError::SingletonVariable { .. }
        )
    }

    /// The diagnostic, with locations resolved through `sources`.
    pub fn to_diagnostic(&self, sources: &SourceMap) -> Diagnostic {
        let d = if self.is_warning() {
            Diagnostic::warning(self.code(), self.to_string())
        } else {
            Diagnostic::error(self.code(), self.to_string())
        };
        match self {
            CheckError::ArityMismatch {
                found,
                expected,
                span,
                first,
                ..
            } => d
                .with_primary(*span, format!("{} here", plural(*found, "argument")))
                .with_note(format!(
                    "first used with {} at {}",
                    plural(*expected, "argument"),
                    sources.location(*first)
                )),
            CheckError::UnsafeVariable { var, span, .. } => d
                .with_primary(*span, format!("`{var}` is never bound"))
                .with_help(
                    "bind it in a positive atom of the body, e.g. `country(X)`, or with `X = ...`",
                ),
            CheckError::Unstratifiable { cycle, .. } => {
                let path: Vec<String> = cycle
                    .iter()
                    .map(|s| match (s.negative, s.aggregate) {
                        (_, true) => format!("`{}` aggregates over `{}`", s.head, s.body),
                        (true, false) => format!("`{}` depends on not `{}`", s.head, s.body),
                        _ => format!("`{}` depends on `{}`", s.head, s.body),
                    })
                    .collect();
                let mut d = d;
                for (i, s) in cycle.iter().enumerate() {
                    let label = if s.aggregate {
                        format!("`{}` aggregates over `{}` here", s.head, s.body)
                    } else if s.negative {
                        format!("`{}` depends on `{}` negatively here", s.head, s.body)
                    } else {
                        format!("`{}` depends on `{}` here", s.head, s.body)
                    };
                    d = if i == 0 {
                        d.with_primary(s.span, label)
                    } else {
                        d.with_secondary(s.span, label)
                    };
                }
                d.with_note(format!("cycle: {}", path.join(", ")))
                    .with_note("negation and aggregates need what they look at to be complete first, so they cannot be part of a recursion")
            }
            CheckError::TypeMismatch { span, kinds, .. } => {
                d.with_primary(*span, format!("{} and {}", kinds.0, kinds.1))
            }
            CheckError::UndefinedPredicate {
                pred,
                arity,
                span,
                suggestion,
            } => {
                let d = d.with_primary(*span, "used here");
                let d = match suggestion {
                    Some(s) => d.with_help(format!("did you mean `{s}`?")),
                    None => d,
                };
                d.with_note(format!(
                    "it has no answers unless facts are added; declare scenario inputs with `@input {pred}({}).`",
                    (1..=*arity).map(|i| format!("A{i}")).collect::<Vec<_>>().join(", ")
                ))
            }
            CheckError::SingletonVariable { var, span } => d
                .with_primary(*span, "used only here")
                .with_help(format!("write `_` (or `_{var}`) if any value will do")),
            CheckError::InvalidInput { span } => d.with_primary(*span, "not a variable"),
            CheckError::FactArithmetic { span, .. } => d.with_primary(*span, "here"),
        }
    }
}
