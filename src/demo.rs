//! `medzk demo`: the three user journeys, end to end, narrated.

use crate::files::{IssuerFile, KeyStore};
use crate::policy::{presets, Compiled, IssuerRegistry, TrustedIssuer};
use crate::protocol::issuer::sign_records;
use crate::prover::{insecure_dev_setup, CircuitProver};
use crate::records::encoding::{decode_date, today};
use crate::records::{
    fhir, shc, Credential, HolderSecret, Issuer, ListKind, RecordData, RevocationList, Schema, Validity,
};
use crate::verifier::{binary, prepare, verify_expected, PreparedVerifyingKey};
use crate::{expectations, issue_fhir, issue_fhir_list, prove, Challenge, Error, ProofRequest};
use ark_bn254::Fr;
use medzk_circuits::query::{QueryShape, SMALL, TRIAL};
use rand::SeedableRng;
use std::collections::HashSet;
use std::io::Write;
use std::time::{Duration, Instant};

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

/// The seed of the demo's insecure development setup.
pub const DEMO_SEED: u64 = 2026;

const CARD: &str = include_str!("../fixtures/shc/example-card.shc.txt");
const JWKS: &str = include_str!("../fixtures/shc/jwks.json");
const CRL: &str = include_str!("../fixtures/shc/crl-3Kfdg.json");
const BUNDLE: &str = include_str!("../fixtures/shc/covid-vaccines-bundle.json");
const CLAIM: &str = include_str!("../records/vectors/fhir/examples/Claim-100150.json");
const SHC_ISSUER: &str = "https://smarthealth.cards/examples/issuer";
/// The registered trial's screen and three of its patients' hospital records
/// (`examples/`; `tests/nct03608358.rs` runs every fixture).
const NCT_POLICY: &str = include_str!("../examples/policies/nct03608358.json");
const NCT_SCREENING_DAY: &str = "2026-12-01";
const NCT_PATIENTS: [(&str, &str, &str); 3] = [
    (
        "Ana",
        "an active E11.9 diagnosis, HbA1c 8.6 %, on metformin",
        include_str!("../examples/patients/nct03608358/eligible.json"),
    ),
    (
        "Ben",
        "HbA1c 11.8 %, above the trial's 11.5 %",
        include_str!("../examples/patients/nct03608358/hba1c-too-high.json"),
    ),
    (
        "Cleo",
        "what Ana has, plus type 1 diabetes (E10.9, 2001–2010) in her hospital history",
        include_str!("../examples/patients/nct03608358/history-type-1-diabetes.json"),
    ),
];

/// One row of the demo's summary.
#[derive(Clone, Debug)]
pub struct Row {
    /// What was proven.
    pub journey: String,
    /// The shape.
    pub shape: &'static str,
    /// Proof size in bytes (binary format).
    pub proof_bytes: usize,
    /// Proving time.
    pub prove: Duration,
    /// Verification time.
    pub verify: Duration,
}

/// Loads a shape's keys from the store, or makes them with the insecure dev setup and stores them.
pub fn ensure_keys(
    store: &KeyStore,
    shape: QueryShape,
    out: &mut dyn Write,
) -> Result<(CircuitProver, PreparedVerifyingKey)> {
    if !store.has(shape) {
        writeln!(
            out,
            "  generating {} keys (INSECURE dev setup, seed {DEMO_SEED}) into {}",
            shape.name,
            store.dir.display()
        )?;
        let (pk, vk) = insecure_dev_setup(shape, DEMO_SEED)?;
        let prover = CircuitProver::new(shape, pk)?;
        store.save(&prover, &vk)?;
    }
    let prover = store.prover(shape)?;
    let vk = store.verifying_key(shape)?;
    Ok((prover, prepare(&vk)?))
}

struct Verifier<'a> {
    compiled: &'a Compiled,
    reference_date: u32,
    registry: &'a IssuerRegistry,
    pvk: &'a PreparedVerifyingKey,
    prover: &'a CircuitProver,
    seen: HashSet<Fr>,
}

