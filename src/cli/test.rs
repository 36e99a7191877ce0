//! `regkb test`: runs fixture files (named, or found under folders), one
//! line per failing case, and the closing `N passed, N failed`; warnings
//! about a file's cases (see [`crate::fixture::lint`]) go to standard
//! error before its results. `--filter TEXT` runs only the cases whose
//! name contains TEXT.

use super::args::{KbArgs, LimitArgs, TestArgs};
use super::error::CliError;
use super::exit::{INPUT, OK, Outcome};
use super::report;
use super::session::{fail, kb_or_exit, print_diagnostics};
use crate::engine::Base;
use crate::fixture::{lint, run_fixture};
use crate::syntax::ast::Fixture;
use crate::syntax::parse_fixture;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Runs `regkb test`.
pub fn test(args: &TestArgs, kb_args: &KbArgs, limit_args: &LimitArgs) -> Outcome {
    let limits = limit_args.limits();
    let reporting = report::current();
    let files = match kb_or_exit(kb_args) {
        Ok(f) => f,
        Err(o) => return o,
    };
    let sources = files.sources.clone();
    // A broken knowledge base fails every case the same way: say so once.
    let base = match Base::build_as_of(files, &limits, limit_args.as_of) {
        Ok(b) => Arc::new(b),
        Err(e) => {
            print_diagnostics(&sources, &e.to_diagnostics(&sources));
            return Outcome::Status(INPUT);
        }
    };
    // The knowledge base's own warnings matter only when they fail the run.
    let mut denied = 0;
    if reporting.deny_warnings {
        print_diagnostics(base.sources(), base.diagnostics());
        denied += reporting.failing(base.diagnostics());
    }
    let (paths, mut failed) = fixture_paths(&args.files);
    let filter = args.filter.as_deref();
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let mut passed = 0usize;
    let (mut read, mut filtered_out) = (0usize, 0usize);
    for path in &paths {
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
        // all) come before the results and fail nothing, unless denied.
        let warnings: Vec<_> = lint(&fixture)
            .iter()
            .map(|w| w.to_diagnostic(scenario.sources()))
            .collect();
        print_diagnostics(scenario.sources(), &warnings);
        denied += reporting.failing(&warnings);
        read += fixture.cases.len();
        let fixture = match filter {
            Some(f) => {
                let (kept, left) = select(&fixture, f);
                filtered_out += left;
                kept
            }
            None => fixture,
        };
        let report = run_fixture(&scenario, &fixture, &limits);
        // Warnings about the file's own clauses, once each (the shared
        // clauses are checked with every case).
        let mut seen = std::collections::HashSet::new();
        let case_warnings: Vec<_> = report
            .cases
            .iter()
            .flat_map(|c| &c.warnings)
            .filter(|d| seen.insert((d.code, d.primary.as_ref().map(|l| l.span))))
            .cloned()
            .collect();
        print_diagnostics(scenario.sources(), &case_warnings);
        denied += reporting.failing(&case_warnings);
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
    // A filter that selects nothing is a mistake (a typo, the wrong
    // folder), not a pass; unless no case could be read at all, which
    // the errors above already say.
    let mut unmatched = false;
    if let Some(f) = filter
        && read == filtered_out
        && (read > 0 || failed == 0)
    {
        if let Err(e) = out.flush() {
            return e.into();
        }
        fail(&CliError::NoMatchingCases {
            filter: f.to_string(),
            cases: read,
        });
        unmatched = true;
    }
    let mut summary = format!("{passed} passed, {failed} failed");
    if filter.is_some() {
        summary.push_str(&format!(", {filtered_out} filtered out"));
    }
    if denied > 0 {
        summary.push_str(&format!(
            ", {} denied",
            crate::diag::plural(denied, "warning")
        ));
    }
    if let Err(e) = writeln!(out, "{summary}") {
        return e.into();
    }
    Outcome::Status(if failed > 0 || denied > 0 || unmatched {
        INPUT
    } else {
        OK
    })
}

/// The cases of `fixture` whose name contains `filter`, with the shared
/// clauses, and how many were left out.
fn select(fixture: &Fixture, filter: &str) -> (Fixture, usize) {
    let cases: Vec<_> = fixture
        .cases
        .iter()
        .filter(|c| c.name.contains(filter))
        .cloned()
        .collect();
    let left = fixture.cases.len() - cases.len();
    (
        Fixture {
            shared: fixture.shared.clone(),
            cases,
        },
        left,
    )
}

/// The fixture files the arguments name, each once, in order: a file as
/// given (reading it reports whether it exists); a folder as every
/// `*.kbtest` file under it, sorted, found without following links to
/// folders. A folder without any, or one that cannot be read, is reported
/// here and counted in the second value.
fn fixture_paths(args: &[PathBuf]) -> (Vec<PathBuf>, usize) {
    let mut out: Vec<PathBuf> = Vec::new();
    let mut failed = 0;
    for arg in args {
        // The folder named is followed even if it is a link: the user
        // chose it.
        if !std::fs::metadata(arg).is_ok_and(|m| m.is_dir()) {
            if !out.contains(arg) {
                out.push(arg.clone());
            }
            continue;
        }
        let mut found = Vec::new();
        let unreadable = walk(arg, &mut found);
        failed += unreadable;
        if found.is_empty() && unreadable == 0 {
            fail(&CliError::NoFixtures {
                path: arg.display().to_string(),
            });
            failed += 1;
        }
        found.sort();
        for f in found {
            if !out.contains(&f) {
                out.push(f);
            }
        }
    }
    (out, failed)
}

/// Adds the `*.kbtest` files under `dir` to `out`; returns how many
/// folders could not be read (each reported).
fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> usize {
    let unreadable = |e: &io::Error| {
        fail(&CliError::Unreadable {
            path: dir.display().to_string(),
            reason: crate::syntax::include::io_reason(e),
        });
        1
    };
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => return unreadable(&e),
    };
    let mut failed = 0;
    for entry in entries {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                failed += unreadable(&e);
                continue;
            }
        };
        let path = entry.path();
        // `file_type` does not follow links: a link to a folder is not
        // entered (it may loop), a link to a file is taken like a file.
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            failed += walk(&path, out);
        } else if path.extension().is_some_and(|x| x == "kbtest")
            && (kind.is_file() || std::fs::metadata(&path).is_ok_and(|m| m.is_file()))
        {
            out.push(path);
        }
    }
    failed
}
