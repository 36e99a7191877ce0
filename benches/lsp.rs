//! How soon `regkb lsp` publishes diagnostics after a change: the release
//! binary on the embedded knowledge base, one open document (a product
//! scenario with a query), 300 changes alternating between a text with a
//! typo and one without; the time from writing `didChange` to reading the
//! document's `publishDiagnostics` of that version. Also a fixture file of
//! ten cases (every case is run on each change). Prints p50 / p99 / max.
//! Run with `cargo bench --bench lsp`. Target: under 50 ms.

use lsp_server::{Message, Notification, Request, RequestId};
use serde_json::{Value, json};
use std::io::{BufReader, Write};
use std::process::{ChildStdin, ChildStdout, Command, Stdio};
use std::time::{Duration, Instant};

const CHANGES: usize = 300;

struct Lsp {
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
}

impl Lsp {
    fn send(&mut self, m: Message) {
        m.write(&mut self.stdin).expect("write to regkb lsp");
        self.stdin.flush().unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(Message::Notification(Notification::new(
            method.into(),
            params,
        )));
    }

    /// Waits for the diagnostics of `uri` at `version`.
    fn diagnostics(&mut self, uri: &str, version: i64) -> usize {
        loop {
            match Message::read(&mut self.stdout).expect("read from regkb lsp") {
                Some(Message::Notification(n))
                    if n.method == "textDocument/publishDiagnostics"
                        && n.params["uri"] == uri
                        && n.params["version"] == version =>
                {
                    return n.params["diagnostics"].as_array().map_or(0, Vec::len);
                }
                Some(_) => {}
                None => panic!("regkb lsp closed its output"),
            }
        }
    }
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

fn measure(lsp: &mut Lsp, uri: &str, texts: [&str; 2], label: &str) {
    lsp.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "regkb", "version": 0, "text": texts[0]}}),
    );
    lsp.diagnostics(uri, 0);
    let mut times = Vec::with_capacity(CHANGES);
    for i in 1..=CHANGES {
        let text = texts[i % 2];
        let start = Instant::now();
        lsp.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": i}, "contentChanges": [{"text": text}]}),
        );
        let n = lsp.diagnostics(uri, i as i64);
        times.push(start.elapsed());
        assert_eq!(n > 0, i % 2 == 1, "the typo's diagnostic comes and goes");
    }
    times.sort();
    println!(
        "| {label} | {CHANGES} | {:.2} | {:.2} | {:.2} |",
        percentile(&times, 0.5),
        percentile(&times, 0.99),
        times.last().unwrap().as_secs_f64() * 1000.0
    );
}

/// Starts `regkb lsp` with `root` as its workspace and initializes it.
fn start(root: &std::path::Path, cache: &std::path::Path) -> (std::process::Child, Lsp) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_regkb"))
        .arg("lsp")
        .env("XDG_CACHE_HOME", cache)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start regkb lsp");
    let mut lsp = Lsp {
        stdin: child.stdin.take().unwrap(),
        stdout: BufReader::new(child.stdout.take().unwrap()),
    };
    lsp.send(Message::Request(Request::new(
        RequestId::from(1),
        "initialize".into(),
        json!({"processId": null, "rootUri": format!("file://{}", root.display()), "capabilities": {}}),
    )));
    loop {
        if let Some(Message::Response(_)) = Message::read(&mut lsp.stdout).unwrap() {
            break;
        }
    }
    lsp.notify("initialized", json!({}));
    (child, lsp)
}

fn stop(mut child: std::process::Child, mut lsp: Lsp) {
    lsp.send(Message::Request(Request::new(
        RequestId::from(2),
        "shutdown".into(),
        Value::Null,
    )));
    lsp.notify("exit", Value::Null);
    let _ = child.wait();
}

fn main() {
    let root = std::env::temp_dir().join(format!("regkb-lsp-bench-{}", std::process::id()));
    std::fs::create_dir_all(&root).unwrap();
    let root_uri = format!("file://{}", root.display());
    println!(
        "regkb lsp diagnostics after a change: {}\n",
        env!("CARGO_BIN_EXE_regkb")
    );
    println!("| document | changes | p50 ms | p99 ms | max ms |");
    println!("|---|---:|---:|---:|---:|");

    // On the embedded knowledge base.
    let (child, mut lsp) = start(&root, &root);
    let good = "product(p).\nclass(p, vaccine).\nma_in(p, jp).\n?- whynot notifiable(p).\n";
    let typo = "product(p).\nclas(p, vaccine).\nma_in(p, jp).\n?- whynot notifiable(p).\n";
    measure(
        &mut lsp,
        &format!("{root_uri}/case.q"),
        [good, typo],
        "`.q` file over the embedded knowledge base, 3 facts and a query",
    );
    let case = |i: usize, class: &str| {
        format!(
            "test \"case {i}\" {{\n    product(v{i}). {class}(v{i}, vaccine). ma_in(v{i}, jp).\n    ?- requires_approval(v{i}).\n    => true.\n}}\n"
        )
    };
    let good: String = (0..10).map(|i| case(i, "class")).collect();
    let typo: String = (0..10)
        .map(|i| case(i, if i == 9 { "clas" } else { "class" }))
        .collect();
    measure(
        &mut lsp,
        &format!("{root_uri}/cases.kbtest"),
        [&good, &typo],
        "fixture file, 10 cases run",
    );
    stop(child, lsp);

    // A file of the repository's kb/ folder: the whole knowledge base is
    // loaded, checked and evaluated again on each change.
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let (child, mut lsp) = start(repo, &root);
    let member = repo.join("kb/exemption.kb");
    let good = std::fs::read_to_string(&member).unwrap();
    let typo = good.replacen(
        "notifiable(P) :- notification_ground(P, _)",
        "notifiable(P) :- notification_grund(P, _)",
        1,
    );
    measure(
        &mut lsp,
        &format!("file://{}", member.display()),
        [&good, &typo],
        "`kb/exemption.kb` (the whole knowledge base again)",
    );
    stop(child, lsp);
    let _ = std::fs::remove_dir_all(&root);
}
