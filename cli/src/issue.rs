//! `medzk issue`, `medzk shc import` and `medzk issuers root`: the issuer's
//! commands, on the protocol's issuer entry points.

use crate::{Failure, Outcome, Output};
use clap::{Args, Subcommand};
use medzk::circuits::field::fr_to_decimal;
use medzk::files::{self, IssuerFile};
use medzk::policy::{IssuerRegistry, TrustedIssuer};
use medzk::records::encoding::{date_from_unix, decode_date, encode_date, today};
use medzk::records::{shc, Credential, ListKind, RevocationList, Validity};
use medzk::Issued;
use std::path::{Path, PathBuf};

#[derive(Args)]
pub(crate) struct IssueArgs {
    /// The issuer key file.
    #[arg(long)]
    issuer: PathBuf,
    /// The issuer key's revocation list, which hands each credential its
    /// index and is saved after (default: beside the key file).
    #[arg(long)]
    revocations: Option<PathBuf>,
    /// The holder key file (only its commitment is used).
    #[arg(long)]
    holder: PathBuf,
    /// A FHIR resource or Bundle (JSON).
    #[arg(long)]
    fhir: PathBuf,
    /// Days the credentials are valid from their issue date.
    #[arg(long, default_value_t = 365)]
    valid_days: u32,
    /// The issue date written into the credentials (YYYY-MM-DD; default:
    /// today, UTC). A proof about a reference date before it is refused,
    /// so back-dating is the issuer's statement, not the holder's.
    #[arg(long)]
    issued_on: Option<String>,
    /// Issue attested lists of these kinds (conditions, medications,
    /// procedures; repeatable) instead of one credential per resource: the
    /// issuer's statement that the Bundle holds all of the holder's entries of
    /// each kind in its system.
    #[arg(long = "list", value_parser = parse_list_kind)]
    lists: Vec<ListKind>,
    /// The date the lists are complete as of (YYYY-MM-DD; default: the issue date).
    #[arg(long, requires = "lists")]
    as_of: Option<String>,
    /// Where to write the credentials.
    #[arg(long)]
    out_dir: PathBuf,
}

fn parse_list_kind(text: &str) -> Result<ListKind, String> {
    ListKind::from_name(text).map_err(|_| "expected conditions, medications or procedures".to_string())
}

#[derive(Subcommand)]
pub(crate) enum ShcCommand {
    /// Verify a SMART Health Card (shc:/ text) and re-attest its records as medzk credentials.
    Import {
        /// The card (a file holding the shc:/ text).
        #[arg(long)]
        card: PathBuf,
        /// The card issuer's JWKS.
        #[arg(long)]
        jwks: PathBuf,
        /// The card revocation list of the signing key
        /// (`<iss>/.well-known/crl/<kid>.json`); required when the key's JWK has
        /// `crlVersion`. Repeatable (one per key).
        #[arg(long = "crl")]
        crls: Vec<PathBuf>,
        /// The card issuer (`iss`) whose key set `--jwks` is; a card naming
        /// another issuer is refused.
        #[arg(long)]
        expected_issuer: String,
        /// The medzk issuer key that re-attests.
        #[arg(long)]
        issuer: PathBuf,
        /// The medzk issuer key's revocation list (default: beside the key file).
        #[arg(long)]
        revocations: Option<PathBuf>,
        /// The holder key file.
        #[arg(long)]
        holder: PathBuf,
        /// Where to write the credentials.
        #[arg(long)]
        out_dir: PathBuf,
    },
}

