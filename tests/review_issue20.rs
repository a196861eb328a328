//! Adversarial review of issue 20, facade side: the verifier's root window,
//! registries that list a key twice or carry hostile revocation data, and a
//! holder proving from a stale registry file. No keys are made: the native
//! twin and the circuit's satisfiability decide.

#[path = "support/scenario.rs"]
mod scenario;

use ark_bn254::Fr;
use medzk::circuits::query::evaluate;
use medzk::circuits::CircuitError;
use medzk::policy::{build_witness, presets, IssuerRegistry, PolicyError, TrustedIssuer};
use medzk::prover::is_satisfied;
use medzk::records::{HolderSecret, Issuer, RevocationList, Schema};
use medzk::TrustedRoots;
use scenario::{context, issue, rng};
use serde_json::Value;

/// Review finding (low), fixed since: `docs/revocation.md` says "A verifier that needs a
/// revocation to bite at once trusts the current root only (a window of
/// zero)", and the type's doc says it keeps roots superseded "less than
/// `grace_seconds` ago". With `grace_seconds = 0` the root just replaced is
/// still accepted for the rest of that second (`now <= at + grace`), so a
/// proof against the pre-revocation root verifies after the revocation.
#[test]
fn a_zero_window_trusts_the_current_root_only() {
    let [before, after] = [1u64, 2].map(Fr::from);
    let mut roots = TrustedRoots::new(before, 0);
    roots.update(after, 1_000);
    assert_eq!(roots.at(1_000), vec![after], "the revoked root is still trusted at the update time");
    assert_eq!(roots.at(1_001), vec![after]);
}

#[test]
fn a_window_keeps_a_root_while_younger_than_it_and_a_clock_behind_keeps_it_too() {
    let [a, b] = [1u64, 2].map(Fr::from);
    let mut roots = TrustedRoots::new(a, 10);
    roots.update(b, 1_000);
    assert_eq!(roots.at(1_009), vec![b, a]);
    assert_eq!(roots.at(1_011), vec![b]);
    // Before the update (a clock behind the one that recorded it): still kept.
    assert_eq!(roots.at(500), vec![b, a]);
    // At the far end of time the window does not overflow.
    let mut late = TrustedRoots::new(a, u64::MAX);
    late.update(b, u64::MAX);
    assert_eq!(late.at(u64::MAX), vec![b, a]);
}

fn lab() -> Issuer {
    Issuer::generate("Immunisation Registry", &mut rng(1))
}

#[test]
fn a_registry_refuses_one_key_with_its_old_and_new_list() {
    let lab = lab();
    let old = RevocationList::new(lab.public_key());
    let new = RevocationList::from_revoked(lab.public_key(), 1, [7]).unwrap();
    let entry = |list: RevocationList| {
        TrustedIssuer::new(&lab.name, lab.public_key(), &[Schema::Immunization])
            .with_revocations(list)
            .unwrap()
    };
    assert!(matches!(
        IssuerRegistry::new([entry(new.clone()), entry(old.clone())]),
        Err(PolicyError::RegistryEntry { .. })
    ));
    // The same through the file: two entries for one key, the second with the old list.
    let one = IssuerRegistry::new([entry(new)]).unwrap();
    let mut json: Value = serde_json::from_str(&one.to_json()).unwrap();
    let mut stale = json["issuers"][0].clone();
    stale["revocation"] = serde_json::json!({"epoch": 0, "revoked": []});
    stale["name"] = "Immunisation Registry (old)".into();
    json["issuers"].as_array_mut().unwrap().push(stale);
    assert!(matches!(IssuerRegistry::from_json(&json.to_string()), Err(PolicyError::RegistryEntry { .. })));
    // Nor may another key carry this key's list.
    let other = Issuer::generate("Other", &mut rng(2));
    let foreign = TrustedIssuer::new("Other", other.public_key(), &[Schema::Immunization])
        .with_revocations(RevocationList::new(lab.public_key()));
    assert!(matches!(foreign, Err(PolicyError::RegistryEntry { .. })));
}

#[test]
fn a_registry_file_with_hostile_revocation_data_is_a_typed_error() {
    let lab = lab();
    let list = RevocationList::from_revoked(lab.public_key(), 2, [3, 70]).unwrap();
    let entry = TrustedIssuer::new(&lab.name, lab.public_key(), &[Schema::Immunization])
        .with_revocations(list)
        .unwrap();
    let text = IssuerRegistry::new([entry]).unwrap().to_json();
    let json: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        IssuerRegistry::from_json(&text).unwrap().root(),
        IssuerRegistry::from_json(&text).unwrap().root()
    );
    let with = |edit: &dyn Fn(&mut Value)| {
        let mut v = json.clone();
        edit(&mut v);
        IssuerRegistry::from_json(&v.to_string())
    };
    let revoked = |r: Value| move |v: &mut Value| v["issuers"][0]["revocation"]["revoked"] = r.clone();
    for (what, r) in [
        ("unsorted", serde_json::json!([70, 3])),
        ("duplicated", serde_json::json!([3, 3, 70])),
        ("past the capacity", serde_json::json!([3, 1 << 20])),
        ("past u32", serde_json::json!([3, 1u64 << 40])),
        ("negative", serde_json::json!([-1, 3])),
        ("not numbers", serde_json::json!(["3"])),
        ("not a list", serde_json::json!({"3": true})),
    ] {
        assert!(with(&revoked(r)).is_err(), "{what}");
    }
    assert!(with(&|v| v["issuers"][0]["revocation"]["epoch"] = 1.into()).is_err(), "epoch below the count");
    assert!(with(&|v| v["issuers"][0]["revocation"]["epoch"] = (-1).into()).is_err());
    assert!(with(&|v| v["issuers"][0]["revocation"] = Value::Null).is_err());
    assert!(
        with(&|v| {
            v["issuers"][0].as_object_mut().unwrap().remove("revocation");
        })
        .is_err(),
        "a version 2 entry"
    );
    assert!(with(&|v| v["version"] = 2.into()).is_err());
    assert!(with(&|v| v["issuers"][0]["revocation"]["extra"] = 1.into()).is_err());
    // A revoked index the list never issued is representable (a registry
    // carries no counter) and changes the root.
    let more = with(&|v| {
        v["issuers"][0]["revocation"] = serde_json::json!({"epoch": 3, "revoked": [3, 70, 1_000_000]});
    })
    .unwrap();
    assert_ne!(more.root(), IssuerRegistry::from_json(&text).unwrap().root());
}

