//! `medzk export snarkjs|solidity`: keys and proofs for other tools.

use crate::{Failure, Outcome, Output, Shape};
use clap::Subcommand;
use medzk::circuits::query::QueryShape;
use medzk::files::{self, KeyStore};
use medzk::verifier::snarkjs;
use std::path::PathBuf;

#[derive(Subcommand)]
pub(crate) enum ExportCommand {
    /// Write snarkjs `verification_key.json`, `proof.json` and `public.json`.
    Snarkjs {
        /// The proof file.
        #[arg(long)]
        proof: PathBuf,
        /// The key directory.
        #[arg(long)]
        keys: PathBuf,
        /// Where to write the files.
        #[arg(long)]
        out_dir: PathBuf,
    },
    /// Write a Solidity verifier for a shape's verifying key (`MedzkVerifier.sol`)
    /// and the gate contract built on it (`MedzkGate.sol`).
    Solidity {
        /// The shape (`small`, `medium`, `large` or `r{R}-k{K}-s{S}`).
        #[arg(long)]
        shape: Shape,
        /// The key directory.
        #[arg(long)]
        keys: PathBuf,
        /// Where to write the files.
        #[arg(long)]
        out_dir: PathBuf,
    },
}

pub(crate) fn run(command: ExportCommand, out: Output) -> Outcome {
    match command {
        ExportCommand::Snarkjs { proof, keys, out_dir } => {
            let (file, proof, public) = files::read_proof(&proof)?;
            let shape = QueryShape::by_name(&file.shape)
                .ok_or_else(|| Failure::Input(format!("unknown shape {}", file.shape)))?;
            let vk = KeyStore { dir: keys }.verifying_key(shape)?;
            files::write(&out_dir.join("verification_key.json"), snarkjs::verifying_key_to_json(&vk))?;
            files::write(&out_dir.join("proof.json"), snarkjs::proof_to_json(&proof))?;
            files::write(&out_dir.join("public.json"), snarkjs::public_inputs_to_json(&public))?;
            out.say(
                format!("snarkjs files written to {}", out_dir.display()),
                serde_json::json!({"out_dir": out_dir}),
            );
        }
        ExportCommand::Solidity { shape, keys, out_dir } => {
            let shape = shape.get();
            let vk = KeyStore { dir: keys }.verifying_key(shape)?;
            let verifier = medzk::verifier::solidity::render_verifier(&vk, shape.name)
                .map_err(|e| Failure::Input(e.to_string()))?;
            files::write(&out_dir.join("MedzkVerifier.sol"), verifier)?;
            files::write(&out_dir.join("MedzkGate.sol"), medzk::verifier::solidity::GATE_SOURCE)?;
            out.say(
                format!("MedzkVerifier.sol and MedzkGate.sol written to {}", out_dir.display()),
                serde_json::json!({"out_dir": out_dir}),
            );
        }
    }
    Ok(())
}
