//! Record schemas: a stable id and a documented field order for each kind of record.

use crate::encoding::{
    decode_cents, decode_date, decode_loinc, decode_milli, encode_cents, encode_cvx, encode_date,
    encode_icd10, encode_loinc, encode_milli, encode_snomed, normalize_icd10, pack_code, text_hash, Unit,
};
use crate::RecordError;
use medzk_circuits::Fr;

/// Every record has this many field slots (unused slots encode as 0 and are
/// marked absent in the presence mask).
pub const FIELDS_PER_RECORD: usize = 8;

/// How a field's value is written and encoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldType {
    /// A calendar date (`YYYY-MM-DD`), encoded as days since 1900-01-01.
    Date,
    /// An unsigned integer.
    Integer,
    /// A CVX vaccine code.
    Cvx,
    /// A LOINC code `NNNNN-C`.
    Loinc,
    /// A SNOMED CT identifier.
    Snomed,
    /// An ICD-10(-CM) code, packed order-preservingly.
    Icd10,
    /// Another alphanumeric code (procedure, currency, country, licence class), packed.
    Code,
    /// A decimal in the record's canonical unit, fixed point with 3 decimals.
    Quantity,
    /// A canonical UCUM unit, by id.
    Unit,
    /// An amount of money, in cents.
    Money,
    /// Free text, committed as a Poseidon hash (equality and reveal only).
    Text,
    /// One of a list of names, encoded as its position + 1.
    Enum(&'static [&'static str]),
    /// A field element written in decimal (an attested list's root), canonical.
    Digest,
}

/// A field value: its canonical text (what the holder reads) and its encoding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldValue {
    text: String,
    encoded: Fr,
}

impl FieldValue {
    /// The canonical text (re-parsing it yields the same value).
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The field element committed in the record.
    pub fn encoded(&self) -> Fr {
        self.encoded
    }
}

impl FieldType {
    /// Parses a value written as a user would (`"2021-06-01"`, `"E11.9"`, `"6.5"`).
    pub fn parse(self, field: &str, text: &str) -> Result<FieldValue, RecordError> {
        let int = |text: String, v: u64| FieldValue { text, encoded: Fr::from(v) };
        Ok(match self {
            FieldType::Date => {
                let days = encode_date(field, text)?;
                int(decode_date(days), days.into())
            }
            FieldType::Integer => {
                let v: u64 = text.parse().map_err(|_| RecordError::InvalidNumber {
                    field: field.into(),
                    value: text.into(),
                    reason: "expected an unsigned integer",
                })?;
                int(v.to_string(), v)
            }
            FieldType::Cvx => {
                let v = encode_cvx(field, text)?;
                int(v.to_string(), v)
            }
            FieldType::Loinc => {
                let v = encode_loinc(field, text)?;
                int(decode_loinc(v), v)
            }
            FieldType::Snomed => {
                let v = encode_snomed(field, text)?;
                int(v.to_string(), v)
            }
            FieldType::Icd10 => int(normalize_icd10(field, text)?, encode_icd10(field, text)?),
            FieldType::Code => int(text.to_ascii_uppercase(), pack_code(field, text)?),
            FieldType::Quantity => {
                let v = encode_milli(field, text)?;
                int(decode_milli(v), v)
            }
            FieldType::Unit => {
                let unit = Unit::from_ucum(text).ok_or_else(|| RecordError::UnknownUnit {
                    field: field.into(),
                    unit: text.into(),
                    expected: Unit::ALL.map(Unit::ucum).join(", "),
                })?;
                int(unit.ucum().into(), unit.id())
            }
            FieldType::Money => {
                let v = encode_cents(field, text)?;
                int(decode_cents(v), v)
            }
            FieldType::Text => FieldValue { text: text.into(), encoded: text_hash(field, text)? },
            FieldType::Digest => {
                let v =
                    medzk_circuits::field::fr_from_decimal(text).map_err(|_| RecordError::InvalidNumber {
                        field: field.into(),
                        value: text.into(),
                        reason: "expected a canonical field element in decimal",
                    })?;
                FieldValue { text: medzk_circuits::field::fr_to_decimal(&v), encoded: v }
            }
            FieldType::Enum(names) => {
                let i = names.iter().position(|n| *n == text).ok_or_else(|| RecordError::InvalidEnum {
                    field: field.into(),
                    value: text.into(),
                    expected: names.join(", "),
                })?;
                int(text.into(), i as u64 + 1)
            }
        })
    }
}

/// One field of a schema.
#[derive(Clone, Copy, Debug)]
pub struct FieldDef {
    /// The field's name in credentials and policies.
    pub name: &'static str,
    /// Its type.
    pub ty: FieldType,
    /// Whether every record of the schema has it.
    pub required: bool,
}

const fn req(name: &'static str, ty: FieldType) -> FieldDef {
    FieldDef { name, ty, required: true }
}

