//! snarkjs-compatible JSON: `verification_key.json`, `proof.json` and
//! `public.json` for Groth16 on `bn128` (BN254). Points are projective decimal
//! triples with `z = "1"`; G2 coordinates are `[c0, c1]` pairs. Import refuses
//! missing or unknown members, a wrong protocol or curve, non-decimal numbers,
//! coordinates ≥ p, scalars ≥ r, points off the curve or (G2) outside the
//! subgroup, and the point at infinity — each with its own [`VerifyError`].

use crate::binary::public_inputs_from_scalars;
use crate::pairing::Arithmetic;
use crate::Target;
use crate::{Fr, Proof, PublicInputs, VerifyError, VerifyingKey, PUBLIC_INPUTS};
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use ark_bn254::{Fq, Fq2, G1Affine, G2Affine};
use ark_ec::AffineRepr;
use ark_ff::{BigInt, PrimeField};
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ProofJson {
    pi_a: G1Json,
    pi_b: G2Json,
    pi_c: G1Json,
    protocol: String,
    curve: String,
}

/// A G1 point as snarkjs writes it: `[x, y, "1"]` in decimal.
pub type G1Json = [String; 3];
/// A G2 point as snarkjs writes it: `[[x.c0, x.c1], [y.c0, y.c1], ["1", "0"]]`.
pub type G2Json = [[String; 2]; 3];

/// A snarkjs `verification_key.json` as parsed, before its numbers and
/// points are checked ([`VerificationKeyJson::to_verifying_key`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VerificationKeyJson {
    /// `groth16`.
    pub protocol: String,
    /// `bn128`.
    pub curve: String,
    /// The number of public inputs.
    #[serde(rename = "nPublic")]
    pub n_public: usize,
    /// α in G1.
    pub vk_alpha_1: G1Json,
    /// β in G2.
    pub vk_beta_2: G2Json,
    /// γ in G2.
    pub vk_gamma_2: G2Json,
    /// δ in G2.
    pub vk_delta_2: G2Json,
    /// e(α, β) in GT (written for snarkjs; not needed to verify, not checked).
    pub vk_alphabeta_12: [[[String; 2]; 3]; 2],
    /// The public inputs' bases, `nPublic + 1` of them.
    #[serde(rename = "IC")]
    pub ic: Vec<G1Json>,
}

impl VerificationKeyJson {
    /// Checks the protocol, the lengths, every coordinate (< p) and point (on
    /// the curve; G2 in the subgroup; not at infinity).
    pub fn to_verifying_key(&self) -> Result<VerifyingKey, VerifyError> {
        check_protocol(&self.protocol, &self.curve)?;
        // `nPublic` comes from the file: `+ 1` must not overflow.
        let expected =
            self.n_public.checked_add(1).ok_or(VerifyError::LengthOutOfRange("verification key nPublic"))?;
        if self.ic.len() != expected {
            return Err(VerifyError::WrongLength {
                what: "verification key IC",
                expected,
                found: self.ic.len(),
            });
        }
        Ok(VerifyingKey {
            alpha_g1: g1_from("vk_alpha_1", &self.vk_alpha_1)?,
            beta_g2: g2_from("vk_beta_2", &self.vk_beta_2)?,
            gamma_g2: g2_from("vk_gamma_2", &self.vk_gamma_2)?,
            delta_g2: g2_from("vk_delta_2", &self.vk_delta_2)?,
            gamma_abc_g1: self.ic.iter().map(|p| g1_from("IC", p)).collect::<Result<_, _>>()?,
        })
    }
}

fn parse_decimal(what: &'static str, s: &str) -> Result<BigInt<4>, VerifyError> {
    medzk_types::decimal::parse(s).ok_or(VerifyError::NotADecimal(what))
}