impl Verifier<'_> {
    /// The holder proves (or learns why not); the verifier checks and records the nullifier.
    fn session(
        &mut self,
        out: &mut dyn Write,
        who: &str,
        credentials: &[Credential],
        holder: &HolderSecret,
        challenge: u64,
        rows: &mut Vec<Row>,
    ) -> Result<bool> {
        let date = self.reference_date;
        let request = ProofRequest {
            policy: self.compiled,
            registry: self.registry,
            challenge: Fr::from(challenge),
            reference_date: date,
        };
        let start = Instant::now();
        let proved = match prove(&request, credentials, holder, self.prover, &mut rand::rngs::OsRng) {
            Err(Error::CannotProve(reason)) => {
                writeln!(out, "    [{who}'s device only] cannot prove: {reason}")?;
                writeln!(out, "    verifier receives nothing")?;
                return Ok(false);
            }
            other => other?,
        };
        let prove = start.elapsed();
        let bytes = binary::encode_proof(&proved.proof);
        let expectations = expectations(
            self.compiled,
            &[self.registry.root()],
            Challenge::Exactly(Fr::from(challenge)),
            (date.saturating_sub(1), date),
        )?;
        let public = proved.public;
        let start = Instant::now();
        let decoded = binary::decode_proof(&bytes)?;
        let valid = verify_expected(self.pvk, &expectations, &public, &decoded);
        let verify = start.elapsed();
        rows.push(Row {
            journey: format!("{} ({who})", self.compiled.document.name),
            shape: self.compiled.shape().name,
            proof_bytes: bytes.len(),
            prove,
            verify,
        });
        let ok = valid.is_ok();
        match valid {
            Err(e) => writeln!(out, "    verifier: INVALID ({e})")?,
            Ok(_) if !self.seen.insert(public.nullifier) => {
                writeln!(
                    out,
                    "    verifier: proof valid, but nullifier {} was already used in this scope: rejected",
                    short(&public.nullifier)
                )?;
                return Ok(false);
            }
            Ok(_) => writeln!(
                out,
                "    {who} proved in {:.2} s ({} bytes); verifier: valid in {:.1} ms, nullifier {}",
                prove.as_secs_f64(),
                bytes.len(),
                verify.as_secs_f64() * 1e3,
                short(&public.nullifier)
            )?,
        }
        Ok(ok)
    }
}

fn short(x: &Fr) -> String {
    let s = medzk_circuits::field::fr_to_decimal(x);
    format!("{}…", &s[..s.len().min(12)])
}

fn issue(
    issuer: &Issuer,
    revocations: &mut RevocationList,
    holder: &HolderSecret,
    data: RecordData,
    rng: &mut rand::rngs::StdRng,
) -> Result<Credential> {
    let validity = Validity::new(today(), today() + 365)?;
    let key = IssuerFile { issuer: issuer.clone(), schemas: vec![data.schema()] };
    let mut signed =
        sign_records(&key, revocations, holder.commitment(), vec![(String::new(), data)], validity, rng)?;
    Ok(signed.remove(0).1)
}

/// The demo's registry: each issuer trusted for the schemas it signs, with its
/// key's current revocation list.
fn build_registry(
    issuers: &[(Issuer, Schema)],
    lists: &[RevocationList],
    hospital: &IssuerFile,
    hospital_list: &RevocationList,
) -> Result<IssuerRegistry> {
    let mut entries = Vec::new();
    for ((issuer, schema), list) in issuers.iter().zip(lists) {
        entries.push(
            TrustedIssuer::new(&issuer.name, issuer.public_key(), &[*schema])
                .with_revocations(list.clone())?,
        );
    }
    entries.push(
        TrustedIssuer::new(&hospital.issuer.name, hospital.issuer.public_key(), &hospital.schemas)
            .with_revocations(hospital_list.clone())?,
    );
    Ok(IssuerRegistry::new(entries)?)
}

