//! Regression tests for the 2026-12 circuit review (docs/security.md): each demonstrated
//! forgery, tried end to end. The attacker runs a custom prover: it skips the
//! native pre-check, synthesises the whole witness consistently for a policy
//! of its choosing, and claims the honest public inputs (the verifier's policy
//! hash, root, date, scope and challenge). The proof must not verify.

#[path = "support/scenario.rs"]
mod scenario;

use ark_bn254::Fr;
use medzk::circuits::query::{evaluate, CompiledPolicy, Op, Predicate, QueryWitness, VerifierContext};
use medzk::circuits::CircuitError;
use medzk::policy::{build_witness, presets, IssuerRegistry, Policy, PolicyError, TrustedIssuer};
use medzk::prover::is_satisfied;
use medzk::records::{
    Credential, HolderSecret, Issuer, Record, RecordData, RevocationIndex, Schema, Validity,
};
use medzk::verifier::{verify_pairing_only, PublicInputs};
use scenario::*;

/// The public inputs an honest proof of `s`'s policy would have at `ctx`.
fn honest_public(s: &Scenario, _witness: &QueryWitness, ctx: &VerifierContext) -> PublicInputs {
    PublicInputs {
        issuer_root: ctx.issuer_root,
        policy_hash: s.compiled.hash(),
        reference_date: ctx.reference_date,
        scope: ctx.scope,
        nullifier: s.holder.nullifier(ctx.scope),
        challenge: ctx.challenge,
        revealed_hash: s
            .compiled
            .policy
            .revealed_hash(&vec![Fr::from(0u64); s.compiled.policy.clauses.len()]),
    }
}

/// A full forgery attempt: the holder's `credentials` do not satisfy the
/// scenario's policy; the attacker proves them under `forged` (which they do
/// satisfy, checked natively so the attack is real) while claiming the honest
/// policy hash. Asserts that the circuit is unsatisfied and the proof fails.
fn attempt(s: &Scenario, credentials: &[Credential], forge: impl Fn(&mut CompiledPolicy)) {
    let refs: Vec<&Credential> = credentials.iter().collect();
    let witness = build_witness(&s.compiled, &refs, &s.holder, &s.world.registry).unwrap();
    let ctx = context(&s.compiled, &s.world.registry, 77);
    assert!(evaluate(&s.compiled.policy, &witness, &ctx).is_err(), "the honest statement must be false");
    let mut forged = s.compiled.policy.clone();
    forge(&mut forged);
    assert_ne!(forged, s.compiled.policy, "the forgery changes the policy data");
    let forged_public =
        evaluate(&forged, &witness, &ctx).expect("the forged statement holds natively").public;
    assert_ne!(forged_public.policy_hash, s.compiled.hash(), "the policy hash must cover the change");
    let public = honest_public(s, &witness, &ctx);
    assert!(!is_satisfied(&forged, &witness, &public), "the circuit accepted the forged policy data");
    let (prover, pvk) = keys(s.compiled.shape().name);
    let full = prover.synthesize_assignment(&forged, &witness, &public).unwrap();
    let proof = prover.prove_assignment(&full, Fr::from(3u64), Fr::from(5u64)).unwrap();
    assert!(verify_pairing_only(pvk, &public, &proof).is_err(), "a forged proof verified");
    // The same attacker with the forged policy's own hash gets a valid proof,
    // but of another policy, which the verifier refuses by its hash.
    let full = prover.synthesize_assignment(&forged, &witness, &forged_public).unwrap();
    let proof = prover.prove_assignment(&full, Fr::from(3u64), Fr::from(5u64)).unwrap();
    assert!(verify_pairing_only(pvk, &forged_public, &proof).is_ok());
    assert!(verify_pairing_only(pvk, &public, &proof).is_err());
}

/// `s`'s credential in `slot` re-issued (by its issuer) with `field = value`.
fn with_field(s: &Scenario, slot: usize, changes: &[(&str, &str)]) -> Vec<Credential> {
    let mut credentials = s.credentials.clone();
    let old = &credentials[slot];
    let mut fields: Vec<(&str, String)> =
        old.record.data.present_fields().map(|(k, v)| (k, v.to_owned())).collect();
    for (field, value) in changes {
        fields.retain(|(k, _)| k != field);
        fields.push((field, value.to_string()));
    }
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let issuer = s.world.issuers.iter().find(|i| i.public_key() == old.issuer).unwrap();
    credentials[slot] = issue(issuer, &s.holder, old.record.data.schema(), &pairs, 61);
    credentials
}

/// The bound replaced by the reference date itself (relative, no offset).
fn reference_hi(p: &mut Predicate) {
    (p.hi_is_reference_date, p.hi) = (true, 0);
}

/// The lower bound replaced by the reference date itself.
fn reference_lo(p: &mut Predicate) {
    (p.lo_is_reference_date, p.lo) = (true, 0);
}

fn predicate(policy: &mut CompiledPolicy, clause: usize) -> &mut Predicate {
    &mut policy.clauses[clause].predicates[0]
}

