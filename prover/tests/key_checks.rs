//! A holder's checks of a proving key from elsewhere (the 2026-12 security review, docs/security.md):
//! identity points, G1/G2 consistency, the embedded verifying key, key digests,
//! and the unblinding attack they stop.

use ark_bn254::{Fr, G1Affine, G1Projective, G2Affine};
use ark_ec::{AffineRepr, CurveGroup, PrimeGroup};
use ark_ff::Zero;
use medzk_circuits::query::{QueryShape, MEDIUM, SMALL};
use medzk_prover::keyfile::{
    check_matches_verifying_key, check_proving_key, check_verifying_key, key_file_digest,
    load_proving_key_expecting, read_proving_key, read_proving_key_expecting, read_verifying_key,
    write_proving_key, write_verifying_key,
};
use medzk_prover::{
    insecure_dev_setup, released_key_digest, CircuitProver, KeyCheck, LoadMode, ProverError, ProvingKey,
    VerifyingKey, RELEASED_KEY_DIGESTS,
};
use rand::SeedableRng;
use std::sync::OnceLock;

fn small() -> &'static (CircuitProver, VerifyingKey) {
    static KEYS: OnceLock<(CircuitProver, VerifyingKey)> = OnceLock::new();
    KEYS.get_or_init(|| {
        let (pk, vk) = insecure_dev_setup(SMALL, 7).unwrap();
        (CircuitProver::new(SMALL, pk).unwrap(), vk)
    })
}

/// Another setup's small key: well formed, but not the published one.
fn other_setup() -> &'static ProvingKey {
    static KEY: OnceLock<ProvingKey> = OnceLock::new();
    KEY.get_or_init(|| insecure_dev_setup(SMALL, 8).unwrap().0)
}

fn rng() -> rand_chacha::ChaCha20Rng {
    rand_chacha::ChaCha20Rng::seed_from_u64(16)
}

/// The small key after `edit`.
fn edited(edit: impl FnOnce(&mut ProvingKey)) -> ProvingKey {
    let mut pk = small().0.proving_key().clone();
    edit(&mut pk);
    pk
}

fn check(pk: &ProvingKey) -> Result<(), KeyCheck> {
    check_proving_key(pk, &mut rng())
}

/// A key file for an edited key (the matrices are the small circuit's).
fn key_file(pk: ProvingKey) -> Vec<u8> {
    write_proving_key(&CircuitProver::from_parts(SMALL, pk, small().0.r1cs().clone()).unwrap())
}

fn plus_g1(p: G1Affine) -> G1Affine {
    (p + G1Affine::generator()).into_affine()
}

fn plus_g2(p: G2Affine) -> G2Affine {
    (p + G2Affine::generator()).into_affine()
}

#[test]
fn a_well_formed_key_passes_the_holder_checks() {
    let (prover, vk) = small();
    assert_eq!(check(prover.proving_key()), Ok(()));
    // Fresh weights from the OS each time, as the loader draws them.
    assert_eq!(check_proving_key(prover.proving_key(), &mut rand::rngs::OsRng), Ok(()));
    assert_eq!(check_matches_verifying_key(prover.proving_key(), vk), Ok(()));
    assert_eq!(check_verifying_key(vk), Ok(()));
    // A key made by another (honest) setup passes too: the checks are structural.
    let other = other_setup();
    assert_eq!(check(other), Ok(()));
}

