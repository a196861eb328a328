//! Adversarial review of the issue-19 fixes to FHIR list import
//! (`records/src/fhir/list.rs`, `records/src/fhir.rs`) and code patterns
//! (`records/src/list.rs`). Each test asserts the SECURE behaviour; a failing
//! test is a finding. Every test carries an honest twin that must pass.

use medzk_circuits::attested_list::KeyRange;
use medzk_records::encoding::encode_date;
use medzk_records::fhir::list::import_list;
use medzk_records::{ListKind, RecordList};
use serde_json::{json, Value};

fn day(s: &str) -> u32 {
    encode_date("d", s).unwrap()
}

fn as_of() -> u32 {
    day("2026-12-01")
}

fn bundle(resources: Vec<Value>) -> Value {
    json!({"resourceType": "Bundle", "type": "collection",
        "entry": resources.into_iter().map(|r| json!({"resource": r})).collect::<Vec<_>>()})
}

fn icd(system: &str, code: &str) -> Value {
    json!({"system": system, "code": code})
}

const ICD10CM: &str = "http://hl7.org/fhir/sid/icd-10-cm";
const ICD10: &str = "http://hl7.org/fhir/sid/icd-10";

fn condition(id: &str, code: &str, patient: &str) -> Value {
    json!({"resourceType": "Condition", "id": id,
        "subject": {"reference": format!("Patient/{patient}")},
        "code": {"coding": [icd(ICD10CM, code)]},
        "clinicalStatus": {"coding": [{"code": "active"}]},
        "verificationStatus": {"coding": [{"code": "confirmed"}]},
        "onsetDateTime": "2020-01-01"})
}

/// Whether some entry of the list is in `range` (what a proof can show).
fn has_entry(list: &RecordList, range: KeyRange) -> bool {
    let tree = list.tree().unwrap();
    let absent = tree.absence_proof(range).map(|p| p.proves_absence(tree.root(), range)).unwrap_or(false);
    let present = tree.presence_proof(range).map(|p| p.proves_presence(tree.root(), range)).unwrap_or(false);
    assert_ne!(absent, present, "exactly one of absence/presence is provable");
    present
}

/// `none_in [pattern]` without a window: is an entry under it?
fn listed(list: &RecordList, pattern: &str) -> bool {
    let (lo, hi) = list.kind().pattern(pattern).unwrap().interval();
    has_entry(list, KeyRange::codes(lo, hi))
}

/// `none_in [pattern] since <since>`: is an entry under it active on or after `since`?
fn active_since(list: &RecordList, pattern: &str, since: u32) -> bool {
    let p = list.kind().pattern(pattern).unwrap().prefix().unwrap();
    has_entry(list, KeyRange::prefix_since(p, since))
}

// ---------------------------------------------------------------------------
// Finding candidates
// ---------------------------------------------------------------------------

/// The error message tells the issuer to "fetch all pages and join them". A
/// natural join is a collection Bundle whose entries are the page Bundles (or
/// a `batch-response` / `transaction-response` whose entries are searchsets).
/// Every Condition inside is then skipped (`Bundle` is not of the kind) and an
/// EMPTY list is signed as complete: `none_in E11` proves absence for a
/// diabetic.
#[test]
fn conditions_inside_a_nested_bundle_are_not_silently_dropped() {
    let page = json!({"resourceType": "Bundle", "type": "searchset", "total": 1,
        "entry": [{"resource": condition("t2", "E11.9", "p1")}]});
    // Twin: the page itself imports with its entry.
    let list = import_list(&page, ListKind::Conditions, as_of()).unwrap();
    assert!(listed(&list, "E11"));
    let joined = bundle(vec![page]);
    match import_list(&joined, ListKind::Conditions, as_of()) {
        Err(_) => {}
        Ok(list) => assert!(
            listed(&list, "E11"),
            "a nested Bundle's E11.9 is missing from a 'complete' list: {:?}",
            list.entries()
        ),
    }
}

