//! Loading at the prompt: which files make the knowledge base (the
//! embedded one, `--kb` paths, files given on the command line or to
//! `:load`), building it anew on `:load` and `:reload` with the clauses
//! typed in the session kept, and answering the queries the files hold.

use super::session::{Session, fresh};
use crate::engine::{Base, Files, KbError};
use crate::value::ValueStore;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::Ordering;

/// What was loaded, so that `:reload` can read it again.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Origin {
    /// The knowledge base embedded in the binary.
    Embedded,
    /// A folder (every `.kb` file in it) or a file given with `--kb`.
    KbPath(PathBuf),
    /// A file given on the command line or with `:load`.
    File(PathBuf),
}

impl Session {
    /// Loads files on top of the knowledge base in force (or, with
    /// `replace`, instead of its files), keeping the session's clauses.
    /// On errors nothing changes and the errors are returned as text.
    /// Readable files are remembered for `:reload` even when they have
    /// errors, so that fixing them and reloading works.
    pub(super) fn load_origins(&mut self, origins: Vec<Origin>, replace: bool) -> String {
        let first_file = self.scenario.sources().len() as u32;
        // New texts are numbered after every text so far, so the spans of
        // the session's clauses stay valid over the new knowledge base.
        self.interrupt.store(false, Ordering::SeqCst);
        let mut files =
            Files::after(self.scenario.sources().clone()).with_policy(self.load_policy());
        if !replace {
            files.modules = self.loaded.modules.clone();
            files.paths = self.loaded.paths.clone();
        }
        let mut remember = Vec::new();
        for o in &origins {
            let readable = match o {
                Origin::Embedded => {
                    files.load_default();
                    true
                }
                Origin::KbPath(p) => {
                    let loaded = if p.exists() {
                        files.load_kb_path(p)
                    } else {
                        Err(KbError::Missing(p.display().to_string()))
                    };
                    match loaded {
                        Ok(()) => true,
                        Err(e) => {
                            files.diagnostics.push(e.to_diagnostic());
                            false
                        }
                    }
                }
                Origin::File(p) => {
                    files.load_file(p);
                    p.is_file()
                }
            };
            if readable && !self.origins.contains(o) {
                remember.push(o.clone());
            }
        }
        if !replace {
            self.origins.extend(remember);
        }
        let old = self.diagnostics().to_vec();
        let mut values = ValueStore::new();
        let checked = files.check(&mut values);
        if checked.has_errors() {
            return crate::diag::render(
                &fresh(&checked.diagnostics, &old),
                &files.sources,
                self.color,
            );
        }
        self.interrupt.store(false, Ordering::SeqCst);
        let loaded = files.clone();
        let base = match Base::new(files, checked, values, &self.limits, self.as_of) {
            Ok(b) => Arc::new(b),
            Err(e) => {
                if matches!(e, crate::eval::EvalError::Interrupted) {
                    self.interrupted = true;
                    return "evaluation interrupted\n".to_string();
                }
                let d = e.to_diagnostic(&loaded.sources);
                return crate::diag::render(&[d], &loaded.sources, self.color);
            }
        };
        let mut scenario = base.scenario();
        let out = match scenario.set_modules(self.scenario.modules().to_vec()) {
            Ok(d) => crate::diag::render(&fresh(&d, &old), scenario.sources(), self.color),
            Err(e) => {
                let d = e.to_diagnostics(scenario.sources());
                return crate::diag::render(&fresh(&d, &old), scenario.sources(), self.color);
            }
        };
        self.loaded = loaded;
        self.scenario = scenario;
        self.generation += 1;
        // Queries written in the files just loaded are answered now.
        let mut queries: Vec<crate::check::Query> = base
            .program()
            .queries
            .iter()
            .filter(|q| q.span.file.0 >= first_file)
            .cloned()
            .collect();
        queries.sort_by_key(|q| (q.span.file, q.span.start));
        let mut out = out;
        if !queries.is_empty() {
            out.push_str(&self.answer_loaded(&queries));
        }
        out
    }

    /// Answers queries that came with loaded files, each after its echo.
    fn answer_loaded(&mut self, queries: &[crate::check::Query]) -> String {
        let mut out = String::new();
        if let Err(e) = self.ensure_model() {
            return e;
        }
        for q in queries {
            self.interrupt.store(false, Ordering::SeqCst);
            let request = self.request();
            let answer = self.scenario.answer(q, &request);
            if answer.is_ok() && self.format == crate::engine::Format::Text {
                let _ = writeln!(out, "?- {}.", q.text);
            }
            if !self.show(&mut out, answer) {
                break;
            }
        }
        out
    }

    /// A phrase naming what is loaded: "the embedded knowledge base".
    pub(super) fn describe_origins(&self) -> String {
        if self.origins.is_empty() {
            return "no knowledge base loaded".to_string();
        }
        let names: Vec<String> = self
            .origins
            .iter()
            .map(|o| match o {
                Origin::Embedded => "the embedded knowledge base".to_string(),
                Origin::KbPath(p) | Origin::File(p) => format!("`{}`", p.display()),
            })
            .collect();
        names.join(", ")
    }
}
