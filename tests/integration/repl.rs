//! The interactive prompt, driven in a pseudo-terminal as a person would:
//! start, answer, assert, multi-line input, diagnostics, Tab completion,
//! Ctrl-C while typing and while evaluating, `:reload` with a broken file,
//! history, colours, and leaving with Ctrl-D. Every test has its own
//! `XDG_STATE_HOME`, and every wait is bounded.
#![cfg(unix)]

use crate::support::Scratch;
use crate::support::regkb;
use expectrl::process::unix::WaitStatus;
use expectrl::session::OsSession;
use expectrl::{ControlCode, Eof, Expect};
use std::path::Path;
use std::process::Command;
use std::time::Duration;

const SMALL: &str = "\
%% edge(X, Y): there is an edge from X to Y.
edge(1, 2). edge(2, 3). edge(3, 4).
%% path(X, Y): Y can be reached from X.
path(X, Y) :- edge(X, Y).
path(X, Z) :- path(X, Y), edge(Y, Z).
%% widget(W): a widget the user describes.
@input widget(W).
";

/// A fresh folder for one test, removed when dropped: the knowledge base
/// file and the state directory (history) live in it.
fn scratch() -> Scratch {
    let dir = crate::support::scratch("pty");
    std::fs::create_dir_all(dir.join("state")).expect("scratch dir");
    std::fs::write(dir.join("small.kb"), SMALL).expect("write small.kb");
    dir
}

/// The prompt running in a pseudo-terminal of 100 x 30.
struct Pty {
    p: OsSession,
    /// What was printed before the first prompt.
    banner: String,
}

impl Pty {
    /// `regkb ARGS` in `dir`, without colours unless `color`.
    fn spawn_in(dir: &Path, args: &[&str], color: bool) -> Pty {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_regkb"));
        cmd.args(args)
            .current_dir(dir)
            .env("TERM", "xterm")
            .env("LANG", "C.UTF-8")
            .env_remove("LC_ALL")
            .env("XDG_STATE_HOME", dir.join("state"))
            .env_remove("NO_COLOR");
        if !color {
            cmd.env("NO_COLOR", "1");
        }
        let mut p = OsSession::spawn(cmd).expect("spawn regkb in a pty");
        p.get_process_mut()
            .set_window_size(100, 30)
            .expect("window size");
        p.set_expect_timeout(Some(Duration::from_secs(15)));
        let mut pty = Pty {
            p,
            banner: String::new(),
        };
        pty.banner = pty.expect("regkb> ");
        pty
    }

    /// `regkb --no-default-kb repl small.kb` in a fresh scratch folder.
    fn small() -> (Pty, Scratch) {
        let dir = scratch();
        let pty = Pty::spawn_in(&dir, &["--no-default-kb", "repl", "small.kb"], false);
        (pty, dir)
    }

    /// Waits for `text`; returns everything up to and including it.
    fn expect(&mut self, text: &str) -> String {
        match self.p.expect(text) {
            Ok(found) => String::from_utf8_lossy(found.before()).into_owned() + text,
            Err(e) => {
                let mut rest = String::new();
                if let Ok(found) = self.p.expect(expectrl::Regex("(?s).+")) {
                    rest = String::from_utf8_lossy(found.as_bytes()).into_owned();
                }
                panic!("waiting for {text:?}: {e}; the screen had: {rest:?}")
            }
        }
    }

    fn send(&mut self, text: &str) {
        self.p.send(text).expect("send");
    }

    /// Types a line and presses Enter.
    fn line(&mut self, text: &str) {
        self.send(text);
        self.send("\r");
    }

    /// Types a line, waits for `answer`, then for the next prompt; returns
    /// what was printed up to that prompt. (Waiting for the prompt alone
    /// is not enough: the line being typed is redrawn with its prompt.)
    fn ask(&mut self, text: &str, answer: &str) -> String {
        self.line(text);
        let mut out = self.expect(answer);
        out.push_str(&self.expect("regkb> "));
        out
    }

