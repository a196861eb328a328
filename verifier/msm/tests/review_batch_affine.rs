//! Adversarial review of `msm_batch_affine` / `msm_batch_affine_tuned`: every
//! case is compared with the naive sum `Σ s_i · P_i`.

use ark_bn254::{Fq, Fr, G1Affine, G1Projective, G2Affine, G2Projective};
use ark_ec::short_weierstrass::{Affine, Projective, SWCurveConfig};
use ark_ec::{AdditiveGroup, AffineRepr, CurveGroup, PrimeGroup};
use ark_ff::{BigInteger, Field, One, PrimeField, UniformRand, Zero};
use medzk_msm::{msm_batch_affine, msm_batch_affine_tuned, SignedScalars};
use rand::rngs::StdRng;
use rand::{Rng, RngCore, SeedableRng};

fn rng(seed: u64) -> StdRng {
    StdRng::seed_from_u64(seed)
}

/// The definition: one scalar multiplication per base.
fn naive<P: SWCurveConfig>(bases: &[Affine<P>], scalars: &[P::ScalarField]) -> Projective<P> {
    bases.iter().zip(scalars).map(|(b, s)| *b * *s).sum()
}

/// The naive sum, computing s·P as −((−s)·P) when −s is shorter (same value,
/// far cheaper for small negative scalars).
fn naive_short<P: SWCurveConfig<ScalarField = Fr>>(bases: &[Affine<P>], scalars: &[Fr]) -> Projective<P> {
    bases
        .iter()
        .zip(scalars)
        .map(
            |(b, s)| {
                if (-*s).into_bigint().num_bits() < s.into_bigint().num_bits() {
                    -(*b * -*s)
                } else {
                    *b * *s
                }
            },
        )
        .sum()
}

/// Checks the public entry point and the tuned one under each (window, batch).
fn check<P: SWCurveConfig<ScalarField = Fr>>(
    bases: &[Affine<P>],
    scalars: &[Fr],
    configs: &[(usize, Option<usize>)],
    label: &str,
) {
    let expected = naive(bases, scalars);
    let prepared = SignedScalars::new(scalars.to_vec());
    assert_eq!(
        msm_batch_affine(bases, prepared.all()),
        expected,
        "{label}: msm_batch_affine, n = {}",
        bases.len()
    );
    for &(c, batch) in configs {
        assert_eq!(
            msm_batch_affine_tuned(bases, prepared.all(), c, batch),
            expected,
            "{label}: tuned c = {c}, batch = {batch:?}, n = {}",
            bases.len()
        );
    }
}

fn random_g1(n: usize, rng: &mut impl RngCore) -> Vec<G1Affine> {
    let points: Vec<G1Projective> = (0..n).map(|_| G1Projective::rand(rng)).collect();
    G1Projective::normalize_batch(&points)
}

/// A + i·Q: cheap for large n.
fn progression_g1(n: usize, rng: &mut impl RngCore) -> Vec<G1Affine> {
    let (mut a, q) = (G1Projective::rand(rng), G1Projective::rand(rng));
    let points: Vec<G1Projective> = (0..n)
        .map(|_| {
            a += q;
            a
        })
        .collect();
    G1Projective::normalize_batch(&points)
}

fn random_g2(n: usize, rng: &mut impl RngCore) -> Vec<G2Affine> {
    let points: Vec<G2Projective> = (0..n).map(|_| G2Projective::rand(rng)).collect();
    G2Projective::normalize_batch(&points)
}

fn pow2(k: u64) -> Fr {
    Fr::from(2u64).pow([k])
}

fn from_big(b: <Fr as PrimeField>::BigInt) -> Fr {
    Fr::from_bigint(b).unwrap()
}

/// Zero, ±1, small, 64-bit, 128-bit, near-r, powers of two and full scalars.
fn scalar_mix(n: usize, rng: &mut impl RngCore) -> Vec<Fr> {
    (0..n)
        .map(|i| match rng.gen_range(0..12) {
            0 => Fr::zero(),
            1 => Fr::one(),
            2 => -Fr::one(),
            3 => Fr::from(rng.next_u32() as u64 & 0xfff),
            4 => -Fr::from(rng.next_u64()),
            5 => Fr::from(rng.next_u64()) * Fr::from(u64::MAX),
            6 => -Fr::from((i % 9) as u64 + 1),
            7 => pow2(rng.gen_range(0..254)),
            8 => pow2(rng.gen_range(0..254)) - Fr::one(),
            9 => from_big(Fr::MODULUS_MINUS_ONE_DIV_TWO) + Fr::from(rng.gen_range(0..3u64)),
            _ => Fr::rand(rng),
        })
        .collect()
}

