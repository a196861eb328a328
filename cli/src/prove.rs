//! `medzk prove` and `medzk verify`: the holder's and the verifier's commands,
//! on the protocol's entry points.

use crate::issue::load_registry;
use crate::{Failure, Outcome, Output};
use clap::Args;
use medzk::files::{self, field_from_arg, KeyStore};
use medzk::policy::{Compiled, Policy};
use medzk::records::encoding::{decode_date, encode_date, today};
use medzk::records::Credential;
use medzk::verifier::prepare;
use medzk::{Challenge, ProofRequest};
use std::path::{Path, PathBuf};

#[derive(Args)]
pub(crate) struct ProveArgs {
    /// The policy file.
    #[arg(long)]
    policy: PathBuf,
    /// Credential files (matched to the policy's record slots by schema).
    #[arg(long = "credential", required = true)]
    credentials: Vec<PathBuf>,
    /// The holder key file.
    #[arg(long)]
    holder: PathBuf,
    /// The trusted-issuer registry file.
    #[arg(long)]
    registry: PathBuf,
    /// The key directory (from `medzk setup`).
    #[arg(long)]
    keys: PathBuf,
    /// The verifier's challenge (a decimal field element, or any text).
    #[arg(long)]
    challenge: String,
    /// The reference date (default: today, UTC).
    #[arg(long)]
    reference_date: Option<String>,
    /// The SHA-256 (hex) of the proving key file, as the verifier
    /// published it: a key with another digest is refused before proving.
    #[arg(long)]
    key_digest: Option<String>,
    /// Where to write the proof.
    #[arg(long)]
    out: PathBuf,
}

#[derive(Args)]
pub(crate) struct VerifyArgs {
    /// The policy file.
    #[arg(long)]
    policy: PathBuf,
    /// The proof file.
    #[arg(long)]
    proof: PathBuf,
    /// The trusted-issuer registry file.
    #[arg(long)]
    registry: PathBuf,
    /// The key directory.
    #[arg(long)]
    keys: PathBuf,
    /// The challenge the verifier issued.
    #[arg(long)]
    challenge: String,
    /// Accept reference dates up to this many days before today.
    #[arg(long, default_value_t = 1)]
    max_age_days: u32,
}

/// Reads and compiles a policy file with the path in its errors.
pub(crate) fn load_policy(path: &Path) -> Result<Compiled, Failure> {
    let policy = Policy::from_file(path).map_err(|e| Failure::Input(format!("{}: {e}", path.display())))?;
    policy.compile().map_err(|e| Failure::Input(format!("{}: {e}", path.display())))
}

/// A proving key digest as 64 hex digits.
fn parse_key_digest(text: &str) -> Result<[u8; 32], Failure> {
    let bytes =
        hex::decode(text.trim()).map_err(|e| Failure::Input(format!("--key-digest: not hex ({e})")))?;
    bytes.try_into().map_err(|_| Failure::Input("--key-digest: a SHA-256 digest is 64 hex digits".into()))
}

pub(crate) fn prove(args: ProveArgs, out: Output) -> Outcome {
    let key_digest = args.key_digest.as_deref().map(parse_key_digest).transpose()?;
    let policy = load_policy(&args.policy)?;
    let holder = files::read_holder(&args.holder)?;
    let registry = load_registry(&args.registry)?;
    let credentials = args
        .credentials
        .iter()
        .map(|p| {
            Credential::from_json(&files::read(p)?)
                .map_err(|e| Failure::Input(format!("{}: {e}", p.display())))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let reference_date = match &args.reference_date {
        Some(d) => encode_date("reference_date", d)?,
        None => today(),
    };
    let request = ProofRequest {
        policy: &policy,
        registry: &registry,
        challenge: field_from_arg(&args.challenge)
            .map_err(|e| Failure::Input(format!("--challenge: {e}")))?,
        reference_date,
    };
    // The statement is checked before the (large) proving key is loaded.
    let prepared = medzk::protocol::holder::prepare(&request, &credentials, &holder)?;
    let store = KeyStore { dir: args.keys };
    let prover = match key_digest {
        Some(expected) => store.prover_expecting(policy.shape(), Some(expected))?,
        None => store.prover(policy.shape())?,
    };
    let bar = indicatif::ProgressBar::new_spinner();
    bar.set_message("proving");
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    let proved = prepared.prove(&prover, &mut rand::rngs::OsRng);
    bar.finish_and_clear();
    let file = proved?.file;
    files::write(&args.out, file.to_json())?;
    out.say(
        format!(
            "proof of `{}` written to {} (nullifier {})",
            policy.document.name,
            args.out.display(),
            file.public_inputs.nullifier
        ),
        serde_json::to_value(&file.public_inputs)?,
    );
    Ok(())
}

pub(crate) fn verify(args: VerifyArgs, out: Output) -> Outcome {
    let policy = load_policy(&args.policy)?;
    let registry = load_registry(&args.registry)?;
    let (file, _, _) = files::read_proof(&args.proof)?;
    if file.shape != policy.shape().name {
        return Err(Failure::Input(format!(
            "the proof is for shape {}, the policy for {}",
            file.shape,
            policy.shape().name
        )));
    }
    let pvk = prepare(&KeyStore { dir: args.keys }.verifying_key(policy.shape())?)?;
    let window = (today().saturating_sub(args.max_age_days), today());
    let challenge = Challenge::Exactly(
        field_from_arg(&args.challenge).map_err(|e| Failure::Input(format!("--challenge: {e}")))?,
    );
    let expectations = medzk::expectations(&policy, &[registry.root()], challenge, window)?;
    match medzk::verify(&pvk, &expectations, &file) {
        Ok(verified) => {
            out.say(
                format!(
                    "valid: {} (reference date {}, nullifier {})",
                    policy.document.description,
                    decode_date(verified.public.reference_date),
                    file.public_inputs.nullifier
                ),
                serde_json::json!({"valid": true, "nullifier": file.public_inputs.nullifier}),
            );
            Ok(())
        }
        Err(e) => {
            if out.json {
                println!("{}", serde_json::json!({"valid": false, "reason": e.to_string()}));
            }
            Err(Failure::Invalid(format!("invalid: {e}")))
        }
    }
}
