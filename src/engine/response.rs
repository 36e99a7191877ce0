//! Structured answers: what a query answered, as plain data. Renderers
//! (`render`) turn a [`Response`] into text, JSON lines or DOT; another
//! program can serialise it as it stands.

use super::timeline::Span;
use crate::check::program::QueryKind;
use crate::explain::Explanation;
use crate::value::{Constant, Date};
use serde::Serialize;

/// The answer to one query.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Response {
    /// The query as canonical text: `path(1,X)`.
    pub query: String,
    /// Find, why, why-not or when.
    pub kind: QueryKind,
    /// The date it answers as of.
    pub as_of: Date,
    /// The answer columns: the query's named variables.
    pub columns: Vec<String>,
    /// Distinct rows, sorted (numbers < dates < text).
    pub rows: Vec<Vec<Constant>>,
    /// Whether the query has an answer (for `when`: on some date).
    pub holds: bool,
    /// For a query of one ground atom whose predicate has a sentence: the
    /// answer in words, in the language asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// For `when`: each row with each period in which it holds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timeline: Option<Vec<Span>>,
    /// The explanations, when asked for (always for `why` and `whynot`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explanations: Option<Vec<Explanation>>,
    /// The `@override` clauses the answer rests on: clauses of the user's
    /// that change what the knowledge base defines (empty when none).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub overrides: Vec<OverrideRef>,
    /// Sources the query's rules read that state what they say as of a
    /// date after the one asked about (the answer cannot know what held
    /// before them); empty when none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub later_sources: Vec<LaterSource>,
}

/// A source dated after the date an answer is about.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LaterSource {
    /// The provision or document.
    pub citation: String,
    /// The date it states things as of.
    pub as_of: Date,
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

/// An answer to be written as it is read ([`super::Scenario::answer_at_streamed`]):
/// the response without its rows, and the rows as values of the scenario
/// that answered (displayed through its store, never copied per row).
pub struct Streamed<'s> {
    /// Everything but the rows (`rows` is empty; `holds` is set).
    pub response: Response,
    pub(super) answer: crate::eval::Answer,
    pub(super) store: &'s crate::value::ValueStore,
}

impl Streamed<'_> {
    /// The number of rows (a yes/no query that holds has one, empty).
    pub fn len(&self) -> usize {
        self.answer.len()
    }

    /// Whether there is no row.
    pub fn is_empty(&self) -> bool {
        self.answer.is_empty()
    }

    /// The rows in order, each a slice of values.
    pub fn rows(&self) -> impl ExactSizeIterator<Item = &[crate::value::Value]> + '_ {
        self.answer.rows()
    }

    /// The store the values are in.
    pub fn store(&self) -> &crate::value::ValueStore {
        self.store
    }
}
