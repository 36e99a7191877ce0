//! Errors of the command line itself: what it could not read or write.
//! Every error is drawn by the one diagnostic renderer.

use crate::diag::Diagnostic;
use crate::engine::KbError;

/// A file or stream the command line could not use.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// `regkb run -` when standard input cannot be read.
    #[error("cannot read standard input: {0}")]
    Stdin(std::io::Error),
    /// `regkb test missing.kbtest`
    #[error("cannot read `{path}`: {reason}")]
    Unreadable {
        /// The path as given.
        path: String,
        /// Why.
        reason: String,
    },
    /// `regkb test binary.kbtest`
    #[error("`{path}` is not valid UTF-8: invalid byte at offset {offset}")]
    NotUtf8 {
        /// The path as given.
        path: String,
        /// The first invalid byte.
        offset: usize,
    },
    /// `--kb` naming something that is not a knowledge base.
    #[error(transparent)]
    Kb(#[from] KbError),
    /// Standard output failed (other than being closed).
    #[error("cannot write output: {0}")]
    Write(std::io::Error),
    /// `--output p=FILE` of a predicate the program does not have.
    #[error("`--output` names `{pred}`, which is not a predicate of the program")]
    UnknownOutput {
        /// The name given.
        pred: String,
        /// A close name, if any.
        suggestion: Option<String>,
    },
    /// `--output p=FILE` that cannot be written.
    #[error("cannot write `{path}`: {reason}")]
    OutputFile {
        /// The file.
        path: String,
        /// Why.
        reason: String,
    },
    /// `regkb test tests/empty-folder`
    #[error("`{path}` holds no `.kbtest` files")]
    NoFixtures {
        /// The folder as given.
        path: String,
    },
    /// `regkb test --filter no-such-case tests/fixtures`
    #[error("no case name contains `{filter}`")]
    NoMatchingCases {
        /// The filter as given.
        filter: String,
        /// How many cases were read.
        cases: usize,
    },
    /// `regkb preds no_such_word`
    #[error("no predicate's name or doc contains `{filter}`")]
    NoMatchingPredicates {
        /// The filter as given.
        filter: String,
    },
}

impl CliError {
    /// The stable code.
    pub fn code(&self) -> &'static str {
        match self {
            CliError::Stdin(_) | CliError::Unreadable { .. } => "read-error",
            CliError::NotUtf8 { .. } => "invalid-utf8",
            CliError::Kb(e) => e.code(),
            CliError::Write(_) | CliError::OutputFile { .. } => "write-error",
            CliError::UnknownOutput { .. } => "unknown-predicate",
            CliError::NoFixtures { .. } => "no-fixture-files",
            CliError::NoMatchingCases { .. } => "no-matching-cases",
            CliError::NoMatchingPredicates { .. } => "no-matching-predicates",
        }
    }

    /// The diagnostic (none of these has a place in a text).
    pub fn to_diagnostic(&self) -> Diagnostic {
        let d = Diagnostic::error(self.code(), self.to_string());
        match self {
            CliError::NoMatchingCases { cases, .. } => d
                .with_note(format!(
                    "the filter is compared with the names of the {} read, case-sensitively",
                    crate::diag::plural(*cases, "case")
                ))
                .with_help("run without `--filter` to run every case"),
            CliError::UnknownOutput {
                suggestion: Some(s),
                ..
            } => d.with_help(format!("did you mean `{s}`?")),
            CliError::NoMatchingPredicates { .. } => {
                d.with_help("run `regkb preds` without a filter to list every predicate")
            }
            _ => d,
        }
    }
}
