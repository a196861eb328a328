//! Issuer-attested lists: the complete list of a patient's entries of one kind
//! (conditions, medications, procedures) in an issuer's system, committed so
//! that both **absence** ("no entry in this code interval") and **presence**
//! ("some entry in it") are one leaf opening.
//!
//! # Keys
//! An entry is a packed code (order-preserving, so a code prefix is an
//! interval) and a *last day*: the last day the entry was known active (the
//! end of a medication, the abatement of a condition, the list's `as_of` for
//! what is still active). Each list holds 96-bit keys in two spaces:
//! - the **code space** `code · 2^32 + last_day` (one key per distinct code,
//!   with its latest day), answering "an entry with a code in `[lo, hi]`" for
//!   any interval: the keys of `[lo · 2^32, hi · 2^32 + 2^32 − 1]`;
//! - the **prefix space** `2^95 + prefix · 2^32 + last_day` (one key per
//!   prefix of every code, with the latest day among the codes under it),
//!   answering "an entry under `prefix` active on or after day `w`": the keys
//!   of `[2^95 + prefix · 2^32 + w, 2^95 + prefix · 2^32 + 2^32 − 1]`.
//!
//! Which prefixes a code has is the record layer's business (it knows the
//! packing); this module only orders keys, builds the tree and answers ranges.
//!
//! # The tree
//! Keys `k1 < … < kn` form the chain of leaves `(0, k1), (k1, k2), …,
//! (kn, 2^96 − 1)`, each `Poseidon(key, next_key)`, in a quaternary Poseidon
//! Merkle tree whose root the issuer signs (it is a field of the list record).
//! The chain is built by the issuer from the whole list, so it is sorted and
//! complete by construction; the holder can open leaves but not change them:
//! - no key in `[lo, hi]` ⇔ some leaf has `key < lo` and `next_key > hi`;
//! - some key in `[lo, hi]` ⇔ some leaf has `lo ≤ key ≤ hi` and `key ≠ 0`.

pub mod constraints;

use crate::merkle::{MerklePath, MerkleTree};
use crate::{poseidon::hash2, CircuitError, Fr};

/// Bits of a key.
pub const KEY_BITS: u32 = 96;
/// Bits of the day part of a key.
pub const DAY_BITS: u32 = 32;
/// The first key of the prefix space.
pub const PREFIX_SPACE: u128 = 1 << 95;
/// The low sentinel (no entry has it).
pub const KEY_LOW: u128 = 0;
/// The high sentinel (no entry has it).
pub const KEY_HIGH: u128 = (1 << KEY_BITS) - 1;
/// The arity of list trees.
pub const LIST_ARITY: usize = 4;
/// The depth of list trees: `4^5 = 1,024` leaves, so up to 1,023 keys.
pub const LIST_DEPTH: usize = 5;

/// The code-space key of a code with its last day.
pub fn code_key(code: u64, last_day: u32) -> u128 {
    (u128::from(code) << DAY_BITS) | u128::from(last_day)
}

/// The prefix-space key of a code prefix with its last day. Packed codes are
/// below 2^63, so prefix keys never reach the high sentinel.
pub fn prefix_key(prefix: u64, last_day: u32) -> u128 {
    PREFIX_SPACE + code_key(prefix, last_day)
}

/// An inclusive interval of keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeyRange {
    /// The smallest key of the range.
    pub lo: u128,
    /// The largest key of the range.
    pub hi: u128,
}

impl KeyRange {
    /// The code-space keys of every code in `[lo_code, hi_code]`, whatever its day.
    pub fn codes(lo_code: u64, hi_code: u64) -> KeyRange {
        KeyRange { lo: code_key(lo_code, 0), hi: code_key(hi_code, u32::MAX) }
    }

    /// The prefix-space keys of `prefix` with a last day on or after `since`.
    pub fn prefix_since(prefix: u64, since: u32) -> KeyRange {
        KeyRange { lo: prefix_key(prefix, since), hi: prefix_key(prefix, u32::MAX) }
    }

    /// Whether `key` is in the range.
    pub fn contains(&self, key: u128) -> bool {
        self.lo <= key && key <= self.hi
    }
}