/// The G1 point with x = 0 (x equal to the identity's stored x), if any.
fn g1_with_x_zero() -> Option<G1Affine> {
    let y = Fq::from(3u64).sqrt()?;
    let p = G1Affine::new_unchecked(Fq::zero(), y);
    assert!(p.is_on_curve());
    Some(p)
}

const SMALL_CONFIGS: &[(usize, Option<usize>)] = &[
    (2, None),
    (2, Some(1)),
    (2, Some(2)),
    (3, Some(1)),
    (3, Some(3)),
    (4, None),
    (4, Some(2)),
    (5, Some(5)),
    (7, Some(1)),
    (8, None),
    (8, Some(3)),
    (9, Some(64)),
    (11, None),
    (13, Some(1000000)),
];

#[test]
fn sizes_around_every_window_threshold() {
    let rng = &mut rng(1);
    for n in [255, 256, 257, 1023, 1024, 1025, 8191, 8192, 8193] {
        let mut bases = random_g1(n, rng);
        for i in (0..n).step_by(53) {
            bases[i] = G1Affine::zero();
        }
        let scalars = scalar_mix(n, rng);
        check(&bases, &scalars, &[(10, Some(1)), (13, None)], "thresholds");
    }
}

#[test]
fn sizes_around_24576() {
    let rng = &mut rng(2);
    for n in [24575, 24576, 24577] {
        let mut bases = progression_g1(n, rng);
        bases[n / 2] = G1Affine::zero();
        let scalars = scalar_mix(n, rng);
        check(&bases, &scalars, &[], "24576");
    }
}

#[test]
fn sizes_around_524288_small_scalars() {
    let rng = &mut rng(3);
    for n in [524287, 524288] {
        let bases = progression_g1(n, rng);
        let scalars: Vec<Fr> = (0..n)
            .map(|i| match i % 997 {
                0 => Fr::rand(rng),
                1 => -Fr::one(),
                _ => Fr::from(rng.next_u32() as u64 & 0x3ff) - Fr::from(0x200u64),
            })
            .collect();
        let expected = naive_short(&bases, &scalars);
        let prepared = SignedScalars::new(scalars);
        assert_eq!(msm_batch_affine(&bases, prepared.all()), expected, "n = {n}");
    }
}

/// A handful of bases and their multiples/negations, repeated, so that buckets
/// are doubled, cancelled, refilled and re-touched inside one batch.
#[test]
fn exceptional_additions_from_a_tiny_base_set() {
    let rng = &mut rng(4);
    let p = G1Projective::rand(rng);
    let q = G1Projective::rand(rng);
    let mut set: Vec<G1Affine> = G1Projective::normalize_batch(&[
        p,
        -p,
        p.double(),
        -p.double(),
        p * Fr::from(3u64),
        q,
        -q,
        p + q,
        -(p + q),
        p.double().double(),
    ]);
    set.push(G1Affine::zero());
    if let Some(x0) = g1_with_x_zero() {
        set.push(x0);
        set.push(-x0);
    }
    let small: Vec<Fr> = [1i64, -1, 2, -2, 3, -3, 4, -4, 5, 8, -8, 16]
        .iter()
        .map(|&v| if v < 0 { -Fr::from((-v) as u64) } else { Fr::from(v as u64) })
        .collect();
    for round in 0..12 {
        let n = [300, 600, 257][round % 3];
        let bases: Vec<G1Affine> = (0..n).map(|_| set[rng.gen_range(0..set.len())]).collect();
        let scalars: Vec<Fr> = match round % 4 {
            0 => vec![Fr::one(); n],
            1 => (0..n).map(|_| if rng.gen() { Fr::one() } else { -Fr::one() }).collect(),
            2 => (0..n).map(|_| small[rng.gen_range(0..small.len())]).collect(),
            _ => (0..n)
                .map(|_| if rng.gen_range(0..4) == 0 { Fr::rand(rng) } else { small[rng.gen_range(0..4)] })
                .collect(),
        };
        check(&bases, &scalars, SMALL_CONFIGS, &format!("tiny set round {round}"));
    }
}

