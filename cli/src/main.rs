//! The `medzk` command-line tool. `medzk demo` runs the three user journeys;
//! the other subcommands are the same steps, one at a time, on files. Each
//! command group is a module, and each calls the `medzk` protocol layer.
#![forbid(unsafe_code)]

mod ceremony;
mod export;
mod issue;
mod keys;
mod policy;
mod prove;

use clap::{Parser, Subcommand};
use medzk::circuits::query::QueryShape;
use medzk::files::KeyStore;
use std::path::PathBuf;
use std::process::ExitCode;

/// Zero-knowledge proofs about medical records: issue credentials, prove
/// policies about them without revealing them, verify the proofs.
///
/// Start with `medzk demo`. A typical flow on files:
///   medzk issuer keygen --name "City Lab" --schemas observation --out lab.json
///   medzk holder keygen --out me.json
///   medzk issue --issuer lab.json --holder me.json --fhir observation.json --out-dir creds/
///   medzk issuers root --issuer lab.json --out registry.json
///   medzk setup --shape small --insecure-dev-seed 1 --out-dir keys/
///   medzk setup --shape custom --records 6 --clauses 16 --sets 2 --out-dir keys/
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
    Issuer(keys::IssuerCommand),
    /// Keys from a multi-party ceremony run with snarkjs: export the circuit, import the zkey.
    #[command(subcommand)]
    Ceremony(ceremony::CeremonyCommand),
    /// Holder keys.
    #[command(subcommand)]
    Holder(keys::HolderCommand),
    /// Issue credentials from a FHIR R4 resource or Bundle.
    Issue(issue::IssueArgs),
    /// SMART Health Cards.
    #[command(subcommand)]
    Shc(issue::ShcCommand),
    /// Trusted-issuer registries.
    #[command(subcommand)]
    Issuers(issue::IssuersCommand),
    /// Generate proving and verifying keys for a circuit shape.
    Setup(keys::SetupArgs),
    /// Prove a policy about credentials.
    Prove(prove::ProveArgs),
    /// Verify a proof: exit 0 valid, 1 invalid, 2 usage or input error.
    Verify(prove::VerifyArgs),
    /// Policies.
    #[command(subcommand)]
    Policy(policy::PolicyCommand),
    /// Export keys and proofs for other tools.
    #[command(subcommand)]
    Export(export::ExportCommand),
}

/// A circuit shape on the command line: `small`, `medium`, `large`, or a
/// custom shape written `r{records}-k{clauses}-s{sets}` (`r6-k16-s2`).
#[derive(Clone, Copy, Debug)]
struct Shape(QueryShape);

impl std::str::FromStr for Shape {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        QueryShape::parse(s).map(Shape).map_err(|e| e.to_string())
    }
}

impl Shape {
    fn get(self) -> QueryShape {
        self.0
    }
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

/// Where results go: a human line on stderr, or JSON on stdout (`--json`).
#[derive(Clone, Copy)]
struct Output {
    json: bool,
}

impl Output {
    fn say(self, human: String, machine: serde_json::Value) {
        if self.json {
            println!("{machine}");
        } else {
            eprintln!("{human}");
        }
    }

    /// A value the caller pipes: bare on stdout, or as JSON under `key`.
    fn value(self, key: &str, value: String, extra: serde_json::Value) {
        if self.json {
            let mut object = extra;
            object[key] = serde_json::Value::String(value);
            println!("{object}");
        } else {
            println!("{value}");
        }
    }
}

fn run(cli: Cli) -> Outcome {
    let out = Output { json: cli.json };
    match cli.command {
        Command::Demo { keys } => {
            let store = keys.map(|dir| KeyStore { dir }).unwrap_or_else(KeyStore::user_cache);
            medzk::demo::run(&store, &mut std::io::stdout()).map_err(|e| Failure::Input(e.to_string()))?;
            Ok(())
        }
        Command::Issuer(command) => keys::issuer(command, out),
        Command::Holder(command) => keys::holder(command, out),
        Command::Setup(args) => keys::setup(args, out),
        Command::Ceremony(command) => ceremony::run(command, out),
        Command::Issue(args) => issue::issue(args, out),
        Command::Shc(command) => issue::shc(command, out),
        Command::Issuers(command) => issue::issuers(command, out),
        Command::Prove(args) => prove::prove(args, out),
        Command::Verify(args) => prove::verify(args, out),
        Command::Policy(command) => policy::run(command, out),
        Command::Export(command) => export::run(command, out),
    }
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
