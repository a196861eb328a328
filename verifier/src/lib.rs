//! # medzk-verifier
//!
//! The compact verifier of medzk proofs: `no_std` + `alloc`, no `unsafe`, no
//! rayon, no dependency on circuits or the prover. It offers
//! - [`prepare`] and [`verify`] for one proof, and [`Expectations`] that check a
//!   proof's public inputs against what the verifier asked for (policy hash,
//!   trusted issuer roots, scope, challenge, date window);
//! - [`batch::verify_batch_pairing_only`]: many proofs for one key with one final
//!   exponentiation, naming the invalid ones on failure;
//! - [`binary`] (compact, versioned) and [`snarkjs`] (JSON) formats, whose
//!   parsers refuse hostile input with a distinct [`VerifyError`] each;
//! - [`key_file`]: the versioned verifying key file (`<shape>.vk`), read and
//!   written here;
//! - [`solidity`]: a Solidity verifier rendered from a key, and a gate contract.
//!
//! The policy hash is an input here; `medzk-policy` (std) recomputes it from a
//! policy document, and the `medzk` facade combines the two.
#![no_std]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

extern crate alloc;

pub mod batch;
pub mod binary;
mod error;
mod expect;
pub mod key_file;
pub mod narrow;
pub(crate) mod pairing;
pub mod proof_file;
pub mod snarkjs;
pub mod solidity;
mod transcript;

pub use error::VerifyError;
pub use expect::{verify_expected, verify_proof_file, Challenge, Expectations, Verified};
pub use medzk_types::{Fr, PublicInputs, PUBLIC_INPUTS};

use alloc::vec::Vec;
use ark_bn254::Bn254;
use pairing::{Arithmetic, G2};

/// The arithmetic for the target compiled for: ark-bn254's natively,
/// [`narrow`]'s 29-bit limbs in WebAssembly.
#[cfg(not(target_family = "wasm"))]
pub(crate) type Target = pairing::Wide;
/// The arithmetic for the target compiled for.
#[cfg(target_family = "wasm")]
pub(crate) type Target = narrow::Narrow;

/// A Groth16 verifying key.
pub type VerifyingKey = ark_groth16::VerifyingKey<Bn254>;
/// A verifying key prepared for repeated verification.
pub type PreparedVerifyingKey = ark_groth16::PreparedVerifyingKey<Bn254>;
/// A Groth16 proof.
pub type Proof = ark_groth16::Proof<Bn254>;

/// Prepares a verifying key (checks it is a medzk key: 7 public inputs).
pub fn prepare(vk: &VerifyingKey) -> Result<PreparedVerifyingKey, VerifyError> {
    prepare_with::<Target>(vk)
}

fn prepare_with<A: Arithmetic>(vk: &VerifyingKey) -> Result<PreparedVerifyingKey, VerifyError> {
    let inputs = vk.gamma_abc_g1.len().saturating_sub(1);
    if inputs != PUBLIC_INPUTS {
        return Err(VerifyError::WrongKey(inputs));
    }
    Ok(prepare_any::<A>(vk))
}

/// ark-groth16's key preparation (e(α, β), and −γ and −δ prepared for Miller
/// loops) on the arithmetic `A` (narrow limbs in WebAssembly).
fn prepare_any<A: Arithmetic>(vk: &VerifyingKey) -> PreparedVerifyingKey {
    PreparedVerifyingKey {
        vk: vk.clone(),
        alpha_g1_beta_g2: A::pairing(vk.alpha_g1, vk.beta_g2),
        gamma_g2_neg_pc: A::prepare_g2(-vk.gamma_g2),
        delta_g2_neg_pc: A::prepare_g2(-vk.delta_g2),
    }
}

/// The Groth16 equation `e(A, B) = e(α, β)·e(IC, γ)·e(C, δ)` with
/// `IC = IC_0 + Σ x_i·IC_i`, as ark-groth16 checks it (one multi-Miller loop
/// with −γ and −δ, one final exponentiation), on [`pairing`]'s arithmetic.
fn groth16_holds<A: Arithmetic>(pvk: &PreparedVerifyingKey, proof: &Proof, inputs: &[Fr]) -> bool {
    // One key point per input plus the constant's: a key with more points
    // would leave the trailing ones unbound (`checked_add`: no overflow).
    if Some(pvk.vk.gamma_abc_g1.len()) != inputs.len().checked_add(1) {
        return false;
    }
    let mut scalars = Vec::with_capacity(pvk.vk.gamma_abc_g1.len());
    scalars.push(Fr::from(1u64));
    scalars.extend_from_slice(inputs);
    let ic = A::linear_combination(&pvk.vk.gamma_abc_g1, scalars);
    let pairs = alloc::vec![
        (proof.a, G2::Point(proof.b)),
        (ic, G2::Prepared(&pvk.gamma_g2_neg_pc)),
        (proof.c, G2::Prepared(&pvk.delta_g2_neg_pc)),
    ];
    A::product_is(pairs, &pvk.alpha_g1_beta_g2)
}

/// WAIVER: verifies a proof for the given public inputs by the pairing check
/// only, with none of a verifier's expectations (policy, roots, scope,
/// challenge, dates). For callers that checked them already or test the
/// circuit; a verifier calls [`verify_expected`] or [`verify_proof_file`].
pub fn verify_pairing_only(
    pvk: &PreparedVerifyingKey,
    public: &PublicInputs,
    proof: &Proof,
) -> Result<(), VerifyError> {
    verify_with::<Target>(pvk, public, proof)
}

fn verify_with<A: Arithmetic>(
    pvk: &PreparedVerifyingKey,
    public: &PublicInputs,
    proof: &Proof,
) -> Result<(), VerifyError> {
    match groth16_holds::<A>(pvk, proof, &public.to_field_elements()) {
        true => Ok(()),
        false => Err(VerifyError::InvalidProof),
    }
}

/// Verifies a Groth16 proof with any number of public inputs against an
/// unprepared key (for proofs made elsewhere, for example by snarkjs).
pub fn verify_scalars(vk: &VerifyingKey, inputs: &[Fr], proof: &Proof) -> Result<(), VerifyError> {
    // A key has a point for the constant and one per input: none is malformed.
    let expected =
        vk.gamma_abc_g1.len().checked_sub(1).ok_or(VerifyError::LengthOutOfRange("verifying key IC"))?;
    if inputs.len() != expected {
        return Err(VerifyError::WrongLength { what: "public inputs", expected, found: inputs.len() });
    }
    match groth16_holds::<Target>(&prepare_any::<Target>(vk), proof, inputs) {
        true => Ok(()),
        false => Err(VerifyError::InvalidProof),
    }
}
