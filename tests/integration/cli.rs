//! The command line: exit statuses, standard input, JSON lines, fixtures,
//! limits, and quiet broken pipes.

use crate::support::{regkb, root};
use std::io::Read;
use std::process::{Command, Stdio};

#[test]
fn json_lines_match_the_contract() {
    let ran = regkb(&["run", "--no-default-kb", "--format", "json", "-"])
        .stdin("edge(1,2). edge(2,3). path(X,Y) :- edge(X,Y). path(X,Z) :- path(X,Y), edge(Y,Z).\n?- path(1,X).\n?- path(3, 1).\n?- X = 2.5, Y = 2024-07-01, Z = \"Hong Kong\".\n")
        .status(0);
    assert_eq!(
        ran.stdout,
        concat!(
            "{\"query\":\"path(1,X)\",\"as_of\":\"2026-12-01\",\"columns\":[\"X\"],\"rows\":[[2],[3]],\"holds\":true}\n",
            "{\"query\":\"path(3,1)\",\"as_of\":\"2026-12-01\",\"columns\":[],\"rows\":[],\"holds\":false}\n",
            "{\"query\":\"X = 2.5, Y = 2024-07-01, Z = \\\"Hong Kong\\\"\",\"as_of\":\"2026-12-01\",\"columns\":[\"X\",\"Y\",\"Z\"],\"rows\":[[2.5,\"2024-07-01\",\"Hong Kong\"]],\"holds\":true}\n",
        )
    );
}

#[test]
fn text_answers_echo_each_query() {
    let ran = regkb(&["run", "--no-default-kb", "-"])
        .stdin("p(b). p(a).\n?- p(X).\n?- p(c).\n?- p(a).")
        .status(0);
    assert_eq!(
        ran.stdout,
        "?- p(X).\nX = a\nX = b\n\n?- p(c).\nfalse.\n\n?- p(a).\ntrue.\n"
    );
}

#[test]
fn input_errors_exit_1_and_evaluate_nothing() {
    let ran = regkb(&["run", "--no-default-kb", "-"])
        .stdin("p(a).\n?- p(X)\n")
        .status(1);
    assert_eq!(ran.stdout, "");
    assert!(ran.stderr.contains("error[syntax-error]"), "{}", ran.stderr);
    assert!(ran.stderr.contains("--> <stdin>:2:8"), "{}", ran.stderr);
}

#[test]
fn usage_errors_exit_2() {
    let ran = regkb(&["run", "--no-such-flag", "x.q"]).status(2);
    assert!(ran.stderr.contains("--no-such-flag"));
    regkb(&["run"]).status(2);
    regkb(&["run", "--format", "yaml", "x.q"]).status(2);
    regkb(&["run", "--timeout", "-1", "--no-default-kb", "-"])
        .stdin("")
        .status(2);
    // A date not in the calendar, on the command line or in REGKB_AS_OF.
    let ran = regkb(&["run", "--as-of", "2024-02-30", "--no-default-kb", "-"])
        .stdin("")
        .status(2);
    assert!(
        ran.stderr
            .contains("`2024-02-30` is not a date of the calendar"),
        "{}",
        ran.stderr
    );
    regkb(&["check", "--as-of", "1.7.2024"]).status(2);
    regkb(&["test", "--as-of", "2024-13-01", "tests/fixtures"]).status(2);
    regkb(&["run", "--no-default-kb", "-"])
        .env("REGKB_AS_OF", "tomorrow")
        .stdin("")
        .status(2);
}

#[test]
fn missing_files_are_one_line_input_errors() {
    let ran = regkb(&["run", "--no-default-kb", "no/such/file.q"]).status(1);
    assert_eq!(
        ran.stderr.trim_end(),
        "error[read-error]: cannot read `no/such/file.q`: no such file"
    );
    let ran = regkb(&["run", "--kb", "no/such/folder", "-"])
        .stdin("")
        .status(1);
    assert_eq!(
        ran.stderr.trim_end(),
        "error[read-error]: cannot read `no/such/folder`: no such file or folder"
    );
    let empty = std::env::temp_dir().join(format!("regkb-empty-{}", std::process::id()));
    std::fs::create_dir_all(&empty).unwrap();
    let ran = regkb(&["run", "--kb", empty.to_str().unwrap(), "-"])
        .stdin("")
        .status(1);
    assert_eq!(
        ran.stderr.trim_end(),
        format!(
            "error[empty-kb-folder]: `{}` holds no `.kb` files",
            empty.display()
        )
    );
}

