//! Solidity verifier generation (gnark-style: a template in the repository,
//! rendered from a verifying key).
//!
//! [`render_verifier`] fills `verifier/templates/MedzkVerifier.sol.tmpl` with a
//! key's points. The contract checks calldata length, every public input `< r`
//! and every proof coordinate `< p`, then runs the pairing check with the
//! BN254 precompiles, accepting only if every precompile call succeeded and
//! returned data of its exact size (ecMul and ecAdd 64 bytes, ecPairing one
//! word, which must equal 1): a chain without the precompiles, where such a
//! call succeeds and returns nothing, never accepts.
//! `verifier/solidity/MedzkGate.sol` builds a gate on it. The reference output (the `small` shape's dev key) and its solc bytecode
//! are checked in under `verifier/solidity/`; CI renders and compiles them again.

use crate::snarkjs::decimal;
use crate::{VerifyError, VerifyingKey, PUBLIC_INPUTS};
use alloc::format;
use alloc::string::String;
use ark_bn254::{G1Affine, G2Affine};
use ark_ec::AffineRepr;

const TEMPLATE: &str = include_str!("../templates/MedzkVerifier.sol.tmpl");

/// Input `k`'s term of the key's linear combination (`{i}` = k + 1): skipped
/// if already folded in or zero; each precompile call must succeed and
/// return a point (64 bytes).
const ACCUMULATE_STEP: &str = concat!(
    "            s := calldataload(add(input, {offset}))\n",
    "            if and(iszero(and(folded, {bit})), iszero(iszero(s))) {\n",
    "                mstore(add(m, 0x40), IC{i}_X)\n",
    "                mstore(add(m, 0x60), IC{i}_Y)\n",
    "                mstore(add(m, 0x80), s)\n",
    "                ok := and(ok, staticcall(gas(), 0x07, add(m, 0x40), 0x60, add(m, 0x40), 0x40))\n",
    "                ok := and(ok, eq(returndatasize(), 0x40))\n",
    "                ok := and(ok, staticcall(gas(), 0x06, m, 0x80, m, 0x40))\n",
    "                ok := and(ok, eq(returndatasize(), 0x40))\n",
    "            }\n",
);

/// The gate contract source, which imports `MedzkVerifier.sol`.
pub const GATE_SOURCE: &str = include_str!("../solidity/MedzkGate.sol");

fn g1(p: &G1Affine) -> Result<(String, String), VerifyError> {
    let (x, y) = p.xy().ok_or(VerifyError::PointAtInfinity("verifying key"))?;
    Ok((decimal(&x), decimal(&y)))
}

/// `[x.c1, x.c0, y.c1, y.c0]`: EIP-197 puts the imaginary part first.
fn g2(p: &G2Affine) -> Result<[String; 4], VerifyError> {
    let (x, y) = p.xy().ok_or(VerifyError::PointAtInfinity("verifying key"))?;
    Ok([decimal(&x.c1), decimal(&x.c0), decimal(&y.c1), decimal(&y.c0)])
}

