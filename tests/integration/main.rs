//! End-to-end tests of the `regkb` binary: golden programs and diagnostics,
//! JSON output, fixtures, exit statuses. One test binary, several modules.
//!
//! Golden files sit next to their inputs; run with `REGKB_BLESS=1` to
//! rewrite them, then review the diff like code.

mod cli;
mod command_line;
mod data_files;
mod dates;
mod editor_grammar;
mod engine_props;
mod fast_path;
mod golden;
mod knowledge_base;
mod limits;
mod lsp;
mod page;
mod readme;
mod repl;
mod robustness;
mod scenarios;
mod security;
mod sentences;
mod server;
mod support;
mod threads;
mod values;
