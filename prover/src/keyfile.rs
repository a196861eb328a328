//! Versioned key files: the proving key file, behind the header of the
//! verifier's [`medzk_verifier::key_file`] (which also reads and writes the
//! verifying key file; the functions here add the circuit shape's check).
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
//! [`LoadMode::Checked`] is for a proving key from elsewhere (a holder proving
//! with the verifier's key): every point is checked (on the curve, in the
//! subgroup) and so is the key's structure ([`check_proving_key`]: no identity
//! α, β, γ, δ; β, δ and the `b` queries consistent between G1 and G2), so a key
//! built to unblind proofs is refused. [`LoadMode::Validated`] checks the points
//! only (enough for verifying keys, not for a holder's proving key);
//! [`LoadMode::Trusted`] skips the point checks, for a key the same process just
//! generated or wrote itself (the payload digest is always checked).
//!
//! **Key digests.** A key file's digest ([`key_file_digest`]) is the SHA-256 of
//! the whole file (what `sha256sum` prints). The payload digest in the header is
//! only a checksum that anyone editing the file can recompute; the key digest
//! identifies a key. A verifier must publish the digest of the key files it
//! hands out, and holders should compare it ([`CircuitProver::key_digest`] is
//! the digest of the file a prover was loaded from). A key released for a shape
//! (by a ceremony) is pinned in [`crate::RELEASED_KEY_DIGESTS`]: loading a key
//! for that shape with another digest fails ([`ProverError::UnreleasedKey`]);
//! [`load_proving_key_expecting`] compares against a digest given by the caller.
//!
//! Proving keys are read as they stream in ([`load_proving_key`] from disk,
//! [`read_proving_key_from`] from any reader), hashing the payload on the way,
//! with every point vector at its exact length: loading needs the key and
//! matrices plus the matrices' bytes once, not a copy of the file. Nothing
//! read is used before the digest is checked at the end.

pub use crate::keycheck::{check_matches_verifying_key, check_proving_key, check_verifying_key, KeyCheck};
use crate::r1cs::R1cs;
use crate::setup::expected_r1cs_digest;
pub use crate::setup::released_key_digest;
use crate::{CircuitProver, ProverError, ProvingKey, VerifyingKey};
use ark_bn254::{G1Affine, G2Affine};
use ark_serialize::{CanonicalDeserialize, CanonicalSerialize, Compress, SerializationError, Validate};
use medzk_circuits::query::QueryShape;
use medzk_verifier::key_file::{self, KeyFileError, KeyFileHeader};
use sha2::{Digest, Sha256};
use std::io::Read;

/// The key file format version (the verifier's [`key_file::KEY_FILE_VERSION`]).
pub use key_file::KEY_FILE_VERSION;
use key_file::PROVING_MAGIC;
/// Up to this many points (or matrix bytes) are reserved before they are read:
/// exact for real keys, bounded for hostile headers.
const PREALLOCATE_POINTS: u64 = 1 << 18;
const PREALLOCATE_BYTES: u64 = 1 << 25;

/// How much to check when loading a key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LoadMode {
    /// Check every point and the key's structure ([`check_proving_key`]; for a
    /// verifying key, no identity α, β, γ, δ): for a holder's proving key from
    /// elsewhere. The pairing checks draw their weights from the OS RNG.
    Checked,
    /// Check every point (on the curve, in the subgroup): for verifying keys
    /// from elsewhere. Not enough for a proving key a holder proves with: use
    /// [`LoadMode::Checked`].
    Validated,
    /// Skip the point checks (the digests are still checked): only for a key
    /// the same process just generated, or wrote itself.
    Trusted,
}

