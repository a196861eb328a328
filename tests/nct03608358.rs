//! The worked example: the NCT03608358 screen (`examples/policies/`) over the
//! FHIR fixtures of `examples/patients/nct03608358/`, end to end through the
//! protocol layer on the trial shape: each patient's records as credentials
//! plus the hospital's attested condition and medication lists. The eligible
//! patient proves and verifies, on the reference date and on a later one under
//! the same policy hash; every ineligible patient fails exactly the criterion
//! it violates (an inclusion clause, or an exclusion decided from a history
//! entry it never presented), natively (in the policy's words) and in the
//! circuit; histories just outside an exclusion's window still prove.

use ark_bn254::Fr;
use medzk::circuits::query::{evaluate, TRIAL};
use medzk::circuits::CircuitError;
use medzk::files::IssuerFile;
use medzk::policy::{assign_credentials, build_witness_at, IssuerRegistry, Policy, TrustedIssuer};
use medzk::prover::{insecure_dev_setup, is_satisfied, CircuitProver};
use medzk::records::encoding::encode_date;
use medzk::records::{Credential, HolderSecret, Issuer, ListKind, RevocationList, Schema, Validity};
use medzk::verifier::{prepare as prepare_key, PreparedVerifyingKey};
use medzk::{Challenge, Error, ProofRequest};
use rand::SeedableRng;
use std::path::PathBuf;
use std::sync::OnceLock;

type Rng = rand::rngs::StdRng;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn day(d: &str) -> u32 {
    encode_date("date", d).unwrap()
}

fn keys() -> &'static (CircuitProver, PreparedVerifyingKey) {
    static KEYS: OnceLock<(CircuitProver, PreparedVerifyingKey)> = OnceLock::new();
    KEYS.get_or_init(|| {
        let (pk, vk) = insecure_dev_setup(TRIAL, 18).unwrap();
        (CircuitProver::new(TRIAL, pk).unwrap(), prepare_key(&vk).unwrap())
    })
}

struct Site {
    policy: medzk::policy::Compiled,
    hospital: IssuerFile,
    registry: IssuerRegistry,
    holder: HolderSecret,
}

fn site() -> Site {
    let policy =
        Policy::from_file(&root().join("examples/policies/nct03608358.json")).unwrap().compile().unwrap();
    let schemas = vec![
        Schema::Patient,
        Schema::Condition,
        Schema::Observation,
        Schema::Medication,
        Schema::ConditionList,
        Schema::MedicationList,
    ];
    let hospital =
        IssuerFile { issuer: Issuer::generate("City Hospital", &mut Rng::seed_from_u64(1)), schemas };
    let registry = IssuerRegistry::new([TrustedIssuer::new(
        &hospital.issuer.name,
        hospital.issuer.public_key(),
        &hospital.schemas,
    )])
    .unwrap();
    Site { policy, hospital, registry, holder: HolderSecret::generate(&mut Rng::seed_from_u64(2)) }
}

/// The hospital signs every record of a fixture Bundle for the holder, and its
/// condition and medication lists complete as of the screening day.
fn credentials(site: &Site, fixture: &str) -> Vec<Credential> {
    credentials_as_of(site, fixture, "2026-12-01")
}

fn credentials_as_of(site: &Site, fixture: &str, as_of: &str) -> Vec<Credential> {
    let text = std::fs::read_to_string(root().join("examples/patients/nct03608358").join(fixture)).unwrap();
    let validity = Validity::new(day("2026-01-01"), day("2027-12-31")).unwrap();
    let mut revocations = RevocationList::new(site.hospital.issuer.public_key());
    let issued = medzk::issue_fhir(
        &site.hospital,
        &mut revocations,
        site.holder.commitment(),
        &text,
        validity,
        &mut Rng::seed_from_u64(3),
    )
    .unwrap();
    assert!(issued.refused.is_empty(), "{fixture}: {:?}", issued.refused);
    let mut out: Vec<Credential> = issued.credentials.into_iter().map(|(_, c)| c).collect();
    for kind in [ListKind::Conditions, ListKind::Medications] {
        let rng = &mut Rng::seed_from_u64(5);
        let holder = site.holder.commitment();
        out.push(
            medzk::issue_fhir_list(
                &site.hospital,
                &mut revocations,
                holder,
                &text,
                kind,
                day(as_of),
                validity,
                rng,
            )
            .unwrap()
            .1,
        );
    }
    out
}

fn request<'a>(site: &'a Site, reference: &str, challenge: u64) -> ProofRequest<'a> {
    ProofRequest {
        policy: &site.policy,
        registry: &site.registry,
        challenge: Fr::from(challenge),
        reference_date: day(reference),
    }
}

#[test]
fn the_policy_uses_the_trial_shape_with_two_lists() {
    let site = site();
    assert_eq!(site.policy.shape(), TRIAL);
    assert_eq!(site.policy.policy.schemas, [1, 4, 3, 3, 3, 3, 9, 10]);
    // Eighteen clauses as written, no implied unit clause (every quantity's
    // record is pinned by its LOINC code), six unused; twenty list checks.
    assert_eq!(site.policy.descriptions.iter().filter(|d| *d == "(unused)").count(), 6);
    assert_eq!(site.policy.list_descriptions.len(), 20);
}