    /// Presses Ctrl-D and waits for the program to end with status 0.
    fn leave(mut self) {
        self.p.send(ControlCode::EndOfTransmission).expect("Ctrl-D");
        self.expect_exit();
    }

    fn expect_exit(mut self) {
        let _ = self.p.expect(Eof);
        let status = self.p.get_process().wait().expect("wait");
        assert!(
            matches!(status, WaitStatus::Exited(_, 0)),
            "exit status {status:?}"
        );
    }
}

#[test]
fn starts_answers_and_leaves_with_ctrl_d() {
    let (mut pty, _dir) = Pty::small();
    let banner = pty.banner.clone();
    assert!(banner.contains("`small.kb`, 3 predicates."), "{banner}");
    assert!(banner.contains("`:help` lists the commands"), "{banner}");
    let out = pty.ask("?- path(1, X).", "3 rows");
    assert!(out.contains("X = 2\r\nX = 3\r\nX = 4\r\n3 rows"), "{out}");
    // The query is not echoed again in the answer.
    assert!(!out.contains("?- path(1,X)."), "{out}");
    pty.ask("?- path(4, 1).", "false.");
    pty.leave();
}

#[test]
fn a_fact_typed_is_added_and_can_be_queried() {
    let (mut pty, _dir) = Pty::small();
    pty.ask("widget(w1).", "added: widget(w1).");
    let out = pty.ask("?- widget(X).", "1 row");
    assert!(out.contains("X = w1\r\n1 row"), "{out}");
    // A fact of a derived predicate is taken for the question it likely is.
    let out = pty.ask("path(4, 1).", "nothing was added");
    assert!(out.contains("error[ambiguous-input]"), "{out}");
    assert!(out.contains("type `?- path(4,1).`"), "{out}");
    pty.ask(":retract widget(w1).", "retracted: widget(w1).");
    pty.ask("?- widget(X).", "false.");
    pty.line(":quit");
    pty.expect_exit();
}

#[test]
fn as_of_a_date_the_prompt_shows_it() {
    let dir = scratch();
    std::fs::write(dir.join("dated.kb"), "@valid(from: 2017-07-01) needs(h).\n")
        .expect("write dated.kb");
    let mut t = Pty::spawn_in(&dir, &["--no-default-kb", "repl", "dated.kb"], false);
    t.ask("?- needs(h).", "true.");
    t.line(":as-of 2016-06-01");
    t.expect("answers are as of 2016-06-01");
    t.expect("regkb@2016-06-01> ");
    t.line("?- needs(h).");
    t.expect("false.");
    t.expect("regkb@2016-06-01> ");
    t.line("?- as_of(D).");
    t.expect("D = 2016-06-01");
    t.expect("regkb@2016-06-01> ");
    t.line(":as-of 2016-02-30");
    t.expect("`:as-of` takes a date YYYY-MM-DD");
    t.expect("regkb@2016-06-01> ");
    t.ask(":as-of today", "answers are as of today");
    t.ask("?- needs(h).", "true.");
    t.leave();
}

#[test]
fn a_rule_over_several_lines_gets_a_continuation_prompt() {
    let (mut pty, _dir) = Pty::small();
    // Wait for each fresh (empty) continuation prompt, with its hint,
    // before typing on: rustyline drops what is typed before it takes the
    // terminal.
    pty.line("far(X) :-");
    pty.expect("   | end the input with `.` (Ctrl-C abandons it)");
    pty.line("    path(1, X),");
    pty.expect("   | end the input with `.` (Ctrl-C abandons it)");
    pty.ask("    X > 2.", "added: far(X) :- path(1,X), X > 2.");
    let out = pty.ask("?- far(X).", "2 rows");
    assert!(out.contains("X = 3\r\nX = 4\r\n2 rows"), "{out}");
    pty.leave();
}

