//! The shipped presets, as constructors. `examples/policies/` holds each with
//! its default parameters; a test keeps the files and the constructors equal.

use crate::document::{
    ClauseDoc, CodeSet, OpName, Policy, PredicateDoc, RecordSlot, POLICY_FORMAT, POLICY_VERSION,
};
use medzk_records::Schema;
use std::collections::BTreeMap;
use time::{Date, Duration};

/// CVX codes of COVID-19 vaccines (CDC CVX code set, vaccine group COVID-19;
/// a subset: mRNA, protein-subunit and viral-vector products and the
/// unspecified code 213).
pub const COVID_19_CVX: &[&str] = &[
    "207", "208", "210", "211", "212", "213", "217", "218", "219", "221", "228", "229", "230", "300", "301",
    "302",
];

fn predicate(record: &str, field: &str, op: OpName) -> PredicateDoc {
    PredicateDoc {
        record: record.into(),
        field: field.into(),
        op,
        value: None,
        min: None,
        max: None,
        values: None,
        set: None,
        codes: None,
        since: None,
    }
}

fn with_value(record: &str, field: &str, op: OpName, value: &str) -> ClauseDoc {
    ClauseDoc::One(PredicateDoc { value: Some(value.into()), ..predicate(record, field, op) })
}

fn with_range(record: &str, field: &str, op: OpName, min: &str, max: &str) -> ClauseDoc {
    ClauseDoc::One(PredicateDoc {
        min: Some(min.into()),
        max: Some(max.into()),
        ..predicate(record, field, op)
    })
}

fn with_set(record: &str, field: &str, op: OpName, set: &str) -> ClauseDoc {
    ClauseDoc::One(PredicateDoc { set: Some(set.into()), ..predicate(record, field, op) })
}

fn code_set(codes: &[&str], source: &str) -> CodeSet {
    CodeSet {
        codes: Some(codes.iter().map(|c| c.to_string()).collect()),
        file: None,
        source: Some(source.into()),
    }
}

#[allow(clippy::too_many_arguments)]
fn policy(
    name: &str,
    description: String,
    shape: &str,
    scope: &str,
    records: &[(&str, Schema)],
    clauses: Vec<ClauseDoc>,
    sets: BTreeMap<String, CodeSet>,
) -> Policy {
    Policy {
        format: POLICY_FORMAT.into(),
        version: POLICY_VERSION,
        name: name.into(),
        description,
        shape: shape.into(),
        scope: scope.into(),
        trusted_issuers_root: None,
        records: records.iter().map(|(n, s)| RecordSlot { name: (*n).into(), schema: *s }).collect(),
        clauses,
        sets,
    }
}

/// Vaccinated with an approved COVID-19 vaccine (CVX set) on or after `date`.
pub fn vaccinated_after(date: &str) -> Policy {
    policy(
        "vaccinated-after",
        format!("A completed COVID-19 vaccination with an approved vaccine on or after {date}."),
        "small",
        "venue-entry",
        &[("vaccination", Schema::Immunization)],
        vec![
            with_set("vaccination", "vaccine_code", OpName::In, "covid-19-vaccines"),
            with_value("vaccination", "occurrence_date", OpName::Gte, date),
            with_value("vaccination", "status", OpName::Eq, "completed"),
        ],
        BTreeMap::from([(
            "covid-19-vaccines".into(),
            code_set(COVID_19_CVX, "CDC CVX code set, vaccine group COVID-19 (subset)"),
        )]),
    )
}

fn years_before(date: Date, years: i32) -> Date {
    let year = date.year() - years;
    date.replace_year(year)
        .unwrap_or_else(|_| Date::from_calendar_date(year, time::Month::February, 28).expect("valid"))
}

