//! The generic query circuit's data: shapes, compiled policies (the clause data
//! the circuit enforces), the holder's witness, the public inputs, and a native
//! evaluator that checks exactly what the circuit enforces and says which check
//! failed (the holder-side explanation).
//!
//! A circuit shape fixes the number of record slots `R`, clause slots `K` (each an
//! OR of two predicates), set slots `S`, and the trees' arity and depth; one
//! trusted setup per shape serves every policy of that shape because the policy
//! is a witness bound by the public `policy_hash`.

pub mod constraints;
pub mod list_check;

pub use list_check::{ListCheck, ListMode, LIST_SCHEMAS};

use crate::attested_list::ListProof;
use crate::babyjubjub::Point;
use crate::eddsa::Signature;
use crate::indexed_merkle::LeafProof;
use crate::merkle::MerklePath;
use crate::revocation::RevocationWitness;
use crate::{poseidon, CircuitError, Fr};
use ark_ff::{AdditiveGroup, Field, PrimeField, Zero};

/// Field slots per record.
pub const FIELDS: usize = 8;
/// Predicates per clause (a clause is their OR).
pub const PREDICATES_PER_CLAUSE: usize = 2;
/// The number of public inputs (one definition, in `medzk-types`).
pub use medzk_types::PUBLIC_INPUTS;
/// Inputs of the record commitment.
pub const COMMITMENT_INPUTS: usize = 2 + FIELDS + 5;
/// Bits of a schema id: schema ids are below `2^SCHEMA_ID_BITS`, and an issuer's
/// registry leaf carries a mask of `2^SCHEMA_ID_BITS` bits (bit `id` set when the
/// issuer may sign schema `id`).
pub const SCHEMA_ID_BITS: usize = 5;

/// The most record slots a shape can have (3 index bits per predicate).
pub const MAX_RECORDS: usize = 8;
/// The most set slots a shape can have (2 index bits per predicate).
pub const MAX_SETS: usize = 4;
/// The most clause slots a shape can have.
pub const MAX_CLAUSES: usize = 32;
/// The schema id of a record slot a policy leaves unused: the holder fills it
/// with a placeholder record ([`RecordWitness::placeholder`]), no issuer is
/// checked for it, and its presence mask is forced to zero, so no predicate
/// can read a value from it.
pub const UNUSED_SCHEMA: u64 = 0;

/// A circuit shape.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct QueryShape {
    /// The shape's name (`small`, `medium`, `large`, or `r6-k16-s2` for a custom shape).
    pub name: &'static str,
    /// Record slots `R` (1..=8).
    pub records: usize,
    /// Clause slots `K` (1..=32).
    pub clauses: usize,
    /// Set slots `S` (1..=4).
    pub sets: usize,
    /// Attested-list check slots `L` (0..=32; see [`list_check`]).
    pub lists: usize,
    /// Arity of the code-set trees.
    pub set_arity: usize,
    /// Depth of the code-set trees.
    pub set_depth: usize,
    /// Arity of the trusted-issuer tree.
    pub issuer_arity: usize,
    /// Depth of the trusted-issuer tree.
    pub issuer_depth: usize,
}

/// Vaccination-size: 1 record, 4 clauses, 1 set of up to 65,535 codes, 4,096 issuers.
pub const SMALL: QueryShape = QueryShape {
    name: "small",
    records: 1,
    clauses: 4,
    sets: 1,
    lists: 0,
    set_arity: 4,
    set_depth: 8,
    issuer_arity: 4,
    issuer_depth: 6,
};

/// Trial-size: 3 records, 8 clauses, 2 sets of up to 65,535 codes, 4,096 issuers.
pub const MEDIUM: QueryShape = QueryShape {
    name: "medium",
    records: 3,
    clauses: 8,
    sets: 2,
    lists: 0,
    set_arity: 4,
    set_depth: 8,
    issuer_arity: 4,
    issuer_depth: 6,
};

/// Registered-trial-size: 8 records, 24 clauses, 4 sets of up to 65,535 codes,
/// 4,096 issuers (the NCT03608358 screen of `examples/policies/`).
pub const LARGE: QueryShape = QueryShape {
    name: "large",
    records: 8,
    clauses: 24,
    sets: 4,
    lists: 0,
    set_arity: 4,
    set_depth: 8,
    issuer_arity: 4,
    issuer_depth: 6,
};

