//! `medzk issuer keygen`, `medzk holder keygen` and `medzk setup`.

use crate::{Failure, Outcome, Output, Shape};
use clap::{Args, Subcommand};
use medzk::circuits::field::fr_to_decimal;
use medzk::circuits::query::QueryShape;
use medzk::files::{self, IssuerFile, KeyStore};
use medzk::prover::{insecure_dev_setup, setup as generate_keys, CircuitProver, SetupStage};
use medzk::records::{Credential, HolderSecret, Issuer, RevocationIndex, RevocationList, Schema};
use std::path::PathBuf;

#[derive(Subcommand)]
pub(crate) enum IssuerCommand {
    /// Generate an issuer key.
    Keygen {
        /// The issuer's name.
        #[arg(long)]
        name: String,
        /// The schemas the issuer signs, comma-separated (patient, immunization,
        /// observation, condition, claim, licence, medication, procedure): a registry built from the key
        /// file trusts the issuer for these only, and `issue` signs no other.
        #[arg(long, value_delimiter = ',', required = true)]
        schemas: Vec<String>,
        /// Where to write the key file (keep it secret).
        #[arg(long)]
        out: PathBuf,
        /// Where to write the key's (empty) revocation list (default: beside
        /// the key file, `<name>.revocations.json`; public).
        #[arg(long)]
        revocations: Option<PathBuf>,
    },
    /// Revoke a credential the key signed: sets its bit in the key's
    /// revocation list (then rebuild the registry with `medzk issuers root`).
    Revoke {
        /// The issuer key file.
        #[arg(long)]
        issuer: PathBuf,
        /// The key's revocation list (default: beside the key file).
        #[arg(long)]
        revocations: Option<PathBuf>,
        /// The credential to revoke.
        #[arg(long, required_unless_present = "index", conflicts_with = "index")]
        credential: Option<PathBuf>,
        /// Or its revocation index (the credential's `revocation_nonce`).
        #[arg(long)]
        index: Option<u64>,
    },
}

#[derive(Subcommand)]
pub(crate) enum HolderCommand {
    /// Generate a holder key.
    Keygen {
        /// Where to write the key file (keep it secret).
        #[arg(long)]
        out: PathBuf,
    },
}

#[derive(Args)]
pub(crate) struct SetupArgs {
    /// The shape: `small`, `medium`, `large`, `r{R}-k{K}-s{S}`, or `custom`
    /// with `--records`, `--clauses` and `--sets`.
    #[arg(long)]
    shape: String,
    /// Record slots of a custom shape (1 to 8).
    #[arg(long)]
    records: Option<usize>,
    /// Clause slots of a custom shape (1 to 32).
    #[arg(long)]
    clauses: Option<usize>,
    /// Set slots of a custom shape (1 to 4).
    #[arg(long)]
    sets: Option<usize>,
    /// INSECURE: derive the keys from this public seed (tests and demos only).
    #[arg(long)]
    insecure_dev_seed: Option<u64>,
    /// Where to write `<shape>.pk` and `<shape>.vk`.
    #[arg(long)]
    out_dir: PathBuf,
}

pub(crate) fn issuer(command: IssuerCommand, out: Output) -> Outcome {
    let (name, schemas, path, revocations) = match command {
        IssuerCommand::Keygen { name, schemas, out, revocations } => (name, schemas, out, revocations),
        IssuerCommand::Revoke { issuer, revocations, credential, index } => {
            return revoke(issuer, revocations, credential, index, out)
        }
    };
    let schemas = schemas
        .iter()
        .map(|s| Schema::from_name(s.trim()))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| Failure::Input(format!("--schemas: {e}")))?;
    let issuer = Issuer::generate(name, &mut rand::rngs::OsRng);
    let file = IssuerFile { issuer: issuer.clone(), schemas };
    files::write(&path, files::issuer_to_json(&file))?;
    let list_path = revocations.unwrap_or_else(|| files::revocations_path(&path));
    files::write_revocations(&list_path, &file, &RevocationList::new(issuer.public_key()))?;
    let key = issuer.public_key().point().to_decimal();
    out.say(
        format!(
            "issuer key written to {} (public key x = {}…), its revocation list to {}",
            path.display(),
            &key[0][..12],
            list_path.display()
        ),
        serde_json::json!({"public_key": key, "revocations": list_path}),
    );
    Ok(())
}

