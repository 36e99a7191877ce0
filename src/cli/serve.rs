//! `regkb serve`: loads, checks and evaluates the knowledge base once, then
//! serves the HTTP JSON API ([`crate::server`]) until SIGTERM or Ctrl-C.

use super::args::{KbArgs, LimitArgs, ServeArgs};
use super::exit::{INPUT, OK, Outcome};
use super::session::{kb_within, print_diagnostics};
use crate::engine::Base;
use std::sync::Arc;

/// Runs `regkb serve`.
pub fn serve(args: &ServeArgs, kb_args: &KbArgs, limit_args: &LimitArgs) -> Outcome {
    let limits = limit_args.limits();
    let files = match kb_within(kb_args, &limits) {
        Ok(f) => f,
        Err(o) => return o,
    };
    let sources = files.sources.clone();
    let base = match Base::build_as_of(files, &limits.from_now(), limit_args.as_of) {
        Ok(b) => Arc::new(b),
        Err(e) => {
            print_diagnostics(&sources, &e.to_diagnostics(&sources));
            return Outcome::Status(INPUT);
        }
    };
    let config = crate::server::Config {
        addr: args.addr,
        limits,
        max_body: args.max_body,
    };
    match crate::server::run(base, config) {
        Ok(()) => Outcome::Status(OK),
        Err(e) => e.into(),
    }
}