/// A single resource that is not a Bundle and not of the kind (a Patient, a
/// `List`, a misspelt `bundle`) becomes an EMPTY complete list rather than an
/// error. An issuer pointing the importer at the wrong file (or at a Bundle
/// whose resourceType is miscased) signs "no conditions at all".
#[test]
fn a_non_bundle_resource_of_another_type_is_not_an_empty_complete_list() {
    // Twin: a single Condition imports as a one-entry list.
    let one = import_list(&condition("a", "I10", "p1"), ListKind::Conditions, as_of()).unwrap();
    assert_eq!(one.entries().len(), 1);
    let miscased = json!({"resourceType": "bundle", "type": "collection",
        "entry": [{"resource": condition("t2", "E11.9", "p1")}]});
    let list_resource = json!({"resourceType": "List", "status": "current", "mode": "snapshot",
        "entry": [{"item": {"reference": "Condition/t2"}}]});
    for (what, input) in [("a 'bundle'", miscased), ("a List resource", list_resource)] {
        let result = import_list(&input, ListKind::Conditions, as_of());
        assert!(
            result.is_err(),
            "{what} was imported as a complete list of {:?}",
            result.map(|l| l.entries().to_vec())
        );
    }
}

/// The one-patient rule reads only `subject.reference`. A resource whose
/// subject is a logical reference (`identifier` only, legal in FHIR R4) or is
/// missing escapes it: another patient's C50.9 is listed beside p1's I10, and
/// the holder can prove PRESENCE (`any_in C50`, e.g. a trial's inclusion
/// criterion) of a diagnosis that is not theirs.
#[test]
fn a_second_patient_named_by_identifier_is_refused() {
    // Twin: all about p1: imported.
    let ok = bundle(vec![condition("a", "I10", "p1"), condition("b", "E11.9", "p1")]);
    assert_eq!(import_list(&ok, ListKind::Conditions, as_of()).unwrap().entries().len(), 2);
    let mut by_identifier = condition("b", "C50.9", "p2");
    by_identifier["subject"] = json!({"identifier": {"system": "urn:mrn", "value": "p2"}});
    let mut no_subject = condition("c", "C50.9", "p2");
    no_subject.as_object_mut().unwrap().remove("subject");
    for (what, other) in [("an identifier-only subject", by_identifier), ("no subject", no_subject)] {
        let mixed = bundle(vec![condition("a", "I10", "p1"), other]);
        match import_list(&mixed, ListKind::Conditions, as_of()) {
            Err(_) => {}
            Ok(list) => assert!(
                !listed(&list, "C50"),
                "a resource with {what} was listed beside Patient/p1's: {:?}",
                list.entries()
            ),
        }
    }
}

/// A resolved condition whose abatement is given as `abatementPeriod` (or
/// `abatementAge` / `abatementString`) has its end ignored: the last active
/// day falls back to the onset, years earlier. A windowed exclusion
/// ("no E11 active in the last year") then proves absence for a patient whose
/// diabetes resolved only last month.
#[test]
fn an_abatement_period_is_not_ignored() {
    let resolved = |abatement: (&str, Value)| {
        let mut c = condition("t2", "E11.9", "p1");
        c["clinicalStatus"] = json!({"coding": [{"code": "resolved"}]});
        c["onsetDateTime"] = json!("2015-01-01");
        c["recordedDate"] = json!("2015-01-02");
        c[abatement.0] = abatement.1;
        c
    };
    let last_year = day("2025-12-01");
    // Twin: abatementDateTime is read.
    let list = import_list(
        &bundle(vec![resolved(("abatementDateTime", json!("2026-11-01")))]),
        ListKind::Conditions,
        as_of(),
    )
    .unwrap();
    assert!(active_since(&list, "E11", last_year));
    for abatement in [
        ("abatementPeriod", json!({"start": "2026-10-01", "end": "2026-11-01"})),
        ("abatementString", json!("November 2026")),
    ] {
        let what = abatement.0;
        match import_list(&bundle(vec![resolved(abatement)]), ListKind::Conditions, as_of()) {
            Err(_) => {}
            Ok(list) => assert!(
                active_since(&list, "E11", last_year),
                "{what} ignored: E11.9 resolved in Nov 2026 listed as last active {:?}",
                list.entries()
            ),
        }
    }
}