/// Hand-made sequences into one bucket (all scalars 1) with a batch of 1 (every
/// addition flushed at once) and larger batches (later ones spill).
#[test]
fn one_bucket_sequences() {
    let rng = &mut rng(5);
    let p = G1Projective::rand(rng);
    let [p1, m1, p2, m2, p3, p4] = <[G1Affine; 6]>::try_from(G1Projective::normalize_batch(&[
        p,
        -p,
        p.double(),
        -p.double(),
        p * Fr::from(3u64),
        p.double().double(),
    ]))
    .unwrap();
    let patterns: Vec<Vec<G1Affine>> = vec![
        vec![p1, p1],                 // doubling
        vec![p1, m1],                 // cancel
        vec![p1, m1, p1],             // cancel then refill
        vec![p1, p1, m2],             // doubling then (waiting) −2P spill / or cancel
        vec![p1, p1, p2],             // doubling then 2P
        vec![p1, p1, p2, p4, m2, m2], // 2P, 4P, 8P, 6P, 4P
        vec![p2, m1, m1],             // 2P − P = P (x differs), then P − P
        vec![p3, m2, m1],             // 3P − 2P − P = 0
        vec![p1, p2, m3(p3)],         // P + 2P − 3P = 0
        vec![m1, m1, m1, p3],         // −2P, −3P, 0
    ];
    fn m3(p: G1Affine) -> G1Affine {
        -p
    }
    for (k, pattern) in patterns.iter().enumerate() {
        // Repeat the pattern up to ≥ 256 bases so the batch-affine path runs.
        let reps = 256usize.div_ceil(pattern.len()) + 1;
        let bases: Vec<G1Affine> = pattern.iter().copied().cycle().take(pattern.len() * reps).collect();
        let n = bases.len();
        for scalars in [
            vec![Fr::one(); n],
            vec![-Fr::one(); n],
            vec![Fr::from(7u64); n],
            vec![-Fr::one() - Fr::one(); n],
        ] {
            check(&bases, &scalars, SMALL_CONFIGS, &format!("pattern {k}"));
        }
        // The bare pattern through the tuned entry (n below 256 is allowed there).
        let ones = vec![Fr::one(); pattern.len()];
        let expected = naive(pattern, &ones);
        let prepared = SignedScalars::new(ones);
        for &(c, batch) in SMALL_CONFIGS {
            assert_eq!(
                msm_batch_affine_tuned(pattern, prepared.all(), c, batch),
                expected,
                "bare pattern {k} c {c} {batch:?}"
            );
        }
    }
}

/// Scalars at and near r, (r±1)/2, 2^k and 2^k − 1, r − 2^k.
#[test]
fn scalars_near_the_modulus_and_powers_of_two() {
    let rng = &mut rng(6);
    let half = from_big(Fr::MODULUS_MINUS_ONE_DIV_TWO);
    let mut special: Vec<Fr> = vec![
        -Fr::one(),
        -Fr::from(2u64),
        -Fr::from(3u64),
        half,
        half + Fr::one(),
        half - Fr::one(),
        half + Fr::from(2u64),
    ];
    for k in 0..254u64 {
        special.push(pow2(k));
        special.push(pow2(k) - Fr::one());
        special.push(-pow2(k));
        special.push(pow2(k) + Fr::one());
    }
    let n = special.len();
    let bases = random_g1(n, rng);
    check(
        &bases,
        &special,
        &[(2, None), (3, Some(1)), (5, None), (7, Some(4)), (9, None), (12, None), (16, None)],
        "special",
    );
    // The same base everywhere: every partial sum meets the bucket's value often.
    let same = vec![bases[0]; n];
    check(&same, &special, &[(2, Some(1)), (6, None), (8, Some(1))], "special same base");
    // All scalars r − 1: magnitude 1, negated.
    check(&bases, &vec![-Fr::one(); n], &[(2, None), (9, Some(1))], "all r-1");
    // All scalars (r−1)/2 and (r+1)/2 alternately.
    let halves: Vec<Fr> = (0..n).map(|i| if i % 2 == 0 { half } else { half + Fr::one() }).collect();
    check(&bases, &halves, &[(2, None), (11, Some(2)), (17, None)], "halves");
}