#[test]
fn identity_points_are_refused_by_name() {
    type Edit = fn(&mut ProvingKey);
    let cases: [(Edit, KeyCheck); 7] = [
        (|pk| pk.vk.alpha_g1 = G1Affine::zero(), KeyCheck::IdentityAlphaG1),
        (|pk| pk.beta_g1 = G1Affine::zero(), KeyCheck::IdentityBetaG1),
        (|pk| pk.vk.beta_g2 = G2Affine::zero(), KeyCheck::IdentityBetaG2),
        (|pk| pk.vk.gamma_g2 = G2Affine::zero(), KeyCheck::IdentityGammaG2),
        (|pk| pk.delta_g1 = G1Affine::zero(), KeyCheck::IdentityDeltaG1),
        (|pk| pk.vk.delta_g2 = G2Affine::zero(), KeyCheck::IdentityDeltaG2),
        // Both halves of δ the identity: consistent (e(0, G₂) = e(G₁, 0)), still refused.
        (
            |pk| {
                pk.delta_g1 = G1Affine::zero();
                pk.vk.delta_g2 = G2Affine::zero();
            },
            KeyCheck::IdentityDeltaG1,
        ),
    ];
    for (edit, expected) in cases {
        assert_eq!(check(&edited(edit)), Err(expected));
    }
    // A verifying key alone: its identity points.
    let (_, vk) = small();
    for (edit, expected) in [
        ((|vk| vk.alpha_g1 = G1Affine::zero()) as fn(&mut VerifyingKey), KeyCheck::IdentityAlphaG1),
        (|vk| vk.beta_g2 = G2Affine::zero(), KeyCheck::IdentityBetaG2),
        (|vk| vk.gamma_g2 = G2Affine::zero(), KeyCheck::IdentityGammaG2),
        (|vk| vk.delta_g2 = G2Affine::zero(), KeyCheck::IdentityDeltaG2),
    ] {
        let mut bad = vk.clone();
        edit(&mut bad);
        assert_eq!(check_verifying_key(&bad), Err(expected));
        // Read from a file: refused when checked, accepted when only validated.
        let file = write_verifying_key(SMALL, &small().0.r1cs_digest(), &bad);
        assert_eq!(
            read_verifying_key(&file, SMALL, LoadMode::Checked),
            Err(ProverError::UnsafeKey(expected))
        );
        assert!(read_verifying_key(&file, SMALL, LoadMode::Validated).is_ok());
    }
    let file = write_verifying_key(SMALL, &small().0.r1cs_digest(), vk);
    assert_eq!(read_verifying_key(&file, SMALL, LoadMode::Checked).unwrap().0, *vk);
}

