//! Adversarial review of the protocol layer (issuer / holder / verifier entry
//! points, `Expectations`, the one decimal codec, proof files): each test
//! tries one way to make a verifier accept something it should not, skip a
//! check, panic or answer wrongly.

#[path = "support/scenario.rs"]
mod scenario;

use ark_bn254::Fr;
use ark_ff::{BigInteger, PrimeField};
use medzk::circuits::field::{fr_from_decimal, fr_to_decimal};
use medzk::files::field_from_arg;
use medzk::verifier::proof_file::ProofFile;
use medzk::verifier::{snarkjs, VerifyError};
use medzk::{Challenge, Error, ProofRequest};
use scenario::*;
use std::sync::OnceLock;

/// One real `vaccinated-after` proof (small shape) for `challenge`, as the
/// protocol's holder entry point makes it.
fn prove_vaccination(challenge: Fr) -> medzk::Proved {
    let s = vaccination();
    let (prover, _) = keys("small");
    let request = ProofRequest {
        policy: &s.compiled,
        registry: &s.world.registry,
        challenge,
        reference_date: day("2026-06-01"),
    };
    medzk::prove(&request, &s.credentials, &s.holder, prover, &mut rng(21)).unwrap()
}

fn proved() -> &'static medzk::Proved {
    static PROVED: OnceLock<medzk::Proved> = OnceLock::new();
    PROVED.get_or_init(|| prove_vaccination(Fr::from(77u64)))
}

fn window() -> (u32, u32) {
    (day("2026-05-31"), day("2026-06-01"))
}

/// Review finding (fixed): `medzk::files::field_from_arg` (the CLI's
/// `--challenge` on both `prove` and `verify`) mapped every text longer than
/// 465 bytes to 0, so all long challenges (and the decimal "0") were one
/// challenge: a proof made for one session's long challenge was accepted as
/// fresh by another. Such text is now refused, and distinct texts are
/// distinct challenges end to end.
#[test]
fn long_cli_challenges_are_not_all_the_same_challenge() {
    let first_session = "session-1:".to_string() + &"a".repeat(466);
    assert!(field_from_arg(&first_session).is_err(), "text that cannot be hashed is refused");
    assert!(field_from_arg(&"a".repeat(465)).is_ok());
    let (first, second) = (field_from_arg("session-1").unwrap(), field_from_arg("session-2").unwrap());
    assert_ne!(first, second);
    assert_ne!(first, field_from_arg("0").unwrap());
    let s = vaccination();
    let (_, pvk) = keys("small");
    let replayed = prove_vaccination(first);
    let expected =
        medzk::expectations(&s.compiled, &[s.world.registry.root()], Challenge::Exactly(second), window())
            .unwrap();
    let result = medzk::verify(pvk, &expected, &replayed.file);
    assert!(matches!(result, Err(Error::Verify(VerifyError::WrongChallenge))), "{result:?}");
}

/// A policy's pinned root only ever narrows the verifier's roots: no roots is
/// still refused, an untrusted pin is refused, and a proof under another
/// trusted root is refused once the policy pins a different one.
#[test]
fn a_pinned_root_never_widens_the_accepted_roots() {
    let s = vaccination();
    let (_, pvk) = keys("small");
    let root = s.world.registry.root();
    let other = Fr::from(5u64);
    let pin = |r: Fr| {
        let mut document = s.compiled.document.clone();
        document.trusted_issuers_root = Some(fr_to_decimal(&r));
        document.compile().unwrap()
    };
    let (pinned_other, pinned_root) = (pin(other), pin(root));
    let c = Challenge::Exactly(Fr::from(77u64));
    assert!(matches!(
        medzk::expectations(&pinned_other, &[], c, window()),
        Err(Error::Verify(VerifyError::NoTrustedRoots))
    ));
    assert!(matches!(
        medzk::expectations(&pinned_other, &[root], c, window()),
        Err(Error::PinnedRootNotTrusted)
    ));
    // Trusting both: narrowed to the pin, so the proof under `root` is refused.
    let narrowed = medzk::expectations(&pinned_other, &[other, root], c, window()).unwrap();
    assert_eq!(narrowed.issuer_roots(), &[other]);
    assert!(matches!(
        medzk::verify(pvk, &narrowed, &proved().file),
        Err(Error::Verify(VerifyError::UntrustedIssuerRoot))
    ));
    // Pinned to the proof's root: accepted, roots narrowed to it.
    let exact = medzk::expectations(&pinned_root, &[other, root], c, window()).unwrap();
    assert_eq!(exact.issuer_roots(), &[root]);
    medzk::verify(pvk, &exact, &proved().file).unwrap();
    // Unpinned: the verifier's roots as given (its own list, never the proof's).
    let plain = medzk::expectations(&s.compiled, &[other], c, window()).unwrap();
    assert!(matches!(
        medzk::verify(pvk, &plain, &proved().file),
        Err(Error::Verify(VerifyError::UntrustedIssuerRoot))
    ));
}

