//! Revocation lists: indices handed out in order, revocation, the signed
//! file format, and a typed error for every hostile file.

use medzk_circuits::eddsa::SecretKey;
use medzk_records::encoding::encode_date;
use medzk_records::{
    Credential, HolderSecret, Issuer, Record, RecordData, RecordError, RevocationIndex, RevocationList,
    Schema, Validity,
};
use rand::SeedableRng;
use serde_json::Value;

fn issuer(seed: u8) -> Issuer {
    Issuer::new("City Lab", SecretKey::from_bytes([seed; 32]))
}

fn credential(issuer: &Issuer, index: RevocationIndex) -> Credential {
    let data = RecordData::new(
        Schema::Immunization,
        [("vaccine_code", "207"), ("occurrence_date", "2021-01-01"), ("status", "completed")],
    )
    .unwrap();
    let validity =
        Validity::new(encode_date("i", "2026-01-01").unwrap(), encode_date("e", "2027-01-01").unwrap())
            .unwrap();
    let holder = HolderSecret::from_field(5u64.into());
    let mut rng = rand::rngs::StdRng::seed_from_u64(u64::from(index.get()));
    issuer.issue(Record::new(data, holder.commitment(), validity, index, &mut rng))
}

#[test]
fn indices_are_handed_out_in_order_and_revoked_once() {
    let lab = issuer(1);
    let mut list = RevocationList::new(lab.public_key());
    let empty_root = list.root();
    let first = list.allocate().unwrap();
    let second = list.allocate().unwrap();
    assert_eq!((first.get(), second.get(), list.issued()), (0, 1, 2));
    let c = credential(&lab, second);
    assert!(list.revoke_credential(&c).unwrap());
    assert_eq!((list.epoch(), list.revoked().collect::<Vec<_>>()), (1, vec![1]));
    assert!(list.is_revoked(second) && !list.is_revoked(first));
    assert_ne!(list.root(), empty_root);
    // Revoking again changes nothing.
    assert!(!list.revoke(second).unwrap());
    assert_eq!(list.epoch(), 1);
    // An index not handed out yet, or a credential of another key, is refused.
    assert_eq!(
        list.revoke(RevocationIndex::new(2).unwrap()),
        Err(RecordError::RevocationNotIssued { index: 2, issued: 2 })
    );
    let other = credential(&issuer(2), first);
    assert_eq!(list.revoke_credential(&other), Err(RecordError::RevocationWrongIssuer));
}

#[test]
fn indices_are_bounded_and_a_full_list_refuses_more() {
    assert!(RevocationIndex::new((1 << 20) - 1).is_ok());
    assert!(matches!(RevocationIndex::new(1 << 20), Err(RecordError::RevocationIndex(_))));
    let lab = issuer(1);
    let last = RevocationList::from_revoked(lab.public_key(), 1, [(1 << 20) - 1]).unwrap();
    assert_eq!(last.issued(), 1 << 20);
    let mut full = last.clone();
    assert_eq!(full.allocate(), Err(RecordError::RevocationListFull));
}

#[test]
fn the_signed_file_round_trips_and_every_tampering_is_refused() {
    let lab = issuer(1);
    let mut list = RevocationList::new(lab.public_key());
    for _ in 0..70 {
        list.allocate().unwrap();
    }
    for n in [3, 64, 69] {
        list.revoke(RevocationIndex::new(n).unwrap()).unwrap();
    }
    let text = list.to_json(&lab).unwrap();
    assert_eq!(RevocationList::from_json(&text).unwrap(), list);
    // Only the list's own key signs it.
    assert_eq!(list.to_json(&issuer(2)), Err(RecordError::RevocationWrongIssuer));

    let json: Value = serde_json::from_str(&text).unwrap();
    let with = |edit: &dyn Fn(&mut Value)| {
        let mut v = json.clone();
        edit(&mut v);
        RevocationList::from_json(&v.to_string())
    };
    let malformed =
        |r: Result<RevocationList, RecordError>| matches!(r, Err(RecordError::MalformedRevocationList(_)));
    // Un-revoking an index, with the root updated to match: the signature fails.
    let unrevoked = RevocationList::from_revoked(lab.public_key(), 3, [3, 64]).unwrap();
    assert!(malformed(with(&|v| {
        v["revoked"] = serde_json::json!([3, 64]);
        v["root"] = medzk_circuits::field::fr_to_decimal(&unrevoked.root()).into();
    })));
    // Without the root updated: the root check fails first.
    assert!(malformed(with(&|v| v["revoked"] = serde_json::json!([3, 64]))));
    assert!(malformed(with(&|v| v["epoch"] = 9.into())), "another epoch is another statement");
    assert!(malformed(with(&|v| v["issued"] = 71.into())));
    assert!(malformed(with(&|v| v["revoked"] = serde_json::json!([64, 3, 69]))), "unsorted");
    assert!(malformed(with(&|v| v["revoked"] = serde_json::json!([3, 3, 64, 69]))), "duplicate");
    assert!(malformed(with(&|v| v["issued"] = 60.into())), "a revoked index never issued");
    assert!(malformed(with(&|v| v["epoch"] = 1.into())), "fewer epochs than revocations");
    assert!(matches!(with(&|v| v["issued"] = (2u64 << 20).into()), Err(RecordError::RevocationIndex(_))));
    assert!(matches!(
        with(&|v| v["revoked"] = serde_json::json!([3, 64, 1 << 20])),
        Err(RecordError::RevocationIndex(_))
    ));
    assert!(matches!(with(&|v| v["version"] = 2.into()), Err(RecordError::UnsupportedVersion { .. })));
    assert!(matches!(with(&|v| v["extra"] = 1.into()), Err(RecordError::Json { .. })));
    assert!(matches!(with(&|v| v["issuer"][0] = "1".into()), Err(RecordError::Crypto(_))));
    assert!(matches!(RevocationList::from_json("{"), Err(RecordError::Json { .. })));
}

#[test]
fn a_credential_whose_nonce_is_not_an_index_is_refused_on_load() {
    let lab = issuer(1);
    let c = credential(&lab, RevocationIndex::new(5).unwrap());
    let mut v: Value = serde_json::from_str(&c.to_json()).unwrap();
    v["revocation_nonce"] = "1048576".into();
    assert!(matches!(Credential::from_json(&v.to_string()), Err(RecordError::RevocationIndex(_))));
    assert_eq!(c.record.revocation_index().unwrap().get(), 5);
}
