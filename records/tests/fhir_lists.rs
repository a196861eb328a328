//! Attested lists from FHIR: official examples and hand-made Bundles, with
//! the entries left out by design and the typed errors of what cannot be listed.

use medzk_records::encoding::encode_date;
use medzk_records::fhir::list::{import_list, import_list_json};
use medzk_records::{
    Credential, HolderSecret, Issuer, ListKind, RecordError, RecordList, RevocationIndex, Validity,
};
use serde_json::{json, Value};

fn example(name: &str) -> Value {
    let path = format!("{}/vectors/fhir/examples/{name}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn bundle(resources: Vec<Value>) -> Value {
    json!({"resourceType": "Bundle", "type": "collection", "entry": resources.into_iter().map(|r| json!({"resource": r})).collect::<Vec<_>>()})
}

fn day(s: &str) -> u32 {
    encode_date("d", s).unwrap()
}

fn entries(list: &RecordList) -> Vec<(String, String)> {
    list.entries()
        .iter()
        .map(|e| (e.code.clone(), medzk_records::encoding::decode_date(e.last_active)))
        .collect()
}

#[test]
fn official_procedure_examples_make_a_procedure_list() {
    let resources =
        ["Procedure-example.json", "Procedure-f001.json", "Procedure-ambulation.json"].map(example);
    // The official examples are about different patients: not one list.
    let err = import_list(&bundle(resources.to_vec()), ListKind::Procedures, day("2026-12-01")).unwrap_err();
    assert!(matches!(&err, RecordError::Fhir { reason, .. } if reason.contains("one patient")), "{err}");
    // Made about one patient, they are.
    let one_patient = resources.map(|mut r| {
        r["subject"] = serde_json::json!({"reference": "Patient/example"});
        r
    });
    let list = import_list(&bundle(one_patient.to_vec()), ListKind::Procedures, day("2026-12-01")).unwrap();
    // The appendectomy on its day, the procedure of 2011 on its end day; `not-done` left out.
    assert_eq!(
        entries(&list),
        vec![("34068001".into(), "2011-06-27".into()), ("80146002".into(), "2013-04-05".into())]
    );
}

#[test]
fn what_cannot_be_listed_fails_the_whole_list() {
    let as_of = day("2026-12-01");
    // An official Condition coded in SNOMED CT only: not listable by ICD-10.
    let err =
        import_list(&bundle(vec![example("Condition-f201.json")]), ListKind::Conditions, as_of).unwrap_err();
    assert!(
        matches!(&err, RecordError::ListEntry { reason, .. } if reason.contains("no ICD-10 code")),
        "{err}"
    );
    // A Condition without any coding fails to import: the list refuses to drop it.
    let err = import_list(&bundle(vec![example("Condition-example2.json")]), ListKind::Conditions, as_of)
        .unwrap_err();
    assert!(matches!(err, RecordError::ListEntry { .. }), "{err}");
    // RxNorm-only medications (the official examples) are not ATC-coded.
    let err =
        import_list(&bundle(vec![example("MedicationRequest-medrx0308.json")]), ListKind::Medications, as_of)
            .unwrap_err();
    assert!(matches!(err, RecordError::ListEntry { .. }), "{err}");
    // A HCPCS-coded Procedure has no SNOMED CT code.
    let err =
        import_list(&bundle(vec![example("Procedure-HCBS.json")]), ListKind::Procedures, as_of).unwrap_err();
    assert!(matches!(err, RecordError::ListEntry { .. }), "{err}");
    // Malformed JSON and non-resources.
    assert!(matches!(import_list_json("{", ListKind::Conditions, as_of), Err(RecordError::Json { .. })));
    assert!(matches!(
        import_list(&json!({"a": 1}), ListKind::Conditions, as_of),
        Err(RecordError::Fhir { .. })
    ));
    // An entry active after as_of.
    let late = json!({"resourceType": "Procedure", "id": "p", "status": "completed",
        "code": {"coding": [{"system": "http://snomed.info/sct", "code": "80146002"}]}, "performedDateTime": "2027-01-01"});
    assert!(matches!(import_list(&late, ListKind::Procedures, as_of), Err(RecordError::ListEntry { .. })));
}

fn condition(id: &str, icd: &str, clinical: &str, verification: &str, extra: Value) -> Value {
    let mut c = json!({"resourceType": "Condition", "id": id,
        "code": {"coding": [{"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": icd}]},
        "clinicalStatus": {"coding": [{"code": clinical}]},
        "verificationStatus": {"coding": [{"code": verification}]}});
    c.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
    c
}

#[test]
fn condition_statuses_decide_inclusion_and_last_day() {
    let as_of = day("2026-12-01");
    let b = bundle(vec![
        condition("t2", "E11.9", "active", "confirmed", json!({"onsetDateTime": "2015-03-01"})),
        condition("dka", "E11.10", "resolved", "confirmed", json!({"abatementDateTime": "2019-06-02"})),
        condition(
            "flu",
            "J11.1",
            "resolved",
            "confirmed",
            json!({"recordedDate": "2022-01-05", "onsetDateTime": "2021-12-28"}),
        ),
        condition("t1", "E10.9", "active", "refuted", json!({})),
        condition("err", "N18.6", "active", "entered-in-error", json!({})),
        example("Patient-example.json"),
    ]);
    let list = import_list(&b, ListKind::Conditions, as_of).unwrap();
    assert_eq!(
        entries(&list),
        vec![
            ("E11.10".into(), "2019-06-02".into()),
            ("E11.9".into(), "2026-12-01".into()),
            ("J11.1".into(), "2022-01-05".into()),
        ]
    );
}

#[test]
fn a_list_credential_round_trips_and_refuses_edited_entries() {
    let mut rng = rand::rngs::OsRng;
    let issuer = Issuer::generate("City Hospital", &mut rng);
    let holder = HolderSecret::generate(&mut rng);
    let as_of = day("2026-12-01");
    let list = RecordList::new(
        ListKind::Conditions,
        as_of,
        [("E11.9".into(), as_of), ("I10".into(), day("2020-01-01"))],
    )
    .unwrap();
    let validity = Validity::new(as_of, as_of + 365).unwrap();
    let credential = issuer
        .issue_list(list.clone(), holder.commitment(), validity, RevocationIndex::new(3).unwrap(), &mut rng)
        .unwrap();
    let json = credential.to_json();
    assert_eq!(Credential::from_json(&json).unwrap(), credential);
    // Dropping, editing or adding an entry: the entries no longer hash to the signed root.
    let mut v: Value = serde_json::from_str(&json).unwrap();
    let original = v["entries"].clone();
    for edit in [
        json!([original[0]]),
        json!([original[0], {"code": "I10", "last_active": "2020-01-02"}]),
        json!([original[0], original[1], {"code": "E10.9", "last_active": "2020-01-02"}]),
    ] {
        v["entries"] = edit;
        let err = Credential::from_json(&v.to_string()).unwrap_err();
        assert!(matches!(err, RecordError::ListMismatch(_)), "{err}");
    }
    // No entries on a list, entries on a non-list.
    v.as_object_mut().unwrap().remove("entries");
    assert!(matches!(Credential::from_json(&v.to_string()), Err(RecordError::ListMismatch(_))));
    // A duplicated entry changes the count the issuer signed.
    let mut dup: Value = serde_json::from_str(&json).unwrap();
    dup["entries"] = json!([original[0], original[0], original[1]]);
    assert!(matches!(Credential::from_json(&dup.to_string()), Err(RecordError::ListMismatch(_))));
}

#[test]
fn a_dispense_lasts_through_its_days_supply() {
    let as_of = day("2026-12-01");
    let atc =
        |code: &str| serde_json::json!({"coding": [{"system": "http://www.whocc.no/atc", "code": code}]});
    let dispense = |handed: &str, supply: serde_json::Value| {
        serde_json::json!({"resourceType": "MedicationDispense", "id": "d", "status": "completed",
            "subject": {"reference": "Patient/p"}, "medicationCodeableConcept": atc("A10AB01"),
            "whenHandedOver": handed, "daysSupply": supply})
    };
    let days = |n: u64| serde_json::json!({"value": n, "unit": "days", "system": "http://unitsofmeasure.org", "code": "d"});
    // 10 days from 2026-10-01: last day 2026-10-10.
    let list =
        import_list(&bundle(vec![dispense("2026-10-01", days(10))]), ListKind::Medications, as_of).unwrap();
    assert_eq!(entries(&list), vec![("A10AB01".into(), "2026-10-10".into())]);
    // A supply lasting past `as_of` is active on `as_of`.
    let list =
        import_list(&bundle(vec![dispense("2026-11-20", days(30))]), ListKind::Medications, as_of).unwrap();
    assert_eq!(entries(&list), vec![("A10AB01".into(), "2026-12-01".into())]);
    // A supply not in days, or not a whole number of days, fails the list.
    for bad in [
        serde_json::json!({"value": 2, "unit": "boxes"}),
        serde_json::json!({"value": 1.5, "code": "d"}),
        serde_json::json!({"value": 0, "code": "d"}),
    ] {
        assert!(
            import_list(&bundle(vec![dispense("2026-10-01", bad.clone())]), ListKind::Medications, as_of)
                .is_err(),
            "{bad}"
        );
    }
    // Declined and in-preparation dispenses were never handed over: left out.
    for status in ["declined", "preparation"] {
        let mut d = dispense("2026-10-01", days(10));
        d["status"] = status.into();
        let list = import_list(&bundle(vec![d]), ListKind::Medications, as_of).unwrap();
        assert!(list.entries().is_empty(), "{status}");
    }
}

#[test]
fn a_resource_without_a_patient_beside_ones_with_one_is_refused() {
    let as_of = day("2026-12-01");
    let condition = |id: &str| {
        json!({"resourceType": "Condition", "id": id, "subject": {"reference": "Patient/p"},
            "code": {"coding": [{"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": "I10"}]},
            "onsetDateTime": "2020-01-01"})
    };
    let mut anonymous = condition("b");
    anonymous.as_object_mut().unwrap().remove("subject");
    assert!(import_list(&bundle(vec![condition("a"), condition("c")]), ListKind::Conditions, as_of).is_ok());
    let err = import_list(&bundle(vec![condition("a"), anonymous.clone()]), ListKind::Conditions, as_of)
        .unwrap_err();
    assert!(matches!(&err, RecordError::Fhir { reason, .. } if reason.contains("one patient")), "{err}");
    // Resources that name no patient at all (a single-patient export) still list.
    assert!(import_list(&bundle(vec![anonymous]), ListKind::Conditions, as_of).is_ok());
}
