//! Criterion benchmarks: setup, witness synthesis, proving (fast path and plain
//! ark-groth16; and the protocol's holder entry point, credentials to proof
//! file), the MSM + FFT floor of the same proof, and verification.
//!
//! cargo bench --bench prove
//! cargo bench --bench prove -- nct03608358   # the trial shape only (the NCT03608358 screen)

use ark_bn254::{Bn254, Fr, G1Projective, G2Projective};
use ark_ec::VariableBaseMSM;
use ark_ff::{FftField, PrimeField};
use ark_groth16::r1cs_to_qap::{LibsnarkReduction, R1CSToQAP};
use ark_groth16::Groth16;
use ark_poly::{EvaluationDomain, GeneralEvaluationDomain};
use ark_snark::SNARK;
use criterion::{criterion_group, criterion_main, Criterion};
use medzk::circuits::query::constraints::QueryCircuit;
use medzk::circuits::query::{evaluate, QueryShape};
use medzk::policy::{build_witness_at, presets, Compiled, IssuerRegistry, TrustedIssuer};
use medzk::prover::msm::{msm, msm_batch_affine, SignedScalars};
use medzk::prover::{insecure_dev_setup, CircuitProver, Statement};
use medzk::records::encoding::encode_date;
use medzk::records::{
    Credential, HolderSecret, Issuer, ListKind, Record, RecordData, RevocationIndex, Schema, Validity,
};
use medzk::ProofRequest;
use rand::SeedableRng;
use std::time::Duration;

fn index(n: u64) -> RevocationIndex {
    RevocationIndex::new(n).unwrap()
}

type Rng = rand::rngs::StdRng;

fn issue(
    issuer: &Issuer,
    holder: &HolderSecret,
    schema: Schema,
    fields: &[(&str, &str)],
) -> medzk::records::Credential {
    let data = RecordData::new(schema, fields.iter().copied()).unwrap();
    let validity =
        Validity::new(encode_date("i", "2026-01-01").unwrap(), encode_date("e", "2027-01-01").unwrap())
            .unwrap();
    issuer.issue(Record::new(data, holder.commitment(), validity, index(0), &mut Rng::seed_from_u64(9)))
}

/// A policy with the holder's credentials, its statement, and what the
/// protocol's holder entry point needs to prove it.
struct Case {
    name: &'static str,
    reference: &'static str,
    compiled: Compiled,
    credentials: Vec<Credential>,
    statement: Statement,
}

