#![no_main]
// cargo +nightly fuzz run verifying_key_binary
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(vk) = medzk_verifier::binary::decode_verifying_key(data) {
        let _ = medzk_verifier::prepare(&vk);
    }
});
