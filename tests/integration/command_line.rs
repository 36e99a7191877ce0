//! The command line people expect: `--error-format json`, `--color`,
//! `--deny-warnings`, `completions`, `man`, `test` over folders and with
//! `--filter`, `preds`, `--help` and `--version`.

use crate::support::{Ran, regkb};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// A fresh scratch folder for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("regkb-cl-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// Every line of standard error as JSON, each checked to have the fields
/// of the contract.
fn json_lines(ran: &Ran) -> Vec<Value> {
    ran.stderr
        .lines()
        .map(|line| {
            let v: Value = serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("not JSON ({e}): {line}\n{}", ran.stderr));
            for field in [
                "code",
                "severity",
                "message",
                "file",
                "line",
                "column",
                "end_line",
                "end_column",
                "notes",
                "suggestions",
                "labels",
            ] {
                assert!(v.get(field).is_some(), "no `{field}` in {line}");
            }
            assert!(v["notes"].is_array() && v["suggestions"].is_array() && v["labels"].is_array());
            v
        })
        .collect()
}

#[test]
fn json_diagnostics_of_check_one_a_line_without_summary() {
    let ran = regkb(&[
        "check",
        "--no-default-kb",
        "--error-format",
        "json",
        "tests/diagnostics/warnings.kb",
    ])
    .status(0);
    let lines = json_lines(&ran);
    assert_eq!(lines.len(), 3, "{}", ran.stderr);
    let first = &lines[0];
    assert_eq!(first["code"], "undefined-predicate");
    assert_eq!(first["severity"], "warning");
    assert_eq!(
        first["message"],
        "predicate `eea_membr` is never defined by a fact or rule"
    );
    assert_eq!(first["file"], "tests/diagnostics/warnings.kb");
    // `eea_membr(C)` on line 4, columns 18 to 29.
    let place: Vec<&Value> = ["line", "column", "end_line", "end_column"]
        .iter()
        .map(|f| &first[*f])
        .collect();
    assert_eq!(place, [&Value::from(4), &18.into(), &4.into(), &30.into()]);
    assert_eq!(
        first["suggestions"],
        serde_json::json!(["did you mean `eea_member`?"])
    );
    assert_eq!(first["notes"].as_array().unwrap().len(), 1);
    assert_eq!(lines[2]["code"], "singleton-variable");
    assert!(!ran.stderr.contains("0 errors"), "{}", ran.stderr);
}

#[test]
fn json_diagnostics_carry_secondary_labels() {
    let ran = regkb(&[
        "check",
        "--no-default-kb",
        "--error-format=json",
        "tests/diagnostics/unstratifiable.kb",
    ])
    .status(1);
    let lines = json_lines(&ran);
    let first = &lines[0];
    assert_eq!(
        (&first["code"], &first["severity"]),
        (&"unstratifiable".into(), &"error".into())
    );
    assert_eq!((&first["line"], &first["column"]), (&3.into(), &30.into()));
    let label = &first["labels"][0];
    assert_eq!(label["file"], "tests/diagnostics/unstratifiable.kb");
    assert_eq!((&label["line"], &label["column"]), (&4.into(), &37.into()));
    assert_eq!(
        (&label["end_line"], &label["end_column"]),
        (&4.into(), &54.into())
    );
    assert_eq!(
        label["text"],
        "`requires_approval` depends on `notifiable` negatively here"
    );
}

