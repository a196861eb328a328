//! An issuer key's revocation list: the counter that hands out each
//! credential's revocation index, the revoked indices, and an epoch that
//! grows with every revocation. The file (`medzk-revocation-list`, version 1)
//! holds no secret and is signed by the issuer key (EdDSA-Poseidon over
//! `Poseidon(domain, root, epoch, issued)`): the issuer publishes it, a
//! registry operator checks the signature before embedding its revoked
//! indices and committing to its root ([`medzk_circuits::revocation`]), and
//! holders build their non-revocation witnesses from the published registry.
//!
//! The `issued` counter tells readers how many credentials the key has signed;
//! it is what keeps two credentials from sharing an index.

use crate::credential::SignatureJson;
use crate::{Credential, Issuer, RecordError};
use ark_ff::PrimeField;
use medzk_circuits::babyjubjub::Point;
use medzk_circuits::eddsa::PublicKey;
use medzk_circuits::eddsa::Signature;
use medzk_circuits::field::{fr_from_decimal, fr_to_decimal};
use medzk_circuits::revocation::{RevocationTree, RevocationWitness, CAPACITY};
use medzk_circuits::Fr;
use serde::{Deserialize, Serialize};

/// The file format's name.
pub const REVOCATION_LIST_FORMAT: &str = "medzk-revocation-list";
/// The file format's version.
pub const REVOCATION_LIST_VERSION: u32 = 1;

/// A credential's index in its issuer key's revocation list (below `2^20`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RevocationIndex(u32);

impl RevocationIndex {
    /// An index, checked to be below `2^20`.
    pub fn new(index: u64) -> Result<Self, RecordError> {
        if index >= CAPACITY {
            return Err(RecordError::RevocationIndex(index.to_string()));
        }
        Ok(RevocationIndex(index as u32))
    }

    /// The index of a record's `revocation_nonce` field element.
    pub fn from_field(nonce: &Fr) -> Result<Self, RecordError> {
        let value = medzk_circuits::field::biguint_from_fr(nonce);
        let small = u64::try_from(&value).map_err(|_| RecordError::RevocationIndex(value.to_string()))?;
        RevocationIndex::new(small)
    }

    /// The index.
    pub fn get(self) -> u32 {
        self.0
    }

    /// The index as the record's `revocation_nonce`.
    pub fn to_field(self) -> Fr {
        Fr::from(self.0)
    }
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RevocationListJson {
    format: String,
    version: u32,
    issuer: [String; 2],
    epoch: u64,
    issued: u32,
    revoked: Vec<u32>,
    root: String,
    signature: SignatureJson,
}

/// An issuer key's revocation list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RevocationList {
    issuer: PublicKey,
    epoch: u64,
    issued: u32,
    tree: RevocationTree,
}

fn malformed(message: impl Into<String>) -> RecordError {
    RecordError::MalformedRevocationList(message.into())
}

impl RevocationList {
    /// The empty list of a new issuer key (epoch 0, nothing issued).
    pub fn new(issuer: PublicKey) -> Self {
        RevocationList { issuer, epoch: 0, issued: 0, tree: RevocationTree::new([]).expect("empty") }
    }

    /// The issuer key the list belongs to.
    pub fn issuer(&self) -> PublicKey {
        self.issuer
    }

    /// The epoch: 0 for a new list, one more after each revocation.
    pub fn epoch(&self) -> u64 {
        self.epoch
    }

    /// How many indices the list has handed out.
    pub fn issued(&self) -> u32 {
        self.issued
    }

