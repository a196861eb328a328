//! Free text: Poseidon over the UTF-8 bytes in 31-byte chunks.

use crate::RecordError;
use medzk_circuits::{poseidon, Fr};

/// The longest text [`text_hash`] accepts: 15 chunks of 31 bytes.
pub const TEXT_MAX_BYTES: usize = 15 * 31;

/// `Poseidon(len, c_0, …, c_k)` where `c_i` is the big-endian integer of bytes
/// `31i .. 31i+31` of the UTF-8 text (the last chunk zero-padded on the right).
pub fn text_hash(field: &str, text: &str) -> Result<Fr, RecordError> {
    let bytes = text.as_bytes();
    if bytes.len() > TEXT_MAX_BYTES {
        return Err(RecordError::TextTooLong { field: field.into(), len: bytes.len(), max: TEXT_MAX_BYTES });
    }
    let mut inputs = vec![Fr::from(bytes.len() as u64)];
    for chunk in bytes.chunks(31) {
        let mut padded = [0u8; 31];
        padded[..chunk.len()].copy_from_slice(chunk);
        inputs.push(<Fr as ark_ff::PrimeField>::from_be_bytes_mod_order(&padded));
    }
    Ok(poseidon::hash(&inputs)?)
}
