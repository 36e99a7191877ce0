//! Unit tests of the prompt's logic through [`Session::handle`], without a
//! terminal: what each input prints and what it leaves in the session.

use super::session::{Options, Session};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

/// A fresh folder under the system's temporary folder, removed when
/// dropped.
struct Scratch(PathBuf);

impl std::ops::Deref for Scratch {
    type Target = std::path::Path;
    fn deref(&self) -> &std::path::Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn temp_dir() -> Scratch {
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "regkb-repl-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    ));
    std::fs::create_dir_all(&dir).expect("temp dir");
    Scratch(dir)
}

const SMALL: &str = "\
%% edge(X, Y): there is an edge from X to Y.
edge(1, 2). edge(2, 3). edge(3, 4).
%% path(X, Y): Y can be reached from X.
path(X, Y) :- edge(X, Y).
path(X, Z) :- path(X, Y), edge(Y, Z).
%% widget(W): a widget the user describes.
@input widget(W).
%% big(W): a widget of more than 10 parts.
big(W) :- widget(W), parts(W, N), N > 10.
@input parts(W, N).
num(0).
num(N + 1) :- num(N), N < 24.
";

/// A session on a file holding `text` (no embedded knowledge base); the
/// folder lives as long as the returned guard.
fn session_on(text: &str) -> (Session, PathBuf, Scratch) {
    let dir = temp_dir();
    let file = dir.join("small.kb");
    std::fs::write(&file, text).expect("write kb");
    let (mut s, banner) = Session::new(Options {
        no_default_kb: true,
        files: vec![file.clone()],
        ..Options::default()
    })
    .expect("session");
    assert!(banner.contains("predicates"), "{banner}");
    assert!(!banner.contains("error"), "{banner}");
    s.set_screen(14, 100); // pages of 10 rows
    (s, file, dir)
}

/// A session on [`SMALL`]. (Its file is read at the start and by
/// `:reload` only, so the folder may go.)
fn small() -> Session {
    session_on(SMALL).0
}

fn say(s: &mut Session, input: &str) -> String {
    s.handle(input).text
}

#[test]
fn queries_answer_without_echo_and_count_rows() {
    let mut s = small();
    assert_eq!(
        say(&mut s, "?- path(1, X).\n"),
        "X = 2\nX = 3\nX = 4\n3 rows\n"
    );
    assert_eq!(say(&mut s, "?- edge(1, X).\n"), "X = 2\n1 row\n");
    assert_eq!(say(&mut s, "?- path(1, 4).\n"), "true.\n");
    assert_eq!(say(&mut s, "?- path(4, 1).\n"), "false.\n");
    assert_eq!(say(&mut s, "?- path(4, X).\n"), "false.\n");
    // Several queries in one input, each answered.
    assert_eq!(
        say(&mut s, "?- path(1, 2). ?- path(2, 1).\n"),
        "true.\nfalse.\n"
    );
}

#[test]
fn facts_are_added_and_said_to_be() {
    let mut s = small();
    assert_eq!(say(&mut s, "widget(w1).\n"), "added: widget(w1).\n");
    assert_eq!(
        say(&mut s, "parts(w1, 12). widget(w2).\n"),
        "added: parts(w1,12).\nadded: widget(w2).\n"
    );
    assert_eq!(say(&mut s, "?- big(W).\n"), "W = w1\n1 row\n");
    // Facts and a query in one input: the facts first.
    assert_eq!(
        say(&mut s, "parts(w2, 20).\n?- big(w2).\n"),
        "added: parts(w2,20).\ntrue.\n"
    );
}

#[test]
fn rules_may_span_lines() {
    let mut s = small();
    let out = say(&mut s, "far(X) :-\n    path(1, X),\n    X > 2.\n");
    assert_eq!(out, "added: far(X) :- path(1,X), X > 2.\n");
    assert_eq!(say(&mut s, "?- far(X).\n"), "X = 3\nX = 4\n2 rows\n");
}

#[test]
fn a_fact_of_a_derived_predicate_is_a_question_not_an_assertion() {
    let mut s = small();
    let out = say(&mut s, "path(4, 1).\n");
    assert!(out.contains("error[ambiguous-input]"), "{out}");
    assert!(out.contains("`path` is derived by rules"), "{out}");
    assert!(out.contains("--> <repl:1>:1:1"), "{out}");
    assert!(out.contains("type `?- path(4,1).`"), "{out}");
    assert!(out.contains("type `:assert path(4,1).`"), "{out}");
    assert!(out.contains("nothing was added"), "{out}");
    assert_eq!(say(&mut s, "?- path(4, 1).\n"), "false.\n");
    // One ambiguous fact refuses the whole input.
    let out = say(&mut s, "widget(w1). path(4, 1).\n");
    assert!(out.contains("ambiguous-input"), "{out}");
    assert_eq!(say(&mut s, "?- widget(X).\n"), "false.\n");
    // `:assert` adds it anyway.
    assert_eq!(say(&mut s, ":assert path(4, 1)\n"), "added: path(4,1).\n");
    assert_eq!(say(&mut s, "?- path(4, 1).\n"), "true.\n");
    // Inputs and predicates with only facts are facts.
    assert_eq!(say(&mut s, "edge(4, 5).\n"), "added: edge(4,5).\n");
    assert_eq!(say(&mut s, "?- path(1, 5).\n"), "true.\n");
}

#[test]
fn errors_point_into_the_typed_line_and_change_nothing() {
    let mut s = small();
    say(&mut s, "widget(w1).\n");
    let out = say(&mut s, "?- path(1, X\n");
    assert!(out.contains("error[syntax-error]"), "{out}");
    assert!(out.contains("--> <repl:2>:1:"), "{out}");
    assert!(out.contains("1 | ?- path(1, X"), "{out}");
    assert!(out.contains('^'), "{out}");
    let out = say(&mut s, "edge(1, 2, 3).\n");
    assert!(out.contains("error[arity-mismatch]"), "{out}");
    assert!(out.contains("nothing was added"), "{out}");
    let out = say(&mut s, "q(X) :- widget(Y).\n");
    assert!(out.contains("error[unsafe-variable]"), "{out}");
    let out = say(&mut s, "widget(X).\n");
    assert!(out.contains("error[unsafe-variable]"), "{out}");
    let out = say(&mut s, "widget(1 / 0).\n");
    assert!(out.contains("error["), "{out}");
    let out = say(&mut s, "@include \"other.kb\".\n");
    assert!(out.contains("error[misplaced-item]"), "{out}");
    assert!(out.contains(":load other.kb"), "{out}");
    let out = say(&mut s, "?- path(1, X, Y).\n");
    assert!(out.contains("error[arity-mismatch]"), "{out}");
    // A typo in a query: the warning with its suggestion, then the answer.
    let out = say(&mut s, "?- widgte(X).\n");
    assert!(out.contains("warning[undefined-predicate]"), "{out}");
    assert!(out.contains("did you mean `widget`?"), "{out}");
    assert!(out.ends_with("false.\n"), "{out}");
    // The session is as it was.
    assert_eq!(say(&mut s, "?- widget(X).\n"), "X = w1\n1 row\n");
    assert_eq!(say(&mut s, "?- path(1, 2).\n"), "true.\n");
}

#[test]
fn a_fact_of_a_new_predicate_gets_a_note() {
    let mut s = small();
    let out = say(&mut s, "widgit(w1).\n");
    assert_eq!(
        out,
        "added: widgit(w1).\nnote: `widgit` is a new predicate: no rule of the knowledge base uses it (did you mean `widget`?)\n"
    );
    // Not for rules: defining a new predicate is what rules are for.
    assert_eq!(
        say(&mut s, "mine(X) :- widgit(X).\n"),
        "added: mine(X) :- widgit(X).\n"
    );
}

#[test]
fn retract_removes_session_clauses_only() {
    let mut s = small();
    say(&mut s, "widget(w1). widget(w2).\n");
    say(&mut s, "mine(X) :- widget(X), X != w2.\n");
    assert_eq!(
        say(&mut s, ":retract widget(w1).\n"),
        "retracted: widget(w1).\n"
    );
    assert_eq!(say(&mut s, "?- widget(X).\n"), "X = w2\n1 row\n");
    // Spacing does not matter; the final `.` is optional.
    assert_eq!(
        say(&mut s, ":retract mine(X):-widget(X),X!=w2\n"),
        "retracted: mine(X) :- widget(X), X != w2.\n"
    );
    let out = say(&mut s, ":retract widget(w9).\n");
    assert_eq!(
        out,
        "no clause added in this session is `widget(w9).`; this session has:\n  widget(w2).\n"
    );
    let out = say(&mut s, ":retract edge(1, 2).\n");
    assert!(out.contains("is written in"), "{out}");
    assert!(out.contains("small.kb:2:1"), "{out}");
    assert_eq!(say(&mut s, "?- edge(1, 2).\n"), "true.\n");
    let out = say(&mut s, ":retract widget(w2\n");
    assert!(out.contains("error[syntax-error]"), "{out}");
    assert!(say(&mut s, ":retract\n").starts_with("usage"));
    assert!(say(&mut s, ":retract ?- widget(X).\n").contains("takes facts and rules"));
}

#[test]
fn reset_drops_everything_typed() {
    let mut s = small();
    assert_eq!(
        say(&mut s, ":reset\n"),
        "nothing to reset: no clause was added in this session\n"
    );
    say(&mut s, "widget(w1). parts(w1, 20).\n");
    say(&mut s, "mine(X) :- widget(X).\n");
    assert_eq!(say(&mut s, "?- big(w1).\n"), "true.\n");
    assert_eq!(
        say(&mut s, ":reset\n"),
        "removed 3 clauses added in this session\n"
    );
    assert_eq!(say(&mut s, "?- big(w1).\n"), "false.\n");
    assert!(say(&mut s, "?- mine(X).\n").contains("undefined-predicate"));
    assert_eq!(say(&mut s, "?- path(1, 2).\n"), "true.\n");
}

#[test]
fn reload_keeps_the_old_knowledge_base_when_the_new_text_has_errors() {
    let (mut s, file, _dir) = session_on(SMALL);
    say(&mut s, "widget(w1).\n");
    std::fs::write(&file, format!("{SMALL}extra(1).\nbroken(X :- .\n")).expect("write");
    let out = say(&mut s, ":reload\n");
    assert!(out.contains("error[syntax-error]"), "{out}");
    assert!(out.contains("small.kb:14:10"), "{out}");
    assert!(
        out.ends_with("the previous knowledge base stays in force\n"),
        "{out}"
    );
    assert!(say(&mut s, "?- extra(1).\n").ends_with("false.\n"));
    assert_eq!(say(&mut s, "?- path(1, 2).\n"), "true.\n");
    // Fixed: the new text is read, the session's facts stay.
    std::fs::write(&file, format!("{SMALL}extra(1).\n?- extra(X).\n")).expect("write");
    let out = say(&mut s, ":reload\n");
    assert!(
        out.starts_with("?- extra(X).\nX = 1\n1 row\nreloaded `"),
        "{out}"
    );
    assert_eq!(say(&mut s, "?- extra(1).\n"), "true.\n");
    assert_eq!(say(&mut s, "?- widget(X).\n"), "X = w1\n1 row\n");
    // A file that disappeared is an error too.
    std::fs::remove_file(&file).expect("remove");
    let out = say(&mut s, ":reload\n");
    assert!(out.contains("error[read-error]"), "{out}");
    assert_eq!(say(&mut s, "?- extra(1).\n"), "true.\n");
}

#[test]
fn reload_does_not_take_session_clauses_that_clash_with_the_new_text() {
    let (mut s, file, _dir) = session_on(SMALL);
    say(&mut s, "colour(w1, red).\n");
    std::fs::write(&file, format!("{SMALL}colour(x).\n")).expect("write");
    let out = say(&mut s, ":reload\n");
    assert!(out.contains("error[arity-mismatch]"), "{out}");
    assert!(out.ends_with("stays in force\n"), "{out}");
    assert_eq!(say(&mut s, "?- colour(w1, C).\n"), "C = red\n1 row\n");
}

#[test]
fn load_adds_a_file_and_answers_its_queries() {
    let (mut s, _file, _guard) = session_on(SMALL);
    let dir = temp_dir();
    let more = dir.join("more.kb");
    std::fs::write(&more, "edge(4, 5).\n?- path(1, 5).\n").expect("write");
    let out = say(&mut s, &format!(":load {}\n", more.display()));
    assert!(out.starts_with("?- path(1,5).\ntrue.\nloaded `"), "{out}");
    let out = say(&mut s, &format!(":load \"{}\"\n", more.display()));
    assert!(out.contains("is loaded already"), "{out}");
    let out = say(&mut s, ":load no/such/file.kb\n");
    assert!(out.contains("error[read-error]"), "{out}");
    assert!(out.ends_with("nothing was loaded\n"), "{out}");
    // A broken file is not loaded, but remembered for `:reload`.
    let broken = dir.join("broken.kb");
    std::fs::write(&broken, "edge(5, 6.\n").expect("write");
    let out = say(&mut s, &format!(":load {}\n", broken.display()));
    assert!(out.contains("error[syntax-error]"), "{out}");
    assert!(out.contains("fix them and type `:reload`"), "{out}");
    assert_eq!(say(&mut s, "?- path(1, 6).\n"), "false.\n");
    std::fs::write(&broken, "edge(5, 6).\n").expect("write");
    let out = say(&mut s, ":reload\n");
    assert!(out.contains("reloaded"), "{out}");
    assert_eq!(say(&mut s, "?- path(1, 6).\n"), "true.\n");
}

#[test]
fn long_answers_come_a_page_at_a_time() {
    let mut s = small();
    assert_eq!(s.page_size(), 10);
    let out = say(&mut s, "?- num(X).\n");
    let rows: Vec<String> = (0..10).map(|i| format!("X = {i}\n")).collect();
    assert_eq!(
        out,
        format!(
            "{}25 rows\n-- 15 more rows: type :more to see them --\n",
            rows.concat()
        )
    );
    let out = say(&mut s, ":more\n");
    let rows: Vec<String> = (10..20).map(|i| format!("X = {i}\n")).collect();
    assert_eq!(
        out,
        format!(
            "{}-- 5 more rows: type :more to see them --\n",
            rows.concat()
        )
    );
    let out = say(&mut s, ":more\n");
    let rows: Vec<String> = (20..25).map(|i| format!("X = {i}\n")).collect();
    assert_eq!(out, rows.concat());
    assert_eq!(say(&mut s, ":more\n"), "nothing more to show\n");
    // A new input drops what was waiting.
    say(&mut s, "?- num(X).\n");
    say(&mut s, "?- path(1, 2).\n");
    assert_eq!(say(&mut s, ":more\n"), "nothing more to show\n");
    // An empty line keeps it.
    say(&mut s, "?- num(X).\n");
    assert_eq!(say(&mut s, "\n"), "");
    assert!(say(&mut s, ":more\n").starts_with("X = 10\n"));
    // Screens are never smaller than 10 rows.
    s.set_screen(3, 20);
    assert_eq!(s.page_size(), 10);
}

#[test]
fn help_wraps_at_the_terminal_width() {
    let mut s = small();
    s.set_screen(30, 50);
    for topic in [":help\n", ":help load\n", ":help as-of\n"] {
        let out = say(&mut s, topic);
        for line in out.lines() {
            assert!(line.chars().count() <= 50, "{topic}: {line:?}");
        }
    }
    // Nothing is lost by the wrapping.
    let words = |t: &str| t.split_whitespace().map(str::to_string).collect::<Vec<_>>();
    s.set_screen(30, 200);
    let wide = say(&mut s, ":help load\n");
    s.set_screen(30, 50);
    assert_eq!(words(&say(&mut s, ":help load\n")), words(&wide));
}

#[test]
fn the_language_of_explanations_is_a_command() {
    let mut s = small();
    assert_eq!(say(&mut s, ":lang\n"), "explanations are in English (en)\n");
    assert_eq!(
        say(&mut s, ":lang nb\n"),
        "explanations are in Norwegian (nb)\n"
    );
    assert_eq!(s.request().lang, crate::check::sentences::Lang::Nb);
    assert!(say(&mut s, ":lang de\n").contains("`:lang` takes `nb` or `en`, not `de`"));
    assert_eq!(s.request().lang, crate::check::sentences::Lang::Nb);
}

#[test]
fn json_format_and_timing() {
    let mut s = small();
    assert_eq!(
        say(&mut s, ":as-of 2024-07-01\n"),
        "answers are as of 2024-07-01\n"
    );
    assert_eq!(say(&mut s, ":format\n"), "answers are shown as text\n");
    assert_eq!(
        say(&mut s, ":format json\n"),
        "answers are shown as JSON lines\n"
    );
    assert_eq!(
        say(&mut s, "?- path(1, X).\n"),
        "{\"query\":\"path(1,X)\",\"as_of\":\"2024-07-01\",\"columns\":[\"X\"],\"rows\":[[2],[3],[4]],\"holds\":true}\n"
    );
    assert!(say(&mut s, ":format yaml\n").contains("not `yaml`"));
    say(&mut s, ":format text\n");
    assert_eq!(say(&mut s, ":time on\n"), "timing is on\n");
    let out = say(&mut s, "?- path(1, 4).\n");
    assert!(out.starts_with("true.\n("), "{out}");
    assert!(out.ends_with(" ms)\n"), "{out}");
    assert_eq!(say(&mut s, ":time off\n"), "timing is off\n");
    assert_eq!(say(&mut s, "?- path(1, 4).\n"), "true.\n");
}

#[test]
fn help_describes_commands_and_predicates() {
    let mut s = small();
    let out = say(&mut s, ":help\n");
    for c in super::commands::COMMANDS {
        assert!(out.contains(&format!("  :{}", c.name)), "{}: {out}", c.name);
        let own = say(&mut s, &format!(":help {}\n", c.name));
        assert!(own.starts_with(&format!(":{}", c.name)), "{own}");
        let own2 = say(&mut s, &format!(":help :{}\n", c.name));
        assert_eq!(own, own2);
    }
    let out = say(&mut s, ":help path\n");
    assert!(out.starts_with("path(X, Y)  (path/2)\n"), "{out}");
    assert!(
        out.contains("  path(X, Y): Y can be reached from X.\n"),
        "{out}"
    );
    assert!(out.contains("rules: 2 rules in "), "{out}");
    assert!(
        out.contains("small.kb:5:1:\n    path(X, Z) :- path(X, Y), edge(Y, Z).\n"),
        "{out}"
    );
    let out = say(&mut s, ":help widget\n");
    assert!(
        out.contains("input: you supply its facts, such as `widget(v1).`"),
        "{out}"
    );
    let out = say(&mut s, ":help edge/2\n");
    assert!(out.contains("facts: 3 facts in "), "{out}");
    let out = say(&mut s, ":help pth\n");
    assert!(out.contains("did you mean `path`?"), "{out}");
    let out = say(&mut s, ":help :nothing\n");
    assert!(out.contains("unknown command"), "{out}");
}

#[test]
fn preds_and_list() {
    let mut s = small();
    let out = say(&mut s, ":preds\n");
    assert!(out.contains("edge/2"), "{out}");
    assert!(
        out.contains("widget/1  input widget(W): a widget the user describes."),
        "{out}"
    );
    assert!(out.ends_with("6 predicates\n"), "{out}");
    let out = say(&mut s, ":preds REACHED\n");
    assert!(out.starts_with("path/2"), "{out}");
    assert!(out.ends_with("1 predicate\n"), "{out}");
    assert!(say(&mut s, ":preds zzz\n").contains("no predicate's name or doc"));
    let out = say(&mut s, ":list path\n");
    assert!(
        out.contains(":4:1:\n    path(X, Y) :- edge(X, Y).\n"),
        "{out}"
    );
    assert!(out.ends_with("0 facts, 2 rules\n"), "{out}");
    say(&mut s, "widget(w1).\n");
    let out = say(&mut s, ":list widget\n");
    assert_eq!(out, "<repl:1>:1:1  widget(w1).\n1 fact, 0 rules\n");
    let out = say(&mut s, ":list parts\n");
    assert!(out.contains("no facts yet: you supply them"), "{out}");
    let many: String = (0..30).map(|i| format!("item({i}). ")).collect();
    say(&mut s, &format!("{many}\n"));
    s.set_screen(100, 100);
    let out = say(&mut s, ":list item\n");
    assert!(
        out.contains("... 10 more facts (`?- item(X1).` lists them all)"),
        "{out}"
    );
    assert!(out.ends_with("30 facts, 0 rules\n"), "{out}");
    assert!(say(&mut s, ":list nothing\n").contains("no predicate is called"));
}

#[test]
fn commands_and_bare_words() {
    let mut s = small();
    assert!(say(&mut s, ":hepl\n").contains("did you mean `:help`?"));
    assert!(say(&mut s, ":\n").contains("a command name goes after `:`"));
    assert!(say(&mut s, "help\n").contains("type `:help`"));
    assert!(say(&mut s, "quit\n").contains("type `:quit`"));
    assert!(say(&mut s, "help.\n").contains("type `:help`"));
    assert!(say(&mut s, "exit.\n").contains("type `:quit`"));
    assert!(!s.handle("quit\n").quit);
    assert!(s.handle(":quit\n").quit);
    assert!(s.handle(":q\n").quit);
    assert!(say(&mut s, ":reset now\n").contains("takes no arguments"));
    // Commands and text in one pasted input.
    let out = say(
        &mut s,
        "widget(w1).\n:as-of 2024-07-01\n:format json\n?- widget(X).\n",
    );
    assert_eq!(
        out,
        "added: widget(w1).\nanswers are as of 2024-07-01\nanswers are shown as JSON lines\n{\"query\":\"widget(X)\",\"as_of\":\"2024-07-01\",\"columns\":[\"X\"],\"rows\":[[\"w1\"]],\"holds\":true}\n"
    );
}

#[test]
fn why_and_whynot_go_through_the_query_path() {
    let mut s = small();
    let out = say(&mut s, ":why path(1, 3)\n");
    assert!(out.starts_with("true.\n"), "{out}");
    assert!(!out.contains("error"), "{out}");
    let out = say(&mut s, ":whynot path(4, 1).\n");
    assert!(out.starts_with("false.\n"), "{out}");
    assert!(say(&mut s, ":why\n").starts_with("usage"));
    assert!(say(&mut s, ":why path(1, 2). widget(w1)\n").contains("takes one atom"));
    assert_eq!(say(&mut s, "?- widget(X).\n"), "false.\n");
    let out = say(&mut s, ":why path(1,\n");
    assert!(out.contains("error[syntax-error]"), "{out}");
}

#[test]
fn vocabulary_lists_predicates_and_constants() {
    let mut s = small();
    say(&mut s, "colour(w1, red).\n");
    let v = s.vocabulary();
    let names: Vec<&str> = v.preds.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(
        names,
        ["big", "colour", "edge", "num", "parts", "path", "widget"]
    );
    let widget = v.preds.iter().find(|p| p.name == "widget").expect("widget");
    assert_eq!(widget.params, ["W"]);
    assert_eq!(v.constants, ["red", "w1"]);
}

#[test]
fn an_interrupted_evaluation_leaves_the_session_intact() {
    let mut s = small();
    say(&mut s, "long(0).\n");
    say(&mut s, "long(N + 1) :- long(N), N < 1000000000.\n");
    let flag = s.interrupt_flag();
    let stopper = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(200));
        flag.store(true, Ordering::SeqCst);
    });
    let reply = s.handle("?- long(5).\n");
    stopper.join().expect("join");
    assert!(reply.interrupted);
    assert!(
        reply.text.contains("evaluation interrupted"),
        "{}",
        reply.text
    );
    assert_eq!(
        say(&mut s, ":retract long(N + 1) :- long(N), N < 1000000000.\n"),
        "retracted: long(N + 1) :- long(N), N < 1000000000.\n"
    );
    assert_eq!(say(&mut s, "?- long(X).\n"), "X = 0\n1 row\n");
    assert_eq!(say(&mut s, "?- path(1, 2).\n"), "true.\n");
}

