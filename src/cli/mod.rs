//! The command line: parse the arguments (clap), dispatch to a command,
//! map its outcome to an exit status. Only `cli` and `repl` print or exit.

pub mod args;
mod check;
mod docs;
pub mod error;
pub mod exit;
mod preds;
pub mod report;
pub mod run;
mod serve;
mod session;
mod sources;
mod test;

pub use error::CliError;
pub use session::load_kb;

use args::{Cli, Command};
use clap::Parser;
use exit::{Outcome, USAGE};
use std::io::IsTerminal;
use std::process::ExitCode;

/// Parses the command line and runs it.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { USAGE } else { exit::OK };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    report::configure(&cli.report);
    let outcome = match &cli.command {
        Some(Command::Run(a)) => run::run(a, &cli.kb, &cli.limits),
        Some(Command::Check(a)) => check::check(a, &cli.kb, &cli.limits.limits()),
        Some(Command::Test(a)) => test::test(a, &cli.kb, &cli.limits),
        Some(Command::Repl(a)) => prompt(&a.files, &cli),
        Some(Command::Preds(a)) => preds::preds(a, &cli.kb, &cli.limits.limits()),
        Some(Command::Sources(a)) => sources::sources(a, &cli.kb, &cli.limits.limits()),
        Some(Command::Serve(a)) => serve::serve(a, &cli.kb, &cli.limits),
        Some(Command::Lsp) => lsp(&cli),
        Some(Command::Completions(a)) => docs::completions(a.shell),
        Some(Command::Man(a)) => docs::man(a.command.as_deref()),
        None => prompt(&[], &cli),
    };
    outcome.code()
}

/// `regkb lsp`: the language server until the editor shuts it down.
fn lsp(cli: &Cli) -> Outcome {
    let settings = crate::lsp::Settings {
        kb: cli.kb.kb.first().cloned(),
        no_default_kb: cli.kb.no_default_kb,
        as_of: cli.limits.as_of,
        limits: cli.limits.limits(),
    };
    match crate::lsp::run(settings) {
        Ok(()) => Outcome::Status(exit::OK),
        Err(e) => {
            let d = crate::diag::Diagnostic::error(e.code(), e.to_string());
            session::print_diagnostics(&crate::source::SourceMap::new(), &[d]);
            Outcome::Status(exit::INPUT)
        }
    }
}

/// The interactive prompt, or batch mode when standard input is not a
/// terminal.
fn prompt(files: &[std::path::PathBuf], cli: &Cli) -> Outcome {
    if !std::io::stdin().is_terminal() {
        let mut all = files.to_vec();
        all.push("-".into());
        let options = crate::engine::Options {
            limits: cli.limits.limits(),
            as_of: cli.limits.as_of,
            lang: crate::engine::options::lang_from_env(),
            ..Default::default()
        };
        let kb = match session::kb_within(&cli.kb, &options.limits) {
            Ok(f) => f,
            Err(o) => return o,
        };
        return run::answer_all(kb, &all, &options, &[], &[]);
    }
    let limits = cli.limits.limits();
    // As `--color` says: by default only on a terminal, and never when
    // NO_COLOR is set.
    let color = report::current().stdout_color();
    let load = match cli.kb.load_policy(&limits) {
        Ok(p) => p,
        Err(e) => return session::fail(&CliError::from(e)),
    };
    let options = crate::repl::Options {
        no_default_kb: cli.kb.no_default_kb,
        kb: cli.kb.kb.clone(),
        files: files.to_vec(),
        limits,
        as_of: cli.limits.as_of,
        lang: crate::engine::options::lang_from_env(),
        color,
        load,
    };
    Outcome::Status(crate::repl::run(options))
}