/// The `vaccinated-after` (small), `trial-eligibility` (medium) and
/// `nct03608358` (trial, the eligible fixture patient with its attested lists) statements.
fn statements() -> (Vec<Case>, IssuerRegistry, HolderSecret) {
    let issuers: Vec<Issuer> =
        (0..4).map(|i| Issuer::generate(format!("issuer {i}"), &mut Rng::seed_from_u64(i))).collect();
    let registry = IssuerRegistry::new(
        issuers.iter().map(|i| TrustedIssuer::new(&i.name, i.public_key(), &Schema::ALL)),
    )
    .unwrap();
    let holder = HolderSecret::generate(&mut Rng::seed_from_u64(77));
    let vaccination = presets::vaccinated_after("2021-06-01").compile().unwrap();
    let shot = issue(
        &issuers[0],
        &holder,
        Schema::Immunization,
        &[("vaccine_code", "207"), ("occurrence_date", "2021-07-01"), ("status", "completed")],
    );
    let trial = presets::trial_eligibility("2026-06-01").compile().unwrap();
    let patient = issue(&issuers[1], &holder, Schema::Patient, &[("birth_date", "1970-03-15")]);
    let lab = issue(
        &issuers[2],
        &holder,
        Schema::Observation,
        &[
            ("loinc_code", "4548-4"),
            ("value", "7.2"),
            ("unit", "%"),
            ("effective_date", "2026-04-10"),
            ("status", "final"),
        ],
    );
    let dx = issue(
        &issuers[3],
        &holder,
        Schema::Condition,
        &[("icd10_code", "E11.9"), ("clinical_status", "active")],
    );
    let root = env!("CARGO_MANIFEST_DIR");
    let nct = medzk::policy::Policy::from_file(std::path::Path::new(&format!(
        "{root}/examples/policies/nct03608358.json"
    )))
    .unwrap()
    .compile()
    .unwrap();
    let bundle =
        std::fs::read_to_string(format!("{root}/examples/patients/nct03608358/eligible.json")).unwrap();
    let validity =
        Validity::new(encode_date("i", "2026-01-01").unwrap(), encode_date("e", "2027-12-31").unwrap())
            .unwrap();
    let mut screened: Vec<Credential> = medzk::records::fhir::import_json(&bundle)
        .unwrap()
        .records
        .into_iter()
        .map(|(_, data)| {
            issuers[1].issue(Record::new(
                data,
                holder.commitment(),
                validity,
                index(1),
                &mut Rng::seed_from_u64(9),
            ))
        })
        .collect();
    // The hospital's attested condition and medication lists, complete as of the screening.
    for kind in [ListKind::Conditions, ListKind::Medications] {
        let as_of = encode_date("as_of", "2026-12-01").unwrap();
        let list = medzk::records::fhir::list::import_list_json(&bundle, kind, as_of).unwrap();
        screened.push(
            issuers[1]
                .issue_list(list, holder.commitment(), validity, index(2), &mut Rng::seed_from_u64(9))
                .unwrap(),
        );
    }
    let cases = [
        ("vaccinated-after", "2026-06-01", vaccination, vec![shot]),
        ("trial-eligibility", "2026-06-01", trial, vec![patient, lab, dx]),
        ("nct03608358", "2026-12-01", nct, screened),
    ]
    .into_iter()
    .map(|(name, reference, compiled, credentials)| {
        let refs = medzk::policy::assign_credentials(&compiled, &credentials).unwrap();
        let statement = Statement {
            policy: compiled.policy.clone(),
            witness: build_witness_at(
                &compiled,
                &refs,
                &holder,
                &registry,
                Some(encode_date("r", reference).unwrap()),
            )
            .unwrap(),
            context: request(&compiled, &registry, reference).context(),
        };
        Case { name, reference, compiled, credentials, statement }
    })
    .collect();
    (cases, registry, holder)
}

