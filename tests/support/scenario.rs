//! Shared scenario builders for the end-to-end tests: issuers, a registry,
//! credentials for each preset, and dev keys made once per shape.
#![allow(dead_code)]

use ark_bn254::Fr;
use medzk::circuits::query::{evaluate, VerifierContext};
use medzk::circuits::CircuitError;
use medzk::policy::{build_witness, explain, presets, Compiled, IssuerRegistry, TrustedIssuer};
use medzk::prover::{insecure_dev_setup, is_satisfied, CircuitProver, ProverError, Statement};
use medzk::records::encoding::encode_date;
use medzk::records::{
    Credential, HolderSecret, Issuer, ListKind, Record, RecordData, RecordList, RevocationIndex,
    RevocationList, Schema, Validity,
};
use medzk::verifier::{prepare, verify_pairing_only, PreparedVerifyingKey, PublicInputs};
use rand::SeedableRng;
use std::sync::OnceLock;

pub type Rng = rand::rngs::StdRng;

pub fn rng(seed: u64) -> Rng {
    Rng::seed_from_u64(seed)
}

pub fn day(d: &str) -> u32 {
    encode_date("date", d).unwrap()
}

/// Keys per shape, made once per test binary with the insecure dev setup.
pub fn keys(shape: &str) -> &'static (CircuitProver, PreparedVerifyingKey) {
    static SMALL: OnceLock<(CircuitProver, PreparedVerifyingKey)> = OnceLock::new();
    static MEDIUM: OnceLock<(CircuitProver, PreparedVerifyingKey)> = OnceLock::new();
    static LISTS: OnceLock<(CircuitProver, PreparedVerifyingKey)> = OnceLock::new();
    let cell = match shape {
        "small" => &SMALL,
        "medium" => &MEDIUM,
        LIST_SHAPE => &LISTS,
        other => panic!("no keys for shape {other} in the scenarios"),
    };
    cell.get_or_init(|| {
        let shape = medzk::circuits::query::QueryShape::parse(shape).unwrap();
        let (pk, vk) = insecure_dev_setup(shape, 42).unwrap();
        (CircuitProver::new(shape, pk).unwrap(), prepare(&vk).unwrap())
    })
}

pub struct World {
    pub issuers: Vec<Issuer>,
    pub rogue: Issuer,
    pub registry: IssuerRegistry,
}

pub fn world() -> World {
    // Each issuer is trusted for the one schema it signs.
    let names = [
        ("Immunisation Registry", Schema::Immunization),
        ("General Hospital", Schema::Patient),
        ("City Lab", Schema::Observation),
        ("Diabetes Clinic", Schema::Condition),
        ("Insurer", Schema::Claim),
        ("Medical Board", Schema::Licence),
    ];
    let issuers: Vec<Issuer> =
        names.iter().enumerate().map(|(i, (n, _))| Issuer::generate(*n, &mut rng(100 + i as u64))).collect();
    let registry = IssuerRegistry::new(issuers.iter().zip(names).map(|(i, (_, schema))| {
        TrustedIssuer::new(&i.name, i.public_key(), &[schema]).with_revocations(revoked_near(i)).unwrap()
    }))
    .unwrap();
    World { issuers, rogue: Issuer::generate("Rogue", &mut rng(999)), registry }
}

/// The revocation indices every scenario issuer has revoked: beside the
/// scenarios' own indices (2..=11, 55, 63..=65) and in their chunk, so every
/// scenario proves its credentials unrevoked against a non-empty list.
pub const REVOKED: [u32; 6] = [1, 12, 54, 56, 62, 66];

/// An issuer's revocation list with [`REVOKED`] revoked.
pub fn revoked_near(issuer: &Issuer) -> RevocationList {
    RevocationList::from_revoked(issuer.public_key(), REVOKED.len() as u64, REVOKED).unwrap()
}

pub fn issue(
    issuer: &Issuer,
    holder: &HolderSecret,
    schema: Schema,
    fields: &[(&str, &str)],
    seed: u64,
) -> Credential {
    let data = RecordData::new(schema, fields.iter().copied()).unwrap();
    let validity = Validity::new(day("2026-01-01"), day("2027-01-01")).unwrap();
    let index = RevocationIndex::new(seed % (1 << 20)).unwrap();
    issuer.issue(Record::new(data, holder.commitment(), validity, index, &mut rng(seed)))
}

pub fn context(compiled: &Compiled, registry: &IssuerRegistry, challenge: u64) -> VerifierContext {
    VerifierContext {
        issuer_root: registry.root(),
        reference_date: day("2026-06-01"),
        scope: compiled.scope,
        challenge: Fr::from(challenge),
    }
}

