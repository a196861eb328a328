//! Adversarial review of issue 19 (attested-list absence/presence in the query
//! circuit). Each test asserts the SECURE behaviour and carries a true twin.

#[path = "support/lists.rs"]
mod lists;
#[path = "support/query.rs"]
mod support;

use ark_relations::gr1cs::{ConstraintSynthesizer, ConstraintSystem};
use lists::*;
use medzk_circuits::attested_list::{code_key, prefix_key, KeyRange, ListLeaf, ListProof};
use medzk_circuits::query::constraints::QueryCircuit;
use medzk_circuits::query::{evaluate, CompiledPolicy, ListCheck, ListMode, QueryWitness, VerifierContext};
use medzk_circuits::{poseidon, CircuitError, Fr};
use support::satisfied;

fn native(
    policy: &CompiledPolicy,
    witness: &QueryWitness,
    ctx: &VerifierContext,
) -> Result<(), CircuitError> {
    evaluate(policy, witness, ctx).map(|_| ())
}

fn circuit(policy: &CompiledPolicy, witness: &QueryWitness, ctx: &VerifierContext) -> bool {
    satisfied(policy, witness, ctx).0
}

/// The native twin and the circuit must agree (the project's core invariant).
fn run(policy: &CompiledPolicy, witness: &QueryWitness) -> (Result<(), CircuitError>, bool) {
    let ctx = context();
    (native(policy, witness, &ctx), circuit(policy, witness, &ctx))
}

// ---------------------------------------------------------------------------
// Finding candidates
// ---------------------------------------------------------------------------

/// An unused list slot may carry any proof of the right shape: the native twin
/// only checks its shape, but the circuit range-checks the opened leaf's keys to
/// 96 bits unconditionally. A leaf key of 2^100 (or next_key 2^96) in an unused
/// slot: native Ok, circuit unsatisfied — the evaluator's "Ok exactly when the
/// circuit would be satisfied" contract is broken.
#[test]
fn unused_slot_with_a_wide_key_native_and_circuit_agree() {
    let policy = policy();
    let scene = Scene::new(&eligible_conditions(), &medications());
    // True twin: a junk (but 96-bit) proof in the unused slot agrees on both sides.
    let mut witness = scene.witness(&policy);
    witness.lists[3] = Some(scene.conditions.proof_for(true, KeyRange::codes(T1_LO, T1_HI)).unwrap());
    let (n, c) = run(&policy, &witness);
    assert_eq!(n, Ok(()));
    assert!(c, "twin: circuit accepts the junk proof in the unused slot");
    // Hostile: same path, leaf keys wider than 96 bits.
    for leaf in [
        ListLeaf { key: 1 << 100, next_key: 0 },
        ListLeaf { key: 0, next_key: 1 << 96 },
        ListLeaf { key: u128::MAX, next_key: u128::MAX },
    ] {
        let mut hostile = witness.clone();
        let mut p = hostile.lists[3].clone().unwrap();
        p.leaf = leaf;
        hostile.lists[3] = Some(p);
        let (n, c) = run(&policy, &hostile);
        assert_eq!(n.is_ok(), c, "native {n:?} vs circuit {c} for unused-slot leaf {leaf:?}");
    }
}

// ---------------------------------------------------------------------------
// Attacks that are refused (regression guards)
// ---------------------------------------------------------------------------

