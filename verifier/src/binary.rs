//! The compact binary formats, each starting with a version byte (1):
//!
//! | item | layout | bytes |
//! |---|---|---|
//! | proof | `A` (G1) ‖ `B` (G2) ‖ `C` (G1), compressed | 1 + 128 |
//! | public inputs | 7 scalars, 32 bytes little-endian each | 1 + 224 |
//! | verifying key | `α` (G1) ‖ `β`, `γ`, `δ` (G2) ‖ count ‖ `IC` (G1 each), compressed | 1 + 224 + 1 + 32·8 |
//!
//! Points use arkworks' compressed encoding: `x` little-endian with the flags
//! in the top two bits of the last byte (bit 7: `y` is the negative root, bit 6:
//! infinity). Decoding checks, in this order and with a distinct error each:
//! length, version, flags, `x < p`, on the curve, in the subgroup (G2), not
//! infinity.

use crate::pairing::Arithmetic;
use crate::Target;
use crate::{Fr, Proof, PublicInputs, VerifyError, VerifyingKey, PUBLIC_INPUTS};
use alloc::vec::Vec;
use ark_bn254::{Fq, G1Affine, G2Affine};
use ark_ec::AffineRepr;
use ark_ff::{BigInteger, PrimeField};
use ark_serialize::CanonicalSerialize;

/// The version byte of every binary format.
pub const FORMAT_VERSION: u8 = 1;
/// The length of an encoded proof.
pub const PROOF_BYTES: usize = 1 + 128;
/// The length of encoded public inputs.
pub const PUBLIC_INPUTS_BYTES: usize = 1 + 32 * PUBLIC_INPUTS;

fn check_version<'a>(
    what: &'static str,
    bytes: &'a [u8],
    expected_len: Option<usize>,
) -> Result<&'a [u8], VerifyError> {
    if let Some(len) = expected_len {
        if bytes.len() != len {
            return Err(VerifyError::WrongLength { what, expected: len, found: bytes.len() });
        }
    }
    match bytes.first() {
        None => Err(VerifyError::WrongLength { what, expected: expected_len.unwrap_or(1), found: 0 }),
        Some(&FORMAT_VERSION) => Ok(&bytes[1..]),
        Some(&v) => Err(VerifyError::UnsupportedVersion { what, found: v }),
    }
}

/// Whether 32 little-endian bytes (flag bits cleared) are below the base-field modulus.
fn canonical_fq(bytes: &[u8]) -> bool {
    ark_ff::BigInt::new(words(bytes)) < Fq::MODULUS
}

fn flags(what: &'static str, last: u8) -> Result<(), VerifyError> {
    match last >> 6 {
        0b11 => Err(VerifyError::InvalidFlags(what)),
        0b01 => Err(VerifyError::PointAtInfinity(what)),
        _ => Ok(()),
    }
}

/// Decodes a compressed G1 point that must be finite.
pub fn decode_g1(what: &'static str, bytes: &[u8]) -> Result<G1Affine, VerifyError> {
    if bytes.len() != 32 {
        return Err(VerifyError::WrongLength { what, expected: 32, found: bytes.len() });
    }
    flags(what, bytes[31])?;
    let mut x = [0u8; 32];
    x.copy_from_slice(bytes);
    x[31] &= 0x3f;
    if !canonical_fq(&x) {
        return Err(VerifyError::NonCanonicalCoordinate(what));
    }
    // BN254's G1 has cofactor 1: every curve point is in the subgroup.
    let p = Target::g1_decompress(bytes).ok_or(VerifyError::NotOnCurve(what))?;
    // The infinity flag is refused above; this also refuses an identity that
    // a decoder might return for other bytes.
    if p.is_zero() {
        return Err(VerifyError::PointAtInfinity(what));
    }
    if !Target::g1_is_on_curve(&p) {
        return Err(VerifyError::NotOnCurve(what));
    }
    Ok(p)
}

/// Decodes a compressed G2 point that must be finite and in the subgroup.
pub fn decode_g2(what: &'static str, bytes: &[u8]) -> Result<G2Affine, VerifyError> {
    if bytes.len() != 64 {
        return Err(VerifyError::WrongLength { what, expected: 64, found: bytes.len() });
    }
    flags(what, bytes[63])?;
    let mut x1 = [0u8; 32];
    x1.copy_from_slice(&bytes[32..]);
    x1[31] &= 0x3f;
    if !canonical_fq(&bytes[..32]) || !canonical_fq(&x1) {
        return Err(VerifyError::NonCanonicalCoordinate(what));
    }
    let p = Target::g2_decompress(bytes).ok_or(VerifyError::NotOnCurve(what))?;
    if p.is_zero() {
        return Err(VerifyError::PointAtInfinity(what));
    }
    if !Target::g2_is_on_curve(&p) {
        return Err(VerifyError::NotOnCurve(what));
    }
    if !Target::g2_is_in_subgroup(&p) {
        return Err(VerifyError::NotInSubgroup(what));
    }
    Ok(p)
}

fn encode_point<P: CanonicalSerialize>(p: &P, out: &mut Vec<u8>) {
    // A literal message: `expect` would format the error with `Debug`, whose
    // code (down to `std::io::Error`'s) the WebAssembly module would carry.
    assert!(p.serialize_compressed(out).is_ok(), "writing to a Vec cannot fail");
}

