//! The narrow-limb BN254 (what WebAssembly builds verify with) against
//! ark-bn254, value for value: field products on random and extreme
//! elements, the tower's Frobenius constants, pairings, and the verification
//! of a real medzk proof (accepted; each tampered input or proof point
//! rejected; batches name the bad proof).

use ark_bn254::{Fq, Fq12, Fr, G1Projective, G2Projective};
use ark_ec::pairing::Pairing;
use ark_ec::{AffineRepr, CurveGroup, PrimeGroup};
use ark_ff::{AdditiveGroup, BigInteger, Field, PrimeField, UniformRand};
use ark_serialize::CanonicalDeserialize;
use medzk_verifier::narrow::{self, field};
use medzk_verifier::proof_file::ProofFile;
use medzk_verifier::{snarkjs, Proof, PublicInputs, VerifyError};
use proptest::prelude::*;

fn fq() -> impl Strategy<Value = Fq> {
    any::<[u8; 32]>().prop_map(|b| Fq::from_le_bytes_mod_order(&b))
}

/// Elements whose limbs are all large or all small, and the field's edges.
fn extremes() -> Vec<Fq> {
    let mut out = vec![Fq::ZERO, Fq::ONE, -Fq::ONE, -Fq::from(2u64), Fq::from(2u64).inverse().unwrap()];
    for bits in [29u32, 58, 64, 128, 232, 252, 253] {
        let power = Fq::from(2u64).pow([bits as u64]);
        out.extend([power, power - Fq::ONE, -power]);
    }
    // The element whose Montgomery words are p − 1 (largest stored value) and 1.
    out.push(field::to_ark(
        narrow::field::Fq::from(0u64) - field::from_ark(Fq::new_unchecked(ark_ff::BigInt([1, 0, 0, 0]))),
    ));
    out.push(Fq::new_unchecked(ark_ff::BigInt([1, 0, 0, 0])));
    out
}

fn n(x: Fq) -> field::Fq {
    field::from_ark(x)
}

fn check_products(a: Fq, b: Fq, c: Fq, d: Fq) {
    assert_eq!(field::to_ark(n(a) * n(b)), a * b, "{a} · {b}");
    assert_eq!(field::to_ark(n(a).square()), a.square(), "{a}²");
    assert_eq!(field::to_ark(n(a) + n(b)), a + b, "{a} + {b}");
    assert_eq!(field::to_ark(n(a) - n(b)), a - b, "{a} − {b}");
    assert_eq!(field::to_ark(-n(a)), -a, "−{a}");
    assert_eq!(field::to_ark(n(a).double()), a.double(), "2·{a}");
    let sum = |x: &[Fq], y: &[Fq]| x.iter().zip(y).map(|(x, y)| *x * y).sum::<Fq>();
    let (x, y) = ([a, b, c, d, a], [d, c, b, a, b]);
    let (nx, ny) = (x.map(n), y.map(n));
    assert_eq!(field::to_ark(narrow::field::Fq::sum_of_products(&[nx[0]], &[ny[0]])), sum(&x[..1], &y[..1]));
    assert_eq!(
        field::to_ark(narrow::field::Fq::sum_of_products(&[nx[0], nx[1]], &[ny[0], ny[1]])),
        sum(&x[..2], &y[..2])
    );
    assert_eq!(
        field::to_ark(narrow::field::Fq::sum_of_products(&[nx[0], nx[1], nx[2]], &[ny[0], ny[1], ny[2]])),
        sum(&x[..3], &y[..3])
    );
    assert_eq!(field::to_ark(narrow::field::Fq::sum_of_products(&nx, &ny)), sum(&x, &y));
}

proptest! {
    #[test]
    fn narrow_products_equal_ark_products(a in fq(), b in fq(), c in fq(), d in fq()) {
        check_products(a, b, c, d);
        prop_assert_eq!(field::to_ark(n(a) + n(b) - n(c).double()), a + b - c.double());
        prop_assert_eq!(n(a).into_bigint(), a.into_bigint());
    }
}

#[test]
fn narrow_products_equal_ark_products_on_extremes() {
    let values = extremes();
    for &a in &values {
        for &b in &values {
            check_products(a, b, -a, -b);
        }
    }
}

#[test]
fn tower_constants_and_frobenius_agree() {
    let mut rng = <rand::rngs::StdRng as rand::SeedableRng>::seed_from_u64(29);
    for _ in 0..4 {
        let x = Fq12::rand(&mut rng);
        let y = Fq12::rand(&mut rng);
        assert_eq!(narrow::fq12_to_ark(&(narrow::fq12(&x) * narrow::fq12(&y))), x * y);
        assert_eq!(narrow::fq12_to_ark(&narrow::fq12(&x).square()), x.square());
        assert_eq!(narrow::fq12_to_ark(&narrow::fq12(&x).inverse().unwrap()), x.inverse().unwrap());
        for power in 0..12 {
            assert_eq!(
                narrow::fq12_to_ark(&narrow::fq12(&x).frobenius_map(power)),
                x.frobenius_map(power),
                "Frobenius {power}"
            );
        }
    }
    assert!(narrow::G1Affine::generator().is_on_curve());
    assert!(narrow::G2Affine::generator().is_on_curve());
    assert!(narrow::G2Affine::generator().is_in_correct_subgroup_assuming_on_curve());
}

