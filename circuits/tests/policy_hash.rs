//! The policy hash covers every datum that shapes what the circuit checks.
//!
//! A property test over random policies: changing any one field of any
//! `Predicate`, `SetSlot`, `ListCheck` or the `CompiledPolicy` itself (to another value the
//! shape allows) changes `hash_inputs`, and so the hash. The structs are
//! destructured field by field, so a field added later without a case here
//! does not compile: policy data the hash does not cover is a test failure.

use medzk_circuits::query::{
    Clause, CompiledPolicy, ListCheck, ListMode, Op, Predicate, QueryShape, SetSlot, FIELDS, LARGE,
    LIST_SCHEMAS, MEDIUM, SMALL, TRIAL,
};
use medzk_circuits::Fr;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha20Rng;
use std::collections::HashMap;

fn random_u64(rng: &mut ChaCha20Rng) -> u64 {
    match rng.gen_range(0..4) {
        0 => rng.gen_range(0..4),
        1 => u64::MAX - rng.gen_range(0..4),
        2 => rng.gen_range(0..100_000),
        _ => rng.gen(),
    }
}

fn random_predicate(rng: &mut ChaCha20Rng, shape: QueryShape, first: bool) -> Predicate {
    let ops: Vec<Op> = Op::ALL.iter().copied().filter(|op| first || *op != Op::Reveal).collect();
    Predicate {
        op: ops[rng.gen_range(0..ops.len())],
        record: rng.gen_range(0..shape.records as u8),
        field: rng.gen_range(0..FIELDS as u8),
        set: rng.gen_range(0..shape.sets as u8),
        lo: random_u64(rng),
        hi: random_u64(rng),
        lo_is_reference_date: rng.gen(),
        hi_is_reference_date: rng.gen(),
        years: rng.gen(),
        operand: Fr::from(random_u64(rng)),
    }
}

fn random_policy(rng: &mut ChaCha20Rng, shape: QueryShape) -> CompiledPolicy {
    CompiledPolicy {
        shape,
        schemas: (0..shape.records).map(|_| rng.gen_range(1..32)).collect(),
        sets: (0..shape.sets)
            .map(|_| SetSlot { root: Fr::from(random_u64(rng)), active: rng.gen() })
            .collect(),
        clauses: (0..shape.clauses)
            .map(|_| Clause {
                predicates: [random_predicate(rng, shape, true), random_predicate(rng, shape, false)],
            })
            .collect(),
        lists: (0..shape.lists).map(|_| random_list_check(rng, shape)).collect(),
    }
}

/// Record slots 6 and 7 of list-carrying shapes hold lists (see `random_policy`).
fn random_list_check(rng: &mut ChaCha20Rng, shape: QueryShape) -> ListCheck {
    let mode = [ListMode::Unused, ListMode::NoneIn, ListMode::AnyIn][rng.gen_range(0..3)];
    if mode == ListMode::Unused {
        return ListCheck::UNUSED;
    }
    let code = rng.gen_range(1000..1u64 << 62);
    let relative: bool = rng.gen();
    ListCheck {
        mode,
        record: (shape.records - 1 - rng.gen_range(0..2)) as u8,
        lo: u128::from(code) << 32,
        hi: (u128::from(code + rng.gen_range(0..1000)) << 32) + u128::from(rng.gen::<u32>()),
        since_is_reference_date: relative,
        since: rng.gen_range(0..1 << 17),
    }
}

/// Every single-field change of a list check that stays valid.
fn list_changes(rng: &mut ChaCha20Rng, c: ListCheck, shape: QueryShape) -> Vec<(&'static str, ListCheck)> {
    let ListCheck { mode, record, lo, hi, since_is_reference_date, since } = c;
    if mode == ListMode::Unused {
        return vec![(
            "mode",
            ListCheck { mode: ListMode::NoneIn, record: 7, lo: 1 << 32, hi: 1 << 40, ..c },
        )];
    }
    let out = vec![
        (
            "mode",
            ListCheck {
                mode: if mode == ListMode::NoneIn { ListMode::AnyIn } else { ListMode::NoneIn },
                ..c
            },
        ),
        (
            "record",
            ListCheck {
                record: if usize::from(record) == shape.records - 1 { record - 1 } else { record + 1 },
                ..c
            },
        ),
        ("lo", ListCheck { lo: lo - (u128::from(rng.gen_range(1..1000u32)) << 32), ..c }),
        ("hi", ListCheck { hi: hi + u128::from(rng.gen_range(1..1000u32)), ..c }),
        ("since", ListCheck { since: (since + rng.gen_range(1..1 << 17)) % (1 << 17), ..c }),
        ("since_is_reference_date", ListCheck { since_is_reference_date: !since_is_reference_date, ..c }),
    ];
    out
}

/// Another value for `x` in `0..n` (n ≥ 2).
fn other(rng: &mut ChaCha20Rng, x: u8, n: usize) -> u8 {
    (x + rng.gen_range(1..n as u8)) % n as u8
}

