//! The query circuit (`ConstraintSynthesizer`).
//!
//! Public inputs, in order: `issuer_root, policy_hash, reference_date, scope,
//! nullifier, challenge, revealed_hash`. For the holder secret `s` it enforces:
//! every record's commitment and issuer signature, issuer ∈ `issuer_root`,
//! every record unrevoked in the revocation list its issuer's leaf commits to, every
//! record bound to `Poseidon(s)`, every record unexpired at `reference_date`, the
//! records pairwise distinct, every clause, `nullifier = Poseidon(s, scope)`,
//! `challenge` in a constraint, `policy_hash` recomputed from the clause data it
//! enforced, and `revealed_hash` over the revealed values. The constraint budget
//! per part is in `docs/circuits.md`.

use super::list_check::constraints::ListCheckVar;
use super::{
    CompiledPolicy, Op, PublicInputs, QueryShape, QueryWitness, RecordWitness, FIELDS, FIELD_BITS,
    HEADER_BOUNDS_SHIFT, PREDICATES_PER_CLAUSE, RECORD_BITS, SCHEMA_ID_BITS, SET_BITS, YEAR_BITS,
};
use crate::babyjubjub::constraints::PointVar;
use crate::calendar::constraints::CalendarDateVar;
use crate::comparison::constraints::{mux, to_bits_le, BoundedVar};
use crate::eddsa::constraints::{verify, SignatureVar};
use crate::indexed_merkle::{constraints::LeafProofVar, IndexedLeaf, LeafProof};
use crate::merkle::{constraints::MerklePathVar, MerklePath};
use crate::revocation::constraints::RevocationWitnessVar;
use crate::{poseidon::constraints as poseidon, Fr, FrVar};
use ark_ff::Zero;
use ark_r1cs_std::{
    alloc::{AllocVar, AllocationMode},
    boolean::Boolean,
    eq::EqGadget,
    fields::FieldVar,
};
use ark_relations::gr1cs::{ConstraintSynthesizer, ConstraintSystemRef, SynthesisError};

/// The query circuit for one shape. Without a witness it synthesises the
/// constraint system alone (for setup and for caching the R1CS matrices).
#[derive(Clone, Debug)]
pub struct QueryCircuit {
    /// The shape.
    pub shape: QueryShape,
    /// The policy's clause data (a witness), when proving.
    pub policy: Option<CompiledPolicy>,
    /// The holder's witness, when proving.
    pub witness: Option<QueryWitness>,
    /// The public inputs, when proving.
    pub public: Option<PublicInputs>,
}

impl QueryCircuit {
    /// The circuit without assignments, for setup.
    pub fn for_setup(shape: QueryShape) -> Self {
        QueryCircuit { shape, policy: None, witness: None, public: None }
    }

    /// The circuit with a full assignment, for proving.
    pub fn new(policy: CompiledPolicy, witness: QueryWitness, public: PublicInputs) -> Self {
        QueryCircuit {
            shape: policy.shape,
            policy: Some(policy),
            witness: Some(witness),
            public: Some(public),
        }
    }
}

fn missing() -> SynthesisError {
    SynthesisError::AssignmentMissing
}

/// The bits needed to index `count` slots (`⌈log2 count⌉`).
fn index_bits(count: usize) -> usize {
    count.next_power_of_two().trailing_zeros() as usize
}

/// Enforces that the little-endian index `bits` is below `count`: the bits
/// past `⌈log2 count⌉` are zero and, unless `count` is a power of two,
/// `count − 1 − index` fits the rest.
pub(super) fn enforce_index_below(bits: &[Boolean<Fr>], count: usize) -> Result<(), SynthesisError> {
    let m = index_bits(count);
    if m >= bits.len() && count == 1 << bits.len() {
        return Ok(());
    }
    for bit in &bits[m.min(bits.len())..] {
        bit.enforce_equal(&Boolean::FALSE)?;
    }
    if count != 1 << m {
        let index = Boolean::le_bits_to_fp(&bits[..m])?;
        to_bits_le(&(FrVar::constant(Fr::from(count as u64 - 1)) - index), m)?;
    }
    Ok(())
}

/// `values[index]` for an index below `values.len()` given by the low bits
/// of `bits_le` (the caller checks the index; the padding is never selected).
pub(super) fn select_slot(bits_le: &[Boolean<Fr>], values: &[FrVar]) -> Result<FrVar, SynthesisError> {
    let m = index_bits(values.len());
    let mut padded = values.to_vec();
    padded.resize(1 << m, values[0].clone());
    mux(&bits_le[..m], &padded)
}

