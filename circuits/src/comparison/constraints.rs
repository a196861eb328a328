//! Range checks and comparisons in R1CS.
//!
//! | gadget | constraints (n-bit values) |
//! |---|---|
//! | [`BoundedVar::new`] (range check) | n + 1 |
//! | `is_lt`, `is_le`, `is_gt`, `is_ge` | n + 2 |
//! | `enforce_lt` and friends | n + 1 |
//! | `is_eq`, `is_ne` | 2 |

use super::MAX_BITS;
use crate::{Fr, FrVar};
use ark_ff::{BigInteger, PrimeField};
use ark_r1cs_std::{alloc::AllocVar, boolean::Boolean, eq::EqGadget, fields::FieldVar, GR1CSVar};
use ark_relations::gr1cs::SynthesisError;

/// Decomposes `value` into `n_bits` little-endian bits and enforces that they
/// recompose to it (`n_bits` boolean constraints + 1). Requires `n_bits < 254`,
/// so the decomposition is unique. A constant is decomposed natively and fails
/// with `Unsatisfiable` if it does not fit.
pub fn to_bits_le(value: &FrVar, n_bits: usize) -> Result<Vec<Boolean<Fr>>, SynthesisError> {
    assert!(n_bits < Fr::MODULUS_BIT_SIZE as usize, "bit decomposition must be unique");
    if let FrVar::Constant(c) = value {
        let bits = c.into_bigint().to_bits_le();
        if bits[n_bits..].iter().any(|b| *b) {
            return Err(SynthesisError::Unsatisfiable);
        }
        return Ok(bits[..n_bits].iter().map(|b| Boolean::constant(*b)).collect());
    }
    let cs = value.cs();
    let native = value.value().map(|v| v.into_bigint().to_bits_le());
    let bits = (0..n_bits)
        .map(|i| Boolean::new_witness(cs.clone(), || native.clone().map(|b| b[i])))
        .collect::<Result<Vec<_>, _>>()?;
    Boolean::le_bits_to_fp(&bits)?.enforce_equal(value)?;
    Ok(bits)
}

/// `values[bits]` (little-endian index) by a tree of selects (at most
/// `values.len() − 1` constraints); `values.len()` must be `2^bits.len()`.
pub fn mux<T: ark_r1cs_std::select::CondSelectGadget<Fr> + Clone>(
    bits_le: &[Boolean<Fr>],
    values: &[T],
) -> Result<T, SynthesisError> {
    assert_eq!(values.len(), 1 << bits_le.len());
    let mut layer = values.to_vec();
    for bit in bits_le {
        layer =
            layer.chunks(2).map(|p| T::conditionally_select(bit, &p[1], &p[0])).collect::<Result<_, _>>()?;
    }
    Ok(layer.remove(0))
}

/// Enforces that the little-endian `bits`, read as an integer, are at most the
/// constant `bound` (about one constraint per bit below the top set bit of
/// `bound`; bits above it are forced to zero).
///
/// Scanning from the top, `equal` tracks whether the bits so far equal the
/// bound's: where the bound has a 0, a set bit is only allowed once the
/// prefix is already smaller.
pub fn enforce_bits_at_most(bits: &[Boolean<Fr>], bound: &num_bigint::BigUint) -> Result<(), SynthesisError> {
    let mut equal = Boolean::TRUE;
    for (i, bit) in bits.iter().enumerate().rev() {
        if bound.bit(i as u64) {
            equal &= bit;
        } else {
            FrVar::from(equal.clone()).mul_equals(&FrVar::from(bit.clone()), &FrVar::zero())?;
        }
    }
    Ok(())
}

/// A field element proven to fit in `bits` bits (`bits ≤ 128`). Only values of
/// this type can be compared.
#[derive(Clone, Debug)]
pub struct BoundedVar {
    value: FrVar,
    bits: u32,
}

impl BoundedVar {
    /// Range-checks `value` to `bits` bits (`bits + 1` constraints; none for a constant).
    pub fn new(value: FrVar, bits: u32) -> Result<Self, SynthesisError> {
        assert!((1..=MAX_BITS).contains(&bits), "comparisons take 1..=128-bit values");
        to_bits_le(&value, bits as usize)?;
        Ok(BoundedVar { value, bits })
    }

    /// A value the caller knows to fit in `bits` bits by other means (no
    /// constraints): only for data bound by a public input and range-checked
    /// natively by whoever computes that input (a policy's list keys).
    pub(crate) fn assume_bits(value: FrVar, bits: u32) -> Self {
        assert!((1..=MAX_BITS).contains(&bits), "comparisons take 1..=128-bit values");
        BoundedVar { value, bits }
    }

