//! The command line, as clap parses it.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// A regulation knowledge base with a Datalog-like query language.
///
/// `regkb` alone opens the interactive prompt on the embedded knowledge
/// base (`regkb repl FILE...` loads files on top). When standard input is
/// not a terminal, there is no prompt: standard input is answered as a
/// batch file, like `regkb run -`.
#[derive(Parser, Debug)]
#[command(name = "regkb", version, long_version = long_version(), about)]
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
    /// How diagnostics are written, and whether warnings fail.
    #[command(flatten)]
    pub report: ReportArgs,
}

/// What `--version` prints after `regkb `: the version, then the source
/// documents of the knowledge base and their dates, as `kb/SOURCES.txt`
/// (embedded) gives them.
pub fn long_version() -> &'static str {
    static TEXT: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        format!(
            "{}\n\n{}",
            env!("CARGO_PKG_VERSION"),
            include_str!("../../kb/SOURCES.txt").trim_end()
        )
    });
    TEXT.as_str()
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
    /// List the predicates of the knowledge base with their docs.
    Preds(PredsArgs),
    /// List the source documents of the knowledge base: how answers cite
    /// them, their titles, kinds, languages, dates and provisions.
    Sources(SourcesArgs),
    /// Serve the HTTP JSON API (`POST /v1/ask`, `GET /v1/predicates`,
    /// `GET /v1/sources`, `GET /health`) on the knowledge base.
    Serve(ServeArgs),
    /// Serve the Language Server Protocol over standard input and output,
    /// for editors of `.kb`, `.kbtest` and `.q` files.
    Lsp,
    /// Print a shell completion script for regkb to standard output.
    Completions(CompletionsArgs),
    /// Print the manual page (roff) of regkb, or of one of its commands, to
    /// standard output.
    Man(ManArgs),
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

/// How evaluation runs: its limits, and the date it answers as of.
#[derive(Args, Debug, Clone)]
pub struct LimitArgs {
    /// Answer as of this date (YYYY-MM-DD): clauses apply by their
    /// `@valid` periods, and `as_of(D)` holds for it. Default: today (or
    /// REGKB_AS_OF, for runs that must not change with the calendar).
    #[arg(long, value_name = "DATE", value_parser = date, env = "REGKB_AS_OF", global = true)]
    pub as_of: Option<crate::value::Date>,
    /// Stop evaluation after this many tuples.
    #[arg(long, value_name = "N", default_value_t = crate::eval::limits::DEFAULT_MAX_TUPLES, global = true)]
    pub max_tuples: u64,
    /// Stop evaluation after this many seconds (0: no limit).
    #[arg(long, value_name = "SECONDS", default_value_t = crate::eval::limits::DEFAULT_TIMEOUT_SECS, value_parser = seconds, global = true)]
    pub timeout: f64,
    /// Evaluate a large rule run on at most N threads (default: one per
    /// core; small programs always run on one). The answers are the same
    /// with any N; 1 never starts a thread.
    #[arg(long, value_name = "N", value_parser = threads, global = true)]
    pub threads: Option<std::num::NonZeroUsize>,
}

/// How diagnostics are written (`--error-format`), whether they are
/// coloured (`--color`), and whether warnings fail (`--deny-warnings`).
#[derive(Args, Debug, Clone, Default)]
pub struct ReportArgs {
    /// How diagnostics are written to standard error: drawn for people, or
    /// one JSON object per line.
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = ErrorFormat::Human, global = true)]
    pub error_format: ErrorFormat,
    /// When to colour diagnostics and the prompt (auto: on a terminal,
    /// unless NO_COLOR is set).
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = ColorChoice::Auto, global = true)]
    pub color: ColorChoice,
    /// Treat every warning as an error: `check`, `run` and `test` then
    /// exit with status 1 (and `run` answers nothing).
    #[arg(long, global = true)]
    pub deny_warnings: bool,
}

/// `--error-format`
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum ErrorFormat {
    /// Drawn like rustc, with the source lines.
    #[default]
    Human,
    /// One JSON object per diagnostic per line.
    Json,
}

/// `--color`
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    /// Colour when the output is a terminal and `NO_COLOR` is unset or
    /// empty.
    #[default]
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

