//! `regkb serve` driven over loopback with a real HTTP client (ureq): every
//! route, every error status, requests in parallel giving the answers of
//! `regkb run`, and a graceful shutdown on SIGTERM.

use crate::support::regkb;
use serde_json::{Value, json};
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

/// A server on a free loopback port, stopped when dropped.
pub(crate) struct Server {
    child: Child,
    pub(crate) base: String,
}

impl Server {
    pub(crate) fn start(extra: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_regkb"))
            .args(["serve", "--addr", "127.0.0.1:0"])
            .args(extra)
            .env("REGKB_AS_OF", crate::support::AS_OF)
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
            .strip_prefix("regkb serving on ")
            .unwrap_or_else(|| panic!("{line}"))
            .to_string();
        Server { child, base }
    }

    fn agent() -> ureq::Agent {
        ureq::Agent::config_builder()
            .http_status_as_error(false)
            .build()
            .into()
    }

    fn get(&self, path: &str) -> (u16, Value) {
        let mut r = Self::agent()
            .get(&format!("{}{path}", self.base))
            .call()
            .expect("a response");
        let status = r.status().as_u16();
        (status, r.body_mut().read_json().expect("JSON"))
    }

    fn post(&self, path: &str, body: &str) -> (u16, Value) {
        let mut r = Self::agent()
            .post(&format!("{}{path}", self.base))
            .header("content-type", "application/json")
            .send(body)
            .expect("a response");
        let status = r.status().as_u16();
        (status, r.body_mut().read_json().expect("JSON"))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn every_route_answers_as_documented() {
    let s = Server::start(&[]);
    assert_eq!(s.get("/health"), (200, json!({"status": "ok"})));

    // A vaccine authorised in Japan, in Norwegian, with the why-not.
    let (status, v) = s.post(
        "/v1/ask",
        r#"{"facts": "product(v). class(v, vaccine). ma_in(v, jp).", "queries": ["notifiable(v)", "whynot notifiable(v)"], "lang": "nb"}"#,
    );
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["as_of"], crate::support::AS_OF);
    assert_eq!(v["answers"][0]["holds"], false);
    let short = &v["answers"][1]["explanations"][0]["short"];
    assert_eq!(
        short["answer"],
        "Produktet v kan ikke ekspederes direkte av apoteket (notifiseres)."
    );
    assert!(
        short["reasons"][0]["text"]
            .as_str()
            .unwrap()
            .contains("negativlisten")
    );

    // Facts as objects, as of a date.
    let (status, v) = s.post(
        "/v1/ask",
        r#"{"facts": [{"pred": "product", "args": ["p"]}, {"pred": "ma_in", "args": ["p", "us"]}], "queries": ["notifiable(p)"], "as_of": "2018-01-01"}"#,
    );
    assert_eq!(status, 200, "{v}");
    assert_eq!(
        (v["as_of"].clone(), v["answers"][0]["holds"].clone()),
        (json!("2018-01-01"), json!(true))
    );

    let (status, v) = s.get("/v1/predicates");
    assert_eq!(status, 200);
    let list = v["predicates"].as_array().unwrap();
    assert!(
        list.iter()
            .any(|p| p["name"] == "notifiable" && p["arity"] == 1)
    );

    let (status, v) = s.get("/v1/predicates/ma_in");
    assert_eq!(status, 200, "{v}");
    assert_eq!(
        (v["arity"].clone(), v["input"].clone()),
        (json!(2), json!(true))
    );
    assert_eq!(v["domains"], json!([null, "country"]));
    assert!(v["sentences"].as_array().unwrap().len() >= 4, "{v}");

    let (status, v) = s.get("/v1/predicates/notifiable");
    assert_eq!(status, 200, "{v}");
    let cite = v["sources"][0]["cite"].as_str().unwrap_or_default();
    assert!(
        cite.starts_with("DMP: Godkjenningsfritak (veiledning), «"),
        "{v}"
    );

    let (status, v) = s.get("/v1/sources");
    assert_eq!(status, 200);
    assert_eq!(v["sources"].as_array().unwrap().len(), 5);
}

#[test]
fn the_question_page_is_served_with_its_script_and_style_and_a_strict_policy() {
    let s = Server::start(&[]);
    for (path, kind, needle) in [
        ("/", "text/html", "<form id=\"ask-form\""),
        ("/page/page.js", "text/javascript", "/v1/ask"),
        ("/page/page.css", "text/css", "#verdict"),
    ] {
        let mut r = Server::agent()
            .get(&format!("{}{path}", s.base))
            .call()
            .expect("a response");
        assert_eq!(r.status().as_u16(), 200, "{path}");
        let header = |name: &str| {
            r.headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_string()
        };
        assert!(header("content-type").starts_with(kind), "{path}");
        let policy = header("content-security-policy");
        assert!(policy.contains("default-src 'none'"), "{path}: {policy}");
        assert!(policy.contains("script-src 'self'"), "{path}: {policy}");
        let body = r.body_mut().read_to_string().expect("text");
        assert!(body.contains(needle), "{path}");
    }
    // The page fetches nothing from elsewhere.
    for text in [
        include_str!("../../src/server/page/index.html"),
        include_str!("../../src/server/page/page.js"),
        include_str!("../../src/server/page/page.css"),
    ] {
        assert!(!text.contains("http://") && !text.contains("https://"));
    }
}

#[test]
fn bad_requests_get_their_status_and_a_coded_error() {
    let s = Server::start(&["--max-body", "2000", "--max-tuples", "20000"]);
    // (body, status, code)
    let cases: &[(&str, u16, &str)] = &[
        ("{not json", 400, "bad-json"),
        (r#"{"queries": ["p"], "colour": 1}"#, 400, "bad-json"),
        (
            r#"{"queries": ["notifiable(p)"], "as_of": "2024-02-30"}"#,
            400,
            "bad-date",
        ),
        (
            r#"{"queries": ["notifiable(p)"], "lang": "de"}"#,
            400,
            "bad-lang",
        ),
        (
            r#"{"facts": [{"pred": "product", "args": [true]}], "queries": []}"#,
            400,
            "bad-fact",
        ),
        (
            r#"{"facts": "clas(p, vaccine).", "queries": ["notifiable(p)"]}"#,
            422,
            "unknown-predicate",
        ),
        (
            r#"{"facts": "product(p).", "queries": ["notifable(p)"]}"#,
            422,
            "unknown-predicate",
        ),
        (
            r#"{"facts": "@include \"/etc/passwd\".", "queries": []}"#,
            422,
            "include-not-allowed",
        ),
        (
            r#"{"facts": "n(0). n(X) :- n(Y), X = Y + 1.", "queries": ["n(5)"]}"#,
            503,
            "tuple-limit",
        ),
    ];
    for (body, status, code) in cases {
        let (got, v) = s.post("/v1/ask", body);
        assert_eq!(got, *status, "{body}: {v}");
        assert_eq!(v["error"]["code"], *code, "{body}: {v}");
    }
    // Diagnostics point into the request text.
    let (_, v) = s.post(
        "/v1/ask",
        r#"{"facts": "product(p).\nclas(p, vaccine).", "queries": []}"#,
    );
    assert_eq!(
        (
            v["diagnostics"][0]["line"].clone(),
            v["diagnostics"][0]["column"].clone()
        ),
        (json!(2), json!(1)),
        "{v}"
    );
    // Over the body limit.
    let big = format!(
        r#"{{"facts": "{}", "queries": []}}"#,
        "product(p). ".repeat(300)
    );
    let (got, v) = s.post("/v1/ask", &big);
    assert_eq!(
        (got, v["error"]["code"].clone()),
        (413, json!("body-too-large")),
        "{v}"
    );
    assert_eq!(s.get("/nowhere").0, 404);
    assert_eq!(
        s.get("/v1/predicates/no_such").1["error"]["code"],
        "unknown-predicate"
    );
    // And the server still answers.
    assert_eq!(s.get("/health").0, 200);
}

#[test]
fn requests_in_parallel_answer_as_regkb_run_does() {
    let s = Server::start(&[]);
    let facts = "product(p). ma_in(p, de). product(v). class(v, vaccine). ma_in(v, jp).";
    let queries = ["notifiable(p)", "notifiable(v)", "exemption_status(P, S)"];
    let expected: Vec<Value> = regkb(&["run", "--format", "json", "-"])
        .stdin(format!(
            "{facts}\n{}",
            queries.map(|q| format!("?- {q}.\n")).concat()
        ))
        .status(0)
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let body = json!({"facts": facts, "queries": queries}).to_string();
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..8)
            .map(|_| scope.spawn(|| s.post("/v1/ask", &body)))
            .collect();
        for h in handles {
            let (status, v) = h.join().unwrap();
            assert_eq!(status, 200);
            assert_eq!(v["answers"].as_array().unwrap(), &expected);
        }
    });
}

