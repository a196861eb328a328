//! SMART Health Card import: `shc:/` numeric decoding, ES256 JWS verification
//! against the issuer's JWKS, raw-DEFLATE payload (inflated up to
//! [`MAX_PAYLOAD_BYTES`]), the issuer (`iss`, always compared with the one
//! expected), `nbf`/`exp` checks, and the FHIR Bundle inside (which
//! [`crate::fhir`] turns into records that a medzk issuer then re-attests),
//! and revocation against the issuer's card revocation lists ([`crl`]).

pub mod crl;

pub use crl::{check_revocation, Crl};

use crate::RecordError;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use p256::ecdsa::signature::Verifier;
use p256::ecdsa::{Signature, VerifyingKey};
use serde::Deserialize;
use serde_json::Value;
use std::io::Read;

/// The prefix of a numeric SMART Health Card payload.
pub const SHC_PREFIX: &str = "shc:/";

/// The most bytes a card's payload may inflate to (256 KiB). The SMART Health
/// Cards spec keeps a QR card's whole JWS within 1,195 characters (under 900
/// bytes of DEFLATE), and card JSON inflates a few times (the spec's example:
/// 428 bytes to 1,104), so real payloads are a few KB; the cap is generous
/// and bounds the memory a hostile, high-ratio stream (a "zip bomb": DEFLATE
/// reaches about 1,000:1) can take.
pub const MAX_PAYLOAD_BYTES: usize = 256 * 1024;

/// Decodes a single-chunk `shc:/` numeric payload into its compact JWS.
pub fn decode_numeric(text: &str) -> Result<String, RecordError> {
    let malformed = |reason: &str| RecordError::ShcMalformedDigits(reason.to_owned());
    let digits = text.trim().strip_prefix(SHC_PREFIX).ok_or_else(|| malformed("missing the shc:/ prefix"))?;
    if digits.contains('/') {
        return Err(malformed("chunked (multi-QR) cards are not supported"));
    }
    if digits.is_empty() || digits.len() % 2 != 0 {
        return Err(malformed("expected an even, non-zero number of digits"));
    }
    digits
        .as_bytes()
        .chunks(2)
        .map(|pair| {
            if !pair.iter().all(u8::is_ascii_digit) {
                return Err(malformed("non-digit character"));
            }
            let n = (pair[0] - b'0') * 10 + (pair[1] - b'0');
            if n > 77 {
                return Err(malformed("digit pair above 77"));
            }
            Ok(char::from(n + 45))
        })
        .collect()
}

/// Encodes a compact JWS as an `shc:/` numeric payload.
pub fn encode_numeric(jws: &str) -> String {
    let mut out = String::from(SHC_PREFIX);
    for b in jws.bytes() {
        out.push_str(&format!("{:02}", b - 45));
    }
    out
}

/// A JSON Web Key Set as published at `<iss>/.well-known/jwks.json`.
#[derive(Clone, Debug, Deserialize)]
pub struct Jwks {
    /// The keys.
    pub keys: Vec<Jwk>,
}

/// One public key of a [`Jwks`] (other members are ignored).
#[derive(Clone, Debug, Deserialize)]
pub struct Jwk {
    /// Key type (`EC`).
    pub kty: String,
    /// Key id (the base64url SHA-256 JWK thumbprint for SMART Health Cards).
    pub kid: String,
    /// Curve (`P-256`).
    pub crv: Option<String>,
    /// Affine x, base64url.
    pub x: Option<String>,
    /// Affine y, base64url.
    pub y: Option<String>,
    /// Intended algorithm (`ES256`).
    pub alg: Option<String>,
    /// The version of the key's card revocation list, when it revokes cards.
    #[serde(rename = "crlVersion")]
    pub crl_version: Option<u64>,
}

impl Jwks {
    /// Parses a JWKS document.
    pub fn from_json(text: &str) -> Result<Self, RecordError> {
        serde_json::from_str(text).map_err(|e| RecordError::Json { what: "JWKS", message: e.to_string() })
    }

    fn verifying_key(&self, kid: &str) -> Result<VerifyingKey, RecordError> {
        let jwk =
            self.keys.iter().find(|k| k.kid == kid).ok_or_else(|| RecordError::ShcUnknownKid(kid.into()))?;
        let invalid = |reason: &str| RecordError::ShcInvalidKey { kid: kid.into(), reason: reason.into() };
        if jwk.kty != "EC" || jwk.crv.as_deref() != Some("P-256") {
            return Err(invalid("not an EC P-256 key"));
        }
        if jwk.alg.as_deref().is_some_and(|a| a != "ES256") {
            return Err(invalid("not an ES256 signing key"));
        }
        let coordinate = |c: &Option<String>| -> Result<[u8; 32], RecordError> {
            let bytes = URL_SAFE_NO_PAD.decode(c.as_deref().ok_or_else(|| invalid("missing coordinate"))?);
            bytes
                .ok()
                .and_then(|b| b.try_into().ok())
                .ok_or_else(|| invalid("coordinate is not 32 base64url bytes"))
        };
        let point = p256::EncodedPoint::from_affine_coordinates(
            &coordinate(&jwk.x)?.into(),
            &coordinate(&jwk.y)?.into(),
            false,
        );
        VerifyingKey::from_encoded_point(&point).map_err(|_| invalid("point is not on P-256"))
    }
}

