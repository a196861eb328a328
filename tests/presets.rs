//! End to end, per preset: issue credentials, compile the policy, prove with a
//! dev setup, verify with the thin verifier; and every way it must fail.

#[path = "support/scenario.rs"]
mod scenario;

use ark_bn254::Fr;
use medzk::circuits::query::{evaluate, VerifierContext};
use medzk::circuits::CircuitError;
use medzk::policy::{build_witness, presets, IssuerRegistry, Policy, TrustedIssuer};
use medzk::prover::is_satisfied;
use medzk::records::{Credential, HolderSecret, Schema};
use medzk::verifier::verify_pairing_only;
use scenario::*;

#[test]
fn vaccinated_after_end_to_end() {
    let s = vaccination();
    s.check_valid_and_bound();
    s.violate(0, "vaccine_code", "88", 0);
    s.violate(0, "occurrence_date", "2021-05-31", 1);
    s.violate(0, "status", "not-done", 2);
}

#[test]
fn trial_eligibility_end_to_end() {
    let s = trial();
    s.check_valid_and_bound();
    s.violate(0, "birth_date", "1960-06-01", 0); // 66 on the reference date
    s.violate(0, "birth_date", "2008-06-02", 0); // 17
    s.violate(1, "loinc_code", "718-7", 1); // haemoglobin (no registered unit), not HbA1c
    s.violate(1, "value", "10.1", 2);
    s.violate(1, "value", "6.4", 2);
    s.violate(1, "effective_date", "2025-12-01", 3);
    s.violate(2, "icd10_code", "E10.9", 4);
    s.violate(2, "clinical_status", "resolved", 7);
}

#[test]
fn trial_exclusion_clauses_fail_on_their_own() {
    // A pregnancy code also fails "under E11"; without that clause each
    // exclusion clause is shown to fail by itself.
    let mut s = trial();
    let mut policy: Policy = presets::trial_eligibility("2026-06-01");
    policy.clauses.remove(4);
    s.compiled = policy.compile().unwrap();
    s.violate(2, "icd10_code", "Z33.1", 4);
    s.violate(2, "icd10_code", "O24.410", 5);
    s.violate(2, "icd10_code", "O9A.111", 5);
}

#[test]
fn claim_covered_end_to_end() {
    let s = claim();
    s.check_valid_and_bound();
    s.violate(0, "procedure_code", "99215", 0);
    s.violate(0, "amount", "500.01", 1);
    s.violate(0, "service_date", "2015-01-01", 2);
    s.violate(0, "policy_id", "Coverage/OTHER", 3);
}

#[test]
fn licence_valid_end_to_end() {
    let s = licence();
    s.check_valid_and_bound();
    s.violate(0, "licence_class", "RN", 0);
    s.violate(0, "jurisdiction", "US-NY", 1);
    s.violate(0, "valid_from", "2026-06-02", 2);
    s.violate(0, "valid_to", "2026-05-31", 3);
}

#[test]
fn nullifiers_are_per_scope_and_per_holder() {
    let s = vaccination();
    let ctx_a = context(&s.compiled, &s.world.registry, 5);
    let ctx_b = VerifierContext { scope: Fr::from(777u64), ..ctx_a };
    let (_, a) = s.prove(&ctx_a).unwrap();
    let (proof_b, b) = s.prove(&ctx_b).unwrap();
    assert_ne!(a.nullifier, b.nullifier);
    verify_pairing_only(&keys("small").1, &b, &proof_b).unwrap();
    // Same scope, another holder with a credential of its own.
    let other = HolderSecret::generate(&mut rng(21));
    let c = issue(
        &s.world.issuers[0],
        &other,
        Schema::Immunization,
        &[("vaccine_code", "208"), ("occurrence_date", "2021-08-01"), ("status", "completed")],
        22,
    );
    let t = Scenario { credentials: vec![c], holder: other, compiled: s.compiled.clone(), world: world() };
    let (_, c_public) = t.prove(&ctx_a).unwrap();
    assert_ne!(c_public.nullifier, a.nullifier);
}

#[test]
fn expired_records_untrusted_issuers_and_mixed_holders_fail() {
    let s = trial();
    // Expired: the reference date after the credential's expiry.
    let refs: Vec<&Credential> = s.credentials.iter().collect();
    let witness = build_witness(&s.compiled, &refs, &s.holder, &s.world.registry).unwrap();
    let mut late = context(&s.compiled, &s.world.registry, 3);
    late.reference_date = day("2027-01-02");
    assert_eq!(evaluate(&s.compiled.policy, &witness, &late).unwrap_err(), CircuitError::RecordExpired(0));
    assert!(!is_satisfied(&s.compiled.policy, &witness, &s.honest_public(&late, &s.holder)));

    // An issuer outside the registry: the holder cannot even build a path ...
    let mut rogue_credentials = s.credentials.clone();
    rogue_credentials[1] = issue(
        &s.world.rogue,
        &s.holder,
        Schema::Observation,
        &[
            ("loinc_code", "4548-4"),
            ("value", "7.2"),
            ("unit", "%"),
            ("effective_date", "2026-04-10"),
            ("status", "final"),
        ],
        30,
    );
    let refs: Vec<&Credential> = rogue_credentials.iter().collect();
    assert!(matches!(
        build_witness(&s.compiled, &refs, &s.holder, &s.world.registry),
        Err(medzk::policy::PolicyError::IssuerNotInRegistry(1))
    ));
    // ... and a path from a registry that includes the rogue does not reach the verifier's root.
    let rogue_registry = IssuerRegistry::new(
        s.world
            .issuers
            .iter()
            .chain([&s.world.rogue])
            .map(|i| TrustedIssuer::new(&i.name, i.public_key(), &Schema::ALL)),
    )
    .unwrap();
    let witness = build_witness(&s.compiled, &refs, &s.holder, &rogue_registry).unwrap();
    let ctx = context(&s.compiled, &s.world.registry, 3);
    // (Every path now leads to the rogue registry's root, so the first record already fails.)
    assert_eq!(evaluate(&s.compiled.policy, &witness, &ctx).unwrap_err(), CircuitError::IssuerNotTrusted(0));
    assert!(!is_satisfied(&s.compiled.policy, &witness, &s.honest_public(&ctx, &s.holder)));

    // Records of two holders cannot be combined.
    let other = HolderSecret::generate(&mut rng(40));
    let mut mixed = s.credentials.clone();
    mixed[2] = issue(
        &s.world.issuers[3],
        &other,
        Schema::Condition,
        &[("icd10_code", "E11.9"), ("clinical_status", "active")],
        41,
    );
    s.expect_failure(&mixed, &s.holder, CircuitError::HolderMismatch(2));
}

#[test]
fn a_proof_of_a_false_statement_does_not_verify() {
    let s = vaccination();
    let mut credentials = s.credentials.clone();
    credentials[0] = issue(
        &s.world.issuers[0],
        &s.holder,
        Schema::Immunization,
        &[("vaccine_code", "207"), ("occurrence_date", "2021-01-01"), ("status", "completed")],
        50,
    );
    let refs: Vec<&Credential> = credentials.iter().collect();
    let witness = build_witness(&s.compiled, &refs, &s.holder, &s.world.registry).unwrap();
    let ctx = context(&s.compiled, &s.world.registry, 9);
    let public = s.honest_public(&ctx, &s.holder);
    let (prover, pvk) = keys("small");
    let proof = prover.prove_unchecked(&s.compiled.policy, &witness, &public, &mut rng(3)).unwrap();
    assert!(verify_pairing_only(pvk, &public, &proof).is_err());
}
