//! The prompt's `:` commands: their table and help texts, and what each
//! does to a [`Session`]. `:help PRED`, `:preds` and `:list` describe the
//! knowledge base from the checked program and the source text.

use super::session::{Origin, Session, count};
use crate::check::{PredId, Program};
use crate::diag::did_you_mean;
use crate::output::Format;
use crate::source::Span;
use crate::syntax::ast::Item;
use crate::syntax::parse_program;
use std::fmt::Write as _;
use std::path::PathBuf;

/// One command: its name, other spellings, arguments and help.
#[derive(Clone, Copy, Debug)]
pub struct CommandInfo {
    /// The name after `:`.
    pub name: &'static str,
    /// Other names that mean the same.
    pub aliases: &'static [&'static str],
    /// The arguments, as shown in help (may be empty).
    pub args: &'static str,
    /// One line for `:help`.
    pub summary: &'static str,
    /// The paragraph for `:help CMD`.
    pub help: &'static str,
}

/// Every command, in the order `:help` lists them.
pub const COMMANDS: &[CommandInfo] = &[
    CommandInfo {
        name: "help",
        aliases: &["h", "?"],
        args: "[COMMAND|PREDICATE]",
        summary: "this list; or how a command works, or what a predicate means",
        help: "`:help` lists the commands. `:help load` (or `:help :load`) explains one\n\
               command. `:help notifiable` shows what a predicate means (its `%%` doc),\n\
               its arguments, whether you supply its facts (`@input`), where its\n\
               clauses come from, their legal sources, and its rules.",
    },
    CommandInfo {
        name: "preds",
        aliases: &["predicates"],
        args: "[FILTER]",
        summary: "the predicates, with their arity and the first line of their doc",
        help: "`:preds` lists every predicate of the knowledge base as name/arity with\n\
               the first line of its doc; `input` marks those whose facts you supply.\n\
               `:preds FILTER` lists only those whose name or doc contains FILTER\n\
               (ignoring case), e.g. `:preds vaccine`.",
    },
    CommandInfo {
        name: "list",
        aliases: &[],
        args: "PREDICATE",
        summary: "the facts and rules of a predicate, with where they are written",
        help: "`:list ma_in` prints the clauses of a predicate as written, each with its\n\
               file and line; clauses typed in this session show as `<repl:N>`.\n\
               Long lists of facts are cut short; `?- ma_in(P, C).` shows them all.",
    },
    CommandInfo {
        name: "why",
        aliases: &[],
        args: "ATOM",
        summary: "explain why a fact holds (the same as `?- why ATOM.`)",
        help: "`:why notifiable(v1)` asks for the derivation of a fact that holds:\n\
               the rules and facts that make it true. The same as `?- why notifiable(v1).`",
    },
    CommandInfo {
        name: "whynot",
        aliases: &[],
        args: "ATOM",
        summary: "explain why a fact does not hold (the same as `?- whynot ATOM.`)",
        help: "`:whynot notifiable(v1)` explains why a fact does not hold: for each\n\
               rule that could derive it, the condition that fails.\n\
               The same as `?- whynot notifiable(v1).`",
    },
    CommandInfo {
        name: "assert",
        aliases: &["add"],
        args: "CLAUSE",
        summary: "add a fact or rule, even one whose predicate is derived by rules",
        help: "Facts and rules typed at the prompt are added to the session, except a\n\
               fact whose predicate the knowledge base derives by rules (such as\n\
               `notifiable(v1).`), which most likely is a question: that is refused\n\
               with a hint. `:assert notifiable(v1).` adds it anyway.",
    },
    CommandInfo {
        name: "retract",
        aliases: &["remove"],
        args: "CLAUSE",
        summary: "remove a fact or rule added in this session",
        help: "`:retract product(v1).` removes the clauses added in this session that\n\
               are written the same way (spacing aside). Clauses of the loaded files\n\
               cannot be retracted; `:reset` removes everything added in the session.",
    },
    CommandInfo {
        name: "reset",
        aliases: &[],
        args: "",
        summary: "remove every fact and rule added in this session",
        help: "`:reset` forgets the facts, rules and `@input`s typed in this session;\n\
               the loaded files stay.",
    },
    CommandInfo {
        name: "load",
        aliases: &[],
        args: "FILE",
        summary: "load a .kb file, or every .kb file in a folder; its queries are answered",
        help: "`:load scenario.kb` adds a file (relative to the current directory) to\n\
               the knowledge base and answers the queries written in it. A folder\n\
               loads every `.kb` file under it. If the file has errors nothing is\n\
               loaded and the errors are shown; fix them and type `:reload`.",
    },
    CommandInfo {
        name: "reload",
        aliases: &["r"],
        args: "",
        summary: "read every loaded file again (on errors, the previous version stays)",
        help: "`:reload` reads every loaded file and folder again (the embedded\n\
               knowledge base too) and keeps the clauses typed in this session. If the\n\
               new text has errors, they are shown and the previous knowledge base\n\
               stays in force.",
    },
    CommandInfo {
        name: "format",
        aliases: &[],
        args: "text|json",
        summary: "answers as text (X = de) or as the JSON lines of `regkb run --format json`",
        help: "`:format json` prints each answer as one JSON object, like\n\
               `regkb run --format json`; `:format text` goes back to `X = de` lines.\n\
               `:format` alone says which is in use.",
    },
    CommandInfo {
        name: "time",
        aliases: &[],
        args: "on|off",
        summary: "show how long each answer took",
        help: "`:time on` prints the time taken after each answer, such as `(12.3 ms)`,\n\
               including evaluating the knowledge base when it changed. `:time off`\n\
               stops it.",
    },
    CommandInfo {
        name: "more",
        aliases: &["m"],
        args: "",
        summary: "show the next page of a long answer",
        help: "An answer longer than the screen shows its first rows and\n\
               `-- N more rows: type :more to see them --`; `:more` shows the next page.",
    },
    CommandInfo {
        name: "quit",
        aliases: &["q", "exit"],
        args: "",
        summary: "leave (Ctrl-D on an empty line does the same)",
        help: "`:quit` leaves the prompt, as does Ctrl-D on an empty line. What was\n\
               typed is kept in the history (Up and Down recall it next time); facts\n\
               added in the session are not saved.",
    },
];

