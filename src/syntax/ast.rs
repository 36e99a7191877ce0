//! The syntax tree: what the text says, with spans, before any check.
//!
//! Names are still strings and constants still literal values; `check`
//! resolves them into a program.

use crate::source::{FileId, Span};
use crate::value::{BinOp, Date, Decimal, Period};

pub use super::plain::{PlainArg, PlainItem, PlainItems, PlainValue, PlainView, RowsOf};

/// One parsed file.
#[derive(Clone, Debug, Default)]
pub struct Module {
    /// The file it came from.
    pub file: FileId,
    /// Its items in order.
    pub items: Vec<Item>,
    /// The plain facts and queries that [`Item::Plain`] runs refer to
    /// (empty unless the module was parsed with [`crate::syntax::parse_program_compact`]).
    pub plain: PlainItems,
    /// Where it comes from (what the checks of a user's input hold it to).
    pub origin: Origin,
}

/// Where a module comes from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Origin {
    /// A user's file, text typed at the prompt or a request.
    #[default]
    User,
    /// Part of a knowledge base (the embedded one or `--kb`): what it
    /// defines is reference data a user's facts may not change unawares.
    Reference,
    /// The clauses a fixture file shares between its cases: a fact there
    /// may serve only some cases, so it is not reported as unused by the
    /// others.
    FixtureShared,
}

/// A top-level item.
#[derive(Clone, Debug)]
pub enum Item {
    /// `@include "path".`
    Include(Include),
    /// `@input p(X).`
    Input(Input),
    /// `@domain name = ...`
    Domain(Domain),
    /// `@document("file", ...).`
    Document(Document),
    /// `@say(nb, p(X), "...").`
    Say(Say),
    /// `@names(country, country_name(Value, Lang, Name)).`
    Names(Names),
    /// A fact or rule.
    Clause(Clause),
    /// `?- body.`, `?- why atom.`, `?- whynot atom.`
    Query(Query),
    /// A run of consecutive plain facts and queries, kept compactly in
    /// [`Module::plain`]: `start..end` indexes its items.
    Plain(std::ops::Range<u32>),
}

/// `@include "path".`, or `@facts(pred, "path")`: a file to read.
#[derive(Clone, Debug)]
pub struct Include {
    /// The path as written.
    pub path: String,
    /// The whole item.
    pub span: Span,
    /// For `@facts`: the file is data, rows of facts of a predicate.
    pub data: Option<DataFile>,
}

/// How `@facts(pred, "file.csv", delimiter: ";", header: false)` reads its
/// file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DataFile {
    /// The predicate its rows are facts of.
    pub pred: String,
    /// Where the name is written.
    pub pred_span: Span,
    /// The field delimiter (by default a tab for `.tsv` and `.tab` files,
    /// a comma otherwise).
    pub delimiter: Option<u8>,
    /// Whether the first row names the columns (the default).
    pub header: bool,
}

/// `@input p(X, Y: country).`: a predicate the user supplies facts for.
#[derive(Clone, Debug)]
pub struct Input {
    /// The declared atom; its arguments name the columns.
    pub atom: Atom,
    /// The domain named for each argument (`Y: country`), if any: its
    /// name and where it is written.
    pub domains: Vec<Option<DomainName>>,
    /// The `%%` doc comment above it.
    pub doc: Option<String>,
    /// The whole item.
    pub span: Span,
}

/// A domain named in an `@input` (`C: country`) and where it is written.
pub type DomainName = (String, Span);

/// `@domain name = {a, b}.` or `@domain name = p(V, _, Name), ...`
#[derive(Clone, Debug)]
pub struct Domain {
    /// Its name.
    pub name: String,
    /// Where the name is written.
    pub name_span: Span,
    /// Its values.
    pub def: DomainDef,
    /// The `%%` doc comment above it.
    pub doc: Option<String>,
    /// The whole item.
    pub span: Span,
}