/// One record slot in-circuit.
struct RecordVar {
    fields: Vec<FrVar>,
    presence: Vec<FrVar>,
    commitment: FrVar,
}

/// A predicate's unpacked header.
struct PredicateVar {
    header: FrVar,
    operand: FrVar,
    op: Vec<Boolean<Fr>>,
    record_bits: Vec<Boolean<Fr>>,
    field_bits: Vec<Boolean<Fr>>,
    set_bits: Vec<Boolean<Fr>>,
    lo_is_reference_date: Boolean<Fr>,
    hi_is_reference_date: Boolean<Fr>,
    years: FrVar,
    lo: BoundedVar,
    hi: BoundedVar,
}

impl PredicateVar {
    /// Allocates the header and operand and unpacks the header into a one-hot
    /// op, indices and two 64-bit bounds (the bits are the bounds' range checks).
    fn new(
        cs: &ConstraintSystemRef<Fr>,
        shape: &QueryShape,
        p: Option<&super::Predicate>,
    ) -> Result<Self, SynthesisError> {
        let header = FrVar::new_witness(cs.clone(), || p.map(|p| p.header()).ok_or(missing()))?;
        let operand = FrVar::new_witness(cs.clone(), || p.map(|p| p.operand).ok_or(missing()))?;
        let bits = |value: Option<u64>, n: usize| -> Result<Vec<Boolean<Fr>>, SynthesisError> {
            (0..n)
                .map(|i| {
                    Boolean::new_witness(cs.clone(), || value.map(|v| (v >> i) & 1 == 1).ok_or(missing()))
                })
                .collect()
        };
        let op = Op::ALL
            .iter()
            .map(|o| Boolean::new_witness(cs.clone(), || p.map(|p| p.op == *o).ok_or(missing())))
            .collect::<Result<Vec<_>, _>>()?;
        let record_bits = bits(p.map(|p| p.record.into()), RECORD_BITS)?;
        let field_bits = bits(p.map(|p| p.field.into()), FIELD_BITS)?;
        let set_bits = bits(p.map(|p| p.set.into()), SET_BITS)?;
        let lo_is_reference_date = bits(p.map(|p| p.lo_is_reference_date.into()), 1)?.remove(0);
        let hi_is_reference_date = bits(p.map(|p| p.hi_is_reference_date.into()), 1)?.remove(0);
        let year_bits = bits(p.map(|p| p.years.into()), YEAR_BITS)?;
        let lo_bits = bits(p.map(|p| p.lo), 64)?;
        let hi_bits = bits(p.map(|p| p.hi), 64)?;

        // Exactly one op; the header recomposes from all parts.
        op.iter().fold(FrVar::zero(), |acc, b| acc + FrVar::from(b.clone())).enforce_equal(&FrVar::one())?;
        let op_code = op
            .iter()
            .enumerate()
            .fold(FrVar::zero(), |acc, (i, b)| acc + FrVar::from(b.clone()) * Fr::from(i as u64));
        // Indices and both bound flags: every datum that shapes the predicate
        // is in the header, so the policy hash covers it.
        let indices = Boolean::le_bits_to_fp(
            &[
                record_bits.clone(),
                field_bits.clone(),
                set_bits.clone(),
                vec![lo_is_reference_date.clone(), hi_is_reference_date.clone()],
                year_bits.clone(),
            ]
            .concat(),
        )?;
        let bounds = Boolean::le_bits_to_fp(&[lo_bits.clone(), hi_bits.clone()].concat())?;
        (op_code + indices * Fr::from(16u64) + bounds * Fr::from(HEADER_BOUNDS_SHIFT))
            .enforce_equal(&header)?;
        enforce_index_below(&record_bits, shape.records)?;
        enforce_index_below(&set_bits, shape.sets)?;
        Ok(PredicateVar {
            header,
            operand,
            op,
            record_bits,
            field_bits,
            set_bits,
            lo_is_reference_date,
            hi_is_reference_date,
            years: Boolean::le_bits_to_fp(&year_bits)?,
            lo: BoundedVar::from_bits_le(&lo_bits)?,
            hi: BoundedVar::from_bits_le(&hi_bits)?,
        })
    }

    fn is(&self, op: Op) -> FrVar {
        FrVar::from(self.op[op as usize].clone())
    }

    /// The selected field value and presence bit.
    fn select(&self, records: &[RecordVar]) -> Result<(FrVar, FrVar), SynthesisError> {
        let mut values = Vec::with_capacity(records.len());
        let mut present = Vec::with_capacity(records.len());
        for r in records {
            values.push(mux(&self.field_bits, &r.fields)?);
            present.push(mux(&self.field_bits, &r.presence)?);
        }
        Ok((select_slot(&self.record_bits, &values)?, select_slot(&self.record_bits, &present)?))
    }

