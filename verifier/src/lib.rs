//! # medzk-verifier
//!
//! The compact verifier of medzk proofs: `no_std` + `alloc`, no `unsafe`, no
//! rayon (unless the prover turns on `parallel` for [`msm`]), no dependency on circuits or the prover. It offers
//! - [`prepare`] and [`verify`] for one proof, and [`Expectations`] that check a
//!   proof's public inputs against what the verifier asked for (policy hash,
//!   trusted issuer roots, scope, challenge, date window);
//! - [`batch::verify_batch`]: many proofs for one key with one final
//!   exponentiation, naming the invalid ones on failure;
//! - [`binary`] (compact, versioned) and [`snarkjs`] (JSON) formats, whose
//!   parsers refuse hostile input with a distinct [`VerifyError`] each;
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
pub mod msm;
pub mod narrow;
pub(crate) mod pairing;
pub mod proof_file;
pub mod snarkjs;
pub mod solidity;
mod transcript;

pub use error::VerifyError;
pub use medzk_types::{Fr, PublicInputs, PUBLIC_INPUTS};

use alloc::vec::Vec;
use ark_bn254::Bn254;
use pairing::{Arithmetic, Target, G2};

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

/// Verifies a proof for the given public inputs (the pairing check only).
pub fn verify(pvk: &PreparedVerifyingKey, public: &PublicInputs, proof: &Proof) -> Result<(), VerifyError> {
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

/// What a verifier requires of a proof's public inputs. Every member is
/// required and checked; nothing defaults to the proof's own value. An empty
/// `issuer_roots` or an empty date window (`from > to`) accepts no proof.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Expectations {
    /// The policy hash of the verifier's policy.
    pub policy_hash: Fr,
    /// Trusted-issuer roots accepted (for example the current and the previous one).
    pub issuer_roots: Vec<Fr>,
    /// The verifier's scope.
    pub scope: Fr,
    /// The challenge the verifier issued for this proof.
    pub challenge: Fr,
    /// The accepted reference dates, inclusive (days since 1900-01-01).
    pub reference_dates: (u32, u32),
}

impl Expectations {
    /// Checks the public inputs against the expectations (before any pairing).
    pub fn check(&self, public: &PublicInputs) -> Result<(), VerifyError> {
        if public.policy_hash != self.policy_hash {
            return Err(VerifyError::UnexpectedPolicy);
        }
        if !self.issuer_roots.contains(&public.issuer_root) {
            return Err(VerifyError::UntrustedIssuerRoot);
        }
        if public.scope != self.scope {
            return Err(VerifyError::WrongScope);
        }
        if public.challenge != self.challenge {
            return Err(VerifyError::WrongChallenge);
        }
        let (from, to) = self.reference_dates;
        if public.reference_date < from || public.reference_date > to {
            return Err(VerifyError::DateOutsideWindow { date: public.reference_date, from, to });
        }
        Ok(())
    }
}

/// Checks the expectations, then the proof.
pub fn verify_expected(
    pvk: &PreparedVerifyingKey,
    expectations: &Expectations,
    public: &PublicInputs,
    proof: &Proof,
) -> Result<(), VerifyError> {
    expectations.check(public)?;
    verify(pvk, public, proof)
}