/// ark-serialize's compressed encoding of a value.
pub(crate) fn compressed<P: CanonicalSerialize>(p: &P) -> Vec<u8> {
    let mut out = Vec::new();
    encode_point(p, &mut out);
    out
}

/// Four little-endian words from 32 bytes (callers check the length).
fn words(bytes: &[u8]) -> [u64; 4] {
    let mut limbs = [0u64; 4];
    for (limb, chunk) in limbs.iter_mut().zip(bytes.chunks_exact(8)) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        *limb = u64::from_le_bytes(word);
    }
    limbs
}

/// Encodes a proof (129 bytes).
pub fn encode_proof(proof: &Proof) -> Vec<u8> {
    let mut out = Vec::with_capacity(PROOF_BYTES);
    out.push(FORMAT_VERSION);
    encode_point(&proof.a, &mut out);
    encode_point(&proof.b, &mut out);
    encode_point(&proof.c, &mut out);
    out
}

/// Decodes a proof.
pub fn decode_proof(bytes: &[u8]) -> Result<Proof, VerifyError> {
    let body = check_version("proof", bytes, Some(PROOF_BYTES))?;
    Ok(Proof {
        a: decode_g1("proof A", &body[..32])?,
        b: decode_g2("proof B", &body[32..96])?,
        c: decode_g1("proof C", &body[96..])?,
    })
}

/// Decodes a scalar that must be below r.
pub fn decode_scalar(index: usize, bytes: &[u8]) -> Result<Fr, VerifyError> {
    if bytes.len() != 32 {
        return Err(VerifyError::WrongLength { what: "scalar", expected: 32, found: bytes.len() });
    }
    Fr::from_bigint(ark_ff::BigInt::new(words(bytes))).ok_or(VerifyError::NonCanonicalScalar(index))
}

/// Encodes public inputs (225 bytes).
pub fn encode_public_inputs(public: &PublicInputs) -> Vec<u8> {
    let mut out = Vec::with_capacity(PUBLIC_INPUTS_BYTES);
    out.push(FORMAT_VERSION);
    for x in public.to_field_elements() {
        out.extend_from_slice(&x.into_bigint().to_bytes_le());
    }
    out
}

/// Decodes public inputs; each must be below r, and the date must fit 32 bits.
pub fn decode_public_inputs(bytes: &[u8]) -> Result<PublicInputs, VerifyError> {
    let body = check_version("public inputs", bytes, Some(PUBLIC_INPUTS_BYTES))?;
    let mut x = [Fr::from(0u64); PUBLIC_INPUTS];
    for (i, chunk) in body.chunks(32).enumerate() {
        x[i] = decode_scalar(i, chunk)?;
    }
    public_inputs_from_scalars(&x)
}

/// Public inputs from 7 scalars in order; the reference date must fit 32 bits.
pub fn public_inputs_from_scalars(x: &[Fr; PUBLIC_INPUTS]) -> Result<PublicInputs, VerifyError> {
    let date = x[2].into_bigint();
    let limbs = date.as_ref();
    if limbs[1..].iter().any(|l| *l != 0) || limbs[0] > u64::from(u32::MAX) {
        return Err(VerifyError::NonCanonicalScalar(2));
    }
    Ok(PublicInputs {
        issuer_root: x[0],
        policy_hash: x[1],
        reference_date: limbs[0] as u32,
        scope: x[3],
        nullifier: x[4],
        challenge: x[5],
        revealed_hash: x[6],
    })
}

/// Encodes a verifying key. The count byte saturates at 255 (a medzk key has
/// 8 points; [`decode_verifying_key`] refuses any other count).
pub fn encode_verifying_key(vk: &VerifyingKey) -> Vec<u8> {
    let mut out = Vec::new();
    out.push(FORMAT_VERSION);
    encode_point(&vk.alpha_g1, &mut out);
    encode_point(&vk.beta_g2, &mut out);
    encode_point(&vk.gamma_g2, &mut out);
    encode_point(&vk.delta_g2, &mut out);
    out.push(u8::try_from(vk.gamma_abc_g1.len()).unwrap_or(u8::MAX));
    for p in &vk.gamma_abc_g1 {
        encode_point(p, &mut out);
    }
    out
}

/// Decodes a verifying key (it must have 7 public inputs).
pub fn decode_verifying_key(bytes: &[u8]) -> Result<VerifyingKey, VerifyError> {
    let expected = 1 + 32 + 3 * 64 + 1 + 32 * (PUBLIC_INPUTS + 1);
    let body = check_version("verifying key", bytes, Some(expected))?;
    let count = body[224] as usize;
    if count != PUBLIC_INPUTS + 1 {
        return Err(VerifyError::WrongKey(count.saturating_sub(1)));
    }
    let ic =
        body[225..].chunks(32).map(|c| decode_g1("verifying key IC", c)).collect::<Result<Vec<_>, _>>()?;
    Ok(VerifyingKey {
        alpha_g1: decode_g1("verifying key alpha", &body[..32])?,
        beta_g2: decode_g2("verifying key beta", &body[32..96])?,
        gamma_g2: decode_g2("verifying key gamma", &body[96..160])?,
        delta_g2: decode_g2("verifying key delta", &body[160..224])?,
        gamma_abc_g1: ic,
    })
}

/// Whether a G1 point is finite (proof and key points must be).
pub fn is_finite(p: &G1Affine) -> bool {
    !p.is_zero()
}
