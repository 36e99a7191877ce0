//! Whole-pipeline entry points over arbitrary bytes, with small limits: what
//! the fuzz targets (`fuzz/`) and the regression tests of inputs they found
//! run. Nothing here may panic, whatever the input, and nothing here reads
//! the disk (includes are refused).

use crate::diag;
use crate::engine::{Base, Files, Format, Options};
use crate::eval::Limits;
use crate::syntax::LoadPolicy;
use crate::value::ValueStore;
use std::sync::Arc;
use std::time::Duration;

/// Limits small enough that any input finishes quickly.
pub fn small_limits() -> Limits {
    Limits {
        max_tuples: 20_000,
        timeout: Some(Duration::from_millis(500)),
        ..Limits::default()
    }
}

/// Parses `data` as a knowledge base file and as a fixture file, checks the
/// first, and renders every diagnostic. Returns the rendered text.
pub fn parse_and_check(data: &[u8]) -> String {
    // Nothing here reads the disk: includes are refused.
    let mut files = Files::new().with_policy(LoadPolicy::no_includes());
    files.load_bytes("<input>", data.to_vec());
    let checked = files.check(&mut ValueStore::new());
    let mut out = diag::render(&checked.diagnostics, &files.sources, false);
    if let Ok(text) = std::str::from_utf8(data) {
        let file = files.sources.add("<fixture>", text);
        let (_, errors) = crate::syntax::parse_fixture(file, text);
        let d: Vec<_> = errors.iter().map(|e| e.to_diagnostic()).collect();
        out.push_str(&diag::render(&d, &files.sources, false));
    }
    out
}

/// Parses, checks and, when there are no errors, evaluates `data` with
/// [`small_limits`] as a scenario over an empty knowledge base, then
/// answers every query as text and JSON with explanations. Returns
/// everything that would be printed.
pub fn run_all(data: &[u8]) -> String {
    let mut scenario = Arc::new(Base::empty()).scenario();
    scenario.set_load_policy(LoadPolicy::no_includes());
    scenario.load_bytes("<input>", data.to_vec());
    let mut out = match scenario.check() {
        Ok(d) => diag::render(&d, scenario.sources(), false),
        Err(e) => {
            return diag::render(
                &e.to_diagnostics(scenario.sources()),
                scenario.sources(),
                false,
            );
        }
    };
    let limits = small_limits();
    if let Err(e) = scenario.evaluate(&limits) {
        out.push_str(
            &e.to_diagnostic(scenario.sources())
                .render(scenario.sources(), false),
        );
        return out;
    }
    for format in [Format::Text, Format::Json] {
        let options = Options {
            format,
            explain: true,
            explain_format: None,
            explain_limit: 3,
            limits: limits.clone(),
            as_of: None,
            lang: crate::check::sentences::Lang::En,
            explain_detail: crate::engine::Detail::Full,
            order: crate::eval::RowOrder::Sorted,
        };
        for i in 0..scenario.queries().len() {
            match scenario.answer_at(i, &options) {
                Ok(r) => out.push_str(&crate::render::response(&r, &options)),
                Err(e) => out.push_str(&diag::render(
                    &e.to_diagnostics(scenario.sources()),
                    scenario.sources(),
                    false,
                )),
            }
        }
    }
    out
}
