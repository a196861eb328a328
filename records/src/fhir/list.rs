//! Attested lists from FHIR: every Condition, MedicationStatement /
//! MedicationRequest / MedicationAdministration / MedicationDispense or
//! Procedure of a Bundle (a `$everything` result or an International Patient
//! Summary document) becomes an entry with its last active day.
//!
//! A list claims completeness, so nothing is guessed or silently dropped:
//! a resource of the list's kind that does not import, or has no code in the
//! list's code system, fails the whole list; so does a Bundle that is one page
//! of a larger result (a `next` link, or a `total` above its entries: fetch
//! every page and join them first), and a Bundle whose resources of the kind
//! name more than one patient (`subject` or `patient` references that differ
//! as text: the issuer resolves them to one patient first). Left out, by design:
//! - entries recorded in error (`entered-in-error`, in any status element);
//! - conditions whose verification status is `refuted` (ruled out);
//! - medications `not-taken`, `cancelled`, `draft`, `declined` or (dispenses)
//!   `preparation`, and procedures
//!   `not-done` or `preparation` (never happened).
//!
//! The last active day: for what is still active (conditions active,
//! recurring or relapsing, or without a clinical status; medications active,
//! intended, on hold, in progress or unknown; procedures in progress or on
//! hold) the list's `as_of`; otherwise the end (abatement, end of use, end of
//! the procedure), else the latest date the resource gives (recorded, onset,
//! start, performed), else `as_of`. A dispense lasts from its hand-over
//! through its days' supply.

use super::import_resource;
use crate::list::{ListKind, RecordList};
use crate::record::RecordData;
use crate::RecordError;
use serde_json::Value;

fn text(data: &RecordData, field: &str) -> Option<String> {
    data.field(field).ok().flatten().map(|v| v.text().to_owned())
}

fn day(data: &RecordData, field: &str) -> Result<Option<u32>, RecordError> {
    text(data, field).map(|t| crate::encoding::encode_date(field, &t)).transpose()
}

/// The entry of one imported record, or `None` when the list leaves it out.
fn entry(
    kind: ListKind,
    label: &str,
    data: &RecordData,
    as_of: u32,
) -> Result<Option<(String, u32)>, RecordError> {
    let status = |f: &str| text(data, f).unwrap_or_default();
    let (code_field, active, skipped, end, dates): (&str, bool, bool, &str, &[&str]) = match kind {
        ListKind::Conditions => (
            "icd10_code",
            matches!(status("clinical_status").as_str(), "" | "active" | "recurrence" | "relapse"),
            matches!(status("verification_status").as_str(), "refuted" | "entered-in-error"),
            "abatement_date",
            &["recorded_date", "onset_date"],
        ),
        ListKind::Medications => (
            "atc_code",
            matches!(
                status("status").as_str(),
                "active" | "intended" | "on-hold" | "in-progress" | "unknown"
            ),
            matches!(
                status("status").as_str(),
                "entered-in-error"
                    | "not-taken"
                    | "cancelled"
                    | "draft"
                    | "declined"
                    | "not-done"
                    | "preparation"
            ),
            "end_date",
            &["start_date"],
        ),
        ListKind::Procedures => (
            "snomed_code",
            matches!(status("status").as_str(), "in-progress" | "on-hold"),
            matches!(status("status").as_str(), "entered-in-error" | "not-done" | "preparation"),
            "performed_end",
            &["performed_date"],
        ),
    };
    if skipped {
        return Ok(None);
    }
    let code = text(data, code_field).ok_or_else(|| RecordError::ListEntry {
        code: label.into(),
        reason: format!("no {} code: map it before issuing a complete list", kind.code_system()),
    })?;
    let mut latest = None;
    for f in dates {
        latest = latest.max(day(data, f)?);
    }
    // What began after `as_of` was not known on it: choose a later `as_of`.
    if let Some(d) = latest.filter(|d| *d > as_of) {
        return Err(RecordError::ListEntry {
            code,
            reason: format!("dated {}, after the list's as_of date", crate::encoding::decode_date(d)),
        });
    }
    let last = if active {
        as_of
    } else if let Some(end) = day(data, end)? {
        // A planned end (a supply that lasts past `as_of`) is active through `as_of`.
        end.min(as_of)
    } else {
        latest.unwrap_or(as_of)
    };
    Ok(Some((code, last)))
}