#[test]
fn check_reports_and_exits() {
    let ran = regkb(&["check", "--no-default-kb", "-"])
        .stdin("p(X) :- q(Y).\n")
        .status(1);
    assert!(ran.stderr.contains("error[unsafe-variable]"));
    assert!(
        ran.stderr.ends_with("1 error, 2 warnings\n"),
        "{}",
        ran.stderr
    );
    let ran = regkb(&["check", "--no-default-kb", "-"])
        .stdin("p(a).\n")
        .status(0);
    assert_eq!(ran.stderr, "0 errors, 0 warnings\n");
}

#[test]
fn warnings_do_not_stop_evaluation() {
    let ran = regkb(&["run", "--no-default-kb", "-"])
        .stdin("p(X) :- scenario(X).\n?- p(X).\n")
        .status(0);
    assert!(ran.stderr.contains("warning[undefined-predicate]"));
    assert_eq!(ran.stdout, "?- p(X).\nfalse.\n");
}

#[test]
fn fixtures_pass_and_fail() {
    let base = "tests/fixture_runner/base.kb";
    let ran = regkb(&["test", "--kb", base, "tests/fixture_runner/passing.kbtest"]).status(0);
    assert_eq!(ran.stdout, "4 passed, 0 failed\n");
    let ran = regkb(&["test", "--kb", base, "tests/fixture_runner/failing.kbtest"]).status(1);
    assert_eq!(
        ran.stdout,
        concat!(
            "FAIL tests/fixture_runner/failing.kbtest:2:1 \"expects the wrong answer\": ?- notifiable(p1). expected true, got false\n",
            "FAIL tests/fixture_runner/failing.kbtest:10:1 \"expects too few rows\": ?- recognised(C). expected {C = de}, got {C = de; C = jp; C = us}\n",
            "1 passed, 2 failed\n",
        )
    );
}

#[test]
fn runaway_evaluation_stops_at_the_tuple_limit() {
    let ran = regkb(&["run", "--no-default-kb", "--max-tuples", "1000", "-"])
        .stdin("n(0).\nn(X) :- n(Y), X = Y + 1.\n?- n(5).\n")
        .status(1);
    assert!(ran.stderr.contains("error[tuple-limit]: evaluation stopped at the tuple limit of 1000: the rule for `n` kept deriving new tuples"), "{}", ran.stderr);
    assert!(ran.stderr.contains("--> <stdin>:2:1"), "{}", ran.stderr);
}

#[test]
fn runaway_evaluation_stops_at_the_time_limit() {
    let ran = regkb(&[
        "run",
        "--no-default-kb",
        "--timeout",
        "0.2",
        "--max-tuples",
        "1000000000",
        "-",
    ])
    .stdin("n(0).\nn(X) :- n(Y), X = Y + 1.\n?- n(5).\n")
    .status(1);
    assert!(
        ran.stderr
            .contains("error[timeout]: evaluation stopped at the time limit of 0.2 s"),
        "{}",
        ran.stderr
    );
}

