#![no_main]
// cargo +nightly fuzz run public_inputs_binary
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(public) = medzk_verifier::binary::decode_public_inputs(data) {
        assert_eq!(medzk_verifier::binary::encode_public_inputs(&public), data);
    }
});
