//! BN254's towers, curves and pairing over [`super::field::Fq`]: ark-bn254's
//! constants (read from ark-bn254, not retyped) on the narrow-limb field, and
//! ark-ec's BN pairing.

use super::field::{from_ark, Fq};
use ark_bn254::Fr;
use ark_ec::bn::{Bn, BnConfig, TwistType};
use ark_ec::short_weierstrass::{Affine, SWCurveConfig};
use ark_ec::{AffineRepr, CurveConfig};
use ark_ff::fields::{Fp12, Fp12Config, Fp2, Fp2Config, Fp6, Fp6Config};
use ark_ff::{AdditiveGroup, Field};

/// The quadratic extension.
pub type Fq2 = Fp2<Fq2Config>;
/// The sextic extension.
pub type Fq6 = Fp6<Fq6Config>;
/// The target field of the pairing.
pub type Fq12 = Fp12<Fq12Config>;
/// The pairing-friendly curve.
pub type Bn254 = Bn<Config>;
/// A point of G1.
pub type G1Affine = Affine<G1Config>;
/// A point of G2.
pub type G2Affine = Affine<G2Config>;

/// The same element as ark-bn254's.
pub const fn fq2(x: ark_bn254::Fq2) -> Fq2 {
    Fq2::new(from_ark(x.c0), from_ark(x.c1))
}

const fn fq6(x: ark_bn254::Fq6) -> Fq6 {
    Fq6::new(fq2(x.c0), fq2(x.c1), fq2(x.c2))
}

const fn fq2s<const N: usize>(x: &[ark_bn254::Fq2]) -> [Fq2; N] {
    let mut r = [Fq2::new(Fq::ZERO, Fq::ZERO); N];
    let mut i = 0;
    while i < N {
        r[i] = fq2(x[i]);
        i += 1;
    }
    r
}

/// The [`Fp2Config`] of [`Fq2`]: Fq[u]/(u² + 1).
pub struct Fq2Config;

const FP2_C1: [Fq; 2] = {
    let c = <ark_bn254::Fq2Config as Fp2Config>::FROBENIUS_COEFF_FP2_C1;
    [from_ark(c[0]), from_ark(c[1])]
};

impl Fp2Config for Fq2Config {
    type Fp = Fq;
    const NONRESIDUE: Fq = from_ark(<ark_bn254::Fq2Config as Fp2Config>::NONRESIDUE);
    const FROBENIUS_COEFF_FP2_C1: &'static [Fq] = &FP2_C1;

    #[inline(always)]
    fn mul_fp_by_nonresidue_in_place(fe: &mut Fq) -> &mut Fq {
        fe.neg_in_place()
    }
}

/// The [`Fp6Config`] of [`Fq6`]: Fq2[v]/(v³ − (9 + u)).
#[derive(Clone, Copy)]
pub struct Fq6Config;

const FP6_C1: [Fq2; 6] = fq2s(<ark_bn254::Fq6Config as Fp6Config>::FROBENIUS_COEFF_FP6_C1);
const FP6_C2: [Fq2; 6] = fq2s(<ark_bn254::Fq6Config as Fp6Config>::FROBENIUS_COEFF_FP6_C2);

impl Fp6Config for Fq6Config {
    type Fp2Config = Fq2Config;
    const NONRESIDUE: Fq2 = fq2(<ark_bn254::Fq6Config as Fp6Config>::NONRESIDUE);
    const FROBENIUS_COEFF_FP6_C1: &'static [Fq2] = &FP6_C1;
    const FROBENIUS_COEFF_FP6_C2: &'static [Fq2] = &FP6_C2;

    /// (c0 + c1·u)(9 + u) = (9·c0 − c1) + (9·c1 + c0)·u, by additions.
    #[inline(always)]
    fn mul_fp2_by_nonresidue_in_place(fe: &mut Fq2) -> &mut Fq2 {
        let mut nine = *fe;
        nine.double_in_place().double_in_place().double_in_place();
        let c0 = nine.c0 + fe.c0 - fe.c1;
        let c1 = nine.c1 + fe.c1 + fe.c0;
        *fe = Fq2::new(c0, c1);
        fe
    }
}

/// The [`Fp12Config`] of [`Fq12`]: Fq6[w]/(w² − v).
#[derive(Clone, Copy)]
pub struct Fq12Config;

const FP12_C1: [Fq2; 12] = fq2s(<ark_bn254::Fq12Config as Fp12Config>::FROBENIUS_COEFF_FP12_C1);

impl Fp12Config for Fq12Config {
    type Fp6Config = Fq6Config;
    const NONRESIDUE: Fq6 = fq6(<ark_bn254::Fq12Config as Fp12Config>::NONRESIDUE);
    const FROBENIUS_COEFF_FP12_C1: &'static [Fq2] = &FP12_C1;
}

/// G1: y² = x³ + 3 over Fq.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct G1Config;

