//! Errors of the syntax layer: text that is not the language, and files that
//! cannot be loaded.

use crate::diag::Diagnostic;
use crate::source::Span;

/// Deepest nesting of parentheses and braces the parser accepts.
pub const MAX_NESTING: usize = 200;
/// Most syntax errors reported for one file.
pub const MAX_SYNTAX_ERRORS: usize = 100;
/// Most operators one expression may chain.
pub const MAX_EXPR_OPERATORS: usize = 1000;

/// A problem in the text of one file.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SyntaxError {
    /// Text the grammar does not accept: `p(a) q(b).`
    #[error("expected {}, found {found}", list_or(expected))]
    Unexpected {
        /// Where parsing stopped.
        span: Span,
        /// What would have been accepted there, in words.
        expected: Vec<String>,
        /// What is there instead.
        found: String,
    },
    /// A literal that is well formed but means nothing: `2024-02-30`,
    /// `99999999999999999999`, a decimal with more than nine places, a whole
    /// decimal beyond 64 bits (`9223372036854775808.0`), an escape other
    /// than `\"` and `\\` in a string (`"a\nb"`).
    #[error("{reason}")]
    InvalidLiteral {
        /// The literal.
        span: Span,
        /// Why it is invalid.
        reason: String,
    },
    /// Parentheses or braces nested deeper than [`MAX_NESTING`], or an
    /// expression longer than [`MAX_EXPR_OPERATORS`] operators.
    #[error("{what} nested deeper than {limit} levels")]
    TooDeep {
        /// Where the limit was passed.
        span: Span,
        /// What is nested.
        what: &'static str,
        /// The limit.
        limit: usize,
    },
    /// More than [`MAX_SYNTAX_ERRORS`] syntax errors in one file (binary
    /// garbage, a file in another language): the rest is not read.
    #[error("too many syntax errors; the rest of the file is not read")]
    TooMany {
        /// Where reading stopped.
        span: Span,
        /// The limit.
        limit: usize,
    },
    /// An item where it is not allowed: `@include` inside a fixture case, a
    /// `why` query as a fixture expectation, a fixture file without `test`.
    #[error("{what} is not allowed {place}")]
    Misplaced {
        /// The item.
        span: Span,
        /// What it is.
        what: &'static str,
        /// Where it is not allowed.
        place: &'static str,
    },
    /// `@facts(p, "f.csv", header: maybe)`: an option it does not take.
    #[error("bad `@facts` option: {what}")]
    BadOption {
        /// The option or its value.
        span: Span,
        /// What it may be.
        what: &'static str,
    },
}

impl SyntaxError {
    /// The stable code.
    pub fn code(&self) -> &'static str {
        match self {
            SyntaxError::Unexpected { .. } => "syntax-error",
            SyntaxError::InvalidLiteral { .. } => "invalid-literal",
            SyntaxError::TooDeep { .. } => "nesting-too-deep",
            SyntaxError::Misplaced { .. } => "misplaced-item",
            SyntaxError::TooMany { .. } => "too-many-errors",
            SyntaxError::BadOption { .. } => "bad-option",
        }
    }

    /// Where.
    pub fn span(&self) -> Span {
        match self {
            SyntaxError::Unexpected { span, .. }
            | SyntaxError::InvalidLiteral { span, .. }
            | SyntaxError::TooDeep { span, .. }
            | SyntaxError::Misplaced { span, .. }
            | SyntaxError::BadOption { span, .. }
            | SyntaxError::TooMany { span, .. } => *span,
        }
    }

    /// The diagnostic.
    pub fn to_diagnostic(&self) -> Diagnostic {
        let label = match self {
            SyntaxError::Unexpected { expected, .. } => format!("expected {}", list_or(expected)),
            SyntaxError::InvalidLiteral { .. } => "this literal".to_string(),
            SyntaxError::TooDeep { .. } => "too deep here".to_string(),
            SyntaxError::Misplaced { .. } => "not allowed here".to_string(),
            SyntaxError::BadOption { .. } => "this option".to_string(),
            SyntaxError::TooMany { limit, .. } => format!("stopped here after {limit} errors"),
        };
        let d = Diagnostic::error(self.code(), self.to_string()).with_primary(self.span(), label);
        match self {
            SyntaxError::Unexpected { expected, .. } if expected.iter().any(|e| e == "`.`") => {
                d.with_note("every fact, rule and query ends with a `.`")
            }
            SyntaxError::Unexpected { found, .. }
                if found.chars().nth(1).is_some_and(|c| c.is_uppercase()) =>
            {
                d.with_help("predicate names and symbols start with a lower-case letter; variables with an upper-case letter or `_`")
            }
            _ => d,
        }
    }
}

/// "a, b or c"
pub fn list_or(items: &[String]) -> String {
    match items {
        [] => "something else".to_string(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {}", init.join(", "), last),
    }
}