/// One link of the sorted chain.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ListLeaf {
    /// A key (or the low sentinel).
    pub key: u128,
    /// The next larger key (or the high sentinel).
    pub next_key: u128,
}

impl ListLeaf {
    /// `Poseidon(key, next_key)`.
    pub fn hash(&self) -> Fr {
        hash2(Fr::from(self.key), Fr::from(self.next_key))
    }
}

/// A leaf of a list and its path: the witness of one absence or presence check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListProof {
    /// The opened leaf.
    pub leaf: ListLeaf,
    /// Its authentication path.
    pub path: MerklePath,
}

impl ListProof {
    /// Whether this proves that the list with `root` has no key in `range`.
    pub fn proves_absence(&self, root: Fr, range: KeyRange) -> bool {
        self.leaf.key < range.lo && range.hi < self.leaf.next_key && self.opens(root)
    }

    /// Whether this proves that the list with `root` has a key in `range`.
    pub fn proves_presence(&self, root: Fr, range: KeyRange) -> bool {
        range.contains(self.leaf.key) && self.leaf.key != KEY_LOW && self.opens(root)
    }

    /// Whether the leaf and path hash to `root` with the list tree's shape.
    pub fn opens(&self, root: Fr) -> bool {
        self.path.siblings.len() == LIST_DEPTH
            && self.path.siblings.iter().all(|level| level.len() + 1 == LIST_ARITY)
            && self.path.compute_root(self.leaf.hash()) == root
    }
}

/// A committed list of keys.
#[derive(Clone, Debug)]
pub struct AttestedList {
    tree: MerkleTree,
    leaves: Vec<ListLeaf>,
}

impl AttestedList {
    /// Builds the list of `keys` (duplicates merged). Fails on a sentinel, a key
    /// of more than 96 bits, or more keys than the tree holds.
    pub fn from_keys(keys: impl IntoIterator<Item = u128>) -> Result<Self, CircuitError> {
        let mut keys: Vec<u128> = keys.into_iter().collect();
        if let Some(&k) = keys.iter().find(|&&k| k == KEY_LOW || k >= KEY_HIGH) {
            return Err(CircuitError::ListKey(k));
        }
        keys.sort_unstable();
        keys.dedup();
        let mut chain = Vec::with_capacity(keys.len() + 2);
        chain.push(KEY_LOW);
        chain.extend(keys);
        chain.push(KEY_HIGH);
        let leaves: Vec<ListLeaf> =
            chain.windows(2).map(|w| ListLeaf { key: w[0], next_key: w[1] }).collect();
        let tree =
            MerkleTree::from_leaves_with_arity(LIST_ARITY, LIST_DEPTH, leaves.iter().map(ListLeaf::hash))
                .map_err(|_| CircuitError::ListTooLong(leaves.len() - 1))?;
        Ok(AttestedList { tree, leaves })
    }

    /// The root the issuer signs.
    pub fn root(&self) -> Fr {
        self.tree.root()
    }

