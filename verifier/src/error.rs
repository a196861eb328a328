//! The error type of `medzk-verifier`.

use alloc::vec::Vec;

/// Why a proof, key or input was not accepted. Every malformed input has its
/// own variant; no input makes the verifier panic.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VerifyError {
    /// The key is not a medzk key (wrong number of public inputs).
    #[error("the verifying key has {0} public inputs, medzk proofs have 7")]
    WrongKey(usize),
    /// The pairing check failed: the proof does not prove these public inputs.
    #[error("the proof is invalid for these public inputs")]
    InvalidProof,
    /// Some proofs of a batch are invalid (their indices).
    #[error("{} of the batch's proofs are invalid", .0.len())]
    BatchInvalid(Vec<usize>),
    /// The proof is for another policy.
    #[error("the proof is for another policy (policy hash differs)")]
    UnexpectedPolicy,
    /// The proof's issuer root is not one the verifier trusts.
    #[error("the proof's trusted-issuer root is not accepted")]
    UntrustedIssuerRoot,
    /// The proof is for another scope.
    #[error("the proof is for another scope")]
    WrongScope,
    /// The proof answers another challenge (a replay).
    #[error("the proof answers another challenge")]
    WrongChallenge,
    /// The proof's reference date is outside the accepted window.
    #[error("reference date {date} is outside the accepted window {from}..={to}")]
    DateOutsideWindow {
        /// The proof's date.
        date: u32,
        /// First accepted date.
        from: u32,
        /// Last accepted date.
        to: u32,
    },
    /// Expectations with no trusted-issuer root: they would accept no proof.
    #[error("expectations name no trusted-issuer root: no proof would be accepted")]
    NoTrustedRoots,
    /// Expectations whose date window is empty (`from > to`).
    #[error("the accepted reference dates {from}..={to} are empty: no proof would be accepted")]
    EmptyDateWindow {
        /// First accepted date.
        from: u32,
        /// Last accepted date.
        to: u32,
    },
    /// An encoding of the wrong length.
    #[error("{what}: expected {expected} bytes, got {found}")]
    WrongLength {
        /// What was being decoded.
        what: &'static str,
        /// The expected length.
        expected: usize,
        /// The length found.
        found: usize,
    },
    /// A format version this library does not read.
    #[error("{what}: unsupported version {found}")]
    UnsupportedVersion {
        /// What was being decoded.
        what: &'static str,
        /// The version found.
        found: u8,
    },
    /// A base-field coordinate that is not below the base-field modulus p.
    #[error("{0}: coordinate is not a canonical base-field element (≥ p)")]
    NonCanonicalCoordinate(&'static str),
    /// A scalar (public input) that is not below the group order r.
    #[error("public input {0} is not a canonical scalar (≥ r)")]
    NonCanonicalScalar(usize),
    /// Compression flags that are not valid.
    #[error("{0}: invalid point flags")]
    InvalidFlags(&'static str),
    /// A point that is not on the curve.
    #[error("{0}: point is not on the curve")]
    NotOnCurve(&'static str),
    /// A G2 point outside the prime-order subgroup.
    #[error("{0}: point is not in the prime-order subgroup")]
    NotInSubgroup(&'static str),
    /// The point at infinity where a finite point is required.
    #[error("{0}: the point at infinity is not allowed here")]
    PointAtInfinity(&'static str),
    /// JSON that does not parse, or has missing or unknown members.
    #[error("malformed {what} JSON: {message}")]
    Json {
        /// What was being read.
        what: &'static str,
        /// The parser's message.
        message: alloc::string::String,
    },
    /// A number in JSON that is not a decimal integer string.
    #[error("{0}: not a decimal integer string")]
    NotADecimal(&'static str),
    /// A snarkjs file for another curve or protocol.
    #[error("expected protocol groth16 on curve bn128, found {protocol} on {curve}")]
    WrongCurve {
        /// The protocol found.
        protocol: alloc::string::String,
        /// The curve found.
        curve: alloc::string::String,
    },
    /// A shape name that cannot go into generated source (letters, digits, `-`, `_`).
    #[error("a shape name is letters, digits, '-' and '_'")]
    BadShapeName,
    /// Text that is not an even number of hexadecimal digits.
    #[error("{0}: not hexadecimal")]
    NotHex(&'static str),
    /// A length or count that cannot be computed with (it would overflow, or a
    /// list that must not be empty is empty).
    #[error("{0}: length out of range")]
    LengthOutOfRange(&'static str),
}
