//! `medzk policy hash|check|preset`.

use crate::prove::load_policy;
use crate::{Failure, Outcome, Output};
use clap::Subcommand;
use medzk::circuits::field::fr_to_decimal;
use medzk::files;
use medzk::records::encoding::{decode_date, encode_date, today};
use std::path::PathBuf;

#[derive(Subcommand)]
pub(crate) enum PolicyCommand {
    /// Print a policy's hash (the public `policy_hash` of its proofs).
    Hash {
        /// The policy file.
        #[arg(long)]
        policy: PathBuf,
    },
    /// Validate a policy and describe its clauses.
    Check {
        /// The policy file.
        #[arg(long)]
        policy: PathBuf,
    },
    /// Write a preset policy (vaccinated-after, trial-eligibility, claim-covered, licence-valid).
    Preset {
        /// The preset.
        #[arg(long)]
        name: String,
        /// The date the preset is made for (trial-eligibility: the screening date; vaccinated-after: the cut-off). Default: today.
        #[arg(long)]
        date: Option<String>,
        /// Where to write it.
        #[arg(long)]
        out: PathBuf,
    },
}

pub(crate) fn run(command: PolicyCommand, out: Output) -> Outcome {
    match command {
        PolicyCommand::Hash { policy } => {
            let compiled = load_policy(&policy)?;
            let hash = fr_to_decimal(&compiled.hash());
            out.value("policy_hash", hash, serde_json::json!({"shape": compiled.shape().name}));
        }
        PolicyCommand::Check { policy } => {
            let compiled = load_policy(&policy)?;
            let lines: Vec<String> =
                compiled.descriptions.iter().filter(|d| *d != "(unused)").cloned().collect();
            out.say(
                format!(
                    "{}: valid for shape {} — {}",
                    compiled.document.name,
                    compiled.shape().name,
                    lines.join("; ")
                ),
                serde_json::json!({"valid": true, "shape": compiled.shape().name, "clauses": lines}),
            );
        }
        PolicyCommand::Preset { name, date, out: path } => {
            let date = date.unwrap_or_else(|| decode_date(today()));
            encode_date("date", &date)?;
            let policy = match name.as_str() {
                "vaccinated-after" => medzk::policy::presets::vaccinated_after(&date),
                "trial-eligibility" => medzk::policy::presets::trial_eligibility(&date),
                other => medzk::policy::presets::defaults()
                    .into_iter()
                    .find(|(n, _)| *n == other)
                    .map(|(_, p)| p)
                    .ok_or_else(|| Failure::Input(format!("unknown preset {other:?}")))?,
            };
            files::write(&path, policy.to_json() + "\n")?;
            out.say(format!("{name} written to {}", path.display()), serde_json::json!({"policy": path}));
        }
    }
    Ok(())
}