/// Trial-with-history-size: the large shape plus 24 attested-list checks (the
/// NCT03608358 screen with its exclusions).
pub const TRIAL: QueryShape = QueryShape { name: "trial", lists: 24, ..LARGE };

/// The most list-check slots a shape can have.
pub const MAX_LISTS: usize = 32;

/// Interns a custom shape's name (one allocation per distinct shape).
fn intern(name: String) -> &'static str {
    use std::collections::BTreeSet;
    use std::sync::{Mutex, OnceLock};
    static NAMES: OnceLock<Mutex<BTreeSet<&'static str>>> = OnceLock::new();
    let mut names = NAMES.get_or_init(Default::default).lock().unwrap_or_else(|e| e.into_inner());
    if let Some(n) = names.get(name.as_str()) {
        return n;
    }
    let leaked: &'static str = Box::leak(name.into_boxed_str());
    names.insert(leaked);
    leaked
}

impl QueryShape {
    /// The shipped shapes.
    pub const ALL: [QueryShape; 4] = [SMALL, MEDIUM, LARGE, TRIAL];

    /// A shipped shape by name.
    pub fn by_name(name: &str) -> Option<QueryShape> {
        QueryShape::ALL.into_iter().find(|s| s.name == name)
    }

    /// A custom shape of `records` record slots, `clauses` clause slots and
    /// `sets` set slots, with the shipped shapes' trees (code sets of up to
    /// 65,535 codes, 4,096 issuers). Its name is `r{records}-k{clauses}-s{sets}`;
    /// a custom shape equal to a shipped one is that shape.
    pub fn custom(records: usize, clauses: usize, sets: usize) -> Result<QueryShape, CircuitError> {
        QueryShape::custom_with_lists(records, clauses, sets, 0)
    }

    /// A custom shape as [`QueryShape::custom`] with `lists` list-check slots
    /// (named `r{records}-k{clauses}-s{sets}-l{lists}` when `lists > 0`).
    pub fn custom_with_lists(
        records: usize,
        clauses: usize,
        sets: usize,
        lists: usize,
    ) -> Result<QueryShape, CircuitError> {
        let shape = QueryShape { name: "custom", records, clauses, sets, lists, ..SMALL };
        shape.check_limits()?;
        if let Some(named) = QueryShape::ALL.into_iter().find(|s| s.packed() == shape.packed()) {
            return Ok(named);
        }
        let name = match lists {
            0 => format!("r{records}-k{clauses}-s{sets}"),
            l => format!("r{records}-k{clauses}-s{sets}-l{l}"),
        };
        Ok(QueryShape { name: intern(name), ..shape })
    }

