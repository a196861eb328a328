//! The file formats of the `medzk` CLI: issuer and holder keys, proofs, and the
//! key store (proving/verifying key files per shape).

use crate::records::{HolderSecret, Issuer, RevocationList, Schema};
use ark_bn254::Fr;
use medzk_circuits::eddsa::SecretKey;
use medzk_circuits::field::fr_from_decimal;
use medzk_circuits::query::QueryShape;
use medzk_prover::keyfile::{
    load_proving_key_expecting, read_verifying_key, write_proving_key, write_verifying_key,
};
use medzk_prover::{CircuitProver, LoadMode, ProverError, VerifyingKey};
use medzk_verifier::{Proof, PublicInputs};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// Errors reading or writing medzk files.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    /// A file that cannot be read or written.
    #[error("{path}: {message}")]
    Io {
        /// The path.
        path: String,
        /// The OS message.
        message: String,
    },
    /// A file of the wrong format or version, or malformed.
    #[error("{path}: not a valid {what}: {message}")]
    Format {
        /// The path.
        path: String,
        /// The expected kind of file.
        what: &'static str,
        /// What is wrong.
        message: String,
    },
    /// A key file that cannot be used.
    #[error("{path}: {source}")]
    Key {
        /// The path.
        path: String,
        /// Why.
        source: ProverError,
    },
}

/// Reads a file to a string with a clear error.
pub fn read(path: &Path) -> Result<String, FileError> {
    std::fs::read_to_string(path)
        .map_err(|e| FileError::Io { path: path.display().to_string(), message: e.to_string() })
}

/// Writes a file (creating its directory) with a clear error.
pub fn write(path: &Path, contents: impl AsRef<[u8]>) -> Result<(), FileError> {
    let io = |e: std::io::Error| FileError::Io { path: path.display().to_string(), message: e.to_string() };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(io)?;
    }
    std::fs::write(path, contents).map_err(io)
}

