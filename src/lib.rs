//! # medzk
//!
//! Zero-knowledge privacy proofs for medical records. Issuers sign commitments
//! to records ([`records`]); a holder proves a [`policy`] about them with the
//! query circuit ([`circuits`]) and a Groth16 proof ([`prover`]); anyone checks
//! the proof with the thin [`verifier`].
//!
//! Start with the [`protocol`]: one call per role ([`issue_fhir`],
//! [`prove`], [`expectations`] and [`verify`]), with a whole flow as its
//! example.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub use medzk_circuits as circuits;
pub use medzk_policy as policy;
pub use medzk_prover as prover;
pub use medzk_records as records;
pub use medzk_verifier as verifier;

pub mod demo;
pub mod files;
pub mod protocol;

pub use medzk_verifier::{Challenge, Expectations, Verified};
pub use protocol::holder::{prove, ProofRequest, Proved};
pub use protocol::issuer::{issue_fhir, issue_smart_health_card, Issued};
pub use protocol::verifier::{expectations, verify};
pub use protocol::Error;
