//! The error type of `medzk-circuits`.

/// Everything that can go wrong in the native half of the gadgets: malformed
/// input, values out of range, invalid curve points.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CircuitError {
    /// Poseidon was asked to hash a number of inputs it has no parameters for.
    #[error("poseidon takes 1 to 16 inputs, got {0}")]
    PoseidonArity(usize),
    /// A decimal string is not a canonical field element (not a number, or ≥ the modulus).
    #[error("not a canonical decimal field element: {0:?}")]
    NonCanonicalField(String),
    /// A scalar is not below the modulus it must be reduced by.
    #[error("scalar is not below {modulus}: {value}")]
    NonCanonicalScalar {
        /// The offending value, in decimal.
        value: String,
        /// The name of the modulus it must be below.
        modulus: &'static str,
    },
    /// A point's coordinates do not satisfy the Baby JubJub curve equation.
    #[error("point is not on the Baby JubJub curve")]
    NotOnCurve,
    /// A point is on the curve but has small order (it is killed by the cofactor 8).
    #[error("point has small order")]
    SmallOrder,
    /// A point is on the curve but not in the prime-order subgroup.
    #[error("point is not in the prime-order subgroup")]
    NotInSubgroup,
    /// A value does not fit the number of bits it must fit.
    #[error("value {value} does not fit in {bits} bits")]
    OutOfRange {
        /// The offending value, in decimal.
        value: String,
        /// The bit width it must fit.
        bits: u32,
    },
    /// A signature does not satisfy the verification equation.
    #[error("invalid signature")]
    InvalidSignature,
    /// A Merkle tree has no room for another leaf.
    #[error("merkle tree of depth {depth} is full")]
    TreeFull {
        /// The tree's depth.
        depth: usize,
    },
    /// A Merkle tree depth outside the supported range (capacity at most 2^32).
    #[error("merkle tree depth {0} is out of range (1 level up to a capacity of 2^32 leaves)")]
    InvalidDepth(usize),
    /// A Merkle tree arity other than 2 or 4.
    #[error("merkle tree arity must be 2 or 4, got {0}")]
    InvalidArity(usize),
    /// A leaf index beyond the leaves appended so far.
    #[error("leaf index {index} is out of range (tree has {len} leaves)")]
    LeafIndex {
        /// The requested index.
        index: u64,
        /// How many leaves the tree has.
        len: u64,
    },
    /// A shape name that is neither shipped nor a custom `r{R}-k{K}-s{S}`.
    #[error(
        "unknown shape {0:?}: expected small, medium, large or r<records>-k<clauses>-s<sets> (r6-k16-s2)"
    )]
    UnknownShape(String),
    /// A relative bound of a clause falls outside `[0, 2^32)` on the reference date.
    #[error("clause {0}: a relative date bound falls before 1900-01-01 on this reference date")]
    RelativeBound(usize),
    /// A record in a slot the policy leaves unused that marks fields present.
    #[error("record slot {0} is unused by the policy, but its placeholder marks fields present")]
    UnusedSlotNotEmpty(usize),
    /// A query witness or policy that does not fit the circuit shape.
    #[error("does not fit the {shape} shape: {reason}")]
    ShapeMismatch {
        /// The shape's name.
        shape: &'static str,
        /// What does not fit.
        reason: String,
    },
    /// A record's schema differs from the policy's record slot.
    #[error("record {record}: schema {found} where the policy expects {expected}")]
    RecordSchema {
        /// The record slot.
        record: usize,
        /// The record's schema id.
        found: u64,
        /// The policy's schema id.
        expected: u64,
    },
    /// A record issued to another holder.
    #[error("record {0} is bound to another holder")]
    HolderMismatch(usize),
    /// A record whose issuer signature does not verify.
    #[error("record {0}: the issuer signature does not verify")]
    RecordSignature(usize),
    /// A record whose issuer key is not in the trusted-issuer root.
    #[error("record {0}: the issuer is not in the trusted-issuer registry")]
    IssuerNotTrusted(usize),
    /// A record whose revocation index is not below `2^20`.
    #[error("record {0}: the revocation index is not below 2^20")]
    RevocationIndex(usize),
    /// A record's revocation witness of the wrong depth or arity.
    #[error("record {0}: the revocation witness does not have the revocation tree's shape")]
    RevocationProof(usize),
    /// A record its issuer has revoked (its bit is set in the revocation list
    /// the registry commits to).
    #[error("record {0} has been revoked by its issuer")]
    RecordRevoked(usize),
    /// A record that has expired at the reference date.
    #[error("record {0} has expired at the reference date")]
    RecordExpired(usize),
    /// A record issued after the reference date.
    #[error("record {0} was issued after the reference date")]
    RecordNotYetIssued(usize),
    /// A record of a schema its issuer's registry entry does not allow.
    #[error("record {0}: the registry does not let its issuer sign this schema")]
    IssuerSchemaNotAllowed(usize),
    /// The same record presented in two slots.
    #[error("records {0} and {1} are the same record")]
    DuplicateRecord(usize, usize),
    /// A set slot's proof does not match the set root.
    #[error("set {0}: the membership proof does not match the set root or the shape")]
    SetProof(usize),
    /// A list check whose proof is missing, malformed, of another list, or
    /// shows the opposite of what the check asks.
    #[error("list check {0} does not hold")]
    ListCheckFailed(usize),
    /// A policy clause the records do not satisfy.
    #[error("clause {0} is not satisfied")]
    ClauseFailed(usize),
    /// A value reserved as a sentinel of indexed trees (0 or 2^64 − 1) was used as a member.
    #[error("value {0} is reserved as an indexed-tree sentinel")]
    ReservedValue(u64),
    /// An attested-list key that is a sentinel (0 or 2^96 − 1) or wider than 96 bits.
    #[error("attested-list key {0} is reserved or wider than 96 bits")]
    ListKey(u128),
    /// More keys than an attested-list tree holds.
    #[error("an attested list holds at most 1,023 keys, not {0}")]
    ListTooLong(usize),
    /// An empty key range, or one touching a sentinel.
    #[error("an attested-list range must be non-empty and strictly between the sentinels")]
    ListRange,
    /// An absence proof was asked for a range in which the list has a key.
    #[error("the attested list has an entry in the range")]
    ListEntryInRange,
    /// A presence proof was asked for a range in which the list has no key.
    #[error("the attested list has no entry in the range")]
    ListNoEntryInRange,
    /// A non-membership proof was requested for a value that is in the set.
    #[error("value {0} is a member of the set")]
    IsMember(u64),
    /// A membership proof was requested for a value that is not in the set.
    #[error("value {0} is not a member of the set")]
    NotMember(u64),
}
