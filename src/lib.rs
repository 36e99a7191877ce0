//! regkb: a regulation knowledge base with a Datalog-like query language.
#![warn(missing_docs)]

pub mod diag;
pub mod source;
pub mod syntax;
pub mod value;
