//! `regkb preds [FILTER]`: the predicates of the knowledge base loaded,
//! with name/arity, whether they are `@input`s and the first sentence of
//! their `%%` doc, as aligned text or JSON lines. The catalogue
//! ([`crate::engine::catalogue`]) knows them; this only writes them.

use super::args::{KbArgs, PredsArgs};
use super::error::CliError;
use super::exit::Outcome;
use super::session::{checked_kb, fail, print_listing};
use crate::engine::Format;
use crate::engine::catalogue::{self, Summary};

/// Runs `regkb preds`. The knowledge base is checked, not evaluated; one
/// with errors is reported (status 1), and so is a filter nothing matches.
pub fn preds(args: &PredsArgs, kb_args: &KbArgs, limits: &crate::eval::Limits) -> Outcome {
    let program = match checked_kb(kb_args, limits) {
        Ok(p) => p,
        Err(o) => return o,
    };
    let filter = args.filter.as_deref().unwrap_or("");
    let preds: Vec<Summary> = catalogue::list(&program, filter)
        .into_iter()
        .map(|mut s| {
            s.doc = s
                .doc
                .as_deref()
                .map(|d| catalogue::first_sentence(d).to_string());
            s
        })
        .collect();
    if preds.is_empty() && !filter.trim().is_empty() {
        return fail(&CliError::NoMatchingPredicates {
            filter: filter.trim().to_string(),
        });
    }
    let text = match args.format {
        Format::Text => text(&preds),
        Format::Json => preds
            .iter()
            .map(|p| serde_json::to_string(p).expect("a summary serialises") + "\n")
            .collect(),
    };
    print_listing(&text)
}

/// One line a predicate: `name/arity`, padded, `input` or blanks, the doc.
fn text(preds: &[Summary]) -> String {
    crate::render::predicate_rows(preds, 40, 2)
        .into_iter()
        .map(|line| line + "\n")
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_aligned() {
        let summary = |name: &str, arity, input, doc: Option<&str>| Summary {
            name: name.to_string(),
            arity,
            input,
            doc: doc.map(str::to_string),
        };
        let preds = [
            summary("p", 1, true, Some("p(X): a doc.")),
            summary("longer", 2, false, None),
        ];
        assert_eq!(text(&preds), "p/1       input  p(X): a doc.\nlonger/2\n");
    }
}