impl CurveConfig for G1Config {
    type BaseField = Fq;
    type ScalarField = Fr;
    const COFACTOR: &'static [u64] = <ark_bn254::g1::Config as CurveConfig>::COFACTOR;
    const COFACTOR_INV: Fr = <ark_bn254::g1::Config as CurveConfig>::COFACTOR_INV;
}

impl SWCurveConfig for G1Config {
    const COEFF_A: Fq = Fq::ZERO;
    const COEFF_B: Fq = from_ark(<ark_bn254::g1::Config as SWCurveConfig>::COEFF_B);
    type ZeroFlag = ();
    const GENERATOR: G1Affine = g1(<ark_bn254::g1::Config as SWCurveConfig>::GENERATOR);

    /// G1 has cofactor one: every point on the curve is in the group.
    #[inline(always)]
    fn is_in_correct_subgroup_assuming_on_curve(_: &G1Affine) -> bool {
        true
    }

    #[inline(always)]
    fn mul_by_a(_: Fq) -> Fq {
        Fq::ZERO
    }
}

/// G2: y² = x³ + 3/(9 + u) over Fq2 (the D-type twist).
#[derive(Clone, Default, PartialEq, Eq)]
pub struct G2Config;

impl CurveConfig for G2Config {
    type BaseField = Fq2;
    type ScalarField = Fr;
    const COFACTOR: &'static [u64] = <ark_bn254::g2::Config as CurveConfig>::COFACTOR;
    const COFACTOR_INV: Fr = <ark_bn254::g2::Config as CurveConfig>::COFACTOR_INV;
}

/// 6x² (x the BN parameter) as two words: [6x²]P = ψ(P) exactly on G2.
const SIX_X_SQUARED: [u64; 2] = {
    let x = <ark_bn254::Config as BnConfig>::X[0] as u128;
    let six_x_squared = 6 * x * x;
    [six_x_squared as u64, (six_x_squared >> 64) as u64]
};

impl SWCurveConfig for G2Config {
    const COEFF_A: Fq2 = Fq2::new(Fq::ZERO, Fq::ZERO);
    const COEFF_B: Fq2 = fq2(<ark_bn254::g2::Config as SWCurveConfig>::COEFF_B);
    type ZeroFlag = ();
    const GENERATOR: G2Affine = g2(<ark_bn254::g2::Config as SWCurveConfig>::GENERATOR);

    /// The check of El Housni, Guillevic and Piellard (eprint 2022/352, §4.3):
    /// a point of the twist is in G2 iff ψ(P) = [6x²]P, where ψ(x, y) =
    /// (x^p·ξ^((p−1)/3), y^p·ξ^((p−1)/2)) and those two constants are the
    /// pairing's TWIST_MUL_BY_Q_X and TWIST_MUL_BY_Q_Y.
    fn is_in_correct_subgroup_assuming_on_curve(p: &G2Affine) -> bool {
        let mut psi = *p;
        psi.x.frobenius_map_in_place(1);
        psi.y.frobenius_map_in_place(1);
        psi.x *= <Config as BnConfig>::TWIST_MUL_BY_Q_X;
        psi.y *= <Config as BnConfig>::TWIST_MUL_BY_Q_Y;
        p.mul_bigint(SIX_X_SQUARED) == psi
    }

    #[inline(always)]
    fn mul_by_a(_: Fq2) -> Fq2 {
        Fq2::ZERO
    }
}

/// The same point as ark-bn254's (both write the identity as (0, 0)).
pub const fn g1(p: ark_bn254::G1Affine) -> G1Affine {
    G1Affine::new_unchecked(from_ark(p.x), from_ark(p.y))
}

/// The same point as ark-bn254's (both write the identity as (0, 0)).
pub const fn g2(p: ark_bn254::G2Affine) -> G2Affine {
    G2Affine::new_unchecked(fq2(p.x), fq2(p.y))
}

/// BN254 with the narrow-limb base field.
pub struct Config;

impl BnConfig for Config {
    const X: &'static [u64] = <ark_bn254::Config as BnConfig>::X;
    const X_IS_NEGATIVE: bool = <ark_bn254::Config as BnConfig>::X_IS_NEGATIVE;
    const ATE_LOOP_COUNT: &'static [i8] = <ark_bn254::Config as BnConfig>::ATE_LOOP_COUNT;
    const TWIST_TYPE: TwistType = TwistType::D;
    const TWIST_MUL_BY_Q_X: Fq2 = fq2(<ark_bn254::Config as BnConfig>::TWIST_MUL_BY_Q_X);
    const TWIST_MUL_BY_Q_Y: Fq2 = fq2(<ark_bn254::Config as BnConfig>::TWIST_MUL_BY_Q_Y);
    type Fp = Fq;
    type Fp2Config = Fq2Config;
    type Fp6Config = Fq6Config;
    type Fp12Config = Fq12Config;
    type G1Config = G1Config;
    type G2Config = G2Config;
}