/// A verified SMART Health Card.
#[derive(Clone, Debug)]
pub struct HealthCard {
    /// The issuer URL (`iss`).
    pub issuer: String,
    /// The key id that signed it.
    pub kid: String,
    /// Not valid before (seconds since 1970).
    pub nbf: i64,
    /// Expiry (seconds since 1970), when the card has one.
    pub exp: Option<i64>,
    /// `vc.type`.
    pub types: Vec<String>,
    /// `vc.rid`, the revocation identifier, when the card has one.
    pub rid: Option<String>,
    /// `vc.credentialSubject.fhirBundle`.
    pub bundle: Value,
}

#[derive(Deserialize)]
struct Header {
    alg: String,
    kid: String,
    zip: Option<String>,
}

#[derive(Deserialize)]
struct Payload {
    iss: String,
    nbf: f64,
    exp: Option<f64>,
    vc: Vc,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Vc {
    #[serde(rename = "type")]
    types: Vec<String>,
    rid: Option<String>,
    credential_subject: CredentialSubject,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CredentialSubject {
    fhir_bundle: Value,
}

/// Verifies a compact JWS card: header (`alg` ES256, `zip` DEF), key by `kid`,
/// ES256 signature, payload (inflating to at most [`MAX_PAYLOAD_BYTES`]), that
/// its issuer `iss` is `expected_issuer` (the issuer whose key set `jwks` is:
/// without it, any holder of a key in the set could sign as any issuer), and
/// `nbf` / `exp` against `now` (seconds since 1970).
pub fn verify_jws(
    jws: &str,
    jwks: &Jwks,
    expected_issuer: &str,
    now: i64,
) -> Result<HealthCard, RecordError> {
    let malformed = |reason: String| RecordError::ShcMalformedJws(reason);
    let parts: Vec<&str> = jws.split('.').collect();
    let [header_b64, payload_b64, signature_b64] = parts[..] else {
        return Err(malformed(format!("expected 3 dot-separated parts, found {}", parts.len())));
    };
    let decode = |part: &str, what: &str| {
        URL_SAFE_NO_PAD.decode(part).map_err(|_| malformed(format!("{what} is not base64url")))
    };
    let header: Header = serde_json::from_slice(&decode(header_b64, "header")?)
        .map_err(|e| malformed(format!("header: {e}")))?;
    if header.alg != "ES256" {
        return Err(malformed(format!("alg is {:?}, expected ES256", header.alg)));
    }
    if header.zip.as_deref() != Some("DEF") {
        return Err(malformed("zip must be DEF".into()));
    }
    let key = jwks.verifying_key(&header.kid)?;
    let signature = Signature::from_slice(&decode(signature_b64, "signature")?)
        .map_err(|_| malformed("signature is not 64 bytes r||s".into()))?;
    key.verify(format!("{header_b64}.{payload_b64}").as_bytes(), &signature)
        .map_err(|_| RecordError::ShcBadSignature)?;

    let json = inflate(&decode(payload_b64, "payload")?)?;
    let payload: Payload =
        serde_json::from_slice(&json).map_err(|e| RecordError::ShcMalformedPayload(e.to_string()))?;
    if payload.iss != expected_issuer {
        return Err(RecordError::ShcWrongIssuer { found: payload.iss, expected: expected_issuer.into() });
    }
    let nbf = payload.nbf as i64;
    if nbf > now {
        return Err(RecordError::ShcNotYetValid { nbf, now });
    }
    let exp = payload.exp.map(|e| e as i64);
    if let Some(exp) = exp {
        if exp <= now {
            return Err(RecordError::ShcExpired { exp, now });
        }
    }
    if let Some(rid) = payload.vc.rid.as_deref().filter(|r| !crl::valid_rid(r)) {
        return Err(RecordError::ShcMalformedPayload(format!(
            "vc.rid {rid:?} is not 1 to {} base64url characters",
            crl::MAX_RID_LEN
        )));
    }
    Ok(HealthCard {
        issuer: payload.iss,
        kid: header.kid,
        nbf,
        exp,
        types: payload.vc.types,
        rid: payload.vc.rid,
        bundle: payload.vc.credential_subject.fhir_bundle,
    })
}

/// Inflates a raw-DEFLATE payload, refusing one that inflates past
/// [`MAX_PAYLOAD_BYTES`] (reading stops one byte past the cap).
fn inflate(deflated: &[u8]) -> Result<Vec<u8>, RecordError> {
    let mut json = Vec::new();
    flate2::read::DeflateDecoder::new(deflated)
        .take(MAX_PAYLOAD_BYTES as u64 + 1)
        .read_to_end(&mut json)
        .map_err(|e| RecordError::ShcMalformedPayload(format!("inflate: {e}")))?;
    if json.len() > MAX_PAYLOAD_BYTES {
        return Err(RecordError::ShcMalformedPayload(format!(
            "inflates past the {MAX_PAYLOAD_BYTES}-byte limit ({} bytes compressed)",
            deflated.len()
        )));
    }
    Ok(json)
}

/// Decodes and verifies an `shc:/` card (see [`verify_jws`]); revocation is
/// checked separately ([`check_revocation`], or [`verify_card_unrevoked`]).
pub fn verify_card(
    text: &str,
    jwks: &Jwks,
    expected_issuer: &str,
    now: i64,
) -> Result<HealthCard, RecordError> {
    verify_jws(&decode_numeric(text)?, jwks, expected_issuer, now)
}

/// [`verify_card`] and then [`check_revocation`] against the issuer's CRLs:
/// what an import of a card from elsewhere must do.
pub fn verify_card_unrevoked(
    text: &str,
    jwks: &Jwks,
    crls: &[Crl],
    expected_issuer: &str,
    now: i64,
) -> Result<HealthCard, RecordError> {
    let card = verify_card(text, jwks, expected_issuer, now)?;
    check_revocation(&card, jwks, crls)?;
    Ok(card)
}