#[test]
fn evaluation_errors_suggest_retracting() {
    let mut s = small();
    say(&mut s, "ratio(X, 10 / X) :- num(X).\n");
    let out = say(&mut s, "?- ratio(1, R).\n");
    assert!(out.contains("error[arithmetic-error]"), "{out}");
    assert!(out.contains(":retract"), "{out}");
    say(&mut s, ":reset\n");
    assert_eq!(say(&mut s, "?- path(1, 2).\n"), "true.\n");
}

#[test]
fn nothing_typed_makes_it_panic() {
    let mut s = small();
    let inputs = [
        "",
        "\n",
        ":",
        "?-",
        "?- .",
        "...",
        "p(",
        "\"",
        "\"abc",
        "%",
        "% c\n",
        ":retract",
        ":retract ?- p(X).",
        ":assert ?- p.",
        ":assert",
        ":why",
        ":why ?-",
        ":whynot p(",
        ":load",
        ":load \"",
        ":list",
        ":list /",
        ":help /",
        ":help p/x",
        ":help path/9",
        ":preds",
        ":format x",
        ":time x",
        ":more x",
        ":more",
        "@input",
        "@input p(a).",
        "@input q(X).",
        "@source(\"x\") { r(1). }",
        "@source(\"x\") {",
        "}",
        "p(1/0).",
        "?- X = 1 / 0.",
        "?- X < 3.",
        "?- a < 3.",
        "ø(x).",
        "?- ø.",
        "p(X) :- not q(X).",
        "?- why path(X, Y).",
        "?- whynot num(100).",
        "(((((",
        ")))))",
        ":",
        "::",
        ":-",
        "p :- p.",
        "?- not path(1, 2).",
        "n(X) :- n(X).",
        "a(X) :- b(X), not a(X).",
        "x(N) :- N = count : { edge(_, _) }.",
        "?- x(N).",
        "\u{feff}",
        "\t",
        "p(a). ?- p(X",
        &format!("p({}1{}).", "(".repeat(300), ")".repeat(300)),
    ];
    for i in inputs {
        let _ = s.handle(i);
        let _ = s.handle(&format!("{i}\n"));
        let _ = s.handle(&format!(":assert {i}"));
        let _ = s.handle(&format!(":retract {i}"));
        let _ = s.handle(&format!(":why {i}"));
    }
    // Still answering.
    assert!(say(&mut s, "?- path(1, 2).\n").ends_with("true.\n"));
}

