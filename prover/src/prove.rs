//! Fast proving with cached R1CS matrices, single and in batches.

use crate::groth16::{create_proof, witness_map};
use crate::r1cs::R1cs;
use crate::{Proof, ProverError, ProvingKey};
use ark_bn254::Fr;
use ark_ff::UniformRand;
use ark_relations::gr1cs::{ConstraintSynthesizer, ConstraintSystem, SynthesisMode};
use medzk_circuits::query::constraints::QueryCircuit;
use medzk_circuits::query::{
    evaluate, CompiledPolicy, PublicInputs, QueryShape, QueryWitness, VerifierContext,
};
use rand::{CryptoRng, RngCore, SeedableRng};
use rayon::prelude::*;
use std::sync::atomic::{AtomicUsize, Ordering};

/// One statement to prove: a compiled policy, the holder's witness and the
/// verifier's context.
#[derive(Clone, Debug)]
pub struct Statement {
    /// The policy's clause data.
    pub policy: CompiledPolicy,
    /// The holder's witness.
    pub witness: QueryWitness,
    /// The verifier's root, date, scope and challenge.
    pub context: VerifierContext,
}

/// A proving key with its circuit's R1CS matrices (compact form), built once.
pub struct CircuitProver {
    shape: QueryShape,
    pk: ProvingKey,
    r1cs: R1cs,
    digest: [u8; 32],
    key_digest: Option<[u8; 32]>,
}

impl CircuitProver {
    /// Synthesises the shape's matrices and checks the key fits them.
    pub fn new(shape: QueryShape, pk: ProvingKey) -> Result<Self, ProverError> {
        Self::from_parts(shape, pk, R1cs::for_shape(shape)?)
    }

    /// A prover from a key and the matrices it was made for, checking that the
    /// key fits them (its query lengths match the variables and constraints).
    pub fn from_parts(shape: QueryShape, pk: ProvingKey, r1cs: R1cs) -> Result<Self, ProverError> {
        let digest = r1cs.digest();
        Self::with_digest(shape, pk, r1cs, digest)
    }

    /// [`CircuitProver::from_parts`] for matrices whose digest is already known
    /// (a key file's, checked against the pinned digest).
    pub(crate) fn with_digest(
        shape: QueryShape,
        pk: ProvingKey,
        r1cs: R1cs,
        digest: [u8; 32],
    ) -> Result<Self, ProverError> {
        let (num_instance, num_variables) = (r1cs.num_instance(), r1cs.num_variables());
        let mismatch = |reason: String| ProverError::KeyMismatch { shape: shape.name, reason };
        if pk.vk.gamma_abc_g1.len() != num_instance {
            return Err(mismatch(format!(
                "{} public inputs, circuit has {}",
                pk.vk.gamma_abc_g1.len().saturating_sub(1),
                num_instance - 1
            )));
        }
        if pk.a_query.len() != num_variables
            || pk.b_g1_query.len() != num_variables
            || pk.b_g2_query.len() != num_variables
            || pk.l_query.len() + num_instance != num_variables
        {
            return Err(mismatch(format!(
                "{} variables in the key, circuit has {num_variables}",
                pk.a_query.len()
            )));
        }
        let domain = (r1cs.num_constraints() + num_instance).next_power_of_two();
        if pk.h_query.len() != domain - 1 {
            return Err(mismatch(format!(
                "FFT domain {} in the key, circuit needs {domain}",
                pk.h_query.len() + 1
            )));
        }
        Ok(CircuitProver { shape, pk, r1cs, digest, key_digest: None })
    }

    /// Records the digest of the key file the prover was loaded from.
    pub(crate) fn with_key_digest(mut self, key_digest: [u8; 32]) -> Self {
        self.key_digest = Some(key_digest);
        self
    }

    /// The digest of the key file this prover was loaded from (SHA-256 of the
    /// file, [`crate::keyfile::key_file_digest`]), `None` for a key made in this
    /// process. A holder compares it with the digest the verifier publishes.
    pub fn key_digest(&self) -> Option<[u8; 32]> {
        self.key_digest
    }

    /// The circuit's constraint matrices.
    pub fn r1cs(&self) -> &R1cs {
        &self.r1cs
    }

    /// The shape.
    pub fn shape(&self) -> QueryShape {
        self.shape
    }

    /// The proving key.
    pub fn proving_key(&self) -> &ProvingKey {
        &self.pk
    }

    /// The digest of the circuit's R1CS.
    pub fn r1cs_digest(&self) -> [u8; 32] {
        self.digest
    }

    /// The number of constraints.
    pub fn num_constraints(&self) -> usize {
        self.r1cs.num_constraints()
    }

