//! The native twin of the query circuit: checks what the circuit enforces, in
//! the same order, and names the first check that fails.

use super::{
    issuer_leaf, schema_allowed, CompiledPolicy, Op, Predicate, PublicInputs, QueryWitness, RecordWitness,
    VerifierContext, FIELDS, UNUSED_SCHEMA,
};
use crate::calendar;
use crate::eddsa::PublicKey;
use crate::field::biguint_from_fr;
use crate::{poseidon, CircuitError, Fr};
use ark_ff::Zero;

/// The result of a successful native evaluation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Evaluation {
    /// The public inputs a proof of this statement has.
    pub public: PublicInputs,
    /// The value revealed by each clause slot (0 where nothing is revealed).
    pub revealed: Vec<Fr>,
}

fn as_u64(v: &Fr) -> Option<u64> {
    u64::try_from(biguint_from_fr(v)).ok()
}

/// The revocation index a nonce stands for, if it is one (below `2^20`).
fn revocation_index(nonce: &Fr) -> Option<u64> {
    as_u64(nonce).filter(|&n| n < crate::revocation::CAPACITY)
}

/// The value of a predicate's field and whether the field is present.
pub fn predicate_value(p: &Predicate, records: &[RecordWitness]) -> (Fr, bool) {
    let r = &records[usize::from(p.record)];
    let f = usize::from(p.field).min(FIELDS - 1);
    (r.fields[f], (r.presence >> f) & 1 == 1)
}

/// A predicate's bounds on a reference date: a relative bound is the date
/// `years` calendar years earlier less its day offset; `None` where that falls
/// outside `[0, 2^32)` (the circuit's range check then fails, whatever the op).
pub fn effective_bounds(p: &Predicate, reference_date: u32) -> Option<(u64, u64)> {
    let base = calendar::years_before(reference_date, u32::from(p.years));
    let bound = |relative: bool, base: Option<u64>, offset: u64| -> Option<u64> {
        if !relative {
            return Some(offset);
        }
        base?.checked_sub(offset).filter(|b| *b < 1 << 32)
    };
    Some((
        bound(p.lo_is_reference_date, base.map(|b| b.0), p.lo)?,
        bound(p.hi_is_reference_date, base.map(|b| b.1), p.hi)?,
    ))
}

/// Whether a predicate holds; `Err` where the circuit could not be satisfied at all.
fn predicate_holds(
    policy: &CompiledPolicy,
    p: &Predicate,
    witness: &QueryWitness,
    context: &VerifierContext,
    clause: usize,
) -> Result<bool, CircuitError> {
    let (v, present) = predicate_value(p, &witness.records);
    let set_result = |want_member: bool| -> Result<bool, CircuitError> {
        let slot = usize::from(p.set);
        let set = witness.sets.get(slot).and_then(Option::as_ref);
        // The circuit ties the set slot's value (0 for an unused slot) to the
        // field value, whether the set is active and the field present or not.
        if as_u64(&v) != Some(set.map_or(0, |s| s.value)) {
            return Err(CircuitError::SetProof(slot));
        }
        let Some(set) = set else {
            return Ok(false);
        };
        if !policy.sets[slot].active {
            return Ok(false);
        }
        Ok(if want_member {
            set.proof.verifies_membership(policy.sets[slot].root, set.value)
        } else {
            set.proof.verifies_non_membership(policy.sets[slot].root, set.value)
        })
    };
    let (lo, hi) = effective_bounds(p, context.reference_date).ok_or(CircuitError::RelativeBound(clause))?;
    let in_range = || -> Result<bool, CircuitError> {
        let v = as_u64(&v).ok_or(CircuitError::ClauseFailed(clause))?;
        Ok(lo <= v && v <= hi)
    };
    Ok(match p.op {
        Op::True => true,
        Op::False => false,
        // The circuit range-checks the compared value whether or not the
        // field is present, so the check runs first here too.
        Op::InRange => {
            let r = in_range()?;
            present && r
        }
        Op::NotInRange => {
            let r = in_range()?;
            present && !r
        }
        Op::FieldEq => present && v == p.operand,
        Op::FieldNe => present && v != p.operand,
        Op::In => set_result(true)? && present,
        Op::NotIn => set_result(false)? && present,
        Op::Exists | Op::Reveal => present,
    })
}

