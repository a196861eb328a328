//! Native and in-circuit results against the circomlibjs vectors in
//! `circuits/vectors/` (see its README for provenance and regeneration).

use ark_r1cs_std::alloc::{AllocVar, AllocationMode};
use ark_relations::gr1cs::{ConstraintSystem, ConstraintSystemRef};
use medzk_circuits::babyjubjub::{constraints::PointVar, Point};
use medzk_circuits::eddsa::{self, constraints::SignatureVar, PublicKey, SecretKey, Signature};
use medzk_circuits::field::fr_from_decimal;
use medzk_circuits::{poseidon, CircuitError, Fr, FrVar};
use serde::Deserialize;

#[derive(Deserialize)]
struct PoseidonFile {
    generator: String,
    cases: Vec<PoseidonCase>,
}

#[derive(Deserialize)]
struct PoseidonCase {
    inputs: Vec<String>,
    output: String,
}

#[derive(Deserialize)]
struct EddsaFile {
    generator: String,
    base8: [String; 2],
    sub_order: String,
    cases: Vec<EddsaCase>,
}

#[derive(Deserialize)]
struct EddsaCase {
    label: String,
    private_key: String,
    public_key: [String; 2],
    message: String,
    signature: SignatureJson,
    valid_circomlibjs: bool,
}

#[derive(Deserialize)]
struct SignatureJson {
    #[serde(rename = "R8")]
    r8: [String; 2],
    #[serde(rename = "S")]
    s: String,
}

const MODES: [AllocationMode; 3] = [AllocationMode::Constant, AllocationMode::Input, AllocationMode::Witness];

fn fr(s: &str) -> Fr {
    fr_from_decimal(s).unwrap()
}

fn read<T: serde::de::DeserializeOwned>(name: &str) -> T {
    let path = format!("{}/vectors/{name}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn poseidon_native_matches_circomlibjs() {
    let file: PoseidonFile = read("poseidon.json");
    assert!(file.generator.starts_with("circomlibjs@0.1.7"));
    assert_eq!(file.cases.len(), 64);
    for case in &file.cases {
        let inputs: Vec<Fr> = case.inputs.iter().map(|s| fr(s)).collect();
        assert_eq!(poseidon::hash(&inputs).unwrap(), fr(&case.output), "{} inputs", inputs.len());
    }
}

#[test]
fn poseidon_gadget_matches_circomlibjs_in_every_allocation_mode() {
    let file: PoseidonFile = read("poseidon.json");
    // One case per arity and mode keeps the test fast; the native test covers all cases.
    for case in file.cases.iter().step_by(4) {
        for mode in MODES {
            let cs = ConstraintSystem::<Fr>::new_ref();
            let inputs: Vec<FrVar> = case
                .inputs
                .iter()
                .map(|s| FrVar::new_variable(cs.clone(), || Ok(fr(s)), mode).unwrap())
                .collect();
            let out = poseidon::constraints::hash(&inputs).unwrap();
            assert_eq!(ark_r1cs_std::GR1CSVar::value(&out).unwrap(), fr(&case.output));
            assert!(cs.is_satisfied().unwrap());
            if mode == AllocationMode::Constant {
                assert_eq!(cs.num_constraints(), 0, "constants must fold");
            }
        }
    }
}

fn parse_case(case: &EddsaCase) -> (Point, Fr, Signature) {
    let pk = Point::from_decimal(&case.public_key[0], &case.public_key[1]).unwrap();
    let sig = Signature {
        r8: Point::from_decimal(&case.signature.r8[0], &case.signature.r8[1]).unwrap(),
        s: fr(&case.signature.s),
    };
    (pk, fr(&case.message), sig)
}

fn gadget_accepts(
    cs: &ConstraintSystemRef<Fr>,
    pk: Point,
    msg: Fr,
    sig: Signature,
    mode: AllocationMode,
) -> bool {
    let pk = PointVar::new_variable(cs.clone(), || Ok(pk), mode).unwrap();
    let msg = FrVar::new_variable(cs.clone(), || Ok(msg), mode).unwrap();
    let sig = SignatureVar::new_variable(cs.clone(), || Ok(sig), AllocationMode::Witness).unwrap();
    match eddsa::constraints::verify(&pk, &msg, &sig) {
        Ok(()) => {
            let ok = cs.is_satisfied().unwrap();
            if !ok {
                eprintln!("unsatisfied: {:?}", cs.which_is_unsatisfied());
            }
            ok
        }
        Err(e) => {
            eprintln!("synthesis error: {e}");
            false
        }
    }
}

#[test]
fn eddsa_native_matches_circomlibjs() {
    let file: EddsaFile = read("eddsa_poseidon.json");
    assert!(file.generator.starts_with("circomlibjs@0.1.7"));
    assert_eq!(Point::base8(), Point::from_decimal(&file.base8[0], &file.base8[1]).unwrap());
    assert_eq!(medzk_circuits::babyjubjub::sub_order().to_string(), file.sub_order);
    let mut valid = 0;
    for case in &file.cases {
        let (pk, msg, sig) = parse_case(case);
        let key = PublicKey::from_point(pk).unwrap();
        let result = key.verify(msg, &sig);
        assert_eq!(result.is_ok(), case.valid_circomlibjs, "{}: {result:?}", case.label);
        let cofactored = key.verify_cofactored(msg, &sig).is_ok();
        let expected_cofactored = case.valid_circomlibjs || case.label == "torsion_r8_cofactored_only";
        assert_eq!(cofactored, expected_cofactored, "{} (cofactored)", case.label);
        if case.label == "s_plus_suborder" {
            assert!(matches!(result, Err(CircuitError::NonCanonicalScalar { .. })));
        }
        if case.label == "valid" {
            valid += 1;
            let bytes: [u8; 32] = hex::decode(&case.private_key).unwrap().try_into().unwrap();
            let sk = SecretKey::from_bytes(bytes);
            assert_eq!(sk.public_key(), key, "public key derivation");
            assert_eq!(sk.sign(msg), sig, "deterministic signature");
        }
    }
    assert_eq!(valid, 24);
}

#[test]
fn eddsa_gadget_matches_circomlibjs_and_cofactored_native() {
    let file: EddsaFile = read("eddsa_poseidon.json");
    // All labels for the first key, every mode for the first valid case.
    for (i, case) in file.cases.iter().enumerate().filter(|(i, c)| *i < 6 || c.label.starts_with("torsion")) {
        let (pk, msg, sig) = parse_case(case);
        let modes: &[AllocationMode] = if i == 0 { &MODES } else { &[AllocationMode::Witness] };
        for &mode in modes {
            let cs = ConstraintSystem::<Fr>::new_ref();
            let expected = PublicKey::from_point(pk).unwrap().verify_cofactored(msg, &sig).is_ok();
            assert_eq!(gadget_accepts(&cs, pk, msg, sig, mode), expected, "{} in {mode:?}", case.label);
        }
    }
}
