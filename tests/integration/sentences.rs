//! Answers and explanations in words: the programs of `tests/sentences/`
//! (`.kb` files alone, `.q` files on the shipped knowledge base) answered
//! in Norwegian and in English, short (`NAME.nb.txt`, `NAME.en.txt`) and in
//! full with the tree (`NAME.full.txt`, English), and as JSON lines with
//! the sentences (`NAME.json`, Norwegian).

use crate::support::{files, golden, regkb, root};

#[test]
fn explanations_read_as_recorded_in_both_languages() {
    let dir = root().join("tests/sentences");
    let mut inputs = files(&dir, "kb");
    inputs.extend(files(&dir, "q"));
    assert!(!inputs.is_empty(), "programs with sentences missing");
    for p in inputs {
        let name = p.file_name().unwrap().to_str().unwrap();
        let run = |extra: &[&str]| {
            let mut args = vec!["run"];
            if name.ends_with(".kb") {
                args.push("--no-default-kb");
            }
            args.extend(extra);
            args.push(name);
            let ran = regkb(&args).dir(&dir).status(0);
            assert_eq!(ran.stderr, "", "{name} {extra:?} warned");
            ran.stdout
        };
        golden(&p.with_extension("nb.txt"), &run(&["--lang", "nb"]));
        golden(&p.with_extension("en.txt"), &run(&["--lang", "en"]));
        golden(
            &p.with_extension("full.txt"),
            &run(&["--lang", "en", "--explain-detail", "full"]),
        );
        let json = run(&["--lang", "nb", "--format", "json"]);
        for line in json.lines() {
            let v: serde_json::Value = serde_json::from_str(line).expect("JSON lines");
            for e in v["explanations"].as_array().into_iter().flatten() {
                if let Some(short) = e.get("short") {
                    assert!(short["answer"].is_string(), "{name}: {line}");
                    assert!(short["reasons"].is_array(), "{name}: {line}");
                }
            }
        }
        golden(&p.with_extension("json"), &json);
    }
}

#[test]
fn the_language_comes_from_the_locale_unless_asked() {
    let dir = root().join("tests/sentences");
    let words = |lang_env: &str, args: &[&str]| {
        let mut all = vec!["run", "--no-default-kb"];
        all.extend(args);
        all.push("positive_list.kb");
        regkb(&all).dir(&dir).env("LANG", lang_env).status(0).stdout
    };
    let nb = "v kan ikke ekspederes direkte av apoteket.";
    let en = "v may not be dispensed directly by the pharmacy.";
    assert!(words("nb_NO.UTF-8", &[]).contains(nb));
    assert!(words("no_NO", &[]).contains(nb));
    assert!(words("en_GB.UTF-8", &[]).contains(en));
    assert!(words("C", &[]).contains(en));
    assert!(words("nb_NO.UTF-8", &["--lang", "en"]).contains(en));
    regkb(&["run", "--lang", "de", "-"]).stdin("").status(2);
}
