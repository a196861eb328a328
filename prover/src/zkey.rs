//! Importing a snarkjs Groth16 `.zkey` (the output of a phase-2 ceremony:
//! `snarkjs zkey new` on medzk's exported `.r1cs`, any number of
//! `zkey contribute` / `zkey beacon` steps) as a medzk proving key.
//!
//! A zkey (snarkjs `zkey_utils.js`, container version 1) holds, in sections:
//! 1 the protocol (1 = Groth16); 2 the field sizes and primes, `nVars`,
//! `nPublic`, the FFT domain size and `α₁, β₁, β₂, γ₂, δ₁, δ₂`; 3 `IC`
//! (arkworks' `gamma_abc_g1`); 4 the `A` and `B` coefficients the prover
//! evaluates; 5 `A`, 6 `B₁`, 7 `B₂` (one point per wire); 8 `C` (per private
//! wire: arkworks' `l_query`); 9 `H`; 10 the contributions. Points are affine
//! with coordinates little-endian in Montgomery form (`x·2²⁵⁶ mod q`; the
//! identity is all zeros); coefficients are `c·2⁵¹² mod r`.
//!
//! **What an import checks.** Every size against the shape's circuit; every
//! coefficient of section 4, in order, against the shape's pinned R1CS (the
//! zkey's `A` and `B` rows and the public-input rows `snarkjs` and arkworks
//! both append); every coordinate canonical and every point on its curve and
//! in its subgroup; then the key's structure as a holder checks it
//! ([`crate::keycheck::check_proving_key`]). A zkey says nothing of `C`, and
//! nothing here shows that its points come from a Powers of Tau or that its
//! contributions are honest: that is `snarkjs zkey verify medzk.r1cs
//! final.ptau final.zkey` (see `docs/ceremony.md`), run before importing.
//!
//! **`H`.** snarkjs's `H` points are `[L₂ⱼ₊₁(τ)/δ]₁`, the Lagrange basis of
//! the doubled domain at its odd points (its prover evaluates `h` on that
//! coset); arkworks' `h_query` is `[τⁱ·Z(τ)/δ]₁`. Since `xⁱ·Z(x)` (degree
//! below `2N − 1`) vanishes on the even points and is `−2·g^{(2j+1)i}` at the
//! odd point `g^{2j+1}` (`g` the `2N`-th root of unity),
//! `h_query[i] = −2·gⁱ·Σⱼ ωⁱʲ·H[j]` with `ω = g²`: one FFT over G1.

use crate::circom::{read_container, Reader, FIELD_BYTES};
use crate::{ProverError, ProvingKey, R1cs, VerifyingKey};
use ark_bn254::{Fq, Fq2, Fr, G1Affine, G1Projective, G2Affine};
use ark_ec::{AffineRepr, CurveGroup};
use ark_ff::{BigInt, BigInteger, Field, One, PrimeField, Zero};
use ark_poly::{EvaluationDomain, Radix2EvaluationDomain};
use medzk_circuits::query::QueryShape;
use rayon::prelude::*;

const WHAT: &str = "zkey";
const G1_BYTES: usize = 2 * FIELD_BYTES;
const G2_BYTES: usize = 4 * FIELD_BYTES;
/// One section-4 entry: matrix, constraint, signal (`u32` each), value.
const COEFFICIENT_BYTES: usize = 12 + FIELD_BYTES;

/// A zkey imported for a shape.
#[derive(Clone, Debug)]
pub struct ImportedZkey {
    /// The proving key, in arkworks' form (its `vk` is the verifying key).
    pub proving_key: ProvingKey,
    /// snarkjs's circuit hash (BLAKE2b-512 of the initial key), what
    /// `snarkjs zkey verify` prints as "Circuit Hash".
    pub circuit_hash: [u8; 64],
    /// How many contributions (beacon included) the zkey records.
    pub contributions: u32,
}

impl ImportedZkey {
    /// The verifying key.
    pub fn verifying_key(&self) -> &VerifyingKey {
        &self.proving_key.vk
    }
}

