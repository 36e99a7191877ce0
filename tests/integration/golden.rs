//! Golden programs (`tests/programs/*.kb` with `.out` text answers and
//! `.json` JSON lines) and golden diagnostics (`tests/diagnostics/*.kb`
//! with the full `.stderr` of `regkb check`).

use crate::support::{files, golden, regkb, root};

#[test]
fn programs_answer_as_recorded() {
    let dir = root().join("tests/programs");
    let programs = files(&dir, "kb");
    assert!(programs.len() >= 8, "golden programs missing");
    for p in programs {
        let name = p.file_name().unwrap().to_str().unwrap();
        let text = regkb(&["run", "--no-default-kb", name]).dir(&dir).status(0);
        assert_eq!(text.stderr, "", "{name} warned");
        golden(&p.with_extension("out"), &text.stdout);
        let json = regkb(&["run", "--no-default-kb", "--format", "json", name])
            .dir(&dir)
            .status(0);
        golden(&p.with_extension("json"), &json.stdout);
        for line in json.stdout.lines() {
            let v: serde_json::Value = serde_json::from_str(line).expect("each line is JSON");
            assert!(v["query"].is_string() && v["columns"].is_array() && v["rows"].is_array());
            assert!(v["holds"].is_boolean());
        }
    }
}

#[test]
fn diagnostics_render_as_recorded() {
    let dir = root().join("tests/diagnostics");
    let inputs = files(&dir, "kb");
    assert!(inputs.len() >= 8, "golden diagnostics missing");
    for p in inputs {
        let name = p.file_name().unwrap().to_str().unwrap();
        let ran = regkb(&["check", "--no-default-kb", name]).dir(&dir).run();
        assert!(!ran.stderr.contains("panicked"), "{name} panicked");
        let has_error = ran.stderr.contains("error[");
        assert_eq!(
            ran.status,
            if has_error { 1 } else { 0 },
            "{name}: {}",
            ran.stderr
        );
        golden(&p.with_extension("stderr"), &ran.stderr);
    }
}
