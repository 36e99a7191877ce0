//! The prompt's `:` commands: their table and help texts, and what each
//! does to a [`Session`]. The describing ones (`:help`, `:preds`, `:list`)
//! live in [`super::describe`].

use super::error::PromptError;
use super::loading::Origin;
use super::session::{Session, count};
use crate::diag::did_you_mean;
use crate::engine::Format;
use crate::value::Date;
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
               with a hint. `:assert` adds such a fact anyway when your own rules\n\
               derive its predicate; one for a predicate of the knowledge base must\n\
               say so, `@override notifiable(v1).`, and every answer resting on it\n\
               says so too.",
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
        name: "lang",
        aliases: &["language"],
        args: "[nb|en]",
        summary: "explain in Norwegian (nb) or English (en)",
        help: "`:lang nb` words answers and explanations in Norwegian bokmål, `:lang en`\n\
               in English, where the knowledge base has sentences for them; `:lang`\n\
               alone says which is in use. The prompt starts in the language of\n\
               LC_ALL or LANG (Norwegian for nb, no and nn), else English.",
    },
    CommandInfo {
        name: "as-of",
        aliases: &["asof"],
        args: "[DATE|today]",
        summary: "answer as of a date (YYYY-MM-DD), or today",
        help: "`:as-of 2018-03-01` answers every question from now on as of that date:\n\
               clauses apply by their `@valid` periods, and `as_of(D)` holds for it.\n\
               The prompt shows the date while it is not today; `:as-of today` goes\n\
               back, and `:as-of` alone says which date is in use. `regkb --as-of\n\
               DATE` starts the prompt at a date.",
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

/// "Norwegian (nb)", "English (en)".
fn lang_name(l: crate::check::sentences::Lang) -> &'static str {
    match l {
        crate::check::sentences::Lang::Nb => "Norwegian (nb)",
        crate::check::sentences::Lang::En => "English (en)",
    }
}

/// The command with this name or alias.
pub fn find_command(name: &str) -> Option<&'static CommandInfo> {
    COMMANDS
        .iter()
        .find(|c| c.name == name || c.aliases.contains(&name))
}

impl Session {
    /// Runs a `:` command line; returns what to print and whether to leave.
    pub(super) fn command(&mut self, line: &str) -> (String, bool) {
        let body = line.trim().trim_start_matches(':');
        let (name, args) = match body.find(char::is_whitespace) {
            Some(i) => (&body[..i], body[i..].trim()),
            None => (body, ""),
        };
        let Some(cmd) = find_command(name) else {
            let e = if name.is_empty() {
                PromptError::NoName
            } else {
                let names = COMMANDS
                    .iter()
                    .flat_map(|c| std::iter::once(c.name).chain(c.aliases.iter().copied()));
                let suggestion =
                    did_you_mean(name, names).map(|s| find_command(s).map_or(s, |c| c.name));
                PromptError::Unknown {
                    name: name.to_string(),
                    suggestion,
                }
            };
            return (format!("{e}\n"), false);
        };
        let no_args = |out: String| -> String {
            if args.is_empty() {
                out
            } else {
                format!("{}\n", PromptError::NoArguments(cmd.name))
            }
        };
        let text = match cmd.name {
            // Help wraps at the terminal's width.
            "help" => crate::render::explanation::wrap_text(&self.help(args), self.width.max(40)),
            "preds" => self.preds(args),
            "list" => self.list(args),
            "why" | "whynot" => {
                if args.is_empty() {
                    format!(
                        "{}\n",
                        PromptError::Usage {
                            command: cmd.name,
                            args: "ATOM",
                            example: "notifiable(v1)",
                        }
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
                        format!("{}\n", PromptError::NotOneAtom(cmd.name))
                    }
                }
            }
            "assert" => {
                if args.is_empty() {
                    format!(
                        "{}\n",
                        PromptError::Usage {
                            command: "assert",
                            args: "CLAUSE",
                            example: "product(v1).",
                        }
                    )
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
                other => format!(
                    "{}\n",
                    PromptError::BadArgument {
                        command: "format",
                        expected: "`text` or `json`",
                        found: other.to_string(),
                    }
                ),
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
                other => format!(
                    "{}\n",
                    PromptError::BadArgument {
                        command: "time",
                        expected: "`on` or `off`",
                        found: other.to_string(),
                    }
                ),
            },
            "more" => {
                if args.is_empty() {
                    self.more()
                } else {
                    no_args(String::new())
                }
            }
            "as-of" => self.as_of_command(args),
            "lang" => match args {
                "" => format!("explanations are in {}\n", lang_name(self.lang)),
                code => match crate::check::sentences::Lang::from_code(code) {
                    Some(l) => {
                        self.lang = l;
                        format!("explanations are in {}\n", lang_name(l))
                    }
                    None => format!(
                        "{}\n",
                        PromptError::BadArgument {
                            command: "lang",
                            expected: "`nb` or `en`",
                            found: code.to_string(),
                        }
                    ),
                },
            },
            "quit" => return (String::new(), true),
            _ => String::new(),
        };
        (text, false)
    }

    /// `:as-of [DATE|today]`
    fn as_of_command(&mut self, args: &str) -> String {
        let today = Date::today();
        let date = match args {
            "" => {
                let d = self.scenario.as_of();
                return if d == today {
                    format!("answers are as of today, {d}\n")
                } else {
                    format!("answers are as of {d} (today is {today})\n")
                };
            }
            "today" => today,
            text => match Date::parse(text) {
                Some(d) => d,
                None => {
                    return format!(
                        "{}\n",
                        PromptError::BadArgument {
                            command: "as-of",
                            expected: "a date YYYY-MM-DD (such as 2018-03-01) or `today`",
                            found: text.to_string(),
                        }
                    );
                }
            },
        };
        self.interrupt
            .store(false, std::sync::atomic::Ordering::SeqCst);
        match self.scenario.set_as_of(date, &self.limits) {
            Ok(()) => {
                self.as_of = (date != today).then_some(date);
                self.generation += 1;
                if date == today {
                    format!("answers are as of today, {date}\n")
                } else {
                    format!("answers are as of {date}\n")
                }
            }
            Err(e) => crate::diag::render(
                &e.to_diagnostics(self.scenario.sources()),
                self.scenario.sources(),
                self.color,
            ),
        }
    }

    /// `:load FILE`
    fn load(&mut self, args: &str) -> String {
        let arg = args.trim();
        let arg = arg
            .strip_prefix('"')
            .and_then(|a| a.strip_suffix('"'))
            .unwrap_or(arg);
        if arg.is_empty() {
            return format!(
                "{}\n",
                PromptError::Usage {
                    command: "load",
                    args: "FILE",
                    example: "scenario.kb",
                }
            );
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

pub(super) fn command_help(c: &CommandInfo) -> String {
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

/// `text` with a final `.` if it has none.
pub(super) fn with_dot(text: &str) -> String {
    let t = text.trim_end();
    if t.ends_with('.') || t.ends_with('}') {
        t.to_string()
    } else {
        format!("{t}.")
    }
}