const fn opt(name: &'static str, ty: FieldType) -> FieldDef {
    FieldDef { name, ty, required: false }
}

/// FHIR `Patient.gender` (administrative gender, used for sex at birth).
pub const SEX: &[&str] = &["female", "male", "other", "unknown"];
/// FHIR `Immunization.status`.
pub const IMMUNIZATION_STATUS: &[&str] = &["completed", "entered-in-error", "not-done"];
/// FHIR `Observation.status`.
pub const OBSERVATION_STATUS: &[&str] = &[
    "registered",
    "preliminary",
    "final",
    "amended",
    "corrected",
    "cancelled",
    "entered-in-error",
    "unknown",
];
/// FHIR `Condition.clinicalStatus`.
pub const CLINICAL_STATUS: &[&str] =
    &["active", "recurrence", "relapse", "inactive", "remission", "resolved"];
/// FHIR `Condition.verificationStatus`.
pub const VERIFICATION_STATUS: &[&str] =
    &["unconfirmed", "provisional", "differential", "confirmed", "refuted", "entered-in-error"];

/// The status of a medication record: the union of FHIR
/// `MedicationStatement.status`, `MedicationRequest.status`,
/// `MedicationAdministration.status` and `MedicationDispense.status` (each
/// resource uses a subset; new values are appended, so codes never move).
pub const MEDICATION_STATUS: &[&str] = &[
    "active",
    "completed",
    "entered-in-error",
    "intended",
    "stopped",
    "on-hold",
    "unknown",
    "not-taken",
    "cancelled",
    "draft",
    "in-progress",
    "not-done",
    "preparation",
    "declined",
];
/// Which FHIR resource a medication record came from.
pub const MEDICATION_SOURCE: &[&str] = &["statement", "request", "administration", "dispense"];
/// FHIR `Procedure.status`.
pub const PROCEDURE_STATUS: &[&str] = &[
    "preparation",
    "in-progress",
    "not-done",
    "on-hold",
    "stopped",
    "completed",
    "entered-in-error",
    "unknown",
];

use FieldType::*;

const PATIENT_FIELDS: &[FieldDef] = &[
    req("birth_date", Date),
    opt("sex_at_birth", Enum(SEX)),
    opt("country", Code),
    opt("postal_code", Code),
    opt("name_hash", Text),
];

const IMMUNIZATION_FIELDS: &[FieldDef] = &[
    req("vaccine_code", Cvx),
    req("occurrence_date", Date),
    opt("dose_number", Integer),
    opt("lot_hash", Text),
    opt("country", Code),
    req("status", Enum(IMMUNIZATION_STATUS)),
    opt("performer_hash", Text),
];

const OBSERVATION_FIELDS: &[FieldDef] = &[
    req("loinc_code", Loinc),
    req("value", Quantity),
    req("unit", Unit),
    req("effective_date", Date),
    req("status", Enum(OBSERVATION_STATUS)),
];

const CONDITION_FIELDS: &[FieldDef] = &[
    opt("icd10_code", Icd10),
    opt("snomed_code", Snomed),
    opt("onset_date", Date),
    opt("clinical_status", Enum(CLINICAL_STATUS)),
    opt("verification_status", Enum(VERIFICATION_STATUS)),
    opt("recorded_date", Date),
    opt("abatement_date", Date),
];

const CLAIM_FIELDS: &[FieldDef] = &[
    opt("procedure_code", Code),
    opt("diagnosis_code", Icd10),
    req("amount", Money),
    req("currency", Code),
    req("service_date", Date),
    opt("provider_id", Text),
    opt("policy_id", Text),
];

const LICENCE_FIELDS: &[FieldDef] = &[
    req("licence_class", Code),
    req("jurisdiction", Code),
    req("valid_from", Date),
    req("valid_to", Date),
    opt("licence_number_hash", Text),
    opt("holder_name_hash", Text),
];

const MEDICATION_FIELDS: &[FieldDef] = &[
    opt("atc_code", Code),
    opt("rxnorm_code", Integer),
    opt("snomed_code", Snomed),
    opt("start_date", Date),
    opt("end_date", Date),
    req("status", Enum(MEDICATION_STATUS)),
    req("source", Enum(MEDICATION_SOURCE)),
];

const PROCEDURE_FIELDS: &[FieldDef] = &[
    opt("snomed_code", Snomed),
    opt("cpt_code", Code),
    req("performed_date", Date),
    opt("performed_end", Date),
    req("status", Enum(PROCEDURE_STATUS)),
];

/// The fields of every attested-list schema ([`crate::list`]): the list
/// tree's root (slot 0, where the query circuit's list checks read it), the
/// date the list is complete as of, and the number of entries.
const LIST_FIELDS: &[FieldDef] = &[req("entries_root", Digest), req("as_of", Date), req("entries", Integer)];

