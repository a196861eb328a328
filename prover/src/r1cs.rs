//! The query circuit's R1CS in a compact form, kept with the proving key.
//!
//! arkworks' `Matrix<Fr>` stores every non-zero entry as `(Fr, usize)` in a
//! vector per row: 40 bytes an entry plus 24 a row, 31 MB for the `medium`
//! shape (Poseidon's linear layers make rows long). Here each matrix is in
//! compressed-sparse-row form with `u32` columns and `u32` indices into one
//! table of distinct coefficients: 8 bytes an entry, about 5 MB for `medium`.
//! Index 0 of the table is always `1` and index 1 is always `-1`, so the
//! witness map adds or subtracts those without a multiplication.

use crate::ProverError;
use ark_bn254::Fr;
use ark_ff::{One, Zero};
use ark_relations::gr1cs::{
    ConstraintSynthesizer, ConstraintSystem, Matrix, SynthesisMode, R1CS_PREDICATE_LABEL,
};
use ark_serialize::{CanonicalDeserialize, CanonicalSerialize};
use medzk_circuits::query::constraints::QueryCircuit;
use medzk_circuits::query::QueryShape;
use rayon::prelude::*;
use sha2::{Digest, Sha256};
use std::collections::HashMap;

/// One matrix in compressed-sparse-row form.
#[derive(Clone, Debug, PartialEq, Eq)]
struct SparseMatrix {
    /// `row_starts[i]..row_starts[i + 1]` are row `i`'s entries (one more than rows).
    row_starts: Vec<u32>,
    /// Each entry's variable index in the full assignment `[1, public…, witness…]`.
    columns: Vec<u32>,
    /// Each entry's index into [`R1cs::coefficients`].
    coefficients: Vec<u32>,
}

/// A circuit's constraint matrices `A`, `B`, `C` and its sizes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct R1cs {
    num_instance: usize,
    num_variables: usize,
    coefficients: Vec<Fr>,
    matrices: [SparseMatrix; 3],
}

const ONE_INDEX: u32 = 0;
const MINUS_ONE_INDEX: u32 = 1;
/// Bounds that keep a hostile file from asking for absurd allocations.
const MAX_ROWS: u64 = 1 << 26;
const MAX_ENTRIES: u64 = 1 << 30;

impl R1cs {
    /// Synthesises a shape's circuit in setup mode and compacts its matrices.
    pub fn for_shape(shape: QueryShape) -> Result<Self, ProverError> {
        let cs = ConstraintSystem::<Fr>::new_ref();
        cs.set_mode(SynthesisMode::Setup);
        QueryCircuit::for_setup(shape)
            .generate_constraints(cs.clone())
            .map_err(|e| ProverError::Synthesis(e.to_string()))?;
        cs.finalize();
        let num_instance = cs.num_instance_variables();
        let num_variables = num_instance + cs.num_witness_variables();
        let mut all = cs.to_matrices().map_err(|e| ProverError::Synthesis(e.to_string()))?;
        let r1cs = all
            .remove(R1CS_PREDICATE_LABEL)
            .ok_or_else(|| ProverError::Synthesis("no R1CS predicate".into()))?;
        drop(all);
        drop(cs);
        Ok(Self::from_matrices(&r1cs, num_instance, num_variables))
    }

    /// Compacts arkworks matrices `[A, B, C]` (all with the same number of rows).
    pub fn from_matrices(matrices: &[Matrix<Fr>], num_instance: usize, num_variables: usize) -> Self {
        let mut table = vec![Fr::one(), -Fr::one()];
        let mut index: HashMap<Fr, u32> =
            HashMap::from([(Fr::one(), ONE_INDEX), (-Fr::one(), MINUS_ONE_INDEX)]);
        let mut compact = |matrix: &Matrix<Fr>| {
            let entries = matrix.iter().map(Vec::len).sum();
            let mut out = SparseMatrix {
                row_starts: Vec::with_capacity(matrix.len() + 1),
                columns: Vec::with_capacity(entries),
                coefficients: Vec::with_capacity(entries),
            };
            out.row_starts.push(0);
            for row in matrix {
                for (coeff, column) in row.iter().filter(|(c, _)| !c.is_zero()) {
                    let id = *index.entry(*coeff).or_insert_with(|| {
                        table.push(*coeff);
                        (table.len() - 1) as u32
                    });
                    out.columns.push(*column as u32);
                    out.coefficients.push(id);
                }
                out.row_starts.push(out.columns.len() as u32);
            }
            out
        };
        let matrices = [compact(&matrices[0]), compact(&matrices[1]), compact(&matrices[2])];
        R1cs { num_instance, num_variables, coefficients: table, matrices }
    }

