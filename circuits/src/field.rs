//! Conversions between field elements, integers and decimal strings.

use crate::{CircuitError, Fr};
use ark_ff::{BigInteger, PrimeField};
use num_bigint::BigUint;

/// Parses a canonical decimal field element (no sign, no leading `+` or
/// zeros, value < r), with `medzk-types`' one decimal codec.
pub fn fr_from_decimal(s: &str) -> Result<Fr, CircuitError> {
    medzk_types::decimal::parse_field(s).ok_or_else(|| CircuitError::NonCanonicalField(s.to_owned()))
}

/// The field element of a big integer, or `None` if it is not below r.
pub fn fr_from_biguint(value: &BigUint) -> Option<Fr> {
    if *value >= BigUint::from(Fr::MODULUS) {
        return None;
    }
    Some(Fr::from(value.clone()))
}

/// A field element as a decimal string (circomlibjs' representation).
pub fn fr_to_decimal(value: &Fr) -> String {
    medzk_types::decimal::to_decimal(value)
}

/// A field element as a big integer.
pub fn biguint_from_fr(value: &Fr) -> BigUint {
    BigUint::from_bytes_le(&value.into_bigint().to_bytes_le())
}

/// A field element's 32-byte little-endian encoding.
pub fn fr_to_bytes_le(value: &Fr) -> [u8; 32] {
    let mut out = [0u8; 32];
    out.copy_from_slice(&value.into_bigint().to_bytes_le());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_round_trip_and_rejections() {
        let r_minus_1 = "21888242871839275222246405745257275088548364400416034343698204186575808495616";
        let v = fr_from_decimal(r_minus_1).unwrap();
        assert_eq!(v, -Fr::from(1u64));
        assert_eq!(fr_to_decimal(&v), r_minus_1);
        assert_eq!(fr_from_decimal("0").unwrap(), Fr::from(0u64));
        let r = "21888242871839275222246405745257275088548364400416034343698204186575808495617";
        for bad in [r, "", "-1", "+1", "01", "1e3", "0x10", " 1"] {
            assert_eq!(fr_from_decimal(bad), Err(CircuitError::NonCanonicalField(bad.into())), "{bad:?}");
        }
    }
}