/// What a domain holds.
#[derive(Clone, Debug)]
pub enum DomainDef {
    /// The values listed, each where it is written.
    Values(Vec<(Const, Span)>),
    /// The first arguments of the facts of each pattern's predicate; the
    /// pattern's other named variables name them.
    Patterns(Vec<Atom>),
}

/// `@say(nb, p(X), "{X} ...").`: a sentence for a predicate.
#[derive(Clone, Debug)]
pub struct Say {
    /// The language code as written (`nb`, `en`).
    pub lang: String,
    /// Where.
    pub lang_span: Span,
    /// `@say(nb, not p(X), ...)`: the sentence for when it does not hold.
    pub negated: bool,
    /// The atom: the predicate, and the slots' variables (or constants).
    pub atom: Atom,
    /// The sentence with `{X}` slots.
    pub text: String,
    /// Where the sentence is written.
    pub text_span: Span,
    /// The whole directive.
    pub span: Span,
}

/// `@names(country, country_name(Value, Lang, Name)).`
#[derive(Clone, Debug)]
pub struct Names {
    /// The name slots use (`{C:country}`).
    pub name: String,
    /// Where.
    pub name_span: Span,
    /// The facts that name the values.
    pub atom: Atom,
    /// The whole directive.
    pub span: Span,
}

/// `@document("file", key: value, ...).`: a source document described.
#[derive(Clone, Debug)]
pub struct Document {
    /// The file name `@source` locators start with.
    pub file: String,
    /// The fields as written: key, its span, the value.
    pub fields: Vec<(String, Span, Const)>,
    /// The whole directive.
    pub span: Span,
}

/// `@source("citation", "locator")`
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Source {
    /// The legal provision or document.
    pub citation: String,
    /// Where in it (optional).
    pub locator: Option<String>,
    /// The date the document states it as of (`as_of: DATE`), if given.
    pub as_of: Option<Date>,
    /// The annotation.
    pub span: Span,
}

/// A fact (`body` empty) or a rule.
#[derive(Clone, Debug)]
pub struct Clause {
    /// The head.
    pub head: Atom,
    /// The body literals; empty for a fact.
    pub body: Vec<Literal>,
    /// The `@source` in force for this clause (boxed: most facts of large
    /// files have none, and a fact should stay small).
    pub source: Option<Box<Source>>,
    /// The `%%` doc comment directly above it.
    pub doc: Option<Box<str>>,
    /// Written with `@override`: meant to change what a knowledge base
    /// defines.
    pub overrides: bool,
    /// Its `@valid` period (its block's and its own, intersected); `None`
    /// applies on every date.
    pub valid: Option<Box<Validity>>,
    /// The whole clause.
    pub span: Span,
}

/// `@valid(from: 2017-07-01, until: 2024-01-01)`: the period a clause
/// applies in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Validity {
    /// The dates.
    pub period: Period,
    /// The annotation (the innermost, for a clause in dated blocks).
    pub span: Span,
}

/// What a query asks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QueryKind {
    /// The answers.
    Find,
    /// Why a ground atom holds.
    Why,
    /// Why a ground atom does not hold.
    WhyNot,
    /// The periods in which an atom holds.
    When,
}

/// A query.
#[derive(Clone, Debug)]
pub struct Query {
    /// Find, why or why-not.
    pub kind: QueryKind,
    /// The body (a single atom for why and why-not).
    pub body: Vec<Literal>,
    /// The whole query including `?-` and `.`.
    pub span: Span,
}

/// `pred(args)`.
#[derive(Clone, Debug)]
pub struct Atom {
    /// The predicate name.
    pub pred: String,
    /// Span of the name.
    pub pred_span: Span,
    /// The arguments.
    pub args: Vec<Expr>,
    /// The whole atom.
    pub span: Span,
}

/// A body literal.
#[derive(Clone, Debug)]
pub enum Literal {
    /// `p(X)`
    Pos(Atom),
    /// `not p(X)`; the span covers `not`.
    Neg(Atom, Span),
    /// `A op B`
    Cmp(Comparison),
    /// `N = count : { ... }`
    Agg(Aggregate),
}

