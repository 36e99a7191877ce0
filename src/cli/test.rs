//! `regkb test`: runs fixture files, one line per failing case, and the
//! closing `N passed, N failed`.

use super::args::{KbArgs, LimitArgs, TestArgs};
use super::exit::{INPUT, OK, Outcome};
use super::run::print_diagnostics;
use super::session::limits_and_kb;
use crate::fixture::run_fixture;
use crate::syntax::parse_fixture;
use std::io::{self, Write};

/// Runs `regkb test`.
pub fn test(args: &TestArgs, kb_args: &KbArgs, limit_args: &LimitArgs) -> Outcome {
    let (limits, mut kb) = match limits_and_kb(kb_args, limit_args) {
        Ok(both) => both,
        Err(o) => return o,
    };
    // A broken knowledge base fails every case the same way: say so once.
    let base = kb.check();
    if base.has_errors() {
        print_diagnostics(&kb, &base.diagnostics);
        return Outcome::Status(INPUT);
    }
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let (mut passed, mut failed) = (0usize, 0usize);
    for path in &args.files {
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => {
                let _ = writeln!(
                    io::stderr(),
                    "error[read-error]: cannot read `{}`: {}",
                    path.display(),
                    crate::syntax::include::io_reason(&e)
                );
                failed += 1;
                continue;
            }
        };
        let name = path.display().to_string();
        let text = match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => {
                let _ = writeln!(
                    io::stderr(),
                    "error[invalid-utf8]: `{name}` is not valid UTF-8: invalid byte at offset {}",
                    e.utf8_error().valid_up_to()
                );
                failed += 1;
                continue;
            }
        };
        let file = kb.sources.add(name.clone(), text);
        let text = kb.sources.file(file).text.clone();
        let (fixture, errors) = parse_fixture(file, &text);
        if !errors.is_empty() {
            let d: Vec<_> = errors.iter().map(|e| e.to_diagnostic()).collect();
            print_diagnostics(&kb, &d);
            failed += 1;
            continue;
        }
        let report = run_fixture(&mut kb, &fixture, &limits);
        for case in &report.cases {
            if case.passed() {
                passed += 1;
                continue;
            }
            failed += 1;
            let at = kb.sources.location(case.span);
            let what = if let Some(d) = case.diagnostics.first() {
                format!("error[{}]: {}", d.code, d.message)
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
                print_diagnostics(&kb, &case.diagnostics);
            }
        }
    }
    if let Err(e) = writeln!(out, "{passed} passed, {failed} failed") {
        return e.into();
    }
    Outcome::Status(if failed > 0 { INPUT } else { OK })
}
