//! regkb: a regulation knowledge base with a Datalog-like query language.
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
pub mod eval;
pub mod explain;
pub mod fixture;
pub mod render;
pub mod repl;
pub mod robustness;
pub mod source;
pub mod syntax;
pub mod value;

pub use engine::{Base, Options, Response, Scenario};
