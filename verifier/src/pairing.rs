//! The pairing products and G1 sums every verification path uses, behind one
//! trait with two implementations: [`Wide`] (ark-bn254, 64-bit words) and
//! [`crate::narrow`]'s (29-bit limbs). [`crate::Target`] is the one for the
//! target compiled for: narrow in WebAssembly, wide elsewhere. Both give the
//! same values (`tests/narrow.rs`).

use crate::Fr;
use alloc::vec::Vec;
use ark_bn254::{Bn254, Fq, Fq12, G1Affine, G1Projective, G2Affine};
use ark_ec::bn::G2Prepared;
use ark_ec::pairing::Pairing;
use ark_ec::CurveGroup;
use ark_ff::{BigInt, Field, PrimeField};
use ark_serialize::CanonicalDeserialize;
use medzk_msm::{msm, SignedScalars};

pub(crate) use medzk_narrow::G2Input as G2;

/// The group operations verification needs, on ark-bn254's types.
pub(crate) trait Arithmetic {
    /// `Σ scalars_i · bases_i` (one MSM).
    fn linear_combination(bases: &[G1Affine], scalars: Vec<Fr>) -> G1Affine;
    /// `s·p`.
    fn g1_mul(p: &G1Affine, s: Fr) -> G1Affine;
    /// Whether `Π e(p_i, q_i) = expected` (one multi-Miller loop, one final exponentiation).
    fn product_is(pairs: Vec<(G1Affine, G2<'_>)>, expected: &Fq12) -> bool;
    /// `e(p, q)`.
    fn pairing(p: G1Affine, q: G2Affine) -> Fq12;
    /// `x^exponent` in the target group.
    fn pow(x: &Fq12, exponent: Fr) -> Fq12;
    /// A G2 point's line coefficients for Miller loops.
    fn prepare_g2(p: G2Affine) -> G2Prepared<ark_bn254::Config>;
    /// Whether a G1 point is on the curve (G1 has cofactor 1: then it is in the group).
    fn g1_is_on_curve(p: &G1Affine) -> bool;
    /// Whether a G2 point is on the twist.
    fn g2_is_on_curve(p: &G2Affine) -> bool;
    /// Whether a G2 point on the twist is in the prime-order subgroup.
    fn g2_is_in_subgroup(p: &G2Affine) -> bool;
    /// ark-serialize's compressed G1 encoding, decoded without checks.
    fn g1_decompress(bytes: &[u8]) -> Option<G1Affine>;
    /// ark-serialize's compressed G2 encoding, decoded without checks.
    fn g2_decompress(bytes: &[u8]) -> Option<G2Affine>;
    /// A base-field element from its integer, `None` unless below p.
    fn fq_from_bigint(x: BigInt<4>) -> Option<Fq>;
}

/// ark-bn254's arithmetic.
#[cfg_attr(target_family = "wasm", allow(dead_code))]
pub(crate) struct Wide;

impl Arithmetic for Wide {
    fn linear_combination(bases: &[G1Affine], scalars: Vec<Fr>) -> G1Affine {
        msm::<G1Projective>(bases, SignedScalars::new(scalars).all()).into_affine()
    }

    fn g1_mul(p: &G1Affine, s: Fr) -> G1Affine {
        (*p * s).into_affine()
    }

    fn product_is(pairs: Vec<(G1Affine, G2<'_>)>, expected: &Fq12) -> bool {
        let (g1, g2): (Vec<_>, Vec<G2Prepared<ark_bn254::Config>>) = pairs
            .into_iter()
            .map(|(p, q)| match q {
                G2::Point(q) => (p, q.into()),
                G2::Prepared(q) => (p, q.clone()),
            })
            .unzip();
        Bn254::final_exponentiation(Bn254::multi_miller_loop(g1, g2)).is_some_and(|out| out.0 == *expected)
    }

    fn pairing(p: G1Affine, q: G2Affine) -> Fq12 {
        Bn254::pairing(p, q).0
    }

    fn pow(x: &Fq12, exponent: Fr) -> Fq12 {
        x.pow(exponent.into_bigint())
    }

    fn prepare_g2(p: G2Affine) -> G2Prepared<ark_bn254::Config> {
        p.into()
    }

    fn g1_is_on_curve(p: &G1Affine) -> bool {
        p.is_on_curve()
    }

    fn g2_is_on_curve(p: &G2Affine) -> bool {
        p.is_on_curve()
    }

    fn g2_is_in_subgroup(p: &G2Affine) -> bool {
        p.is_in_correct_subgroup_assuming_on_curve()
    }

    fn g1_decompress(bytes: &[u8]) -> Option<G1Affine> {
        G1Affine::deserialize_compressed_unchecked(bytes).ok()
    }

    fn g2_decompress(bytes: &[u8]) -> Option<G2Affine> {
        G2Affine::deserialize_compressed_unchecked(bytes).ok()
    }

    fn fq_from_bigint(x: BigInt<4>) -> Option<Fq> {
        Fq::from_bigint(x)
    }
}
