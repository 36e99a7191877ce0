//! The prompt's describing commands: `:help` (the commands, one command,
//! or a predicate from the knowledge base's catalogue), `:preds` and
//! `:list`, drawn from [`crate::engine::catalogue`] and the source text.

use super::commands::{COMMANDS, command_help, find_command};
use super::error::PromptError;
use super::session::{Session, count};
use crate::check::PredId;
use crate::diag::did_you_mean;
use crate::engine::catalogue;
use crate::source::Span;
use std::fmt::Write as _;

const GENERAL_HELP: &str = "\
Ask a question with `?-` and end it with a full stop:
    ?- notifiable(v1).              does it hold? (true. / false.)
    ?- ma_in(v1, C).                which values make it hold? (C = de, ...)
Describe a scenario with facts; they are added to this session:
    product(v1).  class(v1, vaccine).  ma_in(v1, de).
Rules are added the same way: `p(X) :- q(X), not r(X).`. Input goes on over
several lines (`   | `) until the closing full stop.
";

const KEYS_HELP: &str = "\
Keys: Tab completes commands, predicates and constants; Up and Down recall
earlier input; Ctrl-C abandons the input or stops a long evaluation; Ctrl-D
on an empty line leaves.
";

impl Session {
    pub(super) fn help(&mut self, topic: &str) -> String {
        let topic = topic.trim();
        if topic.is_empty() {
            let mut out = GENERAL_HELP.to_string();
            out.push_str("\nCommands:\n");
            let width = COMMANDS
                .iter()
                .map(|c| c.name.len() + c.args.len() + 2)
                .max()
                .unwrap_or(0);
            for c in COMMANDS {
                let usage = if c.args.is_empty() {
                    format!(":{}", c.name)
                } else {
                    format!(":{} {}", c.name, c.args)
                };
                let _ = writeln!(out, "  {usage:width$}  {}", c.summary);
            }
            out.push('\n');
            out.push_str(KEYS_HELP);
            return out;
        }
        if let Some(name) = topic.strip_prefix(':') {
            return match find_command(name) {
                Some(c) => command_help(c),
                None => format!(
                    "{}\n",
                    PromptError::Unknown {
                        name: name.to_string(),
                        suggestion: None,
                    }
                ),
            };
        }
        let (name, arity) = match topic.split_once('/') {
            Some((n, a)) => (n, a.parse::<usize>().ok()),
            None => (topic, None),
        };
        let program = self.scenario.program();
        if let Some(id) = program.pred_id(name)
            && arity.is_none_or(|a| a == program.pred(id).arity)
        {
            let mut out = self.describe(id);
            if let Some(c) = find_command(name) {
                let _ = writeln!(out, "(for the command, type `:help :{}`)", c.name);
            }
            return out;
        }
        if let Some(c) = find_command(topic) {
            return command_help(c);
        }
        let mut out = format!("no command or predicate is called `{topic}`");
        let names =
            catalogue::names(self.scenario.program()).chain(COMMANDS.iter().map(|c| c.name));
        match did_you_mean(name, names) {
            Some(s) => {
                let _ = writeln!(out, "; did you mean `{s}`?");
            }
            None => out.push_str("; `:preds` lists the predicates, `:help` the commands\n"),
        }
        out
    }

