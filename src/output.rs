//! Answers as people and programs read them: the Prolog-like text format
//! (`X = de`, `true.`, `false.`) and one JSON object per query.

use crate::eval::Answer;
use crate::value::ValueStore;
use std::fmt::Write as _;

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
        s.push_str(if answer.holds() { "true.\n" } else { "false.\n" });
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
