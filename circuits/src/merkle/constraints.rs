//! Merkle membership in R1CS.
//!
//! Binary: 242 constraints per level (Poseidon(2) 240, the index bit 1, the
//! ordered swap 1). Quaternary: 306 per level (Poseidon(4) 297, two index bits 2,
//! placing the node among its three siblings 7).

use super::MerklePath;
use crate::{poseidon, Fr, FrVar};
use ark_r1cs_std::{
    alloc::{AllocVar, AllocationMode},
    boolean::Boolean,
    eq::EqGadget,
    fields::FieldVar,
    select::CondSelectGadget,
};
use ark_relations::gr1cs::{Namespace, SynthesisError};
use std::borrow::Borrow;

/// An in-circuit authentication path.
#[derive(Clone, Debug)]
pub struct MerklePathVar {
    /// Per level, the node's position as little-endian bits (1 bit for arity 2, 2 for arity 4).
    pub position_bits: Vec<Vec<Boolean<Fr>>>,
    /// Per level, the `arity − 1` siblings in child order.
    pub siblings: Vec<Vec<FrVar>>,
}

impl MerklePathVar {
    /// Allocates a path of a known arity and depth (both are part of a circuit's
    /// shape, so they are fixed even in setup mode when no value exists).
    pub fn new_variable_with_shape(
        cs: impl Into<Namespace<Fr>>,
        arity: usize,
        depth: usize,
        path: impl FnOnce() -> Result<MerklePath, SynthesisError>,
        mode: AllocationMode,
    ) -> Result<Self, SynthesisError> {
        assert!(arity == 2 || arity == 4, "arity 2 or 4");
        let cs = cs.into().cs();
        let path = path();
        if let Ok(p) = &path {
            if p.siblings.len() != depth || p.siblings.iter().any(|s| s.len() != arity - 1) {
                return Err(SynthesisError::Unsatisfiable);
            }
        }
        let bits_per_level = arity.trailing_zeros() as usize;
        let mut position_bits = Vec::with_capacity(depth);
        let mut siblings = Vec::with_capacity(depth);
        for k in 0..depth {
            let bits = (0..bits_per_level)
                .map(|b| {
                    let shift = k * bits_per_level + b;
                    Boolean::new_variable(
                        cs.clone(),
                        || path.clone().map(|p| (p.index >> shift) & 1 == 1),
                        mode,
                    )
                })
                .collect::<Result<Vec<_>, _>>()?;
            let level = (0..arity - 1)
                .map(|c| FrVar::new_variable(cs.clone(), || path.clone().map(|p| p.siblings[k][c]), mode))
                .collect::<Result<Vec<_>, _>>()?;
            position_bits.push(bits);
            siblings.push(level);
        }
        Ok(MerklePathVar { position_bits, siblings })
    }

    /// Allocates a binary path of a known depth.
    pub fn new_variable_with_depth(
        cs: impl Into<Namespace<Fr>>,
        depth: usize,
        path: impl FnOnce() -> Result<MerklePath, SynthesisError>,
        mode: AllocationMode,
    ) -> Result<Self, SynthesisError> {
        MerklePathVar::new_variable_with_shape(cs, 2, depth, path, mode)
    }

    /// The root reached by hashing `leaf` up this path.
    pub fn compute_root(&self, leaf: &FrVar) -> Result<FrVar, SynthesisError> {
        let mut node = leaf.clone();
        for (bits, siblings) in self.position_bits.iter().zip(&self.siblings) {
            let children = match siblings.len() {
                1 => {
                    let left = FrVar::conditionally_select(&bits[0], &siblings[0], &node)?;
                    let right = &node + &siblings[0] - &left;
                    vec![left, right]
                }
                3 => place_among_three(&node, siblings, &bits[0], &bits[1])?,
                _ => unreachable!("paths are allocated with arity 2 or 4"),
            };
            node = poseidon::constraints::hash(&children)?;
        }
        Ok(node)
    }

    /// Enforces that `leaf` is in the tree with root `root`.
    pub fn enforce_membership(&self, leaf: &FrVar, root: &FrVar) -> Result<(), SynthesisError> {
        self.compute_root(leaf)?.enforce_equal(root)
    }
}

