//! Adversarial review of issue 18 (large/custom shapes, unused record slots,
//! relative date bounds, four set slots). Every test states a FALSE statement
//! (or an attack on one) and asserts that the circuit is NOT satisfied; a
//! true twin of each statement is checked to be satisfied so that no test
//! passes vacuously. A test of this file failing means a forgery (or, for
//! the one named `native_twin_*`, a native/circuit divergence).

#[path = "support/query.rs"]
mod support;

use ark_ff::{Field, UniformRand};
use ark_r1cs_std::{alloc::AllocVar, eq::EqGadget, fields::FieldVar};
use ark_relations::gr1cs::{ConstraintSynthesizer, ConstraintSystem};
use medzk_circuits::calendar::constraints::MarchYearVar;
use medzk_circuits::calendar::{march_year_of, EPOCH};
use medzk_circuits::comparison::constraints::to_bits_le;
use medzk_circuits::eddsa::SecretKey;
use medzk_circuits::indexed_merkle::IndexedMerkleTree;
use medzk_circuits::query::constraints::QueryCircuit;
use medzk_circuits::query::{
    evaluate, Clause, CompiledPolicy, Op, Predicate, PublicInputs, QueryShape, QueryWitness, RecordWitness,
    SetSlot, SetWitness, VerifierContext, HEADER_BOUNDS_SHIFT, UNUSED_SCHEMA,
};
use medzk_circuits::{poseidon, CircuitError, Fr, FrVar};
use medzk_types::date::{from_civil, to_civil};
use support::{issuers, record};

const SECRET: u64 = 1818;

fn holder() -> Fr {
    poseidon::hash(&[Fr::from(SECRET)]).unwrap()
}

fn issuer_root() -> Fr {
    static ROOT: std::sync::OnceLock<Fr> = std::sync::OnceLock::new();
    *ROOT.get_or_init(|| issuers().1.root())
}

/// The root of an inactive set slot (never checked).
fn unused_root() -> Fr {
    Fr::from(0u64)
}

fn context(reference_date: u32) -> VerifierContext {
    VerifierContext {
        issuer_root: issuer_root(),
        reference_date,
        scope: Fr::from(77u64),
        challenge: Fr::from(88u64),
    }
}

fn day(y: i64, m: u32, d: u32) -> u32 {
    from_civil(y, m, d).unwrap()
}

fn yyyymmdd(day: u32) -> i64 {
    let (y, m, d) = to_civil(day);
    y * 10_000 + i64::from(m) * 100 + i64::from(d)
}

/// A record of the support helper, issued on day 0 (so that 1900/2000
/// reference dates are valid) and re-signed by its issuer.
fn old_record(schema: u64, fields: &[(usize, u64)], issuer: usize) -> RecordWitness {
    let mut r = record(schema, fields, holder(), issuer, u32::MAX);
    r.issued_at = 0;
    r.signature = SecretKey::from_bytes([issuer as u8 + 1; 32]).sign(r.commitment());
    r
}

/// The native verdict and whether the circuit is satisfied with the public
/// inputs an honest verifier expects (no reveals in these policies).
fn run(
    policy: &CompiledPolicy,
    witness: &QueryWitness,
    ctx: &VerifierContext,
) -> (Result<(), CircuitError>, bool) {
    let native = evaluate(policy, witness, ctx).map(|_| ());
    let public = PublicInputs {
        issuer_root: ctx.issuer_root,
        policy_hash: policy.hash(),
        reference_date: ctx.reference_date,
        scope: ctx.scope,
        nullifier: poseidon::hash2(witness.holder_secret, ctx.scope),
        challenge: ctx.challenge,
        revealed_hash: Fr::from(0u64),
    };
    let cs = ConstraintSystem::<Fr>::new_ref();
    let circuit = QueryCircuit::new(policy.clone(), witness.clone(), public);
    let ok = circuit.generate_constraints(cs.clone()).is_ok() && cs.is_satisfied().unwrap();
    (native, ok)
}

