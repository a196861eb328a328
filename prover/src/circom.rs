//! circom's binary files: the section container shared by `.r1cs`, `.zkey` and
//! `.ptau` files, and the `.r1cs` writer.
//!
//! ```text
//! magic      4 bytes   "r1cs", "zkey", "ptau"
//! version    u32 LE    1
//! sections   u32 LE    count, then per section:
//!   type     u32 LE
//!   size     u64 LE
//!   data     size bytes
//! ```
//!
//! A `.r1cs` file (format of circom's `r1csfile`, version 1) has a header
//! section (1: field size, prime, wire and input counts, constraint count), the
//! constraints (2: per constraint the `A`, `B`, `C` linear combinations, each a
//! term count then `(wire u32, coefficient)` with coefficients little-endian
//! and reduced) and the wire-to-label map (3: a `u64` per wire). medzk's wire
//! order is arkworks' full assignment: wire 0 is the constant one, wires
//! `1..=public` the public inputs in medzk's order, then the witnesses, so
//! `snarkjs zkey new` on this file makes a key for medzk's circuit
//! ([`crate::zkey`] reads it back).

use crate::{ProverError, R1cs};
use ark_bn254::Fr;
use ark_ff::{BigInteger, PrimeField};

/// circom's `.r1cs` header section.
const R1CS_HEADER: u32 = 1;
/// circom's `.r1cs` constraints section.
const R1CS_CONSTRAINTS: u32 = 2;
/// circom's `.r1cs` wire-to-label section.
const R1CS_WIRE_LABELS: u32 = 3;
/// Field elements are 32 bytes (BN254).
pub(crate) const FIELD_BYTES: usize = 32;

/// Writes a section container: `magic`, version 1, then the sections in order.
pub(crate) fn write_container(magic: &[u8; 4], sections: &[(u32, Vec<u8>)]) -> Vec<u8> {
    let total: usize = sections.iter().map(|(_, s)| 12 + s.len()).sum();
    let mut out = Vec::with_capacity(12 + total);
    out.extend_from_slice(magic);
    out.extend_from_slice(&1u32.to_le_bytes());
    out.extend_from_slice(&(sections.len() as u32).to_le_bytes());
    for (kind, data) in sections {
        out.extend_from_slice(&kind.to_le_bytes());
        out.extend_from_slice(&(data.len() as u64).to_le_bytes());
        out.extend_from_slice(data);
    }
    out
}

/// The sections of a container, by type (each type at most once), borrowed
/// from `bytes`. Refuses another magic or version, a section running past
/// the end, a repeated section and trailing bytes.
pub(crate) fn read_container<'a>(
    bytes: &'a [u8],
    magic: &[u8; 4],
    what: &'static str,
) -> Result<Vec<(u32, &'a [u8])>, ProverError> {
    let mut reader = Reader::new(bytes, what);
    if reader.take(4)? != magic {
        return Err(ProverError::NotCircomFile(what));
    }
    let version = reader.u32()?;
    if version != 1 {
        return Err(ProverError::Zkey(format!("{what} version {version}, this library reads version 1")));
    }
    let count = reader.u32()?;
    let mut sections: Vec<(u32, &[u8])> = Vec::new();
    for _ in 0..count {
        let kind = reader.u32()?;
        let size = usize::try_from(reader.u64()?).map_err(|_| ProverError::CircomTruncated(what))?;
        let data = reader.take(size)?;
        if sections.iter().any(|(k, _)| *k == kind) {
            return Err(ProverError::Zkey(format!("{what} holds section {kind} twice")));
        }
        sections.push((kind, data));
    }
    reader.finish()?;
    Ok(sections)
}

/// A bounds-checked little-endian reader over a byte slice.
pub(crate) struct Reader<'a> {
    bytes: &'a [u8],
    what: &'static str,
}

impl<'a> Reader<'a> {
    /// Reads `bytes`; errors name the file kind `what`.
    pub(crate) fn new(bytes: &'a [u8], what: &'static str) -> Self {
        Reader { bytes, what }
    }

    /// The next `n` bytes.
    pub(crate) fn take(&mut self, n: usize) -> Result<&'a [u8], ProverError> {
        if self.bytes.len() < n {
            return Err(ProverError::CircomTruncated(self.what));
        }
        let (head, rest) = self.bytes.split_at(n);
        self.bytes = rest;
        Ok(head)
    }

    /// A `u32`, little-endian.
    pub(crate) fn u32(&mut self) -> Result<u32, ProverError> {
        Ok(u32::from_le_bytes(self.take(4)?.try_into().expect("4 bytes")))
    }

    /// A `u64`, little-endian.
    pub(crate) fn u64(&mut self) -> Result<u64, ProverError> {
        Ok(u64::from_le_bytes(self.take(8)?.try_into().expect("8 bytes")))
    }

    /// Bytes left.
    pub(crate) fn remaining(&self) -> usize {
        self.bytes.len()
    }

    /// Refuses trailing bytes.
    pub(crate) fn finish(self) -> Result<(), ProverError> {
        if self.bytes.is_empty() {
            Ok(())
        } else {
            Err(ProverError::Zkey(format!("{}: {} unexpected trailing bytes", self.what, self.bytes.len())))
        }
    }
}

/// A scalar as 32 little-endian bytes (reduced).
pub(crate) fn fr_le_bytes(value: &Fr) -> [u8; FIELD_BYTES] {
    let mut out = [0u8; FIELD_BYTES];
    out.copy_from_slice(&value.into_bigint().to_bytes_le());
    out
}

fn modulus_le<F: PrimeField>() -> Vec<u8> {
    F::MODULUS.to_bytes_le()
}

/// Writes a circuit's constraints as a circom `.r1cs` file (see the module
/// notes): `snarkjs r1cs info` reports its constraints, public inputs and
/// wires, and `snarkjs zkey new` makes a key from it.
pub fn write_r1cs(r1cs: &R1cs) -> Vec<u8> {
    let public = (r1cs.num_instance() - 1) as u32;
    let wires = r1cs.num_variables() as u32;
    let mut header = Vec::with_capacity(64 + FIELD_BYTES);
    header.extend_from_slice(&(FIELD_BYTES as u32).to_le_bytes());
    header.extend_from_slice(&modulus_le::<Fr>());
    header.extend_from_slice(&wires.to_le_bytes());
    header.extend_from_slice(&0u32.to_le_bytes()); // public outputs
    header.extend_from_slice(&public.to_le_bytes()); // public inputs
    header.extend_from_slice(&0u32.to_le_bytes()); // private inputs
    header.extend_from_slice(&u64::from(wires).to_le_bytes()); // labels
    header.extend_from_slice(&(r1cs.num_constraints() as u32).to_le_bytes());

    let mut constraints =
        Vec::with_capacity(r1cs.num_entries() * (4 + FIELD_BYTES) + r1cs.num_constraints() * 12);
    for row in 0..r1cs.num_constraints() {
        for which in 0..3 {
            let count = r1cs.row_entries(which, row).count() as u32;
            constraints.extend_from_slice(&count.to_le_bytes());
            for (wire, coefficient) in r1cs.row_entries(which, row) {
                constraints.extend_from_slice(&(wire as u32).to_le_bytes());
                constraints.extend_from_slice(&fr_le_bytes(&coefficient));
            }
        }
    }
    let labels: Vec<u8> = (0..u64::from(wires)).flat_map(u64::to_le_bytes).collect();
    write_container(
        b"r1cs",
        &[(R1CS_HEADER, header), (R1CS_CONSTRAINTS, constraints), (R1CS_WIRE_LABELS, labels)],
    )
}
