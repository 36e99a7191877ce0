//! Rendering: structured answers and explanations as people and programs
//! read them. Nothing here evaluates; everything here is a function of the
//! engine's data.
//!
//! - this module: answers as the Prolog-like text (`X = de`, `true.`,
//!   `false.`) and as one JSON object per query;
//! - [`explanation`] explanation trees as text, JSON and Graphviz DOT.

pub mod explanation;

use crate::engine::{Detail, ExplainFormat, Format, Options, Response};
use crate::explain::Explanation;
use crate::value::{Constant, row_text};

/// The response to one query as `regkb run` writes it: the echoed query and
/// its answer lines (each ending in a newline), or its JSON line; then the
/// explanations, if any, in the explanation format.
pub fn response(r: &Response, options: &Options) -> String {
    let explain_format = options.explain_format();
    // DOT is the whole output: graphs only, for Graphviz.
    if explain_format == ExplainFormat::Dot {
        return explanations(r, explain_format, options.explain_detail);
    }
    let mut out = match options.format {
        Format::Text => format!(
            "?- {}.\n{}{}{}",
            r.query,
            answer_text(r),
            overrides_text(r),
            later_sources_text(r)
        ),
        Format::Json => {
            if let Some(explanations) = r.explanations.as_ref()
                && explain_format == ExplainFormat::Json
            {
                return format!("{}\n", explained_json(r, explanations));
            }
            format!("{}\n", answer_json(r))
        }
    };
    out.push_str(&explanations(r, explain_format, options.explain_detail));
    out
}

/// The explanations of a response drawn one after another (nothing when it
/// has none). As text, an explanation with a short justification is drawn
/// as that (`Detail::Short`) or as that and its tree (`Detail::Full`);
/// one without as its tree.
pub fn explanations(r: &Response, format: ExplainFormat, detail: Detail) -> String {
    let mut out = String::new();
    if r.explanations.is_none() {
        return out;
    }
    // Asked of the terminal only when there is something to draw.
    let width = explanation::terminal_width();
    for e in r.explanations.iter().flatten() {
        match format {
            ExplainFormat::Text => match &e.short {
                Some(short) => {
                    out.push_str(&explanation::short_text(short, width));
                    if detail == Detail::Full {
                        out.push_str(&explanation::text(e, width));
                    }
                }
                None => out.push_str(&explanation::text(e, width)),
            },
            ExplainFormat::Json => {
                out.push_str(&serde_json::to_string(e).expect("explanations serialise"));
                out.push('\n');
            }
            ExplainFormat::Dot => out.push_str(&explanation::dot(e)),
        }
    }
    // Some answers of a query were left unexplained.
    if let Some(es) = &r.explanations
        && format == ExplainFormat::Text
        && r.kind == crate::check::program::QueryKind::Find
        && es.len() < r.rows.len()
    {
        out.push_str(&format!(
            "{} of {} answers explained; `--explain-limit N` for more\n",
            es.len(),
            r.rows.len()
        ));
    }
    out
}

/// A line for each `@override` clause the answer rests on.
pub fn overrides_text(r: &Response) -> String {
    r.overrides
        .iter()
        .map(|o| {
            format!(
                "note: this answer rests on `{}` ({}), which overrides the knowledge base\n",
                o.clause, o.location
            )
        })
        .collect()
}

/// A line for each source dated after the date the answer is about.
pub fn later_sources_text(r: &Response) -> String {
    r.later_sources
        .iter()
        .map(|s| {
            if r.timeline.is_some() {
                format!(
                    "note: this timeline reads \"{}\", which states it as of {}; what held before that date is not known\n",
                    s.citation, s.as_of
                )
            } else {
                format!(
                    "note: this answer reads \"{}\", which states it as of {}, after the date asked about ({}); what held before is not known\n",
                    s.citation, s.as_of, r.as_of
                )
            }
        })
        .collect()
}

/// The answer lines after the echoed query: one row a line (`X = de, Y = 2`),
/// or `true.` / `false.`.
pub fn answer_text(r: &Response) -> String {
    if let Some(spans) = &r.timeline {
        return timeline_text(&r.columns, spans);
    }
    if r.columns.is_empty() || r.rows.is_empty() {
        return if r.holds { "true.\n" } else { "false.\n" }.to_string();
    }
    let mut s = String::new();
    for row in &r.rows {
        s.push_str(&row_text(&r.columns, row));
        s.push('\n');
    }
    s
}

