//! Indexed (sorted, low-leaf) Poseidon Merkle trees over sets of `u64` codes,
//! for membership **and non-membership** proofs.
//!
//! A set `{v1 < v2 < … < vn}` is stored as the chain of leaves
//! `(0, v1), (v1, v2), …, (vn, 2^64 − 1)`, each hashed as
//! `Poseidon(value, next_value)` into a [`MerkleTree`]. The two sentinels
//! `0` and `2^64 − 1` are reserved and cannot be members. Then:
//! - `x ∈ set` ⇔ some leaf has `value = x`;
//! - `x ∉ set` ⇔ some leaf (the *low leaf*) has `value < x < next_value`.
//!
//! The tree is built once from the whole set (sets are published, static
//! data: a policy's code list), so the chain is correct by construction; the
//! root commits to it.

pub mod constraints;

use crate::merkle::{MerklePath, MerkleTree};
use crate::{poseidon::hash2, CircuitError, Fr};

/// The reserved low sentinel.
pub const SENTINEL_LOW: u64 = 0;
/// The reserved high sentinel.
pub const SENTINEL_HIGH: u64 = u64::MAX;

/// One link of the sorted chain.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IndexedLeaf {
    /// A member (or the low sentinel).
    pub value: u64,
    /// The next larger member (or the high sentinel).
    pub next_value: u64,
}

impl IndexedLeaf {
    /// `Poseidon(value, next_value)`.
    pub fn hash(&self) -> Fr {
        hash2(Fr::from(self.value), Fr::from(self.next_value))
    }
}

/// A proof that a leaf is in the tree: the leaf and its path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LeafProof {
    /// The leaf (for non-membership, the low leaf).
    pub leaf: IndexedLeaf,
    /// The leaf's authentication path.
    pub path: MerklePath,
}

impl LeafProof {
    /// Whether this proves `x ∉ set` for the tree with `root`.
    pub fn verifies_non_membership(&self, root: Fr, x: u64) -> bool {
        self.leaf.value < x && x < self.leaf.next_value && self.path.compute_root(self.leaf.hash()) == root
    }

    /// Whether this proves `x ∈ set` for the tree with `root`.
    pub fn verifies_membership(&self, root: Fr, x: u64) -> bool {
        self.leaf.value == x && x != SENTINEL_LOW && self.path.compute_root(self.leaf.hash()) == root
    }
}

/// A committed set of `u64` codes supporting (non-)membership proofs.
#[derive(Clone, Debug)]
pub struct IndexedMerkleTree {
    tree: MerkleTree,
    leaves: Vec<IndexedLeaf>,
}

impl IndexedMerkleTree {
    /// Builds the binary tree of a set (duplicates are merged). It holds `n + 1`
    /// leaves, so `n < 2^depth`.
    pub fn from_set(depth: usize, values: impl IntoIterator<Item = u64>) -> Result<Self, CircuitError> {
        IndexedMerkleTree::from_set_with_arity(2, depth, values)
    }

    /// Builds the tree of a set with the given arity (2 or 4); `n < arity^depth`.
    pub fn from_set_with_arity(
        arity: usize,
        depth: usize,
        values: impl IntoIterator<Item = u64>,
    ) -> Result<Self, CircuitError> {
        let mut members: Vec<u64> = values.into_iter().collect();
        if let Some(&v) = members.iter().find(|&&v| v == SENTINEL_LOW || v == SENTINEL_HIGH) {
            return Err(CircuitError::ReservedValue(v));
        }
        members.sort_unstable();
        members.dedup();
        let mut chain = Vec::with_capacity(members.len() + 2);
        chain.push(SENTINEL_LOW);
        chain.extend(members);
        chain.push(SENTINEL_HIGH);
        let leaves: Vec<IndexedLeaf> =
            chain.windows(2).map(|w| IndexedLeaf { value: w[0], next_value: w[1] }).collect();
        let tree = MerkleTree::from_leaves_with_arity(arity, depth, leaves.iter().map(IndexedLeaf::hash))?;
        Ok(IndexedMerkleTree { tree, leaves })
    }

    /// The root committing to the set.
    pub fn root(&self) -> Fr {
        self.tree.root()
    }

    /// The tree's depth.
    pub fn depth(&self) -> usize {
        self.tree.depth()
    }

    /// The tree's arity.
    pub fn arity(&self) -> usize {
        self.tree.arity()
    }