/// A preset scenario: the policy and the holder's credentials (in slot order).
pub struct Scenario {
    pub compiled: Compiled,
    pub holder: HolderSecret,
    pub credentials: Vec<Credential>,
    pub world: World,
}

impl Scenario {
    /// Proves with the protocol's holder entry point; a context the protocol
    /// never builds (another scope or registry root than the policy's) goes
    /// to the prover directly.
    pub fn prove(&self, ctx: &VerifierContext) -> Result<(medzk::prover::Proof, PublicInputs), ProverError> {
        let (prover, _) = keys(self.compiled.shape().name);
        let request = medzk::ProofRequest {
            policy: &self.compiled,
            registry: &self.world.registry,
            challenge: ctx.challenge,
            reference_date: ctx.reference_date,
        };
        if request.context() == *ctx {
            return match medzk::prove(&request, &self.credentials, &self.holder, prover, &mut rng(7)) {
                Ok(proved) => Ok((proved.proof, proved.public)),
                Err(medzk::Error::Prover(e)) => Err(e),
                Err(e) => panic!("the protocol refused an honest scenario: {e}"),
            };
        }
        let refs: Vec<&Credential> = self.credentials.iter().collect();
        let witness = build_witness(&self.compiled, &refs, &self.holder, &self.world.registry).unwrap();
        prover.prove(&Statement { policy: self.compiled.policy.clone(), witness, context: *ctx }, &mut rng(7))
    }

    /// Replaces one credential field and checks that exactly clause `clause` fails,
    /// natively and in the circuit.
    pub fn violate(&self, slot: usize, field: &str, value: &str, clause: usize) {
        let mut credentials = self.credentials.clone();
        let old = &credentials[slot];
        let mut fields: Vec<(&str, String)> =
            old.record.data.present_fields().map(|(k, v)| (k, v.to_owned())).collect();
        fields.retain(|(k, _)| *k != field);
        fields.push((field, value.to_owned()));
        let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let issuer = self.world.issuers.iter().find(|i| i.public_key() == old.issuer).unwrap();
        credentials[slot] = issue(issuer, &self.holder, old.record.data.schema(), &pairs, 55);
        self.expect_failure(&credentials, &self.holder, CircuitError::ClauseFailed(clause));
    }

    pub fn expect_failure(&self, credentials: &[Credential], holder: &HolderSecret, expected: CircuitError) {
        let refs: Vec<&Credential> = credentials.iter().collect();
        let witness = build_witness(&self.compiled, &refs, holder, &self.world.registry).unwrap();
        let ctx = context(&self.compiled, &self.world.registry, 1);
        let err = evaluate(&self.compiled.policy, &witness, &ctx).unwrap_err();
        assert_eq!(err, expected, "native evaluation");
        let explanation = explain(&self.compiled, &witness, &ctx).unwrap_err();
        assert!(!explanation.is_empty());
        let (prover, _) = keys(self.compiled.shape().name);
        let statement =
            Statement { policy: self.compiled.policy.clone(), witness: witness.clone(), context: ctx };
        assert!(
            matches!(prover.prove(&statement, &mut rng(1)), Err(ProverError::Unsatisfied(e)) if e == expected)
        );
        // The circuit itself rejects it, whatever public inputs the prover claims.
        let mut public = self.honest_public(&ctx, holder);
        assert!(!is_satisfied(&self.compiled.policy, &witness, &public), "circuit accepted {expected}");
        public.revealed_hash = Fr::from(0u64);
        assert!(!is_satisfied(&self.compiled.policy, &witness, &public));
    }

    pub fn honest_public(&self, ctx: &VerifierContext, holder: &HolderSecret) -> PublicInputs {
        PublicInputs {
            issuer_root: ctx.issuer_root,
            policy_hash: self.compiled.hash(),
            reference_date: ctx.reference_date,
            scope: ctx.scope,
            nullifier: holder.nullifier(ctx.scope),
            challenge: ctx.challenge,
            revealed_hash: Fr::from(0u64),
        }
    }

