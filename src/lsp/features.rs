//! The answers to an editor's questions about a position: hover (a
//! predicate's catalogue entry, a value's names), go to definition, find
//! references, document and workspace symbols, and completion (predicates
//! with their arguments, a domain's values with their names, directives).
//! Everything comes from the catalogue and the syntax trees the library
//! made; nothing is parsed here.

use super::index::{Index, Role};
use super::text::{LineIndex, word_at};
use super::workspace::{Doc, Workspace};
use crate::check::Program;
use crate::check::program::DomainRef;
use crate::engine::catalogue;
use crate::source::{SourceMap, Span};
use lsp_types as lsp;
use std::fmt::Write as _;
use std::path::Path;

/// The directives and annotations of the language, for completion.
const DIRECTIVES: &[(&str, &str)] = &[
    (
        "@input",
        "a predicate the user gives facts for: `@input ma_in(P, C: country).`",
    ),
    (
        "@domain",
        "a domain of values: `@domain class = {vaccine, biological}.`",
    ),
    ("@include", "read another file: `@include \"other.kb\".`"),
    (
        "@facts",
        "the rows of a CSV or TSV file as facts: `@facts(ma_in, \"ma.csv\").`",
    ),
    (
        "@document",
        "a source document: `@document(\"file.txt\", cite: \"...\").`",
    ),
    ("@say", "a sentence: `@say(en, p(X), \"...{X}...\").`"),
    (
        "@names",
        "a names table: `@names(country, country_name(Value, Lang, Name)).`",
    ),
    (
        "@source",
        "the legal source of the clauses after it: `@source(\"§ 2-5\", \"locator\")`",
    ),
    (
        "@valid",
        "a period of validity: `@valid(from: 2017-07-01, until: 2024-01-01)`",
    ),
    (
        "@override",
        "a clause meant to change what the knowledge base defines",
    ),
    (
        "@as_of",
        "a fixture case's date: `test \"name\" @as_of(2024-01-01) { ... }`",
    ),
];

/// Keywords, for completion.
const KEYWORDS: &[&str] = &[
    "not", "why", "whynot", "when", "test", "true", "false", "none",
];

/// What is under the cursor.
enum Target {
    Pred(String),
    Value {
        pred: String,
        arg: usize,
        text: String,
    },
}

impl Workspace {
    fn doc_offset(&self, path: &Path, pos: lsp::Position) -> Option<(&Doc, usize)> {
        let doc = self.docs.get(path)?;
        let offset = LineIndex::new(&doc.text).offset(&doc.text, pos, self.encoding);
        Some((doc, offset))
    }

