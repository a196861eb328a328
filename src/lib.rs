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

/// The design notes of `docs/`, compiled into this documentation (and their
/// examples into its tests) so that they cannot drift from the code.
pub mod notes {
    #[doc = include_str!("../docs/circuits.md")]
    pub mod circuits {}
    #[doc = include_str!("../docs/policies.md")]
    pub mod policies {}
    #[doc = include_str!("../docs/records.md")]
    pub mod records {}
    #[doc = include_str!("../docs/verifier.md")]
    pub mod verifier {}
    #[doc = include_str!("../docs/security.md")]
    pub mod security {}
    #[doc = include_str!("../docs/revocation.md")]
    pub mod revocation {}
    #[doc = include_str!("../docs/onchain.md")]
    pub mod onchain {}
    #[doc = include_str!("../docs/protocol.md")]
    pub mod protocol {}
    #[doc = include_str!("../docs/prover.md")]
    pub mod prover {}
}

pub use medzk_verifier::{Challenge, Expectations, Verified};
pub use protocol::holder::{prove, ProofRequest, Proved};
pub use protocol::issuer::{issue_fhir, issue_fhir_list, issue_smart_health_card, Issued};
pub use protocol::verifier::{expectations, verify, TrustedRoots};
pub use protocol::Error;
