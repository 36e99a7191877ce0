//! Errors of evaluation: limits reached, and arithmetic or comparisons that
//! fail at run time. Each names where it happened: the fact, rule or query
//! (or the explanation) a limit stopped at, the literal that failed.

use crate::check::facts::Fact;
use crate::diag::Diagnostic;
use crate::source::{SourceMap, Span};
use crate::value::{Kind, Value, ValueStore};

/// The values a failing literal worked on, and the facts of the user's that
/// hold them: a run-time error inside a knowledge-base rule names the fact
/// that fed it, not only the rule.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Fed {
    /// The values bound where it failed (the operands, or the variables of
    /// the expression).
    pub values: Vec<Value>,
    /// Facts of the scenario holding one of them: where, and the value as
    /// written.
    pub by: Vec<(Span, String)>,
}

impl Fed {
    /// Labels each fact that fed the failure.
    fn label(&self, mut d: Diagnostic) -> Diagnostic {
        for (span, value) in &self.by {
            d = d.with_secondary(*span, format!("`{value}` comes from this fact"));
        }
        d
    }

    /// Values with no fact found yet.
    pub fn values(values: Vec<Value>) -> Fed {
        Fed {
            values,
            by: Vec::new(),
        }
    }
}

/// Where evaluation was when it stopped at a limit.
#[derive(Clone, Debug, PartialEq)]
pub enum Place {
    /// Adding the facts of a predicate (for the tuple limit: the first fact
    /// past it).
    Fact {
        /// The predicate.
        pred: String,
        /// The fact.
        span: Span,
    },
    /// Running a rule (for the tuple limit: the rule that derived most).
    Rule {
        /// The predicate of its head.
        pred: String,
        /// The rule.
        span: Span,
    },
    /// Answering a query.
    Query {
        /// The query.
        span: Span,
    },
    /// Explaining an answer.
    Explanation,
}

impl Place {
    /// The span it points at, if any.
    pub fn span(&self) -> Option<Span> {
        match self {
            Place::Fact { span, .. } | Place::Rule { span, .. } | Place::Query { span } => {
                Some(*span)
            }
            Place::Explanation => None,
        }
    }
}

fn tuple_limit(limit: u64, at: &Place) -> String {
    match at {
        Place::Fact { pred, .. } => format!(
            "evaluation stopped at the tuple limit of {limit}: the fact for `{pred}` is past it"
        ),
        Place::Rule { pred, .. } => format!(
            "evaluation stopped at the tuple limit of {limit}: the rule for `{pred}` kept deriving new tuples"
        ),
        Place::Query { .. } => {
            format!("answering this query stopped at the tuple limit of {limit}")
        }
        Place::Explanation => {
            format!("explaining this answer stopped at the tuple limit of {limit}")
        }
    }
}

fn time_limit(s: f64, at: &Place) -> String {
    match at {
        Place::Fact { pred, .. } => format!(
            "evaluation stopped at the time limit of {s} s: the facts for `{pred}` were being added"
        ),
        Place::Rule { pred, .. } => {
            format!(
                "evaluation stopped at the time limit of {s} s: the rule for `{pred}` was running"
            )
        }
        Place::Query { .. } => format!("answering this query stopped at the time limit of {s} s"),
        Place::Explanation => format!("explaining this answer stopped at the time limit of {s} s"),
    }
}

