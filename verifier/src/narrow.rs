//! The verifier on narrow limbs: [`medzk_narrow`]'s pairing products
//! (re-exported here, built for speed) and the once-a-proof operations
//! (decoding, curve and subgroup checks, key preparation), defined here so
//! that they are built for size with the rest of the verify module. What
//! WebAssembly builds run; callable on any target so that native tests check
//! it against ark-bn254.

pub use medzk_narrow::*;

use crate::pairing::Arithmetic;
use crate::{Fr, PreparedVerifyingKey, Proof, PublicInputs, VerifyError, VerifyingKey};
use alloc::vec::Vec;
use ark_ec::bn::G2Prepared;
use ark_ec::pairing::Pairing;
use ark_ec::short_weierstrass::Projective;
use ark_ec::CurveGroup;
use ark_ff::{Field, PrimeField};
use medzk_msm::{msm, SignedScalars};

/// The verifier's arithmetic on narrow limbs (ark-bn254 types in and out).
pub(crate) struct Narrow;

impl Arithmetic for Narrow {
    fn linear_combination(bases: &[ark_bn254::G1Affine], scalars: Vec<Fr>) -> ark_bn254::G1Affine {
        let bases: Vec<_> = bases.iter().map(|&p| g1(p)).collect();
        g1_to_ark(
            &msm::<Projective<curve::G1Config>>(&bases, SignedScalars::new(scalars).all()).into_affine(),
        )
    }

    fn g1_mul(p: &ark_bn254::G1Affine, s: Fr) -> ark_bn254::G1Affine {
        g1_to_ark(&(g1(*p) * s).into_affine())
    }