/// The kinds of record medzk issuers sign.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Schema {
    /// Patient demographics (id 1).
    Patient,
    /// An immunization (id 2).
    Immunization,
    /// An observation or lab result (id 3).
    Observation,
    /// A condition or diagnosis (id 4).
    Condition,
    /// An insurance claim (id 5).
    Claim,
    /// A professional licence (id 6).
    Licence,
    /// A medication taken, prescribed or administered (id 7).
    Medication,
    /// A procedure performed (id 8).
    Procedure,
    /// The complete list of a patient's conditions in the issuer's system (id 9).
    ConditionList,
    /// The complete list of a patient's medications in the issuer's system (id 10).
    MedicationList,
    /// The complete list of a patient's procedures in the issuer's system (id 11).
    ProcedureList,
}

impl Schema {
    /// Every schema.
    pub const ALL: [Schema; 11] = [
        Schema::Patient,
        Schema::Immunization,
        Schema::Observation,
        Schema::Condition,
        Schema::Claim,
        Schema::Licence,
        Schema::Medication,
        Schema::Procedure,
        Schema::ConditionList,
        Schema::MedicationList,
        Schema::ProcedureList,
    ];

    /// The stable id committed in every record.
    pub fn id(self) -> u64 {
        match self {
            Schema::Patient => 1,
            Schema::Immunization => 2,
            Schema::Observation => 3,
            Schema::Condition => 4,
            Schema::Claim => 5,
            Schema::Licence => 6,
            Schema::Medication => 7,
            Schema::Procedure => 8,
            Schema::ConditionList => 9,
            Schema::MedicationList => 10,
            Schema::ProcedureList => 11,
        }
    }

