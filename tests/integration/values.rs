//! Regression tests: values that are never silently wrong, and the syntax that
//! reads them (issue "batch files are untrusted").

use crate::support::regkb;
use std::path::PathBuf;

/// A scratch file with `text`, for what reads files from disk (the
/// compact loading path, fixture files).
fn scratch(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("regkb-values-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("scratch dir");
    let path = dir.join(name);
    std::fs::write(&path, text).expect("scratch file");
    path
}

#[test]
fn a_whole_decimal_beyond_64_bits_is_an_invalid_literal() {
    // From standard input and from a file on disk (the compact path).
    let file = scratch("big.kb", "n(9223372036854775808.0).\n?- n(X).\n");
    for args in [
        vec!["run", "--no-default-kb", "-"],
        vec!["run", "--no-default-kb", file.to_str().unwrap()],
    ] {
        let ran = regkb(&args)
            .stdin("n(9223372036854775808.0).\n?- n(X).\n")
            .status(1);
        assert_eq!(
            ran.stdout, "",
            "{args:?}: nothing is answered, least of all `X = 0`"
        );
        assert!(
            ran.stderr.contains("error[invalid-literal]: `9223372036854775808.0` is a whole number and does not fit in a 64-bit integer"),
            "{args:?}: {}",
            ran.stderr
        );
        assert!(ran.stderr.contains(":1:3\n"), "{args:?}: {}", ran.stderr);
        assert!(
            ran.stderr.contains("^^^^^^^^^^^^^^^^^^^^^ this literal"),
            "{}",
            ran.stderr
        );
    }
    // The extremes that fit are the integers they equal.
    let ran = regkb(&["run", "--no-default-kb", "-"])
        .stdin("n(-9223372036854775808.0). n(9223372036854775807.000). n(1.0).\n?- n(X).\n")
        .status(0);
    assert_eq!(
        ran.stdout,
        "?- n(X).\nX = -9223372036854775808\nX = 1\nX = 9223372036854775807\n"
    );
}

#[test]
fn a_whole_decimal_beyond_64_bits_in_a_fixture_fails_the_file() {
    let file = scratch(
        "big.kbtest",
        "test \"big\" {\n    n(1).\n    ?- n(X).\n    => X = 9223372036854775808.0.\n}\n",
    );
    let ran = regkb(&["test", "--no-default-kb", file.to_str().unwrap()]).status(1);
    assert!(
        ran.stderr.contains("error[invalid-literal]"),
        "{}",
        ran.stderr
    );
    assert_eq!(ran.stdout, "0 passed, 1 failed\n");
}

#[test]
fn a_date_without_its_zeros_is_a_warning_and_stays_a_number() {
    let ran = regkb(&["run", "--no-default-kb", "-"])
        .stdin("d(2024-7-1).\nlate(X) :- d(X), X > 2024-12-3.\n?- d(X).\n?- late(X).\n")
        .status(0);
    assert_eq!(ran.stdout, "?- d(X).\nX = 2016\n\n?- late(X).\nX = 2016\n");
    assert!(
        ran.stderr.contains(
            "warning[suspicious-date]: `2024-7-1` is a subtraction, not a date\n --> <stdin>:1:3\n  |\n1 | d(2024-7-1).\n  |   ^^^^^^^^ this is the number 2016\n  |\n  = help: write the date as `2024-07-01`\n"
        ),
        "{}",
        ran.stderr
    );
    assert!(
        ran.stderr
            .contains("--> <stdin>:2:22\n  |\n2 | late(X) :- d(X), X > 2024-12-3.\n  |                      ^^^^^^^^^ this is the number 2009\n  |\n  = help: write the date as `2024-12-03`\n"),
        "{}",
        ran.stderr
    );
    // Written with spaces, a subtraction is meant.
    let ran = regkb(&["check", "--no-default-kb", "-"])
        .stdin("d(2024 - 7 - 1).\n")
        .status(0);
    assert_eq!(ran.stderr, "0 errors, 0 warnings\n");
}

#[test]
fn a_fact_with_values_of_the_wrong_kinds_is_a_type_mismatch() {
    // (text, the headline, where)
    let cases = [
        (
            "p(2024-01-01 + 1.5).\n",
            "error[type-mismatch]: `+` cannot combine a date and a number",
            "<stdin>:1:3",
        ),
        (
            "p(a + 1).\n",
            "error[type-mismatch]: `+` cannot combine a symbol and a number",
            "<stdin>:1:3",
        ),
        (
            "p(1, -a).\n",
            "error[type-mismatch]: `-` cannot negate a symbol",
            "<stdin>:1:6",
        ),
        (
            // Division by zero and overflow stay arithmetic errors.
            "p(1 / 0).\n",
            "error[arithmetic-error]: cannot compute this fact: division by zero",
            "<stdin>:1:3",
        ),
        (
            "p(9223372036854775807 + 1).\n",
            "error[arithmetic-error]: cannot compute this fact: the result of `+` is out of range",
            "<stdin>:1:3",
        ),
    ];
    for (text, headline, at) in cases {
        let ran = regkb(&["check", "--no-default-kb", "-"])
            .stdin(text)
            .status(1);
        assert!(ran.stderr.starts_with(headline), "{text}: {}", ran.stderr);
        assert!(
            ran.stderr.contains(&format!("--> {at}\n")),
            "{text}: {}",
            ran.stderr
        );
        assert!(
            ran.stderr.ends_with("1 error, 0 warnings\n"),
            "{text}: {}",
            ran.stderr
        );
    }
}

#[test]
fn an_unknown_escape_is_reported_at_the_escape() {
    let ran = regkb(&["run", "--no-default-kb", "-"])
        .stdin("p(\"a\\nb\").\nq(\"\\\"quoted\\\" \\\\ ok\").\n?- q(X).\n")
        .status(1);
    assert_eq!(ran.stdout, "");
    assert_eq!(
        ran.stderr,
        "error[invalid-literal]: unknown escape `\\n` in a string; strings know `\\\"` and `\\\\`\n --> <stdin>:1:5\n  |\n1 | p(\"a\\nb\").\n  |     ^^ this literal\n\n",
    );
    // The known escapes read as before.
    let ran = regkb(&["run", "--no-default-kb", "-"])
        .stdin("q(\"\\\"quoted\\\" \\\\ ok\").\n?- q(X).\n")
        .status(0);
    assert_eq!(ran.stdout, "?- q(X).\nX = \"\\\"quoted\\\" \\\\ ok\"\n");
}

#[test]
fn dates_and_decimals_load_from_files_as_they_are_written() {
    let file = scratch(
        "facts.kb",
        "d(p1, 2024-01-01).\nd(p2, 2024-02-29).\nd(p3, 1.50).\nd(p4, -0.25).\nd(p5, 2.0).\n?- d(P, V).\n?- d(P, 2024-01-01).\n",
    );
    let ran = regkb(&["run", "--no-default-kb", file.to_str().unwrap()]).status(0);
    assert_eq!(
        ran.stdout,
        "?- d(P,V).\nP = p1, V = 2024-01-01\nP = p2, V = 2024-02-29\nP = p3, V = 1.5\nP = p4, V = -0.25\nP = p5, V = 2\n\n?- d(P,2024-01-01).\nP = p1\n"
    );
    // What the fast path leaves to the grammar is still reported.
    let file = scratch("bad.kb", "d(p1, 2024-02-30).\nd(p2, 0.0000000001).\n");
    let ran = regkb(&["check", "--no-default-kb", file.to_str().unwrap()]).status(1);
    assert!(
        ran.stderr
            .contains("error[invalid-literal]: `2024-02-30` is not a date"),
        "{}",
        ran.stderr
    );
    assert!(
        ran.stderr
            .contains("error[invalid-literal]: `0.0000000001` has more than 9 decimal places"),
        "{}",
        ran.stderr
    );
}

#[test]
fn fixture_files_warn_about_cases_that_test_nothing() {
    let file = scratch(
        "lint.kbtest",
        "p(1).\ntest \"holds\" {\n    ?- p(1).\n    => true.\n}\ntest \"holds\" {\n    ?- p(2).\n    => false.\n}\ntest \"no query\" {\n    q(1).\n}\n",
    );
    let path = file.to_str().unwrap();
    let ran = regkb(&["test", "--no-default-kb", path]).status(0);
    assert_eq!(ran.stdout, "3 passed, 0 failed\n", "warnings fail nothing");
    let want = format!(
        "warning[duplicate-case]: test case `holds` is named twice\n --> {path}:6:1\n  |\n6 | test \"holds\" {{\n  | ^^^^^^^^^^^^ named again here\n  |\n  = note: first named at {path}:2:1\n  = help: give each case a name of its own, so a failure says which one\n\n\
         warning[case-without-queries]: test case `no query` has no queries, so it always passes\n  --> {path}:10:1\n   |\n10 | test \"no query\" {{\n   | ^^^^^^^^^^^^^^^ no `?-` query in this case\n   |\n   = help: add a query and its expected answer, e.g. `?- notifiable(p1).` and `=> true.`\n\n"
    );
    assert_eq!(ran.stderr, want);
    // A file without cases, empty or with shared clauses only.
    for (name, text) in [("empty.kbtest", ""), ("shared.kbtest", "p(1).\n")] {
        let file = scratch(name, text);
        let ran = regkb(&["test", "--no-default-kb", file.to_str().unwrap()]).status(0);
        assert_eq!(ran.stdout, "0 passed, 0 failed\n", "{name}");
        assert!(
            ran.stderr
                .starts_with("warning[no-cases]: this fixture file has no test cases\n"),
            "{name}: {}",
            ran.stderr
        );
        assert!(
            ran.stderr.contains(&format!("{name}:1:1")),
            "{name}: {}",
            ran.stderr
        );
    }
}