/// `verify_proof_file` (via `medzk::verify`) decodes a proof file exactly as
/// `ProofFile::from_json` does: every edit that one refuses, the other
/// refuses, and a non-canonical encoding of an expected value never passes.
#[test]
fn verify_proof_file_refuses_what_from_json_refuses() {
    let s = vaccination();
    let (_, pvk) = keys("small");
    let good = &proved().file;
    let expected = medzk::expectations(
        &s.compiled,
        &[s.world.registry.root()],
        Challenge::Exactly(Fr::from(77u64)),
        window(),
    )
    .unwrap();
    medzk::verify(pvk, &expected, good).unwrap();
    let r = Fr::MODULUS.to_string();
    let plus_r = |x: &str| {
        // x + r as a decimal (the same field element, non-canonical text).
        let mut big = snarkjs_big(x);
        big.add_with_carry(&Fr::MODULUS);
        big.to_string()
    };
    type Edit = Box<dyn Fn(&mut ProofFile)>;
    let edits: Vec<(&str, Edit)> = vec![
        ("leading zero", Box::new(|f| f.public_inputs.nullifier = format!("0{}", f.public_inputs.nullifier))),
        (
            "policy hash + r",
            Box::new(move |f| f.public_inputs.policy_hash = plus_r(&f.public_inputs.policy_hash)),
        ),
        ("scope + r", Box::new(move |f| f.public_inputs.scope = plus_r(&f.public_inputs.scope))),
        ("challenge + r", Box::new(move |f| f.public_inputs.challenge = plus_r(&f.public_inputs.challenge))),
        ("revealed = r", Box::new(move |f| f.public_inputs.revealed_hash = r.clone())),
        ("empty", Box::new(|f| f.public_inputs.issuer_root = String::new())),
        ("sign", Box::new(|f| f.public_inputs.scope = format!("+{}", f.public_inputs.scope))),
        ("version", Box::new(|f| f.version = 2)),
        ("format", Box::new(|f| f.format = "medzk-proof2".into())),
        ("odd hex", Box::new(|f| f.proof.push('0'))),
        ("short proof", Box::new(|f| f.proof.truncate(f.proof.len() - 2))),
        ("date - 1", Box::new(|f| f.public_inputs.reference_date -= 1)),
    ];
    for (what, edit) in edits {
        let mut file = good.clone();
        edit(&mut file);
        let by_struct = medzk::verify(pvk, &expected, &file);
        let by_json = ProofFile::from_json(&file.to_json());
        assert!(by_struct.is_err(), "{what}: medzk::verify accepted the edited file");
        if what != "date - 1" {
            assert!(by_json.is_err(), "{what}: from_json accepted the edited file");
        }
    }
    // JSON-level tricks refused by the file reader: duplicate and unknown members.
    let text = good.to_json();
    let duplicate = text.replacen("\"policy\":", "\"shape\": \"small\", \"policy\":", 1);
    assert!(ProofFile::from_json(&duplicate).is_err(), "duplicate member accepted");
    let unknown = text.replacen("\"policy\":", "\"extra\": 1, \"policy\":", 1);
    assert!(ProofFile::from_json(&unknown).is_err(), "unknown member accepted");
    // Upper-case hex is the same proof (the file text is not the statement).
    let mut upper = good.clone();
    upper.proof = upper.proof.to_uppercase();
    assert_eq!(medzk::verify(pvk, &expected, &upper).unwrap(), medzk::verify(pvk, &expected, good).unwrap());
}

fn snarkjs_big(decimal: &str) -> <Fr as PrimeField>::BigInt {
    snarkjs::scalar_from_decimal("x", 0, decimal).unwrap().into_bigint()
}

/// The one decimal codec: every crate's parser agrees, accepts "0" and r − 1,
/// refuses leading zeros, signs, blanks, non-ASCII digits, r and above, and
/// prints what arkworks' own big-integer printing prints.
#[test]
fn the_one_decimal_codec_is_canonical_in_every_crate() {
    let r = Fr::MODULUS.to_string();
    let mut r_minus_1 = Fr::MODULUS;
    r_minus_1.sub_with_borrow(&ark_ff::BigInt::from(1u64));
    let r_minus_1 = r_minus_1.to_string();
    let two_256_minus_1 = "115792089237316195423570985008687907853269984665640564039457584007913129639935";
    let two_256 = "115792089237316195423570985008687907853269984665640564039457584007913129639936";
    let accepted = ["0", "1", "10", "1000000000", r_minus_1.as_str()];
    let refused = [
        "",
        "00",
        "01",
        "-0",
        "+1",
        " 1",
        "1 ",
        "1_0",
        "0x1",
        "١",
        "１",
        r.as_str(),
        two_256_minus_1,
        two_256,
        &"9".repeat(78),
        &"0".repeat(78),
    ];
    for text in accepted {
        let a = fr_from_decimal(text).unwrap_or_else(|e| panic!("{text:?}: {e}"));
        let b = snarkjs::scalar_from_decimal("x", 0, text).unwrap();
        assert_eq!(a, b, "{text}");
        assert_eq!(fr_to_decimal(&a), text);
        assert_eq!(snarkjs::decimal(&a), text);
        assert_eq!(a.into_bigint().to_string(), text);
    }
    for text in refused {
        assert!(fr_from_decimal(text).is_err(), "circuits accepted {text:?}");
        assert!(snarkjs::scalar_from_decimal("x", 0, text).is_err(), "verifier accepted {text:?}");
        // A CLI challenge that is not canonical is hashed as text, never read as a number.
        assert_ne!(field_from_arg(text).ok(), Some(Fr::from(1u64)), "{text:?}");
    }
    let mut rng = rng(5);
    for _ in 0..200 {
        let x: Fr = ark_ff::UniformRand::rand(&mut rng);
        let text = fr_to_decimal(&x);
        assert_eq!(text, x.into_bigint().to_string());
        assert_eq!(fr_from_decimal(&text).unwrap(), x);
    }
}