/// Code-space keys never answer a prefix-space query: a list holding only the
/// code key of T2 (not its prefix key) does not prove presence under T2's prefix.
#[test]
fn a_code_space_key_does_not_satisfy_a_prefix_space_query() {
    let policy = policy();
    // Twin: with the prefix key the any_in holds.
    let scene = Scene::new(&eligible_conditions(), &medications());
    assert_eq!(run(&policy, &scene.witness(&policy)), (Ok(()), true));
    // Code key only (crafted to sit where a prefix key would be if spaces were confused).
    let keys =
        vec![code_key(T2, REFERENCE - 1), code_key(T2_PREFIX, REFERENCE - 1), code_key(300_000, 40_000)];
    let scene = Scene::new(&keys, &medications());
    let w = scene.witness(&policy);
    assert_eq!(run(&policy, &w), (Err(CircuitError::ListCheckFailed(1)), false));
    // And every leaf of the list, tried as the presence proof, fails in both.
    let n_keys = keys.len() + 1;
    let range = policy.lists[1].effective_range(REFERENCE).unwrap();
    for i in 0..n_keys {
        let proof = scene
            .conditions
            .proof_for(false, KeyRange { lo: keys_sorted(&keys)[i.min(keys.len() - 1)], hi: u128::MAX >> 33 })
            .unwrap();
        let mut w = w.clone();
        w.lists[1] = Some(proof.clone());
        assert!(!proof.proves_presence(scene.conditions.root(), range));
        assert_eq!(run(&policy, &w), (Err(CircuitError::ListCheckFailed(1)), false));
    }
}

fn keys_sorted(keys: &[u128]) -> Vec<u128> {
    let mut k = keys.to_vec();
    k.sort();
    k
}

/// A prefix-space key never answers a code-space query: an absence over all codes
/// [1, 2^62] holds even though the list has prefix keys (all >= 2^95).
#[test]
fn prefix_space_keys_are_outside_every_code_range() {
    let mut policy = policy();
    policy.lists[0] = ListCheck::new(ListMode::NoneIn, 1, KeyRange::codes(1, (1 << 62) - 1));
    let meds_prefix_only = vec![prefix_key(9, REFERENCE - 1), prefix_key(8, REFERENCE - 1)];
    let scene = Scene::new(&eligible_conditions(), &meds_prefix_only);
    assert_eq!(run(&policy, &scene.witness(&policy)), (Ok(()), true));
    // Twin: a code key in range makes it fail in both.
    let scene = Scene::new(&eligible_conditions(), &[code_key(5, 1), prefix_key(9, 1)]);
    assert_eq!(run(&policy, &scene.witness(&policy)), (Err(CircuitError::ListCheckFailed(0)), false));
}

/// A relative window reaching before day 0 is unsatisfiable in both; a window
/// at exactly day 0 works in both; the absolute/relative flag is not confusable.
#[test]
fn window_edges_agree_and_refuse_before_day_zero() {
    let insulin_at = |day: u32| {
        let mut m = medications();
        m.extend([code_key(700_000, day), prefix_key(INSULIN_PREFIX, day)]);
        m
    };
    // Window at day 0 (since = reference date): no insulin proves; insulin on day 0 fails.
    let mut p = policy();
    p.lists[2].since = REFERENCE;
    let scene = Scene::new(&eligible_conditions(), &medications());
    assert_eq!(run(&p, &scene.witness(&p)), (Ok(()), true));
    let scene = Scene::new(&eligible_conditions(), &insulin_at(0));
    assert_eq!(run(&p, &scene.witness(&p)), (Err(CircuitError::ListCheckFailed(2)), false));
    // One day further back than day 0: unsatisfiable in both, whatever the list.
    p.lists[2].since = REFERENCE + 1;
    let scene = Scene::new(&eligible_conditions(), &medications());
    let (n, c) = run(&p, &scene.witness(&p));
    assert!(n.is_err() && !c, "window before day 0: native {n:?}, circuit {c}");
    // Absolute window day 56 (not reference - 56): insulin stopped 57 days ago is after it.
    let mut p = policy();
    p.lists[2].since_is_reference_date = false;
    let scene = Scene::new(&eligible_conditions(), &insulin_at(REFERENCE - 57));
    assert_eq!(run(&p, &scene.witness(&p)), (Err(CircuitError::ListCheckFailed(2)), false));
    // Twin: relative, the same list proves.
    let p = policy();
    assert_eq!(run(&p, &scene.witness(&p)), (Ok(()), true));
    // Largest absolute window (2^17 - 1, in the future): absence holds trivially in both.
    let mut p = policy();
    p.lists[2].since_is_reference_date = false;
    p.lists[2].since = (1 << 17) - 1;
    let scene = Scene::new(&eligible_conditions(), &insulin_at(REFERENCE - 1));
    assert_eq!(run(&p, &scene.witness(&p)), (Ok(()), true));
}

