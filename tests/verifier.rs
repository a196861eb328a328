//! The thin verifier: formats (binary and snarkjs JSON), hostile input, verifier
//! expectations and batch verification, on real proofs of the presets.

#[path = "support/scenario.rs"]
mod scenario;

use ark_bn254::{Fq, Fq2, Fr, G2Affine};
use ark_ec::AffineRepr;
use ark_ff::{PrimeField, UniformRand};
use ark_serialize::CanonicalSerialize;
use medzk::verifier::proof_file::ProofFile;
use medzk::verifier::{
    batch::verify_batch_pairing_only, binary, prepare, snarkjs, verify_expected, verify_pairing_only,
    Challenge, Expectations, Proof, PublicInputs, VerifyError,
};
use scenario::*;
use std::sync::OnceLock;

/// A few real proofs of `vaccinated-after` (distinct challenges) and the small key.
fn proofs() -> &'static Vec<(Proof, PublicInputs)> {
    static PROOFS: OnceLock<Vec<(Proof, PublicInputs)>> = OnceLock::new();
    PROOFS.get_or_init(|| {
        let s = vaccination();
        (0..4).map(|i| s.prove(&context(&s.compiled, &s.world.registry, 1000 + i)).unwrap()).collect()
    })
}

fn vk() -> medzk::prover::VerifyingKey {
    keys("small").1.vk.clone()
}

#[test]
fn binary_and_snarkjs_formats_round_trip() {
    let (proof, public) = &proofs()[0];
    let bytes = binary::encode_proof(proof);
    assert_eq!(bytes.len(), 129);
    assert_eq!(&binary::decode_proof(&bytes).unwrap(), proof);
    let inputs = binary::encode_public_inputs(public);
    assert_eq!(inputs.len(), 225);
    assert_eq!(&binary::decode_public_inputs(&inputs).unwrap(), public);
    let vk = vk();
    assert_eq!(binary::decode_verifying_key(&binary::encode_verifying_key(&vk)).unwrap(), vk);
    assert_eq!(&snarkjs::proof_from_json(&snarkjs::proof_to_json(proof)).unwrap(), proof);
    assert_eq!(&snarkjs::public_inputs_from_json(&snarkjs::public_inputs_to_json(public)).unwrap(), public);
    assert_eq!(snarkjs::verifying_key_from_json(&snarkjs::verifying_key_to_json(&vk)).unwrap(), vk);
    let pvk =
        prepare(&snarkjs::verifying_key_from_json(&snarkjs::verifying_key_to_json(&vk)).unwrap()).unwrap();
    verify_pairing_only(&pvk, public, &snarkjs::proof_from_json(&snarkjs::proof_to_json(proof)).unwrap())
        .unwrap();
    // Export for the snarkjs interop check run by .ci/run.
    if let Some(dir) = std::env::var_os("MEDZK_EXPORT_DIR") {
        let dir = std::path::Path::new(&dir);
        std::fs::create_dir_all(dir).unwrap();
        std::fs::write(dir.join("verification_key.json"), snarkjs::verifying_key_to_json(&vk)).unwrap();
        std::fs::write(dir.join("proof.json"), snarkjs::proof_to_json(proof)).unwrap();
        std::fs::write(dir.join("public.json"), snarkjs::public_inputs_to_json(public)).unwrap();
        let mut bad = *public;
        bad.challenge += Fr::from(1u64);
        std::fs::write(dir.join("public_tampered.json"), snarkjs::public_inputs_to_json(&bad)).unwrap();
    }
}

fn g2_off_subgroup() -> G2Affine {
    let mut rng = rng(5);
    loop {
        let x = Fq2::rand(&mut rng);
        if let Some(p) = G2Affine::get_point_from_x_unchecked(x, true) {
            if !p.is_in_correct_subgroup_assuming_on_curve() {
                return p;
            }
        }
    }
}

/// An x with no point on G1 (x³ + 3 is not a square).
fn g1_x_off_curve() -> Fq {
    (1u64..)
        .map(Fq::from)
        .find(|x| ark_bn254::G1Affine::get_point_from_x_unchecked(*x, true).is_none())
        .unwrap()
}

