//! A memory-lean multi-scalar multiplication, for the prover's Groth16 MSMs
//! and the batch verifier's.
//!
//! ark-ec's `msm_bigint` copies each size class of (base, scalar) pairs and
//! builds every scalar's window digits before it starts (for the `medium`
//! shape's 65,535 `h` bases that is ~17 MB, doubled while rayon concatenates,
//! and the G2 MSM runs beside it). This one is the same bucket method
//! (Pippenger with signed windows, ark-ec's bucket type and window size) but
//! reads each window's digit straight from the scalar, so its memory is the
//! buckets alone (2^(c−1) per window being summed). Like ark-ec it skips zero
//! scalars and makes small scalars cheap: a scalar whose negation is shorter
//! is used negated (−1, −2… cost one addition), and windows above the longest
//! scalar are not visited. It is also far smaller code than ark-ec's MSM (which
//! matters for the WebAssembly verifier). Windows are summed in parallel with
//! rayon under the `parallel` feature (the prover's), serially otherwise.
//!
//! Its own crate, shared by `medzk-verifier` (serial) and `medzk-prover`
//! (which turns `parallel` on), so the verifier has no rayon feature at all.
#![no_std]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

extern crate alloc;

mod batch_affine;

pub use batch_affine::{msm_batch_affine, msm_batch_affine_tuned};

use alloc::vec;
use alloc::vec::Vec;
use ark_ec::VariableBaseMSM;
use ark_ff::{BigInteger, PrimeField};
#[cfg(feature = "parallel")]
use rayon::prelude::*;

type BigInt<F> = <F as PrimeField>::BigInt;

/// Scalars prepared for [`msm`]: each stored as the shorter of `s` and `−s`.
pub struct SignedScalars<F: PrimeField> {
    magnitudes: Vec<BigInt<F>>,
    negative: Vec<bool>,
    max_bits: usize,
}

impl<F: PrimeField> SignedScalars<F> {
    /// Prepares field elements (converting out of Montgomery form in place).
    pub fn new(scalars: Vec<F>) -> Self {
        // Same size and alignment: the conversion reuses the allocation.
        Self::from_bigints(scalars.into_iter().map(|s| s.into_bigint()).collect())
    }

    /// Prepares canonical integers (each below the field's modulus).
    pub fn from_bigints(mut magnitudes: Vec<BigInt<F>>) -> Self {
        #[cfg(feature = "parallel")]
        let scalars = magnitudes.par_iter_mut();
        #[cfg(not(feature = "parallel"))]
        let scalars = magnitudes.iter_mut();
        let negative: Vec<bool> = scalars
            .map(|s| {
                let mut negated = F::MODULUS;
                negated.sub_with_borrow(s);
                let shorter = !s.is_zero() && negated.num_bits() < s.num_bits();
                if shorter {
                    *s = negated;
                }
                shorter
            })
            .collect();
        let max_bits = magnitudes.iter().map(|s| s.num_bits() as usize).max().unwrap_or(0);
        SignedScalars { magnitudes, negative, max_bits }
    }

    /// The number of scalars.
    pub fn len(&self) -> usize {
        self.magnitudes.len()
    }

    /// Whether there are no scalars.
    pub fn is_empty(&self) -> bool {
        self.magnitudes.is_empty()
    }

    /// The scalars from `start` on (for the `l` query, which skips the public inputs).
    pub fn tail(&self, start: usize) -> ScalarSlice<'_, F> {
        ScalarSlice {
            magnitudes: &self.magnitudes[start..],
            negative: &self.negative[start..],
            max_bits: self.max_bits,
        }
    }

    /// All the scalars.
    pub fn all(&self) -> ScalarSlice<'_, F> {
        self.tail(0)
    }
}

/// A borrowed run of [`SignedScalars`].
#[derive(Clone, Copy)]
pub struct ScalarSlice<'a, F: PrimeField> {
    magnitudes: &'a [BigInt<F>],
    negative: &'a [bool],
    max_bits: usize,
}

/// `c` bits of `limbs` from bit `start` (bits past the end read as zero).
fn bits(limbs: &[u64], start: usize, c: usize) -> u64 {
    let (index, offset) = (start / 64, start % 64);
    let Some(&low) = limbs.get(index) else { return 0 };
    let mut x = low >> offset;
    if offset + c > 64 {
        if let Some(&high) = limbs.get(index + 1) {
            x |= high << (64 - offset);
        }
    }
    x & ((1u64 << c) - 1)
}

/// The `window`-th signed digit (Booth recoding, radix 2^c) of a scalar:
/// in `[−2^(c−1), 2^(c−1)]`, with `Σ digit_i · 2^(c·i)` equal to the scalar
/// when the windows cover one bit more than the scalar has.
pub(crate) fn signed_digit(limbs: &[u64], window: usize, c: usize) -> i64 {
    let v = if window == 0 { bits(limbs, 0, c) << 1 } else { bits(limbs, window * c - 1, c + 1) };
    (v >> 1) as i64 + (v & 1) as i64 - (((v >> c) & 1) << c) as i64
}

fn window_size(n: usize) -> usize {
    if n < 32 {
        3
    } else {
        // ln(n) + 2, as ark-ec chooses it.
        (n.ilog2() as usize * 69 / 100) + 2
    }
}