fn header(magic: &[u8; 8], shape: QueryShape, r1cs_digest: &[u8; 32], payload: &[u8]) -> Vec<u8> {
    key_file::write_key_file(magic, shape.name, shape.packed(), r1cs_digest, payload)
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

/// Serialises a verifying key to a key file (the verifier's format:
/// [`medzk_verifier::key_file`]).
pub fn write_verifying_key(shape: QueryShape, r1cs_digest: &[u8; 32], vk: &VerifyingKey) -> Vec<u8> {
    key_file::write_verifying_key(shape.name, shape.packed(), r1cs_digest, vk)
}

impl From<KeyFileError> for ProverError {
    fn from(e: KeyFileError) -> Self {
        match e {
            KeyFileError::BadMagic(kind) => ProverError::BadMagic(kind),
            KeyFileError::UnsupportedVersion { found, supported } => {
                ProverError::UnsupportedVersion { found, supported }
            }
            KeyFileError::WrongCurve(curve) => ProverError::WrongCurve(curve),
            KeyFileError::Truncated => ProverError::Truncated,
            KeyFileError::Corrupted => ProverError::Corrupted,
            KeyFileError::InvalidKey(why) => ProverError::InvalidKey(why),
        }
    }
}

/// A parsed header; the payload follows it in the stream.
type Header = KeyFileHeader;

fn io_error(error: std::io::Error) -> ProverError {
    if error.kind() == std::io::ErrorKind::UnexpectedEof {
        ProverError::Truncated
    } else {
        ProverError::Io(error.to_string())
    }
}

fn read_array<const N: usize>(reader: &mut impl Read) -> Result<[u8; N], ProverError> {
    let mut out = [0u8; N];
    reader.read_exact(&mut out).map_err(io_error)?;
    Ok(out)
}

/// Reads a key file header from a stream and parses it with the verifier's
/// [`key_file::read_header`] (one header format).
fn read_header(reader: &mut impl Read, magic: &[u8; 8], kind: &'static str) -> Result<Header, ProverError> {
    let mut bytes = vec![0u8; key_file::HEADER_PREFIX];
    reader.read_exact(&mut bytes).map_err(|e| match io_error(e) {
        ProverError::Truncated => ProverError::BadMagic(kind),
        other => other,
    })?;
    if &bytes[..8] != magic {
        return Err(ProverError::BadMagic(kind));
    }
    let rest = usize::from(bytes[key_file::HEADER_PREFIX - 1]) + key_file::HEADER_SUFFIX;
    bytes.resize(key_file::HEADER_PREFIX + rest, 0);
    reader.read_exact(&mut bytes[key_file::HEADER_PREFIX..]).map_err(io_error)?;
    Ok(key_file::read_header(&mut bytes.as_slice(), magic, kind)?)
}

fn check_shape(header: &Header, shape: QueryShape) -> Result<(), ProverError> {
    if header.shape_name != shape.name || header.shape_tag != shape.packed() {
        return Err(ProverError::WrongShape { expected: shape.name, found: header.shape_name.clone() });
    }
    Ok(())
}

fn validate(mode: LoadMode) -> Validate {
    match mode {
        LoadMode::Checked | LoadMode::Validated => Validate::Yes,
        LoadMode::Trusted => Validate::No,
    }
}

/// The digest of a key file: the SHA-256 of all its bytes (what `sha256sum`
/// prints), which verifiers publish and holders compare.
pub fn key_file_digest(file: &[u8]) -> [u8; 32] {
    Sha256::digest(file).into()
}

/// Hashes everything read through it (the whole key file, for its digest).
struct HashingReader<R> {
    inner: R,
    hasher: Sha256,
}

impl<R: Read> Read for HashingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        Ok(n)
    }
}

/// Reads exactly the payload's length from the file, hashing what it reads,
/// so a key is parsed while it streams in (no copy of the whole file).
struct PayloadReader<R> {
    inner: R,
    remaining: u64,
    hasher: Sha256,
}

impl<R: Read> PayloadReader<R> {
    fn new(inner: R, len: u64) -> Self {
        PayloadReader { inner, remaining: len, hasher: Sha256::new() }
    }

    /// Reads the rest of the payload and checks that nothing follows it and
    /// that its digest is the header's.
    fn finish(mut self, expected: &[u8; 32]) -> Result<(), ProverError> {
        std::io::copy(&mut self, &mut std::io::sink()).map_err(io_error)?;
        if self.remaining != 0 {
            return Err(ProverError::Truncated);
        }
        let mut trailing = [0u8; 1];
        if self.inner.read(&mut trailing).map_err(io_error)? != 0 {
            return Err(ProverError::Corrupted);
        }
        if self.hasher.finalize()[..] != expected[..] {
            return Err(ProverError::Corrupted);
        }
        Ok(())
    }
}