    /// A shape by name: a shipped one (`small`, `medium`, `large`, `trial`) or a
    /// custom one written `r{records}-k{clauses}-s{sets}` (`r6-k16-s2`), with
    /// `-l{lists}` for list-check slots (`r6-k16-s2-l8`).
    pub fn parse(name: &str) -> Result<QueryShape, CircuitError> {
        if let Some(shape) = QueryShape::by_name(name) {
            return Ok(shape);
        }
        let bad = || CircuitError::UnknownShape(name.into());
        let mut parts = name.split('-').peekable();
        let number = |prefix: char,
                      parts: &mut std::iter::Peekable<std::str::Split<'_, char>>|
         -> Result<usize, CircuitError> {
            let part = parts.next().ok_or_else(bad)?;
            let digits = part.strip_prefix(prefix).ok_or_else(bad)?;
            if digits.is_empty() || digits.len() > 2 || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad());
            }
            digits.parse().map_err(|_| bad())
        };
        let (r, k, s) = (number('r', &mut parts)?, number('k', &mut parts)?, number('s', &mut parts)?);
        let l = if parts.peek().is_some() { number('l', &mut parts)? } else { 0 };
        if parts.next().is_some() {
            return Err(bad());
        }
        let shape = QueryShape::custom_with_lists(r, k, s, l)?;
        // One spelling per shape: `r03-…` or a shipped shape's dimensions are refused.
        if shape.name != name {
            return Err(bad());
        }
        Ok(shape)
    }

    /// Checks the dimensions against what the circuit's predicate headers can index.
    pub fn check_limits(&self) -> Result<(), CircuitError> {
        if !(1..=MAX_RECORDS).contains(&self.records)
            || !(1..=MAX_SETS).contains(&self.sets)
            || !(1..=MAX_CLAUSES).contains(&self.clauses)
            || self.lists > MAX_LISTS
        {
            return Err(self.mismatch(format!(
                "1..={MAX_RECORDS} record slots, 1..={MAX_CLAUSES} clause slots, 1..={MAX_SETS} set slots \
                 and 0..={MAX_LISTS} list checks"
            )));
        }
        Ok(())
    }

    /// The shape descriptor hashed into every policy hash.
    pub fn tag(&self) -> Fr {
        Fr::from(self.packed())
    }

    /// The shape's parameters packed one byte each (`lists` first, then
    /// `records`; `lists = 0` leaves the shapes before list checks as they
    /// were): the identity of a shape in policy hashes and key files.
    pub fn packed(&self) -> u64 {
        [
            self.lists,
            self.records,
            self.clauses,
            self.sets,
            self.set_arity,
            self.set_depth,
            self.issuer_arity,
            self.issuer_depth,
        ]
        .iter()
        .fold(0u64, |acc, v| (acc << 8) | *v as u64)
    }

    fn mismatch(&self, reason: impl Into<String>) -> CircuitError {
        CircuitError::ShapeMismatch { shape: self.name, reason: reason.into() }
    }
}

/// The domain separator, first element of every policy hash.
pub fn policy_domain() -> Fr {
    Fr::from_le_bytes_mod_order(b"medzk/policy/v3")
}

/// Bits of a predicate's record index.
pub const RECORD_BITS: usize = 3;
/// Bits of a predicate's field index.
pub const FIELD_BITS: usize = 3;
/// Bits of a predicate's set index.
pub const SET_BITS: usize = 2;
/// Bits of a predicate's calendar-year offset.
pub const YEAR_BITS: usize = 8;
/// The factor of the bounds in a predicate header (`2^22`).
pub const HEADER_BOUNDS_SHIFT: u64 = 1 << 22;
/// The largest day offset of a relative bound: a relative bound is range-checked
/// to 32 bits, and the compiler keeps offsets below `2^16` days (179 years).
pub const MAX_DAY_OFFSET: u64 = (1 << 16) - 1;

/// What a predicate checks about the value `v` of its field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Op {
    /// Always true (an unused clause slot).
    True = 0,
    /// Always false (an unused second predicate).
    False = 1,
    /// `lo ≤ v ≤ hi` for a field of at most 64 bits.
    InRange = 2,
    /// `v < lo` or `v > hi`.
    NotInRange = 3,
    /// `v = operand` for any field element (hashed text).
    FieldEq = 4,
    /// `v ≠ operand`.
    FieldNe = 5,
    /// `v` is in the set slot's set.
    In = 6,
    /// `v` is not in the set slot's set.
    NotIn = 7,
    /// The field is present.
    Exists = 8,
    /// The field is present and disclosed through `revealed_hash` (first predicate only).
    Reveal = 9,
}

impl Op {
    /// Every op, by code.
    pub const ALL: [Op; 10] = [
        Op::True,
        Op::False,
        Op::InRange,
        Op::NotInRange,
        Op::FieldEq,
        Op::FieldNe,
        Op::In,
        Op::NotIn,
        Op::Exists,
        Op::Reveal,
    ];
}

/// One predicate of a compiled policy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Predicate {
    /// The check.
    pub op: Op,
    /// The record slot.
    pub record: u8,
    /// The field slot within the record.
    pub field: u8,
    /// The set slot (for `In` / `NotIn`).
    pub set: u8,
    /// Lower bound (`InRange` / `NotInRange`), or its day offset when relative.
    pub lo: u64,
    /// Upper bound (`InRange` / `NotInRange`), or its day offset when relative.
    pub hi: u64,
    /// The lower bound is relative: the public `reference_date`, `years`
    /// calendar years earlier, minus `lo` days.
    pub lo_is_reference_date: bool,
    /// The upper bound is relative: the public `reference_date`, `years`
    /// calendar years earlier, minus `hi` days.
    pub hi_is_reference_date: bool,
    /// Calendar years a relative bound goes back (0..=255; see [`crate::calendar`]).
    pub years: u8,
    /// The comparand of `FieldEq` / `FieldNe`.
    pub operand: Fr,
}

