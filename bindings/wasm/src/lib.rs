//! # medzk-wasm
//!
//! medzk for JavaScript (browsers, node, apps) through wasm-bindgen:
//! - [`verify`] a proof file (JSON) or [`verify_binary`] a binary proof against a
//!   verifying key (snarkjs `verification_key.json` or medzk's binary encoding)
//!   and the policy hash the verifier expects, with optional expectations
//!   (trusted roots, scope, challenge, date window);
//! - [`verify_batch`] many proof files for one key;
//! - [`inspect`] a proof file's public inputs;
//! - with the `full` feature: [`policy_hash`] of a policy document and
//!   [`prove`] (small shape) from credentials, a holder key and a proving key.
//!
//! Every failure becomes a JS `Error` carrying the typed error's message; no
//! input makes the module panic.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod date;
#[cfg(feature = "full")]
mod full;
mod json;

#[cfg(feature = "full")]
pub use full::{policy_hash, policy_info, prove, PolicyInfo};

use medzk_verifier::proof_file::ProofFile;
use medzk_verifier::{
    binary, snarkjs, Expectations, Fr, PreparedVerifyingKey, Proof, PublicInputs, VerifyError, VerifyingKey,
};
use wasm_bindgen::prelude::*;

/// A verified (or inspected) proof's public inputs, as JS strings and numbers
/// (read-only properties).
#[wasm_bindgen(getter_with_clone)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProofInfo {
    /// The policy's name from the proof file (informative), or "" for binary proofs.
    #[wasm_bindgen(readonly)]
    pub policy: String,
    /// The circuit shape from the proof file, or "" for binary proofs.
    #[wasm_bindgen(readonly)]
    pub shape: String,
    /// Trusted-issuer root (decimal).
    #[wasm_bindgen(readonly, js_name = issuerRoot)]
    pub issuer_root: String,
    /// Policy hash (decimal).
    #[wasm_bindgen(readonly, js_name = policyHash)]
    pub policy_hash: String,
    /// Reference date, days since 1900-01-01.
    #[wasm_bindgen(readonly, js_name = referenceDate)]
    pub reference_date: u32,
    /// Reference date as `YYYY-MM-DD`.
    #[wasm_bindgen(readonly, js_name = referenceDateIso)]
    pub reference_date_iso: String,
    /// Scope (decimal).
    #[wasm_bindgen(readonly)]
    pub scope: String,
    /// Nullifier (decimal): one per holder and scope.
    #[wasm_bindgen(readonly)]
    pub nullifier: String,
    /// Challenge (decimal).
    #[wasm_bindgen(readonly)]
    pub challenge: String,
    /// Hash of revealed values (decimal; "0" if none).
    #[wasm_bindgen(readonly, js_name = revealedHash)]
    pub revealed_hash: String,
}

use medzk_verifier::snarkjs::decimal;

fn info(policy: &str, shape: &str, public: &PublicInputs) -> ProofInfo {
    ProofInfo {
        policy: policy.into(),
        shape: shape.into(),
        issuer_root: decimal(&public.issuer_root),
        policy_hash: decimal(&public.policy_hash),
        reference_date: public.reference_date,
        reference_date_iso: date::iso(public.reference_date),
        scope: decimal(&public.scope),
        nullifier: decimal(&public.nullifier),
        challenge: decimal(&public.challenge),
        revealed_hash: decimal(&public.revealed_hash),
    }
}

/// Errors of this crate before they become JS `Error`s.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WasmError {
    /// The verifier refused something (its message).
    Verify(VerifyError),
    /// A malformed argument (what and why).
    Argument(String),
}

impl core::fmt::Display for WasmError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            WasmError::Verify(e) => write!(f, "{e}"),
            WasmError::Argument(m) => write!(f, "{m}"),
        }
    }
}

impl From<VerifyError> for WasmError {
    fn from(e: VerifyError) -> Self {
        WasmError::Verify(e)
    }
}

impl From<WasmError> for JsValue {
    fn from(e: WasmError) -> Self {
        JsError::new(&e.to_string()).into()
    }
}