impl<R: Read> Read for PayloadReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let want = buf.len().min(usize::try_from(self.remaining).unwrap_or(usize::MAX));
        let n = self.inner.read(&mut buf[..want])?;
        if n == 0 && want > 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        self.hasher.update(&buf[..n]);
        self.remaining -= n as u64;
        Ok(n)
    }
}

/// Reads a payload with `parse`, then the rest of it for its digest: an error
/// in a payload that fails its digest is reported as [`ProverError::Corrupted`].
fn read_payload<R: Read, T>(
    reader: R,
    header: &Header,
    parse: impl FnOnce(&mut PayloadReader<R>) -> Result<T, ProverError>,
) -> Result<T, ProverError> {
    let mut payload = PayloadReader::new(reader, header.payload_len);
    let parsed = parse(&mut payload);
    let sealed = payload.finish(&header.payload_digest);
    match (parsed, sealed) {
        (_, Err(ProverError::Corrupted)) => Err(ProverError::Corrupted),
        (Err(e), _) | (Ok(_), Err(e)) => Err(e),
        (Ok(value), Ok(())) => Ok(value),
    }
}

/// Reads a length-prefixed vector of points into a vector of exactly that
/// capacity (ark-serialize's grows by doubling), refusing lengths the payload
/// cannot hold before allocating.
fn read_points<T: CanonicalDeserialize + CanonicalSerialize + Default, R: Read>(
    reader: &mut PayloadReader<R>,
    mode: LoadMode,
) -> Result<Vec<T>, ProverError> {
    let len = u64::from_le_bytes(read_array(reader)?);
    let point_size = T::default().uncompressed_size() as u64;
    if len.saturating_mul(point_size) > reader.remaining {
        return Err(ProverError::Truncated);
    }
    // The header's payload length is not trusted yet: cap what is reserved up front.
    let mut points = Vec::with_capacity(len.min(PREALLOCATE_POINTS) as usize);
    for _ in 0..len {
        points.push(T::deserialize_with_mode(&mut *reader, Compress::No, Validate::No).map_err(invalid_key)?);
    }
    if validate(mode) == Validate::Yes {
        T::batch_check(points.iter()).map_err(invalid_key)?;
    }
    Ok(points)
}

fn invalid_key(error: SerializationError) -> ProverError {
    match error {
        SerializationError::IoError(e) => io_error(e),
        other => ProverError::InvalidKey(other.to_string()),
    }
}

/// The proving key, field by field in ark-serialize's order (`ProvingKey`'s
/// derived `CanonicalDeserialize`), each vector at its exact size.
fn read_groth16_proving_key<R: Read>(
    reader: &mut PayloadReader<R>,
    mode: LoadMode,
) -> Result<ProvingKey, ProverError> {
    let validate = validate(mode);
    let vk =
        VerifyingKey::deserialize_with_mode(&mut *reader, Compress::No, validate).map_err(invalid_key)?;
    let beta_g1 =
        G1Affine::deserialize_with_mode(&mut *reader, Compress::No, validate).map_err(invalid_key)?;
    let delta_g1 =
        G1Affine::deserialize_with_mode(&mut *reader, Compress::No, validate).map_err(invalid_key)?;
    Ok(ProvingKey {
        vk,
        beta_g1,
        delta_g1,
        a_query: read_points(reader, mode)?,
        b_g1_query: read_points(reader, mode)?,
        b_g2_query: read_points::<G2Affine, _>(reader, mode)?,
        h_query: read_points(reader, mode)?,
        l_query: read_points(reader, mode)?,
    })
}

/// Reads a proving key for `shape` from a key file's bytes; see
/// [`read_proving_key_from`].
pub fn read_proving_key(
    bytes: &[u8],
    shape: QueryShape,
    mode: LoadMode,
) -> Result<CircuitProver, ProverError> {
    read_proving_key_from(bytes, shape, mode)
}

/// Loads a proving key file from disk, streaming it (see [`read_proving_key_from`]).
pub fn load_proving_key(
    path: &std::path::Path,
    shape: QueryShape,
    mode: LoadMode,
) -> Result<CircuitProver, ProverError> {
    load_proving_key_expecting(path, shape, mode, released_key_digest(shape))
}