#[test]
fn the_eligible_patient_proves_today_and_later_under_one_published_policy() {
    let site = site();
    let credentials = credentials(&site, "eligible.json");
    let (prover, pvk) = keys();
    let hash = site.policy.hash();
    for (reference, challenge) in [("2026-12-01", 11), ("2026-12-18", 12)] {
        let request = request(&site, reference, challenge);
        let proved =
            medzk::prove(&request, &credentials, &site.holder, prover, &mut Rng::seed_from_u64(4)).unwrap();
        assert_eq!(proved.public.policy_hash, hash, "one policy hash for every day");
        let window = (day(reference), day(reference));
        let expect = medzk::expectations(
            &site.policy,
            &[site.registry.root()],
            Challenge::Exactly(request.challenge),
            window,
        )
        .unwrap();
        let verified = medzk::verify(pvk, &expect, &proved.file).unwrap();
        assert_eq!(verified.nullifier, site.holder.nullifier(site.policy.scope));
        // The proof of one day is not accepted for another.
        let other = (day(reference) + 1, day(reference) + 1);
        let expect = medzk::expectations(
            &site.policy,
            &[site.registry.root()],
            Challenge::Exactly(request.challenge),
            other,
        )
        .unwrap();
        assert!(medzk::verify(pvk, &expect, &proved.file).is_err());
    }
    // The labs of 2026-11-20 are in the 4-week window up to 2026-12-18 (the
    // second proof above) and out of it a day later.
    let late = request(&site, "2026-12-19", 13);
    match medzk::protocol::holder::prepare(&late, &credentials, &site.holder) {
        Err(Error::CannotProve(reason)) => assert!(reason.contains("hba1c.effective_date gte"), "{reason}"),
        Err(e) => panic!("{e}"),
        Ok(_) => panic!("a lab one day outside the window proved"),
    }
}

#[test]
fn every_ineligible_patient_fails_exactly_its_criterion_natively_and_in_circuit() {
    let site = site();
    let expected: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("examples/patients/nct03608358/expected.json")).unwrap(),
    )
    .unwrap();
    let reference = expected["reference_date"].as_str().unwrap();
    let cases = expected["ineligible"].as_object().unwrap();
    assert!(cases.len() >= 17);
    let request = request(&site, reference, 5);
    let context = request.context();
    for (fixture, failing) in cases {
        let failing = failing.as_str().unwrap();
        let credentials = credentials(&site, fixture);
        let err = medzk::protocol::holder::prepare(&request, &credentials, &site.holder).unwrap_err();
        let (description, expected) = match failing.strip_prefix("list check ") {
            Some(j) => {
                let j: usize = j.parse().unwrap();
                (&site.policy.list_descriptions[j], CircuitError::ListCheckFailed(j))
            }
            None => {
                let k: usize = failing.strip_prefix("clause ").unwrap().parse().unwrap();
                (&site.policy.descriptions[k], CircuitError::ClauseFailed(k))
            }
        };
        assert!(
            matches!(&err, Error::CannotProve(r) if r.contains(description.as_str())),
            "{fixture}: {err}"
        );
        let assigned = assign_credentials(&site.policy, &credentials).unwrap();
        let witness = build_witness_at(
            &site.policy,
            &assigned,
            &site.holder,
            &site.registry,
            Some(context.reference_date),
        )
        .unwrap();
        assert_eq!(evaluate(&site.policy.policy, &witness, &context), Err(expected), "{fixture}");
        let public = medzk::verifier::PublicInputs {
            issuer_root: context.issuer_root,
            policy_hash: site.policy.hash(),
            reference_date: context.reference_date,
            scope: context.scope,
            nullifier: site.holder.nullifier(context.scope),
            challenge: context.challenge,
            revealed_hash: Fr::from(0u64),
        };
        assert!(!is_satisfied(&site.policy.policy, &witness, &public), "{fixture}: the circuit accepted it");
    }
    // The eligible patients' witnesses (including histories just outside a
    // window, and the allowed DPP-4 inhibitor) satisfy the same circuit.
    for fixture in expected["eligible"].as_array().unwrap() {
        let fixture = fixture.as_str().unwrap();
        let credentials = credentials(&site, fixture);
        let assigned = assign_credentials(&site.policy, &credentials).unwrap();
        let witness = build_witness_at(
            &site.policy,
            &assigned,
            &site.holder,
            &site.registry,
            Some(context.reference_date),
        )
        .unwrap();
        let public = evaluate(&site.policy.policy, &witness, &context)
            .unwrap_or_else(|e| panic!("{fixture}: {e}"))
            .public;
        assert!(is_satisfied(&site.policy.policy, &witness, &public), "{fixture}");
    }
    // Lists older than 30 days are stale: the freshness clause fails.
    let stale = credentials_as_of(&site, "eligible.json", "2026-10-31");
    let err = medzk::protocol::holder::prepare(&request, &stale, &site.holder).unwrap_err();
    assert!(matches!(&err, Error::CannotProve(r) if r.contains("conditions.as_of gte")), "{err}");
}
