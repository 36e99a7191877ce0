//! The prompt's state and logic, without a terminal: the knowledge base in
//! force as an engine [`Scenario`] (the loaded files are its base, the
//! clauses typed in this session its own), and [`Session::handle`], which
//! takes one input and returns the text to print. Typed text is handled in
//! `input`, answers in `answers`, loading in [`super::loading`], paging in
//! [`super::paging`], the `:` commands in [`super::commands`] and
//! [`super::describe`], the line editor in [`super::editor`].
//!
//! Invariants: the knowledge base in force always checks without errors
//! (an input, `:load` or `:reload` that would introduce one is undone and
//! its diagnostics shown); the scenario's modules are the inputs typed in
//! this session, each a module of its own text `<repl:N>` holding only
//! clauses and `@input`s.

use super::lexer::{self, Segment};
use super::loading::Origin;
use super::paging::Line;
use crate::diag::{Diagnostic, render};
use crate::engine::{Base, Files, Format, KbError, Scenario};
use crate::eval::Limits;
use crate::source::FileId;
use crate::value::Date;
use std::collections::VecDeque;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

/// How the session starts.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Start without the embedded knowledge base.
    pub no_default_kb: bool,
    /// `--kb` folders or files to load instead of the embedded knowledge base.
    pub kb: Vec<PathBuf>,
    /// Files to load on top (`regkb repl FILE...`); their queries are answered.
    pub files: Vec<PathBuf>,
    /// Evaluation limits (the interrupt flag is the session's own).
    pub limits: Limits,
    /// The date to answer as of (`--as-of`; `None`: today).
    pub as_of: Option<Date>,
    /// The language of explanations in words.
    pub lang: crate::check::sentences::Lang,
    /// Colour diagnostics.
    pub color: bool,
    /// What loading may read (its deadline is set anew for every load, from
    /// the limits' timeout).
    pub load: crate::syntax::LoadPolicy,
}

/// What to print after an input, and whether to leave.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Reply {
    /// The text to print (ends with a line break unless empty).
    pub text: String,
    /// The user asked to leave.
    pub quit: bool,
    /// An evaluation was interrupted (by the interrupt flag: Ctrl-C).
    pub interrupted: bool,
}

/// An interactive session over a knowledge base.
pub struct Session {
    /// The loaded files the base was built from (their syntax trees, for
    /// `:load` on top and for saying where a clause is written).
    pub(super) loaded: Files,
    /// The base and the clauses typed in this session.
    pub(super) scenario: Scenario,
    pub(super) origins: Vec<Origin>,
    /// Texts typed so far (`<repl:N>` names).
    pub(super) inputs: usize,
    pub(super) format: Format,
    pub(super) timing: bool,
    /// Rows per page.
    pub(super) page: usize,
    /// Terminal width, for cutting long doc lines.
    pub(super) width: usize,
    pub(super) pending: VecDeque<Line>,
    pub(super) pending_unit: &'static str,
    pub(super) color: bool,
    pub(super) limits: Limits,
    /// The date asked about (`--as-of`, `:as-of`); `None`: today.
    pub(super) as_of: Option<Date>,
    /// The language of explanations in words (`:lang`).
    pub(super) lang: crate::check::sentences::Lang,
    pub(super) load: crate::syntax::LoadPolicy,
    pub(super) interrupt: Arc<AtomicBool>,
    /// Bumped whenever the knowledge base in force changes.
    pub(super) generation: u64,
    /// An evaluation was interrupted while handling the current input.
    pub(super) interrupted: bool,
}

/// Diagnostics of `new` that were not already in `old`.
pub(super) fn fresh(new: &[Diagnostic], old: &[Diagnostic]) -> Vec<Diagnostic> {
    new.iter().filter(|d| !old.contains(d)).cloned().collect()
}

/// `"1 row"`, `"3 rows"`.
pub(super) fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

