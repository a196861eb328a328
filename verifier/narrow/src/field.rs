//! BN254's base field with multiplication on nine 29-bit limbs.
//!
//! Elements are stored exactly as ark-bn254 stores them (four 64-bit words in
//! Montgomery form, R = 2^256), so converting between the two types copies
//! the words. For a product each operand is cut into nine 29-bit limbs, so
//! every limb product is one 64-bit multiplication (WebAssembly's `i64.mul`)
//! and up to 2^5 of them can be added before a carry must be propagated.
//! Reduction is Montgomery's with 29-bit digits (R' = 2^261); one operand is
//! scaled by 2^5 beforehand so that the result is a·b·2^-256, as ark-bn254's.
//! Addition and subtraction work on the four words with explicit carries (no
//! 128-bit integers); inversion is ark-bn254's own (a binary extended Euclid,
//! without multiplications).
//!
//! Loops are unrolled by ark-ff's `unroll_for_loops` so that the limbs stay
//! in locals at any opt-level; `mul`, `square` and `sum_of_two_products` are
//! kept out of line (they are large), `add` and `sub` too (for the module's
//! size: inlined everywhere they cost 7 KB for a 10 % gain). None of this is
//! constant-time: verification handles public data only.

use ark_ff::{AdditiveGroup, BigInt, Fp, FpConfig, MontBackend, SqrtPrecomputation};
use ark_ff_macros::unroll_for_loops;
use core::marker::PhantomData;

type Ark = MontBackend<ark_bn254::FqConfig, 4>;
type ArkFq = ark_bn254::Fq;

/// BN254's base field, multiplied on 29-bit limbs.
pub type Fq = Fp<FqConfig, 4>;

/// The [`FpConfig`] of [`Fq`].
pub struct FqConfig;

const MASK: u64 = (1 << 29) - 1;
const MODULUS: [u64; 4] = <Ark as FpConfig<4>>::MODULUS.0;
const MODULUS_LIMBS: [u64; 9] = limbs(&MODULUS, 0);
const R2: BigInt<4> = <ark_bn254::FqConfig as ark_ff::MontConfig<4>>::R2;
/// -p^-1 mod 2^29.
const INV: u64 = {
    let mut inv: u64 = 1;
    let mut i = 0;
    while i < 6 {
        inv = inv.wrapping_mul(2u64.wrapping_sub(MODULUS[0].wrapping_mul(inv)));
        i += 1;
    }
    inv.wrapping_neg() & MASK
};

/// The same element as ark-bn254's (the words are shared).
pub const fn from_ark(x: ArkFq) -> Fq {
    Fp(x.0, PhantomData)
}

/// The same element as ark-bn254's type.
pub const fn to_ark(x: Fq) -> ArkFq {
    ArkFq::new_unchecked(x.0)
}

/// Limb `i` (bits 29i .. 29i + 29) of `a · 2^shift` (`shift` ≤ 7,
/// `a · 2^shift` < 2^261).
#[inline(always)]
const fn limb(a: &[u64; 4], i: usize, shift: i64) -> u64 {
    let start = 29 * i as i64 - shift;
    let v = if start < 0 {
        a[0] << (-start) as u32
    } else {
        let (word, offset) = (start as usize / 64, start as u32 % 64);
        let mut v = a[word] >> offset;
        if offset + 29 > 64 && word + 1 < 4 {
            v |= a[word + 1] << (64 - offset);
        }
        v
    };
    v & MASK
}

/// The nine 29-bit limbs of `a · 2^shift`, for constants ([`split`] at run time).
const fn limbs(a: &[u64; 4], shift: i64) -> [u64; 9] {
    let mut r = [0u64; 9];
    let mut i = 0;
    while i < 9 {
        r[i] = limb(a, i, shift);
        i += 1;
    }
    r
}

/// Carries `t` into 29-bit limbs, packs them into words and subtracts the
/// modulus once if needed (`t` < 2p).
#[unroll_for_loops(9)]
#[inline(always)]
fn finish(t: &mut [u64; 9]) -> BigInt<4> {
    let mut carry = 0;
    for i in 0..9 {
        let v = t[i] + carry;
        t[i] = v & MASK;
        carry = v >> 29;
    }
    let mut r = [0u64; 4];
    for i in 0..9 {
        let (word, offset) = (29 * i / 64, 29 * i % 64);
        r[word] |= t[i] << offset;
        if offset + 29 > 64 && word + 1 < 4 {
            r[word + 1] |= t[i] >> (64 - offset);
        }
    }
    let (reduced, borrow) = words_sub(&r, &MODULUS);
    if !borrow {
        r = reduced;
    }
    BigInt(r)
}