#[test]
fn runtime_errors_name_the_literal() {
    let ran = regkb(&["run", "--no-default-kb", "-"])
        .stdin("q(0).\np(X) :- q(Y), X = 10 / Y.\n?- p(X).\n")
        .status(1);
    assert!(
        ran.stderr
            .contains("error[arithmetic-error]: division by zero"),
        "{}",
        ran.stderr
    );
    assert!(ran.stderr.contains("--> <stdin>:2:15"), "{}", ran.stderr);
    let ran = regkb(&["run", "--no-default-kb", "-"])
        .stdin("@input q(X).\nq(a).\nq(1).\np(X) :- q(X), X > 0.\n?- p(X).\n")
        .status(1);
    assert!(
        ran.stderr
            .contains("error[type-mismatch]: `>` cannot order a symbol and a number"),
        "{}",
        ran.stderr
    );
    let ran = regkb(&["run", "--no-default-kb", "-"])
        .stdin("q(9223372036854775807).\np(X) :- q(Y), X = Y + 1.\n?- p(X).\n")
        .status(1);
    assert!(
        ran.stderr
            .contains("error[arithmetic-error]: the result of `+` is out of range"),
        "{}",
        ran.stderr
    );
}

#[test]
fn a_closed_pipe_ends_quietly() {
    let mut text = String::from("n(0).\nn(X) :- n(Y), Y < 100000, X = Y + 1.\n");
    for _ in 0..50 {
        text.push_str("?- n(X).\n");
    }
    let dir = std::env::temp_dir().join(format!("regkb-pipe-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("big.q");
    std::fs::write(&file, text).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_regkb"))
        .args(["run", "--no-default-kb", file.to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 64];
    stdout.read_exact(&mut first).unwrap();
    drop(stdout);
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr, "", "nothing on stderr after a closed pipe");
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn no_command_reads_standard_input_as_a_batch_file() {
    let ran = regkb(&["--no-default-kb"])
        .stdin("p(a).\n?- p(X).\n")
        .status(0);
    assert_eq!(ran.stdout, "?- p(X).\nX = a\n");
    let _ = root();
}

#[test]
fn timeouts_too_long_for_the_clock_are_no_limit_or_a_usage_error() {
    // Longer than any clock can add: no limit, and no panic.
    let ran = regkb(&["run", "--no-default-kb", "--timeout", "1e19", "-"])
        .stdin("p(1).\n?- p(X).\n")
        .status(0);
    assert_eq!(ran.stdout, "?- p(X).\nX = 1\n");
    // Longer than a duration can be: a usage error.
    let ran = regkb(&["run", "--no-default-kb", "--timeout", "1e300", "-"])
        .stdin("")
        .status(2);
    assert!(
        ran.stderr.contains("longer than any clock can count"),
        "{}",
        ran.stderr
    );
    for bad in ["-1", "nan", "inf", "soon"] {
        regkb(&["run", "--no-default-kb", "--timeout", bad, "-"])
            .stdin("")
            .status(2);
    }
}

#[test]
fn dot_output_is_only_graphs_that_a_dot_parser_reads() {
    // A why-not with its hypotheses, and a why: two named graphs and
    // nothing else, so `regkb run --explain-format dot q.q | dot -Tsvg`
    // works.
    let ran = regkb(&["run", "--explain-format", "dot", "-"])
        .stdin(
            "product(x1).\n?- whynot notifiable(x1).\n?- why eea_member(de).\n?- eea_member(no).\n",
        )
        .status(0);
    let graphs: Vec<&str> = ran
        .stdout
        .split_inclusive("}\n")
        .map(str::trim_start)
        .filter(|g| !g.trim().is_empty())
        .collect();
    assert_eq!(graphs.len(), 2, "{}", ran.stdout);
    assert!(
        graphs[0].starts_with("digraph \"whynot notifiable(x1)\" {"),
        "{}",
        graphs[0]
    );
    assert!(
        graphs[1].starts_with("digraph \"why eea_member(de)\" {"),
        "{}",
        graphs[1]
    );
    // Failed steps are red; the facts that would make it hold are dashed.
    assert!(graphs[0].contains("color = red"), "{}", graphs[0]);
    assert!(graphs[0].contains("would hold with"), "{}", graphs[0]);
    assert!(graphs[0].contains("style = dashed"), "{}", graphs[0]);
    for g in graphs {
        if let Err(e) = dot_parser::ast::Graph::try_from(g) {
            panic!("not DOT: {e:?}\n{g}");
        }
    }
}
