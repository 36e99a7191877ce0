//! Answers as people and programs read them: the Prolog-like text format
//! (`X = de`, `true.`, `false.`) and one JSON object per query.

use crate::check::program::Query;
use crate::diag::Diagnostic;
use crate::eval::{Answer, Limits, Model};
use crate::kb::KnowledgeBase;
use crate::syntax::ast::QueryKind;
use crate::value::ValueStore;
use std::fmt::Write as _;

/// How answers are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// `X = de` lines, `true.` / `false.`
    #[default]
    Text,
    /// One JSON object per query, one per line.
    Json,
}

/// The response to one query: its echo and answer lines as text (each line
/// ending in a newline), or its JSON line. Used by `regkb run` and the
/// prompt alike.
pub fn respond(
    kb: &mut KnowledgeBase,
    model: &mut Model,
    query: &Query,
    format: Format,
    limits: &Limits,
) -> Result<String, Diagnostic> {
    if query.kind != QueryKind::Find {
        return Err(Diagnostic::error(
            "unsupported",
            "`why` and `whynot` queries are not supported by this version",
        )
        .with_primary(query.span, "asked here"));
    }
    let answer = model
        .answer(query, &mut kb.values, limits)
        .map_err(|e| e.to_diagnostic(&kb.sources))?;
    Ok(match format {
        Format::Text => format!("?- {}.\n{}", query.text, answer_text(&answer, &kb.values)),
        Format::Json => format!("{}\n", answer_json(&query.text, &answer, &kb.values)),
    })
}

/// One answer row as text: `X = de, Y = 2`.
pub fn row_text(columns: &[String], row: &[crate::value::Value], store: &ValueStore) -> String {
    let mut s = String::new();
    for (i, (c, v)) in columns.iter().zip(row).enumerate() {
        if i > 0 {
            s.push_str(", ");
        }
        let _ = write!(s, "{c} = {}", store.display(*v));
    }
    s
}

/// The whole answer as text lines after the echoed query: one row a line,
/// or `true.` / `false.`.
pub fn answer_text(answer: &Answer, store: &ValueStore) -> String {
    let mut s = String::new();
    if answer.columns.is_empty() || answer.rows.is_empty() {
        s.push_str(if answer.holds() {
            "true.\n"
        } else {
            "false.\n"
        });
        return s;
    }
    for row in &answer.rows {
        s.push_str(&row_text(&answer.columns, row, store));
        s.push('\n');
    }
    s
}

/// The JSON line for a query:
/// `{"query":"path(1,X)","columns":["X"],"rows":[[2],[3]],"holds":true}`.
pub fn answer_json(query: &str, answer: &Answer, store: &ValueStore) -> String {
    let rows: Vec<serde_json::Value> = answer
        .rows
        .iter()
        .map(|r| serde_json::Value::Array(r.iter().map(|v| store.to_json(*v)).collect()))
        .collect();
    let line = JsonAnswer {
        query,
        columns: &answer.columns,
        rows,
        holds: answer.holds(),
    };
    serde_json::to_string(&line).expect("answers serialise")
}

/// The fields of a JSON answer line, in the order they are written.
#[derive(serde::Serialize)]
struct JsonAnswer<'a> {
    query: &'a str,
    columns: &'a [String],
    rows: Vec<serde_json::Value>,
    holds: bool,
}
