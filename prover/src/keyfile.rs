//! Versioned key files.
//!
//! ```text
//! magic        8 bytes   "MEDZKPK\0" (proving) or "MEDZKVK\0" (verifying)
//! version      u16 LE    2
//! curve        u8        1 = BN254
//! shape        u8 len + UTF-8 name, u64 LE shape tag
//! r1cs digest  32 bytes  SHA-256 of the circuit's constraint matrices
//! payload      u64 LE length, 32-byte SHA-256, then
//!              proving: u64 LE matrix length, the compact R1CS (`R1cs::to_bytes`),
//!                       then the key (ark-serialize, uncompressed)
//!              verifying: the key (ark-serialize, uncompressed)
//! ```
//!
//! A proving key file carries the circuit's matrices, so loading it needs no
//! constraint synthesis (fast, and no synthesis-sized memory peak): the
//! matrices' digest must equal the header's and the digest pinned for the
//! shape in this build ([`crate::PINNED_R1CS_DIGESTS`]), or the file is refused
//! as made for another circuit.
//!
//! [`LoadMode::Validated`] checks every point (on the curve, in the subgroup) for
//! keys from elsewhere; [`LoadMode::Trusted`] skips the point checks for keys
//! this machine wrote (the payload digest is always checked).

use crate::r1cs::R1cs;
use crate::setup::pinned_r1cs_digest;
use crate::{CircuitProver, ProverError, ProvingKey, VerifyingKey};
use ark_serialize::{CanonicalDeserialize, CanonicalSerialize, Compress, Validate};
use medzk_circuits::query::QueryShape;
use sha2::{Digest, Sha256};

/// The key file format version.
pub const KEY_FILE_VERSION: u16 = 2;
const PROVING_MAGIC: &[u8; 8] = b"MEDZKPK\0";
const VERIFYING_MAGIC: &[u8; 8] = b"MEDZKVK\0";
const CURVE_BN254: u8 = 1;

/// How much to check when loading a key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LoadMode {
    /// Check every point: for keys from elsewhere.
    Validated,
    /// Skip point checks (the digest is still checked): for keys this machine wrote.
    Trusted,
}

fn header(magic: &[u8; 8], shape: QueryShape, r1cs_digest: &[u8; 32], payload: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(payload.len() + 128);
    out.extend_from_slice(magic);
    out.extend_from_slice(&KEY_FILE_VERSION.to_le_bytes());
    out.push(CURVE_BN254);
    out.push(shape.name.len() as u8);
    out.extend_from_slice(shape.name.as_bytes());
    out.extend_from_slice(&shape.packed().to_le_bytes());
    out.extend_from_slice(r1cs_digest);
    out.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    out.extend_from_slice(&Sha256::digest(payload));
    out.extend_from_slice(payload);
    out
}

/// Serialises a proving key (with its circuit's digest) to a key file.
pub fn write_proving_key(prover: &CircuitProver) -> Vec<u8> {
    let r1cs = prover.r1cs().to_bytes();
    let mut payload = Vec::with_capacity(8 + r1cs.len() + prover.proving_key().uncompressed_size());
    payload.extend_from_slice(&(r1cs.len() as u64).to_le_bytes());
    payload.extend_from_slice(&r1cs);
    drop(r1cs);
    prover.proving_key().serialize_uncompressed(&mut payload).expect("writing to a Vec cannot fail");
    header(PROVING_MAGIC, prover.shape(), &prover.r1cs_digest(), &payload)
}

/// Serialises a verifying key to a key file.
pub fn write_verifying_key(shape: QueryShape, r1cs_digest: &[u8; 32], vk: &VerifyingKey) -> Vec<u8> {
    let mut payload = Vec::new();
    vk.serialize_uncompressed(&mut payload).expect("writing to a Vec cannot fail");
    header(VERIFYING_MAGIC, shape, r1cs_digest, &payload)
}

/// A parsed header and the payload it vouches for.
struct Parsed<'a> {
    shape_name: String,
    tag: u64,
    r1cs_digest: [u8; 32],
    payload: &'a [u8],
}

