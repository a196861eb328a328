//! Adversarial review of the WebAssembly bindings after the protocol layer:
//! expectations JSON that tries to waive or blur a check, and (with the
//! `full` feature) holder-side proving with a proving key from the verifier.

#[path = "../../../tests/support/scenario.rs"]
mod scenario;

use ark_bn254::Fr;
use ark_ff::{BigInteger, PrimeField};
use medzk::verifier::proof_file::ProofFile;
use medzk_wasm::{verify, WasmError};
use scenario::*;
use serde_json::json;

struct Fixture {
    file: String,
    vk_json: String,
    hash: String,
    root: String,
    scope: String,
    date: u32,
}

fn fixture() -> Fixture {
    let s = vaccination();
    let ctx = context(&s.compiled, &s.world.registry, 5);
    let (proof, public) = s.prove(&ctx).unwrap();
    let vk = keys("small").0.proving_key().vk.clone();
    Fixture {
        file: ProofFile::new("vaccinated-after", "small", &proof, &public).to_json(),
        vk_json: medzk::verifier::snarkjs::verifying_key_to_json(&vk),
        hash: s.compiled.hash().to_string(),
        root: s.world.registry.root().to_string(),
        scope: s.compiled.scope.to_string(),
        date: ctx.reference_date,
    }
}

fn plus_r(decimal: &str) -> String {
    let mut big = decimal.parse::<Fr>().unwrap().into_bigint();
    big.add_with_carry(&Fr::MODULUS);
    big.to_string()
}

