//! Policy hashing and holder-side proving (the `full` feature).

use crate::{scalar, WasmError};
use medzk::circuits::query::SMALL;
use medzk::policy::{IssuerRegistry, Policy};
use medzk::prover::keyfile::read_proving_key_expecting;
use medzk::prover::LoadMode;
use medzk::records::encoding::encode_date;
use medzk::records::{Credential, HolderSecret};
use medzk::ProofRequest;
use wasm_bindgen::prelude::*;

fn arg<E: core::fmt::Display>(what: &'static str) -> impl Fn(E) -> WasmError {
    move |e| WasmError::Argument(format!("{what}: {e}"))
}

/// The hash (decimal) of a policy document (JSON), as a verifier expects it.
#[wasm_bindgen(js_name = policyHash)]
pub fn policy_hash(policy: &str) -> Result<String, WasmError> {
    Ok(policy_info(policy)?.hash)
}

/// A policy document's name, description, shape, scope and hash.
#[wasm_bindgen(getter_with_clone)]
#[derive(Clone, Debug)]
pub struct PolicyInfo {
    /// The policy's name.
    pub name: String,
    /// What it asks, in words.
    pub description: String,
    /// The circuit shape.
    pub shape: String,
    /// The scope (decimal field element).
    pub scope: String,
    /// The policy hash (decimal).
    pub hash: String,
}

/// Validates and compiles a policy document (JSON) and describes it.
#[wasm_bindgen(js_name = policyInfo)]
pub fn policy_info(policy: &str) -> Result<PolicyInfo, WasmError> {
    let compiled = Policy::from_json(policy).and_then(|p| p.compile()).map_err(arg("policy"))?;
    Ok(PolicyInfo {
        name: compiled.document.name.clone(),
        description: compiled.document.description.clone(),
        shape: compiled.shape().name.into(),
        scope: crate::decimal(&compiled.scope),
        hash: crate::decimal(&compiled.hash()),
    })
}

/// Proves a `small`-shape policy on the holder's device: the policy (JSON),
/// credential files (JSON each), the holder key file, the trusted-issuer
/// registry (JSON), the `small.pk` key file bytes, the verifier's challenge
/// (decimal), the reference date (`YYYY-MM-DD`) and, optionally, the SHA-256
/// (hex) of the proving key file as the verifier published it. Returns the
/// proof file (JSON); throws with the reason if the statement does not hold.
///
/// The proving key comes from the verifier and is checked before use, as
/// natively (`LoadMode::Checked`: no identity α, β, γ, δ, G1/G2 consistency
/// of the `b` queries; a key made to unblind the proof would reveal the
/// records): and its digest must be the published one when given, or the
/// shape's released digest when there is one.
#[allow(clippy::too_many_arguments)]
#[wasm_bindgen]
pub fn prove(
    policy: &str,
    credentials: Vec<String>,
    holder: &str,
    registry: &str,
    proving_key: &[u8],
    challenge: &str,
    reference_date: &str,
    key_digest: Option<String>,
) -> Result<String, WasmError> {
    let compiled = Policy::from_json(policy).and_then(|p| p.compile()).map_err(arg("policy"))?;
    if compiled.shape() != SMALL {
        return Err(WasmError::Argument(format!(
            "policy {} needs the {} shape; in WebAssembly only the small shape is proved",
            compiled.document.name,
            compiled.shape().name
        )));
    }
    let credentials = credentials
        .iter()
        .map(|c| Credential::from_json(c))
        .collect::<Result<Vec<_>, _>>()
        .map_err(arg("credential"))?;
    let holder = HolderSecret::from_json(holder).map_err(arg("holder key"))?;
    let registry = IssuerRegistry::from_json(registry).map_err(arg("registry"))?;
    let request = ProofRequest {
        policy: &compiled,
        registry: &registry,
        challenge: scalar("challenge", challenge)?,
        reference_date: encode_date("reference date", reference_date).map_err(arg("reference date"))?,
    };
    let pinned = match key_digest.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
        Some(hex) => Some(parse_key_digest(hex)?),
        None => medzk::prover::released_key_digest(SMALL),
    };
    let prover = read_proving_key_expecting(proving_key, SMALL, LoadMode::Checked, pinned)
        .map_err(arg("proving key"))?;
    match medzk::prove(&request, &credentials, &holder, &prover, &mut rand::rngs::OsRng) {
        Ok(proved) => Ok(proved.file.to_json()),
        Err(medzk::Error::CannotProve(reason)) => Err(WasmError::Argument(format!("cannot prove: {reason}"))),
        Err(e) => Err(WasmError::Argument(format!("proving: {e}"))),
    }
}

/// A SHA-256 digest as 64 hex digits.
fn parse_key_digest(hex: &str) -> Result<[u8; 32], WasmError> {
    let bad = || WasmError::Argument("key digest: a SHA-256 digest is 64 hex digits".into());
    if hex.len() != 64 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(bad());
    }
    let mut out = [0u8; 32];
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).map_err(|_| bad())?;
    }
    Ok(out)
}
