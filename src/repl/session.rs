//! The prompt's state and logic, without a terminal: the knowledge base in
//! force as an engine [`Scenario`] (the loaded files are its base, the
//! clauses typed in this session its own), and [`Session::handle`], which
//! takes one input and returns the text to print. Loading lives in
//! [`super::loading`], paging in [`super::paging`], the `:` commands in
//! [`super::commands`] and [`super::describe`], the line editor in
//! [`super::editor`].
//!
//! Invariants: the knowledge base in force always checks without errors
//! (an input, `:load` or `:reload` that would introduce one is undone and
//! its diagnostics shown); the scenario's modules are the inputs typed in
//! this session, each a module of its own text `<repl:N>` holding only
//! clauses and `@input`s.

use super::lexer::{self, Segment};
use super::loading::Origin;
use super::paging::Line;
use crate::check::program::{Literal, QueryKind};
use crate::diag::{Diagnostic, did_you_mean, render};
use crate::engine::{
    Base, EngineError, Files, Format, KbError, Options as Request, Response, Scenario,
};
use crate::eval::Limits;
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
        let program = self.scenario.program();
        let values = self.scenario.values();
        let mut preds: Vec<PredSummary> = program
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
            if let crate::value::Datum::Text(t) = values.get(v)
                && crate::value::is_symbol(t)
            {
                constants.insert(t.to_string());
            }
        };
        for f in program.facts.iter() {
            for v in f.args.iter() {
                add(*v);
            }
        }
        for r in program.rules.iter() {
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
        self.scenario
            .add_source(&format!("<repl:{}>", self.inputs), text)
    }

    pub(super) fn render(&self, diagnostics: &[Diagnostic]) -> String {
        render(diagnostics, self.scenario.sources(), self.color)
    }

    /// The diagnostics of what is in force.
    pub(super) fn diagnostics(&self) -> &[Diagnostic] {
        self.scenario.diagnostics()
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
                    SyntaxError::Misplaced {
                        span: q.span,
                        what: "a query",
                        place: "in `:assert`",
                    }
                    .to_diagnostic()
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
        let program = self.scenario.program();
        let mut out = Vec::new();
        for item in items {
            let Item::Clause(c) = item else { continue };
            if !c.body.is_empty() {
                continue;
            }
            let Some(id) = program.pred_id(&c.head.pred) else {
                continue;
            };
            let p = program.pred(id);
            let rules = program.rules.iter().filter(|r| r.head.pred == id).count();
            if p.input || rules == 0 || p.arity != c.head.args.len() {
                continue;
            }
            out.push(
                super::error::PromptError::AmbiguousInput {
                    pred: c.head.pred.clone(),
                    atom: c.head.to_string(),
                    rules,
                    span: c.span,
                }
                .to_diagnostic(),
            );
        }
        out
    }

    /// Adds a module of clauses to the session; on errors leaves it out and
    /// returns the diagnostics.
    pub(super) fn add(&mut self, module: Module) -> Result<String, String> {
        let program = self.scenario.program();
        let before: Vec<String> = program.preds.iter().map(|p| p.name.clone()).collect();
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
        let old = self.diagnostics().to_vec();
        let new = match self.scenario.try_add(module) {
            Ok(d) => fresh(&d, &old),
            Err(e) => {
                let d = e.to_diagnostics(self.scenario.sources());
                let mut out = self.render(&fresh(&d, &old));
                out.push_str("nothing was added\n");
                return Err(out);
            }
        };
        self.generation += 1;
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
        let program = self.scenario.program();
        let mut noted: Vec<&str> = Vec::new();
        for (pred, _) in &clauses {
            let Some(pred) = pred else { continue };
            if before.contains(pred) || noted.contains(&pred.as_str()) {
                continue;
            }
            noted.push(pred);
            let used = program.rules.iter().any(|r| {
                r.body.iter().any(|l| {
                    matches!(l, Literal::Pos(a) | Literal::Neg(a)
                        if program.pred(a.pred).name == *pred)
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

    /// Evaluates the knowledge base in force unless it is evaluated already.
    pub(super) fn ensure_model(&mut self) -> Result<(), String> {
        self.interrupt.store(false, Ordering::SeqCst);
        match self.scenario.evaluate(&self.limits) {
            Ok(_) => Ok(()),
            Err(e) => {
                let interrupted = matches!(e, crate::eval::EvalError::Interrupted);
                let d = e.to_diagnostic(self.scenario.sources());
                let mut out = self.eval_failure(&d, interrupted);
                if !self.scenario.modules().is_empty() && !interrupted {
                    out.push_str(
                        "help: if a clause added in this session causes this, \
                         `:retract` it or `:reset` the session\n",
                    );
                }
                Err(out)
            }
        }
    }

    fn eval_failure(&mut self, d: &Diagnostic, interrupted: bool) -> String {
        if interrupted {
            self.interrupted = true;
            "evaluation interrupted\n".to_string()
        } else {
            self.render(std::slice::from_ref(d))
        }
    }

    /// What an answer is to contain: the session's format and limits.
    pub(super) fn request(&self) -> Request {
        Request {
            format: self.format,
            limits: self.limits.clone(),
            ..Request::default()
        }
    }

    /// Shows an answer, or the error that kept it from being given;
    /// returns false after an interruption.
    pub(super) fn show(&mut self, out: &mut String, answer: Result<Response, EngineError>) -> bool {
        match answer {
            Ok(r) => {
                self.show_answer(out, &r);
                true
            }
            Err(e) => {
                let interrupted = matches!(
                    e,
                    EngineError::Eval(crate::eval::EvalError::Interrupted)
                        | EngineError::Explain(crate::explain::ExplainError::Eval(
                            crate::eval::EvalError::Interrupted
                        ))
                );
                for d in e.to_diagnostics(self.scenario.sources()) {
                    out.push_str(&self.eval_failure(&d, interrupted));
                }
                !interrupted
            }
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
        let old = self.diagnostics().to_vec();
        let prepared = match self.scenario.prepare(module) {
            Ok(p) => p,
            Err(e) => {
                let d = e.to_diagnostics(self.scenario.sources());
                return self.render(&fresh(&d, &old));
            }
        };
        let mut out = self.render(&fresh(&prepared.diagnostics, &old));
        if let Err(e) = self.ensure_model() {
            out.push_str(&e);
            return out;
        }
        let queries: Vec<_> = prepared.queries().cloned().collect();
        for q in &queries {
            self.interrupt.store(false, Ordering::SeqCst);
            let request = self.request();
            let answer = self.scenario.answer_prepared(&prepared, q, &request);
            if !self.show(&mut out, answer) {
                break;
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
    pub(super) fn show_answer(&mut self, out: &mut String, r: &Response) {
        if self.format == Format::Json {
            out.push_str(&crate::render::response(r, &self.request()));
            return;
        }
        let mut text = crate::render::answer_text(r);
        text.push_str(&crate::render::explanations(
            r,
            crate::engine::ExplainFormat::Text,
        ));
        let lines: Vec<&str> = text.lines().collect();
        let yes_no = matches!(lines.as_slice(), ["true."] | ["false."]);
        let rows: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
        let footer =
            (r.kind == QueryKind::Find && !yes_no).then(|| count(rows.len(), "row", "rows"));
        let unit = if r.kind == QueryKind::Find {
            "rows"
        } else {
            "lines"
        };
        self.emit(out, rows, footer, unit);
    }

    /// Predicates with facts, rules or an `@input` declaration.
    pub(super) fn defined_preds(&self) -> usize {
        crate::engine::catalogue::names(self.scenario.program()).count()
    }

    /// The clauses typed in this session, as canonical text with the
    /// index of their module and item.
    pub(super) fn session_clauses(&self) -> Vec<(usize, usize, String)> {
        let mut out = Vec::new();
        for (m, module) in self.scenario.modules().iter().enumerate() {
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

fn literal_constants(body: &[Literal], add: &mut impl FnMut(crate::value::Value)) {
    for l in body {
        match l {
            Literal::Pos(a) | Literal::Neg(a) => {
                for e in &a.args {
                    constants_of(e, add);
                }
            }
            Literal::Cmp { lhs, rhs, .. } => {
                constants_of(lhs, add);
                constants_of(rhs, add);
            }
            Literal::Agg(a) => {
                if let Some(t) = &a.target {
                    constants_of(t, add);
                }
                literal_constants(&a.body, add);
            }
        }
    }
}
