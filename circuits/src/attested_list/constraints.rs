//! Attested-list absence and presence in R1CS.
//!
//! One check costs `2 · 97` (range checks of the opened leaf's keys) + `240`
//! (leaf hash) + the quaternary path (`LIST_DEPTH` levels) + `3 · 98` (three
//! 96-bit comparisons, shared by both modes) + a few for the mode; the count is
//! pinned in `constraint_counts.csv` (`attested_list_check`).

use super::{ListProof, KEY_BITS, LIST_ARITY, LIST_DEPTH};
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

/// An in-circuit key range: both ends range-checked to 96 bits by the caller.
#[derive(Clone, Debug)]
pub struct KeyRangeVar {
    /// The smallest key of the range.
    pub lo: BoundedVar,
    /// The largest key of the range.
    pub hi: BoundedVar,
}

impl KeyRangeVar {
    /// A range of constant keys (no constraints).
    pub fn constant(lo: u128, hi: u128) -> Result<Self, SynthesisError> {
        Ok(KeyRangeVar {
            lo: BoundedVar::new(FrVar::constant(Fr::from(lo)), KEY_BITS)?,
            hi: BoundedVar::new(FrVar::constant(Fr::from(hi)), KEY_BITS)?,
        })
    }
}

/// An opened leaf of an attested list: its two keys (range-checked to 96 bits)
/// and its path.
#[derive(Clone, Debug)]
pub struct ListProofVar {
    /// The leaf's key.
    pub key: BoundedVar,
    /// The leaf's next key.
    pub next_key: BoundedVar,
    /// The leaf's authentication path.
    pub path: MerklePathVar,
}

impl ListProofVar {
    /// Allocates a leaf proof of a list tree (`LIST_ARITY`, `LIST_DEPTH`).
    pub fn new_variable(
        cs: impl Into<Namespace<Fr>>,
        proof: impl FnOnce() -> Result<ListProof, SynthesisError>,
        mode: AllocationMode,
    ) -> Result<Self, SynthesisError> {
        let cs = cs.into().cs();
        let proof = proof();
        let key_of = |f: fn(&ListProof) -> u128| proof.as_ref().map(|p| Fr::from(f(p))).map_err(|e| *e);
        let key =
            BoundedVar::new(FrVar::new_variable(cs.clone(), || key_of(|p| p.leaf.key), mode)?, KEY_BITS)?;
        let next_key = BoundedVar::new(
            FrVar::new_variable(cs.clone(), || key_of(|p| p.leaf.next_key), mode)?,
            KEY_BITS,
        )?;
        let path = MerklePathVar::new_variable_with_shape(
            cs,
            LIST_ARITY,
            LIST_DEPTH,
            || proof.map(|p| p.path),
            mode,
        )?;
        Ok(ListProofVar { key, next_key, path })
    }

    /// The root this leaf and path hash up to.
    pub fn root(&self) -> Result<FrVar, SynthesisError> {
        let leaf = poseidon::constraints::hash2(self.key.value(), self.next_key.value())?;
        self.path.compute_root(&leaf)
    }

    /// Whether the leaf proves absence (`absence` true: `key < lo` and
    /// `hi < next_key`) or presence (`absence` false: `lo ≤ key ≤ hi`, `key ≠ 0`)
    /// of a key in `range`. The root is checked separately ([`Self::root`]).
    pub fn holds(&self, absence: &Boolean<Fr>, range: &KeyRangeVar) -> Result<Boolean<Fr>, SynthesisError> {
        let below = self.key.is_lt(&range.lo)?;
        let next_above = range.hi.is_lt(&self.next_key)?;
        let key_above = range.hi.is_lt(&self.key)?;
        let none = &below & &next_above;
        let some = !&below & !key_above & self.key.value().is_neq(&FrVar::zero())?;
        absence.select(&none, &some)
    }

    /// Enforces the check of [`Self::holds`] against `root`.
    pub fn enforce(
        &self,
        absence: &Boolean<Fr>,
        range: &KeyRangeVar,
        root: &FrVar,
    ) -> Result<(), SynthesisError> {
        self.root()?.enforce_equal(root)?;
        self.holds(absence, range)?.enforce_equal(&Boolean::TRUE)
    }
}

#[cfg(test)]
mod tests {
    use super::super::{code_key, prefix_key, AttestedList, KeyRange, ListLeaf};
    use super::*;
    use crate::test_utils::{cs, satisfied, MODES};

