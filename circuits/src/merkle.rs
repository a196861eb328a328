//! Append-only Poseidon Merkle trees of fixed depth.
//!
//! A node is `Poseidon(left, right)`; empty leaves are `0` and empty subtrees
//! hash up from them. Leaf `i`'s path bit at level `k` is bit `k` of `i`
//! (`1` = the current node is the right child).

pub mod constraints;

use crate::{poseidon::hash2, CircuitError, Fr};
use ark_ff::Zero;

/// The largest supported depth.
pub const MAX_DEPTH: usize = 32;

/// A Poseidon Merkle tree that grows by appending leaves.
#[derive(Clone, Debug)]
pub struct MerkleTree {
    depth: usize,
    /// `levels[k]` holds the non-empty nodes of level `k` (level 0 = leaves).
    levels: Vec<Vec<Fr>>,
    /// `empty[k]` is the root of an empty subtree of height `k`.
    empty: Vec<Fr>,
}

/// The authentication path of one leaf.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MerklePath {
    /// The leaf's index.
    pub index: u64,
    /// The sibling at each level, leaves first.
    pub siblings: Vec<Fr>,
}

impl MerkleTree {
    /// An empty tree of `depth` levels (room for `2^depth` leaves).
    pub fn new(depth: usize) -> Result<Self, CircuitError> {
        if depth == 0 || depth > MAX_DEPTH {
            return Err(CircuitError::InvalidDepth(depth));
        }
        let mut empty = vec![Fr::zero()];
        for k in 0..depth {
            empty.push(hash2(empty[k], empty[k]));
        }
        Ok(MerkleTree { depth, levels: vec![Vec::new(); depth + 1], empty })
    }

    /// A tree holding `leaves` in order.
    pub fn from_leaves(depth: usize, leaves: impl IntoIterator<Item = Fr>) -> Result<Self, CircuitError> {
        let mut tree = MerkleTree::new(depth)?;
        for leaf in leaves {
            tree.append(leaf)?;
        }
        Ok(tree)
    }

    /// The tree's depth.
    pub fn depth(&self) -> usize {
        self.depth
    }

    /// How many leaves were appended.
    pub fn len(&self) -> u64 {
        self.levels[0].len() as u64
    }

    /// Whether no leaf was appended yet.
    pub fn is_empty(&self) -> bool {
        self.levels[0].is_empty()
    }

    /// Appends a leaf and returns its index.
    pub fn append(&mut self, leaf: Fr) -> Result<u64, CircuitError> {
        let index = self.levels[0].len();
        if index as u128 >= 1u128 << self.depth {
            return Err(CircuitError::TreeFull { depth: self.depth });
        }
        self.levels[0].push(leaf);
        let mut i = index;
        for k in 0..self.depth {
            let parent = i / 2;
            let left = self.node(k, 2 * parent);
            let right = self.node(k, 2 * parent + 1);
            let hash = hash2(left, right);
            if parent < self.levels[k + 1].len() {
                self.levels[k + 1][parent] = hash;
            } else {
                self.levels[k + 1].push(hash);
            }
            i = parent;
        }
        Ok(index as u64)
    }

    fn node(&self, level: usize, i: usize) -> Fr {
        self.levels[level].get(i).copied().unwrap_or(self.empty[level])
    }

    /// The root.
    pub fn root(&self) -> Fr {
        self.node(self.depth, 0)
    }

    /// The leaf at `index`.
    pub fn leaf(&self, index: u64) -> Result<Fr, CircuitError> {
        self.levels[0].get(index as usize).copied().ok_or(CircuitError::LeafIndex { index, len: self.len() })
    }

    /// The authentication path of the leaf at `index`.
    pub fn path(&self, index: u64) -> Result<MerklePath, CircuitError> {
        if index >= self.len() {
            return Err(CircuitError::LeafIndex { index, len: self.len() });
        }
        let siblings = (0..self.depth).map(|k| self.node(k, ((index >> k) ^ 1) as usize)).collect();
        Ok(MerklePath { index, siblings })
    }
}

impl MerklePath {
    /// The root reached by hashing `leaf` up this path.
    pub fn compute_root(&self, leaf: Fr) -> Fr {
        self.siblings.iter().enumerate().fold(leaf, |node, (k, sibling)| {
            if (self.index >> k) & 1 == 1 {
                hash2(*sibling, node)
            } else {
                hash2(node, *sibling)
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_reach_the_root_and_wrong_leaves_do_not() {
        let mut tree = MerkleTree::new(4).unwrap();
        let empty_root = tree.root();
        for i in 0..16u64 {
            assert_eq!(tree.append(Fr::from(100 + i)).unwrap(), i);
            for j in 0..=i {
                let path = tree.path(j).unwrap();
                assert_eq!(path.compute_root(Fr::from(100 + j)), tree.root());
                assert_ne!(path.compute_root(Fr::from(999u64)), tree.root());
            }
        }
        assert_ne!(tree.root(), empty_root);
        assert_eq!(tree.append(Fr::from(1u64)), Err(CircuitError::TreeFull { depth: 4 }));
        assert_eq!(tree.path(16), Err(CircuitError::LeafIndex { index: 16, len: 16 }));
    }

    #[test]
    fn root_matches_a_direct_computation() {
        let leaves: Vec<Fr> = (1..=3u64).map(Fr::from).collect();
        let tree = MerkleTree::from_leaves(2, leaves.clone()).unwrap();
        let expected = hash2(hash2(leaves[0], leaves[1]), hash2(leaves[2], Fr::zero()));
        assert_eq!(tree.root(), expected);
        assert_eq!(MerkleTree::new(0).unwrap_err(), CircuitError::InvalidDepth(0));
        assert_eq!(MerkleTree::new(33).unwrap_err(), CircuitError::InvalidDepth(33));
    }
}