/// [`load_proving_key`] with the expected key digest given by the caller (the
/// digest a verifier published) instead of the released one.
pub fn load_proving_key_expecting(
    path: &std::path::Path,
    shape: QueryShape,
    mode: LoadMode,
    expected: Option<[u8; 32]>,
) -> Result<CircuitProver, ProverError> {
    let file = std::fs::File::open(path).map_err(|e| ProverError::Io(e.to_string()))?;
    read_proving_key_expecting(std::io::BufReader::with_capacity(1 << 16, file), shape, mode, expected)
}

/// Reads a proving key for `shape` as it streams in: checks the header, that
/// the key and its matrices were made for this build's circuit (R1CS digest,
/// pinned per shape) without synthesising the circuit, the payload digest, the
/// key digest when a key is released for the shape ([`released_key_digest`]),
/// and what `mode` asks. Memory: the key and matrices themselves plus the
/// matrices' bytes once.
pub fn read_proving_key_from<R: Read>(
    reader: R,
    shape: QueryShape,
    mode: LoadMode,
) -> Result<CircuitProver, ProverError> {
    read_proving_key_expecting(reader, shape, mode, released_key_digest(shape))
}

/// [`read_proving_key_from`] with the expected key digest given by the caller:
/// `Some(digest)` refuses a file whose SHA-256 differs
/// ([`ProverError::UnreleasedKey`], checked before the key's structure);
/// `None` accepts any digest. The prover records the file's digest
/// ([`CircuitProver::key_digest`]).
pub fn read_proving_key_expecting<R: Read>(
    reader: R,
    shape: QueryShape,
    mode: LoadMode,
    expected: Option<[u8; 32]>,
) -> Result<CircuitProver, ProverError> {
    let mut reader = HashingReader { inner: reader, hasher: Sha256::new() };
    let header = read_header(&mut reader, PROVING_MAGIC, "proving")?;
    check_shape(&header, shape)?;
    let pinned = expected_r1cs_digest(shape)?;
    if header.r1cs_digest != pinned {
        return Err(ProverError::WrongCircuit(shape.name));
    }
    let (pk, r1cs) = read_payload(&mut reader, &header, |payload| {
        let len = u64::from_le_bytes(read_array(payload)?);
        if len > payload.remaining {
            return Err(ProverError::Truncated);
        }
        let mut matrices = Vec::with_capacity(len.min(PREALLOCATE_BYTES) as usize);
        payload.take(len).read_to_end(&mut matrices).map_err(io_error)?;
        if R1cs::digest_of_bytes(&matrices) != pinned {
            return Err(ProverError::WrongCircuit(shape.name));
        }
        let r1cs = R1cs::from_bytes(&matrices)?;
        drop(matrices);
        Ok((read_groth16_proving_key(payload, mode)?, r1cs))
    })?;
    let digest: [u8; 32] = reader.hasher.finalize().into();
    if let Some(expected) = expected.filter(|expected| *expected != digest) {
        return Err(ProverError::UnreleasedKey {
            shape: shape.name,
            expected: crate::r1cs::digest_hex(&expected),
            found: crate::r1cs::digest_hex(&digest),
        });
    }
    let prover = CircuitProver::with_digest(shape, pk, r1cs, pinned)?;
    if mode == LoadMode::Checked {
        check_proving_key(prover.proving_key(), &mut rand::rngs::OsRng)?;
    }
    Ok(prover.with_key_digest(digest))
}

/// Reads a verifying key for `shape` with the verifier's
/// [`key_file::read_verifying_key`] (points always validated), returning it
/// with the R1CS digest it was made for ([`LoadMode::Checked`] also refuses
/// identity α, β, γ, δ).
pub fn read_verifying_key(
    bytes: &[u8],
    shape: QueryShape,
    mode: LoadMode,
) -> Result<(VerifyingKey, [u8; 32]), ProverError> {
    let (header, vk) = key_file::read_verifying_key(bytes)?;
    check_shape(&header, shape)?;
    if mode == LoadMode::Checked {
        check_verifying_key(&vk)?;
    }
    Ok((vk, header.r1cs_digest))
}