#[test]
fn hostile_binary_input_gets_distinct_errors() {
    use VerifyError::*;
    let (proof, public) = &proofs()[0];
    let good = binary::encode_proof(proof);
    assert!(matches!(binary::decode_proof(&good[..128]), Err(WrongLength { expected: 129, found: 128, .. })));
    assert!(matches!(binary::decode_proof(&[]), Err(WrongLength { .. })));
    let mut v = good.clone();
    v[0] = 2;
    assert!(matches!(binary::decode_proof(&v), Err(UnsupportedVersion { found: 2, .. })));
    let mut flags = good.clone();
    flags[32] |= 0xc0;
    assert_eq!(binary::decode_proof(&flags), Err(InvalidFlags("proof A")));
    let mut infinity = good.clone();
    infinity[1..33].fill(0);
    infinity[32] = 0x40;
    assert_eq!(binary::decode_proof(&infinity), Err(PointAtInfinity("proof A")));
    // x = p: not canonical.
    let mut big = good.clone();
    let p_bytes = {
        let mut b = Vec::new();
        Fq::MODULUS.serialize_uncompressed(&mut b).unwrap();
        b
    };
    big[97..129].copy_from_slice(&p_bytes);
    assert_eq!(binary::decode_proof(&big), Err(NonCanonicalCoordinate("proof C")));
    let mut off = good.clone();
    let mut x = Vec::new();
    g1_x_off_curve().serialize_uncompressed(&mut x).unwrap();
    off[1..33].copy_from_slice(&x);
    assert_eq!(binary::decode_proof(&off), Err(NotOnCurve("proof A")));
    let mut sub = good.clone();
    let mut b = Vec::new();
    g2_off_subgroup().serialize_compressed(&mut b).unwrap();
    sub[33..97].copy_from_slice(&b);
    assert_eq!(binary::decode_proof(&sub), Err(NotInSubgroup("proof B")));
    // Public inputs ≥ r, and a date beyond 32 bits.
    let inputs = binary::encode_public_inputs(public);
    let mut r = inputs.clone();
    let mut r_bytes = Vec::new();
    Fr::MODULUS.serialize_uncompressed(&mut r_bytes).unwrap();
    r[1 + 32 * 4..1 + 32 * 5].copy_from_slice(&r_bytes);
    assert_eq!(binary::decode_public_inputs(&r), Err(NonCanonicalScalar(4)));
    let mut date = inputs.clone();
    date[1 + 64 + 5] = 1;
    assert_eq!(binary::decode_public_inputs(&date), Err(NonCanonicalScalar(2)));
    // A key of the wrong size, and a key with 3 inputs.
    let vk_bytes = binary::encode_verifying_key(&vk());
    assert!(matches!(binary::decode_verifying_key(&vk_bytes[..100]), Err(WrongLength { .. })));
    let mut short = vk();
    short.gamma_abc_g1.truncate(4);
    assert_eq!(prepare(&short), Err(WrongKey(3)));
}

#[test]
fn hostile_snarkjs_json_gets_distinct_errors() {
    use serde_json::{json, Value};
    use VerifyError::*;
    let (proof, _) = &proofs()[0];
    let good: Value = serde_json::from_str(&snarkjs::proof_to_json(proof)).unwrap();
    let edit = |f: &dyn Fn(&mut Value)| {
        let mut v = good.clone();
        f(&mut v);
        snarkjs::proof_from_json(&v.to_string())
    };
    assert!(matches!(
        edit(&|v| {
            v.as_object_mut().unwrap().remove("pi_c");
        }),
        Err(Json { .. })
    ));
    assert!(matches!(edit(&|v| v["extra"] = json!(1)), Err(Json { .. })));
    assert!(matches!(edit(&|v| v["curve"] = json!("bls12381")), Err(WrongCurve { .. })));
    assert!(matches!(edit(&|v| v["protocol"] = json!("plonk")), Err(WrongCurve { .. })));
    assert_eq!(edit(&|v| v["pi_a"][0] = json!("0x12")), Err(NotADecimal("proof pi_a")));
    assert_eq!(edit(&|v| v["pi_a"][0] = json!("012")), Err(NotADecimal("proof pi_a")));
    assert_eq!(
        edit(&|v| v["pi_a"][0] = json!(Fq::MODULUS.to_string())),
        Err(NonCanonicalCoordinate("proof pi_a"))
    );
    assert_eq!(edit(&|v| v["pi_a"][2] = json!("0")), Err(PointAtInfinity("proof pi_a")));
    assert_eq!(edit(&|v| v["pi_a"][1] = json!("5")), Err(NotOnCurve("proof pi_a")));
    let bad = g2_off_subgroup();
    let (x, y) = bad.xy().unwrap();
    assert_eq!(
        edit(&|v| v["pi_b"] =
            json!([[x.c0.to_string(), x.c1.to_string()], [y.c0.to_string(), y.c1.to_string()], ["1", "0"]])),
        Err(NotInSubgroup("proof pi_b"))
    );
    assert!(matches!(snarkjs::public_inputs_from_json("[\"1\"]"), Err(WrongLength { .. })));
    let r = Fr::MODULUS.to_string();
    let seven = format!("[\"1\",\"2\",\"3\",\"4\",\"{r}\",\"6\",\"7\"]");
    assert_eq!(snarkjs::public_inputs_from_json(&seven), Err(NonCanonicalScalar(4)));
    assert!(matches!(snarkjs::verifying_key_from_json("{}"), Err(Json { .. })));
}

