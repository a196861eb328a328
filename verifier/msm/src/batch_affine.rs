//! Batch-affine bucket accumulation, for the prover's large MSMs on short
//! Weierstrass curves (BN254's G1 and G2).
//!
//! The bucket method spends almost all of its time adding bases into
//! buckets. [`crate::msm`] keeps buckets in XYZZ coordinates (a mixed
//! addition costs 8 multiplications and 2 squarings); here buckets are affine
//! points, and additions into distinct buckets are gathered into a batch whose
//! slopes share one field inversion (Montgomery's trick: 3 multiplications per
//! element plus one inversion per batch), so an addition costs about 6
//! multiplications. Within a batch a bucket may be touched only once (its
//! value is read when the addition is scheduled and written when the batch is
//! flushed); a base for a bucket already waiting in the batch is added to that
//! bucket's XYZZ spill instead, so no input order makes this slower than the
//! XYZZ method. The exceptional cases of affine addition are resolved when an
//! addition is scheduled: an empty bucket takes the base, `P + (−P)` empties
//! the bucket, `P + P` is batched as a doubling, and bases at infinity are
//! skipped. The result is exactly `Σ scalar_i · base_i`, as [`crate::msm`]'s.

use crate::{signed_digit, ScalarSlice};
use alloc::vec;
use alloc::vec::Vec;
use ark_ec::short_weierstrass::{Affine, Bucket, Projective, SWCurveConfig};
use ark_ec::{AdditiveGroup, AffineRepr};
use ark_ff::{Field, One, Zero};
#[cfg(feature = "parallel")]
use rayon::prelude::*;

/// Below this many bases the XYZZ method of [`crate::msm`] is used (a batch
/// would rarely fill, and the inversions would not pay).
const MIN_BASES: usize = 256;

/// The window size in bits: larger than the XYZZ method's, since the bucket
/// additions got cheaper relative to the bucket reduction.
fn window_size(n: usize) -> usize {
    match n {
        0..=1023 => 8,
        1024..=8191 => 10,
        8192..=24575 => 11,
        24576..=524287 => 13,
        _ => 15,
    }
}

/// How many additions share one inversion: enough to amortise it, few enough
/// that a base rarely meets its bucket already waiting in the batch and the
/// batch stays in L1 (64–128 measured best for 2^10–2^12 buckets; 32 and 256
/// were 5–15 % slower).
fn batch_size(buckets: usize) -> usize {
    (buckets / 8).clamp(32, 128)
}

/// `Σ scalar_i · base_i` (extra bases or scalars are ignored, as in [`crate::msm`]).
pub fn msm_batch_affine<P: SWCurveConfig>(
    bases: &[Affine<P>],
    scalars: ScalarSlice<'_, P::ScalarField>,
) -> Projective<P> {
    let n = bases.len().min(scalars.magnitudes.len());
    if n < MIN_BASES {
        return crate::msm::<Projective<P>>(bases, scalars);
    }
    msm_batch_affine_tuned(bases, scalars, window_size(n), None)
}

/// [`msm_batch_affine`] with a chosen window size `c` (at least 2) and batch
/// size: for tuning benchmarks only.
#[doc(hidden)]
pub fn msm_batch_affine_tuned<P: SWCurveConfig>(
    bases: &[Affine<P>],
    scalars: ScalarSlice<'_, P::ScalarField>,
    c: usize,
    batch: Option<usize>,
) -> Projective<P> {
    let n = bases.len().min(scalars.magnitudes.len());
    if scalars.max_bits == 0 || n == 0 {
        return Projective::zero();
    }
    let windows = (scalars.max_bits + 1).div_ceil(c);
    let scalars = ScalarSlice {
        magnitudes: &scalars.magnitudes[..n],
        negative: &scalars.negative[..n],
        max_bits: scalars.max_bits,
    };
    let bases = &bases[..n];
    #[cfg(feature = "parallel")]
    let windows = (0..windows).into_par_iter();
    #[cfg(not(feature = "parallel"))]
    let windows = 0..windows;
    let window_sums: Vec<Bucket<P>> = windows.map(|w| window_sum(bases, scalars, w, c, batch)).collect();
    let mut total = Projective::<P>::zero();
    for sum in window_sums.iter().rev() {
        for _ in 0..c {
            total.double_in_place();
        }
        total += sum;
    }
    total
}

/// One window's buckets: affine values, XYZZ spills, and the batch waiting
/// for its inversion.
struct Window<P: SWCurveConfig> {
    buckets: Vec<Affine<P>>,
    spill: Vec<Bucket<P>>,
    waiting: Vec<bool>,
    /// (bucket, base) of each scheduled addition.
    batch: Vec<(u32, Affine<P>)>,
    /// Each scheduled addition's slope denominator, then its inverse.
    denominators: Vec<P::BaseField>,
    prefix: Vec<P::BaseField>,
    capacity: usize,
}

