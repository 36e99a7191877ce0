//! `regkb::Error`: any error regkb reports, whichever layer it comes from.
//! Each layer keeps its own enum with its stable codes; this one wraps them
//! all, so a program using the library can `?` across layers and still get
//! the code and the diagnostic.

use crate::check::CheckError;
use crate::cli::CliError;
use crate::diag::Diagnostic;
use crate::engine::EngineError;
use crate::eval::EvalError;
use crate::explain::ExplainError;
use crate::lsp::LspError;
use crate::repl::PromptError;
use crate::source::SourceMap;
use crate::syntax::{LoadError, SyntaxError};

/// An error of any layer.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Text that is not the language.
    #[error(transparent)]
    Syntax(#[from] SyntaxError),
    /// A file that cannot be loaded.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// A problem the checks found.
    #[error(transparent)]
    Check(#[from] CheckError),
    /// Evaluation stopped.
    #[error(transparent)]
    Eval(#[from] EvalError),
    /// A query that cannot be explained.
    #[error(transparent)]
    Explain(#[from] ExplainError),
    /// The engine refused text or a knowledge base.
    #[error(transparent)]
    Engine(#[from] EngineError),
    /// A prompt command used the wrong way.
    #[error(transparent)]
    Prompt(#[from] PromptError),
    /// The command line could not read or write something.
    #[error(transparent)]
    Cli(#[from] CliError),
    /// The language server's connection.
    #[error(transparent)]
    Lsp(#[from] LspError),
}

impl Error {
    /// The stable code.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Syntax(e) => e.code(),
            Error::Load(e) => e.code(),
            Error::Check(e) => e.code(),
            Error::Eval(e) => e.code(),
            Error::Explain(e) => e.code(),
            Error::Engine(e) => e.code(),
            Error::Prompt(e) => e.code(),
            Error::Cli(e) => e.code(),
            Error::Lsp(e) => e.code(),
        }
    }

    /// The diagnostics to show, with places resolved through `sources`.
    pub fn to_diagnostics(&self, sources: &SourceMap) -> Vec<Diagnostic> {
        match self {
            Error::Syntax(e) => vec![e.to_diagnostic()],
            Error::Load(e) => vec![e.to_diagnostic()],
            Error::Check(e) => vec![e.to_diagnostic(sources)],
            Error::Eval(e) => vec![e.to_diagnostic(sources)],
            Error::Explain(e) => vec![e.to_diagnostic(sources)],
            Error::Engine(e) => e.to_diagnostics(sources),
            Error::Prompt(e) => vec![e.to_diagnostic()],
            Error::Cli(e) => vec![e.to_diagnostic()],
            Error::Lsp(e) => vec![Diagnostic::error(e.code(), e.to_string())],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::KbError;

    #[test]
    fn every_layer_keeps_its_code() {
        let errors: Vec<Error> = vec![
            EvalError::Interrupted.into(),
            EngineError::from(KbError::EmptyFolder("kb".into())).into(),
            PromptError::NoName.into(),
            CliError::NotUtf8 {
                path: "x".into(),
                offset: 3,
            }
            .into(),
        ];
        let codes: Vec<&str> = errors.iter().map(Error::code).collect();
        assert_eq!(
            codes,
            [
                "interrupted",
                "empty-kb-folder",
                "unknown-command",
                "invalid-utf8"
            ]
        );
        let d = errors[3].to_diagnostics(&SourceMap::new());
        assert_eq!(
            d[0].headline(),
            "error[invalid-utf8]: `x` is not valid UTF-8: invalid byte at offset 3"
        );
    }
}
