//! Semantic mutation testing and a differential property test of the query
//! circuit (the 2026-12 security review, docs/security.md).
//!
//! Raw-witness mutation (`tests/mutation.rs`) changes a few witness variables;
//! it cannot see policy data that the policy hash does not cover, because
//! using such data consistently changes hundreds of dependent variables. Here
//! every datum of the compiled policy (each predicate's op, indices, bounds,
//! bound flags and operand; each set slot's root and flag; each schema id) is
//! perturbed and the *whole* witness is re-synthesised from the perturbed
//! policy, while the honest public inputs are kept. The constraint system must
//! then be unsatisfied. The campaign also counts the perturbations under which
//! the holder's records satisfy the perturbed policy natively: for those, only
//! the policy hash stands between the attacker and a forged proof.
//!
//! The differential test draws random policies and random records and checks
//! that the circuit is satisfied exactly when the native evaluator says true.
//! Counts print with `--nocapture`.

#[path = "support/scenario.rs"]
mod scenario;

use ark_bn254::Fr;
use medzk::circuits::eddsa::SecretKey;
use medzk::circuits::indexed_merkle::IndexedMerkleTree;
use medzk::circuits::merkle::MerkleTree;
use medzk::circuits::poseidon;
use medzk::circuits::query::{
    evaluate, issuer_leaf, Clause, CompiledPolicy, Op, Predicate, QueryWitness, RecordWitness, SetSlot,
    SetWitness, VerifierContext, FIELDS, SMALL,
};
use medzk::circuits::revocation::RevocationTree;
use medzk::policy::build_witness;
use medzk::prover::is_satisfied;
use medzk::verifier::PublicInputs;
use rand::Rng as _;
use scenario::*;

/// Adds `p` changed by `change` to `out`, if it differs from `p`.
fn variant(
    out: &mut Vec<(String, CompiledPolicy)>,
    p: &CompiledPolicy,
    what: String,
    change: impl FnOnce(&mut CompiledPolicy),
) {
    let mut q = p.clone();
    change(&mut q);
    if q != *p {
        out.push((what, q));
    }
}

/// Every policy that differs from `p` in exactly one datum (a few values per
/// numeric datum: ±1, 0, the maximum, the reference date).
fn mutations(p: &CompiledPolicy, reference: u32) -> Vec<(String, CompiledPolicy)> {
    let mut out = Vec::new();
    let numbers = |v: u64| [v.wrapping_add(1), v.wrapping_sub(1), 0, u64::MAX, u64::from(reference)];
    for r in 0..p.schemas.len() {
        for id in 0..8u64 {
            variant(&mut out, p, format!("schema {r} = {id}"), |q| q.schemas[r] = id);
        }
    }
    for j in 0..p.sets.len() {
        variant(&mut out, p, format!("set {j} root + 1"), |q| q.sets[j].root += Fr::from(1u64));
        variant(&mut out, p, format!("set {j} root = 0"), |q| q.sets[j].root = Fr::from(0u64));
        variant(&mut out, p, format!("set {j} active flipped"), |q| q.sets[j].active = !q.sets[j].active);
    }
    for k in 0..p.clauses.len() {
        for i in 0..2 {
            let name = |d: String| format!("clause {k} predicate {i}: {d}");
            let mut each = |what: String, change: &dyn Fn(&mut Predicate)| {
                variant(&mut out, p, name(what), |q| change(&mut q.clauses[k].predicates[i]))
            };
            for op in Op::ALL {
                each(format!("op {op:?}"), &|x| x.op = op);
            }
            for r in 0..p.shape.records as u8 {
                each(format!("record {r}"), &|x| x.record = r);
            }
            for f in 0..FIELDS as u8 {
                each(format!("field {f}"), &|x| x.field = f);
            }
            for s in 0..p.shape.sets as u8 {
                each(format!("set {s}"), &|x| x.set = s);
            }
            let (lo, hi) = (p.clauses[k].predicates[i].lo, p.clauses[k].predicates[i].hi);
            for v in numbers(lo) {
                each(format!("lo {v}"), &|x| x.lo = v);
            }
            for v in numbers(hi) {
                each(format!("hi {v}"), &|x| x.hi = v);
            }
            each("lo_is_reference_date flipped".into(), &|x| {
                x.lo_is_reference_date = !x.lo_is_reference_date
            });
            each("hi_is_reference_date flipped".into(), &|x| {
                x.hi_is_reference_date = !x.hi_is_reference_date
            });
            each("operand + 1".into(), &|x| x.operand += Fr::from(1u64));
        }
    }
    out
}

