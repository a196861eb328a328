//! Review findings on hostile keys and encodings, on the committed medzk
//! proof and key (`tests/fixtures/medzk`): batches refuse keys with more (or
//! fewer) points than a medzk key, as single verification does; the identity
//! point is refused in snarkjs JSON (where arkworks' (0, 0) encoding of it
//! would otherwise decode) and writing it never panics; lengths from the
//! input never overflow.

use ark_bn254::{G1Affine, G2Affine};
use ark_ec::AffineRepr;
use medzk_verifier::proof_file::ProofFile;
use medzk_verifier::snarkjs::{self, VerificationKeyJson};
use medzk_verifier::{
    batch, binary, narrow, prepare, verify_pairing_only, verify_scalars, PreparedVerifyingKey, Proof,
    PublicInputs, VerifyError, VerifyingKey,
};
use serde_json::{json, Value};

fn fixture(name: &str) -> String {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/medzk/");
    std::fs::read_to_string(format!("{dir}{name}")).unwrap()
}

fn medzk_proof() -> (VerifyingKey, Proof, PublicInputs) {
    let vk = snarkjs::verifying_key_from_json(&fixture("verification_key.json")).unwrap();
    let (_, proof, public) = ProofFile::from_json(&fixture("proof.json")).unwrap();
    (vk, proof, public)
}

/// A prepared key with one point more than the medzk key: what a caller
/// building `PreparedVerifyingKey` itself (not through `prepare`) could pass.
fn extended(pvk: &PreparedVerifyingKey) -> PreparedVerifyingKey {
    let mut longer = pvk.clone();
    longer.vk.gamma_abc_g1.push(G1Affine::generator());
    longer
}

#[test]
fn batches_refuse_keys_with_another_number_of_points() {
    let (vk, proof, public) = medzk_proof();
    let pvk = prepare(&vk).unwrap();
    let items = [(&proof, &public), (&proof, &public)];
    batch::verify_batch_pairing_only(&pvk, &items).unwrap();
    narrow::verify_batch_pairing_only(&pvk, &items).unwrap();

    // The key's extra point would be left out of the batch equation (no input
    // multiplies it), so the batch would accept what single verification refuses.
    let longer = extended(&pvk);
    assert_eq!(verify_pairing_only(&longer, &public, &proof), Err(VerifyError::InvalidProof));
    assert_eq!(batch::verify_batch_pairing_only(&longer, &items), Err(VerifyError::WrongKey(8)));
    assert_eq!(narrow::verify_batch_pairing_only(&longer, &items), Err(VerifyError::WrongKey(8)));
    assert_eq!(batch::verify_batch_pairing_only(&longer, &[]), Err(VerifyError::WrongKey(8)));

    let mut shorter = pvk.clone();
    shorter.vk.gamma_abc_g1.truncate(3);
    assert_eq!(batch::verify_batch_pairing_only(&shorter, &items), Err(VerifyError::WrongKey(2)));
    shorter.vk.gamma_abc_g1.clear();
    assert_eq!(batch::verify_batch_pairing_only(&shorter, &items), Err(VerifyError::WrongKey(0)));
    assert_eq!(verify_pairing_only(&shorter, &public, &proof), Err(VerifyError::InvalidProof));
}

fn proof_json_with(edit: impl Fn(&mut Value)) -> Result<Proof, VerifyError> {
    let (_, proof, _) = medzk_proof();
    let mut v: Value = serde_json::from_str(&snarkjs::proof_to_json(&proof)).unwrap();
    edit(&mut v);
    snarkjs::proof_from_json(&v.to_string())
}

#[test]
fn snarkjs_identity_points_are_refused() {
    use VerifyError::PointAtInfinity;
    // (0, 0) with z = 1 is arkworks' identity and passes its curve check.
    assert!(G1Affine::new_unchecked(Default::default(), Default::default()).is_zero());
    assert_eq!(proof_json_with(|v| v["pi_a"] = json!(["0", "0", "1"])), Err(PointAtInfinity("proof pi_a")));
    assert_eq!(proof_json_with(|v| v["pi_c"] = json!(["0", "0", "1"])), Err(PointAtInfinity("proof pi_c")));
    assert_eq!(
        proof_json_with(|v| v["pi_b"] = json!([["0", "0"], ["0", "0"], ["1", "0"]])),
        Err(PointAtInfinity("proof pi_b"))
    );
    // snarkjs' own spelling of the identity (z = 0) stays refused.
    assert_eq!(proof_json_with(|v| v["pi_a"] = json!(["0", "1", "0"])), Err(PointAtInfinity("proof pi_a")));

    let key: Value = serde_json::from_str(&fixture("verification_key.json")).unwrap();
    let key_with = |edit: &dyn Fn(&mut Value)| {
        let mut k = key.clone();
        edit(&mut k);
        snarkjs::verifying_key_from_json(&k.to_string())
    };
    assert_eq!(key_with(&|k| k["vk_alpha_1"] = json!(["0", "0", "1"])), Err(PointAtInfinity("vk_alpha_1")));
    assert_eq!(key_with(&|k| k["IC"][3] = json!(["0", "0", "1"])), Err(PointAtInfinity("IC")));
    assert_eq!(
        key_with(&|k| k["vk_delta_2"] = json!([["0", "0"], ["0", "0"], ["1", "0"]])),
        Err(PointAtInfinity("vk_delta_2"))
    );
}