/// A scalar (public input number `index`) from a decimal string: digits only,
/// no leading zeros, below r.
pub fn scalar_from_decimal(what: &'static str, index: usize, s: &str) -> Result<Fr, VerifyError> {
    Fr::from_bigint(parse_decimal(what, s)?).ok_or(VerifyError::NonCanonicalScalar(index))
}

fn fq(what: &'static str, s: &str) -> Result<Fq, VerifyError> {
    Target::fq_from_bigint(parse_decimal(what, s)?).ok_or(VerifyError::NonCanonicalCoordinate(what))
}

/// A field element's canonical integer in decimal, snarkjs' number format
/// (the inverse of [`scalar_from_decimal`]; `medzk-types`' one codec).
pub use medzk_types::decimal::to_decimal as decimal;

fn g1_from(what: &'static str, p: &G1Json) -> Result<G1Affine, VerifyError> {
    let (x, y) = (fq(what, &p[0])?, fq(what, &p[1])?);
    match p[2].as_str() {
        "1" => {}
        "0" => return Err(VerifyError::PointAtInfinity(what)),
        _ => return Err(VerifyError::InvalidFlags(what)),
    }
    let point = G1Affine::new_unchecked(x, y);
    // arkworks stores the identity as (0, 0): `["0", "0", "1"]` would decode
    // to it (and pass the curve check), so it is refused like `z = 0`.
    if point.is_zero() {
        return Err(VerifyError::PointAtInfinity(what));
    }
    if !Target::g1_is_on_curve(&point) {
        return Err(VerifyError::NotOnCurve(what));
    }
    Ok(point)
}

fn g2_from(what: &'static str, p: &G2Json) -> Result<G2Affine, VerifyError> {
    let x = Fq2::new(fq(what, &p[0][0])?, fq(what, &p[0][1])?);
    let y = Fq2::new(fq(what, &p[1][0])?, fq(what, &p[1][1])?);
    match (p[2][0].as_str(), p[2][1].as_str()) {
        ("1", "0") => {}
        ("0", "0") => return Err(VerifyError::PointAtInfinity(what)),
        _ => return Err(VerifyError::InvalidFlags(what)),
    }
    let point = G2Affine::new_unchecked(x, y);
    if point.is_zero() {
        return Err(VerifyError::PointAtInfinity(what));
    }
    if !Target::g2_is_on_curve(&point) {
        return Err(VerifyError::NotOnCurve(what));
    }
    if !Target::g2_is_in_subgroup(&point) {
        return Err(VerifyError::NotInSubgroup(what));
    }
    Ok(point)
}

/// A G1 point as snarkjs writes it; the identity (which no valid proof or key
/// has, and which the readers refuse) as snarkjs writes it too, `["0", "1", "0"]`.
fn g1_json(p: &G1Affine) -> G1Json {
    match p.xy() {
        Some((x, y)) => [decimal(&x), decimal(&y), "1".into()],
        None => ["0".into(), "1".into(), "0".into()],
    }
}

/// A G2 point as snarkjs writes it; the identity as `[["0", "0"], ["1", "0"], ["0", "0"]]`.
fn g2_json(p: &G2Affine) -> G2Json {
    match p.xy() {
        Some((x, y)) => {
            [[decimal(&x.c0), decimal(&x.c1)], [decimal(&y.c0), decimal(&y.c1)], ["1".into(), "0".into()]]
        }
        None => [["0".into(), "0".into()], ["1".into(), "0".into()], ["0".into(), "0".into()]],
    }
}

/// Pretty JSON of a document of strings, numbers and arrays (which cannot
/// fail to serialise; an empty string rather than a panic if it ever did).
fn pretty<T: Serialize>(value: &T) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default()
}

fn check_protocol(protocol: &str, curve: &str) -> Result<(), VerifyError> {
    if protocol != "groth16" || curve != "bn128" {
        return Err(VerifyError::WrongCurve { protocol: protocol.into(), curve: curve.into() });
    }
    Ok(())
}

fn json_error(what: &'static str) -> impl Fn(serde_json::Error) -> VerifyError {
    move |e| VerifyError::Json { what, message: format!("{e}") }
}

