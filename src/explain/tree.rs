//! The explanation tree: what `why` and `whynot` produce before it is drawn
//! as text, JSON or Graphviz DOT.

use crate::value::Period;
use serde::Serialize;

/// Whether a node's goal holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// It holds.
    Holds,
    /// It does not hold.
    Fails,
}

/// What kind of step a node is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum NodeKind {
    /// A fact as written in a file.
    Fact,
    /// Derived by a rule (children: the rule's body).
    Rule,
    /// `not X`.
    Negation,
    /// A comparison or binding.
    Comparison,
    /// An aggregate (children: what was counted).
    Aggregate,
    /// No fact and no rule gives it.
    Missing,
    /// Explained earlier in the same tree.
    Repeated,
    /// Not explored further: the depth limit.
    DepthLimit,
    /// The middle of a long chain of steps, not shown (its note says how
    /// many; its child explains the bottom of the chain).
    Elided,
    /// A goal that fails: one child per rule that could derive it.
    Alternatives,
    /// One answer of a query: a child per condition of the query.
    Answer,
}

/// A rule, as cited in an explanation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RuleRef {
    /// `file:line:col`.
    pub location: String,
    /// The rule's text as written (white space collapsed).
    pub text: String,
}

/// A legal source, as cited.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SourceRef {
    /// The provision or document.
    pub citation: String,
    /// Where in it: the document's file name and section, as written.
    pub locator: Option<String>,
    /// The locator as a reader recognises it, when it names a
    /// `@document`: "DMP: Godkjenningsfritak (veiledning), «Positivlisten
    /// og Negativlisten»".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cite: Option<String>,
    /// The date the document states it as of, if it gives one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub as_of: Option<crate::value::Date>,
}

/// A variable's value in the rule instance used.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Binding {
    /// The variable.
    pub var: String,
    /// Its value as written in the language.
    pub value: String,
}

/// The atom a node is about, as values (for wording it with the
/// predicate's sentence); not part of the serialised tree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GoalAtom {
    /// The predicate.
    pub pred: crate::check::PredId,
    /// Its arguments (`None`: any value).
    pub args: Vec<Option<crate::value::Value>>,
    /// `not p(...)`.
    pub negated: bool,
}

/// One step of an explanation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Node {
    /// The goal, as written: `notifiable(v1)`, `not on_negative_list(v1)`,
    /// `22.5 > 1`.
    pub goal: String,
    /// Holds or fails.
    pub status: Status,
    /// What kind of step.
    pub kind: NodeKind,
    /// The rule used (or tried).
    pub rule: Option<RuleRef>,
    /// Where a fact is written (`file:line:col`).
    pub location: Option<String>,
    /// The rule's or fact's `@source`.
    pub source: Option<SourceRef>,
    /// The period the rule or fact applies in (`@valid`; omitted when it
    /// applies on every date).
    #[serde(skip_serializing_if = "Period::is_always")]
    pub valid: Period,
    /// The rule's variables as bound.
    pub bindings: Vec<Binding>,
    /// A sentence completing the picture ("has no derivation", ...).
    pub note: Option<String>,
    /// The steps this one rests on.
    pub children: Vec<Node>,
    /// The step in words, in the language asked for, when its predicate
    /// has a sentence (`@say`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// The atom it is about, for wording it.
    #[serde(skip)]
    pub atom: Option<GoalAtom>,
}

impl Node {
    /// A node with nothing but a goal, a status and a kind.
    pub fn new(goal: impl Into<String>, status: Status, kind: NodeKind) -> Node {
        Node {
            goal: goal.into(),
            status,
            kind,
            rule: None,
            location: None,
            source: None,
            valid: Period::ALWAYS,
            bindings: Vec::new(),
            note: None,
            children: Vec::new(),
            text: None,
            atom: None,
        }
    }

    /// Sets the note.
    pub fn with_note(mut self, note: impl Into<String>) -> Node {
        self.note = Some(note.into());
        self
    }

    /// Height of the tree (a leaf is 1).
    pub fn height(&self) -> usize {
        1 + self.children.iter().map(Node::height).max().unwrap_or(0)
    }
}

/// The explanation of one goal: why it holds, or why it does not and what
/// would make it hold.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Explanation {
    /// The explained goal.
    pub goal: String,
    /// Whether it holds.
    pub holds: bool,
    /// The tree.
    pub tree: Node,
    /// For a goal that does not hold: the smallest sets (at most three
    /// facts each) of scenario facts that, added, make it hold; each set
    /// alone is enough. Empty when none was found.
    pub would_hold_with: Vec<Vec<String>>,
    /// The same sets as atoms, for wording them.
    #[serde(skip)]
    pub would_hold_atoms: Vec<Vec<GoalAtom>>,
    /// The short justification in the language asked for, when the goal's
    /// predicate has a sentence.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub short: Option<super::say::Short>,
}
