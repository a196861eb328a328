//! The error type of `medzk-policy`.

use medzk_circuits::CircuitError;
use medzk_records::RecordError;

/// Everything that makes a policy, a registry or a statement invalid.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PolicyError {
    /// Malformed JSON, a wrong shape of JSON, or an unknown member.
    #[error("malformed {what}: {message}")]
    Json {
        /// What was being read.
        what: &'static str,
        /// serde_json's message.
        message: String,
    },
    /// A format name or version this library does not read.
    #[error("unsupported {format} version {found} (this library reads version {supported})")]
    UnsupportedVersion {
        /// The format.
        format: &'static str,
        /// The version found.
        found: u32,
        /// The version supported.
        supported: u32,
    },
    /// A shape name that is not shipped.
    #[error("unknown shape {0:?} (shapes: small, medium, large, or r<records>-k<clauses>-s<sets> such as r6-k16-s2)")]
    UnknownShape(String),
    /// More record slots than the shape has, or none.
    #[error("shape {shape} has {expected} record slots, the policy declares {found} (1 to {expected})")]
    WrongRecordCount {
        /// The shape.
        shape: &'static str,
        /// Record slots of the shape.
        expected: usize,
        /// Record slots declared.
        found: usize,
    },
    /// A relative date operand that does not parse or is out of range.
    #[error("clause {clause}: relative date {value:?}: {problem}")]
    RelativeDate {
        /// The clause.
        clause: usize,
        /// The operand as written.
        value: String,
        /// What is wrong.
        problem: &'static str,
    },
    /// Two record slots or sets with one name.
    #[error("the name {0:?} is used twice")]
    DuplicateName(String),
    /// More clauses than the shape has slots.
    #[error("shape {shape} has {max} clause slots, the policy has {found} clauses")]
    TooManyClauses {
        /// The shape.
        shape: &'static str,
        /// Clause slots of the shape.
        max: usize,
        /// Clauses in the policy.
        found: usize,
    },
    /// More set operations than the shape has set slots.
    #[error("shape {shape} has {max} set slots, the policy needs {found}")]
    TooManySets {
        /// The shape.
        shape: &'static str,
        /// Set slots of the shape.
        max: usize,
        /// Set operations in the policy.
        found: usize,
    },
    /// A clause that names a record slot the policy does not declare.
    #[error("clause {clause}: unknown record {name:?}")]
    UnknownRecord {
        /// The clause.
        clause: usize,
        /// The name.
        name: String,
    },
    /// A clause that names a field its record's schema does not have.
    #[error("clause {clause}: schema {schema} has no field {field:?}")]
    UnknownField {
        /// The clause.
        clause: usize,
        /// The schema.
        schema: &'static str,
        /// The field.
        field: String,
    },
    /// An operator that does not apply to the field's type.
    #[error("clause {clause}: operator {op} is not valid for field {field} ({kind})")]
    OpNotValidForField {
        /// The clause.
        clause: usize,
        /// The operator.
        op: &'static str,
        /// The field.
        field: String,
        /// Why.
        kind: &'static str,
    },
    /// An operand the operator needs is missing, or one it does not take is given.
    #[error("clause {clause}: operator {op} {problem}")]
    Operands {
        /// The clause.
        clause: usize,
        /// The operator.
        op: &'static str,
        /// What is wrong.
        problem: &'static str,
    },
    /// A value that does not encode for its field (out of range, date before 1900, bad code …).
    #[error("clause {clause}: {source}")]
    Value {
        /// The clause.
        clause: usize,
        /// The encoding error.
        source: RecordError,
    },
    /// A range that contains no value (`min > max`).
    #[error("clause {clause}: the range is empty")]
    EmptyRange {
        /// The clause.
        clause: usize,
    },
    /// More list checks than the shape has slots.
    #[error("shape {shape} has {max} list-check slots; the policy needs {found}")]
    TooManyListChecks {
        /// The shape.
        shape: &'static str,
        /// Its list-check slots.
        max: usize,
        /// The policy's list checks.
        found: usize,
    },
    /// An `any` clause that does not hold one or two predicates, or one that reveals.
    #[error("clause {clause}: {problem}")]
    InvalidClause {
        /// The clause.
        clause: usize,
        /// What is wrong.
        problem: &'static str,
    },
    /// A set name no `sets` entry defines.
    #[error("unknown set {0:?}")]
    UnknownSet(String),
    /// A set defined but never used.
    #[error("set {0:?} is defined but not used")]
    UnusedSet(String),
    /// A set with no codes.
    #[error("set {0:?} is empty")]
    EmptySet(String),
    /// A set larger than a set slot holds.
    #[error("set {name:?} has {size} codes, a set slot holds at most {max}")]
    SetTooLarge {
        /// The set.
        name: String,
        /// Its size.
        size: usize,
        /// The maximum.
        max: u64,
    },
    /// A set member that is a wildcard or a reserved value (0 or 2^64 − 1).
    #[error("set {name:?}: code {code:?} cannot be a set member ({reason})")]
    InvalidSetMember {
        /// The set.
        name: String,
        /// The code.
        code: String,
        /// Why.
        reason: &'static str,
    },
    /// A set given by file that was not resolved (use `Policy::from_file`).
    #[error("set {0:?} refers to a file; load the policy with Policy::from_file")]
    UnresolvedSetFile(String),
    /// Credentials that do not match the policy's record slots.
    #[error("record slot {slot} ({expected}): {problem}")]
    Credentials {
        /// The record slot.
        slot: usize,
        /// The schema it needs.
        expected: &'static str,
        /// What is wrong.
        problem: String,
    },
    /// A registry entry that lets its issuer sign no schema, or an issuer listed twice.
    #[error("issuer registry entry {name:?}: {problem}")]
    RegistryEntry {
        /// The entry's name.
        name: String,
        /// What is wrong with it.
        problem: &'static str,
    },
    /// A quantity operand with a unit whose record's unit the policy cannot pin.
    #[error("clause {clause}: a quantity in {unit} needs the record's unit pinned: {problem}")]
    UnboundUnit {
        /// The clause.
        clause: usize,
        /// The operand's (canonical) unit.
        unit: &'static str,
        /// Why it could not be pinned.
        problem: &'static str,
    },
    /// An issuer key that is not in the registry.
    #[error("the issuer of record slot {0} is not in the trusted-issuer registry")]
    IssuerNotInRegistry(usize),
    /// A record-level or crypto error.
    #[error(transparent)]
    Record(#[from] RecordError),
    /// A circuit-level error (tree capacity, shape, key validation).
    #[error(transparent)]
    Circuit(#[from] CircuitError),
    /// A file that cannot be read.
    #[error("cannot read {path}: {message}")]
    Io {
        /// The path.
        path: String,
        /// The OS message.
        message: String,
    },
}