#[test]
fn a_typo_gets_its_diagnostic_pointing_into_the_line() {
    let (mut pty, _dir) = Pty::small();
    let out = pty.ask("?- pth(1, X).", "false.");
    assert!(out.contains("warning[undefined-predicate]"), "{out}");
    assert!(out.contains("--> <repl:1>:1:4"), "{out}");
    assert!(out.contains("1 | ?- pth(1, X)."), "{out}");
    assert!(out.contains("^^^^^^^^^ used here"), "{out}");
    assert!(out.contains("did you mean `path`?"), "{out}");
    let out = pty.ask("?- path(1 X).", "error[syntax-error]");
    assert!(out.contains("--> <repl:2>:1:11"), "{out}");
    assert!(out.contains("^ expected"), "{out}");
    // The session goes on.
    pty.ask("?- path(1, 4).", "true.");
    pty.leave();
}

#[test]
fn tab_completes_predicate_names_and_commands() {
    let (mut pty, _dir) = Pty::small();
    pty.send("?- pa\t");
    pty.expect("?- path(");
    pty.ask("1, X).", "3 rows");
    pty.send(":rel\t");
    pty.expect(":reload");
    pty.send("\r");
    pty.expect("reloaded `small.kb`");
    pty.expect("regkb> ");
    pty.leave();
}

#[test]
fn ctrl_c_abandons_the_input_being_typed() {
    let (mut pty, _dir) = Pty::small();
    pty.send("widget(w1");
    pty.p.send(ControlCode::EndOfText).expect("Ctrl-C");
    pty.expect("(input abandoned; Ctrl-D or :quit leaves)");
    pty.expect("regkb> ");
    // Also in a continuation line: the lines before are dropped too.
    pty.line("widget(w2) :-");
    pty.expect("   | end the input with `.`");
    pty.p.send(ControlCode::EndOfText).expect("Ctrl-C");
    pty.expect("regkb> ");
    pty.ask("?- widget(X).", "false.");
    pty.leave();
}

#[test]
fn ctrl_c_interrupts_a_long_evaluation_and_keeps_the_session() {
    let (mut pty, _dir) = Pty::small();
    pty.ask("widget(w1).", "added: widget(w1).");
    pty.ask("n(0).", "added: n(0).");
    pty.ask(
        "n(N + 1) :- n(N), N < 1000000000.",
        "added: n(N + 1) :- n(N), N < 1000000000.",
    );
    pty.line("?- n(5).");
    std::thread::sleep(Duration::from_millis(500));
    pty.p.send(ControlCode::EndOfText).expect("Ctrl-C");
    pty.expect("evaluation interrupted");
    pty.expect("regkb> ");
    pty.ask(
        ":retract n(N + 1) :- n(N), N < 1000000000.",
        "retracted: n(N + 1)",
    );
    pty.ask("?- n(X).", "X = 0");
    pty.ask("?- widget(X).", "X = w1");
    pty.leave();
}

#[test]
fn reload_with_a_broken_file_keeps_the_previous_knowledge_base() {
    let (mut pty, dir) = Pty::small();
    pty.ask("widget(w1).", "added: widget(w1).");
    std::fs::write(
        dir.join("small.kb"),
        format!("{SMALL}edge(4, 5).\nbroken(X :- .\n"),
    )
    .expect("write");
    let out = pty.ask(":reload", "the previous knowledge base stays in force");
    assert!(out.contains("error[syntax-error]"), "{out}");
    assert!(out.contains("--> small.kb:9:10"), "{out}");
    pty.ask("?- path(1, 5).", "false.");
    pty.ask("?- path(1, 4).", "true.");
    // Fixed: the new text is in force, and the session's facts stayed.
    std::fs::write(dir.join("small.kb"), format!("{SMALL}edge(4, 5).\n")).expect("write");
    pty.ask(":reload", "reloaded `small.kb`");
    pty.ask("?- path(1, 5).", "true.");
    pty.ask("?- widget(X).", "X = w1");
    pty.leave();
}

#[test]
fn history_is_kept_in_the_state_directory() {
    let (mut pty, dir) = Pty::small();
    pty.ask("?- path(2, X).", "2 rows");
    pty.leave();
    let history = std::fs::read_to_string(dir.join("state/regkb/history")).expect("history file");
    assert!(history.contains("?- path(2, X)."), "{history}");
    // The next session recalls it with Up.
    let mut pty = Pty::spawn_in(&dir, &["--no-default-kb", "repl", "small.kb"], false);
    pty.send("\x1b[A");
    pty.expect("?- path(2, X).");
    pty.send("\r");
    pty.expect("2 rows");
    pty.expect("regkb> ");
    pty.leave();
}

