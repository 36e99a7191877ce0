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
}

impl CliError {
    /// The stable code.
    pub fn code(&self) -> &'static str {
        match self {
            CliError::Stdin(_) | CliError::Unreadable { .. } => "read-error",
            CliError::NotUtf8 { .. } => "invalid-utf8",
            CliError::Kb(e) => e.code(),
            CliError::Write(_) => "write-error",
        }
    }

    /// The diagnostic (none of these has a place in a text).
    pub fn to_diagnostic(&self) -> Diagnostic {
        Diagnostic::error(self.code(), self.to_string())
    }
}