/// Evaluates the statement natively. `Ok` exactly when the circuit would be
/// satisfied with this witness and these public values.
pub fn evaluate(
    policy: &CompiledPolicy,
    witness: &QueryWitness,
    context: &VerifierContext,
) -> Result<Evaluation, CircuitError> {
    policy.check_shape()?;
    let shape = policy.shape;
    if witness.records.len() != shape.records
        || witness.sets.len() != shape.sets
        || witness.lists.len() != shape.lists
    {
        return Err(CircuitError::ShapeMismatch {
            shape: shape.name,
            reason: "wrong number of records, sets or list proofs".into(),
        });
    }
    let holder = poseidon::hash(&[witness.holder_secret])?;
    let mut commitments = Vec::with_capacity(shape.records);
    for (i, (record, schema)) in witness.records.iter().zip(&policy.schemas).enumerate() {
        if record.schema_id != *schema {
            return Err(CircuitError::RecordSchema { record: i, found: record.schema_id, expected: *schema });
        }
        if record.holder != holder {
            return Err(CircuitError::HolderMismatch(i));
        }
        let commitment = record.commitment();
        let key = PublicKey::from_point(record.issuer).map_err(|_| CircuitError::RecordSignature(i))?;
        key.verify_cofactored(commitment, &record.signature).map_err(|_| CircuitError::RecordSignature(i))?;
        let used = *schema != UNUSED_SCHEMA;
        if !used && record.presence != 0 {
            return Err(CircuitError::UnusedSlotNotEmpty(i));
        }
        // The revocation index is range-checked in every slot, used or not.
        let index = revocation_index(&record.revocation_nonce).ok_or(CircuitError::RevocationIndex(i))?;
        if !record.revocation.has_shape() {
            return Err(CircuitError::RevocationProof(i));
        }
        let revocation_root = record.revocation.root(index);
        if used
            && record.issuer_path.compute_root(issuer_leaf(
                &record.issuer,
                record.issuer_schemas,
                revocation_root,
            )) != context.issuer_root
            || record.issuer_path.arity() != shape.issuer_arity
            || record.issuer_path.siblings.len() != shape.issuer_depth
        {
            return Err(CircuitError::IssuerNotTrusted(i));
        }
        if used && !schema_allowed(record.issuer_schemas, record.schema_id) {
            return Err(CircuitError::IssuerSchemaNotAllowed(i));
        }
        if used && record.revocation.marks_revoked(index) {
            return Err(CircuitError::RecordRevoked(i));
        }
        if context.reference_date > record.expires_at {
            return Err(CircuitError::RecordExpired(i));
        }
        if record.issued_at > context.reference_date {
            return Err(CircuitError::RecordNotYetIssued(i));
        }
        if let Some(j) = commitments.iter().position(|c| *c == commitment) {
            return Err(CircuitError::DuplicateRecord(j, i));
        }
        commitments.push(commitment);
    }
    for (j, (slot, set)) in policy.sets.iter().zip(&witness.sets).enumerate() {
        // Any proof given, used or not, must have the shape's depth and arity: the
        // circuit refuses to allocate another, so the pre-check refuses it first.
        if let Some(set) = set {
            let siblings = &set.proof.path.siblings;
            if siblings.len() != shape.set_depth
                || siblings.iter().any(|level| level.len() + 1 != shape.set_arity)
            {
                return Err(CircuitError::SetProof(j));
            }
        }
        if slot.active {
            // An active slot needs a leaf proof under its root (the circuit's
            // placeholder for a missing one hashes to no root).
            let Some(set) = set else { return Err(CircuitError::SetProof(j)) };
            if set.proof.path.compute_root(set.proof.leaf.hash()) != slot.root {
                return Err(CircuitError::SetProof(j));
            }
        }
    }
    let mut revealed = vec![Fr::zero(); shape.clauses];
    for (k, clause) in policy.clauses.iter().enumerate() {
        let mut holds = false;
        for p in &clause.predicates {
            holds |= predicate_holds(policy, p, witness, context, k)?;
        }
        if !holds {
            return Err(CircuitError::ClauseFailed(k));
        }
        let first = &clause.predicates[0];
        if first.op == Op::Reveal {
            revealed[k] = predicate_value(first, &witness.records).0;
        }
    }
    // The list checks are conjuncts beside the clauses (reported after them).
    super::list_check::evaluate_lists(policy, witness, context.reference_date)?;
    let public = PublicInputs {
        issuer_root: context.issuer_root,
        policy_hash: policy.hash(),
        reference_date: context.reference_date,
        scope: context.scope,
        nullifier: super::nullifier(witness.holder_secret, context.scope),
        challenge: context.challenge,
        revealed_hash: policy.revealed_hash(&revealed),
    };
    Ok(Evaluation { public, revealed })
}
