//! Answers as people and programs read them: the Prolog-like text format
//! (`X = de`, `true.`, `false.`) and one JSON object per query.

use crate::check::program::QueryKind;
use crate::check::program::{Program, Query};
use crate::diag::Diagnostic;
use crate::eval::{Answer, Limits, Model};
use crate::explain;
use crate::kb::KnowledgeBase;
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

/// How explanations are drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ExplainFormat {
    /// An indented tree.
    Text,
    /// Nested JSON objects.
    Json,
    /// Graphviz DOT.
    Dot,
}

/// What a response should contain.
#[derive(Clone, Debug)]
pub struct Respond {
    /// Answers as text or JSON.
    pub format: Format,
    /// Explain every answer of plain queries too (`--explain`).
    pub explain: bool,
    /// How to draw explanations (default: like `format`).
    pub explain_format: Option<ExplainFormat>,
    /// Most answer rows explained per query.
    pub explain_limit: usize,
    /// Evaluation limits.
    pub limits: Limits,
}

impl Default for Respond {
    fn default() -> Self {
        Respond {
            format: Format::Text,
            explain: false,
            explain_format: None,
            explain_limit: 10,
            limits: Limits::default(),
        }
    }
}

/// The response to one query: its echo and answer lines as text (each line
/// ending in a newline), or its JSON line; with explanations for `why`,
/// `whynot` and, when asked, every answer. Used by `regkb run` and the
/// prompt alike.
pub fn respond(
    kb: &mut KnowledgeBase,
    program: &Program,
    model: &mut Model,
    query: &Query,
    opts: &Respond,
) -> Result<String, Diagnostic> {
    let answer = model
        .answer(query, &mut kb.values, &opts.limits)
        .map_err(|e| e.to_diagnostic(&kb.sources))?;
    let explaining = opts.explain || query.kind != QueryKind::Find;
    let explanations = if explaining {
        explain::explain_query(
            kb,
            program,
            model,
            query,
            &answer,
            opts.explain_limit,
            &opts.limits,
        )?
    } else {
        Vec::new()
    };
    let explain_format = opts.explain_format.unwrap_or(match opts.format {
        Format::Text => ExplainFormat::Text,
        Format::Json => ExplainFormat::Json,
    });
    let mut out = match opts.format {
        Format::Text => format!("?- {}.\n{}", query.text, answer_text(&answer, &kb.values)),
        Format::Json if explaining && explain_format == ExplainFormat::Json => {
            let line = JsonExplained {
                query: &query.text,
                columns: &answer.columns,
                rows: json_rows(&answer, &kb.values),
                holds: answer.holds(),
                explanations: &explanations,
            };
            return Ok(format!(
                "{}\n",
                serde_json::to_string(&line).expect("explanations serialise")
            ));
        }
        Format::Json => format!("{}\n", answer_json(&query.text, &answer, &kb.values)),
    };
    if explaining {
        let width = explain::render::terminal_width();
        for e in &explanations {
            match explain_format {
                ExplainFormat::Text => {
                    out.push_str(&explain::render::text(e, width));
                }
                ExplainFormat::Json => {
                    out.push_str(&serde_json::to_string(e).expect("explanations serialise"));
                    out.push('\n');
                }
                ExplainFormat::Dot => out.push_str(&explain::render::dot(e)),
            }
        }
    }
    Ok(out)
}

/// A JSON answer line with explanations.
#[derive(serde::Serialize)]
struct JsonExplained<'a> {
    query: &'a str,
    columns: &'a [String],
    rows: Vec<serde_json::Value>,
    holds: bool,
    explanations: &'a [explain::Explanation],
}

fn json_rows(answer: &Answer, store: &ValueStore) -> Vec<serde_json::Value> {
    answer
        .rows
        .iter()
        .map(|r| serde_json::Value::Array(r.iter().map(|v| store.to_json(*v)).collect()))
        .collect()
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
    let rows = json_rows(answer, store);
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
