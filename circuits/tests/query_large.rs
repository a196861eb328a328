//! The large shape, unused record slots, relative dates and cross-record
//! clauses: each satisfied natively and in-circuit, each violation refused by
//! both (the native twin names it, the constraint system is unsatisfied).

#[path = "support/query.rs"]
mod support;

use medzk_circuits::calendar::years_before;
use medzk_circuits::indexed_merkle::IndexedMerkleTree;
use medzk_circuits::query::{
    evaluate, Clause, CompiledPolicy, Op, Predicate, QueryShape, QueryWitness, RecordWitness, SetSlot,
    SetWitness, VerifierContext, LARGE, UNUSED_SCHEMA,
};
use medzk_circuits::{poseidon, CircuitError, Fr};
use medzk_types::date::from_civil;
use support::{issuers, range, record, satisfied};

const SECRET: u64 = 4242;

fn holder() -> Fr {
    poseidon::hash(&[Fr::from(SECRET)]).unwrap()
}

fn context(reference_date: u32) -> VerifierContext {
    VerifierContext {
        issuer_root: issuers().1.root(),
        reference_date,
        scope: Fr::from(5u64),
        challenge: Fr::from(6u64),
    }
}

fn day(y: i64, m: u32, d: u32) -> u32 {
    from_civil(y, m, d).unwrap()
}

/// A relative predicate: `field ∈ [reference − years − lo_days, reference − years − hi_days]`
/// for the bounds given as `Some(days)`, absolute 0 / 2^64 − 1 otherwise.
fn relative(record: u8, field: u8, years: u8, lo_days: Option<u64>, hi_days: Option<u64>) -> Predicate {
    Predicate {
        record,
        field,
        years,
        lo: lo_days.unwrap_or(0),
        hi: hi_days.unwrap_or(u64::MAX),
        lo_is_reference_date: lo_days.is_some(),
        hi_is_reference_date: hi_days.is_some(),
        ..Predicate::of(Op::InRange)
    }
}

/// Slots: 0 patient (birth date f0, sex f1: 1 female 2 male), 1 HbA1c (value f0,
/// date f1), 2 creatinine (value f0 in mg/dL × 1000), 3..=5 conditions (code f0),
/// 6 and 7 unused. Clauses: adult (born on or before reference − 18 y), HbA1c
/// within the last 8 weeks, creatinine by sex (cross-record), each condition's
/// code in its own set slot (4 sets), and `unused` to pad.
fn trial(
    _reference: u32,
    birth: u32,
    sex: u64,
    creatinine: u64,
    hba1c_date: u32,
) -> (CompiledPolicy, QueryWitness) {
    let sets: Vec<IndexedMerkleTree> = [[100, 200], [101, 201], [102, 202], [202, 303]]
        .into_iter()
        .map(|codes| IndexedMerkleTree::from_set_with_arity(4, 8, codes).unwrap())
        .collect();
    let female = Predicate { record: 0, field: 1, lo: 1, hi: 1, ..Predicate::of(Op::InRange) };
    let male = Predicate { lo: 2, hi: 2, ..female };
    let mut clauses = vec![
        Clause::single(relative(0, 0, 18, None, Some(0))),
        Clause::single(relative(1, 1, 0, Some(56), Some(0))),
        // (female or creatinine < 1.5) and (male or creatinine < 1.4).
        Clause { predicates: [female, range(2, 0, 0, 1499)] },
        Clause { predicates: [male, range(2, 0, 0, 1399)] },
    ];
    for j in 0..4u8 {
        clauses.push(Clause::single(Predicate {
            record: 3 + j.min(2),
            field: 0,
            set: j,
            ..Predicate::of(Op::In)
        }));
    }
    clauses.resize(LARGE.clauses, Clause::UNUSED);
    let policy = CompiledPolicy {
        shape: LARGE,
        schemas: vec![1, 3, 3, 4, 4, 4, UNUSED_SCHEMA, UNUSED_SCHEMA],
        sets: sets.iter().map(|t| SetSlot { root: t.root(), active: true }).collect(),
        clauses,
        lists: Vec::new(),
    };
    let h = holder();
    let mut records = vec![
        record(1, &[(0, birth.into()), (1, sex)], h, 0, 60_000),
        record(3, &[(0, 9_000), (1, hba1c_date.into())], h, 1, 60_000),
        record(3, &[(0, creatinine)], h, 2, 60_000),
        record(4, &[(0, 100)], h, 3, 60_000),
        record(4, &[(0, 201)], h, 4, 60_000),
        record(4, &[(0, 202)], h, 0, 60_000),
    ];
    for slot in 6..8 {
        records.push(RecordWitness::placeholder(h, slot, &LARGE));
    }
    // Set slot j is about the code of condition slot 3 + min(j, 2).
    let codes = [100u64, 201, 202, 202];
    let witness = QueryWitness {
        holder_secret: Fr::from(SECRET),
        records,
        sets: sets
            .iter()
            .zip(codes)
            .map(|(t, c)| Some(SetWitness { value: c, proof: t.membership_proof(c).unwrap() }))
            .collect(),
        lists: Vec::new(),
    };
    (policy, witness)
}

