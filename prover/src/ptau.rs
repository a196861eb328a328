//! **INSECURE**: a phase-2-ready Powers of Tau file (`.ptau`, snarkjs's
//! format) made from a τ, α, β derived from a public seed, for tests only.
//!
//! Anyone who knows the seed knows τ and can forge proofs for every key made
//! from this file, whatever the phase-2 contributions. It exists because CI
//! cannot download the public Perpetual Powers of Tau and snarkjs needs ten
//! minutes on this machine for `powersoftau prepare phase2` at 2^15; a real
//! deployment uses a public ceremony's file (`docs/ceremony.md`).
//!
//! The sections are those `snarkjs zkey new` and `zkey verify` read
//! (snarkjs `powersoftau_new.js`, `powersoftau_preparephase2.js`): 1 the
//! header (field size, `q`, power, ceremony power); 2 `[τᵏ]₁` for
//! `k < 2^(p+1) − 1`; 3 `[τᵏ]₂`, 4 `[α·τᵏ]₁`, 5 `[β·τᵏ]₁` for `k < 2^p`;
//! 6 `[β]₂`; 7 the contributions (none); 12–15 the Lagrange forms of 2–5 for
//! each domain `2^0 … 2^p` (and `2^(p+1)` for 12, whose top power snarkjs
//! leaves out: it is taken as zero), i.e. the inverse FFT of the powers.
//! Points are affine, coordinates little-endian in Montgomery form.

use crate::circom::{write_container, FIELD_BYTES};
use ark_bn254::{Fq, Fr, G1Projective, G2Projective};
use ark_ec::scalar_mul::ScalarMul;
use ark_ec::short_weierstrass::{Affine, SWCurveConfig};
use ark_ec::{AffineRepr, PrimeGroup};
use ark_ff::{BigInteger, Field, PrimeField, UniformRand};
use ark_poly::{EvaluationDomain, Radix2EvaluationDomain};
use rand::SeedableRng;

/// The largest power this helper writes (2^20 constraints; the files grow
/// as 2^(p+8) bytes).
pub const MAX_INSECURE_POWER: u32 = 20;

fn fq_bytes(out: &mut Vec<u8>, x: &Fq) {
    // arkworks' internal representation is the Montgomery form snarkjs stores.
    out.extend_from_slice(&x.0.to_bytes_le());
}

/// Appends affine points in snarkjs's encoding (the identity as zeros).
fn points<P: SWCurveConfig>(
    out: &mut Vec<u8>,
    points: &[Affine<P>],
    coordinates: impl Fn(&mut Vec<u8>, &P::BaseField),
) {
    let size = 2 * FIELD_BYTES * P::BaseField::extension_degree() as usize;
    for p in points {
        match p.xy() {
            Some((x, y)) => {
                coordinates(out, &x);
                coordinates(out, &y);
            }
            None => out.extend(std::iter::repeat_n(0, size)),
        }
    }
}

fn g1_section(scalars: &[Fr]) -> Vec<u8> {
    let affine = G1Projective::generator().batch_mul(scalars);
    let mut out = Vec::with_capacity(affine.len() * 2 * FIELD_BYTES);
    points(&mut out, &affine, fq_bytes);
    out
}

fn g2_section(scalars: &[Fr]) -> Vec<u8> {
    let affine = G2Projective::generator().batch_mul(scalars);
    let mut out = Vec::with_capacity(affine.len() * 4 * FIELD_BYTES);
    points(&mut out, &affine, |out, x| {
        fq_bytes(out, &x.c0);
        fq_bytes(out, &x.c1);
    });
    out
}

/// The Lagrange basis of the domain `2^q` at τ: the inverse FFT of
/// `τ⁰ … τ^(2^q − 1)` (the top power replaced by zero when `truncated`).
fn lagrange(powers: &[Fr], q: u32, truncated: bool) -> Vec<Fr> {
    let size = 1usize << q;
    let mut values = powers[..size].to_vec();
    if truncated {
        values[size - 1] = Fr::from(0u64);
    }
    let domain = Radix2EvaluationDomain::<Fr>::new(size).expect("power of two within the 2-adicity");
    domain.ifft_in_place(&mut values);
    values
}

/// **INSECURE**: a prepared `.ptau` for circuits of up to `2^power`
/// constraints, from τ, α, β derived from `seed` (module notes). `power` is
/// clamped to 1 ..= [`MAX_INSECURE_POWER`].
pub fn insecure_test_ptau(power: u32, seed: u64) -> Vec<u8> {
    let power = power.clamp(1, MAX_INSECURE_POWER);
    let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(seed);
    let (tau, alpha, beta) = (Fr::rand(&mut rng), Fr::rand(&mut rng), Fr::rand(&mut rng));
    let n = 1usize << power;
    let mut powers = Vec::with_capacity(2 * n);
    let mut t = Fr::from(1u64);
    for _ in 0..2 * n {
        powers.push(t);
        t *= tau;
    }
    let times = |c: Fr, v: &[Fr]| v.iter().map(|x| c * x).collect::<Vec<_>>();

    let mut header = Vec::new();
    header.extend_from_slice(&(FIELD_BYTES as u32).to_le_bytes());
    header.extend_from_slice(&Fq::MODULUS.to_bytes_le());
    header.extend_from_slice(&power.to_le_bytes());
    header.extend_from_slice(&power.to_le_bytes());

    let lagrange_all = |last: u32, truncate_last: bool| {
        (0..=last).flat_map(|q| lagrange(&powers, q, truncate_last && q == last)).collect::<Vec<_>>()
    };
    let lagrange_g1 = lagrange_all(power + 1, true);
    let lagrange_small = lagrange_all(power, false);

    let sections = vec![
        (1, header),
        (2, g1_section(&powers[..2 * n - 1])),
        (3, g2_section(&powers[..n])),
        (4, g1_section(&times(alpha, &powers[..n]))),
        (5, g1_section(&times(beta, &powers[..n]))),
        (6, g2_section(&[beta])),
        (7, 0u32.to_le_bytes().to_vec()),
        (12, g1_section(&lagrange_g1)),
        (13, g2_section(&lagrange_small)),
        (14, g1_section(&times(alpha, &lagrange_small))),
        (15, g1_section(&times(beta, &lagrange_small))),
    ];
    write_container(b"ptau", &sections)
}