/// `Σ scalar_i · base_i` (extra bases or scalars are ignored, as in ark-ec).
pub fn msm<V: VariableBaseMSM>(bases: &[V::MulBase], scalars: ScalarSlice<'_, V::ScalarField>) -> V {
    let n = bases.len().min(scalars.magnitudes.len());
    let (bases, magnitudes, negative) = (&bases[..n], &scalars.magnitudes[..n], &scalars.negative[..n]);
    if n == 0 || scalars.max_bits == 0 {
        return V::zero();
    }
    let c = window_size(n);
    let windows = (scalars.max_bits + 1).div_ceil(c);
    #[cfg(feature = "parallel")]
    let windows = (0..windows).into_par_iter();
    #[cfg(not(feature = "parallel"))]
    let windows = 0..windows;
    let window_sums: Vec<V::Bucket> = windows
        .map(|window| {
            let mut buckets = vec![V::ZERO_BUCKET; 1 << (c - 1)];
            for ((base, scalar), &negated) in bases.iter().zip(magnitudes).zip(negative) {
                let digit = signed_digit(scalar.as_ref(), window, c);
                if digit == 0 {
                    continue;
                }
                let bucket = &mut buckets[(digit.unsigned_abs() - 1) as usize];
                if (digit < 0) != negated {
                    *bucket -= base;
                } else {
                    *bucket += base;
                }
            }
            // Σ (i+1)·bucket_i as running sums.
            let (mut running, mut sum) = (V::ZERO_BUCKET, V::ZERO_BUCKET);
            for bucket in buckets.iter().rev() {
                running += bucket;
                sum += &running;
            }
            sum
        })
        .collect();
    let mut total = V::zero();
    for sum in window_sums.iter().rev() {
        for _ in 0..c {
            total.double_in_place();
        }
        total += sum;
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec::Vec;
    use ark_bn254::{Fr, G1Affine, G1Projective, G2Affine, G2Projective};
    use ark_ec::{CurveGroup, PrimeGroup};
    use ark_ff::{Field, One, UniformRand, Zero};
    use rand::SeedableRng;

    fn test_rng() -> rand::rngs::StdRng {
        rand::rngs::StdRng::seed_from_u64(11)
    }

    fn reference<V: VariableBaseMSM>(bases: &[V::MulBase], scalars: &[V::ScalarField]) -> V {
        let bigints: Vec<_> = scalars.iter().map(|s| s.into_bigint()).collect();
        V::msm_bigint(bases, &bigints)
    }

    fn scalar_mix(n: usize, rng: &mut impl rand::RngCore) -> Vec<Fr> {
        (0..n)
            .map(|i| match i % 7 {
                0 => Fr::zero(),
                1 => Fr::one(),
                2 => -Fr::one(),
                3 => Fr::from(rng.next_u32() as u64 & 0xff),
                4 => -Fr::from(rng.next_u64()),
                5 => Fr::from(u64::MAX) * Fr::from(rng.next_u64()),
                _ => Fr::rand(rng),
            })
            .collect()
    }

    #[test]
    fn digits_recompose_every_scalar() {
        let rng = &mut test_rng();
        for c in [3, 9, 12, 13] {
            for s in scalar_mix(50, rng).into_iter().chain([-Fr::one(), Fr::from(2u64).pow([253])]) {
                let limbs = s.into_bigint();
                let windows = (limbs.num_bits() as usize + 1).div_ceil(c);
                let mut total = Fr::zero();
                for w in (0..windows).rev() {
                    total *= Fr::from(1u64 << c);
                    let d = signed_digit(limbs.as_ref(), w, c);
                    assert!(d.unsigned_abs() <= 1 << (c - 1));
                    total += if d < 0 { -Fr::from(d.unsigned_abs()) } else { Fr::from(d as u64) };
                }
                assert_eq!(total, s, "c = {c}");
            }
        }
    }

    #[test]
    fn matches_ark_ec_on_g1_and_g2() {
        let rng = &mut test_rng();
        for n in [0, 1, 5, 31, 32, 200, 1500] {
            let scalars = scalar_mix(n, rng);
            let g1: Vec<G1Affine> = (0..n).map(|_| G1Projective::rand(rng).into_affine()).collect();
            let g2: Vec<G2Affine> = (0..n).map(|_| G2Projective::rand(rng).into_affine()).collect();
            let prepared = SignedScalars::new(scalars.clone());
            assert_eq!(msm::<G1Projective>(&g1, prepared.all()), reference::<G1Projective>(&g1, &scalars));
            assert_eq!(msm::<G2Projective>(&g2, prepared.all()), reference::<G2Projective>(&g2, &scalars));
            if n > 3 {
                assert_eq!(
                    msm::<G1Projective>(&g1[3..], prepared.tail(3)),
                    reference::<G1Projective>(&g1[3..], &scalars[3..])
                );
            }
        }
    }

    #[test]
    fn small_and_negated_scalars_and_extremes() {
        let g = G1Projective::generator().into_affine();
        let cases: [&[Fr]; 5] = [
            &[Fr::zero(), Fr::zero()],
            &[-Fr::one(), -Fr::one()],
            &[Fr::from(2u64).pow([253]), -Fr::from(2u64).pow([253])],
            &[-Fr::from(7u64), Fr::from(u64::MAX)],
            &[Fr::from(1u64 << 40), Fr::one()],
        ];
        for scalars in cases {
            let expected = reference::<G1Projective>(&[g, g], scalars);
            assert_eq!(msm::<G1Projective>(&[g, g], SignedScalars::new(scalars.to_vec()).all()), expected);
        }
        // Longer scalar lists than bases are cut, as ark-ec does.
        let scalars = alloc::vec![Fr::from(3u64); 4];
        assert_eq!(
            msm::<G1Projective>(&[g], SignedScalars::new(scalars).all()),
            G1Projective::from(g) * Fr::from(3u64)
        );
    }
}
