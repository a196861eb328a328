//! Baby JubJub in R1CS, in circom coordinates.
//!
//! | operation | constraints |
//! |---|---|
//! | allocation (on-curve check) | 3 |
//! | complete addition | 6 (3 with a constant operand) |
//! | doubling | 5 |
//! | fixed-base multiplication, 3-bit windows | 3 per window lookup + 6 per window addition |
//! | variable-base multiplication | 7 per bit + 12 |
//!
//! Variable-base multiplication runs on the birationally equivalent Montgomery
//! curve `v² = u³ + 168698·u² + u` with incomplete addition formulas and an
//! offset generator (see [`PointVar::scalar_mul_variable_base`]).

use super::{offset_generator, Point, COEFF_A, COEFF_D, MONTGOMERY_A};
use crate::{Fr, FrVar};
use ark_ff::{Field, One, Zero};
use ark_r1cs_std::{
    alloc::{AllocVar, AllocationMode},
    boolean::Boolean,
    eq::EqGadget,
    fields::FieldVar,
    select::CondSelectGadget,
    GR1CSVar,
};
use ark_relations::gr1cs::{Namespace, SynthesisError};
use num_bigint::BigUint;
use std::borrow::Borrow;

/// An in-circuit Baby JubJub point in circom coordinates.
///
/// Every allocated (witness or input) `PointVar` is constrained to lie on the
/// curve; constants are checked natively.
#[derive(Clone, Debug)]
pub struct PointVar {
    /// The circom `x` coordinate.
    pub x: FrVar,
    /// The `y` coordinate.
    pub y: FrVar,
}

/// `num / den` as a fresh variable constrained by `quotient · den = num`
/// (one constraint; none when both are constants). A zero denominator leaves
/// the witness at zero, so the constraint fails unless `num` is zero too.
pub(crate) fn quotient(num: &FrVar, den: &FrVar) -> Result<FrVar, SynthesisError> {
    if let (FrVar::Constant(n), FrVar::Constant(d)) = (num, den) {
        return d.inverse().map(|inv| FrVar::Constant(*n * inv)).ok_or(SynthesisError::Unsatisfiable);
    }
    let cs = num.cs().or(den.cs());
    let q = FrVar::new_witness(cs, || Ok(num.value()? * den.value()?.inverse().unwrap_or(Fr::zero())))?;
    q.mul_equals(den, num)?;
    Ok(q)
}

impl PointVar {
    /// A constant point (no constraints).
    pub fn constant(p: Point) -> Self {
        PointVar { x: FrVar::constant(p.x), y: FrVar::constant(p.y) }
    }

    /// The identity `(0, 1)` as a constant.
    pub fn identity() -> Self {
        PointVar::constant(Point::identity())
    }

    /// Enforces `a·x² + y² = 1 + d·x²·y²` (3 constraints).
    pub fn enforce_on_curve(&self) -> Result<(), SynthesisError> {
        let xx = self.x.square()?;
        let yy = self.y.square()?;
        let lhs = &xx * Fr::from(COEFF_D);
        lhs.mul_equals(&yy, &(&xx * Fr::from(COEFF_A) + &yy - Fr::one()))
    }

    /// The value of the point, when the constraint system has one.
    pub fn value(&self) -> Result<Point, SynthesisError> {
        Ok(Point { x: self.x.value()?, y: self.y.value()? })
    }

    /// `-self` (free).
    pub fn negate(&self) -> Self {
        PointVar { x: self.x.negate().expect("negation is infallible for Fp"), y: self.y.clone() }
    }

    /// `self + other` with the complete twisted Edwards law (6 constraints).
    pub fn add(&self, other: &PointVar) -> Result<PointVar, SynthesisError> {
        let a = Fr::from(COEFF_A);
        let d = Fr::from(COEFF_D);
        let beta = &self.x * &other.y;
        let gamma = &self.y * &other.x;
        let delta = (&self.y - &self.x * a) * (&other.x + &other.y);
        let tau = &beta * &gamma;
        let x = quotient(&(&beta + &gamma), &(&tau * d + Fr::one()))?;
        let y = quotient(&(&delta + &beta * a - &gamma), &(FrVar::one() - &tau * d))?;
        Ok(PointVar { x, y })
    }

    /// `2·self` (5 constraints; uses that `self` is on the curve).
    pub fn double(&self) -> Result<PointVar, SynthesisError> {
        let a = Fr::from(COEFF_A);
        let xx = self.x.square()?;
        let yy = self.y.square()?;
        let xy = &self.x * &self.y;
        let axx = &xx * a;
        let x = quotient(&xy.double()?, &(&axx + &yy))?;
        let y = quotient(&(&yy - &axx), &(FrVar::constant(Fr::from(2u64)) - &axx - &yy))?;
        Ok(PointVar { x, y })
    }