impl<P: SWCurveConfig> Window<P> {
    fn new(buckets: usize, batch: Option<usize>) -> Self {
        // A batch holds each bucket at most once: more room is never used.
        let capacity = batch.unwrap_or_else(|| batch_size(buckets)).clamp(1, buckets.max(1));
        Window {
            buckets: vec![Affine::identity(); buckets],
            spill: vec![Bucket::ZERO; buckets],
            waiting: vec![false; buckets],
            batch: Vec::with_capacity(capacity),
            denominators: Vec::with_capacity(capacity),
            prefix: Vec::with_capacity(capacity),
            capacity,
        }
    }

    /// Adds `p` (not at infinity) to bucket `index`.
    fn add(&mut self, index: usize, p: Affine<P>) {
        if self.waiting[index] {
            self.spill[index] += &p;
            return;
        }
        let bucket = &mut self.buckets[index];
        if bucket.is_zero() {
            *bucket = p;
            return;
        }
        let denominator = if bucket.x != p.x {
            p.x - bucket.x
        } else if bucket.y == p.y && !bucket.y.is_zero() {
            bucket.y.double()
        } else {
            // P + (−P), or the double of a point of order 2.
            *bucket = Affine::identity();
            return;
        };
        self.waiting[index] = true;
        self.batch.push((index as u32, p));
        self.denominators.push(denominator);
        if self.batch.len() == self.capacity {
            self.flush();
        }
    }

    /// Completes every scheduled addition with one inversion.
    fn flush(&mut self) {
        if self.batch.is_empty() {
            return;
        }
        self.prefix.clear();
        let mut product = P::BaseField::one();
        for d in &self.denominators {
            self.prefix.push(product);
            product *= d;
        }
        // Every denominator is nonzero by construction.
        let mut inverse = product.inverse().expect("nonzero denominators");
        for i in (0..self.batch.len()).rev() {
            let (index, p) = self.batch[i];
            let d_inverse = inverse * self.prefix[i];
            inverse *= self.denominators[i];
            let index = index as usize;
            let b = self.buckets[index];
            let slope = if b.x == p.x {
                let x2 = b.x.square();
                (x2.double() + x2 + P::COEFF_A) * d_inverse
            } else {
                (p.y - b.y) * d_inverse
            };
            let x3 = slope.square() - b.x - p.x;
            let y3 = slope * (b.x - x3) - b.y;
            self.buckets[index] = Affine::new_unchecked(x3, y3);
            self.waiting[index] = false;
        }
        self.batch.clear();
        self.denominators.clear();
    }

    /// `Σ (i+1)·bucket_i` as running sums.
    fn sum(mut self) -> Bucket<P> {
        self.flush();
        let (mut running, mut sum) = (Bucket::<P>::ZERO, Bucket::<P>::ZERO);
        for (bucket, spill) in self.buckets.iter().zip(&self.spill).rev() {
            if !bucket.is_zero() {
                running += bucket;
            }
            if !spill.is_zero() {
                running += spill;
            }
            sum += &running;
        }
        sum
    }
}

