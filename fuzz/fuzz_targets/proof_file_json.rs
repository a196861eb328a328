#![no_main]
// The medzk proof file (JSON with a hex binary proof).
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = medzk_verifier::proof_file::ProofFile::from_json(text);
    }
});
