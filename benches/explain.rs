//! How long explanations take on the shipped knowledge base: every `why` and
//! `whynot` query of `tests/explain/*.q`, answered and explained in process
//! as a scenario over the knowledge base (evaluated once), median of 20
//! runs each. Run with `cargo bench --bench explain`.

use regkb::check::QueryKind;
use regkb::engine::{Base, Options};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

fn main() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/explain");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/explain")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "q"))
        .collect();
    files.sort();
    let options = Options::default();
    let base = Arc::new(Base::embedded(&options.limits).expect("the knowledge base builds"));
    println!("| query | median ms | max ms |");
    println!("|---|---:|---:|");
    let mut worst = 0.0f64;
    for f in files {
        let mut scenario = base.scenario();
        scenario.load_file(&f);
        scenario.check().expect("checks");
        scenario.evaluate(&options.limits).expect("evaluates");
        for i in 0..scenario.queries().len() {
            if scenario.queries()[i].kind == QueryKind::Find {
                continue;
            }
            let text = scenario.queries()[i].text.clone();
            let mut times = Vec::new();
            for _ in 0..20 {
                let t = Instant::now();
                scenario.answer_at(i, &options).expect("explains");
                times.push(t.elapsed().as_secs_f64() * 1000.0);
            }
            times.sort_by(|a, b| a.total_cmp(b));
            let (median, max) = (times[times.len() / 2], times[times.len() - 1]);
            worst = worst.max(max);
            println!("| `{text}` | {median:.2} | {max:.2} |");
        }
    }
    println!("\nslowest explanation: {worst:.2} ms (target: under 50 ms)");
}
