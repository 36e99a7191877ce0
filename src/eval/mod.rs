//! The evaluation layer: a checked program to its least model, and answers
//! to queries. It sees only the checked program, never the AST.
//!
//! - [`relation`] rows, set semantics, indexes;
//! - [`rowset`] the hash sets of row numbers relations and indexes keep;
//! - [`plan`] body ordering and access paths;
//! - [`exec`] running plans;
//! - [`parallel`] a large rule run split across threads;
//! - [`seminaive`] strata and rounds;
//! - [`model`] the result and query answering;
//! - [`limits`] tuple and time limits, interrupts.

pub mod error;
pub mod exec;
pub mod limits;
pub mod model;
pub mod parallel;
pub mod plan;
pub mod relation;
pub mod rowset;
pub mod seminaive;

pub use error::{EvalError, Fed};
pub use limits::Limits;
pub use model::{Answer, Model, RowOrder, Stats};
pub use seminaive::{evaluate, evaluate_layer};
