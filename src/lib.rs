//! regkb: a regulation knowledge base with a Datalog-like query language.
//!
//! The pipeline, one layer per module, each depending only on those before
//! it:
//!
//! ```text
//! text --syntax--> AST --check--> Program --eval--> Model --explain--> trees
//!                  \_______________ engine: Base + Scenario _______________/
//!                                          |
//!                          render: text, JSON lines, DOT
//!                                          |
//!                  front ends: cli, repl (the prompt), fixture
//! ```
//!
//! A [`Base`] is a knowledge base loaded, checked and evaluated once, then
//! frozen: share it in an `Arc` across threads. A [`Scenario`] adds a
//! user's facts and rules over it (only what they change is evaluated,
//! the base's relations are read in place) and answers queries with
//! structured [`Response`]s: columns, typed rows and, when asked, the
//! explanation trees with the rules, bindings and legal sources used.
//!
//! ```
//! use regkb::{Base, Options};
//! use std::sync::Arc;
//!
//! let options = Options::default();
//! // The knowledge base embedded in the binary, evaluated once.
//! let base = Arc::new(Base::embedded(&options.limits)?);
//! // A product authorised in Germany.
//! let mut scenario = base.scenario();
//! scenario.add_text("<facts>", "product(p). ma_in(p, de).")?;
//! let answers = scenario.ask("notifiable(p)", &options)?;
//! assert!(answers[0].holds);
//! // Why: the derivation, whose rule cites its legal source.
//! let why = scenario.ask("?- why notifiable(p).", &options)?;
//! let tree = &why[0].explanations.as_ref().expect("why is explained")[0].tree;
//! let source = tree.source.as_ref().expect("the rule has a source");
//! assert!(source.citation.contains("§ 2-5"), "{}", source.citation);
//! // A vaccine is not notifiable, and it would be on the positive list.
//! scenario.add_text("<more>", "product(v). ma_in(v, de). class(v, vaccine).")?;
//! let whynot = scenario.ask("?- whynot notifiable(v).", &options)?;
//! let e = &whynot[0].explanations.as_ref().expect("explained")[0];
//! assert!(!e.holds);
//! assert_eq!(e.would_hold_with, [["on_positive_list(v)"]]);
//! # Ok::<(), regkb::Error>(())
//! ```
//!
//! A program of one's own goes the same way, from [`engine::Files`]:
//!
//! ```
//! use regkb::{Base, Options, engine::Files};
//! use std::sync::Arc;
//!
//! let mut files = Files::new();
//! files.load_text("graph.kb", "edge(1, 2). edge(2, 3).\n\
//!                              path(X, Y) :- edge(X, Y).\n\
//!                              path(X, Z) :- path(X, Y), edge(Y, Z).");
//! let options = Options::default();
//! let base = Arc::new(Base::build(files, &options.limits)?);
//! let answers = base.scenario().ask("path(1, X)", &options)?;
//! let text = regkb::render::answer_text(&answers[0]);
//! assert_eq!(text, "X = 2\nX = 3\n");
//! # Ok::<(), regkb::Error>(())
//! ```
#![warn(missing_docs)]
// Diagnostics are large, but they travel only on error paths.
#![allow(clippy::result_large_err)]

// pest runs without its `std` feature (whose stack probe on every rule call
// cost a tenth of parsing; `syntax` bounds nesting before pest runs), and
// its derived parser then names the `alloc` crate.
extern crate alloc;

pub mod check;
pub mod cli;
pub mod diag;
pub mod engine;
pub mod error;
pub mod eval;
pub mod explain;
pub mod fixture;
pub mod lsp;
pub mod render;
pub mod repl;
pub mod robustness;
pub mod server;
pub mod source;
pub mod syntax;
#[cfg(test)]
mod testing;
pub mod value;

pub use engine::{Base, Options, Response, Scenario};
pub use error::Error;
