//! Whole-pipeline entry points over arbitrary bytes, with small limits: what
//! the fuzz targets (`fuzz/`) and the regression tests of inputs they found
//! run. Nothing here may panic, whatever the input.

use crate::diag;
use crate::eval::Limits;
use crate::kb::KnowledgeBase;
use crate::output::{Format, Respond, respond};
use std::time::Duration;

/// Limits small enough that any input finishes quickly.
pub fn small_limits() -> Limits {
    Limits {
        max_tuples: 20_000,
        timeout: Some(Duration::from_millis(500)),
        interrupt: None,
    }
}

/// Parses `data` as a knowledge base file and as a fixture file, checks the
/// first, and renders every diagnostic. Returns the rendered text.
pub fn parse_and_check(data: &[u8]) -> String {
    let mut kb = KnowledgeBase::new();
    kb.load_bytes("<input>", data.to_vec());
    let checked = kb.check();
    let mut out = diag::render(&checked.diagnostics, &kb.sources, false);
    if let Ok(text) = std::str::from_utf8(data) {
        let file = kb.sources.add("<fixture>", text);
        let (_, errors) = crate::syntax::parse_fixture(file, text);
        let d: Vec<_> = errors.iter().map(|e| e.to_diagnostic()).collect();
        out.push_str(&diag::render(&d, &kb.sources, false));
    }
    out
}

/// Parses, checks and, when there are no errors, evaluates `data` with
/// [`small_limits`], then answers every query as text and JSON with
/// explanations. Returns everything that would be printed.
pub fn run_all(data: &[u8]) -> String {
    let mut kb = KnowledgeBase::new();
    kb.load_bytes("<input>", data.to_vec());
    let checked = kb.check();
    let mut out = diag::render(&checked.diagnostics, &kb.sources, false);
    if checked.has_errors() {
        return out;
    }
    let limits = small_limits();
    let program = checked.program;
    let mut model = match kb.evaluate(&program, &limits) {
        Ok(m) => m,
        Err(e) => {
            out.push_str(&e.to_diagnostic(&kb.sources).render(&kb.sources, false));
            return out;
        }
    };
    for format in [Format::Text, Format::Json] {
        let opts = Respond {
            format,
            explain: true,
            explain_format: None,
            explain_limit: 3,
            limits: limits.clone(),
        };
        for q in &program.queries {
            match respond(&mut kb, &program, &mut model, q, &opts) {
                Ok(text) => out.push_str(&text),
                Err(d) => out.push_str(&d.render(&kb.sources, false)),
            }
        }
    }
    out
}