fn format_error(path: &Path, what: &'static str, message: impl ToString) -> FileError {
    FileError::Format { path: path.display().to_string(), what, message: message.to_string() }
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct IssuerKeyJson {
    format: String,
    version: u32,
    name: String,
    secret_key: String,
    public_key: [String; 2],
    schemas: Vec<Schema>,
}

/// An issuer key file: the issuer and the schemas it signs (the schemas a
/// registry built from the file trusts it for).
pub struct IssuerFile {
    /// The issuer.
    pub issuer: Issuer,
    /// The schemas it signs (at least one).
    pub schemas: Vec<Schema>,
}

/// Writes an issuer key file (`medzk-issuer-key` version 2; keep it secret).
pub fn issuer_to_json(file: &IssuerFile) -> String {
    serde_json::to_string_pretty(&IssuerKeyJson {
        format: "medzk-issuer-key".into(),
        version: 2,
        name: file.issuer.name.clone(),
        secret_key: hex::encode(file.issuer.secret_key().to_bytes()),
        public_key: file.issuer.public_key().point().to_decimal(),
        schemas: file.schemas.clone(),
    })
    .expect("serialises")
}

/// Reads an issuer key file.
pub fn read_issuer(path: &Path) -> Result<IssuerFile, FileError> {
    let err = |m: String| format_error(path, "issuer key file", m);
    let json: IssuerKeyJson = serde_json::from_str(&read(path)?).map_err(|e| err(e.to_string()))?;
    if json.format != "medzk-issuer-key" || json.version != 2 {
        return Err(err(format!(
            "format {} version {} (this medzk reads medzk-issuer-key version 2, which lists the issuer's schemas)",
            json.format, json.version
        )));
    }
    if json.schemas.is_empty() {
        return Err(err("schemas lists no schema".into()));
    }
    let bytes: [u8; 32] = hex::decode(&json.secret_key)
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or_else(|| err("secret_key is not 32 hex bytes".into()))?;
    let issuer = Issuer::new(json.name, SecretKey::from_bytes(bytes));
    if issuer.public_key().point().to_decimal() != json.public_key {
        return Err(err("public_key does not match secret_key".into()));
    }
    Ok(IssuerFile { issuer, schemas: json.schemas })
}

/// Where an issuer key file's revocation list lives by default: beside it,
/// `lab.json` → `lab.revocations.json`.
pub fn revocations_path(issuer_key: &Path) -> PathBuf {
    let stem = issuer_key.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    issuer_key.with_file_name(format!("{stem}.revocations.json"))
}

/// Reads an issuer key's revocation list (signature checked), refusing a
/// list of another key.
pub fn read_revocations(path: &Path, key: &IssuerFile) -> Result<RevocationList, FileError> {
    let err = |m: String| format_error(path, "revocation list", m);
    let list = RevocationList::from_json(&read(path)?).map_err(|e| err(e.to_string()))?;
    if list.issuer() != key.issuer.public_key() {
        return Err(err(format!("the list belongs to another issuer key than {}'s", key.issuer.name)));
    }
    Ok(list)
}

/// Writes an issuer key's revocation list, signed with the key (through a
/// temporary file of this process and a rename, so a crash never leaves half
/// a counter). To change an existing list, use [`update_revocations`], which
/// holds the list's lock.
///
/// An existing list of the same key is replaced only by a list that
/// [succeeds](RevocationList::succeeds) it: a list read before another command
/// revoked or issued is refused rather than undoing that command.
pub fn write_revocations(path: &Path, key: &IssuerFile, list: &RevocationList) -> Result<(), FileError> {
    let text = list.to_json(&key.issuer).map_err(|e| format_error(path, "revocation list", e))?;
    let existing = std::fs::read_to_string(path).ok().and_then(|t| RevocationList::from_json(&t).ok());
    if let Some(existing) = existing.filter(|e| e.issuer() == list.issuer()) {
        if !list.succeeds(&existing) {
            return Err(format_error(
                path,
                "revocation list",
                "the list on disk changed since it was read (it issued or revoked more); nothing was written",
            ));
        }
    }
    let temporary = path.with_extension(format!("json.{}.tmp", std::process::id()));
    write(&temporary, text)?;
    std::fs::rename(&temporary, path)
        .map_err(|e| FileError::Io { path: path.display().to_string(), message: e.to_string() })
}

/// Reads an issuer key's revocation list, lets `change` update it (hand out
/// indices, revoke) and saves it if it changed, holding an exclusive lock on
/// `<path>.lock` from the read to the write: two commands on one list (an
/// issue and a revoke) run one after the other, so neither undoes the other
/// nor hands an index out twice. Nothing is saved when `change` fails.
pub fn update_revocations<T, E: From<FileError>>(
    path: &Path,
    key: &IssuerFile,
    change: impl FnOnce(&mut RevocationList) -> Result<T, E>,
) -> Result<T, E> {
    let io = |e: std::io::Error| FileError::Io { path: path.display().to_string(), message: e.to_string() };
    let lock_path = path.with_extension("json.lock");
    let lock =
        std::fs::OpenOptions::new().create(true).truncate(false).write(true).open(&lock_path).map_err(&io)?;
    lock.lock().map_err(io)?;
    let before = read_revocations(path, key)?;
    let mut list = before.clone();
    let out = change(&mut list)?;
    if list != before {
        write_revocations(path, key, &list)?;
    }
    drop(lock);
    Ok(out)
}

/// Writes a holder key file (`medzk-holder-key`; keep it secret).
pub fn holder_to_json(holder: &HolderSecret) -> String {
    holder.to_json()
}

/// Reads a holder key file, checking the commitment matches the secret.
pub fn read_holder(path: &Path) -> Result<HolderSecret, FileError> {
    HolderSecret::from_json(&read(path)?).map_err(|e| format_error(path, "holder key file", e.to_string()))
}

pub use medzk_verifier::proof_file::{ProofFile, PublicInputsJson};

/// Reads a proof file and decodes its proof and public inputs.
pub fn read_proof(path: &Path) -> Result<(ProofFile, Proof, PublicInputs), FileError> {
    ProofFile::from_json(&read(path)?).map_err(|e| format_error(path, "proof file", e.to_string()))
}

/// A directory of key files: `<shape>.pk` and `<shape>.vk`.
#[derive(Clone, Debug)]
pub struct KeyStore {
    /// The directory.
    pub dir: PathBuf,
}

impl KeyStore {
    /// The user cache directory for medzk keys (`$XDG_CACHE_HOME/medzk` or `~/.cache/medzk`).
    pub fn user_cache() -> KeyStore {
        let base = std::env::var_os("XDG_CACHE_HOME")
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
            .unwrap_or_else(std::env::temp_dir);
        KeyStore { dir: base.join("medzk").join("keys") }
    }

    fn path(&self, shape: QueryShape, ext: &str) -> PathBuf {
        self.dir.join(format!("{}.{ext}", shape.name))
    }

    /// Writes both keys of a shape.
    pub fn save(&self, prover: &CircuitProver, vk: &VerifyingKey) -> Result<(), FileError> {
        write(&self.path(prover.shape(), "pk"), write_proving_key(prover))?;
        write(
            &self.path(prover.shape(), "vk"),
            write_verifying_key(prover.shape(), &prover.r1cs_digest(), vk),
        )
    }

    /// Loads the proving key of a shape to prove with, checked: the store's keys
    /// may come from the verifier, and a key built to unblind proofs would
    /// reveal the witness, so the key's points and structure are checked
    /// ([`LoadMode::Checked`]), it must match the store's verifying key when
    /// there is one, and the released key digest when the shape has one.
    /// [`CircuitProver::key_digest`] is the digest to compare with the one the
    /// verifier publishes.
    pub fn prover(&self, shape: QueryShape) -> Result<CircuitProver, FileError> {
        self.prover_expecting(shape, medzk_prover::released_key_digest(shape))
    }

    /// [`KeyStore::prover`], with the proving key file's SHA-256 required to be
    /// `expected` (the digest the verifier published) when given.
    pub fn prover_expecting(
        &self,
        shape: QueryShape,
        expected: Option<[u8; 32]>,
    ) -> Result<CircuitProver, FileError> {
        let path = self.path(shape, "pk");
        let key_error = |source: ProverError| match source {
            ProverError::Io(message) => FileError::Io { path: path.display().to_string(), message },
            source => FileError::Key { path: path.display().to_string(), source },
        };
        let prover =
            load_proving_key_expecting(&path, shape, LoadMode::Checked, expected).map_err(key_error)?;
        if self.path(shape, "vk").exists() {
            let vk = self.verifying_key(shape)?;
            medzk_prover::keyfile::check_matches_verifying_key(prover.proving_key(), &vk)
                .map_err(|check| key_error(check.into()))?;
        }
        Ok(prover)
    }

    /// The SHA-256 of a shape's proving key file (what `sha256sum` prints), the
    /// digest a verifier publishes for holders to pin.
    pub fn proving_key_digest(&self, shape: QueryShape) -> Result<[u8; 32], FileError> {
        let path = self.path(shape, "pk");
        let bytes = std::fs::read(&path)
            .map_err(|e| FileError::Io { path: path.display().to_string(), message: e.to_string() })?;
        Ok(medzk_prover::keyfile::key_file_digest(&bytes))
    }

    /// Loads the verifying key of a shape (validated).
    pub fn verifying_key(&self, shape: QueryShape) -> Result<VerifyingKey, FileError> {
        let path = self.path(shape, "vk");
        let bytes = std::fs::read(&path)
            .map_err(|e| FileError::Io { path: path.display().to_string(), message: e.to_string() })?;
        read_verifying_key(&bytes, shape, LoadMode::Validated)
            .map(|(vk, _)| vk)
            .map_err(|source| FileError::Key { path: path.display().to_string(), source })
    }

    /// Whether both keys of a shape exist.
    pub fn has(&self, shape: QueryShape) -> bool {
        self.path(shape, "pk").exists() && self.path(shape, "vk").exists()
    }
}

/// Parses a decimal field element or, failing that, hashes the text (for
/// human-friendly challenges and scopes on the command line). Text that
/// cannot be hashed (longer than
/// [`TEXT_MAX_BYTES`](crate::records::encoding::TEXT_MAX_BYTES)) is an
/// error: it never stands for some fixed value, which would make every long
/// challenge the same challenge.
pub fn field_from_arg(text: &str) -> Result<Fr, crate::records::RecordError> {
    match fr_from_decimal(text) {
        Ok(x) => Ok(x),
        Err(_) => crate::records::encoding::text_hash("argument", text),
    }
}
