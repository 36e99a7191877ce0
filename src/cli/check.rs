//! `regkb check`: the checks only.

use super::args::{CheckArgs, KbArgs};
use super::exit::{INPUT, OK, Outcome};
use super::run::load_batch_files;
use super::session::{kb_within, print_diagnostics};
use crate::value::ValueStore;
use std::io::{self, Write};

/// Runs `regkb check`: prints every diagnostic and a summary line. Nothing
/// is evaluated.
pub fn check(args: &CheckArgs, kb_args: &KbArgs, limits: &crate::eval::Limits) -> Outcome {
    let mut files = match kb_within(kb_args, limits) {
        Ok(f) => f,
        Err(o) => return o,
    };
    for f in &args.files {
        if let Err(o) = load_batch_files(&mut files, std::slice::from_ref(f)) {
            return o;
        }
    }
    let checked = files.check(&mut ValueStore::new());
    print_diagnostics(&files.sources, &checked.diagnostics);
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