/// A field element from a decimal string (canonical, below r).
pub(crate) fn scalar(what: &'static str, text: &str) -> Result<Fr, WasmError> {
    snarkjs::scalar_from_decimal(what, 0, text).map_err(|e| match e {
        VerifyError::NonCanonicalScalar(_) => {
            WasmError::Argument(format!("{what}: not below the scalar field order r"))
        }
        e => e.into(),
    })
}

/// A verifying key: snarkjs `verification_key.json` text, or medzk's binary
/// encoding as bytes.
fn verifying_key(json: Option<&str>, bytes: Option<&[u8]>) -> Result<VerifyingKey, WasmError> {
    match (json, bytes) {
        (Some(text), _) => Ok(json::verification_key(text)?.to_verifying_key()?),
        (None, Some(b)) => Ok(binary::decode_verifying_key(b)?),
        (None, None) => Err(WasmError::Argument("no verifying key".into())),
    }
}

/// Parses and decodes a proof file (JSON parsed by the JavaScript engine).
fn read_proof_file(text: &str) -> Result<(ProofFile, Proof, PublicInputs), VerifyError> {
    let file = json::proof_file(text)?;
    let (proof, public) = file.decode()?;
    Ok((file, proof, public))
}

fn check(policy_hash: &str, expectations: Option<&str>, public: &PublicInputs) -> Result<(), WasmError> {
    let expected = scalar("policy hash", policy_hash)?;
    let e = match expectations {
        None => json::ExpectationsJson::default(),
        Some(text) if text.trim().is_empty() => json::ExpectationsJson::default(),
        Some(text) => json::expectations(text)?,
    };
    let roots = match e.issuer_roots {
        Some(list) => list.iter().map(|r| scalar("issuer root", r)).collect::<Result<Vec<_>, _>>()?,
        None => vec![public.issuer_root],
    };
    let expectations = Expectations {
        policy_hash: expected,
        issuer_roots: roots,
        scope: e.scope.map(|s| scalar("scope", &s)).transpose()?.unwrap_or(public.scope),
        challenge: e.challenge.map(|c| scalar("challenge", &c)).transpose()?.unwrap_or(public.challenge),
        reference_dates: e.reference_dates.unwrap_or((0, u32::MAX)),
    };
    Ok(expectations.check(public)?)
}

fn verify_parts(
    vk: &VerifyingKey,
    policy_hash: &str,
    expectations: Option<&str>,
    proof: &Proof,
    public: &PublicInputs,
) -> Result<(), WasmError> {
    check(policy_hash, expectations, public)?;
    let pvk = medzk_verifier::prepare(vk)?;
    Ok(medzk_verifier::verify(&pvk, public, proof)?)
}

/// A verifying key parsed and prepared once, for verifying many proofs.
#[wasm_bindgen]
pub struct Verifier {
    pvk: PreparedVerifyingKey,
}

#[wasm_bindgen]
impl Verifier {
    /// Parses and prepares a snarkjs `verification_key.json`.
    #[wasm_bindgen(constructor)]
    pub fn new(verification_key: &str) -> Result<Verifier, WasmError> {
        Ok(Verifier { pvk: medzk_verifier::prepare(&verifying_key(Some(verification_key), None)?)? })
    }

    /// Parses and prepares a binary verifying key (`medzk_verifier::binary`).
    #[wasm_bindgen(js_name = fromBinary)]
    pub fn from_binary(verifying_key_bytes: &[u8]) -> Result<Verifier, WasmError> {
        Ok(Verifier { pvk: medzk_verifier::prepare(&verifying_key(None, Some(verifying_key_bytes))?)? })
    }

    /// Verifies a proof file as [`verify`] does, with the prepared key.
    pub fn verify(
        &self,
        proof_file: &str,
        policy_hash: &str,
        expectations: Option<String>,
    ) -> Result<ProofInfo, WasmError> {
        let (file, proof, public) = read_proof_file(proof_file)?;
        check(policy_hash, expectations.as_deref(), &public)?;
        medzk_verifier::verify(&self.pvk, &public, &proof)?;
        Ok(info(&file.policy, &file.shape, &public))
    }
}

