//! Indexed-tree membership and non-membership in R1CS.
//!
//! Non-membership at depth `D` costs `2·65` (range checks of the low leaf) +
//! `240` (leaf hash) + `242·D` (path) + `2·65` (the two strict comparisons).

use super::{IndexedLeaf, LeafProof};
use crate::comparison::constraints::BoundedVar;
use crate::merkle::constraints::MerklePathVar;
use crate::{poseidon, Fr, FrVar};
use ark_r1cs_std::{
    alloc::{AllocVar, AllocationMode},
    boolean::Boolean,
    eq::EqGadget,
    fields::FieldVar,
};
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
    /// Allocates a leaf proof for a binary tree of `depth` levels.
    pub fn new_variable_with_depth(
        cs: impl Into<Namespace<Fr>>,
        depth: usize,
        proof: impl FnOnce() -> Result<LeafProof, SynthesisError>,
        mode: AllocationMode,
    ) -> Result<Self, SynthesisError> {
        LeafProofVar::new_variable_with_shape(cs, 2, depth, proof, mode)
    }

    /// Allocates a leaf proof for a tree of the given arity and depth.
    pub fn new_variable_with_shape(
        cs: impl Into<Namespace<Fr>>,
        arity: usize,
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
        let path = MerklePathVar::new_variable_with_shape(cs, arity, depth, || proof.map(|p| p.path), mode)?;
        Ok(LeafProofVar { value, next_value, path })
    }

    fn enforce_leaf_in_tree(&self, root: &FrVar) -> Result<(), SynthesisError> {
        self.root()?.enforce_equal(root)
    }

    /// The root this leaf and path hash up to.
    pub fn root(&self) -> Result<FrVar, SynthesisError> {
        let leaf = poseidon::constraints::hash2(self.value.value(), self.next_value.value())?;
        self.path.compute_root(&leaf)
    }

    /// Whether the leaf proves `x ∈ set`: `value = x ≠ 0` (4 constraints; the root
    /// is checked separately). The low sentinel leaf `(0, v1)` is in every tree,
    /// so without `x ≠ 0` the value 0 would be a member of every set.
    pub fn is_member(&self, x: &BoundedVar) -> Result<Boolean<Fr>, SynthesisError> {
        Ok(self.value.is_eq(x)? & x.value().is_neq(&FrVar::zero())?)
    }

    /// Whether the leaf proves `x ∉ set`: `value < x < next_value` (2·66 + 1 constraints).
    pub fn is_non_member(&self, x: &BoundedVar) -> Result<Boolean<Fr>, SynthesisError> {
        Ok(self.value.is_lt(x)? & x.is_lt(&self.next_value)?)
    }

    /// Enforces `x ∉ set(root)`: the leaf is in the tree and `value < x < next_value`.
    pub fn enforce_non_membership(&self, x: &BoundedVar, root: &FrVar) -> Result<(), SynthesisError> {
        self.enforce_leaf_in_tree(root)?;
        self.value.enforce_lt(x)?;
        x.enforce_lt(&self.next_value)
    }

    /// Enforces `x ∈ set(root)`: the leaf is in the tree and `value = x ≠ 0`.
    pub fn enforce_membership(&self, x: &BoundedVar, root: &FrVar) -> Result<(), SynthesisError> {
        self.enforce_leaf_in_tree(root)?;
        self.value.value().enforce_equal(x.value())?;
        // A constant 0 would fold the inequality away (no constraint to fail).
        if let ark_r1cs_std::fields::fp::FpVar::Constant(c) = x.value() {
            if *c == Fr::from(0u64) {
                return Err(SynthesisError::Unsatisfiable);
            }
        }
        x.value().enforce_not_equal(&FrVar::zero())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indexed_merkle::IndexedMerkleTree;
    use crate::test_utils::{cs, satisfied, MODES};

    fn run(set: &IndexedMerkleTree, proof: LeafProof, x: u64, member: bool, mode: AllocationMode) -> bool {
        let cs = cs();
        let p = LeafProofVar::new_variable_with_depth(cs.clone(), set.depth(), || Ok(proof), mode).unwrap();
        let xv =
            BoundedVar::new(FrVar::new_variable(cs.clone(), || Ok(Fr::from(x)), mode).unwrap(), 64).unwrap();
        let root = FrVar::new_input(cs.clone(), || Ok(set.root())).unwrap();
        let result =
            if member { p.enforce_membership(&xv, &root) } else { p.enforce_non_membership(&xv, &root) };
        result.is_ok() && satisfied(&cs)
    }

    #[test]
    fn gadget_agrees_with_native_proofs_in_every_mode() {
        let set = IndexedMerkleTree::from_set(4, [100, 200, 300]).unwrap();
        for mode in MODES {
            for x in [1, 150, 301, u64::MAX - 1] {
                assert!(run(&set, set.non_membership_proof(x).unwrap(), x, false, mode), "{x} ∉ ({mode:?})");
            }
            for x in [100, 300] {
                assert!(run(&set, set.membership_proof(x).unwrap(), x, true, mode), "{x} ∈ ({mode:?})");
            }
        }
    }

    #[test]
    fn boolean_forms_agree_with_native_for_quaternary_trees() {
        use ark_r1cs_std::GR1CSVar;
        let set = IndexedMerkleTree::from_set_with_arity(4, 3, [100, 200, 300]).unwrap();
        for (x, member) in [(150u64, false), (200, true), (1, false), (300, true), (301, false)] {
            let proof = if member { set.membership_proof(x) } else { set.non_membership_proof(x) }.unwrap();
            let cs = cs();
            let p = LeafProofVar::new_variable_with_shape(
                cs.clone(),
                4,
                3,
                || Ok(proof),
                AllocationMode::Witness,
            )
            .unwrap();
            let xv =
                BoundedVar::new(FrVar::new_witness(cs.clone(), || Ok(Fr::from(x))).unwrap(), 64).unwrap();
            assert_eq!(p.root().unwrap().value().unwrap(), set.root());
            assert_eq!(p.is_member(&xv).unwrap().value().unwrap(), member);
            assert_eq!(p.is_non_member(&xv).unwrap().value().unwrap(), !member);
            assert!(satisfied(&cs));
        }
    }

    #[test]
    fn zero_is_a_member_of_no_set_although_the_sentinel_leaf_holds_it() {
        use ark_r1cs_std::GR1CSVar;
        let set = IndexedMerkleTree::from_set(4, [100, 200, 300]).unwrap();
        // The low sentinel (0, 100) is a real leaf of every tree.
        let sentinel = set.leaf_proof(0).unwrap();
        assert_eq!(sentinel.leaf.value, 0);
        assert!(set.membership_proof(0).is_err(), "the native tree refuses it too");
        for mode in MODES {
            assert!(!run(&set, sentinel.clone(), 0, true, mode), "0 ∈ set ({mode:?})");
        }
        let cs = cs();
        let p = LeafProofVar::new_variable_with_depth(
            cs.clone(),
            set.depth(),
            || Ok(sentinel),
            AllocationMode::Witness,
        )
        .unwrap();
        let xv = BoundedVar::new(FrVar::new_witness(cs.clone(), || Ok(Fr::from(0u64))).unwrap(), 64).unwrap();
        assert_eq!(p.root().unwrap().value().unwrap(), set.root(), "the leaf is in the tree");
        assert!(!p.is_member(&xv).unwrap().value().unwrap(), "yet it proves nothing about 0");
        assert!(satisfied(&cs));
    }

    #[test]
    fn a_member_cannot_be_proven_absent() {
        let set = IndexedMerkleTree::from_set(4, [100, 200, 300]).unwrap();
        // The low leaf of 150 is (100, 200): it cannot cover 100, 200 or 250.
        let proof = set.non_membership_proof(150).unwrap();
        for x in [100, 200, 250] {
            assert!(!run(&set, proof.clone(), x, false, AllocationMode::Witness), "{x}");
        }
        // A forged leaf (100, 300) that skips the member 200 is not in the tree.
        let mut forged = proof.clone();
        forged.leaf.next_value = 300;
        assert!(!run(&set, forged, 200, false, AllocationMode::Witness));
        // A non-member cannot be proven present via its low leaf.
        assert!(!run(&set, proof, 150, true, AllocationMode::Witness));
    }
}