    /// The program a document stands on: its own with the knowledge base,
    /// or the knowledge base's while it has errors.
    fn program_of<'a>(&'a self, doc: &'a Doc) -> (&'a Program, &'a SourceMap) {
        match &doc.analysis.program {
            Some(p) => (p, &doc.analysis.program_sources),
            None => (self.kb.base.program(), self.kb.base.sources()),
        }
    }

    fn target(&self, doc: &Doc, offset: usize) -> Option<Target> {
        let a = &doc.analysis;
        if let Some(file) = a.file {
            if let Some(o) = a.index.name_at(file, offset) {
                return Some(Target::Pred(o.pred.clone()));
            }
            if let Some(v) = a.index.value_at(file, offset) {
                let text = a.sources.text(v.span).trim_matches('"').to_string();
                return Some(Target::Value {
                    pred: v.pred.clone(),
                    arg: v.arg,
                    text,
                });
            }
        }
        // Text that does not parse yet: the word under the cursor, if it
        // names a predicate.
        let word = &doc.text[word_at(&doc.text, offset)?];
        let (program, _) = self.program_of(doc);
        program
            .pred_id(word)
            .map(|_| Target::Pred(word.to_string()))
    }

    /// Hover: a predicate's entry, or what a value is called.
    pub fn hover(&self, path: &Path, pos: lsp::Position) -> Option<lsp::Hover> {
        let (doc, offset) = self.doc_offset(path, pos)?;
        let text = match self.target(doc, offset)? {
            Target::Pred(name) => self.describe(doc, &name)?,
            Target::Value { pred, arg, text } => self.describe_value(doc, &pred, arg, &text)?,
        };
        Some(lsp::Hover {
            contents: lsp::HoverContents::Markup(lsp::MarkupContent {
                kind: lsp::MarkupKind::Markdown,
                value: text,
            }),
            range: None,
        })
    }

    /// A predicate's catalogue entry in Markdown.
    fn describe(&self, doc: &Doc, name: &str) -> Option<String> {
        let (program, sources) = self.program_of(doc);
        let id = program.pred_id(name)?;
        let entry = catalogue::describe(program, id);
        let p = program.pred(id);
        let mut out = String::new();
        let _ = writeln!(out, "```regkb\n{}\n```", signature(program, p));
        let _ = writeln!(
            out,
            "**{}/{}**{}\n",
            entry.name,
            entry.arity,
            if entry.input {
                " — an input: the user gives its facts (`@input`)"
            } else {
                ""
            }
        );
        if let Some(d) = &entry.doc {
            let _ = writeln!(out, "{d}\n");
        }
        let sentences: Vec<String> = program
            .templates
            .iter()
            .filter(|t| t.pred == id)
            .map(|t| {
                let text = sources.text(t.span);
                let quoted = match (text.find('"'), text.rfind('"')) {
                    (Some(a), Some(b)) if a < b => &text[a..=b],
                    _ => text,
                };
                format!(
                    "- {}{}: {quoted}",
                    t.lang.code(),
                    if t.negated { " (not)" } else { "" }
                )
            })
            .collect();
        if !sentences.is_empty() {
            let _ = writeln!(out, "Sentences:\n{}\n", sentences.join("\n"));
        }
        if !entry.sources.is_empty() {
            let _ = writeln!(out, "Sources:");
            for s in &entry.sources {
                let cite = s.locator.as_deref().and_then(|l| program.cite(l));
                match (cite, &s.locator) {
                    (Some(c), _) => {
                        let _ = writeln!(out, "- {}; {c}", s.citation);
                    }
                    (None, Some(l)) => {
                        let _ = writeln!(out, "- {} ({l})", s.citation);
                    }
                    (None, None) => {
                        let _ = writeln!(out, "- {}", s.citation);
                    }
                }
            }
            out.push('\n');
        }
        let mut places: Vec<Span> = entry.rules.iter().chain(&entry.facts).copied().collect();
        places.sort_by_key(|s| (s.file, s.start));
        if let Some(first) = places
            .first()
            .filter(|s| (s.file.0 as usize) < sources.len())
        {
            let more = places.len() - 1;
            let _ = writeln!(
                out,
                "Defined at `{}`{} ({} rule{}, {} fact{})",
                sources.location(*first),
                if more > 0 {
                    format!(" and {more} more place{}", if more == 1 { "" } else { "s" })
                } else {
                    String::new()
                },
                entry.rules.len(),
                if entry.rules.len() == 1 { "" } else { "s" },
                entry.facts.len(),
                if entry.facts.len() == 1 { "" } else { "s" },
            );
        } else if entry.input {
            let _ = writeln!(out, "No facts in the knowledge base: the user gives them.");
        }
        Some(out)
    }

    /// What a value in an argument with a domain is called.
    fn describe_value(&self, doc: &Doc, pred: &str, arg: usize, text: &str) -> Option<String> {
        let (program, _) = self.program_of(doc);
        let p = program.pred(program.pred_id(pred)?);
        let domain = p.domains.get(arg)?.as_ref()?;
        let DomainRef::Declared(did) = domain else {
            return Some(format!(
                "`{text}`: {} (argument {} of `{pred}`)",
                catalogue::domain_name(program, domain),
                arg + 1
            ));
        };
        let base = self.kb.base.program();
        let d = base
            .domains
            .get(*did as usize)
            .filter(|d| d.name == program.domains[*did as usize].name)?;
        let value = self.kb.base.values().find_text(text);
        let names = value.map(|v| value_names(d, v)).unwrap_or_default();
        let known = value.is_some_and(|v| d.members.values.contains(&v));
        Some(if !known {
            format!(
                "`{text}` is not a {} (`{pred}` takes one as argument {})",
                d.name,
                arg + 1
            )
        } else if names.is_empty() {
            format!("`{text}`: a {}", d.name)
        } else {
            format!("`{text}` ({}): {}", d.name, names.join(" · "))
        })
    }

    /// Go to definition: the `@input` declaration, or the first fact or
    /// rule.
    pub fn definition(&self, path: &Path, pos: lsp::Position) -> Option<lsp::Location> {
        let (doc, offset) = self.doc_offset(path, pos)?;
        let Target::Pred(name) = self.target(doc, offset)? else {
            return None;
        };
        let both = [
            (&self.kb.index, &self.kb.sources),
            (&doc.analysis.index, &doc.analysis.sources),
        ];
        for role in [Role::Declares, Role::Defines] {
            for (index, sources) in both {
                if let Some(o) = index
                    .names
                    .iter()
                    .find(|o| o.pred == name && o.role == role)
                {
                    return self.location(sources, o.item);
                }
            }
        }
        None
    }

    /// Find references: every place the predicate is written, in the
    /// knowledge base and in the open documents.
    pub fn references(
        &self,
        path: &Path,
        pos: lsp::Position,
        declaration: bool,
    ) -> Vec<lsp::Location> {
        let Some((doc, offset)) = self.doc_offset(path, pos) else {
            return Vec::new();
        };
        let Some(Target::Pred(name)) = self.target(doc, offset) else {
            return Vec::new();
        };
        let base_files = self.kb.base.sources().len();
        let mut out = Vec::new();
        let mut add = |index: &Index, sources: &SourceMap, own_only: bool| {
            for o in index.names.iter().filter(|o| o.pred == name) {
                if (!declaration && o.role == Role::Declares)
                    || (own_only && (o.span.file.0 as usize) < base_files)
                {
                    continue;
                }
                if let Some(l) = self.location(sources, o.span)
                    && !out.contains(&l)
                {
                    out.push(l);
                }
            }
        };
        add(&self.kb.index, &self.kb.sources, false);
        for d in self.docs.values() {
            if d.kind != super::workspace::Kind::KbMember {
                add(&d.analysis.index, &d.analysis.sources, true);
            }
        }
        out
    }

    /// The predicates, domains and cases a document defines.
    pub fn document_symbols(&self, path: &Path) -> Vec<lsp::SymbolInformation> {
        let Some(doc) = self.docs.get(path) else {
            return Vec::new();
        };
        let Some(file) = doc.analysis.file else {
            return Vec::new();
        };
        symbols(
            self,
            &doc.analysis.index,
            &doc.analysis.sources,
            |s| s.file == file,
            "",
        )
    }

    /// Every predicate (and domain) of the knowledge base and the open
    /// documents whose name contains `query`.
    pub fn workspace_symbols(&self, query: &str) -> Vec<lsp::SymbolInformation> {
        let query = query.to_lowercase();
        let mut out = symbols(self, &self.kb.index, &self.kb.sources, |_| true, &query);
        let base_files = self.kb.base.sources().len();
        for d in self.docs.values() {
            if d.kind != super::workspace::Kind::KbMember {
                out.extend(symbols(
                    self,
                    &d.analysis.index,
                    &d.analysis.sources,
                    |s| s.file.0 as usize >= base_files,
                    &query,
                ));
            }
        }
        out
    }

    /// Completion at a position.
    pub fn completion(&self, path: &Path, pos: lsp::Position) -> Vec<lsp::CompletionItem> {
        let Some((doc, offset)) = self.doc_offset(path, pos) else {
            return Vec::new();
        };
        let text = &doc.text[..offset];
        let prefix_len = text
            .chars()
            .rev()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .map(char::len_utf8)
            .sum::<usize>();
        let prefix = &text[offset - prefix_len..];
        let before = &text[..offset - prefix_len];
        if before.ends_with('@') {
            return DIRECTIVES
                .iter()
                .filter(|(d, _)| d[1..].starts_with(prefix))
                .map(|(d, what)| lsp::CompletionItem {
                    label: d.to_string(),
                    kind: Some(lsp::CompletionItemKind::KEYWORD),
                    detail: Some(what.to_string()),
                    insert_text: Some(d[1..].to_string()),
                    ..Default::default()
                })
                .collect();
        }
        let (program, _) = self.program_of(doc);
        if let Some((pred, arg)) = enclosing_call(before)
            && let Some(values) = self.domain_values(program, &pred, arg, prefix)
        {
            return values;
        }
        let mut items: Vec<lsp::CompletionItem> = program
            .preds
            .iter()
            .filter(|p| (p.defined || p.input) && p.name.starts_with(prefix))
            .map(|p| lsp::CompletionItem {
                label: p.name.clone(),
                kind: Some(lsp::CompletionItemKind::FUNCTION),
                detail: Some(signature(program, p)),
                documentation: p.doc.clone().map(lsp::Documentation::String),
                ..Default::default()
            })
            .collect();
        items.sort_by(|a, b| a.label.cmp(&b.label));
        items.extend(
            KEYWORDS
                .iter()
                .filter(|k| !prefix.is_empty() && k.starts_with(prefix))
                .map(|k| lsp::CompletionItem {
                    label: k.to_string(),
                    kind: Some(lsp::CompletionItemKind::KEYWORD),
                    ..Default::default()
                }),
        );
        items
    }

    /// The values of the domain of `pred`'s argument `arg`, with their
    /// names, that start with `prefix`.
    fn domain_values(
        &self,
        program: &Program,
        pred: &str,
        arg: usize,
        prefix: &str,
    ) -> Option<Vec<lsp::CompletionItem>> {
        let p = program.pred(program.pred_id(pred)?);
        let Some(DomainRef::Declared(did)) = p.domains.get(arg)?.as_ref() else {
            return None;
        };
        let name = &program.domains.get(*did as usize)?.name;
        let base = self.kb.base.program();
        let d = base.domains.iter().find(|d| &d.name == name)?;
        let values = self.kb.base.values();
        let mut items: Vec<lsp::CompletionItem> = d
            .members
            .values
            .iter()
            .map(|&v| {
                let label = values.display(v).to_string();
                (label, value_names(d, v).join(" · "))
            })
            .filter(|(label, names)| {
                label.starts_with(prefix) || names.to_lowercase().contains(&prefix.to_lowercase())
            })
            .map(|(label, names)| lsp::CompletionItem {
                filter_text: Some(format!("{label} {names}")),
                detail: (!names.is_empty()).then(|| names.clone()),
                kind: Some(lsp::CompletionItemKind::ENUM_MEMBER),
                label,
                ..Default::default()
            })
            .collect();
        items.sort_by(|a, b| a.label.cmp(&b.label));
        Some(items)
    }
}

