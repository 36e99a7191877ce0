//! Building the knowledge base the command line asks for: the embedded
//! default, `--kb` paths instead, or nothing with `--no-default-kb`.

use super::args::KbArgs;
use crate::kb::KnowledgeBase;

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
