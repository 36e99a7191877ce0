//! The interactive prompt (`regkb`, `regkb repl FILE...`): a rustyline
//! line editor over a [`Session`].
//!
//! - [`session`] the state and logic, testable without a terminal: typed
//!   facts and rules join the session, `?-` queries are answered, every
//!   error leaves the session as it was;
//! - [`commands`] the `:` commands and their help texts;
//! - [`lexer`] a forgiving tokenizer for colours, completeness, hints and
//!   completion;
//! - [`editor`] the terminal: rustyline with completion, highlighting,
//!   hints, continuation lines, history in the XDG state directory, and
//!   Ctrl-C during evaluation.

pub mod commands;
pub mod editor;
pub mod lexer;
pub mod session;

pub use editor::run;
pub use lexer::is_complete;
pub use session::{Options, Reply, Session, Vocabulary};

#[cfg(test)]
mod tests;