    /// `8·self` by three doublings (15 constraints).
    pub fn mul_by_cofactor(&self) -> Result<PointVar, SynthesisError> {
        self.double()?.double()?.double()
    }

    /// Enforces `self == other` coordinate-wise.
    pub fn enforce_equal(&self, other: &PointVar) -> Result<(), SynthesisError> {
        self.x.enforce_equal(&other.x)?;
        self.y.enforce_equal(&other.y)
    }

    /// `scalar · base` for a constant `base` and a little-endian bit string,
    /// with 3-bit windows: each window looks its multiple up in a table of 8
    /// constant points (3 constraints) and adds it (6 constraints).
    pub fn scalar_mul_fixed_base(base: &Point, bits_le: &[Boolean<Fr>]) -> Result<PointVar, SynthesisError> {
        let mut acc: Option<PointVar> = None;
        let mut window_base = *base;
        for window in bits_le.chunks(3) {
            let table: Vec<Point> =
                (0..1u64 << window.len()).map(|k| window_base.mul(&BigUint::from(k))).collect();
            let term = lookup(window, &table)?;
            acc = Some(match acc {
                None => term,
                Some(acc) => acc.add(&term)?,
            });
            window_base = window_base.mul(&BigUint::from(1u64 << window.len()));
        }
        Ok(acc.unwrap_or_else(PointVar::identity))
    }

    /// `scalar · self` for a little-endian bit string, at 7 constraints per bit.
    ///
    /// The loop runs on the Montgomery model with incomplete formulas. It
    /// computes `acc ← 2·acc + (G + b·P)` from `acc = 2·G`, where `G` is
    /// [`offset_generator`], so after `j` steps `acc = (3·2^j − 1)·G + k_j·P`
    /// (`k_j` the top `j` bits), and subtracts the constant `(3·2^n − 1)·G`
    /// at the end with the complete Edwards law. An exceptional case of the
    /// incomplete formulas (equal `u` coordinates, or a sum at infinity) means
    /// `c·G = β·P` with `c ∈ {3·2^j − 2, 3·2^j, 3·2^{j+1} − 1}`; these `c` are
    /// non-zero modulo `l` for every `j < 256` (a unit test checks it), so it
    /// would reveal the discrete logarithm of `G`. An exceptional case hit by
    /// an honest prover leaves the system unsatisfied.
    ///
    /// `self` must not be the identity or the point of order 2 (it has no
    /// Montgomery image; the constraints are then unsatisfiable).
    pub fn scalar_mul_variable_base(&self, bits_le: &[Boolean<Fr>]) -> Result<PointVar, SynthesisError> {
        let g = offset_generator();
        let (gu, gv) = g.to_montgomery().expect("the offset generator has a Montgomery image");
        let g_mont = MontgomeryVar { u: FrVar::constant(gu), v: FrVar::constant(gv) };
        let p = MontgomeryVar::from_edwards(self)?;
        let g_plus_p = g_mont.add_incomplete(&p)?;
        let (gu2, gv2) = g.add(&g).to_montgomery().expect("2·G has a Montgomery image");
        let mut acc = MontgomeryVar { u: FrVar::constant(gu2), v: FrVar::constant(gv2) };
        for bit in bits_le.iter().rev() {
            let q = MontgomeryVar {
                u: FrVar::conditionally_select(bit, &g_plus_p.u, &g_mont.u)?,
                v: FrVar::conditionally_select(bit, &g_plus_p.v, &g_mont.v)?,
            };
            acc = acc.double_and_add_incomplete(&q)?;
        }
        let n = bits_le.len();
        let offset_total = g.mul(&offset_multiplier(n));
        acc.to_edwards()?.add(&PointVar::constant(offset_total.neg()))
    }
}

/// The multiple of the offset generator accumulated by an `n`-bit
/// variable-base multiplication: `3·2^n − 1`.
fn offset_multiplier(n: usize) -> BigUint {
    (BigUint::from(3u32) << n) - BigUint::one()
}