#[test]
fn pairings_agree_with_ark() {
    let mut rng = <rand::rngs::StdRng as rand::SeedableRng>::seed_from_u64(29);
    for _ in 0..3 {
        let p = (G1Projective::generator() * Fr::rand(&mut rng)).into_affine();
        let q = (G2Projective::generator() * Fr::rand(&mut rng)).into_affine();
        let ark = ark_bn254::Bn254::pairing(p, q).0;
        let ours = narrow::Bn254::pairing(narrow::g1(p), narrow::g2(q)).0;
        assert_eq!(narrow::fq12_to_ark(&ours), ark);
        assert_ne!(ark, Fq12::ONE);
    }
}

fn fixture(name: &str) -> String {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/medzk/");
    std::fs::read_to_string(format!("{dir}{name}")).unwrap()
}

fn medzk_proof() -> (medzk_verifier::PreparedVerifyingKey, Proof, PublicInputs) {
    let vk = snarkjs::verifying_key_from_json(&fixture("verification_key.json")).unwrap();
    let (_, proof, public) = ProofFile::from_json(&fixture("proof.json")).unwrap();
    let pvk = narrow::prepare(&vk).unwrap();
    let wide = medzk_verifier::prepare(&vk).unwrap();
    assert_eq!(pvk.alpha_g1_beta_g2, wide.alpha_g1_beta_g2);
    (pvk, proof, public)
}

#[test]
fn a_real_proof_is_accepted_and_tampering_rejected_on_narrow_limbs() {
    let (pvk, proof, public) = medzk_proof();
    narrow::verify_pairing_only(&pvk, &public, &proof).unwrap();
    let one = Fr::from(1u64);
    let tampered = [
        PublicInputs { issuer_root: public.issuer_root + one, ..public },
        PublicInputs { policy_hash: public.policy_hash + one, ..public },
        PublicInputs { reference_date: public.reference_date + 1, ..public },
        PublicInputs { scope: public.scope + one, ..public },
        PublicInputs { nullifier: public.nullifier + one, ..public },
        PublicInputs { challenge: public.challenge + one, ..public },
        PublicInputs { revealed_hash: public.revealed_hash + one, ..public },
    ];
    for (i, bad) in tampered.iter().enumerate() {
        assert_eq!(
            narrow::verify_pairing_only(&pvk, bad, &proof),
            Err(VerifyError::InvalidProof),
            "input {i}"
        );
        assert_eq!(
            medzk_verifier::verify_pairing_only(&pvk, bad, &proof),
            Err(VerifyError::InvalidProof),
            "input {i}"
        );
    }
    let g1 = ark_bn254::G1Affine::generator();
    let bad_proofs = [
        Proof { a: (proof.a + g1).into_affine(), ..proof.clone() },
        Proof { b: (-proof.b.into_group()).into_affine(), ..proof.clone() },
        Proof { c: (proof.c + g1).into_affine(), ..proof.clone() },
        Proof { a: ark_bn254::G1Affine::zero(), ..proof.clone() },
    ];
    for (i, bad) in bad_proofs.iter().enumerate() {
        assert_eq!(
            narrow::verify_pairing_only(&pvk, &public, bad),
            Err(VerifyError::InvalidProof),
            "proof {i}"
        );
    }
}

#[test]
fn batches_name_the_bad_proof_on_narrow_limbs() {
    let (pvk, proof, public) = medzk_proof();
    let bad = PublicInputs { challenge: public.challenge + Fr::from(1u64), ..public };
    narrow::verify_batch_pairing_only(&pvk, &[(&proof, &public), (&proof, &public), (&proof, &public)])
        .unwrap();
    assert_eq!(
        narrow::verify_batch_pairing_only(&pvk, &[(&proof, &public), (&proof, &bad), (&proof, &public)]),
        Err(VerifyError::BatchInvalid(vec![1]))
    );
    // The scalar sum stays in range: the weights are full-size field elements.
    assert!(Fr::from(7u64).into_bigint().num_bits() < 4);
}

