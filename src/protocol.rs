//! The medzk protocol: one entry point per role, each one call for the common
//! case. Every front-end (the CLI, the demo, the WebAssembly bindings, the
//! tests and benches) goes through these.
//!
//! - [`issuer`]: sign a patient's FHIR resources, or re-attest a verified SMART
//!   Health Card, as medzk credentials for a holder;
//! - [`holder`]: [`prove`] a policy about one's credentials (picking the
//!   credentials for the policy's slots and, when a clause fails, saying which,
//!   on the holder's side, before anything is proved);
//! - [`verifier`]: [`expectations`] from a compiled policy and the verifier's
//!   trusted roots, challenge and date window, then [`verify`] a proof file.
//!
//! A whole flow, from an issuer's FHIR Observation to a verified proof (the
//! keys here come from the insecure development setup, for tests only):
//!
//! ```
//! use medzk::files::IssuerFile;
//! use medzk::policy::{presets, IssuerRegistry, TrustedIssuer};
//! use medzk::prover::{insecure_dev_setup, CircuitProver};
//! use medzk::records::{encoding::encode_date, HolderSecret, Issuer, Schema, Validity};
//! use medzk::{expectations, issue_fhir, prove, verify, Challenge, ProofRequest};
//! use rand::SeedableRng;
//!
//! let mut rng = rand::rngs::StdRng::seed_from_u64(1);
//! let day = |d| encode_date("date", d).unwrap();
//! // Issuer: a lab signs a patient's HbA1c result.
//! let lab = IssuerFile { issuer: Issuer::generate("City Lab", &mut rng), schemas: vec![Schema::Observation] };
//! let patient = HolderSecret::generate(&mut rng);
//! let fhir = r#"{"resourceType": "Observation", "id": "a1c", "status": "final",
//!   "code": {"coding": [{"system": "http://loinc.org", "code": "4548-4"}]},
//!   "valueQuantity": {"value": 7.2, "unit": "%"}, "effectiveDateTime": "2026-05-01"}"#;
//! let validity = Validity::new(day("2026-05-02"), day("2027-05-02")).unwrap();
//! let issued = issue_fhir(&lab, patient.commitment(), fhir, validity, &mut rng).unwrap();
//!
//! // The trusted-issuer registry and keys everyone uses.
//! let registry = IssuerRegistry::new([TrustedIssuer::new("City Lab", lab.issuer.public_key(), &lab.schemas)]).unwrap();
//! let policy = medzk::policy::Policy::from_json(r#"{
//!   "name": "hba1c-at-least-6.5", "description": "HbA1c ≥ 6.5 %", "scope": "doc-example",
//!   "records": [{"name": "lab", "schema": "observation"}],
//!   "clauses": [
//!     {"any": [{"record": "lab", "field": "loinc_code", "op": "eq", "value": "4548-4"}]},
//!     {"any": [{"record": "lab", "field": "value", "op": "gte", "value": "6.5"}]}
//!   ]}"#).unwrap().compile().unwrap();
//! let (pk, vk) = insecure_dev_setup(policy.shape(), 7).unwrap();
//! let prover = CircuitProver::new(policy.shape(), pk).unwrap();
//!
//! // Holder: prove on the patient's device.
//! let challenge = medzk::verifier::Fr::from(424242u64);
//! let request = ProofRequest { policy: &policy, registry: &registry, challenge, reference_date: day("2026-06-01") };
//! let credentials: Vec<_> = issued.credentials.into_iter().map(|(_, c)| c).collect();
//! let proved = prove(&request, &credentials, &patient, &prover, &mut rng).unwrap();
//!
//! // Verifier: its own policy, trusted root, challenge and date window.
//! let expected = expectations(&policy, &[registry.root()], Challenge::Exactly(challenge),
//!     (day("2026-05-31"), day("2026-06-01"))).unwrap();
//! let pvk = medzk::verifier::prepare(&vk).unwrap();
//! let verified = verify(&pvk, &expected, &proved.file).unwrap();
//! assert_eq!(verified.nullifier, patient.nullifier(policy.scope));
//! // Another challenge (a replayed proof) is refused.
//! let other = expectations(&policy, &[registry.root()], Challenge::Exactly(1u64.into()),
//!     (day("2026-05-31"), day("2026-06-01"))).unwrap();
//! assert!(verify(&pvk, &other, &proved.file).is_err());
//! ```

pub mod holder;
pub mod issuer;
pub mod verifier;

use crate::files::FileError;
use crate::policy::PolicyError;
use crate::prover::ProverError;
use crate::records::{RecordError, Schema};
use crate::verifier::VerifyError;

/// Why a protocol step failed. Each role's inputs are checked before any
/// work: a typed error, never a panic.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A record, credential, FHIR resource or SMART Health Card was refused.
    #[error(transparent)]
    Record(#[from] RecordError),
    /// A policy, registry or credential assignment was refused.
    #[error(transparent)]
    Policy(#[from] PolicyError),
    /// The prover or its key refused.
    #[error(transparent)]
    Prover(#[from] ProverError),
    /// The proof, or the verifier's expectations, were refused.
    #[error(transparent)]
    Verify(#[from] VerifyError),
    /// A file could not be read or written.
    #[error(transparent)]
    File(#[from] FileError),
    /// The statement does not hold: which clause or record fails, in words
    /// (the holder's side only; nothing was proved).
    #[error("cannot prove: {0}")]
    CannotProve(String),
    /// Nothing in the FHIR input could be imported.
    #[error("no resource could be imported")]
    NothingImported,
    /// A record of a schema the issuer's key file does not list.
    #[error("{label} is a {} record; the issuer key file lists only {} (issuer keygen --schemas)", .schema.name(), .signs.iter().map(|s| s.name()).collect::<Vec<_>>().join(", "))]
    SchemaNotSigned {
        /// The record's label.
        label: String,
        /// Its schema.
        schema: Schema,
        /// The schemas the issuer signs.
        signs: Vec<Schema>,
    },
    /// The policy pins a trusted-issuer root the verifier does not trust.
    #[error("the policy pins a trusted-issuer root that is not among the verifier's trusted roots")]
    PinnedRootNotTrusted,
}
