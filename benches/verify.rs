//! Verification benchmarks: a single proof against the bare pairing floor
//! (a 4-pair multi-Miller loop and one final exponentiation), and a batch of
//! 256 proofs against 256 single verifications; and a proof file parsed and
//! verified (the work of one `medzk-wasm` `Verifier.verify` call).
//!
//! cargo bench --bench verify

use ark_bn254::{Bn254, Fr, G1Affine, G2Affine};
use ark_ec::pairing::Pairing;
use ark_ec::AffineRepr;
use criterion::{criterion_group, criterion_main, Criterion};
use medzk::circuits::query::SMALL;
use medzk::policy::{presets, IssuerRegistry, TrustedIssuer};
use medzk::prover::{insecure_dev_setup, CircuitProver};
use medzk::records::encoding::encode_date;
use medzk::records::{HolderSecret, Issuer, Record, RecordData, RevocationIndex, Schema, Validity};
use medzk::verifier::proof_file::ProofFile;
use medzk::verifier::{
    batch::verify_batch_pairing_only, prepare, verify_pairing_only, Challenge, Expectations, Proof,
    PublicInputs,
};
use medzk::ProofRequest;
use rand::SeedableRng;
use std::time::Duration;

fn proofs(n: u64) -> (medzk::verifier::PreparedVerifyingKey, Vec<(Proof, PublicInputs)>) {
    let mut rng = rand::rngs::StdRng::seed_from_u64(1);
    let (pk, vk) = insecure_dev_setup(SMALL, 1).unwrap();
    let prover = CircuitProver::new(SMALL, pk).unwrap();
    let issuer = Issuer::generate("registry", &mut rng);
    let registry =
        IssuerRegistry::new([TrustedIssuer::new(&issuer.name, issuer.public_key(), &[Schema::Immunization])])
            .unwrap();
    let compiled = presets::vaccinated_after("2021-06-01").compile().unwrap();
    let holder = HolderSecret::generate(&mut rng);
    let data = RecordData::new(
        Schema::Immunization,
        [("vaccine_code", "207"), ("occurrence_date", "2021-07-01"), ("status", "completed")],
    )
    .unwrap();
    let validity =
        Validity::new(encode_date("i", "2026-01-01").unwrap(), encode_date("e", "2027-01-01").unwrap())
            .unwrap();
    let credential = issuer.issue(Record::new(
        data,
        holder.commitment(),
        validity,
        RevocationIndex::new(0).unwrap(),
        &mut rng,
    ));
    let credentials = [credential];
    let proofs = (0..n)
        .map(|i| {
            let request = ProofRequest {
                policy: &compiled,
                registry: &registry,
                challenge: Fr::from(i),
                reference_date: encode_date("r", "2026-06-01").unwrap(),
            };
            let proved = medzk::prove(&request, &credentials, &holder, &prover, &mut rng).unwrap();
            (proved.proof, proved.public)
        })
        .collect();
    (prepare(&vk).unwrap(), proofs)
}

fn bench(c: &mut Criterion) {
    let (pvk, distinct) = proofs(8);
    let items: Vec<(Proof, PublicInputs)> = (0..256).map(|i| distinct[i % distinct.len()].clone()).collect();
    let mut group = c.benchmark_group("verify");
    group.sample_size(10).measurement_time(Duration::from_secs(10)).warm_up_time(Duration::from_secs(1));
    let (proof, public) = &items[0];
    group.bench_function("single", |b| b.iter(|| verify_pairing_only(&pvk, public, proof).unwrap()));
    // What `medzk-wasm`'s `Verifier.verify` does per call: parse the proof file
    // (decode and check its points and scalars), check the expectations, verify.
    let file = ProofFile::new("vaccinated-after", "small", proof, public).to_json();
    let expected = Expectations::new(
        public.policy_hash,
        vec![public.issuer_root],
        public.scope,
        Challenge::Exactly(public.challenge),
        (public.reference_date, public.reference_date),
    )
    .unwrap();
    group.bench_function("proof_file_parse_and_verify", |b| {
        b.iter(|| {
            let (file, _, _) = ProofFile::from_json(&file).unwrap();
            medzk::verify(&pvk, &expected, &file).unwrap()
        })
    });
    let g1 = [G1Affine::generator(); 4];
    let g2 = [G2Affine::generator(); 4];
    group.bench_function("floor_4_pair_miller_loop_and_final_exp", |b| {
        b.iter(|| Bn254::final_exponentiation(Bn254::multi_miller_loop(g1, g2)).unwrap())
    });
    let refs: Vec<(&Proof, &PublicInputs)> = items.iter().map(|(p, x)| (p, x)).collect();
    group.bench_function("batch_256", |b| b.iter(|| verify_batch_pairing_only(&pvk, &refs).unwrap()));
    group.bench_function("singles_256", |b| {
        b.iter(|| refs.iter().for_each(|(p, x)| verify_pairing_only(&pvk, x, p).unwrap()))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