/// Runs the three journeys, narrating to `out`, and returns the summary rows.
pub fn run(store: &KeyStore, out: &mut dyn Write) -> Result<Vec<Row>> {
    let mut rng = rand::rngs::StdRng::from_entropy();
    let mut rows = Vec::new();
    let date = today();
    writeln!(out, "medzk demo — reference date {} (keys: {})", decode_date(date), store.dir.display())?;
    writeln!(
        out,
        "WARNING: the demo uses an insecure development setup; never use its keys for real proofs.\n"
    )?;
    let (small, small_vk) = ensure_keys(store, SMALL, out)?;
    let (trial_prover, trial_vk) = ensure_keys(store, TRIAL, out)?;

    // Each issuer is trusted for the schemas it signs (the registry leaf carries them).
    let names = [
        ("Immunisation Registry", Schema::Immunization),
        ("General Hospital", Schema::Patient),
        ("City Lab", Schema::Observation),
        ("Diabetes Clinic", Schema::Condition),
        ("Acme Insurance", Schema::Claim),
    ];
    let issuers: Vec<(Issuer, Schema)> =
        names.iter().map(|(n, schema)| (Issuer::generate(*n, &mut rng), *schema)).collect();
    let mut lists: Vec<RevocationList> =
        issuers.iter().map(|(i, _)| RevocationList::new(i.public_key())).collect();
    // The trial's hospital signs its patients' records and attested lists.
    let hospital = IssuerFile {
        issuer: Issuer::generate("City Hospital", &mut rng),
        schemas: vec![
            Schema::Patient,
            Schema::Condition,
            Schema::Observation,
            Schema::Medication,
            Schema::ConditionList,
            Schema::MedicationList,
        ],
    };
    let mut hospital_list = RevocationList::new(hospital.issuer.public_key());
    let registry = build_registry(&issuers, &lists, &hospital, &hospital_list)?;
    writeln!(
        out,
        "A trusted-issuer registry of {} issuers, root {}\n",
        issuers.len() + 1,
        short(&registry.root())
    )?;

    writeln!(out, "1. An immunisation registry issues credentials")?;
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH)?.as_secs() as i64;
    let card = shc::verify_card_unrevoked(
        CARD,
        &shc::Jwks::from_json(JWKS)?,
        &[shc::Crl::from_json(CRL)?],
        SHC_ISSUER,
        now,
    )?;
    writeln!(
        out,
        "   SMART Health Card: ES256 signature of {} (kid {}…) verified, not in the key's revocation list",
        card.issuer,
        &card.kid[..8]
    )?;
    let alice = HolderSecret::generate(&mut rng);
    writeln!(out, "   plus the registry's own FHIR Bundle of the same patient")?;
    let mut doses = Vec::new();
    for (_, data) in
        fhir::import_bundle(&card.bundle)?.records.into_iter().chain(fhir::import_json(BUNDLE)?.records)
    {
        if data.schema() == Schema::Immunization {
            let cvx = data.field("vaccine_code")?.map(|v| v.text().to_owned()).unwrap_or_default();
            let when = data.field("occurrence_date")?.map(|v| v.text().to_owned()).unwrap_or_default();
            if !doses.iter().any(|(w, c, _)| *w == when && *c == cvx) {
                doses.push((when, cvx, data));
            }
        }
    }
    doses.sort_by(|a, b| a.0.cmp(&b.0));
    let mut shots = Vec::new();
    for (when, cvx, data) in doses {
        writeln!(out, "   Immunisation Registry signs a credential: CVX {cvx} on {when}")?;
        shots.push((when, issue(&issuers[0].0, &mut lists[0], &alice, data, &mut rng)?));
    }

    writeln!(out, "\n   A venue checks `vaccinated-after 2021-06-01` (Alice's phone chooses a credential):")?;
    let vaccination = presets::vaccinated_after("2021-06-01").compile()?;
    let mut venue = Verifier {
        compiled: &vaccination,
        reference_date: date,
        registry: &registry,
        pvk: &small_vk,
        prover: &small,
        seen: HashSet::new(),
    };
    let mut used = None;
    for (when, credential) in &shots {
        writeln!(out, "   - with the dose of {when}:")?;
        if venue.session(out, "Alice", std::slice::from_ref(credential), &alice, 11, &mut rows)? {
            used = Some((when, credential));
            break;
        }
    }
    if let Some((when, credential)) = used {
        lists[0].revoke_credential(credential)?;
        let updated = build_registry(&issuers, &lists, &hospital, &hospital_list)?;
        writeln!(
            out,
            "   The Immunisation Registry revokes the credential of {when} (entered in error, say): its revocation list reaches epoch {}, the registry root becomes {}",
            lists[0].epoch(),
            short(&updated.root())
        )?;
        let mut venue = Verifier { registry: &updated, seen: HashSet::new(), ..venue };
        writeln!(out, "   - Alice tries the revoked credential against the new root:")?;
        venue.session(out, "Alice", std::slice::from_ref(credential), &alice, 12, &mut rows)?;
    }

    trial_journey(
        out,
        &hospital,
        &mut hospital_list,
        &registry,
        &trial_prover,
        &trial_vk,
        &mut rng,
        &mut rows,
    )?;

    writeln!(out, "\n3. An insurer checks `claim-covered`")?;
    let claim_data =
        fhir::import_json(CLAIM)?.records.into_iter().next().ok_or("the bundled claim did not import")?.1;
    let bob = HolderSecret::generate(&mut rng);
    let claim = issue(&issuers[4].0, &mut lists[4], &bob, claim_data, &mut rng)?;
    writeln!(out, "   Acme Insurance issued a credential from FHIR Claim/100150 (procedure 1200, 135.57 USD, 2014-08-16)")?;
    let (_, covered) = presets::defaults().remove(2);
    let covered = covered.compile()?;
    let mut insurer = Verifier {
        compiled: &covered,
        reference_date: date,
        registry: &registry,
        pvk: &small_vk,
        prover: &small,
        seen: HashSet::new(),
    };
    insurer.session(out, "Bob", &[claim], &bob, 300, &mut rows)?;

    writeln!(out, "\n| proof | shape | bytes | prove | verify |")?;
    writeln!(out, "|---|---|---|---|---|")?;
    for r in &rows {
        writeln!(
            out,
            "| {} | {} | {} | {:.2} s | {:.1} ms |",
            r.journey,
            r.shape,
            r.proof_bytes,
            r.prove.as_secs_f64(),
            r.verify.as_secs_f64() * 1e3
        )?;
    }
    Ok(rows)
}