/// Looks up `table[bits]` (bits little-endian, at most 3) as a multilinear
/// polynomial in the bits with constant coefficients.
fn lookup(bits: &[Boolean<Fr>], table: &[Point]) -> Result<PointVar, SynthesisError> {
    debug_assert!(!bits.is_empty() && bits.len() <= 3 && table.len() == 1 << bits.len());
    let coord = |f: fn(&Point) -> Fr| -> Vec<Fr> {
        multilinear_coefficients(&table.iter().map(f).collect::<Vec<_>>())
    };
    let (cx, cy) = (coord(|p| p.x), coord(|p| p.y));
    let b: Vec<FrVar> = bits.iter().map(|b| FrVar::from(b.clone())).collect();
    // Monomials over the first two bits: 1, b0, b1, b0·b1.
    let mut low_monomials = vec![FrVar::one(), b[0].clone()];
    if bits.len() >= 2 {
        let b01 = FrVar::from(bits[0].clone() & bits[1].clone());
        low_monomials.extend([b[1].clone(), b01]);
    }
    let eval = |c: &[Fr]| -> Result<FrVar, SynthesisError> {
        let k = low_monomials.len();
        let low = dot(&c[..k], &low_monomials);
        if bits.len() == 3 {
            Ok(low + &b[2] * dot(&c[k..], &low_monomials))
        } else {
            Ok(low)
        }
    };
    Ok(PointVar { x: eval(&cx)?, y: eval(&cy)? })
}

/// Coefficients `c_S` with `f(bits) = Σ_S c_S · Π_{i∈S} b_i`, indexed like the table.
fn multilinear_coefficients(values: &[Fr]) -> Vec<Fr> {
    let mut c = values.to_vec();
    let n = c.len().trailing_zeros();
    for i in 0..n {
        for s in 0..c.len() {
            if s & (1 << i) != 0 {
                let lower = c[s ^ (1 << i)];
                c[s] -= lower;
            }
        }
    }
    c
}

fn dot(coeffs: &[Fr], vars: &[FrVar]) -> FrVar {
    coeffs.iter().zip(vars).fold(FrVar::zero(), |acc, (c, v)| acc + v * *c)
}

impl AllocVar<Point, Fr> for PointVar {
    fn new_variable<T: Borrow<Point>>(
        cs: impl Into<Namespace<Fr>>,
        f: impl FnOnce() -> Result<T, SynthesisError>,
        mode: AllocationMode,
    ) -> Result<Self, SynthesisError> {
        let cs = cs.into().cs();
        let value = f().map(|p| *p.borrow());
        if mode == AllocationMode::Constant {
            let p = value?;
            if !p.is_on_curve() {
                return Err(SynthesisError::Unsatisfiable);
            }
            return Ok(PointVar::constant(p));
        }
        let x = FrVar::new_variable(cs.clone(), || value.map(|p| p.x), mode)?;
        let y = FrVar::new_variable(cs, || value.map(|p| p.y), mode)?;
        let point = PointVar { x, y };
        point.enforce_on_curve()?;
        Ok(point)
    }
}

/// An in-circuit point on the Montgomery model `v² = u³ + A·u² + u`.
#[derive(Clone, Debug)]
struct MontgomeryVar {
    u: FrVar,
    v: FrVar,
}

impl MontgomeryVar {
    /// `u = (1 + y)/(1 − y)`, `v = u/x` (2 constraints).
    fn from_edwards(p: &PointVar) -> Result<Self, SynthesisError> {
        let u = quotient(&(FrVar::one() + &p.y), &(FrVar::one() - &p.y))?;
        let v = quotient(&u, &p.x)?;
        Ok(MontgomeryVar { u, v })
    }

    /// `x = u/v`, `y = (u − 1)/(u + 1)` (2 constraints).
    fn to_edwards(&self) -> Result<PointVar, SynthesisError> {
        let x = quotient(&self.u, &self.v)?;
        let y = quotient(&(&self.u - Fr::one()), &(&self.u + Fr::one()))?;
        Ok(PointVar { x, y })
    }

    /// `self + other` for points with distinct `u` (3 constraints).
    fn add_incomplete(&self, other: &Self) -> Result<Self, SynthesisError> {
        let lambda = quotient(&(&other.v - &self.v), &(&other.u - &self.u))?;
        let u = lambda.square()? - Fr::from(MONTGOMERY_A) - &self.u - &other.u;
        let v = &lambda * (&self.u - &u) - &self.v;
        Ok(MontgomeryVar { u, v })
    }