fn revoke(
    issuer: PathBuf,
    revocations: Option<PathBuf>,
    credential: Option<PathBuf>,
    index: Option<u64>,
    out: Output,
) -> Outcome {
    let key = files::read_issuer(&issuer)?;
    let path = revocations.unwrap_or_else(|| files::revocations_path(&issuer));
    let credential = match &credential {
        Some(c) => Some(
            Credential::from_json(&files::read(c)?)
                .map_err(|e| Failure::Input(format!("{}: {e}", c.display())))?,
        ),
        None => None,
    };
    let (index, changed, list) = files::update_revocations(&path, &key, |list| -> Result<_, Failure> {
        let (index, changed) = match (&credential, index) {
            (Some(c), _) => (c.record.revocation_index()?, list.revoke_credential(c)?),
            (None, Some(n)) => {
                let index = RevocationIndex::new(n)?;
                (index, list.revoke(index)?)
            }
            (None, None) => return Err(Failure::Input("give --credential or --index".into())),
        };
        Ok((index, changed, list.clone()))
    })?;
    out.say(
        format!(
            "revocation index {} {} in {} (epoch {}, root {}); rebuild the registry with `medzk issuers root`",
            index.get(),
            if changed { "revoked" } else { "was already revoked" },
            path.display(),
            list.epoch(),
            fr_to_decimal(&list.root())
        ),
        serde_json::json!({
            "index": index.get(),
            "changed": changed,
            "epoch": list.epoch(),
            "root": fr_to_decimal(&list.root()),
        }),
    );
    Ok(())
}

pub(crate) fn holder(command: HolderCommand, out: Output) -> Outcome {
    let HolderCommand::Keygen { out: path } = command;
    let holder = HolderSecret::generate(&mut rand::rngs::OsRng);
    files::write(&path, files::holder_to_json(&holder))?;
    out.say(
        format!("holder key written to {}", path.display()),
        serde_json::json!({"commitment": fr_to_decimal(&holder.commitment())}),
    );
    Ok(())
}

pub(crate) fn setup(args: SetupArgs, out: Output) -> Outcome {
    let SetupArgs { shape, records, clauses, sets, insecure_dev_seed, out_dir } = args;
    let shape = match (shape.as_str(), records, clauses, sets) {
        ("custom", Some(r), Some(k), Some(s)) => QueryShape::custom(r, k, s)?,
        ("custom", ..) => {
            return Err(Failure::Input("--shape custom needs --records, --clauses and --sets".into()))
        }
        (name, None, None, None) => name.parse::<Shape>().map_err(Failure::Input)?.get(),
        (name, ..) => {
            return Err(Failure::Input(format!(
                "--records, --clauses and --sets describe a custom shape; --shape {name} has its own"
            )))
        }
    };
    let bar = indicatif::ProgressBar::new_spinner();
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    let (pk, vk) = match insecure_dev_seed {
        Some(seed) => {
            eprintln!("WARNING: insecure development setup from public seed {seed}: anyone can forge proofs for these keys.");
            bar.set_message(format!("generating {} keys", shape.name));
            insecure_dev_setup(shape, seed)?
        }
        None => generate_keys(shape, &mut rand::rngs::OsRng, &|stage| match stage {
            SetupStage::Synthesis => bar.set_message("synthesising the circuit"),
            SetupStage::Keys => bar.set_message(format!("generating {} keys", shape.name)),
            SetupStage::Done => bar.set_message("done"),
        })?,
    };
    bar.set_message("writing key files");
    let prover = CircuitProver::new(shape, pk)?;
    let store = KeyStore { dir: out_dir.clone() };
    store.save(&prover, &vk)?;
    let digest = hex::encode(store.proving_key_digest(shape)?);
    bar.finish_and_clear();
    out.say(
        format!(
            "{} keys ({} constraints) written to {}; proving key SHA-256 {digest} (publish it: holders pass it to `prove --key-digest`)",
            shape.name,
            prover.num_constraints(),
            out_dir.display()
        ),
        serde_json::json!({"shape": shape.name, "constraints": prover.num_constraints(), "proving_key_sha256": digest}),
    );
    Ok(())
}