/// Carries into the top window: scalars made of all-ones runs, with the longest
/// scalar's length chosen so that (max_bits + 1) is a multiple of c, or one more
/// or one less.
#[test]
fn carries_into_the_top_window() {
    let rng = &mut rng(7);
    let n = 300;
    let bases = random_g1(n, rng);
    for c in 2..=14usize {
        let mut ks: Vec<u64> = Vec::new();
        for m in [1usize, 2, 5, 254 / c] {
            for delta in [-2i64, -1, 0] {
                let k = (m * c) as i64 + delta; // max_bits = k ⇒ max_bits + 1 = m·c + delta + 1
                if (1..=253).contains(&k) {
                    ks.push(k as u64);
                }
            }
        }
        for k in ks {
            // All magnitudes below 2^k, dense ones: 2^k − 1, 2^k − 2^j, random k-bit.
            let top = pow2(k) - Fr::one();
            let scalars: Vec<Fr> = (0..n)
                .map(|i| match i % 5 {
                    0 => top,
                    1 => pow2(k) - pow2(rng.gen_range(0..k)),
                    2 => -top,
                    3 => {
                        let mut b = Fr::rand(rng).into_bigint();
                        for bit in k as usize..256 {
                            let (limb, off) = (bit / 64, bit % 64);
                            b.0[limb] &= !(1u64 << off);
                        }
                        from_big(b)
                    }
                    _ => Fr::from(rng.gen_range(0..4u64)),
                })
                .collect();
            let prepared = SignedScalars::new(scalars.clone());
            let expected = naive(&bases, &scalars);
            for batch in [None, Some(1), Some(3)] {
                assert_eq!(
                    msm_batch_affine_tuned(&bases, prepared.all(), c, batch),
                    expected,
                    "c = {c}, k = {k}, batch = {batch:?}"
                );
            }
            assert_eq!(msm_batch_affine(&bases, prepared.all()), expected, "default, k = {k}");
        }
    }
}

#[test]
fn zero_scalars_and_a_single_nonzero_scalar() {
    let rng = &mut rng(8);
    for n in [256, 1024, 9000] {
        let bases = random_g1(n, rng);
        let zeros = vec![Fr::zero(); n];
        let prepared = SignedScalars::new(zeros.clone());
        assert!(msm_batch_affine(&bases, prepared.all()).is_zero());
        for c in [2, 8, 13] {
            assert!(msm_batch_affine_tuned(&bases, prepared.all(), c, Some(1)).is_zero());
        }
        for pos in [0, 1, n / 2, n - 1] {
            for value in [
                Fr::one(),
                -Fr::one(),
                Fr::rand(rng),
                pow2(253),
                pow2(252) - Fr::one(),
                Fr::from(128u64),
                -Fr::from(129u64),
            ] {
                let mut scalars = zeros.clone();
                scalars[pos] = value;
                check(&bases, &scalars, &[(2, None), (8, Some(1))], &format!("single at {pos}"));
            }
        }
        // The single non-zero scalar's base is the identity.
        let mut b = bases.clone();
        b[n / 2] = G1Affine::zero();
        let mut scalars = zeros.clone();
        scalars[n / 2] = Fr::rand(rng);
        let prepared = SignedScalars::new(scalars.clone());
        assert!(msm_batch_affine(&b, prepared.all()).is_zero());
        check(&b, &scalars, &[(3, Some(1))], "single at identity");
    }
}

