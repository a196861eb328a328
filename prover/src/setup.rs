//! Trusted setup and the circuit's R1CS digest.

use crate::{ProverError, ProvingKey, VerifyingKey};
use ark_bn254::Bn254;
use ark_groth16::Groth16;
use ark_snark::SNARK;
use medzk_circuits::query::constraints::QueryCircuit;
use medzk_circuits::query::QueryShape;
use rand::{CryptoRng, RngCore, SeedableRng};

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

/// The R1CS digests of the shipped shapes, pinned: a key file whose matrices
/// hash otherwise was made for another circuit. `tests/prover.rs` recomputes
/// them by synthesis, so a circuit change that forgets to update them fails.
pub const PINNED_R1CS_DIGESTS: [(&str, &str); 2] = [
    ("small", "553d8f060ef07eb559a0d0afd2abe3c8507d610334e73d9cb30b7f2b463da576"),
    ("medium", "16acaf44b8ff3a44a78a9c437fbc9b5dd8380fd56ebb0eee05239c7afbb1ef4d"),
];

/// The pinned R1CS digest of a shipped shape.
pub fn pinned_r1cs_digest(shape: QueryShape) -> Option<[u8; 32]> {
    let (_, hex) = PINNED_R1CS_DIGESTS.iter().find(|(name, _)| *name == shape.name)?;
    let mut out = [0u8; 32];
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).ok()?;
    }
    Some(out)
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
