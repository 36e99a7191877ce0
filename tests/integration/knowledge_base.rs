//! The shipped knowledge base: it checks clean, its fixtures pass, every
//! example query file runs, and the README's examples run.

use crate::support::{files, regkb, root};

#[test]
fn the_knowledge_base_checks_without_errors_or_warnings() {
    let ran = regkb(&["check"]).status(0);
    assert_eq!(ran.stderr, "0 errors, 0 warnings\n");
}

#[test]
fn the_knowledge_base_fixtures_pass() {
    let fixtures = files(&root().join("tests/fixtures"), "kbtest");
    assert!(fixtures.len() >= 6);
    let mut args: Vec<String> = vec!["test".into()];
    args.extend(fixtures.iter().map(|p| p.to_string_lossy().into_owned()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let ran = regkb(&args).status(0);
    let last = ran.stdout.lines().last().unwrap_or_default().to_string();
    let passed: usize = last.split(' ').next().unwrap().parse().unwrap();
    assert!(passed >= 80, "{last}");
    assert!(last.ends_with(" passed, 0 failed"), "{}", ran.stdout);
}

#[test]
fn every_example_runs() {
    let examples = files(&root().join("examples"), "q");
    assert!(examples.len() >= 6);
    for e in examples {
        let ran = regkb(&["run", e.to_str().unwrap()]).status(0);
        assert_eq!(ran.stderr, "", "{}", e.display());
        assert!(ran.stdout.contains("?- "), "{}", e.display());
    }
}
