#![no_main]
// cargo +nightly fuzz run proof_binary
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(proof) = medzk_verifier::binary::decode_proof(data) {
        assert_eq!(medzk_verifier::binary::encode_proof(&proof), data);
    }
});
