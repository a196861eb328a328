//! Adversarial review of issue 20 (revocation inside every proof), circuit
//! side: the gadget against its native twin on random lists and hostile
//! witnesses, the bit select at every position of a chunk, the arity-4
//! position digits, aliased and huge nonces, and unused record slots.

use ark_ff::{BigInteger, Field, PrimeField};
use ark_r1cs_std::{alloc::AllocVar, boolean::Boolean, eq::EqGadget};
use ark_relations::gr1cs::{ConstraintSystem, Matrix, SynthesisMode, R1CS_PREDICATE_LABEL};
use medzk_circuits::eddsa::SecretKey;
use medzk_circuits::merkle::MerkleTree;
use medzk_circuits::query::{
    evaluate, issuer_leaf, Clause, CompiledPolicy, Op, Predicate, QueryWitness, RecordWitness, SetSlot,
    VerifierContext, MEDIUM, SMALL,
};
use medzk_circuits::revocation::constraints::RevocationWitnessVar;
use medzk_circuits::revocation::{RevocationTree, RevocationWitness, CAPACITY};
use medzk_circuits::{poseidon, CircuitError, Fr, FrVar};
use rand::{Rng, SeedableRng};

#[path = "support/query.rs"]
mod support;
use support::{range, satisfied, ALL_SCHEMAS};

const SECRET: u64 = 4242;

/// Whether the gadget accepts `witness` for the (field-element) `index` under `root`.
fn gadget_accepts(witness: &RevocationWitness, index: Fr, root: Fr, enabled: bool) -> bool {
    let cs = ConstraintSystem::<Fr>::new_ref();
    let Ok(var) = RevocationWitnessVar::new_witness(cs.clone(), || Ok(witness.clone())) else {
        return false;
    };
    let index = FrVar::new_witness(cs.clone(), || Ok(index)).unwrap();
    let on = Boolean::new_witness(cs.clone(), || Ok(enabled)).unwrap();
    let computed = var.enforce_unrevoked(&index, &on).unwrap();
    let root = FrVar::new_input(cs.clone(), || Ok(root)).unwrap();
    computed.enforce_equal(&root).unwrap();
    cs.is_satisfied().unwrap()
}

/// Native twin == gadget for one (witness, index, root).
fn agree(witness: &RevocationWitness, index: u64, root: Fr, what: &str) -> bool {
    let native = witness.proves_unrevoked(root, index);
    let circuit = gadget_accepts(witness, Fr::from(index), root, true);
    assert_eq!(native, circuit, "native and circuit disagree: {what} (index {index})");
    native
}

#[test]
fn differential_random_lists_and_hostile_witnesses() {
    let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(20);
    let boundaries =
        [0u64, 1, 62, 63, 64, 65, 127, 128, 4095, 4096, CAPACITY - 65, CAPACITY - 64, CAPACITY - 1];
    for round in 0..4 {
        // Four rounds in CI (about 20 s); raise the count for a longer campaign.
        // Revoked indices clustered in a few chunks (so neighbours share
        // chunks) plus some boundaries.
        let chunks: Vec<u64> = (0..3).map(|_| rng.gen_range(0..CAPACITY >> 6)).collect();
        let mut revoked: Vec<u64> =
            (0..12).map(|_| chunks[rng.gen_range(0..3)] * 64 + rng.gen_range(0..64)).collect();
        revoked.extend(boundaries.iter().copied().filter(|_| rng.gen_bool(0.3)));
        let tree = RevocationTree::new(revoked.iter().copied()).unwrap();
        let other = RevocationTree::new(revoked.iter().map(|n| n ^ 1)).unwrap();
        let root = tree.root();
        let mut probes: Vec<u64> =
            revoked.iter().flat_map(|&n| [n, n.saturating_sub(1), (n + 1) % CAPACITY]).collect();
        probes.extend(boundaries);
        probes.push(rng.gen_range(0..CAPACITY));
        probes.sort_unstable();
        probes.dedup();
        let picked: Vec<u64> = probes.iter().copied().filter(|_| rng.gen_bool(0.5)).collect();
        for n in picked {
            let honest = tree.witness(n).unwrap();
            assert_eq!(agree(&honest, n, root, "honest"), !tree.is_revoked(n), "round {round}");
            assert!(gadget_accepts(&honest, Fr::from(n), root, false), "off, only the root is checked");
            // Another index's witness: it proves only where it is the very
            // same witness (same chunk, or two empty chunks of one quad whose
            // siblings coincide) and `n` is clean.
            let m = probes[rng.gen_range(0..probes.len())];
            let borrowed = tree.witness(m).unwrap();
            let ok = agree(&borrowed, n, root, "another index's witness");
            assert_eq!(ok, borrowed == honest && !tree.is_revoked(n), "round {round}: {m} for {n}");
            // The witness of another list, under this list's root.
            if other.root() != root {
                assert!(!agree(&other.witness(n).unwrap(), n, root, "another list"));
            }
            // The honest chunk with one bit flipped (the bit itself or another).
            for bit in [n & 63, rng.gen_range(0..64)] {
                let mut flipped = honest.clone();
                flipped.chunk ^= 1 << bit;
                assert!(!agree(&flipped, n, root, "flipped chunk"), "a forged chunk verified");
            }
            // A sibling changed.
            let mut sibling = honest.clone();
            let level = rng.gen_range(0..sibling.siblings.len());
            sibling.siblings[level][rng.gen_range(0..3)] += Fr::from(1u64);
            assert!(!agree(&sibling, n, root, "forged sibling"));
            // The same low 20 bits past the capacity.
            assert!(!gadget_accepts(&honest, Fr::from(n + CAPACITY * rng.gen_range(1..1 << 20)), root, true));
        }
    }
}

