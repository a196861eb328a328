//! # medzk
//!
//! Zero-knowledge privacy proofs for medical records. Issuers sign commitments
//! to records ([`records`]); a holder proves a [`policy`] about them with the
//! query circuit ([`circuits`]) and a Groth16 proof ([`prover`]); anyone checks
//! the proof with the thin [`verifier`].
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub use medzk_circuits as circuits;
pub use medzk_policy as policy;
pub use medzk_prover as prover;
pub use medzk_records as records;
pub use medzk_verifier as verifier;

pub mod demo;
pub mod files;

/// Verifies a proof against a policy document: recomputes the policy hash from
/// the compiled policy (`medzk-policy`, std) and checks the proof with the thin
/// verifier and the verifier's other expectations.
pub fn verify_with_policy(
    pvk: &verifier::PreparedVerifyingKey,
    policy: &policy::Compiled,
    issuer_roots: Vec<ark_bn254::Fr>,
    challenge: ark_bn254::Fr,
    reference_dates: (u32, u32),
    public: &verifier::PublicInputs,
    proof: &verifier::Proof,
) -> Result<(), verifier::VerifyError> {
    let expectations = verifier::Expectations {
        policy_hash: policy.hash(),
        issuer_roots,
        scope: policy.scope,
        challenge,
        reference_dates,
    };
    verifier::verify_expected(pvk, &expectations, public, proof)
}
