//! A holder's checks of a proving key made by someone else.
//!
//! A holder proves with the proving key the verifier (or whoever ran setup)
//! hands out. The key file's payload digest is a checksum anyone can
//! recompute, and the curve/subgroup checks of [`LoadMode::Validated`] accept
//! any valid points, so a verifier could hand out a key built to leak the
//! witness: with α = δ = identity and `a_query` chosen by the verifier, the
//! proof's `A = α + Σ zᵢ·aᵢ + r·δ` is no longer blinded by `r`, and a witness
//! value (a vaccination date) can be read back from `A` by a small search.
//!
//! [`check_proving_key`] refuses such keys before anything is proven with them:
//!
//! - **identity points**: α (G1), β (G1 and G2), γ (G2) and δ (G1 and G2) must
//!   not be the identity (δ blinds `A`, `B` and `C`; β and α are the
//!   "knowledge" terms);
//! - **G1/G2 consistency**: β in G1 and β in G2, and every `b_g1_query[i]`
//!   and `b_g2_query[i]`, must encode the same scalar, so the two halves of `B`
//!   (G2 for the pairing, G1 inside `C`) are one value.
//!
//! A key does not contain the generators its setup used: ark-groth16 draws a
//! random generator of each group (`g₁`, `g₂`) and forgets them, so "δ₁ and δ₂
//! are the same scalar" has no meaning on its own (any two non-identity points
//! are `d·g₁`, `d·g₂` for some generators). δ is the reference pair instead:
//! a pair `(X, Y)` is consistent when `e(X, δ₂) = e(δ₁, Y)`, i.e. `X = x·g₁`,
//! `Y = x·g₂` for the generators that make `δ₁ = d·g₁`, `δ₂ = d·g₂`. So β and
//! the `b` queries are checked against δ, and a β or δ whose halves disagree
//! shows as [`KeyCheck::BetaDeltaMismatch`].
//!
//! The equations are checked at once with random 128-bit weights ρₖ:
//! `e(Σ ρₖ·Xₖ, δ₂) · e(−δ₁, Σ ρₖ·Yₖ) = 1`, one G1 MSM, one G2 MSM (run
//! concurrently, with [`crate::msm`]) and one two-pairing product. If any
//! equation fails, the product is `g^(Σ ρₖ·tₖ)` for some `tₖ ≠ 0` mod the
//! prime group order `r > 2^128`, which is 1 for at most one value of each
//! ρₖ: an inconsistent key passes with probability at most 2^−128. A failure is
//! then located (β, else the first bad `b` query index, by bisection) so the
//! error names the check.
//!
//! [`check_matches_verifying_key`] compares the verifying key embedded in the
//! proving key (the α, β, γ, δ the prover uses) with a verifying key published
//! separately by the verifier.
//!
//! What these checks do **not** establish: that `a_query`, `h_query` and
//! `l_query` were derived from one τ and the circuit's QAP. The key holds no
//! plain powers of τ to check them against, so a key with a crafted `l_query`
//! or `h_query` still passes, and a verifier holding its trapdoor can then test
//! guesses of witness values against a proof. Subversion zero-knowledge in full
//! needs a key with extra elements (or a multi-party ceremony whose transcript
//! is checked); until then holders must also compare the key's digest with
//! the digest the verifier publishes ([`crate::keyfile::released_key_digest`]).
//!
//! [`LoadMode::Validated`]: crate::LoadMode::Validated

use crate::{ProvingKey, VerifyingKey};
use ark_bn254::{Bn254, Fr, G1Affine, G1Projective, G2Affine, G2Projective};
use ark_ec::pairing::Pairing;
use ark_ec::{AffineRepr, CurveGroup};
use ark_ff::{PrimeField, Zero};
use medzk_msm::{msm, SignedScalars};
use rand::{CryptoRng, RngCore};
use std::ops::Range;

