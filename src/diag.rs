//! Diagnostics: the one shape every error and warning takes once it leaves
//! its layer, and the one renderer that draws it like rustc.
//!
//! Layers own their words (`CheckError::to_diagnostic`, ...); this module owns
//! the drawing, which it leaves to `annotate-snippets`.

use crate::source::{SourceMap, Span};
use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use std::fmt::Write as _;

/// How bad a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    /// Stops evaluation.
    Error,
    /// Reported, never stops evaluation.
    Warning,
}

/// A labelled span.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Label {
    /// Where.
    pub span: Span,
    /// What to say there (may be empty).
    pub text: String,
}

/// A problem found in the input, with a stable code and places to point at.
/// (Serialised as it is held: spans are byte ranges of a file id; a
/// renderer resolves them to lines and columns through the `SourceMap`.)
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The stable kebab-case code, e.g. `arity-mismatch`.
    pub code: &'static str,
    /// One line, lower case, no final period.
    pub message: String,
    /// The place the problem is, if it has one.
    pub primary: Option<Label>,
    /// Other places that explain it.
    pub secondary: Vec<Label>,
    /// `= note: ...` lines.
    pub notes: Vec<String>,
    /// `= help: ...` lines.
    pub help: Vec<String>,
}

impl Diagnostic {
    /// An error with a code and message.
    pub fn error(code: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            code,
            message: message.into(),
            primary: None,
            secondary: Vec::new(),
            notes: Vec::new(),
            help: Vec::new(),
        }
    }

    /// A warning with a code and message.
    pub fn warning(code: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, message)
        }
    }

    /// Sets the primary place.
    pub fn with_primary(mut self, span: Span, text: impl Into<String>) -> Diagnostic {
        self.primary = Some(Label {
            span,
            text: text.into(),
        });
        self
    }

    /// Adds a secondary place.
    pub fn with_secondary(mut self, span: Span, text: impl Into<String>) -> Diagnostic {
        self.secondary.push(Label {
            span,
            text: text.into(),
        });
        self
    }

    /// Adds a note.
    pub fn with_note(mut self, note: impl Into<String>) -> Diagnostic {
        self.notes.push(note.into());
        self
    }

    /// Adds a help line.
    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help.push(help.into());
        self
    }

    /// With the help "did you mean `s`?" when there is a suggestion.
    pub fn with_suggestion(self, suggestion: Option<&str>) -> Diagnostic {
        match suggestion {
            Some(s) => self.with_help(format!("did you mean `{s}`?")),
            None => self,
        }
    }

    /// Whether this is an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The first line of its rendering, without colour:
    /// `error[arity-mismatch]: predicate ...`.
    pub fn headline(&self) -> String {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        format!("{level}[{}]: {}", self.code, self.message)
    }

    /// Renders the diagnostic, with colour when `color` is set.
    pub fn render(&self, sources: &SourceMap, color: bool) -> String {
        render(std::slice::from_ref(self), sources, color)
    }

    /// The diagnostic as one JSON object, what `--error-format json`
    /// prints a line of: `code`, `severity` (`"error"` or `"warning"`),
    /// `message`; the primary place as `file`, `line`, `column`,
    /// `end_line`, `end_column` (1-based, columns in characters, the end
    /// just after the span's last character; all `null` when the
    /// diagnostic has no place) and `label` (its text, or `null`);
    /// `notes`; `suggestions` (the help lines); and `labels`, the
    /// secondary places, each with the same five place fields and `text`.
    pub fn to_json(&self, sources: &SourceMap) -> serde_json::Value {
        use serde_json::{Map, Value, json};
        let mut object = Map::new();
        object.insert("code".into(), json!(self.code));
        object.insert(
            "severity".into(),
            json!(match self.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            }),
        );
        object.insert("message".into(), json!(self.message));
        let primary = self.primary.as_ref();
        place_json(&mut object, sources, primary.map(|l| l.span));
        object.insert(
            "label".into(),
            primary
                .filter(|l| !l.text.is_empty())
                .map_or(Value::Null, |l| json!(l.text)),
        );
        object.insert("notes".into(), json!(self.notes));
        object.insert("suggestions".into(), json!(self.help));
        let labels: Vec<Value> = self
            .secondary
            .iter()
            .map(|l| {
                let mut label = Map::new();
                place_json(&mut label, sources, Some(l.span));
                label.insert("text".into(), json!(l.text));
                Value::Object(label)
            })
            .collect();
        object.insert("labels".into(), Value::Array(labels));
        Value::Object(object)
    }
}