    /// The full assignment `[1, public…, witness…]` by witness-only synthesis
    /// (as the free [`synthesize_assignment`]).
    pub fn synthesize_assignment(
        &self,
        policy: &CompiledPolicy,
        witness: &QueryWitness,
        public: &PublicInputs,
    ) -> Result<Vec<Fr>, ProverError> {
        synthesize_assignment(policy, witness, public)
    }

    /// Proves a statement: evaluates it natively first (a false statement fails
    /// with [`ProverError::Unsatisfied`]), then proves with the cached matrices.
    pub fn prove<R: RngCore + CryptoRng>(
        &self,
        statement: &Statement,
        rng: &mut R,
    ) -> Result<(Proof, PublicInputs), ProverError> {
        if statement.policy.shape != self.shape {
            return Err(ProverError::ShapeMismatch {
                statement: statement.policy.shape.name,
                prover: self.shape.name,
            });
        }
        let public = evaluate(&statement.policy, &statement.witness, &statement.context)
            .map_err(ProverError::Unsatisfied)?
            .public;
        let proof = self.prove_unchecked(&statement.policy, &statement.witness, &public, rng)?;
        Ok((proof, public))
    }

    /// Proves without the native pre-check (an unsatisfied statement yields a
    /// proof that does not verify).
    pub fn prove_unchecked<R: RngCore + CryptoRng>(
        &self,
        policy: &CompiledPolicy,
        witness: &QueryWitness,
        public: &PublicInputs,
        rng: &mut R,
    ) -> Result<Proof, ProverError> {
        let full = self.synthesize_assignment(policy, witness, public)?;
        let (r, s) = (Fr::rand(rng), Fr::rand(rng));
        self.prove_assignment(&full, r, s)
    }

    /// Proves a full assignment `[1, public…, witness…]` with blinding scalars
    /// `r`, `s`: the witness map and MSMs over the cached matrices. Gives the
    /// same proof as ark-groth16's `create_proof_with_reduction_and_matrices`.
    pub fn prove_assignment(&self, full: &[Fr], r: Fr, s: Fr) -> Result<Proof, ProverError> {
        if full.len() != self.r1cs.num_variables() {
            return Err(ProverError::Synthesis(format!(
                "assignment has {} variables, circuit has {}",
                full.len(),
                self.r1cs.num_variables()
            )));
        }
        let h = witness_map(&self.r1cs, full)?;
        Ok(create_proof(&self.pk, r, s, h, full, self.r1cs.num_instance()))
    }

    /// Proves many statements in parallel across proofs; `progress(done, total)`
    /// is called after each. Each proof draws its randomness from a generator
    /// seeded by `rng`.
    pub fn prove_batch<R: RngCore + CryptoRng>(
        &self,
        statements: &[Statement],
        rng: &mut R,
        progress: &(dyn Fn(usize, usize) + Sync),
    ) -> Vec<Result<(Proof, PublicInputs), ProverError>> {
        let seeds: Vec<[u8; 32]> = statements
            .iter()
            .map(|_| {
                let mut seed = [0u8; 32];
                rng.fill_bytes(&mut seed);
                seed
            })
            .collect();
        let done = AtomicUsize::new(0);
        statements
            .par_iter()
            .zip(seeds)
            .map(|(statement, seed)| {
                let result = self.prove(statement, &mut rand_chacha::ChaCha20Rng::from_seed(seed));
                progress(done.fetch_add(1, Ordering::Relaxed) + 1, statements.len());
                result
            })
            .collect()
    }
}

/// Whether the circuit's constraints are satisfied by this assignment (a
/// debugging and testing aid; proving does not need it).
pub fn is_satisfied(policy: &CompiledPolicy, witness: &QueryWitness, public: &PublicInputs) -> bool {
    let cs = ConstraintSystem::new_ref();
    let circuit = QueryCircuit::new(policy.clone(), witness.clone(), *public);
    circuit.generate_constraints(cs.clone()).is_ok() && cs.is_satisfied().unwrap_or(false)
}

/// The full assignment `[1, public…, witness…]` of a statement by
/// witness-only synthesis: no keys needed (mutation tests pair it with
/// [`crate::R1cs::for_shape`]).
pub fn synthesize_assignment(
    policy: &CompiledPolicy,
    witness: &QueryWitness,
    public: &PublicInputs,
) -> Result<Vec<Fr>, ProverError> {
    let cs = ConstraintSystem::<Fr>::new_ref();
    cs.set_mode(SynthesisMode::Prove { construct_matrices: false, generate_lc_assignments: false });
    QueryCircuit::new(policy.clone(), witness.clone(), *public)
        .generate_constraints(cs.clone())
        .map_err(|e| ProverError::Synthesis(e.to_string()))?;
    let cs =
        cs.into_inner().ok_or_else(|| ProverError::Synthesis("constraint system still shared".into()))?;
    let mut full = cs.assignments.instance_assignment;
    full.extend(cs.assignments.witness_assignment);
    Ok(full)
}