/// The check of [`check_proving_key`] or [`check_matches_verifying_key`] that
/// a proving key failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum KeyCheck {
    /// α in G1 (`vk.alpha_g1`) is the identity.
    #[error("alpha (G1) is the identity")]
    IdentityAlphaG1,
    /// β in G1 (`beta_g1`) is the identity.
    #[error("beta (G1) is the identity")]
    IdentityBetaG1,
    /// β in G2 (`vk.beta_g2`) is the identity.
    #[error("beta (G2) is the identity")]
    IdentityBetaG2,
    /// γ in G2 (`vk.gamma_g2`) is the identity.
    #[error("gamma (G2) is the identity")]
    IdentityGammaG2,
    /// δ in G1 (`delta_g1`) is the identity: proofs would not be blinded.
    #[error("delta (G1) is the identity")]
    IdentityDeltaG1,
    /// δ in G2 (`vk.delta_g2`) is the identity: proofs would not be blinded.
    #[error("delta (G2) is the identity")]
    IdentityDeltaG2,
    /// `b_g1_query` and `b_g2_query` have different lengths.
    #[error("b_g1_query has {g1} points, b_g2_query {g2}")]
    QueryLengths {
        /// The length of `b_g1_query`.
        g1: usize,
        /// The length of `b_g2_query`.
        g2: usize,
    },
    /// β's halves and δ's halves do not encode the same ratio:
    /// `e(β₁, δ₂) ≠ e(δ₁, β₂)` (β in G1 and in G2 differ, or δ's do).
    #[error("beta and delta in G1 and G2 differ (e(beta_g1, delta_g2) != e(delta_g1, beta_g2))")]
    BetaDeltaMismatch,
    /// `b_g1_query[index]` and `b_g2_query[index]` are not the same scalar
    /// (relative to δ: `e(b₁, δ₂) ≠ e(δ₁, b₂)`).
    #[error("b_g1_query[{index}] and b_g2_query[{index}] differ")]
    BQueryMismatch {
        /// The first index found to differ.
        index: usize,
    },
    /// The verifying key inside the proving key differs from the published one.
    #[error("the proving key's verifying key differs from the published verifying key in {field}")]
    VerifyingKeyMismatch {
        /// The first field that differs (`alpha_g1`, `beta_g2`, `gamma_g2`,
        /// `delta_g2` or `gamma_abc_g1`).
        field: &'static str,
    },
}

type Weight = <Fr as PrimeField>::BigInt;

/// A uniform 128-bit weight (enough for a 2^−128 error, half the MSM work of a
/// full-width scalar).
fn weight<R: RngCore>(rng: &mut R) -> Weight {
    let mut w = Weight::zero();
    w.0[0] = rng.next_u64();
    w.0[1] = rng.next_u64();
    w
}

/// Whether `e(x, δ₂) = e(δ₁, y)`: `x` and `y` are the same scalar times the
/// generators that δ is `d` times.
fn same_scalar(pk: &ProvingKey, x: G1Affine, y: G2Affine) -> bool {
    Bn254::multi_pairing([x, -pk.delta_g1], [pk.vk.delta_g2, y]).is_zero()
}

/// `(Σ wᵢ·g1ᵢ, Σ wᵢ·g2ᵢ)`, the two MSMs run concurrently.
fn combine(g1: &[G1Affine], g2: &[G2Affine], weights: &[Weight]) -> (G1Projective, G2Projective) {
    let scalars = SignedScalars::<Fr>::from_bigints(weights.to_vec());
    rayon::join(|| msm::<G1Projective>(g1, scalars.all()), || msm::<G2Projective>(g2, scalars.all()))
}

/// Whether the `b` queries over `range` pass the check batched with `weights`.
fn b_queries_agree(pk: &ProvingKey, range: Range<usize>, weights: &[Weight]) -> bool {
    let (x, y) = combine(&pk.b_g1_query[range.clone()], &pk.b_g2_query[range.clone()], &weights[range]);
    same_scalar(pk, x.into_affine(), y.into_affine())
}

/// The identity checks, in the order α, β (G1, G2), γ, δ (G1, G2).
fn check_identities(pk: &ProvingKey) -> Result<(), KeyCheck> {
    let checks = [
        (pk.vk.alpha_g1.is_zero(), KeyCheck::IdentityAlphaG1),
        (pk.beta_g1.is_zero(), KeyCheck::IdentityBetaG1),
        (pk.vk.beta_g2.is_zero(), KeyCheck::IdentityBetaG2),
        (pk.vk.gamma_g2.is_zero(), KeyCheck::IdentityGammaG2),
        (pk.delta_g1.is_zero(), KeyCheck::IdentityDeltaG1),
        (pk.vk.delta_g2.is_zero(), KeyCheck::IdentityDeltaG2),
    ];
    match checks.into_iter().find(|(identity, _)| *identity) {
        Some((_, failed)) => Err(failed),
        None => Ok(()),
    }
}

/// Checks a verifying key's α, β, γ, δ are not the identity (the identity
/// checks of [`check_proving_key`] that a verifying key alone allows).
pub fn check_verifying_key(vk: &VerifyingKey) -> Result<(), KeyCheck> {
    let checks = [
        (vk.alpha_g1.is_zero(), KeyCheck::IdentityAlphaG1),
        (vk.beta_g2.is_zero(), KeyCheck::IdentityBetaG2),
        (vk.gamma_g2.is_zero(), KeyCheck::IdentityGammaG2),
        (vk.delta_g2.is_zero(), KeyCheck::IdentityDeltaG2),
    ];
    match checks.into_iter().find(|(identity, _)| *identity) {
        Some((_, failed)) => Err(failed),
        None => Ok(()),
    }
}

