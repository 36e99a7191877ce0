//! Building the knowledge base the command line asks for: the embedded
//! default, `--kb` paths instead, or nothing with `--no-default-kb`; and
//! writing diagnostics and errors to standard error, and listings to
//! standard output.

use super::args::ErrorFormat;
use super::args::KbArgs;
use super::error::CliError;
use super::exit::{INPUT, Outcome};
use super::report;
use crate::diag::{self, Diagnostic};
use crate::engine::{Files, KbError};
use crate::eval::Limits;
use crate::source::SourceMap;
use std::io::{self, Write};

/// Loads (parses) the knowledge base the flags ask for, under their load
/// policy (with `limits`' deadline).
pub fn load_kb(args: &KbArgs, limits: &Limits) -> Result<Files, KbError> {
    let mut files = Files::new().with_policy(args.load_policy(limits)?);
    if !args.kb.is_empty() {
        for p in &args.kb {
            if !p.exists() {
                return Err(KbError::Missing(p.display().to_string()));
            }
            files.load_kb_path(p)?;
        }
    } else if !args.no_default_kb {
        files.load_default();
    }
    Ok(files)
}

/// [`load_kb`] without a deadline, or the error printed and status 1.
pub fn kb_or_exit(args: &KbArgs) -> Result<Files, Outcome> {
    let limits = Limits {
        timeout: None,
        ..Limits::default()
    };
    kb_within(args, &limits)
}

/// [`load_kb`], or the error printed and status 1.
pub fn kb_within(args: &KbArgs, limits: &Limits) -> Result<Files, Outcome> {
    load_kb(args, limits).map_err(|e| fail(&CliError::from(e)))
}

/// The knowledge base the flags ask for, loaded and checked (not
/// evaluated); one with errors is reported and ends the command (status 1).
pub fn checked_kb(args: &KbArgs, limits: &Limits) -> Result<crate::check::Program, Outcome> {
    let files = kb_within(args, limits)?;
    let checked = files.check(&mut crate::value::ValueStore::new());
    if checked.has_errors() {
        print_diagnostics(&files.sources, &checked.diagnostics);
        return Err(Outcome::Status(INPUT));
    }
    Ok(checked.program)
}

/// Writes a listing to standard output (a closed pipe ends quietly, as
/// the outcome of an I/O error).
pub fn print_listing(text: &str) -> Outcome {
    let mut out = io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Outcome::Status(super::exit::OK),
        Err(e) => e.into(),
    }
}

/// Prints diagnostics to standard error, as `--error-format` says (drawn,
/// coloured as `--color` says, or one JSON object a line); with
/// `--deny-warnings` warnings are printed as errors.
pub fn print_diagnostics(sources: &SourceMap, diagnostics: &[Diagnostic]) {
    if diagnostics.is_empty() {
        return;
    }
    let reporting = report::current();
    let diagnostics: Vec<Diagnostic> = diagnostics.iter().map(|d| reporting.apply(d)).collect();
    let text = match reporting.error_format {
        ErrorFormat::Human => diag::render(&diagnostics, sources, reporting.stderr_color()),
        ErrorFormat::Json => {
            let mut text = String::new();
            for d in &diagnostics {
                text.push_str(&d.to_json(sources).to_string());
                text.push('\n');
            }
            text
        }
    };
    let _ = io::stderr().write_all(text.as_bytes());
}

/// Prints an error of the command line and says the run failed (status 1).
pub fn fail(e: &CliError) -> Outcome {
    print_diagnostics(&SourceMap::new(), &[e.to_diagnostic()]);
    Outcome::Status(INPUT)
}
