//! Key files, the cached-matrix prover against plain ark-groth16, batches.

use ark_bn254::{Bn254, Fr};
use ark_groth16::Groth16;
use ark_snark::SNARK;
use medzk_circuits::eddsa::SecretKey;
use medzk_circuits::indexed_merkle::IndexedMerkleTree;
use medzk_circuits::merkle::MerkleTree;
use medzk_circuits::poseidon;
use medzk_circuits::query::constraints::QueryCircuit;
use medzk_circuits::query::{
    issuer_leaf, Clause, CompiledPolicy, Op, Predicate, QueryWitness, RecordWitness, SetSlot, SetWitness,
    VerifierContext, FIELDS, MEDIUM, SMALL,
};
use medzk_circuits::revocation::RevocationTree;
use medzk_prover::keyfile::{
    load_proving_key, read_proving_key, read_proving_key_from, read_verifying_key, write_proving_key,
    write_verifying_key,
};
use medzk_prover::{insecure_dev_setup, CircuitProver, LoadMode, ProverError, Statement, VerifyingKey};
use rand::SeedableRng;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

fn small() -> &'static (CircuitProver, VerifyingKey) {
    static KEYS: OnceLock<(CircuitProver, VerifyingKey)> = OnceLock::new();
    KEYS.get_or_init(|| {
        let (pk, vk) = insecure_dev_setup(SMALL, 7).unwrap();
        (CircuitProver::new(SMALL, pk).unwrap(), vk)
    })
}

/// A vaccination-style statement for holder `secret`.
fn statement(secret: u64) -> Statement {
    let key = SecretKey::from_bytes([5; 32]);
    let revoked = RevocationTree::new([0, 2]).unwrap();
    let issuers = MerkleTree::from_leaves_with_arity(
        4,
        6,
        [issuer_leaf(&key.public_key().point(), 1 << 2, revoked.root())],
    )
    .unwrap();
    let set = IndexedMerkleTree::from_set_with_arity(4, 8, [207, 208]).unwrap();
    let secret = Fr::from(secret);
    let mut fields = [Fr::from(0u64); FIELDS];
    fields[0] = Fr::from(207u64);
    fields[1] = Fr::from(44_100u64);
    let mut record = RecordWitness {
        schema_id: 2,
        presence: 0b11,
        fields,
        holder: poseidon::hash(&[secret]).unwrap(),
        issued_at: 44_000,
        expires_at: 50_000,
        revocation_nonce: Fr::from(1u64),
        salt: Fr::from(2u64),
        issuer: key.public_key().point(),
        issuer_schemas: 1 << 2,
        signature: key.sign(Fr::from(0u64)),
        issuer_path: issuers.path(0).unwrap(),
        revocation: revoked.witness(1).unwrap(),
    };
    record.signature = key.sign(record.commitment());
    let policy = CompiledPolicy {
        shape: SMALL,
        schemas: vec![2],
        sets: vec![SetSlot { root: set.root(), active: true }],
        clauses: vec![
            Clause::single(Predicate { field: 0, ..Predicate::of(Op::In) }),
            Clause::single(Predicate { field: 1, lo: 44_000, hi: u64::MAX, ..Predicate::of(Op::InRange) }),
            Clause::UNUSED,
            Clause::UNUSED,
        ],
        lists: Vec::new(),
    };
    let witness = QueryWitness {
        holder_secret: secret,
        records: vec![record],
        sets: vec![Some(SetWitness { value: 207, proof: set.membership_proof(207).unwrap() })],
        lists: Vec::new(),
    };
    let context = VerifierContext {
        issuer_root: issuers.root(),
        reference_date: 45_000,
        scope: Fr::from(3u64),
        challenge: Fr::from(4u64),
    };
    Statement { policy, witness, context }
}

