//! medzk's versioned key files: the header both kinds share, and the
//! verifying key file (`<shape>.vk`) read and written here, by the verifier
//! that uses it. (The proving key's payload is the prover's:
//! `medzk_prover::keyfile` writes and streams it behind this header.)
//!
//! ```text
//! magic        8 bytes   "MEDZKPK\0" (proving) or "MEDZKVK\0" (verifying)
//! version      u16 LE    2
//! curve        u8        1 = BN254
//! shape        u8 len + UTF-8 name, u64 LE shape tag
//! r1cs digest  32 bytes  SHA-256 of the circuit's constraint matrices
//! payload      u64 LE length, 32-byte SHA-256, then
//!              proving: u64 LE matrix length, the compact R1CS, then the key
//!              verifying: the key (ark-serialize, uncompressed)
//! ```
//!
//! Every field is checked on reading (magic, version, curve, exact payload
//! length, payload digest, points on the curve and in the subgroup), and each
//! failure has its own [`KeyFileError`].

use crate::VerifyingKey;
use alloc::string::String;
use alloc::vec::Vec;
use ark_serialize::{CanonicalDeserialize, CanonicalSerialize, Compress, Validate};
use sha2::{Digest, Sha256};

/// The key file version this library reads and writes.
pub const KEY_FILE_VERSION: u16 = 2;
/// The magic of a proving key file.
pub const PROVING_MAGIC: &[u8; 8] = b"MEDZKPK\0";
/// The magic of a verifying key file.
pub const VERIFYING_MAGIC: &[u8; 8] = b"MEDZKVK\0";
/// The curve id of BN254.
pub const CURVE_BN254: u8 = 1;
/// The bytes of a header before the shape name: magic, version, curve, name length.
pub const HEADER_PREFIX: usize = 8 + 2 + 1 + 1;
/// The bytes of a header after the shape name: tag, R1CS digest, payload length and digest.
pub const HEADER_SUFFIX: usize = 8 + 32 + 8 + 32;

/// Why a key file was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyFileError {
    /// Not a medzk key file of this kind (`proving` or `verifying`).
    #[error("not a medzk {0} key file")]
    BadMagic(&'static str),
    /// A version this library does not read.
    #[error("key file version {found} (this library reads version {supported})")]
    UnsupportedVersion {
        /// The file's version.
        found: u16,
        /// The version read here.
        supported: u16,
    },
    /// Another curve.
    #[error("key file for curve id {0}, expected BN254 (1)")]
    WrongCurve(u8),
    /// Shorter than its header says.
    #[error("key file is truncated")]
    Truncated,
    /// Its payload does not match the header's digest, or bytes follow it.
    #[error("key file is corrupted (payload digest mismatch)")]
    Corrupted,
    /// The payload does not hold a valid key (a point off the curve or
    /// outside the subgroup, a bad encoding).
    #[error("key file holds an invalid key: {0}")]
    InvalidKey(String),
}

/// What a key file says it is for: the circuit shape (name and tag) and the
/// digest of the circuit's constraint matrices.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyFileHeader {
    /// The shape's name (`small`, `medium`).
    pub shape_name: String,
    /// The shape's tag (its packed dimensions).
    pub shape_tag: u64,
    /// SHA-256 of the circuit's constraint matrices.
    pub r1cs_digest: [u8; 32],
    /// The payload's length.
    pub payload_len: u64,
    /// SHA-256 of the payload.
    pub payload_digest: [u8; 32],
}

/// A key file: the header for `payload`, then the payload.
pub fn write_key_file(
    magic: &[u8; 8],
    shape_name: &str,
    shape_tag: u64,
    r1cs_digest: &[u8; 32],
    payload: &[u8],
) -> Vec<u8> {
    let name = &shape_name.as_bytes()[..shape_name.len().min(255)];
    let mut out = Vec::with_capacity(HEADER_PREFIX + name.len() + HEADER_SUFFIX + payload.len());
    out.extend_from_slice(magic);
    out.extend_from_slice(&KEY_FILE_VERSION.to_le_bytes());
    out.push(CURVE_BN254);
    out.push(name.len() as u8);
    out.extend_from_slice(name);
    out.extend_from_slice(&shape_tag.to_le_bytes());
    out.extend_from_slice(r1cs_digest);
    out.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    out.extend_from_slice(&Sha256::digest(payload));
    out.extend_from_slice(payload);
    out
}

fn take<'a>(bytes: &mut &'a [u8], n: usize) -> Result<&'a [u8], KeyFileError> {
    if bytes.len() < n {
        return Err(KeyFileError::Truncated);
    }
    let (head, rest) = bytes.split_at(n);
    *bytes = rest;
    Ok(head)
}

fn array<const N: usize>(bytes: &mut &[u8]) -> Result<[u8; N], KeyFileError> {
    Ok(take(bytes, N)?.try_into().expect("take returns N bytes"))
}