    /// The keys, in increasing order.
    pub fn keys(&self) -> impl Iterator<Item = u128> + '_ {
        self.leaves.iter().skip(1).map(|l| l.key)
    }

    /// Whether some key is in `range`.
    pub fn any_in(&self, range: KeyRange) -> bool {
        self.keys().any(|k| range.contains(k))
    }

    fn proof_at(&self, index: usize) -> Result<ListProof, CircuitError> {
        Ok(ListProof { leaf: self.leaves[index], path: self.tree.path(index as u64)? })
    }

    /// The leaf proving that no key is in `range` (the last leaf below it).
    pub fn absence_proof(&self, range: KeyRange) -> Result<ListProof, CircuitError> {
        if range.lo > range.hi || range.lo == KEY_LOW || range.hi >= KEY_HIGH {
            return Err(CircuitError::ListRange);
        }
        // The last leaf with key < lo; leaf 0 (key 0) qualifies since lo > 0.
        let index = self.leaves.partition_point(|l| l.key < range.lo) - 1;
        let proof = self.proof_at(index)?;
        if proof.leaf.next_key <= range.hi {
            return Err(CircuitError::ListEntryInRange);
        }
        Ok(proof)
    }

    /// The leaf proving that some key is in `range` (the first one).
    pub fn presence_proof(&self, range: KeyRange) -> Result<ListProof, CircuitError> {
        let index = self.leaves.partition_point(|l| l.key < range.lo);
        match self.leaves.get(index) {
            Some(l) if l.key != KEY_LOW && l.key <= range.hi => self.proof_at(index),
            _ => Err(CircuitError::ListNoEntryInRange),
        }
    }

    /// The proof a check needs: absence or presence, whichever is asked; when
    /// the list does not satisfy it, the nearest leaf (which proves nothing, so
    /// the circuit is unsatisfied, as it must be).
    pub fn proof_for(&self, absence: bool, range: KeyRange) -> Result<ListProof, CircuitError> {
        let wanted = if absence { self.absence_proof(range) } else { self.presence_proof(range) };
        match wanted {
            Ok(p) => Ok(p),
            Err(
                CircuitError::ListEntryInRange | CircuitError::ListNoEntryInRange | CircuitError::ListRange,
            ) => {
                let index = self.leaves.partition_point(|l| l.key < range.lo).saturating_sub(1);
                self.proof_at(index)
            }
            Err(e) => Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_over_both_spaces() {
        let list = AttestedList::from_keys([code_key(50, 10), code_key(70, 20), prefix_key(5, 20)]).unwrap();
        let root = list.root();
        // Absent: codes 51..=69, below 50, above 70, and 50's prefix space.
        for range in [KeyRange::codes(51, 69), KeyRange::codes(1, 49), KeyRange::codes(71, 1 << 62)] {
            assert!(!list.any_in(range));
            assert!(list.absence_proof(range).unwrap().proves_absence(root, range));
            assert_eq!(list.presence_proof(range), Err(CircuitError::ListNoEntryInRange));
        }
        // Present: equal to either bound, and the prefix with a window it meets.
        for range in [
            KeyRange::codes(50, 50),
            KeyRange::codes(70, 99),
            KeyRange::codes(1, 50),
            KeyRange::prefix_since(5, 20),
        ] {
            assert!(list.any_in(range));
            assert!(list.presence_proof(range).unwrap().proves_presence(root, range));
            assert_eq!(list.absence_proof(range), Err(CircuitError::ListEntryInRange));
        }
        // A window after the prefix's last day: absent.
        let late = KeyRange::prefix_since(5, 21);
        assert!(list.absence_proof(late).unwrap().proves_absence(root, late));
    }

    #[test]
    fn an_empty_list_has_nothing_in_any_range() {
        let list = AttestedList::from_keys([]).unwrap();
        let range = KeyRange::codes(1, u64::MAX >> 1);
        assert!(list.absence_proof(range).unwrap().proves_absence(list.root(), range));
        assert_eq!(list.presence_proof(range), Err(CircuitError::ListNoEntryInRange));
    }

    #[test]
    fn sentinels_wide_keys_and_long_lists_are_refused() {
        assert_eq!(AttestedList::from_keys([0]).unwrap_err(), CircuitError::ListKey(0));
        assert_eq!(AttestedList::from_keys([KEY_HIGH]).unwrap_err(), CircuitError::ListKey(KEY_HIGH));
        assert_eq!(AttestedList::from_keys([1u128 << 100]).unwrap_err(), CircuitError::ListKey(1 << 100));
        assert!(AttestedList::from_keys(1..=1023).is_ok());
        assert_eq!(AttestedList::from_keys(1..=1024).unwrap_err(), CircuitError::ListTooLong(1024));
    }

    #[test]
    fn a_proof_of_another_list_or_shape_does_not_open() {
        let a = AttestedList::from_keys([code_key(50, 1)]).unwrap();
        let b = AttestedList::from_keys([code_key(50, 1), code_key(60, 1)]).unwrap();
        let range = KeyRange::codes(55, 65);
        let proof = a.absence_proof(range).unwrap();
        assert!(proof.proves_absence(a.root(), range));
        assert!(!proof.proves_absence(b.root(), range));
        let mut short = proof.clone();
        short.path.siblings.pop();
        assert!(!short.proves_absence(a.root(), range));
    }
}
