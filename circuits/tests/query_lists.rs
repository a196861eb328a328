//! List checks in the query circuit, end to end against the native twin:
//! absence and presence in issuer-attested lists, windows, freshness, and the
//! holder's attempts to present a list other than the signed one.

#[path = "support/lists.rs"]
mod lists;
#[path = "support/query.rs"]
mod support;

use lists::*;
use medzk_circuits::attested_list::{code_key, prefix_key, KeyRange};
use medzk_circuits::eddsa::SecretKey;
use medzk_circuits::query::{evaluate, CompiledPolicy, ListCheck, QueryWitness};
use medzk_circuits::CircuitError;
use support::satisfied;

/// Native verdict and circuit satisfaction, which must agree.
fn run(policy: &CompiledPolicy, witness: &QueryWitness) -> Result<(), CircuitError> {
    let native = evaluate(policy, witness, &context()).map(|_| ());
    let (ok, _) = satisfied(policy, witness, &context());
    assert_eq!(native.is_ok(), ok, "native {native:?} vs circuit {ok}");
    native
}

#[test]
fn an_eligible_patient_proves() {
    let policy = policy();
    let scene = Scene::new(&eligible_conditions(), &medications());
    assert_eq!(run(&policy, &scene.witness(&policy)), Ok(()));
}

#[test]
fn an_excluded_entry_anywhere_in_the_list_fails_and_just_outside_proves() {
    let policy = policy();
    // At the interval's bounds, first and last in the list, and in the middle of many.
    let excluded = [T1_LO, T1_HI, 150_000];
    for code in excluded {
        for position in ["first", "last", "middle"] {
            let mut keys = eligible_conditions();
            match position {
                "first" => keys.insert(0, code_key(code, 10)),
                "last" => keys.push(code_key(code, 10)),
                _ => keys
                    .extend((0..40).map(|i| code_key(200_000 + i * 1_000, 10)).chain([code_key(code, 10)])),
            }
            let scene = Scene::new(&keys, &medications());
            assert_eq!(
                run(&policy, &scene.witness(&policy)),
                Err(CircuitError::ListCheckFailed(0)),
                "{code} {position}"
            );
        }
    }
    for code in [T1_LO - 1, T1_HI + 1] {
        let mut keys = eligible_conditions();
        keys.push(code_key(code, REFERENCE - 1));
        let scene = Scene::new(&keys, &medications());
        assert_eq!(run(&policy, &scene.witness(&policy)), Ok(()), "{code} is outside the interval");
    }
}

#[test]
fn windows_include_their_first_day_and_nothing_before() {
    let policy = policy();
    // any_in: the type 2 prefix last active exactly 30 days back holds; 31 does not.
    let with_t2 = |day: u32| vec![code_key(T2, day), prefix_key(T2_PREFIX, day)];
    let scene = Scene::new(&with_t2(REFERENCE - 30), &medications());
    assert_eq!(run(&policy, &scene.witness(&policy)), Ok(()));
    let scene = Scene::new(&with_t2(REFERENCE - 31), &medications());
    assert_eq!(run(&policy, &scene.witness(&policy)), Err(CircuitError::ListCheckFailed(1)));
    // none_in: insulin stopped 57 days back proves; 56 days back is inside the window.
    for (day, expected) in [(REFERENCE - 57, Ok(())), (REFERENCE - 56, Err(CircuitError::ListCheckFailed(2)))]
    {
        let mut meds = medications();
        meds.extend([code_key(700_000, day), prefix_key(INSULIN_PREFIX, day)]);
        let scene = Scene::new(&eligible_conditions(), &meds);
        assert_eq!(run(&policy, &scene.witness(&policy)), expected, "insulin last on day {day}");
    }
}

#[test]
fn an_empty_list_proves_every_absence_and_no_presence() {
    let mut policy = policy();
    let scene = Scene::new(&[], &[]);
    assert_eq!(run(&policy, &scene.witness(&policy)), Err(CircuitError::ListCheckFailed(1)));
    policy.lists[1] = ListCheck::UNUSED;
    assert_eq!(run(&policy, &scene.witness(&policy)), Ok(()));
}

#[test]
fn a_stale_list_fails_its_freshness_clause() {
    let policy = policy();
    let mut scene = Scene::new(&eligible_conditions(), &medications());
    scene.as_of = REFERENCE - 30;
    assert_eq!(run(&policy, &scene.witness(&policy)), Ok(()));
    scene.as_of = REFERENCE - 31;
    assert_eq!(run(&policy, &scene.witness(&policy)), Err(CircuitError::ClauseFailed(0)));
}

#[test]
fn the_holder_cannot_present_a_list_other_than_the_signed_one() {
    let policy = policy();
    let mut keys = eligible_conditions();
    keys.push(code_key(150_000, 10));
    let signed = Scene::new(&keys, &medications());
    let mut witness = signed.witness(&policy);
    // Dropped entry: the proof comes from the list without it.
    let dropped = Scene::new(&eligible_conditions(), &medications());
    witness.lists[0] = dropped.witness(&policy).lists[0].clone();
    assert_eq!(run(&policy, &witness), Err(CircuitError::ListCheckFailed(0)));
    // Reordered or duplicated entries cannot be built: the list sorts and merges, so
    // the only other leaves are forged ones; a leaf of the signed list whose next key
    // skips the entry is not in the tree.
    let mut forged = witness.lists[0].clone().unwrap();
    forged.leaf.next_key = code_key(T2, REFERENCE - 1);
    witness.lists[0] = Some(forged);
    assert_eq!(run(&policy, &witness), Err(CircuitError::ListCheckFailed(0)));
    // The dropped list signed by the holder's own key: not an issuer in the registry.
    let mut own = dropped.witness(&policy);
    let key = SecretKey::from_bytes([0x77; 32]);
    own.records[0].issuer = key.public_key().point();
    own.records[0].signature = key.sign(own.records[0].commitment());
    assert!(evaluate(&policy, &own, &context()).is_err());
    assert!(!satisfied(&policy, &own, &context()).0);
    // No proof at all for an active check.
    let mut none = dropped.witness(&policy);
    none.lists[2] = None;
    assert_eq!(run(&policy, &none), Err(CircuitError::ListCheckFailed(2)));
}

#[test]
fn a_list_check_must_read_a_list_record() {
    let mut policy = policy();
    policy.schemas[1] = 4; // a condition record, whose field 0 is a code
    assert!(matches!(policy.check_shape(), Err(CircuitError::ShapeMismatch { .. })));
    let mut policy = self::policy();
    policy.lists[0].lo += 1; // day bits of the lower key
    assert!(policy.check_shape().is_err());
    let mut policy = self::policy();
    policy.lists[3].since = 1; // an unused slot with data
    assert!(policy.check_shape().is_err());
}

#[test]
fn a_malformed_proof_in_an_unused_list_slot_is_refused_before_proving() {
    let policy = policy();
    let scene = Scene::new(&eligible_conditions(), &medications());
    let mut witness = scene.witness(&policy);
    let mut junk = scene.conditions.proof_for(true, KeyRange::codes(T1_LO, T1_HI)).unwrap();
    junk.path.siblings.pop();
    witness.lists[3] = Some(junk);
    assert_eq!(run(&policy, &witness), Err(CircuitError::ListCheckFailed(3)));
}
