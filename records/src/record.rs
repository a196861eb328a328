//! Records, their commitments, and the holder's secret.
//!
//! Commitment layout (15 inputs, one Poseidon call):
//!
//! ```text
//! Poseidon(schema_id, presence, f_0, …, f_7, holder, issued_at, expires_at, revocation_nonce, salt)
//! ```
//!
//! `presence` has bit `i` set when field `i` is present; absent and unused slots
//! encode as 0. `holder = Poseidon(s)` for the holder's secret `s`.

use crate::encoding::decode_date;
use crate::schema::{FieldValue, Schema, FIELDS_PER_RECORD};
use crate::RecordError;
use ark_ff::{UniformRand, Zero};
const _: () = assert!(FIELDS_PER_RECORD == medzk_circuits::query::FIELDS);
use medzk_circuits::{poseidon, Fr};

pub use medzk_circuits::query::COMMITMENT_INPUTS;

/// The medical content of a record: a schema and its field values.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordData {
    schema: Schema,
    fields: Vec<Option<FieldValue>>,
}

impl RecordData {
    /// Builds record content from `(field name, text)` pairs, checking names,
    /// values and required fields.
    pub fn new<'a>(
        schema: Schema,
        values: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Self, RecordError> {
        let mut data = RecordData { schema, fields: vec![None; schema.fields().len()] };
        for (name, text) in values {
            data.set(name, text)?;
        }
        data.check_required()?;
        data.check_canonical_unit()?;
        Ok(data)
    }

    /// A record with a LOINC code of a registered quantity kind carries that
    /// kind's canonical unit: policies that pin the code (and not the unit)
    /// compare canonical values, so `4548-4` at 30 mmol/mol must not be read
    /// as 30 %. (The FHIR import converts; credentials are checked here too.)
    fn check_canonical_unit(&self) -> Result<(), RecordError> {
        let (Ok(Some(code)), Ok(Some(unit))) = (self.field("loinc_code"), self.field("unit")) else {
            return Ok(());
        };
        let loinc = crate::encoding::encode_loinc("loinc_code", code.text())?;
        match crate::encoding::quantity_kind(loinc) {
            Some(kind) if Some(kind.canonical) != crate::encoding::Unit::from_ucum(unit.text()) => {
                Err(RecordError::NonCanonicalUnit {
                    code: code.text().to_string(),
                    unit: unit.text().to_string(),
                    canonical: kind.canonical.ucum(),
                })
            }
            _ => Ok(()),
        }
    }

    /// Sets one field from its text.
    fn set(&mut self, name: &str, text: &str) -> Result<(), RecordError> {
        let i = self.schema.field_index(name)?;
        self.fields[i] = Some(self.schema.fields()[i].ty.parse(name, text)?);
        Ok(())
    }

    fn check_required(&self) -> Result<(), RecordError> {
        for (def, value) in self.schema.fields().iter().zip(&self.fields) {
            if def.required && value.is_none() {
                return Err(RecordError::MissingField { schema: self.schema.name(), field: def.name });
            }
        }
        Ok(())
    }

    /// The schema.
    pub fn schema(&self) -> Schema {
        self.schema
    }

    /// A field's value, if present.
    pub fn field(&self, name: &str) -> Result<Option<&FieldValue>, RecordError> {
        Ok(self.fields[self.schema.field_index(name)?].as_ref())
    }

    /// The present fields as `(name, canonical text)`, in slot order.
    pub fn present_fields(&self) -> impl Iterator<Item = (&'static str, &str)> {
        self.schema
            .fields()
            .iter()
            .zip(&self.fields)
            .filter_map(|(d, v)| v.as_ref().map(|v| (d.name, v.text())))
    }

    /// The encoded field slots (absent and unused slots are 0).
    pub fn encoded_fields(&self) -> [Fr; FIELDS_PER_RECORD] {
        let mut out = [Fr::zero(); FIELDS_PER_RECORD];
        for (slot, value) in out.iter_mut().zip(&self.fields) {
            if let Some(v) = value {
                *slot = v.encoded();
            }
        }
        out
    }

