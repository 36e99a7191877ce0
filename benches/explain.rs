//! How long explanations take on the shipped knowledge base: every `why` and
//! `whynot` query of `tests/explain/*.q`, answered and explained in process
//! (the knowledge base loaded and evaluated once per file), median of 20
//! runs each. Run with `cargo bench --bench explain`.

use regkb::check::QueryKind;
use regkb::kb::KnowledgeBase;
use regkb::output::{Respond, respond};
use std::path::PathBuf;
use std::time::Instant;

fn main() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/explain");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/explain")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "q"))
        .collect();
    files.sort();
    println!("| query | median ms | max ms |");
    println!("|---|---:|---:|");
    let mut worst = 0.0f64;
    for f in files {
        let mut kb = KnowledgeBase::new();
        kb.load_default();
        let first = kb.sources.len() as u32;
        kb.load_file(&f);
        let checked = kb.check();
        assert!(!checked.has_errors(), "{} has errors", f.display());
        let program = checked.program;
        let opts = Respond::default();
        let mut model = kb.evaluate(&program, &opts.limits).expect("evaluates");
        for q in program
            .queries
            .iter()
            .filter(|q| q.span.file.0 >= first && q.kind != QueryKind::Find)
        {
            let mut times = Vec::new();
            for _ in 0..20 {
                let t = Instant::now();
                respond(&mut kb, &program, &mut model, q, &opts).expect("explains");
                times.push(t.elapsed().as_secs_f64() * 1000.0);
            }
            times.sort_by(|a, b| a.total_cmp(b));
            let (median, max) = (times[times.len() / 2], times[times.len() - 1]);
            worst = worst.max(max);
            println!("| `{}` | {median:.2} | {max:.2} |", q.text);
        }
    }
    println!("\nslowest explanation: {worst:.2} ms (target: under 50 ms)");
}
