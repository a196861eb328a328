//! Helpers shared by the query-circuit tests: issuers, signed records, and
//! satisfaction of the circuit beside its native twin.
#![allow(dead_code)]

use ark_relations::gr1cs::{ConstraintSynthesizer, ConstraintSystem};
use medzk_circuits::eddsa::SecretKey;
use medzk_circuits::merkle::MerkleTree;
use medzk_circuits::query::constraints::QueryCircuit;
use medzk_circuits::query::{
    evaluate, issuer_leaf, CompiledPolicy, Op, Predicate, QueryWitness, RecordWitness, VerifierContext,
    FIELDS,
};
use medzk_circuits::revocation::RevocationTree;
use medzk_circuits::{poseidon, Fr};

/// The mask of schemas 1..=11 (every schema the tests use).
pub const ALL_SCHEMAS: u32 = 0b1111_1111_1110;

/// The revocation index of every test record.
pub const NONCE: u64 = 9;

/// Issuer `issuer`'s revocation list: the indices either side of the test
/// records' index and one more per issuer are revoked, so every scenario
/// proves against a non-empty list.
pub fn revocations(issuer: usize) -> RevocationTree {
    RevocationTree::new([NONCE - 1, NONCE + 1, 100 + issuer as u64]).unwrap()
}

pub fn issuers() -> (Vec<SecretKey>, MerkleTree) {
    let keys: Vec<SecretKey> = (1..=5u8).map(|i| SecretKey::from_bytes([i; 32])).collect();
    let tree = MerkleTree::from_leaves_with_arity(
        4,
        6,
        keys.iter()
            .enumerate()
            .map(|(i, k)| issuer_leaf(&k.public_key().point(), ALL_SCHEMAS, revocations(i).root())),
    )
    .unwrap();
    (keys, tree)
}

pub fn record(
    schema_id: u64,
    fields: &[(usize, u64)],
    holder: Fr,
    issuer: usize,
    expires_at: u32,
) -> RecordWitness {
    let (keys, tree) = issuers();
    let mut values = [Fr::from(0u64); FIELDS];
    let mut presence = 0;
    for (i, v) in fields {
        values[*i] = Fr::from(*v);
        presence |= 1 << i;
    }
    let mut w = RecordWitness {
        schema_id,
        presence,
        fields: values,
        holder,
        issued_at: 40_000,
        expires_at,
        revocation_nonce: Fr::from(NONCE),
        salt: Fr::from(schema_id * 1000 + issuer as u64),
        issuer: keys[issuer].public_key().point(),
        issuer_schemas: ALL_SCHEMAS,
        signature: keys[0].sign(Fr::from(0u64)),
        issuer_path: tree.path(issuer as u64).unwrap(),
        revocation: revocations(issuer).witness(NONCE).unwrap(),
    };
    w.signature = keys[issuer].sign(w.commitment());
    w
}

pub fn range(record: u8, field: u8, lo: u64, hi: u64) -> Predicate {
    Predicate { record, field, lo, hi, ..Predicate::of(Op::InRange) }
}

pub fn satisfied(
    policy: &CompiledPolicy,
    witness: &QueryWitness,
    context: &VerifierContext,
) -> (bool, usize) {
    let public = match evaluate(policy, witness, context) {
        Ok(e) => e.public,
        // Use what the native twin would have produced, to check the circuit rejects too.
        Err(_) => medzk_circuits::query::PublicInputs {
            issuer_root: context.issuer_root,
            policy_hash: policy.hash(),
            reference_date: context.reference_date,
            scope: context.scope,
            nullifier: poseidon::hash2(witness.holder_secret, context.scope),
            challenge: context.challenge,
            revealed_hash: Fr::from(0u64),
        },
    };
    let cs = ConstraintSystem::<Fr>::new_ref();
    let circuit = QueryCircuit::new(policy.clone(), witness.clone(), public);
    let ok = circuit.generate_constraints(cs.clone()).is_ok() && cs.is_satisfied().unwrap();
    (ok, cs.num_constraints())
}