/// Adds `file`, `line`, `column`, `end_line` and `end_column` of a span
/// to a JSON object: `null` when there is no span or its file is not in
/// the map (such a place is not drawn by [`render`] either).
fn place_json(
    object: &mut serde_json::Map<String, serde_json::Value>,
    sources: &SourceMap,
    span: Option<Span>,
) {
    use serde_json::{Value, json};
    let place = span
        .filter(|s| (s.file.0 as usize) < sources.len())
        .map(|s| {
            let file = sources.file(s.file);
            let range = clamp(s.range(), &file.text);
            let (line, column) = file.line_col(range.start);
            let (end_line, end_column) = file.line_col(range.end);
            (file.name.as_str(), line, column, end_line, end_column)
        });
    let (file, line, column, end_line, end_column) = match place {
        Some((f, l, c, el, ec)) => (json!(f), json!(l), json!(c), json!(el), json!(ec)),
        None => (
            Value::Null,
            Value::Null,
            Value::Null,
            Value::Null,
            Value::Null,
        ),
    };
    object.insert("file".into(), file);
    object.insert("line".into(), line);
    object.insert("column".into(), column);
    object.insert("end_line".into(), end_line);
    object.insert("end_column".into(), end_column);
}

/// Renders diagnostics one after another, each followed by a blank line.
pub fn render(diagnostics: &[Diagnostic], sources: &SourceMap, color: bool) -> String {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = String::new();
    for d in diagnostics {
        let level = match d.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let title = level.clone().primary_title(d.message.as_str()).id(d.code);
        // One snippet per file, in order of first appearance: the primary
        // label's file first.
        let mut labels: Vec<(&Label, bool)> = Vec::new();
        if let Some(p) = &d.primary {
            labels.push((p, true));
        }
        labels.extend(d.secondary.iter().map(|l| (l, false)));
        let mut files: Vec<u32> = Vec::new();
        for (l, _) in &labels {
            if (l.span.file.0 as usize) < sources.len() && !files.contains(&l.span.file.0) {
                files.push(l.span.file.0);
            }
        }
        let mut group: Group<'_>;
        {
            let mut elements = Vec::new();
            for f in &files {
                let file = sources.file(crate::source::FileId(*f));
                let mut snippet = Snippet::source(&*file.text)
                    .path(file.name.as_str())
                    .fold(true);
                for (l, primary) in labels.iter().filter(|(l, _)| l.span.file.0 == *f) {
                    let kind = if *primary {
                        AnnotationKind::Primary
                    } else {
                        AnnotationKind::Context
                    };
                    let range = clamp(l.span.range(), &file.text);
                    snippet = snippet.annotation(kind.span(range).label(l.text.as_str()));
                }
                elements.push(snippet);
            }
            group = Group::with_title(title);
            for e in elements {
                group = group.element(e);
            }
        }
        for n in &d.notes {
            group = group.element(Level::NOTE.message(n.as_str()));
        }
        for h in &d.help {
            group = group.element(Level::HELP.message(h.as_str()));
        }
        let _ = writeln!(out, "{}", renderer.render(&[group]));
        out.push('\n');
    }
    out
}

/// Keeps a span inside the text and on character boundaries; an empty span at
/// the end of a line is widened to one character so the caret shows.
fn clamp(range: std::ops::Range<usize>, text: &str) -> std::ops::Range<usize> {
    let mut start = range.start.min(text.len());
    let mut end = range.end.min(text.len()).max(start);
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    while !text.is_char_boundary(end) {
        end += 1;
    }
    start..end
}

