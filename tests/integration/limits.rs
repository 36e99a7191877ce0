//! Regression tests: limits that hold (issue "batch files are untrusted").
//! The tuple limit counts distinct tuples, the time limit stops every
//! evaluation that runs past it (a large join, a recursive component of
//! many rules, a query), and each says where it stopped; run-time errors
//! and values that were wrong at the edges.
//!
//! Programs are generated small, with small limits. Time bounds are
//! generous (a limit of 0.3 s must stop within 3 s) so that a loaded
//! machine does not make them fail; the precise figures are measured on
//! release builds.

use crate::support::{Ran, regkb};
use std::fmt::Write as _;
use std::time::{Duration, Instant};

/// The wall-clock bound a run with a time limit of `0.3` s must stop in.
const STOPS_WITHIN: Duration = Duration::from_secs(3);

/// Facts `pred(0).` to `pred(n - 1).`
fn facts(pred: &str, n: usize) -> String {
    let mut text = String::new();
    for i in 0..n {
        writeln!(text, "{pred}({i}).").unwrap();
    }
    text
}

/// A recursive component of `n` rules over two facts: `p1(X) :- p0(X).`
/// and so on, and back from `p{n-1}` to `p0` adding `step` (with a step,
/// it never ends).
fn component(n: usize, step: u32) -> String {
    let mut text = String::from("p0(1). p0(2).\n");
    for i in 0..n - 1 {
        writeln!(text, "p{}(X) :- p{i}(X).", i + 1).unwrap();
    }
    writeln!(text, "p0(Y) :- p{}(X), Y = X + {step}.", n - 1).unwrap();
    text
}

/// Runs `regkb run` on `text` with `args`, expecting `status`; and how long
/// it took.
fn timed(args: &[&str], text: String, status: i32) -> (Ran, Duration) {
    let mut all = vec!["run", "--no-default-kb"];
    all.extend_from_slice(args);
    all.push("-");
    let started = Instant::now();
    let ran = regkb(&all).stdin(text).status(status);
    (ran, started.elapsed())
}

#[test]
fn repeated_solutions_do_not_count_against_the_tuple_limit() {
    // 300 facts and 300 tuples of q, from 300 x 294 solutions.
    let text = facts("a", 300) + "q(X) :- a(X), a(Y), Y > 5.\n?- q(3).\n";
    let (ran, _) = timed(&["--max-tuples", "600"], text.clone(), 0);
    assert_eq!(ran.stdout, "?- q(3).\ntrue.\n");
    let (ran, _) = timed(&["--max-tuples", "599"], text, 1);
    assert!(
        ran.stderr.contains(
            "error[tuple-limit]: evaluation stopped at the tuple limit of 599: the rule for `q` kept deriving new tuples"
        ),
        "{}",
        ran.stderr
    );
    // A model of exactly the limit evaluates: 2 facts and 2 tuples of m.
    let text = "n(1). n(2). m(X) :- n(X), n(Y).\n?- m(X).\n";
    let (ran, _) = timed(&["--max-tuples", "4"], text.into(), 0);
    assert_eq!(ran.stdout, "?- m(X).\nX = 1\nX = 2\n");
    let (ran, _) = timed(&["--max-tuples", "3"], text.into(), 1);
    assert!(ran.stderr.contains("error[tuple-limit]"), "{}", ran.stderr);
    // Answers count distinct rows too: three of them within a limit of 3.
    let text = "n(1). n(2). n(3).\n?- n(X), n(_).\n?- n(X), n(Y).\n";
    let (ran, _) = timed(&["--max-tuples", "3"], text.into(), 1);
    assert!(
        ran.stdout
            .starts_with("?- n(X), n(_).\nX = 1\nX = 2\nX = 3\n"),
        "{}",
        ran.stdout
    );
}

#[test]
fn the_tuple_limit_says_where_it_stopped() {
    // (program, limit, message, label).
    let cases: &[(&str, &str, &str, &str)] = &[
        (
            "p(1).\n?- p(X).\n",
            "0",
            "error[tuple-limit]: evaluation stopped at the tuple limit of 0: the fact for `p` is past it",
            "^^^^^ this fact",
        ),
        (
            "p(1). p(2). p(3).\n?- p(X).\n",
            "2",
            "error[tuple-limit]: evaluation stopped at the tuple limit of 2: the fact for `p` is past it",
            "^^^^^ this fact",
        ),
        (
            "p(1). p(2).\n?- p(X), p(Y).\n",
            "3",
            "error[tuple-limit]: answering this query stopped at the tuple limit of 3",
            "^^^^^^^^^^^^^^ this query",
        ),
        (
            "n(0).\nn(X) :- n(Y), X = Y + 1.\n?- n(5).\n",
            "50",
            "error[tuple-limit]: evaluation stopped at the tuple limit of 50: the rule for `n` kept deriving new tuples",
            "this rule kept growing",
        ),
    ];
    for (text, limit, message, label) in cases {
        let (ran, _) = timed(&["--max-tuples", limit], text.to_string(), 1);
        assert!(ran.stderr.contains(message), "case {text}: {}", ran.stderr);
        assert!(ran.stderr.contains(label), "case {text}: {}", ran.stderr);
    }
}

