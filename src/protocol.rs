//! The medzk protocol: one entry point per role, each one call for the common
//! case. Every front-end (the CLI, the demo, the WebAssembly bindings, the
//! tests and benches) goes through these.
//!
//! - [`issuer`]: sign a patient's FHIR resources, or re-attest a verified SMART
//!   Health Card, as medzk credentials for a holder;
//! - [`holder`]: [`prove`](crate::prove) a policy about one's credentials (picking the
//!   credentials for the policy's slots and, when a clause fails, saying which,
//!   on the holder's side, before anything is proved);
//! - [`verifier`]: [`expectations`](crate::expectations) from a compiled policy and the verifier's
//!   trusted roots, challenge and date window, then [`verify`](crate::verify) a proof file.
//!
//! A whole flow, issue to verify, is the example below (and on each entry
//! point).
#![doc = include_str!("protocol/flow.md")]

pub mod holder;
pub mod issuer;
pub mod verifier;

use crate::files::FileError;
use crate::policy::PolicyError;
use crate::prover::ProverError;
use crate::records::{RecordError, Schema};
use crate::verifier::VerifyError;

/// Why a protocol step failed. Each role's inputs are checked before any
/// work: a typed error, never a panic.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A record, credential, FHIR resource or SMART Health Card was refused.
    #[error(transparent)]
    Record(#[from] RecordError),
    /// A policy, registry or credential assignment was refused.
    #[error(transparent)]
    Policy(#[from] PolicyError),
    /// The prover or its key refused.
    #[error(transparent)]
    Prover(#[from] ProverError),
    /// The proof, or the verifier's expectations, were refused.
    #[error(transparent)]
    Verify(#[from] VerifyError),
    /// A file could not be read or written.
    #[error(transparent)]
    File(#[from] FileError),
    /// The statement does not hold: which clause or record fails, in words
    /// (the holder's side only; nothing was proved).
    #[error("cannot prove: {0}")]
    CannotProve(String),
    /// Nothing in the FHIR input could be imported.
    #[error("no resource could be imported")]
    NothingImported,
    /// A record of a schema the issuer's key file does not list.
    #[error("{label} is a {} record; the issuer key file lists only {} (issuer keygen --schemas)", .schema.name(), .signs.iter().map(|s| s.name()).collect::<Vec<_>>().join(", "))]
    SchemaNotSigned {
        /// The record's label.
        label: String,
        /// Its schema.
        schema: Schema,
        /// The schemas the issuer signs.
        signs: Vec<Schema>,
    },
    /// The policy pins a trusted-issuer root the verifier does not trust.
    #[error("the policy pins a trusted-issuer root that is not among the verifier's trusted roots")]
    PinnedRootNotTrusted,
}
