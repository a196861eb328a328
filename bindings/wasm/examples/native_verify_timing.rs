//! Times `Verifier::verify` compiled natively, on the fixtures and with the
//! method of `tests/bench.mjs` (prepared key; minimum and median of N calls):
//! the native side of the WebAssembly speed ratio, measured by
//! `scripts/wasm-speed.sh` alternately with node so that both see the same
//! machine. `cargo run --release -p medzk-wasm --example native_verify_timing [N]`

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
    let Ok(verifier) = Verifier::new(&vk) else { panic!("the fixture key does not parse") };
    let run = || {
        let start = Instant::now();
        assert!(verifier.verify(&proof, hash.trim(), None).is_ok(), "the fixture proof verifies");
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