#[test]
fn json_diagnostics_of_run_and_of_the_batch_prompt() {
    let ran = regkb(&["run", "--no-default-kb", "--error-format", "json", "-"])
        .stdin("p(a).\n?- p(X)\n")
        .status(1);
    let lines = json_lines(&ran);
    assert_eq!(lines[0]["code"], "syntax-error");
    assert_eq!(lines[0]["file"], "<stdin>");
    assert_eq!(
        (&lines[0]["line"], &lines[0]["column"]),
        (&2.into(), &8.into())
    );
    assert_eq!(ran.stdout, "");
    // A diagnostic without a place has nulls there.
    let ran = regkb(&[
        "run",
        "--error-format",
        "json",
        "--no-default-kb",
        "no/such.q",
    ])
    .status(1);
    let lines = json_lines(&ran);
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["code"], "read-error");
    for field in ["file", "line", "column", "end_line", "end_column"] {
        assert_eq!(lines[0][field], Value::Null, "{field}");
    }
    // `regkb` with standard input not a terminal answers it as a batch.
    let ran = regkb(&["--no-default-kb", "--error-format", "json"])
        .stdin("p(X) :- q(X).\n?- p(a).\n")
        .status(0);
    assert_eq!(ran.stdout, "?- p(a).\nfalse.\n");
    let lines = json_lines(&ran);
    assert_eq!(lines[0]["code"], "undefined-predicate");
    assert_eq!(lines[0]["file"], "<stdin>");
}

#[test]
fn json_diagnostics_of_test() {
    let dir = scratch("json-test");
    let file = dir.join("t.kbtest");
    write(&file, "test \"no queries\" {\n    p(a).\n}\n");
    let ran = regkb(&[
        "test",
        "--no-default-kb",
        "--error-format",
        "json",
        file.to_str().unwrap(),
    ])
    .status(0);
    let lines = json_lines(&ran);
    assert_eq!(lines[0]["code"], "case-without-queries");
    assert_eq!(lines[0]["severity"], "warning");
    assert_eq!(ran.stdout, "1 passed, 0 failed\n");
}

#[test]
fn color_follows_the_flag() {
    let check = |color: &str| {
        regkb(&[
            "check",
            "--no-default-kb",
            "--color",
            color,
            "tests/diagnostics/warnings.kb",
        ])
        .status(0)
        .stderr
    };
    // The helper sets NO_COLOR: `always` wins over it.
    assert!(check("always").contains("\x1b["), "{}", check("always"));
    assert!(!check("never").contains('\x1b'));
    // `auto` on a pipe: plain, and exactly the golden text.
    let auto = check("auto");
    assert!(!auto.contains('\x1b'));
    assert_eq!(
        auto.replace("tests/diagnostics/", ""),
        std::fs::read_to_string("tests/diagnostics/warnings.stderr").unwrap()
    );
    // JSON is never coloured.
    let ran = regkb(&[
        "check",
        "--no-default-kb",
        "--color=always",
        "--error-format=json",
        "tests/diagnostics/warnings.kb",
    ])
    .status(0);
    assert!(!ran.stderr.contains('\x1b'));
    regkb(&["check", "--color", "sometimes"]).status(2);
}