/// Whether the raw resource's status leaves it out of a list (checked before
/// importing, so a `not-done` procedure without a date is not an error).
fn left_out(resource: &Value) -> bool {
    let code = |v: Option<&Value>| -> String {
        v.and_then(|c| c.get("coding")?.as_array()?.first()?.get("code")?.as_str().map(str::to_owned))
            .unwrap_or_default()
    };
    let status = resource.get("status").and_then(Value::as_str).unwrap_or("");
    let verification = code(resource.get("verificationStatus"));
    matches!(
        status,
        "entered-in-error" | "not-taken" | "cancelled" | "draft" | "declined" | "not-done" | "preparation"
    ) || matches!(verification.as_str(), "refuted" | "entered-in-error")
}

/// The patient a resource is about: its `subject` (or `patient`) reference.
fn subject(resource: &Value) -> Option<&str> {
    ["subject", "patient"].iter().find_map(|k| resource.get(*k)?.get("reference")?.as_str())
}

/// Refuses a Bundle that is one page of a larger search result.
fn refuse_a_page(bundle: &Value, entries: usize) -> Result<(), RecordError> {
    let links = bundle.get("link").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
    let next = links.iter().any(|l| l.get("relation").and_then(Value::as_str) == Some("next"));
    let total = bundle.get("total").and_then(Value::as_u64);
    if next || total.is_some_and(|t| t > entries as u64) {
        return Err(RecordError::Fhir {
            resource: "Bundle".into(),
            reason: format!(
                "one page of a larger result ({}): a list must hold every entry; fetch all pages and join them",
                if next { "it links a next page".to_owned() } else { format!("total {} > {entries} entries", total.unwrap_or(0)) }
            ),
        });
    }
    Ok(())
}

/// The list of `kind` of a FHIR Bundle (or single resource), complete as of `as_of`.
pub fn import_list(bundle: &Value, kind: ListKind, as_of: u32) -> Result<RecordList, RecordError> {
    let types: &[&str] = match kind {
        ListKind::Conditions => &["Condition"],
        ListKind::Medications => {
            &["MedicationStatement", "MedicationRequest", "MedicationAdministration", "MedicationDispense"]
        }
        ListKind::Procedures => &["Procedure"],
    };
    let resources: Vec<&Value> = match bundle.get("resourceType").and_then(Value::as_str) {
        Some("Bundle") => {
            let entries =
                bundle.get("entry").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
            refuse_a_page(bundle, entries.len())?;
            entries.iter().filter_map(|e| e.get("resource")).collect()
        }
        Some(_) => vec![bundle],
        None => {
            return Err(RecordError::Fhir { resource: "resource".into(), reason: "no resourceType".into() })
        }
    };
    let mut entries = Vec::new();
    let mut patient: Option<(&str, String)> = None;
    for resource in resources {
        let ty = resource.get("resourceType").and_then(Value::as_str).unwrap_or("");
        if !types.contains(&ty) {
            continue;
        }
        // Checked before leaving anything out: a Bundle naming two patients is refused.
        if let Some(reference) = subject(resource) {
            match &patient {
                Some((first, _)) if *first != reference => {
                    return Err(RecordError::Fhir {
                        resource: super::label(resource),
                        reason: format!(
                            "about {reference:?}, but {} is about {first:?}: a list is one patient's",
                            patient.as_ref().map(|p| p.1.as_str()).unwrap_or_default()
                        ),
                    })
                }
                Some(_) => {}
                None => patient = Some((reference, super::label(resource))),
            }
        }
        if left_out(resource) {
            continue;
        }
        let label = super::label(resource);
        // A resource of the kind that does not import would be a silent gap.
        let data = import_resource(resource)
            .map_err(|e| RecordError::ListEntry { code: label.clone(), reason: e.to_string() })?;
        entries.extend(entry(kind, &label, &data, as_of)?);
    }
    RecordList::new(kind, as_of, entries)
}

/// Parses JSON text and imports it with [`import_list`].
pub fn import_list_json(text: &str, kind: ListKind, as_of: u32) -> Result<RecordList, RecordError> {
    let value: Value = serde_json::from_str(text)
        .map_err(|e| RecordError::Json { what: "FHIR resource", message: e.to_string() })?;
    import_list(&value, kind, as_of)
}