    /// The value of little-endian bits that are already constrained boolean
    /// (no constraints: the bits are the range check).
    pub fn from_bits_le(bits: &[Boolean<Fr>]) -> Result<Self, SynthesisError> {
        assert!(!bits.is_empty() && bits.len() <= MAX_BITS as usize, "1..=128 bits");
        Ok(BoundedVar { value: Boolean::le_bits_to_fp(bits)?, bits: bits.len() as u32 })
    }

    /// `cond ? a : b` (1 constraint); the result fits the wider of the two.
    pub fn select(cond: &Boolean<Fr>, a: &BoundedVar, b: &BoundedVar) -> Result<Self, SynthesisError> {
        use ark_r1cs_std::select::CondSelectGadget;
        Ok(BoundedVar {
            value: FrVar::conditionally_select(cond, &a.value, &b.value)?,
            bits: a.bits.max(b.bits),
        })
    }

    /// A constant that fits in `bits` bits.
    pub fn constant(value: u64, bits: u32) -> Result<Self, SynthesisError> {
        BoundedVar::new(FrVar::constant(Fr::from(value)), bits)
    }

    /// The underlying field element.
    pub fn value(&self) -> &FrVar {
        &self.value
    }

    /// The bit width the value is proven to fit.
    pub fn bits(&self) -> u32 {
        self.bits
    }

    /// `self < other` (n + 2 constraints): `self − other + 2^n` fits in `n + 1`
    /// bits, and its top bit is clear exactly when `self < other`.
    pub fn is_lt(&self, other: &BoundedVar) -> Result<Boolean<Fr>, SynthesisError> {
        let n = self.bits.max(other.bits) as usize;
        let shifted = &self.value - &other.value + ark_ff::Field::pow(&Fr::from(2u64), [n as u64]);
        let bits = to_bits_le(&shifted, n + 1)?;
        Ok(!bits[n].clone())
    }

    /// `self <= other`.
    pub fn is_le(&self, other: &BoundedVar) -> Result<Boolean<Fr>, SynthesisError> {
        Ok(!other.is_lt(self)?)
    }

    /// `self > other`.
    pub fn is_gt(&self, other: &BoundedVar) -> Result<Boolean<Fr>, SynthesisError> {
        other.is_lt(self)
    }

    /// `self >= other`.
    pub fn is_ge(&self, other: &BoundedVar) -> Result<Boolean<Fr>, SynthesisError> {
        Ok(!self.is_lt(other)?)
    }

    /// `self == other` (2 constraints).
    pub fn is_eq(&self, other: &BoundedVar) -> Result<Boolean<Fr>, SynthesisError> {
        self.value.is_eq(&other.value)
    }

    /// `lo <= self <= hi` (two comparisons and an AND).
    pub fn is_between(&self, lo: &BoundedVar, hi: &BoundedVar) -> Result<Boolean<Fr>, SynthesisError> {
        Ok(self.is_ge(lo)? & self.is_le(hi)?)
    }

    /// Enforces `self < other` (n + 1 constraints): `other − self − 1` fits in n bits.
    pub fn enforce_lt(&self, other: &BoundedVar) -> Result<(), SynthesisError> {
        let n = self.bits.max(other.bits) as usize;
        to_bits_le(&(&other.value - &self.value - Fr::from(1u64)), n).map(|_| ())
    }

    /// Enforces `self <= other` (n + 1 constraints).
    pub fn enforce_le(&self, other: &BoundedVar) -> Result<(), SynthesisError> {
        let n = self.bits.max(other.bits) as usize;
        to_bits_le(&(&other.value - &self.value), n).map(|_| ())
    }
}

