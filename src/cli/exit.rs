//! Exit statuses, and writing to standard output so that a closed pipe ends
//! the program quietly.

use std::io;
use std::process::ExitCode;

/// Everything loaded and ran; fixtures passed.
pub const OK: u8 = 0;
/// The input had errors, evaluation failed, or fixtures failed.
pub const INPUT: u8 = 1;
/// The command line was wrong.
pub const USAGE: u8 = 2;

/// How a command ended.
#[derive(Debug)]
pub enum Outcome {
    /// With this status.
    Status(u8),
    /// Standard output was closed (`| head`): end quietly.
    BrokenPipe,
}

impl From<io::Error> for Outcome {
    fn from(e: io::Error) -> Self {
        if e.kind() == io::ErrorKind::BrokenPipe {
            Outcome::BrokenPipe
        } else {
            // Any other failure to write output is an input/output problem.
            super::session::fail(&super::error::CliError::Write(e))
        }
    }
}

impl Outcome {
    /// The process exit code.
    pub fn code(&self) -> ExitCode {
        match self {
            Outcome::Status(s) => ExitCode::from(*s),
            Outcome::BrokenPipe => ExitCode::from(OK),
        }
    }
}

/// Whether diagnostics on standard error should be coloured, as
/// `--color` says (by default: a terminal, and `NO_COLOR` unset or
/// empty; never with `--error-format json`).
pub fn stderr_color() -> bool {
    super::report::current().stderr_color()
}