    fn run(root: Fr, proof: &ListProof, absence: bool, range: KeyRange, mode: AllocationMode) -> bool {
        let cs = cs();
        let p = ListProofVar::new_variable(cs.clone(), || Ok(proof.clone()), mode).unwrap();
        let r = KeyRangeVar {
            lo: BoundedVar::new(
                FrVar::new_variable(cs.clone(), || Ok(Fr::from(range.lo)), mode).unwrap(),
                96,
            )
            .unwrap(),
            hi: BoundedVar::new(
                FrVar::new_variable(cs.clone(), || Ok(Fr::from(range.hi)), mode).unwrap(),
                96,
            )
            .unwrap(),
        };
        let root = FrVar::new_variable(cs.clone(), || Ok(root), mode).unwrap();
        let absence = Boolean::new_variable(cs.clone(), || Ok(absence), mode).unwrap();
        // A constant check that fails is refused at synthesis.
        p.enforce(&absence, &r, &root).is_ok() && satisfied(&cs)
    }

    fn list() -> AttestedList {
        AttestedList::from_keys([code_key(100, 5), code_key(200, 7), code_key(300, 9), prefix_key(1, 9)])
            .unwrap()
    }

    #[test]
    fn gadget_agrees_with_native_on_every_range_in_every_mode() {
        let list = list();
        let root = list.root();
        let ranges = [
            KeyRange::codes(1, 99),
            KeyRange::codes(1, 100),
            KeyRange::codes(100, 100),
            KeyRange::codes(101, 199),
            KeyRange::codes(150, 250),
            KeyRange::codes(300, 300),
            KeyRange::codes(301, 1 << 62),
            KeyRange::prefix_since(1, 9),
            KeyRange::prefix_since(1, 10),
            KeyRange::prefix_since(2, 0),
        ];
        for range in ranges {
            for absence in [true, false] {
                let proof = list.proof_for(absence, range).unwrap();
                let native = if absence {
                    proof.proves_absence(root, range)
                } else {
                    proof.proves_presence(root, range)
                };
                assert_eq!(native, absence != list.any_in(range), "{range:?} absence={absence}");
                for mode in MODES {
                    assert_eq!(
                        run(root, &proof, absence, range, mode),
                        native,
                        "{range:?} {absence} {mode:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn no_leaf_of_a_list_with_an_entry_in_range_proves_absence() {
        // Entries at the first and last positions and equal to a bound.
        let list = list();
        let root = list.root();
        for range in [KeyRange::codes(50, 100), KeyRange::codes(300, 400), KeyRange::codes(100, 300)] {
            for index in 0..5u64 {
                let leaf = list.leaves[index as usize];
                let proof = ListProof { leaf, path: list.tree.path(index).unwrap() };
                assert!(!proof.proves_absence(root, range));
                assert!(!run(root, &proof, true, range, AllocationMode::Witness), "leaf {index} {range:?}");
            }
        }
    }

    #[test]
    fn a_forged_leaf_or_a_sentinel_proves_nothing() {
        let list = list();
        let root = list.root();
        let range = KeyRange::codes(150, 250);
        // The gap leaf (100, 200) with its next key moved past the range: not in the tree.
        let mut forged = list.proof_for(true, range).unwrap();
        forged.leaf = ListLeaf { key: code_key(100, 5), next_key: code_key(300, 9) };
        assert!(!run(root, &forged, true, range, AllocationMode::Witness));
        // The low sentinel (0, k1) is in every tree; key 0 is never present.
        let sentinel = ListProof { leaf: list.leaves[0], path: list.tree.path(0).unwrap() };
        let all = KeyRange { lo: 0, hi: 1 << 90 };
        assert!(!sentinel.proves_presence(root, all));
        assert!(!run(root, &sentinel, false, all, AllocationMode::Witness));
    }

    #[test]
    fn a_list_without_the_entry_is_another_root() {
        // Dropping the entry at 200 changes the root, so the signed root refuses its proofs.
        let full = list();
        let dropped =
            AttestedList::from_keys([code_key(100, 5), code_key(300, 9), prefix_key(1, 9)]).unwrap();
        let range = KeyRange::codes(150, 250);
        let proof = dropped.absence_proof(range).unwrap();
        assert!(run(dropped.root(), &proof, true, range, AllocationMode::Witness));
        assert!(!run(full.root(), &proof, true, range, AllocationMode::Witness));
    }

    #[test]
    fn one_leaf_answers_both_modes_oppositely() {
        let list = list();
        let range = KeyRange::codes(200, 200);
        let cs = cs();
        let proof = list.presence_proof(range).unwrap();
        let p = ListProofVar::new_variable(cs.clone(), || Ok(proof), AllocationMode::Witness).unwrap();
        let r = KeyRangeVar::constant(range.lo, range.hi).unwrap();
        use ark_r1cs_std::GR1CSVar;
        assert!(!p.holds(&Boolean::TRUE, &r).unwrap().value().unwrap());
        assert!(p.holds(&Boolean::FALSE, &r).unwrap().value().unwrap());
    }
}