#[test]
fn the_bit_select_picks_exactly_bit_index_and_63_in_every_position() {
    // Chunk 1 holds the even bits and bit 63, chunk 2 the odd bits: every
    // position of a chunk is tried as a 0 and as a 1, including 0/63 and the
    // boundaries 63/64 and 127/128 between chunks; and the last chunk at
    // 2^20 − 1.
    let evens = (0..64u64).filter(|b| b % 2 == 0 || *b == 63).map(|b| 64 + b);
    let odds = (0..64u64).filter(|b| b % 2 == 1).map(|b| 128 + b);
    let last = [CAPACITY - 1, CAPACITY - 64];
    let tree = RevocationTree::new(evens.chain(odds).chain(last)).unwrap();
    for n in (0..256u64).chain(CAPACITY - 66..CAPACITY) {
        let w = tree.witness(n).unwrap();
        assert_eq!(agree(&w, n, tree.root(), "bit select"), !tree.is_revoked(n), "index {n}");
    }
}

#[test]
fn the_position_is_the_index_high_bits_in_base_four_digit_order() {
    // One revoked index per chunk position whose base-4 digits are distinct
    // and asymmetric: a digit order or bit pairing other than the native
    // tree's would send these witnesses to another leaf.
    let positions = [1u64, 2, 3, 4, 8, 12, 16, 0b01_10_11, 0x1555, 0x2aaa, 0x3fff, 0x1234, 0x0321];
    let tree = RevocationTree::new(positions.iter().map(|p| p * 64 + 5)).unwrap();
    for &p in &positions {
        // The clean index beside each revoked one proves; the revoked one does not.
        assert!(agree(&tree.witness(p * 64 + 6).unwrap(), p * 64 + 6, tree.root(), "digit order"));
        assert!(!agree(&tree.witness(p * 64 + 5).unwrap(), p * 64 + 5, tree.root(), "digit order"));
        // A clean chunk's witness at the digit-reversed position does not.
        let reversed = (0..7).fold(0u64, |acc, k| acc * 4 + (p >> (2 * k)) % 4);
        if reversed != p {
            let w = tree.witness(reversed * 64 + 6).unwrap();
            assert!(!agree(&w, p * 64 + 5, tree.root(), "reversed position"));
        }
    }
}

#[test]
fn field_elements_past_the_capacity_never_pass_the_range_check_even_off() {
    let tree = RevocationTree::new([7]).unwrap();
    let clean = tree.witness(8).unwrap();
    let modulus_minus = |k: u64| -Fr::from(k);
    // p − (2^20 − 8): its integer is huge; p − 1; 2^253 + 8; 2^64 + 8.
    let two = Fr::from(2u64);
    for index in [
        modulus_minus(CAPACITY - 8),
        modulus_minus(1),
        two.pow([253]) + Fr::from(8u64),
        two.pow([64]) + Fr::from(8u64),
    ] {
        let low =
            index.into_bigint().to_bits_le()[..20].iter().rev().fold(0u64, |a, b| a * 2 + u64::from(*b));
        assert!(!gadget_accepts(&clean, index, tree.root(), true), "low bits {low}");
        assert!(!gadget_accepts(&clean, index, tree.root(), false), "low bits {low}, check off");
    }
}

/// One issuer (key 9) whose registry holds one leaf per list in `lists`.
struct Issuer {
    key: SecretKey,
    registry: MerkleTree,
}