/// Imports a `.zkey` made for `shape`'s circuit, whose matrices are `r1cs`
/// (the shape's pinned R1CS: [`R1cs::for_shape`] or a proving key file's).
/// See the module notes for what is checked.
pub fn import_zkey(shape: QueryShape, r1cs: &R1cs, zkey: &[u8]) -> Result<ImportedZkey, ProverError> {
    let sections = read_container(zkey, b"zkey", WHAT)?;
    let section = |kind: u32| {
        sections
            .iter()
            .find(|(k, _)| *k == kind)
            .map(|(_, data)| *data)
            .ok_or_else(|| ProverError::Zkey(format!("section {kind} is missing")))
    };
    let wrong = |reason: String| ProverError::ZkeyWrongCircuit { shape: shape.name, reason };

    let mut protocol = Reader::new(section(1)?, WHAT);
    let id = protocol.u32()?;
    if id != 1 {
        return Err(ProverError::Zkey(format!("protocol {id}, not Groth16 (1)")));
    }
    protocol.finish()?;

    let mut header = Reader::new(section(2)?, WHAT);
    expect_prime::<Fq>(&mut header, "base field")?;
    expect_prime::<Fr>(&mut header, "scalar field")?;
    let wires = header.u32()? as usize;
    let public = header.u32()? as usize;
    let domain_size = header.u32()? as usize;
    let alpha_g1 = read_g1(&mut header)?;
    let beta_g1 = read_g1(&mut header)?;
    let beta_g2 = read_g2(&mut header)?;
    let gamma_g2 = read_g2(&mut header)?;
    let delta_g1 = read_g1(&mut header)?;
    let delta_g2 = read_g2(&mut header)?;
    header.finish()?;

    if wires != r1cs.num_variables() || public + 1 != r1cs.num_instance() {
        return Err(wrong(format!(
            "{wires} wires and {public} public inputs, the circuit has {} and {}",
            r1cs.num_variables(),
            r1cs.num_instance() - 1
        )));
    }
    let expected_domain = (r1cs.num_constraints() + r1cs.num_instance()).next_power_of_two();
    if domain_size != expected_domain {
        return Err(wrong(format!("FFT domain {domain_size}, the circuit's is {expected_domain}")));
    }
    check_coefficients(section(4)?, r1cs).map_err(|e| match e {
        Mismatch::Format(e) => e,
        Mismatch::Circuit(reason) => wrong(reason),
    })?;

    let gamma_abc_g1 = read_points(section(3)?, public + 1, G1_BYTES, read_g1)?;
    let a_query = read_points(section(5)?, wires, G1_BYTES, read_g1)?;
    let b_g1_query = read_points(section(6)?, wires, G1_BYTES, read_g1)?;
    let b_g2_query = read_points(section(7)?, wires, G2_BYTES, read_g2)?;
    let l_query = read_points(section(8)?, wires - public - 1, G1_BYTES, read_g1)?;
    let h_points = read_points(section(9)?, domain_size, G1_BYTES, read_g1)?;
    let h_query = h_query_from_odd_lagrange(&h_points)?;

    let mut contributions = Reader::new(section(10)?, WHAT);
    let circuit_hash: [u8; 64] = contributions.take(64)?.try_into().expect("64 bytes");
    let count = contributions.u32()?;

    let vk = VerifyingKey { alpha_g1, beta_g2, gamma_g2, delta_g2, gamma_abc_g1 };
    let proving_key = ProvingKey { vk, beta_g1, delta_g1, a_query, b_g1_query, b_g2_query, h_query, l_query };
    crate::keycheck::check_proving_key(&proving_key, &mut rand::rngs::OsRng)?;
    Ok(ImportedZkey { proving_key, circuit_hash, contributions: count })
}

enum Mismatch {
    Format(ProverError),
    Circuit(String),
}

impl From<ProverError> for Mismatch {
    fn from(e: ProverError) -> Self {
        Mismatch::Format(e)
    }
}

/// Section 4 must be, entry for entry, what `snarkjs zkey new` writes for
/// `r1cs`: per constraint its `A` then its `B` entries, then one `A` entry
/// `1` per public input (and the constant one) in the rows after the last
/// constraint.
fn check_coefficients(data: &[u8], r1cs: &R1cs) -> Result<(), Mismatch> {
    let mut reader = Reader::new(data, WHAT);
    let count = reader.u32()? as usize;
    if reader.remaining() != count.saturating_mul(COEFFICIENT_BYTES) {
        return Err(ProverError::Zkey(format!(
            "section 4 declares {count} coefficients in {} bytes",
            reader.remaining()
        ))
        .into());
    }
    let rows = r1cs.num_constraints();
    let entries = |which| (0..rows).map(|row| r1cs.row_entries(which, row).count()).sum::<usize>();
    let expected = entries(0) + entries(1) + r1cs.num_instance();
    if count != expected {
        return Err(Mismatch::Circuit(format!("{count} A/B coefficients, the circuit has {expected}")));
    }
    // Stored values are c·R² (R = 2^256 mod r).
    let r = Fr::from(2u64).pow([256]);
    let r_squared = r * r;
    let mut next = |matrix: u32, row: usize, wire: usize, value: Fr| -> Result<(), Mismatch> {
        let found = (reader.u32()?, reader.u32()? as usize, reader.u32()? as usize);
        let stored = read_fr(&mut reader)?;
        if found != (matrix, row, wire) || stored != value * r_squared {
            return Err(Mismatch::Circuit(format!(
                "coefficient of wire {} in row {} of {} differs from the circuit's",
                found.2,
                found.1,
                if found.0 == 0 { "A" } else { "B" }
            )));
        }
        Ok(())
    };
    for row in 0..rows {
        for which in 0..2 {
            for (wire, value) in r1cs.row_entries(which, row) {
                next(which as u32, row, wire, value)?;
            }
        }
    }
    for wire in 0..r1cs.num_instance() {
        next(0, rows + wire, wire, Fr::one())?;
    }
    Ok(())
}