/// `Prepared::prove` proves only with a prover of the statement's own shape,
/// labels the file with the statement's policy, and returns the public inputs
/// it was prepared with.
#[test]
fn a_prepared_statement_is_proved_only_as_itself() {
    let (small, pvk) = keys("small");
    // A medium-shape statement with the small prover: refused, not proved.
    let t = trial();
    let request = ProofRequest {
        policy: &t.compiled,
        registry: &t.world.registry,
        challenge: Fr::from(3u64),
        reference_date: day("2026-06-01"),
    };
    let prepared = medzk::protocol::holder::prepare(&request, &t.credentials, &t.holder).unwrap();
    assert!(matches!(
        prepared.prove(small, &mut rng(3)),
        Err(Error::Prover(medzk::prover::ProverError::ShapeMismatch {
            statement: "medium",
            prover: "small"
        }))
    ));
    // The small statement: its own label and public inputs.
    let s = vaccination();
    let request = ProofRequest {
        policy: &s.compiled,
        registry: &s.world.registry,
        challenge: Fr::from(77u64),
        reference_date: day("2026-06-01"),
    };
    let prepared = medzk::protocol::holder::prepare(&request, &s.credentials, &s.holder).unwrap();
    let proved = prepared.prove(small, &mut rng(4)).unwrap();
    assert_eq!(proved.public, *prepared.public_inputs());
    assert_eq!(proved.file.policy, s.compiled.document.name);
    assert_eq!(proved.file.shape, "small");
    assert_eq!(proved.public.policy_hash, s.compiled.hash());
    assert_eq!(proved.public.scope, s.compiled.scope);
    assert_eq!(proved.public.issuer_root, s.world.registry.root());
    assert_eq!(proved.public.nullifier, s.holder.nullifier(s.compiled.scope));
    assert_eq!(ProofFile::from_json(&proved.file.to_json()).unwrap().2, proved.public);
    medzk::verifier::verify_pairing_only(pvk, &proved.public, &proved.proof).unwrap();
    // The trial policy's expectations refuse the vaccination proof.
    let other =
        medzk::expectations(&t.compiled, &[s.world.registry.root()], Challenge::AnyWaived, window()).unwrap();
    assert!(matches!(
        medzk::verify(pvk, &other, &proved.file),
        Err(Error::Verify(VerifyError::UnexpectedPolicy))
    ));
}

/// The named waiver waives the challenge only, on a real proof: another
/// scope, window, policy or root is still refused.
#[test]
fn the_challenge_waiver_waives_nothing_else() {
    let s = vaccination();
    let (_, pvk) = keys("small");
    let root = s.world.registry.root();
    let file = &proved().file;
    let waived = medzk::expectations(&s.compiled, &[root], Challenge::AnyWaived, window()).unwrap();
    medzk::verify(pvk, &waived, file).unwrap();
    let mut rescoped = s.compiled.document.clone();
    rescoped.scope = "another-verifier".into();
    let rescoped = rescoped.compile().unwrap();
    assert_eq!(rescoped.hash(), s.compiled.hash(), "the scope is its own public input");
    let cases = [
        (
            medzk::expectations(&rescoped, &[root], Challenge::AnyWaived, window()).unwrap(),
            VerifyError::WrongScope,
        ),
        (
            medzk::expectations(&s.compiled, &[Fr::from(1u64)], Challenge::AnyWaived, window()).unwrap(),
            VerifyError::UntrustedIssuerRoot,
        ),
    ];
    for (expected, error) in cases {
        assert!(matches!(medzk::verify(pvk, &expected, file), Err(Error::Verify(e)) if e == error));
    }
    let early = (day("2026-05-01"), day("2026-05-31"));
    let stale = medzk::expectations(&s.compiled, &[root], Challenge::AnyWaived, early).unwrap();
    assert!(matches!(
        medzk::verify(pvk, &stale, file),
        Err(Error::Verify(VerifyError::DateOutsideWindow { .. }))
    ));
}
