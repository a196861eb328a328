//! The Groth16 prover's arithmetic over the compact R1CS: the QAP witness map
//! and the proof's multi-scalar multiplications.
//!
//! ark-groth16 takes its matrices only as arkworks `Matrix<Fr>` (31 MB for the
//! `medium` shape) and keeps its proof assembly private, so the two steps are
//! done here, by the same equations: [`witness_map`] is the libsnark reduction
//! ark-groth16 uses (`LibsnarkReduction`), and [`create_proof`] yields exactly
//! the proof ark-groth16 yields for the same `r` and `s` (tested bit for bit).
//! MSMs go through [`medzk_msm::msm_batch_affine`] (batch-affine buckets,
//! without ark-ec's copies and digit tables, which dominated the proving
//! memory; `docs/prover.md`); the G2 MSM runs concurrently with the G1 MSMs.

use crate::r1cs::R1cs;
use crate::{Proof, ProverError, ProvingKey};
use ark_bn254::{Fr, G1Projective};
use ark_ec::CurveGroup;
use ark_ff::{FftField, Field, Zero};
use ark_poly::{EvaluationDomain, GeneralEvaluationDomain};
use medzk_msm::{msm_batch_affine as msm, SignedScalars};
use rayon::prelude::*;

/// The coefficients of `h(X) = (A(X)·B(X) − C(X)) / Z(X)` for the full
/// assignment `z = [1, public…, witness…]` (same as ark-groth16's
/// `LibsnarkReduction::witness_map_from_matrices`).
pub fn witness_map(r1cs: &R1cs, z: &[Fr]) -> Result<Vec<Fr>, ProverError> {
    let (num_constraints, num_instance) = (r1cs.num_constraints(), r1cs.num_instance());
    let domain = GeneralEvaluationDomain::<Fr>::new(num_constraints + num_instance)
        .ok_or_else(|| ProverError::Synthesis("circuit too large for the FFT domain".into()))?;
    let coset =
        domain.get_coset(Fr::GENERATOR).ok_or_else(|| ProverError::Synthesis("no coset domain".into()))?;
    let size = domain.size();
    let evaluations = |which: usize| {
        let mut v = vec![Fr::zero(); size];
        r1cs.evaluate_all(which, z, &mut v[..num_constraints]);
        if which == 0 {
            // libsnark's extra rows bind the public inputs: A has z_i at row n + i.
            v[num_constraints..num_constraints + num_instance].copy_from_slice(&z[..num_instance]);
        }
        domain.ifft_in_place(&mut v);
        coset.fft_in_place(&mut v);
        v
    };
    let (mut ab, b) = rayon::join(|| evaluations(0), || evaluations(1));
    ab.par_iter_mut().zip(&b).for_each(|(a, b)| *a *= b);
    drop(b);
    let c = evaluations(2);
    let z_inverse = domain
        .evaluate_vanishing_polynomial(Fr::GENERATOR)
        .inverse()
        .ok_or_else(|| ProverError::Synthesis("vanishing polynomial is zero on the coset".into()))?;
    ab.par_iter_mut().zip(c).for_each(|(ab, c)| {
        *ab -= c;
        *ab *= z_inverse;
    });
    coset.ifft_in_place(&mut ab);
    Ok(ab)
}

/// Assembles a Groth16 proof from the key, the blinding scalars `r`, `s`, the
/// witness map's `h` and the full assignment `z`.
pub fn create_proof(pk: &ProvingKey, r: Fr, s: Fr, h: Vec<Fr>, z: &[Fr], num_instance: usize) -> Proof {
    let z = SignedScalars::new(z.to_vec());
    let (g2_b, (g_a, g1_b, l_plus_h)) = rayon::join(
        // B in G2: β + Σ z_i·B_i + s·δ
        || pk.vk.beta_g2 + msm(&pk.b_g2_query, z.all()) + pk.vk.delta_g2 * s,
        || {
            let g_a = pk.vk.alpha_g1 + msm(&pk.a_query, z.all()) + pk.delta_g1 * r;
            let g1_b = if r.is_zero() {
                G1Projective::zero()
            } else {
                pk.beta_g1 + msm(&pk.b_g1_query, z.all()) + pk.delta_g1 * s
            };
            let l = msm(&pk.l_query, z.tail(num_instance));
            let h = SignedScalars::new(h);
            (g_a, g1_b, l + msm(&pk.h_query, h.all()))
        },
    );
    // C = s·A + r·B₁ − r·s·δ + Σ witness·L_i + Σ h_i·H_i
    let g_c = g_a * s + g1_b * r - pk.delta_g1 * (r * s) + l_plus_h;
    Proof { a: g_a.into_affine(), b: g2_b.into_affine(), c: g_c.into_affine() }
}
