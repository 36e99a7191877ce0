//! Loading data files: the release binary reads 2,000,000 rows of three
//! columns (a product symbol, a country code, an integer) as facts, once
//! from a TSV file through `@facts` and once from a CSV file through
//! `--facts`, and counts them; the same facts written as a `.kb` file
//! are the comparison. Prints wall seconds (median of 3) and MB/s of the
//! input. Run with `cargo bench --bench data_files`.

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

const ROWS: usize = 2_000_000;
const COUNTRIES: [&str; 8] = ["jp", "us", "de", "se", "dk", "fr", "ca", "ch"];

fn run(dir: &Path, args: &[&str]) -> f64 {
    let mut times = Vec::new();
    for _ in 0..3 {
        let start = Instant::now();
        let out = Command::new(env!("CARGO_BIN_EXE_regkb"))
            .args([
                "run",
                "--no-default-kb",
                "--max-tuples",
                "100000000",
                "--timeout",
                "0",
            ])
            .args(args)
            .current_dir(dir)
            .output()
            .expect("run regkb");
        times.push(start.elapsed().as_secs_f64());
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success() && stdout.contains(&format!("C = {ROWS}")),
            "{stdout}{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    times.sort_by(f64::total_cmp);
    times[1]
}

fn main() {
    let dir = std::env::temp_dir().join(format!("regkb-data-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (mut tsv, mut csv, mut kb) = (
        String::from("product\tcountry\tyear\n"),
        String::from("product,country,year\n"),
        String::new(),
    );
    for i in 0..ROWS {
        let c = COUNTRIES[i % COUNTRIES.len()];
        let year = 1990 + (i * 7919) % 35;
        let _ = writeln!(tsv, "p_{i}\t{c}\t{year}");
        let _ = writeln!(csv, "p_{i},{c},{year}");
        let _ = writeln!(kb, "ma(p_{i},{c},{year}).");
    }
    let count = "?- C = count : { ma(_, _, _) }.\n";
    std::fs::write(dir.join("ma.tsv"), &tsv).unwrap();
    std::fs::write(dir.join("ma.csv"), &csv).unwrap();
    std::fs::write(
        dir.join("tsv.kb"),
        format!("@facts(ma, \"ma.tsv\").\n{count}"),
    )
    .unwrap();
    std::fs::write(dir.join("count.kb"), count).unwrap();
    std::fs::write(dir.join("inline.kb"), format!("{kb}{count}")).unwrap();
    println!(
        "loading {ROWS} rows of 3 columns: {}\n",
        env!("CARGO_BIN_EXE_regkb")
    );
    println!("| input | MB | median s | MB/s |");
    println!("|---|---:|---:|---:|");
    let mb = |n: usize| n as f64 / 1e6;
    for (what, bytes, args) in [
        ("TSV through `@facts`", tsv.len(), vec!["tsv.kb"]),
        (
            "CSV through `--facts ma=ma.csv`",
            csv.len(),
            vec!["--facts", "ma=ma.csv", "count.kb"],
        ),
        (
            "the same facts as a `.kb` file",
            kb.len(),
            vec!["inline.kb"],
        ),
    ] {
        let s = run(&dir, &args);
        println!(
            "| {what} | {:.1} | {s:.2} | {:.0} |",
            mb(bytes),
            mb(bytes) / s
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
