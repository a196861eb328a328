//! Indexed-tree membership and non-membership in R1CS.
//!
//! Non-membership at depth `D` costs `2·65` (range checks of the low leaf) +
//! `240` (leaf hash) + `242·D` (path) + `2·65` (the two strict comparisons).

use super::{IndexedLeaf, LeafProof};
use crate::comparison::constraints::BoundedVar;
use crate::merkle::constraints::MerklePathVar;
use crate::{poseidon, Fr, FrVar};
use ark_r1cs_std::alloc::{AllocVar, AllocationMode};
use ark_relations::gr1cs::{Namespace, SynthesisError};

/// An in-circuit leaf proof: the leaf's two values (range-checked to 64 bits)
/// and its path.
#[derive(Clone, Debug)]
pub struct LeafProofVar {
    /// The leaf's value.
    pub value: BoundedVar,
    /// The leaf's next value.
    pub next_value: BoundedVar,
    /// The leaf's authentication path.
    pub path: MerklePathVar,
}

impl LeafProofVar {
    /// Allocates a leaf proof for a tree of `depth` levels.
    pub fn new_variable_with_depth(
        cs: impl Into<Namespace<Fr>>,
        depth: usize,
        proof: impl FnOnce() -> Result<LeafProof, SynthesisError>,
        mode: AllocationMode,
    ) -> Result<Self, SynthesisError> {
        let cs = cs.into().cs();
        let proof = proof();
        let leaf = |f: fn(&IndexedLeaf) -> u64| proof.clone().map(|p| Fr::from(f(&p.leaf)));
        let value = BoundedVar::new(FrVar::new_variable(cs.clone(), || leaf(|l| l.value), mode)?, 64)?;
        let next_value =
            BoundedVar::new(FrVar::new_variable(cs.clone(), || leaf(|l| l.next_value), mode)?, 64)?;
        let path = MerklePathVar::new_variable_with_depth(cs, depth, || proof.map(|p| p.path), mode)?;
        Ok(LeafProofVar { value, next_value, path })
    }

    fn enforce_leaf_in_tree(&self, root: &FrVar) -> Result<(), SynthesisError> {
        let leaf = poseidon::constraints::hash2(self.value.value(), self.next_value.value())?;
        self.path.enforce_membership(&leaf, root)
    }

    /// Enforces `x ∉ set(root)`: the leaf is in the tree and `value < x < next_value`.
    pub fn enforce_non_membership(&self, x: &BoundedVar, root: &FrVar) -> Result<(), SynthesisError> {
        self.enforce_leaf_in_tree(root)?;
        self.value.enforce_lt(x)?;
        x.enforce_lt(&self.next_value)
    }

    /// Enforces `x ∈ set(root)`: the leaf is in the tree and `value = x ≠ 0`.
    pub fn enforce_membership(&self, x: &BoundedVar, root: &FrVar) -> Result<(), SynthesisError> {
        use ark_r1cs_std::{eq::EqGadget, fields::FieldVar};
        self.enforce_leaf_in_tree(root)?;
        self.value.value().enforce_equal(x.value())?;
        x.value().enforce_not_equal(&FrVar::zero())
    }
}
