//! The line editor's helper: completion of commands, predicate names,
//! constants and file names; colours by token; hints at a predicate's
//! arguments. It reads the [`Vocabulary`] of the knowledge base in force.

use super::commands::{COMMANDS, find_command};
use super::describe::signature;
use super::editor::{CONTINUATION_HINT, PROMPT};
use super::lexer::{self, Kind};
use super::vocabulary::Vocabulary;
use rustyline::completion::{Completer, FilenameCompleter, Pair};
use rustyline::highlight::{CmdKind, Highlighter};
use rustyline::hint::Hinter;
use rustyline::validate::Validator;
use rustyline::{Context, Helper};
use std::borrow::Cow;

/// Completion, colours, hints for the line being edited.
pub struct ReplHelper {
    /// What the knowledge base knows.
    pub vocabulary: Vocabulary,
    /// Whether to colour.
    pub color: bool,
    /// Terminal width, so that hints never wrap.
    pub width: usize,
    /// The line being edited continues an input (so an empty line gets a
    /// hint on how to finish it).
    pub continuing: bool,
    pub(super) files: FilenameCompleter,
}

impl Helper for ReplHelper {}

/// The commands whose argument is a predicate name.
const PRED_ARG: [&str; 2] = ["help", "list"];
/// The commands whose argument is code.
const CODE_ARG: [&str; 4] = ["why", "whynot", "assert", "retract"];

impl Completer for ReplHelper {
    type Candidate = Pair;

    fn complete(
        &self,
        line: &str,
        pos: usize,
        ctx: &Context<'_>,
    ) -> rustyline::Result<(usize, Vec<Pair>)> {
        let pos = floor_boundary(line, pos);
        let start = line[..pos]
            .char_indices()
            .rev()
            .find(|&(_, c)| !(c.is_alphanumeric() || c == '_'))
            .map(|(i, c)| i + c.len_utf8())
            .unwrap_or(0);
        let word = &line[start..pos];
        let before = &line[..start];
        // `:he|`: a command name.
        if before.trim_start() == ":" {
            let mut out: Vec<Pair> = COMMANDS
                .iter()
                .filter(|c| c.name.starts_with(word))
                .map(|c| Pair {
                    display: format!(":{}", c.name),
                    replacement: if c.args.is_empty() {
                        c.name.to_string()
                    } else {
                        format!("{} ", c.name)
                    },
                })
                .collect();
            out.sort_by(|a, b| a.display.cmp(&b.display));
            return Ok((start, out));
        }
        // `:cmd args|`: depends on the command.
        let code_start =
            if let Some(rest) = line.trim_start().strip_prefix(':') {
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '?')
                    .collect();
                let Some(cmd) = find_command(&name) else {
                    return Ok((start, Vec::new()));
                };
                let cmd_end = line.find(':').unwrap_or(0) + 1 + name.len();
                if pos < cmd_end {
                    return Ok((start, Vec::new()));
                }
                match cmd.name {
                    "load" => return self.files.complete(line, pos, ctx),
                    "format" => return Ok((start, words(&["text", "json"], word))),
                    "time" => return Ok((start, words(&["on", "off"], word))),
                    c if PRED_ARG.contains(&c) => {
                        let mut out: Vec<Pair> = self
                            .vocabulary
                            .preds
                            .iter()
                            .filter(|p| p.name.starts_with(word))
                            .map(|p| Pair {
                                display: format!("{}/{}", p.name, p.arity),
                                replacement: p.name.clone(),
                            })
                            .collect();
                        if c == "help" {
                            out.extend(COMMANDS.iter().filter(|c| c.name.starts_with(word)).map(
                                |c| Pair {
                                    display: format!(":{}", c.name),
                                    replacement: c.name.to_string(),
                                },
                            ));
                        }
                        dedup(&mut out);
                        return Ok((start, out));
                    }
                    c if CODE_ARG.contains(&c) => cmd_end,
                    _ => return Ok((start, Vec::new())),
                }
            } else {
                0
            };
        if word.is_empty() && !before.ends_with('@') {
            return Ok((start, Vec::new()));
        }
        if before.ends_with('@') {
            let out = ["include", "input", "source"]
                .iter()
                .filter(|a| a.starts_with(word))
                .map(|a| Pair {
                    display: format!("@{a}"),
                    replacement: a.to_string(),
                })
                .collect();
            return Ok((start, out));
        }
        if word.starts_with(|c: char| c.is_uppercase() || c == '_' || c.is_ascii_digit()) {
            return Ok((start, Vec::new()));
        }
        let code_start = code_start.min(start);
        let code = &line[code_start..];
        let depth = lexer::paren_depth(code, start - code_start);
        let mut out: Vec<Pair> = Vec::new();
        if depth == 0 {
            // Where an atom may start: predicates, and `not`.
            out.extend(
                self.vocabulary
                    .preds
                    .iter()
                    .filter(|p| p.name.starts_with(word))
                    .map(|p| Pair {
                        display: format!("{}/{}", p.name, p.arity),
                        replacement: if p.arity == 0 {
                            p.name.clone()
                        } else {
                            format!("{}(", p.name)
                        },
                    }),
            );
            if "not".starts_with(word) {
                out.push(Pair {
                    display: "not".to_string(),
                    replacement: "not ".to_string(),
                });
            }
        } else {
            // Inside arguments: the constants of the knowledge base.
            out.extend(
                self.vocabulary
                    .constants
                    .iter()
                    .filter(|c| c.starts_with(word))
                    .map(|c| Pair {
                        display: c.clone(),
                        replacement: c.clone(),
                    }),
            );
        }
        dedup(&mut out);
        Ok((start, out))
    }
}

