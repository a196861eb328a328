//! Batch verification of many proofs for one verifying key.
//!
//! With weights `ρ_i` drawn from a merlin transcript over the key and every
//! proof and input, all equations `e(A_i, B_i) = e(α, β)·e(IC_i, γ)·e(C_i, δ)`
//! are checked at once as
//! `Π e(ρ_i·A_i, B_i) · e(−Σ ρ_i·IC_i, γ) · e(−Σ ρ_i·C_i, δ) = e(α, β)^{Σ ρ_i}`:
//! `n + 2` Miller loops and one final exponentiation. If the batch fails, halves
//! are checked recursively to name the invalid proofs.

use crate::pairing::{Arithmetic, G2};
use crate::transcript::TranscriptProtocol;
use crate::Target;
use crate::{Fr, PreparedVerifyingKey, Proof, PublicInputs, VerifyError};
use alloc::vec::Vec;
use ark_ff::Zero;

fn batch_holds<A: Arithmetic>(
    pvk: &PreparedVerifyingKey,
    items: &[(&Proof, &PublicInputs)],
    weights: &[Fr],
) -> bool {
    let vk = &pvk.vk;
    // As in `groth16_holds`: a key with more points than inputs would leave
    // the trailing ones unbound (`verify_batch_with` refuses such keys first).
    if vk.gamma_abc_g1.len() != crate::PUBLIC_INPUTS + 1 || weights.len() != items.len() {
        return false;
    }
    let mut pairs = Vec::with_capacity(items.len() + 2);
    // Σ ρ_i·IC_i = IC_0·Σρ_i + Σ_j IC_j·(Σ_i ρ_i·x_ij): one MSM over the key's 8 points.
    let mut input_scalars = [Fr::zero(); crate::PUBLIC_INPUTS + 1];
    let mut c_points = Vec::with_capacity(items.len());
    for ((proof, public), rho) in items.iter().zip(weights) {
        pairs.push((A::g1_mul(&proof.a, *rho), G2::Point(proof.b)));
        input_scalars[0] += rho;
        for (acc, x) in input_scalars[1..].iter_mut().zip(public.to_field_elements()) {
            *acc += *rho * x;
        }
        c_points.push(proof.c);
    }
    let input_acc = A::linear_combination(&vk.gamma_abc_g1, input_scalars.to_vec());
    let c_acc = A::linear_combination(&c_points, weights.to_vec());
    pairs.push((input_acc, G2::Prepared(&pvk.gamma_g2_neg_pc)));
    pairs.push((c_acc, G2::Prepared(&pvk.delta_g2_neg_pc)));
    A::product_is(pairs, &A::pow(&pvk.alpha_g1_beta_g2, input_scalars[0]))
}

fn weights(pvk: &PreparedVerifyingKey, items: &[(&Proof, &PublicInputs)]) -> Vec<Fr> {
    let mut transcript = merlin::Transcript::new(b"medzk");
    transcript.batch_domain_sep(items.len() as u64);
    transcript.append_key(&pvk.vk);
    for (proof, public) in items {
        transcript.append_statement(proof, public);
    }
    items.iter().map(|_| transcript.challenge_weight()).collect()
}

fn find_invalid<A: Arithmetic>(
    pvk: &PreparedVerifyingKey,
    items: &[(&Proof, &PublicInputs)],
    offset: usize,
    out: &mut Vec<usize>,
) {
    if items.len() == 1 {
        if crate::verify_with::<A>(pvk, items[0].1, items[0].0).is_err() {
            out.push(offset);
        }
        return;
    }
    if batch_holds::<A>(pvk, items, &weights(pvk, items)) {
        return;
    }
    let mid = items.len() / 2;
    find_invalid::<A>(pvk, &items[..mid], offset, out);
    find_invalid::<A>(pvk, &items[mid..], offset + mid, out);
}

/// Verifies many proofs for one key. On failure returns
/// [`VerifyError::BatchInvalid`] with the indices of the invalid proofs, or
/// [`VerifyError::WrongKey`] for a key that is not a medzk key (one built
/// without [`crate::prepare`], whose check this repeats).
pub fn verify_batch_pairing_only(
    pvk: &PreparedVerifyingKey,
    items: &[(&Proof, &PublicInputs)],
) -> Result<(), VerifyError> {
    verify_batch_with::<Target>(pvk, items)
}

pub(crate) fn verify_batch_with<A: Arithmetic>(
    pvk: &PreparedVerifyingKey,
    items: &[(&Proof, &PublicInputs)],
) -> Result<(), VerifyError> {
    let inputs = pvk.vk.gamma_abc_g1.len().saturating_sub(1);
    if inputs != crate::PUBLIC_INPUTS {
        return Err(VerifyError::WrongKey(inputs));
    }
    if items.is_empty() {
        return Ok(());
    }
    if batch_holds::<A>(pvk, items, &weights(pvk, items)) {
        return Ok(());
    }
    let mut invalid = Vec::new();
    let mid = items.len() / 2;
    find_invalid::<A>(pvk, &items[..mid], 0, &mut invalid);
    find_invalid::<A>(pvk, &items[mid..], mid, &mut invalid);
    if invalid.is_empty() {
        // Cannot happen for a sound batch check; report the whole batch rather than accept.
        invalid.extend(0..items.len());
    }
    Err(VerifyError::BatchInvalid(invalid))
}
