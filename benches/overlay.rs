//! How long one product question takes once the knowledge base is built:
//! a scenario of three facts over the embedded knowledge base (shared, in
//! an `Arc`), checked, evaluated incrementally and asked one query, with
//! and without an explanation. Median and 99th percentile of many runs.
//! Run with `cargo bench --bench overlay`.

use regkb::engine::{Base, Options};
use std::sync::Arc;
use std::time::{Duration, Instant};

const FACTS: &str = "product(p). ma_in(p, jp). class(p, vaccine).";

fn measure(base: &Arc<Base>, facts: &str, query: &str, runs: usize) -> (Duration, Duration) {
    let options = Options::default();
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let t = Instant::now();
        let mut s = base.scenario();
        s.add_text("<facts>", facts).expect("facts check");
        let r = s.ask(query, &options).expect("answers");
        std::hint::black_box(r);
        times.push(t.elapsed());
    }
    times.sort();
    (times[runs / 2], times[runs * 99 / 100])
}

fn main() {
    let t = Instant::now();
    let base = Arc::new(Base::embedded(&Options::default().limits).expect("builds"));
    println!(
        "knowledge base built in {:.1} ms: {} predicates, {} facts, {} rules",
        t.elapsed().as_secs_f64() * 1000.0,
        base.program().preds.len(),
        base.program().facts.len(),
        base.program().rules.len()
    );
    println!("| question ({FACTS}) | median ms | p99 ms |");
    println!("|---|---:|---:|");
    let questions = [
        ("notifiable(p)", FACTS),
        ("?- why requires_approval(p).", FACTS),
        ("?- whynot notifiable(p).", FACTS),
        ("?- why notifiable(q).", "product(q). ma_in(q, de)."),
    ];
    for (q, facts) in questions {
        measure(&base, facts, q, 50);
        let (median, p99) = measure(&base, facts, q, 1000);
        println!(
            "| `{q}` over `{facts}` | {:.3} | {:.3} |",
            median.as_secs_f64() * 1000.0,
            p99.as_secs_f64() * 1000.0
        );
    }
}
