//! The catalogue: what a knowledge base says about each predicate (its
//! doc, arguments, whether the user supplies it, where its facts and rules
//! are written and the legal sources they cite), as data for the prompt's
//! `:help`, `:preds` and `:list` and for other front ends.

use crate::check::program::{PredId, Program, Source};
use crate::source::Span;

/// One predicate, described.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Entry {
    /// Its id in the program described.
    pub id: PredId,
    /// Its name.
    pub name: String,
    /// Its number of arguments.
    pub arity: usize,
    /// Its argument names, from `@input` or the first rule's head.
    pub params: Option<Vec<String>>,
    /// Its `%%` doc.
    pub doc: Option<String>,
    /// Whether the user supplies its facts (`@input`).
    pub input: bool,
    /// Where its facts are written, in file order.
    pub facts: Vec<Span>,
    /// Where its rules are written, in file order.
    pub rules: Vec<Span>,
    /// The sources its facts and rules cite, each once.
    pub sources: Vec<Source>,
}

/// A predicate in a listing: name, arity, whether it is an input, the first
/// line of its doc.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    /// Its name.
    pub name: String,
    /// Its number of arguments.
    pub arity: usize,
    /// Whether the user supplies its facts.
    pub input: bool,
    /// The first line of its doc.
    pub doc: Option<String>,
}

/// The first line of a predicate's doc.
pub fn doc_line(p: &crate::check::program::Predicate) -> Option<String> {
    p.doc
        .as_deref()
        .and_then(|d| d.lines().next())
        .map(str::to_string)
}

/// Every predicate with facts, rules or an `@input` declaration whose name
/// or doc contains `filter` (ignoring case; empty: all), by name and arity.
pub fn list(program: &Program, filter: &str) -> Vec<Summary> {
    let needle = filter.trim().to_lowercase();
    let mut out: Vec<Summary> = program
        .preds
        .iter()
        .filter(|p| p.defined || p.input)
        .filter(|p| {
            needle.is_empty()
                || p.name.to_lowercase().contains(&needle)
                || p.doc
                    .as_ref()
                    .is_some_and(|d| d.to_lowercase().contains(&needle))
        })
        .map(|p| Summary {
            name: p.name.clone(),
            arity: p.arity,
            input: p.input,
            doc: doc_line(p),
        })
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name).then(a.arity.cmp(&b.arity)));
    out
}

/// The first sentence of a doc, or its first line if that ends sooner:
/// up to the first `.`, `!` or `?` followed by a space and an upper-case
/// letter (so `e.g. de` does not end it), the final stop kept.
pub fn first_sentence(doc: &str) -> &str {
    let line = doc.lines().next().unwrap_or("").trim_end();
    let mut chars = line.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if matches!(c, '.' | '!' | '?') && chars.peek().is_some_and(|&(_, n)| n == ' ') {
            let rest = line[i + 1..].trim_start();
            if rest.chars().next().is_some_and(char::is_uppercase) {
                return &line[..i + 1];
            }
        }
    }
    line
}

/// Everything known about one predicate.
pub fn describe(program: &Program, id: PredId) -> Entry {
    let p = program.pred(id);
    let mut facts: Vec<Span> = Vec::new();
    let mut cited: Vec<u32> = Vec::new();
    for f in program.facts.iter().filter(|f| f.pred == id) {
        facts.push(f.span);
        cited.extend(f.source);
    }
    let mut rules: Vec<Span> = Vec::new();
    for r in program.rules.iter().filter(|r| r.head.pred == id) {
        rules.push(r.span);
        cited.extend(r.source);
    }
    facts.sort_by_key(|s| (s.file, s.start));
    rules.sort_by_key(|s| (s.file, s.start));
    cited.sort_unstable();
    cited.dedup();
    Entry {
        id,
        name: p.name.clone(),
        arity: p.arity,
        params: p.params.clone(),
        doc: p.doc.clone(),
        input: p.input,
        facts,
        rules,
        sources: cited
            .into_iter()
            .map(|s| program.sources[s as usize].clone())
            .collect(),
    }
}

/// The name of an argument's domain: a `@domain`'s name, or a kind
/// (`integer`, `date`, ...).
pub fn domain_name(program: &Program, d: &crate::check::program::DomainRef) -> String {
    match d {
        crate::check::program::DomainRef::Kind(k) => format!("{k:?}").to_lowercase(),
        crate::check::program::DomainRef::Declared(id) => program
            .domains
            .get(*id as usize)
            .map(|d| d.name.clone())
            .unwrap_or_default(),
    }
}

/// The names of every predicate with facts, rules or an `@input`
/// declaration (for suggestions).
pub fn names(program: &Program) -> impl Iterator<Item = &str> {
    program
        .preds
        .iter()
        .filter(|p| p.defined || p.input)
        .map(|p| p.name.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{Base, Files};
    use crate::eval::Limits;

    #[test]
    fn describes_and_lists_predicates() {
        let mut files = Files::new();
        files.load_text(
            "<t>",
            "@source(\"Graph law\") {\n\
             %% e(X, Y): an edge.\n\
             e(1, 2). e(2, 3).\n\
             }\n\
             p(X, Y) :- e(X, Y).\n\
             @input w(W).",
        );
        let base = Base::build(files, &Limits::default()).unwrap();
        let program = base.program();
        let e = describe(program, program.pred_id("e").unwrap());
        assert_eq!(e.facts.len(), 2);
        assert!(e.rules.is_empty());
        assert_eq!(e.sources[0].citation, "Graph law");
        assert_eq!(e.doc.as_deref(), Some("e(X, Y): an edge."));
        let all: Vec<String> = list(program, "")
            .iter()
            .map(|s| {
                format!(
                    "{}/{}{}",
                    s.name,
                    s.arity,
                    if s.input { " input" } else { "" }
                )
            })
            .collect();
        assert_eq!(all, ["e/2", "p/2", "w/1 input"]);
        assert_eq!(list(program, "EDGE").len(), 1, "by doc, ignoring case");
    }

    #[test]
    fn first_sentences() {
        // (doc, its first sentence)
        let cases = [
            ("", ""),
            ("p(X): one line", "p(X): one line"),
            ("p(X): first. Second.", "p(X): first."),
            (
                "p(C): C is a code (e.g. de, us). More here.",
                "p(C): C is a code (e.g. de, us).",
            ),
            ("p: stop! Then", "p: stop!"),
            ("p: 2.5 percent. x", "p: 2.5 percent. x"),
            ("p: first line\nsecond line. More.", "p: first line"),
            ("p: ends with a stop.  ", "p: ends with a stop."),
            ("p: naïve. Ålesund", "p: naïve."),
        ];
        for (doc, want) in cases {
            assert_eq!(first_sentence(doc), want, "{doc:?}");
        }
    }
}
