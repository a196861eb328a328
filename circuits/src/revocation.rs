//! Revocation lists: one per issuer key, a bitmap of `2^20` revocation
//! indices committed as a quaternary Poseidon Merkle tree, with cheap
//! in-circuit proofs that an index is **not** revoked.
//!
//! Every credential an issuer key signs carries its own revocation index
//! `n < 2^20` (the record's `revocation_nonce`, handed out in order by the
//! issuer's revocation list). Bit `n` of the bitmap is set when the credential
//! is revoked. The bitmap is cut into 16,384 chunks of 64 bits (chunk
//! `n >> 6`, bit `n & 63`); chunk `c` is leaf `c` of a quaternary tree of depth
//! 7 whose leaves are the chunks read as integers (an empty chunk is the empty
//! leaf `0`). The root is the issuer's *revocation root*; the trusted-issuer
//! registry leaf commits to it beside the issuer key, so the one public
//! registry root covers both.
//!
//! Why a bitmap and not an indexed (low-leaf) tree of revoked values: at a
//! capacity of `2^20` the indexed tree needs ten quaternary levels plus a leaf
//! hash and two comparisons (about 3,550 constraints), the bitmap seven levels,
//! a 64-bit decomposition and a 64-way select (2,278, see
//! [`constraints`]); and what an issuer publishes is the same (the revoked
//! indices), while a holder rebuilds at most `7·r` hashes for `r` revocations.
//! The price is that indices are handed out in order by the issuer (a counter
//! in its revocation list file), not drawn at random.

pub mod constraints;

use crate::merkle::MerklePath;
use crate::{poseidon, CircuitError, Fr};
use ark_ff::Zero;
use std::collections::{BTreeMap, BTreeSet};

/// Bits of a revocation index.
pub const INDEX_BITS: usize = 20;
/// Revocation indices per issuer key (`2^20`).
pub const CAPACITY: u64 = 1 << INDEX_BITS;
/// Bits per leaf (chunk) of the bitmap.
pub const CHUNK_BITS: usize = 64;
/// Bits of an index that pick the bit within its chunk.
pub const BIT_INDEX_BITS: usize = 6;
/// The tree's arity.
pub const ARITY: usize = 4;
/// The tree's depth (`4^7 · 64 = 2^20`).
pub const DEPTH: usize = 7;

fn empty_subtrees() -> [Fr; DEPTH + 1] {
    let mut empty = [Fr::zero(); DEPTH + 1];
    for k in 0..DEPTH {
        empty[k + 1] = poseidon::hash(&[empty[k]; ARITY]).expect("four inputs are supported");
    }
    empty
}

/// The root of a list with nothing revoked.
pub fn empty_root() -> Fr {
    empty_subtrees()[DEPTH]
}

/// Checks that `index` is a revocation index (below [`CAPACITY`]).
pub fn check_index(index: u64) -> Result<(), CircuitError> {
    if index >= CAPACITY {
        return Err(CircuitError::OutOfRange { value: index.to_string(), bits: INDEX_BITS as u32 });
    }
    Ok(())
}

/// An issuer's revocation bitmap and its tree (sparse: only the nodes above a
/// revoked index are stored).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RevocationTree {
    revoked: BTreeSet<u64>,
    /// `levels[k]` maps the position of every non-empty node of level `k`
    /// (level 0: the chunks) to its value.
    levels: Vec<BTreeMap<u64, Fr>>,
    empty: [Fr; DEPTH + 1],
}

impl RevocationTree {
    /// The tree of a set of revoked indices (each below [`CAPACITY`]).
    pub fn new(revoked: impl IntoIterator<Item = u64>) -> Result<Self, CircuitError> {
        let revoked: BTreeSet<u64> = revoked.into_iter().collect();
        if let Some(&last) = revoked.last() {
            check_index(last)?;
        }
        let mut chunks: BTreeMap<u64, u64> = BTreeMap::new();
        for &n in &revoked {
            *chunks.entry(n >> BIT_INDEX_BITS).or_default() |= 1 << (n & (CHUNK_BITS as u64 - 1));
        }
        let empty = empty_subtrees();
        let mut levels = vec![chunks.into_iter().map(|(i, c)| (i, Fr::from(c))).collect::<BTreeMap<_, _>>()];
        for k in 0..DEPTH {
            let below = &levels[k];
            let parents: BTreeSet<u64> = below.keys().map(|i| i / ARITY as u64).collect();
            let level = parents
                .into_iter()
                .map(|p| {
                    let children: Vec<Fr> = (0..ARITY as u64)
                        .map(|c| below.get(&(p * ARITY as u64 + c)).copied().unwrap_or(empty[k]))
                        .collect();
                    (p, poseidon::hash(&children).expect("four inputs are supported"))
                })
                .collect();
            levels.push(level);
        }
        Ok(RevocationTree { revoked, levels, empty })
    }

    /// The revocation root (what the registry leaf commits to).
    pub fn root(&self) -> Fr {
        self.levels[DEPTH].get(&0).copied().unwrap_or(self.empty[DEPTH])
    }

