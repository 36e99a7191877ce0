//! Data files: `@facts(pred, "file.csv")` and `--facts PRED=FILE` load CSV
//! and TSV rows as facts, checked like any fact (a bad value is reported
//! at its row in the file, a bad row is never skipped); `--output
//! PRED=FILE` writes a relation back; reading them obeys the rules of
//! `@include`.

use crate::support::{golden, regkb, scratch};
use std::path::Path;

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

#[test]
fn rows_load_as_facts_and_relations_are_written_back() {
    let dir = scratch("data");
    write(
        &dir,
        "ma.csv",
        "product,country\nv1,jp\nv2,us\n\"v 3\",de\n",
    );
    write(&dir, "class.tsv", "product\tclass\nv1\tvaccine\n");
    write(
        &dir,
        "q.kb",
        "product(v1). product(v2). product(\"v 3\").\n@facts(ma_in, \"ma.csv\").\n@facts(class, \"class.tsv\").\n?- notifiable(P).\n",
    );
    let ran = regkb(&[
        "run",
        "q.kb",
        "--output",
        "notifiable=out.csv",
        "--output",
        "ma_in=ma.tsv",
    ])
    .dir(&dir)
    .status(0);
    // Sorted by code point: "v 3" before v2.
    assert_eq!(ran.stdout, "?- notifiable(P).\nP = \"v 3\"\nP = v2\n");
    assert_eq!(
        std::fs::read_to_string(dir.join("out.csv")).unwrap(),
        "P\nv 3\nv2\n"
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("ma.tsv")).unwrap(),
        "P\tC\nv 3\tde\nv1\tjp\nv2\tus\n"
    );
    // The same rows from the command line.
    write(
        &dir,
        "p.kb",
        "product(v1). product(v2).\n?- notifiable(P).\n?- requires_approval(P).\n",
    );
    let ran = regkb(&[
        "run",
        "p.kb",
        "--facts",
        "ma_in=ma.csv",
        "--facts",
        "class=class.tsv",
    ])
    .dir(&dir)
    .status(0);
    // (`v 3` has an MA in Germany: notifiable whether or not it is a product
    // of this file.)
    assert_eq!(
        ran.stdout,
        "?- notifiable(P).\nP = \"v 3\"\nP = v2\n\n?- requires_approval(P).\nP = v1\n"
    );
}

#[test]
fn bad_rows_and_values_are_reported_at_their_place() {
    let dir = scratch("data-bad");
    write(
        &dir,
        "ma.csv",
        "product,country\nv1,japna\nv2\nv3,\n\"v4,us\n",
    );
    write(
        &dir,
        "q.kb",
        "product(v1).\n@facts(ma_in, \"ma.csv\").\n?- notifiable(P).\n",
    );
    let ran = regkb(&["run", "q.kb"]).dir(&dir).status(1);
    golden(Path::new("tests/data_files/bad_rows.stderr"), &ran.stderr);
    assert!(ran.stdout.is_empty());
    // Options it does not take, and a predicate with a typo.
    write(
        &dir,
        "o.kb",
        "@facts(ma_in, \"ma.csv\", header: maybe).\n@facts(ma_in, \"ma.csv\", colour: red).\n",
    );
    let ran = regkb(&["check", "o.kb"]).dir(&dir).status(1);
    assert_eq!(
        ran.stderr.matches("error[bad-option]").count(),
        2,
        "{}",
        ran.stderr
    );
    write(&dir, "good.csv", "product,country\nv1,jp\n");
    write(&dir, "t.kb", "@facts(ma_inn, \"good.csv\").\n");
    let ran = regkb(&["check", "t.kb"]).dir(&dir).status(1);
    assert!(
        ran.stderr.contains("error[unknown-predicate]"),
        "{}",
        ran.stderr
    );
    assert!(
        ran.stderr.contains("did you mean `ma_in/2`?"),
        "{}",
        ran.stderr
    );
}

#[test]
fn data_files_are_read_under_the_rules_of_include() {
    let dir = scratch("data-rules");
    std::fs::create_dir_all(dir.join("inner")).unwrap();
    write(&dir, "secret.csv", "a,b\n1,2\n");
    write(
        &dir,
        "inner/q.kb",
        "@facts(p, \"../secret.csv\").\n?- p(X, Y).\n",
    );
    let ran = regkb(&["run", "--no-default-kb", "inner/q.kb"])
        .dir(&dir)
        .status(1);
    assert!(
        ran.stderr.contains("error[include-outside-root]"),
        "{}",
        ran.stderr
    );
    write(&dir, "inner/ok.csv", "a,b\n1,2\n");
    write(&dir, "inner/r.kb", "@facts(p, \"ok.csv\").\n?- p(X, Y).\n");
    let ran = regkb(&["run", "--no-default-kb", "--no-includes", "inner/r.kb"])
        .dir(&dir)
        .status(1);
    assert!(
        ran.stderr.contains("error[include-not-allowed]"),
        "{}",
        ran.stderr
    );
    let ran = regkb(&["run", "--no-default-kb", "inner/r.kb"])
        .dir(&dir)
        .status(0);
    assert_eq!(ran.stdout, "?- p(X,Y).\nX = 1, Y = 2\n");
    // Not in fixtures (they load data with `--kb`), nor at the prompt.
    write(
        &dir,
        "inner/f.kbtest",
        "@facts(p, \"ok.csv\").\ntest \"t\" { ?- p(1, 2). => true. }\n",
    );
    let ran = regkb(&["test", "--no-default-kb", "inner/f.kbtest"])
        .dir(&dir)
        .status(1);
    assert!(
        ran.stderr
            .contains("`@facts` is not allowed in a fixture file"),
        "{}",
        ran.stderr
    );
}
