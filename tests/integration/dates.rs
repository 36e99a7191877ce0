//! The law over time: programs of `tests/dates/` answered as of each date
//! their `% as of:` line lists (`.kb` files alone, `.q` files on the shipped
//! knowledge base), text in `NAME.out` and JSON lines in `NAME.json`, one
//! `## as of DATE` section a date; and what a date does to each kind of
//! answer.

use crate::support::{files, golden, regkb, root};

/// The dates of a program's `% as of: D1 D2 ...` line.
fn dates_of(text: &str) -> Vec<String> {
    let line = text
        .lines()
        .find_map(|l| l.strip_prefix("% as of:"))
        .expect("a `% as of:` line");
    line.split_whitespace().map(str::to_string).collect()
}

#[test]
fn programs_answer_as_of_each_date() {
    let dir = root().join("tests/dates");
    let mut inputs = files(&dir, "kb");
    inputs.extend(files(&dir, "q"));
    assert!(!inputs.is_empty(), "dated programs missing");
    for p in inputs {
        let name = p.file_name().unwrap().to_str().unwrap();
        let text = std::fs::read_to_string(&p).unwrap();
        let (mut out, mut json) = (String::new(), String::new());
        for date in dates_of(&text) {
            let mut args = vec!["run", "--as-of", &date];
            if name.ends_with(".kb") {
                args.push("--no-default-kb");
            }
            args.push(name);
            let ran = regkb(&args).dir(&dir).status(0);
            assert_eq!(ran.stderr, "", "{name} as of {date} warned");
            out.push_str(&format!("## as of {date}\n{}\n", ran.stdout));
            args.insert(1, "--format");
            args.insert(2, "json");
            let ran = regkb(&args).dir(&dir).status(0);
            for line in ran.stdout.lines() {
                let v: serde_json::Value = serde_json::from_str(line).expect("JSON lines");
                assert_eq!(v["as_of"], date.as_str(), "{name}: {line}");
            }
            json.push_str(&format!("## as of {date}\n{}", ran.stdout));
        }
        golden(&p.with_extension("out"), &out);
        golden(&p.with_extension("json"), &json);
    }
}

#[test]
fn a_dated_rule_answers_differently_before_and_after_its_date() {
    let program = "@valid(from: 2017-07-01) p(a).\nq(X) :- p(X).\n?- q(a).\n?- as_of(D).\n";
    // (date, answer of `q(a)`, the date `as_of` gives).
    let cases = [
        ("2017-06-30", "false.", "D = 2017-06-30"),
        ("2017-07-01", "true.", "D = 2017-07-01"),
        ("2030-01-01", "true.", "D = 2030-01-01"),
    ];
    for (date, q, d) in cases {
        let ran = regkb(&["run", "--no-default-kb", "--as-of", date, "-"])
            .stdin(program)
            .status(0);
        assert_eq!(
            ran.stdout,
            format!("?- q(a).\n{q}\n\n?- as_of(D).\n{d}\n"),
            "as of {date}"
        );
    }
}

/// Today's date by the system clock, computed here (Howard Hinnant's
/// civil-from-days) so that the test does not use the code it tests.
fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let z = (secs / 86_400) as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

#[test]
fn the_default_date_is_today() {
    use std::io::Write;
    let before = today();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_regkb"))
        .args(["run", "--no-default-kb", "--format", "json", "-"])
        .env_remove("REGKB_AS_OF")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"?- as_of(D).\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let after = today();
    let line = String::from_utf8(out.stdout).unwrap();
    let v: serde_json::Value = serde_json::from_str(line.trim()).unwrap();
    // Midnight may pass between the readings of the clock.
    assert!(
        v["as_of"] == before.as_str() || v["as_of"] == after.as_str(),
        "{line} (today is {before})"
    );
    assert_eq!(v["rows"][0][0], v["as_of"], "{line}");
}

#[test]
fn fixture_cases_are_asked_as_of_their_date() {
    let dir = crate::support::scratch("dated-fixtures");
    let path = dir.join("d.kbtest");
    std::fs::write(
        &path,
        "@valid(from: 2017-07-01) needs(h).\n\
         test \"before\" @as_of(2017-06-30) {\n    ?- needs(h).\n    => false.\n}\n\
         test \"on the day\" @as_of(2017-07-01) {\n    ?- needs(h).\n    => true.\n    ?- as_of(D).\n    => D = 2017-07-01.\n}\n\
         test \"undated: as of --as-of\" {\n    ?- needs(h).\n    => true.\n}\n",
    )
    .unwrap();
    let path = path.to_str().unwrap();
    let ran = regkb(&["test", "--no-default-kb", path]).status(0);
    assert_eq!(ran.stdout, "3 passed, 0 failed\n");
    let ran = regkb(&["test", "--no-default-kb", "--as-of", "2010-01-01", path]).status(1);
    assert!(
        ran.stdout
            .contains("\"undated: as of --as-of\": ?- needs(h). expected true, got false"),
        "{}",
        ran.stdout
    );
    assert!(
        ran.stdout.ends_with("2 passed, 1 failed\n"),
        "{}",
        ran.stdout
    );
}
