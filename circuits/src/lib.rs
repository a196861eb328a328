//! # medzk-circuits
//!
//! Gadgets and circuits for medzk, each beside its native twin:
//!
//! | native | in-circuit | what |
//! |---|---|---|
//! | [`poseidon`] | [`poseidon::constraints`] | Poseidon with circomlib's parameters, 1..16 inputs |
//! | [`babyjubjub`] | [`babyjubjub::constraints`] | Baby JubJub points in circom coordinates |
//! | [`eddsa`] | [`eddsa::constraints`] | EdDSA-Poseidon, identical to circomlibjs `signPoseidon` |
//! | [`calendar`] | [`calendar::constraints`] | "the reference date, n calendar years earlier" |
//! | [`comparison`] | [`comparison::constraints`] | range checks and comparisons of ≤ 64-bit values |
//! | [`merkle`] | [`merkle::constraints`] | Poseidon Merkle trees (membership) |
//! | [`indexed_merkle`] | [`indexed_merkle::constraints`] | sorted low-leaf trees (non-membership) |
//! | [`revocation`] | [`revocation::constraints`] | issuers' revocation bitmaps ("not revoked") |
//!
//! Every gadget folds constants to zero constraints; its constraint count is
//! pinned in `circuits/constraint_counts.csv` and checked by the tests.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod attested_list;
pub mod babyjubjub;
pub mod calendar;
pub mod comparison;
pub mod eddsa;
pub mod error;
pub mod field;
pub mod indexed_merkle;
pub mod merkle;
pub mod poseidon;
pub mod query;
pub mod revocation;

pub use error::CircuitError;

/// The BN254 scalar field: the field every medzk circuit works over, and the
/// base field of Baby JubJub.
pub type Fr = ark_bn254::Fr;

/// An in-circuit BN254 scalar field element.
pub type FrVar = ark_r1cs_std::fields::fp::FpVar<Fr>;

#[cfg(test)]
pub(crate) mod test_utils {
    //! Helpers shared by the gadget unit tests.
    use super::Fr;
    use ark_r1cs_std::alloc::AllocationMode;
    use ark_relations::gr1cs::{ConstraintSystem, ConstraintSystemRef};

    /// The three ways a gadget input can be allocated.
    pub const MODES: [AllocationMode; 3] =
        [AllocationMode::Constant, AllocationMode::Input, AllocationMode::Witness];

    /// A fresh constraint system.
    pub fn cs() -> ConstraintSystemRef<Fr> {
        ConstraintSystem::new_ref()
    }

    /// Whether the system is satisfied, printing the first failing constraint if not.
    pub fn satisfied(cs: &ConstraintSystemRef<Fr>) -> bool {
        let ok = cs.is_satisfied().unwrap();
        if !ok {
            eprintln!("first unsatisfied constraint: {:?}", cs.which_is_unsatisfied());
        }
        ok
    }

    /// A deterministic RNG for tests.
    pub fn rng() -> rand_chacha::ChaCha20Rng {
        rand::SeedableRng::seed_from_u64(0x6d65647a6b)
    }
}
