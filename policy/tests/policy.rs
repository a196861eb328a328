//! Policy documents: presets, canonical hashing, and one typed error per defect.

use medzk_policy::{presets, Policy, PolicyError};
use serde_json::{json, Value};

fn preset_path(name: &str) -> String {
    format!("{}/../examples/policies/{name}.json", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn preset_files_equal_their_constructors() {
    for (name, policy) in presets::defaults() {
        let text = policy.to_json() + "\n";
        if std::env::var_os("MEDZK_BLESS").is_some() {
            std::fs::write(preset_path(name), &text).unwrap();
        }
        let file = std::fs::read_to_string(preset_path(name)).unwrap();
        assert_eq!(file, text, "{name}: regenerate with MEDZK_BLESS=1");
        let loaded = Policy::from_file(std::path::Path::new(&preset_path(name))).unwrap();
        assert_eq!(loaded, policy);
        let compiled = loaded.compile().unwrap();
        assert_eq!(compiled.shape().name, policy.shape);
    }
}

#[test]
fn the_hash_depends_on_content_not_on_json_layout() {
    let policy = presets::vaccinated_after("2021-06-01");
    let hash = policy.compile().unwrap().hash();
    // Reorder members and whitespace: same hash.
    let value: Value = serde_json::from_str(&policy.to_json()).unwrap();
    let compact = serde_json::to_string(&value).unwrap();
    assert_eq!(Policy::from_json(&compact).unwrap().compile().unwrap().hash(), hash);
    // Any change of content changes the hash.
    assert_ne!(presets::vaccinated_after("2021-06-02").compile().unwrap().hash(), hash);
    let mut other_scope = policy.clone();
    other_scope.scope = "other".into();
    assert_eq!(
        other_scope.compile().unwrap().hash(),
        hash,
        "the scope is a public input, not part of the hash"
    );
    let mut fewer = policy.clone();
    fewer.sets.get_mut("covid-19-vaccines").unwrap().codes.as_mut().unwrap().pop();
    assert_ne!(fewer.compile().unwrap().hash(), hash);
}

fn edit(f: impl FnOnce(&mut Value)) -> Result<medzk_policy::Compiled, PolicyError> {
    let mut v: Value = serde_json::from_str(&presets::vaccinated_after("2021-06-01").to_json()).unwrap();
    f(&mut v);
    Policy::from_json(&v.to_string())?.compile()
}

fn clause(v: Value) -> impl FnOnce(&mut Value) {
    move |p: &mut Value| p["clauses"][1] = v
}

#[test]
fn every_defect_has_a_typed_error() {
    use PolicyError::*;
    let cases: Vec<(Result<medzk_policy::Compiled, PolicyError>, &str)> = vec![
        (edit(|p| p["colour"] = json!("red")), "Json"),
        (edit(|p| p["clauses"][0]["colour"] = json!("red")), "Json"),
        (edit(|p| p["version"] = json!(2)), "UnsupportedVersion"),
        (edit(|p| p["shape"] = json!("huge")), "UnknownShape"),
        (
            edit(|p| p["records"].as_array_mut().unwrap().push(json!({"name": "x", "schema": "patient"}))),
            "WrongRecordCount",
        ),
        (edit(|p| p["records"][0]["schema"] = json!("passport")), "Json"),
        (edit(clause(json!({"record": "nobody", "field": "status", "op": "exists"}))), "UnknownRecord"),
        (edit(clause(json!({"record": "vaccination", "field": "colour", "op": "exists"}))), "UnknownField"),
        (
            edit(clause(json!({"record": "vaccination", "field": "lot_hash", "op": "lt", "value": "A1"}))),
            "OpNotValidForField",
        ),
        (edit(clause(json!({"record": "vaccination", "field": "dose_number", "op": "lt"}))), "Operands"),
        (
            edit(clause(
                json!({"record": "vaccination", "field": "dose_number", "op": "exists", "value": "1"}),
            )),
            "Operands",
        ),
        (
            edit(clause(
                json!({"record": "vaccination", "field": "dose_number", "op": "gte", "value": "18446744073709551616"}),
            )),
            "Value",
        ),
        (
            edit(clause(
                json!({"record": "vaccination", "field": "occurrence_date", "op": "gte", "value": "1899-12-31"}),
            )),
            "Value",
        ),
        (
            edit(clause(
                json!({"record": "vaccination", "field": "occurrence_date", "op": "between", "min": "2022-01-01", "max": "2021-01-01"}),
            )),
            "EmptyRange",
        ),
        (
            edit(clause(
                json!({"any": [{"record": "vaccination", "field": "status", "op": "exists"}, {"record": "vaccination", "field": "status", "op": "exists"}, {"record": "vaccination", "field": "status", "op": "exists"}]}),
            )),
            "InvalidClause",
        ),
        (
            edit(clause(
                json!({"any": [{"record": "vaccination", "field": "status", "op": "reveal"}, {"record": "vaccination", "field": "status", "op": "exists"}]}),
            )),
            "InvalidClause",
        ),
        (
            edit(|p| {
                for _ in 0..2 {
                    p["clauses"]
                        .as_array_mut()
                        .unwrap()
                        .push(json!({"record": "vaccination", "field": "status", "op": "exists"}));
                }
            }),
            "TooManyClauses",
        ),
        (
            edit(clause(
                json!({"record": "vaccination", "field": "vaccine_code", "op": "not_in", "values": ["1"]}),
            )),
            "TooManySets",
        ),
        (edit(|p| p["clauses"][0]["set"] = json!("nope")), "UnknownSet"),
        (edit(|p| p["sets"]["spare"] = json!({"codes": ["1"]})), "UnusedSet"),
        (edit(|p| p["sets"]["covid-19-vaccines"]["codes"] = json!([])), "EmptySet"),
        (edit(|p| p["sets"]["covid-19-vaccines"]["codes"] = json!(["0"])), "InvalidSetMember"),
        (edit(|p| p["sets"]["covid-19-vaccines"]["codes"] = json!(["2x7"])), "InvalidSetMember"),
        (edit(|p| p["sets"]["covid-19-vaccines"] = json!({"file": "cvx.json"})), "UnresolvedSetFile"),
        (edit(|p| p["trusted_issuers_root"] = json!("-1")), "Circuit"),
    ];
    for (result, expected) in cases {
        let err = result.expect_err(expected);
        let kind = format!("{err:?}");
        assert!(kind.starts_with(expected), "expected {expected}, got {kind}");
        assert!(!err.to_string().is_empty());
    }
    assert!(matches!(Policy::from_json("{"), Err(Json { .. })));
}

#[test]
fn values_are_encoded_as_users_write_them() {
    use medzk_circuits::query::Op;
    let trial = presets::trial_eligibility("2026-06-01").compile().unwrap();
    let p = &trial.policy.clauses;
    // birth date between 1960-06-02 and 2008-06-01 (days since 1900-01-01)
    let days = |d: &str| u64::from(medzk_records::encoding::encode_date("d", d).unwrap());
    assert_eq!((p[0].predicates[0].lo, p[0].predicates[0].hi), (days("1960-06-02"), days("2008-06-01")));
    // HbA1c 6.5 % .. 10 %
    assert_eq!((p[2].predicates[0].lo, p[2].predicates[0].hi), (6500, 10_000));
    // E11.* is the interval of the prefix E11; not pregnant is a negated range.
    let (lo, hi) = medzk_records::encoding::code_prefix_interval("dx", "E11").unwrap();
    assert_eq!((p[4].predicates[0].op, p[4].predicates[0].lo, p[4].predicates[0].hi), (Op::InRange, lo, hi));
    assert_eq!(p[5].predicates[0].op, Op::NotInRange);
    assert_eq!(p[6].predicates[0].op, Op::NotInRange);
    // Licence validity compares with the public reference date.
    let licence = presets::licence_valid(&["MD"], "US-CA").compile().unwrap();
    assert!(licence.policy.clauses[2].predicates[0].hi_is_reference_date);
    assert!(licence.policy.clauses[3].predicates[0].lo_is_reference_date);
    // Quantities convert: 48 mmol/mol is 6.54304 %.
    let mut v: Value = serde_json::from_str(&presets::trial_eligibility("2026-06-01").to_json()).unwrap();
    v["clauses"][2]["min"] = json!("48 mmol/mol");
    let converted = Policy::from_json(&v.to_string()).unwrap().compile().unwrap();
    // (6.54304 %: a lower bound rounds up to the next encoding, never half-up.)
    assert_eq!(converted.policy.clauses[2].predicates[0].lo, 6544);
}