#[test]
fn fast_path_proofs_verify_like_plain_groth16_proofs() {
    let (prover, vk) = small();
    let s = statement(11);
    let mut rng = rand::rngs::StdRng::seed_from_u64(1);
    let (fast, public) = prover.prove(&s, &mut rng).unwrap();
    let inputs = public.to_vec();
    assert!(Groth16::<Bn254>::verify(vk, &inputs, &fast).unwrap());
    let plain = Groth16::<Bn254>::prove(
        prover.proving_key(),
        QueryCircuit::new(s.policy.clone(), s.witness.clone(), public),
        &mut rng,
    )
    .unwrap();
    assert!(Groth16::<Bn254>::verify(vk, &inputs, &plain).unwrap());
    let mut wrong = inputs.clone();
    wrong[5] += Fr::from(1u64);
    assert!(!Groth16::<Bn254>::verify(vk, &wrong, &fast).unwrap());
}

#[test]
fn compact_witness_map_and_proof_equal_ark_groth16_bit_for_bit() {
    use ark_groth16::r1cs_to_qap::{LibsnarkReduction, R1CSToQAP};
    use ark_poly::GeneralEvaluationDomain;
    let (prover, vk) = small();
    let s = statement(12);
    let public = medzk_circuits::query::evaluate(&s.policy, &s.witness, &s.context).unwrap().public;
    let full = prover.synthesize_assignment(&s.policy, &s.witness, &public).unwrap();
    let r1cs = prover.r1cs();
    assert!(r1cs.is_satisfied_by(&full));
    let matrices = r1cs.to_matrices();
    let ours = medzk_prover::witness_map(r1cs, &full).unwrap();
    let theirs = LibsnarkReduction::witness_map_from_matrices::<Fr, GeneralEvaluationDomain<Fr>>(
        &matrices,
        r1cs.num_instance(),
        r1cs.num_constraints(),
        &full,
    )
    .unwrap();
    assert_eq!(ours, theirs);
    for (r, s) in [(Fr::from(3u64), Fr::from(5u64)), (Fr::from(0u64), Fr::from(9u64))] {
        let ours = prover.prove_assignment(&full, r, s).unwrap();
        let theirs = Groth16::<Bn254>::create_proof_with_reduction_and_matrices(
            prover.proving_key(),
            r,
            s,
            &matrices,
            r1cs.num_instance(),
            r1cs.num_constraints(),
            &full,
        )
        .unwrap();
        assert_eq!(ours, theirs);
        assert!(Groth16::<Bn254>::verify(vk, &public.to_vec(), &ours).unwrap());
    }
    // A wrong witness: unsatisfied, and its proof does not verify.
    let mut wrong = full.clone();
    let last = wrong.len() - 1;
    wrong[last] += Fr::from(1u64);
    assert!(!r1cs.is_satisfied_by(&wrong));
    let proof = prover.prove_assignment(&wrong, Fr::from(3u64), Fr::from(5u64)).unwrap();
    assert!(!Groth16::<Bn254>::verify(vk, &public.to_vec(), &proof).unwrap());
    assert!(prover.prove_assignment(&full[1..], Fr::from(3u64), Fr::from(5u64)).is_err());
}

#[test]
fn batch_proving_reports_progress_and_every_proof_verifies() {
    let (prover, vk) = small();
    let statements: Vec<Statement> = (0..4).map(|i| statement(100 + i)).collect();
    let calls = AtomicUsize::new(0);
    let results =
        prover.prove_batch(&statements, &mut rand::rngs::StdRng::seed_from_u64(2), &|done, total| {
            assert!(done <= total && total == 4);
            calls.fetch_add(1, Ordering::Relaxed);
        });
    assert_eq!(calls.load(Ordering::Relaxed), 4);
    let mut nullifiers = Vec::new();
    for result in results {
        let (proof, public) = result.unwrap();
        assert!(Groth16::<Bn254>::verify(vk, &public.to_vec(), &proof).unwrap());
        nullifiers.push(public.nullifier);
    }
    nullifiers.dedup();
    assert_eq!(nullifiers.len(), 4);
    // A false statement in a batch fails alone.
    let mut bad = statement(1);
    bad.context.reference_date = 50_001;
    let results =
        prover.prove_batch(&[statement(2), bad], &mut rand::rngs::StdRng::seed_from_u64(3), &|_, _| {});
    assert!(results[0].is_ok());
    assert!(matches!(results[1], Err(ProverError::Unsatisfied(_))));
}