fn set_tree(codes: &[u64]) -> IndexedMerkleTree {
    IndexedMerkleTree::from_set_with_arity(4, 8, codes.iter().copied()).unwrap()
}

fn member(tree: &IndexedMerkleTree, value: u64) -> Option<SetWitness> {
    Some(SetWitness { value, proof: tree.leaf_proof(value).unwrap() })
}

// ---------------------------------------------------------------------------
// Unused slots and set slots (shape r3-k2-s3: the third record slot unused).
// ---------------------------------------------------------------------------

struct SetScene {
    policy: CompiledPolicy,
    trees: Vec<IndexedMerkleTree>,
}

/// Clause 0: the condition code (record 1, field 0) is in set slot 2 = {100, 200}.
fn set_scene() -> SetScene {
    let shape = QueryShape::custom(3, 2, 3).unwrap();
    let trees = vec![set_tree(&[555]), set_tree(&[300]), set_tree(&[100, 200])];
    let policy = CompiledPolicy {
        shape,
        schemas: vec![1, 4, UNUSED_SCHEMA],
        sets: trees.iter().map(|t| SetSlot { root: t.root(), active: true }).collect(),
        clauses: vec![
            Clause::single(Predicate { record: 1, field: 0, set: 2, ..Predicate::of(Op::In) }),
            Clause::UNUSED,
        ],
        lists: Vec::new(),
    };
    SetScene { policy, trees }
}

fn set_witness(scene: &SetScene, code: u64) -> QueryWitness {
    QueryWitness {
        holder_secret: Fr::from(SECRET),
        records: vec![
            record(1, &[(0, 30_000)], holder(), 0, 60_000),
            record(4, &[(0, code)], holder(), 1, 60_000),
            RecordWitness::placeholder(holder(), 2, &scene.policy.shape),
        ],
        sets: vec![member(&scene.trees[0], 555), member(&scene.trees[1], 300), member(&scene.trees[2], code)],
        lists: Vec::new(),
    }
}

#[test]
fn a_placeholder_cannot_feed_a_set_predicate_of_another_slot() {
    let scene = set_scene();
    let ctx = context(46_000);
    // True twin: code 200 ∈ set 2.
    let (native, ok) = run(&scene.policy, &set_witness(&scene, 200), &ctx);
    assert!(native.is_ok() && ok, "baseline must hold: {native:?} {ok}");
    // False statement: code 777 ∉ set 2, honest witness.
    let (native, ok) = run(&scene.policy, &set_witness(&scene, 777), &ctx);
    assert!(native.is_err());
    assert!(!ok, "FORGERY: 777 ∈ {{100, 200}} accepted with the honest witness");

    // Attack 1: the unused slot carries 100 (presence 0, as the circuit demands),
    // signed by the attacker's own key; set slot 2 proves 100.
    let mut w = set_witness(&scene, 777);
    let key = SecretKey::from_bytes([0xa5; 32]);
    w.records[2].fields[0] = Fr::from(100u64);
    w.records[2].issuer = key.public_key().point();
    w.records[2].signature = key.sign(w.records[2].commitment());
    w.sets[2] = member(&scene.trees[2], 100);
    assert!(!run(&scene.policy, &w, &ctx).1, "FORGERY: the placeholder's value fed set slot 2");
    // Attack 2: the same with the placeholder's field marked present.
    w.records[2].presence = 1;
    w.records[2].signature = key.sign(w.records[2].commitment());
    assert!(!run(&scene.policy, &w, &ctx).1, "FORGERY: a present placeholder field fed set slot 2");
    // Attack 3: the code is 555 ∈ set 0 (∉ set 2); set slot 2 carries set slot 0's proof.
    let mut w = set_witness(&scene, 555);
    w.sets[2] = member(&scene.trees[0], 555);
    assert!(!run(&scene.policy, &w, &ctx).1, "FORGERY: set slot 0's proof answered for set slot 2");
    // Attack 4: no proof for set slot 2.
    let mut w = set_witness(&scene, 777);
    w.sets[2] = None;
    assert!(!run(&scene.policy, &w, &ctx).1, "FORGERY: a missing set-2 proof");
    // Attack 5: the value 0 (an absent field's value) with the low sentinel leaf.
    let mut w = set_witness(&scene, 0);
    w.records[1] = record(4, &[], holder(), 1, 60_000);
    w.sets[2] = member(&scene.trees[2], 0);
    assert!(!run(&scene.policy, &w, &ctx).1, "FORGERY: 0 proven a member through the sentinel leaf");
}

