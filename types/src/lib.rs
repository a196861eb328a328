//! # medzk-types
//!
//! The few types both sides of a medzk proof agree on, with no dependency on
//! circuits or the prover, so that the verifier stays thin (`no_std`).
#![no_std]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

extern crate alloc;

pub mod date;
pub mod decimal;

use alloc::vec::Vec;

/// The BN254 scalar field.
pub type Fr = ark_bn254::Fr;

/// The number of public inputs of every medzk proof.
pub const PUBLIC_INPUTS: usize = 7;

/// The public inputs of a medzk proof, in the circuit's order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PublicInputs {
    /// Root of the trusted-issuer tree.
    pub issuer_root: Fr,
    /// The policy hash.
    pub policy_hash: Fr,
    /// The date the records are checked at (days since 1900-01-01).
    pub reference_date: u32,
    /// The verifier's scope.
    pub scope: Fr,
    /// `Poseidon(s, scope)`: one per holder and scope.
    pub nullifier: Fr,
    /// The verifier's fresh challenge.
    pub challenge: Fr,
    /// Hash of the revealed values, 0 if none.
    pub revealed_hash: Fr,
}

impl PublicInputs {
    /// The inputs as field elements, in order:
    /// `issuer_root, policy_hash, reference_date, scope, nullifier, challenge, revealed_hash`.
    pub fn to_field_elements(&self) -> [Fr; PUBLIC_INPUTS] {
        [
            self.issuer_root,
            self.policy_hash,
            Fr::from(self.reference_date),
            self.scope,
            self.nullifier,
            self.challenge,
            self.revealed_hash,
        ]
    }

    /// The inputs as a vector, in order.
    pub fn to_vec(&self) -> Vec<Fr> {
        self.to_field_elements().to_vec()
    }
}