/// Parses a key file header of the kind `magic` (`kind` names it in errors)
/// from the front of `bytes`, leaving the payload in `bytes`.
pub fn read_header(
    bytes: &mut &[u8],
    magic: &[u8; 8],
    kind: &'static str,
) -> Result<KeyFileHeader, KeyFileError> {
    let found: [u8; 8] = array(bytes).map_err(|_| KeyFileError::BadMagic(kind))?;
    if &found != magic {
        return Err(KeyFileError::BadMagic(kind));
    }
    let version = u16::from_le_bytes(array(bytes)?);
    if version != KEY_FILE_VERSION {
        return Err(KeyFileError::UnsupportedVersion { found: version, supported: KEY_FILE_VERSION });
    }
    let [curve] = array(bytes)?;
    if curve != CURVE_BN254 {
        return Err(KeyFileError::WrongCurve(curve));
    }
    let [name_len] = array(bytes)?;
    let name = take(bytes, name_len.into())?;
    Ok(KeyFileHeader {
        shape_name: String::from_utf8_lossy(name).into_owned(),
        shape_tag: u64::from_le_bytes(array(bytes)?),
        r1cs_digest: array(bytes)?,
        payload_len: u64::from_le_bytes(array(bytes)?),
        payload_digest: array(bytes)?,
    })
}

/// Serialises a verifying key to a key file for the circuit `shape_name` /
/// `shape_tag` whose matrices have digest `r1cs_digest`.
pub fn write_verifying_key(
    shape_name: &str,
    shape_tag: u64,
    r1cs_digest: &[u8; 32],
    vk: &VerifyingKey,
) -> Vec<u8> {
    let mut payload = Vec::new();
    vk.serialize_uncompressed(&mut payload).expect("writing to a Vec cannot fail");
    write_key_file(VERIFYING_MAGIC, shape_name, shape_tag, r1cs_digest, &payload)
}

/// Reads a verifying key file: the header (which circuit the key is for:
/// the caller compares it with the one it expects) and the key, whose points
/// are checked on the curve and in the subgroup. Before it verifies anything
/// with the key, [`crate::prepare`] also checks it has medzk's 7 inputs.
pub fn read_verifying_key(bytes: &[u8]) -> Result<(KeyFileHeader, VerifyingKey), KeyFileError> {
    let mut rest = bytes;
    let header = read_header(&mut rest, VERIFYING_MAGIC, "verifying")?;
    if (rest.len() as u64) < header.payload_len {
        return Err(KeyFileError::Truncated);
    }
    if rest.len() as u64 != header.payload_len || Sha256::digest(rest)[..] != header.payload_digest[..] {
        return Err(KeyFileError::Corrupted);
    }
    let mut payload = rest;
    let vk = VerifyingKey::deserialize_with_mode(&mut payload, Compress::No, Validate::Yes)
        .map_err(|e| KeyFileError::InvalidKey(alloc::format!("{e}")))?;
    if !payload.is_empty() {
        return Err(KeyFileError::Corrupted);
    }
    Ok((header, vk))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ark_bn254::{Fq, G1Affine, G2Affine};
    use ark_ec::AffineRepr;

    fn key() -> VerifyingKey {
        let g1 = G1Affine::generator();
        VerifyingKey {
            alpha_g1: g1,
            beta_g2: G2Affine::generator(),
            gamma_g2: G2Affine::generator(),
            delta_g2: G2Affine::generator(),
            gamma_abc_g1: alloc::vec![g1; 8],
        }
    }

    fn reseal(file: &mut [u8], payload_at: usize) {
        let digest = Sha256::digest(&file[payload_at..]);
        file[payload_at - 32..payload_at].copy_from_slice(&digest);
    }

    #[test]
    fn round_trips_and_refuses_each_damage() {
        let file = write_verifying_key("small", 42, &[7; 32], &key());
        let (header, vk) = read_verifying_key(&file).unwrap();
        assert_eq!(
            (header.shape_name.as_str(), header.shape_tag, header.r1cs_digest),
            ("small", 42, [7; 32])
        );
        assert_eq!(vk, key());
        let payload_at = HEADER_PREFIX + 5 + HEADER_SUFFIX;
        let edit = |at: usize, value: u8| {
            let mut f = file.clone();
            f[at] = value;
            read_verifying_key(&f)
        };
        assert_eq!(edit(0, b'X'), Err(KeyFileError::BadMagic("verifying")));
        assert_eq!(edit(8, 9), Err(KeyFileError::UnsupportedVersion { found: 9, supported: 2 }));
        assert_eq!(edit(10, 2), Err(KeyFileError::WrongCurve(2)));
        assert_eq!(edit(file.len() - 1, file[file.len() - 1] ^ 1), Err(KeyFileError::Corrupted));
        assert_eq!(read_verifying_key(&file[..file.len() - 1]), Err(KeyFileError::Truncated));
        assert_eq!(read_verifying_key(&file[..20]), Err(KeyFileError::Truncated));
        assert_eq!(read_verifying_key(&file[..5]), Err(KeyFileError::BadMagic("verifying")));
        let mut trailing = file.clone();
        trailing.push(0);
        assert_eq!(read_verifying_key(&trailing), Err(KeyFileError::Corrupted));
        let proving = write_key_file(PROVING_MAGIC, "small", 42, &[7; 32], &file[payload_at..]);
        assert_eq!(read_verifying_key(&proving), Err(KeyFileError::BadMagic("verifying")));
        // A point off the curve under a valid digest: an invalid key, not a panic.
        let mut off_curve = key();
        off_curve.alpha_g1 = G1Affine::new_unchecked(Fq::from(1u64), Fq::from(1u64));
        let mut bad = write_verifying_key("small", 42, &[7; 32], &off_curve);
        reseal(&mut bad, payload_at);
        assert!(matches!(read_verifying_key(&bad), Err(KeyFileError::InvalidKey(_))));
        // A payload length the file cannot hold.
        let mut long = file.clone();
        long[payload_at - 40..payload_at - 32].copy_from_slice(&u64::MAX.to_le_bytes());
        assert_eq!(read_verifying_key(&long), Err(KeyFileError::Truncated));
    }
}