impl Predicate {
    /// A predicate with only an op (bounds and indices zero).
    pub const fn of(op: Op) -> Self {
        Predicate {
            op,
            record: 0,
            field: 0,
            set: 0,
            lo: 0,
            hi: 0,
            lo_is_reference_date: false,
            hi_is_reference_date: false,
            years: 0,
            operand: Fr::ZERO,
        }
    }

    /// The packed header `op + 2^4·record + 2^7·field + 2^10·set +
    /// 2^12·lo_is_reference_date + 2^13·hi_is_reference_date + 2^14·years +
    /// 2^22·(lo + 2^64·hi)`: every datum of the predicate but the operand (hashed
    /// beside it), so the policy hash covers all of it. The parts are injective:
    /// `record < 8`, `field < 8`, `set < 4` (checked by
    /// [`CompiledPolicy::check_shape`]), and the whole is below `2^150 < r`.
    pub fn header(&self) -> Fr {
        let small = self.op as u64
            + (u64::from(self.record) << 4)
            + (u64::from(self.field) << 7)
            + (u64::from(self.set) << 10)
            + (u64::from(self.lo_is_reference_date) << 12)
            + (u64::from(self.hi_is_reference_date) << 13)
            + (u64::from(self.years) << 14);
        let bounds = Fr::from(self.lo) + Fr::from(self.hi) * Fr::from(2u64).pow([64]);
        Fr::from(small) + bounds * Fr::from(HEADER_BOUNDS_SHIFT)
    }

    /// Whether the predicate reads its record's field (every op but `True` and `False`).
    pub fn reads_record(&self) -> bool {
        !matches!(self.op, Op::True | Op::False)
    }
}

/// A clause: the OR of two predicates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Clause {
    /// The predicates.
    pub predicates: [Predicate; PREDICATES_PER_CLAUSE],
}

impl Clause {
    /// The always-true clause of an unused slot.
    pub const UNUSED: Clause = Clause { predicates: [Predicate::of(Op::True), Predicate::of(Op::False)] };

    /// A clause of one predicate.
    pub fn single(p: Predicate) -> Clause {
        Clause { predicates: [p, Predicate::of(Op::False)] }
    }
}

/// A set slot: the root of an indexed tree, or inactive.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SetSlot {
    /// The indexed tree's root.
    pub root: Fr,
    /// Whether a policy uses the slot.
    pub active: bool,
}

impl SetSlot {
    /// An unused slot.
    pub const UNUSED: SetSlot = SetSlot { root: Fr::ZERO, active: false };
}

/// The clause data of a policy, compiled for one shape.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompiledPolicy {
    /// The shape.
    pub shape: QueryShape,
    /// The schema id each record slot must have.
    pub schemas: Vec<u64>,
    /// The set slots.
    pub sets: Vec<SetSlot>,
    /// The clause slots.
    pub clauses: Vec<Clause>,
    /// The list-check slots (one per [`QueryShape::lists`]).
    pub lists: Vec<ListCheck>,
}

impl CompiledPolicy {
    /// Checks that the policy fits its shape (counts and indices).
    pub fn check_shape(&self) -> Result<(), CircuitError> {
        let s = &self.shape;
        if self.schemas.len() != s.records
            || self.sets.len() != s.sets
            || self.clauses.len() != s.clauses
            || self.lists.len() != s.lists
        {
            return Err(s.mismatch("wrong number of record, set, clause or list-check slots"));
        }
        for (j, check) in self.lists.iter().enumerate() {
            check
                .check(self, &LIST_SCHEMAS)
                .map_err(|reason| s.mismatch(format!("list check {j}: {reason}")))?;
        }
        s.check_limits()?;
        if let Some(id) = self.schemas.iter().find(|id| **id >= 1 << SCHEMA_ID_BITS) {
            return Err(s.mismatch(format!("schema id {id} is not below 2^{SCHEMA_ID_BITS}")));
        }
        for (k, clause) in self.clauses.iter().enumerate() {
            for (i, p) in clause.predicates.iter().enumerate() {
                if usize::from(p.record) >= s.records
                    || usize::from(p.field) >= FIELDS
                    || usize::from(p.set) >= s.sets
                {
                    return Err(s.mismatch(format!("clause {k} predicate {i} indexes past the shape")));
                }
                if p.reads_record() && self.schemas[usize::from(p.record)] == UNUSED_SCHEMA {
                    return Err(s.mismatch(format!(
                        "clause {k} predicate {i} reads the unused record slot {}",
                        p.record
                    )));
                }
                if i > 0 && p.op == Op::Reveal {
                    return Err(s.mismatch(format!("clause {k}: only a clause's first predicate can reveal")));
                }
            }
        }
        Ok(())
    }

