//! The prompt's state and logic, without a terminal: the knowledge base in
//! force, the clauses typed in this session, the cached program and model,
//! and [`Session::handle`], which takes one input and returns the text to
//! print. The `:` commands live in [`super::commands`]; the line editor in
//! [`super::editor`].
//!
//! Invariants: the knowledge base in force always checks without errors
//! (an input, `:load` or `:reload` that would introduce one is undone and
//! its diagnostics shown); `kb.modules[..base_len]` are the loaded files
//! and `kb.modules[base_len..]` the inputs typed in this session, each a
//! module of its own text `<repl:N>` holding only clauses and `@input`s.

use super::lexer::{self, Segment};
use crate::check::Program;
use crate::check::program::QueryKind;
use crate::diag::{Diagnostic, did_you_mean, render};
use crate::eval::{Limits, Model};
use crate::kb::KnowledgeBase;
use crate::output::{Format, Respond, respond};
use crate::source::FileId;
use crate::syntax::ast::{Item, Module};
use crate::syntax::{SyntaxError, parse_program};
use std::collections::VecDeque;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

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
    /// Colour diagnostics.
    pub color: bool,
}

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

/// A line waiting for `:more`.
#[derive(Clone, Debug)]
pub(super) enum Line {
    /// An answer row (counts toward a page).
    Row(String),
    /// Any other line (a count, a diagnostic).
    Text(String),
}

/// Names, arities and constants of the knowledge base in force, for
/// completion and hints.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Vocabulary {
    /// Predicates: name, arity, parameter names (may be empty), first doc line.
    pub preds: Vec<PredSummary>,
    /// Symbols occurring in facts and rules, sorted.
    pub constants: Vec<String>,
}

/// One predicate, as completion and hints see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PredSummary {
    /// Its name.
    pub name: String,
    /// Its number of arguments.
    pub arity: usize,
    /// Its parameter names (from `@input` or a rule head), if known.
    pub params: Vec<String>,
    /// The first line of its `%%` doc.
    pub doc: Option<String>,
}