#[cfg(unix)]
#[test]
fn sigterm_stops_the_server_gracefully() {
    let mut s = Server::start(&[]);
    assert_eq!(s.get("/health").0, 200);
    unsafe {
        libc::kill(s.child.id() as i32, libc::SIGTERM);
    }
    let status = s.child.wait().expect("it ends");
    assert!(status.success(), "{status:?}");
}

#[test]
fn readme_curl_examples_answer_as_shown() {
    // Each ```curl block of the README with the ```json block after it: the
    // command's path and `-d` body sent to a server, its answer compared
    // with the JSON shown.
    let readme = std::fs::read_to_string(crate::support::root().join("README.md")).unwrap();
    let mut blocks: Vec<(String, String)> = Vec::new();
    let mut lines = readme.lines();
    while let Some(line) = lines.next() {
        let info = line.trim_start().strip_prefix("```").map(str::trim);
        if let Some(info) = info
            && !info.is_empty()
        {
            let body: Vec<&str> = lines.by_ref().take_while(|l| l.trim() != "```").collect();
            blocks.push((info.to_string(), body.join("\n")));
        }
    }
    let s = Server::start(&[]);
    let mut ran = 0;
    for (i, (info, text)) in blocks.iter().enumerate() {
        if info != "curl" {
            continue;
        }
        let (next_info, shown) = blocks.get(i + 1).expect("a json block after a curl block");
        assert_eq!(next_info, "json", "a curl block is followed by its answer");
        let url = text
            .split_whitespace()
            .find(|w| w.starts_with("http://127.0.0.1:8080"))
            .expect("a URL on 127.0.0.1:8080");
        let path = url.trim_start_matches("http://127.0.0.1:8080");
        let got = match text.split_once(" -d '") {
            Some((_, rest)) => {
                s.post(path, rest.rsplit_once('\'').expect("closing quote").0)
                    .1
            }
            None => s.get(path).1,
        };
        let want: Value = serde_json::from_str(shown).expect("the README shows JSON");
        assert_eq!(got, want, "README: {text}");
        ran += 1;
    }
    assert!(ran >= 3, "only {ran} curl examples");
}