#[test]
fn an_expired_licence_cannot_drop_the_reference_date_bound() {
    let s = licence();
    let expired = with_field(&s, 0, &[("valid_to", "2025-12-31")]);
    // `valid_to gte @reference_date` turned into its stored constant `gte 0`.
    attempt(&s, &expired, |p| predicate(p, 3).lo_is_reference_date = false);
}

#[test]
fn a_not_done_immunisation_cannot_widen_status_eq_completed() {
    let s = vaccination();
    let not_done = with_field(&s, 0, &[("status", "not-done")]);
    // `status eq completed` ([1, 1]) widened to [1, reference date].
    attempt(&s, &not_done, |p| reference_hi(predicate(p, 2)));
}

#[test]
fn a_claim_outside_the_period_cannot_move_the_period_end() {
    let s = claim();
    let late = with_field(&s, 0, &[("service_date", "2020-03-01")]);
    attempt(&s, &late, |p| reference_hi(predicate(p, 2)));
}

#[test]
fn an_ineligible_child_with_type_1_diabetes_cannot_pass_the_trial_screen() {
    let s = trial();
    let mut credentials = with_field(&s, 0, &[("birth_date", "2015-01-01")]);
    credentials[1] = with_field(&s, 1, &[("value", "12")]).remove(1);
    credentials[2] = with_field(&s, 2, &[("icd10_code", "E10.9")]).remove(2);
    attempt(&s, &credentials, |p| {
        reference_hi(predicate(p, 0)); // born before the reference date
        reference_hi(predicate(p, 2)); // HbA1c ≤ ~46,000
        reference_lo(predicate(p, 4)); // E10.9 ≥ ~46,000 (codes are large)
    });
}

#[test]
fn pregnancy_codes_cannot_escape_the_exclusions() {
    // The trial screen's two exclusions, without the E11 inclusion (one
    // condition record cannot be both E11 and a pregnancy code).
    let mut document = presets::trial_eligibility("2026-06-01");
    document.clauses.remove(4);
    let t = trial();
    let s = Scenario { compiled: document.compile().unwrap(), ..t };
    // `ne Z33.*` is clause 4, `not_between O00 O9A.*` clause 5: each range
    // shrunk to [lo, reference date], which is empty, so "not in it" holds.
    let o24 = with_field(&s, 2, &[("icd10_code", "O24.4")]);
    attempt(&s, &o24, |p| reference_hi(predicate(p, 5)));
    let z33 = with_field(&s, 2, &[("icd10_code", "Z33.1")]);
    attempt(&s, &z33, |p| reference_hi(predicate(p, 4)));
}

#[test]
fn policies_differing_only_in_a_reference_date_bound_have_different_hashes() {
    let honest = presets::licence_valid(&["MD"], "US-CA");
    let mut weaker = honest.clone();
    if let medzk::policy::ClauseDoc::One(p) = &mut weaker.clauses[3] {
        p.value = Some("1900-01-01".into());
    }
    let (a, b) = (honest.compile().unwrap(), weaker.compile().unwrap());
    assert_eq!(a.policy.clauses[3].predicates[0].lo, b.policy.clauses[3].predicates[0].lo);
    assert_ne!(a.hash(), b.hash());
}

fn issue_with(
    issuer: &Issuer,
    holder: &HolderSecret,
    schema: Schema,
    fields: &[(&str, &str)],
    validity: Validity,
) -> Credential {
    let data = RecordData::new(schema, fields.iter().copied()).unwrap();
    issuer.issue(Record::new(
        data,
        holder.commitment(),
        validity,
        RevocationIndex::new(71).unwrap(),
        &mut rng(71),
    ))
}

#[test]
fn a_record_issued_after_the_reference_date_supports_no_statement_about_it() {
    let s = vaccination();
    let fields = [("vaccine_code", "207"), ("occurrence_date", "2021-07-01"), ("status", "completed")];
    let later = Validity::new(day("2026-06-02"), day("2027-01-01")).unwrap();
    let credential = issue_with(&s.world.issuers[0], &s.holder, Schema::Immunization, &fields, later);
    s.expect_failure(std::slice::from_ref(&credential), &s.holder, CircuitError::RecordNotYetIssued(0));
    // Issued on the reference date itself is fine.
    let same_day = Validity::new(day("2026-06-01"), day("2027-01-01")).unwrap();
    let ok = issue_with(&s.world.issuers[0], &s.holder, Schema::Immunization, &fields, same_day);
    let t = Scenario {
        credentials: vec![ok],
        holder: s.holder.clone(),
        compiled: s.compiled.clone(),
        world: world(),
    };
    t.check_valid_and_bound();
}