/// Every single-field change of predicate `(k, i)` that the shape allows.
fn predicate_changes(
    rng: &mut ChaCha20Rng,
    p: Predicate,
    shape: QueryShape,
    first: bool,
) -> Vec<(&'static str, Predicate)> {
    let Predicate {
        op,
        record,
        field,
        set,
        lo,
        hi,
        lo_is_reference_date,
        hi_is_reference_date,
        years,
        operand,
    } = p;
    let mut out = Vec::new();
    let ops: Vec<Op> = Op::ALL.iter().copied().filter(|o| *o != op && (first || *o != Op::Reveal)).collect();
    out.push(("op", Predicate { op: ops[rng.gen_range(0..ops.len())], ..p }));
    if shape.records > 1 {
        out.push(("record", Predicate { record: other(rng, record, shape.records), ..p }));
    }
    out.push(("field", Predicate { field: other(rng, field, FIELDS), ..p }));
    if shape.sets > 1 {
        out.push(("set", Predicate { set: other(rng, set, shape.sets), ..p }));
    }
    out.push(("lo", Predicate { lo: lo.wrapping_add(rng.gen_range(1..u64::MAX)), ..p }));
    out.push(("hi", Predicate { hi: hi.wrapping_add(rng.gen_range(1..u64::MAX)), ..p }));
    out.push(("lo_is_reference_date", Predicate { lo_is_reference_date: !lo_is_reference_date, ..p }));
    out.push(("hi_is_reference_date", Predicate { hi_is_reference_date: !hi_is_reference_date, ..p }));
    out.push(("years", Predicate { years: years.wrapping_add(rng.gen_range(1..=255)), ..p }));
    out.push(("operand", Predicate { operand: operand + Fr::from(rng.gen_range(1..u64::MAX)), ..p }));
    out
}

#[test]
fn changing_any_policy_datum_changes_the_hash_inputs() {
    let mut rng = ChaCha20Rng::seed_from_u64(16);
    let mut changes = 0;
    for round in 0..30 {
        let shape = [SMALL, MEDIUM, LARGE, TRIAL][round % 4];
        let mut policy = random_policy(&mut rng, shape);
        if shape.lists > 0 {
            policy.schemas[6] = LIST_SCHEMAS[0];
            policy.schemas[7] = LIST_SCHEMAS[1];
        }
        policy.check_shape().unwrap();
        let honest = policy.hash_inputs();
        let mut variants: Vec<(String, CompiledPolicy)> = Vec::new();
        let CompiledPolicy { shape: _, schemas, sets, clauses, lists } = &policy;
        for (j, check) in lists.iter().enumerate() {
            for (what, changed) in list_changes(&mut rng, *check, shape) {
                let mut v = policy.clone();
                v.lists[j] = changed;
                variants.push((format!("lists[{j}].{what}"), v));
            }
        }
        for (r, id) in schemas.iter().enumerate() {
            if shape.lists > 0 && r >= 6 {
                // The list slots' schemas: another list schema.
                let mut v = policy.clone();
                v.schemas[r] = LIST_SCHEMAS[2];
                variants.push((format!("schemas[{r}]"), v));
                continue;
            }
            let mut v = policy.clone();
            v.schemas[r] = (id + rng.gen_range(0..30)) % 31 + 1;
            variants.push((format!("schemas[{r}]"), v));
        }
        for (s, slot) in sets.iter().enumerate() {
            let SetSlot { root, active } = *slot;
            let mut v = policy.clone();
            v.sets[s].root = root + Fr::from(1u64);
            variants.push((format!("sets[{s}].root"), v));
            let mut v = policy.clone();
            v.sets[s].active = !active;
            variants.push((format!("sets[{s}].active"), v));
        }
        for (k, clause) in clauses.iter().enumerate() {
            let Clause { predicates } = clause;
            for (i, p) in predicates.iter().enumerate() {
                for (what, changed) in predicate_changes(&mut rng, *p, shape, i == 0) {
                    let mut v = policy.clone();
                    v.clauses[k].predicates[i] = changed;
                    variants.push((format!("clauses[{k}].predicates[{i}].{what}"), v));
                }
            }
        }
        // The shape: same slot counts, another tree depth.
        let mut v = policy.clone();
        v.shape = QueryShape { set_depth: shape.set_depth + 1, ..shape };
        variants.push(("shape".into(), v));
        for (what, v) in variants {
            assert!(v.check_shape().is_ok(), "{what}: the change must stay within the shape");
            assert_ne!(v.hash_inputs(), honest, "round {round}: {what} is not covered by the policy hash");
            // Poseidon is injective on these inputs in practice; hashing one
            // variant in sixteen keeps the test quick for the large shape.
            if changes % 16 == 0 {
                assert_ne!(v.hash(), policy.hash(), "round {round}: {what}");
            }
            changes += 1;
        }
    }
    assert!(changes > 3_000, "{changes}");
}

#[test]
fn distinct_predicate_headers_never_collide() {
    // The header packs every datum but the operand: distinct data, distinct headers.
    let mut rng = ChaCha20Rng::seed_from_u64(1024);
    let mut seen: HashMap<Fr, Predicate> = HashMap::new();
    for _ in 0..50_000 {
        let p = Predicate { operand: Fr::from(0u64), ..random_predicate(&mut rng, LARGE, true) };
        if let Some(q) = seen.insert(p.header(), p) {
            assert_eq!(p, q, "two predicates share a header");
        }
    }
}
