#![no_main]
// Proving and verifying key files (header, digests, compact matrices, points).
use medzk_circuits::query::SMALL;
use medzk_prover::keyfile::{read_proving_key, read_verifying_key};
use medzk_prover::LoadMode;
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = read_proving_key(data, SMALL, LoadMode::Validated);
    let _ = read_verifying_key(data, SMALL, LoadMode::Validated);
    let _ = medzk_verifier::key_file::read_verifying_key(data);
    let _ = medzk_prover::R1cs::from_bytes(data);
});
