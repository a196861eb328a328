//! The issuer's side: sign a patient's records as credentials.

use super::Error;
use crate::files::IssuerFile;
use crate::records::shc::{self, HealthCard, Jwks};
use crate::records::{fhir, Credential, ListKind, Record, RecordData, RecordError, Validity};
use ark_bn254::Fr;
use rand::{CryptoRng, RngCore};

/// Credentials issued from an import, with what could not be imported.
#[derive(Debug)]
pub struct Issued {
    /// Each credential with its record's label (the FHIR resource id or type).
    pub credentials: Vec<(String, Credential)>,
    /// Resources of a supported type that were refused, with the reason.
    pub refused: Vec<(String, RecordError)>,
    /// Resources of a type medzk does not model (Organization, Practitioner, …).
    pub skipped: Vec<String>,
}

/// Signs records for the holder whose commitment is `holder`: all or none (a
/// record of a schema the issuer's key file does not list refuses the lot).
pub fn sign_records<R: RngCore + CryptoRng>(
    key: &IssuerFile,
    holder: Fr,
    records: Vec<(String, RecordData)>,
    validity: Validity,
    rng: &mut R,
) -> Result<Vec<(String, Credential)>, Error> {
    if let Some((label, data)) = records.iter().find(|(_, d)| !key.schemas.contains(&d.schema())) {
        return Err(Error::SchemaNotSigned {
            label: label.clone(),
            schema: data.schema(),
            signs: key.schemas.clone(),
        });
    }
    Ok(records
        .into_iter()
        .map(|(label, data)| (label, key.issuer.issue(Record::new(data, holder, validity, rng))))
        .collect())
}

fn issue_import<R: RngCore + CryptoRng>(
    key: &IssuerFile,
    holder: Fr,
    import: fhir::BundleImport,
    validity: Validity,
    rng: &mut R,
) -> Result<Issued, Error> {
    if import.records.is_empty() {
        return Err(Error::NothingImported);
    }
    let credentials = sign_records(key, holder, import.records, validity, rng)?;
    Ok(Issued { credentials, refused: import.errors, skipped: import.skipped })
}

/// Issues credentials from a FHIR R4 resource or Bundle (JSON) for the holder
/// whose commitment is `holder`, valid over `validity`.
///
#[doc = include_str!("flow.md")]
pub fn issue_fhir<R: RngCore + CryptoRng>(
    key: &IssuerFile,
    holder: Fr,
    fhir_json: &str,
    validity: Validity,
    rng: &mut R,
) -> Result<Issued, Error> {
    issue_import(key, holder, fhir::import_json(fhir_json)?, validity, rng)
}

/// Verifies a SMART Health Card (`shc:/` text) against its issuer's key set
/// (`expected_issuer` must be the card's `iss`; `now` in seconds since 1970)
/// and its revocation lists (`crls`: required for a key that publishes one,
/// see [`shc::crl`]; a revoked card is refused with
/// [`crate::records::RecordError::ShcRevoked`]), and re-attests its records
/// as credentials signed by `key` (each with its own fresh revocation nonce).
#[allow(clippy::too_many_arguments)]
pub fn issue_smart_health_card<R: RngCore + CryptoRng>(
    key: &IssuerFile,
    holder: Fr,
    card: &str,
    jwks: &Jwks,
    crls: &[shc::Crl],
    expected_issuer: &str,
    now: i64,
    validity: Validity,
    rng: &mut R,
) -> Result<(HealthCard, Issued), Error> {
    let verified = shc::verify_card_unrevoked(card, jwks, crls, expected_issuer, now)?;
    let import = fhir::import_bundle(&verified.bundle)?;
    let issued = issue_import(key, holder, import, validity, rng)?;
    Ok((verified, issued))
}

/// Issues an attested list of `kind` from a FHIR R4 Bundle (a `$everything`
/// result or an International Patient Summary) for the holder whose
/// commitment is `holder`: the issuer's statement that these are all the
/// holder's entries of that kind in its system as of `as_of`. Every resource
/// of the kind must import and carry a code of the list's system, or nothing
/// is issued ([`crate::records::fhir::list`] says which entries are left out).
pub fn issue_fhir_list<R: RngCore + CryptoRng>(
    key: &IssuerFile,
    holder: Fr,
    fhir_json: &str,
    kind: ListKind,
    as_of: u32,
    validity: Validity,
    rng: &mut R,
) -> Result<(String, Credential), Error> {
    let schema = kind.schema();
    if !key.schemas.contains(&schema) {
        return Err(Error::SchemaNotSigned {
            label: format!("{} list", kind.name()),
            schema,
            signs: key.schemas.clone(),
        });
    }
    let list = fhir::list::import_list_json(fhir_json, kind, as_of)?;
    let label = format!("{}-list", kind.name());
    Ok((label, key.issuer.issue_list(list, holder, validity, rng)?))
}