#[test]
fn deny_warnings_fails_check_run_and_test() {
    let warnings = "tests/diagnostics/warnings.kb";
    let ran = regkb(&["check", "--no-default-kb", "--deny-warnings", warnings]).status(1);
    assert!(
        ran.stderr
            .ends_with("3 errors (3 warnings denied), 0 warnings\n"),
        "{}",
        ran.stderr
    );
    assert!(
        ran.stderr.contains("error[undefined-predicate]"),
        "{}",
        ran.stderr
    );
    assert!(
        ran.stderr
            .contains("= note: this warning is an error because of `--deny-warnings`"),
        "{}",
        ran.stderr
    );
    // Without it, the same file passes.
    regkb(&["check", "--no-default-kb", warnings]).status(0);

    // `run` answers nothing.
    let batch = "p(X) :- q(X).\n?- p(a).\n";
    let ran = regkb(&["run", "--no-default-kb", "--deny-warnings", "-"])
        .stdin(batch)
        .status(1);
    assert_eq!(ran.stdout, "");
    assert!(
        ran.stderr.contains("error[undefined-predicate]"),
        "{}",
        ran.stderr
    );
    let ran = regkb(&["run", "--no-default-kb", "-"])
        .stdin(batch)
        .status(0);
    assert_eq!(ran.stdout, "?- p(a).\nfalse.\n");
    // In JSON the denied warning is an error.
    let ran = regkb(&[
        "--no-default-kb",
        "--deny-warnings",
        "--error-format",
        "json",
    ])
    .stdin(batch)
    .status(1);
    assert_eq!(json_lines(&ran)[0]["severity"], "error");

    // `test`: a case without queries passes, but its warning is denied.
    let dir = scratch("deny-test");
    let file = dir.join("t.kbtest");
    write(&file, "test \"no queries\" {\n    p(a).\n}\n");
    let file = file.to_str().unwrap();
    let ran = regkb(&["test", "--no-default-kb", "--deny-warnings", file]).status(1);
    assert_eq!(ran.stdout, "1 passed, 0 failed, 1 warning denied\n");
    assert!(
        ran.stderr.contains("error[case-without-queries]"),
        "{}",
        ran.stderr
    );
    regkb(&["test", "--no-default-kb", file]).status(0);

    // A warning about a case's own clause, shown once though the file's
    // shared clause is checked with both cases, and denied.
    let file = dir.join("own.kbtest");
    write(
        &file,
        "@override product(x).\ntest \"one\" {\n    ?- product(x).\n    => true.\n}\ntest \"two\" {\n    ?- product(y).\n    => false.\n}\n",
    );
    let file = file.to_str().unwrap();
    let ran = regkb(&["test", file]).status(0);
    assert_eq!(ran.stdout, "2 passed, 0 failed\n");
    assert_eq!(
        ran.stderr.matches("warning[needless-override]").count(),
        1,
        "{}",
        ran.stderr
    );
    let ran = regkb(&["test", "--deny-warnings", file]).status(1);
    assert_eq!(ran.stdout, "2 passed, 0 failed, 1 warning denied\n");
    assert!(
        ran.stderr.contains("error[needless-override]"),
        "{}",
        ran.stderr
    );
}

#[test]
fn completions_for_each_shell() {
    // (shell, a line its script must have)
    let cases = [
        ("bash", "_regkb()"),
        ("zsh", "#compdef regkb"),
        ("fish", "complete -c regkb"),
        ("powershell", "Register-ArgumentCompleter"),
    ];
    for (shell, want) in cases {
        let ran = regkb(&["completions", shell]).status(0);
        assert!(ran.stdout.contains(want), "{shell}:\n{}", ran.stdout);
        assert!(
            ran.stdout.contains("deny-warnings"),
            "{shell}: the global flags"
        );
        assert_eq!(ran.stderr, "");
    }
    let ran = regkb(&["completions", "tcsh"]).status(2);
    assert!(ran.stderr.contains("tcsh"), "{}", ran.stderr);
    regkb(&["completions"]).status(2);
}

#[test]
fn man_page_is_roff() {
    let ran = regkb(&["man"]).status(0);
    assert!(ran.stdout.contains(".TH regkb 1"), "{}", ran.stdout);
    assert!(ran.stdout.contains(".SH NAME"), "{}", ran.stdout);
    for word in ["completions", "preds", "error\\-format", "deny\\-warnings"] {
        assert!(ran.stdout.contains(word), "`{word}` in\n{}", ran.stdout);
    }
    // The page of a command, as the main page's SUBCOMMANDS name it.
    assert!(ran.stdout.contains("regkb\\-run(1)"), "{}", ran.stdout);
    let ran = regkb(&["man", "run"]).status(0);
    assert!(ran.stdout.contains(".TH regkb-run 1"), "{}", ran.stdout);
    assert!(ran.stdout.contains("explain\\-limit"), "{}", ran.stdout);
    regkb(&["man", "nope"]).status(2);
}

/// A tree of fixture files over `tests/fixture_runner/base.kb`, each with
/// one failing case so the report shows the order the files ran in.
fn fixture_tree(name: &str) -> PathBuf {
    let dir = scratch(name);
    let case = |n: &str| {
        format!(
            "test \"{n} passes\" {{\n    ?- recognised(de).\n    => true.\n}}\n\
             test \"{n} fails\" {{\n    ?- recognised(xx).\n    => true.\n}}\n"
        )
    };
    write(&dir.join("tree/b.kbtest"), &case("b"));
    write(&dir.join("tree/a/z.kbtest"), &case("az"));
    write(&dir.join("tree/a/notes.txt"), "not a fixture");
    write(&dir.join("tree/c.kbtest.bak"), "not a fixture either");
    write(&dir.join("elsewhere/x.kbtest"), &case("x"));
    #[cfg(unix)]
    std::os::unix::fs::symlink(dir.join("elsewhere"), dir.join("tree/linked")).unwrap();
    dir
}