#[test]
fn g1_and_g2_halves_that_differ_are_refused_by_name() {
    let mismatch = Err(KeyCheck::BetaDeltaMismatch);
    assert_eq!(check(&edited(|pk| pk.beta_g1 = plus_g1(pk.beta_g1))), mismatch);
    assert_eq!(check(&edited(|pk| pk.vk.beta_g2 = plus_g2(pk.vk.beta_g2))), mismatch);
    assert_eq!(check(&edited(|pk| pk.delta_g1 = plus_g1(pk.delta_g1))), mismatch);
    assert_eq!(
        check(&edited(|pk| pk.vk.delta_g2 = (pk.vk.delta_g2 * Fr::from(2u64)).into_affine())),
        mismatch
    );
    assert_eq!(check(&edited(|pk| pk.beta_g1 = (pk.beta_g1 * Fr::from(2u64)).into_affine())), mismatch);
    // δ scaled alike in both groups stays consistent: a relation between the
    // pairs, not a value, is what a key without its generators can be checked for.
    let rescaled = edited(|pk| {
        pk.delta_g1 = (pk.delta_g1 * Fr::from(5u64)).into_affine();
        pk.vk.delta_g2 = (pk.vk.delta_g2 * Fr::from(5u64)).into_affine();
    });
    assert_eq!(check(&rescaled), Ok(()));
    // One b query in G1 changed to another valid point: a non-zero entry, a zero
    // entry (a variable outside B), the first and the last.
    let b = &small().0.proving_key().b_g1_query;
    let nonzero = b.iter().position(|p| !p.is_zero()).unwrap();
    let zero = b.iter().position(|p| p.is_zero()).unwrap();
    for index in [nonzero, zero, 0, b.len() - 1] {
        let bad = edited(|pk| pk.b_g1_query[index] = plus_g1(pk.b_g1_query[index]));
        assert_eq!(check(&bad), Err(KeyCheck::BQueryMismatch { index }), "b_g1_query[{index}]");
    }
    // In G2, and with two bad entries the first is named.
    let bad = edited(|pk| pk.b_g2_query[nonzero] = plus_g2(pk.b_g2_query[nonzero]));
    assert_eq!(check(&bad), Err(KeyCheck::BQueryMismatch { index: nonzero }));
    let (first, second) = (b.len() / 3, 2 * b.len() / 3);
    let bad = edited(|pk| {
        pk.b_g1_query[first] = plus_g1(pk.b_g1_query[first]);
        pk.b_g1_query[second] = plus_g1(pk.b_g1_query[second]);
    });
    assert_eq!(check(&bad), Err(KeyCheck::BQueryMismatch { index: first }));
    // Swapping two entries keeps every point valid but breaks the pairs.
    let (i, j) = (nonzero, b.iter().rposition(|p| !p.is_zero() && *p != b[nonzero]).unwrap());
    let bad = edited(|pk| pk.b_g1_query.swap(i, j));
    assert_eq!(check(&bad), Err(KeyCheck::BQueryMismatch { index: i.min(j) }));
    // The halves scaled by the same factor stay consistent (not a defect).
    let scaled = edited(|pk| {
        pk.b_g1_query[nonzero] = (pk.b_g1_query[nonzero] * Fr::from(3u64)).into_affine();
        pk.b_g2_query[nonzero] = (pk.b_g2_query[nonzero] * Fr::from(3u64)).into_affine();
    });
    assert_eq!(check(&scaled), Ok(()));
    let short = edited(|pk| {
        pk.b_g2_query.pop();
    });
    assert_eq!(check(&short), Err(KeyCheck::QueryLengths { g1: b.len(), g2: b.len() - 1 }));
}

#[test]
fn the_embedded_verifying_key_must_be_the_published_one() {
    let (prover, vk) = small();
    let pk = prover.proving_key();
    type Edit = fn(&mut VerifyingKey);
    let cases: [(Edit, &str); 5] = [
        (|vk| vk.alpha_g1 = plus_g1(vk.alpha_g1), "alpha_g1"),
        (|vk| vk.beta_g2 = plus_g2(vk.beta_g2), "beta_g2"),
        (|vk| vk.gamma_g2 = plus_g2(vk.gamma_g2), "gamma_g2"),
        (|vk| vk.delta_g2 = plus_g2(vk.delta_g2), "delta_g2"),
        (|vk| vk.gamma_abc_g1[1] = plus_g1(vk.gamma_abc_g1[1]), "gamma_abc_g1"),
    ];
    for (edit, field) in cases {
        let mut published = vk.clone();
        edit(&mut published);
        assert_eq!(
            check_matches_verifying_key(pk, &published),
            Err(KeyCheck::VerifyingKeyMismatch { field })
        );
    }
    // A proving key whose α differs from the published key's (another setup's key
    // under this verifier's verifying key).
    let other = other_setup();
    assert_eq!(
        check_matches_verifying_key(other, vk),
        Err(KeyCheck::VerifyingKeyMismatch { field: "alpha_g1" })
    );
}