fn words(list: &[&str], word: &str) -> Vec<Pair> {
    list.iter()
        .filter(|w| w.starts_with(word))
        .map(|w| Pair {
            display: w.to_string(),
            replacement: w.to_string(),
        })
        .collect()
}

fn dedup(out: &mut Vec<Pair>) {
    out.sort_by(|a, b| a.display.cmp(&b.display));
    out.dedup_by(|a, b| a.display == b.display);
}

fn floor_boundary(s: &str, mut pos: usize) -> usize {
    pos = pos.min(s.len());
    while !s.is_char_boundary(pos) {
        pos -= 1;
    }
    pos
}

/// A hint shown after the cursor; never inserted by the Right key (the
/// parameter names are not what the user wants to type).
pub struct ArgHint(String);

impl rustyline::hint::Hint for ArgHint {
    fn display(&self) -> &str {
        &self.0
    }

    fn completion(&self) -> Option<&str> {
        None
    }
}

impl Hinter for ReplHelper {
    type Hint = ArgHint;

    fn hint(&self, line: &str, pos: usize, _ctx: &Context<'_>) -> Option<ArgHint> {
        if line.is_empty() && self.continuing {
            return Some(ArgHint(CONTINUATION_HINT.to_string()));
        }
        if pos != line.len() || line.contains('\n') {
            return None;
        }
        let trimmed = line.trim_start();
        if let Some(rest) = trimmed.strip_prefix(':') {
            // `:retract` -> ` CLAUSE`
            let cmd = find_command(rest)?;
            return (!cmd.args.is_empty() && cmd.name == rest)
                .then(|| ArgHint(format!(" {}", cmd.args)));
        }
        // Room left on the screen line after the prompt and the text.
        let used = PROMPT.len() + line.chars().count() + 1;
        let room = self.width.saturating_sub(used);
        let hint = hint_for(&self.vocabulary, line)?;
        if hint.chars().count() <= room {
            return Some(ArgHint(hint));
        }
        // Without the doc, or nothing.
        let short = hint.split("  % ").next().unwrap_or_default();
        (short.chars().count() <= room).then(|| ArgHint(short.to_string()))
    }
}

