//! The issuer's side: sign a patient's records as credentials.

use super::Error;
use crate::files::IssuerFile;
use crate::records::shc::{self, HealthCard, Jwks};
use crate::records::{fhir, Credential, ListKind, Record, RecordData, RecordError, RevocationList, Validity};
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

/// Checks that `revocations` is the list of `key`'s issuer key.
fn check_list(key: &IssuerFile, revocations: &RevocationList) -> Result<(), Error> {
    if revocations.issuer() != key.issuer.public_key() {
        return Err(RecordError::RevocationWrongIssuer.into());
    }
    Ok(())
}

/// Signs records for the holder whose commitment is `holder`, each with the
/// next index of the issuer key's revocation list (which the caller saves
/// afterwards): all or none (a record of a schema the issuer's key file does
/// not list, or a list without room for every record, refuses the lot and
/// leaves the list as it was).
pub fn sign_records<R: RngCore + CryptoRng>(
    key: &IssuerFile,
    revocations: &mut RevocationList,
    holder: Fr,
    records: Vec<(String, RecordData)>,
    validity: Validity,
    rng: &mut R,
) -> Result<Vec<(String, Credential)>, Error> {
    check_list(key, revocations)?;
    if let Some((label, data)) = records.iter().find(|(_, d)| !key.schemas.contains(&d.schema())) {
        return Err(Error::SchemaNotSigned {
            label: label.clone(),
            schema: data.schema(),
            signs: key.schemas.clone(),
        });
    }
    let mut next = revocations.clone();
    let indices = records.iter().map(|_| next.allocate()).collect::<Result<Vec<_>, _>>()?;
    *revocations = next;
    Ok(records
        .into_iter()
        .zip(indices)
        .map(|((label, data), index)| {
            (label, key.issuer.issue(Record::new(data, holder, validity, index, rng)))
        })
        .collect())
}

fn issue_import<R: RngCore + CryptoRng>(
    key: &IssuerFile,
    revocations: &mut RevocationList,
    holder: Fr,
    import: fhir::BundleImport,
    validity: Validity,
    rng: &mut R,
) -> Result<Issued, Error> {
    if import.records.is_empty() {
        return Err(Error::NothingImported);
    }
    let credentials = sign_records(key, revocations, holder, import.records, validity, rng)?;
    Ok(Issued { credentials, refused: import.errors, skipped: import.skipped })
}

/// Issues credentials from a FHIR R4 resource or Bundle (JSON) for the holder
/// whose commitment is `holder`, valid over `validity`, each with the next
/// index of the issuer key's revocation list `revocations` (save it after).
///
#[doc = include_str!("flow.md")]
pub fn issue_fhir<R: RngCore + CryptoRng>(
    key: &IssuerFile,
    revocations: &mut RevocationList,
    holder: Fr,
    fhir_json: &str,
    validity: Validity,
    rng: &mut R,
) -> Result<Issued, Error> {
    issue_import(key, revocations, holder, fhir::import_json(fhir_json)?, validity, rng)
}

/// Verifies a SMART Health Card (`shc:/` text) against its issuer's key set
/// (`expected_issuer` must be the card's `iss`; `now` in seconds since 1970)
/// and its revocation lists (`crls`: required for a key that publishes one,
/// see [`shc::crl`]; a revoked card is refused with
/// [`crate::records::RecordError::ShcRevoked`]), and re-attests its records
/// as credentials signed by `key` (each with its own index in `key`'s
/// revocation list `revocations`, so medzk can revoke it in proofs).
#[allow(clippy::too_many_arguments)]
pub fn issue_smart_health_card<R: RngCore + CryptoRng>(
    key: &IssuerFile,
    revocations: &mut RevocationList,
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
    let issued = issue_import(key, revocations, holder, import, validity, rng)?;
    Ok((verified, issued))
}

/// Issues an attested list of `kind` from a FHIR R4 Bundle (a `$everything`
/// result or an International Patient Summary) for the holder whose
/// commitment is `holder`: the issuer's statement that these are all the
/// holder's entries of that kind in its system as of `as_of`. Every resource
/// of the kind must import and carry a code of the list's system, or nothing
/// is issued ([`crate::records::fhir::list`] says which entries are left out).
/// The list credential takes the next index of `revocations`.
#[allow(clippy::too_many_arguments)]
pub fn issue_fhir_list<R: RngCore + CryptoRng>(
    key: &IssuerFile,
    revocations: &mut RevocationList,
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
    check_list(key, revocations)?;
    let list = fhir::list::import_list_json(fhir_json, kind, as_of)?;
    let label = format!("{}-list", kind.name());
    let mut next = revocations.clone();
    let credential = key.issuer.issue_list(list, holder, validity, next.allocate()?, rng)?;
    *revocations = next;
    Ok((label, credential))
}