#[test]
fn a_holder_with_a_stale_registry_file_cannot_prove_a_revoked_credential() {
    let lab = lab();
    let holder = HolderSecret::generate(&mut rng(3));
    let fields = [("vaccine_code", "207"), ("occurrence_date", "2021-07-01"), ("status", "completed")];
    // Index 7 (the seed): the credential the issuer revokes.
    let credential = issue(&lab, &holder, Schema::Immunization, &fields, 7);
    let registry = |revoked: &[u32]| {
        let list =
            RevocationList::from_revoked(lab.public_key(), revoked.len() as u64, revoked.iter().copied())
                .unwrap();
        let entry = TrustedIssuer::new(&lab.name, lab.public_key(), &[Schema::Immunization])
            .with_revocations(list)
            .unwrap();
        IssuerRegistry::new([entry]).unwrap()
    };
    let (before, after) = (registry(&[6, 8]), registry(&[6, 7, 8]));
    let compiled = presets::vaccinated_after("2021-06-01").compile().unwrap();
    let now = context(&compiled, &after, 1);
    // The witness from the old registry file, under the new root. (The
    // public inputs other than the root do not depend on the witness here.)
    let stale = build_witness(&compiled, &[&credential], &holder, &before).unwrap();
    let mut honest = evaluate(&compiled.policy, &stale, &context(&compiled, &before, 1)).unwrap().public;
    honest.issuer_root = now.issuer_root;
    let public = |_: &medzk::circuits::query::QueryWitness| honest;
    assert_eq!(evaluate(&compiled.policy, &stale, &now).map(|_| ()), Err(CircuitError::IssuerNotTrusted(0)));
    assert!(!is_satisfied(&compiled.policy, &stale, &public(&stale)));
    // The current file's witness shows the bit.
    let current = build_witness(&compiled, &[&credential], &holder, &after).unwrap();
    assert_eq!(evaluate(&compiled.policy, &current, &now).map(|_| ()), Err(CircuitError::RecordRevoked(0)));
    assert!(!is_satisfied(&compiled.policy, &current, &public(&current)));
    // Mixing: the old chunk (bit clear) with the new registry path.
    let mut mixed = current.clone();
    mixed.records[0].revocation = stale.records[0].revocation.clone();
    assert_eq!(evaluate(&compiled.policy, &mixed, &now).map(|_| ()), Err(CircuitError::IssuerNotTrusted(0)));
    assert!(!is_satisfied(&compiled.policy, &mixed, &public(&mixed)));
    // The old root itself still admits it: the window decides (see above).
    let old = context(&compiled, &before, 1);
    assert!(evaluate(&compiled.policy, &stale, &old).is_ok());
    assert!(is_satisfied(
        &compiled.policy,
        &stale,
        &evaluate(&compiled.policy, &stale, &old).unwrap().public
    ));
}

/// Review finding (medium), fixed since: `files::write_revocations` overwrites the list file
/// whatever is on disk now. `medzk issue` reads the list, signs, and writes
/// its copy back; a `medzk issuer revoke` that lands in between is silently
/// undone (the next `medzk issuers root` publishes the credential as valid
/// again), and the reverse order hands an index out twice. Expected: the
/// second writer is refused (or merges), so the revocation survives.
#[test]
fn a_revocation_racing_an_issue_is_not_silently_undone() {
    use medzk::files::{read_revocations, write_revocations, IssuerFile};
    use medzk::records::RevocationIndex;
    let dir = std::env::temp_dir().join(format!("medzk-review-issue20-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("lab.revocations.json");
    let key = IssuerFile { issuer: lab(), schemas: vec![Schema::Immunization] };
    let mut list = RevocationList::new(key.issuer.public_key());
    for _ in 0..3 {
        list.allocate().unwrap();
    }
    write_revocations(&path, &key, &list).unwrap();
    // `medzk issue` reads the list...
    let mut issuing = read_revocations(&path, &key).unwrap();
    // ...`medzk issuer revoke --index 1` runs to completion...
    let mut revoking = read_revocations(&path, &key).unwrap();
    assert!(revoking.revoke(RevocationIndex::new(1).unwrap()).unwrap());
    write_revocations(&path, &key, &revoking).unwrap();
    // ...and `medzk issue` saves its counter.
    issuing.allocate().unwrap();
    let second = write_revocations(&path, &key, &issuing);
    let on_disk = read_revocations(&path, &key).unwrap();
    std::fs::remove_dir_all(&dir).ok();
    assert!(
        second.is_err() || on_disk.is_revoked(RevocationIndex::new(1).unwrap()),
        "the revocation was overwritten: epoch {} on disk, nothing revoked",
        on_disk.epoch()
    );
}
