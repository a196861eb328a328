//! FHIR R4 import: Patient, Immunization, Observation, Condition, Claim,
//! ExplanationOfBenefit, MedicationStatement, MedicationRequest,
//! MedicationAdministration, Procedure, and Bundles of them.
//!
//! Only the elements a record needs are read (plain serde structs); every other
//! element is ignored. A resource either becomes a [`RecordData`] or fails with
//! a reason naming the element at fault. The mapping is documented in
//! `docs/records.md`.

pub mod list;

use crate::record::RecordData;
use crate::schema::Schema;
use crate::RecordError;
use serde::Deserialize;
use serde_json::{Number, Value};

/// The CVX code system.
pub const CVX_SYSTEM: &str = "http://hl7.org/fhir/sid/cvx";
/// The LOINC code system.
pub const LOINC_SYSTEM: &str = "http://loinc.org";
/// The SNOMED CT code system.
pub const SNOMED_SYSTEM: &str = "http://snomed.info/sct";
/// ICD-10-CM and ICD-10 (WHO) code systems.
pub const ICD10_SYSTEMS: [&str; 2] = ["http://hl7.org/fhir/sid/icd-10-cm", "http://hl7.org/fhir/sid/icd-10"];
/// The WHO ATC classification.
pub const ATC_SYSTEM: &str = "http://www.whocc.no/atc";
/// RxNorm.
pub const RXNORM_SYSTEM: &str = "http://www.nlm.nih.gov/research/umls/rxnorm";
/// CPT (AMA).
pub const CPT_SYSTEM: &str = "http://www.ama-assn.org/go/cpt";
/// The UCUM unit system.
pub const UCUM_SYSTEM: &str = "http://unitsofmeasure.org";

#[derive(Deserialize, Default, Clone)]
struct Coding {
    system: Option<String>,
    code: Option<String>,
}

#[derive(Deserialize, Default, Clone)]
struct CodeableConcept {
    #[serde(default)]
    coding: Vec<Coding>,
}

impl CodeableConcept {
    fn code_in(&self, systems: &[&str]) -> Option<&str> {
        self.coding
            .iter()
            .find(|c| c.system.as_deref().is_some_and(|s| systems.contains(&s)))
            .and_then(|c| c.code.as_deref())
    }

    fn first_code(&self) -> Option<&str> {
        self.coding.iter().find_map(|c| c.code.as_deref())
    }
}

#[derive(Deserialize, Default)]
struct Reference {
    reference: Option<String>,
    identifier: Option<Identifier>,
}

#[derive(Deserialize, Default)]
struct Identifier {
    system: Option<String>,
    value: Option<String>,
}

impl Reference {
    fn label(&self) -> Option<String> {
        self.reference.clone().or_else(|| {
            let id = self.identifier.as_ref()?;
            Some(format!("{}|{}", id.system.as_deref().unwrap_or(""), id.value.as_deref()?))
        })
    }
}

#[derive(Deserialize)]
struct Quantity {
    value: Option<Number>,
    unit: Option<String>,
    system: Option<String>,
    code: Option<String>,
}

#[derive(Deserialize, Clone)]
struct Money {
    value: Option<Number>,
    currency: Option<String>,
}

#[derive(Deserialize, Default)]
struct Period {
    start: Option<String>,
    end: Option<String>,
}

