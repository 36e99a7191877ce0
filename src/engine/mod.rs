//! The engine: the library seam every front end stands on. A [`Base`] is
//! a knowledge base loaded, checked and evaluated once, then frozen and
//! shared; a [`Scenario`] adds a user's facts, rules and queries over it,
//! evaluated incrementally, and answers with structured [`Response`]s.
//!
//! - [`files`] loading texts into modules;
//! - [`base`] the evaluated, shared knowledge base;
//! - [`scenario`] overlays, answers, explanations and their hypotheses;
//! - [`timeline`] the periods in which a query holds;
//! - [`options`] what a request asks for;
//! - [`response`] the structured answer;
//! - [`error`] what can go wrong here.

pub mod base;
pub mod catalogue;
pub mod error;
pub mod files;
pub mod options;
pub mod response;
pub mod scenario;
pub mod timeline;

pub use base::Base;
pub use error::{EngineError, KbError};
pub use files::{Checked, Files};
pub use options::{Detail, ExplainFormat, Format, Options};
pub use response::{LaterSource, OverrideRef, Response, Streamed};
pub use scenario::{Prepared, Scenario};
