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
        // The explanations in words, in Norwegian too.
        let nb = regkb(&["run", "--lang", "nb", &path]).status(0);
        golden(&e.with_extension("nb.out"), &nb.stdout);
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

#[test]
fn every_source_document_is_cited_by_its_title() {
    // Every `@source` locator that names a seed's file ("NNN_….txt: …") is
    // cited through its `@document` (kb/sources.kb), and each of the five
    // documents has its title, kind and language.
    let base = regkb::Base::embedded(&Default::default()).expect("builds");
    let program = base.program();
    assert_eq!(program.documents.len(), 5, "{:?}", program.documents);
    for d in program.documents.iter() {
        assert!(!d.title.is_empty() && !d.cite.is_empty(), "{d:?}");
        assert!(d.kind.is_some() && d.language.is_some(), "{d:?}");
    }
    let mut seen = 0;
    for s in program.sources.iter() {
        let Some(l) = &s.locator else { continue };
        let names_a_seed = l.starts_with(|c: char| c.is_ascii_digit())
            && l.split(':').next().is_some_and(|f| f.ends_with(".txt"));
        if names_a_seed {
            seen += 1;
            let cite = program.cite(l);
            assert!(cite.is_some(), "no @document for `{l}`");
            assert!(!cite.unwrap().contains(".txt"), "{l}");
        }
    }
    assert!(seen > 50, "only {seen} sources name a seed");
    // Explanations cite the document; JSON keeps the file name too.
    let ran = regkb(&["run", "--format", "json", "-"])
        .stdin("product(p). ma_in(p, de).\n?- why notifiable(p).\n")
        .status(0);
    let v: serde_json::Value = serde_json::from_str(ran.stdout.trim()).unwrap();
    let source = &v["explanations"][0]["tree"]["source"];
    assert_eq!(
        source["cite"],
        "DMP: Godkjenningsfritak (veiledning), «Hvilke legemidler kan ekspederes direkte av apoteket – Positivlisten og Negativlisten»"
    );
    assert!(
        source["locator"]
            .as_str()
            .unwrap()
            .starts_with("004_94d76c5959ea871d.txt: "),
        "{source}"
    );
}

#[test]
fn regkb_sources_lists_the_documents() {
    let ran = regkb(&["sources"]).status(0);
    assert!(
        ran.stdout.starts_with(
            "DMP: Godkjenningsfritak (veiledning)\n  file: 004_94d76c5959ea871d.txt\n"
        ),
        "{}",
        ran.stdout
    );
    assert!(
        ran.stdout.contains("  updated: 2020-03-18\n"),
        "{}",
        ran.stdout
    );
    let ran = regkb(&["sources", "--format", "json"]).status(0);
    let lines: Vec<serde_json::Value> = ran
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON lines"))
        .collect();
    assert_eq!(lines.len(), 5);
    assert_eq!(lines[0]["published"], "2016-08-11");
    assert!(
        lines
            .iter()
            .all(|d| d["file"].is_string() && d["title"].is_string())
    );
    // A knowledge base that describes no documents lists none.
    let ran = regkb(&["sources", "--no-default-kb"]).status(0);
    assert_eq!(ran.stdout, "");
}
