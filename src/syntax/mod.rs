//! The syntax layer: text to [`ast`]. It knows nothing of checking or
//! evaluation.
//!
//! - [`parser`] runs the pest grammar and translates its errors;
//! - [`lower`] turns the parse tree into the AST;
//! - [`read`] reads files under a [`LoadPolicy`] (what may be read, how
//!   much, until when);
//! - [`include`] loads files and follows `@include`, confined to folders;
//! - [`data`] reads the rows of CSV and TSV files (`@facts`) as facts;
//! - `plain` keeps plain facts and queries as offsets into the text;
//! - [`print`] writes the AST back as canonical text.

pub mod ast;
pub mod data;
pub mod error;
mod fast;
pub mod include;
mod lower;
#[allow(missing_docs)]
pub mod parser;
mod plain;
pub mod print;
pub mod read;
#[cfg(test)]
mod sexpr;

pub use error::SyntaxError;
pub use include::{LoadError, Loaded, Loader};
pub use lower::doc_text;
pub use parser::{
    parse_fixture, parse_program, parse_program_compact, parse_program_until,
    parse_program_with_grammar_only, parse_query,
};
pub use read::{Disk, Embedded, FileSystem, Halt, LoadPolicy};