#[test]
fn the_embedded_knowledge_base_answers_the_vaccine_question() {
    let (mut s, banner) = Session::new(Options::default()).expect("session");
    assert!(banner.contains("the embedded knowledge base"), "{banner}");
    assert!(!banner.contains("error"), "{banner}");
    let out = say(&mut s, "product(v1). class(v1, vaccine). ma_in(v1, de).\n");
    assert_eq!(
        out,
        "added: product(v1).\nadded: class(v1,vaccine).\nadded: ma_in(v1,de).\n"
    );
    assert_eq!(say(&mut s, "?- notifiable(v1).\n"), "false.\n");
    assert_eq!(say(&mut s, "?- requires_approval(v1).\n"), "true.\n");
    assert_eq!(
        say(&mut s, "?- negative_list_reason(v1, R).\n"),
        "R = vaccine\n1 row\n"
    );
    let out = say(&mut s, "notifiable(v1).\n");
    assert!(out.contains("ambiguous-input"), "{out}");
    assert!(s.vocabulary().constants.iter().any(|c| c == "de"));
}

#[test]
fn typed_facts_are_a_scenario_over_the_loaded_files() {
    let mut s = small();
    assert_eq!(
        say(&mut s, "widget(w1). parts(w1, 12).\n"),
        "added: widget(w1).\nadded: parts(w1,12).\n"
    );
    assert_eq!(say(&mut s, "?- big(w1).\n"), "true.\n");
    // Only what depends on the typed facts was evaluated again; the loaded
    // files' relations are read in place.
    let limits = s.limits.clone();
    let program = s.scenario.program().clone();
    let model = s.scenario.evaluate(&limits).expect("evaluated");
    let own = |name: &str| model.is_own(program.pred_id(name).expect(name));
    assert!(own("big") && own("widget") && own("parts"));
    assert!(!own("path") && !own("edge") && !own("num"));
}