    /// The effective bounds: a relative bound is the reference date `years`
    /// calendar years earlier minus its day offset, range-checked to 32 bits
    /// (an offset past the date is unsatisfiable, whatever the op).
    fn bounds(&self, calendar: &CalendarDateVar) -> Result<(BoundedVar, BoundedVar), SynthesisError> {
        let (base_lo, base_hi) = calendar.years_before(&self.years)?;
        let relative =
            |flag: &Boolean<Fr>, base: FrVar, offset: &BoundedVar| -> Result<BoundedVar, SynthesisError> {
                let value = FrVar::from(flag.clone()) * (base - offset.value());
                BoundedVar::select(flag, &BoundedVar::new(value, 32)?, offset)
            };
        Ok((
            relative(&self.lo_is_reference_date, base_lo, &self.lo)?,
            relative(&self.hi_is_reference_date, base_hi, &self.hi)?,
        ))
    }
}

/// A set slot's results.
struct SetVar {
    value: FrVar,
    member: Boolean<Fr>,
    non_member: Boolean<Fr>,
}

impl ConstraintSynthesizer<Fr> for QueryCircuit {
    fn generate_constraints(self, cs: ConstraintSystemRef<Fr>) -> Result<(), SynthesisError> {
        let shape = self.shape;
        let (pol, wit, public) = (self.policy.as_ref(), self.witness.as_ref(), self.public.as_ref());
        if let Some(p) = pol {
            p.check_shape().map_err(|_| SynthesisError::Unsatisfiable)?;
        }

        // Public inputs, in order.
        let input =
            |f: fn(&PublicInputs) -> Fr| FrVar::new_input(cs.clone(), || public.map(f).ok_or(missing()));
        let issuer_root = input(|p| p.issuer_root)?;
        let policy_hash = input(|p| p.policy_hash)?;
        let reference_date = BoundedVar::new(input(|p| Fr::from(p.reference_date))?, 32)?;
        let calendar = CalendarDateVar::new(reference_date.value())?;
        let scope = input(|p| p.scope)?;
        let nullifier = input(|p| p.nullifier)?;
        let challenge = input(|p| p.challenge)?;
        let revealed_hash = input(|p| p.revealed_hash)?;
        // The challenge must appear in a constraint so that it is bound to the proof.
        let _challenge_squared = challenge.square()?;

        // Holder and nullifier.
        let secret = FrVar::new_witness(cs.clone(), || wit.map(|w| w.holder_secret).ok_or(missing()))?;
        let holder = poseidon::hash(std::slice::from_ref(&secret))?;
        poseidon::hash2(&secret, &scope)?.enforce_equal(&nullifier)?;

        // Policy data (witnesses bound by the policy hash).
        let witness = |v: Option<Fr>| FrVar::new_witness(cs.clone(), || v.ok_or(missing()));
        let schemas = (0..shape.records)
            .map(|r| witness(pol.map(|p| Fr::from(p.schemas[r]))))
            .collect::<Result<Vec<_>, _>>()?;
        let set_roots =
            (0..shape.sets).map(|j| witness(pol.map(|p| p.sets[j].root))).collect::<Result<Vec<_>, _>>()?;
        let set_active = (0..shape.sets)
            .map(|j| Boolean::new_witness(cs.clone(), || pol.map(|p| p.sets[j].active).ok_or(missing())))
            .collect::<Result<Vec<_>, _>>()?;
        let mut predicates = Vec::with_capacity(shape.clauses);
        for k in 0..shape.clauses {
            let clause = (0..PREDICATES_PER_CLAUSE)
                .map(|i| PredicateVar::new(&cs, &shape, pol.map(|p| &p.clauses[k].predicates[i])))
                .collect::<Result<Vec<_>, _>>()?;
            predicates.push(clause);
        }
        let lists = (0..shape.lists)
            .map(|j| ListCheckVar::new(&cs, &shape, pol.map(|p| &p.lists[j])))
            .collect::<Result<Vec<_>, _>>()?;
        let mut elements = vec![FrVar::constant(super::policy_domain()), FrVar::constant(shape.tag())];
        elements.extend(schemas.iter().cloned());
        for (root, active) in set_roots.iter().zip(&set_active) {
            elements.extend([root.clone(), FrVar::from(active.clone())]);
        }
        for p in predicates.iter().flatten() {
            elements.extend([p.header.clone(), p.operand.clone()]);
        }
        for check in &lists {
            elements.extend(check.hash_elements());
        }
        poseidon::hash_many(&elements)?.enforce_equal(&policy_hash)?;

        // Records.
        let mut records: Vec<RecordVar> = Vec::with_capacity(shape.records);
        for (r, schema) in schemas.iter().enumerate() {
            let record = wit.map(|w| &w.records[r]);
            let field = |f: &dyn Fn(&RecordWitness) -> Fr| witness(record.map(f));
            let schema_id = field(&|w| Fr::from(w.schema_id))?;
            let presence = field(&|w| Fr::from(w.presence))?;
            let fields = (0..FIELDS).map(|i| field(&|w| w.fields[i])).collect::<Result<Vec<_>, _>>()?;
            let holder_r = field(&|w| w.holder)?;
            let issued_at = field(&|w| Fr::from(w.issued_at))?;
            let expires_at = field(&|w| Fr::from(w.expires_at))?;
            let nonce = field(&|w| w.revocation_nonce)?;
            let salt = field(&|w| w.salt)?;
            schema_id.enforce_equal(schema)?;
            holder_r.enforce_equal(&holder)?;
            // A slot the policy leaves unused (schema 0) holds a placeholder:
            // no issuer is checked for it and it has no fields.
            let used = schema.is_neq(&FrVar::zero())?;
            // Not revoked: the record's bit in its issuer's revocation bitmap
            // is 0, under the root the issuer's registry leaf commits to.
            let revocation = RevocationWitnessVar::new_witness(cs.clone(), || {
                record.map(|w| w.revocation.clone()).ok_or(missing())
            })?;
            let revocation_root = revocation.enforce_unrevoked(&nonce, &used)?;
            presence.mul_equals(&FrVar::from(!used.clone()), &FrVar::zero())?;
            let mut inputs = vec![schema_id, presence.clone()];
            inputs.extend(fields.iter().cloned());
            inputs.extend([holder_r, issued_at.clone(), expires_at.clone(), nonce, salt]);
            let commitment = poseidon::hash(&inputs)?;

            let issuer = PointVar::new_witness(cs.clone(), || record.map(|w| w.issuer).ok_or(missing()))?;
            let signature =
                SignatureVar::new_witness(cs.clone(), || record.map(|w| w.signature).ok_or(missing()))?;
            verify(&issuer, &commitment, &signature)?;
            let path = MerklePathVar::new_variable_with_shape(
                cs.clone(),
                shape.issuer_arity,
                shape.issuer_depth,
                || record.map(|w| w.issuer_path.clone()).ok_or(missing()),
                AllocationMode::Witness,
            )?;
            // The registry leaf carries the schemas the issuer may sign; the
            // record's schema (the policy's, bound by the hash) must be one.
            let issuer_schemas = witness(record.map(|w| Fr::from(w.issuer_schemas)))?;
            let allowed = to_bits_le(&issuer_schemas, 1 << SCHEMA_ID_BITS)?;
            let schema_bits = to_bits_le(schema, SCHEMA_ID_BITS)?;
            let allowed = allowed.into_iter().map(FrVar::from).collect::<Vec<_>>();
            mux(&schema_bits, &allowed)?.conditional_enforce_equal(&FrVar::one(), &used)?;
            let leaf =
                poseidon::hash(&[issuer.x.clone(), issuer.y.clone(), issuer_schemas, revocation_root])?;
            path.compute_root(&leaf)?.conditional_enforce_equal(&issuer_root, &used)?;
            // Unexpired: expires_at − reference_date ∈ [0, 2^32); issued by then:
            // reference_date − issued_at ∈ [0, 2^32).
            to_bits_le(&(&expires_at - reference_date.value()), 32)?;
            to_bits_le(&(reference_date.value() - &issued_at), 32)?;
            let presence = to_bits_le(&presence, FIELDS)?.into_iter().map(FrVar::from).collect();
            records.push(RecordVar { fields, presence, commitment });
        }
        for (i, a) in records.iter().enumerate() {
            for b in &records[i + 1..] {
                a.commitment.enforce_not_equal(&b.commitment)?;
            }
        }

        // Set slots.
        let mut sets = Vec::with_capacity(shape.sets);
        for (j, (root, active)) in set_roots.iter().zip(&set_active).enumerate() {
            let set = wit.map(|w| w.sets[j].clone());
            let value = witness(set.as_ref().map(|s| Fr::from(s.as_ref().map_or(0, |s| s.value))))?;
            let bounded = BoundedVar::new(value.clone(), 64)?;
            let dummy = || LeafProof {
                leaf: IndexedLeaf { value: 0, next_value: 0 },
                path: MerklePath {
                    index: 0,
                    siblings: vec![vec![Fr::zero(); shape.set_arity - 1]; shape.set_depth],
                },
            };
            let proof = LeafProofVar::new_variable_with_shape(
                cs.clone(),
                shape.set_arity,
                shape.set_depth,
                || set.ok_or(missing()).map(|s| s.map_or_else(dummy, |s| s.proof)),
                AllocationMode::Witness,
            )?;
            proof.root()?.conditional_enforce_equal(root, active)?;
            sets.push(SetVar {
                value,
                member: active.clone() & proof.is_member(&bounded)?,
                non_member: active.clone() & proof.is_non_member(&bounded)?,
            });
        }

        // List checks (conjuncts beside the clauses).
        let roots: Vec<FrVar> =
            records.iter().map(|r| r.fields[super::list_check::LIST_ROOT_FIELD].clone()).collect();
        for (j, check) in lists.iter().enumerate() {
            check.enforce(&cs, &roots, wit.map(|w| w.lists[j].clone()), &reference_date)?;
        }

        // Clauses.
        let mut revealed = Vec::with_capacity(shape.clauses);
        let mut any_reveal = FrVar::zero();
        for clause in &predicates {
            let mut results = Vec::with_capacity(PREDICATES_PER_CLAUSE);
            for (i, p) in clause.iter().enumerate() {
                let (value, present) = p.select(&records)?;
                results.push(predicate_result(p, &value, &present, &sets, &calendar)?);
                if i == 0 {
                    revealed.push(&value * p.is(Op::Reveal));
                    any_reveal += p.is(Op::Reveal);
                } else {
                    p.op[Op::Reveal as usize].enforce_equal(&Boolean::FALSE)?;
                }
            }
            // OR: (1 − r1)·(1 − r2) = 0.
            (FrVar::one() - &results[0]).mul_equals(&(FrVar::one() - &results[1]), &FrVar::zero())?;
        }
        let reveals = any_reveal.is_neq(&FrVar::zero())?;
        (FrVar::from(reveals) * poseidon::hash_many(&revealed)?).enforce_equal(&revealed_hash)?;
        Ok(())
    }
}