/// Why evaluation stopped.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum EvalError {
    /// `n(X) :- n(Y), X = Y + 1.` runs into `--max-tuples`; so do more
    /// facts than it allows, and a query with more answers.
    #[error("{}", tuple_limit(*limit, at))]
    TupleLimit {
        /// The limit.
        limit: u64,
        /// Where it stopped: the fact past the limit, the rule that derived
        /// most, or the query.
        at: Place,
    },
    /// Evaluation ran past `--timeout`.
    #[error("{}", time_limit(*seconds, at))]
    Timeout {
        /// The limit in seconds.
        seconds: f64,
        /// What was running: the facts being added, a rule, the query, the
        /// explanation.
        at: Place,
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
        /// What fed it.
        fed: Fed,
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
        /// What fed it.
        fed: Fed,
    },
    /// `p(E) :- q(D), E = D + 1.5.` with `q(2024-01-01)`.
    #[error("`{op}` cannot combine a {left} and a {right}")]
    Combine {
        /// The operator.
        op: &'static str,
        /// Left kind.
        left: Kind,
        /// Right kind.
        right: Kind,
        /// The literal.
        span: Span,
        /// What fed it.
        fed: Fed,
    },
}

impl EvalError {
    /// The error of evaluation stopped at `at`: interrupted, or past the
    /// time limit of `limits`.
    pub(crate) fn stopped(s: super::limits::Stop, limits: &super::Limits, at: Place) -> EvalError {
        match s {
            super::limits::Stop::Interrupted => EvalError::Interrupted,
            super::limits::Stop::Timeout => EvalError::Timeout {
                seconds: limits.timeout.map(|t| t.as_secs_f64()).unwrap_or(0.0),
                at,
            },
        }
    }