fn window_sum<P: SWCurveConfig>(
    bases: &[Affine<P>],
    scalars: ScalarSlice<'_, P::ScalarField>,
    window: usize,
    c: usize,
    batch: Option<usize>,
) -> Bucket<P> {
    let mut state = Window::<P>::new(1 << (c - 1), batch);
    for ((base, scalar), &negated) in bases.iter().zip(scalars.magnitudes).zip(scalars.negative) {
        let digit = signed_digit(scalar.as_ref(), window, c);
        if digit == 0 || base.is_zero() {
            continue;
        }
        let p = if (digit < 0) != negated { -*base } else { *base };
        state.add((digit.unsigned_abs() - 1) as usize, p);
    }
    state.sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::SignedScalars;
    use ark_bn254::{Fr, G1Affine, G1Projective, G2Affine, G2Projective};
    use ark_ec::{AffineRepr, CurveGroup, PrimeGroup};
    use ark_ff::UniformRand;
    use rand::{RngCore, SeedableRng};

    fn rng() -> rand::rngs::StdRng {
        rand::rngs::StdRng::seed_from_u64(23)
    }

    /// The definition: one scalar multiplication per base.
    fn naive<P: SWCurveConfig>(bases: &[Affine<P>], scalars: &[P::ScalarField]) -> Projective<P> {
        bases.iter().zip(scalars).map(|(b, s)| *b * *s).sum()
    }

    /// Zero, ±1, small, 64-bit, 128-bit and full scalars, in runs and mixed.
    fn scalar_mix(n: usize, rng: &mut impl RngCore) -> Vec<Fr> {
        (0..n)
            .map(|i| match (i / 3 + i) % 8 {
                0 => Fr::zero(),
                1 => Fr::one(),
                2 => -Fr::one(),
                3 => Fr::from(rng.next_u32() as u64 & 0xfff),
                4 => -Fr::from(rng.next_u64()),
                5 => Fr::from(rng.next_u64()) * Fr::from(u64::MAX),
                6 => Fr::from(u64::MAX) * Fr::from(u64::MAX) * Fr::from(u64::MAX) * Fr::from(rng.next_u64()),
                _ => Fr::rand(rng),
            })
            .collect()
    }

    fn g1_bases(n: usize, rng: &mut impl RngCore) -> Vec<G1Affine> {
        (0..n)
            .map(|i| if i % 37 == 5 { G1Affine::zero() } else { G1Projective::rand(rng).into_affine() })
            .collect()
    }

    fn check_g1(bases: &[G1Affine], scalars: &[Fr]) {
        let prepared = SignedScalars::new(scalars.to_vec());
        let expected = naive(bases, scalars);
        assert_eq!(msm_batch_affine(bases, prepared.all()), expected);
        assert_eq!(crate::msm::<G1Projective>(bases, prepared.all()), expected);
    }

    #[test]
    fn matches_the_naive_msm_on_g1_and_g2() {
        let rng = &mut rng();
        for n in [0, 1, 255, 256, 300, 1100, 3000] {
            let scalars = scalar_mix(n, rng);
            check_g1(&g1_bases(n, rng), &scalars);
            if n <= 1100 {
                let g2: Vec<G2Affine> =
                    (0..n)
                        .map(|i| {
                            if i % 41 == 3 {
                                G2Affine::zero()
                            } else {
                                G2Projective::rand(rng).into_affine()
                            }
                        })
                        .collect();
                let prepared = SignedScalars::new(scalars.clone());
                assert_eq!(msm_batch_affine(&g2, prepared.all()), naive(&g2, &scalars), "n = {n}");
            }
        }
    }

    #[test]
    fn all_zero_one_and_small_scalars() {
        let rng = &mut rng();
        let bases = g1_bases(700, rng);
        for scalars in [
            vec![Fr::zero(); 700],
            vec![Fr::one(); 700],
            vec![-Fr::one(); 700],
            (0..700u64).map(|i| Fr::from(i % 5)).collect::<Vec<_>>(),
            (0..700).map(|_| Fr::rand(rng)).collect(),
        ] {
            check_g1(&bases, &scalars);
        }
    }

    #[test]
    fn exceptional_additions_doubling_cancelling_and_infinity() {
        let rng = &mut rng();
        let g = G1Projective::generator().into_affine();
        let p = G1Projective::rand(rng).into_affine();
        // One base repeated: every addition into a bucket is a doubling or spills.
        let same = vec![g; 600];
        let scalars: Vec<Fr> = (0..600u64).map(|i| Fr::from(i % 3 + 1)).collect();
        check_g1(&same, &scalars);
        check_g1(&same, &scalar_mix(600, rng));
        // P and −P with the same scalar cancel in their bucket: the sum is zero.
        let pairs: Vec<G1Affine> = (0..600).map(|i| if i % 2 == 0 { p } else { -p }).collect();
        let equal: Vec<Fr> = vec![Fr::from(12345u64); 600];
        check_g1(&pairs, &equal);
        assert!(msm_batch_affine(&pairs, SignedScalars::new(equal).all()).is_zero());
        // P, P, −P, ... with ±1: doubling, cancelling and refilling one bucket.
        let pattern: Vec<G1Affine> = (0..600).map(|i| if i % 3 == 2 { -p } else { p }).collect();
        let signs: Vec<Fr> = (0..600).map(|i| if i % 5 == 0 { -Fr::one() } else { Fr::one() }).collect();
        check_g1(&pattern, &signs);
        // Every base at infinity.
        check_g1(&vec![G1Affine::zero(); 400], &scalar_mix(400, rng));
    }

    #[test]
    fn every_window_size_and_batch_boundary() {
        let rng = &mut rng();
        let n = 513;
        let bases = g1_bases(n, rng);
        let scalars = scalar_mix(n, rng);
        let prepared = SignedScalars::new(scalars.clone());
        let expected = naive(&bases, &scalars);
        for c in [2, 3, 5, 8, 11, 13, 16] {
            let windows = (prepared.max_bits + 1).div_ceil(c);
            let mut total = Projective::zero();
            for w in (0..windows).rev() {
                for _ in 0..c {
                    total.double_in_place();
                }
                total += &window_sum(&bases, prepared.all(), w, c, Some(c * 3));
            }
            assert_eq!(total, expected, "c = {c}");
        }
    }
}
