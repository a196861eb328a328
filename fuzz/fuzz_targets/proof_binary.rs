#![no_main]
// bash scripts/fuzz.sh (all targets) or: cargo fuzz run <name>
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(proof) = medzk_verifier::binary::decode_proof(data) {
        assert_eq!(medzk_verifier::binary::encode_proof(&proof), data);
    }
});
