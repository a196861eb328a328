//! The one decimal codec of field elements (snarkjs' and circomlibjs' number
//! format: the canonical integer, no sign, no leading zeros), without a bignum
//! library so that the verifier stays small. Every crate parses and prints
//! decimals through these.

use alloc::string::String;
use alloc::vec::Vec;
use ark_ff::{BigInt, PrimeField};

/// Parses a decimal integer string (no sign, no leading zeros) below 2^256;
/// `None` for anything else.
pub fn parse(s: &str) -> Option<BigInt<4>> {
    if s.is_empty()
        || !s.bytes().all(|b| b.is_ascii_digit())
        || (s.len() > 1 && s.starts_with('0'))
        || s.len() > 78
    {
        return None;
    }
    let mut limbs = [0u64; 4];
    for digit in s.bytes().map(|b| u64::from(b - b'0')) {
        let mut carry = digit as u128;
        for limb in limbs.iter_mut() {
            let v = (*limb as u128) * 10 + carry;
            *limb = v as u64;
            carry = v >> 64;
        }
        if carry != 0 {
            return None;
        }
    }
    Some(BigInt::new(limbs))
}

/// Parses a canonical decimal field element (below the field's modulus).
pub fn parse_field<F: PrimeField<BigInt = BigInt<4>>>(s: &str) -> Option<F> {
    F::from_bigint(parse(s)?)
}

/// A field element's canonical integer in decimal (the inverse of
/// [`parse_field`]; by division, 32-bit words at a time, as WebAssembly has
/// no 128-bit division).
pub fn to_decimal<F: PrimeField<BigInt = BigInt<4>>>(x: &F) -> String {
    const BILLION: u64 = 1_000_000_000;
    // 32-bit words, most significant first.
    let mut words: Vec<u32> =
        x.into_bigint().0.iter().rev().flat_map(|w| [(w >> 32) as u32, *w as u32]).collect();
    // Decimal digits, least significant first, nine per division.
    let mut digits: Vec<u8> = Vec::with_capacity(81);
    loop {
        let mut remainder = 0u64;
        for word in words.iter_mut() {
            let current = (remainder << 32) | u64::from(*word);
            *word = (current / BILLION) as u32;
            remainder = current % BILLION;
        }
        for _ in 0..9 {
            digits.push(b'0' + (remainder % 10) as u8);
            remainder /= 10;
        }
        if words.iter().all(|w| *w == 0) {
            break;
        }
    }
    while digits.len() > 1 && digits.last() == Some(&b'0') {
        digits.pop();
    }
    digits.iter().rev().map(|&d| char::from(d)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Fr;
    use ark_ff::{Field, PrimeField};

    #[test]
    fn round_trips_and_refuses_non_canonical_text() {
        let minus_one = -Fr::ONE;
        for x in [Fr::from(0u64), Fr::from(1u64), Fr::from(u64::MAX), minus_one] {
            assert_eq!(parse_field::<Fr>(&to_decimal(&x)), Some(x));
        }
        assert_eq!(to_decimal(&Fr::from(1_000_000_000u64)), "1000000000");
        let r = alloc::string::ToString::to_string(&Fr::MODULUS);
        assert_eq!(parse_field::<Fr>(&r), None, "the modulus is not canonical");
        assert!(parse(&r).is_some(), "but it is an integer below 2^256");
        for bad in ["", "-1", "+1", "01", "1.0", " 1", "1e3", &"9".repeat(79)] {
            assert_eq!(parse(bad), None, "{bad:?}");
        }
        assert_eq!(parse(&"9".repeat(78)), None, "above 2^256");
    }
}
