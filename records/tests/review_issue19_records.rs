//! Adversarial review of issue 19 (attested lists): code patterns, key
//! derivation, FHIR import completeness, list credentials. Each test asserts
//! the SECURE behaviour and has a true twin.

use medzk_circuits::attested_list::{AttestedList, KeyRange};
use medzk_records::encoding::encode_date;
use medzk_records::fhir::list::import_list;
use medzk_records::{
    CodePattern, Credential, HolderSecret, Issuer, ListKind, RecordError, RecordList, Validity,
};
use serde_json::{json, Value};

fn day(s: &str) -> u32 {
    encode_date("d", s).unwrap()
}

/// The range `policy::lists::compile_list_clause` derives from a pattern:
/// without a window the code interval, with one the prefix key of the pattern.
fn compiled_range(pattern: CodePattern, windowed: bool) -> KeyRange {
    if windowed {
        KeyRange::prefix_since(pattern.prefix().unwrap(), 0)
    } else {
        let (lo, hi) = pattern.interval();
        KeyRange::codes(lo, hi)
    }
}

fn has_entry(list: &RecordList, range: KeyRange) -> bool {
    let tree = list.tree().unwrap();
    // What a proof can show: absence fails iff an entry is in range.
    let absent = tree.absence_proof(range).map(|p| p.proves_absence(tree.root(), range)).unwrap_or(false);
    let present = tree.presence_proof(range).map(|p| p.proves_presence(tree.root(), range)).unwrap_or(false);
    assert_ne!(absent, present, "exactly one of absence/presence is provable");
    present
}

fn bundle(resources: Vec<Value>) -> Value {
    json!({"resourceType": "Bundle", "type": "collection",
        "entry": resources.into_iter().map(|r| json!({"resource": r})).collect::<Vec<_>>()})
}

fn condition(id: &str, icd: &str, patient: &str) -> Value {
    json!({"resourceType": "Condition", "id": id,
        "subject": {"reference": format!("Patient/{patient}")},
        "code": {"coding": [{"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": icd}]},
        "clinicalStatus": {"coding": [{"code": "active"}]},
        "verificationStatus": {"coding": [{"code": "confirmed"}]},
        "onsetDateTime": "2020-01-01"})
}

// ---------------------------------------------------------------------------
// Finding candidates
// ---------------------------------------------------------------------------

/// `none_in ["E11"]` and `none_in ["E11"] since @reference_date - 100000d` must
/// cover the same codes. Today the exact pattern `E11` reads the code interval
/// [E11, E11] (only the 3-character code itself) without a window, but the prefix
/// key of E11 (E11 and all its sub-codes) with one: a patient with E11.9 (type 2
/// diabetes) proves "no E11" with the unwindowed clause.
#[test]
fn an_exact_category_code_covers_the_same_codes_with_and_without_a_window() {
    let as_of = day("2026-12-01");
    let list = RecordList::new(ListKind::Conditions, as_of, [("E11.9".into(), as_of)]).unwrap();
    let e11 = ListKind::Conditions.pattern("E11").unwrap();
    // A code of a hierarchical system is read as itself and its sub-codes.
    assert!(matches!(e11, CodePattern::Prefix(..)));
    // Twin: with a window E11 means E11 and its sub-codes: E11.9 is found.
    assert!(has_entry(&list, compiled_range(e11, true)), "windowed E11 sees E11.9");
    // The explicit prefix pattern sees it too, with or without a window.
    let e11_star = ListKind::Conditions.pattern("E11.*").unwrap();
    assert!(has_entry(&list, compiled_range(e11_star, false)));
    assert!(has_entry(&list, compiled_range(e11_star, true)));
    // Secure: the same pattern text must not change meaning with `since`.
    assert!(
        has_entry(&list, compiled_range(e11, false)),
        "unwindowed none_in E11 proves absence for a patient with E11.9"
    );
}