fn issuer_with(lists: &[&RevocationTree]) -> Issuer {
    let key = SecretKey::from_bytes([9; 32]);
    let leaves = lists.iter().map(|l| issuer_leaf(&key.public_key().point(), ALL_SCHEMAS, l.root()));
    let registry = MerkleTree::from_leaves_with_arity(4, 6, leaves).unwrap();
    Issuer { key, registry }
}

fn holder() -> Fr {
    poseidon::hash(&[Fr::from(SECRET)]).unwrap()
}

/// An observation (schema 3, field 0 = 4548) signed by the issuer with
/// nonce `nonce`, its witness from `list` at `index`, its registry leaf `leaf`.
fn record(issuer: &Issuer, nonce: Fr, list: &RevocationTree, index: u64, leaf: u64) -> RecordWitness {
    let mut fields = [Fr::from(0u64); 8];
    fields[0] = Fr::from(4548u64);
    let mut w = RecordWitness {
        schema_id: 3,
        presence: 1,
        fields,
        holder: holder(),
        issued_at: 40_000,
        expires_at: 50_000,
        revocation_nonce: nonce,
        salt: Fr::from(77u64),
        issuer: issuer.key.public_key().point(),
        issuer_schemas: ALL_SCHEMAS,
        signature: issuer.key.sign(Fr::from(0u64)),
        issuer_path: issuer.registry.path(leaf).unwrap(),
        revocation: list.witness(index).unwrap(),
    };
    w.signature = issuer.key.sign(w.commitment());
    w
}

fn small_policy() -> CompiledPolicy {
    CompiledPolicy {
        shape: SMALL,
        schemas: vec![3],
        sets: vec![SetSlot::UNUSED],
        clauses: vec![
            Clause::single(Predicate { field: 0, operand: Fr::from(4548u64), ..Predicate::of(Op::FieldEq) }),
            Clause::UNUSED,
            Clause::UNUSED,
            Clause::UNUSED,
        ],
        lists: Vec::new(),
    }
}

fn context(issuer: &Issuer) -> VerifierContext {
    VerifierContext {
        issuer_root: issuer.registry.root(),
        reference_date: 45_000,
        scope: Fr::from(1u64),
        challenge: Fr::from(2u64),
    }
}

fn check(
    policy: &CompiledPolicy,
    issuer: &Issuer,
    records: Vec<RecordWitness>,
) -> (Result<(), CircuitError>, bool) {
    let witness = QueryWitness {
        holder_secret: Fr::from(SECRET),
        records,
        sets: vec![None; policy.shape.sets],
        lists: vec![],
    };
    let native = evaluate(policy, &witness, &context(issuer)).map(|_| ());
    (native, satisfied(policy, &witness, &context(issuer)).0)
}

#[test]
fn a_signed_nonce_aliasing_a_clean_index_is_refused_in_the_whole_circuit() {
    // A (mis-)issued credential whose nonce is 2^253 + 8 or p − (2^20 − 8):
    // the low bits the circuit might read are a clean index, 7 is revoked.
    let list = RevocationTree::new([7]).unwrap();
    let issuer = issuer_with(&[&list]);
    let two = Fr::from(2u64);
    for nonce in [two.pow([253]) + Fr::from(8u64), -Fr::from(CAPACITY - 8)] {
        let r = record(&issuer, nonce, &list, 8, 0);
        assert_eq!(check(&small_policy(), &issuer, vec![r]), (Err(CircuitError::RevocationIndex(0)), false));
    }
}

#[test]
fn the_circuit_trusts_the_registry_to_list_a_key_once() {
    // Trust assumption, pinned: were a registry to hold two leaves for one
    // key (its list before and after a revocation), the revoked record would
    // prove through the old leaf. `IssuerRegistry` refuses a key listed
    // twice (the facade test checks that); the circuit cannot.
    let before = RevocationTree::new([]).unwrap();
    let after = RevocationTree::new([7]).unwrap();
    let issuer = issuer_with(&[&after, &before]);
    let via_new = record(&issuer, Fr::from(7u64), &after, 7, 0);
    assert_eq!(check(&small_policy(), &issuer, vec![via_new]), (Err(CircuitError::RecordRevoked(0)), false));
    let via_old = record(&issuer, Fr::from(7u64), &before, 7, 1);
    assert_eq!(check(&small_policy(), &issuer, vec![via_old]), (Ok(()), true));
}

