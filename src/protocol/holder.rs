//! The holder's side: prove a policy about one's credentials.

use super::Error;
use crate::policy::{assign_credentials, build_witness_at, explain, Compiled, IssuerRegistry};
use crate::prover::{CircuitProver, Proof};
use crate::records::{Credential, HolderSecret};
use crate::verifier::proof_file::ProofFile;
use crate::verifier::PublicInputs;
use ark_bn254::Fr;
use medzk_circuits::query::{QueryWitness, VerifierContext};
use rand::{CryptoRng, RngCore};

/// What the verifier asked the holder to prove: its policy, the registry of
/// issuers it trusts, its fresh challenge, and the reference date (days since
/// 1900-01-01) the records are checked at.
#[derive(Clone, Copy, Debug)]
pub struct ProofRequest<'a> {
    /// The verifier's policy, compiled.
    pub policy: &'a Compiled,
    /// The trusted-issuer registry (its root is a public input).
    pub registry: &'a IssuerRegistry,
    /// The verifier's challenge.
    pub challenge: Fr,
    /// The reference date.
    pub reference_date: u32,
}

impl ProofRequest<'_> {
    /// The public context of the proof: the registry root, the date, the
    /// policy's scope and the challenge.
    pub fn context(&self) -> VerifierContext {
        VerifierContext {
            issuer_root: self.registry.root(),
            reference_date: self.reference_date,
            scope: self.policy.scope,
            challenge: self.challenge,
        }
    }
}

/// A proof, as a file to send and decoded.
#[derive(Clone, Debug)]
pub struct Proved {
    /// The proof file (JSON via [`ProofFile::to_json`]).
    pub file: ProofFile,
    /// The proof.
    pub proof: Proof,
    /// Its public inputs.
    pub public: PublicInputs,
}

/// A statement checked on the holder's side and ready to prove: the
/// credentials assigned to the policy's slots, the witness, and the public
/// inputs of its one native evaluation.
#[derive(Clone, Debug)]
pub struct Prepared<'a> {
    policy: &'a Compiled,
    witness: QueryWitness,
    public: PublicInputs,
}

impl Prepared<'_> {
    /// The public inputs the proof will have.
    pub fn public_inputs(&self) -> &PublicInputs {
        &self.public
    }

    /// Proves the statement with the prover of the policy's shape.
    pub fn prove<R: RngCore + CryptoRng>(
        &self,
        prover: &CircuitProver,
        rng: &mut R,
    ) -> Result<Proved, Error> {
        let policy = self.policy;
        if prover.shape() != policy.shape() {
            return Err(crate::prover::ProverError::ShapeMismatch {
                statement: policy.shape().name,
                prover: prover.shape().name,
            }
            .into());
        }
        let proof = prover.prove_unchecked(&policy.policy, &self.witness, &self.public, rng)?;
        let file = ProofFile::new(&policy.document.name, policy.shape().name, &proof, &self.public);
        Ok(Proved { file, proof, public: self.public })
    }
}

/// Checks `request` about the holder's `credentials` (any order; each of the
/// policy's record slots takes the first unused credential of its schema)
/// without proving: the statement is evaluated natively, once, and a failing
/// clause or record is [`Error::CannotProve`] with the reason in words. Call
/// it before loading the proving key to fail fast; [`Prepared::prove`] proves.
pub fn prepare<'a>(
    request: &ProofRequest<'a>,
    credentials: &[Credential],
    holder: &HolderSecret,
) -> Result<Prepared<'a>, Error> {
    let policy = request.policy;
    let assigned = assign_credentials(policy, credentials)?;
    let witness =
        build_witness_at(policy, &assigned, holder, request.registry, Some(request.reference_date))?;
    let evaluation = explain(policy, &witness, &request.context()).map_err(Error::CannotProve)?;
    Ok(Prepared { policy, witness, public: evaluation.public })
}

/// Proves `request` about the holder's `credentials`: [`prepare`], then
/// [`Prepared::prove`] (the native evaluation runs once). The prover's key
/// must be the one for the policy's shape (load it with
/// [`KeyStore::prover`](crate::files::KeyStore::prover), which checks it).
///
#[doc = include_str!("flow.md")]
pub fn prove<R: RngCore + CryptoRng>(
    request: &ProofRequest,
    credentials: &[Credential],
    holder: &HolderSecret,
    prover: &CircuitProver,
    rng: &mut R,
) -> Result<Proved, Error> {
    prepare(request, credentials, holder)?.prove(prover, rng)
}