impl ColorChoice {
    /// Whether to colour an output that is (or is not) a terminal.
    pub fn enabled(self, terminal: bool) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            }
        }
    }
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
    /// How much of an explanation to draw as text: the short justification
    /// in words, or that and the whole tree.
    #[arg(long, value_enum, value_name = "DETAIL", default_value_t = crate::engine::Detail::Short)]
    pub explain_detail: crate::engine::Detail,
    /// Write answer rows in the order they were found instead of sorted
    /// (cheaper for very large answers).
    #[arg(long)]
    pub unsorted: bool,
    /// Load the rows of a CSV or TSV file (a header row first) as facts of
    /// PRED, as `@facts(PRED, "FILE").` does; may be repeated.
    #[arg(long = "facts", value_name = "PRED=FILE", value_parser = pred_file)]
    pub facts: Vec<(String, PathBuf)>,
    /// After answering, write every fact of PRED (given or derived), sorted,
    /// to FILE as CSV (TSV for `.tsv` files) with a header row; may be
    /// repeated.
    #[arg(long = "output", value_name = "PRED=FILE", value_parser = pred_file)]
    pub output: Vec<(String, PathBuf)>,
    /// The language of answers and explanations in words (default: from
    /// LC_ALL or LANG, else English).
    #[arg(long, value_enum, value_name = "LANG")]
    pub lang: Option<crate::check::sentences::Lang>,
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
    /// Run only the cases whose name contains TEXT.
    #[arg(long, value_name = "TEXT")]
    pub filter: Option<String>,
    /// Fixture files, or folders to search (recursively) for `*.kbtest`
    /// files.
    #[arg(value_name = "PATH", required = true)]
    pub files: Vec<PathBuf>,
}

/// `regkb preds`
#[derive(Args, Debug)]
pub struct PredsArgs {
    /// Output format: aligned text, or one JSON object per predicate per
    /// line.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Keep only the predicates whose name or doc contains this (ignoring
    /// case).
    #[arg(value_name = "FILTER")]
    pub filter: Option<String>,
}

/// `regkb serve`
#[derive(Args, Debug)]
pub struct ServeArgs {
    /// Where to listen (loopback by default; port 0 picks a free one).
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8080")]
    pub addr: std::net::SocketAddr,
    /// The largest request body, in bytes.
    #[arg(long, value_name = "BYTES", default_value_t = crate::server::DEFAULT_MAX_BODY)]
    pub max_body: usize,
}

/// `regkb sources`
#[derive(Args, Debug)]
pub struct SourcesArgs {
    /// Output format: labelled text, or one JSON object per document per
    /// line.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// `regkb man`
#[derive(Args, Debug)]
pub struct ManArgs {
    /// The command whose page to print (none: the page of regkb, which
    /// lists the commands).
    #[arg(value_name = "COMMAND", value_parser = ["run", "check", "test", "repl", "preds", "sources", "serve", "completions", "man"])]
    pub command: Option<String>,
}

/// `regkb completions`
#[derive(Args, Debug)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// `regkb repl`
#[derive(Args, Debug)]
pub struct ReplArgs {
    /// Files to load into the session.
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,
}

/// A date for `--as-of`: `YYYY-MM-DD`, in the calendar.
fn date(text: &str) -> Result<crate::value::Date, String> {
    crate::value::Date::parse(text).ok_or_else(|| {
        format!("`{text}` is not a date of the calendar; write YYYY-MM-DD, e.g. 2024-07-01")
    })
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

/// A number of threads for `--threads`: a whole number, at least 1.
fn threads(text: &str) -> Result<std::num::NonZeroUsize, String> {
    match text.parse::<usize>() {
        Ok(0) => Err("`--threads` needs at least 1 thread (1 evaluates on one thread)".into()),
        Ok(n) => Ok(std::num::NonZeroUsize::new(n).expect("not 0")),
        Err(_) => Err(format!("`{text}` is not a number of threads")),
    }
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
            threads: self.threads,
            ..crate::eval::Limits::default()
        }
    }
}

/// `PRED=FILE`, for `--facts` and `--output`.
fn pred_file(text: &str) -> Result<(String, PathBuf), String> {
    match text.split_once('=') {
        Some((pred, file)) if crate::value::is_symbol(pred) && !file.is_empty() => {
            Ok((pred.to_string(), PathBuf::from(file)))
        }
        _ => Err(format!(
            "`{text}` is not PRED=FILE (a predicate name, `=`, a file)"
        )),
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
            as_of: None,
            lang: self
                .lang
                .unwrap_or_else(crate::engine::options::lang_from_env),
            explain_detail: self.explain_detail,
            order: if self.unsorted {
                crate::eval::RowOrder::AsFound
            } else {
                crate::eval::RowOrder::Sorted
            },
        }
    }
}
