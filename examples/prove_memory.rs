//! Measures proving alone for `trial-eligibility` (medium) with a key loaded from
//! a key file, for peak-memory measurements:
//!
//! ```sh
//! cargo run --release --example prove_memory -- setup /tmp/medzk-keys   # writes the key files
//! cargo build --release --example prove_memory
//! /usr/bin/time -v target/release/examples/prove_memory prove /tmp/medzk-keys  # load + prove
//! /usr/bin/time -v target/release/examples/prove_memory load /tmp/medzk-keys   # load only
//! ```

use ark_bn254::Fr;
use medzk::circuits::query::MEDIUM;
use medzk::policy::{presets, IssuerRegistry, TrustedIssuer};
use medzk::prover::keyfile::{load_proving_key, write_proving_key};
use medzk::prover::{insecure_dev_setup, CircuitProver, LoadMode};
use medzk::records::encoding::encode_date;
use medzk::records::{HolderSecret, Issuer, Record, RecordData, RevocationIndex, Schema, Validity};
use medzk::ProofRequest;
use rand::SeedableRng;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let dir = std::path::Path::new(args.get(2).map(String::as_str).unwrap_or("/tmp/medzk-keys"));
    let file = dir.join("medium.pk");
    if args.get(1).map(String::as_str) == Some("setup") {
        std::fs::create_dir_all(dir).unwrap();
        let (pk, _) = insecure_dev_setup(MEDIUM, 1).unwrap();
        let prover = CircuitProver::new(MEDIUM, pk).unwrap();
        std::fs::write(&file, write_proving_key(&prover)).unwrap();
        println!("wrote {} ({} bytes)", file.display(), std::fs::metadata(&file).unwrap().len());
        return;
    }
    let prover = load_proving_key(&file, MEDIUM, LoadMode::Trusted).expect("run with `setup` first");
    if args.get(1).map(String::as_str) == Some("load") {
        println!("loaded {} ({} constraints)", file.display(), prover.num_constraints());
        return;
    }
    let mut rng = rand::rngs::StdRng::seed_from_u64(1);
    let issuers: Vec<Issuer> = (0..3).map(|i| Issuer::generate(format!("issuer {i}"), &mut rng)).collect();
    let registry = IssuerRegistry::new(
        issuers.iter().map(|i| TrustedIssuer::new(&i.name, i.public_key(), &Schema::ALL)),
    )
    .unwrap();
    let holder = HolderSecret::generate(&mut rng);
    let validity =
        Validity::new(encode_date("i", "2026-01-01").unwrap(), encode_date("e", "2027-01-01").unwrap())
            .unwrap();
    let mut issue = |i: usize, schema, fields: &[(&str, &str)]| {
        let data = RecordData::new(schema, fields.iter().copied()).unwrap();
        issuers[i].issue(Record::new(
            data,
            holder.commitment(),
            validity,
            RevocationIndex::new(i as u64).unwrap(),
            &mut rng,
        ))
    };
    let patient = issue(0, Schema::Patient, &[("birth_date", "1970-03-15")]);
    let lab = issue(
        1,
        Schema::Observation,
        &[
            ("loinc_code", "4548-4"),
            ("value", "7.2"),
            ("unit", "%"),
            ("effective_date", "2026-04-10"),
            ("status", "final"),
        ],
    );
    let dx = issue(2, Schema::Condition, &[("icd10_code", "E11.9"), ("clinical_status", "active")]);
    let trial = presets::trial_eligibility("2026-06-01").compile().unwrap();
    let request = ProofRequest {
        policy: &trial,
        registry: &registry,
        challenge: Fr::from(1u64),
        reference_date: encode_date("r", "2026-06-01").unwrap(),
    };
    let start = std::time::Instant::now();
    medzk::prove(&request, &[patient, lab, dx], &holder, &prover, &mut rng).unwrap();
    println!(
        "proved trial-eligibility in {:?}; proving-key file {} bytes",
        start.elapsed(),
        std::fs::metadata(&file).unwrap().len()
    );
}