#[derive(Subcommand)]
pub(crate) enum IssuersCommand {
    /// Build a registry from issuer key files and their current revocation
    /// lists (or read one) and print its root.
    Root {
        /// Issuer key files to put in a new registry, in order; each key's
        /// revocation list is read from beside it (`<name>.revocations.json`)
        /// and its signature checked.
        #[arg(long = "issuer")]
        issuers: Vec<PathBuf>,
        /// An existing registry file to read instead.
        #[arg(long, conflicts_with = "issuers")]
        registry: Option<PathBuf>,
        /// The registry this one replaces: a revocation list older than the
        /// one it holds for the same key (a lower epoch, or an index no longer
        /// revoked) is refused.
        #[arg(long, requires = "issuers")]
        previous: Option<PathBuf>,
        /// Where to write the registry built from `--issuer`.
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

/// Reads a registry file with the path in its errors.
pub(crate) fn load_registry(path: &Path) -> Result<IssuerRegistry, Failure> {
    IssuerRegistry::from_json(&files::read(path)?)
        .map_err(|e| Failure::Input(format!("{}: {e}", path.display())))
}

/// Writes the credentials (the index keeps resources without an id, common in
/// SHC bundles, apart) and reports what was refused.
fn write_credentials(issued: Issued, out_dir: &Path) -> Result<Vec<PathBuf>, Failure> {
    for (label, e) in &issued.refused {
        eprintln!("skipped {label}: {e}");
    }
    let mut paths = Vec::new();
    for (i, (label, credential)) in issued.credentials.iter().enumerate() {
        let name = format!(
            "{:02}-{}-{}.json",
            i + 1,
            credential.record.data.schema().name(),
            label.replace(['/', ' '], "-")
        );
        let path = out_dir.join(name);
        files::write(&path, Credential::to_json(credential))?;
        paths.push(path);
    }
    Ok(paths)
}

/// Reads an issuer key and its revocation list (from `--revocations` or beside the key).
fn read_key_and_list(
    issuer: &Path,
    revocations: Option<PathBuf>,
) -> Result<(IssuerFile, PathBuf, RevocationList), Failure> {
    let key = files::read_issuer(issuer)?;
    let path = revocations.unwrap_or_else(|| files::revocations_path(issuer));
    let list = files::read_revocations(&path, &key)?;
    Ok((key, path, list))
}

pub(crate) fn issue(args: IssueArgs, out: Output) -> Outcome {
    let key = files::read_issuer(&args.issuer)?;
    let list_path = args.revocations.clone().unwrap_or_else(|| files::revocations_path(&args.issuer));
    // The list stays locked while credentials take its indices, and is saved
    // before the credentials are written: no index is ever handed out twice.
    let issued = files::update_revocations(&list_path, &key, |revocations| sign(&args, &key, revocations))?;
    let what = if args.lists.is_empty() { "credential(s)" } else { "attested list(s)" };
    let paths = write_credentials(issued, &args.out_dir)?;
    out.say(
        format!("issued {} {what} into {}", paths.len(), args.out_dir.display()),
        serde_json::json!({"credentials": paths}),
    );
    Ok(())
}

/// Signs what `medzk issue` asks for, each credential with the next index of `revocations`.
fn sign(args: &IssueArgs, key: &IssuerFile, revocations: &mut RevocationList) -> Result<Issued, Failure> {
    let holder = files::read_holder(&args.holder)?;
    let issued = match &args.issued_on {
        Some(d) => encode_date("issued_on", d)?,
        None => today(),
    };
    let validity = Validity::new(issued, issued.saturating_add(args.valid_days))?;
    let fhir = files::read(&args.fhir)?;
    if !args.lists.is_empty() {
        let as_of = match &args.as_of {
            Some(d) => encode_date("as_of", d)?,
            None => issued,
        };
        let mut credentials = Vec::new();
        for kind in &args.lists {
            credentials.push(
                medzk::issue_fhir_list(
                    key,
                    revocations,
                    holder.commitment(),
                    &fhir,
                    *kind,
                    as_of,
                    validity,
                    &mut rand::rngs::OsRng,
                )
                .map_err(|e| Failure::Input(format!("{}: {} list: {e}", args.fhir.display(), kind.name())))?,
            );
        }
        return Ok(Issued { credentials, refused: vec![], skipped: vec![] });
    }
    medzk::issue_fhir(key, revocations, holder.commitment(), &fhir, validity, &mut rand::rngs::OsRng)
        .map_err(|e| Failure::Input(format!("{}: {e}", args.fhir.display())))
}

pub(crate) fn shc(command: ShcCommand, out: Output) -> Outcome {
    let ShcCommand::Import { card, jwks, crls, expected_issuer, issuer, revocations, holder, out_dir } =
        command;
    let jwks = shc::Jwks::from_json(&files::read(&jwks)?)?;
    let crls = crls
        .iter()
        .map(|p| Ok(shc::Crl::from_json(&files::read(p)?)?))
        .collect::<Result<Vec<_>, Failure>>()?;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_err(|e| e.to_string())?
        .as_secs() as i64;
    let key = files::read_issuer(&issuer)?;
    let list_path = revocations.unwrap_or_else(|| files::revocations_path(&issuer));
    let holder = files::read_holder(&holder)?;
    let validity = Validity::new(today(), today() + 365)?;
    let card = files::read(&card)?;
    let (card, issued) = files::update_revocations(&list_path, &key, |list| -> Result<_, Failure> {
        Ok(medzk::issue_smart_health_card(
            &key,
            list,
            holder.commitment(),
            &card,
            &jwks,
            &crls,
            &expected_issuer,
            now,
            validity,
            &mut rand::rngs::OsRng,
        )?)
    })?;
    eprintln!(
        "verified SMART Health Card from {} (kid {}), valid from {}",
        card.issuer,
        card.kid,
        decode_date(date_from_unix(card.nbf)?)
    );
    let paths = write_credentials(issued, &out_dir)?;
    out.say(
        format!("re-attested {} record(s) into {}", paths.len(), out_dir.display()),
        serde_json::json!({"credentials": paths}),
    );
    Ok(())
}

pub(crate) fn issuers(command: IssuersCommand, out: Output) -> Outcome {
    let IssuersCommand::Root { issuers, registry, previous, out: path } = command;
    let registry = match registry {
        Some(path) => load_registry(&path)?,
        None => {
            let keys = issuers
                .iter()
                .map(|p| {
                    let (f, _, list) = read_key_and_list(p, None)?;
                    Ok(TrustedIssuer::new(&f.issuer.name, f.issuer.public_key(), &f.schemas)
                        .with_revocations(list)?)
                })
                .collect::<Result<Vec<_>, Failure>>()?;
            IssuerRegistry::new(keys)?
        }
    };
    if let Some(previous) = previous {
        registry.check_successor_of(&load_registry(&previous)?)?;
    }
    if let Some(path) = path {
        files::write(&path, registry.to_json())?;
    }
    out.value("root", fr_to_decimal(&registry.root()), serde_json::json!({}));
    Ok(())
}