/// The hint for a line with the cursor at its end: the remaining
/// parameters after `ma_in(` or `ma_in(v1,`, or the whole signature and
/// the doc's first line after a complete predicate name.
pub fn hint_for(vocabulary: &Vocabulary, line: &str) -> Option<String> {
    let last = line.trim_end().chars().last()?;
    if last == '(' || last == ',' {
        let (name, arg) = lexer::atom_at(line, line.len())?;
        let p = vocabulary.preds.iter().find(|p| p.name == name)?;
        if arg >= p.arity {
            return None;
        }
        let params: Vec<String> = if p.params.len() == p.arity {
            p.params.clone()
        } else {
            vec!["_".to_string(); p.arity]
        };
        let space = if last == ',' && !line.ends_with(' ') {
            " "
        } else {
            ""
        };
        return Some(format!("{space}{})", params[arg..].join(", ")));
    }
    // A complete predicate name just typed, where an atom may start.
    let toks = lexer::tokens(line);
    let t = toks.last()?;
    if t.kind != Kind::Name || t.end != line.len() || lexer::paren_depth(line, t.start) > 0 {
        return None;
    }
    let name = &line[t.start..t.end];
    let p = vocabulary.preds.iter().find(|p| p.name == name)?;
    let sig = signature(&p.name, p.arity, Some(&p.params));
    let mut hint = sig[name.len()..].to_string();
    if let Some(doc) = &p.doc {
        // The doc often starts with the signature again.
        let doc = doc
            .strip_prefix(&sig)
            .map(|d| d.trim_start_matches(':').trim_start())
            .unwrap_or(doc);
        let short: String = doc.chars().take(60).collect();
        hint.push_str("  % ");
        hint.push_str(&short);
        if doc.chars().count() > short.chars().count() {
            hint.push('…');
        }
    }
    Some(hint)
}

/// The ANSI colour of a token, if any.
fn style(kind: Kind, depth: usize) -> Option<&'static str> {
    Some(match kind {
        Kind::Comment => "\x1b[90m",
        Kind::String => "\x1b[32m",
        Kind::OpenString => "\x1b[31m",
        Kind::Variable => "\x1b[33m",
        Kind::Name if depth == 0 => "\x1b[34m",
        Kind::Name | Kind::Number => "\x1b[36m",
        Kind::Keyword | Kind::Annotation => "\x1b[35m",
        Kind::Command | Kind::QueryMark | Kind::Neck => "\x1b[1m",
        _ => return None,
    })
}

/// The line with ANSI colours (the same width as the line).
pub fn highlight_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len() * 2);
    let mut depth = 0usize;
    for t in lexer::tokens(line) {
        let text = &line[t.start..t.end];
        match style(t.kind, depth) {
            Some(s) => {
                out.push_str(s);
                out.push_str(text);
                out.push_str("\x1b[0m");
            }
            None => out.push_str(text),
        }
        match t.kind {
            Kind::Open => depth += 1,
            Kind::Close => depth = depth.saturating_sub(1),
            Kind::Dot => depth = 0,
            _ => {}
        }
    }
    out
}

impl Highlighter for ReplHelper {
    fn highlight<'l>(&self, line: &'l str, _pos: usize) -> Cow<'l, str> {
        if self.color {
            Cow::Owned(highlight_line(line))
        } else {
            Cow::Borrowed(line)
        }
    }

    fn highlight_prompt<'b, 's: 'b, 'p: 'b>(
        &'s self,
        prompt: &'p str,
        _default: bool,
    ) -> Cow<'b, str> {
        if self.color {
            Cow::Owned(format!("\x1b[1;32m{prompt}\x1b[0m"))
        } else {
            Cow::Borrowed(prompt)
        }
    }

    fn highlight_hint<'h>(&self, hint: &'h str) -> Cow<'h, str> {
        if self.color {
            Cow::Owned(format!("\x1b[90m{hint}\x1b[0m"))
        } else {
            Cow::Borrowed(hint)
        }
    }

    fn highlight_char(&self, _line: &str, _pos: usize, kind: CmdKind) -> bool {
        self.color && kind != CmdKind::MoveCursor
    }
}

