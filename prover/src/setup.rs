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
pub const PINNED_R1CS_DIGESTS: [(&str, &str); 4] = [
    ("small", "b423734b3013591d4dc15ca10a1343a98b6e2251332c105f834c02dfb4778d5f"),
    ("medium", "6d49a7e90baa90559b28424fdebc997073e07fe0b8f8dca6cf8e4fdc22041113"),
    ("large", "cc5ad326691c97208da9897ee2c52e2c565dcda757c44423ccf33b757beea594"),
    ("trial", "61776229f07d95d559d8a29a4e0fbf3677961ae4f184d9fd16ba08bf153cd36d"),
];

/// The digests (SHA-256 of the key file, [`crate::keyfile::key_file_digest`])
/// of the proving keys released for each shape, by a multi-party ceremony. No
/// key has been released yet (the ceremony is planned), so every entry is
/// `None` and any key loads; once an entry is set, loading a key file for that
/// shape with another digest fails ([`ProverError::UnreleasedKey`]). Until
/// then, a verifier must publish the digest of the key files it hands out and
/// holders should compare it ([`crate::CircuitProver::key_digest`],
/// [`crate::keyfile::load_proving_key_expecting`]).
pub const RELEASED_KEY_DIGESTS: [(&str, Option<&str>); 4] =
    [("small", None), ("medium", None), ("large", None), ("trial", None)];

/// The digest of the proving key released for a shape, if one is
/// ([`RELEASED_KEY_DIGESTS`]).
pub fn released_key_digest(shape: QueryShape) -> Option<[u8; 32]> {
    let (_, hex) = RELEASED_KEY_DIGESTS.iter().find(|(name, _)| *name == shape.name)?;
    parse_digest(hex.as_ref()?)
}

fn parse_digest(hex: &str) -> Option<[u8; 32]> {
    if hex.len() != 64 {
        return None;
    }
    let mut out = [0u8; 32];
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(hex.get(2 * i..2 * i + 2)?, 16).ok()?;
    }
    Some(out)
}

/// The pinned R1CS digest of a shipped shape.
pub fn pinned_r1cs_digest(shape: QueryShape) -> Option<[u8; 32]> {
    let (_, hex) = PINNED_R1CS_DIGESTS.iter().find(|(name, _)| *name == shape.name)?;
    parse_digest(hex)
}

/// The R1CS digest a key file for `shape` must carry: the pinned one for a
/// shipped shape, and for a custom shape the digest of its synthesis by this
/// build (a custom shape is identified by its dimensions; its circuit is
/// whatever this build synthesises for them).
pub fn expected_r1cs_digest(shape: QueryShape) -> Result<[u8; 32], ProverError> {
    if QueryShape::by_name(shape.name).is_some() {
        return pinned_r1cs_digest(shape).ok_or(ProverError::WrongCircuit(shape.name));
    }
    Ok(crate::R1cs::for_shape(shape)?.digest())
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
