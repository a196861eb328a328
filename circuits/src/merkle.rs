//! Append-only Poseidon Merkle trees of fixed depth and arity 2 or 4.
//!
//! A node is `Poseidon(children)`; empty leaves are `0` and empty subtrees hash
//! up from them. Leaf `i`'s position at level `k` is digit `k` of `i` in base
//! `arity`. Binary trees cost 242 constraints per level in-circuit; quaternary
//! trees cost 306 per level but need half the levels (the query circuit uses
//! them for the trusted-issuer registry and code sets).

pub mod constraints;

use crate::{poseidon, CircuitError, Fr};
use ark_ff::Zero;

/// The largest supported capacity is `2^MAX_CAPACITY_BITS` leaves.
pub const MAX_CAPACITY_BITS: u32 = 32;

/// A Poseidon Merkle tree that grows by appending leaves.
#[derive(Clone, Debug)]
pub struct MerkleTree {
    arity: usize,
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
    /// The `arity − 1` siblings at each level, leaves first, in child order.
    pub siblings: Vec<Vec<Fr>>,
}

fn hash_children(children: &[Fr]) -> Fr {
    poseidon::hash(children).expect("arity 2 or 4 is supported")
}

impl MerkleTree {
    /// An empty binary tree of `depth` levels (room for `2^depth` leaves).
    pub fn new(depth: usize) -> Result<Self, CircuitError> {
        MerkleTree::with_arity(2, depth)
    }

    /// An empty tree of the given arity (2 or 4) and depth.
    pub fn with_arity(arity: usize, depth: usize) -> Result<Self, CircuitError> {
        if arity != 2 && arity != 4 {
            return Err(CircuitError::InvalidArity(arity));
        }
        let bits = depth as u32 * arity.trailing_zeros();
        if depth == 0 || bits > MAX_CAPACITY_BITS {
            return Err(CircuitError::InvalidDepth(depth));
        }
        let mut empty = vec![Fr::zero()];
        for k in 0..depth {
            empty.push(hash_children(&vec![empty[k]; arity]));
        }
        Ok(MerkleTree { arity, depth, levels: vec![Vec::new(); depth + 1], empty })
    }

    /// A binary tree holding `leaves` in order.
    pub fn from_leaves(depth: usize, leaves: impl IntoIterator<Item = Fr>) -> Result<Self, CircuitError> {
        MerkleTree::from_leaves_with_arity(2, depth, leaves)
    }

    /// A tree of the given arity holding `leaves` in order.
    pub fn from_leaves_with_arity(
        arity: usize,
        depth: usize,
        leaves: impl IntoIterator<Item = Fr>,
    ) -> Result<Self, CircuitError> {
        let mut tree = MerkleTree::with_arity(arity, depth)?;
        for leaf in leaves {
            tree.append(leaf)?;
        }
        Ok(tree)
    }

    /// The tree's arity.
    pub fn arity(&self) -> usize {
        self.arity
    }

    /// The tree's depth.
    pub fn depth(&self) -> usize {
        self.depth
    }

    /// How many leaves fit.
    pub fn capacity(&self) -> u64 {
        (self.arity as u64).pow(self.depth as u32)
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
        if index as u64 >= self.capacity() {
            return Err(CircuitError::TreeFull { depth: self.depth });
        }
        self.levels[0].push(leaf);
        let mut i = index;
        for k in 0..self.depth {
            let parent = i / self.arity;
            let children: Vec<Fr> = (0..self.arity).map(|c| self.node(k, parent * self.arity + c)).collect();
            let hash = hash_children(&children);
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
        let arity = self.arity as u64;
        let siblings = (0..self.depth)
            .map(|k| {
                let i = index / arity.pow(k as u32);
                let first = (i - i % arity) as usize;
                (0..self.arity).filter(|c| *c as u64 != i % arity).map(|c| self.node(k, first + c)).collect()
            })
            .collect();
        Ok(MerklePath { index, siblings })
    }
}

impl MerklePath {
    /// The tree arity this path was made for.
    pub fn arity(&self) -> usize {
        self.siblings.first().map_or(2, |s| s.len() + 1)
    }

    /// The root reached by hashing `leaf` up this path.
    pub fn compute_root(&self, leaf: Fr) -> Fr {
        let arity = self.arity() as u64;
        let mut index = self.index;
        self.siblings.iter().fold(leaf, |node, siblings| {
            let position = (index % arity) as usize;
            index /= arity;
            let mut children = siblings.clone();
            children.insert(position.min(children.len()), node);
            hash_children(&children)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::poseidon::hash2;

    #[test]
    fn paths_reach_the_root_and_wrong_leaves_do_not() {
        for arity in [2, 4] {
            let depth = if arity == 2 { 4 } else { 2 };
            let mut tree = MerkleTree::with_arity(arity, depth).unwrap();
            let empty_root = tree.root();
            for i in 0..16u64 {
                assert_eq!(tree.append(Fr::from(100 + i)).unwrap(), i);
                for j in 0..=i {
                    let path = tree.path(j).unwrap();
                    assert_eq!(path.arity(), arity);
                    assert_eq!(path.compute_root(Fr::from(100 + j)), tree.root());
                    assert_ne!(path.compute_root(Fr::from(999u64)), tree.root());
                }
            }
            assert_ne!(tree.root(), empty_root);
            assert_eq!(tree.append(Fr::from(1u64)), Err(CircuitError::TreeFull { depth }));
            assert_eq!(tree.path(16), Err(CircuitError::LeafIndex { index: 16, len: 16 }));
        }
    }

    #[test]
    fn root_matches_a_direct_computation() {
        let leaves: Vec<Fr> = (1..=3u64).map(Fr::from).collect();
        let tree = MerkleTree::from_leaves(2, leaves.clone()).unwrap();
        assert_eq!(tree.root(), hash2(hash2(leaves[0], leaves[1]), hash2(leaves[2], Fr::zero())));
        let quad = MerkleTree::from_leaves_with_arity(4, 1, leaves.clone()).unwrap();
        assert_eq!(quad.root(), poseidon::hash(&[leaves[0], leaves[1], leaves[2], Fr::zero()]).unwrap());
        assert_eq!(MerkleTree::new(0).unwrap_err(), CircuitError::InvalidDepth(0));
        assert_eq!(MerkleTree::new(33).unwrap_err(), CircuitError::InvalidDepth(33));
        assert_eq!(MerkleTree::with_arity(4, 17).unwrap_err(), CircuitError::InvalidDepth(17));
        assert_eq!(MerkleTree::with_arity(3, 2).unwrap_err(), CircuitError::InvalidArity(3));
    }
}