impl Literal {
    /// The literal's span.
    pub fn span(&self) -> Span {
        match self {
            Literal::Pos(a) => a.span,
            Literal::Neg(_, s) => *s,
            Literal::Cmp(c) => c.span,
            Literal::Agg(a) => a.span,
        }
    }
}

/// Comparison operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CmpOp {
    /// `=`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

impl CmpOp {
    /// The operator as written.
    pub fn symbol(self) -> &'static str {
        match self {
            CmpOp::Eq => "=",
            CmpOp::Ne => "!=",
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
        }
    }
}

/// `lhs op rhs`
#[derive(Clone, Debug)]
pub struct Comparison {
    /// Left side.
    pub lhs: Expr,
    /// Operator.
    pub op: CmpOp,
    /// Right side.
    pub rhs: Expr,
    /// The whole comparison.
    pub span: Span,
}

/// Aggregate operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AggOp {
    /// Number of solutions.
    Count,
    /// Sum of the target over the solutions.
    Sum,
    /// Least target.
    Min,
    /// Greatest target.
    Max,
}

impl AggOp {
    /// The keyword.
    pub fn name(self) -> &'static str {
        match self {
            AggOp::Count => "count",
            AggOp::Sum => "sum",
            AggOp::Min => "min",
            AggOp::Max => "max",
        }
    }
}

/// `Result = op Target : { body }`
#[derive(Clone, Debug)]
pub struct Aggregate {
    /// The variable that receives the result.
    pub result: Var,
    /// The operator.
    pub op: AggOp,
    /// What is summed, minimised or maximised (none for count).
    pub target: Option<Expr>,
    /// The aggregated body.
    pub body: Vec<Literal>,
    /// The whole literal.
    pub span: Span,
}

/// A variable occurrence. The name `_` is anonymous.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Var {
    /// The name as written.
    pub name: String,
    /// Where.
    pub span: Span,
}

/// A constant as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Const {
    /// A symbol or string (the same value when the text is the same).
    Text(String),
    /// An integer.
    Int(i64),
    /// A decimal.
    Dec(Decimal),
    /// A date.
    Date(Date),
}

/// An expression (a term is the simplest expression).
#[derive(Clone, Debug)]
pub enum Expr {
    /// A variable.
    Var(Var),
    /// A constant.
    Const(Const, Span),
    /// `lhs op rhs`
    Binary(BinOp, Box<Expr>, Box<Expr>, Span),
    /// `-e`
    Neg(Box<Expr>, Span),
}

impl Expr {
    /// The expression's span.
    pub fn span(&self) -> Span {
        match self {
            Expr::Var(v) => v.span,
            Expr::Const(_, s) | Expr::Binary(_, _, _, s) | Expr::Neg(_, s) => *s,
        }
    }
}

/// A fixture file.
#[derive(Clone, Debug, Default)]
pub struct Fixture {
    /// Clauses shared by every case.
    pub shared: Module,
    /// The cases in order.
    pub cases: Vec<Case>,
}

/// `test "name" { ... }`
#[derive(Clone, Debug)]
pub struct Case {
    /// The case's name.
    pub name: String,
    /// Facts and rules visible only in this case.
    pub clauses: Vec<Clause>,
    /// The queries with their expected answers.
    pub expectations: Vec<Expectation>,
    /// `@as_of(DATE)`: the date its queries are asked about.
    pub as_of: Option<(Date, Span)>,
    /// The `test "name"` part.
    pub span: Span,
}

/// A query and what it must answer.
#[derive(Clone, Debug)]
pub struct Expectation {
    /// The query.
    pub query: Query,
    /// The expected answer.
    pub expected: Expected,
}

/// An expected answer.
#[derive(Clone, Debug, PartialEq)]
pub enum Expected {
    /// `=> true.` / `=> false.`
    Holds(bool),
    /// `=> X = a, Y = 1.` lines (`=> none.` is the empty set).
    Rows(Vec<Vec<(String, Const)>>),
}
