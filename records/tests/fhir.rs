//! Every curated official FHIR R4 example either imports to the stated fields
//! or fails with the stated reason.

use medzk_records::fhir::import_json;
use medzk_records::{RecordData, Schema};

fn load(name: &str) -> String {
    std::fs::read_to_string(format!("{}/vectors/fhir/examples/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

fn field<'a>(data: &'a RecordData, name: &str) -> &'a str {
    data.field(name).unwrap().unwrap_or_else(|| panic!("{name} absent")).text()
}

enum Expect {
    /// Imports as this schema with these field texts.
    Record(Schema, &'static [(&'static str, &'static str)]),
    /// Fails; the error message contains this text.
    Error(&'static str),
}

use Expect::*;

const CASES: &[(&str, Expect)] = &[
    (
        "Patient-example.json",
        Record(
            Schema::Patient,
            &[("birth_date", "1974-12-25"), ("sex_at_birth", "male"), ("postal_code", "3999")],
        ),
    ),
    ("Patient-f001.json", Record(Schema::Patient, &[("birth_date", "1944-11-17"), ("sex_at_birth", "male")])),
    ("Patient-pat1.json", Error("Patient/pat1: no birthDate")),
    ("Immunization-example.json", Error("Immunization/example: vaccineCode has no CVX coding")),
    ("Immunization-historical.json", Error("vaccineCode has no CVX coding")),
    (
        "Immunization-protocol.json",
        Record(
            Schema::Immunization,
            &[
                ("vaccine_code", "104"),
                ("occurrence_date", "2018-06-18"),
                ("dose_number", "1"),
                ("status", "completed"),
            ],
        ),
    ),
    (
        "Immunization-notGiven.json",
        Record(
            Schema::Immunization,
            &[("vaccine_code", "1"), ("occurrence_date", "2013-01-10"), ("status", "not-done")],
        ),
    ),
    // 185 [lb_av] = 83.91459 kg
    (
        "Observation-example.json",
        Record(
            Schema::Observation,
            &[
                ("loinc_code", "29463-7"),
                ("value", "83.915"),
                ("unit", "kg"),
                ("effective_date", "2016-03-28"),
                ("status", "final"),
            ],
        ),
    ),
    // 66.899999999999991 [in_i] = 169.926 cm
    (
        "Observation-body-height.json",
        Record(Schema::Observation, &[("loinc_code", "8302-2"), ("value", "169.926"), ("unit", "cm")]),
    ),
    // 6.3 mmol/L glucose = 113.498 mg/dL; effectivePeriod.start 2013-04-02T09:30:10+01:00
    (
        "Observation-f001.json",
        Record(
            Schema::Observation,
            &[
                ("loinc_code", "15074-8"),
                ("value", "113.498"),
                ("unit", "mg/dL"),
                ("effective_date", "2013-04-02"),
            ],
        ),
    ),
    (
        "Observation-bmi.json",
        Record(Schema::Observation, &[("loinc_code", "39156-5"), ("value", "16.200"), ("unit", "kg/m2")]),
    ),
    ("Observation-bloodgroup.json", Error("no valueQuantity")),
    ("Observation-f203.json", Error("is not UCUM")),
    (
        "Condition-example.json",
        Record(
            Schema::Condition,
            &[
                ("snomed_code", "39065001"),
                ("clinical_status", "active"),
                ("verification_status", "confirmed"),
            ],
        ),
    ),
    ("Condition-example2.json", Error("neither an ICD-10 nor a SNOMED CT coding")),
    (
        "Condition-f201.json",
        Record(Schema::Condition, &[("snomed_code", "386661006"), ("clinical_status", "resolved")]),
    ),
    (
        "Condition-stroke.json",
        Record(Schema::Condition, &[("snomed_code", "422504002"), ("onset_date", "2010-07-18")]),
    ),
    (
        "Claim-100150.json",
        Record(
            Schema::Claim,
            &[
                ("amount", "135.57"),
                ("currency", "USD"),
                ("service_date", "2014-08-16"),
                ("procedure_code", "1200"),
                ("provider_id", "Organization/1"),
                ("policy_id", "Coverage/9876B1"),
            ],
        ),
    ),
    ("Claim-100153.json", Error("invalid ICD-10 code \"123457\"")),
    ("Claim-960150.json", Record(Schema::Claim, &[("currency", "USD"), ("service_date", "2014-08-16")])),
    ("Claim-MED-00050.json", Record(Schema::Claim, &[("currency", "USD")])),
    (
        "ExplanationOfBenefit-EB3500.json",
        Record(Schema::Claim, &[("amount", "135.57"), ("currency", "USD"), ("procedure_code", "1205")]),
    ),
    ("Bundle-lipids.json", Error("no canonical unit is registered for LOINC 35200-5")),
    (
        "MedicationStatement-example004.json",
        Record(
            Schema::Medication,
            &[
                ("snomed_code", "27658006"),
                ("start_date", "2014-01-23"),
                ("status", "active"),
                ("source", "statement"),
            ],
        ),
    ),
    (
        "MedicationStatement-example005.json",
        Record(Schema::Medication, &[("snomed_code", "27658006"), ("status", "entered-in-error")]),
    ),
    ("MedicationStatement-example001.json", Error("no ATC, RxNorm or SNOMED CT coding")),
    (
        "MedicationRequest-medrx0302.json",
        Record(
            Schema::Medication,
            &[
                ("snomed_code", "324252006"),
                ("start_date", "2015-01-15"),
                ("end_date", "2016-01-15"),
                ("status", "active"),
                ("source", "request"),
            ],
        ),
    ),
    (
        "MedicationRequest-medrx0308.json",
        Record(Schema::Medication, &[("rxnorm_code", "856907"), ("status", "completed")]),
    ),
    ("MedicationRequest-medrx002.json", Error("is not a contained Medication")),
    (
        "MedicationAdministration-medadmin0308.json",
        Record(
            Schema::Medication,
            &[("rxnorm_code", "285018"), ("start_date", "2015-01-15"), ("source", "administration")],
        ),
    ),
    (
        "Procedure-example.json",
        Record(
            Schema::Procedure,
            &[("snomed_code", "80146002"), ("performed_date", "2013-04-05"), ("status", "completed")],
        ),
    ),
    (
        "Procedure-f001.json",
        Record(
            Schema::Procedure,
            &[("snomed_code", "34068001"), ("performed_date", "2011-06-26"), ("performed_end", "2011-06-27")],
        ),
    ),
    ("Procedure-HCBS.json", Error("neither a SNOMED CT nor a CPT coding")),
    ("Procedure-ambulation.json", Error("no performedDateTime or performedPeriod.start")),
];

#[test]
fn every_curated_example_imports_or_fails_with_its_reason() {
    let dir = format!("{}/vectors/fhir/examples", env!("CARGO_MANIFEST_DIR"));
    assert_eq!(
        std::fs::read_dir(dir).unwrap().count(),
        CASES.len(),
        "every committed example has an expectation"
    );
    for (file, expect) in CASES {
        let import = import_json(&load(file)).unwrap();
        match expect {
            Record(schema, fields) => {
                assert!(import.errors.is_empty(), "{file}: {:?}", import.errors);
                assert_eq!(import.records.len(), 1, "{file}");
                let data = &import.records[0].1;
                assert_eq!(data.schema(), *schema, "{file}");
                for (name, text) in *fields {
                    assert_eq!(field(data, name), *text, "{file}: {name}");
                }
            }
            Error(reason) => {
                assert!(import.records.is_empty(), "{file} imported");
                let messages: Vec<String> = import.errors.iter().map(|(_, e)| e.to_string()).collect();
                assert!(messages.iter().any(|m| m.contains(reason)), "{file}: {messages:?}");
            }
        }
    }
}

#[test]
fn shc_fixture_bundle_imports_patient_and_three_immunizations() {
    let path = format!("{}/../../shared/fixtures/shc/covid-vaccines-bundle.json", env!("CARGO_MANIFEST_DIR"));
    let Ok(text) = std::fs::read_to_string(&path) else {
        panic!("shared fixtures are expected beside the repository at {path}");
    };
    let import = import_json(&text).unwrap();
    assert!(import.errors.is_empty(), "{:?}", import.errors);
    let schemas: Vec<Schema> = import.records.iter().map(|(_, d)| d.schema()).collect();
    assert_eq!(schemas, [Schema::Patient, Schema::Immunization, Schema::Immunization, Schema::Immunization]);
    assert_eq!(field(&import.records[0].1, "birth_date"), "1951-01-20");
    assert_eq!(field(&import.records[1].1, "vaccine_code"), "207");
    assert_eq!(field(&import.records[1].1, "occurrence_date"), "2021-01-01");
    assert_eq!(field(&import.records[2].1, "occurrence_date"), "2021-01-29");
    assert_eq!(field(&import.records[3].1, "vaccine_code"), "229");
}

#[test]
fn malformed_input_gives_typed_errors() {
    use medzk_records::RecordError;
    assert!(matches!(import_json("{"), Err(RecordError::Json { .. })));
    assert!(matches!(import_json("{\"a\": 1}"), Err(RecordError::Fhir { .. })));
    let wrong_type = r#"{"resourceType": "Patient", "birthDate": 1974}"#;
    let import = import_json(wrong_type).unwrap();
    assert!(matches!(import.errors[0].1, RecordError::Fhir { .. }));
    let icd = r#"{"resourceType": "Condition", "id": "c1", "code": {"coding": [{"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": "E11.9"}]}, "onsetDateTime": "2019-03-01"}"#;
    let import = import_json(icd).unwrap();
    assert_eq!(field(&import.records[0].1, "icd10_code"), "E11.9");
    let partial = r#"{"resourceType": "Immunization", "status": "completed", "vaccineCode": {"coding": [{"system": "http://hl7.org/fhir/sid/cvx", "code": "207"}]}, "occurrenceDateTime": "2021-06"}"#;
    let import = import_json(partial).unwrap();
    assert!(matches!(import.errors[0].1, RecordError::PartialDate { .. }));
}

#[test]
fn medication_and_procedure_resources_refuse_what_they_cannot_encode() {
    let med = |status: &str, code: &str| {
        format!(
            r#"{{"resourceType":"MedicationStatement","id":"m","status":"{status}",
               "medicationCodeableConcept":{{"coding":[{{"system":"http://www.whocc.no/atc","code":"{code}"}}]}},
               "effectivePeriod":{{"start":"2026-01-10","end":"2026-03-01"}}}}"#
        )
    };
    let import = import_json(&med("active", "A10BA02")).unwrap();
    let data = &import.records[0].1;
    assert_eq!(
        [field(data, "atc_code"), field(data, "start_date"), field(data, "end_date")],
        ["A10BA02", "2026-01-10", "2026-03-01"]
    );
    for (text, reason) in [
        (med("taken", "A10BA02"), "taken"),
        (med("active", "A10B A02"), "A10B A02"),
        (
            r#"{"resourceType":"Procedure","id":"p","status":"completed","performedString":"last spring",
                "code":{"coding":[{"system":"http://snomed.info/sct","code":"80146002"}]}}"#
                .to_owned(),
            "free text",
        ),
        (
            r#"{"resourceType":"Procedure","id":"p","performedDateTime":"2020-01-01",
                "code":{"coding":[{"system":"http://snomed.info/sct","code":"80146002"}]}}"#
                .to_owned(),
            "no status",
        ),
        (
            r##"{"resourceType":"MedicationRequest","id":"r","status":"active","medicationReference":{"reference":"#x"}}"##
                .to_owned(),
            "no contained Medication",
        ),
        (r#"{"resourceType":"Procedure","id":"p","status":7}"#.to_owned(), "invalid type"),
    ] {
        let import = import_json(&text).unwrap();
        assert!(import.records.is_empty(), "{text}");
        let message = import.errors[0].1.to_string();
        assert!(message.contains(reason), "{message}");
    }
}
