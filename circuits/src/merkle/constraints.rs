//! Merkle membership in R1CS: 242 constraints per level (Poseidon 240, the
//! index bit 1, the ordered swap 1).

use super::MerklePath;
use crate::{poseidon, Fr, FrVar};
use ark_r1cs_std::{
    alloc::{AllocVar, AllocationMode},
    boolean::Boolean,
    eq::EqGadget,
    select::CondSelectGadget,
};
use ark_relations::gr1cs::{Namespace, SynthesisError};
use std::borrow::Borrow;

/// An in-circuit authentication path: one index bit and one sibling per level.
#[derive(Clone, Debug)]
pub struct MerklePathVar {
    /// Bit `k` is set when the node at level `k` is a right child.
    pub index_bits: Vec<Boolean<Fr>>,
    /// The siblings, leaves first.
    pub siblings: Vec<FrVar>,
}

impl MerklePathVar {
    /// Allocates a path of a known depth (the depth is part of the circuit's
    /// shape, so it is fixed even in setup mode when no value exists).
    pub fn new_variable_with_depth(
        cs: impl Into<Namespace<Fr>>,
        depth: usize,
        path: impl FnOnce() -> Result<MerklePath, SynthesisError>,
        mode: AllocationMode,
    ) -> Result<Self, SynthesisError> {
        let cs = cs.into().cs();
        let path = path();
        if let Ok(p) = &path {
            if p.siblings.len() != depth {
                return Err(SynthesisError::Unsatisfiable);
            }
        }
        let index_bits = (0..depth)
            .map(|k| {
                Boolean::new_variable(cs.clone(), || path.clone().map(|p| (p.index >> k) & 1 == 1), mode)
            })
            .collect::<Result<Vec<_>, _>>()?;
        let siblings = (0..depth)
            .map(|k| FrVar::new_variable(cs.clone(), || path.clone().map(|p| p.siblings[k]), mode))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(MerklePathVar { index_bits, siblings })
    }

    /// The root reached by hashing `leaf` up this path.
    pub fn compute_root(&self, leaf: &FrVar) -> Result<FrVar, SynthesisError> {
        let mut node = leaf.clone();
        for (bit, sibling) in self.index_bits.iter().zip(&self.siblings) {
            let left = FrVar::conditionally_select(bit, sibling, &node)?;
            let right = &node + sibling - &left;
            node = poseidon::constraints::hash2(&left, &right)?;
        }
        Ok(node)
    }

    /// Enforces that `leaf` is in the tree with root `root`.
    pub fn enforce_membership(&self, leaf: &FrVar, root: &FrVar) -> Result<(), SynthesisError> {
        self.compute_root(leaf)?.enforce_equal(root)
    }
}

impl AllocVar<MerklePath, Fr> for MerklePathVar {
    /// Allocates a path whose depth is taken from the value; use
    /// [`MerklePathVar::new_variable_with_depth`] where the value may be absent.
    fn new_variable<T: Borrow<MerklePath>>(
        cs: impl Into<Namespace<Fr>>,
        f: impl FnOnce() -> Result<T, SynthesisError>,
        mode: AllocationMode,
    ) -> Result<Self, SynthesisError> {
        let path = f()?.borrow().clone();
        MerklePathVar::new_variable_with_depth(cs, path.siblings.len(), || Ok(path), mode)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::merkle::MerkleTree;
    use crate::test_utils::{cs, satisfied, MODES};
    use ark_r1cs_std::GR1CSVar;

    #[test]
    fn gadget_root_equals_native_root_in_every_mode() {
        let tree = MerkleTree::from_leaves(5, (0..11u64).map(|i| Fr::from(i * i))).unwrap();
        for mode in MODES {
            for index in [0u64, 1, 6, 10] {
                let cs = cs();
                let path =
                    MerklePathVar::new_variable(cs.clone(), || Ok(tree.path(index).unwrap()), mode).unwrap();
                let leaf = FrVar::new_variable(cs.clone(), || Ok(Fr::from(index * index)), mode).unwrap();
                let root = FrVar::new_input(cs.clone(), || Ok(tree.root())).unwrap();
                assert_eq!(path.compute_root(&leaf).unwrap().value().unwrap(), tree.root());
                path.enforce_membership(&leaf, &root).unwrap();
                assert!(satisfied(&cs));
            }
        }
    }

    #[test]
    fn wrong_leaf_sibling_or_index_is_unsatisfied() {
        let tree = MerkleTree::from_leaves(4, (0..9u64).map(Fr::from)).unwrap();
        let good = tree.path(5).unwrap();
        let mut wrong_sibling = good.clone();
        wrong_sibling.siblings[2] += Fr::from(1u64);
        let mut wrong_index = good.clone();
        wrong_index.index = 4;
        for (path, leaf) in [(good.clone(), 6u64), (wrong_sibling, 5), (wrong_index, 5)] {
            let cs = cs();
            let p = MerklePathVar::new_witness(cs.clone(), || Ok(path)).unwrap();
            let leaf = FrVar::new_witness(cs.clone(), || Ok(Fr::from(leaf))).unwrap();
            let root = FrVar::new_input(cs.clone(), || Ok(tree.root())).unwrap();
            p.enforce_membership(&leaf, &root).unwrap();
            assert!(!cs.is_satisfied().unwrap());
        }
    }

    #[test]
    fn path_of_the_wrong_depth_is_refused() {
        let tree = MerkleTree::from_leaves(4, [Fr::from(1u64)]).unwrap();
        let cs = cs();
        let result = MerklePathVar::new_variable_with_depth(
            cs,
            5,
            || Ok(tree.path(0).unwrap()),
            AllocationMode::Witness,
        );
        assert!(result.is_err());
    }
}