/// Verifies a medzk proof file (JSON) against a snarkjs `verification_key.json`
/// and the expected policy hash (decimal); `expectations` (JSON, optional)
/// adds trusted roots, scope, challenge and a date window. Returns the proof's
/// public inputs; throws an `Error` saying why a proof is not accepted.
#[wasm_bindgen]
pub fn verify(
    proof_file: &str,
    verification_key: &str,
    policy_hash: &str,
    expectations: Option<String>,
) -> Result<ProofInfo, WasmError> {
    let vk = verifying_key(Some(verification_key), None)?;
    let (file, proof, public) = read_proof_file(proof_file)?;
    verify_parts(&vk, policy_hash, expectations.as_deref(), &proof, &public)?;
    Ok(info(&file.policy, &file.shape, &public))
}

/// Verifies a binary proof (129 bytes) with binary public inputs (225 bytes)
/// against a binary verifying key (`medzk_verifier::binary`).
#[wasm_bindgen(js_name = verifyBinary)]
pub fn verify_binary(
    proof: &[u8],
    public_inputs: &[u8],
    verifying_key_bytes: &[u8],
    policy_hash: &str,
    expectations: Option<String>,
) -> Result<ProofInfo, WasmError> {
    let proof = binary::decode_proof(proof)?;
    let public = binary::decode_public_inputs(public_inputs)?;
    let vk = verifying_key(None, Some(verifying_key_bytes))?;
    verify_parts(&vk, policy_hash, expectations.as_deref(), &proof, &public)?;
    Ok(info("", "", &public))
}

/// Verifies many proof files for one key and policy hash with one batch check.
/// Returns the indices of the proofs that fail (empty: all valid); throws on a
/// malformed file or key.
#[wasm_bindgen(js_name = verifyBatch)]
pub fn verify_batch(
    proof_files: Vec<String>,
    verification_key: &str,
    policy_hash: &str,
) -> Result<Vec<u32>, WasmError> {
    let vk = verifying_key(Some(verification_key), None)?;
    let pvk = medzk_verifier::prepare(&vk)?;
    let expected = scalar("policy hash", policy_hash)?;
    let mut items = Vec::with_capacity(proof_files.len());
    // Flags rather than a sorted list of indices (no sort code in the module).
    let mut failed = vec![false; proof_files.len()];
    for (i, text) in proof_files.iter().enumerate() {
        let (_, proof, public) =
            read_proof_file(text).map_err(|e| WasmError::Argument(format!("proof file {i}: {e}")))?;
        failed[i] = public.policy_hash != expected;
        items.push((proof, public));
    }
    let refs: Vec<(&Proof, &PublicInputs)> = items.iter().map(|(p, x)| (p, x)).collect();
    match medzk_verifier::batch::verify_batch(&pvk, &refs) {
        Ok(()) => {}
        Err(VerifyError::BatchInvalid(bad)) => bad.into_iter().for_each(|i| failed[i] = true),
        Err(e) => return Err(e.into()),
    }
    Ok((0..failed.len()).filter(|&i| failed[i]).map(|i| i as u32).collect())
}

/// A proof file's public inputs, without verifying it (its encoding is checked).
#[wasm_bindgen]
pub fn inspect(proof_file: &str) -> Result<ProofInfo, WasmError> {
    let (file, _, public) = read_proof_file(proof_file)?;
    Ok(info(&file.policy, &file.shape, &public))
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = console, js_name = error)]
    fn console_error(message: &str);
}

/// Runs when the module loads: a panic (a bug) is reported on the console
/// before the module traps, instead of a bare `unreachable`.
#[wasm_bindgen(start)]
pub fn start() {
    std::panic::set_hook(Box::new(|info| console_error(&format!("medzk-wasm panicked: {info}"))));
}

/// This module's version and features.
#[wasm_bindgen]
pub fn version() -> String {
    format!(
        "medzk-wasm {}{}",
        env!("CARGO_PKG_VERSION"),
        if cfg!(feature = "full") { " (full: policy hashing, proving)" } else { " (verify)" }
    )
}