#[test]
fn identities_duplicates_and_negations() {
    let rng = &mut rng(9);
    let n = 1500;
    let distinct = random_g1(n, rng);
    let scalars = scalar_mix(n, rng);
    // All identity.
    check(&vec![G1Affine::zero(); n], &scalars, &[(4, Some(1))], "all identity");
    // Every other base the identity.
    let half: Vec<G1Affine> =
        distinct.iter().enumerate().map(|(i, b)| if i % 2 == 0 { G1Affine::zero() } else { *b }).collect();
    check(&half, &scalars, &[(5, Some(2))], "half identity");
    // One base repeated with mixed scalars.
    check(&vec![distinct[7]; n], &scalars, &[(2, Some(1)), (10, None)], "one base");
    // Pairs (P, P) with (s, −s), (P, −P) with (s, s), (P, P) with (s, r − s): all cancel.
    let pairs: Vec<G1Affine> = (0..n).map(|i| distinct[i / 2]).collect();
    let neg_pairs: Vec<G1Affine> =
        (0..n).map(|i| if i % 2 == 0 { distinct[i / 2] } else { -distinct[i / 2] }).collect();
    let s_neg_s: Vec<Fr> =
        (0..n).map(|i| if i % 2 == 0 { scalars[i / 2] } else { -scalars[i / 2] }).collect();
    let s_s: Vec<Fr> = (0..n).map(|i| scalars[i / 2]).collect();
    for (b, s, what) in [(&pairs, &s_neg_s, "P,P s,-s"), (&neg_pairs, &s_s, "P,-P s,s")] {
        check(b, s, &[(3, None), (8, Some(1))], what);
        assert!(msm_batch_affine(b, SignedScalars::new(s.clone()).all()).is_zero(), "{what}");
    }
    // Same pairs with equal scalars: doubling of every base, in the same bucket.
    check(&pairs, &s_s, &[(3, None), (8, Some(1))], "P,P s,s");
    // Duplicated bases with a constant scalar (all in one bucket per window).
    let dup: Vec<G1Affine> = (0..n).map(|i| distinct[i % 5]).collect();
    check(&dup, &vec![Fr::from(0xabcdefu64); n], &[(2, Some(1)), (6, Some(2)), (9, None)], "dup constant");
    check(&distinct, &vec![Fr::from(5u64); n], &[(4, Some(1000))], "distinct constant");
}

#[test]
fn length_mismatches_and_tails() {
    let rng = &mut rng(10);
    let bases = random_g1(1200, rng);
    // Extra scalars are larger than the used ones: more windows than needed.
    let mut scalars: Vec<Fr> = (0..1200).map(|_| Fr::from(rng.next_u32() as u64)).collect();
    for s in scalars.iter_mut().skip(400) {
        *s = Fr::rand(rng);
    }
    for (nb, ns) in
        [(600, 400), (400, 600), (300, 200), (200, 300), (255, 1000), (1000, 256), (256, 1000), (1200, 1024)]
    {
        let prepared = SignedScalars::new(scalars[..ns].to_vec());
        let m = nb.min(ns);
        let expected = naive(&bases[..m], &scalars[..m]);
        assert_eq!(msm_batch_affine(&bases[..nb], prepared.all()), expected, "nb {nb} ns {ns}");
        assert_eq!(
            msm_batch_affine_tuned(&bases[..nb], prepared.all(), 5, Some(3)),
            expected,
            "nb {nb} ns {ns} tuned"
        );
    }
    // Tails (the `l` query skips the public inputs).
    let prepared = SignedScalars::new(scalars.clone());
    for start in [1, 3, 944, 945, 1199, 1200] {
        let expected = naive(&bases[start..], &scalars[start..]);
        assert_eq!(msm_batch_affine(&bases[start..], prepared.tail(start)), expected, "tail {start}");
        assert_eq!(
            msm_batch_affine_tuned(&bases[start..], prepared.tail(start), 7, None),
            expected,
            "tail {start} tuned"
        );
    }
    // Empty inputs.
    let empty = SignedScalars::<Fr>::new(Vec::new());
    assert!(msm_batch_affine::<ark_bn254::g1::Config>(&bases, empty.all()).is_zero());
    assert!(msm_batch_affine(&[] as &[G1Affine], prepared.all()).is_zero());
    assert!(msm_batch_affine_tuned(&[] as &[G1Affine], prepared.all(), 4, None).is_zero());
}

#[test]
fn every_window_size_2_to_18_and_batch() {
    let rng = &mut rng(11);
    let n = 1500;
    let mut bases = random_g1(n, rng);
    for i in (0..n).step_by(97) {
        bases[i] = G1Affine::zero();
    }
    bases[10] = bases[11];
    bases[12] = -bases[13];
    let scalars = scalar_mix(n, rng);
    let expected = naive(&bases, &scalars);
    let prepared = SignedScalars::new(scalars);
    for c in 2..=18usize {
        for batch in [None, Some(0), Some(1), Some(2), Some(7), Some(1 << 20)] {
            if c >= 15 && !matches!(batch, None | Some(1)) {
                continue; // keep the run short
            }
            assert_eq!(
                msm_batch_affine_tuned(&bases, prepared.all(), c, batch),
                expected,
                "c = {c}, batch = {batch:?}"
            );
        }
    }
}

