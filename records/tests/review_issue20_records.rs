//! Adversarial review of issue 20, records side: the revocation list file
//! and counter under hostile input (epochs at their bound, non-canonical
//! numbers, re-encoded signatures, large lists, stale lists) and the
//! credential's nonce.

use medzk_circuits::eddsa::SecretKey;
use medzk_circuits::field::fr_to_decimal;
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

fn index(n: u64) -> RevocationIndex {
    RevocationIndex::new(n).unwrap()
}

/// Review finding (low), fixed since: a list at the largest epoch panics on the next revocation
/// (`self.epoch += 1` overflows; in release it wraps to 0, which then looks
/// like the oldest list). The epoch of a registry entry is unsigned and
/// anyone's to choose; a signed list file can carry it too. Expected: a
/// typed error, no panic, no wrap.
#[test]
fn revoking_in_a_list_at_the_largest_epoch_is_an_error_not_a_panic_or_a_wrap() {
    let lab = issuer(1);
    // An epoch above 2^20 (one per revocation) is refused outright.
    assert!(matches!(
        RevocationList::from_revoked(lab.public_key(), u64::MAX, [1]),
        Err(RecordError::MalformedRevocationList(_))
    ));
    let at_max = RevocationList::from_revoked(lab.public_key(), 1 << 20, [1]).unwrap();
    // The signed file round-trips with that epoch.
    let text = at_max.to_json(&lab).unwrap();
    assert_eq!(RevocationList::from_json(&text).unwrap().epoch(), 1 << 20);
    let outcome = std::panic::catch_unwind(|| {
        let mut list = at_max.clone();
        let result = list.revoke(index(0));
        (result, list.epoch())
    });
    match outcome {
        Err(_) => panic!("revoke panicked on epoch overflow"),
        Ok((Ok(_), epoch)) => panic!("revoke succeeded and the epoch became {epoch} (wrapped)"),
        Ok((Err(_), epoch)) => assert_eq!(epoch, 1 << 20),
    }
}

#[test]
fn a_credential_nonce_written_non_canonically_is_refused() {
    let lab = issuer(1);
    let c = credential(&lab, index(5));
    let mut v: Value = serde_json::from_str(&c.to_json()).unwrap();
    // r + 5 (the BN254 scalar modulus plus five): the same field element as 5.
    let r_plus_5 = "21888242871839275222246405745257275088548364400416034343698204186575808495622";
    for nonce in [r_plus_5, "-5", "0x5", " 5", "5.0", "", "1e3"] {
        v["revocation_nonce"] = nonce.into();
        assert!(Credential::from_json(&v.to_string()).is_err(), "nonce {nonce:?} was accepted");
    }
    v["revocation_nonce"] = "1048575".into();
    assert!(Credential::from_json(&v.to_string()).is_err(), "a signature over nonce 5 only");
}

#[test]
fn a_list_file_with_a_re_encoded_signature_or_root_is_refused() {
    let lab = issuer(1);
    let mut list = RevocationList::new(lab.public_key());
    for _ in 0..10 {
        list.allocate().unwrap();
    }
    list.revoke(index(4)).unwrap();
    let text = list.to_json(&lab).unwrap();
    let json: Value = serde_json::from_str(&text).unwrap();
    let with = |edit: &dyn Fn(&mut Value)| {
        let mut v = json.clone();
        edit(&mut v);
        RevocationList::from_json(&v.to_string())
    };
    // s + l (the subgroup order): the same scalar modulo l.
    let s: num_bigint::BigUint = json["signature"]["S"].as_str().unwrap().parse().unwrap();
    let l: num_bigint::BigUint =
        "2736030358979909402780800718157159386076813972158567259200215660948447373041".parse().unwrap();
    assert!(with(&|v| v["signature"]["S"] = (&s + &l).to_string().into()).is_err(), "s + l");
    // The root plus the field modulus (non-canonical decimal).
    let root: num_bigint::BigUint = json["root"].as_str().unwrap().parse().unwrap();
    let r: num_bigint::BigUint =
        "21888242871839275222246405745257275088548364400416034343698204186575808495617".parse().unwrap();
    assert!(with(&|v| v["root"] = (&root + &r).to_string().into()).is_err(), "root + r");
    // Negative, fractional or string-typed numbers.
    assert!(with(&|v| v["epoch"] = (-1).into()).is_err());
    assert!(with(&|v| v["issued"] = 10.5.into()).is_err());
    assert!(with(&|v| v["revoked"] = serde_json::json!(["4"])).is_err());
    assert!(with(&|v| v["revoked"] = serde_json::json!([4294967300u64])).is_err());
    // The signature of another list of the same key (the statement binds root, epoch, issued).
    let mut other = list.clone();
    other.allocate().unwrap();
    let other_json: Value = serde_json::from_str(&other.to_json(&lab).unwrap()).unwrap();
    assert!(with(&|v| v["signature"] = other_json["signature"].clone()).is_err());
}

