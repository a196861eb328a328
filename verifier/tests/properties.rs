//! Property tests (proptest) of the formats: every encoding round-trips for
//! arbitrary valid points and scalars, and a changed byte never decodes to the
//! same value silently.

use ark_bn254::{Fr, G1Projective, G2Projective};
use ark_ec::{CurveGroup, PrimeGroup};
use medzk_verifier::proof_file::ProofFile;
use medzk_verifier::{binary, snarkjs, Proof, PublicInputs};
use proptest::prelude::*;

fn scalar() -> impl Strategy<Value = Fr> {
    any::<[u8; 32]>().prop_map(|b| <Fr as ark_ff::PrimeField>::from_le_bytes_mod_order(&b))
}

fn proof() -> impl Strategy<Value = Proof> {
    (1u64.., 1u64.., 1u64..).prop_map(|(a, b, c)| Proof {
        a: (G1Projective::generator() * Fr::from(a)).into_affine(),
        b: (G2Projective::generator() * Fr::from(b)).into_affine(),
        c: (G1Projective::generator() * Fr::from(c)).into_affine(),
    })
}

fn public() -> impl Strategy<Value = PublicInputs> {
    (scalar(), scalar(), any::<u32>(), scalar(), scalar(), scalar(), scalar()).prop_map(
        |(a, b, d, s, n, c, r)| PublicInputs {
            issuer_root: a,
            policy_hash: b,
            reference_date: d,
            scope: s,
            nullifier: n,
            challenge: c,
            revealed_hash: r,
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn binary_formats_round_trip(p in proof(), x in public()) {
        prop_assert_eq!(binary::decode_proof(&binary::encode_proof(&p)).unwrap(), p.clone());
        prop_assert_eq!(binary::decode_public_inputs(&binary::encode_public_inputs(&x)).unwrap(), x);
    }

    #[test]
    fn json_formats_round_trip(p in proof(), x in public()) {
        prop_assert_eq!(snarkjs::proof_from_json(&snarkjs::proof_to_json(&p)).unwrap(), p.clone());
        prop_assert_eq!(snarkjs::public_inputs_from_json(&snarkjs::public_inputs_to_json(&x)).unwrap(), x);
        let (_, p2, x2) = ProofFile::from_json(&ProofFile::new("policy", "small", &p, &x).to_json()).unwrap();
        prop_assert_eq!((p2, x2), (p, x));
    }

    #[test]
    fn a_changed_byte_never_decodes_to_the_same_proof(p in proof(), at in 0usize..129, flip in 1u8..=255) {
        let mut bytes = binary::encode_proof(&p);
        bytes[at] ^= flip;
        if let Ok(other) = binary::decode_proof(&bytes) {
            prop_assert_ne!(other, p);
        }
    }
}

proptest! {
    #[test]
    fn decimal_matches_the_integer(x in scalar(), small in any::<u64>()) {
        prop_assert_eq!(snarkjs::decimal(&x), ark_ff::PrimeField::into_bigint(x).to_string());
        prop_assert_eq!(snarkjs::decimal(&Fr::from(small)), small.to_string());
        prop_assert_eq!(snarkjs::scalar_from_decimal("x", 0, &snarkjs::decimal(&x)).unwrap(), x);
    }
}

#[test]
fn decimal_edges() {
    use ark_ff::PrimeField;
    assert_eq!(snarkjs::decimal(&Fr::from(0u64)), "0");
    assert_eq!(snarkjs::decimal(&Fr::from(1_000_000_000u64)), "1000000000");
    assert_eq!(
        snarkjs::decimal(&-Fr::from(1u64)),
        "21888242871839275222246405745257275088548364400416034343698204186575808495616"
    );
    assert_eq!(snarkjs::decimal(&ark_bn254::Fq::from(0u64)), "0");
    assert_eq!(
        Fr::MODULUS.to_string(),
        "21888242871839275222246405745257275088548364400416034343698204186575808495617"
    );
}
