//! The error type of `medzk-records`.

use medzk_circuits::CircuitError;

/// Everything that can go wrong turning data into records and credentials.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RecordError {
    /// A date that is not `YYYY-MM-DD` (or a FHIR dateTime with a time zone).
    #[error("field `{field}`: invalid date {value:?}")]
    InvalidDate {
        /// The field being encoded.
        field: String,
        /// The offending text.
        value: String,
    },
    /// A FHIR partial date (`YYYY` or `YYYY-MM`): the day is unknown.
    #[error("field `{field}`: partial date {value:?} has no day")]
    PartialDate {
        /// The field being encoded.
        field: String,
        /// The offending text.
        value: String,
    },
    /// A date before the encoding's epoch (1900-01-01).
    #[error("field `{field}`: date {value} is before 1900-01-01")]
    DateBeforeEpoch {
        /// The field being encoded.
        field: String,
        /// The offending date.
        value: String,
    },
    /// A code that does not parse for its code system (digits, check digit, shape).
    #[error("field `{field}`: invalid {system} code {value:?}: {reason}")]
    InvalidCode {
        /// The field being encoded.
        field: String,
        /// The code system (CVX, LOINC, SNOMED CT, ICD-10, alphanumeric).
        system: &'static str,
        /// The offending code.
        value: String,
        /// Why it was refused.
        reason: &'static str,
    },
    /// A number that does not parse or is out of range.
    #[error("field `{field}`: invalid number {value:?}: {reason}")]
    InvalidNumber {
        /// The field being encoded.
        field: String,
        /// The offending text.
        value: String,
        /// Why it was refused.
        reason: &'static str,
    },
    /// A unit with no conversion to the field's canonical unit.
    #[error("field `{field}`: unknown unit {unit:?} (expected one of {expected})")]
    UnknownUnit {
        /// The field being encoded.
        field: String,
        /// The unit found.
        unit: String,
        /// The units accepted for this field.
        expected: String,
    },
    /// An observation stored in another unit than its LOINC code's canonical
    /// one (a policy that pins the code compares canonical values).
    #[error("field `unit`: LOINC {code} is stored in {canonical}, not {unit} (convert the value)")]
    NonCanonicalUnit {
        /// The LOINC code.
        code: String,
        /// The unit found.
        unit: String,
        /// The code's canonical unit.
        canonical: &'static str,
    },
    /// An observation code with no registered canonical unit.
    #[error("field `{field}`: no canonical unit is registered for LOINC {code}")]
    UnsupportedObservation {
        /// The field being encoded.
        field: String,
        /// The LOINC code.
        code: String,
    },
    /// A value that is not one of an enumeration's names.
    #[error("field `{field}`: {value:?} is not one of {expected}")]
    InvalidEnum {
        /// The field being encoded.
        field: String,
        /// The offending value.
        value: String,
        /// The accepted names.
        expected: String,
    },
    /// Free text longer than the text hash accepts.
    #[error("field `{field}`: text is {len} bytes, at most {max} are supported")]
    TextTooLong {
        /// The field being encoded.
        field: String,
        /// The text's length in bytes.
        len: usize,
        /// The maximum.
        max: usize,
    },
    /// A schema name or id that does not exist.
    #[error("unknown schema {0:?}")]
    UnknownSchema(String),
    /// A field name the schema does not have.
    #[error("schema `{schema}` has no field `{field}`")]
    UnknownField {
        /// The schema.
        schema: &'static str,
        /// The unknown field.
        field: String,
    },
    /// A required field is absent.
    #[error("schema `{schema}` requires field `{field}`")]
    MissingField {
        /// The schema.
        schema: &'static str,
        /// The missing field.
        field: &'static str,
    },
    /// A file's format version is not one this library reads.
    #[error("unsupported {format} version {found} (this library reads version {supported})")]
    UnsupportedVersion {
        /// The file format.
        format: &'static str,
        /// The version found.
        found: u32,
        /// The version supported.
        supported: u32,
    },
    /// Malformed JSON, or JSON of the wrong shape.
    #[error("malformed {what}: {message}")]
    Json {
        /// What was being read.
        what: &'static str,
        /// serde_json's message.
        message: String,
    },
    /// A revocation index not below `2^20` (a credential's `revocation_nonce`
    /// must be its index in its issuer's revocation list).
    #[error("revocation index {0} is not below 2^20")]
    RevocationIndex(String),
    /// An issuer key that has handed out all `2^20` revocation indices (rotate
    /// the key: a new key is a new registry entry with a fresh list).
    #[error("the revocation list is full: all 2^20 indices of this issuer key are used")]
    RevocationListFull,
    /// Revoking an index the list has not handed out.
    #[error("revocation index {index} has not been issued (the list has issued {issued})")]
    RevocationNotIssued {
        /// The index.
        index: u32,
        /// How many indices the list has handed out.
        issued: u32,
    },
    /// A revocation list or credential of another issuer key.
    #[error("the revocation list belongs to another issuer key")]
    RevocationWrongIssuer,
    /// A malformed revocation list file.
    #[error("not a valid revocation list: {0}")]
    MalformedRevocationList(String),
    /// A credential whose stated commitment differs from its recomputed one.
    #[error("credential commitment does not match its record")]
    CommitmentMismatch,
    /// An attested-list entry that cannot be listed (a day after the list's
    /// `as_of`, or more entries than a list tree holds).
    #[error("list entry {code}: {reason}")]
    ListEntry {
        /// The entry's code (or a count).
        code: String,
        /// Why.
        reason: String,
    },
    /// A list credential whose entries do not hash to its signed root, or whose
    /// count differs, or entries on a record that is not a list.
    #[error("the list credential's entries do not match its record: {0}")]
    ListMismatch(String),
    /// A credential whose validity period is empty.
    #[error("credential expires ({expires_at}) before it is issued ({issued_at})")]
    InvalidValidity {
        /// Issue date.
        issued_at: String,
        /// Expiry date.
        expires_at: String,
    },
    /// A cryptographic check failed (bad key, signature, field element).
    #[error("{0}")]
    Crypto(#[from] CircuitError),
    /// A FHIR resource that cannot become a record.
    #[error("FHIR {resource}: {reason}")]
    Fhir {
        /// The resource type (and id when known).
        resource: String,
        /// Why it cannot be imported.
        reason: String,
    },
    /// An `shc:/` payload that is not pairs of digits each encoding 0..=77.
    #[error("SMART Health Card: malformed numeric payload: {0}")]
    ShcMalformedDigits(String),
    /// A JWS that is not three base64url parts with a valid header.
    #[error("SMART Health Card: malformed JWS: {0}")]
    ShcMalformedJws(String),
    /// The JWS header names a key (`kid`) the issuer's key set does not hold.
    #[error("SMART Health Card: no key with kid {0:?} in the issuer's key set")]
    ShcUnknownKid(String),
    /// A key in the key set that is not a usable P-256 public key.
    #[error("SMART Health Card: invalid issuer key {kid:?}: {reason}")]
    ShcInvalidKey {
        /// The key id.
        kid: String,
        /// Why it is unusable.
        reason: String,
    },
    /// The ES256 signature does not verify under the issuer's key.
    #[error("SMART Health Card: ES256 signature does not verify")]
    ShcBadSignature,
    /// The payload does not inflate (raw DEFLATE) or is not the expected JSON.
    #[error("SMART Health Card: malformed payload: {0}")]
    ShcMalformedPayload(String),
    /// The card's issuer (`iss`) is not the one expected.
    #[error("SMART Health Card: issuer {found:?} is not the expected {expected:?}")]
    ShcWrongIssuer {
        /// The card's `iss`.
        found: String,
        /// The expected issuer.
        expected: String,
    },
    /// `nbf` lies in the future.
    #[error("SMART Health Card: not valid before {nbf} (now {now})")]
    ShcNotYetValid {
        /// The card's `nbf` (seconds since 1970).
        nbf: i64,
        /// The time of the check.
        now: i64,
    },
    /// `exp` lies in the past.
    #[error("SMART Health Card: expired at {exp} (now {now})")]
    ShcExpired {
        /// The card's `exp` (seconds since 1970).
        exp: i64,
        /// The time of the check.
        now: i64,
    },
    /// The card's `rid` is listed in its key's revocation list.
    #[error("SMART Health Card: revoked (rid {rid:?} is in the revocation list of key {kid:?})")]
    ShcRevoked {
        /// The card's revocation identifier.
        rid: String,
        /// The key that signed it.
        kid: String,
    },
    /// The card's key revokes cards (`crlVersion`) and no CRL of it was given.
    #[error("SMART Health Card: key {kid:?} publishes a revocation list (crlVersion); give its CRL (<iss>/.well-known/crl/<kid>.json)")]
    ShcCrlRequired {
        /// The key id.
        kid: String,
    },
    /// The CRL given is older than the key's `crlVersion`.
    #[error("SMART Health Card: the CRL of key {kid:?} is version {ctr}, older than the key's crlVersion {crl_version}")]
    ShcCrlStale {
        /// The key id.
        kid: String,
        /// The CRL's `ctr`.
        ctr: u64,
        /// The JWK's `crlVersion`.
        crl_version: u64,
    },
    /// A revocation list that does not parse or breaks the format.
    #[error("SMART Health Card: malformed revocation list: {0}")]
    ShcMalformedCrl(String),
}
