//! Bad input gets a clear error and loses nothing: garbage, invalid UTF-8,
//! huge files, deep nesting, odd line endings, includes of directories and
//! of the file itself, and the inputs the fuzzers found.

use crate::support::{files, regkb, root};
use std::path::PathBuf;

fn temp(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("regkb-robust-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

#[test]
fn binary_garbage_is_an_input_error() {
    let mut x: u64 = 0x2545_F491_4F6C_DD1D;
    let bytes: Vec<u8> = (0..200_000)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect();
    let p = temp("garbage.bin", &bytes);
    let ran = regkb(&["run", "--no-default-kb", p.to_str().unwrap()]).status(1);
    assert!(ran.stderr.contains("error["), "{}", ran.stderr);
}

#[test]
fn invalid_utf8_reports_the_byte_offset() {
    let p = temp("latin1.kb", b"p(a).\nq(\"S\xf8r-Afrika\").\n");
    let ran = regkb(&["run", "--no-default-kb", p.to_str().unwrap()]).status(1);
    assert!(
        ran.stderr
            .contains("is not valid UTF-8: invalid byte at offset 10"),
        "{}",
        ran.stderr
    );
    assert!(ran.stderr.contains("latin1.kb:2:5"), "{}", ran.stderr);
}

#[test]
fn text_garbage_stops_after_a_hundred_errors() {
    let text = "this is not regkb. ".repeat(5_000);
    let ran = regkb(&["check", "--no-default-kb", "-"])
        .stdin(text)
        .status(1);
    assert_eq!(ran.stderr.matches("error[syntax-error]").count(), 100);
    assert!(ran.stderr.contains("error[too-many-errors]"));
}

#[test]
fn empty_files_and_odd_line_endings() {
    let ran = regkb(&["run", "--no-default-kb", "-"]).stdin("").status(0);
    assert_eq!(ran.stdout, "");
    let ran = regkb(&["run", "--no-default-kb", "-"])
        .stdin("p(a).\r\nq(X) :-\r\n  p(X).\r\n?- q(X).")
        .status(0);
    assert_eq!(ran.stdout, "?- q(X).\nX = a\n");
    let ran = regkb(&["run", "--no-default-kb", "-"])
        .stdin("\u{feff}% comment only, no final newline")
        .status(0);
    assert_eq!(ran.stdout, "");
}

#[test]
fn a_file_including_itself_is_an_include_error() {
    let p = temp("self.kb", b"@include \"self.kb\".\np(a).\n?- p(X).\n");
    let ran = regkb(&["run", "--no-default-kb", p.to_str().unwrap()]).status(1);
    assert!(
        ran.stderr.contains("error[include-error]"),
        "{}",
        ran.stderr
    );
    assert!(ran.stderr.contains("includes itself"), "{}", ran.stderr);
    let dir = p.parent().unwrap().to_str().unwrap().to_string();
    let q = temp("dir.kb", format!("@include \"{dir}\".\n").as_bytes());
    let ran = regkb(&["run", "--no-default-kb", q.to_str().unwrap()]).status(1);
    assert!(
        ran.stderr.contains("it is a directory, not a file"),
        "{}",
        ran.stderr
    );
}

#[test]
fn deep_nesting_and_long_chains_are_refused_cleanly() {
    let parens = format!(
        "p(X) :- X = {}1{}.\n",
        "(".repeat(10_000),
        ")".repeat(10_000)
    );
    let ran = regkb(&["check", "--no-default-kb", "-"])
        .stdin(parens)
        .status(1);
    assert!(
        ran.stderr.contains("error[nesting-too-deep]"),
        "{}",
        ran.stderr
    );
    let braces = format!(
        "p(N) :- {}q(X){}.\n",
        "N = count : { ".repeat(10_000),
        " }".repeat(10_000)
    );
    let ran = regkb(&["check", "--no-default-kb", "-"])
        .stdin(braces)
        .status(1);
    assert!(
        ran.stderr.contains("error[nesting-too-deep]"),
        "{}",
        ran.stderr
    );
    let chain = format!("p(X) :- X = 1{}.\n?- p(X).\n", " + 1".repeat(10_000));
    let ran = regkb(&["check", "--no-default-kb", "-"])
        .stdin(chain)
        .status(1);
    assert!(
        ran.stderr
            .contains("error[nesting-too-deep]: operators nested deeper than 1000 levels"),
        "{}",
        ran.stderr
    );
    // A run of minus signs is folded by parity, not nested: it is fine.
    let negs = format!("p(X) :- X = {}1.\n?- p(X).\n", "- ".repeat(10_000));
    let ran = regkb(&["run", "--no-default-kb", "-"])
        .stdin(negs)
        .status(0);
    assert_eq!(ran.stdout, "?- p(X).\nX = 1\n");
}

#[test]
fn a_million_facts_load_and_answer() {
    let mut text = String::with_capacity(20_000_000);
    for i in 0..1_000_000 {
        text.push_str(&format!("f({i}, {}).\n", i + 1));
    }
    text.push_str("?- f(999999, X).\n");
    let p = temp("million.kb", text.as_bytes());
    let ran = regkb(&["run", "--no-default-kb", p.to_str().unwrap()]).status(0);
    assert_eq!(ran.stdout, "?- f(999999,X).\nX = 1000000\n");
}

#[test]
fn a_fifty_mebibyte_file_loads() {
    // Long commented lines around facts: 50 MiB of text.
    let pad = "%".repeat(400);
    let mut text = String::with_capacity(52 * 1024 * 1024);
    let mut i = 0;
    while text.len() < 50 * 1024 * 1024 {
        text.push_str(&format!("g({i}). {pad}\n"));
        i += 1;
    }
    text.push_str("?- C = count : { g(_) }.\n");
    let p = temp("fifty.kb", text.as_bytes());
    let ran = regkb(&["run", "--no-default-kb", p.to_str().unwrap()]).status(0);
    assert_eq!(ran.stdout, format!("?- C = count : {{ g(_) }}.\nC = {i}\n"));
}

#[test]
fn fuzz_regressions_do_not_panic() {
    let dir = root().join("tests/fuzz_regressions");
    for p in files(&dir, "kb") {
        let bytes = std::fs::read(&p).unwrap();
        let out = regkb::robustness::run_all(&bytes);
        let _ = regkb::robustness::parse_and_check(&bytes);
        assert!(
            !out.is_empty() || bytes.iter().all(|b| b.is_ascii_whitespace()),
            "{}",
            p.display()
        );
    }
}