/// A type 2 diabetes trial screen at `reference_date` (`YYYY-MM-DD`): age 18–65,
/// HbA1c between 6.5 % and 10 % measured in the last 180 days, an active
/// diagnosis under ICD-10 E11, and no pregnancy code (Z33, O00–O9A) — across a
/// patient, a lab and a condition record, from three issuers.
pub fn trial_eligibility(reference_date: &str) -> Policy {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    let reference = Date::parse(reference_date, format).expect("a YYYY-MM-DD reference date");
    let show = |d: Date| d.format(format).expect("dates format");
    // Aged 18..=65: born after the 66th birthday's eve and on or before the 18th birthday.
    let oldest = years_before(reference, 66) + Duration::days(1);
    let youngest = years_before(reference, 18);
    let lab_since = reference - Duration::days(180);
    policy(
        "trial-eligibility",
        format!(
            "Type 2 diabetes trial screen at {reference_date}: age 18-65, HbA1c 6.5-10 % within 180 days, \
             active diagnosis under E11, not pregnant (no Z33, O00-O9A)."
        ),
        "medium",
        "trial-T2D-2026-enrolment",
        &[("patient", Schema::Patient), ("hba1c", Schema::Observation), ("diagnosis", Schema::Condition)],
        vec![
            with_range("patient", "birth_date", OpName::Between, &show(oldest), &show(youngest)),
            with_set("hba1c", "loinc_code", OpName::In, "hba1c-loinc"),
            with_range("hba1c", "value", OpName::Between, "6.5 %", "10 %"),
            with_value("hba1c", "effective_date", OpName::Gte, &show(lab_since)),
            with_value("diagnosis", "icd10_code", OpName::Eq, "E11.*"),
            with_value("diagnosis", "icd10_code", OpName::Ne, "Z33.*"),
            with_range("diagnosis", "icd10_code", OpName::NotBetween, "O00", "O9A.*"),
            with_value("diagnosis", "clinical_status", OpName::Eq, "active"),
        ],
        BTreeMap::from([(
            "hba1c-loinc".into(),
            code_set(&["4548-4", "17856-6"], "LOINC: Hemoglobin A1c/Hemoglobin.total in Blood (and by HPLC)"),
        )]),
    )
}

/// A claim is covered: procedure in the covered set, amount at most `limit`,
/// service date inside the policy period, and the given policy id.
pub fn claim_covered(covered: &[&str], limit: &str, period: (&str, &str), policy_id: &str) -> Policy {
    policy(
        "claim-covered",
        format!(
            "Claim under policy {policy_id}: covered procedure, at most {limit}, served {} to {}.",
            period.0, period.1
        ),
        "small",
        "claim-adjudication",
        &[("claim", Schema::Claim)],
        vec![
            with_set("claim", "procedure_code", OpName::In, "covered-procedures"),
            with_value("claim", "amount", OpName::Lte, limit),
            with_range("claim", "service_date", OpName::Between, period.0, period.1),
            with_value("claim", "policy_id", OpName::Eq, policy_id),
        ],
        BTreeMap::from([(
            "covered-procedures".into(),
            code_set(covered, "the insurer's covered-procedure list"),
        )]),
    )
}

/// A professional licence of one of `classes`, in `jurisdiction`, valid at the
/// proof's reference date.
pub fn licence_valid(classes: &[&str], jurisdiction: &str) -> Policy {
    policy(
        "licence-valid",
        format!("A {} licence in {jurisdiction}, valid at the reference date.", classes.join("/")),
        "small",
        "licence-check",
        &[("licence", Schema::Licence)],
        vec![
            with_set("licence", "licence_class", OpName::In, "licence-classes"),
            with_value("licence", "jurisdiction", OpName::Eq, jurisdiction),
            with_value("licence", "valid_from", OpName::Lte, crate::document::REFERENCE_DATE),
            with_value("licence", "valid_to", OpName::Gte, crate::document::REFERENCE_DATE),
        ],
        BTreeMap::from([(
            "licence-classes".into(),
            code_set(classes, "the licensing board's licence classes"),
        )]),
    )
}

/// Every preset with its default parameters, by file name (`examples/policies/<name>.json`).
pub fn defaults() -> Vec<(&'static str, Policy)> {
    vec![
        ("vaccinated-after", vaccinated_after("2021-06-01")),
        ("trial-eligibility", trial_eligibility("2026-06-01")),
        (
            "claim-covered",
            claim_covered(
                &["1200", "1205", "99213", "99214"],
                "500.00",
                ("2014-01-01", "2014-12-31"),
                "Coverage/9876B1",
            ),
        ),
        ("licence-valid", licence_valid(&["MD", "DO", "NP", "PA"], "US-CA")),
    ]
}