/// An interactive session over a knowledge base.
pub struct Session {
    pub(super) kb: KnowledgeBase,
    pub(super) origins: Vec<Origin>,
    /// `kb.modules[..base_len]` come from files; the rest was typed.
    pub(super) base_len: usize,
    /// The check of `kb.modules` (no errors).
    pub(super) program: Program,
    /// Its warnings.
    pub(super) diagnostics: Vec<Diagnostic>,
    /// The model of `program`, once a query needed it.
    pub(super) model: Option<Model>,
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
    /// Loads the knowledge base the options ask for. The error is a
    /// one-line message for a `--kb` path that does not exist (as for
    /// `regkb run`); every other problem is shown in the returned text and
    /// leaves the session running on what did load.
    pub fn new(options: Options) -> Result<(Session, String), String> {
        let interrupt = Arc::new(AtomicBool::new(false));
        let mut limits = options.limits.clone();
        limits.interrupt = Some(interrupt.clone());
        let mut s = Session {
            kb: KnowledgeBase::new(),
            origins: Vec::new(),
            base_len: 0,
            program: Program::default(),
            diagnostics: Vec::new(),
            model: None,
            inputs: 0,
            format: Format::Text,
            timing: false,
            page: 20,
            width: 100,
            pending: VecDeque::new(),
            pending_unit: "rows",
            color: options.color,
            limits,
            interrupt,
            generation: 0,
            interrupted: false,
        };
        let mut out = String::new();
        let mut base = Vec::new();
        if !options.kb.is_empty() {
            for p in &options.kb {
                if !p.exists() {
                    return Err(format!(
                        "cannot read `{}`: no such file or folder",
                        p.display()
                    ));
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
        if s.program.pred_id("notifiable").is_some() && s.program.pred_id("product").is_some() {
            banner.push_str(
                "Ask with `?- notifiable(p).`, describe a product with facts such as `product(p).`;\n",
            );
        } else {
            banner.push_str("Ask with `?- QUERY.`, add facts and rules by typing them;\n");
        }
        banner.push_str("`:help` lists the commands, Ctrl-D or `:quit` leaves.\n");
        banner.push_str(&out);
        Ok((s, banner))
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

    /// The knowledge base's predicates and constants.
    pub fn vocabulary(&self) -> Vocabulary {
        let mut preds: Vec<PredSummary> = self
            .program
            .preds
            .iter()
            .filter(|p| p.defined || p.input)
            .map(|p| PredSummary {
                name: p.name.clone(),
                arity: p.arity,
                params: p.params.clone().unwrap_or_default(),
                doc: p
                    .doc
                    .as_deref()
                    .and_then(|d| d.lines().next())
                    .map(str::to_string),
            })
            .collect();
        preds.sort_by(|a, b| a.name.cmp(&b.name));
        let mut constants = std::collections::BTreeSet::new();
        let mut add = |v: crate::value::Value| {
            if let crate::value::Datum::Text(t) = self.kb.values.get(v)
                && crate::value::is_symbol(t)
            {
                constants.insert(t.to_string());
            }
        };
        for f in self.program.facts.iter() {
            for v in f.args.iter() {
                add(*v);
            }
        }
        for r in &self.program.rules {
            for a in &r.head.args {
                constants_of(a, &mut add);
            }
            literal_constants(&r.body, &mut add);
        }
        Vocabulary {
            preds,
            constants: constants.into_iter().collect(),
        }
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
        self.kb.sources.add(format!("<repl:{}>", self.inputs), text)
    }

    pub(super) fn render(&self, diagnostics: &[Diagnostic]) -> String {
        render(diagnostics, &self.kb.sources, self.color)
    }

    /// Clauses and queries typed at the prompt (or given to `:assert`,
    /// when `force`).
    pub(super) fn text(&mut self, text: &str, force: bool) -> String {
        let file = self.add_source(text);
        let (module, errors) = parse_program(file, text);
        if !errors.is_empty() {
            let d: Vec<Diagnostic> = errors.iter().map(|e| e.to_diagnostic()).collect();
            return self.render(&d);
        }
        let mut clauses = Vec::new();
        let mut queries = Vec::new();
        let mut problems = Vec::new();
        for item in module.items {
            match item {
                // `parse_program` builds syntax trees only.
                Item::Plain(_) => unreachable!("plain items from parse_program"),
                Item::Clause(_) | Item::Input(_) => clauses.push(item),
                Item::Query(q) if force => problems.push(
                    Diagnostic::error("misplaced-item", "a query is not allowed in `:assert`")
                        .with_primary(q.span, "not allowed here")
                        .with_help("`:assert` adds facts and rules; ask queries on their own"),
                ),
                Item::Query(_) => queries.push(item),
                Item::Include(inc) => problems.push(
                    SyntaxError::Misplaced {
                        span: inc.span,
                        what: "`@include`",
                        place: "at the prompt",
                    }
                    .to_diagnostic()
                    .with_help(format!("to load a file, type `:load {}`", inc.path)),
                ),
            }
        }
        if !force {
            problems.extend(self.ambiguous(&clauses));
        }
        if !problems.is_empty() {
            let mut out = self.render(&problems);
            if !clauses.is_empty() {
                out.push_str("nothing was added\n");
            }
            return out;
        }
        if force && clauses.is_empty() {
            return "`:assert` needs a fact or rule, such as `:assert product(p1).`\n".to_string();
        }
        let mut out = String::new();
        if !clauses.is_empty() {
            let module = Module {
                file,
                items: clauses,
                plain: Default::default(),
            };
            match self.add(module) {
                Ok(text) => out.push_str(&text),
                Err(text) => return text,
            }
        }
        if !queries.is_empty() {
            out.push_str(&self.ask(file, queries));
        }
        out
    }

    /// Facts that look like questions: their predicate is derived by rules
    /// and is not an `@input`.
    fn ambiguous(&self, items: &[Item]) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        for item in items {
            let Item::Clause(c) = item else { continue };
            if !c.body.is_empty() {
                continue;
            }
            let Some(id) = self.program.pred_id(&c.head.pred) else {
                continue;
            };
            let p = self.program.pred(id);
            let rules = self
                .program
                .rules
                .iter()
                .filter(|r| r.head.pred == id)
                .count();
            if p.input || rules == 0 || p.arity != c.head.args.len() {
                continue;
            }
            let atom = c.head.to_string();
            out.push(
                Diagnostic::error(
                    "ambiguous-input",
                    format!(
                        "`{}` is derived by rules, so this looks like a question, not a fact",
                        c.head.pred
                    ),
                )
                .with_primary(c.span, "typed as a fact")
                .with_note(format!(
                    "`{}` is worked out by {} of the knowledge base",
                    c.head.pred,
                    count(rules, "rule", "rules")
                ))
                .with_help(format!("to ask whether it holds, type `?- {atom}.`"))
                .with_help(format!(
                    "to add it as a fact anyway, type `:assert {atom}.`"
                )),
            );
        }
        out
    }

    /// Adds a module of clauses to the session; on errors removes it again
    /// and returns the diagnostics.
    pub(super) fn add(&mut self, module: Module) -> Result<String, String> {
        let before: Vec<String> = self.program.preds.iter().map(|p| p.name.clone()).collect();
        // (predicate if a fact, canonical text)
        let clauses: Vec<(Option<String>, String)> = module
            .items
            .iter()
            .map(|i| match i {
                Item::Clause(c) if c.body.is_empty() => (Some(c.head.pred.clone()), c.to_string()),
                Item::Clause(c) => (None, c.to_string()),
                Item::Input(inp) => (None, format!("@input {}.", inp.atom)),
                _ => (None, String::new()),
            })
            .collect();
        self.kb.modules.push(module);
        let checked = self.kb.check();
        let new = fresh(&checked.diagnostics, &self.diagnostics);
        if checked.has_errors() {
            self.kb.modules.pop();
            let mut out = self.render(&new);
            out.push_str("nothing was added\n");
            return Err(out);
        }
        self.install(checked.program, checked.diagnostics);
        let mut out = self.render(&new);
        const SHOWN: usize = 10;
        for (_, c) in clauses.iter().take(SHOWN) {
            let _ = writeln!(out, "added: {c}");
        }
        if clauses.len() > SHOWN {
            let _ = writeln!(out, "added {} more", clauses.len() - SHOWN);
        }
        // A fact for a predicate nothing else mentions is most likely a
        // typo.
        let mut noted: Vec<&str> = Vec::new();
        for (pred, _) in &clauses {
            let Some(pred) = pred else { continue };
            if before.contains(pred) || noted.contains(&pred.as_str()) {
                continue;
            }
            noted.push(pred);
            let used = self.program.rules.iter().any(|r| {
                r.body.iter().any(|l| {
                    matches!(l, crate::check::Literal::Pos(a) | crate::check::Literal::Neg(a)
                        if self.program.pred(a.pred).name == *pred)
                })
            });
            if used {
                continue;
            }
            let _ = write!(
                out,
                "note: `{pred}` is a new predicate: no rule of the knowledge base uses it"
            );
            match did_you_mean(pred, before.iter().map(String::as_str)) {
                Some(s) => {
                    let _ = writeln!(out, " (did you mean `{s}`?)");
                }
                None => out.push('\n'),
            }
        }
        Ok(out)
    }

    /// Makes a checked program the one in force.
    pub(super) fn install(&mut self, program: Program, diagnostics: Vec<Diagnostic>) {
        self.program = program;
        self.diagnostics = diagnostics;
        self.model = None;
        self.generation += 1;
    }

    /// Evaluates the program in force unless its model is cached.
    fn ensure_model(&mut self) -> Result<(), String> {
        if self.model.is_some() {
            return Ok(());
        }
        self.interrupt.store(false, Ordering::SeqCst);
        match self.kb.evaluate(&self.program, &self.limits) {
            Ok(m) => {
                self.model = Some(m);
                Ok(())
            }
            Err(e) => {
                let d = e.to_diagnostic(&self.kb.sources);
                let mut out = self.eval_failure(&d);
                if self.base_len < self.kb.modules.len() && d.code != "interrupted" {
                    out.push_str(
                        "help: if a clause added in this session causes this, \
                         `:retract` it or `:reset` the session\n",
                    );
                }
                Err(out)
            }
        }
    }

    fn eval_failure(&mut self, d: &Diagnostic) -> String {
        if d.code == "interrupted" {
            self.interrupted = true;
            "evaluation interrupted\n".to_string()
        } else {
            self.render(std::slice::from_ref(d))
        }
    }

    /// Answers the queries of one input (all in `file`).
    pub(super) fn ask(&mut self, file: FileId, queries: Vec<Item>) -> String {
        let mut started = Instant::now();
        let module = Module {
            file,
            items: queries,
            plain: Default::default(),
        };
        let checked = self.kb.check_with(&[module]);
        let new = fresh(&checked.diagnostics, &self.diagnostics);
        let mut out = self.render(&new);
        if checked.has_errors() {
            return out;
        }
        if let Err(e) = self.ensure_model() {
            out.push_str(&e);
            return out;
        }
        let program = checked.program;
        let Some(model) = self.model.as_mut() else {
            return out;
        };
        // Predicates only the queries mention (undefined, so empty) come
        // after those of the program in force.
        let known = self.program.preds.len();
        model.truncate(known);
        for q in program.queries.iter().filter(|q| q.span.file == file) {
            self.interrupt.store(false, Ordering::SeqCst);
            let opts = self.respond_options();
            let Some(model) = self.model.as_mut() else {
                break;
            };
            let response = respond(&mut self.kb, &program, model, q, &opts);
            match response {
                Ok(text) => self.show_answer(&mut out, &text, q.kind),
                Err(d) => {
                    out.push_str(&self.eval_failure(&d));
                    if d.code == "interrupted" {
                        break;
                    }
                }
            }
            if self.timing {
                let _ = writeln!(out, "({})", elapsed(started));
            }
            started = Instant::now();
        }
        out
    }

    /// Adds one answer to the output: without the echoed query, with a
    /// count of rows, paged.
    fn show_answer(&mut self, out: &mut String, text: &str, kind: QueryKind) {
        if self.format == Format::Json {
            out.push_str(text);
            return;
        }
        let mut lines: Vec<&str> = text.lines().collect();
        if lines.first().is_some_and(|l| l.starts_with("?-")) {
            lines.remove(0);
        }
        let yes_no = matches!(lines.as_slice(), ["true."] | ["false."]);
        let rows: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
        let footer = (kind == QueryKind::Find && !yes_no).then(|| count(rows.len(), "row", "rows"));
        let unit = if kind == QueryKind::Find {
            "rows"
        } else {
            "lines"
        };
        self.emit(out, rows, footer, unit);
    }

    /// Shows lines a page at a time: at most a page of rows now, then the
    /// footer; the rest waits for `:more`. Behind lines already waiting,
    /// everything waits.
    pub(super) fn emit(
        &mut self,
        out: &mut String,
        rows: Vec<String>,
        footer: Option<String>,
        unit: &'static str,
    ) {
        if !self.pending.is_empty() {
            self.pending.extend(rows.into_iter().map(Line::Row));
            self.pending.extend(footer.map(Line::Text));
            return;
        }
        self.pending_unit = unit;
        let mut rows = rows.into_iter();
        for r in rows.by_ref().take(self.page) {
            out.push_str(&r);
            out.push('\n');
        }
        if let Some(f) = footer {
            out.push_str(&f);
            out.push('\n');
        }
        self.pending.extend(rows.map(Line::Row));
    }

    /// The next page of what is waiting.
    pub(super) fn more(&mut self) -> String {
        if self.pending.is_empty() {
            return "nothing more to show\n".to_string();
        }
        let mut out = String::new();
        let mut shown = 0;
        while let Some(line) = self.pending.front() {
            match line {
                Line::Row(_) if shown == self.page => break,
                Line::Row(r) => {
                    out.push_str(r);
                    shown += 1;
                }
                Line::Text(t) => out.push_str(t),
            }
            out.push('\n');
            self.pending.pop_front();
        }
        out.push_str(&self.more_notice());
        out
    }

    fn more_notice(&self) -> String {
        let rows = self
            .pending
            .iter()
            .filter(|l| matches!(l, Line::Row(_)))
            .count();
        if rows == 0 {
            return String::new();
        }
        format!(
            "-- {rows} more {}: type :more to see them --\n",
            if rows == 1 {
                self.pending_unit.trim_end_matches('s')
            } else {
                self.pending_unit
            }
        )
    }

    /// Loads files on top of the knowledge base in force (or, with
    /// `replace`, instead of its files), keeping the session's clauses.
    /// On errors nothing changes and the errors are returned as text.
    /// Readable files are remembered for `:reload` even when they have
    /// errors, so that fixing them and reloading works.
    pub(super) fn load_origins(&mut self, origins: Vec<Origin>, replace: bool) -> String {
        let first_file = self.kb.sources.len() as u32;
        let saved_modules = std::mem::take(&mut self.kb.modules);
        let saved_load = std::mem::take(&mut self.kb.load_diagnostics);
        let saved_paths = std::mem::take(&mut self.kb.paths);
        let session: Vec<Module> = saved_modules[self.base_len..].to_vec();
        if !replace {
            self.kb
                .modules
                .extend(saved_modules[..self.base_len].iter().cloned());
        }
        let mut remember = Vec::new();
        for o in &origins {
            let readable = match o {
                Origin::Embedded => {
                    self.kb.load_default();
                    true
                }
                Origin::KbPath(p) => {
                    if !p.exists() {
                        self.kb.load_diagnostics.push(Diagnostic::error(
                            "read-error",
                            format!("cannot read `{}`: no such file or folder", p.display()),
                        ));
                        false
                    } else if let Err(e) = self.kb.load_kb_path(p) {
                        self.kb
                            .load_diagnostics
                            .push(Diagnostic::error("read-error", e.to_string()));
                        false
                    } else {
                        true
                    }
                }
                Origin::File(p) => {
                    self.kb.load_file(p);
                    p.is_file()
                }
            };
            if readable && !self.origins.contains(o) {
                remember.push(o.clone());
            }
        }
        let base_len = self.kb.modules.len();
        self.kb.modules.extend(session);
        let checked = self.kb.check();
        let new = fresh(&checked.diagnostics, &self.diagnostics);
        if !replace {
            self.origins.extend(remember);
        }
        let mut out = self.render(&new);
        if checked.has_errors() {
            self.kb.modules = saved_modules;
            self.kb.load_diagnostics = saved_load;
            self.kb.paths = saved_paths;
            return out;
        }
        self.kb.load_diagnostics = Vec::new();
        if !replace {
            let new_paths = std::mem::replace(&mut self.kb.paths, saved_paths);
            self.kb.paths.extend(new_paths);
        }
        self.base_len = base_len;
        self.install(checked.program, checked.diagnostics);
        // Queries written in the files just loaded are answered now.
        let mut queries: Vec<crate::check::Query> = self
            .program
            .queries
            .iter()
            .filter(|q| q.span.file.0 >= first_file)
            .cloned()
            .collect();
        queries.sort_by_key(|q| (q.span.file, q.span.start));
        if !queries.is_empty() {
            out.push_str(&self.answer_loaded(&queries));
        }
        out
    }

    /// How `respond` should answer: the session's format and limits.
    fn respond_options(&self) -> Respond {
        Respond {
            format: self.format,
            limits: self.limits.clone(),
            ..Respond::default()
        }
    }

    /// Answers queries that came with loaded files, each after its echo.
    fn answer_loaded(&mut self, queries: &[crate::check::Query]) -> String {
        let mut out = String::new();
        if let Err(e) = self.ensure_model() {
            return e;
        }
        for q in queries {
            self.interrupt.store(false, Ordering::SeqCst);
            let opts = self.respond_options();
            let Some(model) = self.model.as_mut() else {
                break;
            };
            match respond(&mut self.kb, &self.program, model, q, &opts) {
                Ok(text) => {
                    if self.format == Format::Text {
                        let _ = writeln!(out, "?- {}.", q.text);
                    }
                    self.show_answer(&mut out, &text, q.kind);
                }
                Err(d) => {
                    out.push_str(&self.eval_failure(&d));
                    if d.code == "interrupted" {
                        break;
                    }
                }
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

    /// Predicates with facts, rules or an `@input` declaration.
    pub(super) fn defined_preds(&self) -> usize {
        self.program
            .preds
            .iter()
            .filter(|p| p.defined || p.input)
            .count()
    }

    /// The clauses typed in this session, as canonical text with the
    /// index of their module and item.
    pub(super) fn session_clauses(&self) -> Vec<(usize, usize, String)> {
        let mut out = Vec::new();
        for (m, module) in self.kb.modules.iter().enumerate().skip(self.base_len) {
            for (i, item) in module.items.iter().enumerate() {
                match item {
                    Item::Clause(c) => out.push((m, i, c.to_string())),
                    Item::Input(inp) => out.push((m, i, format!("@input {}.", inp.atom))),
                    _ => {}
                }
            }
        }
        out
    }

    /// Re-checks after session clauses were removed (which cannot add
    /// errors; if it somehow does, `modules` is put back).
    pub(super) fn recheck(&mut self, previous: Vec<Module>) -> Result<(), String> {
        let checked = self.kb.check();
        if checked.has_errors() {
            self.kb.modules = previous;
            return Err(self.render(&fresh(&checked.diagnostics, &self.diagnostics)));
        }
        self.install(checked.program, checked.diagnostics);
        Ok(())
    }
}

/// `12.3 ms` or `1.25 s`.
fn elapsed(started: Instant) -> String {
    let secs = started.elapsed().as_secs_f64();
    if secs < 1.0 {
        format!("{:.1} ms", secs * 1000.0)
    } else {
        format!("{secs:.2} s")
    }
}

fn constants_of(e: &crate::check::Expr, add: &mut impl FnMut(crate::value::Value)) {
    match e {
        crate::check::Expr::Const(v) => add(*v),
        crate::check::Expr::Bin(_, a, b) => {
            constants_of(a, add);
            constants_of(b, add);
        }
        crate::check::Expr::Neg(a) => constants_of(a, add),
        crate::check::Expr::Var(_) | crate::check::Expr::Wild => {}
    }
}

fn literal_constants(body: &[crate::check::Literal], add: &mut impl FnMut(crate::value::Value)) {
    for l in body {
        match l {
            crate::check::Literal::Pos(a) | crate::check::Literal::Neg(a) => {
                for e in &a.args {
                    constants_of(e, add);
                }
            }
            crate::check::Literal::Cmp { lhs, rhs, .. } => {
                constants_of(lhs, add);
                constants_of(rhs, add);
            }
            crate::check::Literal::Agg(a) => {
                if let Some(t) = &a.target {
                    constants_of(t, add);
                }
                literal_constants(&a.body, add);
            }
        }
    }
}