/// A placeholder-like record for an unused slot, self-signed, whose fields
/// are set but whose presence is `presence`.
fn unused_slot_record(presence: u64, slot: u64, nonce: u64) -> RecordWitness {
    let key = SecretKey::from_bytes([33; 32]);
    let mut fields = [Fr::from(0u64); 8];
    fields[0] = Fr::from(4548u64);
    let mut w = RecordWitness {
        schema_id: 0,
        presence,
        fields,
        holder: holder(),
        issued_at: 0,
        expires_at: u32::MAX,
        revocation_nonce: Fr::from(nonce),
        salt: Fr::from(1000 + slot),
        issuer: key.public_key().point(),
        issuer_schemas: 0,
        signature: key.sign(Fr::from(0u64)),
        issuer_path: medzk_circuits::merkle::MerklePath {
            index: 0,
            siblings: vec![vec![Fr::from(0u64); 3]; 6],
        },
        revocation: RevocationWitness::placeholder(),
    };
    w.signature = key.sign(w.commitment());
    w
}

fn medium_policy(on_slot_1: Predicate) -> CompiledPolicy {
    let mut clauses = vec![Clause::UNUSED; 8];
    clauses[0] =
        Clause::single(Predicate { field: 0, operand: Fr::from(4548u64), ..Predicate::of(Op::FieldEq) });
    clauses[1] = Clause::single(on_slot_1);
    CompiledPolicy {
        shape: MEDIUM,
        schemas: vec![3, 0, 0],
        sets: vec![SetSlot::UNUSED; 2],
        clauses,
        lists: Vec::new(),
    }
}

#[test]
fn an_unused_slot_skips_the_revocation_check_but_can_contribute_nothing() {
    let list = RevocationTree::new([7]).unwrap();
    let issuer = issuer_with(&[&list]);
    let good = record(&issuer, Fr::from(8u64), &list, 8, 0);
    let slots = |one: RecordWitness| vec![good.clone(), one, unused_slot_record(0, 2, 7)];
    // No policy may read an unused slot: every op on slot 1 is refused as a
    // shape error natively and before synthesis in the circuit.
    let ops = [
        Predicate { record: 1, field: 0, operand: Fr::from(4548u64), ..Predicate::of(Op::FieldEq) },
        Predicate { record: 1, field: 0, operand: Fr::from(1u64), ..Predicate::of(Op::FieldNe) },
        Predicate { record: 1, ..Predicate::of(Op::Exists) },
        range(1, 0, 0, 10_000),
        Predicate { record: 1, field: 0, lo: 0, hi: 1, ..Predicate::of(Op::NotInRange) },
    ];
    for p in ops {
        assert!(matches!(medium_policy(p).check_shape(), Err(CircuitError::ShapeMismatch { .. })), "{p:?}");
    }
    let policy = medium_policy(Predicate::of(Op::True));
    // The unused slot's nonce is the issuer's revoked index 7, with the
    // placeholder witness: the check is off there and the slot proves nothing.
    assert_eq!(check(&policy, &issuer, slots(unused_slot_record(0, 1, 7))), (Ok(()), true));
    // Presence in an unused slot is refused; an index past the capacity too.
    assert_eq!(
        check(&policy, &issuer, slots(unused_slot_record(1, 1, 7))),
        (Err(CircuitError::UnusedSlotNotEmpty(1)), false)
    );
    assert_eq!(
        check(&policy, &issuer, slots(unused_slot_record(0, 1, CAPACITY + 8))),
        (Err(CircuitError::RevocationIndex(1)), false)
    );
}

#[test]
fn a_registry_leaf_with_the_revocation_root_in_another_position_is_refused() {
    // Leaves built with the inputs in another order (a builder's mistake)
    // open to no witness: the circuit hashes (x, y, schemas, root) only.
    let list = RevocationTree::new([7]).unwrap();
    let key = SecretKey::from_bytes([9; 32]);
    let p = key.public_key().point();
    let (s, r) = (Fr::from(ALL_SCHEMAS), list.root());
    for inputs in [[p.x, p.y, r, s], [r, p.x, p.y, s], [p.x, p.y, s, Fr::from(0u64)]] {
        let leaf = poseidon::hash(&inputs).unwrap();
        let issuer =
            Issuer { key: key.clone(), registry: MerkleTree::from_leaves_with_arity(4, 6, [leaf]).unwrap() };
        let r = record(&issuer, Fr::from(8u64), &list, 8, 0);
        assert_eq!(check(&small_policy(), &issuer, vec![r]), (Err(CircuitError::IssuerNotTrusted(0)), false));
    }
}

