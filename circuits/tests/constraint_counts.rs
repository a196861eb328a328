//! Pins every gadget's constraint count to `circuits/constraint_counts.csv`.
//! A change in any count fails this test; update the file deliberately.

use ark_r1cs_std::alloc::AllocVar;
use ark_relations::gr1cs::{ConstraintSynthesizer, ConstraintSystem, ConstraintSystemRef, SynthesisMode};
use medzk_circuits::attested_list::constraints::{KeyRangeVar, ListProofVar};
use medzk_circuits::attested_list::{AttestedList, KeyRange};
use medzk_circuits::babyjubjub::constraints::PointVar;
use medzk_circuits::comparison::constraints::BoundedVar;
use medzk_circuits::eddsa::{self, constraints::SignatureVar, SecretKey};
use medzk_circuits::indexed_merkle::{constraints::LeafProofVar, IndexedMerkleTree};
use medzk_circuits::merkle::{constraints::MerklePathVar, MerkleTree};
use medzk_circuits::query::{constraints::QueryCircuit, QueryShape};
use medzk_circuits::revocation::{constraints::RevocationWitnessVar, RevocationTree};
use medzk_circuits::{poseidon, Fr, FrVar};
use std::collections::BTreeMap;

/// Runs `build` in a fresh system and returns the constraints it added after
/// `prepare` (inputs whose allocation is not part of the gadget).
fn count<T>(prepare: impl FnOnce(&ConstraintSystemRef<Fr>) -> T, build: impl FnOnce(T)) -> usize {
    let cs = ConstraintSystem::<Fr>::new_ref();
    let inputs = prepare(&cs);
    let before = cs.num_constraints();
    build(inputs);
    assert!(cs.is_satisfied().unwrap(), "counted on a satisfied system");
    cs.num_constraints() - before
}

fn witnesses(cs: &ConstraintSystemRef<Fr>, n: u64) -> Vec<FrVar> {
    (0..n).map(|i| FrVar::new_witness(cs.clone(), || Ok(Fr::from(i + 1))).unwrap()).collect()
}

