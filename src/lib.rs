//! regkb: a regulation knowledge base with a Datalog-like query language.
#![warn(missing_docs)]

pub mod check;
pub mod cli;
pub mod diag;
pub mod eval;
pub mod fixture;
pub mod kb;
pub mod output;
pub mod source;
pub mod syntax;
pub mod value;
