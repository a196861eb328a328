//! The Poseidon gadget: the same permutation as [`crate::poseidon::hash`], in R1CS.
//!
//! Each S-box `x^5` costs 3 constraints (two squarings and a product); the
//! round constants and the MDS mixing are linear and free. Constant state
//! words fold: the capacity word of the first full round is a constant, so
//! `Poseidon(2)` costs 80 S-boxes = 240 constraints, like circomlib.

use crate::{poseidon::parameters, Fr, FrVar};
use ark_r1cs_std::fields::{fp::AllocatedFp, FieldVar};
use ark_relations::gr1cs::SynthesisError;

/// Hashes 1 to 16 in-circuit field elements; equals [`crate::poseidon::hash`].
pub fn hash(inputs: &[FrVar]) -> Result<FrVar, SynthesisError> {
    let params = parameters(inputs.len()).map_err(|_| SynthesisError::Unsatisfiable)?;
    let width = params.width;
    let mut state: Vec<FrVar> = Vec::with_capacity(width);
    state.push(FrVar::zero());
    state.extend(inputs.iter().cloned());

    let half = params.full_rounds / 2;
    let rounds = params.full_rounds + params.partial_rounds;
    for round in 0..rounds {
        for (i, word) in state.iter_mut().enumerate() {
            *word += params.ark[round * width + i];
        }
        let full = round < half || round >= half + params.partial_rounds;
        let sboxed = if full { width } else { 1 };
        for word in state.iter_mut().take(sboxed) {
            *word = sbox(word)?;
        }
        state = mix(&state, &params.mds);
    }
    Ok(state.swap_remove(0))
}

/// The gadget of [`crate::poseidon::hash_many`].
pub fn hash_many(inputs: &[FrVar]) -> Result<FrVar, SynthesisError> {
    let max = crate::poseidon::MAX_INPUTS;
    if inputs.len() <= max {
        return hash(inputs);
    }
    let mut h = hash(&inputs[..max])?;
    for chunk in inputs[max..].chunks(max - 1) {
        let mut next = Vec::with_capacity(chunk.len() + 1);
        next.push(h);
        next.extend_from_slice(chunk);
        h = hash(&next)?;
    }
    Ok(h)
}

/// Hashes two in-circuit field elements (a Merkle node).
pub fn hash2(left: &FrVar, right: &FrVar) -> Result<FrVar, SynthesisError> {
    hash(&[left.clone(), right.clone()])
}

/// `x^5` in three constraints (none for a constant).
fn sbox(x: &FrVar) -> Result<FrVar, SynthesisError> {
    let x2 = x.square()?;
    let x4 = x2.square()?;
    Ok(x4 * x)
}

/// The MDS mixing, as one linear combination per output word.
fn mix(state: &[FrVar], mds: &[Vec<Fr>]) -> Vec<FrVar> {
    mds.iter()
        .map(|row| {
            let mut constant = Fr::from(0u64);
            let mut coeffs = Vec::with_capacity(row.len());
            let mut vars = Vec::with_capacity(row.len());
            for (m, word) in row.iter().zip(state) {
                match word {
                    FrVar::Constant(c) => constant += *m * c,
                    FrVar::Var(v) => {
                        coeffs.push(*m);
                        vars.push(v.clone());
                    }
                }
            }
            match AllocatedFp::linear_combination(coeffs, &vars) {
                Some(lc) => FrVar::Var(lc) + constant,
                None => FrVar::Constant(constant),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_utils::{cs, satisfied, MODES};
    use ark_r1cs_std::{alloc::AllocVar, eq::EqGadget, GR1CSVar};

    #[test]
    fn gadget_equals_native_for_every_arity_and_mode() {
        for n in 1..=crate::poseidon::MAX_INPUTS {
            let inputs: Vec<Fr> = (0..n as u64).map(|i| Fr::from(i * 31 + 5)).collect();
            let expected = crate::poseidon::hash(&inputs).unwrap();
            for mode in MODES {
                let cs = cs();
                let vars: Vec<FrVar> = inputs
                    .iter()
                    .map(|v| FrVar::new_variable(cs.clone(), || Ok(*v), mode).unwrap())
                    .collect();
                assert_eq!(hash(&vars).unwrap().value().unwrap(), expected, "{n} inputs, {mode:?}");
                assert!(satisfied(&cs));
            }
        }
        assert!(hash(&[]).is_err());
    }

    #[test]
    fn hash_many_gadget_equals_native() {
        for n in [1usize, 16, 17, 31, 32, 41] {
            let inputs: Vec<Fr> = (0..n as u64).map(Fr::from).collect();
            let cs = cs();
            let vars: Vec<FrVar> =
                inputs.iter().map(|v| FrVar::new_witness(cs.clone(), || Ok(*v)).unwrap()).collect();
            let expected = crate::poseidon::hash_many(&inputs).unwrap();
            assert_eq!(hash_many(&vars).unwrap().value().unwrap(), expected, "{n}");
            assert!(satisfied(&cs));
        }
        let a = crate::poseidon::hash_many(&(0..17u64).map(Fr::from).collect::<Vec<_>>()).unwrap();
        let b = crate::poseidon::hash_many(&(0..18u64).map(Fr::from).collect::<Vec<_>>()).unwrap();
        assert_ne!(a, b);
    }

    #[test]
    fn wrong_claimed_output_is_unsatisfied() {
        let cs = cs();
        let a = FrVar::new_witness(cs.clone(), || Ok(Fr::from(1u64))).unwrap();
        let b = FrVar::new_witness(cs.clone(), || Ok(Fr::from(2u64))).unwrap();
        let claimed =
            FrVar::new_input(cs.clone(), || Ok(crate::poseidon::hash2(Fr::from(2u64), Fr::from(1u64))))
                .unwrap();
        hash2(&a, &b).unwrap().enforce_equal(&claimed).unwrap();
        assert!(!cs.is_satisfied().unwrap());
    }
}
