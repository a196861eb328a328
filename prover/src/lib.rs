//! # medzk-prover
//!
//! Groth16 setup and fast proving for the query circuit:
//! - [`setup`] from a cryptographic RNG, or [`insecure_dev_setup`] from a public
//!   seed (tests and demos only, as its name says), with progress reports;
//! - [`CircuitProver`]: the proving key with the circuit's R1CS matrices built
//!   once; each proof synthesises the witness only and runs the Groth16 MSMs
//!   and FFTs in parallel (rayon); [`CircuitProver::prove_batch`] proves many
//!   statements, in parallel across proofs;
//! - [`keyfile`]: versioned key files with the circuit's R1CS digest, loaded
//!   checked (a holder's proving key from elsewhere: points and the key's
//!   structure, [`keyfile::check_proving_key`]), validated (points only) or
//!   trusted-fast (a key the same process just generated); key digests
//!   ([`keyfile::key_file_digest`]) are compared with the released ones
//!   ([`RELEASED_KEY_DIGESTS`]).
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod circom;
mod groth16;
pub mod keycheck;
pub mod keyfile;
mod prove;
pub mod ptau;
pub mod r1cs;
mod setup;
pub mod zkey;

pub use groth16::witness_map;
pub use keyfile::KeyCheck;
pub use keyfile::LoadMode;
/// The memory-lean MSM the prover uses (shared with the batch verifier).
pub use medzk_msm as msm;
pub use prove::{is_satisfied, synthesize_assignment, CircuitProver, Statement};
pub use r1cs::R1cs;
pub use setup::{
    expected_r1cs_digest, insecure_dev_setup, pinned_r1cs_digest, released_key_digest, setup, SetupStage,
    PINNED_R1CS_DIGESTS, RELEASED_KEY_DIGESTS,
};

use ark_bn254::Bn254;

/// A Groth16 proving key for one query-circuit shape.
pub type ProvingKey = ark_groth16::ProvingKey<Bn254>;
/// A Groth16 verifying key.
pub type VerifyingKey = ark_groth16::VerifyingKey<Bn254>;
/// A Groth16 proof (128 bytes compressed).
pub type Proof = ark_groth16::Proof<Bn254>;

/// The error type of `medzk-prover`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProverError {
    /// Constraint synthesis failed (a malformed witness or policy for the shape).
    #[error("constraint synthesis failed: {0}")]
    Synthesis(String),
    /// The statement is false for this witness; proving would only produce a
    /// proof that does not verify. The reason is for the holder only.
    #[error("the statement does not hold: {0}")]
    Unsatisfied(medzk_circuits::CircuitError),
    /// The proving key does not belong to this circuit shape.
    #[error("the proving key does not match the {shape} circuit: {reason}")]
    KeyMismatch {
        /// The shape.
        shape: &'static str,
        /// What differs.
        reason: String,
    },
    /// A statement for another shape than the prover's.
    #[error("statement for shape {statement}, prover for shape {prover}")]
    ShapeMismatch {
        /// The statement's shape.
        statement: &'static str,
        /// The prover's shape.
        prover: &'static str,
    },
    /// A key file that does not start with a medzk key magic.
    #[error("not a medzk {0} key file")]
    BadMagic(&'static str),
    /// A key file version this library does not read.
    #[error("key file version {found} (this library reads version {supported})")]
    UnsupportedVersion {
        /// The version found.
        found: u16,
        /// The version supported.
        supported: u16,
    },
    /// A key file for another curve.
    #[error("key file for curve id {0}, expected BN254 (1)")]
    WrongCurve(u8),
    /// A key file for another shape.
    #[error("key file for shape {found:?}, expected {expected:?}")]
    WrongShape {
        /// The shape asked for.
        expected: &'static str,
        /// The shape in the file.
        found: String,
    },
    /// A key file for another circuit (its R1CS digest differs from this build's).
    #[error("key file was made for a different {0} circuit (R1CS digest differs); run setup again")]
    WrongCircuit(&'static str),
    /// A key file could not be read.
    #[error("key file could not be read: {0}")]
    Io(String),
    /// A key file that ends early.
    #[error("key file is truncated")]
    Truncated,
    /// A key file whose payload does not match its digest.
    #[error("key file is corrupted (payload digest mismatch)")]
    Corrupted,
    /// A key whose points do not deserialise or fail the curve / subgroup checks.
    #[error("key file holds an invalid key: {0}")]
    InvalidKey(String),
    /// A proving (or verifying) key that fails a holder's structural check
    /// ([`keyfile::check_proving_key`]): proving with it could reveal the witness.
    #[error("the key is unsafe to prove with: {0}")]
    UnsafeKey(#[from] KeyCheck),
    /// A file that is not the circom binary file it should be (`r1cs`, `zkey`, `ptau`).
    #[error("not a circom {0} file")]
    NotCircomFile(&'static str),
    /// A circom binary file that ends early (a section or value cut short).
    #[error("{0} file is truncated")]
    CircomTruncated(&'static str),
    /// A `.zkey` (or other circom file) that is malformed: another protocol,
    /// curve, a section missing or of the wrong size, a non-canonical field
    /// element, a point off the curve or outside its subgroup.
    #[error("malformed zkey: {0}")]
    Zkey(String),
    /// A well-formed `.zkey` made for another circuit than the shape's (its
    /// sizes or its `A`/`B` coefficients differ from the shape's pinned R1CS).
    #[error("the zkey was made for another circuit than {shape}: {reason}")]
    ZkeyWrongCircuit {
        /// The shape the zkey was imported for.
        shape: &'static str,
        /// What differs.
        reason: String,
    },
    /// A key file whose digest (SHA-256 of the file) is not the one expected
    /// for the shape (the released key's, or the one the verifier published).
    #[error("{shape} key file has digest {found}, expected {expected}: not the released key")]
    UnreleasedKey {
        /// The shape.
        shape: &'static str,
        /// The expected digest (hex).
        expected: String,
        /// The file's digest (hex).
        found: String,
    },
}
