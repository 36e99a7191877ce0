//! How the command line reports diagnostics: drawn for people (coloured
//! or not) or as JSON lines (`--error-format`, `--color`), and whether
//! warnings count as errors (`--deny-warnings`). Set once from the flags
//! by [`configure`]; [`super::session::print_diagnostics`] reads it.

use super::args::{ColorChoice, ErrorFormat, ReportArgs};
use crate::diag::{Diagnostic, Severity};
use std::io::IsTerminal;
use std::sync::OnceLock;

/// What the reporting flags ask for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Reporting {
    /// Human or JSON lines.
    pub error_format: ErrorFormat,
    /// When to colour.
    pub color: ColorChoice,
    /// Whether warnings are errors.
    pub deny_warnings: bool,
}

static REPORTING: OnceLock<Reporting> = OnceLock::new();

/// Fixes the reporting for the rest of the process (the first call wins;
/// the command line makes one, before anything is printed).
pub fn configure(args: &ReportArgs) {
    let _ = REPORTING.set(Reporting {
        error_format: args.error_format,
        color: args.color,
        deny_warnings: args.deny_warnings,
    });
}

/// The reporting in force: as configured, or the defaults (human, colour
/// on a terminal, warnings allowed).
pub fn current() -> Reporting {
    REPORTING.get().copied().unwrap_or_default()
}

impl Reporting {
    /// Whether diagnostics on standard error are coloured: never in JSON.
    pub fn stderr_color(&self) -> bool {
        self.error_format == ErrorFormat::Human
            && self.color.enabled(std::io::stderr().is_terminal())
    }

    /// Whether the prompt (on standard output) is coloured.
    pub fn stdout_color(&self) -> bool {
        self.color.enabled(std::io::stdout().is_terminal())
    }

    /// The diagnostic as it is to be reported: with `--deny-warnings`, a
    /// warning becomes an error that says why.
    pub fn apply(&self, d: &Diagnostic) -> Diagnostic {
        let mut d = d.clone();
        if self.deny_warnings && d.severity == Severity::Warning {
            d.severity = Severity::Error;
            d.notes
                .push("this warning is an error because of `--deny-warnings`".to_string());
        }
        d
    }

    /// How many of `diagnostics` make the command fail: the errors, and the
    /// warnings too with `--deny-warnings`.
    pub fn failing(&self, diagnostics: &[Diagnostic]) -> usize {
        diagnostics
            .iter()
            .filter(|d| d.is_error() || self.deny_warnings)
            .count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn denied_warnings_become_errors_with_a_note() {
        let warning = Diagnostic::warning("suspicious-date", "looks like a date");
        let error = Diagnostic::error("syntax-error", "expected `.`");
        let allow = Reporting::default();
        let deny = Reporting {
            deny_warnings: true,
            ..Reporting::default()
        };
        // (reporting, diagnostic, severity after, notes after)
        let cases = [
            (allow, &warning, Severity::Warning, 0),
            (allow, &error, Severity::Error, 0),
            (deny, &warning, Severity::Error, 1),
            (deny, &error, Severity::Error, 0),
        ];
        for (r, d, severity, notes) in cases {
            let got = r.apply(d);
            assert_eq!((got.severity, got.notes.len()), (severity, notes), "{d:?}");
        }
        let both = [warning.clone(), error.clone()];
        assert_eq!((allow.failing(&both), deny.failing(&both)), (1, 2));
    }

    #[test]
    fn json_is_never_coloured() {
        let r = Reporting {
            error_format: ErrorFormat::Json,
            color: ColorChoice::Always,
            deny_warnings: false,
        };
        assert!(!r.stderr_color());
        let r = Reporting {
            error_format: ErrorFormat::Human,
            ..r
        };
        assert!(r.stderr_color());
    }
}
