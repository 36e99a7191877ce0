//! Answers at the prompt: evaluating the knowledge base in force when a
//! query needs it, and showing each answer without its echo, with a count
//! of rows, paged, or as the JSON lines of `regkb run --format json`.

use super::session::{Session, count, fresh};
use crate::check::program::QueryKind;
use crate::diag::Diagnostic;
use crate::engine::{EngineError, ExplainFormat, Format, Options as Request, Response};
use crate::eval::EvalError;
use crate::explain::ExplainError;
use crate::source::FileId;
use crate::syntax::ast::{Item, Module};
use std::fmt::Write as _;
use std::sync::atomic::Ordering;
use std::time::Instant;

impl Session {
    /// Evaluates the knowledge base in force unless it is evaluated already.
    pub(super) fn ensure_model(&mut self) -> Result<(), String> {
        self.interrupt.store(false, Ordering::SeqCst);
        match self.scenario.evaluate(&self.limits) {
            Ok(_) => Ok(()),
            Err(e) => {
                let interrupted = matches!(e, EvalError::Interrupted);
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

    /// What an answer is to contain: the session's format, limits and
    /// language.
    pub(super) fn request(&self) -> Request {
        Request {
            format: self.format,
            limits: self.limits.clone(),
            lang: self.lang,
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
                    EngineError::Eval(EvalError::Interrupted)
                        | EngineError::Explain(ExplainError::Eval(EvalError::Interrupted))
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
            origin: Default::default(),
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
            ExplainFormat::Text,
            crate::engine::Detail::Short,
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
        out.push_str(&crate::render::overrides_text(r));
        out.push_str(&crate::render::later_sources_text(r));
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
