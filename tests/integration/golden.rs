//! Golden programs (`tests/programs/*.kb` with `.out` text answers and
//! `.json` JSON lines) and golden diagnostics (`tests/diagnostics/*.kb`
//! with the full `.stderr` of `regkb check`).

use crate::support::{files, golden, regkb, root, runs_with_diagnostics};

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
    for (p, ran) in runs_with_diagnostics(&dir, "kb", &["check", "--no-default-kb"], 8) {
        golden(&p.with_extension("stderr"), &ran.stderr);
    }
}

#[test]
fn explanations_render_as_recorded() {
    let dir = root().join("tests/explain");
    let mut inputs = files(&dir, "q");
    inputs.extend(files(&dir, "kb"));
    assert!(inputs.len() >= 7, "golden explanations missing");
    for p in inputs {
        let name = p.file_name().unwrap().to_str().unwrap();
        // `.q` files run on the shipped knowledge base, `.kb` files alone.
        let mut args = vec!["run"];
        if name.ends_with(".kb") {
            args.push("--no-default-kb");
        }
        args.push(name);
        let text = regkb(&args).dir(&dir).status(0);
        golden(&p.with_extension("txt"), &text.stdout);
        // In Norwegian, and in full (the short justification, then the
        // tree).
        let mut nb = args.clone();
        nb.splice(1..1, ["--lang", "nb"]);
        golden(
            &p.with_extension("nb.txt"),
            &regkb(&nb).dir(&dir).status(0).stdout,
        );
        let mut full = args.clone();
        full.splice(1..1, ["--explain-detail", "full"]);
        golden(
            &p.with_extension("full.txt"),
            &regkb(&full).dir(&dir).status(0).stdout,
        );
        let mut json_args = args.clone();
        json_args.insert(1, "--format");
        json_args.insert(2, "json");
        let json = regkb(&json_args).dir(&dir).status(0);
        golden(&p.with_extension("json"), &json.stdout);
        let mut explained = 0;
        for line in json.stdout.lines() {
            let v: serde_json::Value = serde_json::from_str(line).expect("each line is JSON");
            // Plain queries have no explanations; `why` and `whynot` do.
            let Some(list) = v["explanations"].as_array() else {
                continue;
            };
            explained += list.len();
            for e in list {
                let tree = &e["tree"];
                for key in ["goal", "rule", "source", "bindings", "children", "status"] {
                    assert!(tree.get(key).is_some(), "{name}: `{key}` missing");
                }
            }
        }
        assert!(explained > 0, "{name} explained nothing");
    }
}