/// The gadget's R1CS and full assignment `z = [instance, witness]` for
/// `witness` at `index` under `root`, the check on (a constant, or a free
/// witness for the probe's self-check).
fn gadget_system(
    witness: &RevocationWitness,
    index: u64,
    root: Fr,
    free_on: bool,
) -> (Vec<Matrix<Fr>>, Vec<Fr>) {
    let cs = ConstraintSystem::<Fr>::new_ref();
    cs.set_mode(SynthesisMode::Prove { construct_matrices: true, generate_lc_assignments: false });
    let var = RevocationWitnessVar::new_witness(cs.clone(), || Ok(witness.clone())).unwrap();
    let index = FrVar::new_witness(cs.clone(), || Ok(Fr::from(index))).unwrap();
    let on = if free_on { Boolean::new_witness(cs.clone(), || Ok(true)).unwrap() } else { Boolean::TRUE };
    let computed = var.enforce_unrevoked(&index, &on).unwrap();
    let root = FrVar::new_input(cs.clone(), || Ok(root)).unwrap();
    computed.enforce_equal(&root).unwrap();
    cs.finalize();
    let matrices = cs.to_matrices().unwrap().remove(R1CS_PREDICATE_LABEL).unwrap();
    let mut z = cs.instance_assignment().unwrap();
    z.extend(cs.witness_assignment().unwrap());
    (matrices, z)
}

fn row_value(m: &Matrix<Fr>, row: usize, z: &[Fr]) -> Fr {
    m[row].iter().map(|(c, v)| *c * z[*v]).sum()
}

fn holds(m: &[Matrix<Fr>], row: usize, z: &[Fr]) -> bool {
    row_value(&m[0], row, z) * row_value(&m[1], row, z) == row_value(&m[2], row, z)
}

/// Every single-witness-variable change that makes the failing rows hold
/// (solving each failing row, at most quadratic in one variable, for it)
/// and whether the whole system then holds: `Some(variable)` where one does.
fn one_variable_forgery(m: &[Matrix<Fr>], z: &[Fr], first_witness: usize) -> Option<usize> {
    let rows = m[0].len();
    let failing: Vec<usize> = (0..rows).filter(|&r| !holds(m, r, z)).collect();
    assert!(!failing.is_empty(), "the honest assignment already holds");
    let mut candidates: Vec<usize> =
        failing.iter().flat_map(|&r| (0..3).flat_map(move |k| m[k][r].iter().map(|(_, v)| *v))).collect();
    candidates.retain(|&v| v >= first_witness);
    candidates.sort_unstable();
    candidates.dedup();
    let r = failing[0];
    for v in candidates {
        let f = |t: Fr| {
            let mut y = z.to_vec();
            y[v] = t;
            row_value(&m[0], r, &y) * row_value(&m[1], r, &y) - row_value(&m[2], r, &y)
        };
        let (f0, f1, f2) = (f(Fr::from(0u64)), f(Fr::from(1u64)), f(Fr::from(2u64)));
        let a = (f2 - (f1 + f1) + f0) / Fr::from(2u64);
        let b = f1 - f0 - a;
        let roots: Vec<Fr> = if a == Fr::from(0u64) {
            if b == Fr::from(0u64) {
                vec![]
            } else {
                vec![-f0 / b]
            }
        } else {
            match (b.square() - a * f0 * Fr::from(4u64)).sqrt() {
                Some(d) => vec![(-b + d) / (a + a), (-b - d) / (a + a)],
                None => vec![],
            }
        };
        for t in roots {
            let mut y = z.to_vec();
            y[v] = t;
            if (0..rows).all(|row| holds(m, row, &y)) {
                return Some(v);
            }
        }
    }
    None
}

#[test]
fn no_single_variable_change_turns_a_revoked_or_foreign_witness_into_a_proof() {
    let tree = RevocationTree::new([0, 63, 64, 200, CAPACITY - 1]).unwrap();
    let other = RevocationTree::new([1]).unwrap();
    // Revoked indices with their honest witness (the bit row fails), and a
    // clean index with another list's witness (the root row fails).
    let cases = [
        (tree.witness(0).unwrap(), 0),
        (tree.witness(63).unwrap(), 63),
        (tree.witness(200).unwrap(), 200),
        (tree.witness(CAPACITY - 1).unwrap(), CAPACITY - 1),
        (other.witness(5).unwrap(), 5),
    ];
    for (witness, index) in cases {
        let (m, z) = gadget_system(&witness, index, tree.root(), false);
        // Instance: the constant one and the root.
        assert_eq!(one_variable_forgery(&m, &z, 2), None, "index {index}");
    }
    // Self-check: with the switch a free witness the probe finds the forgery
    // (switching the check off).
    let (m, z) = gadget_system(&tree.witness(63).unwrap(), 63, tree.root(), true);
    assert!(one_variable_forgery(&m, &z, 2).is_some(), "the probe finds nothing");
}
