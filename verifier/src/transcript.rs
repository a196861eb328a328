//! The merlin transcript, behind a small protocol trait with versioned labels.

use crate::{Fr, Proof, PublicInputs};
use ark_ff::PrimeField;
use ark_serialize::CanonicalSerialize;
use merlin::Transcript;

/// The batch-verification protocol over a merlin transcript.
pub(crate) trait TranscriptProtocol {
    /// Starts a batch: domain separator and the number of proofs.
    fn batch_domain_sep(&mut self, n: u64);
    /// Absorbs the verifying key (its compressed bytes).
    fn append_key(&mut self, vk: &crate::VerifyingKey);
    /// Absorbs one proof and its public inputs.
    fn append_statement(&mut self, proof: &Proof, public: &PublicInputs);
    /// A 128-bit weight.
    fn challenge_weight(&mut self) -> Fr;
}

impl TranscriptProtocol for Transcript {
    fn batch_domain_sep(&mut self, n: u64) {
        self.append_message(b"dom-sep", b"medzk-batch-verify-v1");
        self.append_u64(b"n", n);
    }

    fn append_key(&mut self, vk: &crate::VerifyingKey) {
        let mut bytes = alloc::vec::Vec::new();
        vk.serialize_compressed(&mut bytes).expect("writing to a Vec cannot fail");
        self.append_message(b"vk", &bytes);
    }

    fn append_statement(&mut self, proof: &Proof, public: &PublicInputs) {
        let mut bytes = alloc::vec::Vec::new();
        proof.serialize_compressed(&mut bytes).expect("writing to a Vec cannot fail");
        self.append_message(b"proof", &bytes);
        for x in public.to_field_elements() {
            let mut b = alloc::vec::Vec::new();
            x.serialize_compressed(&mut b).expect("writing to a Vec cannot fail");
            self.append_message(b"input", &b);
        }
    }

    fn challenge_weight(&mut self) -> Fr {
        let mut buf = [0u8; 16];
        self.challenge_bytes(b"weight", &mut buf);
        Fr::from_le_bytes_mod_order(&buf)
    }
}
