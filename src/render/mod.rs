//! Rendering: structured answers and explanations as people and programs
//! read them. Nothing here evaluates; everything here is a function of the
//! engine's data.
//!
//! - this module: answers as the Prolog-like text (`X = de`, `true.`,
//!   `false.`) and as one JSON object per query;
//! - [`explanation`] explanation trees as text, JSON and Graphviz DOT.

pub mod explanation;

use crate::engine::{Detail, ExplainFormat, Format, Options, Response, Streamed};
use crate::explain::Explanation;
use crate::value::{Constant, Datum, row_text};
use std::io::Write;

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

/// [`response`] written to `w` as the rows are read from the answer (no
/// row is copied or formatted ahead): the same bytes, in the time of
/// writing them. The query and column names are written first, the rows,
/// then what follows them.
pub fn write_streamed(
    w: &mut impl Write,
    s: &Streamed<'_>,
    options: &Options,
) -> std::io::Result<()> {
    let r = &s.response;
    let explain_format = options.explain_format();
    let drawn = |w: &mut dyn Write| {
        w.write_all(explanations_of(r, s.len(), explain_format, options.explain_detail).as_bytes())
    };
    if explain_format == ExplainFormat::Dot {
        return drawn(w);
    }
    // A timeline's rows are in the response itself.
    let rows_streamed = r.timeline.is_none();
    match options.format {
        Format::Text => {
            writeln!(w, "?- {}.", r.query)?;
            if !rows_streamed {
                w.write_all(answer_text(r).as_bytes())?;
            } else if r.columns.is_empty() || s.is_empty() {
                w.write_all(if r.holds { b"true.\n" } else { b"false.\n" })?;
            } else {
                for row in s.rows() {
                    for (i, (c, v)) in r.columns.iter().zip(row).enumerate() {
                        if i > 0 {
                            w.write_all(b", ")?;
                        }
                        write!(w, "{c} = {}", s.store().display(*v))?;
                    }
                    w.write_all(b"\n")?;
                }
            }
            w.write_all(overrides_text(r).as_bytes())?;
            w.write_all(later_sources_text(r).as_bytes())?;
        }
        Format::Json => {
            let explained = r
                .explanations
                .as_ref()
                .filter(|_| explain_format == ExplainFormat::Json);
            let line = json_line(r, explained.map(Vec::as_slice));
            // The line with no rows, the rows spliced in where they go (the
            // key cannot occur unescaped inside a string before it).
            match line.find(ROWS_KEY).filter(|_| rows_streamed) {
                Some(at) => {
                    w.write_all(&line.as_bytes()[..at + ROWS_KEY.len() - 1])?;
                    for (n, row) in s.rows().enumerate() {
                        w.write_all(if n == 0 { b"[" } else { b",[" })?;
                        for (i, v) in row.iter().enumerate() {
                            if i > 0 {
                                w.write_all(b",")?;
                            }
                            write_json_value(w, s.store(), *v)?;
                        }
                        w.write_all(b"]")?;
                    }
                    w.write_all(&line.as_bytes()[at + ROWS_KEY.len() - 1..])?;
                }
                None => w.write_all(line.as_bytes())?,
            }
            w.write_all(b"\n")?;
            if explained.is_some() {
                return Ok(());
            }
        }
    }
    drawn(w)
}

/// How the empty rows of a JSON answer line read.
const ROWS_KEY: &str = "\"rows\":[]";

/// One value as JSON, as [`Constant`] serialises it.
fn write_json_value(
    w: &mut impl Write,
    store: &crate::value::ValueStore,
    v: crate::value::Value,
) -> std::io::Result<()> {
    match store.get(v) {
        Datum::Int(i) => write!(w, "{i}"),
        Datum::Dec(d) => write!(w, "{d}"),
        Datum::Date(d) => write!(w, "\"{d}\""),
        Datum::Text(t) => serde_json::to_writer(&mut *w, t).map_err(std::io::Error::other),
    }
}

/// The explanations of a response drawn one after another (nothing when it
/// has none). As text, an explanation with a short justification is drawn
/// as that (`Detail::Short`) or as that and its tree (`Detail::Full`);
/// one without as its tree.
pub fn explanations(r: &Response, format: ExplainFormat, detail: Detail) -> String {
    explanations_of(r, r.rows.len(), format, detail)
}

/// [`explanations`] of a response with `rows` answer rows.
fn explanations_of(r: &Response, rows: usize, format: ExplainFormat, detail: Detail) -> String {
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
        && es.len() < rows
    {
        out.push_str(&format!(
            "{} of {} answers explained; `--explain-limit N` for more\n",
            es.len(),
            rows
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
    fn streamed_answers_are_the_same_bytes_as_whole_ones() {
        let text = r#"
            v(1). v(-7). v(4000000000). v(2.50). v(2024-02-29). v(abc). v("a \"q\" b\\").
            v("æ ø"). p(1, x). p(1, y). p(2, "s t"). q(3).
            @valid(from: 2020-01-01) { d(9). }
            r(X, Y) :- p(X, Y), not q(X).
            ?- v(X).
            ?- p(X, Y).
            ?- p(X, _).
            ?- r(X, Y).
            ?- q(3).
            ?- q(4).
            ?- when d(X).
            ?- why r(1, x).
            ?- whynot r(3, x).
            ?- s(X).
        "#;
        let text = text.replace("?- s(X).", "s(X) :- p(X, _), X > 1.\n?- s(X).");
        let base = std::sync::Arc::new(crate::engine::Base::empty());
        for format in [Format::Text, Format::Json] {
            for explain in [false, true] {
                for order in [
                    crate::eval::RowOrder::Sorted,
                    crate::eval::RowOrder::AsFound,
                ] {
                    let options = Options {
                        format,
                        explain,
                        order,
                        as_of: crate::value::Date::parse("2024-07-01"),
                        ..Options::default()
                    };
                    let mut scenario = base.scenario();
                    scenario.add_text("t.kb", &text).expect("checks");
                    for i in 0..scenario.queries().len() {
                        let whole =
                            super::response(&scenario.answer_at(i, &options).unwrap(), &options);
                        let mut streamed = Vec::new();
                        let s = scenario.answer_at_streamed(i, &options).unwrap();
                        write_streamed(&mut streamed, &s, &options).unwrap();
                        assert_eq!(
                            String::from_utf8(streamed).unwrap(),
                            whole,
                            "query {i}, {format:?}, explain {explain}, {order:?}"
                        );
                    }
                }
            }
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
