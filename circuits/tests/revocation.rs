//! Revocation inside the query circuit, native twin beside it: a revoked
//! record cannot prove, an unrevoked one proves (at the list's bounds and
//! beside revoked indices), and a witness from another list, an index past
//! the capacity or a stale registry leaf are refused.

use medzk_circuits::eddsa::SecretKey;
use medzk_circuits::merkle::MerkleTree;
use medzk_circuits::query::{
    evaluate, issuer_leaf, Clause, CompiledPolicy, Op, Predicate, QueryWitness, RecordWitness, SetSlot,
    VerifierContext, SMALL,
};
use medzk_circuits::revocation::{RevocationTree, RevocationWitness, CAPACITY};
use medzk_circuits::{poseidon, CircuitError, Fr};

#[path = "support/query.rs"]
mod support;
use support::{range, satisfied, ALL_SCHEMAS};

const SECRET: u64 = 4242;

/// One issuer (key 9) whose revocation list is `revoked`, in a registry of one.
struct Issuer {
    key: SecretKey,
    list: RevocationTree,
    registry: MerkleTree,
}

fn issuer(revoked: &[u64]) -> Issuer {
    let key = SecretKey::from_bytes([9; 32]);
    let list = RevocationTree::new(revoked.iter().copied()).unwrap();
    let leaf = issuer_leaf(&key.public_key().point(), ALL_SCHEMAS, list.root());
    let registry = MerkleTree::from_leaves_with_arity(4, 6, [leaf]).unwrap();
    Issuer { key, list, registry }
}

/// An observation record with revocation index `nonce`, its witness from `list`.
fn record(issuer: &Issuer, nonce: u64, list: &RevocationTree) -> RecordWitness {
    let mut fields = [Fr::from(0u64); 8];
    fields[0] = Fr::from(4548u64);
    let mut w = RecordWitness {
        schema_id: 3,
        presence: 1,
        fields,
        holder: poseidon::hash(&[Fr::from(SECRET)]).unwrap(),
        issued_at: 40_000,
        expires_at: 50_000,
        revocation_nonce: Fr::from(nonce),
        salt: Fr::from(77u64),
        issuer: issuer.key.public_key().point(),
        issuer_schemas: ALL_SCHEMAS,
        signature: issuer.key.sign(Fr::from(0u64)),
        issuer_path: issuer.registry.path(0).unwrap(),
        revocation: list.witness(nonce % CAPACITY).unwrap(),
    };
    w.signature = issuer.key.sign(w.commitment());
    w
}

fn policy() -> CompiledPolicy {
    CompiledPolicy {
        shape: SMALL,
        schemas: vec![3],
        sets: vec![SetSlot::UNUSED],
        clauses: vec![
            Clause::single(Predicate { field: 0, operand: Fr::from(4548u64), ..Predicate::of(Op::FieldEq) }),
            Clause::single(range(0, 0, 4000, 5000)),
            Clause::UNUSED,
            Clause::UNUSED,
        ],
        lists: Vec::new(),
    }
}

/// The native verdict and whether the circuit is satisfied.
fn check(issuer: &Issuer, record: RecordWitness) -> (Result<(), CircuitError>, bool) {
    let witness = QueryWitness {
        holder_secret: Fr::from(SECRET),
        records: vec![record],
        sets: vec![None],
        lists: vec![],
    };
    let context = VerifierContext {
        issuer_root: issuer.registry.root(),
        reference_date: 45_000,
        scope: Fr::from(1u64),
        challenge: Fr::from(2u64),
    };
    let native = evaluate(&policy(), &witness, &context).map(|_| ());
    (native, satisfied(&policy(), &witness, &context).0)
}

#[test]
fn a_revoked_record_cannot_prove_and_its_neighbours_can() {
    let revoked = [0, 5, 63, 64, 1000, CAPACITY - 1];
    let issuer = issuer(&revoked);
    for n in [0, 1, 4, 5, 6, 62, 63, 64, 65, 999, 1000, 1001, CAPACITY - 2, CAPACITY - 1] {
        let verdict = check(&issuer, record(&issuer, n, &issuer.list));
        if revoked.contains(&n) {
            assert_eq!(verdict, (Err(CircuitError::RecordRevoked(0)), false), "index {n}");
        } else {
            assert_eq!(verdict, (Ok(()), true), "index {n}");
        }
    }
}

#[test]
fn revoking_one_record_leaves_the_issuers_others_valid() {
    let before = issuer(&[]);
    let after = issuer(&[7]);
    for n in [6, 7, 8, 71, 5000] {
        assert_eq!(check(&before, record(&before, n, &before.list)), (Ok(()), true), "{n} before");
        let expected = if n == 7 { (Err(CircuitError::RecordRevoked(0)), false) } else { (Ok(()), true) };
        assert_eq!(check(&after, record(&after, n, &after.list)), expected, "{n} after");
    }
}

#[test]
fn a_witness_from_the_list_before_the_revocation_is_refused() {
    // The holder keeps the witness of the empty list it had before index 7
    // was revoked; the registry's leaf now commits to the new list.
    let after = issuer(&[7]);
    let stale = RevocationTree::new([]).unwrap();
    assert_eq!(check(&after, record(&after, 7, &stale)), (Err(CircuitError::IssuerNotTrusted(0)), false));
    // A clean chunk of the current list, claimed for the revoked index.
    let mut other = record(&after, 7, &after.list);
    other.revocation = after.list.witness(7 + 64).unwrap();
    assert_eq!(check(&after, other), (Err(CircuitError::IssuerNotTrusted(0)), false));
    // The revoked chunk with the bit cleared.
    let mut cleared = record(&after, 7, &after.list);
    cleared.revocation.chunk &= !(1 << 7);
    assert_eq!(check(&after, cleared), (Err(CircuitError::IssuerNotTrusted(0)), false));
}

#[test]
fn an_index_past_the_capacity_is_refused_even_when_its_low_bits_are_clean() {
    let issuer = issuer(&[7]);
    // 2^20 + 8 reduces to the clean index 8 in its low 20 bits.
    let record = record(&issuer, CAPACITY + 8, &issuer.list);
    assert_eq!(check(&issuer, record), (Err(CircuitError::RevocationIndex(0)), false));
}

#[test]
fn a_witness_of_the_wrong_shape_is_refused_natively_and_in_circuit() {
    let issuer = issuer(&[]);
    let mut short = record(&issuer, 3, &issuer.list);
    short.revocation = RevocationWitness { chunk: 0, siblings: short.revocation.siblings[..6].to_vec() };
    assert_eq!(check(&issuer, short), (Err(CircuitError::RevocationProof(0)), false));
}

#[test]
fn a_registry_leaf_without_the_revocation_root_is_refused() {
    // A registry built the old way, `Poseidon(x, y, schemas)`, holds no list:
    // no witness opens it.
    let key = SecretKey::from_bytes([9; 32]);
    let point = key.public_key().point();
    let old_leaf = poseidon::hash(&[point.x, point.y, Fr::from(ALL_SCHEMAS)]).unwrap();
    let list = RevocationTree::new([]).unwrap();
    let registry = MerkleTree::from_leaves_with_arity(4, 6, [old_leaf]).unwrap();
    let issuer = Issuer { key, list, registry };
    let r = record(&issuer, 3, &issuer.list);
    assert_eq!(check(&issuer, r), (Err(CircuitError::IssuerNotTrusted(0)), false));
}
