//! The medzk proof file (`medzk prove --out`): the public inputs by name in
//! decimal and the 129-byte binary proof in hex.
//!
//! ```json
//! { "format": "medzk-proof", "version": 1, "policy": "vaccinated-after", "shape": "small",
//!   "public_inputs": { "issuer_root": "…", "policy_hash": "…", "reference_date": 44347,
//!                      "scope": "…", "nullifier": "…", "challenge": "…", "revealed_hash": "0" },
//!   "proof": "…258 hex digits…" }
//! ```

use crate::binary::{decode_proof, encode_proof};
use crate::snarkjs::{decimal, scalar_from_decimal};
use crate::{Fr, Proof, PublicInputs, VerifyError};
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use serde::{Deserialize, Serialize};

/// The `format` member of a proof file.
pub const PROOF_FILE_FORMAT: &str = "medzk-proof";
/// The `version` member this library writes and reads.
pub const PROOF_FILE_VERSION: u32 = 1;

/// A proof file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProofFile {
    /// `medzk-proof`.
    pub format: String,
    /// 1.
    pub version: u32,
    /// The policy's name (informative: the policy hash is what binds).
    pub policy: String,
    /// The circuit shape.
    pub shape: String,
    /// The public inputs, as decimal strings.
    pub public_inputs: PublicInputsJson,
    /// The binary proof ([`crate::binary`]), hex.
    pub proof: String,
}

/// Named public inputs in decimal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublicInputsJson {
    /// Trusted-issuer root.
    pub issuer_root: String,
    /// Policy hash.
    pub policy_hash: String,
    /// Reference date (days since 1900-01-01).
    pub reference_date: u32,
    /// Scope.
    pub scope: String,
    /// Nullifier.
    pub nullifier: String,
    /// Challenge.
    pub challenge: String,
    /// Revealed-values hash.
    pub revealed_hash: String,
}

fn scalar(what: &'static str, s: &str) -> Result<Fr, VerifyError> {
    let index =
        ["issuer_root", "policy_hash", "reference_date", "scope", "nullifier", "challenge", "revealed_hash"]
            .iter()
            .position(|n| *n == what)
            .unwrap_or(0);
    scalar_from_decimal(what, index, s)
}

fn hex_decode(text: &str) -> Result<Vec<u8>, VerifyError> {
    let digit = |c: u8| match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    };
    let bytes = text.as_bytes();
    if bytes.len() % 2 != 0 {
        return Err(VerifyError::NotHex("proof"));
    }
    bytes
        .chunks_exact(2)
        .map(|pair| Some(digit(pair[0])? << 4 | digit(pair[1])?))
        .collect::<Option<Vec<u8>>>()
        .ok_or(VerifyError::NotHex("proof"))
}

fn hex_encode(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    bytes
        .iter()
        .flat_map(|b| [DIGITS[(b >> 4) as usize] as char, DIGITS[(b & 15) as usize] as char])
        .collect()
}

impl ProofFile {
    /// A proof file for a proof and its public inputs.
    pub fn new(policy: &str, shape: &str, proof: &Proof, public: &PublicInputs) -> Self {
        ProofFile {
            format: PROOF_FILE_FORMAT.into(),
            version: PROOF_FILE_VERSION,
            policy: policy.into(),
            shape: shape.into(),
            public_inputs: PublicInputsJson {
                issuer_root: decimal(&public.issuer_root),
                policy_hash: decimal(&public.policy_hash),
                reference_date: public.reference_date,
                scope: decimal(&public.scope),
                nullifier: decimal(&public.nullifier),
                challenge: decimal(&public.challenge),
                revealed_hash: decimal(&public.revealed_hash),
            },
            proof: hex_encode(&encode_proof(proof)),
        }
    }

    /// Parses a proof file and decodes its proof (points checked) and public
    /// inputs (canonical scalars).
    pub fn from_json(text: &str) -> Result<(ProofFile, Proof, PublicInputs), VerifyError> {
        let file: ProofFile = serde_json::from_str(text)
            .map_err(|e| VerifyError::Json { what: "proof file", message: e.to_string() })?;
        let (proof, public) = file.decode()?;
        Ok((file, proof, public))
    }

    /// Decodes a parsed proof file (by [`ProofFile::from_json`], or by another
    /// JSON parser such as JavaScript's in the WebAssembly bindings): checks its
    /// format and version, its proof's points and its public inputs.
    pub fn decode(&self) -> Result<(Proof, PublicInputs), VerifyError> {
        let file = self;
        if file.format != PROOF_FILE_FORMAT || file.version != PROOF_FILE_VERSION {
            return Err(VerifyError::Json {
                what: "proof file",
                message: alloc::format!(
                    "format \"{}\" version {} (expected \"{PROOF_FILE_FORMAT}\" version {PROOF_FILE_VERSION})",
                    printable(&file.format),
                    file.version
                ),
            });
        }
        let proof = decode_proof(&hex_decode(&file.proof)?)?;
        let p = &file.public_inputs;
        let public = PublicInputs {
            issuer_root: scalar("issuer_root", &p.issuer_root)?,
            policy_hash: scalar("policy_hash", &p.policy_hash)?,
            reference_date: p.reference_date,
            scope: scalar("scope", &p.scope)?,
            nullifier: scalar("nullifier", &p.nullifier)?,
            challenge: scalar("challenge", &p.challenge)?,
            revealed_hash: scalar("revealed_hash", &p.revealed_hash)?,
        };
        Ok((proof, public))
    }

    /// The file as pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a proof file serialises")
    }
}

/// Untrusted text for an error message: control characters dropped, at most
/// 64 characters (instead of `{:?}`, whose escaping tables cost the
/// WebAssembly module kilobytes).
fn printable(text: &str) -> String {
    text.chars().filter(|c| !c.is_control()).take(64).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_round_trips_and_refuses_non_hex() {
        assert_eq!(hex_decode(&hex_encode(&[0, 1, 0xab, 0xff])).unwrap(), [0, 1, 0xab, 0xff]);
        assert_eq!(hex_decode("0g"), Err(VerifyError::NotHex("proof")));
        assert_eq!(hex_decode("abc"), Err(VerifyError::NotHex("proof")));
    }
}