// ---------------------------------------------------------------------------
// Record and set index selection in custom shapes (R = 3, 5, 6, 7; S = 3).
// ---------------------------------------------------------------------------

#[test]
fn the_last_record_slot_and_the_last_of_three_set_slots_select_themselves() {
    let trees = [set_tree(&[555]), set_tree(&[300]), set_tree(&[100, 200])];
    for r in [3usize, 5, 6, 7] {
        let shape = QueryShape::custom(r, 2, 3).unwrap();
        let last = (r - 1) as u8;
        // Slot r − 2 unused when r ≥ 5; every other slot is a condition whose code
        // (100) is in set 2, except the last slot, the one the predicate reads.
        let mut schemas = vec![4u64; r];
        if r >= 5 {
            schemas[r - 2] = UNUSED_SCHEMA;
        }
        let policy = CompiledPolicy {
            shape,
            schemas: schemas.clone(),
            sets: trees.iter().map(|t| SetSlot { root: t.root(), active: true }).collect(),
            clauses: vec![
                Clause::single(Predicate { record: last, field: 0, set: 2, ..Predicate::of(Op::In) }),
                Clause::UNUSED,
            ],
            lists: Vec::new(),
        };
        let witness = |code: u64, set2: Option<SetWitness>| QueryWitness {
            holder_secret: Fr::from(SECRET),
            records: (0..r)
                .map(|i| {
                    if schemas[i] == UNUSED_SCHEMA {
                        RecordWitness::placeholder(holder(), i, &shape)
                    } else if i == r - 1 {
                        record(4, &[(0, code)], holder(), 4, 60_000)
                    } else {
                        record(4, &[(0, 100), (1, i as u64)], holder(), i % 4, 60_000)
                    }
                })
                .collect(),
            sets: vec![member(&trees[0], 555), member(&trees[1], 300), set2],
            lists: Vec::new(),
        };
        let ctx = context(46_000);
        let (native, ok) = run(&policy, &witness(200, member(&trees[2], 200)), &ctx);
        assert!(native.is_ok() && ok, "r{r}: baseline {native:?} {ok}");
        // The last slot holds 555 ∉ set 2; other slots hold 100 ∈ set 2.
        let (native, ok) = run(&policy, &witness(555, member(&trees[2], 555)), &ctx);
        assert!(native.is_err());
        assert!(!ok, "FORGERY r{r}: 555 ∈ set 2 (honest witness)");
        // Claim set 2's proof of 100 (the other slots' value) for the last slot.
        assert!(
            !run(&policy, &witness(555, member(&trees[2], 100)), &ctx).1,
            "FORGERY r{r}: record slot mis-selected"
        );
        // Claim set 0's membership proof of 555 for set slot 2.
        assert!(
            !run(&policy, &witness(555, member(&trees[0], 555)), &ctx).1,
            "FORGERY r{r}: set slot mis-selected"
        );
    }
}

// ---------------------------------------------------------------------------
// Relative date bounds, judged against an independent yyyymmdd oracle.
// ---------------------------------------------------------------------------

/// Shape r1-k2-s1, one patient record (birth date in field 0); clause 0 is
/// the predicate `p` (record 0, field 0).
fn date_policy(p: Predicate) -> CompiledPolicy {
    CompiledPolicy {
        shape: QueryShape::custom(1, 2, 1).unwrap(),
        schemas: vec![1],
        sets: vec![SetSlot { root: unused_root(), active: false }],
        clauses: vec![Clause::single(Predicate { record: 0, field: 0, ..p }), Clause::UNUSED],
        lists: Vec::new(),
    }
}

