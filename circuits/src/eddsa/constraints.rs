//! The in-circuit EdDSA-Poseidon verifier.
//!
//! It enforces the cofactored equation `8·(S·Base8) = 8·R8 + 8·hm·(8·A)` with
//! `hm = Poseidon(R8.x, R8.y, A.x, A.y, msg)`, and rejects:
//! - `A` or `R8` off the curve (allocation of a [`PointVar`] checks the curve equation),
//! - small-order `A` (`8·A` must not be the identity),
//! - `S ≥ l` (non-canonical responses),
//! - a non-canonical bit decomposition of `hm` (the bits are checked `< r`).

use super::Signature;
use crate::babyjubjub::{constraints::PointVar, Point, Scalar};
use crate::comparison::constraints::to_bits_le;
use crate::{poseidon, Fr, FrVar};
use ark_ff::{Field, PrimeField};
use ark_r1cs_std::{
    alloc::{AllocVar, AllocationMode},
    boolean::Boolean,
    convert::ToBitsGadget,
    eq::EqGadget,
    fields::FieldVar,
};
use ark_relations::gr1cs::{Namespace, SynthesisError};
use std::borrow::Borrow;

/// Bits of a canonical response `S < l` (`l < 2^251`).
const RESPONSE_BITS: usize = 251;

/// An in-circuit signature.
#[derive(Clone, Debug)]
pub struct SignatureVar {
    /// The nonce point, constrained to the curve.
    pub r8: PointVar,
    /// The response.
    pub s: FrVar,
}

impl AllocVar<Signature, Fr> for SignatureVar {
    fn new_variable<T: Borrow<Signature>>(
        cs: impl Into<Namespace<Fr>>,
        f: impl FnOnce() -> Result<T, SynthesisError>,
        mode: AllocationMode,
    ) -> Result<Self, SynthesisError> {
        let cs = cs.into().cs();
        let value = f().map(|s| *s.borrow());
        let r8 = PointVar::new_variable(cs.clone(), || value.map(|s| s.r8), mode)?;
        let s = FrVar::new_variable(cs, || value.map(|s| s.s), mode)?;
        Ok(SignatureVar { r8, s })
    }
}

/// Enforces that `signature` is a valid signature of `message` under `public_key`.
pub fn verify(
    public_key: &PointVar,
    message: &FrVar,
    signature: &SignatureVar,
) -> Result<(), SynthesisError> {
    let s_bits = to_bits_le(&signature.s, RESPONSE_BITS)?;
    Boolean::enforce_smaller_or_equal_than_le(&s_bits, (-Scalar::ONE).into_bigint())?;

    let hm = poseidon::constraints::hash(&[
        signature.r8.x.clone(),
        signature.r8.y.clone(),
        public_key.x.clone(),
        public_key.y.clone(),
        message.clone(),
    ])?;
    let hm_bits = hm.to_bits_le()?;

    let eight_a = public_key.mul_by_cofactor()?;
    eight_a.x.enforce_not_equal(&FrVar::zero())?;
    let hm_eight_a = eight_a.scalar_mul_variable_base(&hm_bits)?;
    let s_base8 = PointVar::scalar_mul_fixed_base(&Point::base8(), &s_bits)?;

    let difference = s_base8.add(&signature.r8.add(&hm_eight_a)?.negate())?;
    difference.mul_by_cofactor()?.enforce_equal(&PointVar::identity())
}
