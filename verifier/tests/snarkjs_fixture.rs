//! A proof made by snarkjs 0.7.6 for `interop/circuits/multiplier.circom`
//! (compiled with circom2 0.2.23; regenerate with `interop/make_fixtures.sh`)
//! is accepted, and rejected with a changed public input.

use medzk_verifier::{snarkjs, verify_scalars, Fr, VerifyError};

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!("{}/tests/fixtures/snarkjs/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

#[test]
fn snarkjs_proof_is_accepted() {
    let vk = snarkjs::verifying_key_from_json(&fixture("verification_key.json")).unwrap();
    let proof = snarkjs::proof_from_json(&fixture("proof.json")).unwrap();
    let inputs = snarkjs::scalars_from_json(&fixture("public.json")).unwrap();
    assert_eq!(inputs, vec![Fr::from(33u64)], "c = 3 · 11");
    verify_scalars(&vk, &inputs, &proof).unwrap();
    assert_eq!(verify_scalars(&vk, &[Fr::from(34u64)], &proof), Err(VerifyError::InvalidProof));
    assert!(matches!(verify_scalars(&vk, &[], &proof), Err(VerifyError::WrongLength { .. })));
    // Our export of the imported key verifies the same proof (round trip through our JSON).
    let again = snarkjs::verifying_key_from_json(&snarkjs::verifying_key_to_json(&vk)).unwrap();
    verify_scalars(&again, &inputs, &proof).unwrap();
}
