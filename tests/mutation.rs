//! Witness mutation testing of the query circuit: every preset (small and
//! medium shapes), the attested-list checks (a custom shape with lists:
//! absence, windowed absence, windowed presence and an unused slot), and the
//! NCT03608358 screen on the `trial` shape (8 record slots of 4 schemas,
//! cross-record clauses, relative dates, 20 list checks). No keys are made:
//! each campaign synthesises the shape's matrices and the witness alone.
//!
//! From a valid full assignment, private witness variables are changed — one
//! at a time to boundary values (0, 1, −1 = r − 1, 2, 2^64 − 1, 2^64, 2^253,
//! the old value ± 1 and a random element), in random pairs, and in random
//! subsets of up to 16 — and the constraint system must become unsatisfied.
//! A satisfied mutation is a second witness for the same public inputs. It is
//! harmless only if every changed variable appears in no constraint, or is the
//! inverse witness of an is-zero test whose difference is zero (it appears
//! only as `d · v = w` with `d = 0`, so it determines nothing); any other
//! accepted mutation fails the test. Only the rows
//! that use a changed variable are re-checked, so every campaign runs in full
//! in `cargo test` (counts are printed: `--nocapture`).

#[path = "support/scenario.rs"]
mod scenario;

use ark_bn254::Fr;
use ark_ff::{Field, UniformRand};
use medzk::circuits::query::{evaluate, VerifierContext};
use medzk::policy::build_witness_at;
use medzk::prover::{synthesize_assignment, R1cs};
use rand::seq::SliceRandom;
use rand::Rng as _;
use scenario::*;

struct Campaign {
    mutations: usize,
    accepted: Vec<Vec<usize>>,
    free_inverses: usize,
    unused_variables: usize,
}

fn campaign(s: &Scenario, seed: u64, reference_date: &str) -> Campaign {
    let refs: Vec<_> = s.credentials.iter().collect();
    let ctx =
        VerifierContext { reference_date: day(reference_date), ..context(&s.compiled, &s.world.registry, 9) };
    let witness =
        build_witness_at(&s.compiled, &refs, &s.holder, &s.world.registry, Some(ctx.reference_date)).unwrap();
    let public = evaluate(&s.compiled.policy, &witness, &ctx).unwrap().public;
    // No keys needed: the shape's matrices and a witness-only synthesis.
    let r1cs = R1cs::for_shape(s.compiled.shape()).unwrap();
    let z = synthesize_assignment(&s.compiled.policy, &witness, &public).unwrap();
    assert!(r1cs.is_satisfied_by(&z), "the honest assignment must satisfy the circuit");
    let rows = r1cs.rows_by_variable();
    let private: Vec<usize> = (r1cs.num_instance()..r1cs.num_variables()).collect();
    let unused: Vec<bool> = rows.iter().map(Vec::is_empty).collect();
    // The inverse witness of an is-zero test whose difference is zero: it only
    // appears as `d · v = w` (in A or in B, never in C) with `d = 0`, so no
    // value of it changes any other variable or the statement.
    let free_inverse: Vec<bool> = (0..r1cs.num_variables())
        .map(|v| {
            !rows[v].is_empty()
                && rows[v].iter().all(|&row| {
                    let row = row as usize;
                    let (in_a, in_b) = (r1cs.uses(0, row, v), r1cs.uses(1, row, v));
                    !r1cs.uses(2, row, v)
                        && in_a != in_b
                        && r1cs.evaluate_row(if in_a { 1 } else { 0 }, row, &z) == Fr::from(0u64)
                })
        })
        .collect();
    let harmless = |v: usize| unused[v] || free_inverse[v];
    let holds = |z: &[Fr], changed: &[usize]| {
        let mut touched: Vec<u32> = changed.iter().flat_map(|&v| rows[v].iter().copied()).collect();
        touched.sort_unstable();
        touched.dedup();
        touched.iter().all(|&row| r1cs.row_holds(row as usize, z))
    };
    let mut rng = rng(seed);
    let two_64 = Fr::from(2u64).pow([64]);
    let boundary = |old: Fr, rng: &mut Rng| -> Vec<Fr> {
        vec![
            Fr::from(0u64),
            Fr::from(1u64),
            -Fr::from(1u64),
            Fr::from(2u64),
            two_64 - Fr::from(1u64),
            two_64,
            Fr::from(2u64).pow([253]),
            old + Fr::from(1u64),
            old - Fr::from(1u64),
            Fr::rand(rng),
        ]
    };
    let mut result = Campaign {
        mutations: 0,
        accepted: Vec::new(),
        free_inverses: free_inverse.iter().filter(|f| **f).count(),
        unused_variables: unused.iter().filter(|u| **u).count(),
    };
    let mut mutated = z.clone();
    let record = |vars: &[usize], mutated: &[Fr], result: &mut Campaign| {
        result.mutations += 1;
        // Only the variables whose value did change decide harmlessness (a
        // random pick may have drawn a variable's own value).
        let changed: Vec<usize> = vars.iter().copied().filter(|&v| mutated[v] != z[v]).collect();
        if holds(mutated, vars) && !changed.iter().all(|&v| harmless(v)) {
            result.accepted.push(vars.to_vec());
        }
    };
    // Every private variable, every boundary value.
    for &v in &private {
        for value in boundary(z[v], &mut rng) {
            if value == z[v] {
                continue;
            }
            mutated[v] = value;
            record(&[v], &mutated, &mut result);
        }
        mutated[v] = z[v];
    }
    // Random pairs and subsets (sizes 2..=16) of changed variables.
    for round in 0..6_000 {
        let size = if round < 4_000 { 2 } else { rng.gen_range(3..=16) };
        let vars: Vec<usize> = private.choose_multiple(&mut rng, size).copied().collect();
        for &v in &vars {
            let values = boundary(z[v], &mut rng);
            mutated[v] = *values.choose(&mut rng).unwrap();
        }
        if vars.iter().any(|&v| mutated[v] != z[v]) {
            record(&vars, &mutated, &mut result);
        }
        for &v in &vars {
            mutated[v] = z[v];
        }
    }
    result
}

fn run(name: &str, s: Scenario, seed: u64) {
    run_on(name, s, seed, "2026-06-01");
}

fn run_on(name: &str, s: Scenario, seed: u64, reference_date: &str) {
    let c = campaign(&s, seed, reference_date);
    println!(
        "{name} ({}): {} mutations, {} harmful accepted; {} free is-zero inverses and {} unused variables (harmless by construction)",
        s.compiled.shape().name,
        c.mutations,
        c.accepted.len(),
        c.free_inverses,
        c.unused_variables
    );
    assert!(c.mutations >= 10_000);
    assert!(
        c.accepted.is_empty(),
        "{name}: mutations of {:?} left the circuit satisfied",
        &c.accepted[..c.accepted.len().min(10)]
    );
}

#[test]
fn vaccinated_after_rejects_every_witness_mutation() {
    run("vaccinated-after", vaccination(), 1);
}

#[test]
fn trial_eligibility_rejects_every_witness_mutation() {
    run("trial-eligibility", trial(), 2);
}

#[test]
fn claim_covered_rejects_every_witness_mutation() {
    run("claim-covered", claim(), 3);
}

#[test]
fn licence_valid_rejects_every_witness_mutation() {
    run("licence-valid", licence(), 4);
}

#[test]
fn attested_lists_reject_every_witness_mutation() {
    run("attested lists", lists(), 5);
}

#[test]
fn nct03608358_on_the_trial_shape_rejects_every_witness_mutation() {
    run_on("nct03608358", nct03608358("eligible.json"), 6, "2026-12-01");
}
