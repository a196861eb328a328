//! The policy document: JSON via serde, versioned, unknown members refused.
//!
//! ```json
//! {
//!   "format": "medzk-policy", "version": 1,
//!   "name": "vaccinated-after", "shape": "small", "scope": "venue-entry",
//!   "records": [{"name": "vaccination", "schema": "immunization"}],
//!   "clauses": [
//!     {"record": "vaccination", "field": "vaccine_code", "op": "in", "set": "covid-19-vaccines"},
//!     {"record": "vaccination", "field": "occurrence_date", "op": "gte", "value": "2021-06-01"},
//!     {"any": [{"record": "vaccination", "field": "status", "op": "eq", "value": "completed"},
//!              {"record": "vaccination", "field": "dose_number", "op": "gte", "value": "2"}]}
//!   ],
//!   "sets": {"covid-19-vaccines": {"codes": ["207", "208"], "source": "CDC CVX"}}
//! }
//! ```

use crate::PolicyError;
use medzk_records::Schema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// The policy format's name.
pub const POLICY_FORMAT: &str = "medzk-policy";
/// The policy format version this library reads and writes.
pub const POLICY_VERSION: u32 = 1;
/// The token that stands for the proof's public reference date in date comparisons.
pub const REFERENCE_DATE: &str = "@reference_date";

/// A policy: record slots with schemas, clauses over their fields, code sets.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    /// Always `medzk-policy`.
    pub format: String,
    /// The format version (1).
    pub version: u32,
    /// A short name.
    pub name: String,
    /// What the policy checks, for people.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// The circuit shape (`small` or `medium`).
    pub shape: String,
    /// The verifier's scope: one nullifier per holder and scope.
    pub scope: String,
    /// The trusted-issuer root the verifier accepts (decimal), if the policy pins one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trusted_issuers_root: Option<String>,
    /// The record slots, in order.
    pub records: Vec<RecordSlot>,
    /// The clauses (all must hold).
    pub clauses: Vec<ClauseDoc>,
    /// Named code sets.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub sets: BTreeMap<String, CodeSet>,
}

/// A record slot: a name for clauses and the schema its record must have.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordSlot {
    /// The name clauses use.
    pub name: String,
    /// The schema.
    pub schema: Schema,
}

/// Comparison and set operators, as written in policies.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OpName {
    /// `field = value` (a code wildcard `E11.*` means "under E11").
    Eq,
    /// `field ≠ value`.
    Ne,
    /// `field < value`.
    Lt,
    /// `field ≤ value`.
    Lte,
    /// `field > value`.
    Gt,
    /// `field ≥ value`.
    Gte,
    /// `min ≤ field ≤ max`.
    Between,
    /// `field < min` or `field > max`.
    NotBetween,
    /// `field ∈ set`.
    In,
    /// `field ∉ set`.
    NotIn,
    /// The field is present.
    Exists,
    /// Disclose the field's value.
    Reveal,
    /// No entry of an attested list matches any of `codes` (optionally active `since`).
    NoneIn,
    /// Some entry of an attested list matches the one pattern of `codes`.
    AnyIn,
}

impl OpName {
    /// The operator as written.
    pub fn as_str(self) -> &'static str {
        match self {
            OpName::Eq => "eq",
            OpName::Ne => "ne",
            OpName::Lt => "lt",
            OpName::Lte => "lte",
            OpName::Gt => "gt",
            OpName::Gte => "gte",
            OpName::Between => "between",
            OpName::NotBetween => "not_between",
            OpName::In => "in",
            OpName::NotIn => "not_in",
            OpName::Exists => "exists",
            OpName::Reveal => "reveal",
            OpName::NoneIn => "none_in",
            OpName::AnyIn => "any_in",
        }
    }
}

/// One predicate: `record.field op operands`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PredicateDoc {
    /// The record slot's name.
    pub record: String,
    /// The field's name (none for `none_in` / `any_in`, which read the list).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub field: String,
    /// The operator.
    pub op: OpName,
    /// The operand of `eq ne lt lte gt gte`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// The lower bound of `between` / `not_between`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<String>,
    /// The upper bound of `between` / `not_between`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<String>,
    /// An inline set for `in` / `not_in`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub values: Option<Vec<String>>,
    /// A named set for `in` / `not_in`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub set: Option<String>,
    /// The code patterns of `none_in` / `any_in` (`"E11.9"`, `"E10.*"`, `"K70-K77"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub codes: Option<Vec<String>>,
    /// The window of `none_in` / `any_in`: only entries active on or after it
    /// (`"@reference_date - 8w"`, or a date).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<String>,
}