#[test]
fn point_checks_and_decoding_agree_with_ark() {
    use ark_serialize::CanonicalSerialize;
    let mut rng = <rand::rngs::StdRng as rand::SeedableRng>::seed_from_u64(7);
    let (mut on_g2, mut off_g2, mut off_curve) = (0, 0, 0);
    for _ in 0..40 {
        // Random twist points, most of them outside G2 (the cofactor is large).
        let x = ark_bn254::Fq2::rand(&mut rng);
        let greatest = rand::Rng::gen::<bool>(&mut rng);
        let Some(p) = ark_bn254::G2Affine::get_point_from_x_unchecked(x, greatest) else {
            off_curve += 1;
            let p = ark_bn254::G2Affine::new_unchecked(x, x);
            assert_eq!(narrow::g2_is_on_curve(&p), p.is_on_curve());
            continue;
        };
        assert!(narrow::g2_is_on_curve(&p));
        let inside = p.is_in_correct_subgroup_assuming_on_curve();
        assert_eq!(narrow::g2_is_in_subgroup(&p), inside, "{p}");
        let q = if inside { p } else { p.mul_by_cofactor() };
        assert!(narrow::g2_is_in_subgroup(&q) && q.is_in_correct_subgroup_assuming_on_curve());
        (on_g2, off_g2) = if inside { (on_g2 + 1, off_g2) } else { (on_g2, off_g2 + 1) };
        let mut bytes = Vec::new();
        q.serialize_compressed(&mut bytes).unwrap();
        assert_eq!(narrow::g2_decompress(&bytes), Some(q));
        assert_eq!(
            narrow::prepare_g2(q).ell_coeffs,
            ark_ec::bn::G2Prepared::<ark_bn254::Config>::from(q).ell_coeffs
        );
    }
    assert!(off_g2 > 10 && off_curve > 5, "the sample covers both cases: {on_g2} {off_g2} {off_curve}");
    for i in 1u64..40 {
        let x = Fq::from(i);
        let g1 = ark_bn254::G1Affine::get_point_from_x_unchecked(x, i % 2 == 0);
        let mut bytes = Vec::new();
        x.serialize_compressed(&mut bytes).unwrap();
        // x with no point: neither decodes; x with one: both give the same point.
        assert_eq!(
            narrow::g1_decompress(&bytes).is_some(),
            ark_bn254::G1Affine::deserialize_compressed_unchecked(&bytes[..]).is_ok()
        );
        if let Some(p) = g1 {
            assert!(narrow::g1_is_on_curve(&p));
            let mut bytes = Vec::new();
            p.serialize_compressed(&mut bytes).unwrap();
            assert_eq!(narrow::g1_decompress(&bytes), Some(p));
            let s = Fr::rand(&mut rng);
            assert_eq!(narrow::g1_to_ark(&(narrow::g1(p) * s).into_affine()), (p * s).into_affine());
        }
        let q = ark_bn254::G1Affine::new_unchecked(x, x + Fq::from(2u64));
        assert_eq!(narrow::g1_is_on_curve(&q), q.is_on_curve());
        assert!(!narrow::g1_is_on_curve(&q), "({x}, {x} + 2) is not on the curve");
    }
    assert_eq!(narrow::fq_from_bigint(ark_ff::BigInt::from(0u64)), Some(Fq::ZERO));
    assert_eq!(narrow::fq_from_bigint(ark_ff::BigInt::from(7u64)), Some(Fq::from(7u64)));
    let modulus = <Fq as PrimeField>::MODULUS;
    assert_eq!(narrow::fq_from_bigint(modulus), None);
    let mut below = modulus;
    below.0[0] -= 1;
    assert_eq!(narrow::fq_from_bigint(below), Some(-Fq::ONE));
    assert_eq!(narrow::fq_from_bigint(ark_ff::BigInt([u64::MAX; 4])), None);
}

proptest! {
    /// Decompression agrees with ark-serialize's on any bytes: valid points,
    /// x without a point, x ≥ p, each flag combination, wrong lengths.
    #[test]
    fn decompression_agrees_with_ark_serialize(
        mut g1 in any::<[u8; 32]>(),
        mut g2 in proptest::collection::vec(any::<u8>(), 64),
        flags in 0u8..4,
        clear_top in any::<bool>(),
    ) {
        if clear_top {
            g1[31] &= 0x1f;
            g2[31] &= 0x1f;
            g2[63] &= 0x1f;
        }
        g1[31] = (g1[31] & 0x3f) | (flags << 6);
        g2[63] = (g2[63] & 0x3f) | (flags << 6);
        let ark1 = ark_bn254::G1Affine::deserialize_compressed_unchecked(&g1[..]).ok();
        let ark2 = ark_bn254::G2Affine::deserialize_compressed_unchecked(&g2[..]).ok();
        prop_assert_eq!(narrow::g1_decompress(&g1), ark1);
        prop_assert_eq!(narrow::g2_decompress(&g2), ark2);
        prop_assert_eq!(narrow::g1_decompress(&g1[..31]), None);
        prop_assert_eq!(narrow::g2_decompress(&g2[..63]), None);
    }
}
