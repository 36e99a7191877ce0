//! What typed text does at the prompt: clauses join the session (unless
//! they look like questions), queries are answered; every error leaves the
//! session as it was.

use super::error::PromptError;
use super::session::{Session, fresh};
use crate::check::program::Literal;
use crate::diag::{Diagnostic, did_you_mean};
use crate::syntax::ast::{Item, Module};
use crate::syntax::{SyntaxError, parse_program};
use std::fmt::Write as _;

impl Session {
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
                Item::Clause(_)
                | Item::Input(_)
                | Item::Domain(_)
                | Item::Document(_)
                | Item::Say(_)
                | Item::Names(_) => clauses.push(item),
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
                        what: if inc.data.is_some() {
                            "`@facts`"
                        } else {
                            "`@include`"
                        },
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
                origin: Default::default(),
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
            // An `@override` is meant as a fact.
            if !c.body.is_empty() || c.overrides {
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
                PromptError::AmbiguousInput {
                    pred: c.head.pred.clone(),
                    atom: c.head.to_string(),
                    rules,
                    ground: c.head.args.iter().all(is_ground),
                    reference: p.reference,
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
                Item::Input(inp) => (None, inp.to_string()),
                Item::Domain(d) => (None, d.to_string()),
                Item::Document(d) => (None, d.to_string()),
                Item::Say(d) => (None, d.to_string()),
                Item::Names(d) => (None, d.to_string()),
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
}

/// Whether an argument has no variables.
fn is_ground(e: &crate::syntax::ast::Expr) -> bool {
    use crate::syntax::ast::Expr;
    match e {
        Expr::Var(_) => false,
        Expr::Const(..) => true,
        Expr::Binary(_, a, b, _) => is_ground(a) && is_ground(b),
        Expr::Neg(a, _) => is_ground(a),
    }
}
