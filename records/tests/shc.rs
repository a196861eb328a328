//! SMART Health Card import against the spec's example card and keys in
//! `../shared/fixtures/shc/`, plus fresh cards signed with the spec's published
//! example private key.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use medzk_records::shc::{
    check_revocation, decode_numeric, encode_numeric, verify_card, verify_card_unrevoked, verify_jws, Crl,
    Jwks, MAX_PAYLOAD_BYTES,
};
use medzk_records::{fhir, RecordError, Schema};
use p256::ecdsa::{signature::Signer, Signature, SigningKey};
use serde_json::{json, Value};
use std::io::Write;

const ISSUER: &str = "https://smarthealth.cards/examples/issuer";
const KID: &str = "3Kfdg-XwP-7gXyywtUfUADwBumDOPKMQx-iELL11W9s";
/// 2026-01-01T00:00:00Z
const NOW: i64 = 1_767_225_600;

fn fixture(name: &str) -> String {
    let path = format!("{}/../../shared/fixtures/shc/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn jwks() -> Jwks {
    Jwks::from_json(&fixture("jwks.json")).unwrap()
}

fn example_signing_key() -> SigningKey {
    let private: Value = serde_json::from_str(&fixture("issuer.jwks.private.json")).unwrap();
    let key = private["keys"].as_array().unwrap().iter().find(|k| k["kid"] == KID).unwrap();
    let d = URL_SAFE_NO_PAD.decode(key["d"].as_str().unwrap()).unwrap();
    SigningKey::from_slice(&d).unwrap()
}

/// Signs a card the way the SHC spec prescribes: raw DEFLATE payload, ES256 JWS.
fn sign_card(payload: &Value, kid: &str, key: &SigningKey) -> String {
    sign_payload_bytes(payload.to_string().as_bytes(), kid, key)
}

/// Signs raw payload bytes (DEFLATEd here) as a card.
fn sign_payload_bytes(json: &[u8], kid: &str, key: &SigningKey) -> String {
    let header = URL_SAFE_NO_PAD.encode(json!({"zip": "DEF", "alg": "ES256", "kid": kid}).to_string());
    let mut deflate = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
    deflate.write_all(json).unwrap();
    let body = URL_SAFE_NO_PAD.encode(deflate.finish().unwrap());
    let signing_input = format!("{header}.{body}");
    let signature: Signature = key.sign(signing_input.as_bytes());
    encode_numeric(&format!("{signing_input}.{}", URL_SAFE_NO_PAD.encode(signature.to_bytes())))
}

fn payload(nbf: i64, exp: Option<i64>) -> Value {
    let mut p = json!({
        "iss": ISSUER,
        "nbf": nbf,
        "vc": {
            "type": ["https://smarthealth.cards#health-card", "https://smarthealth.cards#immunization"],
            "credentialSubject": {
                "fhirVersion": "4.0.1",
                "fhirBundle": {
                    "resourceType": "Bundle", "type": "collection",
                    "entry": [
                        {"fullUrl": "resource:0", "resource": {"resourceType": "Patient", "name": [{"family": "Doe", "given": ["Jane"]}], "birthDate": "1990-05-04"}},
                        {"fullUrl": "resource:1", "resource": {"resourceType": "Immunization", "status": "completed",
                            "vaccineCode": {"coding": [{"system": "http://hl7.org/fhir/sid/cvx", "code": "208"}]},
                            "patient": {"reference": "resource:0"}, "occurrenceDateTime": "2021-07-01", "lotNumber": "FF1234"}}
                    ]
                }
            }
        }
    });
    if let Some(exp) = exp {
        p["exp"] = json!(exp);
    }
    p
}

#[test]
fn spec_example_card_verifies_and_imports() {
    let card = verify_card(&fixture("example-card.shc.txt"), &jwks(), ISSUER, NOW).unwrap();
    assert_eq!(card.kid, KID);
    assert!(card.types.iter().any(|t| t.ends_with("#immunization")));
    let import = fhir::import_bundle(&card.bundle).unwrap();
    assert!(import.errors.is_empty(), "{:?}", import.errors);
    let schemas: Vec<Schema> = import.records.iter().map(|(_, d)| d.schema()).collect();
    assert_eq!(schemas, [Schema::Patient, Schema::Immunization, Schema::Immunization]);
    let dates: Vec<&str> = import.records[1..]
        .iter()
        .map(|(_, d)| d.field("occurrence_date").unwrap().unwrap().text())
        .collect();
    assert_eq!(dates, ["2021-01-01", "2021-01-29"]);
    assert_eq!(import.records[0].1.field("birth_date").unwrap().unwrap().text(), "1951-01-20");
}

#[test]
fn numeric_encoding_round_trips() {
    let jws = decode_numeric(&fixture("example-card.shc.txt")).unwrap();
    assert_eq!(jws.split('.').count(), 3);
    assert_eq!(decode_numeric(&encode_numeric(&jws)).unwrap(), jws);
}

#[test]
fn freshly_signed_card_verifies_and_imports() {
    let card = sign_card(&payload(NOW - 3600, Some(NOW + 3600)), KID, &example_signing_key());
    let verified = verify_card(&card, &jwks(), ISSUER, NOW).unwrap();
    let import = fhir::import_bundle(&verified.bundle).unwrap();
    assert_eq!(import.records[1].1.field("vaccine_code").unwrap().unwrap().text(), "208");
}

#[test]
fn each_defect_has_its_own_error() {
    let key = example_signing_key();
    let jwks = jwks();

    // Expired and not yet valid.
    let expired = sign_card(&payload(NOW - 7200, Some(NOW - 3600)), KID, &key);
    assert!(matches!(verify_card(&expired, &jwks, ISSUER, NOW), Err(RecordError::ShcExpired { .. })));
    let future = sign_card(&payload(NOW + 3600, None), KID, &key);
    assert!(matches!(verify_card(&future, &jwks, ISSUER, NOW), Err(RecordError::ShcNotYetValid { .. })));

    // Wrong kid: the header names a key the issuer does not publish.
    let unknown = sign_card(&payload(NOW, None), "not-a-published-kid", &key);
    assert_eq!(
        verify_card(&unknown, &jwks, ISSUER, NOW).unwrap_err(),
        RecordError::ShcUnknownKid("not-a-published-kid".into())
    );

    // Wrong key: signed by a different P-256 key under the published kid.
    let other = SigningKey::from_slice(&[7u8; 32]).unwrap();
    let forged = sign_card(&payload(NOW, None), KID, &other);
    assert_eq!(verify_card(&forged, &jwks, ISSUER, NOW).unwrap_err(), RecordError::ShcBadSignature);

    // Tampered payload: one character of the spec card's payload changed.
    let jws = decode_numeric(&fixture("example-card.shc.txt")).unwrap();
    let mut parts: Vec<String> = jws.split('.').map(String::from).collect();
    let mut payload_chars: Vec<char> = parts[1].chars().collect();
    payload_chars[10] = if payload_chars[10] == 'A' { 'B' } else { 'A' };
    parts[1] = payload_chars.into_iter().collect();
    assert_eq!(verify_jws(&parts.join("."), &jwks, ISSUER, NOW).unwrap_err(), RecordError::ShcBadSignature);

    // A correctly signed payload that is not raw DEFLATE of the card JSON.
    let header = URL_SAFE_NO_PAD.encode(json!({"zip": "DEF", "alg": "ES256", "kid": KID}).to_string());
    let body = URL_SAFE_NO_PAD.encode(b"not deflated json");
    let input = format!("{header}.{body}");
    let sig: Signature = key.sign(input.as_bytes());
    let junk = format!("{input}.{}", URL_SAFE_NO_PAD.encode(sig.to_bytes()));
    assert!(matches!(verify_jws(&junk, &jwks, ISSUER, NOW), Err(RecordError::ShcMalformedPayload(_))));

    // Wrong issuer.
    assert!(matches!(
        verify_card(&fixture("example-card.shc.txt"), &jwks, "https://example.org/other", NOW),
        Err(RecordError::ShcWrongIssuer { .. })
    ));

    // Malformed digits.
    for bad in ["shc:/123", "shc:/99", "shc:/12ab", "12345678", "shc:/", "shc:/1/2/5676"] {
        assert!(matches!(decode_numeric(bad), Err(RecordError::ShcMalformedDigits(_))), "{bad}");
    }

    // Malformed JWS structure.
    assert!(matches!(verify_jws("a.b", &jwks, ISSUER, NOW), Err(RecordError::ShcMalformedJws(_))));
    assert!(matches!(verify_jws("!!.b.c", &jwks, ISSUER, NOW), Err(RecordError::ShcMalformedJws(_))));

    // A key set whose key is not a P-256 point.
    let bad_jwks = Jwks::from_json(&format!(
        r#"{{"keys":[{{"kty":"EC","kid":"{KID}","crv":"P-256","x":"AAAA","y":"AAAA"}}]}}"#
    ))
    .unwrap();
    assert!(matches!(
        verify_card(&fixture("example-card.shc.txt"), &bad_jwks, ISSUER, NOW),
        Err(RecordError::ShcInvalidKey { .. })
    ));
    assert!(matches!(Jwks::from_json("{"), Err(RecordError::Json { .. })));
}

#[test]
fn a_card_from_another_issuer_is_refused() {
    // Signed with a key of the expected issuer's set, but claiming another `iss`:
    // the key set must belong to the card's issuer, so the issuer is always compared.
    let mut other = payload(NOW - 3600, None);
    other["iss"] = json!("https://issuer.example.org");
    let card = sign_card(&other, KID, &example_signing_key());
    assert_eq!(
        verify_card(&card, &jwks(), ISSUER, NOW).unwrap_err(),
        RecordError::ShcWrongIssuer { found: "https://issuer.example.org".into(), expected: ISSUER.into() }
    );
    // The same card is accepted when that issuer is the one expected (the check
    // compares, it does not refuse every other name), and a near miss is refused.
    assert!(verify_card(&card, &jwks(), "https://issuer.example.org", NOW).is_ok());
    for near in [&format!("{ISSUER}/"), "https://smarthealth.cards/examples/Issuer", ""] {
        assert!(
            matches!(verify_card(&card, &jwks(), near, NOW), Err(RecordError::ShcWrongIssuer { .. })),
            "{near:?}"
        );
    }
}

#[test]
fn payloads_inflating_past_the_limit_are_refused() {
    let key = example_signing_key();
    // A card padded with JSON whitespace to exactly the limit still verifies.
    let mut json = payload(NOW - 3600, None).to_string().into_bytes();
    json.resize(MAX_PAYLOAD_BYTES, b' ');
    let card = sign_payload_bytes(&json, KID, &key);
    assert!(verify_card(&card, &jwks(), ISSUER, NOW).is_ok());
    // One byte more is refused.
    json.push(b' ');
    let card = sign_payload_bytes(&json, KID, &key);
    let too_large = |card: &str| {
        matches!(
            verify_card(card, &jwks(), ISSUER, NOW),
            Err(RecordError::ShcMalformedPayload(reason)) if reason.contains("limit")
        )
    };
    assert!(too_large(&card));
    // A zip bomb: 64 MiB of zeros DEFLATE to about 64 KB (1,000:1), signed by a
    // key in the set; refused without inflating more than the limit.
    let bomb = vec![0u8; 64 << 20];
    let card = sign_payload_bytes(&bomb, KID, &key);
    let jws = decode_numeric(&card).unwrap();
    let compressed = URL_SAFE_NO_PAD.decode(jws.split('.').nth(1).unwrap()).unwrap();
    assert!(compressed.len() * 500 < bomb.len(), "ratio {}", bomb.len() / compressed.len());
    assert!(too_large(&card));
}

fn crl() -> Crl {
    Crl::from_json(&fixture("crl-3Kfdg.json")).unwrap()
}

fn card_with_rid(rid: &str, nbf: i64) -> String {
    let mut p = payload(nbf, None);
    p["vc"]["rid"] = json!(rid);
    sign_card(&p, KID, &example_signing_key())
}

#[test]
fn the_spec_crl_parses_with_its_timestamps() {
    let crl = crl();
    assert_eq!((crl.kid.as_str(), crl.ctr, crl.rids.len()), (KID, 1, 4));
    assert_eq!(crl.rids[0].rid, "vwAjHdarZuc");
    assert_eq!(crl.rids[0].before, Some(1_664_492_124));
    assert_eq!(crl.rids[1].before, None);
    // The example key publishes this list: its JWK has crlVersion 1.
    assert_eq!(jwks().keys.iter().find(|k| k.kid == KID).unwrap().crl_version, Some(1));
}

#[test]
fn revoked_cards_are_refused_and_others_pass() {
    let crls = [crl()];
    let check = |card: &str| verify_card_unrevoked(card, &jwks(), &crls, ISSUER, NOW);
    // The spec's example card has no rid: not individually revocable, it passes.
    assert!(check(&fixture("example-card.shc.txt")).is_ok());
    // A rid listed without a timestamp: every card with it is revoked.
    let revoked = card_with_rid("FKDIxsTCGlU", NOW - 10);
    assert!(matches!(check(&revoked), Err(RecordError::ShcRevoked { rid, .. }) if rid == "FKDIxsTCGlU"));
    // With a timestamp: cards issued before it are revoked, later ones are not.
    let cut = 1_664_492_124;
    assert!(matches!(check(&card_with_rid("vwAjHdarZuc", cut - 1)), Err(RecordError::ShcRevoked { .. })));
    assert!(check(&card_with_rid("vwAjHdarZuc", cut)).is_ok());
    assert!(check(&card_with_rid("vwAjHdarZuc", cut + 86_400)).is_ok());
    // An unlisted rid, and a listed rid's prefix or extension, pass.
    for rid in ["AAAAAAAAAAA", "FKDIxsTCGl", "FKDIxsTCGlUx"] {
        assert!(check(&card_with_rid(rid, NOW - 10)).is_ok(), "{rid}");
    }
    // The same revoked card checked without the list its key requires, or
    // against an older list than the key's crlVersion: refused.
    assert!(matches!(
        verify_card_unrevoked(&revoked, &jwks(), &[], ISSUER, NOW),
        Err(RecordError::ShcCrlRequired { .. })
    ));
    let stale = Crl { ctr: 0, ..crl() };
    assert!(matches!(
        verify_card_unrevoked(&revoked, &jwks(), &[stale], ISSUER, NOW),
        Err(RecordError::ShcCrlStale { ctr: 0, crl_version: 1, .. })
    ));
    // Of a stale and a current list of the key, the current one decides.
    let current = Crl { ctr: 2, ..crl() };
    let stale_first = [Crl { ctr: 0, ..crl() }, current];
    assert!(matches!(
        verify_card_unrevoked(&revoked, &jwks(), &stale_first, ISSUER, NOW),
        Err(RecordError::ShcRevoked { .. })
    ));
    // A list of another key does not stand in for the card's key's list.
    let other = Crl { kid: "EBKOr72QQDcTBUuVzAzkfBTGew0ZA16GuWty64nS-sw".into(), ..crl() };
    assert!(matches!(
        verify_card_unrevoked(&revoked, &jwks(), &[other], ISSUER, NOW),
        Err(RecordError::ShcCrlRequired { .. })
    ));
    // A key without crlVersion needs no list, but a list given for it applies.
    let mut no_version = jwks();
    no_version.keys.iter_mut().for_each(|k| k.crl_version = None);
    let card = verify_card(&revoked, &no_version, ISSUER, NOW).unwrap();
    assert!(check_revocation(&card, &no_version, &[]).is_ok());
    assert!(matches!(check_revocation(&card, &no_version, &crls), Err(RecordError::ShcRevoked { .. })));
}

#[test]
fn malformed_revocation_data_gives_typed_errors() {
    let base = json!({"kid": KID, "method": "rid", "ctr": 1, "rids": ["FKDIxsTCGlU"]});
    assert!(Crl::from_json(&base.to_string()).is_ok());
    let with = |key: &str, value: Value| {
        let mut doc = base.clone();
        doc[key] = value;
        Crl::from_json(&doc.to_string())
    };
    for (key, value) in [
        ("method", json!("status-list")),
        ("rids", json!(["x".repeat(25)])),
        ("rids", json!(["bad rid"])),
        ("rids", json!(["FKDIxsTCGlU.12a"])),
        ("rids", json!(["FKDIxsTCGlU.-5"])),
        ("rids", json!(["FKDIxsTCGlU."])),
        ("rids", json!([".123"])),
        ("rids", json!([7])),
        ("ctr", json!(-1)),
        ("extra", json!(true)),
    ] {
        assert!(matches!(with(key, value.clone()), Err(RecordError::ShcMalformedCrl(_))), "{key}: {value}");
    }
    assert!(matches!(Crl::from_json("{"), Err(RecordError::ShcMalformedCrl(_))));
    // A card whose rid breaks the format is malformed, not "unrevoked".
    for rid in ["", "has space", &"A".repeat(25)] {
        assert!(
            matches!(
                verify_card(&card_with_rid(rid, NOW - 10), &jwks(), ISSUER, NOW),
                Err(RecordError::ShcMalformedPayload(_))
            ),
            "{rid:?}"
        );
    }
}
