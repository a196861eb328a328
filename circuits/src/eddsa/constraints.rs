//! The in-circuit EdDSA-Poseidon verifier.
//!
//! It enforces the cofactored equation `8·(S·Base8) = 8·R8 + 8·hm·(8·A)` with
//! `hm = Poseidon(R8.x, R8.y, A.x, A.y, msg)`, and rejects:
//! - `A` or `R8` off the curve (allocation of a [`PointVar`] checks the curve equation),
//! - small-order `A` (`8·A` must not be the identity),
//! - `S ≥ l` (non-canonical responses),
//! - a non-canonical bit decomposition of `hm` (the bits are checked `< r`).

use super::Signature;
use crate::babyjubjub::{constraints::PointVar, sub_order, Point};
use crate::comparison::constraints::{enforce_bits_at_most, to_bits_le};
use crate::{poseidon, Fr, FrVar};
use ark_ff::PrimeField;
use ark_r1cs_std::{
    alloc::{AllocVar, AllocationMode},
    convert::ToBitsGadget,
    eq::EqGadget,
    fields::FieldVar,
};
use ark_relations::gr1cs::{Namespace, SynthesisError};
use num_bigint::BigUint;
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
    enforce_bits_at_most(&s_bits, &(sub_order() - 1u32))?;

    let hm = poseidon::constraints::hash(&[
        signature.r8.x.clone(),
        signature.r8.y.clone(),
        public_key.x.clone(),
        public_key.y.clone(),
        message.clone(),
    ])?;
    let hm_bits = hm.to_non_unique_bits_le()?;
    enforce_bits_at_most(&hm_bits, &(BigUint::from(Fr::MODULUS) - 1u32))?;

    let eight_a = public_key.mul_by_cofactor()?;
    eight_a.x.enforce_not_equal(&FrVar::zero())?;
    let hm_eight_a = eight_a.scalar_mul_variable_base(&hm_bits)?;
    let s_base8 = PointVar::scalar_mul_fixed_base(&Point::base8(), &s_bits)?;

    let difference = s_base8.add(&signature.r8.add(&hm_eight_a)?.negate())?;
    difference.mul_by_cofactor()?.enforce_equal(&PointVar::identity())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eddsa::SecretKey;
    use crate::test_utils::{cs, satisfied};
    use ark_ff::{Field, One, Zero};
    use ark_r1cs_std::alloc::AllocationMode::Witness;

    fn accepts(pk: Point, msg: Fr, sig: Signature) -> bool {
        let cs = cs();
        let pk = PointVar::new_variable(cs.clone(), || Ok(pk), Witness).unwrap();
        let msg = FrVar::new_witness(cs.clone(), || Ok(msg)).unwrap();
        let sig = SignatureVar::new_witness(cs.clone(), || Ok(sig)).unwrap();
        verify(&pk, &msg, &sig).is_ok() && satisfied(&cs)
    }

    fn setup() -> (Point, Fr, Signature) {
        let sk = SecretKey::from_bytes([3; 32]);
        let msg = Fr::from(2024u64);
        (sk.public_key().point(), msg, sk.sign(msg))
    }

    #[test]
    fn valid_signature_is_accepted() {
        let (pk, msg, sig) = setup();
        assert!(accepts(pk, msg, sig));
    }

    #[test]
    fn forged_or_altered_signatures_are_rejected() {
        let (pk, msg, sig) = setup();
        assert!(!accepts(pk, msg + Fr::one(), sig), "wrong message");
        assert!(!accepts(pk, msg, Signature { s: sig.s + Fr::one(), ..sig }), "altered S");
        assert!(!accepts(pk, msg, Signature { r8: sig.r8.neg(), ..sig }), "altered R8");
        let other = SecretKey::from_bytes([4; 32]).public_key().point();
        assert!(!accepts(other, msg, sig), "another issuer's key");
        // S + l satisfies the group equation but is not canonical.
        let s_plus_l = sig.s + Fr::from(crate::babyjubjub::sub_order());
        assert!(!accepts(pk, msg, Signature { s: s_plus_l, ..sig }), "S + l");
    }

    #[test]
    fn off_curve_nonce_point_is_rejected() {
        let (pk, msg, sig) = setup();
        let off_curve = Point { x: sig.r8.x, y: sig.r8.y + Fr::one() };
        assert!(!accepts(pk, msg, Signature { r8: off_curve, ..sig }));
        let off_curve_key = Point { x: pk.x + Fr::one(), y: pk.y };
        assert!(!accepts(off_curve_key, msg, sig));
    }

    #[test]
    fn small_order_keys_cannot_be_used_to_forge() {
        // With a small-order key, 8·hm·A vanishes and R8 = S·Base8 would pass the
        // group equation for any message; the gadget must reject the key.
        let order2 = Point::new(Fr::zero(), -Fr::one()).unwrap();
        let x4 = Fr::from(crate::babyjubjub::COEFF_A).inverse().unwrap().sqrt().unwrap();
        let order4 = Point::new(x4, Fr::zero()).unwrap();
        for key in [order2, order4, Point::identity()] {
            assert!(key.is_small_order());
            let s = Fr::from(123456789u64);
            let r8 = Point::base8().mul(&crate::field::biguint_from_fr(&s));
            assert!(!accepts(key, Fr::from(1u64), Signature { r8, s }));
            assert!(crate::eddsa::PublicKey::from_point(key).is_err());
        }
    }
}