/// A `when` answer: a line per row and period (`from 2017-07-01 until
/// 2019-08-01`, `X = a: always`), or `never.`.
fn timeline_text(columns: &[String], spans: &[crate::engine::timeline::Span]) -> String {
    if spans.is_empty() {
        return "never.\n".to_string();
    }
    let mut s = String::new();
    for span in spans {
        if !columns.is_empty() {
            s.push_str(&row_text(columns, &span.row));
            s.push_str(": ");
        }
        s.push_str(&span.period().to_string());
        s.push('\n');
    }
    s
}

/// The rows as text lines, without `true.` / `false.`.
pub fn row_lines(r: &Response) -> Vec<String> {
    r.rows.iter().map(|row| row_text(&r.columns, row)).collect()
}

/// The JSON line for a query:
/// `{"query":"path(1,X)","columns":["X"],"rows":[[2],[3]],"holds":true}`.
pub fn answer_json(r: &Response) -> String {
    json_line(r, None)
}

/// The JSON line with the explanations.
fn explained_json(r: &Response, explanations: &[Explanation]) -> String {
    json_line(r, Some(explanations))
}

fn json_line(r: &Response, explanations: Option<&[Explanation]>) -> String {
    let line = JsonAnswer {
        query: &r.query,
        as_of: r.as_of,
        columns: &r.columns,
        rows: &r.rows,
        holds: r.holds,
        text: r.text.as_deref(),
        timeline: r.timeline.as_deref(),
        overrides: &r.overrides,
        later_sources: &r.later_sources,
        explanations,
    };
    serde_json::to_string(&line).expect("answers serialise")
}

/// The fields of a JSON answer line, in the order they are written.
#[derive(serde::Serialize)]
struct JsonAnswer<'a> {
    query: &'a str,
    as_of: crate::value::Date,
    columns: &'a [String],
    rows: &'a [Vec<Constant>],
    holds: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    timeline: Option<&'a [crate::engine::timeline::Span]>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    overrides: &'a [crate::engine::OverrideRef],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    later_sources: &'a [crate::engine::LaterSource],
    #[serde(skip_serializing_if = "Option::is_none")]
    explanations: Option<&'a [Explanation]>,
}

/// A listing of predicates, a line each: `name/arity` padded to the
/// longest (at most `widest` characters), two spaces, `input` or as many
/// blanks, `gap` spaces, the doc; no trailing white space.
pub fn predicate_rows(
    preds: &[crate::engine::catalogue::Summary],
    widest: usize,
    gap: usize,
) -> Vec<String> {
    let names: Vec<String> = preds
        .iter()
        .map(|p| format!("{}/{}", p.name, p.arity))
        .collect();
    let width = names
        .iter()
        .map(|n| n.chars().count())
        .max()
        .unwrap_or(0)
        .min(widest);
    let input = |yes: bool| if yes { "input" } else { "" };
    preds
        .iter()
        .zip(&names)
        .map(|(p, n)| {
            let line = format!(
                "{n:width$}  {:5}{:gap$}{}",
                input(p.input),
                "",
                p.doc.as_deref().unwrap_or("")
            );
            line.trim_end().to_string()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::program::QueryKind;

    fn response(columns: &[&str], rows: Vec<Vec<Constant>>) -> Response {
        Response {
            query: "p(X)".to_string(),
            kind: QueryKind::Find,
            columns: columns.iter().map(|c| c.to_string()).collect(),
            as_of: crate::value::Date::parse("2024-07-01").unwrap(),
            holds: !rows.is_empty(),
            rows,
            timeline: None,
            text: None,
            explanations: None,
            overrides: Vec::new(),
            later_sources: Vec::new(),
        }
    }

    #[test]
    fn answers_as_text_and_json() {
        let cases = [
            (
                response(
                    &["X"],
                    vec![vec![Constant::Int(2)], vec![Constant::Text("a b".into())]],
                ),
                "X = 2\nX = \"a b\"\n",
                r#"{"query":"p(X)","as_of":"2024-07-01","columns":["X"],"rows":[[2],["a b"]],"holds":true}"#,
            ),
            (
                response(&[], vec![vec![]]),
                "true.\n",
                r#"{"query":"p(X)","as_of":"2024-07-01","columns":[],"rows":[[]],"holds":true}"#,
            ),
            (
                response(&["X"], vec![]),
                "false.\n",
                r#"{"query":"p(X)","as_of":"2024-07-01","columns":["X"],"rows":[],"holds":false}"#,
            ),
        ];
        for (r, text, json) in cases {
            assert_eq!(answer_text(&r), text);
            assert_eq!(answer_json(&r), json);
        }
    }
}