fn expect_prime<F: PrimeField>(reader: &mut Reader<'_>, name: &str) -> Result<(), ProverError> {
    let size = reader.u32()? as usize;
    if size != FIELD_BYTES || reader.take(size)? != F::MODULUS.to_bytes_le().as_slice() {
        return Err(ProverError::Zkey(format!("the {name} is not BN254's")));
    }
    Ok(())
}

/// 32 little-endian bytes, below the modulus.
fn read_canonical<F: PrimeField<BigInt = BigInt<4>>>(
    reader: &mut Reader<'_>,
) -> Result<BigInt<4>, ProverError> {
    let bytes = reader.take(FIELD_BYTES)?;
    let mut limbs = [0u64; 4];
    for (limb, chunk) in limbs.iter_mut().zip(bytes.chunks_exact(8)) {
        *limb = u64::from_le_bytes(chunk.try_into().expect("8 bytes"));
    }
    let value = BigInt::new(limbs);
    if value >= F::MODULUS {
        return Err(ProverError::Zkey("a field element is not canonical (not below the modulus)".into()));
    }
    Ok(value)
}

fn read_fr(reader: &mut Reader<'_>) -> Result<Fr, ProverError> {
    Ok(Fr::from_bigint(read_canonical::<Fr>(reader)?).expect("canonical"))
}

/// A coordinate in Montgomery form: the stored integer is arkworks' internal
/// representation.
fn read_fq(reader: &mut Reader<'_>) -> Result<Fq, ProverError> {
    Ok(Fq::new_unchecked(read_canonical::<Fq>(reader)?))
}

fn read_g1(reader: &mut Reader<'_>) -> Result<G1Affine, ProverError> {
    let (x, y) = (read_fq(reader)?, read_fq(reader)?);
    if x.is_zero() && y.is_zero() {
        return Ok(G1Affine::identity());
    }
    let point = G1Affine::new_unchecked(x, y);
    if !point.is_on_curve() || !point.is_in_correct_subgroup_assuming_on_curve() {
        return Err(ProverError::Zkey("a G1 point is not on the curve".into()));
    }
    Ok(point)
}

fn read_g2(reader: &mut Reader<'_>) -> Result<G2Affine, ProverError> {
    let x = Fq2::new(read_fq(reader)?, read_fq(reader)?);
    let y = Fq2::new(read_fq(reader)?, read_fq(reader)?);
    if x.is_zero() && y.is_zero() {
        return Ok(G2Affine::identity());
    }
    let point = G2Affine::new_unchecked(x, y);
    if !point.is_on_curve() || !point.is_in_correct_subgroup_assuming_on_curve() {
        return Err(ProverError::Zkey("a G2 point is not on the curve or not in its subgroup".into()));
    }
    Ok(point)
}

/// Exactly `count` points of `size` bytes, decoded and checked in parallel.
fn read_points<T: Send>(
    data: &[u8],
    count: usize,
    size: usize,
    read: fn(&mut Reader<'_>) -> Result<T, ProverError>,
) -> Result<Vec<T>, ProverError> {
    if data.len() != count.saturating_mul(size) {
        return Err(ProverError::Zkey(format!(
            "a section holds {} bytes, {count} points need {}",
            data.len(),
            count * size
        )));
    }
    data.par_chunks_exact(size).map(|chunk| read(&mut Reader::new(chunk, WHAT))).collect()
}

/// arkworks' `h_query` (`[τⁱ·Z(τ)/δ]₁`, `N − 1` points) from snarkjs's `H`
/// (`[L₂ⱼ₊₁(τ)/δ]₁` for the doubled domain, `N` points): module notes.
pub(crate) fn h_query_from_odd_lagrange(points: &[G1Affine]) -> Result<Vec<G1Affine>, ProverError> {
    let n = points.len();
    let bad = || ProverError::Zkey(format!("an H section of {n} points (not a power of two)"));
    if !n.is_power_of_two() || n < 2 {
        return Err(bad());
    }
    let domain = Radix2EvaluationDomain::<Fr>::new(n).ok_or_else(bad)?;
    let doubled = Radix2EvaluationDomain::<Fr>::new(2 * n).ok_or_else(bad)?;
    let mut values: Vec<G1Projective> = points.iter().map(|p| p.into_group()).collect();
    domain.fft_in_place(&mut values);
    values.truncate(n - 1);
    let g = doubled.group_gen();
    let mut factors = Vec::with_capacity(n - 1);
    let mut factor = -Fr::from(2u64);
    for _ in 0..n - 1 {
        factors.push(factor);
        factor *= g;
    }
    values.par_iter_mut().zip(factors).for_each(|(value, factor)| *value *= factor);
    Ok(G1Projective::normalize_batch(&values))
}