fn date_witness(value: u64) -> QueryWitness {
    QueryWitness {
        holder_secret: Fr::from(SECRET),
        records: vec![old_record(1, &[(0, value)], 0)],
        sets: vec![None],
        lists: Vec::new(),
    }
}

/// "born on or before reference − n years" (hi relative, offset 0).
fn at_least(years: u8) -> Predicate {
    Predicate { lo: 0, hi: 0, hi_is_reference_date: true, years, ..Predicate::of(Op::InRange) }
}

/// "born on or after reference − n years" (lo relative, offset 0; hi absolute max).
fn at_most(years: u8) -> Predicate {
    Predicate { lo: 0, hi: u64::MAX, lo_is_reference_date: true, years, ..Predicate::of(Op::InRange) }
}

#[test]
fn relative_year_bounds_agree_with_the_yyyymmdd_order_at_leap_days() {
    let cases: &[(u32, u8)] = &[
        (day(2024, 2, 29), 18),  // 2006 common
        (day(2024, 2, 29), 4),   // 2020 leap
        (day(2000, 2, 29), 100), // 1900 common (century)
        (day(2000, 2, 29), 1),   // 1999 common
        (day(2004, 2, 29), 4),   // 2000 leap (400)
        (day(2026, 3, 1), 18),
        (day(2026, 2, 28), 18),
        (day(2100, 3, 1), 100),
        (day(2100, 2, 28), 4),
    ];
    for &(reference, years) in cases {
        let target = yyyymmdd(reference) - i64::from(years) * 10_000;
        let ctx = context(reference);
        // Candidate birth dates around the target.
        let approx = reference - (f64::from(years) * 365.2425) as u32;
        for value in approx.saturating_sub(3)..=approx + 3 {
            for (name, p, truth) in [
                ("at_least", at_least(years), yyyymmdd(value) <= target),
                ("at_most", at_most(years), yyyymmdd(value) >= target),
            ] {
                let (native, ok) = run(&date_policy(p), &date_witness(u64::from(value)), &ctx);
                assert_eq!(
                    native.is_ok(),
                    truth,
                    "native {name} {years}y on {}: {}",
                    yyyymmdd(reference),
                    yyyymmdd(value)
                );
                assert_eq!(
                    ok,
                    truth,
                    "{} {name} {years}y on {}: born {}",
                    if ok { "FORGERY" } else { "completeness" },
                    yyyymmdd(reference),
                    yyyymmdd(value)
                );
            }
        }
    }
}

#[test]
fn a_relative_window_ends_on_its_days_and_cannot_wrap_below_zero() {
    let reference = day(2026, 6, 1);
    let ctx = context(reference);
    // value ∈ [reference − 56 d, reference].
    let window = Predicate {
        lo: 56,
        hi: 0,
        lo_is_reference_date: true,
        hi_is_reference_date: true,
        ..Predicate::of(Op::InRange)
    };
    for (value, truth) in
        [(reference - 56, true), (reference - 57, false), (reference, true), (reference + 1, false)]
    {
        let (native, ok) = run(&date_policy(window), &date_witness(u64::from(value)), &ctx);
        assert_eq!(native.is_ok(), truth);
        assert_eq!(ok, truth, "window: value r{:+}", i64::from(value) - i64::from(reference));
    }
    // A lower bound past 1900-01-01: reference − 255 y − 65,535 d wraps below
    // zero. Under NotInRange a wrapped (huge) lo would make every value
    // "below lo", so the 32-bit range check must refuse it.
    let wrapped = Predicate {
        lo: 65_535,
        hi: 0,
        lo_is_reference_date: true,
        hi_is_reference_date: false,
        years: 255,
        ..Predicate::of(Op::NotInRange)
    };
    let (native, ok) = run(&date_policy(wrapped), &date_witness(40_000), &ctx);
    assert!(matches!(native, Err(CircuitError::RelativeBound(0))), "{native:?}");
    assert!(!ok, "FORGERY: a relative bound wrapped below 1900 passed the 32-bit check");
    // The same with only the upper bound wrapped, under InRange [0, hi]: a
    // wrapped hi would admit every value.
    let wrapped_hi =
        Predicate { lo: 0, hi: 65_535, hi_is_reference_date: true, years: 200, ..Predicate::of(Op::InRange) };
    let (native, ok) = run(&date_policy(wrapped_hi), &date_witness(40_000), &ctx);
    assert!(native.is_err());
    assert!(!ok, "FORGERY: a wrapped upper bound admitted a value");
}

