//! The merlin transcript, behind a small protocol trait with versioned labels.

use crate::{Fr, Proof, PublicInputs};
use ark_ff::PrimeField;
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
        self.append_message(b"vk", &crate::binary::compressed(vk));
    }

    fn append_statement(&mut self, proof: &Proof, public: &PublicInputs) {
        self.append_message(b"proof", &crate::binary::compressed(proof));
        for x in public.to_field_elements() {
            self.append_message(b"input", &crate::binary::compressed(&x));
        }
    }

    fn challenge_weight(&mut self) -> Fr {
        let mut buf = [0u8; 16];
        self.challenge_bytes(b"weight", &mut buf);
        Fr::from_le_bytes_mod_order(&buf)
    }
}
