//! `regkb serve`: the HTTP JSON API over one shared knowledge base (axum
//! and tokio). The base is loaded, checked and evaluated once; every
//! request is a scenario over it (as of the date it asks about: the base
//! evaluated again as of that date, kept for the next request), answered
//! on a blocking thread so that requests run in parallel and a panic in
//! one cannot take the server down. Requests cannot read files: `@include`
//! is refused (`include-not-allowed`).
//!
//! Routes: `POST /v1/ask`, `GET /v1/predicates`, `GET
//! /v1/predicates/{name}`, `GET /v1/sources`, `GET /health`, `GET
//! /openapi.json` (the OpenAPI 3.1 description, [`OPENAPI`]), and the
//! question page at `GET /` ([`page`]).

mod page;

use crate::check::sentences::Lang;
use crate::engine::{Base, EngineError, ExplainFormat, Format, Options};
use crate::eval::Limits;
use crate::value::Date;
use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

/// How the server runs.
#[derive(Clone, Debug)]
pub struct Config {
    /// Where it listens (loopback by default).
    pub addr: SocketAddr,
    /// Limits of each request's evaluation.
    pub limits: Limits,
    /// The largest request body, in bytes.
    pub max_body: usize,
}

/// The OpenAPI 3.1 description of the routes (tests keep it in step with
/// [`ROUTES`]).
pub const OPENAPI: &str = include_str!("openapi.json");

/// Every route: method and path, as the router has them.
pub const ROUTES: &[(&str, &str)] = &[
    ("get", "/"),
    ("get", "/health"),
    ("get", "/openapi.json"),
    ("post", "/v1/ask"),
    ("get", "/v1/predicates"),
    ("get", "/v1/predicates/{name}"),
    ("get", "/v1/sources"),
    ("get", "/page/page.js"),
    ("get", "/page/page.css"),
];

/// The largest request body by default: 1 MiB.
pub const DEFAULT_MAX_BODY: usize = 1 << 20;

/// Bases by the date they are evaluated as of, at most this many kept.
const BASES_KEPT: usize = 16;

struct Shared {
    base: Arc<Base>,
    by_date: Mutex<HashMap<Date, Arc<Base>>>,
    limits: Limits,
}

impl Shared {
    /// The base evaluated as of `date`.
    fn base_at(&self, date: Date) -> Result<Arc<Base>, EngineError> {
        if date == self.base.as_of() {
            return Ok(self.base.clone());
        }
        if let Some(b) = self.by_date.lock().ok().and_then(|m| m.get(&date).cloned()) {
            return Ok(b);
        }
        let b = Arc::new(self.base.at(date, &self.limits.from_now())?);
        if let Ok(mut m) = self.by_date.lock() {
            if m.len() >= BASES_KEPT {
                m.clear();
            }
            m.insert(date, b.clone());
        }
        Ok(b)
    }
}

/// Serves until SIGTERM or Ctrl-C; says where it listens on standard
/// error first.
pub fn run(base: Arc<Base>, config: Config) -> std::io::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(config.addr).await?;
        eprintln!("regkb serving on http://{}", listener.local_addr()?);
        let app = router(base, config.limits.clone(), config.max_body);
        axum::serve(listener, app)
            .with_graceful_shutdown(shutdown())
            .await
    })
}

/// The routes over a base.
pub fn router(base: Arc<Base>, limits: Limits, max_body: usize) -> Router {
    let shared = Arc::new(Shared {
        base,
        by_date: Mutex::new(HashMap::new()),
        limits,
    });
    Router::new()
        .route(
            "/health",
            get(|| async { axum::Json(json!({"status": "ok"})) }),
        )
        .route(
            "/openapi.json",
            get(|| async {
                (
                    [(axum::http::header::CONTENT_TYPE, "application/json")],
                    OPENAPI,
                )
            }),
        )
        .route("/v1/ask", post(ask))
        .route("/v1/predicates", get(predicates))
        .route("/v1/predicates/{name}", get(predicate))
        .route("/v1/sources", get(sources))
        .merge(page::routes())
        .fallback(|| async { error(StatusCode::NOT_FOUND, "not-found", "no such route") })
        .layer(DefaultBodyLimit::max(max_body))
        .with_state(shared)
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}

