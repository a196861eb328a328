//! # medzk-policy
//!
//! Policies are data: a JSON document ([`Policy`]) names record slots with
//! schemas and clauses over their fields, written as users think of values
//! (`"2021-06-01"`, `"E11.*"`, `"6.5 %"`). [`Policy::compile`] validates it and
//! produces the clause data the query circuit enforces; its hash is the public
//! `policy_hash`. One trusted setup per circuit shape serves every policy of
//! that shape. See `docs/policies.md`.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod compile;
pub mod document;
pub mod error;
mod lists;
pub mod presets;
pub mod registry;
pub mod statement;

pub use compile::{scope_from_str, Compiled};
pub use document::{ClauseDoc, CodeSet, OpName, Policy, PredicateDoc, RecordSlot};
pub use error::PolicyError;
pub use registry::{IssuerRegistry, TrustedIssuer};
pub use statement::{assign_credentials, build_witness, build_witness_at, explain};