/// "1 argument" / "2 arguments".
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// The closest candidate to `name`, if one is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let mut best: Option<(&str, usize)> = None;
    for c in candidates {
        if c == name {
            continue;
        }
        let d = strsim::damerau_levenshtein(name, c);
        let limit = (name.chars().count().max(3)) / 3;
        if d <= limit && best.is_none_or(|(_, bd)| d < bd) {
            best = Some((c, d));
        }
    }
    best.map(|(c, _)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_like_rustc() {
        let mut map = SourceMap::new();
        let id = map.add("kb/x.kb", "p(a).\nq(X) :- p(X, Y).\n");
        let d = Diagnostic::error(
            "arity-mismatch",
            "predicate `p` used with 2 arguments, but with 1 elsewhere",
        )
        .with_primary(Span::new(id, 14, 21), "2 arguments here")
        .with_note("first used with 1 argument at kb/x.kb:1:1");
        let text = d.render(&map, false);
        assert_eq!(
            text,
            "error[arity-mismatch]: predicate `p` used with 2 arguments, but with 1 elsewhere\n --> kb/x.kb:2:9\n  |\n2 | q(X) :- p(X, Y).\n  |         ^^^^^^^ 2 arguments here\n  |\n  = note: first used with 1 argument at kb/x.kb:1:1\n\n"
        );
    }

    #[test]
    fn json_gives_places_in_characters() {
        let mut map = SourceMap::new();
        let id = map.add("kb/ø.kb", "p(a).\nø(X) :- p(X, Y).\n");
        let other = map.add("kb/o.kb", "p(b).\n");
        // `p(X, Y)` starts after `ø(X) :- ` (ø is two bytes, one column).
        let d = Diagnostic::warning("arity-mismatch", "two arities")
            .with_primary(Span::new(id, 15, 22), "2 arguments here")
            .with_secondary(Span::new(other, 0, 5), "first used here")
            .with_note("a note")
            .with_help("a help");
        let want = serde_json::json!({
            "code": "arity-mismatch",
            "severity": "warning",
            "message": "two arities",
            "file": "kb/ø.kb",
            "line": 2,
            "column": 9,
            "end_line": 2,
            "end_column": 16,
            "label": "2 arguments here",
            "notes": ["a note"],
            "suggestions": ["a help"],
            "labels": [{
                "file": "kb/o.kb", "line": 1, "column": 1,
                "end_line": 1, "end_column": 6, "text": "first used here"
            }],
        });
        assert_eq!(d.to_json(&map), want);
    }

    #[test]
    fn json_without_a_place_has_nulls() {
        // (diagnostic, file, line, end_column)
        let map = SourceMap::new();
        let placeless = Diagnostic::error("read-error", "cannot read `x`");
        let elsewhere = Diagnostic::error("read-error", "x")
            .with_primary(Span::new(crate::source::FileId(7), 0, 1), "");
        for d in [placeless, elsewhere] {
            let j = d.to_json(&map);
            for field in ["file", "line", "column", "end_line", "end_column", "label"] {
                assert_eq!(j[field], serde_json::Value::Null, "{field} of {j}");
            }
            assert_eq!(j["severity"], "error");
            assert_eq!(j["notes"], serde_json::json!([]));
            assert_eq!(j["suggestions"], serde_json::json!([]));
            assert_eq!(j["labels"], serde_json::json!([]));
        }
    }

    #[test]
    fn json_spans_past_the_end_are_clamped() {
        let mut map = SourceMap::new();
        let id = map.add("t.kb", "p(a)");
        let j = Diagnostic::error("syntax-error", "expected `.`")
            .with_primary(Span::new(id, 4, 9), "here")
            .to_json(&map);
        assert_eq!((&j["line"], &j["column"]), (&1.into(), &5.into()));
        assert_eq!((&j["end_line"], &j["end_column"]), (&1.into(), &5.into()));
    }

    #[test]
    fn suggests_close_names() {
        assert_eq!(
            did_you_mean("eea_membr", ["eea_member", "pics_member"]),
            Some("eea_member")
        );
        assert_eq!(did_you_mean("foo", ["eea_member"]), None);
    }
}
