//! The command line, as clap parses it.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// regkb: a regulation knowledge base with a Datalog-like query language.
///
/// With no command, opens the interactive prompt on the default knowledge
/// base (or, when standard input is not a terminal, answers it as a batch
/// file).
#[derive(Parser, Debug)]
#[command(name = "regkb", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Knowledge base options for the prompt.
    #[command(flatten)]
    pub kb: KbArgs,
    /// Evaluation limits for the prompt.
    #[command(flatten)]
    pub limits: LimitArgs,
}

/// The commands.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Load the knowledge base and the files, check, evaluate, and answer
    /// every `?-` query in the order written.
    Run(RunArgs),
    /// Run the checks only and print the diagnostics.
    Check(CheckArgs),
    /// Run fixture files (`*.kbtest`) and report `N passed, N failed`.
    Test(TestArgs),
    /// Open the interactive prompt, loading the files given.
    Repl(ReplArgs),
}

/// Which knowledge base to load.
#[derive(Args, Debug, Clone, Default)]
pub struct KbArgs {
    /// Start with an empty knowledge base instead of the embedded one.
    #[arg(long, global = true)]
    pub no_default_kb: bool,
    /// Load this folder (every `.kb` file in it) or file instead of the
    /// embedded knowledge base; may be repeated.
    #[arg(long = "kb", value_name = "PATH", global = true)]
    pub kb: Vec<PathBuf>,
}

/// Evaluation limits.
#[derive(Args, Debug, Clone)]
pub struct LimitArgs {
    /// Stop evaluation after this many tuples.
    #[arg(long, value_name = "N", default_value_t = crate::eval::limits::DEFAULT_MAX_TUPLES, global = true)]
    pub max_tuples: u64,
    /// Stop evaluation after this many seconds (0: no limit).
    #[arg(long, value_name = "SECONDS", default_value_t = crate::eval::limits::DEFAULT_TIMEOUT_SECS, global = true)]
    pub timeout: f64,
}

pub use crate::output::{ExplainFormat, Format};

/// `regkb run`
#[derive(Args, Debug)]
pub struct RunArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Explain every answer of every query.
    #[arg(long)]
    pub explain: bool,
    /// How to draw explanations (default: like `--format`).
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub explain_format: Option<ExplainFormat>,
    /// Most answers explained per query.
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub explain_limit: usize,
    /// Batch files to load and answer (`-` for standard input).
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,
}

/// `regkb check`
#[derive(Args, Debug)]
pub struct CheckArgs {
    /// Files to check with the knowledge base (none: the knowledge base alone).
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,
}

/// `regkb test`
#[derive(Args, Debug)]
pub struct TestArgs {
    /// Fixture files.
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,
}

/// `regkb repl`
#[derive(Args, Debug)]
pub struct ReplArgs {
    /// Files to load into the session.
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,
}

impl LimitArgs {
    /// The limits these flags ask for.
    pub fn limits(&self) -> Result<crate::eval::Limits, String> {
        if !self.timeout.is_finite() || self.timeout < 0.0 {
            return Err(format!(
                "`--timeout` must be a number of seconds, not {}",
                self.timeout
            ));
        }
        Ok(crate::eval::Limits {
            max_tuples: self.max_tuples,
            timeout: (self.timeout > 0.0).then(|| std::time::Duration::from_secs_f64(self.timeout)),
            interrupt: None,
        })
    }
}
