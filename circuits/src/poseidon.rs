//! Poseidon over BN254 with circomlib's parameters (x^5, 8 full rounds,
//! circomlib's partial rounds per width), for 1 to 16 inputs.
//!
//! The output equals circomlibjs `poseidon(inputs)` bit for bit (checked
//! against `circuits/vectors/poseidon.json`). Widths up to 13 take their
//! constants from the `light-poseidon` crate; widths 14 to 17 (13..16
//! inputs), which `light-poseidon` does not ship, take circomlibjs' published
//! constants from `circuits/vectors/poseidon_constants_wide.json`. The
//! permutation itself is always `light-poseidon`'s.

pub mod constraints;

use crate::{field::fr_from_decimal, CircuitError, Fr};
use light_poseidon::{Poseidon, PoseidonHasher, PoseidonParameters};
use std::cell::RefCell;
use std::sync::OnceLock;

/// The largest number of inputs Poseidon is defined for here (width 17).
pub const MAX_INPUTS: usize = 16;

/// circomlib's constants for widths 14..17, taken from circomlibjs.
const WIDE_CONSTANTS: &str = include_str!("../vectors/poseidon_constants_wide.json");

/// The parameters for hashing `n_inputs` field elements (width `n_inputs + 1`).
pub fn parameters(n_inputs: usize) -> Result<&'static PoseidonParameters<Fr>, CircuitError> {
    static PARAMS: [OnceLock<PoseidonParameters<Fr>>; MAX_INPUTS] = [const { OnceLock::new() }; MAX_INPUTS];
    if !(1..=MAX_INPUTS).contains(&n_inputs) {
        return Err(CircuitError::PoseidonArity(n_inputs));
    }
    Ok(PARAMS[n_inputs - 1].get_or_init(|| load_parameters(n_inputs + 1)))
}

fn load_parameters(width: usize) -> PoseidonParameters<Fr> {
    if width <= light_poseidon::MAX_X5_LEN {
        // `width` is at most 13 here, so the conversion and the lookup cannot fail.
        return light_poseidon::parameters::bn254_x5::get_poseidon_parameters::<Fr>(width as u8)
            .expect("light-poseidon ships circom parameters for widths 2..=13");
    }
    #[derive(serde::Deserialize)]
    struct Wide {
        params: Vec<WideParams>,
    }
    #[derive(serde::Deserialize)]
    struct WideParams {
        width: usize,
        full_rounds: usize,
        partial_rounds: usize,
        ark: Vec<String>,
        mds: Vec<Vec<String>>,
    }
    let parse = |hex: &String| {
        let digits = hex.trim_start_matches("0x");
        let value =
            num_bigint::BigUint::parse_bytes(digits.as_bytes(), 16).expect("constant file holds hex numbers");
        fr_from_decimal(&value.to_str_radix(10)).expect("constant file holds canonical field elements")
    };
    let wide: Wide = serde_json::from_str(WIDE_CONSTANTS).expect("embedded constant file is valid JSON");
    let p = wide
        .params
        .into_iter()
        .find(|p| p.width == width)
        .expect("embedded constant file covers widths 14..=17");
    PoseidonParameters::new(
        p.ark.iter().map(parse).collect(),
        p.mds.iter().map(|row| row.iter().map(parse).collect()).collect(),
        p.full_rounds,
        p.partial_rounds,
        p.width,
        5,
    )
}

/// Hashes 1 to 16 field elements with circomlib's Poseidon.
pub fn hash(inputs: &[Fr]) -> Result<Fr, CircuitError> {
    thread_local! {
        static HASHERS: RefCell<Vec<Option<Poseidon<Fr>>>> = RefCell::new((0..MAX_INPUTS).map(|_| None).collect());
    }
    let params = parameters(inputs.len())?;
    HASHERS.with(|hashers| {
        let mut hashers = hashers.borrow_mut();
        let hasher = hashers[inputs.len() - 1].get_or_insert_with(|| {
            Poseidon::new(PoseidonParameters::new(
                params.ark.clone(),
                params.mds.clone(),
                params.full_rounds,
                params.partial_rounds,
                params.width,
                params.alpha,
            ))
        });
        Ok(hasher.hash(inputs).expect("the hasher's width matches the input count"))
    })
}

/// Hashes any number of field elements: `Poseidon(x_0..x_15)` for up to 16
/// inputs; beyond that a chain `h ← Poseidon(h, next ≤ 15 inputs)` starting from
/// the hash of the first 16. Callers fix the length (for example by a shape
/// tag as first element), so different lengths never need to be told apart.
pub fn hash_many(inputs: &[Fr]) -> Result<Fr, CircuitError> {
    if inputs.len() <= MAX_INPUTS {
        return hash(inputs);
    }
    let mut h = hash(&inputs[..MAX_INPUTS])?;
    for chunk in inputs[MAX_INPUTS..].chunks(MAX_INPUTS - 1) {
        let mut next = Vec::with_capacity(chunk.len() + 1);
        next.push(h);
        next.extend_from_slice(chunk);
        h = hash(&next)?;
    }
    Ok(h)
}

/// Hashes two field elements: the node hash of medzk's Merkle trees.
pub fn hash2(left: Fr, right: Fr) -> Fr {
    hash(&[left, right]).expect("two inputs are always supported")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn design_check_value() {
        // design.md: poseidon([1,2]) = 7853200120776062878684798364095072458815029376092732009249414926327459813530
        let expected =
            fr_from_decimal("7853200120776062878684798364095072458815029376092732009249414926327459813530")
                .unwrap();
        assert_eq!(hash2(Fr::from(1u64), Fr::from(2u64)), expected);
    }

    #[test]
    fn arity_is_checked() {
        assert_eq!(hash(&[]), Err(CircuitError::PoseidonArity(0)));
        assert_eq!(hash(&[Fr::from(0u64); 17]), Err(CircuitError::PoseidonArity(17)));
    }

    #[test]
    fn light_poseidon_circom_agrees_up_to_twelve_inputs() {
        for n in 1..=12 {
            let inputs: Vec<Fr> = (0..n as u64).map(|i| Fr::from(i * 7 + 3)).collect();
            let mut reference = Poseidon::<Fr>::new_circom(n).unwrap();
            assert_eq!(hash(&inputs).unwrap(), reference.hash(&inputs).unwrap(), "{n} inputs");
        }
    }
}
