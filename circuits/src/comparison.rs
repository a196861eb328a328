//! Comparisons of range-checked values (at most 64 bits; dates use 32).
//!
//! Field elements are never compared raw: a value is first proven to fit its
//! bit width ([`constraints::BoundedVar::new`]), so a value ≥ 2^64 makes the
//! constraint system unsatisfiable instead of wrapping around into "small".
//! The native twin of every comparison is [`Comparison::evaluate`].

pub mod constraints;

/// The largest bit width a comparison accepts.
pub const MAX_BITS: u32 = 64;

/// A binary comparison of two unsigned integers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Comparison {
    /// `a == b`
    Eq,
    /// `a != b`
    Ne,
    /// `a < b`
    Lt,
    /// `a <= b`
    Lte,
    /// `a > b`
    Gt,
    /// `a >= b`
    Gte,
}

impl Comparison {
    /// Every comparison, for exhaustive tests.
    pub const ALL: [Comparison; 6] =
        [Comparison::Eq, Comparison::Ne, Comparison::Lt, Comparison::Lte, Comparison::Gt, Comparison::Gte];

    /// The native result of `a ⋄ b`.
    pub fn evaluate(self, a: u64, b: u64) -> bool {
        match self {
            Comparison::Eq => a == b,
            Comparison::Ne => a != b,
            Comparison::Lt => a < b,
            Comparison::Lte => a <= b,
            Comparison::Gt => a > b,
            Comparison::Gte => a >= b,
        }
    }
}

/// Whether `lo <= value <= hi` (the native twin of `BoundedVar::is_between`).
pub fn between(value: u64, lo: u64, hi: u64) -> bool {
    lo <= value && value <= hi
}