/// The elements of the three medication resources that a record needs.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct MedicationUse {
    status: Option<String>,
    medication_codeable_concept: Option<CodeableConcept>,
    medication_reference: Option<Reference>,
    #[serde(default)]
    contained: Vec<Value>,
    effective_date_time: Option<String>,
    effective_period: Option<Period>,
    authored_on: Option<String>,
    dispense_request: Option<DispenseRequest>,
    when_handed_over: Option<String>,
    when_prepared: Option<String>,
    days_supply: Option<Quantity>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct DispenseRequest {
    validity_period: Option<Period>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Procedure {
    status: Option<String>,
    code: Option<CodeableConcept>,
    performed_date_time: Option<String>,
    performed_period: Option<Period>,
    performed_string: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct HumanName {
    family: Option<String>,
    #[serde(default)]
    given: Vec<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Address {
    postal_code: Option<String>,
    country: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Patient {
    birth_date: Option<String>,
    gender: Option<String>,
    #[serde(default)]
    name: Vec<HumanName>,
    #[serde(default)]
    address: Vec<Address>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ProtocolApplied {
    dose_number_positive_int: Option<u64>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Immunization {
    status: Option<String>,
    vaccine_code: Option<CodeableConcept>,
    occurrence_date_time: Option<String>,
    occurrence_string: Option<String>,
    lot_number: Option<String>,
    #[serde(default)]
    protocol_applied: Vec<ProtocolApplied>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Observation {
    status: Option<String>,
    code: Option<CodeableConcept>,
    value_quantity: Option<Quantity>,
    effective_date_time: Option<String>,
    effective_instant: Option<String>,
    effective_period: Option<Period>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Condition {
    code: Option<CodeableConcept>,
    clinical_status: Option<CodeableConcept>,
    verification_status: Option<CodeableConcept>,
    onset_date_time: Option<String>,
    onset_period: Option<Period>,
    recorded_date: Option<String>,
    abatement_date_time: Option<String>,
    abatement_period: Option<Period>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ClaimDiagnosis {
    diagnosis_codeable_concept: Option<CodeableConcept>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ClaimItem {
    product_or_service: Option<CodeableConcept>,
    serviced_date: Option<String>,
    serviced_period: Option<Period>,
    net: Option<Money>,
}

#[derive(Deserialize)]
struct ClaimInsurance {
    coverage: Option<Reference>,
}

#[derive(Deserialize)]
struct EobTotal {
    category: Option<CodeableConcept>,
    amount: Option<Money>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Claim {
    created: Option<String>,
    billable_period: Option<Period>,
    provider: Option<Reference>,
    #[serde(default)]
    diagnosis: Vec<ClaimDiagnosis>,
    #[serde(default)]
    insurance: Vec<ClaimInsurance>,
    #[serde(default)]
    item: Vec<ClaimItem>,
    /// `Claim.total` is one Money; `ExplanationOfBenefit.total` is a list by category.
    total: Option<Value>,
}

/// The label of a resource for messages: `Type/id`.
fn label(resource: &Value) -> String {
    let ty = resource.get("resourceType").and_then(Value::as_str).unwrap_or("resource");
    match resource.get("id").and_then(Value::as_str) {
        Some(id) => format!("{ty}/{id}"),
        None => ty.to_owned(),
    }
}

fn fhir_error(resource: &Value, reason: impl Into<String>) -> RecordError {
    RecordError::Fhir { resource: label(resource), reason: reason.into() }
}

/// The resource types [`import_resource`] turns into records.
pub const SUPPORTED_RESOURCES: [&str; 11] = [
    "Patient",
    "Immunization",
    "Observation",
    "Condition",
    "Claim",
    "ExplanationOfBenefit",
    "MedicationStatement",
    "MedicationRequest",
    "MedicationAdministration",
    "MedicationDispense",
    "Procedure",
];

/// Imports one FHIR R4 resource as record content.
pub fn import_resource(resource: &Value) -> Result<RecordData, RecordError> {
    let ty = resource
        .get("resourceType")
        .and_then(Value::as_str)
        .ok_or_else(|| fhir_error(resource, "no resourceType"))?;
    macro_rules! typed {
        ($t:ty) => {
            serde_json::from_value::<$t>(resource.clone()).map_err(|e| fhir_error(resource, e.to_string()))?
        };
    }
    let (schema, fields) = match ty {
        "Patient" => patient(resource, typed!(Patient))?,
        "Immunization" => immunization(resource, typed!(Immunization))?,
        "Observation" => observation(resource, typed!(Observation))?,
        "Condition" => condition(resource, typed!(Condition))?,
        "Claim" | "ExplanationOfBenefit" => claim(resource, typed!(Claim))?,
        "MedicationStatement" => medication(resource, typed!(MedicationUse), "statement")?,
        "MedicationRequest" => medication(resource, typed!(MedicationUse), "request")?,
        "MedicationAdministration" => medication(resource, typed!(MedicationUse), "administration")?,
        "MedicationDispense" => medication(resource, typed!(MedicationUse), "dispense")?,
        "Procedure" => procedure(resource, typed!(Procedure))?,
        other => return Err(fhir_error(resource, format!("resource type {other} is not imported"))),
    };
    RecordData::new(schema, fields.iter().map(|(k, v)| (*k, v.as_str())))
}

type Fields = (Schema, Vec<(&'static str, String)>);

fn patient(resource: &Value, p: Patient) -> Result<Fields, RecordError> {
    let mut f = vec![("birth_date", p.birth_date.ok_or_else(|| fhir_error(resource, "no birthDate"))?)];
    if let Some(g) = p.gender {
        f.push(("sex_at_birth", g));
    }
    if let Some(address) = p.address.first() {
        // Only ISO 3166 code-shaped countries and code-shaped postal codes are kept;
        // free text ("The Netherlands") has no order-preserving code.
        if let Some(c) = address
            .country
            .as_ref()
            .filter(|c| (2..=3).contains(&c.len()) && c.bytes().all(|b| b.is_ascii_alphabetic()))
        {
            f.push(("country", c.clone()));
        }
        if let Some(pc) = &address.postal_code {
            let compact: String = pc.chars().filter(|c| !c.is_whitespace()).collect();
            if crate::encoding::pack_code("postal_code", &compact).is_ok() {
                f.push(("postal_code", compact));
            }
        }
    }
    if let Some(name) = p.name.first() {
        let mut parts = name.given.clone();
        parts.extend(name.family.clone());
        f.push(("name_hash", parts.join(" ")));
    }
    Ok((Schema::Patient, f))
}

fn immunization(resource: &Value, i: Immunization) -> Result<Fields, RecordError> {
    let cvx = i
        .vaccine_code
        .as_ref()
        .and_then(|c| c.code_in(&[CVX_SYSTEM]))
        .ok_or_else(|| fhir_error(resource, "vaccineCode has no CVX coding"))?;
    let date = match (i.occurrence_date_time, i.occurrence_string) {
        (Some(d), _) => d,
        (None, Some(s)) => {
            return Err(fhir_error(resource, format!("occurrence is free text ({s:?}), not a date")))
        }
        (None, None) => return Err(fhir_error(resource, "no occurrenceDateTime")),
    };
    let mut f = vec![
        ("vaccine_code", cvx.to_owned()),
        ("occurrence_date", date),
        ("status", i.status.ok_or_else(|| fhir_error(resource, "no status"))?),
    ];
    if let Some(dose) = i.protocol_applied.first().and_then(|p| p.dose_number_positive_int) {
        f.push(("dose_number", dose.to_string()));
    }
    if let Some(lot) = i.lot_number {
        f.push(("lot_hash", lot));
    }
    Ok((Schema::Immunization, f))
}

fn observation(resource: &Value, o: Observation) -> Result<Fields, RecordError> {
    let loinc = o
        .code
        .as_ref()
        .and_then(|c| c.code_in(&[LOINC_SYSTEM]))
        .ok_or_else(|| fhir_error(resource, "code has no LOINC coding"))?;
    let q = o.value_quantity.ok_or_else(|| fhir_error(resource, "no valueQuantity"))?;
    let value = q.value.ok_or_else(|| fhir_error(resource, "valueQuantity has no value"))?;
    let unit = match (q.system.as_deref(), q.code, q.unit) {
        (Some(UCUM_SYSTEM), Some(code), _) => code,
        (None, None, Some(unit)) => unit,
        (system, _, unit) => {
            return Err(fhir_error(
                resource,
                format!("valueQuantity unit {unit:?} is not UCUM (system {system:?})"),
            ))
        }
    };
    let encoded = crate::encoding::encode_loinc("loinc_code", loinc)?;
    let (milli, canonical) = crate::encoding::convert_quantity("value", encoded, &value.to_string(), &unit)?;
    let date = o
        .effective_date_time
        .or(o.effective_instant)
        .or(o.effective_period.and_then(|p| p.start))
        .ok_or_else(|| fhir_error(resource, "no effective[x] date"))?;
    Ok((
        Schema::Observation,
        vec![
            ("loinc_code", loinc.to_owned()),
            ("value", crate::encoding::decode_milli(milli)),
            ("unit", canonical.ucum().to_owned()),
            ("effective_date", date),
            ("status", o.status.ok_or_else(|| fhir_error(resource, "no status"))?),
        ],
    ))
}

fn condition(resource: &Value, c: Condition) -> Result<Fields, RecordError> {
    let code = c.code.unwrap_or_default();
    let icd = code.code_in(&ICD10_SYSTEMS);
    let snomed = code.code_in(&[SNOMED_SYSTEM]);
    if icd.is_none() && snomed.is_none() {
        return Err(fhir_error(resource, "code has neither an ICD-10 nor a SNOMED CT coding"));
    }
    let mut f = Vec::new();
    f.extend(icd.map(|v| ("icd10_code", v.to_owned())));
    f.extend(snomed.map(|v| ("snomed_code", v.to_owned())));
    let onset = c.onset_date_time.or_else(|| c.onset_period.and_then(|p| p.start));
    f.extend(onset.map(|v| ("onset_date", v)));
    f.extend(
        c.clinical_status
            .as_ref()
            .and_then(CodeableConcept::first_code)
            .map(|v| ("clinical_status", v.to_owned())),
    );
    f.extend(
        c.verification_status
            .as_ref()
            .and_then(CodeableConcept::first_code)
            .map(|v| ("verification_status", v.to_owned())),
    );
    f.extend(c.recorded_date.map(|v| ("recorded_date", v)));
    // A period's end is the day it abated (its start when the end is unknown).
    let abatement = c.abatement_date_time.or_else(|| c.abatement_period.and_then(|p| p.end.or(p.start)));
    f.extend(abatement.map(|v| ("abatement_date", v)));
    Ok((Schema::Condition, f))
}

fn claim(resource: &Value, c: Claim) -> Result<Fields, RecordError> {
    let money_of = |v: &Value| serde_json::from_value::<Money>(v.clone()).ok();
    let total = match &c.total {
        Some(Value::Array(totals)) => totals
            .iter()
            .filter_map(|t| serde_json::from_value::<EobTotal>(t.clone()).ok())
            .find(|t| t.category.as_ref().and_then(CodeableConcept::first_code) == Some("submitted"))
            .and_then(|t| t.amount),
        Some(v) => money_of(v),
        None => None,
    };
    let item = c.item.first();
    let amount = total
        .or_else(|| item.and_then(|i| i.net.clone()))
        .ok_or_else(|| fhir_error(resource, "no total and no item net amount"))?;
    let value = amount.value.ok_or_else(|| fhir_error(resource, "amount has no value"))?;
    let currency = amount.currency.ok_or_else(|| fhir_error(resource, "amount has no currency"))?;
    let date = item
        .and_then(|i| i.serviced_date.clone().or(i.serviced_period.as_ref().and_then(|p| p.start.clone())))
        .or(c.billable_period.and_then(|p| p.start))
        .or(c.created)
        .ok_or_else(|| fhir_error(resource, "no service date, billablePeriod or created"))?;
    let mut f = vec![("amount", value.to_string()), ("currency", currency), ("service_date", date)];
    if let Some(code) = item.and_then(|i| i.product_or_service.as_ref()).and_then(CodeableConcept::first_code)
    {
        f.push(("procedure_code", code.to_owned()));
    }
    if let Some(dx) =
        c.diagnosis.iter().find_map(|d| d.diagnosis_codeable_concept.as_ref()?.code_in(&ICD10_SYSTEMS))
    {
        f.push(("diagnosis_code", dx.to_owned()));
    }
    f.extend(c.provider.as_ref().and_then(Reference::label).map(|v| ("provider_id", v)));
    f.extend(
        c.insurance
            .first()
            .and_then(|i| i.coverage.as_ref())
            .and_then(Reference::label)
            .map(|v| ("policy_id", v)),
    );
    Ok((Schema::Claim, f))
}

/// The medication's codes: `medicationCodeableConcept`, or the code of the
/// contained `Medication` a `#id` reference names (a reference to a resource
/// outside this one cannot be resolved here and is refused).
fn medication_code(resource: &Value, m: &MedicationUse) -> Result<CodeableConcept, RecordError> {
    if let Some(code) = &m.medication_codeable_concept {
        return Ok(code.clone());
    }
    let reference = m
        .medication_reference
        .as_ref()
        .and_then(|r| r.reference.as_deref())
        .ok_or_else(|| fhir_error(resource, "no medicationCodeableConcept or medicationReference"))?;
    let id = reference.strip_prefix('#').ok_or_else(|| {
        fhir_error(resource, format!("medicationReference {reference:?} is not a contained Medication; import the code with the resource"))
    })?;
    let contained = m
        .contained
        .iter()
        .find(|c| {
            c.get("resourceType").and_then(Value::as_str) == Some("Medication")
                && c.get("id").and_then(Value::as_str) == Some(id)
        })
        .ok_or_else(|| fhir_error(resource, format!("no contained Medication {reference:?}")))?;
    serde_json::from_value(contained.get("code").cloned().unwrap_or(Value::Null))
        .map_err(|_| fhir_error(resource, format!("contained Medication {reference:?} has no code")))
}

fn medication(resource: &Value, m: MedicationUse, source: &'static str) -> Result<Fields, RecordError> {
    let code = medication_code(resource, &m)?;
    let atc = code.code_in(&[ATC_SYSTEM]);
    let rxnorm = code.code_in(&[RXNORM_SYSTEM]);
    let snomed = code.code_in(&[SNOMED_SYSTEM]);
    if atc.is_none() && rxnorm.is_none() && snomed.is_none() {
        let systems: Vec<&str> = code.coding.iter().filter_map(|c| c.system.as_deref()).collect();
        return Err(fhir_error(
            resource,
            format!("medication has no ATC, RxNorm or SNOMED CT coding (codings: {systems:?})"),
        ));
    }
    let mut f = Vec::new();
    f.extend(atc.map(|v| ("atc_code", v.to_owned())));
    f.extend(rxnorm.map(|v| ("rxnorm_code", v.to_owned())));
    f.extend(snomed.map(|v| ("snomed_code", v.to_owned())));
    // Start and end: the effective period or date (statement, administration),
    // or the dispense validity period, else the authoring date (request).
    // A dispense starts when handed over (else prepared) and lasts its days' supply.
    let validity = m.dispense_request.and_then(|d| d.validity_period);
    let handed = m.when_handed_over.or(m.when_prepared);
    let (start, end) = match (m.effective_date_time, m.effective_period, validity, handed) {
        (Some(d), ..) => (Some(d), None),
        (None, Some(p), ..) => (p.start, p.end),
        (None, None, Some(p), _) => (p.start.or(m.authored_on), p.end),
        (None, None, None, Some(h)) => {
            let end = m.days_supply.as_ref().map(|q| supply_end(resource, &h, q)).transpose()?;
            (Some(h), end)
        }
        (None, None, None, None) => (m.authored_on, None),
    };
    f.extend(start.map(|v| ("start_date", v)));
    f.extend(end.map(|v| ("end_date", v)));
    f.push(("status", m.status.ok_or_else(|| fhir_error(resource, "no status"))?));
    f.push(("source", source.to_owned()));
    Ok((Schema::Medication, f))
}

/// The last day of a dispense's supply: handed over on day d with n days'
/// supply, it lasts through day d + n − 1 (a 1-day supply ends the same day).
fn supply_end(resource: &Value, handed: &str, supply: &Quantity) -> Result<String, RecordError> {
    let in_days = supply.code.as_deref() == Some("d")
        || matches!(supply.unit.as_deref(), Some("d" | "day" | "days" | "Day" | "Days"));
    if !in_days {
        return Err(fhir_error(resource, format!("daysSupply unit {:?} is not days", supply.unit)));
    }
    let days = supply
        .value
        .as_ref()
        .and_then(|n| {
            n.as_u64().or_else(|| n.as_f64().filter(|f| f.fract() == 0.0 && *f >= 0.0).map(|f| f as u64))
        })
        .filter(|d| (1..=3_660).contains(d))
        .ok_or_else(|| fhir_error(resource, "daysSupply must be a whole number of days from 1 to 3660"))?;
    let start = crate::encoding::encode_date("whenHandedOver", handed)?;
    Ok(crate::encoding::decode_date(start + days as u32 - 1))
}

fn procedure(resource: &Value, p: Procedure) -> Result<Fields, RecordError> {
    let code = p.code.unwrap_or_default();
    let snomed = code.code_in(&[SNOMED_SYSTEM]);
    let cpt = code.code_in(&[CPT_SYSTEM]);
    if snomed.is_none() && cpt.is_none() {
        return Err(fhir_error(resource, "code has neither a SNOMED CT nor a CPT coding"));
    }
    let (date, end) = match (p.performed_date_time, p.performed_period, p.performed_string) {
        (Some(d), _, _) => (d, None),
        (None, Some(Period { start: Some(s), end }), _) => (s, end),
        (None, _, Some(s)) => {
            return Err(fhir_error(resource, format!("performed is free text ({s:?}), not a date")))
        }
        _ => return Err(fhir_error(resource, "no performedDateTime or performedPeriod.start")),
    };
    let mut f = Vec::new();
    f.extend(snomed.map(|v| ("snomed_code", v.to_owned())));
    f.extend(cpt.map(|v| ("cpt_code", v.to_owned())));
    f.push(("performed_date", date));
    f.extend(end.map(|v| ("performed_end", v)));
    f.push(("status", p.status.ok_or_else(|| fhir_error(resource, "no status"))?));
    Ok((Schema::Procedure, f))
}

/// What importing a Bundle produced, entry by entry.
#[derive(Debug, Default)]
pub struct BundleImport {
    /// Entries that became records, with their labels.
    pub records: Vec<(String, RecordData)>,
    /// Entries of a supported type that failed, with the reason.
    pub errors: Vec<(String, RecordError)>,
    /// Entries of a type medzk does not model (Organization, Practitioner, …).
    pub skipped: Vec<String>,
}

/// Imports a Bundle's entries (or a single resource, as a one-entry import).
pub fn import_bundle(bundle: &Value) -> Result<BundleImport, RecordError> {
    let mut out = BundleImport::default();
    let ty = bundle.get("resourceType").and_then(Value::as_str);
    let resources: Vec<&Value> = match ty {
        Some("Bundle") => bundle
            .get("entry")
            .and_then(Value::as_array)
            .map(|entries| entries.iter().filter_map(|e| e.get("resource")).collect())
            .unwrap_or_default(),
        Some(_) => vec![bundle],
        None => return Err(fhir_error(bundle, "not a FHIR resource (no resourceType)")),
    };
    for resource in resources {
        let ty = resource.get("resourceType").and_then(Value::as_str).unwrap_or("");
        if !SUPPORTED_RESOURCES.contains(&ty) {
            out.skipped.push(label(resource));
            continue;
        }
        match import_resource(resource) {
            Ok(data) => out.records.push((label(resource), data)),
            Err(e) => out.errors.push((label(resource), e)),
        }
    }
    Ok(out)
}

/// Parses JSON text and imports it with [`import_bundle`].
pub fn import_json(text: &str) -> Result<BundleImport, RecordError> {
    let value: Value = serde_json::from_str(text)
        .map_err(|e| RecordError::Json { what: "FHIR resource", message: e.to_string() })?;
    import_bundle(&value)
}