#[test]
fn writing_identity_points_never_panics_and_reads_back_refused() {
    let (vk, proof, _) = medzk_proof();
    let cases = [
        Proof { a: G1Affine::zero(), ..proof.clone() },
        Proof { b: G2Affine::zero(), ..proof.clone() },
        Proof { c: G1Affine::zero(), ..proof.clone() },
    ];
    let names = ["proof pi_a", "proof pi_b", "proof pi_c"];
    for (bad, name) in cases.iter().zip(names) {
        let text = snarkjs::proof_to_json(bad);
        assert_eq!(snarkjs::proof_from_json(&text), Err(VerifyError::PointAtInfinity(name)));
        // The binary encoding's infinity flag is refused too.
        assert!(matches!(
            binary::decode_proof(&binary::encode_proof(bad)),
            Err(VerifyError::PointAtInfinity(_))
        ));
    }
    let mut key = vk.clone();
    key.alpha_g1 = G1Affine::zero();
    key.gamma_g2 = G2Affine::zero();
    let text = snarkjs::verifying_key_to_json(&key);
    assert_eq!(snarkjs::verifying_key_from_json(&text), Err(VerifyError::PointAtInfinity("vk_alpha_1")));
    // A key with no points at all: written (nPublic 0, no IC), refused on reading.
    key.gamma_abc_g1.clear();
    let text = snarkjs::verifying_key_to_json(&key);
    assert!(matches!(
        snarkjs::verifying_key_from_json(&text),
        Err(VerifyError::WrongLength { expected: 1, found: 0, .. })
    ));
}

#[test]
fn lengths_from_the_input_never_overflow() {
    let (vk, proof, public) = medzk_proof();
    let mut json: VerificationKeyJson = serde_json::from_str(&fixture("verification_key.json")).unwrap();
    json.n_public = usize::MAX;
    assert_eq!(json.to_verifying_key(), Err(VerifyError::LengthOutOfRange("verification key nPublic")));
    let mut text: Value = serde_json::from_str(&fixture("verification_key.json")).unwrap();
    text["nPublic"] = json!(u64::MAX);
    assert_eq!(
        snarkjs::verifying_key_from_json(&text.to_string()),
        Err(VerifyError::LengthOutOfRange("verification key nPublic"))
    );
    text["nPublic"] = json!(0);
    assert!(matches!(
        snarkjs::verifying_key_from_json(&text.to_string()),
        Err(VerifyError::WrongLength { expected: 1, found: 8, .. })
    ));

    // A key without points: verify_scalars reports it instead of underflowing.
    let mut empty = vk.clone();
    empty.gamma_abc_g1.clear();
    assert_eq!(verify_scalars(&empty, &[], &proof), Err(VerifyError::LengthOutOfRange("verifying key IC")));
    let inputs = public.to_field_elements();
    verify_scalars(&vk, &inputs, &proof).unwrap();
    assert!(matches!(
        verify_scalars(&vk, &inputs[..6], &proof),
        Err(VerifyError::WrongLength { expected: 7, found: 6, .. })
    ));

    // Binary keys: a count of 0 or 255, and a key with more points than a
    // count byte holds, are refused without overflow or truncation.
    let good = binary::encode_verifying_key(&vk);
    for count in [0u8, 255] {
        let mut bad = good.clone();
        bad[1 + 224] = count;
        assert_eq!(
            binary::decode_verifying_key(&bad),
            Err(VerifyError::WrongKey(usize::from(count).saturating_sub(1)))
        );
    }
    let mut huge = vk.clone();
    huge.gamma_abc_g1 = vec![G1Affine::generator(); 264];
    let bytes = binary::encode_verifying_key(&huge);
    assert_eq!(bytes[1 + 224], 255, "the count saturates rather than wrapping to 8");
    assert!(matches!(binary::decode_verifying_key(&bytes), Err(VerifyError::WrongLength { .. })));
}
