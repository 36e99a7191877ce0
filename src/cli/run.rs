//! `regkb run`: load, check, evaluate, and answer every query of the batch
//! files in the order written, as text or JSON lines.

use super::args::{Format, KbArgs, LimitArgs, RunArgs};
use super::exit::{INPUT, OK, Outcome, stderr_color};
use super::session::limits_and_kb;
use crate::check::program::QueryKind;
use crate::diag;
use crate::kb::KnowledgeBase;
use crate::output::{Respond, respond};
use std::io::{self, Read, Write};
use std::path::Path;

/// Loads the batch files named (`-` is standard input) into `kb`.
pub fn load_batch_files(
    kb: &mut KnowledgeBase,
    files: &[std::path::PathBuf],
) -> Result<(), Outcome> {
    for f in files {
        if f == Path::new("-") {
            let mut bytes = Vec::new();
            if let Err(e) = io::stdin().read_to_end(&mut bytes) {
                let _ = writeln!(
                    io::stderr(),
                    "error[read-error]: cannot read standard input: {e}"
                );
                return Err(Outcome::Status(INPUT));
            }
            kb.load_bytes("<stdin>", bytes);
        } else {
            kb.load_file(f);
        }
    }
    Ok(())
}

/// Prints diagnostics to standard error.
pub fn print_diagnostics(kb: &KnowledgeBase, diagnostics: &[diag::Diagnostic]) {
    if diagnostics.is_empty() {
        return;
    }
    let text = diag::render(diagnostics, &kb.sources, stderr_color());
    let _ = io::stderr().write_all(text.as_bytes());
}

/// Runs `regkb run`.
pub fn run(args: &RunArgs, kb_args: &KbArgs, limit_args: &LimitArgs) -> Outcome {
    let (limits, mut kb) = match limits_and_kb(kb_args, limit_args) {
        Ok(both) => both,
        Err(o) => return o,
    };
    let first_batch_file = kb.sources.len() as u32;
    if let Err(o) = load_batch_files(&mut kb, &args.files) {
        return o;
    }
    let opts = Respond {
        format: args.format,
        explain: args.explain,
        explain_format: args.explain_format,
        explain_limit: args.explain_limit,
        limits,
    };
    let outcome = answer_all(&mut kb, first_batch_file, &opts);
    // The process ends now: freeing the knowledge base piece by piece would
    // only add to the run time.
    std::mem::forget(kb);
    outcome
}

/// Checks and evaluates what `kb` holds, then answers the queries of files
/// from `first_file` on. Shared by `run` and the prompt's batch mode.
pub fn answer_all(kb: &mut KnowledgeBase, first_file: u32, opts: &Respond) -> Outcome {
    let limits = &opts.limits;
    let checked = kb.check();
    print_diagnostics(kb, &checked.diagnostics);
    if checked.has_errors() {
        return Outcome::Status(INPUT);
    }
    let program = checked.program;
    // Only explanations of failing goals re-check the program (to test what
    // would make them hold); otherwise the syntax trees are done with, and
    // freeing them before evaluation lowers the peak memory of big files.
    if !opts.explain
        && program
            .queries
            .iter()
            .all(|q| q.kind != QueryKind::WhyNot && q.kind != QueryKind::Why)
    {
        kb.modules = Vec::new();
    }
    let mut model = match kb.evaluate(&program, limits) {
        Ok(m) => m,
        Err(e) => {
            print_diagnostics(kb, &[e.to_diagnostic(&kb.sources)]);
            return Outcome::Status(INPUT);
        }
    };
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let mut first = true;
    for q in program
        .queries
        .iter()
        .filter(|q| q.span.file.0 >= first_file)
    {
        let response = match respond(kb, &program, &mut model, q, opts) {
            Ok(r) => r,
            Err(d) => {
                if let Err(e) = out.flush() {
                    return e.into();
                }
                print_diagnostics(kb, &[d]);
                return Outcome::Status(INPUT);
            }
        };
        let sep = if first || opts.format == Format::Json {
            ""
        } else {
            "\n"
        };
        first = false;
        if let Err(e) = write!(out, "{sep}{response}") {
            return e.into();
        }
    }
    match out.flush() {
        Ok(()) => Outcome::Status(OK),
        Err(e) => e.into(),
    }
}
