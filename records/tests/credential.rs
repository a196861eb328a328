//! Credentials: JSON round trips, a pinned commitment vector (checked by
//! circomlibjs in `vectors/check_credential.mjs`), and typed errors for every
//! malformed input.

use medzk_circuits::eddsa::SecretKey;
use medzk_circuits::field::fr_to_decimal;
use medzk_circuits::Fr;
use medzk_records::encoding::encode_date;
use medzk_records::{Credential, HolderSecret, Issuer, Record, RecordData, RecordError, Schema, Validity};
use serde_json::Value;

fn fixed_credential() -> Credential {
    let issuer = Issuer::new("Example Immunisation Registry", SecretKey::from_bytes([1; 32]));
    let holder = HolderSecret::from_field(Fr::from(123_456_789u64));
    let data = RecordData::new(
        Schema::Immunization,
        [
            ("vaccine_code", "207"),
            ("occurrence_date", "2021-01-01"),
            ("dose_number", "1"),
            ("lot_hash", "0000001"),
            ("status", "completed"),
        ],
    )
    .unwrap();
    let validity =
        Validity::new(encode_date("i", "2021-01-02").unwrap(), encode_date("e", "2031-01-01").unwrap())
            .unwrap();
    let record = Record {
        data,
        holder: holder.commitment(),
        validity,
        revocation_nonce: Fr::from(42u64),
        salt: Fr::from(7u64),
    };
    issuer.issue(record)
}

fn vector_path() -> String {
    format!("{}/vectors/credential_immunization.json", env!("CARGO_MANIFEST_DIR"))
}

/// The committed vector: the credential plus its commitment inputs, for circomlibjs.
fn vector_json(c: &Credential) -> String {
    let mut v: Value = serde_json::from_str(&c.to_json()).unwrap();
    let wrapper = serde_json::json!({
        "note": "Fixed record -> fixed commitment. Regenerate with MEDZK_BLESS=1 cargo test -p medzk-records --test credential; checked by check_credential.mjs (circomlibjs).",
        "commitment_inputs": c.record.commitment_inputs().iter().map(fr_to_decimal).collect::<Vec<_>>(),
        "credential": v.take(),
    });
    serde_json::to_string_pretty(&wrapper).unwrap() + "\n"
}

#[test]
fn commitment_and_signature_are_stable() {
    let c = fixed_credential();
    let text = vector_json(&c);
    if std::env::var_os("MEDZK_BLESS").is_some() {
        std::fs::write(vector_path(), &text).unwrap();
    }
    assert_eq!(std::fs::read_to_string(vector_path()).unwrap(), text, "pinned credential vector changed");
}

#[test]
fn json_round_trip() {
    let c = fixed_credential();
    let json = c.to_json();
    let back = Credential::from_json(&json).unwrap();
    assert_eq!(back, c);
    assert_eq!(back.to_json(), json);
    c.verify().unwrap();
}

fn edit(f: impl FnOnce(&mut Value)) -> Result<Credential, RecordError> {
    let mut v: Value = serde_json::from_str(&fixed_credential().to_json()).unwrap();
    f(&mut v);
    Credential::from_json(&v.to_string())
}

#[test]
fn tampering_is_detected() {
    // A changed field changes the commitment.
    assert_eq!(
        edit(|v| v["fields"]["vaccine_code"] = "208".into()).unwrap_err(),
        RecordError::CommitmentMismatch
    );
    assert_eq!(edit(|v| v["expires_at"] = "2041-01-01".into()).unwrap_err(), RecordError::CommitmentMismatch);
    // A consistent commitment for a changed record still fails the signature.
    let mut c = fixed_credential();
    c.record.salt = Fr::from(8u64);
    assert!(matches!(Credential::from_json(&c.to_json()), Err(RecordError::Crypto(_))));
    // Another issuer's key.
    let other = Issuer::new("other", SecretKey::from_bytes([2; 32])).public_key().point().to_decimal();
    assert!(matches!(edit(|v| v["issuer"] = serde_json::json!(other)), Err(RecordError::Crypto(_))));
}

#[test]
fn malformed_credentials_give_typed_errors() {
    assert!(matches!(Credential::from_json("{"), Err(RecordError::Json { .. })));
    assert!(matches!(
        edit(|v| v["version"] = 2.into()),
        Err(RecordError::UnsupportedVersion { found: 2, .. })
    ));
    assert!(matches!(edit(|v| v["format"] = "x".into()), Err(RecordError::Json { .. })));
    assert!(matches!(edit(|v| v["extra"] = 1.into()), Err(RecordError::Json { .. })));
    assert!(matches!(edit(|v| v["schema"] = "passport".into()), Err(RecordError::Json { .. })));
    assert!(matches!(edit(|v| v["fields"]["colour"] = "red".into()), Err(RecordError::UnknownField { .. })));
    assert!(matches!(
        edit(|v| {
            v["fields"].as_object_mut().unwrap().remove("vaccine_code");
        }),
        Err(RecordError::MissingField { field: "vaccine_code", .. })
    ));
    assert!(matches!(
        edit(|v| v["fields"]["occurrence_date"] = "2021-13-01".into()),
        Err(RecordError::InvalidDate { .. })
    ));
    assert!(matches!(
        edit(|v| v["fields"]["vaccine_code"] = "20x".into()),
        Err(RecordError::InvalidCode { .. })
    ));
    assert!(matches!(edit(|v| v["fields"]["status"] = "done".into()), Err(RecordError::InvalidEnum { .. })));
    let r = "21888242871839275222246405745257275088548364400416034343698204186575808495617";
    assert!(matches!(edit(|v| v["salt"] = r.into()), Err(RecordError::Crypto(_))));
    assert!(matches!(edit(|v| v["issuer"][0] = "1".into()), Err(RecordError::Crypto(_))));
    assert!(matches!(edit(|v| v["signature"]["S"] = "12x".into()), Err(RecordError::Crypto(_))));
    assert!(matches!(
        edit(|v| v["expires_at"] = "2020-01-01".into()),
        Err(RecordError::InvalidValidity { .. })
    ));
}

#[test]
fn holder_commitment_and_nullifiers() {
    let a = HolderSecret::from_field(Fr::from(1u64));
    let b = HolderSecret::from_field(Fr::from(2u64));
    assert_ne!(a.commitment(), b.commitment());
    assert_ne!(a.nullifier(Fr::from(10u64)), a.nullifier(Fr::from(11u64)));
    assert_ne!(a.nullifier(Fr::from(10u64)), b.nullifier(Fr::from(10u64)));
    assert_eq!(format!("{a:?}"), "HolderSecret(..)");
}
