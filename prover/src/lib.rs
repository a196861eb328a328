//! # medzk-prover
//!
//! Groth16 setup and proving for the query circuit. The deterministic setup is
//! for development only and says so in its name: [`insecure_dev_setup`].
#![forbid(unsafe_code)]
#![deny(missing_docs)]

use ark_bn254::Bn254;
use ark_groth16::Groth16;
use ark_relations::gr1cs::{ConstraintSynthesizer, ConstraintSystem};
use ark_snark::SNARK;
use medzk_circuits::query::constraints::QueryCircuit;
use medzk_circuits::query::{
    evaluate, CompiledPolicy, PublicInputs, QueryShape, QueryWitness, VerifierContext,
};
use rand::{CryptoRng, RngCore, SeedableRng};

/// A Groth16 proving key for one query-circuit shape.
pub type ProvingKey = ark_groth16::ProvingKey<Bn254>;
/// A Groth16 verifying key.
pub type VerifyingKey = ark_groth16::VerifyingKey<Bn254>;
/// A Groth16 proof (128 bytes compressed).
pub type Proof = ark_groth16::Proof<Bn254>;

/// The error type of `medzk-prover`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProverError {
    /// Constraint synthesis failed (a malformed witness or policy for the shape).
    #[error("constraint synthesis failed: {0}")]
    Synthesis(String),
    /// The statement is false for this witness; proving would only produce a
    /// proof that does not verify. The reason is for the holder only.
    #[error("the statement does not hold: {0}")]
    Unsatisfied(medzk_circuits::CircuitError),
    /// The proving key was made for another shape.
    #[error("the proving key is for a circuit with {key} public inputs, the shape has {shape}")]
    KeyMismatch {
        /// Public inputs the key expects.
        key: usize,
        /// Public inputs of the shape.
        shape: usize,
    },
}

/// Generates proving and verifying keys for a shape from a cryptographic RNG
/// (a single-party setup: whoever runs it could forge proofs if they kept the
/// randomness; a multi-party ceremony is planned).
pub fn setup<R: RngCore + CryptoRng>(
    shape: QueryShape,
    rng: &mut R,
) -> Result<(ProvingKey, VerifyingKey), ProverError> {
    Groth16::<Bn254>::circuit_specific_setup(QueryCircuit::for_setup(shape), rng)
        .map_err(|e| ProverError::Synthesis(e.to_string()))
}

/// **INSECURE**: a setup derived from a public seed, for tests and demos only.
/// Anyone who knows the seed can forge proofs for keys made this way.
pub fn insecure_dev_setup(shape: QueryShape, seed: u64) -> Result<(ProvingKey, VerifyingKey), ProverError> {
    let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(seed);
    setup(shape, &mut rng)
}

/// Proves `policy` for `witness` in the verifier's `context`, returning the proof
/// and its public inputs. The statement is first evaluated natively: a false
/// statement fails with [`ProverError::Unsatisfied`] instead of yielding a proof
/// that would not verify.
pub fn prove<R: RngCore + CryptoRng>(
    pk: &ProvingKey,
    policy: &CompiledPolicy,
    witness: &QueryWitness,
    context: &VerifierContext,
    rng: &mut R,
) -> Result<(Proof, PublicInputs), ProverError> {
    let public = evaluate(policy, witness, context).map_err(ProverError::Unsatisfied)?.public;
    Ok((prove_unchecked(pk, policy, witness, &public, rng)?, public))
}

/// Proves without the native pre-check (for tests of soundness: an
/// unsatisfied statement yields a proof that does not verify).
pub fn prove_unchecked<R: RngCore + CryptoRng>(
    pk: &ProvingKey,
    policy: &CompiledPolicy,
    witness: &QueryWitness,
    public: &PublicInputs,
    rng: &mut R,
) -> Result<Proof, ProverError> {
    let inputs = pk.vk.gamma_abc_g1.len() - 1;
    if inputs != medzk_circuits::query::PUBLIC_INPUTS {
        return Err(ProverError::KeyMismatch { key: inputs, shape: medzk_circuits::query::PUBLIC_INPUTS });
    }
    let circuit = QueryCircuit::new(policy.clone(), witness.clone(), *public);
    Groth16::<Bn254>::prove(pk, circuit, rng).map_err(|e| ProverError::Synthesis(e.to_string()))
}

/// Whether the circuit's constraints are satisfied by this assignment (a
/// debugging and testing aid; proving does not need it).
pub fn is_satisfied(policy: &CompiledPolicy, witness: &QueryWitness, public: &PublicInputs) -> bool {
    let cs = ConstraintSystem::new_ref();
    let circuit = QueryCircuit::new(policy.clone(), witness.clone(), *public);
    circuit.generate_constraints(cs.clone()).is_ok() && cs.is_satisfied().unwrap_or(false)
}