/// The `FAIL` lines' file names, in order.
fn failing_files(ran: &Ran) -> Vec<String> {
    ran.stdout
        .lines()
        .filter_map(|l| l.strip_prefix("FAIL "))
        .map(|l| l.split(':').next().unwrap().to_string())
        .collect()
}

#[test]
fn test_runs_folders_recursively_sorted_without_following_links() {
    let dir = fixture_tree("folders");
    // The scratch folder is the working directory: name the base fully.
    let base_abs = crate::support::root().join("tests/fixture_runner/base.kb");
    let ran = regkb(&["test", "--kb", base_abs.to_str().unwrap(), "tree"])
        .dir(&dir)
        .status(1);
    assert_eq!(
        failing_files(&ran),
        ["tree/a/z.kbtest", "tree/b.kbtest"],
        "{}",
        ran.stdout
    );
    assert!(
        ran.stdout.ends_with("2 passed, 2 failed\n"),
        "{}",
        ran.stdout
    );
    // A folder and a file in it: each file runs once.
    let ran = regkb(&[
        "test",
        "--kb",
        base_abs.to_str().unwrap(),
        "tree/b.kbtest",
        "tree",
    ])
    .dir(&dir)
    .status(1);
    assert_eq!(failing_files(&ran), ["tree/b.kbtest", "tree/a/z.kbtest"]);
    // A link named on the command line is followed.
    let ran = regkb(&["test", "--kb", base_abs.to_str().unwrap(), "tree/linked"])
        .dir(&dir)
        .status(1);
    assert_eq!(failing_files(&ran), ["tree/linked/x.kbtest"]);
}

#[test]
fn a_folder_without_fixtures_is_an_error() {
    let dir = scratch("empty-tests");
    write(&dir.join("sub/readme.txt"), "nothing here");
    let ran = regkb(&["test", "--no-default-kb", dir.to_str().unwrap()]).status(1);
    assert_eq!(
        ran.stderr.trim_end(),
        format!(
            "error[no-fixture-files]: `{}` holds no `.kbtest` files",
            dir.display()
        )
    );
    assert_eq!(ran.stdout, "0 passed, 1 failed\n");
    // A file that cannot be read is reported once, filter or not.
    let ran = regkb(&["test", "--no-default-kb", "--filter", "x", "no/such.kbtest"]).status(1);
    assert_eq!(
        ran.stderr.trim_end(),
        "error[read-error]: cannot read `no/such.kbtest`: no such file"
    );
    assert_eq!(ran.stdout, "0 passed, 1 failed, 0 filtered out\n");
}

#[test]
fn test_filter_runs_matching_cases_only() {
    let dir = fixture_tree("filter");
    let base = crate::support::root().join("tests/fixture_runner/base.kb");
    let base = base.to_str().unwrap();
    let run = |filter: &str, status| {
        regkb(&["test", "--kb", base, "--filter", filter, "tree"])
            .dir(&dir)
            .status(status)
    };
    let ran = run("passes", 0);
    assert_eq!(ran.stdout, "2 passed, 0 failed, 2 filtered out\n");
    let ran = run("az", 1);
    assert_eq!(failing_files(&ran), ["tree/a/z.kbtest"]);
    assert!(
        ran.stdout.ends_with("1 passed, 1 failed, 2 filtered out\n"),
        "{}",
        ran.stdout
    );
    // Names are compared as written: this matches nothing, an error.
    let ran = run("PASSES", 1);
    assert!(
        ran.stderr
            .starts_with("error[no-matching-cases]: no case name contains `PASSES`\n"),
        "{}",
        ran.stderr
    );
    assert!(
        ran.stderr.contains("the names of the 4 cases read"),
        "{}",
        ran.stderr
    );
    assert_eq!(ran.stdout, "0 passed, 0 failed, 4 filtered out\n");
}

