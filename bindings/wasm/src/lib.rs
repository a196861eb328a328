//! # medzk-wasm
//!
//! medzk for JavaScript (browsers, node, apps) through wasm-bindgen:
//! - [`verify`] a proof file (JSON) or [`verify_binary`] a binary proof against a
//!   verifying key (snarkjs `verification_key.json` or medzk's binary encoding),
//!   the policy hash the verifier expects and the verifier's expectations
//!   (trusted issuer roots, scope, challenge, reference-date window), all
//!   required: nothing is taken from the proof itself (`expect`);
//! - [`verify_batch`] many proof files for one key, each proof's validity and
//!   public inputs;
//! - [`inspect`] a proof file's public inputs;
//! - with the `full` feature: [`policy_hash`] of a policy document and
//!   [`prove`] (small shape) from credentials, a holder key and a proving key.
//!
//! Every failure becomes a JS `Error` carrying the typed error's message; no
//! input makes the module panic.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod expect;
#[cfg(feature = "full")]
mod full;
mod json;

#[cfg(feature = "full")]
pub use full::{policy_hash, policy_info, prove, PolicyInfo};

use medzk_verifier::proof_file::ProofFile;
use medzk_verifier::{
    binary, snarkjs, Fr, PreparedVerifyingKey, Proof, PublicInputs, VerifyError, VerifyingKey,
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
        reference_date_iso: medzk_types::date::iso(public.reference_date),
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
    /// No expectations were given: a proof is only checked against them.
    NoExpectations,
    /// A required expectation is missing (its member name).
    MissingExpectation(&'static str),
    /// Expectations that contradict themselves or accept no proof (why).
    InvalidExpectations(&'static str),
}

/// What a missing expectation is, for its error message.
fn expectation_hint(member: &str) -> &'static str {
    match member {
        "issuerRoots" => "the registry roots you trust",
        "scope" => "your policy's scope",
        "challenge" => "the challenge you issued, or \"anyChallenge\": true",
        _ => "[from, to]: the reference dates you accept",
    }
}

impl core::fmt::Display for WasmError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            WasmError::Verify(e) => write!(f, "{e}"),
            WasmError::Argument(m) => write!(f, "{m}"),
            WasmError::NoExpectations => write!(
                f,
                "expectations are required: {{\"issuerRoots\": [\"…\"], \"scope\": \"…\", \"challenge\": \"…\", \
                 \"referenceDates\": [from, to]}}; the challenge is waived only by \"anyChallenge\": true"
            ),
            WasmError::MissingExpectation(member) => write!(
                f,
                "expectations: `{member}` is required ({}); it is never taken from the proof",
                expectation_hint(member)
            ),
            WasmError::InvalidExpectations(why) => write!(f, "expectations: {why}"),
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

/// Checks the expectations (before any pairing), then prepares the key (a
/// one-shot call's) and verifies.
fn verify_parts(
    key: Key<'_>,
    expected: &expect::Expected,
    proof: &Proof,
    public: &PublicInputs,
) -> Result<(), WasmError> {
    expected.check(public)?;
    let prepared;
    let pvk = match key {
        Key::Prepared(pvk) => pvk,
        Key::Unprepared(vk) => {
            prepared = medzk_verifier::prepare(vk)?;
            &prepared
        }
    };
    Ok(medzk_verifier::verify_pairing_only(pvk, public, proof)?)
}

/// A verifying key, prepared (by [`Verifier`]) or not yet.
enum Key<'a> {
    Prepared(&'a PreparedVerifyingKey),
    Unprepared(&'a VerifyingKey),
}

/// One proof of a batch: whether it is valid, why not, and its public inputs.
#[wasm_bindgen(getter_with_clone)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BatchItem {
    /// Whether the proof is valid and meets its expectations.
    #[wasm_bindgen(readonly)]
    pub valid: bool,
    /// Why it is not valid (`undefined` when it is).
    #[wasm_bindgen(readonly)]
    pub reason: Option<String>,
    /// The proof's public inputs (its nullifier among them), valid or not.
    #[wasm_bindgen(readonly)]
    pub info: ProofInfo,
}

/// Checks each proof against the expectations, then the ones that meet them
/// with one batched pairing check (naming the invalid ones).
fn verify_batch_with(
    pvk: &PreparedVerifyingKey,
    proof_files: &[String],
    expected: &expect::Expected,
) -> Result<Vec<BatchItem>, WasmError> {
    let mut items = Vec::with_capacity(proof_files.len());
    // The proofs that meet the expectations, and their positions in the batch.
    let mut pending = Vec::with_capacity(proof_files.len());
    let mut positions = Vec::with_capacity(proof_files.len());
    for (i, text) in proof_files.iter().enumerate() {
        let (file, proof, public) =
            read_proof_file(text).map_err(|e| WasmError::Argument(format!("proof file {i}: {e}")))?;
        let reason = expected.check(&public).err().map(|e| e.to_string());
        if reason.is_none() {
            pending.push((proof, public));
            positions.push(i);
        }
        items.push(BatchItem {
            valid: reason.is_none(),
            reason,
            info: info(&file.policy, &file.shape, &public),
        });
    }
    let refs: Vec<(&Proof, &PublicInputs)> = pending.iter().map(|(p, x)| (p, x)).collect();
    match medzk_verifier::batch::verify_batch_pairing_only(pvk, &refs) {
        Ok(()) => {}
        Err(VerifyError::BatchInvalid(bad)) => {
            for j in bad {
                if let Some(item) = positions.get(j).and_then(|&i| items.get_mut(i)) {
                    item.valid = false;
                    item.reason = Some(VerifyError::InvalidProof.to_string());
                }
            }
        }
        Err(e) => return Err(e.into()),
    }
    Ok(items)
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

    /// Verifies a proof file as [`verify`] does, with the prepared key
    /// (expectations required).
    pub fn verify(
        &self,
        proof_file: &str,
        policy_hash: &str,
        #[wasm_bindgen(unchecked_param_type = "string")] expectations: Option<String>,
    ) -> Result<ProofInfo, WasmError> {
        let expected = expect::expected(policy_hash, expectations.as_deref())?;
        let (file, proof, public) = read_proof_file(proof_file)?;
        verify_parts(Key::Prepared(&self.pvk), &expected, &proof, &public)?;
        Ok(info(&file.policy, &file.shape, &public))
    }
}

/// Verifies a medzk proof file (JSON) against a snarkjs `verification_key.json`,
/// the expected policy hash (decimal) and the verifier's expectations (JSON,
/// required): `{"issuerRoots": ["…"], "scope": "…", "challenge": "…",
/// "referenceDates": [from, to]}`, where `"anyChallenge": true` instead of
/// `challenge` is the one, explicit, waiver. Returns the proof's public
/// inputs; throws an `Error` saying why a proof is not accepted, or which
/// expectation is missing.
#[wasm_bindgen]
pub fn verify(
    proof_file: &str,
    verification_key: &str,
    policy_hash: &str,
    #[wasm_bindgen(unchecked_param_type = "string")] expectations: Option<String>,
) -> Result<ProofInfo, WasmError> {
    let expected = expect::expected(policy_hash, expectations.as_deref())?;
    let vk = verifying_key(Some(verification_key), None)?;
    let (file, proof, public) = read_proof_file(proof_file)?;
    verify_parts(Key::Unprepared(&vk), &expected, &proof, &public)?;
    Ok(info(&file.policy, &file.shape, &public))
}

/// Verifies a binary proof (129 bytes) with binary public inputs (225 bytes)
/// against a binary verifying key (`medzk_verifier::binary`), the policy hash
/// and the expectations, as [`verify`].
#[wasm_bindgen(js_name = verifyBinary)]
pub fn verify_binary(
    proof: &[u8],
    public_inputs: &[u8],
    verifying_key_bytes: &[u8],
    policy_hash: &str,
    #[wasm_bindgen(unchecked_param_type = "string")] expectations: Option<String>,
) -> Result<ProofInfo, WasmError> {
    let expected = expect::expected(policy_hash, expectations.as_deref())?;
    let proof = binary::decode_proof(proof)?;
    let public = binary::decode_public_inputs(public_inputs)?;
    let vk = verifying_key(None, Some(verifying_key_bytes))?;
    verify_parts(Key::Unprepared(&vk), &expected, &proof, &public)?;
    Ok(info("", "", &public))
}

/// Verifies many proof files for one key and policy hash: each proof is
/// checked against the expectations (required, as for [`verify`]; one set for
/// the whole batch), then those that meet them with one batched pairing
/// check. Returns, per proof, `valid`, `reason` (why not) and `info` (its
/// public inputs, nullifier and challenge among them); throws on a malformed
/// file, key or expectations.
#[wasm_bindgen(js_name = verifyBatch)]
pub fn verify_batch(
    proof_files: Vec<String>,
    verification_key: &str,
    policy_hash: &str,
    #[wasm_bindgen(unchecked_param_type = "string")] expectations: Option<String>,
) -> Result<Vec<BatchItem>, WasmError> {
    // Expectations first: a call without them fails before any parsing.
    let expected = expect::expected(policy_hash, expectations.as_deref())?;
    let pvk = medzk_verifier::prepare(&verifying_key(Some(verification_key), None)?)?;
    verify_batch_with(&pvk, &proof_files, &expected)
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