// ---------------------------------------------------------------------------
// The calendar decomposition is unique: no other (March year, day of year)
// satisfies the constraints of CalendarDateVar::new for a day number.
// ---------------------------------------------------------------------------

fn decomposition_satisfied(day_number: u32, year: u64, day_of_year: u64) -> bool {
    let cs = ConstraintSystem::<Fr>::new_ref();
    let d = FrVar::new_input(cs.clone(), || Ok(Fr::from(day_number))).unwrap();
    let y = MarchYearVar::new_witness(&cs, Some(year)).unwrap();
    let doy = FrVar::new_witness(cs.clone(), || Ok(Fr::from(day_of_year))).unwrap();
    // The constraints of CalendarDateVar::new, verbatim.
    to_bits_le(&doy, 9).unwrap();
    (d + Fr::from(EPOCH)).enforce_equal(&(y.start() + &doy)).unwrap();
    to_bits_le(&(FrVar::from(y.is_long().clone()) + Fr::from(364u64) - &doy), 9).unwrap();
    // The year's own decomposition must equal the witnessed year.
    y.year().enforce_equal(&FrVar::constant(Fr::from(year))).unwrap();
    cs.is_satisfied().unwrap()
}

#[test]
fn no_other_march_year_and_day_of_year_decompose_a_date() {
    let days = [
        0,
        day(1900, 2, 28),
        day(1900, 3, 1),
        day(2000, 2, 29),
        day(2000, 3, 1),
        day(2024, 2, 29),
        day(2100, 2, 28),
        day(2100, 3, 1),
        u32::MAX,
    ];
    for d in days {
        let (year, doy) = march_year_of(d);
        assert!(decomposition_satisfied(d, year, doy), "canonical {d}");
        for y in year.saturating_sub(2)..=year + 2 {
            for dy in 0..512u64 {
                if (y, dy) != (year, doy) {
                    assert!(!decomposition_satisfied(d, y, dy), "day {d}: also decomposes as ({y}, {dy})");
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------
// The header is injective on every predicate a shape admits.
// ---------------------------------------------------------------------------

#[test]
fn the_header_decodes_to_its_predicate() {
    use ark_ff::{BigInteger, PrimeField};
    let mut rng = ark_std::test_rng();
    let two64 = num_bigint::BigUint::from(1u8) << 64;
    for _ in 0..20_000 {
        let p = Predicate {
            op: Op::ALL[(u64::rand(&mut rng) % 10) as usize],
            record: (u8::rand(&mut rng)) % 8,
            field: (u8::rand(&mut rng)) % 8,
            set: (u8::rand(&mut rng)) % 4,
            lo: u64::rand(&mut rng),
            hi: u64::rand(&mut rng),
            lo_is_reference_date: bool::rand(&mut rng),
            hi_is_reference_date: bool::rand(&mut rng),
            years: u8::rand(&mut rng),
            operand: Fr::rand(&mut rng),
        };
        let h = num_bigint::BigUint::from_bytes_le(&p.header().into_bigint().to_bytes_le());
        let small = u64::try_from(&h % num_bigint::BigUint::from(HEADER_BOUNDS_SHIFT)).unwrap();
        let bounds = &h / num_bigint::BigUint::from(HEADER_BOUNDS_SHIFT);
        assert_eq!(small & 15, p.op as u64);
        assert_eq!((small >> 4) & 7, u64::from(p.record));
        assert_eq!((small >> 7) & 7, u64::from(p.field));
        assert_eq!((small >> 10) & 3, u64::from(p.set));
        assert_eq!((small >> 12) & 1, u64::from(p.lo_is_reference_date));
        assert_eq!((small >> 13) & 1, u64::from(p.hi_is_reference_date));
        assert_eq!(small >> 14, u64::from(p.years));
        assert_eq!(u64::try_from(&bounds % &two64).unwrap(), p.lo);
        assert_eq!(u64::try_from(&bounds / &two64).unwrap(), p.hi);
    }
    let _ = Fr::ONE;
}

// ---------------------------------------------------------------------------
// The native twin claims to be exact ("Ok exactly when the circuit would be
// satisfied"). An absent field holding a value ≥ 2^64 under InRange, in a
// clause that holds by its other predicate: native Ok, circuit unsatisfied
// (the circuit range-checks the compared value whether or not it is present).
// Not a forgery (the circuit is the stricter side), a completeness divergence.
// ---------------------------------------------------------------------------

#[test]
fn native_twin_agrees_on_an_absent_wide_field_under_in_range() {
    let policy = CompiledPolicy {
        shape: QueryShape::custom(1, 2, 1).unwrap(),
        schemas: vec![1],
        sets: vec![SetSlot { root: unused_root(), active: false }],
        clauses: vec![
            Clause {
                predicates: [
                    Predicate { record: 0, field: 0, lo: 0, hi: 10, ..Predicate::of(Op::InRange) },
                    Predicate { record: 0, field: 1, ..Predicate::of(Op::Exists) },
                ],
            },
            Clause::UNUSED,
        ],
        lists: Vec::new(),
    };
    // Sanity: with the absent field holding 0 both accept (Exists holds).
    let plain = record(1, &[(1, 5)], holder(), 0, 60_000);
    let w = QueryWitness {
        holder_secret: Fr::from(SECRET),
        records: vec![plain],
        sets: vec![None],
        lists: Vec::new(),
    };
    let (native, ok) = run(&policy, &w, &context(46_000));
    assert!(native.is_ok() && ok, "baseline {native:?} {ok}");
    let mut r = record(1, &[(1, 5)], holder(), 0, 60_000);
    r.fields[0] = Fr::from(2u64).pow([64]); // absent (presence bit 0), 2^64
    r.signature = SecretKey::from_bytes([1; 32]).sign(r.commitment());
    let witness = QueryWitness {
        holder_secret: Fr::from(SECRET),
        records: vec![r],
        sets: vec![None],
        lists: Vec::new(),
    };
    let (native, ok) = run(&policy, &witness, &context(46_000));
    assert_eq!(native.is_ok(), ok, "native {native:?} vs circuit {ok}");
}

#[test]
fn a_malformed_proof_in_an_inactive_set_slot_is_refused_by_the_pre_check_too() {
    let mut scene = set_scene();
    scene.policy.sets[1] = SetSlot { root: unused_root(), active: false };
    let baseline = set_witness(&scene, 200);
    assert!(run(&scene.policy, &baseline, &context(46_000)).1, "baseline must hold");
    // The unused slot 1 carries a proof one level too shallow: the circuit cannot
    // allocate it, and the native pre-check must say so rather than accept.
    let mut w = baseline.clone();
    let mut proof = w.sets[1].clone().unwrap();
    proof.proof.path.siblings.pop();
    w.sets[1] = Some(proof);
    let (native, ok) = run(&scene.policy, &w, &context(46_000));
    assert_eq!(native, Err(CircuitError::SetProof(1)));
    assert!(!ok);
    // A level of the wrong arity is refused the same way.
    let mut w = baseline;
    let mut proof = w.sets[1].clone().unwrap();
    proof.proof.path.siblings[0].push(Fr::from(0u64));
    w.sets[1] = Some(proof);
    assert_eq!(run(&scene.policy, &w, &context(46_000)).0, Err(CircuitError::SetProof(1)));
}