/// The holder cannot change a slot's mode, range or window: the policy data is a
/// witness bound by the public policy hash.
#[test]
fn the_holder_cannot_change_list_check_data_under_the_public_hash() {
    let honest = policy();
    // An excluded (type 1) entry: the honest statement is false.
    let mut keys = eligible_conditions();
    keys.push(code_key(150_000, 10));
    let scene = Scene::new(&keys, &medications());
    let public = |p: &CompiledPolicy| {
        let ctx = context();
        medzk_circuits::query::PublicInputs {
            issuer_root: ctx.issuer_root,
            policy_hash: p.hash(),
            reference_date: ctx.reference_date,
            scope: ctx.scope,
            nullifier: poseidon::hash2(Fr::from(SECRET), ctx.scope),
            challenge: ctx.challenge,
            revealed_hash: Fr::from(0u64),
        }
    };
    let prove = |p: &CompiledPolicy, hash_of: &CompiledPolicy| {
        let cs = ConstraintSystem::<Fr>::new_ref();
        let c = QueryCircuit::new(p.clone(), scene.witness(p), public(hash_of));
        c.generate_constraints(cs.clone()).is_ok() && cs.is_satisfied().unwrap()
    };
    assert!(!prove(&honest, &honest));
    let mut tampered = honest.clone();
    tampered.lists[0].hi = code_key(149_999, u32::MAX); // narrower range
    assert!(
        prove(&tampered, &tampered),
        "twin: the narrowed statement is true and proves under its own hash"
    );
    assert!(!prove(&tampered, &honest), "narrowed range under the honest hash");
    let mut tampered = honest.clone();
    tampered.lists[0] = ListCheck::UNUSED;
    assert!(!prove(&tampered, &honest), "slot switched off under the honest hash");
    let mut tampered = honest.clone();
    tampered.lists[0].mode = ListMode::AnyIn;
    assert!(!prove(&tampered, &honest), "mode flipped under the honest hash");
}

/// A list check can only name a list-schema slot; placeholder (schema 0) slots,
/// whose field 0 is 0, and out-of-range slots are refused by check_shape, which
/// the circuit runs before synthesising.
#[test]
fn a_list_check_on_a_placeholder_or_missing_slot_is_refused() {
    let mut p = policy();
    p.schemas[1] = 0;
    assert!(p.check_shape().is_err());
    let mut p = policy();
    p.lists[2].record = 2;
    assert!(p.check_shape().is_err());
    let mut p = policy();
    p.lists[0].hi = 1 << 96;
    assert!(p.check_shape().is_err());
    let mut p = policy();
    p.lists[0].lo = 0;
    assert!(p.check_shape().is_err());
    let mut p = policy();
    p.lists[1].since = 1 << 17;
    assert!(p.check_shape().is_err());
    assert!(policy().check_shape().is_ok());
}

/// A presence proof cannot use the low sentinel (key 0) nor a leaf of another
/// list; an absence proof cannot use a leaf straddling an entry.
#[test]
fn leaves_that_prove_nothing_are_refused_in_both() {
    let policy = policy();
    let scene = Scene::new(&eligible_conditions(), &medications());
    let mut w = scene.witness(&policy);
    assert_eq!(run(&policy, &w), (Ok(()), true));
    // Sentinel leaf (0, k1) for the any_in.
    let path = scene.conditions.proof_for(true, KeyRange::codes(1, 2)).unwrap();
    assert_eq!(path.leaf.key, 0);
    w.lists[1] = Some(path);
    assert_eq!(run(&policy, &w), (Err(CircuitError::ListCheckFailed(1)), false));
    // Forged leaf (0, 2^96 - 1) with the sentinel's path.
    let mut forged: ListProof = w.lists[1].clone().unwrap();
    forged.leaf = ListLeaf { key: 0, next_key: (1 << 96) - 1 };
    let mut w2 = scene.witness(&policy);
    w2.lists[0] = Some(forged);
    assert_eq!(run(&policy, &w2), (Err(CircuitError::ListCheckFailed(0)), false));
}
