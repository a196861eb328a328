//! # medzk
//!
//! Zero-knowledge privacy proofs for medical records. Issuers sign commitments
//! to records ([`records`]); a holder proves a [`policy`] about them with the
//! query circuit ([`circuits`]) and a Groth16 proof ([`prover`]); anyone checks
//! the proof with the thin [`verifier`].
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub use medzk_circuits as circuits;
pub use medzk_policy as policy;
pub use medzk_prover as prover;
pub use medzk_records as records;
pub use medzk_verifier as verifier;

pub mod demo;
pub mod files;