    /// A valid proof verifies, and fails with each public input changed.
    pub fn check_valid_and_bound(&self) -> PublicInputs {
        let ctx = context(&self.compiled, &self.world.registry, 2026);
        let (proof, public) = self.prove(&ctx).unwrap();
        let (_, pvk) = keys(self.compiled.shape().name);
        verify_pairing_only(pvk, &public, &proof).unwrap();
        assert_eq!(public.policy_hash, self.compiled.hash());
        assert_eq!(public.nullifier, self.holder.nullifier(self.compiled.scope));
        let one = Fr::from(1u64);
        let tampered: [fn(&mut PublicInputs, Fr); 7] = [
            |p, d| p.issuer_root += d,
            |p, d| p.policy_hash += d,
            |p, _| p.reference_date += 1,
            |p, d| p.scope += d,
            |p, d| p.nullifier += d,
            |p, d| p.challenge += d,
            |p, d| p.revealed_hash += d,
        ];
        for (i, change) in tampered.iter().enumerate() {
            let mut bad = public;
            change(&mut bad, one);
            assert!(verify_pairing_only(pvk, &bad, &proof).is_err(), "public input {i} is not bound");
        }
        public
    }
}

pub fn vaccination() -> Scenario {
    let world = world();
    let holder = HolderSecret::generate(&mut rng(1));
    let credential = issue(
        &world.issuers[0],
        &holder,
        Schema::Immunization,
        &[
            ("vaccine_code", "207"),
            ("occurrence_date", "2021-07-01"),
            ("status", "completed"),
            ("lot_hash", "EL9261"),
        ],
        2,
    );
    Scenario {
        compiled: presets::vaccinated_after("2021-06-01").compile().unwrap(),
        holder,
        credentials: vec![credential],
        world,
    }
}

pub fn trial() -> Scenario {
    let world = world();
    let holder = HolderSecret::generate(&mut rng(3));
    let patient = issue(
        &world.issuers[1],
        &holder,
        Schema::Patient,
        &[("birth_date", "1970-03-15"), ("sex_at_birth", "female")],
        4,
    );
    let lab = issue(
        &world.issuers[2],
        &holder,
        Schema::Observation,
        &[
            ("loinc_code", "4548-4"),
            ("value", "7.2"),
            ("unit", "%"),
            ("effective_date", "2026-04-10"),
            ("status", "final"),
        ],
        5,
    );
    let dx = issue(
        &world.issuers[3],
        &holder,
        Schema::Condition,
        &[("icd10_code", "E11.9"), ("clinical_status", "active")],
        6,
    );
    Scenario {
        compiled: presets::trial_eligibility("2026-06-01").compile().unwrap(),
        holder,
        credentials: vec![patient, lab, dx],
        world,
    }
}

pub fn claim() -> Scenario {
    let world = world();
    let holder = HolderSecret::generate(&mut rng(8));
    let credential = issue(
        &world.issuers[4],
        &holder,
        Schema::Claim,
        &[
            ("procedure_code", "99213"),
            ("amount", "120.00"),
            ("currency", "USD"),
            ("service_date", "2014-05-02"),
            ("policy_id", "Coverage/9876B1"),
        ],
        9,
    );
    let (default_name, default_policy) = presets::defaults().remove(2);
    assert_eq!(default_name, "claim-covered");
    Scenario { compiled: default_policy.compile().unwrap(), holder, credentials: vec![credential], world }
}

pub fn licence() -> Scenario {
    let world = world();
    let holder = HolderSecret::generate(&mut rng(10));
    let credential = issue(
        &world.issuers[5],
        &holder,
        Schema::Licence,
        &[
            ("licence_class", "MD"),
            ("jurisdiction", "US-CA"),
            ("valid_from", "2020-01-01"),
            ("valid_to", "2027-12-31"),
        ],
        11,
    );
    Scenario {
        compiled: presets::licence_valid(&["MD", "DO", "NP", "PA"], "US-CA").compile().unwrap(),
        holder,
        credentials: vec![credential],
        world,
    }
}

/// The custom shape of the attested-list scenario: 3 records, 2 clauses, 1
/// set, 4 list checks.
pub const LIST_SHAPE: &str = "r3-k2-s1-l4";

