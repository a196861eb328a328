//! Trusted-issuer registries: a list of issuer keys, each with the schemas the
//! registry lets it sign and the key's revocation list, committed as a
//! quaternary Poseidon Merkle tree of `Poseidon(A.x, A.y, schema_mask,
//! revocation_root)` leaves (4,096 issuers). The circuit checks that every
//! presented record's schema is in its issuer's mask, so a lab in the registry
//! cannot sign a licence that verifiers accept, and that the record's bit in
//! the revocation list the leaf commits to is clear. The registry file is
//! public: it carries each issuer's revoked indices, so a holder builds its
//! non-revocation witness from it alone.

use crate::PolicyError;
use medzk_circuits::babyjubjub::Point;
use medzk_circuits::eddsa::PublicKey;
use medzk_circuits::merkle::{MerklePath, MerkleTree};
use medzk_circuits::query::{issuer_leaf, SMALL};
use medzk_circuits::revocation::RevocationWitness;
use medzk_circuits::Fr;
use medzk_records::{RevocationIndex, RevocationList, Schema};
use serde::{Deserialize, Serialize};

/// The registry format's name.
pub const REGISTRY_FORMAT: &str = "medzk-issuer-registry";
/// The registry format version this library reads and writes (2: entries
/// carry schemas; 3: and their revocation lists).
pub const REGISTRY_VERSION: u32 = 3;

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
    /// The key's revocation list, as published.
    pub revocation: RegistryRevocations,
}

/// An entry's revocation list as the registry publishes it: its epoch and
/// its revoked indices (strictly increasing).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegistryRevocations {
    /// The list's epoch (one more per revocation).
    pub epoch: u64,
    /// The revoked indices.
    pub revoked: Vec<u32>,
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
    /// The key's revocation list.
    pub revocations: RevocationList,
}

impl TrustedIssuer {
    /// An issuer trusted for the given schemas, with nothing revoked.
    pub fn new(name: impl Into<String>, key: PublicKey, schemas: &[Schema]) -> Self {
        TrustedIssuer {
            name: name.into(),
            key,
            schemas: schemas.to_vec(),
            revocations: RevocationList::new(key),
        }
    }

    /// The issuer with its key's current revocation list (refused when the
    /// list belongs to another key).
    pub fn with_revocations(self, revocations: RevocationList) -> Result<Self, PolicyError> {
        if revocations.issuer() != self.key {
            return Err(PolicyError::RegistryEntry {
                name: self.name,
                problem: "its revocation list belongs to another key",
            });
        }
        Ok(TrustedIssuer { revocations, ..self })
    }
}

/// A trusted-issuer registry.
#[derive(Clone, Debug)]
pub struct IssuerRegistry {
    entries: Vec<RegistryEntry>,
    keys: Vec<(PublicKey, u32, RevocationList)>,
    tree: MerkleTree,
}

impl IssuerRegistry {
    /// A registry of issuers, in order. Every issuer must be allowed at least
    /// one schema, and no key may be listed twice.
    pub fn new(issuers: impl IntoIterator<Item = TrustedIssuer>) -> Result<Self, PolicyError> {
        let mut tree = MerkleTree::with_arity(SMALL.issuer_arity, SMALL.issuer_depth)?;
        let mut entries = Vec::new();
        let mut keys: Vec<(PublicKey, u32, RevocationList)> = Vec::new();
        for issuer in issuers {
            let invalid = |problem| PolicyError::RegistryEntry { name: issuer.name.clone(), problem };
            let mut schemas = issuer.schemas.clone();
            schemas.sort_by_key(|s| s.id());
            schemas.dedup();
            let mask = Schema::mask(&schemas);
            if mask == 0 {
                return Err(invalid("lists no schema the issuer may sign"));
            }
            if keys.iter().any(|(k, _, _)| *k == issuer.key) {
                return Err(invalid("its key is already in the registry"));
            }
            if issuer.revocations.issuer() != issuer.key {
                return Err(invalid("its revocation list belongs to another key"));
            }
            tree.append(issuer_leaf(&issuer.key.point(), mask, issuer.revocations.root()))?;
            entries.push(RegistryEntry {
                name: issuer.name,
                public_key: issuer.key.point().to_decimal(),
                schemas,
                revocation: RegistryRevocations {
                    epoch: issuer.revocations.epoch(),
                    revoked: issuer.revocations.revoked().collect(),
                },
            });
            keys.push((issuer.key, mask, issuer.revocations));
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
            let key = PublicKey::from_point(point)?;
            let revocations = RevocationList::from_revoked(key, e.revocation.epoch, e.revocation.revoked)?;
            issuers.push(TrustedIssuer { name: e.name, key, schemas: e.schemas, revocations });
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

    /// What a holder proves a credential of `key` with revocation index
    /// `index` against: the path of the key's leaf, the schema mask it
    /// carries, and the index's witness in the key's revocation list (for a
    /// revoked index, one the circuit refuses); `None` when the registry does
    /// not hold the key.
    pub fn witness(
        &self,
        key: &PublicKey,
        index: RevocationIndex,
    ) -> Option<(MerklePath, u32, RevocationWitness)> {
        let position = self.keys.iter().position(|(k, _, _)| k == key)?;
        let (_, mask, revocations) = &self.keys[position];
        Some((self.tree.path(position as u64).ok()?, *mask, revocations.witness(index)))
    }

    /// Checks that no revocation list of this registry is older than the
    /// same key's list in `previous` (the registry it replaces): a lower
    /// epoch, or an index revoked there and not here, is refused, so an
    /// issuer's older (validly signed) list cannot un-revoke a credential.
    pub fn check_successor_of(&self, previous: &IssuerRegistry) -> Result<(), PolicyError> {
        for (key, _, old) in &previous.keys {
            let Some(position) = self.keys.iter().position(|(k, _, _)| k == key) else { continue };
            // A registry's lists count only up to their last revoked index
            // as issued, so the comparison is of epochs and revoked indices.
            let new = &self.keys[position].2;
            let unrevoked = old.revoked().any(|n| !new.tree().is_revoked(n.into()));
            if new.epoch() < old.epoch() || unrevoked {
                return Err(PolicyError::RegistryEntry {
                    name: self.entries[position].name.clone(),
                    problem: "its revocation list is older than the previous registry's (a lower epoch, or an index no longer revoked)",
                });
            }
        }
        Ok(())
    }

    /// The revocation list the registry holds for a key.
    pub fn revocations(&self, key: &PublicKey) -> Option<&RevocationList> {
        self.keys.iter().find(|(k, _, _)| k == key).map(|(_, _, list)| list)
    }
}
