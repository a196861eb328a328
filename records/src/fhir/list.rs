//! Attested lists from FHIR: every Condition, MedicationStatement /
//! MedicationRequest / MedicationAdministration or Procedure of a Bundle (a
//! `$everything` result or an International Patient Summary document) becomes
//! an entry with its last active day.
//!
//! A list claims completeness, so nothing is guessed or silently dropped:
//! a resource of the list's kind that does not import, or has no code in the
//! list's code system, fails the whole list. Left out, by design:
//! - entries recorded in error (`entered-in-error`, in any status element);
//! - conditions whose verification status is `refuted` (ruled out);
//! - medications `not-taken`, `cancelled` or `draft`, and procedures
//!   `not-done` or `preparation` (never happened).
//!
//! The last active day: for what is still active (conditions active,
//! recurring or relapsing, or without a clinical status; medications active,
//! intended, on hold, in progress or unknown; procedures in progress or on
//! hold) the list's `as_of`; otherwise the end (abatement, end of use, end of
//! the procedure), else the latest date the resource gives (recorded, onset,
//! start, performed), else `as_of`.

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
fn entry(kind: ListKind, label: &str, data: &RecordData, as_of: u32) -> Result<Option<(String, u32)>, RecordError> {
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
            matches!(status("status").as_str(), "active" | "intended" | "on-hold" | "in-progress" | "unknown"),
            matches!(status("status").as_str(), "entered-in-error" | "not-taken" | "cancelled" | "draft" | "not-done"),
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
    let last = if active {
        as_of
    } else if let Some(end) = day(data, end)? {
        end
    } else {
        let mut latest = None;
        for f in dates {
            latest = latest.max(day(data, f)?);
        }
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
    matches!(status, "entered-in-error" | "not-taken" | "cancelled" | "draft" | "not-done" | "preparation")
        || matches!(verification.as_str(), "refuted" | "entered-in-error")
}

/// The list of `kind` of a FHIR Bundle (or single resource), complete as of `as_of`.
pub fn import_list(bundle: &Value, kind: ListKind, as_of: u32) -> Result<RecordList, RecordError> {
    let types: &[&str] = match kind {
        ListKind::Conditions => &["Condition"],
        ListKind::Medications => &["MedicationStatement", "MedicationRequest", "MedicationAdministration"],
        ListKind::Procedures => &["Procedure"],
    };
    let resources: Vec<&Value> = match bundle.get("resourceType").and_then(Value::as_str) {
        Some("Bundle") => bundle
            .get("entry")
            .and_then(Value::as_array)
            .map(|entries| entries.iter().filter_map(|e| e.get("resource")).collect())
            .unwrap_or_default(),
        Some(_) => vec![bundle],
        None => return Err(RecordError::Fhir { resource: "resource".into(), reason: "no resourceType".into() }),
    };
    let mut entries = Vec::new();
    for resource in resources {
        let ty = resource.get("resourceType").and_then(Value::as_str).unwrap_or("");
        if !types.contains(&ty) || left_out(resource) {
            continue;
        }
        let label = super::label(resource);
        // A resource of the kind that does not import would be a silent gap.
        let data = import_resource(resource).map_err(|e| RecordError::ListEntry { code: label.clone(), reason: e.to_string() })?;
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