#[test]
fn checked_loading_refuses_bad_keys_and_keeps_good_ones() {
    let (prover, _) = small();
    let file = write_proving_key(prover);
    let loaded = read_proving_key(&file, SMALL, LoadMode::Checked).unwrap();
    assert_eq!(loaded.proving_key(), prover.proving_key());
    assert_eq!(loaded.key_digest(), Some(key_file_digest(&file)));
    let b = &prover.proving_key().b_g1_query;
    let index = b.iter().position(|p| !p.is_zero()).unwrap();
    let cases = [
        (edited(|pk| pk.vk.alpha_g1 = G1Affine::zero()), KeyCheck::IdentityAlphaG1),
        (edited(|pk| pk.vk.delta_g2 = G2Affine::zero()), KeyCheck::IdentityDeltaG2),
        (edited(|pk| pk.beta_g1 = plus_g1(pk.beta_g1)), KeyCheck::BetaDeltaMismatch),
        (
            edited(|pk| pk.b_g1_query[index] = plus_g1(pk.b_g1_query[index])),
            KeyCheck::BQueryMismatch { index },
        ),
    ];
    for (pk, expected) in cases {
        let file = key_file(pk);
        assert_eq!(
            read_proving_key(&file, SMALL, LoadMode::Checked).err(),
            Some(ProverError::UnsafeKey(expected))
        );
        // Validation alone (points on the curve, in the subgroup) accepts it: why
        // holders load with `Checked`.
        assert!(read_proving_key(&file, SMALL, LoadMode::Validated).is_ok());
    }
}

/// The review's attack: α = δ = identity (consistent between G1 and G2) and an
/// `a_query` that picks one witness variable make `A = z_j·G`, from which a
/// date is found by a short search. Trusted (or merely validated) loading
/// proves with it and leaks; checked loading refuses the key.
#[test]
fn the_unblinding_key_leaks_a_date_unless_refused_at_load() {
    let (prover, _) = small();
    let r1cs = prover.r1cs();
    let j = r1cs.num_instance() + 5; // a private witness variable
    let malicious = edited(|pk| {
        pk.vk.alpha_g1 = G1Affine::zero();
        pk.delta_g1 = G1Affine::zero();
        pk.vk.delta_g2 = G2Affine::zero();
        for (i, a) in pk.a_query.iter_mut().enumerate() {
            *a = if i == j { G1Affine::generator() } else { G1Affine::zero() };
        }
    });
    let file = key_file(malicious);

    // Proving with the key as loaded before the fix: the date comes back from A.
    let trusted = read_proving_key(&file, SMALL, LoadMode::Trusted).unwrap();
    let date = 44_381u64; // 2021-07-01 in days since 1900-01-01
    let mut full = vec![Fr::zero(); r1cs.num_variables()];
    full[0] = Fr::from(1u64);
    full[j] = Fr::from(date);
    let proof = trusted.prove_assignment(&full, Fr::from(123_456u64), Fr::from(654_321u64)).unwrap();
    let (g, target) = (G1Projective::generator(), proof.a.into_group());
    let mut candidate = G1Projective::zero();
    let recovered = (1..=60_000u64).find(|_| {
        candidate += g;
        candidate == target
    });
    assert_eq!(recovered, Some(date), "A = date·G with this key");

    // Loaded checked, the key is refused before any proof is made.
    assert_eq!(
        read_proving_key(&file, SMALL, LoadMode::Checked).err(),
        Some(ProverError::UnsafeKey(KeyCheck::IdentityAlphaG1))
    );
    // With an honest α, δ = identity alone is what unblinds; refused too.
    let delta_only = key_file(edited(|pk| {
        pk.delta_g1 = G1Affine::zero();
        pk.vk.delta_g2 = G2Affine::zero();
    }));
    assert_eq!(
        read_proving_key(&delta_only, SMALL, LoadMode::Checked).err(),
        Some(ProverError::UnsafeKey(KeyCheck::IdentityDeltaG1))
    );
    // The honest key's A for the same assignment hides the date.
    let honest = prover.prove_assignment(&full, Fr::from(123_456u64), Fr::from(654_321u64)).unwrap();
    assert_ne!(honest.a, proof.a);
}