/// `a − b` on words, and the borrow out.
#[unroll_for_loops(4)]
#[inline(always)]
fn words_sub(a: &[u64; 4], b: &[u64; 4]) -> ([u64; 4], bool) {
    let mut r = [0u64; 4];
    let mut borrow = false;
    for i in 0..4 {
        let (x, b1) = a[i].overflowing_sub(b[i]);
        let (y, b2) = x.overflowing_sub(u64::from(borrow));
        r[i] = y;
        borrow = b1 | b2;
    }
    (r, borrow)
}

/// (a + b) mod p for a, b < p (p < 2^254, so the sum fits in four words).
#[unroll_for_loops(4)]
#[inline(never)]
fn add(a: &BigInt<4>, b: &BigInt<4>) -> BigInt<4> {
    let mut r = [0u64; 4];
    let mut carry = false;
    for i in 0..4 {
        let (x, c1) = a.0[i].overflowing_add(b.0[i]);
        let (y, c2) = x.overflowing_add(u64::from(carry));
        r[i] = y;
        carry = c1 | c2;
    }
    let (reduced, borrow) = words_sub(&r, &MODULUS);
    BigInt(if borrow { r } else { reduced })
}

/// (a − b) mod p for a, b < p.
#[unroll_for_loops(4)]
#[inline(never)]
fn sub(a: &BigInt<4>, b: &BigInt<4>) -> BigInt<4> {
    let (mut r, borrow) = words_sub(&a.0, &b.0);
    if borrow {
        let mut carry = false;
        for i in 0..4 {
            let (x, c1) = r[i].overflowing_add(MODULUS[i]);
            let (y, c2) = x.overflowing_add(u64::from(carry));
            r[i] = y;
            carry = c1 | c2;
        }
    }
    BigInt(r)
}

/// [`limbs`] unrolled (constant shifts and masks whatever the opt-level).
#[unroll_for_loops(9)]
#[inline(always)]
fn split<const SHIFT: i64>(a: &[u64; 4]) -> [u64; 9] {
    let mut r = [0u64; 9];
    for i in 0..9 {
        r[i] = limb(a, i, SHIFT);
    }
    r
}

/// a·b·2^-256 mod p by operand scanning with deferred carries: each of the
/// nine rounds adds less than 2^59 to a limb, so nine rounds stay below 2^63.
#[unroll_for_loops(9)]
#[inline(never)]
fn mul(a: &BigInt<4>, b: &BigInt<4>) -> BigInt<4> {
    let a = split::<0>(&a.0);
    let b = split::<5>(&b.0);
    let mut t = [0u64; 9];
    for i in 0..9 {
        let t0 = t[0] + a[0] * b[i];
        let m = t0.wrapping_mul(INV) & MASK;
        let carry = (t0 + m * MODULUS_LIMBS[0]) >> 29;
        for j in 1..9 {
            t[j - 1] = t[j] + a[j] * b[i] + m * MODULUS_LIMBS[j];
        }
        t[8] = 0;
        t[0] += carry;
    }
    finish(&mut t)
}

/// Montgomery reduction of a double-width value given as 18 column sums
/// (each below 2^63): returns value·2^-256 mod p for value·2^5 < p·2^261.
#[unroll_for_loops(18)]
#[inline(always)]
fn reduce(t: &mut [u64; 18]) -> BigInt<4> {
    let mut carry = 0;
    for k in 0..18 {
        let v = t[k] + carry;
        t[k] = (v & MASK) << 5;
        carry = v >> 29;
    }
    for i in 0..9 {
        let m = t[i].wrapping_mul(INV) & MASK;
        for j in 0..9 {
            t[i + j] += m * MODULUS_LIMBS[j];
        }
        t[i + 1] += t[i] >> 29;
    }
    // Element by element (not copy_from_slice), so that at opt-level z the
    // array still lives in locals rather than memory.
    let mut high = [0u64; 9];
    for i in 0..9 {
        high[i] = t[9 + i];
    }
    finish(&mut high)
}

