//! What a user loads over the shipped knowledge base is held to it: each
//! slip of `tests/scenarios/*.q` (a misspelt predicate or value, a value of
//! the wrong kind, a fact that would change the knowledge base) gives its
//! code, a caret at the user's text, a suggestion and exit status 1; an
//! `@override` answers and says so; a run-time error in a knowledge-base
//! rule names the user's fact that fed it. Golden files: `NAME.out` holds the
//! standard output and the exit status, `NAME.stderr` the diagnostics.

use crate::support::{golden, regkb, root, runs_with_diagnostics};

#[test]
fn slips_over_the_knowledge_base_are_caught_with_a_suggestion() {
    let dir = root().join("tests/scenarios");
    for (p, ran) in runs_with_diagnostics(&dir, "q", &["run"], 6) {
        golden(
            &p.with_extension("out"),
            &format!("{}## exit {}\n", ran.stdout, ran.status),
        );
        golden(&p.with_extension("stderr"), &ran.stderr);
    }
}

#[test]
fn every_slip_of_the_issue_has_its_code_and_suggestion() {
    // (file, code, suggestion) that must appear in the diagnostics.
    let cases: &[(&str, &str, &str)] = &[
        (
            "misspelt_predicate.q",
            "error[unknown-predicate]",
            "did you mean `class/2`?",
        ),
        (
            "unknown_values.q",
            "error[unknown-value]",
            "did you mean `jp` (Japan)?",
        ),
        (
            "unknown_values.q",
            "error[unknown-value]",
            "did you mean `ch` (Switzerland)?",
        ),
        (
            "unknown_values.q",
            "error[unknown-value]",
            "did you mean `vaccine`?",
        ),
        (
            "unknown_values.q",
            "error[kind-mismatch]",
            "did you mean `20`?",
        ),
        (
            "unknown_values.q",
            "error[kind-mismatch]",
            "did you mean `2024-07-01`?",
        ),
        (
            "unknown_query.q",
            "error[unknown-predicate]",
            "did you mean `notifiable/1`?",
        ),
        (
            "reference_override.q",
            "error[reference-override]",
            "write `@override eea_member(br).`",
        ),
        (
            "override.q",
            "warning[needless-override]",
            "write the clause without `@override`",
        ),
        (
            "prolog_habits.q",
            "error[unknown-predicate]",
            "type `:quit`",
        ),
        (
            "prolog_habits.q",
            "error[unknown-predicate]",
            "type `:list NAME`",
        ),
        (
            "fed_by_a_fact.q",
            "error[arithmetic-error]",
            "`9999-12-31` comes from this fact",
        ),
    ];
    let dir = root().join("tests/scenarios");
    for (file, code, help) in cases {
        let ran = regkb(&["run", file]).dir(&dir).run();
        assert!(ran.stderr.contains(code), "{file}: {}", ran.stderr);
        assert!(ran.stderr.contains(help), "{file}: {help}: {}", ran.stderr);
    }
}

#[test]
fn plain_programs_keep_warnings_for_unknown_predicates() {
    // Without a knowledge base, a program defines its own facts: an unknown
    // predicate stays a warning, and a false answer an answer.
    let ran = regkb(&["run", "--no-default-kb", "-"])
        .stdin("clas(p1, vaccine).\n?- notifable(p1).\n")
        .status(0);
    assert!(
        ran.stderr.contains("warning[undefined-predicate]"),
        "{}",
        ran.stderr
    );
    assert!(!ran.stderr.contains("error["), "{}", ran.stderr);
    assert_eq!(ran.stdout, "?- notifable(p1).\nfalse.\n");
}

#[test]
fn a_fixture_case_asking_an_unknown_predicate_fails() {
    let dir = crate::support::scratch("scenarios");
    let path = dir.join("typo.kbtest");
    std::fs::write(
        &path,
        "test \"misspelt\" {\n    product(x).\n    ?- requires_aproval(x).\n    => false.\n}\n",
    )
    .unwrap();
    let ran = regkb(&["test", path.to_str().unwrap()]).status(1);
    assert!(ran.stdout.contains("0 passed, 1 failed"), "{}", ran.stdout);
    let all = format!("{}{}", ran.stdout, ran.stderr);
    assert!(all.contains("unknown-predicate"), "{all}");
    assert!(all.contains("did you mean `requires_approval/1`?"), "{all}");
}

#[test]
fn a_run_time_error_names_the_users_fact_in_json_too() {
    let dir = root().join("tests/scenarios");
    let ran = regkb(&["run", "--format", "json", "fed_by_a_fact.q"])
        .dir(&dir)
        .status(1);
    let first: serde_json::Value =
        serde_json::from_str(ran.stdout.lines().next().expect("a line")).unwrap();
    assert_eq!(first["error"]["code"], "arithmetic-error");
    assert_eq!(
        first["error"]["labels"],
        serde_json::json!([{"location": "fed_by_a_fact.q:3:50", "text": "`9999-12-31` comes from this fact"}])
    );
}