fn measured() -> BTreeMap<&'static str, usize> {
    let mut counts = BTreeMap::new();
    for n in [2u64, 16] {
        let c = count(|cs| witnesses(cs, n), |v| drop(poseidon::constraints::hash(&v).unwrap()));
        counts.insert(if n == 2 { "poseidon_2" } else { "poseidon_16" }, c);
    }

    let sk = SecretKey::from_bytes([7; 32]);
    let msg = Fr::from(42u64);
    let sig = sk.sign(msg);
    let eddsa = count(
        |cs| cs.clone(),
        |cs| {
            let pk = PointVar::new_witness(cs.clone(), || Ok(sk.public_key().point())).unwrap();
            let m = FrVar::new_witness(cs.clone(), || Ok(msg)).unwrap();
            let s = SignatureVar::new_witness(cs.clone(), || Ok(sig)).unwrap();
            eddsa::constraints::verify(&pk, &m, &s).unwrap();
        },
    );
    counts.insert("eddsa_poseidon_verify", eddsa);

    let tree = MerkleTree::from_leaves(16, (0..5u64).map(Fr::from)).unwrap();
    let path = tree.path(3).unwrap();
    let merkle = count(
        |cs| (FrVar::new_witness(cs.clone(), || Ok(Fr::from(3u64))).unwrap(), cs.clone()),
        |(leaf, cs)| {
            let p = MerklePathVar::new_witness(cs.clone(), || Ok(path.clone())).unwrap();
            drop(cs);
            assert_eq!(ark_r1cs_std::GR1CSVar::value(&p.compute_root(&leaf).unwrap()).unwrap(), tree.root());
        },
    );
    assert_eq!(merkle % 16, 0, "every level costs the same");
    counts.insert("merkle_membership_level", merkle / 16);

    let range = count(|cs| witnesses(cs, 1).remove(0), |v| drop(BoundedVar::new(v, 64).unwrap()));
    counts.insert("range_check_64", range);

    let lt = count(
        |cs| {
            let v = witnesses(cs, 2);
            (BoundedVar::new(v[0].clone(), 64).unwrap(), BoundedVar::new(v[1].clone(), 64).unwrap())
        },
        |(a, b)| drop(a.is_lt(&b).unwrap()),
    );
    counts.insert("lt_64", lt);

    let set = IndexedMerkleTree::from_set(16, [10, 20, 30]).unwrap();
    let proof = set.non_membership_proof(25).unwrap();
    let non_membership = count(
        |cs| (BoundedVar::new(witnesses(cs, 25).remove(24), 64).unwrap(), cs.clone()),
        |(x, cs)| {
            let p = LeafProofVar::new_variable_with_depth(
                cs.clone(),
                16,
                || Ok(proof.clone()),
                ark_r1cs_std::alloc::AllocationMode::Witness,
            )
            .unwrap();
            let root = FrVar::new_input(cs, || Ok(set.root())).unwrap();
            p.enforce_non_membership(&x, &root).unwrap();
        },
    );
    counts.insert("indexed_non_membership_depth_16", non_membership);

    // The same non-membership at the revocation lists' capacity (2^20 values,
    // quaternary depth 10): what the bitmap below is chosen against.
    let big = IndexedMerkleTree::from_set_with_arity(4, 10, [10, 20, 30]).unwrap();
    let big_proof = big.non_membership_proof(25).unwrap();
    let indexed_2_20 = count(
        |cs| (BoundedVar::new(witnesses(cs, 25).remove(24), 64).unwrap(), cs.clone()),
        |(x, cs)| {
            let p = LeafProofVar::new_variable_with_shape(
                cs.clone(),
                4,
                10,
                || Ok(big_proof.clone()),
                ark_r1cs_std::alloc::AllocationMode::Witness,
            )
            .unwrap();
            let root = FrVar::new_input(cs, || Ok(big.root())).unwrap();
            p.enforce_non_membership(&x, &root).unwrap();
        },
    );
    counts.insert("indexed_non_membership_2_20_quaternary", indexed_2_20);

    // "Not revoked" in an issuer's revocation bitmap (2^20 indices).
    let revocations = RevocationTree::new([5, 64, 1000]).unwrap();
    let revocation_witness = revocations.witness(65).unwrap();
    let unrevoked = count(
        |cs| {
            let index = FrVar::new_witness(cs.clone(), || Ok(Fr::from(65u64))).unwrap();
            let on = ark_r1cs_std::boolean::Boolean::new_witness(cs.clone(), || Ok(true)).unwrap();
            (index, on, cs.clone())
        },
        |(index, on, cs)| {
            let w = RevocationWitnessVar::new_witness(cs.clone(), || Ok(revocation_witness.clone())).unwrap();
            let root = w.enforce_unrevoked(&index, &on).unwrap();
            assert_eq!(ark_r1cs_std::GR1CSVar::value(&root).unwrap(), revocations.root());
        },
    );
    counts.insert("revocation_unrevoked", unrevoked);

    // One attested-list check (either mode) on a 256-key list, range ends as witnesses.
    let list = AttestedList::from_keys((1..=256u128).map(|i| i << 40)).unwrap();
    let range = KeyRange::codes(300, 400);
    let list_proof = list.absence_proof(range).unwrap();
    let list_check = count(
        |cs| {
            let end = |v: u128| {
                BoundedVar::new(FrVar::new_witness(cs.clone(), || Ok(Fr::from(v))).unwrap(), 96).unwrap()
            };
            let range = KeyRangeVar { lo: end(range.lo), hi: end(range.hi) };
            let absence = ark_r1cs_std::boolean::Boolean::new_witness(cs.clone(), || Ok(true)).unwrap();
            (range, absence, FrVar::new_input(cs.clone(), || Ok(list.root())).unwrap(), cs.clone())
        },
        |(range, absence, root, cs)| {
            let p = ListProofVar::new_variable(
                cs,
                || Ok(list_proof.clone()),
                ark_r1cs_std::alloc::AllocationMode::Witness,
            )
            .unwrap();
            p.enforce(&absence, &range, &root).unwrap();
        },
    );
    counts.insert("attested_list_check", list_check);

    let years_before = count(
        |cs| {
            let day = FrVar::new_input(cs.clone(), || Ok(Fr::from(46_000u64))).unwrap();
            let date = medzk_circuits::calendar::constraints::CalendarDateVar::new(&day).unwrap();
            (date, FrVar::new_witness(cs.clone(), || Ok(Fr::from(18u64))).unwrap())
        },
        |(date, years)| drop(date.years_before(&years).unwrap()),
    );
    counts.insert("calendar_years_before", years_before);

    for shape in QueryShape::ALL {
        let cs = ConstraintSystem::<Fr>::new_ref();
        cs.set_mode(SynthesisMode::Setup);
        QueryCircuit::for_setup(shape).generate_constraints(cs.clone()).unwrap();
        let name = match shape.name {
            "small" => "query_small",
            "medium" => "query_medium",
            "large" => "query_large",
            _ => "query_trial",
        };
        counts.insert(name, cs.num_constraints());
    }
    counts
}

#[test]
fn constraint_counts_match_the_pinned_file() {
    let path = format!("{}/constraint_counts.csv", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("name,constraints,reference,reference_source"));
    let pinned: BTreeMap<String, usize> = lines
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let mut fields = l.splitn(4, ',');
            let name = fields.next().unwrap().to_owned();
            let value = fields.next().unwrap().parse().unwrap();
            (name, value)
        })
        .collect();
    let measured = measured();
    for (name, value) in &measured {
        println!("{name}: {value} constraints");
    }
    for (name, value) in &measured {
        assert_eq!(
            pinned.get(*name),
            Some(value),
            "{name}: measured {value}, pinned {:?}",
            pinned.get(*name)
        );
    }
    for name in pinned.keys() {
        assert!(measured.contains_key(name.as_str()), "{name} is pinned but not measured here");
    }
}
