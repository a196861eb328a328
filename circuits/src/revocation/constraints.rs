//! "This revocation index is not revoked" in R1CS.
//!
//! 2,278 constraints: the index's 20 bits (21), the chunk's 64 bits (65), the
//! 64-way select of its bit and forcing it to 0 when the check is on (50), and
//! seven quaternary levels (7 · 306). The index's high 14 bits are the
//! path's position bits, so the chunk proven is the index's own.

use super::{RevocationWitness, ARITY, BIT_INDEX_BITS, CHUNK_BITS, DEPTH, INDEX_BITS};
use crate::comparison::constraints::{mux, to_bits_le};
use crate::merkle::constraints::MerklePathVar;
use crate::{Fr, FrVar};
use ark_r1cs_std::{alloc::AllocVar, boolean::Boolean, eq::EqGadget};
use ark_relations::gr1cs::{ConstraintSystemRef, SynthesisError};

/// A revocation witness in-circuit: the chunk and its siblings (witnesses).
#[derive(Clone, Debug)]
pub struct RevocationWitnessVar {
    chunk: FrVar,
    siblings: Vec<Vec<FrVar>>,
}

impl RevocationWitnessVar {
    /// Allocates a witness (the tree's depth and arity are fixed, so setup
    /// allocates the same variables without values).
    pub fn new_witness(
        cs: ConstraintSystemRef<Fr>,
        witness: impl FnOnce() -> Result<RevocationWitness, SynthesisError>,
    ) -> Result<Self, SynthesisError> {
        let witness = witness();
        if let Ok(w) = &witness {
            if !w.has_shape() {
                return Err(SynthesisError::Unsatisfiable);
            }
        }
        let chunk = FrVar::new_witness(cs.clone(), || witness.clone().map(|w| Fr::from(w.chunk)))?;
        let siblings = (0..DEPTH)
            .map(|k| {
                (0..ARITY - 1)
                    .map(|c| FrVar::new_witness(cs.clone(), || witness.clone().map(|w| w.siblings[k][c])))
                    .collect::<Result<Vec<_>, _>>()
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(RevocationWitnessVar { chunk, siblings })
    }

    /// Enforces `index < 2^20` always and, when `enabled`, that bit `index` of
    /// the bitmap is 0; returns the root the chunk hashes to at the index's
    /// position (the caller binds it to the issuer's registry leaf).
    pub fn enforce_unrevoked(&self, index: &FrVar, enabled: &Boolean<Fr>) -> Result<FrVar, SynthesisError> {
        let index_bits = to_bits_le(index, INDEX_BITS)?;
        let chunk_bits = to_bits_le(&self.chunk, CHUNK_BITS)?;
        let bit = mux(&index_bits[..BIT_INDEX_BITS], &chunk_bits)?;
        bit.conditional_enforce_equal(&Boolean::FALSE, enabled)?;
        let position_bits = index_bits[BIT_INDEX_BITS..].chunks(2).map(|pair| pair.to_vec()).collect();
        let path = MerklePathVar { position_bits, siblings: self.siblings.clone() };
        path.compute_root(&self.chunk)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::revocation::{RevocationTree, CAPACITY};
    use crate::test_utils::{cs, satisfied};
    use ark_r1cs_std::GR1CSVar;

    /// Whether the circuit accepts `witness` for `index` under `root`.
    fn accepts(witness: RevocationWitness, index: u64, root: Fr, enabled: bool) -> bool {
        let cs = cs();
        let w = RevocationWitnessVar::new_witness(cs.clone(), || Ok(witness)).unwrap();
        let index = FrVar::new_witness(cs.clone(), || Ok(Fr::from(index))).unwrap();
        let on = Boolean::new_witness(cs.clone(), || Ok(enabled)).unwrap();
        let computed = w.enforce_unrevoked(&index, &on).unwrap();
        let root = FrVar::new_input(cs.clone(), || Ok(root)).unwrap();
        computed.enforce_equal(&root).unwrap();
        satisfied(&cs)
    }

    #[test]
    fn gadget_agrees_with_native_at_bounds_and_beside_revoked_indices() {
        let revoked = [0u64, 64, 65, 127, 500, CAPACITY - 1];
        let tree = RevocationTree::new(revoked).unwrap();
        for n in [0u64, 1, 63, 64, 65, 66, 126, 127, 128, 499, 500, 501, CAPACITY - 2, CAPACITY - 1] {
            let w = tree.witness(n).unwrap();
            let native = w.proves_unrevoked(tree.root(), n);
            assert_eq!(native, !revoked.contains(&n), "{n}");
            assert_eq!(accepts(w.clone(), n, tree.root(), true), native, "{n}");
            // Off, only the root is checked: a revoked index's witness still hashes up.
            assert!(accepts(w, n, tree.root(), false), "{n}");
        }
    }

    #[test]
    fn forged_witnesses_are_refused() {
        let tree = RevocationTree::new([10, 20]).unwrap();
        // The revoked index with its bit cleared: the chunk is not in the tree.
        let mut cleared = tree.witness(10).unwrap();
        cleared.chunk &= !(1 << 10);
        assert!(!accepts(cleared, 10, tree.root(), true));
        // Another chunk's (clean) witness, claimed for the revoked index.
        let other = tree.witness(100).unwrap();
        assert!(other.proves_unrevoked(tree.root(), 100));
        assert!(!accepts(other, 10, tree.root(), true));
        // The empty list's witness under the real root.
        let empty = RevocationTree::new([]).unwrap().witness(10).unwrap();
        assert!(!accepts(empty, 10, tree.root(), true));
        // An index past the capacity, whose low 20 bits are a clean index.
        let clean = tree.witness(11).unwrap();
        assert!(accepts(clean.clone(), 11, tree.root(), true));
        assert!(!accepts(clean.clone(), 11 + CAPACITY, tree.root(), true));
        assert!(!accepts(clean, 11 + CAPACITY, tree.root(), false), "the range check is never off");
    }

    #[test]
    fn the_computed_root_is_the_native_root() {
        let tree = RevocationTree::new([3, 4000, 77_777]).unwrap();
        let cs = cs();
        let w = RevocationWitnessVar::new_witness(cs.clone(), || Ok(tree.witness(77_776).unwrap())).unwrap();
        let index = FrVar::new_witness(cs.clone(), || Ok(Fr::from(77_776u64))).unwrap();
        let root = w.enforce_unrevoked(&index, &Boolean::TRUE).unwrap();
        assert_eq!(root.value().unwrap(), tree.root());
        assert!(satisfied(&cs));
        // The pinned cost (a constant `enabled` saves nothing: the bit check is one constraint).
        assert_eq!(cs.num_constraints(), 2_278);
    }
}