/// Absence and presence over a hospital's attested condition and medication
/// lists: no E10.* ever, no pregnancy (O*) in the last 30 days (an O80 of
/// 2025 is outside the window), metformin in the last 8 weeks, and an unused
/// list slot; the patient is an adult.
pub fn lists() -> Scenario {
    let hospital = Issuer::generate("City Hospital", &mut rng(61));
    let schemas = [Schema::Patient, Schema::ConditionList, Schema::MedicationList];
    let registry = IssuerRegistry::new([TrustedIssuer::new(&hospital.name, hospital.public_key(), &schemas)
        .with_revocations(revoked_near(&hospital))
        .unwrap()])
    .unwrap();
    let holder = HolderSecret::generate(&mut rng(62));
    let patient = issue(&hospital, &holder, Schema::Patient, &[("birth_date", "1970-03-15")], 63);
    let as_of = day("2026-05-30");
    let validity = Validity::new(day("2026-01-01"), day("2027-01-01")).unwrap();
    let entries = |list: &[(&str, &str)]| -> Vec<(String, u32)> {
        list.iter().map(|(c, d)| ((*c).to_owned(), day(d))).collect()
    };
    let conditions = RecordList::new(
        ListKind::Conditions,
        as_of,
        entries(&[
            ("E11.9", "2026-05-30"),
            ("I10", "2026-05-30"),
            ("O80", "2025-02-01"),
            ("K35.80", "2004-05-10"),
        ]),
    )
    .unwrap();
    let medications = RecordList::new(
        ListKind::Medications,
        as_of,
        entries(&[("A10BA02", "2026-05-30"), ("C10AA05", "2026-05-01")]),
    )
    .unwrap();
    let index = |n| RevocationIndex::new(n).unwrap();
    let conditions =
        hospital.issue_list(conditions, holder.commitment(), validity, index(64), &mut rng(64)).unwrap();
    let medications =
        hospital.issue_list(medications, holder.commitment(), validity, index(65), &mut rng(65)).unwrap();
    let policy = format!(
        r#"{{"format": "medzk-policy", "version": 1, "name": "list-mutations", "shape": "{LIST_SHAPE}",
        "scope": "list-mutations",
        "records": [{{"name": "patient", "schema": "patient"}},
                    {{"name": "conditions", "schema": "condition_list"}},
                    {{"name": "medications", "schema": "medication_list"}}],
        "clauses": [
          {{"record": "patient", "field": "birth_date", "op": "lte", "value": "@reference_date - 18y"}},
          {{"record": "conditions", "op": "none_in", "codes": ["E10.*"]}},
          {{"record": "conditions", "op": "none_in", "codes": ["O*"], "since": "@reference_date - 30d"}},
          {{"record": "medications", "op": "any_in", "codes": ["A10BA02"], "since": "@reference_date - 8w"}}
        ]}}"#
    );
    let compiled = medzk::policy::Policy::from_json(&policy).unwrap().compile().unwrap();
    let world = World { issuers: vec![hospital], rogue: Issuer::generate("Rogue", &mut rng(999)), registry };
    Scenario { compiled, holder, credentials: vec![patient, conditions, medications], world }
}

/// The NCT03608358 screen (`examples/`, the `trial` shape) for one fixture
/// patient: City Hospital signs every record of the fixture's Bundle and its
/// condition and medication lists as of the screening day 2026-12-01 (the
/// reference date the scenario must be evaluated on); credentials in slot order.
pub fn nct03608358(fixture: &str) -> Scenario {
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let compiled = medzk::policy::Policy::from_file(&root.join("examples/policies/nct03608358.json"))
        .unwrap()
        .compile()
        .unwrap();
    let schemas = vec![
        Schema::Patient,
        Schema::Condition,
        Schema::Observation,
        Schema::Medication,
        Schema::ConditionList,
        Schema::MedicationList,
    ];
    let hospital =
        medzk::files::IssuerFile { issuer: Issuer::generate("City Hospital", &mut rng(71)), schemas };
    // Index 40 is revoked; the hospital's credentials take 41 on, in its chunk.
    let mut revocations = RevocationList::from_revoked(hospital.issuer.public_key(), 1, [40]).unwrap();
    let registry = IssuerRegistry::new([TrustedIssuer::new(
        &hospital.issuer.name,
        hospital.issuer.public_key(),
        &hospital.schemas,
    )
    .with_revocations(revocations.clone())
    .unwrap()])
    .unwrap();
    let holder = HolderSecret::generate(&mut rng(72));
    let text = std::fs::read_to_string(root.join("examples/patients/nct03608358").join(fixture)).unwrap();
    let validity = Validity::new(day("2026-01-01"), day("2027-12-31")).unwrap();
    let issued =
        medzk::issue_fhir(&hospital, &mut revocations, holder.commitment(), &text, validity, &mut rng(73))
            .unwrap();
    let mut all: Vec<Credential> = issued.credentials.into_iter().map(|(_, c)| c).collect();
    for kind in [ListKind::Conditions, ListKind::Medications] {
        let list = medzk::issue_fhir_list(
            &hospital,
            &mut revocations,
            holder.commitment(),
            &text,
            kind,
            day("2026-12-01"),
            validity,
            &mut rng(74),
        );
        all.push(list.unwrap().1);
    }
    let credentials =
        medzk::policy::assign_credentials(&compiled, &all).unwrap().into_iter().cloned().collect();
    let world =
        World { issuers: vec![hospital.issuer], rogue: Issuer::generate("Rogue", &mut rng(999)), registry };
    Scenario { compiled, holder, credentials, world }
}