fn parse<'a>(bytes: &'a [u8], magic: &[u8; 8], kind: &'static str) -> Result<Parsed<'a>, ProverError> {
    let mut rest = bytes;
    let mut take = |n: usize| -> Result<&'a [u8], ProverError> {
        if rest.len() < n {
            return Err(ProverError::Truncated);
        }
        let (head, tail) = rest.split_at(n);
        rest = tail;
        Ok(head)
    };
    if take(8).map_err(|_| ProverError::BadMagic(kind))? != magic {
        return Err(ProverError::BadMagic(kind));
    }
    let version = u16::from_le_bytes(take(2)?.try_into().expect("2 bytes"));
    if version != KEY_FILE_VERSION {
        return Err(ProverError::UnsupportedVersion { found: version, supported: KEY_FILE_VERSION });
    }
    let curve = take(1)?[0];
    if curve != CURVE_BN254 {
        return Err(ProverError::WrongCurve(curve));
    }
    let name_len = take(1)?[0] as usize;
    let shape_name = String::from_utf8_lossy(take(name_len)?).into_owned();
    let tag = u64::from_le_bytes(take(8)?.try_into().expect("8 bytes"));
    let r1cs_digest: [u8; 32] = take(32)?.try_into().expect("32 bytes");
    let len = u64::from_le_bytes(take(8)?.try_into().expect("8 bytes"));
    let digest: [u8; 32] = take(32)?.try_into().expect("32 bytes");
    let payload = take(usize::try_from(len).map_err(|_| ProverError::Truncated)?)?;
    if !rest.is_empty() {
        return Err(ProverError::Corrupted);
    }
    if Sha256::digest(payload).as_slice() != digest {
        return Err(ProverError::Corrupted);
    }
    Ok(Parsed { shape_name, tag, r1cs_digest, payload })
}

fn check_shape(parsed: &Parsed<'_>, shape: QueryShape) -> Result<(), ProverError> {
    if parsed.shape_name != shape.name || parsed.tag != shape.packed() {
        return Err(ProverError::WrongShape { expected: shape.name, found: parsed.shape_name.clone() });
    }
    Ok(())
}

fn validate(mode: LoadMode) -> Validate {
    match mode {
        LoadMode::Validated => Validate::Yes,
        LoadMode::Trusted => Validate::No,
    }
}

/// Reads a proving key for `shape`: checks the header, the payload digest and
/// that the key and its matrices were made for this build's circuit (R1CS
/// digest, pinned per shape), without synthesising the circuit.
pub fn read_proving_key(
    bytes: &[u8],
    shape: QueryShape,
    mode: LoadMode,
) -> Result<CircuitProver, ProverError> {
    let parsed = parse(bytes, PROVING_MAGIC, "proving")?;
    check_shape(&parsed, shape)?;
    let pinned = pinned_r1cs_digest(shape).ok_or(ProverError::WrongCircuit(shape.name))?;
    if parsed.r1cs_digest != pinned {
        return Err(ProverError::WrongCircuit(shape.name));
    }
    let (len, rest) = parsed.payload.split_at_checked(8).ok_or(ProverError::Truncated)?;
    let len = usize::try_from(u64::from_le_bytes(len.try_into().expect("8 bytes")))
        .map_err(|_| ProverError::Truncated)?;
    let (matrices, key) = rest.split_at_checked(len).ok_or(ProverError::Truncated)?;
    let r1cs = R1cs::from_bytes(matrices)?;
    if R1cs::digest_of_bytes(matrices) != pinned {
        return Err(ProverError::WrongCircuit(shape.name));
    }
    let mut pk = ProvingKey::deserialize_with_mode(key, Compress::No, validate(mode))
        .map_err(|e| ProverError::InvalidKey(e.to_string()))?;
    // ark-serialize grows each vector by doubling; give the slack back.
    pk.a_query.shrink_to_fit();
    pk.b_g1_query.shrink_to_fit();
    pk.b_g2_query.shrink_to_fit();
    pk.h_query.shrink_to_fit();
    pk.l_query.shrink_to_fit();
    CircuitProver::with_digest(shape, pk, r1cs, pinned)
}

/// Reads a verifying key for `shape`, returning it with the R1CS digest it was made for.
pub fn read_verifying_key(
    bytes: &[u8],
    shape: QueryShape,
    mode: LoadMode,
) -> Result<(VerifyingKey, [u8; 32]), ProverError> {
    let parsed = parse(bytes, VERIFYING_MAGIC, "verifying")?;
    check_shape(&parsed, shape)?;
    let vk = VerifyingKey::deserialize_with_mode(parsed.payload, Compress::No, validate(mode))
        .map_err(|e| ProverError::InvalidKey(e.to_string()))?;
    Ok((vk, parsed.r1cs_digest))
}