#[test]
fn a_large_join_stops_at_the_time_limit() {
    // 3,000 x 3,000 tuples: far more than 0.3 s of work.
    let text = facts("a", 3000) + "q(X, Y) :- a(X), a(Y).\n?- q(1, 2).\n";
    let (ran, took) = timed(&["--timeout", "0.3"], text, 1);
    assert!(
        ran.stderr.contains(
            "error[timeout]: evaluation stopped at the time limit of 0.3 s: the rule for `q` was running"
        ),
        "{}",
        ran.stderr
    );
    assert!(ran.stderr.contains("running here"), "{}", ran.stderr);
    assert!(took < STOPS_WITHIN, "stopped after {took:?}");
}

#[test]
fn a_recursive_component_of_many_rules_stops_at_the_time_limit() {
    // 2,000 rules in one component that never ends: every round adds two
    // tuples, far apart.
    let text = component(2000, 2) + "?- p0(5).\n";
    let (ran, took) = timed(&["--timeout", "0.3"], text, 1);
    assert!(
        ran.stderr
            .contains("error[timeout]: evaluation stopped at the time limit of 0.3 s"),
        "{}",
        ran.stderr
    );
    assert!(took < STOPS_WITHIN, "stopped after {took:?}");
}

#[test]
fn a_recursive_component_costs_what_its_deltas_feed() {
    // 6,000 rules in a cycle and two facts: 6,000 rounds of one rule each
    // (it used to be every rule in every round, 36 million runs, and a
    // round mark for every predicate in every round).
    let text = component(6000, 0) + "?- p5999(2).\n?- p0(3).\n";
    let (ran, took) = timed(&["--timeout", "30"], text, 0);
    assert_eq!(ran.stdout, "?- p5999(2).\ntrue.\n\n?- p0(3).\nfalse.\n");
    assert!(took < STOPS_WITHIN, "took {took:?}");
}

#[test]
fn a_query_stops_at_the_time_limit() {
    let text = facts("a", 300) + "?- a(X), a(Y), a(Z).\n";
    let (ran, took) = timed(&["--timeout", "0.3"], text, 1);
    assert!(
        ran.stderr
            .contains("error[timeout]: answering this query stopped at the time limit of 0.3 s"),
        "{}",
        ran.stderr
    );
    assert!(
        ran.stderr.contains("^^^^^^^^^^^^^^^^^^^^ this query"),
        "{}",
        ran.stderr
    );
    assert!(took < STOPS_WITHIN, "stopped after {took:?}");
}

#[test]
fn kinds_an_operator_cannot_combine_are_a_type_mismatch_at_run_time() {
    // (program, message): division by zero and overflow stay arithmetic.
    let cases: &[(&str, &str)] = &[
        (
            "@input d(D).\nd(2024-01-01).\np(E) :- d(D), E = D + 1.5.\n?- p(E).\n",
            "error[type-mismatch]: `+` cannot combine a date and a number",
        ),
        (
            "@input q(X).\nq(a).\np(Y) :- q(X), Y = X * 2.\n?- p(Y).\n",
            "error[type-mismatch]: `*` cannot combine a symbol and a number",
        ),
        (
            "q(0).\np(X) :- q(Y), X = 10 / Y.\n?- p(X).\n",
            "error[arithmetic-error]: division by zero",
        ),
    ];
    for (text, message) in cases {
        let (ran, _) = timed(&[], text.to_string(), 1);
        assert!(ran.stderr.contains(message), "case {text}: {}", ran.stderr);
    }
}

#[test]
fn the_least_integer_has_a_remainder_and_year_0_its_dates() {
    let text = "m(-9223372036854775807).\nn(Y) :- m(X), Y = X - 1.\nr(Z) :- n(Y), Z = Y % -1.\n\
                d(9999-12-31). d(0000-02-29). d(0000-01-01). d(0000-03-01).\n\
                ?- r(Z).\n?- d(X).\n?- d(X), X < 0000-03-01.\n";
    let (ran, _) = timed(&[], text.into(), 0);
    assert_eq!(
        ran.stdout,
        "?- r(Z).\nZ = 0\n\n?- d(X).\nX = 0000-01-01\nX = 0000-02-29\nX = 0000-03-01\nX = 9999-12-31\n\n\
         ?- d(X), X < 0000-03-01.\nX = 0000-01-01\nX = 0000-02-29\n"
    );
}
