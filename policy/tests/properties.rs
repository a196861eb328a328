//! Property tests (proptest): a policy's hash depends on what it says, not on
//! how its JSON is written (whitespace, member order), and a changed clause value changes it.

use medzk_policy::{presets, Policy};
use proptest::prelude::*;
use serde_json::Value;

fn presets() -> Vec<Policy> {
    presets::defaults().into_iter().map(|(_, p)| p).collect()
}

/// Rewrites JSON with object members in a shuffled order and random spacing.
fn respell(value: &Value, seed: &mut u64) -> String {
    let mut next = || {
        *seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (*seed >> 33) as usize
    };
    fn go(v: &Value, next: &mut dyn FnMut() -> usize) -> String {
        let space = |next: &mut dyn FnMut() -> usize| [" ", "", "\n  ", "\t"][next() % 4].to_string();
        match v {
            Value::Object(map) => {
                let mut members: Vec<_> = map.iter().collect();
                for i in (1..members.len()).rev() {
                    members.swap(i, next() % (i + 1));
                }
                let parts: Vec<String> = members
                    .into_iter()
                    .map(|(k, v)| {
                        format!("{}{}:{}{}", space(next), Value::String(k.clone()), space(next), go(v, next))
                    })
                    .collect();
                format!("{{{}{}}}", parts.join(","), space(next))
            }
            Value::Array(items) => {
                let parts: Vec<String> =
                    items.iter().map(|v| format!("{}{}", space(next), go(v, next))).collect();
                format!("[{}{}]", parts.join(","), space(next))
            }
            other => other.to_string(),
        }
    }
    go(value, &mut next)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn the_hash_ignores_how_the_json_is_written(which in 0usize..presets::defaults().len(), mut seed in any::<u64>()) {
        let policy = &presets()[which];
        let canonical = policy.compile().unwrap().hash();
        let value: Value = serde_json::from_str(&policy.to_json()).unwrap();
        let text = respell(&value, &mut seed);
        let again = Policy::from_json(&text).unwrap().compile().unwrap().hash();
        prop_assert_eq!(again, canonical);
    }

    #[test]
    fn changing_a_dated_clause_changes_the_hash(days in 1i64..3_000) {
        let base = presets::vaccinated_after("2021-06-01").compile().unwrap().hash();
        let date = (time::Date::from_calendar_date(2021, time::Month::June, 1).unwrap() + time::Duration::days(days)).to_string();
        let other = presets::vaccinated_after(&date).compile().unwrap().hash();
        prop_assert_ne!(other, base);
    }
}
