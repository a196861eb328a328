//! Trusted setup and the circuit's R1CS digest.

use crate::{ProverError, ProvingKey, VerifyingKey};
use ark_bn254::{Bn254, Fr};
use ark_groth16::Groth16;
use ark_relations::gr1cs::{
    ConstraintSynthesizer, ConstraintSystem, Matrix, SynthesisMode, R1CS_PREDICATE_LABEL,
};
use ark_snark::SNARK;
use medzk_circuits::query::constraints::QueryCircuit;
use medzk_circuits::query::QueryShape;
use rand::{CryptoRng, RngCore, SeedableRng};
use sha2::{Digest, Sha256};

/// The steps of a setup, reported to a progress callback.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SetupStage {
    /// Synthesising the constraint system.
    Synthesis,
    /// Generating the keys (FFTs and fixed-base multiplications).
    Keys,
    /// Done.
    Done,
}

/// The R1CS matrices `[A, B, C]` of a shape and its sizes:
/// `(matrices, instance variables incl. the constant one, constraints)`.
pub(crate) fn matrices(shape: QueryShape) -> Result<(Vec<Matrix<Fr>>, usize, usize), ProverError> {
    let cs = ConstraintSystem::<Fr>::new_ref();
    cs.set_mode(SynthesisMode::Setup);
    QueryCircuit::for_setup(shape)
        .generate_constraints(cs.clone())
        .map_err(|e| ProverError::Synthesis(e.to_string()))?;
    cs.finalize();
    let mut all = cs.to_matrices().map_err(|e| ProverError::Synthesis(e.to_string()))?;
    let r1cs =
        all.remove(R1CS_PREDICATE_LABEL).ok_or_else(|| ProverError::Synthesis("no R1CS predicate".into()))?;
    Ok((r1cs, cs.num_instance_variables(), cs.num_constraints()))
}

/// SHA-256 over the shape's constraint matrices and sizes: identifies the
/// circuit a key was made for.
pub fn r1cs_digest(matrices: &[Matrix<Fr>], num_instance: usize, num_constraints: usize) -> [u8; 32] {
    use ark_ff::{BigInteger, PrimeField};
    let mut h = Sha256::new();
    h.update(b"medzk/r1cs/v1");
    h.update((num_instance as u64).to_le_bytes());
    h.update((num_constraints as u64).to_le_bytes());
    for matrix in matrices {
        h.update((matrix.len() as u64).to_le_bytes());
        for row in matrix {
            h.update((row.len() as u64).to_le_bytes());
            for (coeff, var) in row {
                h.update((*var as u64).to_le_bytes());
                h.update(coeff.into_bigint().to_bytes_le());
            }
        }
    }
    h.finalize().into()
}

/// Generates proving and verifying keys for a shape from a cryptographic RNG
/// (a single-party setup: whoever kept its randomness could forge proofs; a
/// multi-party ceremony is planned). `progress` is told each stage.
pub fn setup<R: RngCore + CryptoRng>(
    shape: QueryShape,
    rng: &mut R,
    progress: &dyn Fn(SetupStage),
) -> Result<(ProvingKey, VerifyingKey), ProverError> {
    progress(SetupStage::Synthesis);
    progress(SetupStage::Keys);
    let keys = Groth16::<Bn254>::circuit_specific_setup(QueryCircuit::for_setup(shape), rng)
        .map_err(|e| ProverError::Synthesis(e.to_string()))?;
    progress(SetupStage::Done);
    Ok(keys)
}

/// **INSECURE**: a setup derived from a public seed, for tests and demos only.
/// Anyone who knows the seed can forge proofs for keys made this way.
pub fn insecure_dev_setup(shape: QueryShape, seed: u64) -> Result<(ProvingKey, VerifyingKey), ProverError> {
    let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(seed);
    setup(shape, &mut rng, &|_| {})
}
