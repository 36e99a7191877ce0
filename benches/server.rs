//! Load on `regkb serve`: the typical product question (three facts, one
//! query) and the same with a why-not explanation, from 16 concurrent
//! clients over loopback, each with its own connection (ureq keeps it
//! alive). Prints requests per second and the p50 / p99 latency. Run with
//! `cargo bench --bench server` (it builds and starts the release binary).

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const CLIENTS: usize = 16;
const PER_CLIENT: usize = 500;

fn main() {
    let bin = env!("CARGO_BIN_EXE_regkb");
    let mut child = Command::new(bin)
        .args(["serve", "--addr", "127.0.0.1:0"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start regkb serve");
    let mut line = String::new();
    BufReader::new(child.stderr.take().unwrap())
        .read_line(&mut line)
        .expect("the address line");
    let base = line
        .trim()
        .trim_start_matches("regkb serving on ")
        .to_string();
    println!("regkb serve load bench: {bin}, {CLIENTS} clients, {PER_CLIENT} requests each\n");
    println!("| question | requests/s | p50 ms | p99 ms |");
    println!("|---|---:|---:|---:|");
    let cases = [
        (
            "product(p). ma_in(p, jp). class(p, vaccine). + notifiable(p)",
            r#"{"facts": "product(p). ma_in(p, jp). class(p, vaccine).", "queries": ["notifiable(p)"]}"#,
        ),
        (
            "the same, whynot notifiable(p)",
            r#"{"facts": "product(p). ma_in(p, jp). class(p, vaccine).", "queries": ["whynot notifiable(p)"]}"#,
        ),
    ];
    for (name, body) in cases {
        let url = format!("{base}/v1/ask");
        // Warm up.
        let agent: ureq::Agent = ureq::Agent::config_builder().build().into();
        for _ in 0..50 {
            agent.post(&url).send(body).expect("answers");
        }
        let start = Instant::now();
        let mut latencies: Vec<Duration> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..CLIENTS)
                .map(|_| {
                    let url = url.clone();
                    scope.spawn(move || {
                        let agent: ureq::Agent = ureq::Agent::config_builder().build().into();
                        let mut own = Vec::with_capacity(PER_CLIENT);
                        for _ in 0..PER_CLIENT {
                            let t = Instant::now();
                            let mut r = agent.post(&url).send(body).expect("answers");
                            let _ = r.body_mut().read_to_string().expect("a body");
                            own.push(t.elapsed());
                        }
                        own
                    })
                })
                .collect();
            handles
                .into_iter()
                .flat_map(|h| h.join().unwrap())
                .collect()
        });
        let wall = start.elapsed();
        latencies.sort();
        let n = latencies.len();
        println!(
            "| {name} | {:.0} | {:.2} | {:.2} |",
            n as f64 / wall.as_secs_f64(),
            latencies[n / 2].as_secs_f64() * 1000.0,
            latencies[n * 99 / 100].as_secs_f64() * 1000.0
        );
    }
    unsafe {
        libc::kill(child.id() as i32, libc::SIGTERM);
    }
    let _ = child.wait();
}