    /// The members, in increasing order.
    pub fn members(&self) -> impl Iterator<Item = u64> + '_ {
        self.leaves.iter().skip(1).map(|l| l.value)
    }

    /// Whether `x` is a member.
    pub fn contains(&self, x: u64) -> bool {
        x != SENTINEL_LOW && self.leaves.binary_search_by_key(&x, |l| l.value).is_ok()
    }

    fn proof_at(&self, index: usize) -> Result<LeafProof, CircuitError> {
        Ok(LeafProof { leaf: self.leaves[index], path: self.tree.path(index as u64)? })
    }

    /// The proof the query circuit needs for `x`: membership if `x` is a member,
    /// otherwise non-membership; for a sentinel value the sentinel's own leaf
    /// (which proves neither, so an `in`/`not_in` on it fails as it should).
    pub fn leaf_proof(&self, x: u64) -> Result<LeafProof, CircuitError> {
        match self.leaves.binary_search_by_key(&x, |l| l.value) {
            Ok(index) => self.proof_at(index),
            Err(index) => self.proof_at(index.saturating_sub(1)),
        }
    }

    /// A proof that `x` is a member.
    pub fn membership_proof(&self, x: u64) -> Result<LeafProof, CircuitError> {
        if x == SENTINEL_LOW || x == SENTINEL_HIGH {
            return Err(CircuitError::ReservedValue(x));
        }
        match self.leaves.binary_search_by_key(&x, |l| l.value) {
            Ok(index) => self.proof_at(index),
            Err(_) => Err(CircuitError::NotMember(x)),
        }
    }

    /// A proof that `x` is not a member (its low leaf and path).
    pub fn non_membership_proof(&self, x: u64) -> Result<LeafProof, CircuitError> {
        if x == SENTINEL_LOW || x == SENTINEL_HIGH {
            return Err(CircuitError::ReservedValue(x));
        }
        match self.leaves.binary_search_by_key(&x, |l| l.value) {
            Ok(_) => Err(CircuitError::IsMember(x)),
            // `Err(i)`: leaves[i - 1].value < x < leaves[i].value; i ≥ 1 because x > 0.
            Err(index) => self.proof_at(index - 1),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn membership_and_non_membership_proofs() {
        let set = IndexedMerkleTree::from_set(4, [30, 10, 20, 20]).unwrap();
        let root = set.root();
        for x in [10, 20, 30] {
            assert!(set.contains(x));
            assert!(set.membership_proof(x).unwrap().verifies_membership(root, x));
            assert_eq!(set.non_membership_proof(x), Err(CircuitError::IsMember(x)));
        }
        for x in [1, 9, 11, 25, 31, u64::MAX - 1] {
            assert!(!set.contains(x));
            let proof = set.non_membership_proof(x).unwrap();
            assert!(proof.verifies_non_membership(root, x), "{x}");
            assert!(!proof.verifies_membership(root, x));
            assert_eq!(set.membership_proof(x), Err(CircuitError::NotMember(x)));
        }
        // A low leaf proves nothing about values outside its gap.
        let proof = set.non_membership_proof(15).unwrap();
        assert!(!proof.verifies_non_membership(root, 25));
        assert!(!proof.verifies_non_membership(root, 20));
    }

    #[test]
    fn sentinels_are_reserved_and_capacity_is_checked() {
        assert_eq!(IndexedMerkleTree::from_set(4, [0]).unwrap_err(), CircuitError::ReservedValue(0));
        assert_eq!(
            IndexedMerkleTree::from_set(4, [u64::MAX]).unwrap_err(),
            CircuitError::ReservedValue(u64::MAX)
        );
        // depth 2 holds 4 leaves: 3 members + the low sentinel leaf.
        assert!(IndexedMerkleTree::from_set(2, [1, 2, 3]).is_ok());
        assert_eq!(
            IndexedMerkleTree::from_set(2, [1, 2, 3, 4]).unwrap_err(),
            CircuitError::TreeFull { depth: 2 }
        );
        let quad = IndexedMerkleTree::from_set_with_arity(4, 2, [5, 9]).unwrap();
        assert!(quad.non_membership_proof(7).unwrap().verifies_non_membership(quad.root(), 7));
        assert!(quad.membership_proof(9).unwrap().verifies_membership(quad.root(), 9));
        assert_eq!(quad.members().collect::<Vec<_>>(), [5, 9]);
        let empty = IndexedMerkleTree::from_set(2, []).unwrap();
        assert!(empty.non_membership_proof(5).unwrap().verifies_non_membership(empty.root(), 5));
        assert_eq!(empty.non_membership_proof(0), Err(CircuitError::ReservedValue(0)));
    }
}
