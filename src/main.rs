//! The `medzk` command-line tool. `medzk demo` runs the three user journeys;
//! the other subcommands are the same steps, one at a time, on files.

use clap::{Parser, Subcommand, ValueEnum};
use medzk::files::{self, field_from_arg, KeyStore, ProofFile};
use medzk::policy::{assign_credentials, build_witness, explain, IssuerRegistry, Policy, TrustedIssuer};
use medzk::prover::{insecure_dev_setup, setup, CircuitProver, SetupStage, Statement};
use medzk::records::encoding::{date_from_unix, decode_date, encode_date, today};
use medzk::records::{fhir, shc, Credential, HolderSecret, Issuer, Record, Schema, Validity};
use medzk::verifier::{prepare, snarkjs, verify_expected, Expectations};
use medzk_circuits::field::fr_to_decimal;
use medzk_circuits::query::{QueryShape, VerifierContext};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Zero-knowledge proofs about medical records: issue credentials, prove
/// policies about them without revealing them, verify the proofs.
///
/// Start with `medzk demo`. A typical flow on files:
///   medzk issuer keygen --name "City Lab" --out lab.json
///   medzk holder keygen --out me.json
///   medzk issue --issuer lab.json --holder me.json --fhir observation.json --out-dir creds/
///   medzk issuers root --issuer lab.json --out registry.json
///   medzk setup --shape small --insecure-dev-seed 1 --out-dir keys/
///   medzk prove --policy examples/policies/vaccinated-after.json --credential creds/... --holder me.json \
///               --registry registry.json --keys keys/ --challenge 1234 --out proof.json
///   medzk verify --policy examples/policies/vaccinated-after.json --registry registry.json \
///                --keys keys/ --challenge 1234 --proof proof.json
#[derive(Parser)]
#[command(name = "medzk", version, verbatim_doc_comment)]
struct Cli {
    /// Print machine-readable JSON on stdout instead of a human summary.
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the three user journeys end to end (registry and venue, trial sponsor, insurer).
    Demo {
        /// Where to cache the demo's keys (default: the user cache directory).
        #[arg(long)]
        keys: Option<PathBuf>,
    },
    /// Issuer keys.
    #[command(subcommand)]
    Issuer(IssuerCommand),
    /// Holder keys.
    #[command(subcommand)]
    Holder(HolderCommand),
    /// Issue credentials from a FHIR R4 resource or Bundle.
    Issue {
        /// The issuer key file.
        #[arg(long)]
        issuer: PathBuf,
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
        /// Where to write the credentials.
        #[arg(long)]
        out_dir: PathBuf,
    },
    /// SMART Health Cards.
    #[command(subcommand)]
    Shc(ShcCommand),
    /// Trusted-issuer registries.
    #[command(subcommand)]
    Issuers(IssuersCommand),
    /// Generate proving and verifying keys for a circuit shape.
    Setup {
        /// The shape.
        #[arg(long, value_enum)]
        shape: Shape,
        /// INSECURE: derive the keys from this public seed (tests and demos only).
        #[arg(long)]
        insecure_dev_seed: Option<u64>,
        /// Where to write `<shape>.pk` and `<shape>.vk`.
        #[arg(long)]
        out_dir: PathBuf,
    },
    /// Prove a policy about credentials.
    Prove {
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
    },
    /// Verify a proof: exit 0 valid, 1 invalid, 2 usage or input error.
    Verify {
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
    },
    /// Policies.
    #[command(subcommand)]
    Policy(PolicyCommand),
    /// Export keys and proofs for other tools.
    #[command(subcommand)]
    Export(ExportCommand),
}

#[derive(Subcommand)]
enum IssuerCommand {
    /// Generate an issuer key.
    Keygen {
        /// The issuer's name.
        #[arg(long)]
        name: String,
        /// The schemas the issuer signs, comma-separated (patient, immunization,
        /// observation, condition, claim, licence): a registry built from the key
        /// file trusts the issuer for these only, and `issue` signs no other.
        #[arg(long, value_delimiter = ',', required = true)]
        schemas: Vec<String>,
        /// Where to write the key file (keep it secret).
        #[arg(long)]
        out: PathBuf,
    },
}