/// The verifier's request of the benchmarks.
fn request<'a>(compiled: &'a Compiled, registry: &'a IssuerRegistry, reference: &str) -> ProofRequest<'a> {
    ProofRequest {
        policy: compiled,
        registry,
        challenge: Fr::from(99u64),
        reference_date: encode_date("r", reference).unwrap(),
    }
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("medzk");
    group.sample_size(10).measurement_time(Duration::from_secs(20)).warm_up_time(Duration::from_secs(2));
    let (cases, registry, holder) = statements();
    for Case { name, reference, compiled, credentials, statement } in &cases {
        let shape: QueryShape = statement.policy.shape;
        // Setup is sampled for the small and medium shapes; the larger shapes'
        // (seconds each) is timed once.
        if shape.records < 8 {
            group.bench_function(format!("setup/{}", shape.name), |b| {
                b.iter(|| insecure_dev_setup(shape, 1).unwrap())
            });
        }
        let started = std::time::Instant::now();
        let (pk, vk) = insecure_dev_setup(shape, 1).unwrap();
        eprintln!("setup/{}: {:.2?} (once)", shape.name, started.elapsed());
        let prover = CircuitProver::new(shape, pk.clone()).unwrap();
        let public = evaluate(&statement.policy, &statement.witness, &statement.context).unwrap().public;
        let mut rng = Rng::seed_from_u64(5);

        group.bench_function(format!("synthesis/{name}"), |b| {
            b.iter(|| prover.synthesize_assignment(&statement.policy, &statement.witness, &public).unwrap())
        });
        group.bench_function(format!("prove/{name}"), |b| {
            b.iter(|| prover.prove(statement, &mut rng).unwrap())
        });
        // The protocol's holder entry point: credentials to proof file.
        let request = request(compiled, &registry, reference);
        group.bench_function(format!("holder_prove/{name}"), |b| {
            b.iter(|| medzk::prove(&request, credentials, &holder, &prover, &mut rng).unwrap())
        });
        group.bench_function(format!("prove_plain_groth16/{name}"), |b| {
            b.iter(|| {
                let circuit = QueryCircuit::new(statement.policy.clone(), statement.witness.clone(), public);
                Groth16::<Bn254>::prove(&pk, circuit, &mut rng).unwrap()
            })
        });

        // The floor: the MSMs and FFTs of this proof, done directly.
        let full = prover.synthesize_assignment(&statement.policy, &statement.witness, &public).unwrap();
        let (matrices, num_instance, num_constraints) = {
            let cs = ark_relations::gr1cs::ConstraintSystem::<Fr>::new_ref();
            cs.set_mode(ark_relations::gr1cs::SynthesisMode::Setup);
            ark_relations::gr1cs::ConstraintSynthesizer::generate_constraints(
                QueryCircuit::for_setup(shape),
                cs.clone(),
            )
            .unwrap();
            cs.finalize();
            let m = cs.to_matrices().unwrap().remove(ark_relations::gr1cs::R1CS_PREDICATE_LABEL).unwrap();
            (m, cs.num_instance_variables(), cs.num_constraints())
        };
        let h = LibsnarkReduction::witness_map_from_matrices::<Fr, GeneralEvaluationDomain<Fr>>(
            &matrices,
            num_instance,
            num_constraints,
            &full,
        )
        .unwrap();
        let scalars: Vec<_> = full[1..].iter().map(|s| s.into_bigint()).collect();
        let aux: Vec<_> = full[num_instance..].iter().map(|s| s.into_bigint()).collect();
        let h_scalars: Vec<_> = h.iter().map(|s| s.into_bigint()).collect();
        let domain = GeneralEvaluationDomain::<Fr>::new(num_constraints + num_instance).unwrap();
        let mut poly = full.clone();
        poly.resize(domain.size(), Fr::from(0u64));
        group.bench_function(format!("floor_msm/{name}"), |b| {
            b.iter(|| {
                (
                    G1Projective::msm_bigint(&pk.a_query[1..], &scalars),
                    G1Projective::msm_bigint(&pk.b_g1_query[1..], &scalars),
                    G2Projective::msm_bigint(&pk.b_g2_query[1..], &scalars),
                    G1Projective::msm_bigint(&pk.h_query, &h_scalars),
                    G1Projective::msm_bigint(&pk.l_query, &aux),
                )
            })
        });
        // The same five MSMs with medzk's memory-lean MSM (what `prove` uses).
        let z_signed = SignedScalars::new(full.clone());
        let h_signed = SignedScalars::new(h.clone());
        group.bench_function(format!("medzk_msm/{name}"), |b| {
            b.iter(|| {
                (
                    msm::<G1Projective>(&pk.a_query, z_signed.all()),
                    msm::<G1Projective>(&pk.b_g1_query, z_signed.all()),
                    msm::<G2Projective>(&pk.b_g2_query, z_signed.all()),
                    msm::<G1Projective>(&pk.h_query, h_signed.all()),
                    msm::<G1Projective>(&pk.l_query, z_signed.tail(num_instance)),
                )
            })
        });
        // The same five MSMs with batch-affine buckets (`msm_batch_affine`).
        group.bench_function(format!("batch_affine_msm/{name}"), |b| {
            b.iter(|| {
                (
                    msm_batch_affine(&pk.a_query, z_signed.all()),
                    msm_batch_affine(&pk.b_g1_query, z_signed.all()),
                    msm_batch_affine(&pk.b_g2_query, z_signed.all()),
                    msm_batch_affine(&pk.h_query, h_signed.all()),
                    msm_batch_affine(&pk.l_query, z_signed.tail(num_instance)),
                )
            })
        });
        // The witness map's 7 transforms: 3 iFFTs, 3 coset FFTs, 1 coset iFFT.
        let coset = domain.get_coset(Fr::GENERATOR).unwrap();
        group.bench_function(format!("floor_fft/{name}"), |b| {
            b.iter(|| {
                let mut v = poly.clone();
                for _ in 0..3 {
                    domain.ifft_in_place(&mut v);
                    coset.fft_in_place(&mut v);
                }
                coset.ifft_in_place(&mut v);
                v
            })
        });

        let pvk = medzk::verifier::prepare(&vk).unwrap();
        let (proof, public) = prover.prove(statement, &mut rng).unwrap();
        group.bench_function(format!("verify/{name}"), |b| {
            b.iter(|| medzk::verifier::verify_pairing_only(&pvk, &public, &proof).unwrap())
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