#[test]
fn the_openapi_description_parses_and_names_every_route() {
    let s = Server::start(&[]);
    let (status, served) = s.get("/openapi.json");
    assert_eq!(status, 200);
    let spec = oas3::from_json(served.to_string()).expect("a valid OpenAPI 3.1 description");
    assert!(spec.openapi.starts_with("3.1"), "{}", spec.openapi);
    let paths = spec.paths.expect("paths");
    // Every route is described, and nothing else.
    let mut described: Vec<(String, String)> = Vec::new();
    for (path, item) in &paths {
        for (method, _) in item.methods() {
            described.push((method.as_str().to_lowercase(), path.clone()));
        }
    }
    described.sort();
    let mut routes: Vec<(String, String)> = regkb::server::ROUTES
        .iter()
        .map(|(m, p)| (m.to_string(), p.to_string()))
        .collect();
    routes.sort();
    assert_eq!(described, routes);
    // And every route answers (none is a 404 of the fallback).
    for (method, path) in regkb::server::ROUTES {
        let path = path.replace("{name}", "notifiable");
        let status = if *method == "get" {
            Server::agent()
                .get(&format!("{}{path}", s.base))
                .call()
                .expect("a response")
                .status()
                .as_u16()
        } else {
            s.post(&path, r#"{"queries": []}"#).0
        };
        assert_eq!(status, 200, "{method} {path}");
    }
}