/// `{"error": {"code": ..., "message": ...}}` with a status.
fn error(status: StatusCode, code: &str, message: impl Into<String>) -> Response {
    let body = json!({"error": {"code": code, "message": message.into()}});
    (status, axum::Json(body)).into_response()
}

/// The body of `POST /v1/ask`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Ask {
    /// Facts as text, or as `{"pred": ..., "args": [...]}` objects.
    #[serde(default)]
    facts: Option<FactsIn>,
    /// The queries, without `?-` (or with it).
    queries: Vec<String>,
    /// The date asked about, `YYYY-MM-DD` (default: the server's today).
    #[serde(default)]
    as_of: Option<String>,
    /// `nb` or `en` (default: `en`).
    #[serde(default)]
    lang: Option<String>,
    /// Explain every answer (`why` and `whynot` queries are always
    /// explained).
    #[serde(default)]
    explain: bool,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum FactsIn {
    Text(String),
    List(Vec<FactIn>),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FactIn {
    pred: String,
    #[serde(default)]
    args: Vec<Value>,
}

/// Facts given as objects, as text: symbols bare, dates as dates, other
/// strings quoted, numbers as written.
fn facts_text(facts: &[FactIn]) -> Result<String, String> {
    let mut out = String::new();
    for (i, f) in facts.iter().enumerate() {
        if !crate::value::is_symbol(&f.pred) {
            return Err(format!("fact {i}: `{}` is not a predicate name", f.pred));
        }
        let mut args = Vec::new();
        for a in &f.args {
            args.push(match a {
                Value::String(s) if Date::parse(s).is_some() => s.clone(),
                Value::String(s) if crate::value::is_symbol(s) => s.clone(),
                Value::String(s) => crate::value::quote(s),
                Value::Number(n) => n.to_string(),
                other => {
                    return Err(format!(
                        "fact {i} (`{}`): an argument is a string or a number, not {other}",
                        f.pred
                    ));
                }
            });
        }
        if args.is_empty() {
            out.push_str(&format!("{}.\n", f.pred));
        } else {
            out.push_str(&format!("{}({}).\n", f.pred, args.join(", ")));
        }
    }
    Ok(out)
}

async fn ask(State(shared): State<Arc<Shared>>, body: Result<Bytes, BytesRejection>) -> Response {
    let body = match body {
        Ok(b) => b,
        Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            return error(
                StatusCode::PAYLOAD_TOO_LARGE,
                "body-too-large",
                "the request body is over the server's limit (`--max-body`)",
            );
        }
        Err(e) => return error(StatusCode::BAD_REQUEST, "bad-request", e.body_text()),
    };
    let request: Ask = match serde_json::from_slice(&body) {
        Ok(r) => r,
        Err(e) => return error(StatusCode::BAD_REQUEST, "bad-json", e.to_string()),
    };
    let work = tokio::task::spawn_blocking(move || answer(&shared, request));
    match work.await {
        Ok(r) => r,
        Err(_) => error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal-error",
            "the request could not be answered",
        ),
    }
}

