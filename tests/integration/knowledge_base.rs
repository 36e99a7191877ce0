//! The shipped knowledge base: it checks clean, its fixtures pass, and
//! every example query file answers as its golden files record (the
//! README's examples are run by `readme.rs`).

use crate::support::{files, golden, regkb, root};

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

/// `regkb run examples/NAME.q` answers as `examples/NAME.out` records (and
/// `--format json` as `examples/NAME.json`), with nothing on stderr.
#[test]
fn every_example_answers_as_recorded() {
    let examples = files(&root().join("examples"), "q");
    assert!(examples.len() >= 6);
    for e in examples {
        let path = format!("examples/{}", e.file_name().unwrap().to_str().unwrap());
        let text = regkb(&["run", &path]).status(0);
        assert_eq!(text.stderr, "", "{path} warned");
        golden(&e.with_extension("out"), &text.stdout);
        let json = regkb(&["run", "--format", "json", &path]).status(0);
        assert_eq!(json.stderr, "", "{path} warned");
        golden(&e.with_extension("json"), &json.stdout);
        for line in json.stdout.lines() {
            let v: serde_json::Value = serde_json::from_str(line).expect("each line is JSON");
            assert!(
                v["query"].is_string() && v["holds"].is_boolean(),
                "{path}: {line}"
            );
        }
    }
}
