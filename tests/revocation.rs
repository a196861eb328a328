//! Revocation end to end, through the protocol entry points: an issuer
//! revokes one credential and the registry publishes a new root; the revoked
//! credential can no longer prove, the issuer's others still do, and a proof
//! made before the revocation is accepted only while its root is within the
//! verifier's window.

#[path = "support/scenario.rs"]
mod scenario;

use medzk::files::IssuerFile;
use medzk::policy::{presets, IssuerRegistry, TrustedIssuer};
use medzk::records::{Credential, HolderSecret, Issuer, RevocationList, Schema, Validity};
use medzk::verifier::VerifyError;
use medzk::{expectations, issue_fhir, prove, verify, Challenge, Error, ProofRequest, TrustedRoots};
use scenario::{day, keys, rng};

const DOSE: &str = r#"{"resourceType": "Immunization", "status": "completed",
  "vaccineCode": {"coding": [{"system": "http://hl7.org/fhir/sid/cvx", "code": "208"}]},
  "occurrenceDateTime": "2021-07-01"}"#;

struct Registry {
    key: IssuerFile,
    list: RevocationList,
}

impl Registry {
    fn registry(&self) -> IssuerRegistry {
        let entry =
            TrustedIssuer::new("Immunisation Registry", self.key.issuer.public_key(), &self.key.schemas)
                .with_revocations(self.list.clone())
                .unwrap();
        IssuerRegistry::new([entry]).unwrap()
    }

    fn issue(&mut self, holder: &HolderSecret, seed: u64) -> Credential {
        let validity = Validity::new(day("2026-01-01"), day("2027-01-01")).unwrap();
        let issued =
            issue_fhir(&self.key, &mut self.list, holder.commitment(), DOSE, validity, &mut rng(seed));
        issued.unwrap().credentials.remove(0).1
    }
}

#[test]
fn a_revoked_credential_cannot_prove_the_others_can_and_old_proofs_expire_with_their_root() {
    let key = IssuerFile {
        issuer: Issuer::generate("Immunisation Registry", &mut rng(1)),
        schemas: vec![Schema::Immunization],
    };
    let list = RevocationList::new(key.issuer.public_key());
    let mut issuer = Registry { key, list };
    let (alice, bob) = (HolderSecret::generate(&mut rng(2)), HolderSecret::generate(&mut rng(3)));
    let alices = issuer.issue(&alice, 4);
    let bobs = issuer.issue(&bob, 5);
    assert_eq!(issuer.list.issued(), 2, "each credential took its own index");

    let policy = presets::vaccinated_after("2021-06-01").compile().unwrap();
    let (prover, pvk) = keys("small");
    let before = issuer.registry();
    let challenge = 77u64.into();
    let reference_date = day("2026-06-01");
    let request = ProofRequest { policy: &policy, registry: &before, challenge, reference_date };
    let old_proof = prove(&request, std::slice::from_ref(&alices), &alice, prover, &mut rng(6)).unwrap();

    // The issuer revokes Alice's credential; the registry is rebuilt.
    assert!(issuer.list.revoke_credential(&alices).unwrap());
    let after = issuer.registry();
    assert_ne!(after.root(), before.root());
    let request = ProofRequest { registry: &after, ..request };
    match prove(&request, std::slice::from_ref(&alices), &alice, prover, &mut rng(7)) {
        Err(Error::CannotProve(reason)) => assert!(reason.contains("revoked"), "{reason}"),
        other => panic!("a revoked credential proved: {other:?}"),
    }
    // Bob's credential, from the same issuer key, still proves.
    let bobs_proof = prove(&request, std::slice::from_ref(&bobs), &bob, prover, &mut rng(8)).unwrap();

    // The verifier trusts the new root and, for an hour, the one it replaced.
    let mut roots = TrustedRoots::new(before.root(), 3600);
    roots.update(after.root(), 1_000_000);
    let window = (reference_date, reference_date);
    let expect = |now| expectations(&policy, &roots.at(now), Challenge::Exactly(challenge), window).unwrap();
    assert!(verify(pvk, &expect(1_000_000), &bobs_proof.file).is_ok());
    assert!(verify(pvk, &expect(1_000_000 + 3599), &old_proof.file).is_ok(), "within the window");
    for proof in [&old_proof, &bobs_proof] {
        let late = verify(pvk, &expect(1_000_000 + 3600), &proof.file);
        if proof.public.issuer_root == before.root() {
            assert!(matches!(late, Err(Error::Verify(VerifyError::UntrustedIssuerRoot))), "{late:?}");
        } else {
            assert!(late.is_ok(), "the current root never leaves the window");
        }
    }
}

