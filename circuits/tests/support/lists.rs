//! The attested-list scene shared by the list-check tests: two signed lists
//! (conditions, medications) in record slots 0 and 1, and a policy with a
//! freshness clause, an absence, a windowed presence, a windowed absence and an
//! unused list slot.
#![allow(dead_code)]

use crate::support::{issuers, record};
use medzk_circuits::attested_list::{code_key, prefix_key, AttestedList, KeyRange};
use medzk_circuits::eddsa::SecretKey;
use medzk_circuits::query::{
    Clause, CompiledPolicy, ListCheck, ListMode, Op, Predicate, QueryShape, QueryWitness, RecordWitness,
    SetSlot, VerifierContext, LIST_SCHEMAS,
};
use medzk_circuits::{poseidon, Fr};

pub const SECRET: u64 = 1919;
pub const REFERENCE: u32 = 46_000;
/// Type 1 diabetes: the code interval [T1_LO, T1_HI].
pub const T1_LO: u64 = 100_000;
pub const T1_HI: u64 = 199_999;
/// A type 2 diabetes code and its prefix (as the record layer would derive it).
pub const T2: u64 = 250_000;
pub const T2_PREFIX: u64 = 2;
/// The prefix of insulins in the medication list.
pub const INSULIN_PREFIX: u64 = 7;

pub fn holder() -> Fr {
    poseidon::hash(&[Fr::from(SECRET)]).unwrap()
}

pub fn context() -> VerifierContext {
    VerifierContext {
        issuer_root: issuers().1.root(),
        reference_date: REFERENCE,
        scope: Fr::from(5u64),
        challenge: Fr::from(6u64),
    }
}

/// A list record of `schema` (field 0 its root, field 1 `as_of`), signed by issuer `issuer`.
pub fn list_record(schema: u64, list: &AttestedList, as_of: u32, issuer: usize) -> RecordWitness {
    let mut r = record(schema, &[(0, 0), (1, u64::from(as_of))], holder(), issuer, REFERENCE + 365);
    r.fields[0] = list.root();
    r.signature = SecretKey::from_bytes([issuer as u8 + 1; 32]).sign(r.commitment());
    r
}

/// Record 0: conditions; record 1: medications. The conditions list must be at
/// most 30 days old; no type 1 diabetes ever; a type 2 diagnosis active in the
/// last 30 days; no insulin in the last 8 weeks.
pub fn policy() -> CompiledPolicy {
    let as_of_fresh = Predicate {
        record: 0,
        field: 1,
        lo: 30,
        hi: u64::from(u32::MAX),
        lo_is_reference_date: true,
        ..Predicate::of(Op::InRange)
    };
    CompiledPolicy {
        shape: QueryShape::custom_with_lists(2, 2, 1, 4).unwrap(),
        schemas: vec![LIST_SCHEMAS[0], LIST_SCHEMAS[1]],
        sets: vec![SetSlot::UNUSED],
        clauses: vec![Clause::single(as_of_fresh), Clause::UNUSED],
        lists: vec![
            ListCheck::new(ListMode::NoneIn, 0, KeyRange::codes(T1_LO, T1_HI)),
            ListCheck {
                since_is_reference_date: true,
                since: 30,
                ..ListCheck::new(ListMode::AnyIn, 0, KeyRange::prefix_since(T2_PREFIX, 0))
            },
            ListCheck {
                since_is_reference_date: true,
                since: 56,
                ..ListCheck::new(ListMode::NoneIn, 1, KeyRange::prefix_since(INSULIN_PREFIX, 0))
            },
            ListCheck::UNUSED,
        ],
    }
}

pub struct Scene {
    pub conditions: AttestedList,
    pub medications: AttestedList,
    pub as_of: u32,
}

impl Scene {
    pub fn new(conditions: &[u128], medications: &[u128]) -> Scene {
        Scene {
            conditions: AttestedList::from_keys(conditions.iter().copied()).unwrap(),
            medications: AttestedList::from_keys(medications.iter().copied()).unwrap(),
            as_of: REFERENCE - 1,
        }
    }

    /// The honest witness: each check's proof from the signed lists.
    pub fn witness(&self, policy: &CompiledPolicy) -> QueryWitness {
        self.witness_at(policy, REFERENCE)
    }

    /// The honest witness for another reference date (a check whose window
    /// starts before day 0 gets a proof of an arbitrary range).
    pub fn witness_at(&self, policy: &CompiledPolicy, reference: u32) -> QueryWitness {
        let lists = [&self.conditions, &self.medications];
        QueryWitness {
            holder_secret: Fr::from(SECRET),
            records: vec![
                list_record(LIST_SCHEMAS[0], &self.conditions, self.as_of, 0),
                list_record(LIST_SCHEMAS[1], &self.medications, self.as_of, 1),
            ],
            sets: vec![None],
            lists: policy
                .lists
                .iter()
                .map(|c| {
                    (c.mode != ListMode::Unused).then(|| {
                        let range = c.effective_range(reference).unwrap_or(KeyRange { lo: 1, hi: 1 });
                        lists[usize::from(c.record)].proof_for(c.mode == ListMode::NoneIn, range).unwrap()
                    })
                })
                .collect(),
        }
    }
}

/// A patient with type 2 diabetes (active until `as_of`), metformin, no insulin.
pub fn eligible_conditions() -> Vec<u128> {
    vec![code_key(T2, REFERENCE - 1), prefix_key(T2_PREFIX, REFERENCE - 1), code_key(300_000, 40_000)]
}

pub fn medications() -> Vec<u128> {
    vec![code_key(900_000, REFERENCE - 1), prefix_key(9, REFERENCE - 1)]
}