#[test]
fn preds_lists_with_a_filter_as_text_and_json() {
    let base = "tests/fixture_runner/base.kb";
    let ran = regkb(&["preds", "--kb", base]).status(0);
    assert_eq!(
        ran.stdout,
        concat!(
            "class/2              input\n",
            "ma_in/2              input\n",
            "notifiable/1                notifiable(P): authorised in a recognised country and not a vaccine.\n",
            "product/1            input\n",
            "recognised/1\n",
            "requires_approval/1\n",
        )
    );
    // By name or doc, ignoring case.
    let ran = regkb(&["preds", "--kb", base, "VACCINE"]).status(0);
    assert!(ran.stdout.starts_with("notifiable/1"), "{}", ran.stdout);
    assert_eq!(ran.stdout.lines().count(), 1);
    let ran = regkb(&["preds", "--kb", base, "--format", "json", "a"]).status(0);
    let rows: Vec<Value> = ran
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 4, "{}", ran.stdout);
    assert_eq!(
        rows[0],
        serde_json::json!({"name": "class", "arity": 2, "input": true, "doc": null})
    );
    assert_eq!(
        rows[2]["doc"],
        "notifiable(P): authorised in a recognised country and not a vaccine."
    );
    let ran = regkb(&["preds", "--kb", base, "no_such_word"]).status(1);
    assert!(
        ran.stderr.starts_with(
            "error[no-matching-predicates]: no predicate's name or doc contains `no_such_word`"
        ),
        "{}",
        ran.stderr
    );
}

#[test]
fn preds_of_the_embedded_knowledge_base_give_first_sentences() {
    let ran = regkb(&["preds", "--format", "json", "class"]).status(0);
    let class: Value = ran
        .stdout
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .find(|v| v["name"] == "class")
        .expect("class/2 is listed");
    assert_eq!(class["input"], true);
    assert_eq!(class["arity"], 2);
    let doc = class["doc"].as_str().unwrap();
    assert!(
        doc.starts_with("class(P, K): product P belongs to"),
        "{doc}"
    );
    assert!(doc.ends_with("cannabis."), "only the first sentence: {doc}");
    let ran = regkb(&["preds", "notifiable"]).status(0);
    assert!(
        ran.stdout.lines().any(|l| l.starts_with("notifiable/1 ")),
        "{}",
        ran.stdout
    );
    // A knowledge base with errors is reported, not listed.
    let ran = regkb(&["preds", "--kb", "tests/diagnostics/arity_mismatch.kb"]).status(1);
    assert!(ran.stderr.contains("error[arity-mismatch]"));
    assert_eq!(ran.stdout, "");
}

#[test]
fn help_names_the_prompt_and_version_the_sources() {
    let ran = regkb(&["--help"]).status(0);
    assert!(
        ran.stdout
            .contains("`regkb` alone opens the interactive prompt"),
        "{}",
        ran.stdout
    );
    for flag in [
        "--error-format",
        "--color",
        "--deny-warnings",
        "completions",
        "man",
        "preds",
    ] {
        assert!(ran.stdout.contains(flag), "`{flag}` in --help");
    }
    let ran = regkb(&["--version"]).status(0);
    let first = ran.stdout.lines().next().unwrap();
    assert_eq!(first, format!("regkb {}", env!("CARGO_PKG_VERSION")));
    for source in [
        "000_1fae4f2c24973656.txt",
        "001_002843889124a68f.txt",
        "002_4881ea7ee91ffc5b.txt",
        "003_fcaed5ba9eb3a9ff.txt",
        "004_94d76c5959ea871d.txt",
    ] {
        assert!(ran.stdout.contains(source), "{source} in\n{}", ran.stdout);
    }
    for date in [
        "2016-08-11",
        "2020-03-18",
        "2021-02-19",
        "2022-05-18",
        "2024",
    ] {
        assert!(ran.stdout.contains(date), "{date} in\n{}", ran.stdout);
    }
    // `-V` is the short form: the version alone.
    let ran = regkb(&["-V"]).status(0);
    assert_eq!(ran.stdout, format!("regkb {}\n", env!("CARGO_PKG_VERSION")));
}