    /// The elements hashed into the policy hash, in order: domain, shape tag,
    /// schema ids, `(root, active)` per set slot, `(header, operand)` per predicate.
    pub fn hash_inputs(&self) -> Vec<Fr> {
        let mut e = vec![policy_domain(), self.shape.tag()];
        e.extend(self.schemas.iter().map(|s| Fr::from(*s)));
        for set in &self.sets {
            e.extend([set.root, Fr::from(set.active)]);
        }
        for clause in &self.clauses {
            for p in &clause.predicates {
                e.extend([p.header(), p.operand]);
            }
        }
        for check in &self.lists {
            e.extend(check.hash_inputs());
        }
        e
    }

    /// The policy hash (a public input of every proof).
    pub fn hash(&self) -> Fr {
        poseidon::hash_many(&self.hash_inputs()).expect("policy hashes have at least one input")
    }

    /// Whether any clause reveals a value.
    pub fn reveals(&self) -> bool {
        self.clauses.iter().any(|c| c.predicates[0].op == Op::Reveal)
    }

    /// `revealed_hash` for the values disclosed by `Reveal` predicates (one per
    /// clause slot, 0 where the clause does not reveal); 0 if nothing is revealed.
    pub fn revealed_hash(&self, revealed: &[Fr]) -> Fr {
        if !self.reveals() {
            return Fr::zero();
        }
        poseidon::hash_many(revealed).expect("one value per clause slot")
    }
}

/// The commitment inputs of a record: `schema_id, presence, f_0..f_7, holder,
/// issued_at, expires_at, revocation_nonce, salt` (the layout of `docs/records.md`).
#[allow(clippy::too_many_arguments)]
pub fn record_commitment_inputs(
    schema_id: u64,
    presence: u64,
    fields: &[Fr; FIELDS],
    holder: Fr,
    issued_at: u32,
    expires_at: u32,
    revocation_nonce: Fr,
    salt: Fr,
) -> [Fr; COMMITMENT_INPUTS] {
    let mut inputs = [Fr::zero(); COMMITMENT_INPUTS];
    inputs[0] = Fr::from(schema_id);
    inputs[1] = Fr::from(presence);
    inputs[2..2 + FIELDS].copy_from_slice(fields);
    inputs[2 + FIELDS..].copy_from_slice(&[
        holder,
        Fr::from(issued_at),
        Fr::from(expires_at),
        revocation_nonce,
        salt,
    ]);
    inputs
}

/// A signed record as the circuit sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordWitness {
    /// The schema id.
    pub schema_id: u64,
    /// Bit `i` set when field `i` is present.
    pub presence: u64,
    /// The encoded fields.
    pub fields: [Fr; FIELDS],
    /// The holder commitment.
    pub holder: Fr,
    /// Issue date (days since 1900-01-01).
    pub issued_at: u32,
    /// Expiry date (days since 1900-01-01).
    pub expires_at: u32,
    /// The record's revocation index in its issuer's revocation list (below
    /// `2^20`; see [`crate::revocation`]).
    pub revocation_nonce: Fr,
    /// Salt.
    pub salt: Fr,
    /// The issuer's public key.
    pub issuer: Point,
    /// The schemas the registry lets the issuer sign (bit `id` for schema `id`).
    pub issuer_schemas: u32,
    /// The issuer's signature over the commitment.
    pub signature: Signature,
    /// The issuer key's path in the trusted-issuer tree.
    pub issuer_path: MerklePath,
    /// The record's chunk of its issuer's revocation bitmap and its path (the
    /// root it hashes to is the one the issuer's registry leaf commits to).
    pub revocation: RevocationWitness,
}