#[derive(Subcommand)]
enum HolderCommand {
    /// Generate a holder key.
    Keygen {
        /// Where to write the key file (keep it secret).
        #[arg(long)]
        out: PathBuf,
    },
}

#[derive(Subcommand)]
enum ShcCommand {
    /// Verify a SMART Health Card (shc:/ text) and re-attest its records as medzk credentials.
    Import {
        /// The card (a file holding the shc:/ text).
        #[arg(long)]
        card: PathBuf,
        /// The card issuer's JWKS.
        #[arg(long)]
        jwks: PathBuf,
        /// The card issuer (`iss`) whose key set `--jwks` is; a card naming
        /// another issuer is refused.
        #[arg(long)]
        expected_issuer: String,
        /// The medzk issuer key that re-attests.
        #[arg(long)]
        issuer: PathBuf,
        /// The holder key file.
        #[arg(long)]
        holder: PathBuf,
        /// Where to write the credentials.
        #[arg(long)]
        out_dir: PathBuf,
    },
}

#[derive(Subcommand)]
enum IssuersCommand {
    /// Build a registry from issuer key files (or read one) and print its root.
    Root {
        /// Issuer key files to put in a new registry, in order.
        #[arg(long = "issuer")]
        issuers: Vec<PathBuf>,
        /// An existing registry file to read instead.
        #[arg(long, conflicts_with = "issuers")]
        registry: Option<PathBuf>,
        /// Where to write the registry built from `--issuer`.
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
enum PolicyCommand {
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

#[derive(Subcommand)]
enum ExportCommand {
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
        /// The shape.
        #[arg(long, value_enum)]
        shape: Shape,
        /// The key directory.
        #[arg(long)]
        keys: PathBuf,
        /// Where to write the files.
        #[arg(long)]
        out_dir: PathBuf,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Shape {
    Small,
    Medium,
}

impl Shape {
    fn get(self) -> QueryShape {
        match self {
            Shape::Small => medzk_circuits::query::SMALL,
            Shape::Medium => medzk_circuits::query::MEDIUM,
        }
    }
}

/// A proving key digest as 64 hex digits.
fn parse_key_digest(text: &str) -> Result<[u8; 32], Failure> {
    let bytes =
        hex::decode(text.trim()).map_err(|e| Failure::Input(format!("--key-digest: not hex ({e})")))?;
    bytes.try_into().map_err(|_| Failure::Input("--key-digest: a SHA-256 digest is 64 hex digits".into()))
}

/// A failure: `Invalid` exits 1, everything else 2.
enum Failure {
    Invalid(String),
    Input(String),
}

impl<E: std::fmt::Display> From<E> for Failure {
    fn from(e: E) -> Self {
        Failure::Input(e.to_string())
    }
}

type Outcome = Result<(), Failure>;

fn load_policy(path: &Path) -> Result<medzk::policy::Compiled, Failure> {
    let policy = Policy::from_file(path).map_err(|e| Failure::Input(format!("{}: {e}", path.display())))?;
    policy.compile().map_err(|e| Failure::Input(format!("{}: {e}", path.display())))
}

fn load_registry(path: &Path) -> Result<IssuerRegistry, Failure> {
    IssuerRegistry::from_json(&files::read(path)?)
        .map_err(|e| Failure::Input(format!("{}: {e}", path.display())))
}

/// Signs each imported record for the holder and writes the credentials; a
/// record of a schema the issuer's key file does not list is refused.
fn issue_all(
    file: &files::IssuerFile,
    holder: &HolderSecret,
    records: Vec<(String, medzk::records::RecordData)>,
    validity: Validity,
    out_dir: &Path,
) -> Result<Vec<PathBuf>, Failure> {
    let issuer = &file.issuer;
    if let Some((label, data)) = records.iter().find(|(_, d)| !file.schemas.contains(&d.schema())) {
        return Err(Failure::Input(format!(
            "{label} is a {} record; the issuer key file lists only {} (issuer keygen --schemas)",
            data.schema().name(),
            file.schemas.iter().map(|s| s.name()).collect::<Vec<_>>().join(", ")
        )));
    }
    let mut paths = Vec::new();
    for (i, (label, data)) in records.into_iter().enumerate() {
        let c = issuer.issue(Record::new(data, holder.commitment(), validity, &mut rand::rngs::OsRng));
        // The index keeps resources without an id (common in SHC bundles) apart.
        let name =
            format!("{:02}-{}-{}.json", i + 1, c.record.data.schema().name(), label.replace(['/', ' '], "-"));
        let path = out_dir.join(name);
        files::write(&path, c.to_json())?;
        paths.push(path);
    }
    Ok(paths)
}

fn run(cli: Cli) -> Outcome {
    let json = cli.json;
    let say = |human: String, machine: serde_json::Value| {
        if json {
            println!("{machine}");
        } else {
            eprintln!("{human}");
        }
    };
    match cli.command {
        Command::Demo { keys } => {
            let store = keys.map(|dir| KeyStore { dir }).unwrap_or_else(KeyStore::user_cache);
            medzk::demo::run(&store, &mut std::io::stdout()).map_err(|e| Failure::Input(e.to_string()))?;
        }
        Command::Issuer(IssuerCommand::Keygen { name, schemas, out }) => {
            let schemas = schemas
                .iter()
                .map(|s| Schema::from_name(s.trim()))
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| Failure::Input(format!("--schemas: {e}")))?;
            let issuer = Issuer::generate(name, &mut rand::rngs::OsRng);
            files::write(
                &out,
                files::issuer_to_json(&files::IssuerFile { issuer: issuer.clone(), schemas }),
            )?;
            let key = issuer.public_key().point().to_decimal();
            say(
                format!("issuer key written to {} (public key x = {}…)", out.display(), &key[0][..12]),
                serde_json::json!({"public_key": key}),
            );
        }
        Command::Holder(HolderCommand::Keygen { out }) => {
            let holder = HolderSecret::generate(&mut rand::rngs::OsRng);
            files::write(&out, files::holder_to_json(&holder))?;
            let commitment = fr_to_decimal(&holder.commitment());
            say(
                format!("holder key written to {}", out.display()),
                serde_json::json!({"commitment": commitment}),
            );
        }
        Command::Issue { issuer, holder, fhir: fhir_path, valid_days, issued_on, out_dir } => {
            let issuer = files::read_issuer(&issuer)?;
            let holder = files::read_holder(&holder)?;
            let import = fhir::import_json(&files::read(&fhir_path)?)
                .map_err(|e| Failure::Input(format!("{}: {e}", fhir_path.display())))?;
            for (label, e) in &import.errors {
                eprintln!("skipped {label}: {e}");
            }
            if import.records.is_empty() {
                return Err(Failure::Input(format!(
                    "{}: no resource could be imported",
                    fhir_path.display()
                )));
            }
            let issued = match issued_on {
                Some(d) => encode_date("issued_on", &d)?,
                None => today(),
            };
            let validity = Validity::new(issued, issued.saturating_add(valid_days))?;
            let paths = issue_all(&issuer, &holder, import.records, validity, &out_dir)?;
            say(
                format!("issued {} credential(s) into {}", paths.len(), out_dir.display()),
                serde_json::json!({"credentials": paths}),
            );
        }
        Command::Shc(ShcCommand::Import { card, jwks, expected_issuer, issuer, holder, out_dir }) => {
            let jwks = shc::Jwks::from_json(&files::read(&jwks)?)?;
            let now = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_err(|e| e.to_string())?
                .as_secs() as i64;
            let verified = shc::verify_card(&files::read(&card)?, &jwks, &expected_issuer, now)?;
            eprintln!(
                "verified SMART Health Card from {} (kid {}), valid from {}",
                verified.issuer,
                verified.kid,
                decode_date(date_from_unix(verified.nbf)?)
            );
            let issuer = files::read_issuer(&issuer)?;
            let holder = files::read_holder(&holder)?;
            let import = fhir::import_bundle(&verified.bundle)?;
            let validity = Validity::new(today(), today() + 365)?;
            let paths = issue_all(&issuer, &holder, import.records, validity, &out_dir)?;
            say(
                format!("re-attested {} record(s) into {}", paths.len(), out_dir.display()),
                serde_json::json!({"credentials": paths}),
            );
        }
        Command::Issuers(IssuersCommand::Root { issuers, registry, out }) => {
            let registry = match registry {
                Some(path) => load_registry(&path)?,
                None => {
                    let keys = issuers
                        .iter()
                        .map(|p| {
                            files::read_issuer(p).map(|f| {
                                TrustedIssuer::new(&f.issuer.name, f.issuer.public_key(), &f.schemas)
                            })
                        })
                        .collect::<Result<Vec<_>, _>>()?;
                    IssuerRegistry::new(keys)?
                }
            };
            if let Some(out) = out {
                files::write(&out, registry.to_json())?;
            }
            let root = fr_to_decimal(&registry.root());
            println!("{}", if json { serde_json::json!({"root": root}).to_string() } else { root });
        }
        Command::Setup { shape, insecure_dev_seed, out_dir } => {
            let shape = shape.get();
            let bar = indicatif::ProgressBar::new_spinner();
            bar.enable_steady_tick(std::time::Duration::from_millis(120));
            let (pk, vk) = match insecure_dev_seed {
                Some(seed) => {
                    eprintln!("WARNING: insecure development setup from public seed {seed}: anyone can forge proofs for these keys.");
                    bar.set_message(format!("generating {} keys", shape.name));
                    insecure_dev_setup(shape, seed)?
                }
                None => setup(shape, &mut rand::rngs::OsRng, &|stage| match stage {
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
            say(
                format!(
                    "{} keys ({} constraints) written to {}; proving key SHA-256 {digest} (publish it: holders pass it to `prove --key-digest`)",
                    shape.name,
                    prover.num_constraints(),
                    out_dir.display()
                ),
                serde_json::json!({"shape": shape.name, "constraints": prover.num_constraints(), "proving_key_sha256": digest}),
            );
        }
        Command::Prove {
            policy,
            credentials,
            holder,
            registry,
            keys,
            challenge,
            reference_date,
            key_digest,
            out,
        } => {
            let key_digest = key_digest.as_deref().map(parse_key_digest).transpose()?;
            let compiled = load_policy(&policy)?;
            let holder = files::read_holder(&holder)?;
            let registry = load_registry(&registry)?;
            let creds = credentials
                .iter()
                .map(|p| {
                    Credential::from_json(&files::read(p)?)
                        .map_err(|e| Failure::Input(format!("{}: {e}", p.display())))
                })
                .collect::<Result<Vec<_>, _>>()?;
            let assigned = assign_credentials(&compiled, &creds)?;
            let witness = build_witness(&compiled, &assigned, &holder, &registry)?;
            let date = match reference_date {
                Some(d) => encode_date("reference_date", &d)?,
                None => today(),
            };
            let context = VerifierContext {
                issuer_root: registry.root(),
                reference_date: date,
                scope: compiled.scope,
                challenge: field_from_arg(&challenge),
            };
            explain(&compiled, &witness, &context)
                .map_err(|reason| Failure::Input(format!("cannot prove: {reason}")))?;
            let store = KeyStore { dir: keys };
            let prover = match key_digest {
                Some(expected) => store.prover_expecting(compiled.shape(), Some(expected))?,
                None => store.prover(compiled.shape())?,
            };
            let bar = indicatif::ProgressBar::new_spinner();
            bar.set_message("proving");
            bar.enable_steady_tick(std::time::Duration::from_millis(120));
            let statement = Statement { policy: compiled.policy.clone(), witness, context };
            let (proof, public) = prover.prove(&statement, &mut rand::rngs::OsRng)?;
            bar.finish_and_clear();
            let file = ProofFile::new(&compiled.document.name, compiled.shape().name, &proof, &public);
            files::write(&out, file.to_json())?;
            say(
                format!(
                    "proof of `{}` written to {} (nullifier {})",
                    compiled.document.name,
                    out.display(),
                    file.public_inputs.nullifier
                ),
                serde_json::to_value(&file.public_inputs)?,
            );
        }
        Command::Verify { policy, proof, registry, keys, challenge, max_age_days } => {
            let compiled = load_policy(&policy)?;
            let registry = load_registry(&registry)?;
            let (file, proof, public) = files::read_proof(&proof)?;
            if file.shape != compiled.shape().name {
                return Err(Failure::Input(format!(
                    "the proof is for shape {}, the policy for {}",
                    file.shape,
                    compiled.shape().name
                )));
            }
            let vk = KeyStore { dir: keys }.verifying_key(compiled.shape())?;
            let pvk = prepare(&vk)?;
            let expectations = Expectations {
                policy_hash: compiled.hash(),
                issuer_roots: vec![compiled.trusted_issuers_root.unwrap_or(registry.root())],
                scope: compiled.scope,
                challenge: field_from_arg(&challenge),
                reference_dates: (today().saturating_sub(max_age_days), today()),
            };
            match verify_expected(&pvk, &expectations, &public, &proof) {
                Ok(()) => say(
                    format!(
                        "valid: {} (reference date {}, nullifier {})",
                        compiled.document.description,
                        decode_date(public.reference_date),
                        file.public_inputs.nullifier
                    ),
                    serde_json::json!({"valid": true, "nullifier": file.public_inputs.nullifier}),
                ),
                Err(e) => {
                    if json {
                        println!("{}", serde_json::json!({"valid": false, "reason": e.to_string()}));
                    }
                    return Err(Failure::Invalid(format!("invalid: {e}")));
                }
            }
        }
        Command::Policy(PolicyCommand::Hash { policy }) => {
            let compiled = load_policy(&policy)?;
            let hash = fr_to_decimal(&compiled.hash());
            println!(
                "{}",
                if json {
                    serde_json::json!({"policy_hash": hash, "shape": compiled.shape().name}).to_string()
                } else {
                    hash
                }
            );
        }
        Command::Policy(PolicyCommand::Check { policy }) => {
            let compiled = load_policy(&policy)?;
            let lines: Vec<String> =
                compiled.descriptions.iter().filter(|d| *d != "(unused)").cloned().collect();
            say(
                format!(
                    "{}: valid for shape {} — {}",
                    compiled.document.name,
                    compiled.shape().name,
                    lines.join("; ")
                ),
                serde_json::json!({"valid": true, "shape": compiled.shape().name, "clauses": lines}),
            );
        }
        Command::Policy(PolicyCommand::Preset { name, date, out }) => {
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
            files::write(&out, policy.to_json() + "\n")?;
            say(format!("{name} written to {}", out.display()), serde_json::json!({"policy": out}));
        }
        Command::Export(ExportCommand::Snarkjs { proof, keys, out_dir }) => {
            let (file, proof, public) = files::read_proof(&proof)?;
            let shape = QueryShape::by_name(&file.shape)
                .ok_or_else(|| Failure::Input(format!("unknown shape {}", file.shape)))?;
            let vk = KeyStore { dir: keys }.verifying_key(shape)?;
            files::write(&out_dir.join("verification_key.json"), snarkjs::verifying_key_to_json(&vk))?;
            files::write(&out_dir.join("proof.json"), snarkjs::proof_to_json(&proof))?;
            files::write(&out_dir.join("public.json"), snarkjs::public_inputs_to_json(&public))?;
            say(
                format!("snarkjs files written to {}", out_dir.display()),
                serde_json::json!({"out_dir": out_dir}),
            );
        }
        Command::Export(ExportCommand::Solidity { shape, keys, out_dir }) => {
            let shape = shape.get();
            let vk = KeyStore { dir: keys }.verifying_key(shape)?;
            let verifier = medzk::verifier::solidity::render_verifier(&vk, shape.name)
                .map_err(|e| Failure::Input(e.to_string()))?;
            files::write(&out_dir.join("MedzkVerifier.sol"), verifier)?;
            files::write(&out_dir.join("MedzkGate.sol"), medzk::verifier::solidity::GATE_SOURCE)?;
            say(
                format!("MedzkVerifier.sol and MedzkGate.sol written to {}", out_dir.display()),
                serde_json::json!({"out_dir": out_dir}),
            );
        }
    }
    Ok(())
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Invalid(line)) => {
            eprintln!("{line}");
            ExitCode::from(1)
        }
        Err(Failure::Input(line)) => {
            eprintln!("error: {line}");
            ExitCode::from(2)
        }
    }
}