/// (a0·b0 + a1·b1)·2^-256 mod p with one reduction, as [`mul`] with two
/// products a round: each round adds less than 3·2^58 to a limb, nine rounds
/// stay below 2^63, and (a0·b0 + a1·b1)·2^5 < 2p²·2^5 < p·2^261.
#[unroll_for_loops(9)]
#[inline(never)]
fn sum_of_two_products(a0: &BigInt<4>, a1: &BigInt<4>, b0: &BigInt<4>, b1: &BigInt<4>) -> BigInt<4> {
    let (a0, a1) = (split::<0>(&a0.0), split::<0>(&a1.0));
    let (b0, b1) = (split::<5>(&b0.0), split::<5>(&b1.0));
    let mut t = [0u64; 9];
    for i in 0..9 {
        let t0 = t[0] + a0[0] * b0[i] + a1[0] * b1[i];
        let m = t0.wrapping_mul(INV) & MASK;
        let carry = (t0 + m * MODULUS_LIMBS[0]) >> 29;
        for j in 1..9 {
            t[j - 1] = t[j] + a0[j] * b0[i] + a1[j] * b1[i] + m * MODULUS_LIMBS[j];
        }
        t[8] = 0;
        t[0] += carry;
    }
    finish(&mut t)
}

#[unroll_for_loops(18)]
#[inline(never)]
fn square(a: &BigInt<4>) -> BigInt<4> {
    let a = split::<0>(&a.0);
    let mut t = [0u64; 18];
    for i in 0..9 {
        for j in (i + 1)..9 {
            t[i + j] += a[i] * a[j];
        }
    }
    for k in 0..18 {
        t[k] <<= 1;
    }
    for i in 0..9 {
        t[2 * i] += a[i] * a[i];
    }
    reduce(&mut t)
}

impl FpConfig<4> for FqConfig {
    const MODULUS: BigInt<4> = <Ark as FpConfig<4>>::MODULUS;
    const GENERATOR: Fq = from_ark(<Ark as FpConfig<4>>::GENERATOR);
    const ZERO: Fq = from_ark(<Ark as FpConfig<4>>::ZERO);
    const ONE: Fq = from_ark(<Ark as FpConfig<4>>::ONE);
    const NEG_ONE: Fq = from_ark(<Ark as FpConfig<4>>::NEG_ONE);
    const TWO_ADICITY: u32 = <Ark as FpConfig<4>>::TWO_ADICITY;
    const TWO_ADIC_ROOT_OF_UNITY: Fq = from_ark(<Ark as FpConfig<4>>::TWO_ADIC_ROOT_OF_UNITY);
    const SQRT_PRECOMP: Option<SqrtPrecomputation<Fq>> = match <Ark as FpConfig<4>>::SQRT_PRECOMP {
        Some(SqrtPrecomputation::Case3Mod4 { modulus_plus_one_div_four }) => {
            Some(SqrtPrecomputation::Case3Mod4 { modulus_plus_one_div_four })
        }
        _ => None,
    };

    #[inline(always)]
    fn add_assign(a: &mut Fq, b: &Fq) {
        a.0 = add(&a.0, &b.0);
    }

    #[inline(always)]
    fn sub_assign(a: &mut Fq, b: &Fq) {
        a.0 = sub(&a.0, &b.0);
    }

    #[inline(always)]
    fn double_in_place(a: &mut Fq) {
        a.0 = add(&a.0, &a.0);
    }

    #[inline(always)]
    fn neg_in_place(a: &mut Fq) {
        if a.0 .0 != [0; 4] {
            a.0 = sub(&<Ark as FpConfig<4>>::MODULUS, &a.0);
        }
    }

    #[inline(always)]
    fn mul_assign(a: &mut Fq, b: &Fq) {
        a.0 = mul(&a.0, &b.0);
    }

    /// Pairs of products share one reduction (2p² · 2^5 < p · 2^261).
    #[inline(always)]
    fn sum_of_products<const T: usize>(a: &[Fq; T], b: &[Fq; T]) -> Fq {
        let mut sum = Fq::ZERO;
        let mut i = 0;
        while i + 1 < T {
            let pair = sum_of_two_products(&a[i].0, &a[i + 1].0, &b[i].0, &b[i + 1].0);
            sum.0 = add(&sum.0, &pair);
            i += 2;
        }
        if i < T {
            sum.0 = add(&sum.0, &mul(&a[i].0, &b[i].0));
        }
        sum
    }

    #[inline(always)]
    fn square_in_place(a: &mut Fq) {
        a.0 = square(&a.0);
    }

    fn inverse(a: &Fq) -> Option<Fq> {
        <Ark as FpConfig<4>>::inverse(&to_ark(*a)).map(from_ark)
    }

    /// x·R²·R⁻¹ = x·R: into Montgomery form.
    fn from_bigint(other: BigInt<4>) -> Option<Fq> {
        match words_sub(&other.0, &MODULUS) {
            (_, true) => Some(Fp(mul(&other, &R2), PhantomData)),
            (_, false) => None,
        }
    }

    /// x·R·1·R⁻¹ = x: out of Montgomery form.
    fn into_bigint(other: Fq) -> BigInt<4> {
        mul(&other.0, &BigInt([1, 0, 0, 0]))
    }
}