/// The prompt in a pseudo-terminal with `--color WHEN` (and `NO_COLOR`
/// set or not): what it printed after `?- pa` was typed and answered.
#[cfg(unix)]
fn prompt_output(color: &str, no_color: bool) -> String {
    use expectrl::{ControlCode, Eof, Expect};
    let dir = scratch(&format!("prompt-{color}-{no_color}"));
    write(
        &dir.join("small.kb"),
        "edge(1, 2). edge(2, 3).\npath(X, Y) :- edge(X, Y).\n",
    );
    std::fs::create_dir_all(dir.join("state")).unwrap();
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_regkb"));
    cmd.args(["--no-default-kb", "--color", color, "repl", "small.kb"])
        .current_dir(&dir)
        .env("TERM", "xterm")
        .env("XDG_STATE_HOME", dir.join("state"))
        .env_remove("NO_COLOR");
    if no_color {
        cmd.env("NO_COLOR", "1");
    }
    let mut p = expectrl::session::OsSession::spawn(cmd).expect("spawn regkb in a pty");
    p.set_expect_timeout(Some(std::time::Duration::from_secs(15)));
    p.expect("regkb> ").expect("the prompt");
    p.send("?- pa").unwrap();
    p.send("th(1, X).\r").unwrap();
    let found = p.expect("1 row").expect("the answer");
    let out = String::from_utf8_lossy(found.before()).into_owned();
    p.expect("regkb> ").expect("the prompt again");
    p.send(ControlCode::EndOfTransmission).unwrap();
    let _ = p.expect(Eof);
    out
}

#[cfg(unix)]
#[test]
fn the_prompt_colours_as_the_flag_says() {
    // A predicate name is drawn in blue when colours are on.
    let blue = "\x1b[34m";
    assert!(prompt_output("always", false).contains(blue), "always");
    // `always` beats NO_COLOR, as it does for diagnostics.
    assert!(
        prompt_output("always", true).contains(blue),
        "always with NO_COLOR"
    );
    assert!(
        !prompt_output("never", false).contains(blue),
        "never on a terminal"
    );
    assert!(
        prompt_output("auto", false).contains(blue),
        "auto on a terminal"
    );
    assert!(
        !prompt_output("auto", true).contains(blue),
        "auto with NO_COLOR"
    );
}

#[test]
fn unsorted_answers_are_the_same_rows_in_the_order_found() {
    let dir = scratch("unsorted");
    let file = dir.join("p.kb");
    write(
        &file,
        "e(3, 1). e(1, 2). e(2, 3). e(10, 4).\nt(X, Y) :- e(X, Y).\nt(X, Z) :- t(X, Y), e(Y, Z).\n?- t(X, Y).\n",
    );
    let path = file.to_str().unwrap();
    let sorted = regkb(&["run", "--no-default-kb", path]).status(0).stdout;
    let unsorted = regkb(&["run", "--no-default-kb", "--unsorted", path])
        .status(0)
        .stdout;
    let lines = |s: &str| {
        let mut l: Vec<String> = s.lines().map(str::to_string).collect();
        l.sort();
        l
    };
    assert_eq!(lines(&sorted), lines(&unsorted));
    assert_eq!(sorted.lines().count(), 1 + 10);
    // Sorted by value, column by column: 1 < 2 < 3 < 10.
    let xs: Vec<&str> = sorted
        .lines()
        .skip(1)
        .map(|l| &l[4..l.find(',').unwrap()])
        .collect();
    assert_eq!(xs, ["1", "1", "1", "2", "2", "2", "3", "3", "3", "10"]);
}