/// A status the importer does not know (a miscased `Active`, or a SNOMED CT
/// clinical-status code as older systems send) is read as ENDED, so an
/// active condition's or medication's last active day becomes its onset or
/// start. Unknown statuses should be refused (or read as active), not guessed
/// to be over.
#[test]
fn an_unknown_status_is_not_read_as_ended() {
    let last_year = day("2025-12-01");
    // Twin: `active` is active through as_of.
    let list = import_list(&condition("t2", "E11.9", "p1"), ListKind::Conditions, as_of()).unwrap();
    assert!(active_since(&list, "E11", last_year));
    for status in [
        json!({"coding": [{"code": "Active"}]}),
        json!({"coding": [{"system": "http://snomed.info/sct", "code": "55561003"}]}),
    ] {
        let mut c = condition("t2", "E11.9", "p1");
        c["clinicalStatus"] = status.clone();
        match import_list(&c, ListKind::Conditions, as_of()) {
            Err(_) => {}
            Ok(list) => assert!(
                active_since(&list, "E11", last_year),
                "clinicalStatus {status} read as ended: {:?}",
                list.entries()
            ),
        }
    }
    let insulin = |status: &str| {
        json!({"resourceType": "MedicationStatement", "id": "m", "status": status,
            "subject": {"reference": "Patient/p1"},
            "medicationCodeableConcept": {"coding": [{"system": "http://www.whocc.no/atc", "code": "A10AB01"}]},
            "effectiveDateTime": "2020-01-01"})
    };
    let twin = import_list(&insulin("active"), ListKind::Medications, as_of()).unwrap();
    assert!(active_since(&twin, "A10A*", last_year));
    match import_list(&insulin("Active"), ListKind::Medications, as_of()) {
        Err(_) => {}
        Ok(list) => assert!(
            active_since(&list, "A10A*", last_year),
            "medication status Active read as ended: {:?}",
            list.entries()
        ),
    }
}

/// A Condition carrying two ICD-10 codings that differ (WHO ICD-10 E14.9 and
/// ICD-10-CM E11.9, as a system mapping both editions sends) is listed under
/// the first alone: `none_in E11` proves absence. Every ICD-10 coding should
/// be listed (or differing ones refused).
#[test]
fn a_second_icd10_coding_is_not_dropped() {
    // Twin: one coding is listed.
    let one = import_list(&condition("t2", "E11.9", "p1"), ListKind::Conditions, as_of()).unwrap();
    assert!(listed(&one, "E11"));
    let mut two = condition("t2", "E11.9", "p1");
    two["code"] = json!({"coding": [icd(ICD10, "E14.9"), icd(ICD10CM, "E11.9")]});
    let list = import_list(&two, ListKind::Conditions, as_of());
    match list {
        Err(_) => {}
        Ok(list) => {
            assert!(listed(&list, "E11"), "the ICD-10-CM coding E11.9 was dropped: {:?}", list.entries())
        }
    }
}

/// A searchset page whose `total` is not a JSON unsigned integer (a string,
/// `2.0`) is not recognised as a page: the check silently passes. A total that
/// cannot be read should be refused.
#[test]
fn an_unreadable_total_is_not_ignored() {
    let page = |total: Value| {
        json!({"resourceType": "Bundle", "type": "searchset", "total": total,
            "entry": [{"resource": condition("t2", "E11.9", "p1")}]})
    };
    // Twins: total 1 of 1 imports; total 2 of 1 is refused.
    assert!(import_list(&page(json!(1)), ListKind::Conditions, as_of()).is_ok());
    assert!(import_list(&page(json!(2)), ListKind::Conditions, as_of()).is_err());
    for total in [json!("2"), json!(2.0)] {
        let result = import_list(&page(total.clone()), ListKind::Conditions, as_of());
        assert!(result.is_err(), "total {total} over 1 entry was imported as a complete list");
    }
}

// ---------------------------------------------------------------------------
// Attacks that are refused (regression guards)
// ---------------------------------------------------------------------------