#[test]
fn several_queries_of_one_input_may_name_predicates_nothing_defines() {
    let mut s = small();
    let out = say(&mut s, "?- why aa(1). ?- whynot bb(1). ?- cc(X).\n");
    assert!(
        out.contains("✗ aa(1) — `aa` has no facts and no rules"),
        "{out}"
    );
    assert!(
        out.contains("✗ bb(1) — `bb` has no facts and no rules"),
        "{out}"
    );
    assert!(out.ends_with("false.\n"), "{out}");
    assert_eq!(say(&mut s, "?- path(1, 2).\n"), "true.\n");
}

#[test]
fn typed_facts_are_held_to_the_knowledge_base() {
    let (mut s, _) = Session::new(Options::default()).expect("session");
    // (input, what the answer contains)
    let cases: &[(&str, &[&str])] = &[
        (
            "eea_member(br).\n",
            &["error[reference-override]", "`@override eea_member(br).`"],
        ),
        ("?- eea_member(br).\n", &["false."]),
        ("halt.\n", &["error[unknown-predicate]", "type `:quit`"]),
        (
            "listing(notifiable).\n",
            &["error[unknown-predicate]", "`:list NAME`"],
        ),
        (
            "?- notifable(p1).\n",
            &["error[unknown-predicate]", "`notifiable/1`"],
        ),
        (
            "ma_in(p1, japan).\n",
            &["error[unknown-value]", "`jp` (Japan)"],
        ),
        (
            "product(p1). ma_in(p1, jp). class(p1, vaccine).\n",
            &["added"],
        ),
        ("?- notifiable(p1).\n", &["false."]),
        (
            "notifiable(p1).\n",
            &["error[ambiguous-input]", "type `@override notifiable(p1).`"],
        ),
        ("@override eea_member(br).\n", &["added"]),
        (
            "?- eea_member(br).\n",
            &["true.", "rests on `@override eea_member(br).`"],
        ),
    ];
    for (input, want) in cases {
        let out = say(&mut s, input);
        for w in *want {
            assert!(out.contains(w), "case {input:?}: want {w:?} in {out}");
        }
    }
}