#[test]
fn key_digests_are_compared_with_the_expected_one() {
    let (prover, _) = small();
    let file = write_proving_key(prover);
    let digest = key_file_digest(&file);
    {
        use sha2::Digest;
        assert_eq!(digest.as_slice(), sha2::Sha256::digest(&file).as_slice(), "what sha256sum prints");
    }
    let read = |expected| read_proving_key_expecting(&file[..], SMALL, LoadMode::Trusted, expected);
    assert_eq!(read(Some(digest)).unwrap().key_digest(), Some(digest));
    assert_eq!(read(None).unwrap().key_digest(), Some(digest));
    let mut other = digest;
    other[31] ^= 1;
    assert_eq!(
        read(Some(other)).err(),
        Some(ProverError::UnreleasedKey {
            shape: "small",
            expected: medzk_prover::r1cs::digest_hex(&other),
            found: medzk_prover::r1cs::digest_hex(&digest),
        })
    );
    // A key from another setup (a well-formed key, just not the published one).
    let another = key_file(other_setup().clone());
    assert!(matches!(
        read_proving_key_expecting(&another[..], SMALL, LoadMode::Checked, Some(digest)),
        Err(ProverError::UnreleasedKey { shape: "small", .. })
    ));
    // The digest is compared before the (costlier) structural checks.
    let unsafe_key = key_file(edited(|pk| pk.vk.alpha_g1 = G1Affine::zero()));
    assert!(matches!(
        read_proving_key_expecting(&unsafe_key[..], SMALL, LoadMode::Checked, Some(digest)),
        Err(ProverError::UnreleasedKey { .. })
    ));
    // From disk.
    let dir = std::env::temp_dir().join(format!("medzk-key-digest-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("small.pk");
    std::fs::write(&path, &file).unwrap();
    let from_disk = load_proving_key_expecting(&path, SMALL, LoadMode::Checked, Some(digest));
    let refused = load_proving_key_expecting(&path, SMALL, LoadMode::Checked, Some(other));
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(from_disk.unwrap().key_digest(), Some(digest));
    assert!(matches!(refused, Err(ProverError::UnreleasedKey { .. })));
    // A key made in this process has no file digest.
    assert_eq!(prover.key_digest(), None);
}

#[test]
fn every_shipped_shape_has_a_released_key_entry_and_none_is_released_yet() {
    for shape in QueryShape::ALL {
        assert!(RELEASED_KEY_DIGESTS.iter().any(|(name, _)| *name == shape.name), "{}", shape.name);
        // No ceremony has run: no released key. When one is, its entry must parse.
        assert_eq!(released_key_digest(shape), None, "{}", shape.name);
    }
    for (name, hex) in RELEASED_KEY_DIGESTS {
        if let Some(hex) = hex {
            assert!(hex.len() == 64 && hex.bytes().all(|b| b.is_ascii_hexdigit()), "{name}");
        }
    }
}

/// Times the holder checks (`cargo test -p medzk-prover --test key_checks --
/// --ignored --nocapture`; the test profile is optimised): the best of three.
#[test]
#[ignore]
fn time_the_checks() {
    let best = |f: &dyn Fn()| {
        (0..3)
            .map(|_| {
                let started = std::time::Instant::now();
                f();
                started.elapsed().as_secs_f64()
            })
            .fold(f64::INFINITY, f64::min)
    };
    for shape in [SMALL, MEDIUM] {
        let (pk, _) = insecure_dev_setup(shape, 7).unwrap();
        let prover = CircuitProver::new(shape, pk).unwrap();
        let file = write_proving_key(&prover);
        let checks = best(&|| check_proving_key(prover.proving_key(), &mut rand::rngs::OsRng).unwrap());
        let loads: Vec<String> = [LoadMode::Trusted, LoadMode::Validated, LoadMode::Checked]
            .into_iter()
            .map(|mode| {
                let seconds =
                    best(&|| drop(read_proving_key_expecting(&file[..], shape, mode, None).unwrap()));
                format!("{mode:?} {seconds:.2} s")
            })
            .collect();
        println!(
            "{}: {} b queries, {:.1} MB file; check_proving_key {:.3} s; load {}",
            shape.name,
            prover.proving_key().b_g1_query.len(),
            file.len() as f64 / 1e6,
            checks,
            loads.join(", ")
        );
    }
}
