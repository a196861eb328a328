//! The JS-facing functions, called natively: JSON and binary verification,
//! batches, inspection, expectations, and the typed error messages that JS
//! receives as `Error`s.

#[path = "../../../tests/support/scenario.rs"]
mod scenario;

use ark_bn254::Fr;
use medzk::verifier::proof_file::ProofFile;
use medzk::verifier::{binary, snarkjs};
use medzk_wasm::{inspect, verify, verify_batch, verify_binary, WasmError};
use scenario::*;

struct Fixture {
    file: String,
    vk_json: String,
    vk_binary: Vec<u8>,
    proof: Vec<u8>,
    public: Vec<u8>,
    hash: String,
}

fn fixture(challenge: u64) -> Fixture {
    let s = vaccination();
    let ctx = context(&s.compiled, &s.world.registry, challenge);
    let (proof, public) = s.prove(&ctx).unwrap();
    let (pk, _) = keys("small");
    let vk = pk.proving_key().vk.clone();
    Fixture {
        file: ProofFile::new("vaccinated-after", "small", &proof, &public).to_json(),
        vk_json: snarkjs::verifying_key_to_json(&vk),
        vk_binary: binary::encode_verifying_key(&vk),
        proof: binary::encode_proof(&proof),
        public: binary::encode_public_inputs(&public),
        hash: s.compiled.hash().to_string(),
    }
}

fn message<T: std::fmt::Debug>(r: Result<T, WasmError>) -> String {
    r.expect_err("refused").to_string()
}

#[test]
fn json_and_binary_proofs_verify_and_tampering_is_refused() {
    let f = fixture(5);
    let info = verify(&f.file, &f.vk_json, &f.hash, Some(r#"{"challenge": "5"}"#.into())).unwrap();
    assert_eq!(info.reference_date_iso, "2026-06-01");
    assert_eq!(info, inspect(&f.file).unwrap());
    let binary_info = verify_binary(&f.proof, &f.public, &f.vk_binary, &f.hash, None).unwrap();
    assert_eq!(binary_info.nullifier, info.nullifier);

    assert_eq!(
        message(verify(&f.file, &f.vk_json, &f.hash, Some(r#"{"challenge": "6"}"#.into()))),
        "the proof answers another challenge"
    );
    let other_policy = (f.hash.parse::<Fr>().unwrap() + Fr::from(1u64)).to_string();
    assert_eq!(
        message(verify(&f.file, &f.vk_json, &other_policy, None)),
        "the proof is for another policy (policy hash differs)"
    );
    let mut public = f.public.clone();
    public[1 + 4 * 32] ^= 1; // the nullifier
    assert_eq!(
        message(verify_binary(&f.proof, &public, &f.vk_binary, &f.hash, None)),
        "the proof is invalid for these public inputs"
    );
    let mut window = r#"{"referenceDates": [0, 1]}"#.to_string();
    assert!(message(verify(&f.file, &f.vk_json, &f.hash, Some(window.clone())))
        .contains("outside the accepted window"));
    window = r#"{"issuerRoots": ["1"]}"#.into();
    assert!(message(verify(&f.file, &f.vk_json, &f.hash, Some(window))).contains("not accepted"));
}

#[test]
fn batches_name_the_bad_proofs_and_bad_input_is_typed() {
    let f = fixture(1);
    let mut bad: serde_json::Value = serde_json::from_str(&f.file).unwrap();
    bad["public_inputs"]["challenge"] = "2".into();
    let bad = bad.to_string();
    assert_eq!(
        verify_batch(vec![f.file.clone(), f.file.clone()], &f.vk_json, &f.hash).unwrap(),
        Vec::<u32>::new()
    );
    assert_eq!(
        verify_batch(vec![bad.clone(), f.file.clone(), bad], &f.vk_json, &f.hash).unwrap(),
        vec![0, 2]
    );
    assert!(
        message(verify_batch(vec!["{".into()], &f.vk_json, &f.hash)).starts_with("proof file 0: malformed")
    );
    assert!(message(verify("{", &f.vk_json, &f.hash, None)).contains("malformed proof file JSON"));
    assert!(message(verify(&f.file, &f.vk_json, "0x12", None)).contains("policy hash"));
    assert!(
        message(verify(&f.file, &f.vk_json, &f.hash, Some("{\"x\": 1}".into()))).contains("unknown field")
    );
    assert!(message(verify_binary(&f.proof[..10], &f.public, &f.vk_binary, &f.hash, None)).contains("129"));
    assert!(message(verify_binary(&f.proof, &f.public, &f.vk_binary[..100], &f.hash, None))
        .contains("verifying key"));
}