struct Campaign {
    mutations: usize,
    natively_true: usize,
}

/// Runs every mutation of `policy` against `witness` with the honest public inputs.
fn campaign(policy: &CompiledPolicy, witness: &QueryWitness, ctx: &VerifierContext) -> Campaign {
    let honest = evaluate(policy, witness, ctx).expect("the honest statement holds").public;
    assert!(is_satisfied(policy, witness, &honest));
    let mut natively_true = 0;
    let all = mutations(policy, ctx.reference_date);
    for (what, forged) in &all {
        if evaluate(forged, witness, ctx).is_ok() {
            natively_true += 1;
        }
        assert_ne!(forged.hash(), policy.hash(), "{what}: the policy hash does not cover it");
        assert!(!is_satisfied(forged, witness, &honest), "{what}: accepted under the honest public inputs");
    }
    Campaign { mutations: all.len(), natively_true }
}

/// Every mutation of one preset's policy data is refused (a test per preset,
/// so that the harness runs them on both cores).
fn every_policy_datum_is_bound(s: Scenario) {
    let refs: Vec<_> = s.credentials.iter().collect();
    let witness = build_witness(&s.compiled, &refs, &s.holder, &s.world.registry).unwrap();
    let ctx = context(&s.compiled, &s.world.registry, 4);
    let c = campaign(&s.compiled.policy, &witness, &ctx);
    println!(
        "semantic mutations {}: {} (records satisfy {} of the mutated policies natively), 0 accepted",
        s.compiled.document.name, c.mutations, c.natively_true
    );
    assert!(c.natively_true > 0, "some mutation must be a real forgery attempt");
}

#[test]
fn every_policy_datum_is_bound_vaccinated_after() {
    every_policy_datum_is_bound(vaccination());
}

#[test]
fn every_policy_datum_is_bound_trial_eligibility() {
    every_policy_datum_is_bound(trial());
}

#[test]
fn every_policy_datum_is_bound_claim_covered() {
    every_policy_datum_is_bound(claim());
}

#[test]
fn every_policy_datum_is_bound_licence_valid() {
    every_policy_datum_is_bound(licence());
}

// ---- random policies × random records (small shape, circuit level) ----

const ALL_SCHEMAS: u32 = 0b111_1110;

struct Fixture {
    keys: Vec<SecretKey>,
    tree: MerkleTree,
    /// The first issuer's revocation list (indices 2, 3, 64 and 70 revoked).
    revocations: RevocationTree,
}

fn fixture() -> Fixture {
    let keys: Vec<SecretKey> = (1..=2u8).map(|i| SecretKey::from_bytes([i; 32])).collect();
    let revocations = RevocationTree::new([2, 3, 64, 70]).unwrap();
    let leaves = keys.iter().map(|k| issuer_leaf(&k.public_key().point(), ALL_SCHEMAS, revocations.root()));
    Fixture { tree: MerkleTree::from_leaves_with_arity(4, 6, leaves).unwrap(), keys, revocations }
}

/// A value near one of a few interesting points.
fn value(rng: &mut Rng, reference: u64) -> u64 {
    let base = [0, 1, 207, 44_000, reference, u64::MAX - 1][rng.gen_range(0..6)];
    base.wrapping_add(rng.gen_range(0..3)).wrapping_sub(1)
}

