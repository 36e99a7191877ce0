//! The interactive prompt (`regkb`, `regkb repl FILE...`): a rustyline
//! line editor over a [`Session`], itself a thin layer over an engine
//! scenario.
//!
//! - [`session`] the state and what an input does, testable without a
//!   terminal: typed facts and rules join the session, `?-` queries are
//!   answered, every error leaves the session as it was;
//! - [`loading`] which files make the knowledge base, `:load`, `:reload`;
//! - [`commands`] the `:` commands and their help texts; [`describe`]
//!   `:help PRED`, `:preds`, `:list`;
//! - [`paging`] long answers a screenful at a time;
//! - [`error`] what the prompt refuses, with what would work;
//! - [`lexer`] a forgiving tokenizer for colours, completeness, hints and
//!   completion;
//! - [`editor`] the terminal: rustyline with completion, highlighting,
//!   hints, continuation lines, history in the XDG state directory, and
//!   Ctrl-C during evaluation.

pub mod commands;
pub mod describe;
pub mod editor;
pub mod error;
pub mod lexer;
pub mod loading;
pub mod paging;
pub mod session;

pub use editor::run;
pub use error::PromptError;
pub use lexer::is_complete;
pub use session::{Options, Reply, Session, Vocabulary};

#[cfg(test)]
mod tests;
