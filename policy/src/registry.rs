//! Trusted-issuer registries: a list of issuer keys, each with the schemas the
//! registry lets it sign, committed as a quaternary Poseidon Merkle tree of
//! `Poseidon(A.x, A.y, schema_mask)` leaves (4,096 issuers). The circuit checks
//! that every presented record's schema is in its issuer's mask, so a lab in the
//! registry cannot sign a licence that verifiers accept.

use crate::PolicyError;
use medzk_circuits::babyjubjub::Point;
use medzk_circuits::eddsa::PublicKey;
use medzk_circuits::merkle::{MerklePath, MerkleTree};
use medzk_circuits::query::{issuer_leaf, SMALL};
use medzk_circuits::Fr;
use medzk_records::Schema;
use serde::{Deserialize, Serialize};

/// The registry format's name.
pub const REGISTRY_FORMAT: &str = "medzk-issuer-registry";
/// The registry format version this library reads and writes (2: entries carry schemas).
pub const REGISTRY_VERSION: u32 = 2;

/// One trusted issuer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegistryEntry {
    /// A human-readable name.
    pub name: String,
    /// The public key in circom coordinates, as decimal strings.
    pub public_key: [String; 2],
    /// The schemas the issuer may sign (at least one).
    pub schemas: Vec<Schema>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RegistryJson {
    format: String,
    version: u32,
    issuers: Vec<RegistryEntry>,
}

/// An issuer to put in a registry: its name, key and the schemas it may sign.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrustedIssuer {
    /// A human-readable name.
    pub name: String,
    /// The issuer's public key.
    pub key: PublicKey,
    /// The schemas the issuer may sign.
    pub schemas: Vec<Schema>,
}

impl TrustedIssuer {
    /// An issuer trusted for the given schemas.
    pub fn new(name: impl Into<String>, key: PublicKey, schemas: &[Schema]) -> Self {
        TrustedIssuer { name: name.into(), key, schemas: schemas.to_vec() }
    }
}

/// A trusted-issuer registry.
#[derive(Clone, Debug)]
pub struct IssuerRegistry {
    entries: Vec<RegistryEntry>,
    keys: Vec<(PublicKey, u32)>,
    tree: MerkleTree,
}

impl IssuerRegistry {
    /// A registry of issuers, in order. Every issuer must be allowed at least
    /// one schema, and no key may be listed twice.
    pub fn new(issuers: impl IntoIterator<Item = TrustedIssuer>) -> Result<Self, PolicyError> {
        let mut tree = MerkleTree::with_arity(SMALL.issuer_arity, SMALL.issuer_depth)?;
        let mut entries = Vec::new();
        let mut keys: Vec<(PublicKey, u32)> = Vec::new();
        for issuer in issuers {
            let invalid = |problem| PolicyError::RegistryEntry { name: issuer.name.clone(), problem };
            let mut schemas = issuer.schemas.clone();
            schemas.sort_by_key(|s| s.id());
            schemas.dedup();
            let mask = Schema::mask(&schemas);
            if mask == 0 {
                return Err(invalid("lists no schema the issuer may sign"));
            }
            if keys.iter().any(|(k, _)| *k == issuer.key) {
                return Err(invalid("its key is already in the registry"));
            }
            tree.append(issuer_leaf(&issuer.key.point(), mask))?;
            entries.push(RegistryEntry {
                name: issuer.name,
                public_key: issuer.key.point().to_decimal(),
                schemas,
            });
            keys.push((issuer.key, mask));
        }
        Ok(IssuerRegistry { entries, keys, tree })
    }

    /// Reads a registry; every key is validated (on curve, prime order).
    pub fn from_json(text: &str) -> Result<Self, PolicyError> {
        let json: RegistryJson = serde_json::from_str(text)
            .map_err(|e| PolicyError::Json { what: "issuer registry", message: e.to_string() })?;
        if json.format != REGISTRY_FORMAT {
            return Err(PolicyError::Json {
                what: "issuer registry",
                message: format!("format is {:?}", json.format),
            });
        }
        if json.version != REGISTRY_VERSION {
            return Err(PolicyError::UnsupportedVersion {
                format: REGISTRY_FORMAT,
                found: json.version,
                supported: REGISTRY_VERSION,
            });
        }
        let mut issuers = Vec::with_capacity(json.issuers.len());
        for e in json.issuers {
            let point = Point::from_decimal(&e.public_key[0], &e.public_key[1])?;
            issuers.push(TrustedIssuer {
                name: e.name,
                key: PublicKey::from_point(point)?,
                schemas: e.schemas,
            });
        }
        IssuerRegistry::new(issuers)
    }

    /// The registry as JSON.
    pub fn to_json(&self) -> String {
        let json = RegistryJson {
            format: REGISTRY_FORMAT.into(),
            version: REGISTRY_VERSION,
            issuers: self.entries.clone(),
        };
        serde_json::to_string_pretty(&json).expect("registries serialise")
    }

    /// The root: the public `issuer_root` of proofs against this registry.
    pub fn root(&self) -> Fr {
        self.tree.root()
    }

    /// The entries, in order.
    pub fn entries(&self) -> &[RegistryEntry] {
        &self.entries
    }

    /// The path of a key's leaf and the schema mask it carries, if the registry holds the key.
    pub fn witness(&self, key: &PublicKey) -> Option<(MerklePath, u32)> {
        let index = self.keys.iter().position(|(k, _)| k == key)?;
        Some((self.tree.path(index as u64).ok()?, self.keys[index].1))
    }
}