    /// Bit `i` set when field `i` is present.
    pub fn presence(&self) -> u64 {
        self.fields.iter().enumerate().filter(|(_, v)| v.is_some()).map(|(i, _)| 1u64 << i).sum()
    }
}

/// The holder's secret `s`; credentials are issued to `Poseidon(s)`.
#[derive(Clone, PartialEq, Eq)]
pub struct HolderSecret(Fr);

impl std::fmt::Debug for HolderSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("HolderSecret(..)")
    }
}

impl HolderSecret {
    /// A fresh secret from a cryptographic RNG.
    pub fn generate<R: rand::RngCore + rand::CryptoRng>(rng: &mut R) -> Self {
        HolderSecret(Fr::rand(rng))
    }

    /// A secret from its field element.
    pub fn from_field(s: Fr) -> Self {
        HolderSecret(s)
    }

    /// The secret field element (keep it private).
    pub fn to_field(&self) -> Fr {
        self.0
    }

    /// The holder commitment `Poseidon(s)` that credentials are bound to.
    pub fn commitment(&self) -> Fr {
        poseidon::hash(&[self.0]).expect("one input")
    }

    /// The nullifier `Poseidon(s, scope)`: one per holder and verifier scope.
    pub fn nullifier(&self, scope: Fr) -> Fr {
        medzk_circuits::query::nullifier(self.0, scope)
    }
}

/// How long a credential is valid, in the date encoding (days since 1900-01-01).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Validity {
    /// The day it was issued.
    pub issued_at: u32,
    /// The last day it is valid (a proof needs `reference_date ≤ expires_at`).
    pub expires_at: u32,
}

impl Validity {
    /// A validity period; `expires_at` must not precede `issued_at`.
    pub fn new(issued_at: u32, expires_at: u32) -> Result<Self, RecordError> {
        if expires_at < issued_at {
            return Err(RecordError::InvalidValidity {
                issued_at: decode_date(issued_at),
                expires_at: decode_date(expires_at),
            });
        }
        Ok(Validity { issued_at, expires_at })
    }
}

/// A record bound to a holder: what an issuer signs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    /// The medical content.
    pub data: RecordData,
    /// The holder commitment `Poseidon(s)`.
    pub holder: Fr,
    /// The validity period.
    pub validity: Validity,
    /// The record's index in its issuer key's revocation list (below `2^20`,
    /// handed out by [`crate::RevocationList::allocate`]): the issuer revokes
    /// the credential by setting this bit of its published list.
    pub revocation_nonce: Fr,
    /// A random salt that hides low-entropy contents.
    pub salt: Fr,
}

impl Record {
    /// Binds content to a holder, with its revocation index (from the
    /// issuer's [`crate::RevocationList`]) and a fresh random salt.
    pub fn new<R: rand::RngCore + rand::CryptoRng>(
        data: RecordData,
        holder: Fr,
        validity: Validity,
        revocation_index: crate::RevocationIndex,
        rng: &mut R,
    ) -> Self {
        Record { data, holder, validity, revocation_nonce: revocation_index.to_field(), salt: Fr::rand(rng) }
    }

    /// The record's revocation index (an error when its nonce is not one).
    pub fn revocation_index(&self) -> Result<crate::RevocationIndex, crate::RecordError> {
        crate::RevocationIndex::from_field(&self.revocation_nonce)
    }

    /// The 15 commitment inputs, in the documented order (the layout is
    /// defined once, by the circuit: [`medzk_circuits::query::record_commitment_inputs`]).
    pub fn commitment_inputs(&self) -> [Fr; COMMITMENT_INPUTS] {
        medzk_circuits::query::record_commitment_inputs(
            self.data.schema().id(),
            self.data.presence(),
            &self.data.encoded_fields(),
            self.holder,
            self.validity.issued_at,
            self.validity.expires_at,
            self.revocation_nonce,
            self.salt,
        )
    }

    /// The record commitment.
    pub fn commitment(&self) -> Fr {
        poseidon::hash(&self.commitment_inputs()).expect("15 inputs are supported")
    }
}
