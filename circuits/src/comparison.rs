//! Comparisons of range-checked values (at most 128 bits: record fields use 64, dates
//! 32, attested-list keys 96).
//!
//! Field elements are never compared raw: a value is first proven to fit its
//! bit width ([`constraints::BoundedVar::new`]), so a value ≥ 2^64 makes the
//! constraint system unsatisfiable instead of wrapping around into "small".
//! The native twin of each comparison is Rust's own operator on `u64`
//! (tested exhaustively on edge values), and [`between`] for ranges.

pub mod constraints;

/// The largest bit width a comparison accepts.
pub const MAX_BITS: u32 = 128;

/// Whether `lo <= value <= hi` (the native twin of `BoundedVar::is_between`).
pub fn between(value: u64, lo: u64, hi: u64) -> bool {
    lo <= value && value <= hi
}