/// Journey 2: a sponsor screens three patients against a registered trial's
/// inclusion and exclusion criteria, on the fixtures' screening day. Each
/// patient's hospital signs her records and her condition and medication lists
/// (complete as of that day); her phone presents what the policy names, and the
/// lists decide the exclusions without revealing a single entry.
#[allow(clippy::too_many_arguments)]
fn trial_journey(
    out: &mut dyn Write,
    hospital: &IssuerFile,
    revocations: &mut RevocationList,
    registry: &IssuerRegistry,
    prover: &CircuitProver,
    pvk: &PreparedVerifyingKey,
    rng: &mut rand::rngs::StdRng,
    rows: &mut Vec<Row>,
) -> Result<()> {
    let screening = crate::records::encoding::encode_date("screening day", NCT_SCREENING_DAY)?;
    let trial = crate::policy::Policy::from_json(NCT_POLICY)?.compile()?;
    writeln!(
        out,
        "\n2. A trial sponsor screens 3 patients against `{}` ({} clauses, {} absence and presence checks), screening day {NCT_SCREENING_DAY}",
        trial.document.name,
        trial.descriptions.iter().filter(|d| *d != "(unused)").count(),
        trial.list_descriptions.len(),
    )?;
    let mut sponsor =
        Verifier { compiled: &trial, reference_date: screening, registry, pvk, prover, seen: HashSet::new() };
    let validity = Validity::new(screening - 334, today().max(screening) + 365)?;
    let mut ana = None;
    for (i, (name, about, bundle)) in NCT_PATIENTS.iter().enumerate() {
        let holder = HolderSecret::generate(rng);
        let issued = issue_fhir(hospital, revocations, holder.commitment(), bundle, validity, rng)?;
        let mut creds: Vec<Credential> = issued.credentials.into_iter().map(|(_, c)| c).collect();
        let records = creds.len();
        for kind in [ListKind::Conditions, ListKind::Medications] {
            creds.push(
                issue_fhir_list(
                    hospital,
                    revocations,
                    holder.commitment(),
                    bundle,
                    kind,
                    screening,
                    validity,
                    rng,
                )?
                .1,
            );
        }
        writeln!(
            out,
            "   - {name} ({about}): City Hospital signs {records} records and the attested condition and medication lists"
        )?;
        if sponsor.session(out, name, &creds, &holder, 100 + i as u64, rows)? {
            writeln!(out, "    sponsor: {name} enrolled")?;
            ana = Some((holder, creds));
        }
    }
    if let Some((holder, creds)) = &ana {
        writeln!(out, "   - Ana tries to enrol a second time:")?;
        sponsor.session(out, "Ana", creds, holder, 200, rows)?;
    }
    Ok(())
}
