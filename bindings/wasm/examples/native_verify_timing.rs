//! Times `Verifier::verify` compiled natively, on the fixtures and with the
//! method of `tests/bench.mjs` (prepared key; minimum and median of N calls):
//! the native side of the WebAssembly speed ratio (run it alternately with
//! `node tests/bench.mjs N` so that both see the same machine; BENCHMARKS.md). `cargo run --release -p medzk-wasm --example native_verify_timing [N]`

use medzk_wasm::Verifier;
use std::time::Instant;

fn main() {
    let n: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(100);
    let fixture = |name: &str| {
        let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    };
    let (proof, vk, hash) =
        (fixture("proof.json"), fixture("verification_key.json"), fixture("policy-hash.txt"));
    // The verifier's expectations, as the node timing scripts pass them: the
    // registry root (`medzk issuers root`), the policy's scope, the challenge
    // and date make-fixtures.sh proved with.
    let compiled = medzk::policy::Policy::from_json(&fixture("policy.json"))
        .and_then(|p| p.compile())
        .unwrap_or_else(|e| panic!("the fixture policy: {e}"));
    let expectations = format!(
        r#"{{"issuerRoots": ["{}"], "scope": "{}", "challenge": "1234", "referenceDates": [46172, 46172]}}"#,
        fixture("issuer-root.txt").trim(),
        compiled.scope
    );
    let Ok(verifier) = Verifier::new(&vk) else { panic!("the fixture key does not parse") };
    let run = || {
        let start = Instant::now();
        let verified = verifier.verify(&proof, hash.trim(), Some(expectations.clone()));
        assert!(verified.is_ok(), "the fixture proof verifies: {:?}", verified.err());
        start.elapsed().as_secs_f64() * 1e3
    };
    for _ in 0..5 {
        run();
    }
    let mut times: Vec<f64> = (0..n).map(|_| run()).collect();
    times.sort_by(f64::total_cmp);
    println!(
        "native: Verifier.verify (prepared key) median {:.2} (min {:.2}) ms; {n} runs",
        times[n / 2],
        times[0]
    );
}
