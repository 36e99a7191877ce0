//! `regkb sources`: the source documents of the knowledge base loaded (its
//! `@document`s): how answers cite each, its title, publisher, kind,
//! language, dates and the provisions it states, as text or JSON lines.

use super::args::{KbArgs, SourcesArgs};
use super::exit::Outcome;
use super::session::{checked_kb, print_listing};
use crate::check::program::Document;
use crate::engine::Format;
use std::fmt::Write as _;

/// Runs `regkb sources`. The knowledge base is checked, not evaluated.
pub fn sources(args: &SourcesArgs, kb_args: &KbArgs, limits: &crate::eval::Limits) -> Outcome {
    let program = match checked_kb(kb_args, limits) {
        Ok(p) => p,
        Err(o) => return o,
    };
    let documents = &program.documents;
    let text = match args.format {
        Format::Text => documents.iter().map(text).collect::<Vec<_>>().join("\n"),
        Format::Json => documents
            .iter()
            .map(|d| serde_json::to_string(d).expect("a document serialises") + "\n")
            .collect(),
    };
    print_listing(&text)
}

/// A document as a few labelled lines, its citation first.
fn text(d: &Document) -> String {
    let mut s = format!("{}\n  file: {}\n  title: {}\n", d.cite, d.file, d.title);
    let fields = [
        ("publisher", d.publisher.clone()),
        ("kind", d.kind.clone()),
        ("language", d.language.clone()),
        ("published", d.published.map(|x| x.to_string())),
        ("updated", d.updated.map(|x| x.to_string())),
        ("dated", d.dated.clone()),
        ("provisions", d.provisions.clone()),
    ];
    for (k, v) in fields {
        if let Some(v) = v {
            let _ = writeln!(s, "  {k}: {v}");
        }
    }
    s
}