    /// The stable code.
    pub fn code(&self) -> &'static str {
        match self {
            EvalError::TupleLimit { .. } => "tuple-limit",
            EvalError::Timeout { .. } => "timeout",
            EvalError::Interrupted => "interrupted",
            EvalError::Arithmetic { .. } => "arithmetic-error",
            EvalError::Compare { .. } | EvalError::Combine { .. } => "type-mismatch",
        }
    }

    /// The diagnostic.
    pub fn to_diagnostic(&self, _sources: &SourceMap) -> Diagnostic {
        let d = Diagnostic::error(self.code(), self.to_string());
        match self {
            EvalError::TupleLimit { at, limit } => {
                let raise = format!("raise the limit with `--max-tuples` (now {limit})");
                match at {
                    Place::Fact { span, .. } => d
                        .with_primary(*span, "this fact")
                        .with_note(format!(
                            "the facts alone hold more tuples than the limit allows; {raise}"
                        )),
                    Place::Rule { span, .. } => d
                        .with_primary(*span, "this rule kept growing")
                        .with_note(format!(
                            "a rule that computes new values (such as `X = Y + 1`) can derive without end; {raise} if the program is right"
                        )),
                    Place::Query { span } => d
                        .with_primary(*span, "this query")
                        .with_note(format!(
                            "the query has more answers than the limit allows; {raise}"
                        )),
                    Place::Explanation => d.with_note(raise),
                }
            }
            EvalError::Timeout { at, .. } => {
                let d = match at {
                    Place::Fact { span, .. } => d.with_primary(*span, "adding these facts"),
                    Place::Rule { span, .. } => d.with_primary(*span, "running here"),
                    Place::Query { span } => d.with_primary(*span, "this query"),
                    Place::Explanation => d,
                };
                d.with_note("raise the limit with `--timeout SECONDS` if the program is right")
            }
            EvalError::Interrupted => d,
            EvalError::Arithmetic { span, fed, .. } => fed.label(d.with_primary(*span, "here")),
            EvalError::Compare { span, fed, .. } => fed.label(
                d.with_primary(*span, "here")
                    .with_note("numbers compare with numbers, dates with dates, symbols with symbols"),
            ),
            EvalError::Combine { span, fed, .. } => fed.label(
                d.with_primary(*span, "here")
                    .with_note("numbers combine with numbers; a date plus or minus a whole number of days is a date, and a date minus a date is a number of days"),
            ),
        }
    }

    /// Finds, for a run-time failure, the first facts among `facts` that
    /// hold a value it worked on (at most three), so that the diagnostic
    /// points at them as well as at the rule.
    pub fn trace_facts<'f>(&mut self, facts: impl Iterator<Item = Fact<'f>>, store: &ValueStore) {
        let (EvalError::Arithmetic { fed, .. }
        | EvalError::Compare { fed, .. }
        | EvalError::Combine { fed, .. }) = self
        else {
            return;
        };
        if fed.values.is_empty() {
            return;
        }
        for f in facts {
            if let Some(v) = f.args.iter().find(|a| fed.values.contains(a)) {
                fed.by.push((f.span, store.display(*v).to_string()));
                if fed.by.len() == 3 {
                    break;
                }
            }
        }
    }

    /// The place the error points at, if any.
    pub fn span(&self) -> Option<Span> {
        match self {
            EvalError::TupleLimit { at, .. } | EvalError::Timeout { at, .. } => at.span(),
            EvalError::Arithmetic { span, .. }
            | EvalError::Compare { span, .. }
            | EvalError::Combine { span, .. } => Some(*span),
            EvalError::Interrupted => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::FileId;

    #[test]
    fn limits_are_worded_for_where_they_stopped() {
        let span = Span::new(FileId::default(), 0, 4);
        let fact = || Place::Fact {
            pred: "p".into(),
            span,
        };
        let rule = || Place::Rule {
            pred: "p".into(),
            span,
        };
        // (error, message, label).
        let cases: Vec<(EvalError, &str, Option<&str>)> = vec![
            (
                EvalError::TupleLimit {
                    limit: 0,
                    at: fact(),
                },
                "evaluation stopped at the tuple limit of 0: the fact for `p` is past it",
                Some("this fact"),
            ),
            (
                EvalError::TupleLimit {
                    limit: 5,
                    at: rule(),
                },
                "evaluation stopped at the tuple limit of 5: the rule for `p` kept deriving new tuples",
                Some("this rule kept growing"),
            ),
            (
                EvalError::TupleLimit {
                    limit: 5,
                    at: Place::Query { span },
                },
                "answering this query stopped at the tuple limit of 5",
                Some("this query"),
            ),
            (
                EvalError::Timeout {
                    seconds: 0.5,
                    at: fact(),
                },
                "evaluation stopped at the time limit of 0.5 s: the facts for `p` were being added",
                Some("adding these facts"),
            ),
            (
                EvalError::Timeout {
                    seconds: 2.0,
                    at: rule(),
                },
                "evaluation stopped at the time limit of 2 s: the rule for `p` was running",
                Some("running here"),
            ),
            (
                EvalError::Timeout {
                    seconds: 0.3,
                    at: Place::Query { span },
                },
                "answering this query stopped at the time limit of 0.3 s",
                Some("this query"),
            ),
            (
                EvalError::Timeout {
                    seconds: 1.0,
                    at: Place::Explanation,
                },
                "explaining this answer stopped at the time limit of 1 s",
                None,
            ),
        ];
        let map = SourceMap::new();
        for (e, message, label) in cases {
            let d = e.to_diagnostic(&map);
            assert_eq!(d.message, message, "case {e:?}");
            assert_eq!(
                d.primary.as_ref().map(|l| l.text.as_str()),
                label,
                "case {e:?}: label"
            );
            assert_eq!(d.primary.map(|l| l.span), e.span(), "case {e:?}: span");
        }
    }

    #[test]
    fn kinds_an_operator_cannot_combine_are_a_type_mismatch() {
        let span = Span::default();
        let cases: &[(EvalError, &str, &str)] = &[
            (
                EvalError::Combine {
                    op: "+",
                    left: Kind::Date,
                    right: Kind::Number,
                    span,
                    fed: Fed::default(),
                },
                "type-mismatch",
                "`+` cannot combine a date and a number",
            ),
            (
                EvalError::Arithmetic {
                    reason: "division by zero".into(),
                    span,
                    fed: Fed::default(),
                },
                "arithmetic-error",
                "division by zero",
            ),
        ];
        for (e, code, message) in cases {
            assert_eq!((e.code(), e.to_string().as_str()), (*code, *message));
        }
    }
}