#[test]
fn an_issuer_cannot_sign_a_schema_the_registry_does_not_trust_it_for() {
    let s = licence();
    // The City Lab (trusted for observations only) signs a licence.
    let lab = &s.world.issuers[2];
    let fields: Vec<(&str, String)> =
        s.credentials[0].record.data.present_fields().map(|(k, v)| (k, v.to_owned())).collect();
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let forged = issue(lab, &s.holder, Schema::Licence, &pairs, 81);
    s.expect_failure(std::slice::from_ref(&forged), &s.holder, CircuitError::IssuerSchemaNotAllowed(0));
    // Claiming a wider schema mask for the lab's leaf leaves the registry root.
    let refs = [&forged];
    let mut witness = build_witness(&s.compiled, &refs, &s.holder, &s.world.registry).unwrap();
    witness.records[0].issuer_schemas = u32::MAX;
    let ctx = context(&s.compiled, &s.world.registry, 5);
    assert_eq!(evaluate(&s.compiled.policy, &witness, &ctx).unwrap_err(), CircuitError::IssuerNotTrusted(0));
    let public = honest_public(&s, &witness, &ctx);
    assert!(!is_satisfied(&s.compiled.policy, &witness, &public));
    let (prover, pvk) = keys("small");
    let full = prover.synthesize_assignment(&s.compiled.policy, &witness, &public).unwrap();
    let proof = prover.prove_assignment(&full, Fr::from(3u64), Fr::from(5u64)).unwrap();
    assert!(verify_pairing_only(pvk, &public, &proof).is_err());
    // A registry must give every issuer at least one schema, and each key once.
    let key = lab.public_key();
    assert!(matches!(
        IssuerRegistry::new([TrustedIssuer::new("lab", key, &[])]),
        Err(PolicyError::RegistryEntry { .. })
    ));
    assert!(matches!(
        IssuerRegistry::new([
            TrustedIssuer::new("lab", key, &[Schema::Observation]),
            TrustedIssuer::new("lab again", key, &[Schema::Licence]),
        ]),
        Err(PolicyError::RegistryEntry { .. })
    ));
}

fn unit_policy(extra_clauses: usize) -> Policy {
    let mut clauses =
        vec![serde_json::json!({"record": "lab", "field": "value", "op": "gte", "value": "6.5 %"})];
    for _ in 0..extra_clauses {
        clauses.push(serde_json::json!({"record": "lab", "field": "status", "op": "eq", "value": "final"}));
    }
    Policy::from_json(
        &serde_json::json!({
            "format": "medzk-policy", "version": 1, "name": "hba1c", "description": "HbA1c at least 6.5 %",
            "shape": "small", "scope": "units", "records": [{"name": "lab", "schema": "observation"}],
            "clauses": clauses, "sets": {}
        })
        .to_string(),
    )
    .unwrap()
}

#[test]
fn a_quantity_with_a_unit_binds_the_record_unit() {
    let compiled = unit_policy(0).compile().unwrap();
    // `value gte 6.5 %` with no code clause gains `lab.unit eq %`.
    assert_eq!(compiled.policy.clauses[1].predicates[0].op, Op::InRange);
    assert!(compiled.descriptions[1].contains("unit eq %"), "{}", compiled.descriptions[1]);
    let w = world();
    let holder = HolderSecret::generate(&mut rng(90));
    let glucose = issue(
        &w.issuers[2],
        &holder,
        Schema::Observation,
        &[
            ("loinc_code", "2345-7"),
            ("value", "95"),
            ("unit", "mg/dL"),
            ("effective_date", "2026-04-10"),
            ("status", "final"),
        ],
        91,
    );
    let s = Scenario { compiled, holder, credentials: vec![glucose], world: w };
    // 95 mg/dL (95,000) ≥ 6,500, but the unit clause fails.
    s.expect_failure(&s.credentials, &s.holder, CircuitError::ClauseFailed(1));
    let hba1c = with_field(&s, 0, &[("loinc_code", "4548-4"), ("value", "7.0"), ("unit", "%")]);
    let t = Scenario {
        credentials: hba1c,
        holder: s.holder.clone(),
        compiled: s.compiled.clone(),
        world: world(),
    };
    t.check_valid_and_bound();
    // With every clause slot taken the policy is refused rather than left unit-blind.
    assert!(matches!(unit_policy(3).compile(), Err(PolicyError::UnboundUnit { clause: 0, .. })));
    // A LOINC clause of the same unit pins it (the trial preset adds nothing):
    // sound because a record with a registered LOINC code must carry that
    // code's canonical unit, so an HbA1c of 30 mmol/mol (≈ 4.9 %) cannot be
    // signed unconverted and read as 30 % (30,000 ≥ 6,500).
    let trial = presets::trial_eligibility("2026-06-01").compile().unwrap();
    assert!(trial.descriptions.iter().all(|d| !d.contains("implied")));
    let unconverted = medzk::records::RecordData::new(
        Schema::Observation,
        [
            ("loinc_code", "4548-4"),
            ("value", "30"),
            ("unit", "mmol/mol"),
            ("effective_date", "2026-04-10"),
            ("status", "final"),
        ],
    );
    assert!(
        matches!(unconverted, Err(medzk::records::RecordError::NonCanonicalUnit { .. })),
        "{unconverted:?}"
    );
}