/// A clause: one predicate, or `{"any": [p1, p2]}` (their OR).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ClauseDoc {
    /// The OR of one or two predicates.
    Any {
        /// The predicates.
        any: Vec<PredicateDoc>,
    },
    /// A single predicate.
    One(PredicateDoc),
}

impl ClauseDoc {
    /// The clause's predicates.
    pub fn predicates(&self) -> &[PredicateDoc] {
        match self {
            ClauseDoc::Any { any } => any,
            ClauseDoc::One(p) => std::slice::from_ref(p),
        }
    }
}

/// A named code set, inline or in a file beside the policy.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CodeSet {
    /// The codes, written like field values (`"207"`, `"E11.9"`, `"4548-4"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub codes: Option<Vec<String>>,
    /// A JSON file (relative to the policy) holding `{"codes": [...]}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// Where the codes come from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

fn json_error(what: &'static str) -> impl Fn(serde_json::Error) -> PolicyError {
    move |e| PolicyError::Json { what, message: e.to_string() }
}

impl Policy {
    /// Parses a policy from JSON and checks its format and version. Sets given
    /// by file stay unresolved (compiling them fails); use [`Policy::from_file`].
    pub fn from_json(text: &str) -> Result<Self, PolicyError> {
        // Parse clauses strictly: an untagged enum would hide unknown members.
        let value: serde_json::Value = serde_json::from_str(text).map_err(json_error("policy"))?;
        if let Some(clauses) = value.get("clauses").and_then(|c| c.as_array()) {
            for clause in clauses {
                match clause.get("any") {
                    Some(any) => {
                        if clause.as_object().is_some_and(|o| o.len() != 1) {
                            return Err(PolicyError::Json {
                                what: "policy",
                                message: "an `any` clause has no other members".into(),
                            });
                        }
                        serde_json::from_value::<Vec<PredicateDoc>>(any.clone())
                            .map_err(json_error("policy clause"))?;
                    }
                    None => {
                        serde_json::from_value::<PredicateDoc>(clause.clone())
                            .map_err(json_error("policy clause"))?;
                    }
                }
            }
        }
        let policy: Policy = serde_json::from_value(value).map_err(json_error("policy"))?;
        if policy.format != POLICY_FORMAT {
            return Err(PolicyError::Json {
                what: "policy",
                message: format!("format is {:?}", policy.format),
            });
        }
        if policy.version != POLICY_VERSION {
            return Err(PolicyError::UnsupportedVersion {
                format: POLICY_FORMAT,
                found: policy.version,
                supported: POLICY_VERSION,
            });
        }
        Ok(policy)
    }

    /// Reads a policy file and resolves sets given by file relative to it.
    pub fn from_file(path: &Path) -> Result<Self, PolicyError> {
        let read = |p: &Path| {
            std::fs::read_to_string(p)
                .map_err(|e| PolicyError::Io { path: p.display().to_string(), message: e.to_string() })
        };
        let mut policy = Policy::from_json(&read(path)?)?;
        let dir = path.parent().unwrap_or(Path::new("."));
        for set in policy.sets.values_mut() {
            if let Some(file) = set.file.take() {
                #[derive(Deserialize)]
                #[serde(deny_unknown_fields)]
                struct SetFile {
                    codes: Vec<String>,
                    #[serde(default)]
                    source: Option<String>,
                    #[serde(default)]
                    description: Option<String>,
                }
                let loaded: SetFile =
                    serde_json::from_str(&read(&dir.join(&file))?).map_err(json_error("code set file"))?;
                let _ = loaded.description;
                set.codes = Some(loaded.codes);
                set.source = set.source.take().or(loaded.source);
            }
        }
        Ok(policy)
    }

    /// The policy as pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("policies serialise")
    }
}
