//! Issuers, and credentials as self-describing JSON.
//!
//! A credential holds the record in clear for its holder, the commitment, the
//! issuer's public key in circom coordinates and the EdDSA-Poseidon signature
//! `{R8: [x, y], S}` over the commitment, all as decimal strings, so that
//! circomlibjs `verifyPoseidon(commitment, {R8, S}, publicKey)` checks it unchanged.

use crate::encoding::{decode_date, encode_date};
use crate::list::{ListKind, RecordList};
use crate::record::{HolderSecret, Record, RecordData, Validity};
use crate::schema::Schema;
use crate::RecordError;
use medzk_circuits::babyjubjub::Point;
use medzk_circuits::eddsa::{PublicKey, SecretKey, Signature};
use medzk_circuits::field::{fr_from_decimal, fr_to_decimal};
use medzk_circuits::Fr;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The credential format's name.
pub const CREDENTIAL_FORMAT: &str = "medzk-credential";
/// The credential format version this library writes and reads.
pub const CREDENTIAL_VERSION: u32 = 1;

/// An issuer: a named EdDSA-Poseidon key.
#[derive(Clone, Debug)]
pub struct Issuer {
    /// A human-readable name (not committed).
    pub name: String,
    secret: SecretKey,
}

impl Issuer {
    /// An issuer from a secret key.
    pub fn new(name: impl Into<String>, secret: SecretKey) -> Self {
        Issuer { name: name.into(), secret }
    }

    /// A fresh issuer key from a cryptographic RNG.
    pub fn generate<R: rand::RngCore + rand::CryptoRng>(name: impl Into<String>, rng: &mut R) -> Self {
        Issuer::new(name, SecretKey::generate(rng))
    }

    /// The secret key.
    pub fn secret_key(&self) -> &SecretKey {
        &self.secret
    }

    /// The public key.
    pub fn public_key(&self) -> PublicKey {
        self.secret.public_key()
    }

    /// Signs a record's commitment.
    pub fn issue(&self, record: Record) -> Credential {
        let signature = self.secret.sign(record.commitment());
        Credential { record, issuer: self.public_key(), signature, list: None }
    }

    /// Signs an attested list for `holder`: the list record (root, `as_of`,
    /// count) with the entries kept beside it for the holder.
    pub fn issue_list<R: rand::RngCore + rand::CryptoRng>(
        &self,
        list: RecordList,
        holder: Fr,
        validity: Validity,
        revocation_index: crate::RevocationIndex,
        rng: &mut R,
    ) -> Result<Credential, RecordError> {
        let record = Record::new(list.record_data()?, holder, validity, revocation_index, rng);
        Ok(Credential { list: Some(list), ..self.issue(record) })
    }
}

/// A signed record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Credential {
    /// The record.
    pub record: Record,
    /// The issuer's public key.
    pub issuer: PublicKey,
    /// The issuer's signature over the record commitment.
    pub signature: Signature,
    /// For a list record, the entries its root commits to.
    pub list: Option<RecordList>,
}

/// The JSON form of a [`Credential`].
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct CredentialJson {
    format: String,
    version: u32,
    schema: Schema,
    fields: BTreeMap<String, String>,
    holder: String,
    issued_at: String,
    expires_at: String,
    revocation_nonce: String,
    salt: String,
    commitment: String,
    issuer: [String; 2],
    signature: SignatureJson,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    entries: Option<Vec<EntryJson>>,
}

/// One entry of a list credential.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct EntryJson {
    code: String,
    last_active: String,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SignatureJson {
    #[serde(rename = "R8")]
    pub(crate) r8: [String; 2],
    #[serde(rename = "S")]
    pub(crate) s: String,
}

impl Credential {
    /// Checks the issuer's signature over the recomputed commitment.
    pub fn verify(&self) -> Result<(), RecordError> {
        Ok(self.issuer.verify(self.record.commitment(), &self.signature)?)
    }

    /// The credential as pretty JSON.
    pub fn to_json(&self) -> String {
        let r = &self.record;
        let json = CredentialJson {
            format: CREDENTIAL_FORMAT.into(),
            version: CREDENTIAL_VERSION,
            schema: r.data.schema(),
            fields: r.data.present_fields().map(|(k, v)| (k.to_owned(), v.to_owned())).collect(),
            holder: fr_to_decimal(&r.holder),
            issued_at: decode_date(r.validity.issued_at),
            expires_at: decode_date(r.validity.expires_at),
            revocation_nonce: fr_to_decimal(&r.revocation_nonce),
            salt: fr_to_decimal(&r.salt),
            commitment: fr_to_decimal(&r.commitment()),
            issuer: self.issuer.point().to_decimal(),
            signature: SignatureJson {
                r8: self.signature.r8.to_decimal(),
                s: fr_to_decimal(&self.signature.s),
            },
            entries: self.list.as_ref().map(|l| {
                l.entries()
                    .iter()
                    .map(|e| EntryJson { code: e.code.clone(), last_active: decode_date(e.last_active) })
                    .collect()
            }),
        };
        serde_json::to_string_pretty(&json).expect("credentials serialise")
    }

