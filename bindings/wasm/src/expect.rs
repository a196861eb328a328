//! The verifier's expectations, required: a proof is checked against the
//! policy hash, trusted-issuer roots, scope, challenge and reference-date
//! window the verifier names, never against its own values. Omitting any of
//! them is an error; the only waiver is the challenge's, and it is spelled
//! out (`"anyChallenge": true`).

use crate::json::{self, ExpectationsJson};
use crate::{scalar, WasmError};
use medzk_verifier::{Challenge, Expectations, Fr, VerifyError};

/// The verifier crate's expectations, built from JSON: every member given by
/// the verifier; with the challenge waived (`"anyChallenge": true`),
/// [`Challenge::AnyWaived`].
pub(crate) type Expected = Expectations;

/// Every member present and usable.
fn resolve(policy_hash: Fr, e: ExpectationsJson) -> Result<Expected, WasmError> {
    let roots = e.issuer_roots.ok_or(WasmError::MissingExpectation("issuerRoots"))?;
    let issuer_roots = roots.iter().map(|r| scalar("issuer root", r)).collect::<Result<Vec<_>, _>>()?;
    let scope = scalar("scope", &e.scope.ok_or(WasmError::MissingExpectation("scope"))?)?;
    let challenge = match (e.challenge, e.any_challenge == Some(true)) {
        (Some(_), true) => {
            return Err(WasmError::InvalidExpectations(
                "`challenge` and `\"anyChallenge\": true` contradict each other: give one",
            ))
        }
        (Some(c), false) => Challenge::Exactly(scalar("challenge", &c)?),
        (None, true) => Challenge::AnyWaived,
        (None, false) => return Err(WasmError::MissingExpectation("challenge")),
    };
    let reference_dates = e.reference_dates.ok_or(WasmError::MissingExpectation("referenceDates"))?;
    Expectations::new(policy_hash, issuer_roots, scope, challenge, reference_dates).map_err(|e| match e {
        VerifyError::NoTrustedRoots => {
            WasmError::InvalidExpectations("`issuerRoots` is empty: no proof would be accepted")
        }
        _ => WasmError::InvalidExpectations(
            "`referenceDates` is empty (its first date is after its last): no proof would be accepted",
        ),
    })
}

/// The expectations of a verification (one proof, or every proof of a
/// batch): the policy hash (decimal) and the expectations JSON object,
/// refused if absent or blank.
pub(crate) fn expected(policy_hash: &str, expectations: Option<&str>) -> Result<Expected, WasmError> {
    let text = expectations.filter(|t| !t.trim().is_empty()).ok_or(WasmError::NoExpectations)?;
    let policy_hash = scalar("policy hash", policy_hash)?;
    resolve(policy_hash, json::expectations(text)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use medzk_verifier::PublicInputs;

    const FULL: &str =
        r#"{"issuerRoots": ["1", "2"], "scope": "3", "challenge": "4", "referenceDates": [10, 20]}"#;

    fn public() -> PublicInputs {
        PublicInputs {
            issuer_root: Fr::from(2u64),
            policy_hash: Fr::from(9u64),
            reference_date: 15,
            scope: Fr::from(3u64),
            nullifier: Fr::from(7u64),
            challenge: Fr::from(4u64),
            revealed_hash: Fr::from(0u64),
        }
    }

    #[test]
    fn the_json_maps_onto_the_verifier_crates_expectations() {
        // The checks themselves are the verifier crate's (verifier/src/expect.rs).
        let want = Expectations::new(
            Fr::from(9u64),
            vec![Fr::from(1u64), Fr::from(2u64)],
            Fr::from(3u64),
            Challenge::Exactly(Fr::from(4u64)),
            (10, 20),
        )
        .unwrap();
        assert_eq!(expected("9", Some(FULL)).unwrap(), want);
        assert_eq!(expected("9", Some(FULL)).unwrap().check(&public()), Ok(()));
        let p = public();
        let cases = [
            (PublicInputs { policy_hash: Fr::from(8u64), ..p }, VerifyError::UnexpectedPolicy),
            (PublicInputs { challenge: Fr::from(5u64), ..p }, VerifyError::WrongChallenge),
        ];
        for (inputs, error) in cases {
            assert_eq!(want.check(&inputs), Err(error));
        }
    }

    #[test]
    fn every_expectation_is_required() {
        assert_eq!(expected("9", None), Err(WasmError::NoExpectations));
        assert_eq!(expected("9", Some("  ")), Err(WasmError::NoExpectations));
        assert_eq!(expected("9", Some("{}")), Err(WasmError::MissingExpectation("issuerRoots")));
        let full: serde_json::Value = serde_json::from_str(FULL).unwrap();
        for member in ["issuerRoots", "scope", "challenge", "referenceDates"] {
            for absent in [None, Some(serde_json::Value::Null)] {
                let mut e = full.clone();
                match &absent {
                    None => e.as_object_mut().unwrap().remove(member),
                    Some(null) => e.as_object_mut().unwrap().insert(member.into(), null.clone()),
                };
                let refused = expected("9", Some(&e.to_string())).unwrap_err();
                assert_eq!(refused, WasmError::MissingExpectation(member), "{member} {absent:?}");
                assert!(refused.to_string().contains(&format!("`{member}` is required")), "{refused}");
            }
        }
    }

    #[test]
    fn the_challenge_is_waived_only_by_name() {
        let waived =
            r#"{"issuerRoots": ["2"], "scope": "3", "anyChallenge": true, "referenceDates": [10, 20]}"#;
        let e = expected("9", Some(waived)).unwrap();
        assert_eq!(e.challenge(), Challenge::AnyWaived);
        assert_eq!(e.check(&PublicInputs { challenge: Fr::from(12345u64), ..public() }), Ok(()));
        // Everything else is still checked under the waiver.
        assert_eq!(
            e.check(&PublicInputs { scope: Fr::from(5u64), ..public() }),
            Err(VerifyError::WrongScope)
        );
        let not_waived = waived.replace("true", "false");
        assert_eq!(expected("9", Some(&not_waived)), Err(WasmError::MissingExpectation("challenge")));
        let both = FULL.replace("\"scope\"", "\"anyChallenge\": true, \"scope\"");
        assert!(matches!(expected("9", Some(&both)), Err(WasmError::InvalidExpectations(_))));
        let mistyped = waived.replace("true", "\"yes\"");
        assert!(expected("9", Some(&mistyped)).unwrap_err().to_string().contains("boolean"));
    }

    #[test]
    fn expectations_that_accept_nothing_or_are_malformed_are_refused() {
        let empty_roots = FULL.replace(r#"["1", "2"]"#, "[]");
        assert!(matches!(expected("9", Some(&empty_roots)), Err(WasmError::InvalidExpectations(_))));
        let backwards = FULL.replace("[10, 20]", "[20, 10]");
        assert!(expected("9", Some(&backwards)).unwrap_err().to_string().contains("is empty"));
        let unknown = FULL.replace("\"scope\"", "\"extra\": 1, \"scope\"");
        assert!(expected("9", Some(&unknown)).unwrap_err().to_string().contains("unknown field"));
        assert!(expected("9", Some(&FULL.replace("\"3\"", "\"x\"")))
            .unwrap_err()
            .to_string()
            .contains("scope"));
        assert!(expected("9", Some("[]")).is_err(), "an array is not one set");
        assert!(expected("x", Some(FULL)).unwrap_err().to_string().contains("policy hash"));
    }
}
