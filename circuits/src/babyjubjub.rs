//! Baby JubJub in circom's coordinates.
//!
//! circomlib writes Baby JubJub as `a·x² + y² = 1 + d·x²·y²` with `a = 168700`,
//! `d = 168696`. `ark-ed-on-bn254` implements the same curve rescaled to
//! `a = 1`: `x_ark = x_circom · sqrt(168700)`, `y` unchanged. [`Point`] always
//! holds circom coordinates; arithmetic goes through `ark-ed-on-bn254` and the
//! map is applied at every boundary ([`Point::to_ark`], [`Point::from_ark`]).

pub mod constraints;

use crate::{field::fr_from_decimal, poseidon, CircuitError, Fr};
use ark_ec::{twisted_edwards::TECurveConfig, AffineRepr, CurveGroup, PrimeGroup};
use ark_ed_on_bn254::{EdwardsAffine, EdwardsConfig, EdwardsProjective};
use ark_ff::{AdditiveGroup, Field, PrimeField, Zero};
use num_bigint::BigUint;
use std::sync::OnceLock;

/// circom's curve coefficient `a`.
pub const COEFF_A: u64 = 168_700;
/// circom's curve coefficient `d`.
pub const COEFF_D: u64 = 168_696;
/// The coefficient `A` of the birationally equivalent Montgomery curve
/// `v² = u³ + A·u² + u` (`B = 1`), used by the variable-base multiplication gadget.
pub const MONTGOMERY_A: u64 = 168_698;

/// A scalar modulo the prime subgroup order `l` (`ark-ed-on-bn254`'s scalar field).
pub type Scalar = ark_ed_on_bn254::Fr;

/// A Baby JubJub point in circom coordinates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Point {
    /// The circom `x` coordinate.
    pub x: Fr,
    /// The `y` coordinate (the same in both models).
    pub y: Fr,
}

/// `sqrt(168700)` in Fr: the factor between ark's and circom's `x`.
fn sqrt_a() -> Fr {
    static SQRT_A: OnceLock<Fr> = OnceLock::new();
    *SQRT_A.get_or_init(|| {
        let root = Fr::from(COEFF_A).sqrt().expect("168700 is a square in Fr");
        // Pin the root that makes ark's `a = 1` model match circom's: ark's
        // coefficient is `d/a`, and any root works as an isomorphism; the
        // smaller representative is chosen so the map is fixed.
        if root.into_bigint() <= (-root).into_bigint() {
            root
        } else {
            -root
        }
    })
}

/// The prime subgroup order `l` as an integer.
pub fn sub_order() -> BigUint {
    BigUint::from(Scalar::MODULUS)
}

impl Point {
    /// The neutral element `(0, 1)`.
    pub const fn identity() -> Self {
        Point { x: Fr::ZERO, y: Fr::ONE }
    }

    /// circomlib's `Base8`, the generator of the prime-order subgroup used by EdDSA.
    pub fn base8() -> Self {
        static BASE8: OnceLock<Point> = OnceLock::new();
        *BASE8.get_or_init(|| {
            Point::from_decimal(
                "5299619240641551281634865583518297030282874472190772894086521144482721001553",
                "16950150798460657717958625567821834550301663161624707787222815936182638968203",
            )
            .expect("Base8 is on the curve")
        })
    }

    /// A point from coordinates, checked to lie on the curve.
    pub fn new(x: Fr, y: Fr) -> Result<Self, CircuitError> {
        let p = Point { x, y };
        if p.is_on_curve() {
            Ok(p)
        } else {
            Err(CircuitError::NotOnCurve)
        }
    }

    /// A point from canonical decimal coordinates, checked to lie on the curve.
    pub fn from_decimal(x: &str, y: &str) -> Result<Self, CircuitError> {
        Point::new(fr_from_decimal(x)?, fr_from_decimal(y)?)
    }

    /// Whether `a·x² + y² = 1 + d·x²·y²`.
    pub fn is_on_curve(&self) -> bool {
        let xx = self.x.square();
        let yy = self.y.square();
        Fr::from(COEFF_A) * xx + yy == Fr::ONE + Fr::from(COEFF_D) * xx * yy
    }

    /// The same point in `ark-ed-on-bn254`'s model.
    pub fn to_ark(&self) -> EdwardsAffine {
        EdwardsAffine::new_unchecked(self.x * sqrt_a(), self.y)
    }

    /// A point of `ark-ed-on-bn254`'s model in circom coordinates.
    pub fn from_ark(p: &EdwardsAffine) -> Self {
        if p.is_zero() {
            return Point::identity();
        }
        let inv = sqrt_a().inverse().expect("sqrt(a) is non-zero");
        Point { x: p.x * inv, y: p.y }
    }

    /// `self + other`.
    pub fn add(&self, other: &Point) -> Point {
        Point::from_ark(&(self.to_ark() + other.to_ark()).into_affine())
    }

    /// `-self`.
    pub fn neg(&self) -> Point {
        Point { x: -self.x, y: self.y }
    }

