//! `regkb check`: the checks only.

use super::args::{CheckArgs, ErrorFormat, KbArgs};
use super::exit::{INPUT, OK, Outcome};
use super::report::{self, Reporting};
use super::run::load_batch_files;
use super::session::{kb_within, print_diagnostics};
use crate::diag::{Diagnostic, plural};
use crate::value::ValueStore;
use std::io::{self, Write};

/// Runs `regkb check`: prints every diagnostic and a summary line (none
/// with `--error-format json`, where every line is a diagnostic). Nothing
/// is evaluated. With `--deny-warnings` warnings count as errors, and the
/// summary says how many were denied: `1 error (1 warning denied), 0
/// warnings`.
pub fn check(args: &CheckArgs, kb_args: &KbArgs, limits: &crate::eval::Limits) -> Outcome {
    let mut files = match kb_within(kb_args, limits) {
        Ok(f) => f,
        Err(o) => return o,
    };
    // The files named are checked as what they are: a layer over the
    // knowledge base (held to it: unknown predicates and values, changes
    // to its own predicates), unless the knowledge base has errors of its
    // own, when everything is checked together.
    let mut values = ValueStore::new();
    let kb = files.check(&mut values);
    let (sources, checked) = if kb.has_errors() {
        for f in &args.files {
            if let Err(o) = load_batch_files(&mut files, std::slice::from_ref(f)) {
                return o;
            }
        }
        let checked = files.check(&mut ValueStore::new());
        (files.sources, checked)
    } else {
        let mut base = kb.program;
        base.freeze();
        let mut user =
            crate::engine::Files::after(files.sources.clone()).with_policy(files.policy.clone());
        for f in &args.files {
            if let Err(o) = load_batch_files(&mut user, std::slice::from_ref(f)) {
                return o;
            }
        }
        let mut checked = user.check_over(&base, &mut values);
        checked.diagnostics.extend(kb.diagnostics);
        crate::engine::files::sort_diagnostics(&mut checked.diagnostics);
        (user.sources, checked)
    };
    print_diagnostics(&sources, &checked.diagnostics);
    let reporting = report::current();
    let errors = reporting.failing(&checked.diagnostics);
    if reporting.error_format == ErrorFormat::Human {
        let _ = writeln!(
            io::stderr(),
            "{}",
            summary(&checked.diagnostics, &reporting)
        );
    }
    Outcome::Status(if errors > 0 { INPUT } else { OK })
}

/// `2 errors, 1 warning`, or with denied warnings `3 errors (1 warning
/// denied), 0 warnings`.
fn summary(diagnostics: &[Diagnostic], reporting: &Reporting) -> String {
    let errors = reporting.failing(diagnostics);
    let warnings = diagnostics.len() - errors;
    let denied = diagnostics.iter().filter(|d| !d.is_error()).count() - warnings;
    let denied = if denied > 0 {
        format!(" ({} denied)", plural(denied, "warning"))
    } else {
        String::new()
    };
    format!(
        "{}{denied}, {}",
        plural(errors, "error"),
        plural(warnings, "warning")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summaries() {
        let w = Diagnostic::warning("suspicious-date", "w");
        let e = Diagnostic::error("syntax-error", "e");
        let allow = Reporting::default();
        let deny = Reporting {
            deny_warnings: true,
            ..Reporting::default()
        };
        // (reporting, diagnostics, summary)
        let cases = [
            (allow, vec![], "0 errors, 0 warnings"),
            (deny, vec![], "0 errors, 0 warnings"),
            (allow, vec![e.clone(), w.clone()], "1 error, 1 warning"),
            (
                deny,
                vec![w.clone()],
                "1 error (1 warning denied), 0 warnings",
            ),
            (
                deny,
                vec![e.clone(), w.clone(), w.clone()],
                "3 errors (2 warnings denied), 0 warnings",
            ),
        ];
        for (r, d, want) in cases {
            assert_eq!(summary(&d, &r), want);
        }
    }
}