    /// The revoked indices, in increasing order.
    pub fn revoked(&self) -> impl Iterator<Item = u32> + '_ {
        self.tree.revoked().map(|n| n as u32)
    }

    /// Hands out the next index (for the next credential the key signs).
    pub fn allocate(&mut self) -> Result<RevocationIndex, RecordError> {
        if u64::from(self.issued) >= CAPACITY {
            return Err(RecordError::RevocationListFull);
        }
        let index = RevocationIndex(self.issued);
        self.issued += 1;
        Ok(index)
    }

    /// Revokes an index the list has handed out; returns `false` (and keeps
    /// the epoch) when it was already revoked.
    pub fn revoke(&mut self, index: RevocationIndex) -> Result<bool, RecordError> {
        if index.0 >= self.issued {
            return Err(RecordError::RevocationNotIssued { index: index.0, issued: self.issued });
        }
        if self.tree.is_revoked(index.0.into()) {
            return Ok(false);
        }
        let epoch = self.epoch + 1;
        if epoch > CAPACITY {
            return Err(malformed("the epoch would pass 2^20 (more revocations than indices)"));
        }
        self.tree = RevocationTree::new(self.tree.revoked().chain([index.0.into()]))?;
        self.epoch = epoch;
        Ok(true)
    }

    /// Whether this list can replace `older`: the same key, and nothing
    /// undone (at least as many indices issued, an epoch at least as high,
    /// every index `older` revokes still revoked).
    pub fn succeeds(&self, older: &RevocationList) -> bool {
        self.issuer == older.issuer
            && self.issued >= older.issued
            && self.epoch >= older.epoch
            && older.tree.revoked().all(|n| self.tree.is_revoked(n))
    }

    /// Revokes a credential this list's key signed.
    pub fn revoke_credential(&mut self, credential: &Credential) -> Result<bool, RecordError> {
        if credential.issuer != self.issuer {
            return Err(RecordError::RevocationWrongIssuer);
        }
        self.revoke(RevocationIndex::from_field(&credential.record.revocation_nonce)?)
    }

    /// Whether an index is revoked.
    pub fn is_revoked(&self, index: RevocationIndex) -> bool {
        self.tree.is_revoked(index.0.into())
    }

    /// The revocation root the registry leaf commits to.
    pub fn root(&self) -> Fr {
        self.tree.root()
    }

    /// The tree of the revoked indices.
    pub fn tree(&self) -> &RevocationTree {
        &self.tree
    }

    /// A list rebuilt from published parts (a registry entry's revoked
    /// indices and epoch); `issued` is taken as one past the last revoked index.
    pub fn from_revoked(
        issuer: PublicKey,
        epoch: u64,
        revoked: impl IntoIterator<Item = u32>,
    ) -> Result<Self, RecordError> {
        let revoked: Vec<u32> = revoked.into_iter().collect();
        if revoked.windows(2).any(|w| w[0] >= w[1]) {
            return Err(malformed("revoked indices must be strictly increasing"));
        }
        let issued = match revoked.last() {
            Some(&last) => RevocationIndex::new(u64::from(last))?.0 + 1,
            None => 0,
        };
        if epoch < revoked.len() as u64 {
            return Err(malformed("the epoch is below the number of revocations"));
        }
        if epoch > CAPACITY {
            return Err(malformed("the epoch is above 2^20 (one per revocation)"));
        }
        let tree = RevocationTree::new(revoked.iter().map(|&n| u64::from(n)))?;
        Ok(RevocationList { issuer, epoch, issued, tree })
    }

    /// The witness a holder proves its credential's index unrevoked with
    /// (for a revoked index, the witness that the circuit refuses).
    pub fn witness(&self, index: RevocationIndex) -> RevocationWitness {
        self.tree.witness(index.0.into()).expect("indices are below the capacity")
    }

    /// What the issuer signs: `Poseidon(domain, root, epoch, issued)`.
    pub fn statement(&self) -> Fr {
        let domain = Fr::from_le_bytes_mod_order(b"medzk/revocation-list/v1");
        medzk_circuits::poseidon::hash(&[domain, self.root(), Fr::from(self.epoch), Fr::from(self.issued)])
            .expect("four inputs are supported")
    }

    /// The list as its JSON file, signed by `issuer` (whose key it must be).
    pub fn to_json(&self, issuer: &Issuer) -> Result<String, RecordError> {
        if issuer.public_key() != self.issuer {
            return Err(RecordError::RevocationWrongIssuer);
        }
        let signature = issuer.secret_key().sign(self.statement());
        Ok(serde_json::to_string_pretty(&RevocationListJson {
            format: REVOCATION_LIST_FORMAT.into(),
            version: REVOCATION_LIST_VERSION,
            issuer: self.issuer.point().to_decimal(),
            epoch: self.epoch,
            issued: self.issued,
            revoked: self.revoked().collect(),
            root: fr_to_decimal(&self.root()),
            signature: SignatureJson { r8: signature.r8.to_decimal(), s: fr_to_decimal(&signature.s) },
        })
        .expect("revocation lists serialise"))
    }

    /// Reads a list file: the key is validated, the revoked indices must be
    /// strictly increasing and issued, the stated root must be the one they
    /// hash to, and the issuer key's signature must verify.
    pub fn from_json(text: &str) -> Result<Self, RecordError> {
        let json: RevocationListJson = serde_json::from_str(text)
            .map_err(|e| RecordError::Json { what: "revocation list", message: e.to_string() })?;
        if json.format != REVOCATION_LIST_FORMAT {
            return Err(malformed(format!("format is {:?}", json.format)));
        }
        if json.version != REVOCATION_LIST_VERSION {
            return Err(RecordError::UnsupportedVersion {
                format: REVOCATION_LIST_FORMAT,
                found: json.version,
                supported: REVOCATION_LIST_VERSION,
            });
        }
        let issuer = PublicKey::from_point(Point::from_decimal(&json.issuer[0], &json.issuer[1])?)?;
        if u64::from(json.issued) > CAPACITY {
            return Err(RecordError::RevocationIndex(json.issued.to_string()));
        }
        let mut list = RevocationList::from_revoked(issuer, json.epoch, json.revoked)?;
        if json.issued < list.issued {
            return Err(malformed("a revoked index was never issued"));
        }
        list.issued = json.issued;
        if fr_from_decimal(&json.root)? != list.root() {
            return Err(malformed("the stated root is not the root of the revoked indices"));
        }
        let signature = Signature {
            r8: Point::from_decimal(&json.signature.r8[0], &json.signature.r8[1])?,
            s: fr_from_decimal(&json.signature.s)?,
        };
        issuer
            .verify(list.statement(), &signature)
            .map_err(|_| malformed("the issuer key's signature does not verify"))?;
        Ok(list)
    }
}