/// `name(P, C: country)`: a predicate with its argument names (from
/// `@input` or its first rule, else `_1`, `_2`...) and their domains.
fn signature(program: &Program, p: &crate::check::program::Predicate) -> String {
    let params = p.params.as_deref().unwrap_or_default();
    let args: Vec<String> = (0..p.arity)
        .map(|i| {
            let name = params
                .get(i)
                .cloned()
                .unwrap_or_else(|| format!("_{}", i + 1));
            match p.domains.get(i).and_then(Option::as_ref) {
                Some(d) => format!("{name}: {}", catalogue::domain_name(program, d)),
                None => name,
            }
        })
        .collect();
    format!("{}({})", p.name, args.join(", "))
}

/// What a domain's facts call a value, each name once, in the order found.
fn value_names(d: &crate::check::program::Domain, v: crate::value::Value) -> Vec<&str> {
    let mut names: Vec<&str> = Vec::new();
    for (_, n) in d.members.names.iter().filter(|(m, _)| *m == v) {
        if !names.contains(&n.as_str()) {
            names.push(n);
        }
    }
    names
}

/// The symbols of an index: each predicate once (where it is first
/// declared or defined), each domain, each fixture case.
fn symbols(
    ws: &Workspace,
    index: &Index,
    sources: &SourceMap,
    keep: impl Fn(&Span) -> bool,
    query: &str,
) -> Vec<lsp::SymbolInformation> {
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    #[allow(deprecated)]
    let mut push = |name: String, kind: lsp::SymbolKind, span: Span, container: Option<String>| {
        if !keep(&span) || !name.to_lowercase().contains(query) {
            return;
        }
        if let Some(location) = ws.location(sources, span) {
            out.push(lsp::SymbolInformation {
                name,
                kind,
                tags: None,
                deprecated: None,
                location,
                container_name: container,
            });
        }
    };
    for o in index.names.iter().filter(|o| o.role != Role::Uses) {
        if seen.insert((o.pred.clone(), o.arity)) {
            push(
                format!("{}/{}", o.pred, o.arity),
                lsp::SymbolKind::FUNCTION,
                o.item,
                None,
            );
        }
    }
    for (name, span) in &index.domains {
        push(name.clone(), lsp::SymbolKind::ENUM, *span, None);
    }
    for (name, span) in &index.cases {
        push(
            name.clone(),
            lsp::SymbolKind::EVENT,
            *span,
            Some("test".into()),
        );
    }
    out
}