#[test]
fn key_files_round_trip_and_refuse_damage() {
    let (prover, vk) = small();
    let pk_file = write_proving_key(prover);
    let vk_file = write_verifying_key(SMALL, &prover.r1cs_digest(), vk);
    for mode in [LoadMode::Validated, LoadMode::Trusted] {
        let loaded = read_proving_key(&pk_file, SMALL, mode).unwrap();
        assert_eq!(loaded.proving_key(), prover.proving_key());
        let (vk2, digest) = read_verifying_key(&vk_file, SMALL, mode).unwrap();
        assert_eq!(&vk2, vk);
        assert_eq!(digest, prover.r1cs_digest());
    }
    let err = |bytes: &[u8]| read_proving_key(bytes, SMALL, LoadMode::Trusted).err().expect("refused");
    assert!(matches!(err(&pk_file[..pk_file.len() - 1]), ProverError::Truncated));
    assert!(matches!(err(&pk_file[..20]), ProverError::Truncated));
    assert!(matches!(err(&vk_file), ProverError::BadMagic("proving")));
    assert!(matches!(err(b"MEDZK"), ProverError::BadMagic(_)));
    let mut version = pk_file.clone();
    version[8] = 9;
    assert!(matches!(err(&version), ProverError::UnsupportedVersion { found: 9, .. }));
    let mut curve = pk_file.clone();
    curve[10] = 2;
    assert!(matches!(err(&curve), ProverError::WrongCurve(2)));
    let mut corrupted = pk_file.clone();
    let last = corrupted.len() - 1;
    corrupted[last] ^= 1;
    assert!(matches!(err(&corrupted), ProverError::Corrupted));
    let mut other_circuit = pk_file.clone();
    other_circuit[8 + 2 + 1 + 1 + 5 + 8] ^= 1; // first byte of the R1CS digest
    assert!(matches!(err(&other_circuit), ProverError::WrongCircuit("small")));
    // Matrices changed under a valid payload digest: another circuit.
    let payload_at = 8 + 2 + 1 + 1 + 5 + 8 + 32 + 8 + 32;
    let mut other_matrices = pk_file.clone();
    let coefficient_at = payload_at + 8 + 32 + 2 * 32; // the third coefficient's first byte
    other_matrices[coefficient_at] ^= 1;
    reseal(&mut other_matrices);
    assert!(matches!(err(&other_matrices), ProverError::WrongCircuit("small")));
    // A matrix length past the payload: truncated, not a panic.
    let mut long = pk_file.clone();
    long[payload_at..payload_at + 8].copy_from_slice(&u64::MAX.to_le_bytes());
    reseal(&mut long);
    assert!(matches!(err(&long), ProverError::Truncated));
    assert!(matches!(
        read_proving_key(&pk_file, MEDIUM, LoadMode::Trusted),
        Err(ProverError::WrongShape { expected: "medium", .. })
    ));
    assert!(matches!(
        read_verifying_key(&vk_file, MEDIUM, LoadMode::Validated),
        Err(ProverError::WrongShape { .. })
    ));
    // A key of the right length whose points are garbage fails validation.
    let mut garbage = vk_file.clone();
    let payload_start = garbage.len() - 200;
    for b in &mut garbage[payload_start..payload_start + 64] {
        *b = 0x5a;
    }
    let payload =
        &garbage[garbage.len() - (vk_file.len() - (8 + 2 + 1 + 1 + 5 + 8 + 32 + 8 + 32))..].to_vec();
    let digest_at = 8 + 2 + 1 + 1 + 5 + 8 + 32 + 8;
    use sha2::Digest;
    garbage[digest_at..digest_at + 32].copy_from_slice(&sha2::Sha256::digest(payload));
    assert!(matches!(
        read_verifying_key(&garbage, SMALL, LoadMode::Validated),
        Err(ProverError::InvalidKey(_))
    ));
}