/// A random record; `valid` ones are issued before and expire after the reference date.
fn random_record(f: &Fixture, rng: &mut Rng, holder: Fr, reference: u64, valid: bool) -> RecordWitness {
    // Invalid records may also be revoked, or sit beside a revoked index.
    let nonce = if valid { 1 } else { [1u64, 2, 3, 4, 63, 64, 65, 70][rng.gen_range(0..8)] };
    let mut fields = [Fr::from(0u64); FIELDS];
    for v in fields.iter_mut() {
        *v = Fr::from(value(rng, reference));
    }
    let mut w = RecordWitness {
        schema_id: 2,
        presence: if valid { 0xff } else { rng.gen_range(0..256) },
        fields,
        holder,
        issued_at: if valid {
            40_000
        } else {
            [40_000, reference as u32, reference as u32 + 1][rng.gen_range(0..3)]
        },
        expires_at: if valid {
            50_000
        } else {
            [reference as u32 - 1, reference as u32, 50_000][rng.gen_range(0..3)]
        },
        revocation_nonce: Fr::from(nonce),
        salt: Fr::from(rng.gen::<u64>()),
        issuer: f.keys[0].public_key().point(),
        issuer_schemas: ALL_SCHEMAS,
        signature: f.keys[0].sign(Fr::from(0u64)),
        issuer_path: f.tree.path(0).unwrap(),
        revocation: f.revocations.witness(nonce).unwrap(),
    };
    w.signature = f.keys[0].sign(w.commitment());
    w
}

/// A predicate that holds for `record` (its own value as bounds or operand):
/// half the cases draw clauses from these so that true statements are common.
fn satisfied_predicate(rng: &mut Rng, record: &RecordWitness) -> Predicate {
    let field = rng.gen_range(0..FIELDS as u8);
    let v: u64 =
        medzk::circuits::field::biguint_from_fr(&record.fields[usize::from(field)]).try_into().unwrap();
    let op = [Op::True, Op::InRange, Op::FieldEq, Op::Exists][rng.gen_range(0..4)];
    Predicate {
        op,
        record: 0,
        field,
        set: 0,
        lo: v.saturating_sub(rng.gen_range(0..2)),
        hi: v.saturating_add(rng.gen_range(0..2)),
        lo_is_reference_date: false,
        hi_is_reference_date: false,
        years: 0,
        operand: record.fields[usize::from(field)],
    }
}

fn random_predicate(rng: &mut Rng, record: &RecordWitness, reference: u64, first: bool) -> Predicate {
    let ops = [
        Op::True,
        Op::False,
        Op::InRange,
        Op::NotInRange,
        Op::FieldEq,
        Op::FieldNe,
        Op::In,
        Op::NotIn,
        Op::Exists,
    ];
    let op = if first && rng.gen_bool(0.1) { Op::Reveal } else { ops[rng.gen_range(0..ops.len())] };
    let field = rng.gen_range(0..FIELDS as u8);
    let near = |rng: &mut Rng| value(rng, reference);
    let (mut lo, mut hi) = (near(rng), near(rng));
    if lo > hi && rng.gen_bool(0.8) {
        std::mem::swap(&mut lo, &mut hi);
    }
    let operand = if rng.gen_bool(0.5) { record.fields[usize::from(field)] } else { Fr::from(near(rng)) };
    // Relative bounds: an offset of days (usually small, so the bound lands
    // near the reference date; sometimes past it, which no witness satisfies)
    // after going back a number of calendar years.
    let (lo_is_reference_date, hi_is_reference_date) = (rng.gen_bool(0.2), rng.gen_bool(0.2));
    let offset = |rng: &mut Rng, v: u64| if rng.gen_bool(0.8) { rng.gen_range(0..400) } else { v };
    let lo = if lo_is_reference_date { offset(rng, lo) } else { lo };
    let hi = if hi_is_reference_date { offset(rng, hi) } else { hi };
    Predicate {
        op,
        record: 0,
        field,
        set: 0,
        lo,
        hi,
        lo_is_reference_date,
        hi_is_reference_date,
        years: if rng.gen_bool(0.3) { rng.gen_range(0..=255) } else { 0 },
        operand,
    }
}