fn check(policy: &CompiledPolicy, witness: &QueryWitness, reference: u32) -> Result<(), CircuitError> {
    let native = evaluate(policy, witness, &context(reference)).map(|_| ());
    let (in_circuit, constraints) = satisfied(policy, witness, &context(reference));
    assert_eq!(native.is_ok(), in_circuit, "native {native:?} vs circuit");
    assert_eq!(constraints, 120_401);
    native
}

const REFERENCE: (i64, u32, u32) = (2026, 6, 1);

fn reference() -> u32 {
    day(REFERENCE.0, REFERENCE.1, REFERENCE.2)
}

#[test]
fn an_eligible_holder_satisfies_the_large_shape_with_two_unused_slots() {
    let (policy, witness) = trial(reference(), day(2008, 6, 1), 2, 1_450, reference() - 56);
    check(&policy, &witness, reference()).unwrap();
}

#[test]
fn ages_are_exact_in_calendar_years() {
    // 18 on the birthday, not the day before; the leap-day child on 1 March.
    let (policy, witness) = trial(reference(), day(2008, 6, 2), 2, 1_000, reference());
    assert_eq!(check(&policy, &witness, reference()), Err(CircuitError::ClauseFailed(0)));
    let feb28 = day(2026, 2, 28);
    let (policy, witness) = trial(feb28, day(2008, 2, 29), 2, 1_000, feb28);
    assert_eq!(check(&policy, &witness, feb28), Err(CircuitError::ClauseFailed(0)));
    let mar1 = day(2026, 3, 1);
    let (policy, witness) = trial(mar1, day(2008, 2, 29), 2, 1_000, mar1);
    check(&policy, &witness, mar1).unwrap();
    assert_eq!(years_before(mar1, 18).unwrap().1, u64::from(day(2008, 3, 1)));
}

#[test]
fn a_relative_window_moves_with_the_reference_date_and_ends_on_its_last_day() {
    // The same policy on a later date: the HbA1c of day r − 56 is in, r − 57 out.
    for reference in [reference(), reference() + 200] {
        let (policy, witness) = trial(reference, day(1970, 1, 1), 1, 1_000, reference - 56);
        check(&policy, &witness, reference).unwrap();
        let (policy, witness) = trial(reference, day(1970, 1, 1), 1, 1_000, reference - 57);
        assert_eq!(check(&policy, &witness, reference), Err(CircuitError::ClauseFailed(1)));
    }
    // The policy hash does not depend on the date.
    assert_eq!(trial(1, 0, 1, 0, 0).0.hash(), trial(99, 5, 2, 7, 3).0.hash());
}

