//! The clauses typed in a session: listing them, `:retract` and `:reset`.
//! Only what was typed can be taken back; a clause of a loaded file is
//! pointed to where it is written.

use super::commands::with_dot;
use super::error::PromptError;
use super::session::{Session, count, fresh};
use crate::syntax::ast::{Item, Module};
use crate::syntax::parse_program;
use std::fmt::Write as _;

impl Session {
    /// The clauses typed in this session, as canonical text with the
    /// index of their module and item.
    pub(super) fn session_clauses(&self) -> Vec<(usize, usize, String)> {
        let mut out = Vec::new();
        for (m, module) in self.scenario.modules().iter().enumerate() {
            for (i, item) in module.items.iter().enumerate() {
                match item {
                    Item::Clause(c) => out.push((m, i, c.to_string())),
                    Item::Input(inp) => out.push((m, i, inp.to_string())),
                    Item::Domain(d) => out.push((m, i, d.to_string())),
                    Item::Document(d) => out.push((m, i, d.to_string())),
                    Item::Say(d) => out.push((m, i, d.to_string())),
                    Item::Names(d) => out.push((m, i, d.to_string())),
                    _ => {}
                }
            }
        }
        out
    }

    /// Replaces the session's clauses (after some were removed, which
    /// cannot add errors; if it somehow does, they stay as they were).
    pub(super) fn set_clauses(&mut self, modules: Vec<Module>) -> Result<(), String> {
        let old = self.diagnostics().to_vec();
        match self.scenario.set_modules(modules) {
            Ok(_) => {
                self.generation += 1;
                Ok(())
            }
            Err(e) => {
                let d = e.to_diagnostics(self.scenario.sources());
                Err(self.render(&fresh(&d, &old)))
            }
        }
    }

    /// `:retract CLAUSE`
    pub(super) fn retract(&mut self, args: &str) -> String {
        if args.trim().is_empty() {
            return format!(
                "{}\n",
                PromptError::Usage {
                    command: "retract",
                    args: "CLAUSE",
                    example: "product(v1).",
                }
            );
        }
        let text = with_dot(args);
        let file = self.add_source(&text);
        let (module, errors) = parse_program(file, &text);
        if !errors.is_empty() {
            let d: Vec<_> = errors.iter().map(|e| e.to_diagnostic()).collect();
            return self.render(&d);
        }
        let wanted: Vec<String> = module
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Clause(c) => Some(c.to_string()),
                Item::Input(inp) => Some(inp.to_string()),
                Item::Domain(d) => Some(d.to_string()),
                Item::Document(d) => Some(d.to_string()),
                Item::Say(d) => Some(d.to_string()),
                Item::Names(d) => Some(d.to_string()),
                _ => None,
            })
            .collect();
        if wanted.is_empty() {
            return "`:retract` takes facts and rules, such as `:retract product(v1).`\n"
                .to_string();
        }
        let session = self.session_clauses();
        let mut out = String::new();
        let mut remove: Vec<(usize, usize)> = Vec::new();
        for w in &wanted {
            let hits: Vec<(usize, usize)> = session
                .iter()
                .filter(|(_, _, c)| c == w)
                .map(|(m, i, _)| (*m, *i))
                .collect();
            if hits.is_empty() {
                out.push_str(&self.not_retracted(w, &session));
            } else {
                let _ = writeln!(out, "retracted: {w}");
                remove.extend(hits);
            }
        }
        if remove.is_empty() {
            return out;
        }
        remove.sort_unstable();
        remove.dedup();
        let mut modules = self.scenario.modules().to_vec();
        for (m, i) in remove.into_iter().rev() {
            modules[m].items.remove(i);
        }
        modules.retain(|m| !m.items.is_empty());
        if let Err(e) = self.set_clauses(modules) {
            return e;
        }
        out
    }

    /// Why nothing matched `clause`.
    fn not_retracted(&self, clause: &str, session: &[(usize, usize, String)]) -> String {
        let mut out = format!("no clause added in this session is `{clause}`");
        // Part of a loaded file?
        let in_base = self.loaded.modules.iter().find_map(|m| {
            m.expanded_items().find_map(|i| match &*i {
                Item::Clause(c) if c.to_string() == clause => Some(c.span),
                _ => None,
            })
        });
        if let Some(span) = in_base {
            let _ = writeln!(
                out,
                "; it is written in {}, and `:retract` removes only what was typed at the prompt",
                self.scenario.sources().location(span)
            );
            return out;
        }
        let pred = clause
            .split(['(', '.', ' '])
            .next()
            .unwrap_or_default()
            .trim_start_matches("@input")
            .trim();
        let same: Vec<&str> = session
            .iter()
            .filter(|(_, _, c)| c.starts_with(pred) && !pred.is_empty())
            .map(|(_, _, c)| c.as_str())
            .collect();
        if same.is_empty() {
            out.push('\n');
        } else {
            let _ = writeln!(out, "; this session has:");
            for c in same.iter().take(10) {
                let _ = writeln!(out, "  {c}");
            }
        }
        out
    }

    /// `:reset`
    pub(super) fn reset(&mut self) -> String {
        let n = self.session_clauses().len();
        if n == 0 {
            return "nothing to reset: no clause was added in this session\n".to_string();
        }
        if let Err(e) = self.set_clauses(Vec::new()) {
            return e;
        }
        format!(
            "removed {} added in this session\n",
            count(n, "clause", "clauses")
        )
    }
}
