//! List checks in R1CS: the slot's data unpacked from its hashed header, the
//! window, and one attested-list leaf opening
//! ([`crate::attested_list::constraints`]).

use super::super::constraints::{enforce_index_below, select_slot};
use super::super::{QueryShape, RECORD_BITS};
use super::{ListCheck, SINCE_BITS};
use crate::attested_list::constraints::{KeyRangeVar, ListProofVar};
use crate::attested_list::{ListLeaf, ListProof, KEY_BITS, LIST_ARITY, LIST_DEPTH};
use crate::comparison::constraints::BoundedVar;
use crate::merkle::MerklePath;
use crate::{Fr, FrVar};
use ark_ff::Zero;
use ark_r1cs_std::{
    alloc::{AllocVar, AllocationMode},
    boolean::Boolean,
    eq::EqGadget,
    fields::FieldVar,
};
use ark_relations::gr1cs::{ConstraintSystemRef, SynthesisError};

fn missing() -> SynthesisError {
    SynthesisError::AssignmentMissing
}

/// A list check's data in-circuit.
pub(crate) struct ListCheckVar {
    header: FrVar,
    lo: FrVar,
    hi: FrVar,
    none_in: Boolean<Fr>,
    any_in: Boolean<Fr>,
    record_bits: Vec<Boolean<Fr>>,
    since_is_reference_date: Boolean<Fr>,
    since: BoundedVar,
}

impl ListCheckVar {
    /// Allocates a slot's header and keys and unpacks the header into its bits
    /// (mode, record index, window flag, the 17-bit window day).
    pub(crate) fn new(
        cs: &ConstraintSystemRef<Fr>,
        shape: &QueryShape,
        check: Option<&ListCheck>,
    ) -> Result<Self, SynthesisError> {
        let header = FrVar::new_witness(cs.clone(), || check.map(ListCheck::header).ok_or(missing()))?;
        let lo = FrVar::new_witness(cs.clone(), || check.map(|c| Fr::from(c.lo)).ok_or(missing()))?;
        let hi = FrVar::new_witness(cs.clone(), || check.map(|c| Fr::from(c.hi)).ok_or(missing()))?;
        let bits = |value: Option<u64>, n: usize| -> Result<Vec<Boolean<Fr>>, SynthesisError> {
            (0..n)
                .map(|i| {
                    Boolean::new_witness(cs.clone(), || value.map(|v| (v >> i) & 1 == 1).ok_or(missing()))
                })
                .collect()
        };
        let mode = bits(check.map(|c| c.mode as u64), 2)?;
        let record_bits = bits(check.map(|c| c.record.into()), RECORD_BITS)?;
        let flag = bits(check.map(|c| c.since_is_reference_date.into()), 1)?;
        let since_bits = bits(check.map(|c| c.since.into()), SINCE_BITS as usize)?;
        // Mode 3 is no mode.
        (FrVar::from(mode[0].clone()) * FrVar::from(mode[1].clone())).enforce_equal(&FrVar::zero())?;
        Boolean::le_bits_to_fp(
            &[mode.clone(), record_bits.clone(), flag.clone(), since_bits.clone()].concat(),
        )?
        .enforce_equal(&header)?;
        enforce_index_below(&record_bits, shape.records)?;
        Ok(ListCheckVar {
            header,
            lo,
            hi,
            none_in: mode[0].clone(),
            any_in: mode[1].clone(),
            record_bits,
            since_is_reference_date: flag[0].clone(),
            since: BoundedVar::from_bits_le(&since_bits)?,
        })
    }

    /// The slot's policy-hash elements: header, `lo`, `hi`.
    pub(crate) fn hash_elements(&self) -> [FrVar; 3] {
        [self.header.clone(), self.lo.clone(), self.hi.clone()]
    }

    /// Enforces the check, when active, on the list roots of the record slots
    /// (`roots[r]` = field 0 of record `r`) with the opened leaf `proof`.
    pub(crate) fn enforce(
        &self,
        cs: &ConstraintSystemRef<Fr>,
        roots: &[FrVar],
        proof: Option<Option<ListProof>>,
        reference_date: &BoundedVar,
    ) -> Result<(), SynthesisError> {
        let active = &self.none_in | &self.any_in;
        // The window: the reference date less `since` days (range-checked to
        // 32 bits, so a window before day 0 is unsatisfiable), or the absolute
        // day `since`.
        let relative = BoundedVar::new(
            FrVar::from(self.since_is_reference_date.clone()) * (reference_date.value() - self.since.value()),
            32,
        )?;
        let window = BoundedVar::select(&self.since_is_reference_date, &relative, &self.since)?;
        // `lo` and `hi` are below 2^96 with `lo`'s day bits zero (checked by
        // `ListCheck::check` on the policy whose hash is public), so `lo + window`
        // stays below 2^96 and both ends compare as 96-bit values. With a
        // relative window the bound is only as old as the reference date.
        let range = KeyRangeVar {
            lo: BoundedVar::assume_bits(&self.lo + window.value(), KEY_BITS),
            hi: BoundedVar::assume_bits(self.hi.clone(), KEY_BITS),
        };
        let dummy = || ListProof {
            leaf: ListLeaf { key: 0, next_key: 0 },
            path: MerklePath { index: 0, siblings: vec![vec![Fr::zero(); LIST_ARITY - 1]; LIST_DEPTH] },
        };
        let opened = ListProofVar::new_variable(
            cs.clone(),
            || proof.ok_or(missing()).map(|p| p.unwrap_or_else(dummy)),
            AllocationMode::Witness,
        )?;
        let root = select_slot(&self.record_bits, roots)?;
        opened.root()?.conditional_enforce_equal(&root, &active)?;
        opened.holds(&self.none_in, &range)?.conditional_enforce_equal(&Boolean::TRUE, &active)
    }
}
