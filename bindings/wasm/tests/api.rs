//! The JS-facing functions, called natively: JSON and binary verification,
//! batches, inspection, expectations (all required, never taken from the
//! proof), and the typed error messages that JS receives as `Error`s.

#[path = "../../../tests/support/scenario.rs"]
mod scenario;

use ark_bn254::Fr;
use medzk::verifier::proof_file::ProofFile;
use medzk::verifier::{binary, snarkjs};
use medzk_wasm::{inspect, verify, verify_batch, verify_binary, BatchItem, Verifier, WasmError};
use scenario::*;
use serde_json::{json, Value};

struct Fixture {
    file: String,
    vk_json: String,
    vk_binary: Vec<u8>,
    proof: Vec<u8>,
    public: Vec<u8>,
    hash: String,
    /// The verifier's own expectations (its registry, scope, challenge, date).
    expected: Value,
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
        expected: json!({
            "issuerRoots": [s.world.registry.root().to_string()],
            "scope": s.compiled.scope.to_string(),
            "challenge": challenge.to_string(),
            "referenceDates": [ctx.reference_date - 1, ctx.reference_date],
        }),
    }
}

impl Fixture {
    /// The expectations with `edit` applied, as the JSON text JS passes.
    fn with(&self, edit: impl Fn(&mut serde_json::Map<String, Value>)) -> Option<String> {
        let mut e = self.expected.clone();
        edit(e.as_object_mut().unwrap());
        Some(e.to_string())
    }
    fn all(&self) -> Option<String> {
        Some(self.expected.to_string())
    }
}

fn message<T: std::fmt::Debug>(r: Result<T, WasmError>) -> String {
    r.expect_err("refused").to_string()
}

#[test]
fn json_and_binary_proofs_verify_and_tampering_is_refused() {
    let f = fixture(5);
    let info = verify(&f.file, &f.vk_json, &f.hash, f.all()).unwrap();
    assert_eq!(info.reference_date_iso, "2026-06-01");
    assert_eq!(info, inspect(&f.file).unwrap());
    let binary_info = verify_binary(&f.proof, &f.public, &f.vk_binary, &f.hash, f.all()).unwrap();
    assert_eq!(binary_info.nullifier, info.nullifier);
    let verifier = Verifier::new(&f.vk_json).unwrap();
    assert_eq!(verifier.verify(&f.file, &f.hash, f.all()).unwrap(), info);

    let wrong = |k: &str, v: Value| f.with(|e| drop(e.insert(k.into(), v.clone())));
    assert_eq!(
        message(verify(&f.file, &f.vk_json, &f.hash, wrong("challenge", json!("6")))),
        "the proof answers another challenge"
    );
    assert_eq!(
        message(verify(&f.file, &f.vk_json, &f.hash, wrong("scope", json!("6")))),
        "the proof is for another scope"
    );
    assert!(message(verify(&f.file, &f.vk_json, &f.hash, wrong("issuerRoots", json!(["1"]))))
        .contains("not accepted"));
    assert!(message(verify(&f.file, &f.vk_json, &f.hash, wrong("referenceDates", json!([0, 1]))))
        .contains("outside the accepted window"));
    let other_policy = (f.hash.parse::<Fr>().unwrap() + Fr::from(1u64)).to_string();
    assert_eq!(
        message(verify(&f.file, &f.vk_json, &other_policy, f.all())),
        "the proof is for another policy (policy hash differs)"
    );
    let mut public = f.public.clone();
    public[1 + 4 * 32] ^= 1; // the nullifier
    assert_eq!(
        message(verify_binary(&f.proof, &public, &f.vk_binary, &f.hash, f.all())),
        "the proof is invalid for these public inputs"
    );
}

/// The review's finding: with expectations omitted, a proof made against the
/// holder's own registry, for any scope, verified. Now every omission is an
/// error naming what is missing, in every entry point.
#[test]
fn omitted_expectations_are_refused_everywhere() {
    let f = fixture(5);
    let verifier = Verifier::new(&f.vk_json).unwrap();
    let calls: [&dyn Fn(Option<String>) -> Result<(), WasmError>; 4] = [
        &|e| verify(&f.file, &f.vk_json, &f.hash, e).map(drop),
        &|e| verify_binary(&f.proof, &f.public, &f.vk_binary, &f.hash, e).map(drop),
        &|e| verifier.verify(&f.file, &f.hash, e).map(drop),
        &|e| verify_batch(vec![f.file.clone()], &f.vk_json, &f.hash, e).map(drop),
    ];
    for (i, call) in calls.iter().enumerate() {
        call(f.all()).unwrap_or_else(|e| panic!("entry point {i}: {e}"));
        assert_eq!(call(None), Err(WasmError::NoExpectations), "entry point {i}");
        assert_eq!(call(Some(String::new())), Err(WasmError::NoExpectations), "entry point {i}");
        assert!(message(call(None)).starts_with("expectations are required"));
        for member in ["issuerRoots", "scope", "challenge", "referenceDates"] {
            let without = f.with(|e| drop(e.remove(member)));
            assert_eq!(
                call(without),
                Err(WasmError::MissingExpectation(member)),
                "entry point {i}, {member}"
            );
            let null = f.with(|e| drop(e.insert(member.into(), Value::Null)));
            assert_eq!(call(null), Err(WasmError::MissingExpectation(member)), "entry point {i}, {member}");
        }
    }
}