/// A proof as snarkjs `proof.json`. Never panics: a point at infinity (no
/// valid proof has one) is written as snarkjs writes it, and
/// [`proof_from_json`] refuses it.
pub fn proof_to_json(proof: &Proof) -> String {
    let json = ProofJson {
        pi_a: g1_json(&proof.a),
        pi_b: g2_json(&proof.b),
        pi_c: g1_json(&proof.c),
        protocol: "groth16".into(),
        curve: "bn128".into(),
    };
    pretty(&json)
}

/// Reads a snarkjs `proof.json` (points finite, on the curve, B in the subgroup).
pub fn proof_from_json(text: &str) -> Result<Proof, VerifyError> {
    let json: ProofJson = serde_json::from_str(text).map_err(json_error("proof"))?;
    check_protocol(&json.protocol, &json.curve)?;
    Ok(Proof {
        a: g1_from("proof pi_a", &json.pi_a)?,
        b: g2_from("proof pi_b", &json.pi_b)?,
        c: g1_from("proof pi_c", &json.pi_c)?,
    })
}

/// Public inputs as snarkjs `public.json` (decimal strings in circuit order).
pub fn public_inputs_to_json(public: &PublicInputs) -> String {
    let values: Vec<String> = public.to_field_elements().iter().map(decimal).collect();
    pretty(&values)
}

/// Reads a snarkjs `public.json` of a medzk proof (7 scalars below r).
pub fn public_inputs_from_json(text: &str) -> Result<PublicInputs, VerifyError> {
    let values = scalars_from_json(text)?;
    let array: [Fr; PUBLIC_INPUTS] = values.try_into().map_err(|v: Vec<Fr>| VerifyError::WrongLength {
        what: "public inputs",
        expected: PUBLIC_INPUTS,
        found: v.len(),
    })?;
    public_inputs_from_scalars(&array)
}

/// Reads a snarkjs `public.json` with any number of scalars (below r).
pub fn scalars_from_json(text: &str) -> Result<Vec<Fr>, VerifyError> {
    let values: Vec<String> = serde_json::from_str(text).map_err(json_error("public inputs"))?;
    values.iter().enumerate().map(|(i, s)| scalar_from_decimal("public input", i, s)).collect()
}

/// A verifying key as snarkjs `verification_key.json`.
pub fn verifying_key_to_json(vk: &VerifyingKey) -> String {
    let alpha_beta = Target::pairing(vk.alpha_g1, vk.beta_g2);
    let fq2 = |x: &Fq2| [decimal(&x.c0), decimal(&x.c1)];
    let fq6 = |x: &ark_bn254::Fq6| [fq2(&x.c0), fq2(&x.c1), fq2(&x.c2)];
    let json = VerificationKeyJson {
        protocol: "groth16".into(),
        curve: "bn128".into(),
        // A key without points (not a Groth16 key) is written with nPublic 0
        // and no IC, which the reader refuses; no underflow.
        n_public: vk.gamma_abc_g1.len().saturating_sub(1),
        vk_alpha_1: g1_json(&vk.alpha_g1),
        vk_beta_2: g2_json(&vk.beta_g2),
        vk_gamma_2: g2_json(&vk.gamma_g2),
        vk_delta_2: g2_json(&vk.delta_g2),
        vk_alphabeta_12: [fq6(&alpha_beta.c0), fq6(&alpha_beta.c1)],
        ic: vk.gamma_abc_g1.iter().map(g1_json).collect(),
    };
    pretty(&json)
}

/// Reads a snarkjs `verification_key.json` (any number of public inputs; use
/// [`crate::prepare`] to require a medzk key).
pub fn verifying_key_from_json(text: &str) -> Result<VerifyingKey, VerifyError> {
    let json: VerificationKeyJson = serde_json::from_str(text).map_err(json_error("verification key"))?;
    json.to_verifying_key()
}