/// The protocol's verifier entry points, end to end on a real proof file:
/// each expectation refuses its own mismatch with its own error.
#[test]
fn expectations_name_each_mismatch() {
    let s = vaccination();
    let (proof, public) = &proofs()[0];
    let file = ProofFile::new(&s.compiled.document.name, "small", proof, public);
    let pvk = prepare(&vk()).unwrap();
    let root = s.world.registry.root();
    let window = (public.reference_date - 1, public.reference_date + 1);
    let challenge = Challenge::Exactly(public.challenge);
    let good = medzk::expectations(&s.compiled, &[Fr::from(1u64), root], challenge, window).unwrap();
    let verified = medzk::verify(&pvk, &good, &file).unwrap();
    assert_eq!(verified.public, *public);
    assert_eq!(verified.nullifier, s.holder.nullifier(s.compiled.scope));
    let raw = |policy_hash, roots: Vec<Fr>, scope, challenge, dates| {
        Expectations::new(policy_hash, roots, scope, challenge, dates).unwrap()
    };
    let (hash, scope) = (s.compiled.hash(), s.compiled.scope);
    let early = (0, public.reference_date - 1);
    let cases: [(Expectations, VerifyError); 5] = [
        (raw(Fr::from(9u64), vec![root], scope, challenge, window), VerifyError::UnexpectedPolicy),
        (raw(hash, vec![Fr::from(1u64)], scope, challenge, window), VerifyError::UntrustedIssuerRoot),
        (raw(hash, vec![root], Fr::from(9u64), challenge, window), VerifyError::WrongScope),
        (
            raw(hash, vec![root], scope, Challenge::Exactly(Fr::from(9u64)), window),
            VerifyError::WrongChallenge,
        ),
        (
            raw(hash, vec![root], scope, challenge, early),
            VerifyError::DateOutsideWindow { date: public.reference_date, from: 0, to: early.1 },
        ),
    ];
    for (expectations, error) in cases {
        assert_eq!(verify_expected(&pvk, &expectations, public, proof), Err(error.clone()));
        assert!(
            matches!(medzk::verify(&pvk, &expectations, &file), Err(medzk::Error::Verify(e)) if e == error)
        );
    }
    // The named waiver accepts another challenge, and only that.
    let waived = medzk::expectations(&s.compiled, &[root], Challenge::AnyWaived, window).unwrap();
    medzk::verify(&pvk, &waived, &file).unwrap();
    let other_window = medzk::expectations(&s.compiled, &[root], Challenge::AnyWaived, early).unwrap();
    assert!(medzk::verify(&pvk, &other_window, &file).is_err());
    // Expectations that would accept nothing are refused when built.
    assert!(matches!(
        medzk::expectations(&s.compiled, &[], challenge, window),
        Err(medzk::Error::Verify(VerifyError::NoTrustedRoots))
    ));
    assert!(matches!(
        medzk::expectations(&s.compiled, &[root], challenge, (window.1, window.0)),
        Err(medzk::Error::Verify(VerifyError::EmptyDateWindow { .. }))
    ));
    // A tampered proof file is refused.
    let mut tampered = file.clone();
    tampered.public_inputs.nullifier = "1".into();
    assert!(matches!(
        medzk::verify(&pvk, &good, &tampered),
        Err(medzk::Error::Verify(VerifyError::InvalidProof))
    ));
}

/// A policy that pins a trusted-issuers root narrows the verifier's roots to
/// it, and a verifier that does not trust the pinned root cannot build
/// expectations for it.
#[test]
fn a_pinned_root_narrows_the_verifiers_roots() {
    let s = vaccination();
    let root = s.world.registry.root();
    let mut document = s.compiled.document.clone();
    document.trusted_issuers_root = Some(medzk::circuits::field::fr_to_decimal(&root));
    let pinned = document.compile().unwrap();
    let c = Challenge::Exactly(Fr::from(1u64));
    let e = medzk::expectations(&pinned, &[Fr::from(5u64), root], c, (1, 2)).unwrap();
    assert_eq!(e.issuer_roots(), &[root]);
    assert!(matches!(
        medzk::expectations(&pinned, &[Fr::from(5u64)], c, (1, 2)),
        Err(medzk::Error::PinnedRootNotTrusted)
    ));
}

#[test]
fn batch_verification_accepts_valid_batches_and_names_bad_proofs() {
    let pvk = prepare(&vk()).unwrap();
    let base = proofs();
    let mut items: Vec<(Proof, PublicInputs)> = (0..64).map(|i| base[i % base.len()].clone()).collect();
    {
        let refs: Vec<(&Proof, &PublicInputs)> = items.iter().map(|(p, x)| (p, x)).collect();
        verify_batch_pairing_only(&pvk, &refs).unwrap();
    }
    items[37].1.challenge += Fr::from(1u64);
    let refs: Vec<(&Proof, &PublicInputs)> = items.iter().map(|(p, x)| (p, x)).collect();
    assert_eq!(verify_batch_pairing_only(&pvk, &refs), Err(VerifyError::BatchInvalid(vec![37])));
    items[3].0.c = (items[3].0.c + ark_bn254::G1Affine::generator()).into();
    let refs: Vec<(&Proof, &PublicInputs)> = items.iter().map(|(p, x)| (p, x)).collect();
    assert_eq!(verify_batch_pairing_only(&pvk, &refs), Err(VerifyError::BatchInvalid(vec![3, 37])));
    assert_eq!(verify_batch_pairing_only(&pvk, &[]), Ok(()));
}