    /// Instance variables, the constant one included.
    pub fn num_instance(&self) -> usize {
        self.num_instance
    }

    /// All variables: the constant one, public inputs and witnesses.
    pub fn num_variables(&self) -> usize {
        self.num_variables
    }

    /// The number of constraints.
    pub fn num_constraints(&self) -> usize {
        self.matrices[0].row_starts.len() - 1
    }

    /// Non-zero entries over the three matrices.
    pub fn num_entries(&self) -> usize {
        self.matrices.iter().map(|m| m.columns.len()).sum()
    }

    /// Whether variable `variable` has a non-zero coefficient in row `row` of
    /// matrix `which` (0 = A, 1 = B, 2 = C).
    pub fn uses(&self, which: usize, row: usize, variable: usize) -> bool {
        let m = &self.matrices[which];
        m.columns[m.row_starts[row] as usize..m.row_starts[row + 1] as usize].contains(&(variable as u32))
    }

    /// `⟨row, z⟩` for row `row` of matrix `which` (0 = A, 1 = B, 2 = C).
    pub fn evaluate_row(&self, which: usize, row: usize, z: &[Fr]) -> Fr {
        let m = &self.matrices[which];
        let range = m.row_starts[row] as usize..m.row_starts[row + 1] as usize;
        let mut acc = Fr::zero();
        for (&column, &coeff) in m.columns[range.clone()].iter().zip(&m.coefficients[range]) {
            let value = z[column as usize];
            match coeff {
                ONE_INDEX => acc += value,
                MINUS_ONE_INDEX => acc -= value,
                _ => acc += value * self.coefficients[coeff as usize],
            }
        }
        acc
    }