/// Recomputes a key file's payload digest after an edit.
fn reseal(file: &mut [u8]) {
    use sha2::Digest;
    let digest_at = 8 + 2 + 1 + 1 + 5 + 8 + 32 + 8;
    let digest = sha2::Sha256::digest(&file[digest_at + 32..]);
    file[digest_at..digest_at + 32].copy_from_slice(&digest);
}

#[test]
fn pinned_r1cs_digests_match_the_circuits() {
    for shape in medzk_circuits::query::QueryShape::ALL {
        let r1cs = medzk_prover::R1cs::for_shape(shape).unwrap();
        let digest = r1cs.digest();
        assert_eq!(
            Some(digest),
            medzk_prover::pinned_r1cs_digest(shape),
            "update PINNED_R1CS_DIGESTS for {}: {}",
            shape.name,
            medzk_prover::r1cs::digest_hex(&digest)
        );
        println!(
            "{}: {} constraints, {} matrix entries",
            shape.name,
            r1cs.num_constraints(),
            r1cs.num_entries()
        );
    }
}

#[test]
fn compact_matrices_expand_to_arkworks_matrices_and_refuse_hostile_bytes() {
    use ark_relations::gr1cs::{
        ConstraintSynthesizer, ConstraintSystem, SynthesisMode, R1CS_PREDICATE_LABEL,
    };
    let cs = ConstraintSystem::<Fr>::new_ref();
    cs.set_mode(SynthesisMode::Setup);
    QueryCircuit::for_setup(SMALL).generate_constraints(cs.clone()).unwrap();
    cs.finalize();
    let arkworks = cs.to_matrices().unwrap().remove(R1CS_PREDICATE_LABEL).unwrap();
    let r1cs = medzk_prover::R1cs::for_shape(SMALL).unwrap();
    assert_eq!(r1cs.to_matrices(), arkworks);
    assert_eq!(r1cs.num_variables(), cs.num_instance_variables() + cs.num_witness_variables());
    let bytes = r1cs.to_bytes();
    assert_eq!(medzk_prover::R1cs::from_bytes(&bytes).unwrap(), r1cs);
    assert_eq!(medzk_prover::R1cs::digest_of_bytes(&bytes), r1cs.digest());
    let refused = |bytes: &[u8]| medzk_prover::R1cs::from_bytes(bytes).expect_err("refused");
    assert!(matches!(refused(&bytes[..bytes.len() - 1]), ProverError::Truncated));
    assert!(matches!(refused(&[bytes.as_slice(), &[0]].concat()), ProverError::InvalidKey(_)));
    let coefficients = u64::from_le_bytes(bytes[24..32].try_into().unwrap()) as usize;
    let matrix_a = 32 + 32 * coefficients;
    let mut non_canonical = bytes.clone();
    non_canonical[32 + 64..32 + 96].copy_from_slice(&[0xff; 32]);
    assert!(matches!(refused(&non_canonical), ProverError::InvalidKey(_)));
    let rows = r1cs.num_constraints();
    let column_at = matrix_a + 8 + 4 * (rows + 1);
    let mut column = bytes.clone();
    column[column_at..column_at + 4].copy_from_slice(&u32::MAX.to_le_bytes());
    assert!(matches!(refused(&column), ProverError::InvalidKey(_)));
    let mut offsets = bytes.clone();
    offsets[matrix_a + 8 + 4..matrix_a + 8 + 8].copy_from_slice(&u32::MAX.to_le_bytes());
    assert!(matches!(refused(&offsets), ProverError::InvalidKey(_)));
    let mut huge = bytes.clone();
    huge[16..24].copy_from_slice(&u64::MAX.to_le_bytes());
    assert!(matches!(refused(&huge), ProverError::InvalidKey(_)));
}

