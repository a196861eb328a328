//! The query circuit against its native twin, with constraint counts.

use medzk_circuits::indexed_merkle::IndexedMerkleTree;
use medzk_circuits::query::{
    evaluate, Clause, CompiledPolicy, Op, Predicate, QueryShape, QueryWitness, SetSlot, SetWitness,
    VerifierContext, MEDIUM, SMALL,
};
use medzk_circuits::{poseidon, CircuitError, Fr};

#[path = "support/query.rs"]
mod support;
use support::{issuers, range, record, satisfied};

/// Vaccinated with a CVX in {207, 208, 210} on or after day 44,000.
fn vaccination() -> (CompiledPolicy, QueryWitness, VerifierContext) {
    let set = IndexedMerkleTree::from_set_with_arity(4, 8, [207, 208, 210]).unwrap();
    let policy = CompiledPolicy {
        shape: SMALL,
        schemas: vec![2],
        sets: vec![SetSlot { root: set.root(), active: true }],
        clauses: vec![
            Clause::single(Predicate { field: 0, ..Predicate::of(Op::In) }),
            Clause::single(range(0, 1, 44_000, u64::MAX)),
            Clause::single(Predicate { field: 1, ..Predicate::of(Op::Reveal) }),
            Clause::UNUSED,
        ],
        lists: Vec::new(),
    };
    let secret = Fr::from(777u64);
    let holder = poseidon::hash(&[secret]).unwrap();
    let rec = record(2, &[(0, 207), (1, 44_100), (5, 1)], holder, 2, 50_000);
    let witness = QueryWitness {
        holder_secret: secret,
        records: vec![rec],
        sets: vec![Some(SetWitness { value: 207, proof: set.membership_proof(207).unwrap() })],
        lists: Vec::new(),
    };
    let context = VerifierContext {
        issuer_root: issuers().1.root(),
        reference_date: 46_000,
        scope: Fr::from(31u64),
        challenge: Fr::from(123_456u64),
    };
    (policy, witness, context)
}

#[test]
fn vaccination_statement_is_satisfied_natively_and_in_circuit() {
    let (policy, witness, context) = vaccination();
    let eval = evaluate(&policy, &witness, &context).unwrap();
    assert_eq!(eval.revealed[2], Fr::from(44_100u64));
    assert_ne!(eval.public.revealed_hash, Fr::from(0u64));
    let (ok, constraints) = satisfied(&policy, &witness, &context);
    assert!(ok);
    println!("query_small: {constraints} constraints");
}

#[test]
fn each_violation_is_named_natively_and_unsatisfied_in_circuit() {
    let (policy, witness, context) = vaccination();
    let mut cases: Vec<(CompiledPolicy, QueryWitness, VerifierContext, CircuitError)> = Vec::new();
    // Vaccinated too early.
    let mut early = witness.clone();
    early.records[0] = record(2, &[(0, 207), (1, 43_999), (5, 1)], witness.records[0].holder, 2, 50_000);
    cases.push((policy.clone(), early, context, CircuitError::ClauseFailed(1)));
    // Expired record.
    let mut expired = context;
    expired.reference_date = 50_001;
    cases.push((policy.clone(), witness.clone(), expired, CircuitError::RecordExpired(0)));
    // Issuer not in the trusted root.
    let mut untrusted = context;
    untrusted.issuer_root = Fr::from(5u64);
    cases.push((policy.clone(), witness.clone(), untrusted, CircuitError::IssuerNotTrusted(0)));
    // Another holder's record.
    let mut other = witness.clone();
    other.holder_secret = Fr::from(778u64);
    cases.push((policy.clone(), other, context, CircuitError::HolderMismatch(0)));
    // Wrong schema.
    let mut schema = policy.clone();
    schema.schemas[0] = 3;
    cases.push((
        schema,
        witness.clone(),
        context,
        CircuitError::RecordSchema { record: 0, found: 2, expected: 3 },
    ));
    // Tampered field (signature no longer matches).
    let mut tampered = witness.clone();
    tampered.records[0].fields[1] = Fr::from(44_200u64);
    cases.push((policy.clone(), tampered, context, CircuitError::RecordSignature(0)));
    for (policy, witness, context, expected) in cases {
        assert_eq!(evaluate(&policy, &witness, &context).unwrap_err(), expected);
        assert!(!satisfied(&policy, &witness, &context).0, "{expected}");
    }
}

#[test]
fn medium_shape_constraint_count() {
    let secret = Fr::from(5u64);
    let holder = poseidon::hash(&[secret]).unwrap();
    let set = IndexedMerkleTree::from_set_with_arity(4, 8, [10, 20]).unwrap();
    let policy = CompiledPolicy {
        shape: MEDIUM,
        schemas: vec![1, 3, 4],
        sets: vec![SetSlot { root: set.root(), active: true }, SetSlot::UNUSED],
        clauses: (0..8)
            .map(|k| match k {
                0 => Clause::single(range(0, 0, 100, 200)),
                1 => Clause::single(Predicate { record: 2, field: 0, ..Predicate::of(Op::NotIn) }),
                2 => Clause { predicates: [range(1, 1, 0, 5), range(1, 1, 7, 9)] },
                _ => Clause::UNUSED,
            })
            .collect(),
        lists: Vec::new(),
    };
    let witness = QueryWitness {
        holder_secret: secret,
        records: vec![
            record(1, &[(0, 150)], holder, 0, 50_000),
            record(3, &[(1, 8)], holder, 1, 50_000),
            record(4, &[(0, 15)], holder, 3, 50_000),
        ],
        sets: vec![Some(SetWitness { value: 15, proof: set.non_membership_proof(15).unwrap() }), None],
        lists: Vec::new(),
    };
    let context = VerifierContext {
        issuer_root: issuers().1.root(),
        reference_date: 46_000,
        scope: Fr::from(1u64),
        challenge: Fr::from(2u64),
    };
    evaluate(&policy, &witness, &context).unwrap();
    let (ok, constraints) = satisfied(&policy, &witness, &context);
    assert!(ok);
    println!("query_medium: {constraints} constraints");
    let _ = QueryShape::by_name("medium").unwrap();
}