/// Input is complete when [`lexer::is_complete`] says so; the loop, not
/// the validator, asks for continuation lines (so that they get their own
/// prompt).
impl Validator for ReplHelper {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::repl::vocabulary::PredSummary;
    use rustyline::history::DefaultHistory;

    fn vocab() -> Vocabulary {
        Vocabulary {
            preds: vec![
                PredSummary {
                    name: "ma_in".into(),
                    arity: 2,
                    params: vec!["P".into(), "C".into()],
                    doc: Some("ma_in(P, C): product P has a marketing authorisation in C".into()),
                },
                PredSummary {
                    name: "notifiable".into(),
                    arity: 1,
                    params: vec![],
                    doc: None,
                },
            ],
            constants: vec!["de".into(), "dk".into(), "vaccine".into()],
        }
    }

    fn complete(line: &str) -> Vec<String> {
        let helper = ReplHelper {
            vocabulary: vocab(),
            color: false,
            width: 80,
            continuing: false,
            files: FilenameCompleter::new(),
        };
        let history = DefaultHistory::new();
        let ctx = Context::new(&history);
        let (start, pairs) = helper.complete(line, line.len(), &ctx).expect("complete");
        pairs
            .into_iter()
            .map(|p| format!("{}{}", &line[..start], p.replacement))
            .collect()
    }

    #[test]
    fn completes_commands_predicates_and_constants() {
        assert_eq!(complete(":rel"), vec![":reload"]);
        assert_eq!(complete(":re"), vec![":reload", ":reset", ":retract "]);
        assert_eq!(complete("?- noti"), vec!["?- notifiable("]);
        assert_eq!(
            complete("?- ma_in(v1, d"),
            vec!["?- ma_in(v1, de", "?- ma_in(v1, dk"]
        );
        assert_eq!(complete(":help ma"), vec![":help ma_in"]);
        assert_eq!(complete(":list no"), vec![":list notifiable"]);
        assert_eq!(complete(":format j"), vec![":format json"]);
        assert_eq!(complete(":why noti"), vec![":why notifiable("]);
        assert_eq!(complete("p(X) :- X"), Vec::<String>::new());
        assert_eq!(complete("@inp"), vec!["@input"]);
        assert_eq!(complete("@in"), vec!["@include", "@input"]);
        assert!(complete("?- ø").is_empty());
    }

    #[test]
    fn hints_show_the_arguments() {
        let v = vocab();
        assert_eq!(hint_for(&v, "?- ma_in(").as_deref(), Some("P, C)"));
        assert_eq!(hint_for(&v, "?- ma_in(v1,").as_deref(), Some(" C)"));
        assert_eq!(hint_for(&v, "?- ma_in(v1, ").as_deref(), Some("C)"));
        assert_eq!(hint_for(&v, "?- notifiable(").as_deref(), Some("_)"));
        assert_eq!(
            hint_for(&v, "?- ma_in").as_deref(),
            Some("(P, C)  % product P has a marketing authorisation in C")
        );
        assert_eq!(hint_for(&v, "?- ma_in(v1, de, "), None);
        assert_eq!(hint_for(&v, "?- p(ma_in"), None);
    }

    #[test]
    fn highlighting_keeps_the_text() {
        let line = "?- p(X, \"s\", 3), not q(a). % c";
        let h = highlight_line(line);
        let plain: String = {
            let mut s = String::new();
            let mut chars = h.chars().peekable();
            while let Some(c) = chars.next() {
                if c == '\x1b' {
                    for c in chars.by_ref() {
                        if c == 'm' {
                            break;
                        }
                    }
                } else {
                    s.push(c);
                }
            }
            s
        };
        assert_eq!(plain, line);
        assert!(h.contains("\x1b[33mX\x1b[0m"));
    }
}