/// Expectations JSON (the native reader, as node's tests do not run here):
/// nothing blurs or waives a check unless `"anyChallenge": true` says so.
#[test]
fn expectations_json_cannot_blur_or_silently_waive_a_check() {
    let f = fixture();
    let (root, scope, d) = (f.root.as_str(), f.scope.as_str(), f.date);
    let run = |hash: &str, e: String| verify(&f.file, &f.vk_json, hash, Some(e));
    let members = |challenge: &str| {
        format!(
            r#""issuerRoots": ["{root}"], "scope": "{scope}", {challenge} "referenceDates": [{}, {d}]"#,
            d - 1
        )
    };
    // The honest expectations verify.
    run(&f.hash, format!("{{{}}}", members(r#""challenge": "5","#))).unwrap();
    // A duplicate member (JSON.parse keeps the last; serde refuses): never the first silently.
    let duplicate = format!("{{{}}}", members(r#""challenge": "6", "challenge": "5","#));
    assert!(run(&f.hash, duplicate).is_err(), "a duplicate `challenge` was accepted");
    // `anyChallenge` false or null is no waiver: the challenge is then required.
    for flag in ["false", "null"] {
        let e = format!("{{{}}}", members(&format!(r#""anyChallenge": {flag},"#)));
        assert_eq!(run(&f.hash, e), Err(WasmError::MissingExpectation("challenge")), "anyChallenge {flag}");
    }
    // A null challenge beside the named waiver: the waiver, as named.
    let named = format!("{{{}}}", members(r#""challenge": null, "anyChallenge": true,"#));
    assert_eq!(run(&f.hash, named).unwrap().challenge, "5");
    // Mistyped or mis-cased waivers are refused, not ignored.
    for waiver in [r#""anyChallenge": "true","#, r#""anyChallenge": 1,"#, r#""AnyChallenge": true,"#] {
        assert!(run(&f.hash, format!("{{{}}}", members(waiver))).is_err(), "{waiver}");
    }
    // Non-canonical numbers for expected values are refused, never reduced mod r.
    let honest = |c: &str| format!("{{{}}}", members(&format!(r#""challenge": "{c}","#)));
    assert!(run(&format!("0{}", f.hash), honest("5")).is_err(), "policy hash with a leading zero");
    assert!(run(&plus_r(&f.hash), honest("5")).is_err(), "policy hash + r");
    assert!(run(&f.hash, honest("05")).is_err(), "challenge with a leading zero");
    assert!(run(&f.hash, honest(&plus_r("5"))).is_err(), "challenge + r");
    let root_plus_r = plus_r(root);
    let e =
        json!({"issuerRoots": [root_plus_r], "scope": scope, "challenge": "5", "referenceDates": [d - 1, d]});
    assert!(run(&f.hash, e.to_string()).is_err(), "issuer root + r");
    // Date windows: exact day accepted; reversed, negative, fractional or short refused.
    let dates = |w: serde_json::Value| {
        json!({"issuerRoots": [root], "scope": scope, "challenge": "5", "referenceDates": w}).to_string()
    };
    run(&f.hash, dates(json!([d, d]))).unwrap();
    assert!(matches!(run(&f.hash, dates(json!([d + 1, d]))), Err(WasmError::InvalidExpectations(_))));
    for w in [json!([-1, d]), json!([1.5, d]), json!([d]), json!([d, d, d]), json!({"from": d, "to": d})] {
        assert!(run(&f.hash, dates(w.clone())).is_err(), "referenceDates {w}");
    }
    // An empty root list and a root list of one blank string.
    for roots in [json!([]), json!([""]), json!([null])] {
        let e = json!({"issuerRoots": roots, "scope": scope, "challenge": "5", "referenceDates": [d - 1, d]});
        assert!(run(&f.hash, e.to_string()).is_err(), "issuerRoots {roots}");
    }
}

/// Review finding (fixed): `medzk_wasm::prove` (the `full` feature) loaded the
/// proving key the verifier hands the holder's browser with `LoadMode::Trusted`, skipping
/// the holder key checks that docs/security.md makes mandatory for holders
/// (`LoadMode::Checked`, fixed natively in `KeyStore::prover`). A key with
/// α = δ = identity and an `a_query` that picks one witness variable makes
/// `A = date·base`, and the hidden vaccination date is read back from the
/// returned proof file.
#[cfg(feature = "full")]
#[test]
fn wasm_prove_refuses_a_proving_key_that_unblinds_the_proof() {
    use ark_bn254::{G1Affine, G1Projective, G2Affine};
    use medzk::circuits::query::{VerifierContext, SMALL};
    use medzk::policy::{build_witness, explain};
    use medzk::prover::keyfile::{read_proving_key, write_proving_key};
    use medzk::prover::{CircuitProver, LoadMode};
    use medzk::records::Credential;

    let s = vaccination();
    let (prover, _) = keys("small");
    let hidden = day("2021-07-01"); // the credential's occurrence_date, never public
    let reference = "2026-06-01";
    let ctx = VerifierContext {
        issuer_root: s.world.registry.root(),
        reference_date: day(reference),
        scope: s.compiled.scope,
        challenge: Fr::from(5u64),
    };
    // The malicious key maker knows the circuit, so it knows which variable holds the date.
    let refs: Vec<&Credential> = s.credentials.iter().collect();
    let witness = build_witness(&s.compiled, &refs, &s.holder, &s.world.registry).unwrap();
    let public = explain(&s.compiled, &witness, &ctx).unwrap().public;
    let full = prover.synthesize_assignment(&s.compiled.policy, &witness, &public).unwrap();
    let j = (prover.r1cs().num_instance()..full.len()).find(|&i| full[i] == Fr::from(hidden)).unwrap();
    let base = prover.proving_key().vk.gamma_abc_g1[0];
    let mut pk = prover.proving_key().clone();
    pk.vk.alpha_g1 = G1Affine::identity();
    pk.delta_g1 = G1Affine::identity();
    pk.vk.delta_g2 = G2Affine::identity();
    for (i, a) in pk.a_query.iter_mut().enumerate() {
        *a = if i == j { base } else { G1Affine::identity() };
    }
    let key = write_proving_key(&CircuitProver::from_parts(SMALL, pk, prover.r1cs().clone()).unwrap());
    assert!(read_proving_key(&key, SMALL, LoadMode::Checked).is_err(), "the holder checks refuse this key");

    let credentials: Vec<String> = s.credentials.iter().map(Credential::to_json).collect();
    let result = medzk_wasm::prove(
        &s.compiled.document.to_json(),
        credentials,
        &s.holder.to_json(),
        &s.world.registry.to_json(),
        &key,
        "5",
        reference,
        None,
    );
    if let Ok(file) = &result {
        let (_, proof, _) = ProofFile::from_json(file).unwrap();
        let target = G1Projective::from(proof.a);
        let mut candidate = G1Projective::from(G1Affine::identity());
        let recovered = (1..=60_000u32).find(|_| {
            candidate += base;
            candidate == target
        });
        panic!(
            "medzk_wasm::prove proved with a proving key LoadMode::Checked refuses; the hidden date \
             came back from the proof's A: recovered {recovered:?}, actual {hidden}"
        );
    }
    assert!(result.unwrap_err().to_string().contains("unsafe"));

    // The honest key proves, pinned to its published digest; another digest is refused.
    let honest = write_proving_key(prover);
    let digest: String =
        medzk::prover::keyfile::key_file_digest(&honest).iter().map(|b| format!("{b:02x}")).collect();
    let prove_with = |pin: Option<String>| {
        medzk_wasm::prove(
            &s.compiled.document.to_json(),
            s.credentials.iter().map(Credential::to_json).collect(),
            &s.holder.to_json(),
            &s.world.registry.to_json(),
            &honest,
            "5",
            reference,
            pin,
        )
    };
    assert!(prove_with(Some(digest)).is_ok());
    assert!(prove_with(None).is_ok(), "no digest published and none released: the checks alone");
    let wrong = prove_with(Some("00".repeat(32))).unwrap_err().to_string();
    assert!(wrong.contains("not the released key"), "{wrong}");
    assert!(prove_with(Some("xyz".into())).unwrap_err().to_string().contains("64 hex digits"));
}