/// What the prover would claim for a statement the native twin refuses.
fn claimed_public(policy: &CompiledPolicy, witness: &QueryWitness, ctx: &VerifierContext) -> PublicInputs {
    match evaluate(policy, witness, ctx) {
        Ok(e) => e.public,
        Err(_) => PublicInputs {
            issuer_root: ctx.issuer_root,
            policy_hash: policy.hash(),
            reference_date: ctx.reference_date,
            scope: ctx.scope,
            nullifier: poseidon::hash2(witness.holder_secret, ctx.scope),
            challenge: ctx.challenge,
            revealed_hash: policy.revealed_hash(&vec![Fr::from(0u64); policy.clauses.len()]),
        },
    }
}

#[test]
fn the_circuit_is_satisfied_exactly_when_the_native_evaluator_says_true() {
    let f = fixture();
    let reference = 46_000u64;
    let ctx = VerifierContext {
        issuer_root: f.tree.root(),
        reference_date: reference as u32,
        scope: Fr::from(3u64),
        challenge: Fr::from(4u64),
    };
    let secret = Fr::from(99u64);
    let holder = poseidon::hash(&[secret]).unwrap();
    let mut rng = rng(2026);
    let (mut accepted, mut rejected, mut mutations) = (0, 0, 0);
    for case in 0..120 {
        let lean_true = case % 2 == 0;
        let record = random_record(&f, &mut rng, holder, reference, lean_true);
        let members: Vec<u64> = (0..rng.gen_range(1..5))
            .map(|_| value(&mut rng, reference))
            .filter(|v| *v != 0 && *v != u64::MAX)
            .chain([207])
            .collect();
        let set = IndexedMerkleTree::from_set_with_arity(4, 8, members).unwrap();
        let clauses: Vec<Clause> = (0..SMALL.clauses)
            .map(|_| Clause {
                predicates: [
                    if lean_true && rng.gen_bool(0.9) {
                        satisfied_predicate(&mut rng, &record)
                    } else {
                        random_predicate(&mut rng, &record, reference, true)
                    },
                    random_predicate(&mut rng, &record, reference, false),
                ],
            })
            .collect();
        let policy = CompiledPolicy {
            shape: SMALL,
            schemas: vec![2],
            sets: vec![SetSlot { root: set.root(), active: rng.gen_bool(0.9) }],
            clauses,
            lists: Vec::new(),
        };
        // The set slot's value: the field of the first set predicate, as the holder's tools pick it.
        let set_value = policy
            .clauses
            .iter()
            .flat_map(|c| c.predicates.iter())
            .find(|p| matches!(p.op, Op::In | Op::NotIn))
            .map(|p| record.fields[usize::from(p.field)])
            .and_then(|v| medzk::circuits::field::biguint_from_fr(&v).try_into().ok())
            .unwrap_or(0u64);
        let witness = QueryWitness {
            holder_secret: secret,
            records: vec![record],
            sets: vec![Some(SetWitness { value: set_value, proof: set.leaf_proof(set_value).unwrap() })],
            lists: Vec::new(),
        };
        let native = evaluate(&policy, &witness, &ctx).is_ok();
        let public = claimed_public(&policy, &witness, &ctx);
        assert_eq!(
            is_satisfied(&policy, &witness, &public),
            native,
            "case {case}: circuit and native disagree ({:?}) on\n{:#?}\n{:?}",
            evaluate(&policy, &witness, &ctx).err(),
            policy.clauses,
            witness.records[0]
        );
        if native {
            accepted += 1;
            // Policies that hold also get the semantic campaign (a sample of them).
            if accepted <= 6 {
                mutations += campaign(&policy, &witness, &ctx).mutations;
            }
        } else {
            rejected += 1;
        }
    }
    println!("differential: {accepted} true and {rejected} false statements agree; {mutations} semantic mutations of true ones rejected");
    assert!(accepted >= 10 && rejected >= 10, "the generator must produce both ({accepted} / {rejected})");
}
