//! `medzk ceremony`: keys from a multi-party setup run with snarkjs
//! (`docs/ceremony.md`): export a shape's circuit as circom's `.r1cs`, import
//! the ceremony's final `.zkey` as medzk key files.

use crate::{Failure, Outcome, Output, Shape};
use clap::Subcommand;
use medzk::files::{self, KeyStore};
use medzk::prover::r1cs::digest_hex;
use medzk::prover::{circom, ptau, zkey, CircuitProver, R1cs};
use std::path::PathBuf;

#[derive(Subcommand)]
pub(crate) enum CeremonyCommand {
    /// Write a shape's constraint system as a circom `.r1cs` file, for
    /// `snarkjs zkey new <r1cs> <ptau> <zkey>`.
    R1cs {
        /// The shape (`small`, `medium`, `large`, `trial` or `r{R}-k{K}-s{S}`).
        #[arg(long)]
        shape: Shape,
        /// The `.r1cs` file to write.
        #[arg(long)]
        out: PathBuf,
    },
    /// Import a ceremony's final `.zkey` (checked against the shape's circuit)
    /// as `<shape>.pk` and `<shape>.vk`. Verify the zkey first:
    /// `snarkjs zkey verify <r1cs> <ptau> <zkey>`.
    Import {
        /// The shape the zkey was made for.
        #[arg(long)]
        shape: Shape,
        /// The `.zkey` file.
        #[arg(long)]
        zkey: PathBuf,
        /// Where to write the key files.
        #[arg(long)]
        out_dir: PathBuf,
    },
    /// INSECURE, tests only: write a prepared `.ptau` from a τ derived from a
    /// public seed (anyone can forge proofs for keys made from it).
    #[command(hide = true)]
    InsecureTestPtau {
        /// Circuits of up to 2^power constraints.
        #[arg(long)]
        power: u32,
        /// The public seed.
        #[arg(long)]
        seed: u64,
        /// The `.ptau` file to write.
        #[arg(long)]
        out: PathBuf,
    },
}

/// Refuses files larger than this before reading them (a trial-shape zkey is
/// about 200 MB).
const MAX_ZKEY_BYTES: u64 = 1 << 31;

pub(crate) fn run(command: CeremonyCommand, out: Output) -> Outcome {
    match command {
        CeremonyCommand::R1cs { shape, out: path } => {
            let shape = shape.get();
            let r1cs = R1cs::for_shape(shape)?;
            files::write(&path, circom::write_r1cs(&r1cs))?;
            let digest = digest_hex(&r1cs.digest());
            out.say(
                format!(
                    "{} circuit ({} constraints, {} public inputs, {} wires; R1CS digest {digest}) written to {}",
                    shape.name,
                    r1cs.num_constraints(),
                    r1cs.num_instance() - 1,
                    r1cs.num_variables(),
                    path.display()
                ),
                serde_json::json!({
                    "shape": shape.name,
                    "constraints": r1cs.num_constraints(),
                    "public_inputs": r1cs.num_instance() - 1,
                    "wires": r1cs.num_variables(),
                    "r1cs_digest": digest,
                }),
            );
            Ok(())
        }
        CeremonyCommand::Import { shape, zkey: path, out_dir } => {
            let shape = shape.get();
            let size = std::fs::metadata(&path)
                .map_err(|e| Failure::Input(format!("{}: {e}", path.display())))?
                .len();
            if size > MAX_ZKEY_BYTES {
                return Err(Failure::Input(format!(
                    "{}: {size} bytes is larger than any medzk zkey",
                    path.display()
                )));
            }
            let bytes =
                std::fs::read(&path).map_err(|e| Failure::Input(format!("{}: {e}", path.display())))?;
            let r1cs = R1cs::for_shape(shape)?;
            let imported = zkey::import_zkey(shape, &r1cs, &bytes)?;
            drop(bytes);
            let vk = imported.verifying_key().clone();
            let prover = CircuitProver::from_parts(shape, imported.proving_key, r1cs)?;
            let store = KeyStore { dir: out_dir.clone() };
            store.save(&prover, &vk)?;
            let digest = hex::encode(store.proving_key_digest(shape)?);
            let circuit_hash = hex::encode(imported.circuit_hash);
            out.say(
                format!(
                    "{} keys imported from {} ({} contributions; snarkjs circuit hash {circuit_hash}) into {}; proving key SHA-256 {digest} (publish it: holders pass it to `prove --key-digest`)",
                    shape.name,
                    path.display(),
                    imported.contributions,
                    out_dir.display()
                ),
                serde_json::json!({
                    "shape": shape.name,
                    "contributions": imported.contributions,
                    "circuit_hash": circuit_hash,
                    "proving_key_sha256": digest,
                }),
            );
            Ok(())
        }
        CeremonyCommand::InsecureTestPtau { power, seed, out: path } => {
            eprintln!("WARNING: insecure test Powers of Tau from public seed {seed}: anyone can forge proofs for keys made from it.");
            files::write(&path, ptau::insecure_test_ptau(power, seed))?;
            out.say(
                format!("insecure test ptau (power {power}) written to {}", path.display()),
                serde_json::json!({"power": power, "out": path}),
            );
            Ok(())
        }
    }
}