#[test]
fn cross_record_clauses_hold_by_either_branch_and_fail_when_both_fail() {
    let r = reference();
    // Male with 1.45: clause 2 by creatinine < 1.5, clause 3 by sex.
    check(&trial(r, 0, 2, 1_450, r).0, &trial(r, 0, 2, 1_450, r).1, r).unwrap();
    // Female with 1.35: clause 2 by sex, clause 3 by creatinine < 1.4.
    check(&trial(r, 0, 1, 1_350, r).0, &trial(r, 0, 1, 1_350, r).1, r).unwrap();
    // Female with 1.45: clause 3 fails (neither male nor < 1.4).
    let (p, w) = trial(r, 0, 1, 1_450, r);
    assert_eq!(check(&p, &w, r), Err(CircuitError::ClauseFailed(3)));
    // Unknown sex (3) with 1.45: clause 2 holds by creatinine, clause 3 fails.
    let (p, w) = trial(r, 0, 3, 1_450, r);
    assert_eq!(check(&p, &w, r), Err(CircuitError::ClauseFailed(3)));
    // Male with 1.5: clause 2 fails.
    let (p, w) = trial(r, 0, 2, 1_500, r);
    assert_eq!(check(&p, &w, r), Err(CircuitError::ClauseFailed(2)));
}

#[test]
fn an_unused_slot_cannot_be_read_nor_carry_fields() {
    let r = reference();
    let (mut policy, mut witness) = trial(r, 0, 2, 1_000, r);
    // A placeholder that claims a present field is refused by both.
    witness.records[6].presence = 1;
    witness.records[6].fields[0] = Fr::from(100u64);
    let key = medzk_circuits::eddsa::SecretKey::from_bytes([9; 32]);
    witness.records[6].issuer = key.public_key().point();
    witness.records[6].signature = key.sign(witness.records[6].commitment());
    assert_eq!(check(&policy, &witness, r), Err(CircuitError::UnusedSlotNotEmpty(6)));
    // A policy that reads an unused slot does not fit its shape.
    policy.clauses[8] = Clause::single(Predicate { record: 6, ..Predicate::of(Op::Exists) });
    assert!(matches!(policy.check_shape(), Err(CircuitError::ShapeMismatch { .. })));
    // A used slot cannot be filled with a placeholder: its schema is the policy's.
    let (policy, mut witness) = trial(r, 0, 2, 1_000, r);
    witness.records[5] = RecordWitness::placeholder(holder(), 5, &LARGE);
    assert!(matches!(check(&policy, &witness, r), Err(CircuitError::RecordSchema { record: 5, .. })));
}

#[test]
fn the_fourth_set_slot_is_the_one_its_predicate_names() {
    let r = reference();
    let (policy, mut witness) = trial(r, 0, 2, 1_000, r);
    // A proof for 202 from another tree than set slot 3's is refused.
    let other = IndexedMerkleTree::from_set_with_arity(4, 8, [103, 202]).unwrap();
    witness.sets[3] = Some(SetWitness { value: 202, proof: other.membership_proof(202).unwrap() });
    assert_eq!(check(&policy, &witness, r), Err(CircuitError::SetProof(3)));
}

#[test]
fn custom_shapes_are_parsed_in_one_spelling() {
    let s = QueryShape::parse("r6-k16-s2").unwrap();
    assert_eq!((s.records, s.clauses, s.sets, s.name), (6, 16, 2, "r6-k16-s2"));
    assert_eq!(QueryShape::parse("large").unwrap(), LARGE);
    assert_eq!(QueryShape::custom(8, 24, 4).unwrap(), LARGE);
    for bad in [
        "r8-k24-s4",
        "r06-k16-s2",
        "r9-k16-s2",
        "r6-k33-s2",
        "r6-k16-s5",
        "r0-k1-s1",
        "r6-k16",
        "x",
        "r6-k16-s2-",
    ] {
        assert!(QueryShape::parse(bad).is_err(), "{bad}");
    }
}