/// A FHIR searchset page (`$everything` is paged by servers: a `next` link and
/// `total` above the entries given) is not the complete list; importing it must
/// fail rather than sign the first page as complete.
#[test]
fn a_paged_fhir_bundle_is_not_signed_as_complete() {
    let as_of = day("2026-12-01");
    // Twin: a collection Bundle with the same entry imports.
    let complete = bundle(vec![condition("t2", "E11.9", "p1")]);
    assert!(import_list(&complete, ListKind::Conditions, as_of).is_ok());
    let page = json!({"resourceType": "Bundle", "type": "searchset", "total": 2,
        "link": [{"relation": "self", "url": "https://fhir.example/Patient/p1/$everything"},
                 {"relation": "next", "url": "https://fhir.example/Patient/p1/$everything?page=2"}],
        "entry": [{"resource": condition("t2", "E11.9", "p1"), "search": {"mode": "match"}}]});
    let result = import_list(&page, ListKind::Conditions, as_of);
    assert!(
        result.is_err(),
        "the first page was imported as a complete list: {:?}",
        result.map(|l| l.entries().to_vec())
    );
}

/// A MedicationDispense (the pharmacy handed insulin over) is a resource of the
/// medication kind: the list must include it or refuse, not silently skip it.
#[test]
fn a_medication_dispense_is_not_silently_dropped() {
    let as_of = day("2026-12-01");
    let atc = |code: &str| json!({"coding": [{"system": "http://www.whocc.no/atc", "code": code}]});
    let statement = json!({"resourceType": "MedicationStatement", "id": "m", "status": "active",
        "medicationCodeableConcept": atc("A10BA02"), "effectivePeriod": {"start": "2026-01-01"}});
    let dispense = json!({"resourceType": "MedicationDispense", "id": "d", "status": "completed",
        "medicationCodeableConcept": atc("A10AB01"), "whenHandedOver": "2026-11-20"});
    // Twin: the statement is listed.
    let list = import_list(&bundle(vec![statement.clone()]), ListKind::Medications, as_of).unwrap();
    assert_eq!(list.entries().len(), 1);
    match import_list(&bundle(vec![statement, dispense]), ListKind::Medications, as_of) {
        Err(_) => {}
        Ok(list) => assert!(
            list.entries().iter().any(|e| e.code == "A10AB01"),
            "insulin dispensed 11 days before as_of is missing from a 'complete' list: {:?}",
            list.entries()
        ),
    }
}

/// A Bundle mixing two patients' resources must not make one list of both
/// (another patient's entry would prove presence for this holder).
#[test]
fn another_patients_resources_are_not_listed() {
    let as_of = day("2026-12-01");
    let one = import_list(&bundle(vec![condition("a", "I10", "p1")]), ListKind::Conditions, as_of).unwrap();
    assert_eq!(one.entries().len(), 1);
    let mixed = bundle(vec![condition("a", "I10", "p1"), condition("b", "C50.9", "p2")]);
    match import_list(&mixed, ListKind::Conditions, as_of) {
        Err(_) => {}
        Ok(list) => assert!(
            !list.entries().iter().any(|e| e.code == "C50.9"),
            "patient p2's C50.9 was listed beside p1's I10: {:?}",
            list.entries()
        ),
    }
}

// ---------------------------------------------------------------------------
// Attacks that are refused (regression guards)
// ---------------------------------------------------------------------------