/// Two patients by differing references are refused even when one of the
/// resources is left out (entered-in-error), and under `patient` as well as
/// `subject`.
#[test]
fn differing_references_are_refused_even_for_left_out_resources() {
    let mut erroneous = condition("b", "C50.9", "p2");
    erroneous["verificationStatus"] = json!({"coding": [{"code": "entered-in-error"}]});
    assert!(import_list(
        &bundle(vec![condition("a", "I10", "p1"), erroneous]),
        ListKind::Conditions,
        as_of()
    )
    .is_err());
    let atc = json!({"coding": [{"system": "http://www.whocc.no/atc", "code": "A10BA02"}]});
    let m1 = json!({"resourceType": "MedicationStatement", "id": "m1", "status": "active",
        "subject": {"reference": "Patient/p1"}, "medicationCodeableConcept": atc,
        "effectiveDateTime": "2026-01-01"});
    let mut m2 = m1.clone();
    m2.as_object_mut().unwrap().remove("subject");
    m2["patient"] = json!({"reference": "Patient/p2"});
    // Twin: same patient under both names.
    let mut m3 = m2.clone();
    m3["patient"] = json!({"reference": "Patient/p1"});
    assert!(import_list(&bundle(vec![m1.clone(), m3]), ListKind::Medications, as_of()).is_ok());
    assert!(import_list(&bundle(vec![m1, m2]), ListKind::Medications, as_of()).is_err());
}

/// Dispenses: handed over after as_of refused; a supply running past as_of
/// is active on as_of; bad daysSupply refused; whenPrepared stands in.
#[test]
fn dispenses_are_dated_by_hand_over_and_supply() {
    let dispense = |handed: &str, supply: Value| {
        json!({"resourceType": "MedicationDispense", "id": "d", "status": "completed",
            "subject": {"reference": "Patient/p1"},
            "medicationCodeableConcept": {"coding": [{"system": "http://www.whocc.no/atc", "code": "A10AB01"}]},
            "whenHandedOver": handed, "daysSupply": supply})
    };
    let days =
        |n: Value| json!({"value": n, "unit": "days", "system": "http://unitsofmeasure.org", "code": "d"});
    let list = import_list(&dispense("2026-11-20", days(json!(30))), ListKind::Medications, as_of()).unwrap();
    assert_eq!(list.entries()[0].last_active, as_of(), "the supply runs past as_of");
    assert!(active_since(&list, "A10A*", as_of()));
    let short = import_list(&dispense("2026-11-20", days(json!(3))), ListKind::Medications, as_of()).unwrap();
    assert_eq!(short.entries()[0].last_active, day("2026-11-22"));
    assert!(import_list(&dispense("2026-12-02", days(json!(1))), ListKind::Medications, as_of()).is_err());
    for bad in [json!(-5), json!(0), json!(1.5), json!(100_000), json!("30")] {
        assert!(
            import_list(&dispense("2026-11-20", days(bad.clone())), ListKind::Medications, as_of()).is_err(),
            "daysSupply {bad}"
        );
    }
    let weeks = json!({"value": 4, "unit": "wk", "system": "http://unitsofmeasure.org", "code": "wk"});
    assert!(import_list(&dispense("2026-11-20", weeks), ListKind::Medications, as_of()).is_err());
    let mut prepared = dispense("2026-11-20", days(json!(30)));
    prepared.as_object_mut().unwrap().remove("whenHandedOver");
    prepared["whenPrepared"] = json!("2026-11-19");
    assert_eq!(
        import_list(&prepared, ListKind::Medications, as_of()).unwrap().entries()[0].last_active,
        as_of()
    );
    // A time zone that moves the hand-over past as_of in UTC is refused, not listed early.
    assert!(import_list(
        &dispense("2026-12-01T23:30:00-05:00", days(json!(1))),
        ListKind::Medications,
        as_of()
    )
    .is_err());
}

/// Statuses in the wrong case are refused by the schema or kept listed (never
/// left out), and a left-out status in a second verification coding does not
/// hide a confirmed one.
#[test]
fn miscased_or_secondary_statuses_do_not_hide_entries() {
    let kept = |r: &Value, kind: ListKind, p: &str| match import_list(r, kind, as_of()) {
        Err(_) => true,
        Ok(list) => listed(&list, p),
    };
    let mut c = condition("t2", "E11.9", "p1");
    c["verificationStatus"] = json!({"coding": [{"code": "Refuted"}]});
    assert!(kept(&c, ListKind::Conditions, "E11"));
    c["verificationStatus"] = json!({"coding": [{"code": "confirmed"}, {"code": "entered-in-error"}]});
    assert!(listed(&import_list(&c, ListKind::Conditions, as_of()).unwrap(), "E11"));
    // Twin: refuted first is left out.
    c["verificationStatus"] = json!({"coding": [{"code": "refuted"}]});
    assert!(!listed(&import_list(&c, ListKind::Conditions, as_of()).unwrap(), "E11"));
    let mut m = json!({"resourceType": "MedicationStatement", "id": "m", "status": "Not-Taken",
        "subject": {"reference": "Patient/p1"},
        "medicationCodeableConcept": {"coding": [{"system": "http://www.whocc.no/atc", "code": "A10AB01"}]},
        "effectiveDateTime": "2026-01-01"});
    assert!(kept(&m, ListKind::Medications, "A10A*"));
    m["status"] = json!("not-taken");
    assert!(!listed(&import_list(&m, ListKind::Medications, as_of()).unwrap(), "A10A*"));
}