#[test]
fn the_root_history_keeps_each_superseded_root_for_the_window_only() {
    let [a, b, c] = [1u64, 2, 3].map(ark_bn254::Fr::from);
    let mut roots = TrustedRoots::new(a, 100);
    assert_eq!(roots.at(0), vec![a]);
    roots.update(b, 1000);
    roots.update(b, 1010); // republishing the current root changes nothing
    roots.update(c, 1050);
    assert_eq!(roots.at(1050), vec![c, b, a]);
    assert_eq!(roots.at(1099), vec![c, b, a]);
    assert_eq!(roots.at(1100), vec![c, b], "a left the window 100 s after it was replaced");
    assert_eq!(roots.at(1150), vec![c]);
    // A root that comes back is current again, not also a superseded one.
    roots.update(a, 1200);
    assert_eq!(roots.at(1200), vec![a, c]);
}

#[test]
fn a_registry_refuses_a_list_older_than_the_one_it_replaces() {
    let key = IssuerFile {
        issuer: Issuer::generate("Immunisation Registry", &mut rng(1)),
        schemas: vec![Schema::Immunization],
    };
    let list = RevocationList::new(key.issuer.public_key());
    let mut issuer = Registry { key, list };
    for _ in 0..3 {
        issuer.list.allocate().unwrap();
    }
    let old_list = issuer.list.clone();
    issuer.list.revoke(medzk::records::RevocationIndex::new(1).unwrap()).unwrap();
    let current = issuer.registry();
    let newer_list = issuer.list.clone();
    issuer.list.revoke(medzk::records::RevocationIndex::new(2).unwrap()).unwrap();
    assert!(issuer.registry().check_successor_of(&current).is_ok(), "a later list replaces it");
    assert!(current.check_successor_of(&current).is_ok(), "so does the same one");
    // The issuer's older, validly signed list would un-revoke index 1.
    issuer.list = old_list;
    assert!(!issuer.list.succeeds(&newer_list) && newer_list.succeeds(&issuer.list));
    assert!(matches!(
        issuer.registry().check_successor_of(&current),
        Err(medzk::policy::PolicyError::RegistryEntry { .. })
    ));
}

#[test]
fn a_list_read_before_another_command_wrote_is_not_written_over_it() {
    use medzk::files::{read_revocations, update_revocations, write_revocations, FileError};
    let dir = std::env::temp_dir().join(format!("medzk-revocation-race-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("lab.revocations.json");
    let key =
        IssuerFile { issuer: Issuer::generate("Lab", &mut rng(9)), schemas: vec![Schema::Immunization] };
    let mut list = RevocationList::new(key.issuer.public_key());
    list.allocate().unwrap();
    list.allocate().unwrap();
    write_revocations(&path, &key, &list).unwrap();
    let stale = read_revocations(&path, &key).unwrap();
    // Another command revokes index 1 under the lock.
    let revoked: Result<bool, FileError> = update_revocations(&path, &key, |l| {
        Ok(l.revoke(medzk::records::RevocationIndex::new(1).unwrap()).unwrap())
    });
    assert!(revoked.unwrap());
    // The stale copy, with one more index handed out, is refused.
    let mut stale = stale;
    stale.allocate().unwrap();
    assert!(matches!(write_revocations(&path, &key, &stale), Err(FileError::Format { .. })));
    let on_disk = read_revocations(&path, &key).unwrap();
    assert!(on_disk.is_revoked(medzk::records::RevocationIndex::new(1).unwrap()));
    // A failed change writes nothing.
    let failed: Result<(), FileError> = update_revocations(&path, &key, |l| {
        l.allocate().unwrap();
        Err(FileError::Io { path: "x".into(), message: "refused".into() })
    });
    assert!(failed.is_err());
    assert_eq!(read_revocations(&path, &key).unwrap(), on_disk);
    std::fs::remove_dir_all(&dir).ok();
}