/// A predicate's result as a 0/1 field element.
fn predicate_result(
    p: &PredicateVar,
    value: &FrVar,
    present: &FrVar,
    sets: &[SetVar],
    calendar: &CalendarDateVar,
) -> Result<FrVar, SynthesisError> {
    // Range ops compare the value only when the op is a range op, so a hashed
    // (254-bit) field under another op does not fail the 64-bit range check.
    let compared = BoundedVar::new(value * (p.is(Op::InRange) + p.is(Op::NotInRange)), 64)?;
    let (lo, hi) = p.bounds(calendar)?;
    let in_range = FrVar::from(!compared.is_lt(&lo)? & !hi.is_lt(&compared)?);
    let equal = FrVar::from(value.is_eq(&p.operand)?);

    let is_set = p.is(Op::In) + p.is(Op::NotIn);
    let (member, non_member) = if sets.len() == 1 {
        (value - &sets[0].value).mul_equals(&is_set, &FrVar::zero())?;
        (FrVar::from(sets[0].member.clone()), FrVar::from(sets[0].non_member.clone()))
    } else {
        // One-hot of the set index: the value is tied to the named slot's value.
        let m = index_bits(sets.len());
        let mut one_hot = vec![Boolean::TRUE];
        for bit in &p.set_bits[..m] {
            one_hot = [
                one_hot.iter().map(|h| h & &!bit.clone()).collect::<Vec<_>>(),
                one_hot.iter().map(|h| h & bit).collect(),
            ]
            .concat();
        }
        for (set, hot) in sets.iter().zip(&one_hot) {
            (value - &set.value).mul_equals(&(&is_set * FrVar::from(hot.clone())), &FrVar::zero())?;
        }
        let member: Vec<FrVar> = sets.iter().map(|s| FrVar::from(s.member.clone())).collect();
        let non_member: Vec<FrVar> = sets.iter().map(|s| FrVar::from(s.non_member.clone())).collect();
        (select_slot(&p.set_bits, &member)?, select_slot(&p.set_bits, &non_member)?)
    };

    let inner = p.is(Op::InRange) * &in_range
        + (p.is(Op::NotInRange) - p.is(Op::NotInRange) * &in_range)
        + p.is(Op::FieldEq) * &equal
        + (p.is(Op::FieldNe) - p.is(Op::FieldNe) * &equal)
        + p.is(Op::In) * &member
        + p.is(Op::NotIn) * &non_member
        + p.is(Op::Exists)
        + p.is(Op::Reveal);
    Ok(p.is(Op::True) + present * inner)
}
