//! `regkb check`: the checks only.

use super::args::{CheckArgs, KbArgs};
use super::exit::{INPUT, OK, Outcome};
use super::run::{load_batch_files, print_diagnostics};
use super::session::load_kb;
use std::io::{self, Write};

/// Runs `regkb check`: prints every diagnostic and a summary line.
pub fn check(args: &CheckArgs, kb_args: &KbArgs) -> Outcome {
    let mut kb = match load_kb(kb_args) {
        Ok(kb) => kb,
        Err(e) => {
            let _ = writeln!(io::stderr(), "error: {e}");
            return Outcome::Status(INPUT);
        }
    };
    if let Err(o) = load_batch_files(&mut kb, &args.files) {
        return o;
    }
    let checked = kb.check();
    print_diagnostics(&kb, &checked.diagnostics);
    let errors = checked.diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = checked.diagnostics.len() - errors;
    let _ = writeln!(
        io::stderr(),
        "{}, {}",
        crate::diag::plural(errors, "error"),
        crate::diag::plural(warnings, "warning")
    );
    Outcome::Status(if errors > 0 { INPUT } else { OK })
}