/// Renders the Solidity verifier contract `MedzkVerifier` for a medzk
/// verifying key (7 public inputs; no point at infinity).
pub fn render_verifier(vk: &VerifyingKey, shape: &str) -> Result<String, VerifyError> {
    let inputs = vk.gamma_abc_g1.len().saturating_sub(1);
    if inputs != PUBLIC_INPUTS {
        return Err(VerifyError::WrongKey(inputs));
    }
    if shape.is_empty() || !shape.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
        return Err(VerifyError::BadShapeName);
    }
    let mut out = TEMPLATE.replace("{{VERSION}}", env!("CARGO_PKG_VERSION")).replace("{{SHAPE}}", shape);
    let (ax, ay) = g1(&vk.alpha_g1)?;
    out = out.replace("{{ALPHA_X}}", &ax).replace("{{ALPHA_Y}}", &ay);
    for (name, point) in [("BETA", &vk.beta_g2), ("GAMMA", &vk.gamma_g2), ("DELTA", &vk.delta_g2)] {
        let [x1, x0, y1, y0] = g2(point)?;
        out = out
            .replace(&format!("{{{{{name}_X1}}}}"), &x1)
            .replace(&format!("{{{{{name}_X0}}}}"), &x0)
            .replace(&format!("{{{{{name}_Y1}}}}"), &y1)
            .replace(&format!("{{{{{name}_Y0}}}}"), &y0);
    }
    let (mut constants, mut select, mut accumulate) = (String::new(), String::new(), String::new());
    for (i, point) in vk.gamma_abc_g1.iter().enumerate() {
        let (x, y) = g1(point)?;
        constants += &format!(
            "    uint256 internal constant IC{i}_X = {x};\n    uint256 internal constant IC{i}_Y = {y};\n"
        );
        select += &format!("        if (i == {i}) return (IC{i}_X, IC{i}_Y);\n");
        if i > 0 {
            let k = i - 1;
            accumulate += &ACCUMULATE_STEP
                .replace("{i}", &format!("{i}"))
                .replace("{offset}", &format!("{:#x}", 32 * k))
                .replace("{bit}", &format!("{:#x}", 1u32 << k));
        }
    }
    out = out
        .replace("{{IC_CONSTANTS}}", &constants)
        .replace("{{IC_SELECT}}", select.trim_end_matches('\n'))
        .replace("{{ACCUMULATE}}", accumulate.trim_end_matches('\n'));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;
    use ark_bn254::Fq;
    use ark_ff::PrimeField;

    fn key() -> VerifyingKey {
        VerifyingKey {
            alpha_g1: G1Affine::generator(),
            beta_g2: G2Affine::generator(),
            gamma_g2: G2Affine::generator(),
            delta_g2: G2Affine::generator(),
            gamma_abc_g1: alloc::vec![G1Affine::generator(); PUBLIC_INPUTS + 1],
        }
    }

    /// Every precompile call in the rendered verifier is followed by a check
    /// of its return data's size, and the pairing's word must equal 1 (the
    /// EVM test `cli/tests/evm.rs` runs it on a chain without the precompiles).
    #[test]
    fn every_precompile_call_checks_its_return_data() {
        let source = render_verifier(&key(), "small").unwrap();
        let lines: alloc::vec::Vec<&str> = source.lines().map(str::trim).collect();
        let calls: alloc::vec::Vec<usize> =
            (0..lines.len()).filter(|&i| lines[i].contains("staticcall(")).collect();
        // ecMul + ecAdd in `_mulAdd`, per input in `_verify`, and ecPairing.
        assert_eq!(calls.len(), 2 + 2 * PUBLIC_INPUTS + 1);
        for i in calls {
            let size = if lines[i].contains("0x08") { "0x20" } else { "0x40" };
            assert_eq!(
                lines[i + 1],
                alloc::format!("ok := and(ok, eq(returndatasize(), {size}))"),
                "after `{}`",
                lines[i]
            );
        }
        assert!(source.contains("valid := and(ok, eq(mload(m), 1))"));
        assert!(!source.contains("and(ok, mload(m))"), "the pairing word is compared, not masked");
        assert!(!source.contains("{{") && !source.contains("{i}") && !source.contains("{bit}"));
    }

    #[test]
    fn keys_and_shapes_that_cannot_be_rendered_are_refused() {
        let mut short = key();
        short.gamma_abc_g1.pop();
        assert_eq!(render_verifier(&short, "small"), Err(VerifyError::WrongKey(6)));
        let mut infinite = key();
        infinite.delta_g2 = G2Affine::zero();
        assert_eq!(render_verifier(&infinite, "small"), Err(VerifyError::PointAtInfinity("verifying key")));
        assert_eq!(render_verifier(&key(), "small\"; x"), Err(VerifyError::BadShapeName));
        assert_eq!(render_verifier(&key(), ""), Err(VerifyError::BadShapeName));
    }

    #[test]
    fn decimal_is_the_canonical_integer() {
        assert_eq!(decimal(&Fq::from(1234567u64)), "1234567");
        assert_eq!(
            decimal(&-Fq::from(1u64)),
            "21888242871839275222246405745257275088696311157297823662689037894645226208582"
        );
        assert_eq!(decimal(&Fq::from(0u64)), "0");
        // Chunk boundaries (10^19) and every size up to p − 1, against ark-ff's
        // bignum formatting.
        let ten19 = Fq::from(10_000_000_000_000_000_000u64);
        for x in [ten19, ten19 - Fq::from(1u64), ten19 * ten19, ten19 * ten19 * ten19 + Fq::from(7u64)] {
            assert_eq!(decimal(&x), x.into_bigint().to_string());
        }
        let mut x = Fq::from(3u64);
        for _ in 0..200 {
            x = x * x + Fq::from(1u64);
            assert_eq!(decimal(&x), x.into_bigint().to_string());
            let r = crate::Fr::from(x.into_bigint().0[0]) * crate::Fr::from(x.into_bigint().0[3]);
            assert_eq!(decimal(&r), r.into_bigint().to_string());
        }
    }
}