    /// `k·self` for a non-negative integer `k` of any size.
    pub fn mul(&self, k: &BigUint) -> Point {
        let projective: EdwardsProjective = self.to_ark().into_group();
        Point::from_ark(&projective.mul_bigint(k.to_u64_digits()).into_affine())
    }

    /// `8·self`.
    pub fn mul_by_cofactor(&self) -> Point {
        Point::from_ark(&self.to_ark().mul_by_cofactor())
    }

    /// Whether `8·self` is the identity.
    pub fn is_small_order(&self) -> bool {
        self.mul_by_cofactor() == Point::identity()
    }

    /// Whether `l·self` is the identity (the point lies in the prime-order subgroup).
    pub fn is_in_prime_subgroup(&self) -> bool {
        EdwardsConfig::is_in_correct_subgroup_assuming_on_curve(&self.to_ark())
    }

    /// The Montgomery coordinates `(u, v) = ((1+y)/(1−y), u/x)`, or `None` for
    /// the identity and the point of order 2 (which have no affine image).
    pub fn to_montgomery(&self) -> Option<(Fr, Fr)> {
        if self.x.is_zero() {
            return None;
        }
        let u = (Fr::ONE + self.y) * (Fr::ONE - self.y).inverse()?;
        Some((u, u * self.x.inverse()?))
    }

    /// The coordinates as decimal strings `[x, y]` (circomlibjs' JSON form).
    pub fn to_decimal(&self) -> [String; 2] {
        [crate::field::fr_to_decimal(&self.x), crate::field::fr_to_decimal(&self.y)]
    }
}

/// The offset generator `G` of the variable-base multiplication gadget: a point
/// of the prime-order subgroup whose discrete logarithm to `Base8` nobody knows.
///
/// It is found by try-and-increment: `y = Poseidon(tag, counter)` for
/// `counter = 0, 1, ...` until `x² = (1 − y²)/(a − d·y²)` has a root; the
/// smaller root is taken and the point is multiplied by the cofactor.
pub fn offset_generator() -> Point {
    static OFFSET: OnceLock<Point> = OnceLock::new();
    *OFFSET.get_or_init(|| {
        let tag = Fr::from_le_bytes_mod_order(b"medzk/babyjubjub/offset-generator/v1");
        (0u64..)
            .find_map(|counter| {
                let y = poseidon::hash2(tag, Fr::from(counter));
                let yy = y.square();
                let xx = (Fr::ONE - yy) * (Fr::from(COEFF_A) - Fr::from(COEFF_D) * yy).inverse()?;
                let root = xx.sqrt()?;
                let x = if root.into_bigint() <= (-root).into_bigint() { root } else { -root };
                let g = Point { x, y }.mul_by_cofactor();
                (g != Point::identity()).then_some(g)
            })
            .expect("about half of all y give a curve point")
    })
}

/// The generator of ark's model, for cross-checks of the coordinate map.
pub fn ark_generator() -> EdwardsAffine {
    EdwardsProjective::generator().into_affine()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coordinate_map_is_an_isomorphism() {
        let g = Point::from_ark(&ark_generator());
        assert!(g.is_on_curve());
        assert_eq!(g.to_ark(), ark_generator());
        let b8 = Point::base8();
        assert!(b8.to_ark().is_on_curve());
        assert!(b8.is_in_prime_subgroup());
        assert_eq!(b8.mul(&sub_order()), Point::identity());
        // Doubling through ark equals doubling by the circom formula.
        let d = b8.add(&b8);
        assert!(d.is_on_curve());
        let two_xy = Fr::from(2u64) * b8.x * b8.y;
        let denom = Fr::from(COEFF_A) * b8.x.square() + b8.y.square();
        assert_eq!(d.x, two_xy / denom);
    }

    #[test]
    fn rejects_off_curve_and_classifies_small_order() {
        assert_eq!(Point::new(Fr::from(1u64), Fr::from(1u64)), Err(CircuitError::NotOnCurve));
        let order2 = Point::new(Fr::ZERO, -Fr::ONE).unwrap();
        assert!(order2.is_small_order());
        assert!(!order2.is_in_prime_subgroup());
        assert!(!Point::base8().is_small_order());
        // Base8 plus a 2-torsion point is on the curve, not small order, not in the subgroup.
        let mixed = Point::base8().add(&order2);
        assert!(mixed.is_on_curve() && !mixed.is_small_order() && !mixed.is_in_prime_subgroup());
    }

    #[test]
    fn offset_generator_is_in_subgroup_and_montgomery_map_is_consistent() {
        let g = offset_generator();
        assert!(g.is_on_curve() && g.is_in_prime_subgroup() && g != Point::identity());
        let (u, v) = g.to_montgomery().unwrap();
        // v² = u³ + A·u² + u
        assert_eq!(v.square(), u * u * u + Fr::from(MONTGOMERY_A) * u * u + u);
        assert_eq!(Point::identity().to_montgomery(), None);
    }
}