    /// `2·self + q` as `(self + q) + self` without computing `v` of the
    /// intermediate point (5 constraints).
    fn double_and_add_incomplete(&self, q: &Self) -> Result<Self, SynthesisError> {
        let a = Fr::from(MONTGOMERY_A);
        let lambda1 = quotient(&(&q.v - &self.v), &(&q.u - &self.u))?;
        let u_r = lambda1.square()? - a - &self.u - &q.u;
        let lambda2 = quotient(&self.v.double()?, &(&self.u - &u_r))? - &lambda1;
        let u_s = lambda2.square()? - a - &self.u - &u_r;
        let v_s = &lambda2 * (&self.u - &u_s) - &self.v;
        Ok(MontgomeryVar { u: u_s, v: v_s })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::babyjubjub::sub_order;
    use crate::test_utils::{cs, rng, satisfied, MODES};
    use ark_r1cs_std::alloc::AllocationMode::Witness;
    use rand::Rng;

    fn random_point(rng: &mut impl Rng) -> Point {
        Point::base8().mul(&BigUint::from(rng.gen::<u128>()))
    }

    fn bits_of(k: &BigUint, n: usize) -> Vec<bool> {
        (0..n).map(|i| k.bit(i as u64)).collect()
    }

    #[test]
    fn add_and_double_match_native_in_every_mode() {
        let mut rng = rng();
        let (p, q) = (random_point(&mut rng), random_point(&mut rng));
        let order2 = Point::new(Fr::zero(), -Fr::one()).unwrap();
        for mode in MODES {
            for (a, b) in [(p, q), (p, p), (p, p.neg()), (p, Point::identity()), (p, order2)] {
                let cs = cs();
                let av = PointVar::new_variable(cs.clone(), || Ok(a), mode).unwrap();
                let bv = PointVar::new_variable(cs.clone(), || Ok(b), mode).unwrap();
                assert_eq!(av.add(&bv).unwrap().value().unwrap(), a.add(&b));
                assert_eq!(av.double().unwrap().value().unwrap(), a.add(&a));
                assert!(satisfied(&cs));
                let expected = if mode == AllocationMode::Constant { 0 } else { 6 + 6 + 5 };
                assert_eq!(cs.num_constraints(), expected, "{mode:?}");
            }
        }
    }

    #[test]
    fn off_curve_witness_is_unsatisfied() {
        let cs = cs();
        let bad = Point { x: Fr::from(1u64), y: Fr::from(2u64) };
        PointVar::new_witness(cs.clone(), || Ok(bad)).unwrap();
        assert!(!cs.is_satisfied().unwrap());
        assert!(PointVar::new_constant(cs, bad).is_err());
    }

    #[test]
    fn fixed_base_matches_native() {
        let mut rng = rng();
        for n in [1usize, 2, 3, 4, 8, 251] {
            let k =
                BigUint::from(rng.gen::<u128>()) * BigUint::from(rng.gen::<u128>()) % (BigUint::one() << n);
            for mode in MODES {
                let cs = cs();
                let bits: Vec<Boolean<Fr>> = bits_of(&k, n)
                    .into_iter()
                    .map(|b| Boolean::new_variable(cs.clone(), || Ok(b), mode).unwrap())
                    .collect();
                let r = PointVar::scalar_mul_fixed_base(&Point::base8(), &bits).unwrap();
                assert_eq!(r.value().unwrap(), Point::base8().mul(&k), "n={n} {mode:?}");
                assert!(satisfied(&cs));
            }
        }
    }

    #[test]
    fn offset_coefficients_never_vanish_mod_l() {
        let l = sub_order();
        for j in 0..256usize {
            let c = BigUint::from(3u32) << j;
            for coefficient in [&c - 2u32, c.clone(), (&c << 1) - 1u32, offset_multiplier(j)] {
                assert!(&coefficient % &l != BigUint::from(0u32), "j = {j}");
            }
        }
    }

    #[test]
    fn variable_base_matches_native() {
        let mut rng = rng();
        let p = random_point(&mut rng);
        let cases = [
            BigUint::from(0u32),
            BigUint::from(1u32),
            sub_order() - 1u32,
            sub_order(),
            BigUint::from(rng.gen::<u128>()),
        ];
        for k in cases {
            for mode in MODES {
                let cs = cs();
                let pv = PointVar::new_variable(cs.clone(), || Ok(p), mode).unwrap();
                let bits: Vec<Boolean<Fr>> = bits_of(&k, 254)
                    .into_iter()
                    .map(|b| Boolean::new_witness(cs.clone(), || Ok(b)).unwrap())
                    .collect();
                let r = pv.scalar_mul_variable_base(&bits).unwrap();
                assert_eq!(r.value().unwrap(), p.mul(&k), "k={k} {mode:?}");
                assert!(satisfied(&cs), "k={k} {mode:?}");
            }
        }
        // A wrong claimed result is caught: tamper with one bit's witness value.
        let cs = cs();
        let pv = PointVar::new_variable(cs.clone(), || Ok(p), Witness).unwrap();
        let bits: Vec<Boolean<Fr>> = bits_of(&BigUint::from(12345u32), 254)
            .into_iter()
            .map(|b| Boolean::new_witness(cs.clone(), || Ok(b)).unwrap())
            .collect();
        let r = pv.scalar_mul_variable_base(&bits).unwrap();
        r.enforce_equal(&PointVar::constant(p.mul(&BigUint::from(12346u32)))).unwrap();
        assert!(!cs.is_satisfied().unwrap());
    }
}