/// c = 1 is below the documented minimum (2); checked for information only.
#[test]
fn window_size_one_below_documented_minimum() {
    let rng = &mut rng(12);
    let n = 300;
    let bases = random_g1(n, rng);
    let scalars = scalar_mix(n, rng);
    let expected = naive(&bases, &scalars);
    let prepared = SignedScalars::new(scalars);
    assert_eq!(msm_batch_affine_tuned(&bases, prepared.all(), 1, None), expected);
    assert_eq!(msm_batch_affine_tuned(&bases, prepared.all(), 1, Some(1)), expected);
}

#[test]
fn g2_thresholds_and_exceptional_cases() {
    let rng = &mut rng(13);
    for n in [255, 256, 1024, 1100] {
        let mut bases = random_g2(n, rng);
        bases[3] = G2Affine::zero();
        bases[4] = bases[5];
        bases[6] = -bases[7];
        let scalars = scalar_mix(n, rng);
        check(&bases, &scalars, &[(3, Some(1)), (10, None)], "g2");
    }
    let p = G2Projective::rand(rng);
    let q = G2Projective::rand(rng);
    let set = G2Projective::normalize_batch(&[p, -p, p.double(), -p.double(), q, -q, p + q]);
    for round in 0..4 {
        let n = 400;
        let bases: Vec<G2Affine> = (0..n).map(|_| set[rng.gen_range(0..set.len())]).collect();
        let scalars: Vec<Fr> = (0..n)
            .map(|_| match rng.gen_range(0..5) {
                0 => Fr::one(),
                1 => -Fr::one(),
                2 => Fr::from(2u64),
                3 => -Fr::from(2u64),
                _ => {
                    if round == 3 {
                        Fr::rand(rng)
                    } else {
                        Fr::one()
                    }
                }
            })
            .collect();
        check(&bases, &scalars, &[(2, Some(1)), (3, Some(2)), (8, None)], &format!("g2 tiny set {round}"));
    }
}

/// Canonical integers given directly (from_bigints), including 0 and r − 1.
#[test]
fn from_bigints_extremes() {
    let rng = &mut rng(14);
    let n = 400;
    let bases = random_g1(n, rng);
    let mut r_minus_one = Fr::MODULUS;
    r_minus_one.sub_with_borrow(&<Fr as PrimeField>::BigInt::from(1u64));
    let scalars: Vec<Fr> = (0..n)
        .map(|i| match i % 4 {
            0 => Fr::zero(),
            1 => from_big(r_minus_one),
            2 => from_big(Fr::MODULUS_MINUS_ONE_DIV_TWO),
            _ => Fr::rand(rng),
        })
        .collect();
    let bigints: Vec<_> = scalars.iter().map(|s| s.into_bigint()).collect();
    let prepared = SignedScalars::<Fr>::from_bigints(bigints);
    let expected = naive(&bases, &scalars);
    assert_eq!(msm_batch_affine(&bases, prepared.all()), expected);
    assert_eq!(msm_batch_affine_tuned(&bases, prepared.all(), 6, Some(1)), expected);
    // Generator-only sanity: Σ i·G = (n(n−1)/2)·G.
    let g = G1Projective::generator().into_affine();
    let idx: Vec<Fr> = (0..n as u64).map(Fr::from).collect();
    assert_eq!(
        msm_batch_affine(&vec![g; n], SignedScalars::new(idx).all()),
        G1Projective::generator() * Fr::from((n as u64) * (n as u64 - 1) / 2)
    );
}

/// The batch can never hold more additions than there are buckets: a huge
/// requested `batch` is clamped to the bucket count (it once overflowed the
/// buffers' capacity and panicked).
#[test]
fn huge_batch_size_is_clamped() {
    let rng = &mut rng(15);
    let n = 300;
    let bases = random_g1(n, rng);
    let scalars = scalar_mix(n, rng);
    let expected = naive(&bases, &scalars);
    let prepared = SignedScalars::new(scalars);
    assert_eq!(msm_batch_affine_tuned(&bases, prepared.all(), 4, Some(usize::MAX)), expected);
}