    /// Reads a credential, re-encoding every field, recomputing the commitment and
    /// verifying the signature: a credential that loads is valid.
    pub fn from_json(text: &str) -> Result<Self, RecordError> {
        let json: CredentialJson = serde_json::from_str(text)
            .map_err(|e| RecordError::Json { what: "credential", message: e.to_string() })?;
        if json.format != CREDENTIAL_FORMAT {
            return Err(RecordError::Json {
                what: "credential",
                message: format!("format is {:?}", json.format),
            });
        }
        if json.version != CREDENTIAL_VERSION {
            return Err(RecordError::UnsupportedVersion {
                format: CREDENTIAL_FORMAT,
                found: json.version,
                supported: CREDENTIAL_VERSION,
            });
        }
        let data = RecordData::new(json.schema, json.fields.iter().map(|(k, v)| (k.as_str(), v.as_str())))?;
        let validity = Validity::new(
            encode_date("issued_at", &json.issued_at)?,
            encode_date("expires_at", &json.expires_at)?,
        )?;
        let record = Record {
            data,
            holder: fr_from_decimal(&json.holder)?,
            validity,
            revocation_nonce: fr_from_decimal(&json.revocation_nonce)?,
            salt: fr_from_decimal(&json.salt)?,
        };
        record.revocation_index()?;
        if record.commitment() != fr_from_decimal(&json.commitment)? {
            return Err(RecordError::CommitmentMismatch);
        }
        let issuer = PublicKey::from_point(Point::from_decimal(&json.issuer[0], &json.issuer[1])?)?;
        let signature = Signature {
            r8: Point::from_decimal(&json.signature.r8[0], &json.signature.r8[1])?,
            s: fr_from_decimal(&json.signature.s)?,
        };
        let list = match (ListKind::of_schema(json.schema), json.entries) {
            (None, None) => None,
            (None, Some(_)) => {
                return Err(RecordError::ListMismatch("entries on a record that is not a list".into()))
            }
            (Some(_), None) => {
                return Err(RecordError::ListMismatch("a list credential without its entries".into()))
            }
            (Some(kind), Some(entries)) => {
                let as_of = match record.data.field("as_of")? {
                    Some(v) => encode_date("as_of", v.text())?,
                    None => return Err(RecordError::ListMismatch("no as_of".into())),
                };
                let entries = entries
                    .into_iter()
                    .map(|e| Ok((e.code, encode_date("last_active", &e.last_active)?)))
                    .collect::<Result<Vec<_>, RecordError>>()?;
                let list = RecordList::new(kind, as_of, entries)?;
                if list.record_data()? != record.data {
                    return Err(RecordError::ListMismatch(
                        "the entries hash to another root or count".into(),
                    ));
                }
                Some(list)
            }
        };
        let credential = Credential { record, issuer, signature, list };
        credential.verify()?;
        Ok(credential)
    }

    /// The credential as the query circuit's record witness, with the issuer
    /// entry's path in the trusted-issuer tree, the schemas that entry allows,
    /// and the record's witness in the revocation list the entry commits to.
    pub fn to_witness(
        &self,
        issuer_path: medzk_circuits::merkle::MerklePath,
        issuer_schemas: u32,
        revocation: medzk_circuits::revocation::RevocationWitness,
    ) -> medzk_circuits::query::RecordWitness {
        let r = &self.record;
        medzk_circuits::query::RecordWitness {
            schema_id: r.data.schema().id(),
            presence: r.data.presence(),
            fields: r.data.encoded_fields(),
            holder: r.holder,
            issued_at: r.validity.issued_at,
            expires_at: r.validity.expires_at,
            revocation_nonce: r.revocation_nonce,
            salt: r.salt,
            issuer: self.issuer.point(),
            issuer_schemas,
            signature: self.signature,
            issuer_path,
            revocation,
        }
    }

    /// The holder commitment the credential is bound to.
    pub fn holder(&self) -> Fr {
        self.record.holder
    }
}

/// The holder key file's `format` member.
pub const HOLDER_KEY_FORMAT: &str = "medzk-holder-key";

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct HolderKeyJson {
    format: String,
    version: u32,
    secret: String,
    commitment: String,
}

impl HolderSecret {
    /// The holder key file (`medzk-holder-key`, version 1): the secret and its
    /// commitment in decimal. Keep it secret.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(&HolderKeyJson {
            format: HOLDER_KEY_FORMAT.into(),
            version: 1,
            secret: fr_to_decimal(&self.to_field()),
            commitment: fr_to_decimal(&self.commitment()),
        })
        .expect("a holder key serialises")
    }

    /// Reads a holder key file, checking the commitment matches the secret.
    pub fn from_json(text: &str) -> Result<Self, RecordError> {
        let err = |message: String| RecordError::Json { what: "holder key", message };
        let json: HolderKeyJson = serde_json::from_str(text).map_err(|e| err(e.to_string()))?;
        if json.format != HOLDER_KEY_FORMAT {
            return Err(err(format!("format is {:?}", json.format)));
        }
        if json.version != 1 {
            return Err(RecordError::UnsupportedVersion {
                format: HOLDER_KEY_FORMAT,
                found: json.version,
                supported: 1,
            });
        }
        let holder = HolderSecret::from_field(fr_from_decimal(&json.secret).map_err(|e| err(e.to_string()))?);
        if fr_to_decimal(&holder.commitment()) != json.commitment {
            return Err(err("commitment does not match the secret".into()));
        }
        Ok(holder)
    }
}
