//! # medzk-records
//!
//! Typed medical records, their field-element encodings and commitments,
//! credentials (records signed with EdDSA-Poseidon), and import from FHIR R4
//! resources and SMART Health Cards.
//!
//! ```
//! use medzk_records::{Issuer, HolderSecret, Record, RecordData, RevocationList, Schema, Validity};
//! use medzk_records::encoding::encode_date;
//!
//! let mut rng = rand::rngs::OsRng;
//! let issuer = Issuer::generate("Example Registry", &mut rng);
//! let mut revocations = RevocationList::new(issuer.public_key());
//! let holder = HolderSecret::generate(&mut rng);
//! let data = RecordData::new(Schema::Immunization, [
//!     ("vaccine_code", "207"),
//!     ("occurrence_date", "2021-01-01"),
//!     ("status", "completed"),
//! ])?;
//! let validity = Validity::new(encode_date("issued_at", "2021-01-02")?, encode_date("expires_at", "2031-01-01")?)?;
//! let index = revocations.allocate()?;
//! let credential = issuer.issue(Record::new(data, holder.commitment(), validity, index, &mut rng));
//! let json = credential.to_json();
//! assert_eq!(medzk_records::Credential::from_json(&json)?, credential);
//! # Ok::<(), medzk_records::RecordError>(())
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod credential;
pub mod encoding;
pub mod error;
pub mod fhir;
pub mod list;
pub mod record;
pub mod revocation;
pub mod schema;
pub mod shc;

pub use credential::{Credential, Issuer};
pub use error::RecordError;
pub use list::{CodePattern, ListEntry, ListKind, RecordList};
pub use record::{HolderSecret, Record, RecordData, Validity};
pub use revocation::{RevocationIndex, RevocationList};
pub use schema::{FieldType, FieldValue, Schema};