/// Checks a proving key from elsewhere before a holder proves with it: no
/// identity α, β, γ, δ, and β and every `b` query consistent between G1 and
/// G2 relative to δ (batched with weights from `rng`; see the [module docs](self) for what
/// this proves and what it does not). The points are assumed on the curve and
/// in the subgroup (as a [`LoadMode::Validated`](crate::LoadMode) load checks).
///
/// Cost: one G1 and one G2 MSM of 128-bit scalars over the `b` queries and
/// one two-pairing product; a failing key costs about as much again to locate.
pub fn check_proving_key<R: RngCore + CryptoRng>(pk: &ProvingKey, rng: &mut R) -> Result<(), KeyCheck> {
    check_identities(pk)?;
    let n = pk.b_g1_query.len();
    if pk.b_g2_query.len() != n {
        return Err(KeyCheck::QueryLengths { g1: n, g2: pk.b_g2_query.len() });
    }
    let rho_beta = Fr::from(weight(rng));
    let weights: Vec<Weight> = (0..n).map(|_| weight(rng)).collect();
    let (x, y) = combine(&pk.b_g1_query, &pk.b_g2_query, &weights);
    let (x, y) = (x + pk.beta_g1 * rho_beta, y + pk.vk.beta_g2 * rho_beta);
    if same_scalar(pk, x.into_affine(), y.into_affine()) {
        return Ok(());
    }
    // Something differs: name it.
    if !same_scalar(pk, pk.beta_g1, pk.vk.beta_g2) {
        return Err(KeyCheck::BetaDeltaMismatch);
    }
    // The b queries over `range` hold a failing equation: halve until one is left
    // (a half that passes holds none, up to the 2^−128 error).
    let mut range = 0..n;
    while range.len() > 1 {
        let middle = range.start + range.len() / 2;
        range = if b_queries_agree(pk, range.start..middle, &weights) {
            middle..range.end
        } else {
            range.start..middle
        };
    }
    Err(KeyCheck::BQueryMismatch { index: range.start })
}

/// Checks that the verifying key inside a proving key (the α, β, γ, δ and
/// input bases a holder's proofs are made for) equals a verifying key the
/// verifier published separately; names the first field that differs.
pub fn check_matches_verifying_key(pk: &ProvingKey, vk: &VerifyingKey) -> Result<(), KeyCheck> {
    let embedded = &pk.vk;
    let field = if embedded.alpha_g1 != vk.alpha_g1 {
        "alpha_g1"
    } else if embedded.beta_g2 != vk.beta_g2 {
        "beta_g2"
    } else if embedded.gamma_g2 != vk.gamma_g2 {
        "gamma_g2"
    } else if embedded.delta_g2 != vk.delta_g2 {
        "delta_g2"
    } else if embedded.gamma_abc_g1 != vk.gamma_abc_g1 {
        "gamma_abc_g1"
    } else {
        return Ok(());
    };
    Err(KeyCheck::VerifyingKeyMismatch { field })
}

#[cfg(test)]
mod tests {
    use super::*;
    use ark_ec::PrimeGroup;
    use rand::SeedableRng;

    #[test]
    fn same_scalar_tells_equal_logarithms_relative_to_delta() {
        let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(1);
        // Generators other than the standard ones, as ark-groth16's setup draws them.
        let g1 = G1Projective::generator() * Fr::from(rng.next_u64());
        let g2 = G2Projective::generator() * Fr::from(rng.next_u64());
        let pk = ProvingKey {
            vk: VerifyingKey { delta_g2: (g2 * Fr::from(7u64)).into_affine(), ..VerifyingKey::default() },
            beta_g1: G1Affine::zero(),
            delta_g1: (g1 * Fr::from(7u64)).into_affine(),
            a_query: Vec::new(),
            b_g1_query: Vec::new(),
            b_g2_query: Vec::new(),
            h_query: Vec::new(),
            l_query: Vec::new(),
        };
        let (five, six) = (Fr::from(5u64), Fr::from(6u64));
        assert!(same_scalar(&pk, (g1 * five).into_affine(), (g2 * five).into_affine()));
        assert!(!same_scalar(&pk, (g1 * five).into_affine(), (g2 * six).into_affine()));
        assert!(!same_scalar(&pk, G1Affine::generator(), G2Affine::generator()));
        let w = weight(&mut rng);
        assert!(w.0[2] == 0 && w.0[3] == 0 && (w.0[0] | w.0[1]) != 0);
    }
}