#[test]
fn a_key_for_another_shape_is_refused_by_the_prover() {
    let (pk, _) = insecure_dev_setup(SMALL, 1).unwrap();
    assert!(matches!(CircuitProver::new(MEDIUM, pk), Err(ProverError::KeyMismatch { shape: "medium", .. })));
    let (prover, _) = small();
    let mut s = statement(3);
    s.policy.shape = MEDIUM;
    assert!(matches!(
        prover.prove(&s, &mut rand::rngs::StdRng::seed_from_u64(0)),
        Err(ProverError::ShapeMismatch { .. })
    ));
}

#[test]
fn key_files_stream_from_disk_and_refuse_hostile_lengths() {
    use ark_serialize::CanonicalSerialize;
    let (prover, vk) = small();
    let pk_file = write_proving_key(prover);
    let dir = std::env::temp_dir().join(format!("medzk-prover-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("small.pk");
    std::fs::write(&path, &pk_file).unwrap();
    for mode in [LoadMode::Validated, LoadMode::Trusted] {
        let loaded = load_proving_key(&path, SMALL, mode).unwrap();
        assert_eq!(loaded.proving_key(), prover.proving_key());
        assert_eq!(loaded.r1cs_digest(), prover.r1cs_digest());
    }
    assert!(matches!(
        load_proving_key(&dir.join("missing.pk"), SMALL, LoadMode::Trusted),
        Err(ProverError::Io(_))
    ));
    std::fs::remove_dir_all(&dir).unwrap();

    // A reader that hands out one byte at a time (a pipe, a slow disk) reads the same key.
    struct Trickle<'a>(&'a [u8]);
    impl std::io::Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = buf.len().min(1).min(self.0.len());
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }
    let trickled = read_proving_key_from(Trickle(&pk_file), SMALL, LoadMode::Trusted).unwrap();
    assert_eq!(trickled.proving_key(), prover.proving_key());
    assert!(matches!(
        read_proving_key_from(Trickle(&pk_file[..pk_file.len() - 7]), SMALL, LoadMode::Trusted),
        Err(ProverError::Truncated)
    ));

    let err = |bytes: &[u8], mode| read_proving_key(bytes, SMALL, mode).err().expect("refused");
    // Bytes after the payload.
    let mut trailing = pk_file.clone();
    trailing.push(0);
    assert!(matches!(err(&trailing, LoadMode::Trusted), ProverError::Corrupted));
    // A flipped point byte: the digest reports it, in either mode.
    let mut flipped = pk_file.clone();
    let middle = pk_file.len() - 1000;
    flipped[middle] ^= 0x40;
    for mode in [LoadMode::Validated, LoadMode::Trusted] {
        assert!(matches!(err(&flipped, mode), ProverError::Corrupted));
    }
    // A resealed flipped point is caught by the point checks when validated.
    reseal(&mut flipped);
    assert!(matches!(err(&flipped, LoadMode::Validated), ProverError::InvalidKey(_)));
    // A point vector claiming 2^64 − 1 points: refused before anything is reserved.
    let payload_at = 8 + 2 + 1 + 1 + 5 + 8 + 32 + 8 + 32;
    let matrices = u64::from_le_bytes(pk_file[payload_at..payload_at + 8].try_into().unwrap()) as usize;
    let a_query_at = payload_at + 8 + matrices + vk.uncompressed_size() + 2 * 64;
    assert_eq!(
        u64::from_le_bytes(pk_file[a_query_at..a_query_at + 8].try_into().unwrap()) as usize,
        prover.proving_key().a_query.len()
    );
    let mut huge = pk_file.clone();
    huge[a_query_at..a_query_at + 8].copy_from_slice(&u64::MAX.to_le_bytes());
    reseal(&mut huge);
    assert!(matches!(err(&huge, LoadMode::Trusted), ProverError::Truncated));
    // A header claiming a payload far longer than the file.
    let mut long_payload = pk_file.clone();
    long_payload[payload_at - 40..payload_at - 32].copy_from_slice(&(1u64 << 62).to_le_bytes());
    assert!(matches!(err(&long_payload, LoadMode::Trusted), ProverError::Truncated));
}