/// Prefix keys carry the latest day among the codes under them, duplicates
/// included, so a window meets the latest entry.
#[test]
fn windows_meet_the_latest_day_under_a_prefix() {
    let as_of = day("2026-12-01");
    let list = RecordList::new(
        ListKind::Conditions,
        as_of,
        [
            ("E11.9".into(), day("2020-01-01")),
            ("E11.65".into(), day("2026-11-15")),
            ("E11.9".into(), day("2019-01-01")),
            ("I10".into(), day("2010-01-01")),
        ],
    )
    .unwrap();
    let tree: AttestedList = list.tree().unwrap();
    let e11 = ListKind::Conditions.pattern("E11.*").unwrap().prefix().unwrap();
    let e119 = ListKind::Conditions.pattern("E11.9").unwrap().prefix().unwrap();
    let since = |p: u64, d: &str| KeyRange::prefix_since(p, day(d));
    assert!(tree.any_in(since(e11, "2026-11-15")), "E11.65 is the latest under E11");
    assert!(!tree.any_in(since(e11, "2026-11-16")));
    assert!(tree.any_in(since(e119, "2020-01-01")), "E11.9's latest of its duplicates");
    assert!(!tree.any_in(since(e119, "2020-01-02")));
    let i = ListKind::Conditions.pattern("I*").unwrap().prefix().unwrap();
    assert!(tree.any_in(since(i, "2010-01-01")) && !tree.any_in(since(i, "2010-01-02")));
    // ATC: A10B* under a window sees A10BA02; A10A* does not.
    let meds =
        RecordList::new(ListKind::Medications, as_of, [("A10BA02".into(), day("2026-11-01"))]).unwrap();
    let mt = meds.tree().unwrap();
    for (p, want) in
        [("A10B*", true), ("A10*", true), ("A*", true), ("A10BA02", true), ("A10A*", false), ("B*", false)]
    {
        let pre = ListKind::Medications.pattern(p).unwrap().prefix().unwrap();
        assert_eq!(mt.any_in(KeyRange::prefix_since(pre, day("2026-10-01"))), want, "{p}");
    }
}

/// Ranges and prefixes cover every sub-code they name, including the last
/// prefix's sub-codes and letter-bearing ICD-10 codes.
#[test]
fn patterns_cover_their_sub_codes() {
    let k = ListKind::Conditions;
    let code = |t: &str| k.parse_code(t).unwrap().1;
    let covers = |p: &str, c: &str| {
        let (lo, hi) = k.pattern(p).unwrap().interval();
        (lo..=hi).contains(&code(c))
    };
    for (p, c) in [
        ("K70-K77", "K77.8"),
        ("K70-K77", "K70"),
        ("O*", "O9A.12"),
        ("O*", "O00.0"),
        ("T36-T50", "T50.901A"),
        ("E10.*", "E10.A1"),
    ] {
        assert!(covers(p, c), "{p} misses {c}");
    }
    for (p, c) in [("K70-K77", "K78"), ("K70-K77", "K69.9"), ("O*", "P00"), ("E10.*", "E11")] {
        assert!(!covers(p, c), "{p} covers {c}");
    }
    // Windowed patterns must be codes or prefixes.
    assert!(k.pattern("K70-K77").unwrap().prefix().is_none());
    // Malformed patterns are refused.
    for bad in ["*", ".*", "K70*-K77", "E1*0", "K77-K70", "E10.*-E11"] {
        assert!(k.pattern(bad).is_err(), "{bad}");
    }
    // Whitespace inside a prefix is trimmed to the same prefix (benign).
    assert_eq!(k.pattern("E10 .*").unwrap(), k.pattern("E10.*").unwrap());
}

/// A list credential's as_of cannot be edited (the record is signed), and its
/// entries must hash to the signed root and count.
#[test]
fn a_list_credential_refuses_an_edited_as_of() {
    let mut rng = rand::rngs::OsRng;
    let issuer = Issuer::generate("City Hospital", &mut rng);
    let holder = HolderSecret::generate(&mut rng);
    let as_of = day("2026-12-01");
    let list = RecordList::new(ListKind::Conditions, as_of, [("E11.9".into(), day("2026-06-01"))]).unwrap();
    let credential = issuer
        .issue_list(
            list,
            holder.commitment(),
            Validity::new(as_of, as_of + 365).unwrap(),
            medzk_records::RevocationIndex::new(0).unwrap(),
            &mut rng,
        )
        .unwrap();
    let json = credential.to_json();
    assert!(Credential::from_json(&json).is_ok());
    let mut v: Value = serde_json::from_str(&json).unwrap();
    v["fields"]["as_of"] = json!("2027-06-01");
    let err = Credential::from_json(&v.to_string()).unwrap_err();
    assert!(matches!(err, RecordError::CommitmentMismatch | RecordError::ListMismatch(_)), "{err}");
    let mut v: Value = serde_json::from_str(&json).unwrap();
    v["entries"][0]["last_active"] = json!("2026-05-01");
    assert!(Credential::from_json(&v.to_string()).is_err());
}
