//! `--threads`: a large rule run split across threads answers exactly as
//! on one thread (the same rows in the same order, so `--unsorted` output
//! and explanations too), and a count of threads that is not one is
//! refused before anything runs.

use crate::support::{Gen, regkb};
use std::fmt::Write as _;

/// A random graph of `n` nodes and `m` edges (splitmix64 from `seed`), its
/// transitive closure, and queries that print every row found, unsorted
/// and sorted, a count, a negation over the closure, and explanations.
fn closure_program(n: u64, m: usize, seed: u64) -> String {
    let mut g = Gen(seed);
    let mut text = String::new();
    for _ in 0..m {
        writeln!(text, "edge({}, {}).", g.next() % n, g.next() % n).unwrap();
    }
    text.push_str(
        "path(X, Y) :- edge(X, Y).\n\
         path(X, Z) :- path(X, Y), edge(Y, Z).\n\
         node(X) :- edge(X, _).\n\
         apart(X, Y) :- node(X), node(Y), not path(X, Y).\n\
         ?- path(X, Y).\n\
         ?- N = count : { path(_, _) }.\n\
         ?- N = count : { apart(_, _) }.\n\
         ?- path(3, Y).\n",
    );
    text
}

#[test]
fn two_threads_print_what_one_thread_prints() {
    // Some 90,000 rows of `path`: the later rounds' deltas are large
    // enough to be split.
    let text = closure_program(300, 700, 11);
    let runs: &[&[&str]] = &[
        &[],
        &["--unsorted"],
        &["--format", "json"],
        &["--explain", "--explain-limit", "3"],
    ];
    for args in runs {
        let outputs: Vec<String> = ["1", "2", "3"]
            .iter()
            .map(|threads| {
                let mut all = vec!["run", "--no-default-kb", "--threads", threads];
                all.extend_from_slice(args);
                all.push("-");
                let ran = regkb(&all).stdin(text.clone()).status(0);
                assert_eq!(ran.stderr, "", "case {args:?}, {threads} threads");
                ran.stdout
            })
            .collect();
        assert!(outputs[0].len() > 1000, "case {args:?}: {}", outputs[0]);
        assert!(
            outputs[1] == outputs[0] && outputs[2] == outputs[0],
            "case {args:?}: the output differs with the threads"
        );
    }
}

#[test]
fn the_tuple_limit_says_the_same_on_any_number_of_threads() {
    let text = closure_program(300, 700, 11);
    let errors: Vec<String> = ["1", "2"]
        .iter()
        .map(|threads| {
            let args = [
                "run",
                "--no-default-kb",
                "--threads",
                threads,
                "--max-tuples",
                "50000",
                "-",
            ];
            regkb(&args).stdin(text.clone()).status(1).stderr
        })
        .collect();
    assert!(
        errors[0].contains("error[tuple-limit]"),
        "case one thread: {}",
        errors[0]
    );
    assert_eq!(errors[1], errors[0]);
}

#[test]
fn a_count_of_threads_must_be_a_whole_number_from_one() {
    let cases: &[(&str, &str)] = &[
        ("0", "`--threads` needs at least 1 thread"),
        ("-1", "unexpected argument"),
        ("two", "`two` is not a number of threads"),
        ("1.5", "`1.5` is not a number of threads"),
    ];
    for (n, want) in cases {
        let ran = regkb(&["run", "--no-default-kb", "--threads", n, "-"])
            .stdin("?- 1 = 1.\n")
            .status(2);
        assert!(
            ran.stderr.contains(want),
            "case --threads {n}: {}",
            ran.stderr
        );
        assert_eq!(ran.stdout, "", "case --threads {n}");
    }
    let ran = regkb(&["run", "--no-default-kb", "--threads", "1", "-"])
        .stdin("?- 1 = 1.\n")
        .status(0);
    assert_eq!(ran.stdout, "?- 1 = 1.\ntrue.\n");
}
