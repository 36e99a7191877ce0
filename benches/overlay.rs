//! How long one product question takes once the knowledge base is built:
//! a scenario of three facts over the embedded knowledge base (shared, in
//! an `Arc`), checked, evaluated incrementally and asked one query, with
//! and without an explanation; a timeline (`?- when`), which evaluates the
//! program once per span between its clauses' dates; and the knowledge
//! base evaluated again as of another date (`Base::at`). Median and 99th
//! percentile of many runs. Run with `cargo bench --bench overlay`.

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
    let homeopathic = "product(h). class(h, homeopathic). homeopathic_registration_in(h, de).";
    let questions = [
        ("notifiable(p)", FACTS),
        ("?- why requires_approval(p).", FACTS),
        ("?- whynot notifiable(p).", FACTS),
        ("?- why notifiable(q).", "product(q). ma_in(q, de)."),
        ("?- when notifiable(h).", homeopathic),
        ("?- when exemption_status(h, S).", homeopathic),
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
    // As of another date: the base evaluated again, no check.
    let limits = Options::default().limits;
    let day = regkb::value::Date::parse("2018-03-01").expect("a date");
    let mut times: Vec<Duration> = (0..200)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(base.at(day, &limits).expect("evaluates"));
            t.elapsed()
        })
        .collect();
    times.sort();
    println!(
        "| the knowledge base as of {day} (`Base::at`) | {:.3} | {:.3} |",
        times[100].as_secs_f64() * 1000.0,
        times[198].as_secs_f64() * 1000.0
    );
}