impl Session {
    /// Loads the knowledge base the options ask for. The error is for a
    /// `--kb` path that does not exist (as for `regkb run`); every other
    /// problem is shown in the returned text and leaves the session running
    /// on what did load.
    pub fn new(options: Options) -> Result<(Session, String), KbError> {
        let interrupt = Arc::new(AtomicBool::new(false));
        let mut limits = options.limits.clone();
        limits.interrupt = Some(interrupt.clone());
        let mut s = Session {
            loaded: Files::new(),
            scenario: Arc::new(Base::empty()).scenario(),
            origins: Vec::new(),
            inputs: 0,
            format: Format::Text,
            timing: false,
            page: 20,
            width: 100,
            pending: VecDeque::new(),
            pending_unit: "rows",
            color: options.color,
            limits,
            as_of: options.as_of,
            lang: options.lang,
            load: options.load.clone(),
            interrupt,
            generation: 0,
            interrupted: false,
        };
        let mut out = String::new();
        let mut base = Vec::new();
        if !options.kb.is_empty() {
            for p in &options.kb {
                if !p.exists() {
                    return Err(KbError::Missing(p.display().to_string()));
                }
                base.push(Origin::KbPath(p.clone()));
            }
        } else if !options.no_default_kb {
            base.push(Origin::Embedded);
        }
        let mut groups: Vec<(Vec<Origin>, String)> = Vec::new();
        if !base.is_empty() {
            groups.push((base, "the knowledge base".to_string()));
        }
        for f in &options.files {
            let origin = if f.is_dir() {
                Origin::KbPath(f.clone())
            } else {
                Origin::File(f.clone())
            };
            groups.push((vec![origin], format!("`{}`", f.display())));
        }
        for (origins, name) in groups {
            let before = s.generation;
            out.push_str(&s.load_origins(origins.clone(), false));
            if s.generation == before && origins.iter().any(|o| s.origins.contains(o)) {
                let _ = writeln!(
                    out,
                    "{name} was not loaded because of the errors above; fix them and type `:reload`"
                );
            }
        }
        let mut banner = format!(
            "regkb {}: {}, {}.\n",
            env!("CARGO_PKG_VERSION"),
            s.describe_origins(),
            count(s.defined_preds(), "predicate", "predicates")
        );
        let program = s.scenario.program();
        if program.pred_id("notifiable").is_some() && program.pred_id("product").is_some() {
            banner.push_str(
                "Ask with `?- notifiable(p).`, describe a product with facts such as `product(p).`;\n",
            );
        } else {
            banner.push_str("Ask with `?- QUERY.`, add facts and rules by typing them;\n");
        }
        banner.push_str("`:help` lists the commands, Ctrl-D or `:quit` leaves.\n");
        if let Some(d) = s.as_of_shown() {
            let _ = writeln!(
                banner,
                "Answers are as of {d}, not today (`:as-of today` goes back)."
            );
        }
        banner.push_str(&out);
        Ok((s, banner))
    }

    /// The date asked about when it is not today (for the banner and the
    /// prompt).
    pub fn as_of_shown(&self) -> Option<Date> {
        self.as_of.filter(|d| *d != Date::today())
    }

    /// The flag an interrupt handler sets to stop a running evaluation.
    pub fn interrupt_flag(&self) -> Arc<AtomicBool> {
        self.interrupt.clone()
    }

    /// Tells the session the terminal's size: a page of answers is the
    /// height less 4 rows, at least 10.
    pub fn set_screen(&mut self, rows: usize, cols: usize) {
        self.page = rows.saturating_sub(4).max(10);
        self.width = cols.max(40);
    }

    /// The number of answer rows shown at once.
    pub fn page_size(&self) -> usize {
        self.page
    }

    /// A number that changes whenever the knowledge base in force changes
    /// (so the editor knows to refresh its [`Vocabulary`]).
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// Handles one complete input (see [`lexer::is_complete`]): clauses to
    /// add, queries to answer, `:` commands. Incomplete text at the end is
    /// handled as it stands (its syntax error is shown). Never panics on
    /// what a user types; every error leaves the session as it was.
    pub fn handle(&mut self, input: &str) -> Reply {
        let (mut segments, rest) = lexer::segments(input);
        if let Some(rest) = rest {
            segments.push(Segment::Text(rest));
        }
        if segments.is_empty() {
            return Reply::default();
        }
        let is_more = matches!(segments.as_slice(), [Segment::Command(c)]
            if matches!(c.trim(), ":more" | ":m"));
        if !is_more {
            self.pending.clear();
        }
        let mut reply = Reply::default();
        for seg in segments {
            match seg {
                Segment::Command(c) => {
                    let (text, quit) = self.command(&c);
                    reply.text.push_str(&text);
                    if quit {
                        reply.quit = true;
                        break;
                    }
                }
                Segment::BareWord(w) => {
                    let cmd = if w == "help" { ":help" } else { ":quit" };
                    let _ = writeln!(
                        reply.text,
                        "commands start with `:`; type `{cmd}`{}",
                        if w == "help" {
                            " for help"
                        } else {
                            " (or press Ctrl-D) to leave"
                        }
                    );
                }
                Segment::Text(t) => {
                    let text = self.text(&t, false);
                    reply.text.push_str(&text);
                }
            }
        }
        if !is_more {
            reply.text.push_str(&self.more_notice());
        }
        reply.interrupted = std::mem::take(&mut self.interrupted);
        reply
    }

    /// The next `<repl:N>` file holding `text`.
    pub(super) fn add_source(&mut self, text: &str) -> FileId {
        self.inputs += 1;
        self.scenario
            .add_source(&format!("<repl:{}>", self.inputs), text)
    }

    pub(super) fn render(&self, diagnostics: &[Diagnostic]) -> String {
        render(diagnostics, self.scenario.sources(), self.color)
    }

    /// What a load may read now: the policy, with a deadline from now and
    /// the session's interrupt flag.
    pub(super) fn load_policy(&self) -> crate::syntax::LoadPolicy {
        crate::syntax::LoadPolicy {
            deadline: self
                .limits
                .timeout
                .and_then(|t| std::time::Instant::now().checked_add(t)),
            interrupt: Some(self.interrupt.clone()),
            ..self.load.clone()
        }
    }

    /// The diagnostics of what is in force.
    pub(super) fn diagnostics(&self) -> &[Diagnostic] {
        self.scenario.diagnostics()
    }

    /// Predicates with facts, rules or an `@input` declaration.
    pub(super) fn defined_preds(&self) -> usize {
        crate::engine::catalogue::names(self.scenario.program()).count()
    }
}