/// Allocates a witness and range-checks it in one step.
pub fn new_bounded_witness(
    cs: ark_relations::gr1cs::ConstraintSystemRef<Fr>,
    value: impl FnOnce() -> Result<u64, SynthesisError>,
    bits: u32,
) -> Result<BoundedVar, SynthesisError> {
    let v = FrVar::new_witness(cs, || value().map(Fr::from))?;
    BoundedVar::new(v, bits)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_utils::{cs, satisfied, MODES};
    use ark_r1cs_std::alloc::AllocationMode;
    use num_bigint::BigUint;

    const EDGES: [u64; 7] = [0, 1, 2, 1 << 31, (1 << 32) - 1, 1 << 63, u64::MAX];

    fn alloc(cs: &ark_relations::gr1cs::ConstraintSystemRef<Fr>, v: Fr, mode: AllocationMode) -> FrVar {
        FrVar::new_variable(cs.clone(), || Ok(v), mode).unwrap()
    }

    #[test]
    fn range_check_accepts_64_bit_values_and_rejects_larger() {
        for mode in MODES {
            for v in EDGES {
                let cs = cs();
                BoundedVar::new(alloc(&cs, Fr::from(v), mode), 64).unwrap();
                assert!(satisfied(&cs));
            }
            let two_pow_64 = Fr::from(u64::MAX) + Fr::from(1u64);
            for bad in [two_pow_64, -Fr::from(1u64), -Fr::from(1u64 << 40)] {
                let cs = cs();
                match BoundedVar::new(alloc(&cs, bad, mode), 64) {
                    Ok(_) => assert!(!cs.is_satisfied().unwrap(), "{bad} in {mode:?}"),
                    Err(e) => assert!(mode == AllocationMode::Constant && e == SynthesisError::Unsatisfiable),
                }
            }
        }
        // Dates: 32 bits.
        let cs = cs();
        BoundedVar::new(alloc(&cs, Fr::from(1u64 << 32), AllocationMode::Witness), 32).unwrap();
        assert!(!cs.is_satisfied().unwrap());
    }

    #[test]
    fn comparisons_match_native_on_edges_in_every_mode() {
        for mode in MODES {
            for a in EDGES {
                for b in EDGES {
                    let cs = cs();
                    let av = BoundedVar::new(alloc(&cs, Fr::from(a), mode), 64).unwrap();
                    let bv = BoundedVar::new(alloc(&cs, Fr::from(b), mode), 64).unwrap();
                    let gadgets = [
                        ("==", av.is_eq(&bv).unwrap(), a == b),
                        ("!=", !av.is_eq(&bv).unwrap(), a != b),
                        ("<", av.is_lt(&bv).unwrap(), a < b),
                        ("<=", av.is_le(&bv).unwrap(), a <= b),
                        (">", av.is_gt(&bv).unwrap(), a > b),
                        (">=", av.is_ge(&bv).unwrap(), a >= b),
                    ];
                    for (op, got, native) in gadgets {
                        assert_eq!(got.value().unwrap(), native, "{a} {op} {b} ({mode:?})");
                    }
                    let lo = BoundedVar::constant(1, 64).unwrap();
                    assert_eq!(
                        av.is_between(&lo, &bv).unwrap().value().unwrap(),
                        super::super::between(a, 1, b)
                    );
                    assert!(satisfied(&cs));
                }
            }
        }
    }

    #[test]
    fn enforced_comparisons_reject_swapped_operands() {
        type Enforce = fn(&BoundedVar, &BoundedVar) -> Result<(), SynthesisError>;
        let check = |a: u64, b: u64, enforce: Enforce| {
            let cs = cs();
            let av = BoundedVar::new(alloc(&cs, Fr::from(a), AllocationMode::Witness), 64).unwrap();
            let bv = BoundedVar::new(alloc(&cs, Fr::from(b), AllocationMode::Witness), 64).unwrap();
            enforce(&av, &bv).unwrap();
            cs.is_satisfied().unwrap()
        };
        for (a, b) in [(0u64, 1u64), (5, 6), (u64::MAX - 1, u64::MAX)] {
            assert!(check(a, b, BoundedVar::enforce_lt) && check(a, b, BoundedVar::enforce_le));
            assert!(check(a, a, BoundedVar::enforce_le));
            assert!(!check(b, a, BoundedVar::enforce_lt), "{b} < {a}");
            assert!(!check(b, a, BoundedVar::enforce_le), "{b} <= {a}");
            assert!(!check(a, a, BoundedVar::enforce_lt), "{a} < {a}");
        }
    }

    #[test]
    fn a_claimed_comparison_result_cannot_be_flipped() {
        let cs = cs();
        let av = BoundedVar::new(alloc(&cs, Fr::from(7u64), AllocationMode::Witness), 64).unwrap();
        let bv = BoundedVar::new(alloc(&cs, Fr::from(9u64), AllocationMode::Witness), 64).unwrap();
        av.is_lt(&bv).unwrap().enforce_equal(&Boolean::FALSE).unwrap();
        assert!(!cs.is_satisfied().unwrap());
    }

    #[test]
    fn bits_at_most_is_exact_at_the_bound() {
        for bound in [0u32, 1, 5, 6, 37, 64, 255] {
            for v in 0u32..256 {
                let cs = cs();
                let fv = alloc(&cs, Fr::from(v), AllocationMode::Witness);
                let bits = to_bits_le(&fv, 8).unwrap();
                enforce_bits_at_most(&bits, &BigUint::from(bound)).unwrap();
                assert_eq!(cs.is_satisfied().unwrap(), v <= bound, "{v} <= {bound}");
            }
        }
    }
}