/// A medication coded only in RxNorm, a Condition coded only in SNOMED CT, an
/// ICD-10 code under an unknown system URI, or a partial onset date fails the
/// whole list (no silent gap).
#[test]
fn unmappable_entries_fail_the_list() {
    let rx = json!({"resourceType": "MedicationStatement", "id": "m", "status": "active",
        "subject": {"reference": "Patient/p1"},
        "medicationCodeableConcept": {"coding": [{"system": "http://www.nlm.nih.gov/research/umls/rxnorm", "code": "860975"}]},
        "effectiveDateTime": "2026-01-01"});
    assert!(import_list(&bundle(vec![rx.clone()]), ListKind::Medications, as_of()).is_err());
    // Twin: with an ATC coding beside RxNorm, ATC is listed.
    let mut both = rx;
    both["medicationCodeableConcept"]["coding"]
        .as_array_mut()
        .unwrap()
        .push(json!({"system": "http://www.whocc.no/atc", "code": "A10BA02"}));
    assert!(listed(&import_list(&both, ListKind::Medications, as_of()).unwrap(), "A10BA02"));
    let mut snomed = condition("s", "E11.9", "p1");
    snomed["code"] = json!({"coding": [{"system": "http://snomed.info/sct", "code": "44054006"}]});
    assert!(import_list(&snomed, ListKind::Conditions, as_of()).is_err());
    let mut oid = condition("o", "E11.9", "p1");
    oid["code"] = json!({"coding": [icd("urn:oid:2.16.840.1.113883.6.90", "E11.9")]});
    assert!(import_list(&oid, ListKind::Conditions, as_of()).is_err());
    let mut partial = condition("p", "E11.9", "p1");
    partial["onsetDateTime"] = json!("2019");
    assert!(import_list(&partial, ListKind::Conditions, as_of()).is_err());
    let mut later = condition("l", "E11.9", "p1");
    later["recordedDate"] = json!("2026-12-02");
    assert!(import_list(&later, ListKind::Conditions, as_of()).is_err());
}

/// Pattern spellings mean the same codes: `E11.`, `e11`, `E11*`, `E11.*`; an
/// ATC range across levels covers both ends' sub-codes and nothing past them.
#[test]
fn pattern_spellings_agree() {
    let k = ListKind::Conditions;
    let e11 = k.pattern("E11").unwrap();
    for spelling in ["E11.", "e11", "E11*", "e11.*", " E11 "] {
        assert_eq!(k.pattern(spelling).unwrap(), e11, "{spelling:?}");
    }
    let m = ListKind::Medications;
    let (lo, hi) = m.pattern("A10A-A10BA01").unwrap().interval();
    let atc = |t: &str| m.parse_code(t).unwrap().1;
    for inside in ["A10AB01", "A10AE04", "A10BA01"] {
        assert!((lo..=hi).contains(&atc(inside)), "{inside}");
    }
    for outside in ["A10BA02", "A10BB01", "A09AA02", "A11CA01"] {
        assert!(!(lo..=hi).contains(&atc(outside)), "{outside}");
    }
    // A list with an E11 sub-code is seen by every spelling, windowed or not.
    let list = RecordList::new(k, as_of(), [("E11.65".into(), as_of())]).unwrap();
    for spelling in ["E11.", "e11", "E11*", "E11.6", "E11.65"] {
        assert!(listed(&list, spelling) && active_since(&list, spelling, as_of()), "{spelling}");
    }
    assert!(!listed(&list, "E11.9") && !listed(&list, "E10"));
}
