//! `regkb test`: runs fixture files, one line per failing case, and the
//! closing `N passed, N failed`; warnings about a file's cases (see
//! [`crate::fixture::lint`]) go to standard error before its results.

use super::args::{KbArgs, LimitArgs, TestArgs};
use super::error::CliError;
use super::exit::{INPUT, OK, Outcome};
use super::session::{fail, kb_or_exit, print_diagnostics};
use crate::engine::Base;
use crate::fixture::{lint, run_fixture};
use crate::syntax::parse_fixture;
use std::io::{self, Write};
use std::sync::Arc;

/// Runs `regkb test`.
pub fn test(args: &TestArgs, kb_args: &KbArgs, limit_args: &LimitArgs) -> Outcome {
    let limits = limit_args.limits();
    let files = match kb_or_exit(kb_args) {
        Ok(f) => f,
        Err(o) => return o,
    };
    let sources = files.sources.clone();
    // A broken knowledge base fails every case the same way: say so once.
    let base = match Base::build(files, &limits) {
        Ok(b) => Arc::new(b),
        Err(e) => {
            print_diagnostics(&sources, &e.to_diagnostics(&sources));
            return Outcome::Status(INPUT);
        }
    };
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let (mut passed, mut failed) = (0usize, 0usize);
    for path in &args.files {
        let name = path.display().to_string();
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => {
                fail(&CliError::Unreadable {
                    path: name,
                    reason: crate::syntax::include::io_reason(&e),
                });
                failed += 1;
                continue;
            }
        };
        let text = match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => {
                fail(&CliError::NotUtf8 {
                    path: name,
                    offset: e.utf8_error().valid_up_to(),
                });
                failed += 1;
                continue;
            }
        };
        let mut scenario = base.scenario();
        let file = scenario.add_source(&name, &text);
        let (fixture, errors) = parse_fixture(file, &text);
        if !errors.is_empty() {
            let d: Vec<_> = errors.iter().map(|e| e.to_diagnostic()).collect();
            print_diagnostics(scenario.sources(), &d);
            failed += 1;
            continue;
        }
        // Warnings (a case without queries, a name used twice, no case at
        // all) come before the results and fail nothing.
        let warnings: Vec<_> = lint(&fixture)
            .iter()
            .map(|w| w.to_diagnostic(scenario.sources()))
            .collect();
        print_diagnostics(scenario.sources(), &warnings);
        let report = run_fixture(&scenario, &fixture, &limits);
        for case in &report.cases {
            if case.passed() {
                passed += 1;
                continue;
            }
            failed += 1;
            let at = scenario.sources().location(case.span);
            let what = if let Some(d) = case.diagnostics.first() {
                d.headline()
            } else {
                let mut s = case.failures[0].clone();
                if case.failures.len() > 1 {
                    s.push_str(&format!(" (and {} more)", case.failures.len() - 1));
                }
                s
            };
            if let Err(e) = writeln!(out, "FAIL {at} {:?}: {what}", case.name) {
                return e.into();
            }
            if !case.diagnostics.is_empty() {
                print_diagnostics(scenario.sources(), &case.diagnostics);
            }
        }
    }
    if let Err(e) = writeln!(out, "{passed} passed, {failed} failed") {
        return e.into();
    }
    Outcome::Status(if failed > 0 { INPUT } else { OK })
}
