//! Structured answers: what a query answered, as plain data. Renderers
//! (`render`) turn a [`Response`] into text, JSON lines or DOT; another
//! program can serialise it as it stands.

use crate::check::program::QueryKind;
use crate::explain::Explanation;
use crate::value::Constant;
use serde::Serialize;

/// The answer to one query.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Response {
    /// The query as canonical text: `path(1,X)`.
    pub query: String,
    /// Find, why or why-not.
    pub kind: QueryKind,
    /// The answer columns: the query's named variables.
    pub columns: Vec<String>,
    /// Distinct rows, sorted (numbers < dates < text).
    pub rows: Vec<Vec<Constant>>,
    /// Whether the query has an answer.
    pub holds: bool,
    /// The explanations, when asked for (always for `why` and `whynot`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explanations: Option<Vec<Explanation>>,
    /// The `@override` clauses the answer rests on: clauses of the user's
    /// that change what the knowledge base defines (empty when none).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub overrides: Vec<OverrideRef>,
}

/// An `@override` clause an answer rests on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OverrideRef {
    /// The clause as written.
    pub clause: String,
    /// `file:line:col`.
    pub location: String,
}

impl Response {
    /// Whether its explanations were asked for.
    pub fn explained(&self) -> bool {
        self.explanations.is_some()
    }
}
