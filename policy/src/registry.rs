//! Trusted-issuer registries: a list of issuer keys, committed as a quaternary
//! Poseidon Merkle tree of `Poseidon(A.x, A.y)` leaves (4,096 issuers).

use crate::PolicyError;
use medzk_circuits::babyjubjub::Point;
use medzk_circuits::eddsa::PublicKey;
use medzk_circuits::merkle::{MerklePath, MerkleTree};
use medzk_circuits::query::{issuer_leaf, SMALL};
use medzk_circuits::Fr;
use serde::{Deserialize, Serialize};

/// The registry format's name.
pub const REGISTRY_FORMAT: &str = "medzk-issuer-registry";

/// One trusted issuer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegistryEntry {
    /// A human-readable name.
    pub name: String,
    /// The public key in circom coordinates, as decimal strings.
    pub public_key: [String; 2],
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RegistryJson {
    format: String,
    version: u32,
    issuers: Vec<RegistryEntry>,
}

/// A trusted-issuer registry.
#[derive(Clone, Debug)]
pub struct IssuerRegistry {
    entries: Vec<RegistryEntry>,
    keys: Vec<PublicKey>,
    tree: MerkleTree,
}

impl IssuerRegistry {
    /// A registry of named keys, in order.
    pub fn new(issuers: impl IntoIterator<Item = (String, PublicKey)>) -> Result<Self, PolicyError> {
        let mut tree = MerkleTree::with_arity(SMALL.issuer_arity, SMALL.issuer_depth)?;
        let mut entries = Vec::new();
        let mut keys = Vec::new();
        for (name, key) in issuers {
            tree.append(issuer_leaf(&key.point()))?;
            entries.push(RegistryEntry { name, public_key: key.point().to_decimal() });
            keys.push(key);
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
        if json.version != 1 {
            return Err(PolicyError::UnsupportedVersion {
                format: REGISTRY_FORMAT,
                found: json.version,
                supported: 1,
            });
        }
        let mut issuers = Vec::with_capacity(json.issuers.len());
        for e in json.issuers {
            let point = Point::from_decimal(&e.public_key[0], &e.public_key[1])?;
            issuers.push((e.name, PublicKey::from_point(point)?));
        }
        IssuerRegistry::new(issuers)
    }

    /// The registry as JSON.
    pub fn to_json(&self) -> String {
        let json = RegistryJson { format: REGISTRY_FORMAT.into(), version: 1, issuers: self.entries.clone() };
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

    /// The path of a key, if the registry holds it.
    pub fn path(&self, key: &PublicKey) -> Option<MerklePath> {
        let index = self.keys.iter().position(|k| k == key)?;
        self.tree.path(index as u64).ok()
    }
}
