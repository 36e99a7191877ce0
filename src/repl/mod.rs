//! The interactive prompt (`regkb`, `regkb repl FILE...`): a rustyline
//! line editor over a [`Session`], itself a thin layer over an engine
//! scenario.
//!
//! - [`session`] the state and what an input does, testable without a
//!   terminal; `input` typed facts and rules join the session, `answers`
//!   `?-` queries are answered; every error leaves the session as it was;
//! - [`vocabulary`] what completion and hints draw from;
//! - [`loading`] which files make the knowledge base, `:load`, `:reload`;
//! - `clauses` the typed clauses, `:retract`, `:reset`;
//! - [`commands`] the `:` commands and their help texts; [`describe`]
//!   `:help PRED`, `:preds`, `:list`;
//! - [`paging`] long answers a screenful at a time;
//! - [`error`] what the prompt refuses, with what would work;
//! - [`lexer`] a forgiving tokenizer for colours, completeness, hints and
//!   completion;
//! - [`editor`] the terminal: rustyline, continuation lines, history in
//!   the XDG state directory, and Ctrl-C during evaluation; [`helper`] its
//!   completion, highlighting and hints.

mod answers;
mod clauses;
pub mod commands;
pub mod describe;
pub mod editor;
pub mod error;
pub mod helper;
mod input;
pub mod lexer;
pub mod loading;
pub mod paging;
pub mod session;
pub mod vocabulary;

pub use editor::run;
pub use error::PromptError;
pub use lexer::is_complete;
pub use session::{Options, Reply, Session};
pub use vocabulary::{PredSummary, Vocabulary};

#[cfg(test)]
mod tests;
