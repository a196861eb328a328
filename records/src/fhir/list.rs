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

/// The patient a resource is about: its `subject` (or `patient`) reference,
/// else the whole element as JSON text (an identifier-only subject), else `None`.
fn subject(resource: &Value) -> Option<String> {
    let element = ["subject", "patient"].iter().find_map(|k| resource.get(*k))?;
    Some(match element.get("reference").and_then(Value::as_str) {
        Some(reference) => reference.to_owned(),
        None => element.to_string(),
    })
}

fn bundle_error(reason: String) -> RecordError {
    RecordError::Fhir { resource: "Bundle".into(), reason }
}

/// Refuses a Bundle that is one page of a larger search result, or whose
/// paging elements cannot be read.
fn refuse_a_page(bundle: &Value, entries: usize) -> Result<(), RecordError> {
    let links = match bundle.get("link") {
        None => &[][..],
        Some(Value::Array(links)) => links.as_slice(),
        Some(_) => return Err(bundle_error("`link` is not an array".into())),
    };
    let next = links.iter().any(|l| l.get("relation").and_then(Value::as_str) == Some("next"));
    let total = match bundle.get("total") {
        None => None,
        Some(t) => {
            Some(t.as_u64().ok_or_else(|| bundle_error(format!("`total` {t} is not a whole number")))?)
        }
    };
    if next || total.is_some_and(|t| t > entries as u64) {
        return Err(bundle_error(format!(
            "one page of a larger result ({}): a list must hold every entry; fetch all pages and \
             put their resources in one Bundle's `entry` array",
            if next {
                "it links a next page".to_owned()
            } else {
                format!("total {} > {entries} entries", total.unwrap_or(0))
            }
        )));
    }
    Ok(())
}

/// The codes of a resource in the list's code system, from every coding of
/// its code (or its medication's, contained Medications included).
fn codes_in_system(resource: &Value, kind: ListKind) -> Vec<&str> {
    let systems: &[&str] = match kind {
        ListKind::Conditions => &super::ICD10_SYSTEMS,
        ListKind::Medications => &[super::ATC_SYSTEM],
        ListKind::Procedures => &[super::SNOMED_SYSTEM],
    };
    let mut concepts: Vec<&Value> =
        ["code", "medicationCodeableConcept"].iter().filter_map(|k| resource.get(*k)).collect();
    if let Some(contained) = resource.get("contained").and_then(Value::as_array) {
        concepts.extend(
            contained
                .iter()
                .filter(|c| c.get("resourceType").and_then(Value::as_str) == Some("Medication"))
                .filter_map(|c| c.get("code")),
        );
    }
    concepts
        .into_iter()
        .filter_map(|c| c.get("coding")?.as_array())
        .flatten()
        .filter(|c| c.get("system").and_then(Value::as_str).is_some_and(|s| systems.contains(&s)))
        .filter_map(|c| c.get("code")?.as_str())
        .collect()
}

/// Refuses a condition whose end is given other than as a date (an age, a
/// range, free text): its last active day is unknown.
fn refuse_undated_abatement(resource: &Value, label: &str) -> Result<(), RecordError> {
    match ["abatementAge", "abatementRange", "abatementString"].iter().find(|k| resource.get(**k).is_some()) {
        Some(k) => Err(RecordError::ListEntry {
            code: label.into(),
            reason: format!(
                "{k} is not a date: a list needs the day it ended (abatementDateTime or abatementPeriod)"
            ),
        }),
        None => Ok(()),
    }
}

/// The list of `kind` of a FHIR Bundle (or single resource of the kind),
/// complete as of `as_of`.
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
            let entries = match bundle.get("entry") {
                None => &[][..],
                Some(Value::Array(entries)) => entries.as_slice(),
                Some(_) => return Err(bundle_error("`entry` is not an array".into())),
            };
            refuse_a_page(bundle, entries.len())?;
            entries
                .iter()
                .map(|e| e.get("resource").ok_or_else(|| bundle_error("an entry without a resource".into())))
                .collect::<Result<_, _>>()?
        }
        Some(ty) if types.contains(&ty) => vec![bundle],
        Some(ty) => {
            return Err(RecordError::Fhir {
                resource: ty.into(),
                reason: format!("a {} list is made from a Bundle or one of {types:?}", kind.name()),
            })
        }
        None => {
            return Err(RecordError::Fhir { resource: "resource".into(), reason: "no resourceType".into() })
        }
    };
    let mut entries = Vec::new();
    let mut patient: Option<(Option<String>, String)> = None;
    for resource in resources {
        let label = super::label(resource);
        let ty = resource
            .get("resourceType")
            .and_then(Value::as_str)
            .ok_or_else(|| RecordError::Fhir { resource: label.clone(), reason: "no resourceType".into() })?;
        // Resources inside a nested Bundle, or of a miscased type, would be skipped unseen.
        if ty == "Bundle" || (!types.contains(&ty) && types.iter().any(|t| t.eq_ignore_ascii_case(ty))) {
            return Err(RecordError::Fhir {
                resource: label,
                reason: "a nested Bundle or a miscased resource type: put every resource in one Bundle's \
                         `entry` array, typed as FHIR spells it"
                    .into(),
            });
        }
        if !types.contains(&ty) {
            continue;
        }
        // Every resource of the kind names the same patient, or none does
        // (checked before leaving anything out).
        let about = subject(resource);
        match &patient {
            Some((first, first_label)) if *first != about => {
                return Err(RecordError::Fhir {
                    resource: label,
                    reason: format!(
                        "about {about:?}, but {first_label} is about {first:?}: a list is one patient's"
                    ),
                })
            }
            Some(_) => {}
            None => patient = Some((about, label.clone())),
        }
        if left_out(resource) {
            continue;
        }
        // A resource of the kind that does not import would be a silent gap.
        let data = import_resource(resource)
            .map_err(|e| RecordError::ListEntry { code: label.clone(), reason: e.to_string() })?;
        if let Some((code, last)) = entry(kind, &label, &data, as_of)? {
            if kind == ListKind::Conditions {
                refuse_undated_abatement(resource, &label)?;
            }
            // Every code of the list's system is an entry (a Condition coded in
            // ICD-10 and ICD-10-CM, say), not only the first.
            let mut codes = vec![kind.parse_code(&code)?.0];
            for other in codes_in_system(resource, kind) {
                let (canonical, _) = kind.parse_code(other)?;
                if !codes.contains(&canonical) {
                    codes.push(canonical);
                }
            }
            entries.extend(codes.into_iter().map(|c| (c, last)));
        }
    }
    RecordList::new(kind, as_of, entries)
}

/// Parses JSON text and imports it with [`import_list`].
pub fn import_list_json(text: &str, kind: ListKind, as_of: u32) -> Result<RecordList, RecordError> {
    let value: Value = serde_json::from_str(text)
        .map_err(|e| RecordError::Json { what: "FHIR resource", message: e.to_string() })?;
    import_list(&value, kind, as_of)
}