    fn product_is(pairs: Vec<(ark_bn254::G1Affine, G2Input<'_>)>, expected: &ark_bn254::Fq12) -> bool {
        medzk_narrow::product_is(pairs, expected)
    }

    fn pairing(p: ark_bn254::G1Affine, q: ark_bn254::G2Affine) -> ark_bn254::Fq12 {
        self::pairing(p, q)
    }

    fn pow(x: &ark_bn254::Fq12, exponent: Fr) -> ark_bn254::Fq12 {
        pow(x, exponent.into_bigint().as_ref())
    }

    fn prepare_g2(p: ark_bn254::G2Affine) -> G2Prepared<ark_bn254::Config> {
        self::prepare_g2(p)
    }

    fn g1_is_on_curve(p: &ark_bn254::G1Affine) -> bool {
        self::g1_is_on_curve(p)
    }

    fn g2_is_on_curve(p: &ark_bn254::G2Affine) -> bool {
        self::g2_is_on_curve(p)
    }

    fn g2_is_in_subgroup(p: &ark_bn254::G2Affine) -> bool {
        self::g2_is_in_subgroup(p)
    }

    fn g1_decompress(bytes: &[u8]) -> Option<ark_bn254::G1Affine> {
        self::g1_decompress(bytes)
    }

    fn g2_decompress(bytes: &[u8]) -> Option<ark_bn254::G2Affine> {
        self::g2_decompress(bytes)
    }

    fn fq_from_bigint(x: ark_ff::BigInt<4>) -> Option<ark_bn254::Fq> {
        self::fq_from_bigint(x)
    }
}

/// [`crate::prepare`] on narrow limbs (what WebAssembly builds run).
pub fn prepare(vk: &VerifyingKey) -> Result<PreparedVerifyingKey, VerifyError> {
    crate::prepare_with::<Narrow>(vk)
}

/// [`crate::verify`] on narrow limbs (what WebAssembly builds run).
pub fn verify_pairing_only(
    pvk: &PreparedVerifyingKey,
    public: &PublicInputs,
    proof: &Proof,
) -> Result<(), VerifyError> {
    crate::verify_with::<Narrow>(pvk, public, proof)
}

/// [`crate::batch::verify_batch_pairing_only`] on narrow limbs (what WebAssembly builds run).
pub fn verify_batch_pairing_only(
    pvk: &PreparedVerifyingKey,
    items: &[(&Proof, &PublicInputs)],
) -> Result<(), VerifyError> {
    crate::batch::verify_batch_with::<Narrow>(pvk, items)
}

/// `e(p, q)` on narrow limbs.
pub fn pairing(p: ark_bn254::G1Affine, q: ark_bn254::G2Affine) -> ark_bn254::Fq12 {
    fq12_to_ark(&Bn254::pairing(g1(p), g2(q)).0)
}

/// `x^exponent` (little-endian words) in the target group, on narrow limbs.
pub fn pow(x: &ark_bn254::Fq12, exponent: &[u64]) -> ark_bn254::Fq12 {
    fq12_to_ark(&fq12(x).pow(exponent))
}

/// A G2 point's line coefficients, computed on narrow limbs, as ark-ec's type.
pub fn prepare_g2(p: ark_bn254::G2Affine) -> G2Prepared<ark_bn254::Config> {
    let two = |y: &curve::Fq2| ark_bn254::Fq2::new(field::to_ark(y.c0), field::to_ark(y.c1));
    let prepared = G2Prepared::<curve::Config>::from(g2(p));
    G2Prepared {
        ell_coeffs: prepared.ell_coeffs.iter().map(|(a, b, c)| (two(a), two(b), two(c))).collect(),
        infinity: prepared.infinity,
    }
}

/// Whether a G1 point is on the curve.
pub fn g1_is_on_curve(p: &ark_bn254::G1Affine) -> bool {
    g1(*p).is_on_curve()
}

/// Whether a G2 point is on the curve.
pub fn g2_is_on_curve(p: &ark_bn254::G2Affine) -> bool {
    g2(*p).is_on_curve()
}

/// Whether a G2 point on the curve is in the prime-order subgroup.
pub fn g2_is_in_subgroup(p: &ark_bn254::G2Affine) -> bool {
    g2(*p).is_in_correct_subgroup_assuming_on_curve()
}

/// The coordinate and flags of ark-serialize's compressed encoding: 32
/// little-endian bytes per base-field element, the last byte's top bits
/// saying "y is the greater root" (bit 7) or "point at infinity" (bit 6).
/// `None` for both flags at once or a coordinate ≥ p, as ark-serialize.
fn compressed_coordinate(bytes: &[u8]) -> Option<(ark_bn254::Fq, bool, bool)> {
    let mut words = [0u64; 4];
    for (word, chunk) in words.iter_mut().zip(bytes.chunks_exact(8)) {
        let mut le = [0u8; 8];
        le.copy_from_slice(chunk);
        *word = u64::from_le_bytes(le);
    }
    let flags = bytes[31] >> 6;
    words[3] &= u64::MAX >> 2;
    if flags == 0b11 {
        return None;
    }
    Some((fq_from_bigint(ark_ff::BigInt(words))?, flags == 0b10, flags == 0b01))
}

/// A compressed G1 point (ark-serialize's encoding), decompressed on narrow
/// limbs with no checks beyond the encoding's: what ark-serialize's
/// `deserialize_compressed_unchecked` returns (without its `std::io` code).
pub fn g1_decompress(bytes: &[u8]) -> Option<ark_bn254::G1Affine> {
    if bytes.len() != 32 {
        return None;
    }
    let (x, greatest, infinity) = compressed_coordinate(bytes)?;
    if infinity {
        return Some(ark_bn254::G1Affine::identity());
    }
    G1Affine::get_point_from_x_unchecked(field::from_ark(x), greatest).map(|p| g1_to_ark(&p))
}

/// A compressed G2 point, decompressed on narrow limbs (as [`g1_decompress`];
/// x = c0 + c1·u, the flags in c1's last byte).
pub fn g2_decompress(bytes: &[u8]) -> Option<ark_bn254::G2Affine> {
    if bytes.len() != 64 {
        return None;
    }
    let (c0, _, _) = compressed_coordinate(&bytes[..32]).filter(|(_, g, i)| !g && !i)?;
    let (c1, greatest, infinity) = compressed_coordinate(&bytes[32..])?;
    if infinity {
        return Some(ark_bn254::G2Affine::identity());
    }
    let x = curve::Fq2::new(field::from_ark(c0), field::from_ark(c1));
    G2Affine::get_point_from_x_unchecked(x, greatest).map(|p| g2_to_ark(&p))
}

/// A base-field element from its integer (below p), into Montgomery form on
/// narrow limbs.
pub fn fq_from_bigint(x: ark_ff::BigInt<4>) -> Option<ark_bn254::Fq> {
    <field::Fq as ark_ff::PrimeField>::from_bigint(x).map(field::to_ark)
}