    /// The schema's name in credentials and policies.
    pub fn name(self) -> &'static str {
        match self {
            Schema::Patient => "patient",
            Schema::Immunization => "immunization",
            Schema::Observation => "observation",
            Schema::Condition => "condition",
            Schema::Claim => "claim",
            Schema::Licence => "licence",
            Schema::Medication => "medication",
            Schema::Procedure => "procedure",
            Schema::ConditionList => "condition_list",
            Schema::MedicationList => "medication_list",
            Schema::ProcedureList => "procedure_list",
        }
    }

    /// The schema of a name.
    pub fn from_name(name: &str) -> Result<Schema, RecordError> {
        Schema::ALL
            .into_iter()
            .find(|s| s.name() == name)
            .ok_or_else(|| RecordError::UnknownSchema(name.into()))
    }

    /// The fields, in commitment order (slot `i` is field `i`).
    pub fn fields(self) -> &'static [FieldDef] {
        match self {
            Schema::Patient => PATIENT_FIELDS,
            Schema::Immunization => IMMUNIZATION_FIELDS,
            Schema::Observation => OBSERVATION_FIELDS,
            Schema::Condition => CONDITION_FIELDS,
            Schema::Claim => CLAIM_FIELDS,
            Schema::Licence => LICENCE_FIELDS,
            Schema::Medication => MEDICATION_FIELDS,
            Schema::Procedure => PROCEDURE_FIELDS,
            Schema::ConditionList | Schema::MedicationList | Schema::ProcedureList => LIST_FIELDS,
        }
    }

    /// The registry mask of a list of schemas: bit `id` set for each (the
    /// `schemas` of an issuer's registry leaf; ids are below 32).
    pub fn mask(schemas: &[Schema]) -> u32 {
        schemas.iter().fold(0, |m, s| m | 1 << s.id())
    }

    /// The schemas of a registry mask (unknown bits are ignored).
    pub fn from_mask(mask: u32) -> Vec<Schema> {
        Schema::ALL.into_iter().filter(|s| (mask >> s.id()) & 1 == 1).collect()
    }

    /// The slot of a field.
    pub fn field_index(self, name: &str) -> Result<usize, RecordError> {
        self.fields()
            .iter()
            .position(|f| f.name == name)
            .ok_or_else(|| RecordError::UnknownField { schema: self.name(), field: name.into() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemas_fit_the_record_layout_and_have_unique_ids_and_names() {
        for s in Schema::ALL {
            assert!(s.fields().len() <= FIELDS_PER_RECORD, "{}", s.name());
            assert_eq!(Schema::from_name(s.name()).unwrap(), s);
            let mut names: Vec<_> = s.fields().iter().map(|f| f.name).collect();
            names.sort();
            names.dedup();
            assert_eq!(names.len(), s.fields().len());
        }
        let mut ids: Vec<_> = Schema::ALL.iter().map(|s| s.id()).collect();
        ids.dedup();
        assert_eq!(ids.len(), 11);
        // The query circuit's list checks read lists from these schemas, root in slot 0.
        let lists: Vec<u64> = crate::list::ListKind::ALL.iter().map(|k| k.schema().id()).collect();
        assert_eq!(lists, medzk_circuits::query::LIST_SCHEMAS);
        for k in crate::list::ListKind::ALL {
            assert_eq!(
                k.schema().field_index("entries_root").unwrap(),
                medzk_circuits::query::list_check::LIST_ROOT_FIELD
            );
        }
        assert_eq!(Schema::from_name("x"), Err(RecordError::UnknownSchema("x".into())));
    }

    #[test]
    fn every_schema_builds_a_record() {
        use crate::RecordData;
        let cases: [(Schema, &[(&str, &str)]); 11] = [
            (Schema::Patient, &[("birth_date", "1951-01-20"), ("sex_at_birth", "female"), ("country", "US")]),
            (
                Schema::Immunization,
                &[("vaccine_code", "207"), ("occurrence_date", "2021-01-01"), ("status", "completed")],
            ),
            (
                Schema::Observation,
                &[
                    ("loinc_code", "4548-4"),
                    ("value", "7.1"),
                    ("unit", "%"),
                    ("effective_date", "2024-03-01"),
                    ("status", "final"),
                ],
            ),
            (
                Schema::Condition,
                &[("icd10_code", "E11.9"), ("snomed_code", "44054006"), ("clinical_status", "active")],
            ),
            (
                Schema::Claim,
                &[
                    ("procedure_code", "99213"),
                    ("amount", "120.00"),
                    ("currency", "USD"),
                    ("service_date", "2024-05-02"),
                ],
            ),
            (
                Schema::Licence,
                &[
                    ("licence_class", "MD"),
                    ("jurisdiction", "US-CA"),
                    ("valid_from", "2020-01-01"),
                    ("valid_to", "2027-12-31"),
                ],
            ),
            (
                Schema::Medication,
                &[
                    ("atc_code", "A10BA02"),
                    ("start_date", "2026-01-10"),
                    ("status", "active"),
                    ("source", "statement"),
                ],
            ),
            (
                Schema::Procedure,
                &[("snomed_code", "80146002"), ("performed_date", "2013-04-05"), ("status", "completed")],
            ),
            (Schema::ConditionList, &[("entries_root", "12345"), ("as_of", "2026-12-01"), ("entries", "3")]),
            (Schema::MedicationList, &[("entries_root", "0"), ("as_of", "2026-12-01"), ("entries", "0")]),
            (Schema::ProcedureList, &[("entries_root", "7"), ("as_of", "2026-12-01"), ("entries", "1")]),
        ];
        for (schema, values) in cases {
            let data = RecordData::new(schema, values.iter().copied()).unwrap();
            assert_eq!(data.present_fields().count(), values.len());
            assert_eq!(data.presence().count_ones() as usize, values.len());
        }
        assert!(matches!(
            RecordData::new(Schema::Licence, [("licence_class", "MD")]),
            Err(RecordError::MissingField { field: "jurisdiction", .. })
        ));
    }

    #[test]
    fn values_round_trip_through_their_canonical_text() {
        let cases = [
            (FieldType::Date, "2021-06-01T23:30:00-05:00", "2021-06-02"),
            (FieldType::Icd10, "e119", "E11.9"),
            (FieldType::Quantity, "6.5", "6.500"),
            (FieldType::Money, "135.5", "135.50"),
            (FieldType::Loinc, "4548-4", "4548-4"),
            (FieldType::Code, "us-ca", "US-CA"),
            (FieldType::Enum(SEX), "female", "female"),
            (FieldType::Unit, "mg/dL", "mg/dL"),
            (FieldType::Text, "Lot 42", "Lot 42"),
        ];
        for (ty, input, canonical) in cases {
            let v = ty.parse("f", input).unwrap();
            assert_eq!(v.text(), canonical);
            assert_eq!(ty.parse("f", v.text()).unwrap(), v);
        }
        assert!(matches!(FieldType::Enum(SEX).parse("sex", "f"), Err(RecordError::InvalidEnum { .. })));
        assert!(matches!(FieldType::Unit.parse("unit", "furlong"), Err(RecordError::UnknownUnit { .. })));
        assert!(matches!(FieldType::Integer.parse("dose", "-1"), Err(RecordError::InvalidNumber { .. })));
        // A root at or above the field modulus, or not in canonical decimal, is refused.
        let r = "21888242871839275222246405745257275088548364400416034343698204186575808495617";
        assert!(matches!(FieldType::Digest.parse("entries_root", r), Err(RecordError::InvalidNumber { .. })));
        assert!(matches!(
            FieldType::Digest.parse("entries_root", "007"),
            Err(RecordError::InvalidNumber { .. })
        ));
        assert!(matches!(
            FieldType::Digest.parse("entries_root", "0x7"),
            Err(RecordError::InvalidNumber { .. })
        ));
    }
}