    /// The entries `(variable, coefficient)` of row `row` of matrix `which`
    /// (0 = A, 1 = B, 2 = C), in stored order.
    pub fn row_entries(&self, which: usize, row: usize) -> impl Iterator<Item = (usize, Fr)> + '_ {
        let m = &self.matrices[which];
        let range = m.row_starts[row] as usize..m.row_starts[row + 1] as usize;
        m.columns[range.clone()]
            .iter()
            .zip(&m.coefficients[range])
            .map(|(&column, &coeff)| (column as usize, self.coefficients[coeff as usize]))
    }

    /// `(A·z, B·z, C·z)` restricted to the constraint rows, in parallel.
    pub(crate) fn evaluate_all(&self, which: usize, z: &[Fr], out: &mut [Fr]) {
        out.par_iter_mut().enumerate().for_each(|(i, o)| *o = self.evaluate_row(which, i, z));
    }

    /// Whether constraint `row` holds for the full assignment `z`.
    pub fn row_holds(&self, row: usize, z: &[Fr]) -> bool {
        self.evaluate_row(0, row, z) * self.evaluate_row(1, row, z) == self.evaluate_row(2, row, z)
    }

    /// For each variable, the constraints that use it (in `A`, `B` or `C`),
    /// ascending: the rows to re-check when that variable changes.
    pub fn rows_by_variable(&self) -> Vec<Vec<u32>> {
        let mut rows = vec![Vec::new(); self.num_variables];
        for m in &self.matrices {
            for (row, w) in m.row_starts.windows(2).enumerate() {
                for &column in &m.columns[w[0] as usize..w[1] as usize] {
                    rows[column as usize].push(row as u32);
                }
            }
        }
        for r in &mut rows {
            r.sort_unstable();
            r.dedup();
        }
        rows
    }

    /// Whether `z` (the full assignment) satisfies every constraint.
    pub fn is_satisfied_by(&self, z: &[Fr]) -> bool {
        z.len() == self.num_variables
            && (0..self.num_constraints()).into_par_iter().all(|i| self.row_holds(i, z))
    }

    /// The canonical byte encoding (all integers little-endian):
    /// `u64 instance, u64 variables, u64 constraints, u64 coefficients, each
    /// coefficient as 32 bytes, then per matrix u64 entries, row starts (u32),
    /// columns (u32), coefficient indices (u32)`.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(32 + self.coefficients.len() * 32 + self.num_entries() * 8 + 1024);
        for n in [self.num_instance, self.num_variables, self.num_constraints(), self.coefficients.len()] {
            out.extend_from_slice(&(n as u64).to_le_bytes());
        }
        for c in &self.coefficients {
            c.serialize_compressed(&mut out).expect("writing to a Vec cannot fail");
        }
        for m in &self.matrices {
            out.extend_from_slice(&(m.columns.len() as u64).to_le_bytes());
            for v in m.row_starts.iter().chain(&m.columns).chain(&m.coefficients) {
                out.extend_from_slice(&v.to_le_bytes());
            }
        }
        out
    }

    /// Parses [`R1cs::to_bytes`], checking every index and coefficient.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, ProverError> {
        let bad = |why: &str| ProverError::InvalidKey(format!("constraint matrices: {why}"));
        let mut rest = bytes;
        let mut take = |n: u64| -> Result<&[u8], ProverError> {
            let n = usize::try_from(n).map_err(|_| ProverError::Truncated)?;
            if rest.len() < n {
                return Err(ProverError::Truncated);
            }
            let (head, tail) = rest.split_at(n);
            rest = tail;
            Ok(head)
        };
        let read_u64 = |b: &[u8]| u64::from_le_bytes(b.try_into().expect("8 bytes"));
        let num_instance = read_u64(take(8)?);
        let num_variables = read_u64(take(8)?);
        let num_constraints = read_u64(take(8)?);
        let num_coefficients = read_u64(take(8)?);
        if num_instance == 0 || num_instance > num_variables || num_variables > u32::MAX as u64 {
            return Err(bad("variable counts out of range"));
        }
        if num_constraints > MAX_ROWS || !(2..=MAX_ENTRIES).contains(&num_coefficients) {
            return Err(bad("constraint or coefficient count out of range"));
        }
        let coefficients = take(num_coefficients * 32)?
            .chunks_exact(32)
            .map(Fr::deserialize_compressed)
            .collect::<Result<Vec<_>, _>>()
            .map_err(|_| bad("a coefficient is not a canonical field element"))?;
        if coefficients[0] != Fr::one() || coefficients[1] != -Fr::one() {
            return Err(bad("the coefficient table must start with 1 and -1"));
        }
        let read_u32s = |b: &[u8]| -> Vec<u32> {
            b.chunks_exact(4).map(|c| u32::from_le_bytes(c.try_into().expect("4 bytes"))).collect()
        };
        let mut matrices = Vec::with_capacity(3);
        for _ in 0..3 {
            let entries = read_u64(take(8)?);
            if entries > MAX_ENTRIES {
                return Err(bad("entry count out of range"));
            }
            let row_starts = read_u32s(take((num_constraints + 1) * 4)?);
            let columns = read_u32s(take(entries * 4)?);
            let coefficient_ids = read_u32s(take(entries * 4)?);
            if row_starts[0] != 0
                || row_starts.windows(2).any(|w| w[0] > w[1])
                || row_starts[num_constraints as usize] as u64 != entries
            {
                return Err(bad("row offsets are not increasing up to the entry count"));
            }
            if columns.iter().any(|&c| c as u64 >= num_variables) {
                return Err(bad("a column is out of range"));
            }
            if coefficient_ids.iter().any(|&c| c as u64 >= num_coefficients) {
                return Err(bad("a coefficient index is out of range"));
            }
            matrices.push(SparseMatrix { row_starts, columns, coefficients: coefficient_ids });
        }
        if !rest.is_empty() {
            return Err(bad("trailing bytes"));
        }
        let matrices: [SparseMatrix; 3] = matrices.try_into().expect("three matrices");
        Ok(R1cs {
            num_instance: num_instance as usize,
            num_variables: num_variables as usize,
            coefficients,
            matrices,
        })
    }

    /// SHA-256 of the canonical encoding: identifies the circuit a key was made for.
    pub fn digest(&self) -> [u8; 32] {
        Self::digest_of_bytes(&self.to_bytes())
    }

    /// The digest of an encoding [`R1cs::from_bytes`] accepted: the encoding is
    /// canonical (exact lengths, canonical coefficients, no trailing bytes), so
    /// this equals `from_bytes(bytes)?.digest()` without re-encoding.
    pub fn digest_of_bytes(bytes: &[u8]) -> [u8; 32] {
        let mut h = Sha256::new();
        h.update(b"medzk/r1cs/v2");
        h.update(bytes);
        h.finalize().into()
    }

    /// Expands back to arkworks matrices (for comparisons with ark-groth16).
    pub fn to_matrices(&self) -> Vec<Matrix<Fr>> {
        self.matrices
            .iter()
            .map(|m| {
                m.row_starts
                    .windows(2)
                    .map(|w| {
                        (w[0] as usize..w[1] as usize)
                            .map(|e| (self.coefficients[m.coefficients[e] as usize], m.columns[e] as usize))
                            .collect()
                    })
                    .collect()
            })
            .collect()
    }
}

/// The hex of a digest.
pub fn digest_hex(digest: &[u8; 32]) -> String {
    digest.iter().map(|b| format!("{b:02x}")).collect()
}