impl RecordWitness {
    /// The placeholder for record slot `slot` of a policy that leaves it unused
    /// (schema [`UNUSED_SCHEMA`]): no fields, bound to the holder, valid on
    /// every date, signed by a fixed key no registry holds (the circuit checks
    /// the signature, not the issuer), and distinct per slot.
    pub fn placeholder(holder: Fr, slot: usize, shape: &QueryShape) -> RecordWitness {
        let key = crate::eddsa::SecretKey::from_bytes(*b"medzk/unused-record-slot/key/v1!");
        let mut record = RecordWitness {
            schema_id: UNUSED_SCHEMA,
            presence: 0,
            fields: [Fr::zero(); FIELDS],
            holder,
            issued_at: 0,
            expires_at: u32::MAX,
            revocation_nonce: Fr::zero(),
            salt: Fr::from(slot as u64 + 1),
            issuer: key.public_key().point(),
            issuer_schemas: 0,
            signature: key.sign(Fr::zero()),
            issuer_path: MerklePath {
                index: 0,
                siblings: vec![vec![Fr::zero(); shape.issuer_arity - 1]; shape.issuer_depth],
            },
            revocation: RevocationWitness::placeholder(),
        };
        record.signature = key.sign(record.commitment());
        record
    }

    /// The record commitment.
    pub fn commitment(&self) -> Fr {
        let inputs = record_commitment_inputs(
            self.schema_id,
            self.presence,
            &self.fields,
            self.holder,
            self.issued_at,
            self.expires_at,
            self.revocation_nonce,
            self.salt,
        );
        poseidon::hash(&inputs).expect("15 inputs are supported")
    }
}

/// The leaf of an issuer in the trusted-issuer tree:
/// `Poseidon(A.x, A.y, schemas, revocation_root)`, where bit `id` of `schemas`
/// is set when the issuer may sign records of schema `id` and
/// `revocation_root` is the root of the issuer's revocation list
/// ([`crate::revocation::RevocationTree::root`]).
pub fn issuer_leaf(key: &Point, schemas: u32, revocation_root: Fr) -> Fr {
    poseidon::hash(&[key.x, key.y, Fr::from(schemas), revocation_root]).expect("four inputs are supported")
}

/// Whether a schema mask lets its issuer sign schema `id`.
pub fn schema_allowed(schemas: u32, id: u64) -> bool {
    id < (1 << SCHEMA_ID_BITS) && (schemas >> id) & 1 == 1
}

/// A set slot's witness: the value it is about and its indexed-tree leaf proof.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SetWitness {
    /// The value proven in or out of the set.
    pub value: u64,
    /// The leaf proof (membership: leaf value = value; otherwise the low leaf).
    pub proof: LeafProof,
}

/// Everything the holder knows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueryWitness {
    /// The holder secret `s`.
    pub holder_secret: Fr,
    /// One record per record slot.
    pub records: Vec<RecordWitness>,
    /// One entry per set slot (`None` for an unused slot).
    pub sets: Vec<Option<SetWitness>>,
    /// One opened list leaf per list-check slot (`None` for an unused slot).
    pub lists: Vec<Option<ListProof>>,
}

pub use medzk_types::PublicInputs;

/// The nullifier of a holder secret in a scope, `Poseidon(s, scope)`: one per
/// holder and verifier scope (the native twin of the circuit's constraint;
/// the one definition, used by records and the evaluator alike).
pub fn nullifier(holder_secret: Fr, scope: Fr) -> Fr {
    crate::poseidon::hash2(holder_secret, scope)
}

/// What the verifier fixes for a proof: the root it trusts, the date, its scope
/// and its challenge.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VerifierContext {
    /// Root of the trusted-issuer tree.
    pub issuer_root: Fr,
    /// The reference date (days since 1900-01-01).
    pub reference_date: u32,
    /// The scope.
    pub scope: Fr,
    /// The challenge.
    pub challenge: Fr,
}

mod evaluate;
pub use evaluate::{effective_bounds, evaluate, predicate_value, Evaluation};