/// The command with this name or alias.
pub fn find_command(name: &str) -> Option<&'static CommandInfo> {
    COMMANDS
        .iter()
        .find(|c| c.name == name || c.aliases.contains(&name))
}

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
    /// Runs a `:` command line; returns what to print and whether to leave.
    pub(super) fn command(&mut self, line: &str) -> (String, bool) {
        let body = line.trim().trim_start_matches(':');
        let (name, args) = match body.find(char::is_whitespace) {
            Some(i) => (&body[..i], body[i..].trim()),
            None => (body, ""),
        };
        let Some(cmd) = find_command(name) else {
            let mut out = if name.is_empty() {
                "a command name goes after `:`, such as `:help`".to_string()
            } else {
                format!("unknown command `:{name}`")
            };
            let names = COMMANDS
                .iter()
                .flat_map(|c| std::iter::once(c.name).chain(c.aliases.iter().copied()));
            if let Some(s) = did_you_mean(name, names)
                && !name.is_empty()
            {
                let real = find_command(s).map(|c| c.name).unwrap_or(s);
                let _ = write!(out, "; did you mean `:{real}`?");
            } else {
                out.push_str("; `:help` lists the commands");
            }
            out.push('\n');
            return (out, false);
        };
        let no_args = |out: String| -> String {
            if args.is_empty() {
                out
            } else {
                format!("`:{}` takes no arguments\n", cmd.name)
            }
        };
        let text = match cmd.name {
            "help" => self.help(args),
            "preds" => self.preds(args),
            "list" => self.list(args),
            "why" | "whynot" => {
                if args.is_empty() {
                    format!(
                        "usage: `:{} ATOM`, such as `:{0} notifiable(v1)`\n",
                        cmd.name
                    )
                } else {
                    let atom = args.trim_end().trim_end_matches('.');
                    let one_atom = super::lexer::tokens(atom).iter().all(|t| {
                        !matches!(
                            t.kind,
                            super::lexer::Kind::Dot
                                | super::lexer::Kind::QueryMark
                                | super::lexer::Kind::Neck
                        )
                    });
                    if one_atom {
                        self.text(&format!("?- {} {atom}.", cmd.name), false)
                    } else {
                        format!(
                            "`:{}` takes one atom, such as `:{0} notifiable(v1)`\n",
                            cmd.name
                        )
                    }
                }
            }
            "assert" => {
                if args.is_empty() {
                    "usage: `:assert CLAUSE`, such as `:assert product(v1).`\n".to_string()
                } else {
                    self.text(&with_dot(args), true)
                }
            }
            "retract" => self.retract(args),
            "reset" => {
                if args.is_empty() {
                    self.reset()
                } else {
                    no_args(String::new())
                }
            }
            "load" => self.load(args),
            "reload" => {
                if args.is_empty() {
                    self.reload()
                } else {
                    no_args(String::new())
                }
            }
            "format" => match args {
                "" => format!(
                    "answers are shown as {}\n",
                    if self.format == Format::Text {
                        "text"
                    } else {
                        "JSON lines"
                    }
                ),
                "text" => {
                    self.format = Format::Text;
                    "answers are shown as text\n".to_string()
                }
                "json" => {
                    self.format = Format::Json;
                    "answers are shown as JSON lines\n".to_string()
                }
                other => format!("`:format` takes `text` or `json`, not `{other}`\n"),
            },
            "time" => match args {
                "" => format!("timing is {}\n", if self.timing { "on" } else { "off" }),
                "on" => {
                    self.timing = true;
                    "timing is on\n".to_string()
                }
                "off" => {
                    self.timing = false;
                    "timing is off\n".to_string()
                }
                other => format!("`:time` takes `on` or `off`, not `{other}`\n"),
            },
            "more" => {
                if args.is_empty() {
                    self.more()
                } else {
                    no_args(String::new())
                }
            }
            "quit" => return (String::new(), true),
            _ => String::new(),
        };
        (text, false)
    }

    fn help(&mut self, topic: &str) -> String {
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
                None => format!("unknown command `:{name}`; `:help` lists the commands\n"),
            };
        }
        let (name, arity) = match topic.split_once('/') {
            Some((n, a)) => (n, a.parse::<usize>().ok()),
            None => (topic, None),
        };
        if let Some(id) = self.program.pred_id(name)
            && arity.is_none_or(|a| a == self.program.pred(id).arity)
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
        let names = self
            .program
            .preds
            .iter()
            .filter(|p| p.defined || p.input)
            .map(|p| p.name.as_str())
            .chain(COMMANDS.iter().map(|c| c.name));
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
        let p = &self.program;
        let pred = p.pred(id);
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{}  ({}/{})",
            signature(&pred.name, pred.arity, pred.params.as_deref()),
            pred.name,
            pred.arity
        );
        match &pred.doc {
            Some(doc) => {
                for line in doc.lines() {
                    let _ = writeln!(out, "  {line}");
                }
            }
            None => out.push_str("  (no `%%` doc)\n"),
        }
        let facts: Vec<Span> = p
            .facts
            .iter()
            .filter(|f| f.pred == id)
            .map(|f| f.span)
            .collect();
        let rules: Vec<&crate::check::Rule> =
            p.rules.iter().filter(|r| r.head.pred == id).collect();
        if pred.input {
            let _ = writeln!(
                out,
                "  input: you supply its facts, such as `{}.`",
                example_fact(&pred.name, pred.arity, pred.params.as_deref())
            );
        }
        if !facts.is_empty() {
            let _ = writeln!(
                out,
                "  facts: {}",
                self.per_file(facts.iter().copied(), "fact", "facts")
            );
        }
        if !rules.is_empty() {
            let _ = writeln!(
                out,
                "  rules: {}",
                self.per_file(rules.iter().map(|r| r.span), "rule", "rules")
            );
        }
        if facts.is_empty() && rules.is_empty() && !pred.input {
            out.push_str("  no facts or rules\n");
        }
        let mut sources: Vec<u32> = p
            .facts
            .iter()
            .filter(|f| f.pred == id)
            .filter_map(|f| f.source)
            .chain(rules.iter().filter_map(|r| r.source))
            .collect();
        sources.sort_unstable();
        sources.dedup();
        for s in sources {
            let src = &p.sources[s as usize];
            match &src.locator {
                Some(l) => {
                    let _ = writeln!(out, "  source: {} ({l})", src.citation);
                }
                None => {
                    let _ = writeln!(out, "  source: {}", src.citation);
                }
            }
        }
        const SHOWN: usize = 8;
        for r in rules.iter().take(SHOWN) {
            let _ = writeln!(out, "  {}:", self.kb.sources.location(r.span));
            out.push_str(&indented(self.kb.sources.text(r.span), "    "));
        }
        if rules.len() > SHOWN {
            let more = rules.len() - SHOWN;
            let _ = writeln!(
                out,
                "  ... {more} more {} (`:list {}` shows them all)",
                if more == 1 { "rule" } else { "rules" },
                pred.name
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
        let name = |f: u32| &self.kb.sources.file(crate::source::FileId(f)).name;
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
    fn preds(&mut self, filter: &str) -> String {
        let needle = filter.trim().to_lowercase();
        let mut preds: Vec<&crate::check::Predicate> = self
            .program
            .preds
            .iter()
            .map(|p| &**p)
            .filter(|p| p.defined || p.input)
            .filter(|p| {
                needle.is_empty()
                    || p.name.to_lowercase().contains(&needle)
                    || p.doc
                        .as_ref()
                        .is_some_and(|d| d.to_lowercase().contains(&needle))
            })
            .collect();
        preds.sort_by(|a, b| a.name.cmp(&b.name).then(a.arity.cmp(&b.arity)));
        if preds.is_empty() {
            return if needle.is_empty() {
                "the knowledge base has no predicates\n".to_string()
            } else {
                format!("no predicate's name or doc contains `{}`\n", filter.trim())
            };
        }
        let names: Vec<String> = preds
            .iter()
            .map(|p| format!("{}/{}", p.name, p.arity))
            .collect();
        let width = names
            .iter()
            .map(|n| n.chars().count())
            .max()
            .unwrap_or(0)
            .min(32);
        let rows: Vec<String> = preds
            .iter()
            .zip(&names)
            .map(|(p, n)| {
                let mut line = format!("{n:width$}  {}", if p.input { "input " } else { "      " });
                if let Some(doc) = p.doc.as_deref().and_then(|d| d.lines().next()) {
                    line.push_str(doc);
                }
                cut(line.trim_end(), self.width.saturating_sub(1))
            })
            .collect();
        let footer = Some(count(rows.len(), "predicate", "predicates"));
        let mut out = String::new();
        self.emit(&mut out, rows, footer, "lines");
        out
    }

    /// `:list PRED`
    fn list(&mut self, name: &str) -> String {
        let name = name.trim();
        if name.is_empty() {
            return "usage: `:list PREDICATE`, such as `:list ma_in`\n".to_string();
        }
        let (name, _) = name.split_once('/').unwrap_or((name, ""));
        let Some(id) = self.program.pred_id(name) else {
            return self.no_such_pred(name);
        };
        let p: &Program = &self.program;
        let mut facts: Vec<Span> = p
            .facts
            .iter()
            .filter(|f| f.pred == id)
            .map(|f| f.span)
            .collect();
        let mut rules: Vec<Span> = p
            .rules
            .iter()
            .filter(|r| r.head.pred == id)
            .map(|r| r.span)
            .collect();
        facts.sort_by_key(|s| (s.file, s.start));
        rules.sort_by_key(|s| (s.file, s.start));
        if facts.is_empty() && rules.is_empty() {
            let pred = p.pred(id);
            return if pred.input {
                format!(
                    "`{name}` has no facts yet: you supply them, such as `{}.`\n",
                    example_fact(&pred.name, pred.arity, pred.params.as_deref())
                )
            } else {
                format!("`{name}` has no facts or rules\n")
            };
        }
        const FACTS_SHOWN: usize = 20;
        let mut rows = Vec::new();
        for s in facts.iter().take(FACTS_SHOWN) {
            rows.push(format!(
                "{}  {}",
                self.kb.sources.location(*s),
                one_line(self.kb.sources.text(*s))
            ));
        }
        if facts.len() > FACTS_SHOWN {
            let more = facts.len() - FACTS_SHOWN;
            rows.push(format!(
                "... {more} more {} (`?- {}.` lists them all)",
                if more == 1 { "fact" } else { "facts" },
                example_query(name, p.pred(id).arity, p.pred(id).params.as_deref())
            ));
        }
        for s in &rules {
            rows.push(format!("{}:", self.kb.sources.location(*s)));
            for l in indented(self.kb.sources.text(*s), "    ").lines() {
                rows.push(l.to_string());
            }
        }
        let footer = Some(format!(
            "{}, {}",
            count(facts.len(), "fact", "facts"),
            count(rules.len(), "rule", "rules")
        ));
        let mut out = String::new();
        self.emit(&mut out, rows, footer, "lines");
        out
    }

    fn no_such_pred(&self, name: &str) -> String {
        let names = self
            .program
            .preds
            .iter()
            .filter(|p| p.defined || p.input)
            .map(|p| p.name.as_str());
        match did_you_mean(name, names) {
            Some(s) => format!("no predicate is called `{name}`; did you mean `{s}`?\n"),
            None => format!("no predicate is called `{name}`; `:preds` lists them\n"),
        }
    }

    /// `:retract CLAUSE`
    fn retract(&mut self, args: &str) -> String {
        if args.trim().is_empty() {
            return "usage: `:retract CLAUSE`, such as `:retract product(v1).`\n".to_string();
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
                Item::Input(inp) => Some(format!("@input {}.", inp.atom)),
                _ => None,
            })
            .collect();
        if wanted.is_empty() {
            return "`:retract` takes facts and rules, such as `:retract product(v1).`\n"
                .to_string();
        }
        let session = self.session_clauses();
        let previous = self.kb.modules.clone();
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
        for (m, i) in remove.into_iter().rev() {
            self.kb.modules[m].items.remove(i);
        }
        let base_len = self.base_len;
        let mut m = self.kb.modules.len();
        while m > base_len {
            m -= 1;
            if self.kb.modules[m].items.is_empty() {
                self.kb.modules.remove(m);
            }
        }
        if let Err(e) = self.recheck(previous) {
            return e;
        }
        out
    }

    /// Why nothing matched `clause`.
    fn not_retracted(&self, clause: &str, session: &[(usize, usize, String)]) -> String {
        let mut out = format!("no clause added in this session is `{clause}`");
        // Part of a loaded file?
        let in_base = self.kb.modules[..self.base_len].iter().find_map(|m| {
            m.expanded_items().find_map(|i| match &*i {
                Item::Clause(c) if c.to_string() == clause => Some(c.span),
                _ => None,
            })
        });
        if let Some(span) = in_base {
            let _ = writeln!(
                out,
                "; it is written in {}, and `:retract` removes only what was typed at the prompt",
                self.kb.sources.location(span)
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
    fn reset(&mut self) -> String {
        let n = self.session_clauses().len();
        if n == 0 {
            return "nothing to reset: no clause was added in this session\n".to_string();
        }
        let previous = self.kb.modules.clone();
        self.kb.modules.truncate(self.base_len);
        if let Err(e) = self.recheck(previous) {
            return e;
        }
        format!(
            "removed {} added in this session\n",
            count(n, "clause", "clauses")
        )
    }

    /// `:load FILE`
    fn load(&mut self, args: &str) -> String {
        let arg = args.trim();
        let arg = arg
            .strip_prefix('"')
            .and_then(|a| a.strip_suffix('"'))
            .unwrap_or(arg);
        if arg.is_empty() {
            return "usage: `:load FILE`, such as `:load scenario.kb`\n".to_string();
        }
        let path = PathBuf::from(arg);
        let origin = if path.is_dir() {
            Origin::KbPath(path.clone())
        } else {
            Origin::File(path.clone())
        };
        if self.origins.contains(&origin) {
            return format!(
                "`{}` is loaded already; `:reload` reads it again\n",
                path.display()
            );
        }
        let before = self.generation;
        let mut out = self.load_origins(vec![origin.clone()], false);
        if self.generation != before {
            let _ = writeln!(
                out,
                "loaded `{}` ({} in all)",
                path.display(),
                count(self.defined_preds(), "predicate", "predicates")
            );
        } else if self.origins.contains(&origin) {
            let _ = writeln!(
                out,
                "`{}` was not loaded because of the errors above; fix them and type `:reload`",
                path.display()
            );
        } else {
            out.push_str("nothing was loaded\n");
        }
        out
    }

    /// `:reload`
    fn reload(&mut self) -> String {
        if self.origins.is_empty() {
            return "nothing to reload: no file is loaded\n".to_string();
        }
        let before = self.generation;
        let mut out = self.load_origins(self.origins.clone(), true);
        if self.generation != before {
            let _ = writeln!(
                out,
                "reloaded {} ({})",
                self.describe_origins(),
                count(self.defined_preds(), "predicate", "predicates")
            );
        } else {
            out.push_str("the previous knowledge base stays in force\n");
        }
        out
    }
}

fn command_help(c: &CommandInfo) -> String {
    let mut out = if c.args.is_empty() {
        format!(":{}\n", c.name)
    } else {
        format!(":{} {}\n", c.name, c.args)
    };
    for line in c.help.lines() {
        let _ = writeln!(out, "  {}", line.trim_start());
    }
    if !c.aliases.is_empty() {
        let names: Vec<String> = c.aliases.iter().map(|a| format!("`:{a}`")).collect();
        let _ = writeln!(out, "  (also {})", names.join(", "));
    }
    out
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
fn example_fact(name: &str, arity: usize, params: Option<&[String]>) -> String {
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

/// `text` with a final `.` if it has none.
fn with_dot(text: &str) -> String {
    let t = text.trim_end();
    if t.ends_with('.') || t.ends_with('}') {
        t.to_string()
    } else {
        format!("{t}.")
    }
}