#[test]
fn a_waived_challenge_is_explicit_and_waives_nothing_else() {
    let f = fixture(5);
    let waived = f.with(|e| {
        e.remove("challenge");
        e.insert("anyChallenge".into(), json!(true));
    });
    assert_eq!(verify(&f.file, &f.vk_json, &f.hash, waived.clone()).unwrap().challenge, "5");
    let waived_wrong_scope = f.with(|e| {
        e.remove("challenge");
        e.insert("anyChallenge".into(), json!(true));
        e.insert("scope".into(), json!("6"));
    });
    assert_eq!(
        message(verify(&f.file, &f.vk_json, &f.hash, waived_wrong_scope)),
        "the proof is for another scope"
    );
    let both = f.with(|e| drop(e.insert("anyChallenge".into(), json!(true))));
    assert!(message(verify(&f.file, &f.vk_json, &f.hash, both)).contains("contradict"));
    let not_waived = f.with(|e| {
        e.remove("challenge");
        e.insert("anyChallenge".into(), json!(false));
    });
    assert_eq!(
        verify(&f.file, &f.vk_json, &f.hash, not_waived),
        Err(WasmError::MissingExpectation("challenge"))
    );
}

fn validity(items: &[BatchItem]) -> Vec<bool> {
    items.iter().map(|i| i.valid).collect()
}

#[test]
fn batches_report_each_proof_with_its_public_inputs() {
    let f = fixture(1);
    let mut bad: Value = serde_json::from_str(&f.file).unwrap();
    bad["public_inputs"]["nullifier"] = "2".into();
    let bad = bad.to_string();
    let mut replay: Value = serde_json::from_str(&f.file).unwrap();
    replay["public_inputs"]["challenge"] = "2".into();
    let replay = replay.to_string();

    let all = verify_batch(vec![f.file.clone(), f.file.clone()], &f.vk_json, &f.hash, f.all()).unwrap();
    assert_eq!(validity(&all), [true, true]);
    assert_eq!(all[0].reason, None);
    assert_eq!(all[0].info, inspect(&f.file).unwrap());

    let mixed = verify_batch(vec![bad.clone(), f.file.clone(), replay.clone()], &f.vk_json, &f.hash, f.all())
        .unwrap();
    assert_eq!(validity(&mixed), [false, true, false]);
    assert_eq!(mixed[0].reason.as_deref(), Some("the proof is invalid for these public inputs"));
    assert_eq!(mixed[0].info.nullifier, "2");
    assert_eq!(mixed[2].reason.as_deref(), Some("the proof answers another challenge"));
    assert_eq!(mixed[1].info.nullifier, inspect(&f.file).unwrap().nullifier);

    // Proofs of several sessions in one batch: the challenge is waived by name,
    // and each item's challenge is returned for the caller to match.
    let waived = f.with(|e| {
        e.remove("challenge");
        e.insert("anyChallenge".into(), json!(true));
    });
    let items = verify_batch(vec![f.file.clone(), replay.clone()], &f.vk_json, &f.hash, waived).unwrap();
    assert_eq!(validity(&items), [true, false]);
    assert_eq!(items[1].reason.as_deref(), Some("the proof is invalid for these public inputs"));
    assert_eq!((items[0].info.challenge.as_str(), items[1].info.challenge.as_str()), ("1", "2"));
    assert_eq!(verify_batch(vec![], &f.vk_json, &f.hash, f.all()).unwrap(), vec![]);
}

#[test]
fn bad_input_is_typed() {
    let f = fixture(1);
    assert!(message(verify_batch(vec!["{".into()], &f.vk_json, &f.hash, f.all()))
        .starts_with("proof file 0: malformed"));
    assert!(message(verify("{", &f.vk_json, &f.hash, f.all())).contains("malformed proof file JSON"));
    assert!(message(verify(&f.file, &f.vk_json, "0x12", f.all())).contains("policy hash"));
    let unknown = f.with(|e| drop(e.insert("x".into(), json!(1))));
    assert!(message(verify(&f.file, &f.vk_json, &f.hash, unknown)).contains("unknown field"));
    assert!(message(verify_binary(&f.proof[..10], &f.public, &f.vk_binary, &f.hash, f.all())).contains("129"));
    assert!(message(verify_binary(&f.proof, &f.public, &f.vk_binary[..100], &f.hash, f.all()))
        .contains("verifying key"));
}