/// The four children with `node` at position `b0 + 2·b1` and `s` in the other
/// positions, in order (7 constraints).
fn place_among_three(
    node: &FrVar,
    s: &[FrVar],
    b0: &Boolean<Fr>,
    b1: &Boolean<Fr>,
) -> Result<Vec<FrVar>, SynthesisError> {
    let (b0, b1) = (FrVar::from(b0.clone()), FrVar::from(b1.clone()));
    let both = &b0 * &b1;
    // One-hot position indicators, all linear in (b0, b1, b0·b1).
    let at0 = FrVar::one() - &b0 - &b1 + &both;
    let at1 = &b0 - &both;
    let at2 = &b1 - &both;
    let at3 = both;
    Ok(vec![
        &s[0] + &at0 * (node - &s[0]),
        &s[1] + &at0 * (&s[0] - &s[1]) + &at1 * (node - &s[1]),
        &s[1] + &at2 * (node - &s[1]) + &at3 * (&s[2] - &s[1]),
        &s[2] + &at3 * (node - &s[2]),
    ])
}

impl AllocVar<MerklePath, Fr> for MerklePathVar {
    /// Allocates a path whose arity and depth are taken from the value; use
    /// [`MerklePathVar::new_variable_with_shape`] where the value may be absent.
    fn new_variable<T: Borrow<MerklePath>>(
        cs: impl Into<Namespace<Fr>>,
        f: impl FnOnce() -> Result<T, SynthesisError>,
        mode: AllocationMode,
    ) -> Result<Self, SynthesisError> {
        let path = f()?.borrow().clone();
        MerklePathVar::new_variable_with_shape(cs, path.arity(), path.siblings.len(), || Ok(path), mode)
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
        for (arity, depth) in [(2, 5), (4, 3)] {
            let tree = MerkleTree::from_leaves_with_arity(arity, depth, (0..11u64).map(|i| Fr::from(i * i)))
                .unwrap();
            for mode in MODES {
                for index in [0u64, 1, 2, 3, 6, 10] {
                    let cs = cs();
                    let path =
                        MerklePathVar::new_variable(cs.clone(), || Ok(tree.path(index).unwrap()), mode)
                            .unwrap();
                    let leaf = FrVar::new_variable(cs.clone(), || Ok(Fr::from(index * index)), mode).unwrap();
                    let root = FrVar::new_input(cs.clone(), || Ok(tree.root())).unwrap();
                    assert_eq!(path.compute_root(&leaf).unwrap().value().unwrap(), tree.root());
                    path.enforce_membership(&leaf, &root).unwrap();
                    assert!(satisfied(&cs));
                }
            }
        }
    }

    #[test]
    fn quaternary_level_costs_306_constraints() {
        let tree = MerkleTree::from_leaves_with_arity(4, 2, (0..7u64).map(Fr::from)).unwrap();
        let cs = cs();
        let leaf = FrVar::new_witness(cs.clone(), || Ok(Fr::from(6u64))).unwrap();
        let before = cs.num_constraints();
        let path = MerklePathVar::new_witness(cs.clone(), || Ok(tree.path(6).unwrap())).unwrap();
        assert_eq!(path.compute_root(&leaf).unwrap().value().unwrap(), tree.root());
        assert_eq!(cs.num_constraints() - before, 2 * 306);
        assert!(satisfied(&cs));
    }

    #[test]
    fn wrong_leaf_sibling_or_index_is_unsatisfied() {
        for (arity, depth) in [(2, 4), (4, 2)] {
            let tree = MerkleTree::from_leaves_with_arity(arity, depth, (0..9u64).map(Fr::from)).unwrap();
            let good = tree.path(5).unwrap();
            let mut wrong_sibling = good.clone();
            wrong_sibling.siblings[1][0] += Fr::from(1u64);
            let mut wrong_index = good.clone();
            wrong_index.index = 4;
            for (path, leaf) in [(good.clone(), 6u64), (wrong_sibling, 5), (wrong_index, 5)] {
                let cs = cs();
                let p = MerklePathVar::new_witness(cs.clone(), || Ok(path)).unwrap();
                let leaf = FrVar::new_witness(cs.clone(), || Ok(Fr::from(leaf))).unwrap();
                let root = FrVar::new_input(cs.clone(), || Ok(tree.root())).unwrap();
                p.enforce_membership(&leaf, &root).unwrap();
                assert!(!cs.is_satisfied().unwrap(), "arity {arity}");
            }
        }
    }

    #[test]
    fn path_of_the_wrong_shape_is_refused() {
        let tree = MerkleTree::from_leaves(4, [Fr::from(1u64)]).unwrap();
        let result = MerklePathVar::new_variable_with_depth(
            cs(),
            5,
            || Ok(tree.path(0).unwrap()),
            AllocationMode::Witness,
        );
        assert!(result.is_err());
        let result = MerklePathVar::new_variable_with_shape(
            cs(),
            4,
            4,
            || Ok(tree.path(0).unwrap()),
            AllocationMode::Witness,
        );
        assert!(result.is_err());
    }
}
