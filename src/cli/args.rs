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
    /// Let `@include` also read files under DIR (by default only under the
    /// folder of the file loaded); may be repeated.
    #[arg(long = "include-root", value_name = "DIR", global = true)]
    pub include_roots: Vec<PathBuf>,
    /// Refuse every `@include`.
    #[arg(long, global = true)]
    pub no_includes: bool,
    /// Read no file larger than this many bytes.
    #[arg(long, value_name = "BYTES", default_value_t = crate::syntax::read::DEFAULT_MAX_FILE_SIZE, global = true)]
    pub max_file_size: u64,
}

/// Evaluation limits.
#[derive(Args, Debug, Clone)]
pub struct LimitArgs {
    /// Stop evaluation after this many tuples.
    #[arg(long, value_name = "N", default_value_t = crate::eval::limits::DEFAULT_MAX_TUPLES, global = true)]
    pub max_tuples: u64,
    /// Stop evaluation after this many seconds (0: no limit).
    #[arg(long, value_name = "SECONDS", default_value_t = crate::eval::limits::DEFAULT_TIMEOUT_SECS, value_parser = seconds, global = true)]
    pub timeout: f64,
}

pub use crate::engine::{ExplainFormat, Format};

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

/// A number of seconds for `--timeout`: finite, not negative, and small
/// enough to add to the clock.
fn seconds(text: &str) -> Result<f64, String> {
    let s: f64 = text
        .parse()
        .map_err(|_| format!("`{text}` is not a number of seconds"))?;
    if !s.is_finite() || s < 0.0 {
        return Err(format!(
            "`--timeout` must be a number of seconds, not {text}"
        ));
    }
    std::time::Duration::try_from_secs_f64(s)
        .map_err(|_| format!("{text} seconds is longer than any clock can count"))?;
    Ok(s)
}

impl KbArgs {
    /// What loading may read: includes confined as these flags say, the
    /// size limit, and `limits`' timeout and interrupt (a deadline from
    /// now). An include root that cannot be read is an error.
    pub fn load_policy(
        &self,
        limits: &crate::eval::Limits,
    ) -> Result<crate::syntax::LoadPolicy, crate::engine::KbError> {
        let mut roots = Vec::new();
        for r in &self.include_roots {
            match std::fs::canonicalize(r) {
                Ok(c) if c.is_dir() => roots.push(c),
                Ok(_) => {
                    return Err(crate::engine::KbError::Unreadable {
                        path: r.display().to_string(),
                        reason: "it is not a folder".to_string(),
                    });
                }
                Err(_) => return Err(crate::engine::KbError::Missing(r.display().to_string())),
            }
        }
        Ok(crate::syntax::LoadPolicy {
            includes: !self.no_includes,
            roots,
            max_file_size: self.max_file_size,
            deadline: limits.timeout.and_then(|t| {
                limits
                    .started
                    .unwrap_or_else(std::time::Instant::now)
                    .checked_add(t)
            }),
            interrupt: limits.interrupt.clone(),
        })
    }
}

impl LimitArgs {
    /// The limits these flags ask for.
    pub fn limits(&self) -> crate::eval::Limits {
        crate::eval::Limits {
            max_tuples: self.max_tuples,
            timeout: (self.timeout > 0.0)
                .then(|| std::time::Duration::try_from_secs_f64(self.timeout).ok())
                .flatten(),
            interrupt: None,
            started: None,
        }
    }
}

impl RunArgs {
    /// What each answer is to contain and how it is written.
    pub fn options(&self, limits: crate::eval::Limits) -> crate::engine::Options {
        crate::engine::Options {
            limits,
            explain: self.explain,
            explain_limit: self.explain_limit,
            format: self.format,
            explain_format: self.explain_format,
        }
    }
}