#[test]
fn an_unusable_state_directory_is_only_a_warning() {
    let dir = scratch();
    // A file where the state folder should be.
    std::fs::write(dir.join("state/regkb"), "not a folder").expect("write");
    let mut pty = Pty::spawn_in(&dir, &["--no-default-kb", "repl", "small.kb"], false);
    pty.ask("?- path(1, 2).", "true.");
    pty.leave();
}

#[test]
fn colours_on_a_terminal_unless_no_color() {
    let dir = scratch();
    let mut pty = Pty::spawn_in(&dir, &["--no-default-kb", "repl", "small.kb"], true);
    pty.send("?- pa");
    // The prompt in bold green, a predicate name in blue.
    pty.expect("\x1b[34mpa\x1b[0m");
    pty.send("th(1, X).\r");
    pty.expect("3 rows");
    pty.expect("regkb> ");
    pty.leave();
    let mut pty = Pty::spawn_in(&dir, &["--no-default-kb", "repl", "small.kb"], false);
    pty.send("?- pa");
    pty.send("th(1, X).\r");
    let out = pty.expect("3 rows");
    assert!(!out.contains("\x1b[34m"), "{out:?}");
    assert!(!out.contains("\x1b[1;32m"), "{out:?}");
    pty.expect("regkb> ");
    pty.leave();
}

/// The walk of a new user on the shipped knowledge base: help, the
/// vaccine question, a product added by facts, the question again, leave.
#[test]
fn a_new_user_asks_about_a_vaccine_authorised_in_germany() {
    let dir = scratch();
    let mut pty = Pty::spawn_in(&dir, &[], false);
    let out = pty.ask(":help", "on an empty line leaves.");
    assert!(out.contains("?- notifiable(v1)."), "{out}");
    assert!(out.contains(":quit"), "{out}");
    assert!(out.contains(":whynot ATOM"), "{out}");
    // Asked before anything is known about v1.
    pty.ask("?- notifiable(v1).", "false.");
    // Typed as a fact, it is taken for the question it is.
    let out = pty.ask("notifiable(v1).", "nothing was added");
    assert!(out.contains("type `?- notifiable(v1).`"), "{out}");
    pty.ask(
        "product(v1). class(v1, vaccine). ma_in(v1, de).",
        "added: ma_in(v1,de).",
    );
    pty.ask("?- notifiable(v1).", "false.");
    pty.ask("?- requires_approval(v1).", "true.");
    let out = pty.ask("?- negative_list_reason(v1, R).", "1 row");
    assert!(out.contains("R = vaccine"), "{out}");
    pty.line(":whynot notifiable(v1)");
    pty.expect("false.");
    pty.expect("regkb> ");
    // An ordinary medicine authorised in Germany.
    pty.ask("product(p2). ma_in(p2, de).", "added: ma_in(p2,de).");
    pty.ask("?- notifiable(p2).", "true.");
    let out = pty.ask(":help notifiable", "notifiable(P)");
    assert!(out.contains("notifiable"), "{out}");
    pty.line(":quit");
    pty.expect_exit();
}

#[test]
fn without_a_terminal_standard_input_is_a_batch_file() {
    let dir = scratch();
    let ran = regkb(&["--no-default-kb", "repl", "small.kb"])
        .dir(&dir)
        .stdin("widget(w1).\n?- widget(X).\n?- path(1, 4).\n")
        .status(0);
    assert_eq!(
        ran.stdout,
        "?- widget(X).\nX = w1\n\n?- path(1,4).\ntrue.\n"
    );
    assert!(!ran.stdout.contains("regkb>"));
    assert_eq!(ran.stderr, "");
    let ran = regkb(&["--no-default-kb"])
        .dir(&dir)
        .stdin("p(a).\n?- p(X).\n")
        .status(0);
    assert_eq!(ran.stdout, "?- p(X).\nX = a\n");
}
