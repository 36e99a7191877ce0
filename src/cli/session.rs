//! Building the knowledge base the command line asks for: the embedded
//! default, `--kb` paths instead, or nothing with `--no-default-kb`.

use super::args::{KbArgs, LimitArgs};
use super::exit::{INPUT, Outcome, USAGE};
use crate::eval::Limits;
use crate::kb::KnowledgeBase;
use std::io::{self, Write};

/// The limits and the knowledge base of `run` and `test`: a bad limit is a
/// usage error (status 2), a knowledge base that cannot be read status 1,
/// each with its one-line message printed.
pub fn limits_and_kb(
    kb_args: &KbArgs,
    limit_args: &LimitArgs,
) -> Result<(Limits, KnowledgeBase), Outcome> {
    let limits = limit_args.limits().map_err(|e| {
        let _ = writeln!(io::stderr(), "error: {e}");
        Outcome::Status(USAGE)
    })?;
    let kb = load_kb(kb_args).map_err(|e| {
        let _ = writeln!(io::stderr(), "error: {e}");
        Outcome::Status(INPUT)
    })?;
    Ok((limits, kb))
}

/// Loads the knowledge base; an error is a one-line message (exit 1).
pub fn load_kb(args: &KbArgs) -> Result<KnowledgeBase, String> {
    let mut kb = KnowledgeBase::new();
    if !args.kb.is_empty() {
        for p in &args.kb {
            if !p.exists() {
                return Err(format!(
                    "cannot read `{}`: no such file or folder",
                    p.display()
                ));
            }
            kb.load_kb_path(p).map_err(|e| e.to_string())?;
        }
    } else if !args.no_default_kb {
        kb.load_default();
    }
    Ok(kb)
}