    /// `:help PRED`: doc, arguments, origin, sources and rules.
    fn describe(&self, id: PredId) -> String {
        let e = catalogue::describe(self.scenario.program(), id);
        let sources = self.scenario.sources();
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{}  ({}/{})",
            signature(&e.name, e.arity, e.params.as_deref()),
            e.name,
            e.arity
        );
        match &e.doc {
            Some(doc) => {
                for line in doc.lines() {
                    let _ = writeln!(out, "  {line}");
                }
            }
            None => out.push_str("  (no `%%` doc)\n"),
        }
        if e.input {
            let _ = writeln!(
                out,
                "  input: you supply its facts, such as `{}.`",
                example_fact(&e.name, e.arity, e.params.as_deref())
            );
        }
        if !e.facts.is_empty() {
            let _ = writeln!(
                out,
                "  facts: {}",
                self.per_file(e.facts.iter().copied(), "fact", "facts")
            );
        }
        if !e.rules.is_empty() {
            let _ = writeln!(
                out,
                "  rules: {}",
                self.per_file(e.rules.iter().copied(), "rule", "rules")
            );
        }
        if e.facts.is_empty() && e.rules.is_empty() && !e.input {
            out.push_str("  no facts or rules\n");
        }
        for src in &e.sources {
            let cited = src.locator.as_deref().map(|l| {
                self.scenario
                    .program()
                    .cite(l)
                    .unwrap_or_else(|| l.to_string())
            });
            match &cited {
                Some(l) => {
                    let _ = writeln!(out, "  source: {} ({l})", src.citation);
                }
                None => {
                    let _ = writeln!(out, "  source: {}", src.citation);
                }
            }
        }
        const SHOWN: usize = 8;
        for r in e.rules.iter().take(SHOWN) {
            let _ = writeln!(out, "  {}:", sources.location(*r));
            out.push_str(&indented(sources.text(*r), "    "));
        }
        if e.rules.len() > SHOWN {
            let more = e.rules.len() - SHOWN;
            let _ = writeln!(
                out,
                "  ... {more} more {} (`:list {}` shows them all)",
                if more == 1 { "rule" } else { "rules" },
                e.name
            );
        }
        out
    }

    /// `12 in kb/countries.kb, 1 in <repl:3>`
    fn per_file(&self, spans: impl Iterator<Item = Span>, one: &str, many: &str) -> String {
        let mut files: Vec<(u32, usize)> = Vec::new();
        let mut total = 0;
        for s in spans {
            total += 1;
            match files.iter_mut().find(|(f, _)| *f == s.file.0) {
                Some(e) => e.1 += 1,
                None => files.push((s.file.0, 1)),
            }
        }
        let sources = self.scenario.sources();
        let name = |f: u32| &sources.file(crate::source::FileId(f)).name;
        match files.as_slice() {
            [(f, _)] => format!("{} in {}", count(total, one, many), name(*f)),
            _ => {
                let parts: Vec<String> = files
                    .iter()
                    .map(|(f, n)| format!("{n} in {}", name(*f)))
                    .collect();
                format!("{} ({})", count(total, one, many), parts.join(", "))
            }
        }
    }

    /// `:preds [FILTER]`
    pub(super) fn preds(&mut self, filter: &str) -> String {
        let preds = catalogue::list(self.scenario.program(), filter);
        if preds.is_empty() {
            return if filter.trim().is_empty() {
                "the knowledge base has no predicates\n".to_string()
            } else {
                format!("no predicate's name or doc contains `{}`\n", filter.trim())
            };
        }
        let rows: Vec<String> = crate::render::predicate_rows(&preds, 32, 1)
            .iter()
            .map(|line| cut(line, self.width.saturating_sub(1)))
            .collect();
        let footer = Some(count(rows.len(), "predicate", "predicates"));
        let mut out = String::new();
        self.emit(&mut out, rows, footer, "lines");
        out
    }

    /// `:list PRED`
    pub(super) fn list(&mut self, name: &str) -> String {
        let name = name.trim();
        if name.is_empty() {
            return format!(
                "{}\n",
                PromptError::Usage {
                    command: "list",
                    args: "PREDICATE",
                    example: "ma_in",
                }
            );
        }
        let (name, _) = name.split_once('/').unwrap_or((name, ""));
        let Some(id) = self.scenario.program().pred_id(name) else {
            return self.no_such_pred(name);
        };
        let e = catalogue::describe(self.scenario.program(), id);
        if e.facts.is_empty() && e.rules.is_empty() {
            return if e.input {
                format!(
                    "`{name}` has no facts yet: you supply them, such as `{}.`\n",
                    example_fact(&e.name, e.arity, e.params.as_deref())
                )
            } else {
                format!("`{name}` has no facts or rules\n")
            };
        }
        let sources = self.scenario.sources();
        const FACTS_SHOWN: usize = 20;
        let mut rows = Vec::new();
        for s in e.facts.iter().take(FACTS_SHOWN) {
            rows.push(format!(
                "{}  {}",
                sources.location(*s),
                one_line(sources.text(*s))
            ));
        }
        if e.facts.len() > FACTS_SHOWN {
            let more = e.facts.len() - FACTS_SHOWN;
            rows.push(format!(
                "... {more} more {} (`?- {}.` lists them all)",
                if more == 1 { "fact" } else { "facts" },
                example_query(name, e.arity, e.params.as_deref())
            ));
        }
        for s in &e.rules {
            rows.push(format!("{}:", sources.location(*s)));
            for l in indented(sources.text(*s), "    ").lines() {
                rows.push(l.to_string());
            }
        }
        let footer = Some(format!(
            "{}, {}",
            count(e.facts.len(), "fact", "facts"),
            count(e.rules.len(), "rule", "rules")
        ));
        let mut out = String::new();
        self.emit(&mut out, rows, footer, "lines");
        out
    }

    fn no_such_pred(&self, name: &str) -> String {
        let suggestion =
            did_you_mean(name, catalogue::names(self.scenario.program())).map(str::to_string);
        format!(
            "{}\n",
            PromptError::UnknownPredicate {
                name: name.to_string(),
                suggestion,
            }
        )
    }
}

/// `ma_in(P, C)`, or `eea_member(_)` when the parameters have no names.
pub(super) fn signature(name: &str, arity: usize, params: Option<&[String]>) -> String {
    if arity == 0 {
        return name.to_string();
    }
    match params {
        Some(ps) if ps.len() == arity => format!("{name}({})", ps.join(", ")),
        _ => format!("{name}({})", vec!["_"; arity].join(", ")),
    }
}

/// `product(v1)`: a made-up fact to show how to supply an `@input`.
pub(super) fn example_fact(name: &str, arity: usize, params: Option<&[String]>) -> String {
    if arity == 0 {
        return name.to_string();
    }
    let args: Vec<String> = (0..arity)
        .map(|i| {
            let p = params
                .and_then(|p| p.get(i))
                .map(String::as_str)
                .unwrap_or("");
            match p {
                "P" => "v1".to_string(),
                "C" => "de".to_string(),
                _ if i == 0 => "v1".to_string(),
                _ => "x".to_string(),
            }
        })
        .collect();
    format!("{name}({})", args.join(", "))
}

/// `ma_in(P, C)` with variables for every argument.
fn example_query(name: &str, arity: usize, params: Option<&[String]>) -> String {
    if arity == 0 {
        return name.to_string();
    }
    match params {
        Some(ps) if ps.len() == arity => format!("{name}({})", ps.join(", ")),
        _ => {
            let vars: Vec<String> = (1..=arity).map(|i| format!("X{i}")).collect();
            format!("{name}({})", vars.join(", "))
        }
    }
}

/// Source text with every line indented by `pad` (the first line's own
/// indentation is already gone: the span starts at the clause).
fn indented(text: &str, pad: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        out.push_str(pad);
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// A clause on one line: line breaks and runs of spaces become one space.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `text` cut to `width` characters, with `…` when cut.
fn cut(text: &str, width: usize) -> String {
    if text.chars().count() <= width || width < 2 {
        return text.to_string();
    }
    let mut s: String = text.chars().take(width - 1).collect();
    s.push('…');
    s
}