/// The predicate and argument the cursor is in, if it is inside an atom's
/// parentheses: read back over the text of the statement before it
/// (strings and `%` comments skipped).
fn enclosing_call(before: &str) -> Option<(String, usize)> {
    let mut stack: Vec<(String, usize)> = Vec::new();
    let mut chars = before.char_indices().peekable();
    let mut word_start: Option<usize> = None;
    let mut last_word: Option<(usize, usize)> = None;
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => {
                while let Some((_, c)) = chars.next() {
                    match c {
                        '\\' => {
                            chars.next();
                        }
                        '"' | '\n' => break,
                        _ => {}
                    }
                }
            }
            '%' => {
                for (_, c) in chars.by_ref() {
                    if c == '\n' {
                        break;
                    }
                }
            }
            c if c.is_alphanumeric() || c == '_' => {
                if word_start.is_none() {
                    word_start = Some(i);
                }
                last_word = Some((word_start.unwrap_or(i), i + c.len_utf8()));
                continue;
            }
            '(' => {
                let name = match last_word {
                    Some((s, e)) if e == i => before[s..e].to_string(),
                    _ => String::new(),
                };
                stack.push((name, 0));
            }
            ')' => {
                stack.pop();
            }
            ',' => {
                if let Some(top) = stack.last_mut() {
                    top.1 += 1;
                }
            }
            // A full stop before white space ends a statement (one in a
            // decimal does not), even one left with open parentheses.
            '.' if chars.peek().is_some_and(|&(_, c)| c.is_whitespace()) => stack.clear(),
            _ => {}
        }
        word_start = None;
    }
    stack.pop().filter(|(name, _)| !name.is_empty())
}

#[cfg(test)]
mod tests {
    use super::enclosing_call;

    #[test]
    fn the_call_around_the_cursor() {
        assert_eq!(enclosing_call("ma_in(p, "), Some(("ma_in".into(), 1)));
        assert_eq!(
            enclosing_call("x(Y) :- class(P, "),
            Some(("class".into(), 1))
        );
        assert_eq!(enclosing_call("ok(p). ma_in("), Some(("ma_in".into(), 0)));
        assert_eq!(
            enclosing_call("ma_in(p, \"a, b\", "),
            Some(("ma_in".into(), 2))
        );
        assert_eq!(enclosing_call("ma_in(p, jp). "), None);
        assert_eq!(enclosing_call("% p(\nq("), Some(("q".into(), 0)));
        assert_eq!(
            enclosing_call("thc_percent(p, 0."),
            Some(("thc_percent".into(), 1))
        );
    }
}
