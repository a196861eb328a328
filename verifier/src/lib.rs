//! # medzk-verifier
//!
//! Checks a medzk proof against a verifying key and the public inputs the
//! verifier expects. It knows nothing of circuits or the prover, uses arkworks
//! without default features and no rayon.
#![no_std]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

use ark_bn254::Bn254;
pub use medzk_types::{Fr, PublicInputs, PUBLIC_INPUTS};

/// A Groth16 verifying key.
pub type VerifyingKey = ark_groth16::VerifyingKey<Bn254>;
/// A verifying key prepared for repeated verification.
pub type PreparedVerifyingKey = ark_groth16::PreparedVerifyingKey<Bn254>;
/// A Groth16 proof.
pub type Proof = ark_groth16::Proof<Bn254>;

/// Why a proof was not accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum VerifyError {
    /// The key is not a medzk key (wrong number of public inputs).
    #[error("the verifying key expects {0} public inputs, medzk proofs have 7")]
    WrongKey(usize),
    /// The pairing check failed: the proof does not prove these public inputs.
    #[error("the proof is invalid for these public inputs")]
    InvalidProof,
}

/// Prepares a verifying key (checks it is a medzk key).
pub fn prepare(vk: &VerifyingKey) -> Result<PreparedVerifyingKey, VerifyError> {
    let inputs = vk.gamma_abc_g1.len().saturating_sub(1);
    if inputs != PUBLIC_INPUTS {
        return Err(VerifyError::WrongKey(inputs));
    }
    Ok(ark_groth16::prepare_verifying_key(vk))
}

/// Verifies a proof for the given public inputs.
pub fn verify(pvk: &PreparedVerifyingKey, public: &PublicInputs, proof: &Proof) -> Result<(), VerifyError> {
    match ark_groth16::Groth16::<Bn254>::verify_proof(pvk, proof, &public.to_field_elements()) {
        Ok(true) => Ok(()),
        _ => Err(VerifyError::InvalidProof),
    }
}
