#![no_main]
// bash scripts/fuzz.sh (all targets) or: cargo fuzz run <name>
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = medzk_verifier::snarkjs::proof_from_json(text);
        let _ = medzk_verifier::snarkjs::public_inputs_from_json(text);
        let _ = medzk_verifier::snarkjs::verifying_key_from_json(text);
    }
});