    /// The revoked indices, in increasing order.
    pub fn revoked(&self) -> impl Iterator<Item = u64> + '_ {
        self.revoked.iter().copied()
    }

    /// Whether `index` is revoked.
    pub fn is_revoked(&self, index: u64) -> bool {
        self.revoked.contains(&index)
    }

    fn node(&self, level: usize, position: u64) -> Fr {
        self.levels[level].get(&position).copied().unwrap_or(self.empty[level])
    }

    /// The witness for `index` (its chunk and the chunk's path), whether or
    /// not it is revoked: a revoked index's witness shows the set bit, and the
    /// circuit refuses it.
    pub fn witness(&self, index: u64) -> Result<RevocationWitness, CircuitError> {
        check_index(index)?;
        let leaf = index >> BIT_INDEX_BITS;
        let chunk = self.levels[0].get(&leaf).map_or(0, |_| {
            self.revoked
                .range(leaf << BIT_INDEX_BITS..(leaf + 1) << BIT_INDEX_BITS)
                .fold(0u64, |c, n| c | 1 << (n & (CHUNK_BITS as u64 - 1)))
        });
        let siblings = (0..DEPTH)
            .map(|k| {
                let position = leaf / (ARITY as u64).pow(k as u32);
                let first = position - position % ARITY as u64;
                (first..first + ARITY as u64).filter(|&p| p != position).map(|p| self.node(k, p)).collect()
            })
            .collect();
        Ok(RevocationWitness { chunk, siblings })
    }
}

/// What a holder needs to prove a revocation index unrevoked: the 64-bit chunk
/// holding its bit and the chunk's authentication path (the path's position is
/// the index's high bits, so the index picks both).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RevocationWitness {
    /// The chunk `index >> 6` of the bitmap.
    pub chunk: u64,
    /// The chunk's siblings, three per level, leaves first.
    pub siblings: Vec<Vec<Fr>>,
}

impl RevocationWitness {
    /// The witness of a slot that is not checked (an unused record slot): an
    /// empty chunk and zero siblings.
    pub fn placeholder() -> Self {
        RevocationWitness { chunk: 0, siblings: vec![vec![Fr::zero(); ARITY - 1]; DEPTH] }
    }

    /// Whether the witness has the tree's depth and arity.
    pub fn has_shape(&self) -> bool {
        self.siblings.len() == DEPTH && self.siblings.iter().all(|s| s.len() == ARITY - 1)
    }

    /// The root this witness hashes to for `index` (the chunk placed at
    /// position `index >> 6`).
    pub fn root(&self, index: u64) -> Fr {
        MerklePath { index: index >> BIT_INDEX_BITS, siblings: self.siblings.clone() }
            .compute_root(Fr::from(self.chunk))
    }

    /// Whether the witness's chunk marks `index` revoked.
    pub fn marks_revoked(&self, index: u64) -> bool {
        (self.chunk >> (index & (CHUNK_BITS as u64 - 1))) & 1 == 1
    }

    /// Whether this proves `index` unrevoked in the list with `root` (the
    /// native twin of [`constraints::RevocationWitnessVar::enforce_unrevoked`]).
    pub fn proves_unrevoked(&self, root: Fr, index: u64) -> bool {
        index < CAPACITY && self.has_shape() && !self.marks_revoked(index) && self.root(index) == root
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sparse_tree_agrees_with_a_full_merkle_tree() {
        use crate::merkle::MerkleTree;
        let revoked = [0u64, 63, 64, 65, 4095, 4096, 70_000];
        let tree = RevocationTree::new(revoked).unwrap();
        // The same bitmap as a dense append-only tree of its first chunks.
        let mut chunks = vec![0u64; (70_000 >> 6) + 1];
        for n in revoked {
            chunks[(n >> 6) as usize] |= 1 << (n & 63);
        }
        let dense =
            MerkleTree::from_leaves_with_arity(4, DEPTH, chunks.iter().map(|&c| Fr::from(c))).unwrap();
        assert_eq!(tree.root(), dense.root());
        for n in [0u64, 1, 62, 63, 64, 66, 4095, 69_999, 70_000, CAPACITY - 1] {
            let w = tree.witness(n).unwrap();
            assert_eq!(w.root(n), tree.root(), "{n}");
            assert_eq!(w.marks_revoked(n), tree.is_revoked(n), "{n}");
            assert_eq!(w.proves_unrevoked(tree.root(), n), !revoked.contains(&n), "{n}");
            assert_eq!(Fr::from(w.chunk), dense.leaf(n >> 6).unwrap_or(Fr::zero()));
        }
    }

    #[test]
    fn empty_lists_share_one_root_and_indices_are_bounded() {
        assert_eq!(RevocationTree::new([]).unwrap().root(), empty_root());
        assert_ne!(RevocationTree::new([5]).unwrap().root(), empty_root());
        assert_ne!(RevocationTree::new([5]).unwrap().root(), RevocationTree::new([6]).unwrap().root());
        assert!(RevocationTree::new([CAPACITY - 1]).is_ok());
        assert!(matches!(RevocationTree::new([CAPACITY]), Err(CircuitError::OutOfRange { bits: 20, .. })));
        assert!(RevocationTree::new([]).unwrap().witness(CAPACITY).is_err());
        // A witness for one index proves nothing about another of its chunk
        // once that one is revoked, nor under another root.
        let tree = RevocationTree::new([10]).unwrap();
        let w = tree.witness(11).unwrap();
        assert!(w.proves_unrevoked(tree.root(), 11));
        assert!(!w.proves_unrevoked(tree.root(), 10));
        assert!(!w.proves_unrevoked(empty_root(), 11));
        assert!(!w.proves_unrevoked(tree.root(), 11 + 64), "another chunk's position");
        let mut cleared = w.clone();
        cleared.chunk = 0;
        assert!(
            !cleared.proves_unrevoked(tree.root(), 10),
            "a chunk with the bit cleared is not in the tree"
        );
    }
}