#[test]
fn a_large_list_parses_quickly_and_a_full_bitmap_is_handled() {
    // Every 16th index of the first 2^18 revoked: 16,384 indices over 4,096 chunks.
    let lab = issuer(3);
    let revoked: Vec<u32> = (0..1u32 << 14).map(|i| i * 16).collect();
    let list = RevocationList::from_revoked(lab.public_key(), revoked.len() as u64, revoked.clone()).unwrap();
    let text = list.to_json(&lab).unwrap();
    let start = std::time::Instant::now();
    let back = RevocationList::from_json(&text).unwrap();
    assert!(start.elapsed().as_secs() < 20, "took {:?}", start.elapsed());
    assert_eq!(back.root(), list.root());
    assert!(back.is_revoked(index(16)) && !back.is_revoked(index(17)));
    // A witness for a revoked and a clean index of one chunk.
    let w = back.witness(index(17));
    assert!(w.proves_unrevoked(back.root(), 17) && !w.proves_unrevoked(back.root(), 16));
}

#[test]
fn an_older_signed_list_still_verifies_so_rollback_is_the_builders_to_refuse() {
    // Pinned behaviour: the list before a revocation carries a valid
    // signature and parses; only its lower epoch tells it apart. No library
    // API compares epochs (see the review report).
    let lab = issuer(1);
    let mut list = RevocationList::new(lab.public_key());
    let c = credential(&lab, list.allocate().unwrap());
    let old = list.to_json(&lab).unwrap();
    assert!(list.revoke_credential(&c).unwrap());
    let new = list.to_json(&lab).unwrap();
    let (old, new) = (RevocationList::from_json(&old).unwrap(), RevocationList::from_json(&new).unwrap());
    assert!(old.epoch() < new.epoch());
    assert!(!old.is_revoked(index(0)) && new.is_revoked(index(0)));
    assert_ne!(fr_to_decimal(&old.root()), fr_to_decimal(&new.root()));
}

#[test]
fn indices_stay_unique_across_allocation_revocation_and_a_file_round_trip() {
    let lab = issuer(2);
    let mut list = RevocationList::new(lab.public_key());
    let mut seen = std::collections::BTreeSet::new();
    for round in 0..5u64 {
        for _ in 0..70 {
            assert!(seen.insert(list.allocate().unwrap().get()), "an index was handed out twice");
        }
        list.revoke(index(round * 70 + 3)).unwrap();
        list = RevocationList::from_json(&list.to_json(&lab).unwrap()).unwrap();
    }
    assert_eq!(list.issued(), 350);
    assert_eq!(list.epoch(), 5);
    // `issued` at the capacity: the file round-trips and allocation stops.
    let mut full = RevocationList::from_revoked(lab.public_key(), 1, [(1 << 20) - 1]).unwrap();
    full = RevocationList::from_json(&full.to_json(&lab).unwrap()).unwrap();
    assert_eq!(full.allocate(), Err(RecordError::RevocationListFull));
}