/// Answers one request: its facts as a scenario over the base as of its
/// date, each query in turn.
fn answer(shared: &Shared, request: Ask) -> Response {
    let as_of = match request.as_of.as_deref().map(|d| (d, Date::parse(d))) {
        None => None,
        Some((_, Some(d))) => Some(d),
        Some((text, None)) => {
            return error(
                StatusCode::BAD_REQUEST,
                "bad-date",
                format!("`{text}` is not a date of the calendar; write YYYY-MM-DD"),
            );
        }
    };
    let lang = match request.lang.as_deref() {
        None => Lang::En,
        Some(code) => match Lang::from_code(code) {
            Some(l) => l,
            None => {
                return error(
                    StatusCode::BAD_REQUEST,
                    "bad-lang",
                    format!("`{code}` is not a language of answers; write `nb` or `en`"),
                );
            }
        },
    };
    let facts = match &request.facts {
        None => String::new(),
        Some(FactsIn::Text(t)) => t.clone(),
        Some(FactsIn::List(list)) => match facts_text(list) {
            Ok(t) => t,
            Err(m) => return error(StatusCode::BAD_REQUEST, "bad-fact", m),
        },
    };
    let limits = shared.limits.from_now();
    let base = match shared.base_at(as_of.unwrap_or_else(|| shared.base.as_of())) {
        Ok(b) => b,
        Err(e) => return engine_error(&e, None),
    };
    let mut scenario = base.scenario();
    let mut policy = crate::syntax::LoadPolicy::no_includes();
    policy.deadline = limits.deadline();
    scenario.set_load_policy(policy);
    if !facts.trim().is_empty()
        && let Err(e) = scenario.add_text("<facts>", &facts)
    {
        return engine_error(&e, Some(scenario.sources()));
    }
    let options = Options {
        limits,
        explain: request.explain,
        format: Format::Json,
        explain_format: Some(ExplainFormat::Json),
        lang,
        ..Options::default()
    };
    let mut answers = Vec::new();
    for q in &request.queries {
        match scenario.ask(q, &options) {
            Ok(responses) => {
                for r in responses {
                    let line = crate::render::response(&r, &options);
                    match serde_json::from_str::<Value>(line.trim()) {
                        Ok(v) => answers.push(v),
                        Err(e) => {
                            return error(
                                StatusCode::INTERNAL_SERVER_ERROR,
                                "internal-error",
                                e.to_string(),
                            );
                        }
                    }
                }
            }
            Err(e) => return engine_error(&e, Some(scenario.sources())),
        }
    }
    let body = json!({"as_of": base.as_of(), "answers": answers});
    (StatusCode::OK, axum::Json(body)).into_response()
}

/// The status and coded JSON of an engine error: text with errors 422
/// with its diagnostics, a limit 503, anything else 500.
fn engine_error(e: &EngineError, sources: Option<&crate::source::SourceMap>) -> Response {
    match e {
        EngineError::Rejected(d) => {
            let empty = crate::source::SourceMap::new();
            let sources = sources.unwrap_or(&empty);
            let diagnostics: Vec<Value> = d.iter().map(|d| d.to_json(sources)).collect();
            let body = json!({
                "error": {"code": e.code(), "message": e.to_string()},
                "diagnostics": diagnostics,
            });
            (StatusCode::UNPROCESSABLE_ENTITY, axum::Json(body)).into_response()
        }
        EngineError::Eval(
            crate::eval::EvalError::TupleLimit { .. } | crate::eval::EvalError::Timeout { .. },
        ) => error(StatusCode::SERVICE_UNAVAILABLE, e.code(), e.to_string()),
        _ => error(StatusCode::UNPROCESSABLE_ENTITY, e.code(), e.to_string()),
    }
}

async fn predicates(State(shared): State<Arc<Shared>>) -> Response {
    let list = crate::engine::catalogue::list(shared.base.program(), "");
    axum::Json(json!({"predicates": list})).into_response()
}

async fn predicate(State(shared): State<Arc<Shared>>, Path(name): Path<String>) -> Response {
    let program = shared.base.program();
    let Some(id) = program.pred_id(&name) else {
        return error(
            StatusCode::NOT_FOUND,
            "unknown-predicate",
            format!("no predicate is called `{name}`"),
        );
    };
    let entry = crate::engine::catalogue::describe(program, id);
    let sources = shared.base.sources();
    let p = program.pred(id);
    let sentences: Vec<Value> = program
        .templates
        .iter()
        .filter(|t| t.pred == id)
        .map(|t| json!({"lang": t.lang, "negated": t.negated, "template": sources.text(t.span)}))
        .collect();
    let body = json!({
        "name": entry.name,
        "arity": entry.arity,
        "params": entry.params,
        "doc": entry.doc,
        "input": entry.input,
        "domains": p.domains.iter().map(|d| d.as_ref().map(|d| crate::engine::catalogue::domain_name(program, d))).collect::<Vec<_>>(),
        "sources": entry.sources.iter().map(|s| {
            let mut v = json!(s);
            v["cite"] = json!(s.locator.as_deref().and_then(|l| program.cite(l)));
            v
        }).collect::<Vec<_>>(),
        "sentences": sentences,
        "facts": entry.facts.iter().map(|s| sources.location(*s).to_string()).collect::<Vec<_>>(),
        "rules": entry.rules.iter().map(|s| sources.location(*s).to_string()).collect::<Vec<_>>(),
    });
    axum::Json(body).into_response()
}

async fn sources(State(shared): State<Arc<Shared>>) -> Response {
    axum::Json(json!({"sources": *shared.base.program().documents})).into_response()
}
